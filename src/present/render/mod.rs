//! Rendering: the `Site` through the templates into pages (output path and bytes). Pure: the
//! caller writes the pages.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use crate::base::diagnostic::Diagnostic;
use crate::base::sync::lock;
use crate::base::taxonomy::{Slug, TopicCode, Year};
use crate::present::theme;
use crate::present::views::{
    self, AuthorSummary, PageFrame, PageMeta, PaperView, SiteView, TopicRef, TopicSummary, YearGroup,
    YearSummary,
};
use crate::scholar;
use crate::site::urls;
use crate::site::Site;

/// Which pages to render.
#[derive(Debug, Clone, Default)]
pub enum Scope {
    /// Every page.
    #[default]
    All,
    /// The index pages (home, topic and year indexes) and the pages of these papers, topics and
    /// years: what a change to some papers can affect.
    Affected(Affected),
}

/// The papers, topics and years whose pages must be rendered again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affected {
    pub papers: BTreeSet<Slug>,
    pub topics: BTreeSet<TopicCode>,
    pub years: BTreeSet<Year>,
    /// Co-author slugs.
    pub authors: BTreeSet<String>,
    /// Whether the set of pages or the co-author counts changed (sitemap, co-author index).
    pub indexes: bool,
}

impl Scope {
    fn paper(&self, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.papers.iter().any(|s| s.as_str() == slug),
        }
    }

    fn topic(&self, code: &TopicCode) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.topics.contains(code),
        }
    }

    /// Whether a list page showing `members` must be rendered again.
    fn list_page(&self, site: &Site, members: &[usize]) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => {
                a.indexes || members.iter().any(|&i| a.papers.contains(&site.papers[i].slug))
            }
        }
    }

    fn indexes(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.indexes,
        }
    }

    fn author(&self, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.authors.contains(slug),
        }
    }

    fn year(&self, year: Year) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.years.contains(&year),
        }
    }
}

/// One phase of a build, as `build --timings` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub name: &'static str,
    pub took: std::time::Duration,
    /// The process's peak resident memory so far, in MiB (Linux only).
    pub peak_rss_mib: Option<f64>,
}

impl Phase {
    /// The phase `name` that began at `started` and ends now.
    pub fn ended(name: &'static str, started: std::time::Instant) -> Phase {
        let peak_rss_mib = std::fs::read_to_string("/proc/self/status").ok().and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib / 1024.0)
        });
        Phase { name, took: started.elapsed(), peak_rss_mib }
    }
}

/// A rendered file, its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where a render puts its files, called from the rendering threads.
pub trait Sink: Sync {
    fn page(&self, page: Page) -> Result<(), Diagnostic>;

    /// A large file (an export) that `write` writes in pieces. By default the pieces are
    /// collected and handed to `page`; a sink that writes to disk can stream them instead.
    fn stream(
        &self,
        path: PathBuf,
        write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Diagnostic::new(&path, format!("cannot make the file: {e}")))?;
        self.page(Page { path, bytes })
    }
}

impl<F: Fn(Page) -> Result<(), Diagnostic> + Sync> Sink for F {
    fn page(&self, page: Page) -> Result<(), Diagnostic> {
        self(page)
    }
}

/// What renders keep for the next one: each paper's entry in paper lists (the
/// `partials/paper_entry.html` template, rendered once per paper and reused on the home, topic,
/// year and co-author pages), and the citation styles, which take a while to load.
#[derive(Default)]
pub struct RenderCache {
    /// How long each phase of the last render took, in order.
    pub timings: Vec<Phase>,
    /// Each paper's list entry (`partials/paper_entry.html`) and compact line
    /// (`partials/paper_line.html`, on co-author pages).
    entries: HashMap<Slug, (String, String)>,
    exports: HashMap<Slug, Export>,
    /// Each paper's citation key before collisions are resolved, with the address of the parsed
    /// paper it was made from (an unchanged paper keeps its `Arc`).
    base_keys: HashMap<Slug, (usize, String)>,
    /// The citation keys of the last render, by index into `site.papers`.
    keys: Vec<String>,
    /// Made for one render (a build): the CSL-JSON and search records are made as their files
    /// are written and not kept, so a large site never holds them all.
    one_off: bool,
}

impl RenderCache {
    /// A cache for a single render, which keeps only what that render needs.
    pub fn one_off() -> Self {
        RenderCache { one_off: true, ..RenderCache::default() }
    }
}

/// A paper's BibTeX entry and CSL-JSON item, as made with citation key `key`.
struct Export {
    key: String,
    bibtex: String,
    /// Empty in a one-off cache (see `RenderCache::one_off`).
    csl_json: String,
    /// The paper's entry in `search.json`; empty in a one-off cache.
    search: String,
}

/// Where a page stands among the pages of a paginated list.
#[derive(Debug, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages between the link before and this one are left out of the pager.
    pub gap_before: bool,
}

/// How many pages on each side of the current one a pager links to, besides the first and last.
const PAGER_REACH: usize = 2;

/// The pages a pager on page `n` of `total` links to: the first and the last, and those within
/// `PAGER_REACH` of `n`, so that a list of a thousand pages does not put a thousand links on each.
/// Where that would leave out a single page, the page is shown instead of a gap.
fn pager_numbers(n: usize, total: usize) -> Vec<usize> {
    let low = n.saturating_sub(PAGER_REACH).max(1);
    let high = (n + PAGER_REACH).min(total);
    // A gap between 1 and `low` of page 2 alone, or between `high` and `total` of one page alone,
    // is closed.
    let from = if low <= 3 { 2 } else { low };
    let to = if high + 2 >= total { total } else { high };
    let mut numbers = vec![1];
    numbers.extend(from..=to);
    if to < total {
        numbers.push(total);
    }
    numbers
}

/// One page of a list: its folder (site-relative, `topics/lg/page/2/`), its members, its pager.
struct ListPage<'m> {
    dir: String,
    members: &'m [usize],
    pager: Pager,
}

/// Splits the list at `dir` into pages of `config.paginate` papers (page 1 at `dir`, page n at
/// `dir/page/n/`).
fn paginate<'m>(config: &crate::model::config::Config, dir: &str, members: &'m [usize]) -> Vec<ListPage<'m>> {
    let size = if config.paginate == 0 { members.len().max(1) } else { config.paginate };
    let chunks: Vec<&[usize]> =
        if members.is_empty() { vec![members] } else { members.chunks(size).collect() };
    let total = chunks.len();
    let dir_of = |n: usize| if n == 1 { dir.to_owned() } else { format!("{dir}page/{n}/") };
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, members)| {
            let n = i + 1;
            let numbers = pager_numbers(n, total);
            let pager = Pager {
                current: n,
                total,
                prev: (n > 1).then(|| config.base_url.join(&dir_of(n - 1))),
                next: (n < total).then(|| config.base_url.join(&dir_of(n + 1))),
                pages: numbers
                    .iter()
                    .enumerate()
                    .map(|(at, &k)| PageLink {
                        number: k,
                        url: config.base_url.join(&dir_of(k)),
                        current: k == n,
                        gap_before: at > 0 && k > numbers[at - 1] + 1,
                    })
                    .collect(),
            };
            ListPage { dir: dir_of(n), members, pager }
        })
        .collect()
}

