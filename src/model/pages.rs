//! Pages of the site's own: `content/pages/<name>.md` (About, CV, Teaching) at `/<name>/`.
//! TOML front matter (`title`, optional `description`, `weight` for the default menu order,
//! `menu = false` to leave it out of that menu, `draft`), then Markdown. A line holding only `{{ papers(topic="LG", year=2024,
//! featured=true, limit=5) }}` embeds the matching papers, newest first (every argument
//! optional).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::diagnostic::Diagnostic;
use crate::base::taxonomy::Section;
use crate::model::paper::split_front_matter;

/// Names that the site's own files use, besides the sections'.
const RESERVED: [&str; 7] = ["page", "feed", "index", "404", "search", "static", "__pubsite"];

/// A page file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SitePage {
    /// The file stem, which is also the page's folder: `cv` is served at `/cv/`.
    pub name: String,
    pub source: PathBuf,
    pub title: String,
    pub description: String,
    pub weight: i64,
    /// Listed in the default menu (`menu = false`: reachable only by links).
    pub in_menu: bool,
    pub draft: bool,
    /// The body: HTML with the embedded paper lists between.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Html(String),
    Papers(PaperQuery),
}

/// Which papers a `papers(...)` line embeds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaperQuery {
    pub topic: Option<String>,
    pub year: Option<i32>,
    pub featured: Option<bool>,
    pub limit: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    weight: i64,
    #[serde(default = "listed")]
    menu: bool,
    #[serde(default)]
    draft: bool,
}

fn listed() -> bool {
    true
}

/// Whether `name` can be a page's name: lower-case letters, digits and dashes, and not a name
/// the site uses itself.
pub(crate) fn valid_name(name: &str) -> bool {
    let slug_like =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    slug_like && Section::from_name(name).is_none() && !RESERVED.contains(&name)
}

/// Parses the page file `path` (relative to the site root) holding `text`; bare link paths are
/// taken from `base`, the site's root path (see `markdown::render_with_base`).
pub(crate) fn parse(path: &Path, text: &str, base: &str) -> Result<SitePage, Vec<Diagnostic>> {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
    let front = split_front_matter(text).map_err(|(message, offset, hint)| {
        vec![Diagnostic::new(path, message).at_offset(text, offset).with_hint(hint)]
    })?;
    let raw: RawPage = toml::from_str(front.toml)
        .map_err(|e| vec![crate::base::diagnostic::toml_diagnostic(path, text, front.toml_offset, &e)])?;
    let mut problems = Vec::new();
    if !valid_name(&name) {
        let sections = Section::ALL.map(Section::name);
        problems.push(Diagnostic::new(path, format!("`{name}` cannot be a page name")).with_hint(format!(
            "name the file with lower-case letters, digits and dashes, and not one of: {}, {}",
            sections.join(", "),
            RESERVED.join(", ")
        )));
    }
    let mut parts = Vec::new();
    let mut markdown = String::new();
    let mut markdown_start = front.body_offset;
    let mut offset = front.body_offset;
    for line in front.body.split_inclusive('\n') {
        match shortcode(line.trim()) {
            Some(Ok(query)) => {
                flush(&mut parts, &markdown, base, path, text, markdown_start, &mut problems);
                markdown.clear();
                parts.push(Part::Papers(query));
                markdown_start = offset + line.len();
            }
            Some(Err(message)) => problems.push(
                Diagnostic::new(path, message)
                    .at_offset(text, offset + line.find("{{").unwrap_or(0))
                    .with_hint("write {{ papers(topic=\"LG\", year=2024, featured=true, limit=5) }}, every argument optional"),
            ),
            None => markdown.push_str(line),
        }
        offset += line.len();
    }
    flush(&mut parts, &markdown, base, path, text, markdown_start, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SitePage {
        name,
        source: path.to_path_buf(),
        title: raw.title,
        description: raw.description,
        weight: raw.weight,
        in_menu: raw.menu,
        draft: raw.draft,
        parts,
    })
}

