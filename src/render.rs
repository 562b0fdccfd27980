//! Rendering: the `Site` through the templates into pages (output path and bytes). Pure: the
//! caller writes the pages.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::error::Diagnostic;
use crate::site::Site;
use crate::taxonomy::{Slug, TopicCode, Year};
use crate::theme;
use crate::views::{self, PageMeta, PaperView, SiteView, TopicRef, TopicSummary, YearGroup, YearSummary};

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

    fn year(&self, year: Year) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.years.contains(&year),
        }
    }
}

/// A rendered file, its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Each paper's entry in paper lists (the `partials/paper_entry.html` template, rendered once
/// per paper and reused on the home, topic and year pages), kept between rebuilds.
#[derive(Debug, Default)]
pub struct EntryCache {
    entries: HashMap<Slug, String>,
}

/// One page to render: the template, where it goes and its context.
struct Job {
    template: &'static str,
    path: String,
    context: Context,
}

#[derive(Serialize)]
struct EntryContext<'s, 'v, 'a> {
    site: &'s SiteView<'a>,
    paper: &'v PaperView<'a>,
}

#[derive(Serialize)]
struct HomeContext<'s, 'e, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    years: Vec<YearGroup<'e>>,
    paper_count: usize,
}

#[derive(Serialize)]
struct PaperContext<'s, 'v, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    paper: &'v PaperView<'a>,
}

#[derive(Serialize)]
struct TopicsContext<'s, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    topics: Vec<TopicSummary<'a>>,
}

#[derive(Serialize)]
struct TopicContext<'s, 'e, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    topic: TopicRef<'a>,
    years: Vec<YearGroup<'e>>,
    paper_count: usize,
}

#[derive(Serialize)]
struct YearsContext<'s, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    years: Vec<YearSummary>,
}

#[derive(Serialize)]
struct YearContext<'s, 'e, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    year: i32,
    paper_count: usize,
    entries: Vec<&'e str>,
}

#[derive(Serialize)]
struct NotFoundContext<'s, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
}

/// Renders the pages of `scope`; template errors are collected, not stopped at. `cache` holds
/// the paper entries of earlier renders: those of papers in `scope` are rendered again.
pub fn render_site(
    site: &Site,
    tera: &Tera,
    scope: &Scope,
    cache: &mut EntryCache,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let site_view = views::site_view(site);
    let papers: Vec<PaperView> = site
        .papers
        .par_iter()
        .filter(|p| scope.paper(p.slug.as_str()))
        .map(|p| views::paper_view(&site.config, p))
        .collect();
    update_entries(site, tera, &site_view, &papers, scope, cache)?;
    let jobs = jobs(site, &site_view, &papers, scope, cache).map_err(|e| vec![context_error(&e)])?;
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            tera.render(job.template, &job.context)
                .map(|html| Page {
                    path: PathBuf::from(job.path),
                    bytes: html.into_bytes(),
                })
                .map_err(|e| render_error(job.template, &e))
        })
        .collect();
    collect_results(results)
}

/// Renders the list entries of `papers` into the cache, dropping those of papers that are gone.
fn update_entries(
    site: &Site,
    tera: &Tera,
    site_view: &SiteView,
    papers: &[PaperView],
    scope: &Scope,
    cache: &mut EntryCache,
) -> Result<(), Vec<Diagnostic>> {
    const TEMPLATE: &str = "partials/paper_entry.html";
    let rendered: Vec<Result<(Slug, String), Diagnostic>> = papers
        .par_iter()
        .map(|paper| {
            let context = Context::from_serialize(EntryContext {
                site: site_view,
                paper,
            })
            .map_err(|e| context_error(&e))?;
            let html = tera
                .render(TEMPLATE, &context)
                .map_err(|e| render_error(TEMPLATE, &e))?;
            Ok((Slug::from_stem(paper.slug), html))
        })
        .collect();
    let rendered = collect_results(rendered)?;
    if matches!(scope, Scope::All) {
        cache.entries.clear();
    } else {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        cache.entries.retain(|slug, _| live.contains(slug.as_str()));
    }
    cache.entries.extend(rendered);
    Ok(())
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

fn meta(title: String, description: String, path: String, section: &'static str) -> PageMeta {
    PageMeta {
        title,
        description,
        path,
        section,
    }
}

/// The cached entries of `members` (indexes into `site.papers`, newest first) under their years.
fn year_groups<'e>(site: &Site, cache: &'e EntryCache, members: &[usize]) -> Vec<YearGroup<'e>> {
    let mut groups: Vec<YearGroup<'e>> = Vec::new();
    for &i in members {
        let paper = &site.papers[i];
        let year = paper.year();
        let entry = cache.entries.get(&paper.slug).map_or("", String::as_str);
        match groups.last_mut() {
            Some(group) if group.year == year => group.entries.push(entry),
            _ => groups.push(YearGroup {
                year,
                url: site.config.base_url.join(&format!("years/{year}/")),
                entries: vec![entry],
            }),
        }
    }
    groups
}

