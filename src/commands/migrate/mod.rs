//! `migrate OLD_SITE [NEW_DIR]`: an al-folio, academicpages or Hugo Blox site made a pubsite
//! site. Each generator's reader turns the old folder into a `Plan` (settings, profile, news,
//! pages, papers, files to copy, and everything it could not carry over, with file and line);
//! the plan is then written as `init` would write a site, the papers through the importer, and
//! the new site is built once to show it works. The old folder is only read.

mod academicpages;
mod alfolio;
mod hugoblox;
mod links;
mod markup;
mod settings;
mod source;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diagnostic::{Error, Result};
use crate::commands::import::{self, ImportOptions, ImportReport, Imported};
use crate::commands::scaffold::{PAGES_WORKFLOW, PAGES_WORKFLOW_PATH};
use crate::io::load::{CONFIG_FILE, PAGES_DIR, STATIC_DIR};
use crate::pipeline::build::{self, BuildOptions};

use source::Doc;

/// The generators a site can be migrated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    AlFolio,
    AcademicPages,
    HugoBlox,
}

impl Generator {
    pub fn name(self) -> &'static str {
        match self {
            Generator::AlFolio => "al-folio",
            Generator::AcademicPages => "academicpages",
            Generator::HugoBlox => "Hugo Blox (Wowchemy)",
        }
    }

    /// The generator that made the site in `old`, from the folders each one has.
    pub fn detect(old: &Path) -> Option<Generator> {
        let has = |p: &str| old.join(p).exists();
        if has("content/publication") || has("content/publications") || has("content/authors") {
            Some(Generator::HugoBlox)
        } else if has("_bibliography") {
            Some(Generator::AlFolio)
        } else if has("_publications") {
            Some(Generator::AcademicPages)
        } else if has("_config.yml") && has("_pages/about.md") {
            // A Jekyll site with neither: al-folio's layout is the nearer.
            Some(Generator::AlFolio)
        } else {
            None
        }
    }
}

/// How to migrate.
#[derive(Debug, Clone, Default)]
pub struct MigrateOptions {
    /// Report what would be carried over, write nothing.
    pub dry_run: bool,
}

/// Something of the old site that was not carried over (or only in part), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// Relative to the old site's folder.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub what: String,
    pub why: String,
}

impl Left {
    pub(crate) fn at(
        file: &Path,
        line: Option<usize>,
        what: impl Into<String>,
        why: impl Into<String>,
    ) -> Left {
        Left { file: file.to_path_buf(), line, what: what.into(), why: why.into() }
    }
}

impl fmt::Display for Left {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: {}", self.what, self.why)
    }
}

/// What a migration did (or would do, in a dry run).
#[derive(Debug)]
pub struct MigrateReport {
    pub generator: Generator,
    /// The new site's folder (in a dry run, where it would be).
    pub target: PathBuf,
    /// One line per kind of thing carried over.
    pub carried: Vec<String>,
    pub left: Vec<Left>,
    /// The papers' import: files written, merges, notes, fields left out.
    pub papers: ImportReport,
    pub news: usize,
    pub pages: Vec<String>,
    /// Files copied into `static/`.
    pub files: usize,
    /// The new site's build: the number of pages, or why it failed.
    pub build: std::result::Result<usize, String>,
    /// `base_url` was not found in the old site; a placeholder was written.
    pub placeholder_url: bool,
}

impl MigrateReport {
    /// Papers written (new files).
    pub fn paper_count(&self) -> usize {
        self.papers.written.len() + self.papers.updated.len() + self.papers.unchanged.len()
    }
}

