//! The text of an old site's pages, bio and news made pubsite Markdown. Template tags that have
//! a Markdown form are converted: the site's base address (`{{ site.baseurl }}`, `relative_url`),
//! `{% link %}`, figures (`{% include figure.liquid %}`, `{{< figure >}}`) and publication lists
//! (`{% bibliography %}` becomes `{{ papers() }}`). Every other tag is kept as visible code and
//! reported with its line. Raw HTML, which pubsite shows as text, becomes Markdown; the HTML that
//! has no Markdown form (iframes, scripts, forms) is reported. Links to `/x` become `x`, which
//! pubsite takes from the site's root, so they work under a sub-path too.

use std::path::Path;

use crate::commands::migrate::left::Left;
use crate::commands::migrate::text::{is_sample, page_name};

/// Where a text comes from, for the report.
pub(super) struct Origin<'a> {
    pub file: &'a Path,
    /// The 1-based line of the text's first line in the file.
    pub line: usize,
    /// Hugo content: only shortcodes are template code (`{{ x }}` is text, as in LaTeX).
    pub hugo: bool,
}

impl Origin<'_> {
    fn line_at(&self, text: &str, offset: usize) -> usize {
        self.line + text[..offset.min(text.len())].matches('\n').count()
    }

    fn left(&self, text: &str, offset: usize, what: impl Into<String>, why: impl Into<String>) -> Left {
        Left::at(self.file, Some(self.line_at(text, offset)), what, why)
    }
}

/// The Markdown of `text`; what could not be carried over is added to `left`.
pub(super) fn markdown(text: &str, origin: &Origin, left: &mut Vec<Left>) -> String {
    let text = comments(text, origin, left);
    let text = attribute_lists(&text, origin, left);
    let text = tags(&text, origin, left);
    let text = emoji(&text);
    let text = if has_html(&text) { html_to_markdown(&text, origin, left) } else { text };
    let text = root_links(&text);
    tidy(&text)
}

/// HTML comments (hidden in the old site) taken out, each reported.
fn comments(text: &str, origin: &Origin, left: &mut Vec<Left>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(at) = rest.find("<!--") {
        let Some(end) = rest[at..].find("-->") else { break };
        out.push_str(&rest[..at]);
        // The comment's lines stay, empty, so later lines keep their numbers.
        out.push_str(&"\n".repeat(rest[at..at + end].matches('\n').count()));
        let hidden = rest[at + 4..at + end].trim();
        if !hidden.is_empty() && !is_sample(hidden) {
            left.push(origin.left(
                text,
                consumed + at,
                format!("an HTML comment (`{}`)", shorten(hidden, 40)),
                "hidden in the old site; left out",
            ));
        }
        consumed += at + end + 3;
        rest = &rest[at + end + 3..];
    }
    out.push_str(rest);
    out
}

fn shorten(text: &str, n: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= n {
        line
    } else {
        format!("{}…", line.chars().take(n).collect::<String>())
    }
}

/// Kramdown's attribute lists (`{:style="color: red"}`, `{: .class}`) taken out: pubsite's
/// theme styles the text; reported once per file.
fn attribute_lists(text: &str, origin: &Origin, left: &mut Vec<Left>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut first = None;
    let mut count = 0;
    let mut consumed = 0;
    while let Some(at) = rest.find("{:") {
        let Some(end) = rest[at..].find('}') else { break };
        out.push_str(&rest[..at]);
        first.get_or_insert(consumed + at);
        count += 1;
        consumed += at + end + 1;
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    if let Some(at) = first {
        left.push(origin.left(
            text,
            at,
            format!("{count} kramdown attribute lists ({{: ...}})"),
            "styles and classes of the old theme; left out",
        ));
    }
    out
}

/// GitHub's emoji shortcodes (`:tada:`), which Jekyll's jemoji showed as pictures, as the
/// emoji themselves.
fn emoji(text: &str) -> String {
    if !text.contains(':') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '+' || c == '-'))
            .unwrap_or(after.len());
        let found = (name_len > 0 && after[name_len..].starts_with(':'))
            .then(|| emojis::get_by_shortcode(&after[..name_len]))
            .flatten();
        match found {
            Some(e) => {
                out.push_str(e.as_str());
                rest = &after[name_len + 1..];
            }
            None => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` holds at least one HTML tag (outside code).
pub(super) fn has_html(text: &str) -> bool {
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'`' {
            in_code = !in_code;
        }
        if !in_code && b == b'<' {
            let next = bytes.get(i + 1).copied().unwrap_or(b' ');
            let next =
                if next == b'/' || next == b'!' { bytes.get(i + 2).copied().unwrap_or(b' ') } else { next };
            if next.is_ascii_alphabetic()
                && text[i..].find('>').is_some_and(|end| !text[i..i + end].contains('\n') || end < 400)
            {
                return true;
            }
        }
    }
    false
}

