//! Content lint: what builds but is probably wrong in the paper files (missing fields, malformed
//! identifiers, dates far ahead, raw LaTeX in titles, likely duplicates, local files that do not
//! exist). Pure apart from the existence checks of local link targets.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diagnostic::Diagnostic;
use crate::base::ident::{ArxivId, Doi};
use crate::base::latex;
use crate::io::load::STATIC_DIR;
use crate::model::paper::Paper;
use crate::site::Site;

/// How similar two normalised titles must be (normalised Levenshtein) to count as one paper.
const SAME_TITLE: f64 = 0.9;
/// How many neighbours in sorted title order each title is compared with.
const TITLE_WINDOW: usize = 4;

/// Lints every paper of `site`. `texts` maps each paper's source path to its file text (for
/// line numbers); `root` is the site folder (for local link targets).
pub(crate) fn lint(
    site: &Site,
    texts: &HashMap<PathBuf, String>,
    root: &Path,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let empty = String::new();
    let text_of = |paper: &Paper| texts.get(&paper.source).unwrap_or(&empty);
    let context =
        Context { root, today, topics_defined: !site.config.topics.is_empty(), listings: Default::default() };
    let mut problems = Vec::new();
    for paper in &site.papers {
        lint_paper(paper, text_of(paper), &context, &mut problems);
    }
    duplicates(&site.papers, &text_of, &mut problems);
    reused_keys(&site.papers, &text_of, &mut problems);
    problems
        .sort_by(|a, b| (&a.path, a.location.map(|l| l.line)).cmp(&(&b.path, b.location.map(|l| l.line))));
    problems
}

/// What the checks of one paper need to know about the site.
struct Context<'a> {
    root: &'a Path,
    today: NaiveDate,
    /// Whether `site.toml` defines topics (a paper without one is then missing from their pages).
    topics_defined: bool,
    /// The names in each folder of `static/` looked into (see `Context::find_static`).
    listings: std::cell::RefCell<HashMap<PathBuf, Option<Listing>>>,
}

/// The names in a folder: as they are, and case-folded (to the first of them).
struct Listing {
    names: HashSet<String>,
    folded: HashMap<String, String>,
}

/// Where a path of `static/` that a paper names leads.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// To a file (or folder) spelt as the paper spells it.
    Exact,
    /// To one spelt with other upper and lower case letters: this one, which a case-insensitive
    /// file system (macOS, Windows) opens but GitHub Pages does not serve.
    OtherCase(String),
    Missing,
}

impl Context<'_> {
    /// Finds `inside` (a `/`-separated path) in `static/` with the case of every letter as
    /// written, whatever the file system: on macOS and Windows a file exists in any case, so
    /// that `is_file` alone would pass a link that is broken on GitHub Pages.
    fn find_static(&self, inside: &str) -> Found {
        let mut dir = self.root.join(STATIC_DIR);
        let mut spelt = Vec::new();
        let mut other_case = false;
        for part in inside.split('/').filter(|p| !p.is_empty() && *p != ".") {
            if part == ".." {
                // Left to the file system (a path that leaves static/ is reported elsewhere).
                return if self.root.join(STATIC_DIR).join(inside).exists() {
                    Found::Exact
                } else {
                    Found::Missing
                };
            }
            let mut listings = self.listings.borrow_mut();
            let listing = listings.entry(dir.clone()).or_insert_with(|| Listing::of(&dir));
            let name = match listing {
                Some(listing) if listing.names.contains(part) => part.to_owned(),
                Some(listing) => match listing.folded.get(&part.to_lowercase()) {
                    Some(name) => {
                        other_case = true;
                        name.clone()
                    }
                    None => return Found::Missing,
                },
                // An unreadable folder: as the file system answers.
                None if dir.join(part).exists() => part.to_owned(),
                None => return Found::Missing,
            };
            dir.push(&name);
            spelt.push(name);
        }
        if other_case {
            Found::OtherCase(spelt.join("/"))
        } else {
            Found::Exact
        }
    }
}