/// The new site, as read from the old one.
#[derive(Debug, Default)]
struct Plan {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    cname: Option<String>,
    owner: Owner,
    news: Vec<News>,
    pages: Vec<NewPage>,
    /// Files to copy: from (absolute) to (relative to the new site's root).
    copies: Vec<(PathBuf, PathBuf)>,
    /// A .bib to import (al-folio).
    bib: Option<PathBuf>,
    /// Papers read from other files than a .bib, each with its file (relative) and line.
    papers: Vec<(Imported, PathBuf)>,
    /// Topic codes and names.
    topics: Vec<(String, String)>,
    selected_heading: Option<String>,
    carried: Vec<String>,
    left: Vec<Left>,
}

#[derive(Debug, Default)]
struct Owner {
    name: Option<String>,
    aliases: Vec<String>,
    position: Option<String>,
    affiliation: Option<String>,
    affiliation_url: Option<String>,
    bio: Option<String>,
    /// A path in `static/`.
    photo: Option<String>,
    email: Option<String>,
    links: Vec<(&'static str, String)>,
}

#[derive(Debug)]
struct News {
    date: NaiveDate,
    text: String,
}

#[derive(Debug)]
struct NewPage {
    name: String,
    title: String,
    description: Option<String>,
    weight: Option<i64>,
    body: String,
    /// The old file, relative.
    source: PathBuf,
}

impl Plan {
    /// Copies every file below `from` (relative to `old`) to `to` (relative to the new root);
    /// returns how many.
    fn copy_tree(&mut self, old: &Path, from: &str, to: &str) -> usize {
        let dir = old.join(from);
        if !dir.is_dir() {
            return 0;
        }
        let before = self.copies.len();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = entry.path().strip_prefix(&dir) {
                self.copies.push((entry.path().to_path_buf(), Path::new(to).join(rel)));
            }
        }
        self.copies.len() - before
    }

    /// Copies one file to `static/<to>`; returns the path in `static/`.
    fn copy_file(&mut self, from: PathBuf, to: &str) -> String {
        self.copies.push((from, Path::new(STATIC_DIR).join(to)));
        to.to_owned()
    }

    /// Adds a profile link when the service is one pubsite knows; else reports it.
    fn link(&mut self, doc: &Doc, key: &str, service: &str, value: String) {
        match profile_service(service) {
            Some(name) if !self.owner.links.iter().any(|(n, _)| *n == name) => {
                match crate::model::profile::link_address(name, &value) {
                    Ok(_) => self.owner.links.push((name, value)),
                    Err(hint) => self.left.push(doc.left(
                        key,
                        format!("the {service} link ({value})"),
                        format!("not an address pubsite can link: {hint}"),
                    )),
                }
            }
            Some(_) => {}
            None => self.left.push(doc.left(
                key,
                format!("the {service} link ({value})"),
                "pubsite's profile has no link for this service; add it to the bio if you want it shown",
            )),
        }
    }
}

/// pubsite's name for a profile service, from the names the generators use.
fn profile_service(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase().replace(['-', ' '], "_");
    Some(match name.as_str() {
        "scholar" | "scholar_userid" | "googlescholar" | "google_scholar" | "graduation_cap" => "scholar",
        "orcid" | "orcid_id" => "orcid",
        "semantic_scholar" | "semanticscholar" | "semanticscholar_id" => "semantic_scholar",
        "dblp" | "dblp_url" => "dblp",
        "github" | "github_username" => "github",
        "linkedin" | "linkedin_username" => "linkedin",
        "x" | "x_username" | "twitter" | "twitter_username" | "x_twitter" => "x",
        "bluesky" | "bluesky_url" => "bluesky",
        "mastodon" | "mastodon_username" => "mastodon",
        "homepage" | "website" | "uri" | "globe" => "homepage",
        _ => return None,
    })
}

/// A page name for a file stem or permalink: lower-case, dashes; a name the site uses itself
/// gets `-page` after it.
pub(crate) fn page_name(stem: &str) -> String {
    let name = slug::slugify(stem);
    let name = if name.is_empty() { "page".to_owned() } else { name };
    if crate::model::pages::valid_name(&name) {
        name
    } else {
        format!("{name}-page")
    }
}

