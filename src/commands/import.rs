//! `import FILE.bib`: BibTeX/BibLaTeX entries to paper files. The file is split into entries
//! first, so one broken entry is reported (with its line) and the others still import; entries
//! already on the site (same DOI, arXiv id or title) are skipped, and existing files are only
//! overwritten with `--force`.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use biblatex::{Bibliography, ChunksExt, Entry, Person};

use crate::base::diagnostic::{Diagnostic, Error, Result};
use crate::base::ident::{is_safe_id, is_safe_link, ArxivId, Doi};
use crate::base::latex;
use crate::io::load::{self, PAPERS_DIR};
use crate::model::paper;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub force: bool,
    /// A topic code for every imported paper.
    pub topic: Option<String>,
}

/// What an import did (or would do, in a dry run).
#[derive(Debug, Default)]
pub struct ImportReport {
    pub written: Vec<PathBuf>,
    /// One line per entry left out, saying why.
    pub skipped: Vec<String>,
    pub invalid: Vec<Diagnostic>,
    /// Links left out of imported papers because they are not http(s), mailto or a path.
    pub dropped_links: Vec<String>,
}

/// One `@type{...}` block of a .bib file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block<'a> {
    kind: String,
    key: String,
    text: &'a str,
    offset: usize,
    closed: bool,
}

/// Splits a .bib file into its `@...{...}` blocks; text between blocks is a comment.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find('@').map(|p| p + i) {
        let name_end = text[at + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map_or(text.len(), |p| at + 1 + p);
        let kind = text[at + 1..name_end].to_ascii_lowercase();
        let open = text[name_end..].find(|c: char| !c.is_whitespace()).map(|p| name_end + p);
        let Some(open) = open.filter(|&o| matches!(bytes[o], b'{' | b'(')) else {
            i = at + 1;
            continue;
        };
        let close_char = if bytes[open] == b'{' { b'}' } else { b')' };
        let mut depth = 0i32;
        let mut end = None;
        for (k, &b) in bytes[open..].iter().enumerate() {
            match b {
                b'{' | b'(' if b == bytes[open] || b == b'{' => depth += 1,
                b'}' | b')' if b == close_char || b == b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(open + k + 1);
                        break;
                    }
                }
                // A new entry at the start of a line while braces are still open: this one
                // was never closed.
                b'@' if k > 0 && bytes[open + k - 1] == b'\n' && depth > 0 => break,
                _ => {}
            }
        }
        let (closed, stop) = match end {
            Some(end) => (true, end),
            None => {
                let next = text[open..].find("\n@").map_or(text.len(), |p| open + p + 1);
                (false, next)
            }
        };
        let key = text[open + 1..stop].split([',', '\n']).next().unwrap_or_default().trim().to_owned();
        out.push(Block { kind, key, text: &text[at..stop], offset: at, closed });
        i = stop;
    }
    out
}

/// A paper already on the site, for duplicate checks.
struct Known {
    dois: HashSet<String>,
    arxiv: HashSet<String>,
    titles: HashSet<String>,
    slugs: HashSet<String>,
}

impl Known {
    fn read(root: &Path) -> Result<Known> {
        let files = load::read_site(root)?;
        let mut known = Known {
            dois: HashSet::new(),
            arxiv: HashSet::new(),
            titles: HashSet::new(),
            slugs: HashSet::new(),
        };
        for file in &files.papers {
            if let Some(stem) = file.path.file_stem().and_then(|s| s.to_str()) {
                known.slugs.insert(stem.to_owned());
            }
            if let Ok(p) = paper::parse(&file.path, &file.text) {
                known.add(&p.title, p.links.doi.as_ref(), p.links.arxiv.as_ref());
            }
        }
        Ok(known)
    }

    fn add(&mut self, title: &str, doi: Option<&Doi>, arxiv: Option<&ArxivId>) {
        self.titles.insert(title_key(title));
        if let Some(doi) = doi {
            self.dois.insert(doi.key());
        }
        if let Some(arxiv) = arxiv {
            self.arxiv.insert(arxiv.key());
        }
    }