/// The folders of every list page after the first (to find those a rebuild leaves behind).
pub fn extra_list_pages(site: &Site) -> BTreeSet<String> {
    let size = site.config.paginate;
    let mut lists: Vec<(String, usize)> = vec![(String::new(), site.papers.len())];
    lists.extend(site.topics.iter().map(|(t, m)| (urls::topic(&t.code.slug()), m.len())));
    lists.extend(site.years.iter().map(|(y, m)| (urls::year(*y), m.len())));
    lists.extend(site.authors.authors.iter().map(|a| (urls::author(&a.slug), a.papers.len())));
    let mut dirs = BTreeSet::new();
    for (dir, len) in lists {
        let pages = if size == 0 { 1 } else { len.div_ceil(size).max(1) };
        dirs.extend((2..=pages).map(|n| format!("{dir}page/{n}/")));
    }
    dirs
}

fn page_title(title: String, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{title} (page {})", pager.current)
    } else {
        title
    }
}

/// One page to render: the template, where it goes and its context.
/// A page to render: its template, its path and how to make its context. Contexts are made
/// when the page is rendered, on the rendering thread, so they are never all in memory at once.
struct Job<'a> {
    template: &'static str,
    path: String,
    context: LazyContext<'a>,
    /// About how much work the page is (entries or items it lists), to start the large ones first.
    weight: usize,
}

/// A page's own fields (`value`'s), made when the page is rendered, over the fields of the page
/// the thread rendered before (`crate::base::value::assign`: a co-author page reuses the last one's
/// strings and arrays). The page's context is the site's (serialised once per render) with them
/// added.
type LazyContext<'a> = Box<dyn Fn(&mut Value) -> serde_json::Result<()> + Send + Sync + 'a>;

fn lazy<'a, T: Serialize + Send + Sync + 'a>(value: T) -> LazyContext<'a> {
    Box::new(move |slot| crate::base::value::assign(slot, &value))
}

/// Moves a page's `fields` into `context` and returns their names, to take them out again.
fn add_fields(context: &mut Context, fields: &mut Value) -> tera::Result<Vec<String>> {
    let Value::Object(fields) = std::mem::take(fields) else {
        return Err(tera::Error::msg("a page's context must be an object"));
    };
    let names = fields.keys().cloned().collect();
    context.extend(Context::from_value(Value::Object(fields))?);
    Ok(names)
}

/// Takes the fields `names` out of `context` again, into `fields` for the next page.
fn take_fields(context: &mut Context, names: Vec<String>, fields: &mut Value) {
    let mut taken = serde_json::Map::new();
    for name in names {
        if let Some(value) = context.remove(&name) {
            taken.insert(name, value);
        }
    }
    *fields = Value::Object(taken);
}

/// The part of every page's context that is the same on every page.
#[derive(Serialize)]
struct SiteContext<'s, 'a> {
    site: &'s SiteView<'a>,
}

#[derive(Serialize)]
struct HomeContext<'e, 'a> {
    page: PageMeta,
    years: Grouped<'e>,
    paper_count: usize,
    pager: Pager,
    /// Cards of the featured papers (first page only).
    featured: Vec<&'e str>,
    selected_heading: &'a str,
    /// The newest news items (first page only), and the news page when there are more.
    news: Vec<views::NewsView<'a>>,
    news_more: Option<String>,
    /// schema.org `Person` of the owner.
    person_json_ld: &'e str,
}

#[derive(Serialize)]
struct PageContext<'a> {
    page: PageMeta,
    title: &'a str,
    /// The page's HTML, embedded paper lists included.
    content: String,
}

#[derive(Serialize)]
struct NewsContext<'a> {
    page: PageMeta,
    news: Vec<views::NewsView<'a>>,
}

/// A news item in the Atom feed.
#[derive(Serialize)]
struct FeedNews<'a> {
    title: String,
    url: String,
    time: String,
    html: &'a str,
}

#[derive(Serialize)]
struct AuthorsContext<'a> {
    page: PageMeta,
    authors: Vec<AuthorSummary<'a>>,
}

#[derive(Serialize)]
struct AuthorContext<'e, 'a> {
    page: PageMeta,
    name: &'a str,
    /// The compact lines of the joint papers, newest first.
    entries: Grouped<'e>,
    paper_count: usize,
    pager: Pager,
}

#[derive(Serialize)]
struct FeedContext<'v, 'a> {
    /// RFC 3339 time of the newest paper or news item.
    updated: String,
    entries: Vec<FeedEntry<'v, 'a>>,
    news: Vec<FeedNews<'a>>,
}

#[derive(Serialize)]
struct FeedEntry<'v, 'a> {
    paper: &'v PaperView<'a>,
    /// RFC 3339 time of the paper's date.
    time: String,
}

#[derive(Serialize)]
struct SitemapContext {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct TopicsContext<'a> {
    page: PageMeta,
    topics: Vec<TopicSummary<'a>>,
}

#[derive(Serialize)]
struct TopicContext<'e, 'a> {
    page: PageMeta,
    topic: TopicRef<'a>,
    years: Grouped<'e>,
    paper_count: usize,
    pager: Pager,
}

#[derive(Serialize)]
struct YearsContext {
    page: PageMeta,
    years: Vec<YearSummary>,
}

#[derive(Serialize)]
struct YearContext<'e> {
    page: PageMeta,
    year: i32,
    paper_count: usize,
    entries: Grouped<'e>,
    pager: Pager,
}