impl Listing {
    fn of(dir: &Path) -> Option<Listing> {
        let mut listing = Listing { names: HashSet::new(), folded: HashMap::new() };
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            listing.folded.entry(name.to_lowercase()).or_insert_with(|| name.clone());
            listing.names.insert(name);
        }
        Some(listing)
    }
}

fn lint_paper(paper: &Paper, text: &str, context: &Context, out: &mut Vec<Diagnostic>) {
    let at = |table: Option<&str>, key: &str| key_line(text, table, key);
    let problem = |line: usize, message: String, hint: &str| {
        Diagnostic::new(&paper.source, message).at_line(text, line).with_hint(hint)
    };

    if paper.authors.iter().all(|a| a.is_empty()) {
        out.push(
            problem(
                at(None, "authors").unwrap_or(1),
                "the paper has no authors".into(),
                "list them in the paper's order: authors = [\"First Author\", \"Second Author\"]",
            )
            .warning(),
        );
    }
    if paper.topics.is_empty() && context.topics_defined {
        out.push(
            problem(
                at(None, "topics").unwrap_or(1),
                "the paper has no topic, so no topic page lists it".into(),
                "add topics = [\"LG\"] with codes defined in site.toml",
            )
            .warning(),
        );
    }
    if paper.abstract_text.trim().is_empty() {
        let line = text.lines().position(|l| l.trim_end() == "+++").map_or(1, |first| {
            first + 2 + text.lines().skip(first + 1).position(|l| l.trim_end() == "+++").unwrap_or(0)
        });
        out.push(
            problem(
                line,
                "the paper has no abstract".into(),
                "write the abstract below the closing `+++`; search engines and the pages show it",
            )
            .warning(),
        );
    }

    let horizon = context.today.checked_add_days(chrono::Days::new(365)).unwrap_or(NaiveDate::MAX);
    if let Some(date) = paper.date.filter(|d| d.first_day() > horizon) {
        out.push(
            problem(
                at(None, "date").unwrap_or(1),
                format!("the date {} is more than a year ahead", date.iso()),
                "check the year; a paper to appear later still gets today's or its submission date",
            )
            .warning(),
        );
    }

    for (what, value) in std::iter::once(("title", paper.title.as_str()))
        .chain(paper.venue.as_deref().map(|v| ("venue", v)))
        .chain(paper.authors.iter().map(|a| ("authors", a.as_str())))
    {
        if has_raw_latex(value, what == "title") {
            out.push(problem(
                at(None, what).unwrap_or(1),
                format!("the {} `{value}` holds raw LaTeX, which the pages show as typed", singular(what)),
                &format!("write it as plain Unicode text: \"{}\"", latex::to_unicode(value)),
            ));
        }
    }

    lint_links(paper, text, context, out);
}