    /// Why an imported paper duplicates a known one, if it does.
    fn duplicate(&self, p: &Imported) -> Option<&'static str> {
        if p.doi.as_ref().is_some_and(|d| self.dois.contains(&d.key())) {
            Some("same DOI")
        } else if p.arxiv.as_ref().is_some_and(|a| self.arxiv.contains(&a.key())) {
            Some("same arXiv id")
        } else if self.titles.contains(&title_key(&p.title)) {
            Some("same title")
        } else {
            None
        }
    }
}

fn title_key(title: &str) -> String {
    latex::to_unicode(title).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// An entry turned into paper fields.
#[derive(Debug, Clone, PartialEq)]
struct Imported {
    key: String,
    kind: Option<paper::Kind>,
    title: String,
    date: String,
    authors: Vec<String>,
    /// The author list ends with "and others".
    et_al: bool,
    venue: Option<String>,
    doi: Option<Doi>,
    arxiv: Option<ArxivId>,
    pdf: Option<String>,
    url: Option<String>,
    abstract_text: Option<String>,
    /// Link targets left out as unsafe (`javascript:`, `data:`).
    dropped: Vec<String>,
}

/// The paper file each entry of the BibTeX `text` would become, by entry key (or why it cannot),
/// without the site's duplicate checks. Pure: the importer's whole conversion, for tests and fuzzing.
pub fn paper_files(text: &str) -> Vec<(String, std::result::Result<String, String>)> {
    let all = blocks(text);
    let strings: String =
        all.iter().filter(|b| b.kind == "string" && b.closed).map(|b| b.text).collect::<Vec<_>>().join("\n");
    all.iter()
        .filter(|b| !matches!(b.kind.as_str(), "string" | "comment" | "preamble"))
        .map(|block| {
            let file = parse_block(block, &all, &strings)
                .and_then(|entry| convert(&entry))
                .map(|imported| render(&imported, None));
            (block.key.clone(), file)
        })
        .collect()
}

/// Imports `file` into the site at `root`.
pub fn import(root: &Path, file: &Path, options: &ImportOptions) -> Result<ImportReport> {
    let text = fs::read_to_string(file).map_err(|e| Error::io("cannot read", file, e))?;
    let mut known = Known::read(root)?;
    let mut report = ImportReport::default();
    let all = blocks(&text);
    let strings: String =
        all.iter().filter(|b| b.kind == "string" && b.closed).map(|b| b.text).collect::<Vec<_>>().join("\n");
    let parents = crossref_targets(&all);
    for block in all.iter().filter(|b| !matches!(b.kind.as_str(), "string" | "comment" | "preamble")) {
        if parents.contains(&block.key.to_lowercase()) {
            report.skipped.push(format!("{} (a volume that other entries cite through crossref)", block.key));
            continue;
        }
        let entry = match parse_block(block, &all, &strings) {
            Ok(entry) => entry,
            Err(message) => {
                report.invalid.push(
                    Diagnostic::new(file, message)
                        .at_offset(&text, block.offset)
                        .with_hint("fix or remove this entry; the others were imported"),
                );
                continue;
            }
        };
        let imported = match convert(&entry) {
            Ok(imported) => imported,
            Err(message) => {
                report.invalid.push(
                    Diagnostic::new(file, format!("entry `{}`: {message}", block.key))
                        .at_offset(&text, block.offset)
                        .with_hint("add the missing field; the other entries were imported"),
                );
                continue;
            }
        };
        if let Some(why) = known.duplicate(&imported) {
            if !options.force {
                report
                    .skipped
                    .push(format!("{} ({}: already on the site or earlier in the file)", imported.key, why));
                continue;
            }
        }
        known.add(&imported.title, imported.doi.as_ref(), imported.arxiv.as_ref());
        let slug = unique_slug(&imported.title, &known.slugs, options.force);
        let path = root.join(PAPERS_DIR).join(format!("{slug}.md"));
        if path.exists() && !options.force {
            report.skipped.push(format!(
                "{} ({} exists; use --force to overwrite)",
                imported.key,
                path.display()
            ));
            continue;
        }
        known.slugs.insert(slug);
        for url in &imported.dropped {
            report.dropped_links.push(format!(
                "{}: `{url}` is not an http(s), mailto or relative link, so it was left out",
                imported.key
            ));
        }
        if !options.dry_run {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
            }
            fs::write(&path, render(&imported, options.topic.as_deref()))
                .map_err(|e| Error::io("cannot write", &path, e))?;
        }
        report.written.push(path);
    }
    Ok(report)
}

