//! Output audit of a built site: every internal link and anchor resolves the way GitHub Pages
//! would serve it, every URL stays under the base URL's sub-path, every page has a title, and
//! the external links are collected (not fetched).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use html5gum::{DefaultEmitter, Token, Tokenizer};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::diagnostic::Diagnostic;
use crate::io::load::on_disk;
use crate::model::config::BaseUrl;
use crate::site::urls;

/// A link to another site, where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    /// The page, as shown in diagnostics (e.g. `public/papers/x/index.html`).
    pub page: PathBuf,
    pub line: usize,
}

/// What the audit found.
#[derive(Debug, Default)]
pub(crate) struct Audit {
    pub problems: Vec<Diagnostic>,
    pub external: Vec<ExternalLink>,
    /// HTML pages and XML files read.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
}

/// What the checks of one page found: problems (each with a key naming the problem, equal for
/// the same broken target found on other pages), external links, internal links checked.
struct PageFindings {
    problems: Vec<(String, Diagnostic)>,
    external: Vec<ExternalLink>,
    links: usize,
}

/// One URL in a file, with the byte offset of its attribute value or element text.
struct FoundUrl {
    url: String,
    offset: usize,
}

/// What one output file holds that the audit needs.
struct Scanned {
    /// Path relative to the output folder, with `/` separators.
    rel: String,
    text: String,
    ids: HashSet<String>,
    urls: Vec<FoundUrl>,
    /// `None` for files that are not HTML pages.
    has_title: Option<bool>,
}

/// Audits the site built in `output` for `base`. Diagnostics name files as `shown_as/<path>`,
/// with `/` between the parts on every system.
pub(crate) fn audit(output: &Path, base: &BaseUrl, shown_as: &str) -> Audit {
    let mut files: Vec<String> = WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| urls::of_file(e.path().strip_prefix(output).ok()?))
        .collect();
    files.sort();
    let scanned: Vec<Scanned> = files
        .par_iter()
        .filter(|rel| rel.ends_with(".html") || rel.ends_with(".xml"))
        .filter_map(|rel| {
            let text = std::fs::read_to_string(on_disk(output, Path::new(rel))).ok()?;
            Some(if rel.ends_with(".html") { scan_html(rel, text) } else { scan_xml(rel, text) })
        })
        .collect();

    let file_set: HashSet<&str> = files.iter().map(String::as_str).collect();
    let ids: HashMap<&str, &HashSet<String>> = scanned.iter().map(|s| (s.rel.as_str(), &s.ids)).collect();
    let site = SiteMap { files: file_set, ids, base, origin: origin_of(base) };

    let results: Vec<PageFindings> = scanned.par_iter().map(|page| site.check_page(page, shown_as)).collect();
    let mut audit = Audit { pages: scanned.len(), ..Audit::default() };
    // One diagnostic per distinct problem (a broken link in an abstract shows on every list
    // page that holds the paper): the first place, and how many others.
    let mut groups: Vec<(String, Diagnostic, Vec<PathBuf>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for findings in results {
        for (key, problem) in findings.problems {
            match index.get(&key) {
                Some(&i) => groups[i].2.push(problem.path),
                None => {
                    index.insert(key.clone(), groups.len());
                    groups.push((key, problem, Vec::new()));
                }
            }
        }
        audit.external.extend(findings.external);
        audit.links += findings.links;
    }
    for (_, mut problem, others) in groups {
        if !others.is_empty() {
            let mut pages: Vec<String> = others.iter().map(|p| p.display().to_string()).collect();
            pages.dedup();
            let shown = pages.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let more = if pages.len() > 3 { format!(" and {} more", pages.len() - 3) } else { String::new() };
            let also = format!("also on {shown}{more}");
            problem.hint = Some(match problem.hint {
                Some(hint) => format!("{hint}; {also}"),
                None => also,
            });
        }
        audit.problems.push(problem);
    }
    audit.problems.sort_by(|a, b| {
        (&a.path, a.location.map(|l| (l.line, l.column)))
            .cmp(&(&b.path, b.location.map(|l| (l.line, l.column))))
    });
    audit
}

/// How a diagnostic names the file `rel` (a site path) of the output shown as `shown_as`: with
/// `/` between all the parts on every system, as `public/papers/x/index.html`.
pub(crate) fn shown_path(shown_as: &str, rel: &str) -> PathBuf {
    PathBuf::from(format!("{shown_as}/{rel}"))
}