/// One template tag: Liquid `{% %}` / `{{ }}`, or a Hugo shortcode `{{< >}}` / `{{% %}}`.
struct Tag<'t> {
    start: usize,
    end: usize,
    /// The words inside, trimmed (`include figure.liquid path="x"`).
    inner: &'t str,
    hugo: bool,
}

/// The next tag at or after `from`; with `hugo_only`, Liquid's braces are text.
fn next_tag(text: &str, mut from: usize, hugo_only: bool) -> Option<Tag<'_>> {
    loop {
        let at = from + text[from..].find('{')?;
        let after = &text[at..];
        let found = if after.starts_with("{{<") {
            Some((">}}", true))
        } else if after.starts_with("{{%") {
            Some(("%}}", true))
        } else if hugo_only {
            None
        } else if after.starts_with("{%") {
            Some(("%}", false))
        } else if after.starts_with("{{") {
            Some(("}}", false))
        } else {
            None
        };
        let Some((close, hugo)) = found else {
            from = at + 1;
            continue;
        };
        let open_len = if hugo { 3 } else { 2 };
        let Some(close_at) = after[open_len..].find(close) else {
            from = at + open_len;
            continue;
        };
        let inner =
            after[open_len..open_len + close_at].trim_matches(|c: char| c.is_whitespace() || c == '-');
        return Some(Tag { start: at, end: at + open_len + close_at + close.len(), inner, hugo });
    }
}

/// Liquid's block tags and their ends.
const BLOCKS: [(&str, &str); 6] = [
    ("for", "endfor"),
    ("if", "endif"),
    ("unless", "endunless"),
    ("case", "endcase"),
    ("capture", "endcapture"),
    ("tablerow", "endtablerow"),
];