/// The keys (lower-cased) that entries name in `crossref`.
fn crossref_targets(all: &[Block]) -> HashSet<String> {
    all.iter().filter_map(|b| crossref_of(b.text)).map(|k| k.to_lowercase()).collect()
}

fn crossref_of(text: &str) -> Option<&str> {
    let at = text.to_lowercase().find("crossref")?;
    let rest = &text[at..];
    let value = rest.split(['{', '"']).nth(1)?.split(['}', '"']).next()?;
    Some(value.trim())
}

/// Parses one block with the file's `@string`s and, for `crossref`, its parent entry.
fn parse_block(block: &Block, all: &[Block], strings: &str) -> std::result::Result<Entry, String> {
    if !block.closed {
        return Err(format!("entry `{}` is not closed: a `}}` is missing", block.key));
    }
    let mut source = format!("{strings}\n{}\n", block.text);
    let parent_key = crossref_of(block.text).filter(|p| !p.eq_ignore_ascii_case(&block.key));
    let parent = parent_key.and_then(|p| all.iter().find(|b| b.key.eq_ignore_ascii_case(p) && b.closed));
    if let Some(parent) = parent {
        source.push_str(parent.text);
        source.push('\n');
    }
    // biblatex follows crossref and xdata recursively and never returns from a cycle (the
    // bibtex fuzz target found two): they are taken out, and the parent's fields are inherited
    // here, one level deep.
    let mut raw = biblatex::RawBibliography::parse(&source)
        .map_err(|e| format!("entry `{}`: {}", block.key, e.kind))?;
    for entry in &mut raw.entries {
        entry.v.fields.retain(|f| !["crossref", "xdata"].iter().any(|k| f.key.v.eq_ignore_ascii_case(k)));
    }
    let bibliography =
        Bibliography::from_raw(raw).map_err(|e| format!("entry `{}`: {}", block.key, e.kind))?;
    let mut entry = bibliography
        .get(&block.key)
        .cloned()
        .ok_or_else(|| format!("entry `{}` could not be read", block.key))?;
    if let Some(parent) = parent.and_then(|p| bibliography.get(&p.key)).filter(|p| p.key != entry.key) {
        inherit(&mut entry, parent);
    }
    Ok(entry)
}

/// Fills the fields `child` lacks from its crossref `parent`: a volume's title becomes the
/// child's `booktitle`; identifiers and the abstract are the volume's own and stay there.
fn inherit(child: &mut Entry, parent: &Entry) {
    const OWN: [&str; 8] = ["doi", "url", "eprint", "abstract", "pdf", "file", "ids", "key"];
    for (name, value) in &parent.fields {
        let target = match name.as_str() {
            "title" => "booktitle",
            "subtitle" => "booksubtitle",
            own if OWN.contains(&own) => continue,
            other => other,
        };
        child.fields.entry(target.to_owned()).or_insert_with(|| value.clone());
    }
}

fn field(entry: &Entry, name: &str) -> Option<String> {
    let text = latex::to_unicode(&entry.get(name)?.format_verbatim());
    (!text.trim().is_empty()).then(|| text.trim().to_owned())
}

fn person_name(p: &Person) -> String {
    let parts = [p.given_name.as_str(), p.prefix.as_str(), p.name.as_str(), p.suffix.as_str()];
    latex::to_unicode(&parts.iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" "))
}