/// `https://host` of the base URL (no trailing slash).
fn origin_of(base: &BaseUrl) -> String {
    let absolute = base.absolute();
    absolute[..absolute.len() - base.path().len()].to_ascii_lowercase()
}

/// The attributes that hold URLs.
const URL_ATTRIBUTES: [&[u8]; 4] = [b"href", b"src", b"poster", b"action"];

fn scan_html(rel: &str, text: String) -> Scanned {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style content is raw text, not markup.
    emitter.naively_switch_states(true);
    let mut ids = HashSet::new();
    let mut urls = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    let mut saw_title = false;
    for token in Tokenizer::new_with_emitter(text.as_str(), emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                let attribute =
                    |key: &[u8]| tag.attributes.get(key).map(|v| String::from_utf8_lossy(&v.value));
                if let Some(id) = attribute(b"id") {
                    ids.insert(id.into_owned());
                }
                if name == b"a" {
                    if let Some(anchor) = attribute(b"name") {
                        ids.insert(anchor.into_owned());
                    }
                }
                for key in URL_ATTRIBUTES {
                    if let Some(value) = tag.attributes.get(key) {
                        let url = String::from_utf8_lossy(&value.value).into_owned();
                        urls.push(FoundUrl { url, offset: value.span.start });
                    }
                }
                if let Some(value) = tag.attributes.get(b"srcset".as_slice()) {
                    for candidate in String::from_utf8_lossy(&value.value).split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            urls.push(FoundUrl { url: url.to_owned(), offset: value.span.start });
                        }
                    }
                }
                if name == b"meta" {
                    if let Some(value) = tag.attributes.get(b"content".as_slice()) {
                        let content = String::from_utf8_lossy(&value.value);
                        if content.starts_with("https://") || content.starts_with("http://") {
                            urls.push(FoundUrl { url: content.into_owned(), offset: value.span.start });
                        }
                    }
                }
                if name == b"title" {
                    in_title = true;
                    saw_title = true;
                }
            }
            Token::EndTag(tag) if tag.name.as_slice() == b"title" => in_title = false,
            Token::String(s) if in_title => title.push_str(&String::from_utf8_lossy(&s.value)),
            _ => {}
        }
    }
    let has_title = Some(saw_title && !title.trim().is_empty());
    Scanned { rel: rel.to_owned(), text, ids, urls, has_title }
}

/// URLs of a sitemap or feed: `<loc>` texts and `href` attributes.
fn scan_xml(rel: &str, text: String) -> Scanned {
    let mut urls = Vec::new();
    if let Ok(doc) = roxmltree::Document::parse(&text) {
        for node in doc.descendants().filter(|n| n.is_element()) {
            if let Some(href) = node.attribute("href") {
                let offset =
                    node.attribute_node("href").map_or(node.range().start, |a| a.range_value().start);
                urls.push(FoundUrl { url: href.to_owned(), offset });
            }
            if node.tag_name().name() == "loc" {
                if let Some(loc) = node.text() {
                    urls.push(FoundUrl { url: loc.trim().to_owned(), offset: node.range().start });
                }
            }
        }
    }
    Scanned { rel: rel.to_owned(), text, ids: HashSet::new(), urls, has_title: None }
}

/// Where a URL points.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Nothing to check (`mailto:`, `data:`, an empty href).
    Skip,
    /// Another site.
    External,
    /// A `javascript:` or other script URL.
    Script,
    /// A path on this host (absolute, percent-decoded), and the fragment if any.
    Internal { path: String, fragment: Option<String> },
}

