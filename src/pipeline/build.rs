//! `build`: read the site folder, check it, render it and write the output, in that order. Any
//! problem stops the build before the output is touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Error, Result};
use crate::io::load;
use crate::io::output::{self, Content, OutputFile};
pub use crate::pipeline::prepare::BuildOptions;
use crate::pipeline::prepare::{prepare, Inputs};
use crate::present::render;
use crate::present::theme;
use crate::site::{urls, Site};

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
    /// What the build changed of the settings (an accent colour darkened for contrast), as
    /// warnings to print.
    pub warnings: Vec<String>,
}

/// Builds the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let output_dir = options.output_dir();
    output::check_output_location(&options.root, &output_dir)?;
    let started = std::time::Instant::now();
    let files = load::read_site(&options.root)?;
    let mut timings = vec![render::Phase::ended("read", started)];
    let parsing = std::time::Instant::now();
    let (inputs, site) = prepare(files, options)?;
    timings.push(render::Phase::ended("parse and check", parsing));
    let mut cache = render::RenderCache::one_off();
    // Pages go to disk as they are rendered; the new output replaces the old one only at the end.
    let staging = output::Staging::new(&output_dir)?;
    let sink = StagingSink { staging: &staging, output: &output_dir };
    let page_count =
        render::render_site_into(&site, &inputs.tera, &render::Scope::All, &mut cache, true, &sink)
            .map_err(Error::Content)?;
    timings.append(&mut cache.timings);
    let writing = std::time::Instant::now();
    staging.write_waiting()?;
    let files = output_files(&site, Vec::new(), &inputs.static_files);
    files.par_iter().try_for_each(|file| staging.write(file))?;
    let (written, _) = staging.counts();
    staging.commit()?;
    timings.push(render::Phase::ended("assets, static files, swap", writing));
    let summary = BuildSummary {
        timings,
        output: output_dir,
        papers: site.papers.len(),
        pages: page_count,
        files: page_count + files.len(),
        written,
        warnings: site.config.notes.iter().map(ToString::to_string).collect(),
    };
    // Freeing a large site's parsed papers and entries takes one core tens of milliseconds after
    // the output is complete; another thread does it, and a command that exits does not wait.
    std::thread::spawn(move || drop((inputs, site, cache, files)));
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

/// Reads and checks the whole site, reporting config, paper and template problems together.
pub fn load_and_check(options: &BuildOptions) -> Result<(Inputs, Site)> {
    prepare(load::read_site(&options.root)?, options)
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
    files.insert(PathBuf::from(urls::NO_JEKYLL), Content::Embedded(b""));
    for page in pages {
        files.insert(page.path, Content::Bytes(page.bytes));
    }
    if let Some((path, bytes)) = site.photo.as_ref().and_then(|p| p.made.clone()) {
        files.insert(path, Content::Bytes(bytes));
    }
    for preview in site.previews.values() {
        for (path, cached) in &preview.files {
            files.insert(path.clone(), Content::CopyOf(cached.clone()));
        }
    }
    for (inside, source) in static_files {
        files.insert(inside.clone(), Content::CopyOf(source.clone()));
    }
    files.into_iter().map(|(path, content)| OutputFile { path, content }).collect()
}