/// Where a site is migrated when no folder is named: beside the old one, `<name>-pubsite`.
pub fn default_target(old: &Path) -> PathBuf {
    let absolute = fs::canonicalize(old).unwrap_or_else(|_| old.to_path_buf());
    let name = absolute.file_name().and_then(|n| n.to_str()).unwrap_or("site");
    absolute.with_file_name(format!("{name}-pubsite"))
}

/// Migrates the site in `old` into `new` (a new or empty folder).
pub fn migrate(old: &Path, new: &Path, options: &MigrateOptions) -> Result<MigrateReport> {
    if !old.is_dir() {
        return Err(Error::Usage(format!("{} is not a folder", old.display())));
    }
    let generator = Generator::detect(old).ok_or_else(|| {
        Error::Usage(format!(
            "{} is not a site pubsite can migrate: it has none of _bibliography/ (al-folio), _publications/ (academicpages), content/publication/ or content/authors/ (Hugo Blox)",
            old.display()
        ))
    })?;
    check_target(old, new)?;
    let mut plan = match generator {
        Generator::AlFolio => alfolio::read(old),
        Generator::AcademicPages => academicpages::read(old),
        Generator::HugoBlox => hugoblox::read(old),
    };
    finish(&mut plan);
    let staging;
    let dir = if options.dry_run {
        staging =
            tempfile::tempdir().map_err(|e| Error::io("cannot create a temporary folder for", new, e))?;
        staging.path().to_path_buf()
    } else {
        fs::create_dir_all(new).map_err(|e| Error::io("cannot create", new, e))?;
        new.to_path_buf()
    };
    let files = write(&plan, &dir)?;
    let mut papers = ImportReport::default();
    let import_options = ImportOptions::default();
    if let Some(bib) = &plan.bib {
        papers = import::import(&dir, bib, &import_options)?;
    }
    for (p, file) in &mut plan.papers {
        if p.date.is_none() && p.status.is_none() {
            p.status = Some("undated".into());
            plan.left.push(Left::at(
                file,
                None,
                "the date",
                "the publication has none; written with status = \"undated\" (add the date)",
            ));
        }
    }
    if !plan.papers.is_empty() {
        let from = plan.papers[0].1.parent().map(Path::to_path_buf).unwrap_or_default();
        let entries = plan.papers.iter().map(|(p, _)| (p.clone(), 1)).collect();
        import::add_papers(&dir, &old.join(from), entries, &import_options, &mut papers)?;
    }
    let out = tempfile::tempdir().map_err(|e| Error::io("cannot create a temporary folder for", new, e))?;
    let build = build::build(&BuildOptions {
        root: dir.clone(),
        output: Some(out.path().join("public")),
        base_url: None,
        include_drafts: false,
    })
    .map(|summary| summary.pages)
    .map_err(|e| e.to_string());
    Ok(MigrateReport {
        generator,
        target: new.to_path_buf(),
        placeholder_url: plan.base_url.is_none(),
        carried: plan.carried,
        left: plan.left,
        papers,
        news: plan.news.len(),
        pages: plan.pages.iter().map(|p| p.name.clone()).collect(),
        files,
        build,
    })
}