#[derive(Serialize)]
struct NotFoundContext {
    page: PageMeta,
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
pub fn render_site_into(
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
    // The site's part of every context, serialised once and copied into each page's.
    let sv =
        Context::from_serialize(SiteContext { site: &site_view }).map_err(|e| vec![context_error(&e)])?;
    let keys = citation_keys(site, cache);
    let reads = Reads::of(tera);
    timings.push(lap("site and citation keys"));
    // The exports need only the citation keys, so they are made and written beside the paper
    // pages: on a large site they are the longest job after them, and beside the list pages
    // they would be left running on one core when those are done.
    let (papers, exported) = {
        let RenderCache { entries, exports, one_off, .. } = &mut *cache;
        let (keys, one_off) = (&keys, *one_off);
        rayon::join(
            || -> Result<(usize, Phase), Vec<Diagnostic>> {
                let started = std::time::Instant::now();
                let count = render_papers(site, tera, reads, &sv, frame, keys, scope, entries, sink)?;
                Ok((count, Phase::ended("  of which paper pages and list entries", started)))
            },
            || -> Result<(usize, Phase), Vec<Diagnostic>> {
                let started = std::time::Instant::now();
                if !data {
                    return Ok((0, Phase::ended("  of which exports", started)));
                }
                update_exports(site, keys, scope, exports, one_off);
                let files = data_file_jobs(site, scope, exports, keys, one_off);
                let count = files.len();
                // Each file is made just before it is written and dropped after.
                let written =
                    heaviest_first(files, |file| file.weight, |file| sink.stream(file.path, &file.write));
                collect_results(written)?;
                Ok((count, Phase::ended("  of which exports", started)))
            },
        )
    };
    let ((paper_pages, papers_phase), (file_count, exports_phase)) = match (papers, exported) {
        (Ok(papers), Ok(exported)) => (papers, exported),
        (papers, exported) => {
            let mut problems = papers.err().unwrap_or_default();
            problems.extend(exported.err().unwrap_or_default());
            return Err(problems);
        }
    };
    cache.keys = keys;
    let cards = cards(site, tera, reads, &sv)?;
    timings.extend([lap("paper pages and exports, together"), papers_phase, exports_phase]);
    let shared = &*cache;
    let person = views::person_json_ld(site);
    let year_urls = year_urls(site);
    let lists =
        Lists { all: (0..site.papers.len()).collect(), by_paper: entries_by_paper(site, shared, &year_urls) };
    let mut jobs = jobs(site, frame, scope, &lists, &cards, &person).map_err(|e| vec![context_error(&e)])?;
    jobs.extend(page_jobs(site, frame, &cards));
    timings.push(lap("page list"));
    // The site's part of a context is copied once per thread, not once per page: each page adds
    // its fields to a context that a thread is done with, and takes them out again.
    let contexts = std::sync::Mutex::new(Vec::<(Context, Value)>::new());
    let results = heaviest_first(
        jobs,
        |job| job.weight,
        |job| {
            let taken = lock(&contexts).pop();
            let (mut context, mut fields) = taken.unwrap_or_else(|| (sv.clone(), Value::Null));
            (job.context)(&mut fields).map_err(|e| context_error(&tera::Error::json(e)))?;
            let names = add_fields(&mut context, &mut fields).map_err(|e| context_error(&e))?;
            // Straight to the file: a list page can be megabytes, and is not held.
            let failed = std::cell::RefCell::new(None);
            let written = sink.stream(PathBuf::from(job.path), &|out| {
                tera.render_to(job.template, &context, out).map_err(|e| {
                    *failed.borrow_mut() = Some(render_error(job.template, &e));
                    std::io::Error::other("the template failed")
                })
            });
            take_fields(&mut context, names, &mut fields);
            lock(&contexts).push((context, fields));
            match failed.into_inner() {
                Some(problem) => Err(problem),
                None => written,
            }
        },
    );
    let pages = collect_results(results)?.len();
    timings.push(lap("list pages, feed, sitemap"));
    cache.timings = timings;
    Ok(paper_pages + pages + file_count)
}

/// The BibTeX and CSL-JSON exports, `robots.txt` and `CNAME`: all papers, and each topic and year in
/// `scope`.
pub fn data_files(site: &Site, scope: &Scope, cache: &mut RenderCache) -> Vec<Page> {
    update_data(site, scope, cache);
    data_file_jobs(site, scope, &cache.exports, &cache.keys, cache.one_off)
        .into_iter()
        .map(|file| {
            let mut bytes = Vec::new();
            // Writing into memory does not fail.
            let _ = (file.write)(&mut bytes);
            Page { path: file.path, bytes }
        })
        .collect()
}

/// Brings the cached exports of the papers in `scope` up to date (see `data_files`).
fn update_data(site: &Site, scope: &Scope, cache: &mut RenderCache) {
    update_exports(site, &cache.keys, scope, &mut cache.exports, cache.one_off);
}

/// An output file and how to write it (when it is written, so that a build holds few of the
/// large ones at once).
struct DataJob<'c> {
    path: PathBuf,
    /// About how much there is to write (records times their size), to start the large ones first.
    weight: usize,
    write: WriteFile<'c>,
}
type WriteFile<'c> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + Send + Sync + 'c>;

/// The files of `data_files`, from exports already brought up to date.
fn data_file_jobs<'c>(
    site: &'c Site,
    scope: &Scope,
    exports: &'c HashMap<Slug, Export>,
    keys: &'c [String],
    one_off: bool,
) -> Vec<DataJob<'c>> {
    let config = &site.config;
    let exports: std::sync::Arc<Vec<&Export>> =
        std::sync::Arc::new(site.papers.iter().map(|p| &exports[&p.slug]).collect());
    let all: std::sync::Arc<Vec<usize>> = std::sync::Arc::new((0..site.papers.len()).collect());
    let bib = |members: std::sync::Arc<Vec<usize>>| -> WriteFile<'c> {
        let exports = std::sync::Arc::clone(&exports);
        Box::new(move |out| {
            write_joined(out, [b"", b"\n", b""], &members, &|i| Cow::Borrowed(exports[i].bibtex.as_str()))
        })
    };
    let fixed = |text: String| -> WriteFile<'c> { Box::new(move |out| out.write_all(text.as_bytes())) };
    // A record of every paper: the cached one, or, in a one-off cache, made as it is written.
    let records = |cached: fn(&Export) -> &str,
                   make: fn(&Site, &crate::model::paper::Paper, &str) -> String|
     -> WriteFile<'c> {
        let exports = std::sync::Arc::clone(&exports);
        let all = std::sync::Arc::clone(&all);
        Box::new(move |out| {
            write_joined(out, [b"[\n", b",\n", b"\n]\n"], &all, &|i| {
                if one_off {
                    Cow::Owned(make(site, &site.papers[i], &keys[i]))
                } else {
                    Cow::Borrowed(cached(exports[i]))
                }
            })
        })
    };
    let job =
        |path: String, weight: usize, write: WriteFile<'c>| DataJob { path: path.into(), weight, write };
    let papers = site.papers.len();
    // A CSL-JSON or search record is about three times a BibTeX entry.
    let mut files: Vec<DataJob<'c>> = vec![
        job("publications.bib".into(), papers, bib(std::sync::Arc::clone(&all))),
        job("publications.json".into(), 3 * papers, records(|e| &e.csl_json, csl_json)),
        job(
            "robots.txt".into(),
            0,
            fixed(format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                urls::absolute(&config.base_url, "sitemap.xml")
            )),
        ),
    ];
    if home_is_paginated(site) {
        files.push(job(
            SEARCH_INDEX.into(),
            3 * papers,
            records(|e| &e.search, |site, paper, _| search_entry(&site.config, paper)),
        ));
    }
    if let Some(domain) = &config.cname {
        // GitHub Pages reads its custom domain from this file.
        files.push(job("CNAME".into(), 0, fixed(format!("{domain}\n"))));
    }
    for (topic, members) in site.topics.iter().filter(|(t, _)| scope.topic(&t.code)) {
        let path = urls::bibtex_in(&urls::topic(&topic.code.slug()));
        files.push(job(path, members.len(), bib(std::sync::Arc::new(members.clone()))));
    }
    for (year, members) in site.years.iter().filter(|(y, _)| scope.year(*y)) {
        let path = urls::bibtex_in(&urls::year(*year));
        files.push(job(path, members.len(), bib(std::sync::Arc::new(members.clone()))));
    }
    files
}