/// Converts or marks every template tag. Liquid blocks (loops, conditions) are left out whole
/// and reported; a loop over the site's publications becomes `{{ papers() }}`.
fn tags(text: &str, origin: &Origin, left: &mut Vec<Left>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    // The block being left out: its end word, where it started, how deep, what it loops over.
    let mut skipping: Option<(&str, &str, usize, usize, bool)> = None;
    while let Some(tag) = next_tag(text, from, origin.hugo) {
        let word = tag.inner.split_whitespace().next().unwrap_or("");
        if let Some((open, end, start, depth, papers)) = skipping {
            let papers = papers || tag.inner.contains("site.publications");
            if word == open {
                skipping = Some((open, end, start, depth + 1, papers));
            } else if word == end && depth > 0 {
                skipping = Some((open, end, start, depth - 1, papers));
            } else if word == end {
                skipping = None;
                let (what, why) = if open == "comment" {
                    ("a Liquid comment".to_owned(), "comments are not shown; left out")
                } else {
                    (
                        format!(
                            "`{}` ... `{{% {end} %}}`",
                            one_line(&text[start..text[start..].find("%}").map_or(start, |e| start + e + 2)])
                        ),
                        if papers {
                            "template code listing the publications; replaced by {{ papers() }}"
                        } else {
                            "template code (a loop or condition over the old site's data); left out, write what to keep as Markdown"
                        },
                    )
                };
                left.push(origin.left(text, start, what, why));
                if papers {
                    out.push_str("\n\n{{ papers() }}\n\n");
                }
            } else {
                skipping = Some((open, end, start, depth, papers));
            }
            from = tag.end;
            continue;
        }
        out.push_str(&text[from..tag.start]);
        from = tag.end;
        if !tag.hugo {
            let block = if word == "comment" {
                Some(("comment", "endcomment"))
            } else {
                BLOCKS.iter().copied().find(|(o, _)| *o == word)
            };
            if let Some((open, end)) = block {
                skipping = Some((open, end, tag.start, 0, tag.inner.contains("site.publications")));
                continue;
            }
            let setup = word == "assign"
                || (word == "include" && tag.inner.split_whitespace().nth(1) == Some("base_path"));
            if setup {
                left.push(origin.left(
                    text,
                    tag.start,
                    format!("`{}`", one_line(&text[tag.start..tag.end])),
                    "template code; left out",
                ));
                continue;
            }
        }
        match convert(&tag) {
            Some(Converted::Text(t)) => out.push_str(&t),
            Some(Converted::Block(t)) => {
                if !out.ends_with('\n') && !out.is_empty() {
                    out.push('\n');
                }
                out.push('\n');
                out.push_str(&t);
                out.push('\n');
            }
            Some(Converted::Lossy(t, why)) => {
                left.push(origin.left(
                    text,
                    tag.start,
                    format!("`{}`", one_line(&text[tag.start..tag.end])),
                    why,
                ));
                out.push_str(&t);
            }
            None => {
                let kind = if tag.hugo { "a Hugo shortcode" } else { "Liquid template code" };
                left.push(origin.left(
                    text,
                    tag.start,
                    format!("`{}`", one_line(&text[tag.start..tag.end])),
                    format!("{kind} with no pubsite form; kept as visible code, edit or remove it"),
                ));
                out.push('`');
                out.push_str(&one_line(&text[tag.start..tag.end]).replace('`', "'"));
                out.push('`');
            }
        }
    }
    match skipping {
        None => out.push_str(&text[from..]),
        Some((_, end, start, _, _)) => {
            left.push(origin.left(
                text,
                start,
                "template code",
                format!("a block with no `{{% {end} %}}`; the rest of the text is left out"),
            ));
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Converted {
    /// Put in place of the tag.
    Text(String),
    /// Put on lines of its own.
    Block(String),
    /// Put in place of the tag, and reported: something was lost.
    Lossy(String, String),
}

fn convert(tag: &Tag) -> Option<Converted> {
    let inner = tag.inner;
    let word = inner.split_whitespace().next().unwrap_or("");
    if tag.hugo {
        let closing = word.starts_with('/');
        return match word.trim_start_matches('/') {
            "figure" => {
                let src = attribute(inner, "src")?;
                let alt = attribute(inner, "alt").or_else(|| attribute(inner, "caption")).unwrap_or_default();
                Some(Converted::Text(format!("![{}]({src})", alt.replace(['[', ']'], ""))))
            }
            "callout" | "alert" | "spoiler" if closing => Some(Converted::Text(String::new())),
            "callout" | "alert" | "spoiler" => {
                Some(Converted::Lossy(String::new(), "a Hugo box; its text is kept as plain text".into()))
            }
            "toc" => Some(Converted::Lossy(String::new(), "a table of contents; left out".into())),
            "staticref" => {
                let path = attribute_first(inner)?;
                Some(Converted::Lossy(
                    format!("[{path}](/{})", path.trim_start_matches('/')),
                    "a Hugo link to a static file; made a plain link".into(),
                ))
            }
            _ => None,
        };
    }
    // Liquid.
    let base_only =
        ["site.baseurl", "site.url", "site.url | append: site.baseurl", "site.url | append:site.baseurl"];
    if base_only.contains(&inner) || inner.replace(' ', "") == "site.url}}{{site.baseurl" {
        return Some(Converted::Text(String::new()));
    }
    if inner.starts_with(['\'', '"']) {
        // {{ '/assets/x.pdf' | relative_url }}
        let quote = inner.chars().next()?;
        let path = inner[1..].split(quote).next()?;
        let filters = inner[1 + path.len()..].trim_start_matches(quote).trim();
        let known = ["| relative_url", "| absolute_url", "| prepend: site.baseurl", "| prepend:site.baseurl"];
        if known.contains(&filters) {
            return Some(Converted::Text(path.to_owned()));
        }
        return None;
    }
    match word {
        "raw" | "endraw" => Some(Converted::Text(String::new())),
        "link" => {
            let target = inner.split_whitespace().nth(1)?;
            let stem = Path::new(target).file_stem()?.to_str()?;
            if target.starts_with("_pages/") {
                Some(Converted::Text(format!("/{}/", page_name(stem))))
            } else if target.starts_with("assets/") || target.starts_with("files/") {
                Some(Converted::Text(format!("/{target}")))
            } else {
                None
            }
        }
        "include" => {
            let file = inner.split_whitespace().nth(1).unwrap_or("");
            let path = attribute(inner, "path")?;
            let path = path.trim_start_matches("{{ site.baseurl }}").trim_start_matches("{{site.baseurl}}");
            if file.starts_with("figure") {
                let alt = attribute(inner, "alt")
                    .or_else(|| attribute(inner, "title"))
                    .or_else(|| attribute(inner, "caption"))
                    .unwrap_or_default();
                Some(Converted::Text(format!(
                    "![{}](/{})",
                    alt.replace(['[', ']'], ""),
                    path.trim_start_matches('/')
                )))
            } else if file.starts_with("video") {
                Some(Converted::Lossy(
                    format!("[Video](/{})", path.trim_start_matches('/')),
                    "an embedded video; made a link to it".into(),
                ))
            } else {
                None
            }
        }
        "bibliography" => {
            let mut args = Vec::new();
            let query =
                inner.split("--query").nth(1).or_else(|| inner.split(" -q ").nth(1)).unwrap_or("").trim();
            let query = query.split(" -").next().unwrap_or("").trim();
            let mut lossy = false;
            if !query.is_empty() {
                if query.contains("selected=true") || query.contains("selected = true") {
                    args.push("featured=true".to_owned());
                } else if let Some(year) = query
                    .split("year=")
                    .nth(1)
                    .and_then(|y| y.get(..4))
                    .filter(|y| y.chars().all(|c| c.is_ascii_digit()))
                {
                    args.push(format!("year={year}"));
                } else {
                    lossy = true;
                }
            }
            let block = format!("{{{{ papers({}) }}}}", args.join(", "));
            if lossy {
                Some(Converted::Lossy(
                    format!("\n{block}\n"),
                    format!("the query `{query}` has no pubsite form; the list shows every paper"),
                ))
            } else {
                Some(Converted::Block(block))
            }
        }
        _ => None,
    }
}

/// The first argument of a shortcode, unquoted (`staticref "uploads/cv.pdf"`).
fn attribute_first(inner: &str) -> Option<String> {
    let rest = inner.split_once(char::is_whitespace)?.1.trim_start();
    let quote = rest.chars().next()?;
    let value = if quote == '"' { rest[1..].split('"').next()? } else { rest.split_whitespace().next()? };
    Some(value.to_owned())
}

/// The value of `name="value"` (or `name='value'`, or `name=value`) in a tag.
fn attribute(inner: &str, name: &str) -> Option<String> {
    let mut rest = inner;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                let found = if quote == '"' || quote == '\'' {
                    value[1..].split(quote).next()?
                } else {
                    value.split_whitespace().next()?
                };
                return Some(found.to_owned());
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// Tags of HTML that Markdown cannot hold, and what is lost.
const LOSSY_TAGS: [(&str, &str); 12] = [
    ("iframe", "an embedded frame (video, map, form)"),
    ("script", "a script"),
    ("style", "a style sheet"),
    ("video", "an embedded video"),
    ("audio", "an embedded sound"),
    ("form", "a form"),
    ("input", "a form field"),
    ("button", "a button"),
    ("canvas", "a drawing surface"),
    ("object", "an embedded object"),
    ("embed", "an embedded object"),
    ("svg", "an inline drawing"),
];

/// Markdown with HTML in it, as Markdown only: rendered to HTML (math kept aside), then turned
/// back by `htmd`. Layout (classes, styles, columns) is lost, the text and links stay.
fn html_to_markdown(text: &str, origin: &Origin, left: &mut Vec<Left>) -> String {
    let lower = text.to_ascii_lowercase();
    for (tag, what) in LOSSY_TAGS {
        let open = format!("<{tag}");
        let mut from = 0;
        while let Some(at) = lower[from..].find(&open) {
            let at = from + at;
            let next = lower.as_bytes().get(at + open.len()).copied().unwrap_or(b'>');
            if matches!(next, b'>' | b' ' | b'/' | b'\n' | b'\t') {
                left.push(origin.left(
                    text,
                    at,
                    format!("<{tag}>: {what}"),
                    "HTML with no Markdown form; left out",
                ));
            }
            from = at + open.len();
        }
    }
    let (protected, math) = protect_math(text);
    let options = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&protected, options));
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(LOSSY_TAGS.iter().map(|(t, _)| *t).collect())
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            br_style: htmd::options::BrStyle::Backslash,
            ..Default::default()
        })
        .build();
    let markdown = converter.convert(&html).unwrap_or_else(|_| protected.clone());
    restore_math(&markdown, &math)
}