fn entries<'e>(site: &Site, cache: &'e EntryCache, members: &[usize]) -> Vec<&'e str> {
    members
        .iter()
        .map(|&i| cache.entries.get(&site.papers[i].slug).map_or("", String::as_str))
        .collect()
}

fn jobs(
    site: &Site,
    sv: &SiteView,
    papers: &[PaperView],
    scope: &Scope,
    cache: &EntryCache,
) -> tera::Result<Vec<Job>> {
    let config = &site.config;
    let all: Vec<usize> = (0..site.papers.len()).collect();
    let mut jobs = Vec::with_capacity(papers.len() + site.topics.len() + site.years.len() + 4);

    jobs.push(Job {
        template: "index.html",
        path: "index.html".into(),
        context: Context::from_serialize(HomeContext {
            site: sv,
            page: meta(
                config.title.clone(),
                config.description.clone(),
                String::new(),
                "papers",
            ),
            years: year_groups(site, cache, &all),
            paper_count: all.len(),
        })?,
    });

    for paper in papers {
        let description = format!("{} ({}), {}", paper.title, paper.year, author_line(paper));
        jobs.push(Job {
            template: "paper.html",
            path: format!("papers/{}/index.html", paper.slug),
            context: Context::from_serialize(PaperContext {
                site: sv,
                page: meta(
                    format!("{} · {}", paper.title, config.title),
                    description,
                    format!("papers/{}/", paper.slug),
                    "papers",
                ),
                paper,
            })?,
        });
    }

    let summaries = site
        .topics
        .iter()
        .map(|(topic, members)| TopicSummary {
            topic: views::topic_ref(config, topic),
            count: members.len(),
        })
        .collect();
    jobs.push(Job {
        template: "topics.html",
        path: "topics/index.html".into(),
        context: Context::from_serialize(TopicsContext {
            site: sv,
            page: meta(
                format!("Topics · {}", config.title),
                format!("Papers of {} by topic", config.title),
                "topics/".into(),
                "topics",
            ),
            topics: summaries,
        })?,
    });
    for (topic, members) in site.topics.iter().filter(|(t, _)| scope.topic(&t.code)) {
        let topic = views::topic_ref(config, topic);
        let slug = topic.slug.clone();
        jobs.push(Job {
            template: "topic.html",
            path: format!("topics/{slug}/index.html"),
            context: Context::from_serialize(TopicContext {
                site: sv,
                page: meta(
                    format!("{} ({}) · {}", topic.name, topic.code, config.title),
                    format!("{} papers of {} in {}", members.len(), config.title, topic.name),
                    format!("topics/{slug}/"),
                    "topics",
                ),
                years: year_groups(site, cache, members),
                paper_count: members.len(),
                topic,
            })?,
        });
    }

    let year_summaries = site
        .years
        .iter()
        .map(|(year, members)| YearSummary {
            year: *year,
            url: config.base_url.join(&format!("years/{year}/")),
            count: members.len(),
        })
        .collect();
    jobs.push(Job {
        template: "years.html",
        path: "years/index.html".into(),
        context: Context::from_serialize(YearsContext {
            site: sv,
            page: meta(
                format!("Years · {}", config.title),
                format!("Papers of {} by year", config.title),
                "years/".into(),
                "years",
            ),
            years: year_summaries,
        })?,
    });
    for (year, members) in site.years.iter().filter(|(y, _)| scope.year(*y)) {
        jobs.push(Job {
            template: "year.html",
            path: format!("years/{year}/index.html"),
            context: Context::from_serialize(YearContext {
                site: sv,
                page: meta(
                    format!("{year} · {}", config.title),
                    format!("{} papers of {} from {year}", members.len(), config.title),
                    format!("years/{year}/"),
                    "years",
                ),
                year: *year,
                paper_count: members.len(),
                entries: entries(site, cache, members),
            })?,
        });
    }

    if matches!(scope, Scope::All) {
        jobs.push(not_found_job(sv, config)?);
    }
    Ok(jobs)
}

fn not_found_job(sv: &SiteView, config: &crate::config::Config) -> tera::Result<Job> {
    Ok(Job {
        template: "404.html",
        path: "404.html".into(),
        context: Context::from_serialize(NotFoundContext {
            site: sv,
            page: meta(
                format!("Page not found · {}", config.title),
                String::new(),
                "404.html".into(),
                "",
            ),
        })?,
    })
}

fn author_line(paper: &PaperView) -> String {
    let names: Vec<&str> = paper.authors.iter().map(|a| a.name).collect();
    let mut line = names.join(", ");
    if paper.et_al {
        line.push_str(" et al.");
    }
    line
}