/// Citation keys of every paper: made on every core for a one-off render; else the base key of
/// a paper that did not change (same parsed value) is taken from the cache.
fn citation_keys(site: &Site, cache: &mut RenderCache) -> Vec<String> {
    if cache.one_off {
        return scholar::unique_keys(site.papers.par_iter().map(|p| scholar::base_key(p)).collect());
    }
    let mut bases = Vec::with_capacity(site.papers.len());
    for paper in &site.papers {
        let at = std::sync::Arc::as_ptr(paper) as usize;
        match cache.base_keys.get_mut(&paper.slug) {
            Some((ptr, key)) if *ptr == at => bases.push(key.clone()),
            Some(cached) => {
                *cached = (at, scholar::base_key(paper));
                bases.push(cached.1.clone());
            }
            None => {
                let key = scholar::base_key(paper);
                cache.base_keys.insert(paper.slug.clone(), (at, key.clone()));
                bases.push(key);
            }
        }
    }
    if cache.base_keys.len() > site.papers.len() {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        cache.base_keys.retain(|slug, _| live.contains(slug.as_str()));
    }
    scholar::unique_keys(bases)
}

/// Writes `open`, `part(i)` for each of `members` separated by `separator`, then `close`. Parts
/// are made a few hundred at a time on every core, and written in order.
fn write_joined<'p>(
    out: &mut dyn Write,
    [open, separator, close]: [&[u8]; 3],
    members: &[usize],
    part: &(dyn Fn(usize) -> Cow<'p, str> + Sync),
) -> std::io::Result<()> {
    const CHUNK: usize = 512;
    out.write_all(open)?;
    for (n, chunk) in members.chunks(CHUNK).enumerate() {
        let parts: Vec<Cow<'p, str>> = chunk.par_iter().map(|&i| part(i)).collect();
        for (k, p) in parts.iter().enumerate() {
            if n > 0 || k > 0 {
                out.write_all(separator)?;
            }
            out.write_all(p.as_bytes())?;
        }
    }
    out.write_all(close)
}

/// A paper's CSL-JSON item, with citation key `key`.
fn csl_json(site: &Site, paper: &crate::model::paper::Paper, key: &str) -> String {
    let url = urls::absolute(&site.config.base_url, &urls::paper(paper.slug.as_str()));
    serde_json::to_string(&scholar::csl_item(paper, key, &url)).unwrap_or_default()
}

/// Makes the BibTeX and CSL-JSON of every paper in `scope`, or whose citation key changed,
/// and drops those of papers that are gone.
/// The search index: one compact record per paper, newest first, that the home page's filter
/// reads when the page does not hold every paper. Written only then.
pub const SEARCH_INDEX: &str = "search.json";

/// Whether the home page is split into pages (and its filter needs the search index).
fn home_is_paginated(site: &Site) -> bool {
    site.config.paginate > 0 && site.papers.len() > site.config.paginate
}

/// One paper in the search index: site path, title, authors, venue, year, topic codes and the
/// abstract as plain text.
fn search_entry(config: &crate::model::config::Config, paper: &crate::model::paper::Paper) -> String {
    #[derive(Serialize)]
    struct Entry<'a> {
        u: String,
        t: &'a str,
        a: String,
        v: &'a str,
        y: i32,
        k: Vec<&'a str>,
        x: &'a str,
    }
    let mut authors = paper.authors.join(", ");
    if paper.et_al {
        authors.push_str(" et al.");
    }
    let entry = Entry {
        u: config.base_url.join(&urls::paper(paper.slug.as_str())),
        t: &paper.title,
        a: authors,
        v: paper.venue.as_deref().unwrap_or_default(),
        y: paper.year(),
        k: paper.topics.iter().map(|(code, _)| code.as_str()).collect(),
        x: paper.abstract_text.trim(),
    };
    serde_json::to_string(&entry).unwrap_or_default()
}

fn update_exports(
    site: &Site,
    keys: &[String],
    scope: &Scope,
    exports: &mut HashMap<Slug, Export>,
    one_off: bool,
) {
    if matches!(scope, Scope::All) {
        exports.clear();
    }
    let stale: Vec<usize> = (0..site.papers.len())
        .filter(|&i| {
            let paper = &site.papers[i];
            scope.paper(paper.slug.as_str()) || exports.get(&paper.slug).is_none_or(|e| e.key != keys[i])
        })
        .collect();
    let keep = !one_off;
    let search = keep && home_is_paginated(site);
    let fresh: Vec<(Slug, Export)> = stale
        .par_iter()
        .map(|&i| {
            let paper = &site.papers[i];
            let url = urls::absolute(&site.config.base_url, &urls::paper(paper.slug.as_str()));
            let export = Export {
                key: keys[i].clone(),
                bibtex: scholar::bibtex(paper, &keys[i], &url),
                csl_json: if keep { csl_json(site, paper, &keys[i]) } else { String::new() },
                search: if search { search_entry(&site.config, paper) } else { String::new() },
            };
            (paper.slug.clone(), export)
        })
        .collect();
    exports.extend(fresh);
    if !matches!(scope, Scope::All) {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        exports.retain(|slug, _| live.contains(slug.as_str()));
    }
}