/// Refuses a target inside the old site (the old folder is never changed) or holding files.
fn check_target(old: &Path, new: &Path) -> Result<()> {
    let old_abs = fs::canonicalize(old).map_err(|e| Error::io("cannot read", old, e))?;
    let mut probe = if new.is_absolute() {
        new.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io("cannot read", Path::new("."), e))?.join(new)
    };
    // The nearest folder that exists, made absolute.
    let mut rest = Vec::new();
    while !probe.exists() {
        match (probe.file_name().map(ToOwned::to_owned), probe.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                probe = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut new_abs = fs::canonicalize(&probe).unwrap_or(probe);
    new_abs.extend(rest.iter().rev());
    if new_abs.starts_with(&old_abs) || old_abs.starts_with(&new_abs) {
        return Err(Error::Usage(format!(
            "the new site cannot be {} (inside the old site or holding it): name a folder beside it, e.g. {}",
            new.display(),
            default_target(old).display()
        )));
    }
    if new.is_dir() && fs::read_dir(new).map(|mut d| d.next().is_some()).unwrap_or(false) {
        return Err(Error::Usage(format!(
            "{} is not empty: name a new or empty folder for the new site",
            new.display()
        )));
    }
    if new.exists() && !new.is_dir() {
        return Err(Error::Usage(format!("{} is a file: name a new or empty folder", new.display())));
    }
    Ok(())
}

/// Makes the plan's names unique and its Markdown renderable: math that pubsite cannot show
/// is turned into text (`\$`) and reported.
fn finish(plan: &mut Plan) {
    let mut taken = std::collections::HashSet::new();
    for page in &mut plan.pages {
        let base = page.name.clone();
        let mut n = 2;
        while !taken.insert(page.name.clone()) {
            page.name = format!("{base}-{n}");
            n += 1;
        }
    }
    let mut left = Vec::new();
    let mut renderable = |text: &mut String, file: &Path| {
        if let Err(e) = crate::base::markdown::render_with_base(text, Some("/")) {
            let line = text[..e.offset.min(text.len())].matches('\n').count() + 1;
            left.push(Left::at(
                file,
                None,
                format!("math at line {line} of the converted text"),
                format!("{}; the dollar signs were made plain text", e.message),
            ));
            *text = text.replace('$', "\\$");
        }
    };
    for page in &mut plan.pages {
        renderable(&mut page.body, &page.source.clone());
    }
    if let Some(bio) = &mut plan.owner.bio {
        renderable(bio, Path::new("(the bio)"));
    }
    for news in &mut plan.news {
        renderable(&mut news.text, Path::new("(a news item)"));
    }
    plan.left.extend(left);
    plan.news.sort_by(|a, b| b.date.cmp(&a.date));
    // Links to what the new site will not have.
    let served = links::Served::of(plan);
    let mut gone: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let mut unlink = |text: &mut String, file: &Path| {
        let (kept, dead) = links::unlink_dead(text, &served);
        if !dead.is_empty() {
            *text = kept;
            gone.push((file.to_path_buf(), dead));
        }
    };
    for page in &mut plan.pages {
        unlink(&mut page.body, &page.source);
    }
    if let Some(bio) = &mut plan.owner.bio {
        unlink(bio, Path::new("(the bio)"));
    }
    for news in &mut plan.news {
        unlink(&mut news.text, Path::new("(a news item)"));
    }
    for (paper, file) in &mut plan.papers {
        if let Some(text) = &mut paper.abstract_text {
            unlink(text, file);
        }
    }
    for (file, dead) in gone {
        for target in dead {
            plan.left.push(Left::at(
                &file,
                None,
                format!("the link to `{target}`"),
                "a page or file of the old site that the new one does not have; the link's text is kept",
            ));
        }
    }
}

/// Writes the plan's files into `dir`; returns how many files were copied into `static/`.
fn write(plan: &Plan, dir: &Path) -> Result<usize> {
    let put = |rel: &Path, text: &str| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };
    put(Path::new(CONFIG_FILE), &settings::site_toml(plan))?;
    put(Path::new(".gitignore"), "public/\n.pubsite-cache/\n")?;
    put(Path::new(PAGES_WORKFLOW_PATH), PAGES_WORKFLOW)?;
    for page in &plan.pages {
        put(&Path::new(PAGES_DIR).join(format!("{}.md", page.name)), &settings::page_file(page))?;
    }
    let mut copied = 0;
    for (from, to) in &plan.copies {
        let target = dir.join(to);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        fs::copy(from, &target).map_err(|e| Error::io("cannot copy", from, e))?;
        copied += 1;
    }
    Ok(copied)
}

