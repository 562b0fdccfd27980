//! Rendering: the `Site` through the templates into files (output path and bytes). Pure: the
//! caller's sink writes them. A module per concern: what to render (`scope`), the paper pages
//! (`papers`), the list pages (`lists`, `pager`), the site's own pages (`site_pages`), the feed
//! and sitemap (`feeds`), the data files (`exports`), how a context is put together (`context`,
//! `jobs`), what templates read (`reads`), what is kept for the next render (`cache`) and how
//! the work is spread on the cores (`schedule`).

mod cache;
mod context;
mod exports;
mod feeds;
mod jobs;
mod lists;
mod pager;
mod papers;
mod reads;
mod schedule;
mod scope;
mod sink;
mod site_pages;

pub use cache::RenderCache;
pub(crate) use exports::data_files;
pub(crate) use pager::extra_list_pages;
pub(crate) use schedule::Phase;
pub use scope::{Affected, Scope};
pub(crate) use sink::{Page, Sink};

use serde::Serialize;
use tera::{Context, Tera};

use crate::base::diagnostic::Diagnostic;
use crate::base::sync::lock;
use crate::present::views::{self, PageFrame, SiteView};
use crate::site::Site;
use context::{context_error, Render};
use reads::Reads;
use schedule::{collect_results, heaviest_first};

/// The part of every page's context that is the same on every page.
#[derive(Serialize)]
struct SiteContext<'s, 'a> {
    site: &'s SiteView<'a>,
}

/// Renders the pages of `scope`; template errors are collected, not stopped at. `cache` holds
/// the paper entries of earlier renders: those of papers in `scope` are rendered again. With
/// `data`, the exports too (see `data_files`; else the caller makes them after this, with the
/// same cache).
pub fn render_site(
    site: &Site,
    tera: &Tera,
    scope: &Scope,
    cache: &mut RenderCache,
    data: bool,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let pages = std::sync::Mutex::new(Vec::new());
    let sink = |page| {
        lock(&pages).push(page);
        Ok(())
    };
    render_site_into(site, tera, scope, cache, data, &sink)?;
    Ok(pages.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// Like `render_site`, but hands each page to `sink` as soon as it is rendered (from the
/// rendering threads), so a full build never holds every page; returns the number of pages.
pub(crate) fn render_site_into(
    site: &Site,
    tera: &Tera,
    scope: &Scope,
    cache: &mut RenderCache,
    data: bool,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str| {
        let phase = Phase::ended(name, clock);
        clock = std::time::Instant::now();
        phase
    };
    let site_view = views::site_view(site);
    let frame = &PageFrame::of(&site.config, &site_view);
    let sv =
        Context::from_serialize(SiteContext { site: &site_view }).map_err(|e| vec![context_error(&e)])?;
    let keys = exports::citation_keys(site, cache);
    let render = Render { site, tera, scope, reads: Reads::of(tera), sv: &sv, frame, sink };
    timings.push(lap("site and citation keys"));
    let ((paper_pages, papers_phase), (file_count, exports_phase)) =
        papers_and_exports(render, cache, &keys, data)?;
    cache.keys = keys;
    let cards = lists::cards(site, tera, render.reads, &sv)?;
    timings.extend([lap("paper pages and exports, together"), papers_phase, exports_phase]);
    let person = views::person_json_ld(site);
    let list_urls = lists::list_urls(site);
    let lists = lists::Lists::of(site, cache, &list_urls);
    let mut jobs =
        lists::jobs(site, frame, scope, &lists, &cards, &person).map_err(|e| vec![context_error(&e)])?;
    jobs.extend(site_pages::page_jobs(site, frame, &cards));
    timings.push(lap("page list"));
    let pages = jobs::render_jobs(tera, &sv, jobs, sink)?;
    timings.push(lap("list pages, feed, sitemap"));
    cache.timings = timings;
    Ok(paper_pages + pages + file_count)
}

/// A number of files made, and how long making them took.
type Counted = (usize, Phase);

/// The paper pages and, with `data`, the exports, side by side: the exports need only the
/// citation keys, and on a large site they are the longest job after the paper pages (beside the
/// list pages they would be left running on one core when those are done). Returns each one's
/// count of files and its phase.
fn papers_and_exports(
    render: Render,
    cache: &mut RenderCache,
    keys: &[String],
    data: bool,
) -> Result<(Counted, Counted), Vec<Diagnostic>> {
    let Render { site, scope, sink, .. } = render;
    let RenderCache { entries, exports, one_off, .. } = cache;
    let one_off = *one_off;
    let (papers, exported) = rayon::join(
        || -> Result<Counted, Vec<Diagnostic>> {
            let started = std::time::Instant::now();
            let count = papers::render_papers(render, keys, entries)?;
            Ok((count, Phase::ended("  of which paper pages and list entries", started)))
        },
        || -> Result<Counted, Vec<Diagnostic>> {
            let started = std::time::Instant::now();
            if !data {
                return Ok((0, Phase::ended("  of which exports", started)));
            }
            exports::update_exports(site, keys, scope, exports, one_off);
            let files = exports::data_file_jobs(site, scope, exports, keys, one_off);
            let count = files.len();
            // Each file is made just before it is written and dropped after.
            let written =
                heaviest_first(files, |file| file.weight, |file| sink.stream(file.path, &file.write));
            collect_results(written)?;
            Ok((count, Phase::ended("  of which exports", started)))
        },
    );
    match (papers, exported) {
        (Ok(papers), Ok(exported)) => Ok((papers, exported)),
        (papers, exported) => {
            let mut problems = papers.err().unwrap_or_default();
            problems.extend(exported.err().unwrap_or_default());
            Err(problems)
        }
    }
}