/// The paper's identifiers are well-formed and its local links name files of `static/`.
fn lint_links(paper: &Paper, text: &str, context: &Context, out: &mut Vec<Diagnostic>) {
    let at = |key: &str| key_line(text, Some("links"), key).unwrap_or(1);
    let problem = |line: usize, message: String, hint: &str| {
        Diagnostic::new(&paper.source, message).at_line(text, line).with_hint(hint)
    };
    if let Some(doi) = &paper.links.doi {
        if doi.checked().is_none() {
            out.push(problem(
                at("doi"),
                format!("links.doi `{doi}` is not a DOI"),
                "a DOI looks like 10.1234/some.suffix (or https://doi.org/10.1234/some.suffix)",
            ));
        }
    }
    if let Some(arxiv) = &paper.links.arxiv {
        if arxiv.checked().is_none() {
            out.push(problem(
                at("arxiv"),
                format!("links.arxiv `{arxiv}` is not an arXiv identifier"),
                "an arXiv id looks like 1803.05407 (or hep-th/9901001, or https://arxiv.org/abs/1803.05407)",
            ));
        }
    }

    let local_links = [
        ("pdf", &paper.links.pdf),
        ("slides", &paper.links.slides),
        ("poster", &paper.links.poster),
        ("video", &paper.links.video),
        ("project", &paper.links.project),
        ("code", &paper.links.code),
        ("supp", &paper.links.supp),
        ("blog", &paper.links.blog),
    ];
    if let Some(preview) = paper.preview.as_deref().filter(|p| !p.contains("://")) {
        let inside = preview.trim_start_matches('/');
        let found = match context.find_static(inside) {
            Found::Exact if !context.root.join(STATIC_DIR).join(inside).is_file() => Found::Missing,
            found => found,
        };
        if found != Found::Exact {
            out.push(
                Diagnostic::new(
                    &paper.source,
                    format!("preview `{preview}` names a file that does not exist: {STATIC_DIR}/{inside}"),
                )
                .at_line(text, key_line(text, None, "preview").unwrap_or(1))
                .with_hint(missing_hint(&found, "put the image under static/ at that path")),
            );
        }
    }
    for (name, link) in local_links {
        let Some(link) = link.as_deref().filter(|l| !l.contains("://") && !l.starts_with("mailto:")) else {
            continue;
        };
        let inside = link.split(['#', '?']).next().unwrap_or_default().trim_start_matches('/');
        let found = context.find_static(inside);
        if found != Found::Exact {
            out.push(problem(
                at(name),
                format!("links.{name} `{link}` names a file that does not exist: {STATIC_DIR}/{inside}"),
                &missing_hint(
                    &found,
                    "put the file under static/ at that path, or link to its https:// address",
                ),
            ));
        }
    }
}

/// The hint for a path of `static/` that was not `found` as written: `otherwise` when missing.
fn missing_hint(found: &Found, otherwise: &str) -> String {
    match found {
        Found::OtherCase(spelt) => format!(
            "the file is {STATIC_DIR}/{spelt}: write its name with the same upper and lower case letters, \
             which GitHub Pages tells apart (macOS and Windows do not)"
        ),
        _ => otherwise.to_owned(),
    }
}

fn singular(key: &str) -> &str {
    if key == "authors" {
        "author"
    } else {
        key
    }
}

