//! The list pages: home, topics, years and co-authors, each paginated, from the paper entries
//! rendered once; and the cards of featured and embedded papers.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::base::diagnostic::Diagnostic;
use crate::base::taxonomy::{Section, Year};
use crate::present::fragments::TopicRef;
use crate::present::render::cache::RenderCache;
use crate::present::render::context::render_error;
use crate::present::render::feeds;
use crate::present::render::jobs::{lazy, Job};
use crate::present::render::pager::{page_title, paginate, Pager};
use crate::present::render::reads::Reads;
use crate::present::render::schedule::collect_results;
use crate::present::render::scope::Scope;
use crate::present::views::{self, AuthorSummary, PageFrame, PageMeta, TopicSummary, YearGroup, YearSummary};
use crate::site::urls;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct HomeContext<'e, 'a> {
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
pub(super) struct AuthorsContext<'a> {
    page: PageMeta,
    authors: Vec<AuthorSummary<'a>>,
}

#[derive(Serialize)]
pub(super) struct AuthorContext<'e, 'a> {
    page: PageMeta,
    name: &'a str,
    /// The compact lines of the joint papers, newest first.
    entries: Grouped<'e>,
    paper_count: usize,
    pager: Pager,
}

#[derive(Serialize)]
pub(super) struct TopicsContext<'a> {
    page: PageMeta,
    topics: Vec<TopicSummary<'a>>,
}

#[derive(Serialize)]
pub(super) struct TopicContext<'e, 'a> {
    page: PageMeta,
    topic: TopicRef<'a>,
    years: Grouped<'e>,
    paper_count: usize,
    pager: Pager,
}

#[derive(Serialize)]
pub(super) struct YearsContext {
    page: PageMeta,
    years: Vec<YearSummary>,
}

#[derive(Serialize)]
pub(super) struct YearContext<'e> {
    page: PageMeta,
    year: i32,
    paper_count: usize,
    entries: Grouped<'e>,
    pager: Pager,
}

/// What list pages show of each paper, by index into `site.papers` (found once for all list
/// pages: a large site's lists name each paper several times, and co-author pages group a few
/// papers under each of many years).
#[derive(Clone, Copy)]
pub(super) struct Listed<'e> {
    /// The rendered entry (`partials/paper_entry.html`).
    entry: &'e str,
    /// The rendered compact line (`partials/paper_line.html`).
    line: &'e str,
    /// The paper's year; none for a paper not out yet.
    year: Option<Year>,
    /// The year's page.
    year_url: Option<&'e str>,
}

pub(super) type EntriesByPaper<'e> = [Listed<'e>];

/// What the list pages list: every paper, and what is shown of each.
pub(super) struct Lists<'e> {
    pub(super) all: Vec<usize>,
    pub(super) by_paper: Vec<Listed<'e>>,
}

impl<'e> Lists<'e> {
    pub(super) fn of(site: &Site, cache: &'e RenderCache, year_urls: &'e HashMap<Year, String>) -> Lists<'e> {
        Lists { all: (0..site.papers.len()).collect(), by_paper: entries_by_paper(site, cache, year_urls) }
    }
}

/// The address of each year's page.
pub(super) fn year_urls(site: &Site) -> HashMap<Year, String> {
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
            Listed { entry, line, year, year_url: year.and_then(|y| year_urls.get(&y)).map(String::as_str) }
        })
        .collect()
}

/// The papers `members` (indexes into `site.papers`, newest first) of a list page: grouped by
/// year (`years`), as full entries or (`compact`) as short lines, or (`flat`) the entries alone.
/// Made when the page's context is serialised, so on the core that renders the page rather than
/// on the one that lists the pages.
pub(super) struct Grouped<'e> {
    by_paper: &'e EntriesByPaper<'e>,
    members: &'e [usize],
    shape: Shape,
}