fn convert(entry: &Entry) -> std::result::Result<Imported, String> {
    let title = field(entry, "title").ok_or("it has no title")?;
    let date = date_of(entry).ok_or("it has no year or date that is a real day (such as year = 2024)")?;
    let people: Vec<String> = entry
        .get_as::<Vec<Person>>("author")
        .or_else(|_| entry.get_as::<Vec<Person>>("editor"))
        .map(|people| people.iter().map(person_name).filter(|n| !n.is_empty()).collect())
        .unwrap_or_default();
    let et_al = people.iter().any(|n| n == "others");
    let authors = people.into_iter().filter(|n| n != "others").collect();
    let kind = match entry.entry_type.to_string().to_lowercase().as_str() {
        "article" => Some(paper::Kind::Article),
        "inproceedings" | "conference" => Some(paper::Kind::InProceedings),
        "incollection" | "inbook" => Some(paper::Kind::InCollection),
        "book" => Some(paper::Kind::Book),
        "phdthesis" => Some(paper::Kind::PhdThesis),
        "mastersthesis" => Some(paper::Kind::MastersThesis),
        "techreport" | "report" => Some(paper::Kind::TechReport),
        "unpublished" => Some(paper::Kind::Unpublished),
        _ => Some(paper::Kind::Misc),
    };
    let venue =
        ["booktitle", "journal", "journaltitle", "school", "institution", "publisher", "howpublished"]
            .iter()
            .find_map(|f| field(entry, f))
            .filter(|v| !v.to_lowercase().starts_with("http"));
    let url = field(entry, "url");
    let eprint_type =
        field(entry, "archiveprefix").or_else(|| field(entry, "eprinttype")).unwrap_or_default();
    let arxiv = field(entry, "eprint")
        .filter(|_| eprint_type.is_empty() || eprint_type.eq_ignore_ascii_case("arxiv"))
        .or_else(|| url.clone().filter(|u| u.contains("arxiv.org/abs/")));
    let pdf = url.clone().filter(|u| u.to_lowercase().ends_with(".pdf"));
    let doi = field(entry, "doi");
    let dropped = url
        .iter()
        .filter(|u| !is_safe_link(u))
        .chain(doi.iter().filter(|d| !is_safe_id(d)))
        .chain(arxiv.iter().filter(|a| !is_safe_id(a)))
        .cloned()
        .collect();
    let doi = doi.filter(|d| is_safe_id(d)).map(Doi::new);
    let arxiv = arxiv.filter(|a| is_safe_id(a)).map(ArxivId::new);
    let url = url.filter(|u| is_safe_link(u));
    let pdf = pdf.filter(|u| is_safe_link(u));
    let url = url.filter(|u| pdf.is_none() && !u.contains("arxiv.org/abs/") && !u.contains("doi.org/"));
    Ok(Imported {
        key: entry.key.clone(),
        kind,
        title,
        date,
        authors,
        et_al,
        venue,
        doi,
        arxiv,
        pdf,
        url,
        abstract_text: field(entry, "abstract"),
        dropped,
    })
}

/// `YYYY-MM-DD` from `date`, or `year` and `month` (month names, numbers or macros).
/// `YYYY-MM-DD` of a real day (years 1 to 9999), from `date_parts`.
fn date_of(entry: &Entry) -> Option<String> {
    date_parts(entry).filter(|date| {
        date.len() == 10
            && !date.starts_with("0000")
            && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
    })
}

fn date_parts(entry: &Entry) -> Option<String> {
    if let Some(date) = field(entry, "date") {
        let parts: Vec<u32> = date.split(['-', '/']).take(3).filter_map(|p| p.trim().parse().ok()).collect();
        return match parts.as_slice() {
            [y, m, d] => Some(format!("{y:04}-{m:02}-{d:02}")),
            [y, m] => Some(format!("{y:04}-{m:02}-01")),
            [y] => Some(format!("{y:04}-01-01")),
            _ => None,
        };
    }
    let year: u32 =
        field(entry, "year")?.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()?;
    let month = field(entry, "month").and_then(|m| month_number(&m)).unwrap_or(1);
    Some(format!("{year:04}-{month:02}-01"))
}

fn month_number(month: &str) -> Option<u32> {
    let m = month.trim().to_lowercase();
    if let Ok(n) = m.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    NAMES.iter().position(|n| m.starts_with(n)).map(|i| i as u32 + 1)
}

fn unique_slug(title: &str, taken: &HashSet<String>, force: bool) -> String {
    let base: Vec<String> = slug::slugify(title).split('-').take(8).map(str::to_owned).collect();
    let base = if base.is_empty() || base[0].is_empty() { "paper".to_owned() } else { base.join("-") };
    if force || !taken.contains(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|s| !taken.contains(s)).unwrap_or(base)
}

