//! `migrate OLD_SITE [NEW_DIR]`: an al-folio, academicpages or Hugo Blox site made a pubsite
//! site. Each generator's reader turns the old folder into a `Plan` (settings, profile, news,
//! pages, papers, files to copy, and everything it could not carry over, with file and line);
//! the plan is then written as `init` would write a site, the papers through the importer, and
//! the new site is built once to show it works. The old folder is only read.

mod academicpages;
mod alfolio;
mod hugoblox;
mod left;
mod links;
mod markup;
mod plan;
mod settings;
mod source;
mod text;

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Error, Result};
use crate::commands::import::{self, ImportOptions, ImportReport};
use crate::commands::scaffold::{PAGES_WORKFLOW, PAGES_WORKFLOW_PATH};
use crate::io::load::{CONFIG_FILE, PAGES_DIR};
use crate::pipeline::build::{self, BuildOptions};

pub use crate::commands::migrate::left::Left;
use crate::commands::migrate::plan::Plan;

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
        Generator::AlFolio => crate::commands::migrate::alfolio::read(old),
        Generator::AcademicPages => crate::commands::migrate::academicpages::read(old),
        Generator::HugoBlox => crate::commands::migrate::hugoblox::read(old),
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
        let entries: Vec<_> = plan.papers.iter().map(|(p, _)| (p.clone(), 1)).collect();
        // The fields of the .bib files beside the papers (Hugo's cite.bib, a bibtexurl).
        import::count_fields(&entries, &mut papers);
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
    plan.news.sort_by_key(|n| std::cmp::Reverse(n.date));
    // Links to what the new site will not have.
    let served = crate::commands::migrate::links::Served::of(plan);
    let mut gone: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let mut unlink = |text: &mut String, file: &Path| {
        let (kept, dead) = crate::commands::migrate::links::unlink_dead(text, &served);
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
    put(Path::new(CONFIG_FILE), &crate::commands::migrate::settings::site_toml(plan))?;
    put(Path::new(".gitignore"), "public/\n.pubsite-cache/\n")?;
    put(Path::new(PAGES_WORKFLOW_PATH), PAGES_WORKFLOW)?;
    for page in &plan.pages {
        put(
            &Path::new(PAGES_DIR).join(format!("{}.md", page.name)),
            &crate::commands::migrate::settings::page_file(page),
        )?;
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