#[derive(Clone, Copy)]
pub(super) enum Shape {
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
                _ => groups.push(YearGroup {
                    year: listed.year,
                    label: listed.year.map_or_else(|| "Forthcoming".to_owned(), |y| y.to_string()),
                    id: listed.year.map_or_else(|| "forthcoming".to_owned(), |y| format!("y{y}")),
                    url: listed.year_url,
                    entries: vec![entry],
                }),
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
pub(super) fn cards(
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
pub(super) fn matching(site: &Site, query: &crate::model::pages::PaperQuery) -> Vec<usize> {
    (0..site.papers.len())
        .filter(|&i| {
            let paper = &site.papers[i];
            query.topic.as_ref().is_none_or(|t| paper.topics.iter().any(|(code, _)| code.as_str() == t))
                && query.year.is_none_or(|y| paper.year() == Some(y))
                && query.featured.is_none_or(|f| paper.featured == f)
        })
        .take(query.limit.unwrap_or(usize::MAX))
        .collect()
}

/// The jobs of every list page in `scope`, and of the feed, the sitemap and the 404 page.
pub(super) fn jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    lists: &'a Lists<'a>,
    cards: &'a HashMap<usize, String>,
    person: &'a str,
) -> tera::Result<Vec<Job<'a>>> {
    let mut jobs = home_jobs(site, frame, scope, lists, cards, person);
    topic_jobs(site, frame, scope, &lists.by_paper, &mut jobs);
    year_jobs(site, frame, scope, &lists.by_paper, &mut jobs);
    author_jobs(site, frame, scope, &lists.by_paper, &mut jobs);
    jobs.push(feeds::feed_job(site)?);
    if scope.indexes() {
        jobs.push(feeds::sitemap_job(site));
    }
    if matches!(scope, Scope::All) {
        jobs.push(feeds::not_found_job(&site.config, frame));
    }
    Ok(jobs)
}

/// The home page, over as many pages as its papers need: the featured cards and the news on the
/// first.
fn home_jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    lists: &'a Lists<'a>,
    cards: &'a HashMap<usize, String>,
    person: &'a str,
) -> Vec<Job<'a>> {
    let config = &site.config;
    let Lists { all, by_paper } = lists;
    let featured: Vec<&str> = (0..site.papers.len())
        .filter(|&i| site.papers[i].featured)
        .filter_map(|i| cards.get(&i).map(String::as_str))
        .collect();
    let mut jobs = Vec::new();
    for list in paginate(config, urls::section(Section::Papers), all)
        .into_iter()
        .filter(|l| scope.list_page(site, l.members))
    {
        let first = list.pager.current == 1;
        let news_limit = if first { config.home.news_limit } else { 0 };
        jobs.push(Job {
            template: "index.html",
            path: urls::index_file(&list.dir),
            weight: list.members.len(),
            context: lazy(HomeContext {
                page: frame.meta(
                    page_title(config.title.clone(), &list.pager),
                    config.description.clone(),
                    list.dir,
                    Section::Papers.name(),
                ),
                years: Grouped { by_paper, members: list.members, shape: Shape::Years },
                paper_count: all.len(),
                pager: list.pager,
                featured: if first { featured.clone() } else { Vec::new() },
                selected_heading: &config.home.selected_heading,
                news: views::news_views(config, news_limit),
                news_more: (first && config.news.len() > news_limit)
                    .then(|| config.base_url.join(urls::section(Section::News))),
                person_json_ld: person,
            }),
        });
    }
    jobs
}

