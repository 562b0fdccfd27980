//! `import FILE.bib`: BibTeX/BibLaTeX entries to paper files. The file is split into entries
//! first, so one broken entry is reported (with its line) and the others still import. Two
//! entries of one paper (a preprint and its published version, the same DOI) are merged into
//! one paper; an entry of a paper already on the site (same key, DOI or arXiv id) updates that
//! paper's file, keeping what the user added by hand. Every field that is not taken is reported.

mod bib;
mod entry;
mod write;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Diagnostic, Error, Result};
use crate::base::latex;
use crate::io::load::{self, PAPERS_DIR, STATIC_DIR};
use crate::model::paper;

pub(crate) use entry::Imported;
pub(crate) use write::array as toml_strings;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    /// Rewrite matching papers whole (the fields added by hand are lost) instead of updating them.
    pub force: bool,
    /// A topic code for every imported paper.
    pub topic: Option<String>,
    /// A folder holding the local files the entries name (`pdf = {a.pdf}`): they are copied
    /// into `static/`.
    pub files: Option<PathBuf>,
}

/// What an import did (or would do, in a dry run).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// New paper files.
    pub written: Vec<PathBuf>,
    /// Paper files of earlier imports brought up to date.
    pub updated: Vec<PathBuf>,
    /// Paper files that the entries match and that needed no change.
    pub unchanged: Vec<PathBuf>,
    /// One line per pair of entries merged into one paper, saying why and what was taken.
    pub merged: Vec<String>,
    /// One line per entry left out, saying why.
    pub skipped: Vec<String>,
    pub invalid: Vec<Diagnostic>,
    /// Things the user should know: unsafe links left out, citation keys used twice, a Latin-1
    /// file, entries without a year.
    pub notes: Vec<String>,
    /// Local files that entries name and that were not found (the links are not written).
    pub missing_files: Vec<String>,
    /// Files copied into `static/` from `--files`.
    pub copied: Vec<PathBuf>,
    /// For each field of the .bib: how many entries had it, and how many of those entries'
    /// papers took it (0 means it was not imported).
    pub fields: BTreeMap<String, FieldCount>,
}

/// How often a .bib field was seen and taken.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FieldCount {
    pub entries: usize,
    pub taken: usize,
}

impl ImportReport {
    /// The fields not imported, each with its count and why, for the user.
    pub fn fields_left_out(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(_, count)| count.taken < count.entries)
            .map(|(name, count)| {
                let n = count.entries - count.taken;
                format!("{name} ({n} entr{}): {}", if n == 1 { "y" } else { "ies" }, why_left_out(name))
            })
            .collect()
    }
}

/// Why pubsite does not take a field.
fn why_left_out(field: &str) -> &'static str {
    match field {
        "bibtex_show" | "altmetric" | "dimensions" | "google_scholar_id" | "inspirehep_id" | "hidden"
        | "badges" => "an al-folio display switch; pubsite shows the citation formats on every paper page",
        "keywords" | "mendeley-tags" | "tags" => {
            "topics are codes defined in site.toml; add topics = [...] to the papers"
        }
        "timestamp" | "biburl" | "bibsource" | "owner" | "file" | "mendeley-groups" | "urldate"
        | "langid" | "language" | "adsnote" | "added-at" | "interhash" | "intrahash" | "date-added"
        | "date-modified" | "comment" => "bookkeeping of a reference manager",
        "pmid" | "pmc" | "mesh" | "pst" | "journal-full" | "sici" => {
            "a PubMed field; the DOI links the paper"
        }
        "eid" => "an article number beside the pages that were kept",
        "primaryclass" => "the arXiv category; the arXiv link carries it",
        "isbn" | "issn" => "not a valid ISBN/ISSN",
        "volume" => "a CoRR volume (abs/...); the arXiv id carries it",
        "year" | "month" | "day" | "date" => "a later date field of the entry was taken instead",
        "url" | "ee" | "html" | "howpublished" | "adsurl" => "a second address; the first one was kept",
        "pdf" | "code" | "website" | "project" | "slides" | "video" | "poster" | "supp" | "blog"
        | "preview" => "a local file that was not found, or an unsafe link (see above)",
        f if f.starts_with("bdsk-") => "a BibDesk link to a local file or page",
        f if f.starts_with("opt") => "switched off in the file (BibTeX reads no `opt...` field)",
        _ => "pubsite has no field for it",
    }
}