/// Renders each paper of `scope` once: its list entries (`partials/paper_entry.html`, and
/// `partials/paper_line.html` for co-author pages) into the cache, and its page (`paper.html`)
/// into `sink`, from one context. Drops the entries of papers that are gone. Returns the number
/// of pages.
#[allow(clippy::too_many_arguments)]
fn render_papers(
    site: &Site,
    tera: &Tera,
    reads: Reads,
    sv: &Context,
    frame: &PageFrame,
    keys: &[String],
    scope: &Scope,
    entries: &mut HashMap<Slug, (String, String)>,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    const ENTRY: &str = "partials/paper_entry.html";
    const LINE: &str = "partials/paper_line.html";
    const PAGE: &str = "paper.html";
    const RUN: usize = 32;
    let config = &site.config;
    type Rendered = Result<(Slug, (String, String)), Diagnostic>;
    let rendered: Vec<Rendered> = (0..site.papers.len())
        .into_par_iter()
        // Short runs of papers, so that no core is left with a long one at the end (rayon's own
        // split leaves runs of an eighth of the papers on two cores).
        .with_max_len(RUN)
        .filter(|&i| scope.paper(site.papers[i].slug.as_str()))
        // Each worker keeps one context with the site in it and overwrites the paper's parts in
        // place (`crate::base::value`); the page's parts are kept aside while the entry is rendered.
        .map_init(
            || (sv.clone(), Value::Null, Value::Null, 0),
            |(context, page_slot, cite_slot, last_size), i| {
                let paper = &site.papers[i];
                let mut view = views::paper_view(site, paper);
                if reads.html {
                    view = view.with_html();
                }
                if let Some(page) = context.remove("page") {
                    *page_slot = page;
                }
                if let Some(cite) = context.remove("cite") {
                    *cite_slot = cite;
                }
                let mut paper_slot = context.remove("paper").unwrap_or(Value::Null);
                set(context, "paper", &mut paper_slot, &view)?;
                let entry = tera.render(ENTRY, context).map_err(|e| render_error(ENTRY, &e))?;
                // Only co-author pages show the compact lines.
                let line = if config.coauthor_pages {
                    tera.render(LINE, context).map_err(|e| render_error(LINE, &e))?
                } else {
                    String::new()
                };
                let page = frame.meta(
                    format!("{} · {}", view.title, config.title),
                    description_of(&view),
                    urls::paper(view.slug),
                    "papers",
                );
                set(context, "page", page_slot, &page)?;
                if reads.cite {
                    let extras = views::paper_extras(config, paper, &keys[i], &page.description);
                    set(context, "cite", cite_slot, &extras)?;
                }
                // Sized like the last page, so that the page is not copied as it grows.
                let mut bytes = Vec::with_capacity(*last_size + *last_size / 4);
                tera.render_to(PAGE, context, &mut bytes).map_err(|e| render_error(PAGE, &e))?;
                *last_size = bytes.len();
                let path = urls::index_file(&urls::paper(view.slug)).into();
                sink.page(Page { path, bytes })?;
                Ok((paper.slug.clone(), (entry, line)))
            },
        )
        .collect();
    let rendered = collect_results(rendered)?;
    let count = rendered.len();
    if matches!(scope, Scope::All) {
        entries.clear();
    } else {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        entries.retain(|slug, _| live.contains(slug.as_str()));
    }
    entries.extend(rendered);
    Ok(count)
}

/// Which optional parts of a paper's context the templates read, found in their syntax trees, so
/// that a render makes only those.
#[derive(Debug, Clone, Copy)]
struct Reads {
    /// `cite`: citations, Scholar tags and the BibTeX of a paper take a fifth of a build.
    cite: bool,
    /// A part of a paper made as HTML (`PaperView::with_html`): `paper.authors_html`,
    /// `paper.authors_html_unlinked`, `paper.badges_html`, `paper.topics_html` or
    /// `paper.links_html`.
    html: bool,
}

impl Reads {
    fn of(tera: &Tera) -> Reads {
        let trees: Vec<String> = tera
            .get_template_names()
            .filter_map(|name| tera.get_template(name).ok())
            .map(|t| format!("{:?}{:?}", t.ast, t.macros))
            .collect();
        // A template that prints the whole context reads everything.
        let all = trees.iter().any(|tree| tree.contains("__tera_context"));
        Reads {
            cite: all || trees.iter().any(|tree| reads_variable(tree, "cite")),
            html: all
                || ["authors_html", "badges_html", "topics_html", "links_html"]
                    .iter()
                    .any(|name| trees.iter().any(|tree| tree.contains(name))),
        }
    }
}

/// Whether the syntax tree `tree` (its `Debug` form) names the top-level variable `name`.
fn reads_variable(tree: &str, name: &str) -> bool {
    let ident = format!("Ident(\"{name}");
    tree.match_indices(&ident)
        .any(|(at, _)| matches!(tree.as_bytes().get(at + ident.len()), Some(b'"' | b'.' | b'[')))
}

/// `work` done on every item on all cores, the heaviest items (by `weight`) first, each core
/// taking the next item when it is free. Split evenly instead, one core can be left with a large
/// item (the sitemap, the CSL-JSON export, a big topic) at the end while the other waits. The
/// results come in the items' order.
fn heaviest_first<T: Send, R: Send>(
    items: Vec<T>,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(T) -> R + Send + Sync,
) -> Vec<R> {
    use rayon::iter::ParallelBridge;
    let mut items: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    items.sort_by_key(|(_, item)| std::cmp::Reverse(weight(item)));
    let mut done: Vec<(usize, R)> =
        items.into_iter().par_bridge().map(|(at, item)| (at, work(item))).collect();
    done.sort_unstable_by_key(|&(at, _)| at);
    done.into_iter().map(|(_, result)| result).collect()
}

fn collect_results<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut values = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) if !errors.iter().any(|e| e.message == error.message) => errors.push(error),
            Err(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

fn render_error(template: &str, error: &tera::Error) -> Diagnostic {
    Diagnostic::new(format!("templates/{template}"), theme::error_chain(error))
        .with_hint("a template refers to something that does not exist; see the message above")
}

fn context_error(error: &tera::Error) -> Diagnostic {
    Diagnostic::new("(pubsite)", theme::error_chain(error))
}

/// Sets `key` of `context` to `value`, serialised over what `slot` holds (`crate::base::value`) and
/// then moved in (`Context::insert` would serialise a new copy). `slot` is left empty.
fn set(context: &mut Context, key: &str, slot: &mut Value, value: &impl Serialize) -> Result<(), Diagnostic> {
    crate::base::value::assign(slot, value).map_err(|e| Diagnostic::new("(pubsite)", e.to_string()))?;
    let mut one = serde_json::Map::new();
    one.insert(key.to_owned(), std::mem::take(slot));
    if let Ok(one) = Context::from_value(Value::Object(one)) {
        context.extend(one);
    }
    Ok(())
}

/// What list pages show of each paper, by index into `site.papers` (found once for all list
/// pages: a large site's lists name each paper several times, and co-author pages group a few
/// papers under each of many years).
#[derive(Clone, Copy)]
struct Listed<'e> {
    /// The rendered entry (`partials/paper_entry.html`).
    entry: &'e str,
    /// The rendered compact line (`partials/paper_line.html`).
    line: &'e str,
    year: Year,
    /// The year's page.
    year_url: &'e str,
}

type EntriesByPaper<'e> = [Listed<'e>];

/// What the list pages list: every paper, and what is shown of each.
struct Lists<'e> {
    all: Vec<usize>,
    by_paper: Vec<Listed<'e>>,
}

/// The address of each year's page.
fn year_urls(site: &Site) -> HashMap<Year, String> {
    site.years.iter().map(|&(year, _)| (year, site.config.base_url.join(&urls::year(year)))).collect()
}

