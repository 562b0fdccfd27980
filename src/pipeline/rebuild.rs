//! The rebuild loop's memory: what the last build read and rendered, so that a change to a few
//! papers re-parses only those files, re-renders only the pages that show them, and rewrites
//! only the output files whose bytes changed. Settings, template or static changes rebuild all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::base::diagnostic::{Error, Result};
use crate::io::load;
use crate::io::load::SourceFile;
use crate::io::output::{self, OutputFile, SyncReport};
use crate::pipeline::build::output_files;
use crate::pipeline::prepare::{prepare, BuildOptions, Inputs};
use crate::present::render::{self, Affected, RenderCache, Scope};
use crate::site::urls;
use crate::site::{parse_paper, Site};

/// A change seen in the site folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A paper file (path relative to the site root) was written, created or deleted.
    Paper(PathBuf),
    /// Settings, templates or static files changed: everything is read again.
    Everything,
}

/// What a rebuild did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RebuildReport {
    pub full: bool,
    pub papers: usize,
    pub pages_rendered: usize,
    pub sync: SyncReport,
    /// The base URL's path after this build (`/repo/`).
    pub base_path: Option<String>,
    pub load_time: Duration,
    pub render_time: Duration,
    pub write_time: Duration,
    /// Whether the pages were written, and announced, before the data files (an update of some
    /// papers); `ready_time` is then the time from the start to that moment.
    pub pages_first: bool,
    pub ready_time: Duration,
}

/// Rebuilds a site again and again, doing as little as each change needs.
pub struct Rebuilder {
    options: BuildOptions,
    output: PathBuf,
    inputs: Option<Inputs>,
    /// The last site that rendered.
    rendered: Option<Site>,
    /// Paper list entries of the last render.
    entries: RenderCache,
    /// The site just read with everything (`read_everything`), not yet rendered.
    fresh: Option<Site>,
    /// Paper files changed since the last successful render.
    pending: BTreeSet<PathBuf>,
    /// Settings, templates or static files changed since the last successful full render.
    full_pending: bool,
}

impl Rebuilder {
    pub fn new(options: BuildOptions) -> Result<Self> {
        let output = options.output_dir();
        output::check_output_location(&options.root, &output)?;
        Ok(Rebuilder {
            options,
            output,
            inputs: None,
            rendered: None,
            fresh: None,
            entries: RenderCache::default(),
            pending: BTreeSet::new(),
            full_pending: true,
        })
    }

    pub(crate) fn output(&self) -> &Path {
        &self.output
    }

    pub(crate) fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The base URL's path of the site as last read.
    pub(crate) fn base_path(&self) -> Option<String> {
        self.inputs.as_ref().map(|i| i.config.base_url.path().to_owned())
    }

    /// Applies `changes` and brings the output up to date.
    pub fn rebuild(&mut self, changes: &[Change]) -> Result<RebuildReport> {
        self.rebuild_then(changes, || {})
    }