/// Renders the Markdown gathered so far as one part.
fn flush(
    parts: &mut Vec<Part>,
    markdown: &str,
    base: &str,
    path: &Path,
    text: &str,
    start: usize,
    problems: &mut Vec<Diagnostic>,
) {
    if markdown.trim().is_empty() {
        return;
    }
    match crate::base::markdown::render_with_base(markdown, Some(base)) {
        Ok(rendered) => parts.push(Part::Html(rendered.html)),
        Err(e) => problems.push(
            Diagnostic::new(path, format!("cannot render math: {}", e.message))
                .at_offset(text, start + e.offset)
                .with_hint("use LaTeX math that MathML can show, or escape the dollar sign as \\$"),
        ),
    }
}

/// `{{ papers(...) }}` as a query; None when the line is not a shortcode.
fn shortcode(line: &str) -> Option<Result<PaperQuery, String>> {
    let inner = line.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let Some(args) = inner.strip_prefix("papers(").and_then(|a| a.strip_suffix(')')) else {
        return Some(Err(format!("`{inner}` is not a shortcode pubsite knows (only papers(...))")));
    };
    let mut query = PaperQuery::default();
    for arg in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        let Some((key, value)) = arg.split_once('=') else {
            return Some(Err(format!("`{arg}` is not of the form key=value")));
        };
        let value = value.trim();
        let unquoted = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
        let bad = || Some(Err(format!("papers(): `{arg}` has a value of the wrong kind")));
        match key.trim() {
            "topic" => match unquoted {
                Some(topic) => query.topic = Some(topic.to_owned()),
                None => return bad(),
            },
            "year" => match value.parse() {
                Ok(year) => query.year = Some(year),
                Err(_) => return bad(),
            },
            "featured" => match value {
                "true" => query.featured = Some(true),
                "false" => query.featured = Some(false),
                _ => return bad(),
            },
            "limit" => match value.parse() {
                Ok(limit) => query.limit = Some(limit),
                Err(_) => return bad(),
            },
            other => {
                return Some(Err(format!(
                    "papers() has no argument `{other}` (topic, year, featured, limit)"
                )))
            }
        }
    }
    Some(Ok(query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_an_embedded_list() {
        let text = "+++\ntitle = \"CV\"\nweight = 2\n+++\n# Education\n\nSome *text*.\n\n{{ papers(topic=\"LG\", year=2024, featured=true, limit=3) }}\n\nAfter.\n";
        let page = parse(Path::new("content/pages/cv.md"), text, "/").unwrap();
        assert_eq!(page.name, "cv");
        assert_eq!(page.weight, 2);
        assert_eq!(page.parts.len(), 3);
        assert!(matches!(&page.parts[0], Part::Html(h) if h.contains("<h1>Education</h1>")));
        assert_eq!(
            page.parts[1],
            Part::Papers(PaperQuery {
                topic: Some("LG".into()),
                year: Some(2024),
                featured: Some(true),
                limit: Some(3)
            })
        );
        assert!(matches!(&page.parts[2], Part::Html(h) if h.contains("After.")));
    }

    #[test]
    fn a_bad_shortcode_is_reported_at_its_line() {
        let text = "+++\ntitle = \"CV\"\n+++\nText\n{{ papers(colour=\"red\") }}\n";
        let problems = parse(Path::new("content/pages/cv.md"), text, "/").unwrap_err();
        assert_eq!(problems[0].location.unwrap().line, 5);
        assert!(problems[0].message.contains("colour"));
    }

    #[test]
    fn reserved_and_odd_names_are_refused() {
        let text = "+++\ntitle = \"X\"\n+++\n";
        assert!(parse(Path::new("content/pages/papers.md"), text, "/").is_err());
        assert!(parse(Path::new("content/pages/My Page.md"), text, "/").is_err());
        assert!(parse(Path::new("content/pages/teaching.md"), text, "/").is_ok());
    }
}
