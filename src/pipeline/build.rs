//! `build`: read the site folder, check it, render it and write the output, in that order. Any
//! problem stops the build before the output is touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Error, Result};
use crate::io::load;
use crate::io::output::{self, Content, OutputFile};
use crate::model::config::{self, ConfigOverrides};
use crate::present::render;
use crate::present::theme;
use crate::site::{Site, SiteOptions};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub include_drafts: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions { root: root.into(), output: None, base_url: None, include_drafts: false }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    /// How long each phase took, in order.
    pub timings: Vec<render::Phase>,
    pub output: PathBuf,
    pub papers: usize,
    pub pages: usize,
    pub files: usize,
    /// Files whose bytes changed (or are new) since the last build.
    pub written: usize,
}

/// Builds the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let output_dir = options.output_dir();
    output::check_output_location(&options.root, &output_dir)?;
    let started = std::time::Instant::now();
    let files = load::read_site(&options.root)?;
    let mut timings = vec![render::Phase::ended("read", started)];
    let parsing = std::time::Instant::now();
    let checked = check_files(files, options)?;
    timings.push(render::Phase::ended("parse and check", parsing));
    let mut cache = render::RenderCache::one_off();
    // Pages go to disk as they are rendered; the new output replaces the old one only at the end.
    let staging = output::Staging::new(&output_dir)?;
    let sink = StagingSink { staging: &staging, output: &output_dir };
    let page_count =
        render::render_site_into(&checked.site, &checked.tera, &render::Scope::All, &mut cache, true, &sink)
            .map_err(Error::Content)?;
    timings.append(&mut cache.timings);
    let writing = std::time::Instant::now();
    staging.write_waiting()?;
    let files = output_files(&checked.site, Vec::new(), &checked.static_files);
    files.par_iter().try_for_each(|file| staging.write(file))?;
    let (written, _) = staging.counts();
    staging.commit()?;
    timings.push(render::Phase::ended("assets, static files, swap", writing));
    let summary = BuildSummary {
        timings,
        output: output_dir,
        papers: checked.site.papers.len(),
        pages: page_count,
        files: page_count + files.len(),
        written,
    };
    // Freeing a large site's parsed papers and entries takes one core tens of milliseconds after
    // the output is complete; another thread does it, and a command that exits does not wait.
    std::thread::spawn(move || drop((checked, cache, files)));
    Ok(summary)
}

/// Writes rendered files into the new output as they come.
struct StagingSink<'s> {
    staging: &'s output::Staging,
    output: &'s Path,
}

impl StagingSink<'_> {
    fn diagnostic(&self, error: Error) -> Diagnostic {
        Diagnostic::new(self.output, error.to_string())
    }
}

impl render::Sink for StagingSink<'_> {
    fn page(&self, page: render::Page) -> std::result::Result<(), Diagnostic> {
        self.staging.write_page(page.path, page.bytes).map_err(|e| self.diagnostic(e))
    }

    fn stream(
        &self,
        path: PathBuf,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::result::Result<(), Diagnostic> {
        self.staging.write_streamed(&path, write).map_err(|e| self.diagnostic(e))
    }
}

/// A site read from disk and found free of problems, ready to render.
pub struct CheckedSite {
    pub site: Site,
    pub tera: tera::Tera,
    /// Files under `static/`: (path relative to `static/`, path on disk).
    pub static_files: Vec<(PathBuf, PathBuf)>,
}

/// Reads and checks the whole site, reporting config, paper and template problems together.
pub fn load_and_check(options: &BuildOptions) -> Result<CheckedSite> {
    check_files(load::read_site(&options.root)?, options)
}

