//! Rendering: the `Site` through the templates into pages (output path and bytes). Pure: the
//! caller writes the pages.

use std::collections::BTreeSet;
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

/// One page to render: the template, where it goes and its context.
struct Job {
    template: &'static str,
    path: String,
    context: Context,
}

#[derive(Serialize)]
struct HomeContext<'s, 'v, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    years: Vec<YearGroup<'v, 'a>>,
    paper_count: usize,
    /// Heading level of paper titles in lists.
    level: u8,
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
struct TopicContext<'s, 'v, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    topic: TopicRef<'a>,
    years: Vec<YearGroup<'v, 'a>>,
    paper_count: usize,
    level: u8,
}

#[derive(Serialize)]
struct YearsContext<'s, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    years: Vec<YearSummary>,
}

#[derive(Serialize)]
struct YearContext<'s, 'v, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
    year: i32,
    papers: Vec<&'v PaperView<'a>>,
    level: u8,
}

#[derive(Serialize)]
struct NotFoundContext<'s, 'a> {
    site: &'s SiteView<'a>,
    page: PageMeta,
}

/// Renders the pages of `scope`; template errors are collected, not stopped at.
pub fn render_site(site: &Site, tera: &Tera, scope: &Scope) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let site_view = views::site_view(site);
    let papers: Vec<PaperView> = site
        .papers
        .par_iter()
        .map(|p| views::paper_view(&site.config, p))
        .collect();
    let jobs = jobs(site, &site_view, &papers, scope).map_err(|e| vec![context_error(&e)])?;
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            tera.render(job.template, &job.context)
                .map(|html| Page {
                    path: PathBuf::from(job.path),
                    bytes: html.into_bytes(),
                })
                .map_err(|e| {
                    Diagnostic::new(format!("templates/{}", job.template), theme::error_chain(&e)).with_hint(
                        "a template refers to something that does not exist; see the message above",
                    )
                })
        })
        .collect();
    let (pages, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if errors.is_empty() {
        Ok(pages.into_iter().map(Result::unwrap).collect())
    } else {
        let mut errors: Vec<Diagnostic> = errors.into_iter().map(|e| e.unwrap_err()).collect();
        errors.dedup_by(|a, b| a.message == b.message);
        Err(errors)
    }
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

fn jobs(site: &Site, sv: &SiteView, papers: &[PaperView], scope: &Scope) -> tera::Result<Vec<Job>> {
    let config = &site.config;
    let all: Vec<usize> = (0..papers.len()).collect();
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
            years: views::year_groups(site, papers, &all),
            paper_count: papers.len(),
            level: 3,
        })?,
    });

    for paper in papers.iter().filter(|p| scope.paper(p.slug)) {
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
                years: views::year_groups(site, papers, members),
                paper_count: members.len(),
                topic,
                level: 3,
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
                papers: members.iter().map(|&i| &papers[i]).collect(),
                level: 2,
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