/// Reads the front matter of every Markdown file directly in `folder` (relative to `old`),
/// sorted by name; files that cannot be read are reported.
fn markdown_files(old: &Path, folder: &str, left: &mut Vec<Left>) -> Vec<Doc> {
    let Ok(entries) = fs::read_dir(old.join(folder)) else { return Vec::new() };
    let mut names: Vec<PathBuf> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md" || e == "markdown" || e == "html"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(old).ok()?.to_path_buf();
            let name = rel.file_name()?.to_str()?;
            // Jekyll skips `_x.md` and `.x.md`: users switch pages off so.
            if name.starts_with(['_', '.']) {
                return None;
            }
            let doc = Doc::markdown(old, &rel).map_err(|l| left.push(l)).ok()?;
            if doc.front.is_null() {
                left.push(Left::at(
                    &rel,
                    None,
                    "the file",
                    "it has no front matter, so the old site copied it as a plain file; not carried over",
                ));
                return None;
            }
            Some(doc)
        })
        .collect()
}

/// The site's address from a `CNAME` file (Jekyll's at the root, Hugo's in static/).
fn cname(old: &Path, plan: &mut Plan, file: &str) {
    let Ok(text) = fs::read_to_string(old.join(file)) else { return };
    let host = text.trim().trim_end_matches('/').to_owned();
    if host.is_empty() || host.contains(['/', ' ', ':']) {
        return;
    }
    if plan.base_url.is_none() {
        plan.base_url = Some(format!("https://{host}/"));
    }
    if !file.starts_with("static/") {
        plan.cname = Some(host.clone());
    }
    plan.carried.push(format!("custom domain from {file}: {host}"));
}

/// Text without HTML tags, on one line, entities decoded.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    let out = out.replace("&amp;", "&").replace("&nbsp;", " ").replace("&quot;", "\"").replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without HTML tags or Markdown emphasis, on one line (`In *Nature*` -> `In Nature`).
fn plain(text: &str) -> String {
    strip_tags(text).replace("**", "").replace('*', "")
}

/// Sample text the old themes ship and their users often keep: never carried over as theirs.
const SAMPLES: [&str; 16] = [
    "a simple inline announcement",
    "a long announcement with details",
    "paper title number",
    "talk 1 on relevant topic",
    "tutorial 1 on relevant topic",
    "conference proceeding talk 3",
    "teaching experience 1",
    "teaching experience 2",
    "blog post number",
    "an example conference paper",
    "an example journal article",
    "an example preprint",
    "a simple, whitespace theme for academics",
    "personal description",
    "click the *cite* button above",
    "replace this text with your description",
];

/// Whether `text` is one of the old theme's samples.
fn is_sample(text: &str) -> bool {
    let lower = text.to_lowercase();
    SAMPLES.iter().any(|s| lower.contains(s))
}