/// Checks a site already read from disk (see `load_and_check`).
pub fn check_files(mut files: load::SiteFiles, options: &BuildOptions) -> Result<CheckedSite> {
    let overrides = ConfigOverrides { base_url: options.base_url.clone() };
    let config = config::parse(&files.config_path, &files.config_text, &overrides);
    let site_options = SiteOptions { include_drafts: options.include_drafts };
    let templates = std::mem::take(&mut files.templates);
    // The templates compile on one core while the papers are parsed on the others.
    let (tera, site) = rayon::join(
        || theme::compile(&templates),
        || {
            config.and_then(|config| {
                let extras = pages_and_photo(&config, &files, site_options);
                match (Site::assemble(config, std::mem::take(&mut files.papers), site_options), extras) {
                    (Ok(mut site), Ok((pages, photo))) => {
                        site.pages = pages;
                        site.photo = photo;
                        Ok(site)
                    }
                    (site, extras) => {
                        let mut problems = site.err().unwrap_or_default();
                        problems.extend(extras.err().unwrap_or_default());
                        Err(problems)
                    }
                }
            })
        },
    );
    match (site, tera) {
        (Ok(site), Ok(tera)) => Ok(CheckedSite { site, tera, static_files: files.static_files }),
        (site, tera) => {
            let mut problems = site.err().unwrap_or_default();
            problems.extend(tera.err().unwrap_or_default());
            Err(Error::Content(problems))
        }
    }
}

/// The site's own pages and the owner's photo, read with the settings they depend on.
pub(crate) type PagesAndPhoto = (Vec<crate::model::pages::SitePage>, Option<crate::site::photo::Photo>);

pub(crate) fn pages_and_photo(
    config: &config::Config,
    files: &load::SiteFiles,
    options: SiteOptions,
) -> std::result::Result<PagesAndPhoto, Vec<Diagnostic>> {
    let pages = crate::site::parse_pages(config, &files.config_text, &files.pages, options);
    let photo = prepare_photo(config, &files.config_text, &files.static_files);
    match (pages, photo) {
        (Ok(pages), Ok(photo)) => Ok((pages, photo)),
        (pages, photo) => {
            let mut problems = pages.err().unwrap_or_default();
            problems.extend(photo.err());
            Err(problems)
        }
    }
}

/// The owner's photo from `static/`, scaled for its box (see `photo`).
fn prepare_photo(
    config: &config::Config,
    config_text: &str,
    static_files: &[(PathBuf, PathBuf)],
) -> std::result::Result<Option<crate::site::photo::Photo>, Diagnostic> {
    let Some(photo) = config.profile.photo.as_deref() else { return Ok(None) };
    crate::site::photo::prepare(photo, static_files).map(Some).map_err(|problem| {
        // A missing photo is a mistake of site.toml: point at the setting.
        match (problem.location, config_text.find(&format!("\"{photo}\""))) {
            (None, Some(at)) if problem.path == Path::new(crate::io::load::CONFIG_FILE) => {
                problem.at_offset(config_text, at)
            }
            _ => problem,
        }
    })
}

/// The files of the output folder: built-in assets, then pages and the scaled photo, then the
/// site's `static/` files (which win over both when their paths collide).
pub(crate) fn output_files(
    site: &Site,
    pages: Vec<render::Page>,
    static_files: &[(PathBuf, PathBuf)],
) -> Vec<OutputFile> {
    let mut files: BTreeMap<PathBuf, Content> = BTreeMap::new();
    for (path, bytes) in theme::ASSETS {
        files.insert(PathBuf::from(path), Content::Embedded(bytes));
    }
    // GitHub Pages must not run Jekyll over the output.
    files.insert(PathBuf::from(".nojekyll"), Content::Embedded(b""));
    for page in pages {
        files.insert(page.path, Content::Bytes(page.bytes));
    }
    if let Some((path, bytes)) = site.photo.as_ref().and_then(|p| p.made.clone()) {
        files.insert(path, Content::Bytes(bytes));
    }
    for (inside, source) in static_files {
        files.insert(inside.clone(), Content::CopyOf(source.clone()));
    }
    files.into_iter().map(|(path, content)| OutputFile { path, content }).collect()
}