fn entries_by_paper<'e>(
    site: &Site,
    cache: &'e RenderCache,
    year_urls: &'e HashMap<Year, String>,
) -> Vec<Listed<'e>> {
    // Ten thousand lookups by slug take a core a few milliseconds while the other waits.
    site.papers
        .par_iter()
        .map(|p| {
            let (entry, line) =
                cache.entries.get(&p.slug).map_or(("", ""), |(entry, line)| (entry.as_str(), line.as_str()));
            let year = p.year();
            Listed { entry, line, year, year_url: year_urls.get(&year).map_or("", String::as_str) }
        })
        .collect()
}

/// The papers `members` (indexes into `site.papers`, newest first) of a list page: grouped by
/// year (`years`), as full entries or (`compact`) as short lines, or (`flat`) the entries alone.
/// Made when the page's context is serialised, so on the core that renders the page rather than
/// on the one that lists the pages.
struct Grouped<'e> {
    by_paper: &'e EntriesByPaper<'e>,
    members: &'e [usize],
    shape: Shape,
}

#[derive(Clone, Copy)]
enum Shape {
    /// Year groups of entries.
    Years,
    /// The entries, one after another.
    Flat,
    /// The compact lines, one after another.
    CompactFlat,
}

impl Grouped<'_> {
    /// The entries by year (`Shape::Years`).
    fn year_groups(&self) -> Vec<YearGroup<'_>> {
        let mut groups: Vec<YearGroup> = Vec::new();
        for &i in self.members {
            let listed = &self.by_paper[i];
            let entry = listed.entry;
            match groups.last_mut() {
                Some(group) if group.year == listed.year => group.entries.push(entry),
                _ => groups.push(YearGroup { year: listed.year, url: listed.year_url, entries: vec![entry] }),
            }
        }
        groups
    }
}

impl Serialize for Grouped<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.shape {
            Shape::Flat => serializer.collect_seq(self.members.iter().map(|&i| self.by_paper[i].entry)),
            Shape::CompactFlat => serializer.collect_seq(self.members.iter().map(|&i| self.by_paper[i].line)),
            Shape::Years => self.year_groups().serialize(serializer),
        }
    }
}

/// The card (`partials/paper_card.html`) of each paper that the home page's selection or a
/// page's embedded list shows, by index into `site.papers`.
fn cards(
    site: &Site,
    tera: &Tera,
    reads: Reads,
    sv: &Context,
) -> Result<HashMap<usize, String>, Vec<Diagnostic>> {
    const CARD: &str = "partials/paper_card.html";
    let mut wanted: BTreeSet<usize> = (0..site.papers.len()).filter(|&i| site.papers[i].featured).collect();
    for page in &site.pages {
        for part in &page.parts {
            if let crate::model::pages::Part::Papers(query) = part {
                wanted.extend(matching(site, query));
            }
        }
    }
    let rendered: Vec<Result<(usize, String), Diagnostic>> = wanted
        .into_par_iter()
        .map(|i| {
            let mut paper = views::paper_view(site, &site.papers[i]);
            if reads.html {
                paper = paper.with_html();
            }
            let mut context = sv.clone();
            context.insert("paper", &paper);
            let card = tera.render(CARD, &context).map_err(|e| render_error(CARD, &e))?;
            Ok((i, card))
        })
        .collect();
    Ok(collect_results(rendered)?.into_iter().collect())
}

/// The papers (indexes, newest first) that an embedded list shows.
fn matching(site: &Site, query: &crate::model::pages::PaperQuery) -> Vec<usize> {
    (0..site.papers.len())
        .filter(|&i| {
            let paper = &site.papers[i];
            query.topic.as_ref().is_none_or(|t| paper.topics.iter().any(|(code, _)| code.as_str() == t))
                && query.year.is_none_or(|y| paper.year() == y)
                && query.featured.is_none_or(|f| paper.featured == f)
        })
        .take(query.limit.unwrap_or(usize::MAX))
        .collect()
}

/// The pages of `content/pages/` and the news page.
fn page_jobs<'a>(site: &'a Site, frame: &PageFrame, cards: &HashMap<usize, String>) -> Vec<Job<'a>> {
    let config = &site.config;
    let mut jobs = Vec::new();
    for page in &site.pages {
        let mut content = String::new();
        for part in &page.parts {
            match part {
                crate::model::pages::Part::Html(html) => content.push_str(html),
                crate::model::pages::Part::Papers(query) => {
                    let members = matching(site, query);
                    if members.is_empty() {
                        content.push_str("<p class=\"paper-list-empty\">No papers yet.</p>\n");
                    } else {
                        content.push_str("<div class=\"paper-list\">\n");
                        for i in members {
                            content.push_str(cards.get(&i).map_or("", String::as_str));
                        }
                        content.push_str("</div>\n");
                    }
                }
            }
        }
        let description = if page.description.is_empty() {
            format!("{} · {}", page.title, config.title)
        } else {
            page.description.clone()
        };
        jobs.push(Job {
            template: "page.html",
            path: format!("{}/index.html", page.name),
            weight: 1,
            context: lazy(PageContext {
                page: frame.meta(
                    format!("{} · {}", page.title, config.title),
                    description,
                    urls::page(&page.name),
                    &page.name,
                ),
                title: &page.title,
                content,
            }),
        });
    }
    if !config.news.is_empty() {
        jobs.push(Job {
            template: "news.html",
            path: "news/index.html".into(),
            weight: config.news.len(),
            context: lazy(NewsContext {
                page: frame.meta(
                    format!("News · {}", config.title),
                    format!("News of {}", config.title),
                    "news/".into(),
                    "news",
                ),
                news: views::news_views(config, usize::MAX),
            }),
        });
    }
    jobs
}