/// A paper already on the site, for matching.
struct OnSite {
    path: PathBuf,
}

/// The papers on the site, by citation key, DOI and arXiv id (lower-cased keys).
#[derive(Default)]
struct Site {
    papers: Vec<OnSite>,
    by_key: HashMap<String, usize>,
    slugs: HashSet<String>,
}

impl Site {
    fn read(root: &Path) -> Result<Site> {
        let files = load::read_site(root)?;
        let mut site = Site::default();
        for file in &files.papers {
            if let Some(stem) = file.path.file_stem().and_then(|s| s.to_str()) {
                site.slugs.insert(stem.to_owned());
            }
            if let Ok(p) = paper::parse(&file.path, &file.text) {
                let mut keys = Vec::new();
                if let Some(key) = &p.key {
                    keys.push(format!("key:{}", key.to_lowercase()));
                }
                if let Some(doi) = &p.links.doi {
                    keys.push(format!("doi:{}", doi.key()));
                }
                if let Some(arxiv) = &p.links.arxiv {
                    keys.push(format!("arxiv:{}", arxiv.key()));
                }
                let index = site.papers.len();
                for key in keys {
                    site.by_key.entry(key).or_insert(index);
                }
                site.papers.push(OnSite { path: root.join(&file.path) });
            }
        }
        Ok(site)
    }

    fn find(&self, p: &Imported) -> Option<&OnSite> {
        identity(p).iter().find_map(|k| self.by_key.get(k)).map(|&i| &self.papers[i])
    }
}

/// What identifies an imported paper: its key, DOI and arXiv id.
fn identity(p: &Imported) -> Vec<String> {
    let mut keys: Vec<String> =
        p.own_key.then(|| format!("key:{}", p.key.to_lowercase())).into_iter().collect();
    if let Some(doi) = &p.doi {
        keys.push(format!("doi:{}", doi.key()));
    }
    if let Some(arxiv) = &p.arxiv {
        keys.push(format!("arxiv:{}", arxiv.key()));
    }
    keys
}

