//! Abstracts and other user Markdown to HTML: CommonMark, inline and display math as MathML
//! rendered at build time, and the few LaTeX text commands that abstracts carry (`\emph{..}`).
//!
//! Raw HTML in Markdown is escaped (shown as text), so user text can never inject markup. Link
//! and image targets must be http(s), mailto, a DOI (`doi:10...`, sent to doi.org) or a path;
//! any other (`javascript:`, `data:`) loses its link and keeps its text.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// A problem in a Markdown text, at byte `offset` of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub offset: usize,
    pub message: String,
}

/// Markdown rendered to HTML, with its plain text (for descriptions, feeds and metadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The text without markup; math as its TeX source; whitespace collapsed.
    pub text: String,
}

/// Renders Markdown `source` to HTML.
pub fn render(source: &str) -> Result<Rendered, MarkdownError> {
    render_with_base(source, None)
}

/// Like `render`, but a link or image to a bare path (`papers/x/`, not `/x`, `./x`, `#x` or a
/// URL) is taken from the site's root: `base` (`/repo/`) is put before it. For text shown on
/// several pages at different depths (news, the bio) and for pages of the site's own.
pub(crate) fn render_with_base(source: &str, base: Option<&str>) -> Result<Rendered, MarkdownError> {
    let options = Options::ENABLE_MATH | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let mut events = Vec::new();
    let mut text = String::with_capacity(source.len());
    // For each open link or image: whether it was dropped.
    let mut open_links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let display = matches!(event, Event::DisplayMath(_));
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = safe_target(dest_url).map(|d| from_root(d, base));
                open_links.push(dest.is_none());
                if let Some(dest_url) = dest {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = safe_target(dest_url).map(|d| from_root(d, base));
                open_links.push(dest.is_none());
                if let Some(dest_url) = dest {
                    events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if !open_links.pop().unwrap_or(false) {
                    events.push(Event::End(end));
                }
            }
            Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                let math = math_event(&tex, display, range.start)?;
                match &math {
                    Event::Text(t) => text.push_str(t),
                    _ => text.push_str(&replace_unicode_commands(&tex)),
                }
                events.push(math);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                text.push_str(&html);
                events.push(Event::Text(html));
            }
            Event::Text(t) => {
                let first = events.len();
                expand_text_commands(t, &mut events);
                for e in &events[first..] {
                    if let Event::Text(t) = e {
                        text.push_str(t);
                    }
                }
            }
            Event::Code(code) => {
                text.push_str(&code);
                events.push(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                text.push(' ');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() + source.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Rendered { html, text: collapse_whitespace(&text) })
}

/// `text` with each run of whitespace made one space and none at either end.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    if !text.is_ascii() {
        // Some characters beyond ASCII are whitespace too.
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    // Without a branch per byte: each byte is written, and the write position moves on unless
    // the byte is whitespace after whitespace (three times faster on an abstract than a loop
    // over words).
    let mut out = vec![0u8; text.len()];
    let mut len = 0;
    let mut after_space = true;
    for &byte in text.as_bytes() {
        // ASCII whitespace as `char::is_whitespace` has it: space, and tab to carriage return.
        let space = byte == b' ' || (b'\t'..=b'\r').contains(&byte);
        out[len] = if space { b' ' } else { byte };
        len += usize::from(!(space && after_space));
        after_space = space;
    }
    if after_space && len > 0 {
        len -= 1;
    }
    out.truncate(len);
    String::from_utf8(out).unwrap_or_default()
}

/// `url` under `base` when it is a bare path (see `render_with_base`).
fn from_root<'u>(url: CowStr<'u>, base: Option<&str>) -> CowStr<'u> {
    let Some(base) = base else { return url };
    let bare = !url.is_empty()
        && !url.starts_with(['/', '#', '?', '.'])
        && !url.split(['/', '?', '#']).next().is_some_and(|first| first.contains(':'));
    if bare {
        CowStr::from(format!("{base}{url}"))
    } else {
        url
    }
}

/// The target of a Markdown link or image if it is safe to emit (see the module comment).
fn safe_target(url: CowStr<'_>) -> Option<CowStr<'_>> {
    let trimmed = url.trim();
    if trimmed.len() > 4 && trimmed.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("doi:")) {
        return Some(CowStr::from(format!("https://doi.org/{}", trimmed[4..].trim())));
    }
    crate::base::ident::is_safe_link(trimmed).then_some(url)
}

fn math_event(tex: &str, display: bool, offset: usize) -> Result<Event<'static>, MarkdownError> {
    let tex = replace_unicode_commands(tex);
    if !display && is_plain_symbols(&tex) {
        // `$\unicode{x2013}$` is a dash typed in math mode: show it as text.
        return Ok(Event::Text(CowStr::from(tex.trim().to_owned())));
    }
    tex_to_mathml(&tex, display)
        .map(|mathml| Event::InlineHtml(CowStr::from(mathml)))
        .map_err(|message| MarkdownError { offset, message })
}