/// A generic page of the old site (`_pages/x.md`), or `None` with a report when it is made by
/// the old theme (a list of posts or projects, a CV from data files, an archive).
fn site_page(doc: &Doc, plan: &mut Plan) -> Option<NewPage> {
    let stem = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or("page").to_owned();
    let permalink = doc.str("permalink").unwrap_or_default();
    let last = permalink.trim_matches('/').rsplit('/').next().unwrap_or("").trim_end_matches(".html");
    let name = page_name(if last.is_empty() { &stem } else { last });
    let title = doc.str("title").map(|t| plain(&t)).unwrap_or_else(|| stem.replace(['-', '_'], " "));
    let mut left = Vec::new();
    let body =
        markup::markdown(doc.body(), &markup::Origin { file: &doc.path, line: doc.body_line() }, &mut left);
    let prose: usize = body
        .lines()
        .filter(|l| !l.trim_start().starts_with('`') && !l.contains("{{ papers("))
        .map(|l| l.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count())
        .sum();
    let layout = doc.str("layout").unwrap_or_default();
    let code = ["{% for", "{%- for", "{% if", "{%- if", "{% assign", "{%- assign", "{% capture"];
    if code.iter().any(|c| doc.body().contains(c)) {
        plan.left.push(Left::at(
            &doc.path,
            None,
            format!("the page `{title}`"),
            "made by template code (loops over the old site's posts, projects or data); pubsite has no such page, write what to keep as Markdown",
        ));
        return None;
    }
    if body.contains("{{ papers(") && prose < 40 {
        plan.carried
            .push(format!("{}: a list of publications; the home page lists every paper", doc.path.display()));
        return None;
    }
    if prose < 5 {
        let why = match layout.as_str() {
            "cv" => "a CV that the old theme makes from data files (_data/cv.yml, assets/json/resume.json); write it as a page of content/pages/".to_owned(),
            "" => "a page with no text of its own".to_owned(),
            other => format!("a page that the old theme's `{other}` layout makes from template code; pubsite has no such page"),
        };
        plan.left.push(Left::at(&doc.path, None, format!("the page `{title}`"), why));
        return None;
    }
    plan.left.extend(left);
    Some(NewPage {
        name,
        title,
        description: doc.str("description").map(|d| plain(&d)),
        weight: doc.str("nav_order").and_then(|w| w.parse().ok()),
        body,
        source: doc.path.clone(),
    })
}

/// Sets the paper's DOI or arXiv id when `written` is a valid one (an id or its address);
/// returns whether it was.
fn identifier(p: &mut Imported, written: &str) -> bool {
    use crate::base::ident::{ArxivId, Doi};
    let lower = written.to_ascii_lowercase();
    if lower.contains("arxiv.org/") || lower.starts_with("arxiv:") {
        let id = ArxivId::new(written);
        if id.checked().is_some() {
            p.arxiv.get_or_insert(id);
            return true;
        }
        return false;
    }
    let doi = Doi::new(written);
    if doi.checked().is_some()
        && (lower.contains("doi.org/") || lower.starts_with("10.") || lower.starts_with("doi:"))
    {
        p.doi.get_or_insert(doi);
        return true;
    }
    false
}

/// A base URL from a site address and a sub-path (`https://u.github.io` + `/repo`).
fn base_url(url: Option<String>, path: Option<String>) -> Option<String> {
    let url = url?.trim().trim_end_matches('/').to_owned();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let path = path.unwrap_or_default();
    let path = path.trim().trim_matches('/');
    Some(if path.is_empty() { format!("{url}/") } else { format!("{url}/{path}/") })
}

/// Whether a URL points at the old site itself (its own files); the path inside it if so.
fn own_path<'u>(url: &'u str, base: Option<&str>) -> Option<&'u str> {
    if url.starts_with('/') {
        return Some(url.trim_start_matches('/'));
    }
    let base = base?;
    url.strip_prefix(base.trim_end_matches('/')).map(|p| p.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_avoid_the_sites_own() {
        assert_eq!(page_name("Teaching"), "teaching");
        assert_eq!(page_name("news"), "news-page");
        assert_eq!(page_name("404"), "404-page");
        assert_eq!(page_name("my_projects"), "my-projects");
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url(Some("https://u.github.io".into()), Some("".into())).unwrap(),
            "https://u.github.io/"
        );
        assert_eq!(
            base_url(Some("https://u.github.io/".into()), Some("/repo".into())).unwrap(),
            "https://u.github.io/repo/"
        );
        assert!(base_url(Some("".into()), None).is_none());
        assert_eq!(
            own_path("https://u.github.io/files/a.pdf", Some("https://u.github.io/")),
            Some("files/a.pdf")
        );
        assert_eq!(own_path("/files/a.pdf", None), Some("files/a.pdf"));
    }

    #[test]
    fn plain_text() {
        assert_eq!(plain("In *Nature* <b>2020</b>"), "In Nature 2020");
    }
}