#[allow(clippy::too_many_arguments)]
fn jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    lists: &'a Lists<'a>,
    cards: &'a HashMap<usize, String>,
    person: &'a str,
) -> tera::Result<Vec<Job<'a>>> {
    let config = &site.config;
    let Lists { all, by_paper } = lists;
    let mut jobs = Vec::new();

    let featured: Vec<&str> = (0..site.papers.len())
        .filter(|&i| site.papers[i].featured)
        .filter_map(|i| cards.get(&i).map(String::as_str))
        .collect();
    for list in paginate(config, "", all).into_iter().filter(|l| scope.list_page(site, l.members)) {
        let first = list.pager.current == 1;
        let news_limit = if first { config.home.news_limit } else { 0 };
        jobs.push(Job {
            template: "index.html",
            path: format!("{}index.html", list.dir),
            weight: list.members.len(),
            context: lazy(HomeContext {
                page: frame.meta(
                    page_title(config.title.clone(), &list.pager),
                    config.description.clone(),
                    list.dir,
                    "papers",
                ),
                years: Grouped { by_paper, members: list.members, shape: Shape::Years },
                paper_count: all.len(),
                pager: list.pager,
                featured: if first { featured.clone() } else { Vec::new() },
                selected_heading: &config.home.selected_heading,
                news: views::news_views(config, news_limit),
                news_more: (first && config.news.len() > news_limit).then(|| config.base_url.join("news/")),
                person_json_ld: person,
            }),
        });
    }

    let summaries = site
        .topics
        .iter()
        .map(|(topic, members)| TopicSummary { topic: views::topic_ref(config, topic), count: members.len() })
        .collect();
    jobs.push(Job {
        template: "topics.html",
        path: "topics/index.html".into(),
        weight: 2 * site.topics.len(),
        context: lazy(TopicsContext {
            page: frame.meta(
                format!("Topics · {}", config.title),
                format!("Papers of {} by topic", config.title),
                "topics/".into(),
                "topics",
            ),
            topics: summaries,
        }),
    });
    for (topic, members) in site.topics.iter().filter(|(t, _)| scope.topic(&t.code)) {
        let slug = topic.code.slug();
        for list in paginate(config, &urls::topic(&slug), members) {
            if !scope.list_page(site, list.members) {
                continue;
            }
            let topic = views::topic_ref(config, topic);
            jobs.push(Job {
                template: "topic.html",
                path: format!("{}index.html", list.dir),
                weight: list.members.len(),
                context: lazy(TopicContext {
                    page: frame.meta(
                        page_title(
                            format!("{} ({}) · {}", topic.name, topic.code, config.title),
                            &list.pager,
                        ),
                        format!("{} papers of {} in {}", members.len(), config.title, topic.name),
                        list.dir,
                        "topics",
                    ),
                    years: Grouped { by_paper, members: list.members, shape: Shape::Years },
                    paper_count: members.len(),
                    topic,
                    pager: list.pager,
                }),
            });
        }
    }

    let year_summaries = site
        .years
        .iter()
        .map(|(year, members)| YearSummary {
            year: *year,
            url: config.base_url.join(&urls::year(*year)),
            count: members.len(),
        })
        .collect();
    jobs.push(Job {
        template: "years.html",
        path: "years/index.html".into(),
        weight: 2 * site.years.len(),
        context: lazy(YearsContext {
            page: frame.meta(
                format!("Years · {}", config.title),
                format!("Papers of {} by year", config.title),
                "years/".into(),
                "years",
            ),
            years: year_summaries,
        }),
    });
    for (year, members) in site.years.iter().filter(|(y, _)| scope.year(*y)) {
        for list in paginate(config, &urls::year(*year), members) {
            if !scope.list_page(site, list.members) {
                continue;
            }
            jobs.push(Job {
                template: "year.html",
                path: format!("{}index.html", list.dir),
                weight: list.members.len(),
                context: lazy(YearContext {
                    page: frame.meta(
                        page_title(format!("{year} · {}", config.title), &list.pager),
                        format!("{} papers of {} from {year}", members.len(), config.title),
                        list.dir,
                        "years",
                    ),
                    year: *year,
                    paper_count: members.len(),
                    entries: Grouped { by_paper, members: list.members, shape: Shape::Flat },
                    pager: list.pager,
                }),
            });
        }
    }

    author_jobs(site, frame, scope, by_paper, &mut jobs)?;
    jobs.push(feed_job(site)?);
    if scope.indexes() {
        jobs.push(sitemap_job(site)?);
    }
    if matches!(scope, Scope::All) {
        jobs.push(not_found_job(config, frame)?);
    }
    Ok(jobs)
}

fn author_jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    by_paper: &'a EntriesByPaper<'a>,
    jobs: &mut Vec<Job<'a>>,
) -> tera::Result<()> {
    let config = &site.config;
    if scope.indexes() && config.coauthor_pages {
        author_index_job(site, frame, jobs)?;
    }
    for author in site.authors.authors.iter().filter(|a| scope.author(&a.slug)) {
        for list in paginate(config, &urls::author(&author.slug), &author.papers) {
            jobs.push(Job {
                template: "author.html",
                path: format!("{}index.html", list.dir),
                weight: list.members.len(),
                context: lazy(AuthorContext {
                    page: frame.meta(
                        page_title(format!("{} · {}", author.name, config.title), &list.pager),
                        format!("Papers of {} with {}", config.title, author.name),
                        list.dir,
                        "authors",
                    ),
                    name: &author.name,
                    entries: Grouped { by_paper, members: list.members, shape: Shape::CompactFlat },
                    paper_count: author.papers.len(),
                    pager: list.pager,
                }),
            });
        }
    }
    Ok(())
}

/// The co-author index: everyone with their number of joint papers.
fn author_index_job<'a>(site: &'a Site, frame: &PageFrame, jobs: &mut Vec<Job<'a>>) -> tera::Result<()> {
    let config = &site.config;
    let authors = site
        .authors
        .authors
        .iter()
        .map(|a| AuthorSummary { name: &a.name, url: a.url.clone(), count: a.papers.len() })
        .collect();
    jobs.push(Job {
        template: "authors.html",
        path: "authors/index.html".into(),
        weight: 2 * site.authors.authors.len(),
        context: lazy(AuthorsContext {
            page: frame.meta(
                format!("Co-authors · {}", config.title),
                format!("The co-authors of {}", config.title),
                "authors/".into(),
                "authors",
            ),
            authors,
        }),
    });
    Ok(())
}

/// The Atom feed: the 50 newest papers.
fn feed_job(site: &Site) -> tera::Result<Job<'_>> {
    const LIMIT: usize = 50;
    let papers: Vec<PaperView> = site.papers.iter().take(LIMIT).map(|p| views::paper_view(site, p)).collect();
    let time = |date: &str| format!("{date}T00:00:00Z");
    let updated = papers.first().map_or_else(|| time("1970-01-01"), |p| time(&p.date));
    let entries = papers.iter().map(|paper| FeedEntry { paper, time: time(&paper.date) }).collect();
    let news: Vec<FeedNews> = views::news_views(&site.config, LIMIT)
        .into_iter()
        .zip(&site.config.news)
        .map(|(view, item)| {
            let mut title: String = item.text.chars().take(80).collect();
            if item.text.chars().count() > 80 {
                title = format!("{}…", title.rsplit_once(' ').map_or(title.as_str(), |(head, _)| head));
            }
            FeedNews {
                title,
                url: urls::absolute(&site.config.base_url, &urls::news_item(&view.id)),
                time: time(&view.date),
                html: view.html,
            }
        })
        .collect();
    let updated = news.first().map_or(updated.clone(), |n| updated.clone().max(n.time.clone()));
    // The feed's paper views live here, so its (small) context is made now.
    let fields = serde_json::to_value(FeedContext { updated, entries, news }).map_err(tera::Error::json)?;
    Ok(Job {
        template: "feed.xml",
        path: "feed.xml".into(),
        weight: 10 * LIMIT,
        context: Box::new(move |slot| {
            slot.clone_from(&fields);
            Ok(())
        }),
    })
}