fn title_key(title: &str) -> String {
    latex::to_unicode(title).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The entries of a .bib text converted (with the line of each), the invalid ones (key, byte
/// offset, why), and the blocks left out.
struct Converted {
    entries: Vec<(Imported, usize)>,
    invalid: Vec<(String, usize, String)>,
    skipped: Vec<String>,
}

fn convert_all(text: &str) -> Converted {
    let all = bib::blocks(text);
    let strings = bib::strings(&all);
    let parents = bib::crossref_targets(&all);
    let mut out = Converted { entries: Vec::new(), invalid: Vec::new(), skipped: Vec::new() };
    for block in all.iter().filter(|b| b.is_entry()) {
        if parents.contains(&block.key.to_lowercase()) {
            out.skipped.push(format!("{} (a volume that other entries cite through crossref)", block.key));
            continue;
        }
        let line = text[..block.offset].matches('\n').count() + 1;
        match bib::parse_block(block, &all, &strings).and_then(|e| entry::convert(&e)) {
            Ok(imported) => out.entries.push((imported, line)),
            Err(message) => out.invalid.push((block.key.clone(), block.offset, message)),
        }
    }
    out
}

/// The paper file each entry of the BibTeX `text` would become, by entry key (or why it cannot),
/// without merging, local files or the site's checks. Pure: the importer's whole conversion, for
/// tests and fuzzing.
pub fn paper_files(text: &str) -> Vec<(String, std::result::Result<String, String>)> {
    let converted = convert_all(text);
    let mut files: Vec<(String, std::result::Result<String, String>)> = converted
        .entries
        .into_iter()
        .map(|(mut p, _)| {
            p.links.retain(|_, url| url.contains("://"));
            p.preview = p.preview.filter(|url| url.contains("://"));
            (p.key.clone(), Ok(write::new_file(&p, None)))
        })
        .collect();
    files.extend(
        converted
            .invalid
            .into_iter()
            .map(|(key, _, message)| (key.clone(), Err(format!("entry `{key}`: {message}")))),
    );
    files
}

/// Imports `file` into the site at `root`.
pub fn import(root: &Path, file: &Path, options: &ImportOptions) -> Result<ImportReport> {
    let bytes = fs::read(file).map_err(|e| Error::io("cannot read", file, e))?;
    let (text, latin1_line) = bib::decode(&bytes);
    let mut report = ImportReport::default();
    if let Some(line) = latin1_line {
        report.notes.push(format!(
            "{}:{line}: the file is not UTF-8; it was read as Latin-1 (ISO 8859-1): check the accented letters",
            file.display()
        ));
    }
    let converted = convert_all(&text);
    report.skipped = converted.skipped;
    for (key, offset, message) in converted.invalid {
        report.invalid.push(
            Diagnostic::new(file, format!("entry `{key}`: {message}"))
                .at_offset(&text, offset)
                .with_hint("fix or remove this entry; the others were imported"),
        );
    }
    count_fields(&converted.entries, &mut report);
    report_reused_keys(&converted.entries, file, &mut report);
    add_papers(root, file, converted.entries, options, &mut report)?;
    Ok(report)
}

/// The papers of a BibTeX text (with the line of each entry), leaving out the entries that
/// cannot be read: for other sources of papers that come with a .bib (a Hugo `cite.bib`).
pub(crate) fn bib_papers(text: &str) -> Vec<(Imported, usize)> {
    convert_all(text).entries
}

/// Adds `papers` (read from `file`, with their lines) to the site at `root` as an import does:
/// papers of one work merged, papers already on the site updated, local files resolved.
pub(crate) fn add_papers(
    root: &Path,
    file: &Path,
    papers: Vec<(Imported, usize)>,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> Result<()> {
    let site = Site::read(root)?;
    let mut papers = merge(papers, report);
    // A key is never changed: a later paper of the file with an earlier one's key gets none
    // written (one is made up for it), and the note above names both.
    let mut keys = HashSet::new();
    for (p, _) in &mut papers {
        p.own_key = keys.insert(p.key.to_lowercase());
    }

    let mut slugs = site.slugs.clone();
    for (mut p, line) in papers {
        for url in &p.dropped {
            report.notes.push(format!(
                "{}: `{url}` is not an http(s), mailto or relative link, so it was left out",
                p.key
            ));
        }
        if p.date.is_none() {
            report.notes.push(format!(
                "{}:{line}: entry `{}` has no year: imported without a date, with status = \"{}\" (add the date when it appears)",
                file.display(),
                p.key,
                p.status.as_deref().unwrap_or_default()
            ));
        }
        resolve_files(&mut p, root, options, report);
        match site.find(&p) {
            Some(existing) => {
                let old = fs::read_to_string(&existing.path)
                    .map_err(|e| Error::io("cannot read", &existing.path, e))?;
                let new = if options.force {
                    write::new_file(&p, options.topic.as_deref())
                } else {
                    write::updated_file(&old, &p).map_err(|message| {
                        Error::Content(vec![Diagnostic::new(&existing.path, message).with_hint(
                            "fix the paper file's front matter, or import with --force to rewrite it",
                        )])
                    })?
                };
                if new == old {
                    report.unchanged.push(existing.path.clone());
                    continue;
                }
                if !options.dry_run {
                    fs::write(&existing.path, new)
                        .map_err(|e| Error::io("cannot write", &existing.path, e))?;
                }
                report.updated.push(existing.path.clone());
            }
            None => {
                let slug = unique_slug(&p.title, &slugs);
                let path = root.join(PAPERS_DIR).join(format!("{slug}.md"));
                slugs.insert(slug);
                if !options.dry_run {
                    if let Some(parent) = path.parent() {
                        fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
                    }
                    fs::write(&path, write::new_file(&p, options.topic.as_deref()))
                        .map_err(|e| Error::io("cannot write", &path, e))?;
                }
                report.written.push(path);
            }
        }
    }
    Ok(())
}

/// Counts, per field, the entries that have it and the entries that took it.
pub(crate) fn count_fields(entries: &[(Imported, usize)], report: &mut ImportReport) {
    for (p, _) in entries {
        for field in &p.fields {
            let count = report.fields.entry(field.clone()).or_default();
            count.entries += 1;
            if p.used.contains(field) && !dropped_field(p, field) {
                count.taken += 1;
            }
        }
    }
}

/// Whether a field that was read ended up out of the paper (an invalid ISBN, a CoRR volume).
fn dropped_field(p: &Imported, field: &str) -> bool {
    match field {
        "isbn" => p.record.isbn.is_none(),
        "issn" => p.record.issn.is_none(),
        "primaryclass" => true,
        "volume" => p.record.volume.is_none(),
        _ => false,
    }
}

/// Notes each citation key that more than one entry uses.
fn report_reused_keys(entries: &[(Imported, usize)], file: &Path, report: &mut ImportReport) {
    let mut lines: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (p, line) in entries {
        lines.entry(p.key.to_lowercase()).or_default().push(*line);
    }
    for (key, lines) in lines.into_iter().filter(|(_, l)| l.len() > 1) {
        let at: Vec<String> = lines.iter().map(|l| format!("{}:{l}", file.display())).collect();
        report.notes.push(format!(
            "the citation key `{key}` is used by {} entries ({}): only the first keeps it, the others get a made-up key; give each its own key so that \\cite finds the right one",
            lines.len(),
            at.join(", ")
        ));
    }
}

/// Merges the entries of one paper: same DOI, same arXiv id, or the same title when one is a
/// preprint and the other is not, or both are of one kind and year (a thesis and a paper of
/// one title stay two, as do a conference paper and its later journal version). The published
/// one is kept, with the identifiers and links of both.
fn merge(entries: Vec<(Imported, usize)>, report: &mut ImportReport) -> Vec<(Imported, usize)> {
    let mut out: Vec<(Imported, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let keys_of = |p: &Imported| -> Vec<String> {
        let mut keys: Vec<String> = identity(p).into_iter().filter(|k| !k.starts_with("key:")).collect();
        keys.push(format!("title:{}", title_key(&p.title)));
        keys
    };
    for (p, line) in entries {
        let keys = keys_of(&p);
        let found = keys.iter().find_map(|k| index.get(k).map(|&i| (i, k.clone()))).filter(|(i, k)| {
            let q = &out[*i].0;
            let year = |p: &Imported| p.date.map(|d| d.year());
            !k.starts_with("title:")
                || q.is_preprint() != p.is_preprint()
                || (q.kind == p.kind && year(q) == year(&p))
        });
        let Some((i, why)) = found else {
            for key in keys {
                index.entry(key).or_insert(out.len());
            }
            out.push((p, line));
            continue;
        };
        let kept = &mut out[i];
        let other =
            if kept.0.is_preprint() && !p.is_preprint() { std::mem::replace(kept, (p, line)).0 } else { p };
        let winner = &mut kept.0;
        let added = absorb(winner, &other);
        let why = match why.split(':').next() {
            Some("doi") => "same DOI",
            Some("arxiv") => "same arXiv id",
            _ => "same title",
        };
        report.merged.push(format!(
            "{} into {} ({why}){}",
            other.key,
            winner.key,
            if added.is_empty() { String::new() } else { format!(": took its {}", added.join(", ")) }
        ));
        for key in keys_of(winner) {
            index.entry(key).or_insert(i);
        }
    }
    out
}

/// Fills what `kept` lacks from `other`; returns the names of what it took.
fn absorb(kept: &mut Imported, other: &Imported) -> Vec<String> {
    let mut added = Vec::new();
    if kept.doi.is_none() && other.doi.is_some() {
        kept.doi = other.doi.clone();
        added.push("DOI".to_owned());
    }
    if kept.arxiv.is_none() && other.arxiv.is_some() {
        kept.arxiv = other.arxiv.clone();
        added.push("arXiv id".to_owned());
    }
    let mut take = |name: &str, mine: &mut Option<String>, theirs: &Option<String>| {
        if mine.is_none() && theirs.is_some() {
            mine.clone_from(theirs);
            added.push(name.to_owned());
        }
    };
    take("abstract", &mut kept.abstract_text, &other.abstract_text);
    take("abbr", &mut kept.abbr, &other.abbr);
    take("award", &mut kept.award, &other.award);
    take("preview", &mut kept.preview, &other.preview);
    take("url", &mut kept.record.url, &other.record.url);
    for (name, url) in &other.links {
        if !kept.links.contains_key(name) {
            kept.links.insert(name, url.clone());
            added.push(format!("{name} link"));
        }
    }
    if other.featured && !kept.featured {
        kept.featured = true;
        added.push("selected".into());
    }
    kept.used.extend(other.used.iter().cloned());
    added
}

/// Local files that entries name (`pdf = {a.pdf}`, `preview = {a.png}`): a link to the file in
/// `static/` when it is there or in `--files` (copied in), else left out and listed.
fn resolve_files(p: &mut Imported, root: &Path, options: &ImportOptions, report: &mut ImportReport) {
    let mut links = std::mem::take(&mut p.links);
    links.retain(|_, target| {
        if target.contains("://") || target.starts_with("mailto:") {
            return true;
        }
        match local_file(target, "files", root, options, report) {
            Some(found) => {
                *target = found;
                true
            }
            None => {
                report.missing_files.push(format!("{target} (entry {})", p.key));
                false
            }
        }
    });
    p.links = links;
    if let Some(preview) = p.preview.take() {
        let readable = Path::new(&preview)
            .extension()
            .and_then(|e| e.to_str())
            .is_none_or(|e| ["png", "jpg", "jpeg", "webp", "svg"].contains(&e.to_ascii_lowercase().as_str()));
        if !readable {
            report.notes.push(format!(
                "the preview {preview} (entry {}) is not a PNG, JPEG, WebP or SVG picture, so it was left out (convert it and set preview = ...)",
                p.key
            ));
            return;
        }
        p.preview = if preview.contains("://") {
            Some(preview)
        } else {
            let found = local_file(&preview, "images", root, options, report);
            if found.is_none() {
                report.missing_files.push(format!("{preview} (entry {})", p.key));
            }
            found
        };
    }
}

/// The path in `static/` of the local file `written`: found there (as written, in `folder`, or
/// where al-folio keeps it), or copied there from `--files`.
fn local_file(
    written: &str,
    folder: &str,
    root: &Path,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> Option<String> {
    let statics = root.join(STATIC_DIR);
    let name = Path::new(written).file_name()?.to_str()?.to_owned();
    let inside = written.trim_start_matches('/');
    let candidates = [
        inside.to_owned(),
        format!("{folder}/{name}"),
        format!("assets/pdf/{name}"),
        format!("assets/img/publication_preview/{name}"),
    ];
    if let Some(found) = candidates.into_iter().find(|c| statics.join(c).is_file()) {
        return Some(found);
    }
    let dir = options.files.as_ref()?;
    let source = [dir.join(inside), dir.join(&name)].into_iter().find(|s| s.is_file()).or_else(|| {
        // Anywhere below (an al-folio site keeps assets/pdf/ and assets/img/publication_preview/).
        walkdir::WalkDir::new(dir)
            .max_depth(5)
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with(['.', '_']) || e.depth() == 0)
            .filter_map(std::result::Result::ok)
            .find(|e| e.file_type().is_file() && e.file_name().to_str() == Some(name.as_str()))
            .map(walkdir::DirEntry::into_path)
    })?;
    let target = format!("{folder}/{name}");
    let to = statics.join(&target);
    if !options.dry_run {
        fs::create_dir_all(to.parent()?).ok()?;
        fs::copy(&source, &to).ok()?;
    }
    report.copied.push(to);
    Some(target)
}

fn unique_slug(title: &str, taken: &HashSet<String>) -> String {
    let base: Vec<String> = slug::slugify(title).split('-').take(8).map(str::to_owned).collect();
    let base = if base.is_empty() || base[0].is_empty() { "paper".to_owned() } else { base.join("-") };
    if !taken.contains(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|s| !taken.contains(s)).unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(file.contains("venue = \"Proc. of X\"") && file.contains("date = 2020\n"), "{file}");
        assert!(!file.contains("10.1/vol"), "{file}");
    }

    #[test]
    fn impossible_dates_are_refused_not_written() {
        // Found by the bibtex fuzz target: `date = 0005-14-01` was written and did not parse.
        for date in ["date = {5-14-01}", "date = {2020-02-30}", "year = {123456}", "year = {0}"] {
            let files = paper_files(&format!("@book{{k, title = {{T}}, {date}}}"));
            let message = files[0].1.as_ref().unwrap_err();
            assert!(
                message.contains("not a real date") || message.contains("not a year"),
                "{date}: {message}"
            );
        }
        assert!(paper_files("@book{k, title = {T}, date = {2020-02-29}}")[0].1.is_ok());
    }

    #[test]
    fn arxiv_versions_are_ignored_for_duplicates() {
        use crate::base::ident::ArxivId;
        assert_eq!(ArxivId::new("https://arxiv.org/abs/1803.05407v2").key(), "1803.05407");
        assert_eq!(ArxivId::new("arXiv:1803.05407").key(), "1803.05407");
    }
}