/// Same DOI, same arXiv id (any version), or near-identical titles: reported on the later file
/// (in path order), naming the earlier one.
fn duplicates<'a>(
    papers: &'a [std::sync::Arc<Paper>],
    text_of: &dyn Fn(&Paper) -> &'a String,
    out: &mut Vec<Diagnostic>,
) {
    let mut by_path: Vec<&Paper> = papers.iter().map(|p| p.as_ref()).collect();
    by_path.sort_by(|a, b| a.source.cmp(&b.source));
    let order: HashMap<&Path, usize> =
        by_path.iter().enumerate().map(|(i, p)| (p.source.as_path(), i)).collect();
    let mut reported = std::collections::HashSet::new();
    let mut report = |a: &Paper, b: &Paper, key: Option<(&str, &str)>, message: &str, hint: &str| {
        let (first, second) =
            if order[a.source.as_path()] < order[b.source.as_path()] { (a, b) } else { (b, a) };
        let confirmed =
            |p: &Paper, other: &Paper| p.not_duplicate_of.iter().any(|s| s == other.slug.as_str());
        if confirmed(first, second) || confirmed(second, first) {
            return;
        }
        if !reported.insert((second.source.clone(), first.source.clone(), message.to_owned())) {
            return;
        }
        let text = text_of(second);
        let line = key.and_then(|(table, k)| key_line(text, Some(table).filter(|t| !t.is_empty()), k));
        out.push(
            Diagnostic::new(&second.source, format!("{message} {}", first.source.display()))
                .at_line(text, line.or_else(|| key_line(text, None, "title")).unwrap_or(1))
                .with_hint(format!(
                    "{hint}; if they are different papers, add not_duplicate_of = [\"{}\"] to {}",
                    first.slug.as_str(),
                    second.source.display()
                ))
                .warning(),
        );
    };

    let mut seen: HashMap<String, &Paper> = HashMap::new();
    for paper in &by_path {
        if let Some(doi) = paper.links.doi.as_ref().and_then(Doi::checked) {
            if let Some(other) = seen.insert(format!("doi:{}", doi.to_lowercase()), paper) {
                report(other, paper, Some(("links", "doi")), "the same DOI as", MERGE_HINT);
            }
        }
        if let Some(id) = paper.links.arxiv.as_ref().and_then(ArxivId::checked) {
            let unversioned = id.rsplit_once('v').filter(|(_, v)| v.chars().all(|c| c.is_ascii_digit()));
            let id = unversioned.map_or(id, |(id, _)| id);
            if let Some(other) = seen.insert(format!("arxiv:{id}"), paper) {
                report(other, paper, Some(("links", "arxiv")), "the same arXiv paper as", MERGE_HINT);
            }
        }
    }

    // Sorted-neighbourhood comparison: titles sorted forwards and by their reverse, each compared
    // with the next few, finds near-identical titles without comparing every pair.
    let titles: Vec<(String, &Paper)> = by_path.iter().map(|p| (normalize_title(&p.title), *p)).collect();
    for reversed in [false, true] {
        let mut keyed: Vec<(String, usize)> = titles
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (if reversed { t.chars().rev().collect() } else { t.clone() }, i))
            .collect();
        keyed.sort();
        for (k, (_, i)) in keyed.iter().enumerate() {
            for (_, j) in keyed.iter().skip(k + 1).take(TITLE_WINDOW) {
                let ((ta, a), (tb, b)) = (&titles[*i], &titles[*j]);
                if ta.is_empty() || strsim::normalized_levenshtein(ta, tb) < SAME_TITLE {
                    continue;
                }
                let (message, hint) = match (is_preprint(a), is_preprint(b)) {
                    (true, false) | (false, true) => (
                        "looks like the preprint and the published version of one paper, with",
                        "keep the published version and give it the preprint's arxiv link; delete the other file",
                    ),
                    _ => ("has nearly the same title as", MERGE_HINT),
                };
                report(a, b, Some(("", "title")), message, hint);
            }
        }
    }
}

/// Two papers with the same citation key (BibTeX keys ignore case): `\cite` could only find one,
/// and pubsite never changes a key the user wrote. Reported on each later file (in path order).
fn reused_keys<'a>(
    papers: &'a [std::sync::Arc<Paper>],
    text_of: &dyn Fn(&Paper) -> &'a String,
    out: &mut Vec<Diagnostic>,
) {
    let mut by_key: HashMap<String, Vec<&Paper>> = HashMap::new();
    for paper in papers {
        if let Some(key) = &paper.key {
            by_key.entry(key.to_lowercase()).or_default().push(paper);
        }
    }
    for mut same in by_key.into_values().filter(|p| p.len() > 1) {
        same.sort_by(|a, b| a.source.cmp(&b.source));
        let first = same[0];
        for paper in &same[1..] {
            let text = text_of(paper);
            out.push(
                Diagnostic::new(
                    &paper.source,
                    format!(
                        "the citation key `{}` is also the key of {}",
                        paper.key.as_deref().unwrap_or_default(),
                        first.source.display()
                    ),
                )
                .at_line(text, key_line(text, None, "key").unwrap_or(1))
                .with_hint("give each paper its own key = \"...\" (a \\cite finds only one), or remove it to have one made up"),
            );
        }
    }
}

const MERGE_HINT: &str = "if both files describe one paper, keep one (with every link) and delete the other";

/// A paper that has not (yet) appeared in a venue: no venue, or an arXiv/preprint venue.
fn is_preprint(paper: &Paper) -> bool {
    use crate::model::paper::Kind;
    let venue = paper.venue.as_deref().unwrap_or_default().to_lowercase();
    venue.is_empty()
        || ["arxiv", "preprint", "biorxiv", "medrxiv", "ssrn", "openreview"].iter().any(|w| venue.contains(w))
        || matches!(paper.kind, Some(Kind::Unpublished))
}