/// The topic index, and each topic's pages in `scope`.
fn topic_jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    by_paper: &'a EntriesByPaper<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let config = &site.config;
    let summaries = site
        .topics
        .iter()
        .map(|(topic, members)| TopicSummary { topic: TopicRef::of(config, topic), count: members.len() })
        .collect();
    let index = urls::section(Section::Topics);
    jobs.push(Job {
        template: "topics.html",
        path: urls::index_file(index),
        weight: 2 * site.topics.len(),
        context: lazy(TopicsContext {
            page: frame.meta(
                format!("Topics · {}", config.title),
                format!("Papers of {} by topic", config.title),
                index.into(),
                Section::Topics.name(),
            ),
            topics: summaries,
        }),
    });
    for (topic, members) in site.topics.iter().filter(|(t, _)| scope.topic(&t.code)) {
        for list in paginate(config, &urls::topic(&topic.code.slug()), members) {
            if !scope.list_page(site, list.members) {
                continue;
            }
            let topic = TopicRef::of(config, topic);
            jobs.push(Job {
                template: "topic.html",
                path: urls::index_file(&list.dir),
                weight: list.members.len(),
                context: lazy(TopicContext {
                    page: frame.meta(
                        page_title(
                            format!("{} ({}) · {}", topic.name, topic.code, config.title),
                            &list.pager,
                        ),
                        format!("{} papers of {} in {}", members.len(), config.title, topic.name),
                        list.dir,
                        Section::Topics.name(),
                    ),
                    years: Grouped { by_paper, members: list.members, shape: Shape::Years },
                    paper_count: members.len(),
                    topic,
                    pager: list.pager,
                }),
            });
        }
    }
}

/// The year index, and each year's pages in `scope`.
fn year_jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    by_paper: &'a EntriesByPaper<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let config = &site.config;
    let year_summaries = site
        .years
        .iter()
        .map(|(year, members)| YearSummary {
            year: *year,
            url: config.base_url.join(&urls::year(*year)),
            count: members.len(),
        })
        .collect();
    let index = urls::section(Section::Years);
    jobs.push(Job {
        template: "years.html",
        path: urls::index_file(index),
        weight: 2 * site.years.len(),
        context: lazy(YearsContext {
            page: frame.meta(
                format!("Years · {}", config.title),
                format!("Papers of {} by year", config.title),
                index.into(),
                Section::Years.name(),
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
                path: urls::index_file(&list.dir),
                weight: list.members.len(),
                context: lazy(YearContext {
                    page: frame.meta(
                        page_title(format!("{year} · {}", config.title), &list.pager),
                        format!("{} papers of {} from {year}", members.len(), config.title),
                        list.dir,
                        Section::Years.name(),
                    ),
                    year: *year,
                    paper_count: members.len(),
                    entries: Grouped { by_paper, members: list.members, shape: Shape::Flat },
                    pager: list.pager,
                }),
            });
        }
    }
}

/// The co-author index, and each co-author's pages in `scope`.
fn author_jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    scope: &Scope,
    by_paper: &'a EntriesByPaper<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let config = &site.config;
    if scope.indexes() && config.coauthor_pages {
        jobs.push(author_index_job(site, frame));
    }
    for author in site.authors.authors.iter().filter(|a| scope.author(&a.slug)) {
        for list in paginate(config, &urls::author(&author.slug), &author.papers) {
            jobs.push(Job {
                template: "author.html",
                path: urls::index_file(&list.dir),
                weight: list.members.len(),
                context: lazy(AuthorContext {
                    page: frame.meta(
                        page_title(format!("{} · {}", author.name, config.title), &list.pager),
                        format!("Papers of {} with {}", config.title, author.name),
                        list.dir,
                        Section::Authors.name(),
                    ),
                    name: &author.name,
                    entries: Grouped { by_paper, members: list.members, shape: Shape::CompactFlat },
                    paper_count: author.papers.len(),
                    pager: list.pager,
                }),
            });
        }
    }
}

/// The co-author index: everyone with their number of joint papers.
fn author_index_job<'a>(site: &'a Site, frame: &PageFrame) -> Job<'a> {
    let config = &site.config;
    let authors = site
        .authors
        .authors
        .iter()
        .map(|a| AuthorSummary { name: &a.name, url: a.url.clone(), count: a.papers.len() })
        .collect();
    let index = urls::section(Section::Authors);
    Job {
        template: "authors.html",
        path: urls::index_file(index),
        weight: 2 * site.authors.authors.len(),
        context: lazy(AuthorsContext {
            page: frame.meta(
                format!("Co-authors · {}", config.title),
                format!("The co-authors of {}", config.title),
                index.into(),
                Section::Authors.name(),
            ),
            authors,
        }),
    }
}