/// The paper file for an imported entry.
fn render(p: &Imported, topic: Option<&str>) -> String {
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut out = vec!["+++".to_owned(), format!("title = {}", q(&p.title)), format!("date = {}", p.date)];
    out.push(format!("authors = [{}]", p.authors.iter().map(|a| q(a)).collect::<Vec<_>>().join(", ")));
    if p.et_al {
        out.push("et_al = true".into());
    }
    if let Some(topic) = topic {
        out.push(format!("topics = [{}]", q(topic)));
    }
    if let Some(venue) = &p.venue {
        out.push(format!("venue = {}", q(venue)));
    }
    if let Some(kind) = p.kind {
        out.push(format!("kind = {}", q(kind.bibtex_name())));
    }
    out.push(format!("key = {}", q(&p.key)));
    let ids = [p.arxiv.as_ref().map(ArxivId::id), p.doi.as_ref().map(Doi::id)];
    let links: Vec<String> =
        [("pdf", p.pdf.as_deref()), ("arxiv", ids[0]), ("doi", ids[1]), ("project", p.url.as_deref())]
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| format!("{name} = {}", q(v))))
            .collect();
    if !links.is_empty() {
        out.push(String::new());
        out.push("[links]".into());
        out.extend(links);
    }
    out.push("+++".into());
    out.push(p.abstract_text.clone().unwrap_or_default());
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_split_and_unclosed_ones_found() {
        let text = "% comment\n@string{icml = {ICML}}\n@article{a, title={X {Y}}}\nnoise\n@misc{b, title={Z}\n@book(c, title={W})\n";
        let found: Vec<(String, String, bool)> =
            blocks(text).into_iter().skip(1).map(|b| (b.kind, b.key, b.closed)).collect();
        assert_eq!(
            found,
            [
                ("article".into(), "a".into(), true),
                ("misc".into(), "b".into(), false),
                ("book".into(), "c".into(), true),
            ]
        );
    }

    #[test]
    fn crossref_cycles_end() {
        // Found by the bibtex fuzz target: biblatex resolved these until the stack overflowed.
        let own = paper_files("@book{k, title = {T}, year = 2020, crossref = {k}}");
        assert!(own[0].1.is_ok(), "{own:?}");
        let pair = paper_files("@book{a, title = {T}, year = 2020, crossref = {b}}\n@book{b, title = {U}, year = 2020, crossref = {a}}");
        assert!(pair.iter().all(|(_, f)| f.is_ok()), "{pair:?}");
        let xdata = paper_files("@string{me = \"k\"}\n@book{k, title = {T}, year = 2020, xdata = me}");
        assert!(xdata[0].1.is_ok(), "{xdata:?}");
        let braced = paper_files("@book{k, title = {T}, year = 2020, crossref = {{k}}}");
        assert!(braced[0].1.is_ok(), "{braced:?}");
        // One level of inheritance: the volume's title and year, not its DOI.
        let child = paper_files("@inproceedings{a, title = {T}, author = {A B}, crossref = {p}}\n@proceedings{p, title = {Proc. of X}, year = 2020, doi = {10.1/vol}}");
        let file = child[0].1.as_ref().unwrap();
        assert!(file.contains("venue = \"Proc. of X\"") && file.contains("date = 2020-01-01"), "{file}");
        assert!(!file.contains("10.1/vol"), "{file}");
    }

    #[test]
    fn impossible_dates_are_refused_not_written() {
        // Found by the bibtex fuzz target: `date = 0005-14-01` was written and did not parse.
        for date in ["date = {5-14-01}", "date = {2020-02-30}", "year = {123456}", "year = {0}"] {
            let files = paper_files(&format!("@book{{k, title = {{T}}, {date}}}"));
            let message = files[0].1.as_ref().unwrap_err();
            assert!(message.contains("real day"), "{date}: {message}");
        }
        assert!(paper_files("@book{k, title = {T}, date = {2020-02-29}}")[0].1.is_ok());
    }

    #[test]
    fn month_names_and_numbers() {
        assert_eq!(month_number("mar"), Some(3));
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("11"), Some(11));
        assert_eq!(month_number("13"), None);
    }

    #[test]
    fn arxiv_versions_are_ignored_for_duplicates() {
        assert_eq!(ArxivId::new("https://arxiv.org/abs/1803.05407v2").key(), "1803.05407");
        assert_eq!(ArxivId::new("arXiv:1803.05407").key(), "1803.05407");
    }
}