/// A title with `$...$` math as HTML: the text escaped, each math span as MathML. `None` when
/// the title has no math (it is then shown as text); an error names the math that cannot be shown.
pub(crate) fn title_html(title: &str) -> Result<Option<String>, String> {
    if title.matches('$').count() < 2 {
        return Ok(None);
    }
    let mut out = String::with_capacity(title.len() * 4);
    let mut rest = title;
    let mut any = false;
    while let Some(start) = rest.find('$') {
        let Some(len) = rest[start + 1..].find('$') else { break };
        let tex = &rest[start + 1..start + 1 + len];
        if tex.trim().is_empty() {
            break;
        }
        crate::base::escape::push_html_escaped(&mut out, &rest[..start]);
        let tex = replace_unicode_commands(tex);
        if is_plain_symbols(&tex) {
            crate::base::escape::push_html_escaped(&mut out, tex.trim());
        } else {
            out.push_str(&tex_to_mathml(&tex, false)?);
        }
        any = true;
        rest = &rest[start + len + 2..];
    }
    crate::base::escape::push_html_escaped(&mut out, rest);
    Ok(any.then_some(out))
}

/// Renders LaTeX math to MathML; an error names the first command the renderer rejected.
pub(crate) fn tex_to_mathml(tex: &str, display: bool) -> Result<String, String> {
    use pulldown_latex::{config::DisplayMode, push_mathml, Parser as TexParser, RenderConfig, Storage};

    let storage = Storage::new();
    let events: Vec<_> = TexParser::new(tex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        return Err(format!("cannot render math `{}`: {error}", tex.trim()));
    }
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    push_mathml(&mut mathml, events.into_iter(), config)
        .map_err(|e| format!("cannot render math `{}`: {e}", tex.trim()))?;
    Ok(mathml)
}

/// `\unicode{x2013}` / `\unicode{8211}` become the character itself (no renderer knows them).
fn replace_unicode_commands(tex: &str) -> String {
    const COMMAND: &str = "\\unicode{";
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(start) = rest.find(COMMAND) {
        let after = &rest[start + COMMAND.len()..];
        let Some(end) = after.find('}') else { break };
        let arg = after[..end].trim();
        let code = match arg.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => arg.parse().ok(),
        };
        match code.and_then(char::from_u32) {
            Some(c) => {
                out.push_str(&rest[..start]);
                out.push(c);
            }
            None => out.push_str(&rest[..start + COMMAND.len() + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Math with no letters, digits or TeX syntax, such as a lone dash, reads better as text.
fn is_plain_symbols(tex: &str) -> bool {
    let tex = tex.trim();
    !tex.is_empty()
        && tex.chars().all(|c| !c.is_alphanumeric() && !matches!(c, '\\' | '^' | '_' | '{' | '}' | '&'))
}

/// Text-mode LaTeX commands that abstracts copied from arXiv contain, with their HTML tags.
const TEXT_COMMANDS: &[(&str, &str)] = &[
    ("emph", "em"),
    ("textit", "em"),
    ("textbf", "strong"),
    ("texttt", "code"),
    ("underline", "u"),
    ("textsc", "span class=\"smallcaps\""),
];

/// Pushes `text` as events, turning `\emph{..}` and friends into the matching HTML tags.
fn expand_text_commands<'a>(text: CowStr<'a>, events: &mut Vec<Event<'a>>) {
    if !text.contains('\\') {
        events.push(Event::Text(text));
        return;
    }
    let mut rest: &str = &text;
    let mut out: Vec<Event<'a>> = Vec::new();
    'scan: while let Some(slash) = rest.find('\\') {
        for (command, tag) in TEXT_COMMANDS {
            let open = format!("\\{command}{{");
            if !rest[slash..].starts_with(&open) {
                continue;
            }
            let arg_start = slash + open.len();
            let Some(arg_len) = balanced_braces(&rest[arg_start..]) else {
                continue;
            };
            if slash > 0 {
                out.push(Event::Text(CowStr::from(rest[..slash].to_owned())));
            }
            out.push(Event::InlineHtml(CowStr::from(format!("<{tag}>"))));
            let mut inner = Vec::new();
            expand_text_commands(CowStr::from(rest[arg_start..arg_start + arg_len].to_owned()), &mut inner);
            out.extend(inner);
            let close = tag.split(' ').next().unwrap_or(tag);
            out.push(Event::InlineHtml(CowStr::from(format!("</{close}>"))));
            rest = &rest[arg_start + arg_len + 1..];
            continue 'scan;
        }
        // Not a command we know: keep the backslash and move on.
        out.push(Event::Text(CowStr::from(rest[..=slash].to_owned())));
        rest = &rest[slash + 1..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_owned())));
    }
    events.extend(out);
}

