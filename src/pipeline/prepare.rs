//! The one way a site folder, once read, becomes a `Site` to render: `site.toml`, the
//! templates, the pages, the owner's photo and every paper file parsed and checked, and every
//! problem reported together. Build, rebuild and check all start here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Tera;

use crate::base::diagnostic::{Diagnostic, Error, Result};
use crate::io::load::{self, SiteFiles};
use crate::model::config::{self, Config, ConfigOverrides};
use crate::model::paper::Paper;
use crate::present::theme;
use crate::site::photo::{self, Photo};
use crate::site::preview::{self, PreviewImage};
use crate::site::{parse_pages, parse_paper, Extras, ParsedPaper, Site, SiteOptions};

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

    pub(crate) fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Everything the site folder holds, parsed and checked file by file: what a `Site` is made of.
pub struct Inputs {
    pub config: Config,
    pub tera: Tera,
    /// Files under `static/`: (path relative to `static/`, path on disk).
    pub static_files: Vec<(PathBuf, PathBuf)>,
    pub extras: Extras,
    /// Every paper file by its path (relative to the site root), in path order: parsed and
    /// checked against the settings, or its problems.
    pub papers: Vec<(PathBuf, ParsedPaper)>,
    options: SiteOptions,
    /// The site folder (paper paths are relative to it).
    root: PathBuf,
    /// Where scaled preview images are kept between builds (`.pubsite-cache/previews/`).
    cache_dir: PathBuf,
    /// Each preview prepared so far (by its path in `static/`), or what is wrong with it.
    previews: std::sync::Mutex<std::collections::HashMap<String, std::result::Result<PreviewImage, String>>>,
}

/// The folder of the site that keeps what builds can reuse (ignored by `serve`'s watcher, as
/// every hidden folder is).
pub(crate) const CACHE_DIR: &str = ".pubsite-cache";

impl Inputs {
    /// The site of these inputs, its papers checked against each other; `previous` (the site of
    /// the same settings before a change to some papers) lends what did not change.
    pub(crate) fn site(&self, previous: Option<&Site>) -> std::result::Result<Site, Vec<Diagnostic>> {
        let (previews, mut problems) = self.previews();
        let papers = self.papers.iter().map(|(_, parsed)| parsed.clone());
        let mut extras = self.extras.clone();
        extras.previews = previews;
        match Site::new(self.config.clone(), papers, extras, self.options, previous) {
            Ok(site) if problems.is_empty() => Ok(site),
            Ok(_) => Err(problems),
            Err(mut site_problems) => {
                site_problems.append(&mut problems);
                Err(site_problems)
            }
        }
    }

    /// The papers' preview images in `static/`, scaled (see `site::preview`): those not
    /// prepared by an earlier call are prepared now, on every core. A missing, broken or huge
    /// picture is an error of each paper that names it.
    fn previews(&self) -> (std::collections::BTreeMap<String, PreviewImage>, Vec<Diagnostic>) {
        let papers: Vec<&Paper> =
            self.papers.iter().filter_map(|(_, p)| p.as_ref().ok()).map(|p| &**p).collect();
        let wanted: std::collections::BTreeSet<&str> =
            papers.iter().filter_map(|p| p.preview.as_deref()).filter(|p| !p.contains("://")).collect();
        let mut memo = crate::base::sync::lock(&self.previews);
        let new: Vec<&str> = wanted.iter().copied().filter(|p| !memo.contains_key(*p)).collect();
        let cache = self.cache_dir.join("previews");
        let made: Vec<(String, std::result::Result<PreviewImage, String>)> = new
            .par_iter()
            .map(|&inside| {
                let path = Path::new(inside.trim_start_matches('/'));
                let result = match self.static_files.iter().find(|(p, _)| p == path) {
                    Some((_, source)) => preview::prepare(inside.trim_start_matches('/'), source, &cache),
                    None => Err(format!("is not a file in {}/", load::STATIC_DIR)),
                };
                (inside.to_owned(), result)
            })
            .collect();
        memo.extend(made);
        let mut previews = std::collections::BTreeMap::new();
        let mut problems = Vec::new();
        for paper in papers {
            let Some(inside) = paper.preview.as_deref().filter(|p| !p.contains("://")) else { continue };
            match memo.get(inside) {
                Some(Ok(image)) => {
                    previews.insert(inside.to_owned(), image.clone());
                }
                Some(Err(problem)) => problems.push(preview_problem(&self.root, paper, inside, problem)),
                None => {}
            }
        }
        (previews, problems)
    }

    /// Puts the paper file at `path` in place of the one there, or adds it.
    pub(crate) fn set_paper(&mut self, path: PathBuf, parsed: ParsedPaper) {
        match self.papers.binary_search_by(|(known, _)| known.cmp(&path)) {
            Ok(at) => self.papers[at].1 = parsed,
            Err(at) => self.papers.insert(at, (path, parsed)),
        }
    }
}