    /// Like `rebuild`, and, after a change to some papers only, calls `pages_ready` as soon as
    /// the HTML pages are in place: before the exports (`publications.json` and the BibTeX
    /// files, tens of MB for thousands of papers) are made and written, so that `serve` can
    /// reload the browser without waiting for them. A full rebuild does not call it.
    pub(crate) fn rebuild_then(
        &mut self,
        changes: &[Change],
        pages_ready: impl FnOnce(),
    ) -> Result<RebuildReport> {
        let started = Instant::now();
        let (site, full) = self.load(changes)?;
        let load_time = started.elapsed();

        let scope = match (&self.rendered, full) {
            (Some(rendered), false) => Scope::Affected(affected(rendered, &site, &self.pending)),
            _ => Scope::All,
        };
        // An update of some papers writes (and announces) its pages first and makes the exports
        // after; a full rebuild makes and writes everything before it is announced.
        let pages_first = matches!(scope, Scope::Affected(_));
        let render_started = Instant::now();
        let tera = &self.inputs.as_ref().expect("inputs were just read").tera;
        let pages = render::render_site(&site, tera, &scope, &mut self.entries, !pages_first)
            .map_err(Error::Content)?;
        let render_time = render_started.elapsed();
        let mut pages_rendered = pages.len();

        let write_started = Instant::now();
        let (files, stale) = self.files_and_stale(&scope, &site, pages);
        let (first, mut then): (Vec<OutputFile>, Vec<OutputFile>) = if pages_first {
            files.into_iter().partition(|f| f.path.extension().is_some_and(|e| e == "html"))
        } else {
            (files, Vec::new())
        };
        let mut sync = output::sync(&self.output, &first, &stale)?;
        let ready_time = started.elapsed();
        if pages_first {
            pages_ready();
            let data = render::data_files(&site, &scope, &mut self.entries);
            pages_rendered += data.len();
            then.extend(data.into_iter().map(as_output_file));
        }
        let rest = output::sync(&self.output, &then, &[])?;
        sync.written += rest.written;
        sync.unchanged += rest.unchanged;
        let write_time = write_started.elapsed();

        let papers = site.papers.len();
        self.rendered = Some(site);
        self.pending.clear();
        self.full_pending = false;
        Ok(RebuildReport {
            full,
            papers,
            pages_rendered,
            sync,
            base_path: self.base_path(),
            load_time,
            render_time,
            write_time,
            pages_first,
            ready_time,
        })
    }

    /// Takes in `changes` and makes the new site: from everything read again when the settings,
    /// templates or static files changed (or nothing was read yet), else from the last inputs
    /// with the changed papers read again. Also says whether every page must be rendered.
    fn load(&mut self, changes: &[Change]) -> Result<(Site, bool)> {
        for change in changes {
            match change {
                Change::Everything => self.full_pending = true,
                Change::Paper(path) => {
                    self.pending.insert(path.clone());
                }
            }
        }
        let full = self.full_pending || self.inputs.is_none() || self.rendered.is_none();
        if self.full_pending || self.inputs.is_none() {
            self.read_everything()?;
        } else {
            self.reread_papers(changes)?;
        }
        let inputs = self.inputs.as_ref().expect("inputs were just read");
        let site = match self.fresh.take() {
            Some(site) => site,
            // The settings are those of the last site unless everything was read again.
            None => inputs.site(if full { None } else { self.rendered.as_ref() }).map_err(Error::Content)?,
        };
        Ok((site, full))
    }

    /// The files to write and those to remove: after an update of some papers, the pages
    /// rendered and the pages of the last site that are gone; else every file of the output.
    fn files_and_stale(
        &self,
        scope: &Scope,
        site: &Site,
        pages: Vec<render::Page>,
    ) -> (Vec<OutputFile>, Vec<PathBuf>) {
        match (scope, &self.rendered) {
            (Scope::Affected(_), Some(rendered)) => {
                (pages.into_iter().map(as_output_file).collect(), gone_pages(rendered, site))
            }
            _ => {
                let static_files = &self.inputs.as_ref().expect("inputs were just read").static_files;
                let files = output_files(site, pages, static_files);
                let keep: BTreeSet<&PathBuf> = files.iter().map(|f| &f.path).collect();
                let stale =
                    output::existing_files(&self.output).into_iter().filter(|p| !keep.contains(p)).collect();
                (files, stale)
            }
        }
    }

    /// Reads and checks the whole site again; keeps the inputs and their site.
    fn read_everything(&mut self) -> Result<()> {
        self.inputs = None;
        let (inputs, site) = prepare(load::read_site(&self.options.root)?, &self.options)?;
        self.inputs = Some(inputs);
        self.fresh = Some(site);
        Ok(())
    }

    /// Reads the changed paper files again: a missing file is a deleted paper, and a folder
    /// (created, moved or deleted) stands for every paper in it.
    fn reread_papers(&mut self, changes: &[Change]) -> Result<()> {
        let inputs = self.inputs.as_mut().expect("inputs exist");
        let root = &self.options.root;
        for change in changes {
            let Change::Paper(path) = change else { continue };
            inputs.papers.retain(|(known, _)| !known.starts_with(path) || root.join(known).is_file());
            for file in paper_files_at(root, path) {
                let parsed = match load::read_text(root, &file) {
                    Ok(text) => parse_paper(&inputs.config, &SourceFile { path: file.clone(), text }),
                    Err(problem) => Err(vec![problem]),
                };
                inputs.set_paper(file, parsed);
            }
        }
        Ok(())
    }
}