/// Classifies `url` found on a page whose URL directory is `page_dir` (e.g. `/repo/papers/x/`).
fn classify(url: &str, page_dir: &str, origin: &str) -> Target {
    let url = url.trim();
    if url.is_empty() {
        return Target::Skip;
    }
    let lower = url.to_ascii_lowercase();
    let (rest, absolute) =
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
            let full = if lower.starts_with("//") { format!("https:{lower}") } else { lower.clone() };
            let same_origin =
                full.strip_prefix(origin).is_some_and(|r| r.is_empty() || r.starts_with(['/', '?', '#']))
                    || origin.split_once("://").is_some_and(|(_, host)| {
                        full.split_once("://")
                            .and_then(|(_, r)| r.strip_prefix(host))
                            .is_some_and(|r| r.is_empty() || r.starts_with(['/', '?', '#']))
                    });
            if !same_origin {
                return Target::External;
            }
            let after_scheme = &url[url.find("//").map_or(0, |i| i + 2)..];
            let path_start = after_scheme.find(['/', '?', '#']).unwrap_or(after_scheme.len());
            (after_scheme[path_start..].to_owned(), true)
        } else if let Some((scheme, _)) = url.split_once(':').filter(|(s, _)| is_scheme(s)) {
            let scheme = scheme.to_ascii_lowercase();
            return if matches!(scheme.as_str(), "javascript" | "vbscript") {
                Target::Script
            } else {
                Target::Skip
            };
        } else {
            (url.to_owned(), false)
        };
    let (rest, fragment) = match rest.split_once('#') {
        Some((before, fragment)) => (before.to_owned(), Some(percent_decode(fragment))),
        None => (rest, None),
    };
    let path = rest.split('?').next().unwrap_or_default();
    let joined = if path.is_empty() && !absolute {
        format!("{page_dir}\u{0}")
    } else if path.starts_with('/') {
        path.to_owned()
    } else if path.is_empty() {
        "/".to_owned()
    } else {
        format!("{page_dir}{path}")
    };
    Target::Internal {
        path: normalize_path(&percent_decode(&joined)),
        fragment: fragment.filter(|f| !f.is_empty()),
    }
}