/// Parses and checks the files of a site: the templates compile on one core while the rest is
/// parsed on the others. Returns the inputs and their site, or every problem: the papers' (and
/// duplicate slugs), then the pages' and the photo's, then the templates'.
pub(crate) fn prepare(mut files: SiteFiles, options: &BuildOptions) -> Result<(Inputs, Site)> {
    let overrides = ConfigOverrides { base_url: options.base_url.clone() };
    let config = config::parse(&files.config_path, &files.config_text, &overrides);
    let site_options = SiteOptions { include_drafts: options.include_drafts };
    let templates = std::mem::take(&mut files.templates);
    let (tera, parsed) = rayon::join(
        || theme::compile(&templates),
        || config.map(|config| parse_files(config, files, site_options)),
    );
    let (config, extras, papers, static_files) = match parsed {
        Ok(parsed) => parsed,
        Err(mut problems) => {
            problems.extend(tera.err().unwrap_or_default());
            return Err(Error::Content(problems));
        }
    };
    // With broken templates, pages or photo, the papers are still checked, to report all at once.
    let (mut tera, template_problems) = match tera {
        Ok(tera) => (tera, Vec::new()),
        Err(problems) => (Tera::default(), problems),
    };
    theme::register_functions(&mut tera, config.strings.clone());
    let (extras, extra_problems) = match extras {
        Ok(extras) => (extras, Vec::new()),
        Err(problems) => (Extras::default(), problems),
    };
    let inputs = Inputs {
        config,
        tera,
        static_files,
        extras,
        papers,
        options: site_options,
        root: options.root.clone(),
        cache_dir: options.root.join(CACHE_DIR),
        previews: Default::default(),
    };
    match inputs.site(None) {
        Ok(site) if extra_problems.is_empty() && template_problems.is_empty() => Ok((inputs, site)),
        site => {
            let mut problems = site.err().unwrap_or_default();
            problems.extend(extra_problems);
            problems.extend(template_problems);
            Err(Error::Content(problems))
        }
    }
}

/// A paper's preview that cannot be shown, at the line of its `preview`.
fn preview_problem(root: &std::path::Path, paper: &Paper, inside: &str, problem: &str) -> Diagnostic {
    let text = std::fs::read_to_string(root.join(&paper.source)).unwrap_or_default();
    let line = text.lines().position(|l| l.trim_start().starts_with("preview")).map(|i| i + 1);
    let diagnostic = Diagnostic::new(
        &paper.source,
        format!("preview `{inside}` ({}/{}) {problem}", load::STATIC_DIR, inside.trim_start_matches('/')),
    )
    .with_hint("use a PNG, JPEG, WebP or SVG picture in static/ of at most 25 MB and 40 megapixels");
    match line {
        Some(line) => diagnostic.at_line(&text, line),
        None => diagnostic,
    }
}

/// What `parse_files` makes of a site folder's files: the settings, the pages and photo (or
/// their problems), the parsed papers by path, and the static files.
type Parsed = (
    Config,
    std::result::Result<Extras, Vec<Diagnostic>>,
    Vec<(PathBuf, ParsedPaper)>,
    Vec<(PathBuf, PathBuf)>,
);

fn parse_files(config: Config, files: SiteFiles, options: SiteOptions) -> Parsed {
    let extras = extras(&config, &files, options);
    // Each file's text is dropped once it is parsed: a large site never holds all of them
    // beside all of its papers.
    let mut papers: Vec<(PathBuf, ParsedPaper)> = files
        .papers
        .into_par_iter()
        .with_max_len(32)
        .map(|file| {
            let parsed = parse_paper(&config, &file);
            (file.path, parsed)
        })
        .collect();
    papers.sort_by(|(a, _), (b, _)| a.cmp(b));
    (config, extras, papers, files.static_files)
}

/// The site's own pages and the owner's photo, read with the settings they depend on.
fn extras(
    config: &Config,
    files: &SiteFiles,
    options: SiteOptions,
) -> std::result::Result<Extras, Vec<Diagnostic>> {
    let pages = parse_pages(config, &files.config_text, &files.pages, options);
    let photo = prepare_photo(config, &files.config_text, &files.static_files);
    match (pages, photo) {
        (Ok(pages), Ok(photo)) => Ok(Extras { pages, photo, previews: Default::default() }),
        (pages, photo) => {
            let mut problems = pages.err().unwrap_or_default();
            problems.extend(photo.err());
            Err(problems)
        }
    }
}

/// The owner's photo from `static/`, scaled for its box (see `photo`).
fn prepare_photo(
    config: &Config,
    config_text: &str,
    static_files: &[(PathBuf, PathBuf)],
) -> std::result::Result<Option<Photo>, Diagnostic> {
    let Some(path) = config.profile.photo.as_deref() else { return Ok(None) };
    photo::prepare(path, static_files).map(Some).map_err(|problem| {
        // A missing photo is a mistake of site.toml: point at the setting.
        match (problem.location, config_text.find(&format!("\"{path}\""))) {
            (None, Some(at)) if problem.path == Path::new(load::CONFIG_FILE) => {
                problem.at_offset(config_text, at)
            }
            _ => problem,
        }
    })
}