fn as_output_file(page: render::Page) -> OutputFile {
    OutputFile { path: page.path, content: output::Content::Bytes(page.bytes) }
}

/// The paper files at `path` (relative to `root`): itself if it is a `.md` file, the `.md` files
/// under it if it is a folder, nothing if it is gone.
fn paper_files_at(root: &Path, path: &Path) -> Vec<PathBuf> {
    let full = root.join(path);
    if full.is_file() {
        return if path.extension().is_some_and(|e| e == "md") {
            vec![path.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    walkdir::WalkDir::new(&full)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            e.path().strip_prefix(root).ok().map(|inside| crate::io::load::site_relative("", inside))
        })
        .collect()
}

/// The pages that changed papers appear on: their own (old and new slugs), and the pages of
/// their topics and years before and after the change.
fn affected(old: &Site, new: &Site, changed: &BTreeSet<PathBuf>) -> Affected {
    let same_pages = old.papers.len() == new.papers.len()
        && old.papers.iter().zip(&new.papers).all(|(a, b)| a.slug == b.slug && a.date == b.date);
    let same_authors = old.authors.authors.len() == new.authors.authors.len()
        && old
            .authors
            .authors
            .iter()
            .zip(&new.authors.authors)
            .all(|(a, b)| a.slug == b.slug && a.papers.len() == b.papers.len());
    let mut affected = Affected { indexes: !(same_pages && same_authors), ..Affected::default() };
    // Changed files are compared directly; an extensionless change may be a folder of papers.
    let folders: Vec<&PathBuf> = changed.iter().filter(|c| c.extension().is_none()).collect();
    let is_changed = |p: &crate::model::paper::Paper| {
        changed.contains(&p.source) || folders.iter().any(|f| p.source.starts_with(f))
    };
    for site in [old, new] {
        for paper in site.papers.iter().filter(|p| is_changed(p)) {
            affected.papers.insert(paper.slug.clone());
            affected.topics.extend(paper.topics.iter().map(|(code, _)| code.clone()));
            affected.years.extend(paper.year());
            affected
                .authors
                .extend(paper.authors.iter().filter_map(|a| site.authors.get(a)).map(|a| a.slug.clone()));
        }
    }
    affected
}

/// Pages of the old site that the new one no longer has (deleted or renamed papers, emptied
/// years).
fn gone_pages(old: &Site, new: &Site) -> Vec<PathBuf> {
    let slugs: BTreeSet<&str> = new.papers.iter().map(|p| p.slug.as_str()).collect();
    let years: BTreeSet<i32> = new.years.iter().map(|(y, _)| *y).collect();
    let papers = old
        .papers
        .iter()
        .filter(|p| !slugs.contains(p.slug.as_str()))
        .map(|p| PathBuf::from(urls::index_file(&urls::paper(p.slug.as_str()))));
    // A year left without papers loses its page and its BibTeX.
    let emptied = old.years.iter().filter(|(y, _)| !years.contains(y)).flat_map(|(y, _)| {
        [PathBuf::from(urls::index_file(&urls::year(*y))), PathBuf::from(urls::bibtex_in(&urls::year(*y)))]
    });
    let authors: BTreeSet<&str> = new.authors.authors.iter().map(|a| a.slug.as_str()).collect();
    let lone = old
        .authors
        .authors
        .iter()
        .filter(|a| !authors.contains(a.slug.as_str()))
        .map(|a| PathBuf::from(urls::index_file(&urls::author(&a.slug))));
    let pages = crate::present::render::extra_list_pages(new);
    let extra = crate::present::render::extra_list_pages(old)
        .into_iter()
        .filter(|dir| !pages.contains(dir))
        .map(|dir| PathBuf::from(format!("{dir}index.html")));
    papers.chain(emptied).chain(lone).chain(extra).collect()
}