/// Lower-case letters and digits, words separated by one space, LaTeX turned to Unicode.
fn normalize_title(title: &str) -> String {
    let plain = latex::to_unicode(title).to_lowercase();
    plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// TeX commands, math or braces left in text that is shown as is; `math_shown`: `$...$` is
/// shown as math there (titles), so only what is outside it counts.
fn has_raw_latex(text: &str, math_shown: bool) -> bool {
    if !math_shown {
        return text.contains(['\\', '{', '}']) || text.matches('$').count() >= 2;
    }
    text.split('$').step_by(2).any(|outside| outside.contains(['\\', '{', '}']))
}

/// The 1-based line of `key = ...` in the front matter of `text`, inside `[table]` when given.
pub(crate) fn key_line(text: &str, table: Option<&str>, key: &str) -> Option<usize> {
    let mut current: Option<String> = None;
    let mut fences = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed == "+++" {
            fences += 1;
            if fences == 2 {
                return None;
            }
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            current = Some(name.trim().to_owned());
            continue;
        }
        let in_table = current.as_deref() == table;
        let dotted = table.map(|t| format!("{t}.{key}"));
        let matches_key =
            |k: &str| trimmed.strip_prefix(k).is_some_and(|rest| rest.trim_start().starts_with('='));
        if (in_table && matches_key(key)) || (current.is_none() && dotted.as_deref().is_some_and(matches_key))
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_their_table() {
        let text = "+++\ntitle = \"T\"\ndoi = 1\n[links]\npdf = \"x\"\ndoi = \"y\"\n+++\ndoi = 3\n";
        assert_eq!(key_line(text, None, "title"), Some(2));
        assert_eq!(key_line(text, None, "doi"), Some(3));
        assert_eq!(key_line(text, Some("links"), "doi"), Some(6));
        assert_eq!(key_line(text, Some("links"), "code"), None);
        assert_eq!(key_line("+++\nlinks.pdf = \"x\"\n+++\n", Some("links"), "pdf"), Some(2));
    }

    /// A link to a file of `static/` in other upper and lower case is broken on GitHub Pages:
    /// reported on every system, also where the file system finds the file anyway.
    #[test]
    fn static_files_are_found_with_the_case_as_written() {
        let root = tempfile::tempdir().unwrap();
        let files = root.path().join(STATIC_DIR).join("files");
        std::fs::create_dir_all(&files).unwrap();
        std::fs::write(files.join("Paper.pdf"), "%PDF").unwrap();
        let context = Context {
            root: root.path(),
            today: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            topics_defined: false,
            listings: Default::default(),
        };
        assert_eq!(context.find_static("files/Paper.pdf"), Found::Exact);
        assert_eq!(context.find_static("/files/./Paper.pdf"), Found::Exact);
        assert_eq!(context.find_static("files/paper.pdf"), Found::OtherCase("files/Paper.pdf".into()));
        assert_eq!(context.find_static("Files/PAPER.pdf"), Found::OtherCase("files/Paper.pdf".into()));
        assert_eq!(context.find_static("files/other.pdf"), Found::Missing);
        assert_eq!(context.find_static("nothing/Paper.pdf"), Found::Missing);
        assert_eq!(context.find_static("files/../files/Paper.pdf"), Found::Exact);
        assert!(missing_hint(&context.find_static("files/paper.pdf"), "").contains("static/files/Paper.pdf"));
    }

    #[test]
    fn raw_latex_and_title_normalisation() {
        assert!(has_raw_latex("A \\emph{Study}", false));
        assert!(has_raw_latex("On $O(n)$ Time", false));
        assert!(!has_raw_latex("Costs $5 Million", false));
        assert!(!has_raw_latex("Sparse $\\ell_1$ Recovery", true));
        assert!(has_raw_latex("Sparse $\\ell_1$ \\emph{Recovery}", true));
        assert_eq!(normalize_title("Deep  Learning: A {Survey}!"), "deep learning a survey");
    }
}