/// The length of a brace-balanced argument whose `{` was already consumed, up to its `}`.
fn balanced_braces(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_as_split_whitespace_does() {
        let mut texts: Vec<String> =
            ["", "   ", "one", " a  b\t\nc ", "x\u{a0}y\u{0b}z\u{3000}", "é  ü\u{2029}ß ", "tail "]
                .map(String::from)
                .into();
        // Every string of up to four characters from a mix of whitespace and letters.
        let alphabet = [' ', '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', 'a', 'b', '\u{85}', '\u{a0}', 'é'];
        for n in 0..=4u32 {
            for mut code in 0..alphabet.len().pow(n) {
                let mut text = String::new();
                for _ in 0..n {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                texts.push(text);
            }
        }
        for text in &texts {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn unsafe_link_targets_lose_the_link_and_keep_the_text() {
        let html = render("[a](javascript:alert(1)) [b](https://x.org/) [c](doi:10.1/x) ![d](data:x) [e](/p/) <JAVASCRIPT:x>").unwrap().html;
        assert_eq!(
            html,
            "<p>a <a href=\"https://x.org/\">b</a> <a href=\"https://doi.org/10.1/x\">c</a> d <a href=\"/p/\">e</a> JAVASCRIPT:x</p>\n"
        );
    }

    #[test]
    fn bare_paths_are_taken_from_the_site_root_when_asked() {
        let html = render_with_base(
            "[a](papers/x/) [b](/abs/) [c](#top) [d](https://x.org/) [e](mailto:a@b.org) [f](../up/)",
            Some("/repo/"),
        )
        .unwrap()
        .html;
        assert_eq!(
            html,
            "<p><a href=\"/repo/papers/x/\">a</a> <a href=\"/abs/\">b</a> <a href=\"#top\">c</a> <a href=\"https://x.org/\">d</a> <a href=\"mailto:a@b.org\">e</a> <a href=\"../up/\">f</a></p>\n"
        );
    }

    #[test]
    fn paragraphs_and_emphasis() {
        assert_eq!(render("Hello *world*.").unwrap().html, "<p>Hello <em>world</em>.</p>\n");
    }

    #[test]
    fn plain_text_drops_markup_and_keeps_math_source() {
        let r = render("A *b* \\emph{c} $O(n^2)$ $\\unicode{x2013}$ d.\n\nNext <i>x</i>.").unwrap();
        assert_eq!(r.text, "A b c O(n^2) – d. Next <i>x</i>.");
    }

    #[test]
    fn unicode_dash_in_math_becomes_text() {
        let html = render(r"features $\unicode{x2013}$ patterns").unwrap().html;
        assert_eq!(html, "<p>features – patterns</p>\n");
    }

    #[test]
    fn emph_becomes_em() {
        let html = render(r"We show how to \emph{learn} invariances").unwrap().html;
        assert_eq!(html, "<p>We show how to <em>learn</em> invariances</p>\n");
        assert!(!html.contains('\\'));
    }

    #[test]
    fn nested_text_commands() {
        let html = render(r"\textbf{a \emph{b} {c}} d").unwrap().html;
        assert_eq!(html, "<p><strong>a <em>b</em> {c}</strong> d</p>\n");
    }

    #[test]
    fn unknown_commands_stay_visible() {
        let html = render(r"see \cite{x} and \emph{unclosed").unwrap().html;
        assert!(html.contains(r"\cite{x}"), "{html}");
        assert!(html.contains(r"\emph{unclosed"), "{html}");
    }

    #[test]
    fn inline_math_becomes_mathml() {
        let html = render(r"complexity $O(nm^2)$ here").unwrap().html;
        assert!(html.contains("<math"), "{html}");
        assert!(html.contains("<msup><mi>m</mi><mn>2</mn></msup>"), "{html}");
        assert!(!html.contains('$') && !html.contains('\\'), "{html}");
    }

    #[test]
    fn display_math_becomes_block_mathml() {
        let html = render("$$\\sum_i x_i$$").unwrap().html;
        assert!(html.contains("display=\"block\""), "{html}");
        assert!(html.contains("∑"), "{html}");
    }

    #[test]
    fn times_renders() {
        let html = render(r"($3.8\times$ lower)").unwrap().html;
        assert!(html.contains("×"), "{html}");
    }

    #[test]
    fn bad_math_is_an_error_with_offset() {
        let err = render("ok\n\nthen $\\notacommand x$ end").unwrap_err();
        assert_eq!(err.offset, 9);
        assert!(err.message.contains("notacommand"), "{}", err.message);
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = render("a <script>alert(1)</script> b").unwrap().html;
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