const MATH_MARK: &str = "PUBSITEMATHSPAN";

/// `$...$` and `$$...$$` spans swapped for marks that HTML and Markdown leave alone.
fn protect_math(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        if rest[..at].ends_with('\\') {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            continue;
        }
        let fence = if rest[at..].starts_with("$$") { "$$" } else { "$" };
        let body_start = at + fence.len();
        let close = rest[body_start..]
            .find(fence)
            .filter(|&end| fence == "$$" || !rest[body_start..body_start + end].contains('\n'));
        match close {
            Some(end) if end > 0 => {
                out.push_str(&rest[..at]);
                out.push_str(&format!("{MATH_MARK}{}X", spans.len()));
                spans.push(rest[at..body_start + end + fence.len()].to_owned());
                rest = &rest[body_start + end + fence.len()..];
            }
            _ => {
                out.push_str(&rest[..body_start]);
                rest = &rest[body_start..];
            }
        }
    }
    out.push_str(rest);
    (out, spans)
}

fn restore_math(text: &str, spans: &[String]) -> String {
    let mut out = text.to_owned();
    for (i, span) in spans.iter().enumerate().rev() {
        out = out.replace(&format!("{MATH_MARK}{i}X"), span);
    }
    out
}

/// Links and images to `/x` (the old site's root) made `x`, which pubsite takes from the root.
fn root_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](/") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        if !rest.starts_with("//") {
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// No runs of blank lines, no trailing spaces at the ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end_matches([' ', '\t']).trim_end_matches('\u{a0}'));
        if line.ends_with("  ") && !line.trim().is_empty() {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_text(text: &str) -> (String, Vec<Left>) {
        let mut left = Vec::new();
        let out =
            markdown(text, &Origin { file: Path::new("_pages/about.md"), line: 10, hugo: false }, &mut left);
        (out, left)
    }

    #[test]
    fn liquid_with_a_markdown_form_is_converted() {
        let (out, left) = convert_text(
            "See [my CV]({{ site.baseurl }}/assets/pdf/cv.pdf) and [teaching]({% link _pages/teaching.md %}).\n\n{% include figure.liquid path=\"assets/img/lab.jpg\" title=\"The lab\" class=\"img-fluid\" %}\n\n## Selected\n{% bibliography --query @*[selected=true]* %}\n",
        );
        assert!(out.contains("[my CV](assets/pdf/cv.pdf)"), "{out}");
        assert!(out.contains("[teaching](teaching/)"), "{out}");
        assert!(out.contains("![The lab](assets/img/lab.jpg)"), "{out}");
        assert!(out.contains("\n{{ papers(featured=true) }}\n"), "{out}");
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn other_tags_stay_visible_and_are_reported_with_their_line() {
        let (out, left) = convert_text("Intro.\n\nAs in {% cite einstein1905 %}, we\n{{ page.title }}\n");
        assert!(out.contains("`{% cite einstein1905 %}`"), "{out}");
        assert!(out.contains("`{{ page.title }}`"), "{out}");
        assert_eq!(left.len(), 2, "{left:?}");
        assert_eq!(left[0].line, Some(12));
        assert_eq!(left[1].line, Some(13));
    }

    #[test]
    fn html_becomes_markdown_and_math_survives() {
        let (out, left) = convert_text(
            "I study $x_1 + y_2$ at <a href=\"https://mit.edu\">MIT</a>.\n\n<div class=\"row\"><p>Second <b>bold</b></p></div>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n",
        );
        assert!(out.contains("$x_1 + y_2$"), "{out}");
        assert!(out.contains("[MIT](https://mit.edu)"), "{out}");
        assert!(out.contains("Second **bold**"), "{out}");
        assert!(!out.contains('<'), "{out}");
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(left[0].what.contains("iframe") && left[0].line == Some(14), "{left:?}");
    }

    #[test]
    fn hugo_shortcodes() {
        let (out, left) = convert_text(
            "{{< figure src=\"lab.png\" caption=\"Our lab\" >}}\n\n{{< cite page=\"/publication/x\" >}}\n",
        );
        assert!(out.contains("![Our lab](lab.png)"), "{out}");
        assert_eq!(left.len(), 1);
        assert!(left[0].why.contains("Hugo shortcode"), "{left:?}");
    }

    #[test]
    fn kramdown_styles_html_comments_and_emoji() {
        let (out, left) = convert_text(
            "<!-- old intro -->\nI work at [UCF](https://ucf.edu){:style=\"color: red\"} :tada: at 10:30.\n",
        );
        assert_eq!(out, "I work at [UCF](https://ucf.edu) 🎉 at 10:30.\n");
        assert_eq!(left.len(), 2, "{left:?}");
        assert_eq!(left[0].line, Some(10));
        assert_eq!(left[1].line, Some(11));
    }

    #[test]
    fn liquid_blocks_are_left_out_and_a_publications_loop_becomes_a_list() {
        let (out, left) = convert_text("## Education\n\nPhD, 2020.\n\n## Publications\n{% for post in site.publications reversed %}\n  {% if post.x %}{{ post.title }}{% endif %}\n{% endfor %}\n\n{% for t in site.talks %}{{ t.title }}{% endfor %}\nEnd.\n");
        assert!(
            out.contains("PhD, 2020.") && out.contains("\n{{ papers() }}\n") && out.contains("End."),
            "{out}"
        );
        assert!(!out.contains("post.title") && !out.contains("t.title"), "{out}");
        assert_eq!(left.len(), 2, "{left:?}");
        assert_eq!(left[0].line, Some(15));
        assert!(left[1].why.contains("left out"), "{left:?}");
    }

    #[test]
    fn hugo_text_keeps_braces() {
        let mut left = Vec::new();
        let out = markdown(
            "The $^{87}{{Rb}}$ atom {{< figure src=\"a.png\" >}}",
            &Origin { file: Path::new("index.md"), line: 1, hugo: true },
            &mut left,
        );
        assert!(out.contains("{{Rb}}") && out.contains("![](a.png)"), "{out}");
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn comments_are_dropped_with_a_word() {
        let (out, left) = convert_text("A {% comment %} secret {% endcomment %} B\n");
        assert_eq!(out, "A  B\n");
        assert_eq!(left.len(), 1);
    }
}