/// `sitemap.xml`: every page of the site.
fn sitemap_job(site: &Site) -> tera::Result<Job<'_>> {
    Ok(Job {
        template: "sitemap.xml",
        path: "sitemap.xml".into(),
        weight: 2 * (site.papers.len() + site.authors.authors.len()),
        // The list of every page is made when the job runs, beside the other pages.
        context: Box::new(move |slot| {
            crate::base::value::assign(slot, &SitemapContext { urls: sitemap_urls(site) })
        }),
    })
}

/// Every page of the site, for the sitemap.
fn sitemap_urls(site: &Site) -> Vec<SitemapUrl> {
    let config = &site.config;
    let url = |path: String, lastmod: Option<String>| SitemapUrl {
        loc: urls::absolute(&config.base_url, &path),
        lastmod,
    };
    let mut urls = vec![url(String::new(), None), url("topics/".into(), None), url("years/".into(), None)];
    urls.extend(
        site.papers
            .iter()
            .map(|p| url(urls::paper(p.slug.as_str()), Some(crate::base::date::iso_date(p.date)))),
    );
    urls.extend(site.topics.iter().map(|(t, _)| url(urls::topic(&t.code.slug()), None)));
    urls.extend(site.years.iter().map(|(y, _)| url(urls::year(*y), None)));
    if config.coauthor_pages {
        urls.push(url("authors/".into(), None));
    }
    urls.extend(site.authors.authors.iter().map(|a| url(urls::author(&a.slug), None)));
    urls.extend(site.pages.iter().map(|p| url(urls::page(&p.name), None)));
    if !config.news.is_empty() {
        urls.push(url("news/".into(), None));
    }
    urls
}

fn not_found_job<'a>(config: &crate::model::config::Config, frame: &PageFrame) -> tera::Result<Job<'a>> {
    Ok(Job {
        template: "404.html",
        path: "404.html".into(),
        weight: 1,
        context: lazy(NotFoundContext {
            page: frame.meta(
                format!("Page not found · {}", config.title),
                String::new(),
                "404.html".into(),
                "",
            ),
        }),
    })
}

/// A page description: the start of the abstract, else the title, year and authors.
fn description_of(paper: &PaperView) -> String {
    const MAX: usize = 300;
    let text = paper.abstract_text;
    if !text.is_empty() {
        // The first MAX characters, cut after the last whole word, or all of a shorter text.
        let Some((end, _)) = text.char_indices().nth(MAX) else { return text.to_owned() };
        let cut = &text[..end];
        let cut = cut.rsplit_once(' ').map_or(cut, |(head, _)| head);
        return format!("{cut}…");
    }
    let names: Vec<&str> = paper.authors.iter().map(|a| a.name).collect();
    let et_al = if paper.et_al { " et al." } else { "" };
    format!("{} ({}), {}{et_al}", paper.title, paper.year, names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera
    }

    #[test]
    fn a_pager_links_to_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(pager_numbers(1, 1), [1]);
        assert_eq!(pager_numbers(2, 7), [1, 2, 3, 4, 7]);
        assert_eq!(pager_numbers(4, 7), (1..=7).collect::<Vec<_>>(), "no gap of one page");
        assert_eq!(pager_numbers(1, 200), [1, 2, 3, 200]);
        assert_eq!(pager_numbers(5, 200), [1, 2, 3, 4, 5, 6, 7, 200]);
        assert_eq!(pager_numbers(6, 200), [1, 4, 5, 6, 7, 8, 200]);
        assert_eq!(pager_numbers(100, 200), [1, 98, 99, 100, 101, 102, 200]);
        assert_eq!(pager_numbers(195, 200), [1, 193, 194, 195, 196, 197, 200]);
        assert_eq!(pager_numbers(196, 200), [1, 194, 195, 196, 197, 198, 199, 200]);
        for total in 1..40 {
            for n in 1..=total {
                let numbers = pager_numbers(n, total);
                assert!(
                    numbers.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] != 2),
                    "{n}/{total}: {numbers:?}"
                );
                assert!(numbers.contains(&n) && numbers[0] == 1 && numbers.last() == Some(&total));
            }
        }
    }

    #[test]
    fn heaviest_first_starts_the_large_items_and_keeps_the_order_of_results() {
        let weights = [3, 40, 1, 40, 7, 0, 12];
        let started = std::sync::Mutex::new(Vec::new());
        // On one thread the items are taken strictly in the order they are handed out.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let results = pool.install(|| {
            heaviest_first(
                weights.iter().enumerate().collect(),
                |&(_, w)| *w,
                |(at, w)| {
                    started.lock().unwrap().push(*w);
                    at * 10
                },
            )
        });
        assert_eq!(results, vec![0, 10, 20, 30, 40, 50, 60]);
        assert_eq!(started.into_inner().unwrap(), vec![40, 40, 12, 7, 3, 1, 0]);
        // On all cores every item is done once, and the results are still in order.
        let many: Vec<usize> = (0..1000).collect();
        assert_eq!(heaviest_first(many.clone(), |&i| i % 37, |i| i), many);
    }

    #[test]
    fn citations_are_made_only_for_templates_that_read_them() {
        let plain = [("paper.html", "{{ paper.title }} <cite>{{ page.title }}</cite> {{ cited }}")];
        assert!(!Reads::of(&tera(&plain)).cite);
        for reads in [
            "{{ cite.bibtex }}",
            "{{ cite['bibtex'] }}",
            "{% set c = cite %}{{ c.bibtex }}",
            "{% for r in cite.references %}{{ r.html }}{% endfor %}",
            "{{ __tera_context }}",
        ] {
            let templates = [("paper.html", "{% include \"part.html\" %}"), ("part.html", reads)];
            assert!(Reads::of(&tera(&templates)).cite, "{reads}");
        }
        let in_macro = [(
            "macros.html",
            "{% macro show(c) %}{{ c.bibtex }}{% endmacro show %}{% macro all() %}{{ cite.bibtex }}{% endmacro all %}",
        )];
        assert!(Reads::of(&tera(&in_macro)).cite);
    }

    #[test]
    fn html_parts_are_made_only_for_templates_that_name_one() {
        let looped = [("e.html", "{% for a in paper.authors %}{{ a.name }}{% endfor %}{% for t in paper.topics %}{{ t.code }}{% endfor %}{{ paper.links | length }}")];
        assert!(!Reads::of(&tera(&looped)).html);
        for reads in [
            "{{ paper.authors_html | safe }}",
            "{{ p['authors_html_unlinked'] }}",
            "{{ paper.badges_html | safe }}",
            "{% if paper.links_html %}{{ paper.links_html | safe }}{% endif %}",
            "{{ __tera_context }}",
        ] {
            assert!(Reads::of(&tera(&[("e.html", reads)])).html, "{reads}");
        }
    }
}