fn is_scheme(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` segments; keeps a trailing slash. A path ending in NUL stands for "this
/// page" and is returned as is.
fn normalize_path(path: &str) -> String {
    if path.ends_with('\u{0}') {
        return path.to_owned();
    }
    let mut segments: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut out = format!("/{}", segments.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    out
}
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The built site as the checks see it.
struct SiteMap<'a> {
    files: HashSet<&'a str>,
    ids: HashMap<&'a str, &'a HashSet<String>>,
    base: &'a BaseUrl,
    origin: String,
}

impl SiteMap<'_> {
    /// The output file GitHub Pages serves for `rel` (a path under the base), if any:
    /// the file itself, `rel/index.html`, or `rel.html`.
    fn serve(&self, rel: &str) -> Option<String> {
        let candidates = if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            vec![rel.to_owned(), format!("{rel}/index.html"), format!("{rel}.html")]
        };
        candidates.into_iter().find(|c| self.files.contains(c.as_str()))
    }

    fn check_page(&self, page: &Scanned, shown_as: &str) -> PageFindings {
        let shown = shown_path(shown_as, &page.rel);
        let mut problems = Vec::new();
        let mut external = Vec::new();
        let mut checked = 0;
        let at = |message: String, offset: usize, hint: &str| {
            Diagnostic::new(&shown, message).at_offset(&page.text, offset).with_hint(hint)
        };
        if page.has_title == Some(false) {
            problems.push((format!("title {}", page.rel), at(
                "the page has no <title>".into(),
                0,
                "a page needs a title for tabs, bookmarks and search results; templates set it in <title>",
            )));
        }
        let page_dir = match page.rel.rfind('/') {
            Some(i) => self.base.join(&page.rel[..=i]),
            None => self.base.path().to_owned(),
        };
        for found in &page.urls {
            match classify(&found.url, &page_dir, &self.origin) {
                Target::Skip => {}
                Target::External => {
                    let line = crate::base::diagnostic::Location::of_offset(&page.text, found.offset).line;
                    external.push(ExternalLink { url: found.url.clone(), page: shown.clone(), line });
                }
                Target::Script => problems.push((
                    format!("script {} {}", page.rel, found.offset),
                    at(
                        format!("script URL `{}`", found.url),
                        found.offset,
                        "links must be http(s), mailto or site paths; remove the script link",
                    ),
                )),
                Target::Internal { path, fragment } => {
                    checked += 1;
                    problems.extend(self.check_internal(page, &shown, found, &path, fragment));
                }
            }
        }
        PageFindings { problems, external, links: checked }
    }

    /// The problem with the internal link `found` of `page` (to `path` and `fragment`), if any,
    /// with the key that reports it once.
    fn check_internal(
        &self,
        page: &Scanned,
        shown: &Path,
        found: &FoundUrl,
        path: &str,
        fragment: Option<String>,
    ) -> Option<(String, Diagnostic)> {
        let at = |message: String, hint: &str| {
            Diagnostic::new(shown, message).at_offset(&page.text, found.offset).with_hint(hint)
        };
        // The 404 page is served at any missing address, so relative links would break on it.
        if page.rel == "404.html" && !found.url.starts_with(['/', '#']) && !found.url.contains("://") {
            return Some((
                format!("404 {}", found.url),
                at(
                    format!("relative link `{}` on the 404 page", found.url),
                    "the 404 page is shown at every depth; start its links with the site root",
                ),
            ));
        }
        let base = self.base.path();
        let file = if path.ends_with('\u{0}') {
            page.rel.clone()
        } else if let Some(rel) = path
            .strip_prefix(base)
            .or_else(|| (path.len() + 1 == base.len() && base.starts_with(path)).then_some(""))
        {
            match self.serve(rel) {
                Some(file) => file,
                None => {
                    return Some((
                        format!("broken {path}"),
                        at(
                            format!("broken link `{}`: nothing is served at {path}", found.url),
                            "fix the address, or add the page or the file under static/",
                        ),
                    ))
                }
            }
        } else {
            return Some((
                format!("outside {path}"),
                at(
                    format!("link `{}` leaves the site's path {base}: it leads to {path}", found.url),
                    "GitHub Pages serves a project site only under its sub-path; \
                     write the link relative to the page, or use {{ site.root }} in templates",
                ),
            ));
        };
        let fragment = fragment?;
        let known = self.ids.get(file.as_str());
        known.is_some_and(|ids| !ids.contains(&fragment)).then(|| {
            let page_url = self.base.join(file.strip_suffix("index.html").unwrap_or(&file));
            (
                format!("anchor {page_url}#{fragment}"),
                at(
                    format!("missing anchor `{}`: no id=\"{fragment}\" on {page_url}", found.url),
                    "link to an id that exists on that page, or drop the #fragment",
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal { path: path.into(), fragment: fragment.map(str::to_owned) }
    }

    /// The pages a diagnostic names read the same on every system: `public/index.html:52:94`.
    #[test]
    fn pages_are_shown_with_slashes_on_every_system() {
        let shown = shown_path("public", "papers/x/index.html");
        assert_eq!(shown.to_str(), Some("public/papers/x/index.html"));
        assert_eq!(shown.display().to_string(), "public/papers/x/index.html");
        let rel = urls::of_file(&Path::new("papers").join("x").join("index.html")).unwrap();
        assert_eq!(shown_path("public", &rel).display().to_string(), "public/papers/x/index.html");
    }

    /// The audit lists the files of an output written with the system's separator, names them
    /// with `/`, and checks links between folders.
    #[test]
    fn an_output_on_disk_is_audited_with_slash_paths() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("papers").join("x");
        std::fs::create_dir_all(&page).unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<title>t</title><a href=\"papers/x/\">x</a><a href=\"papers/y/\">y</a>",
        )
        .unwrap();
        std::fs::write(page.join("index.html"), "<title>t</title><a href=\"../../\">home</a>").unwrap();
        let base = crate::model::config::BaseUrl::parse("https://u.github.io/").unwrap();
        let audit = audit(dir.path(), &base, "public");
        assert_eq!(audit.pages, 2);
        assert_eq!(audit.links, 3);
        let paths: Vec<String> = audit.problems.iter().map(|p| p.path.display().to_string()).collect();
        assert_eq!(paths, ["public/index.html"], "{:?}", audit.problems);
        assert!(audit.problems[0].message.contains("papers/y/"));
    }

    #[test]
    fn urls_resolve_like_a_browser() {
        let origin = "https://u.github.io";
        let dir = "/repo/papers/x/";
        assert_eq!(classify("../y/", dir, origin), internal("/repo/papers/y/", None));
        assert_eq!(classify("/repo/style.css?v=1", dir, origin), internal("/repo/style.css", None));
        assert_eq!(classify("https://U.github.io/repo/#top", dir, origin), internal("/repo/", Some("top")));
        assert_eq!(classify("//u.github.io/elsewhere", dir, origin), internal("/elsewhere", None));
        assert_eq!(classify("#cite", dir, origin), internal("/repo/papers/x/\u{0}", Some("cite")));
        assert_eq!(classify("a%20b.pdf", dir, origin), internal("/repo/papers/x/a b.pdf", None));
        assert_eq!(classify("https://arxiv.org/abs/1", dir, origin), Target::External);
        assert_eq!(classify("https://u.github.io.evil.org/", dir, origin), Target::External);
        assert_eq!(classify("mailto:a@b.org", dir, origin), Target::Skip);
        assert_eq!(classify(" JavaScript:alert(1)", dir, origin), Target::Script);
        assert_eq!(classify("../../../../x", dir, origin), internal("/x", None));
    }
}
