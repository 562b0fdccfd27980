//! The list pages: home, topics, years and co-authors, each paginated, from the paper entries
//! rendered once; and the cards of featured and embedded papers.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::base::diagnostic::Diagnostic;
use crate::base::taxonomy::{Section, Year};
use crate::model::profile::{GroupBy, KindGroup};
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
use crate::site::groups;
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
    /// The entries in groups, when year pages are grouped (by kind).
    groups: Option<Grouped<'e>>,
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
    /// The place of the paper's kind in `home.kind_order`.
    kind: usize,
    /// The paper's first topic (index into `site.topics`), and its page.
    topic: Option<usize>,
    topic_url: Option<&'e str>,
}

pub(super) type EntriesByPaper<'e> = [Listed<'e>];

/// What the list pages list: every paper in the home page's order, each topic's and each
/// year's papers in their pages' order, and what is shown of each paper.
pub(super) struct Lists<'e> {
    pub(super) all: Vec<usize>,
    /// Aligned with `site.topics` and `site.years`.
    pub(super) topics: Vec<Vec<usize>>,
    pub(super) years: Vec<Vec<usize>>,
    pub(super) by_paper: Vec<Listed<'e>>,
}

impl<'e> Lists<'e> {
    pub(super) fn of(site: &Site, cache: &'e RenderCache, urls: &'e ListUrls) -> Lists<'e> {
        let home = &site.config.home;
        let all: Vec<usize> = (0..site.papers.len()).collect();
        Lists {
            all: groups::order(site, &all, home.group_by),
            topics: site.topics.iter().map(|(_, m)| groups::order(site, m, home.topic_group_by)).collect(),
            years: site.years.iter().map(|(_, m)| groups::order(site, m, home.year_group_by)).collect(),
            by_paper: entries_by_paper(site, cache, urls),
        }
    }
}

/// The address of each year's page and each topic's (aligned with `site.topics`).
pub(super) struct ListUrls {
    years: HashMap<Year, String>,
    topics: Vec<String>,
}

pub(super) fn list_urls(site: &Site) -> ListUrls {
    ListUrls {
        years: site
            .years
            .iter()
            .map(|&(year, _)| (year, site.config.base_url.join(&urls::year(year))))
            .collect(),
        topics: site
            .topics
            .iter()
            .map(|(t, _)| site.config.base_url.join(&urls::topic(&t.code.slug())))
            .collect(),
    }
}

fn entries_by_paper<'e>(site: &Site, cache: &'e RenderCache, list_urls: &'e ListUrls) -> Vec<Listed<'e>> {
    let config = &site.config;
    // Ten thousand lookups by slug take a core a few milliseconds while the other waits.
    site.papers
        .par_iter()
        .map(|p| {
            let (entry, line) =
                cache.entries.get(&p.slug).map_or(("", ""), |(entry, line)| (entry.as_str(), line.as_str()));
            let year = p.year();
            let kind = groups::kind_group(p);
            let topic =
                p.topics.first().and_then(|(code, _)| site.topics.iter().position(|(t, _)| t.code == *code));
            Listed {
                entry,
                line,
                year,
                year_url: year.and_then(|y| list_urls.years.get(&y)).map(String::as_str),
                kind: config.home.kind_order.iter().position(|k| *k == kind).unwrap_or(0),
                topic,
                topic_url: topic.map(|t| list_urls.topics[t].as_str()),
            }
        })
        .collect()
}

/// The papers `members` (indexes into `site.papers`, in the list's order) of a list page:
/// grouped (`Shape::Groups`), as full entries or (`compact`) as short lines, or (`flat`) the
/// entries alone. Made when the page's context is serialised, so on the core that renders the
/// page rather than on the one that lists the pages.
pub(super) struct Grouped<'e> {
    site: &'e Site,
    by_paper: &'e EntriesByPaper<'e>,
    members: &'e [usize],
    shape: Shape,
}

#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// Groups of entries: by year, kind or topic, or one group without a heading.
    Groups(GroupBy),
    /// The entries, one after another.
    Flat,
    /// The compact lines, one after another.
    CompactFlat,
}

impl Grouped<'_> {
    /// The entries in groups (`Shape::Groups`): a new group where the group key changes.
    fn groups(&self, by: GroupBy) -> Vec<YearGroup<'_>> {
        let strings = &self.site.config.strings;
        let mut groups: Vec<YearGroup> = Vec::new();
        let mut last_key = None;
        for &i in self.members {
            let listed = &self.by_paper[i];
            let key = match by {
                GroupBy::Year => listed.year.map_or(0, |y| i64::from(y) + 1),
                GroupBy::Kind => listed.kind as i64,
                GroupBy::Topic => listed.topic.map_or(-1, |t| t as i64),
                GroupBy::None => 0,
            };
            if last_key == Some(key) {
                if let Some(group) = groups.last_mut() {
                    group.entries.push(listed.entry);
                    continue;
                }
            }
            last_key = Some(key);
            let (label, id, url) = match by {
                GroupBy::Year => (
                    listed.year.map_or_else(|| strings.get("forthcoming").to_owned(), |y| y.to_string()),
                    listed.year.map_or_else(|| "forthcoming".to_owned(), |y| format!("y{y}")),
                    listed.year_url,
                ),
                GroupBy::Kind => {
                    let kind = self
                        .site
                        .config
                        .home
                        .kind_order
                        .get(listed.kind)
                        .copied()
                        .unwrap_or(KindGroup::Other);
                    (
                        strings.get(&format!("kind_{}", kind.name())).to_owned(),
                        format!("kind-{}", kind.name()),
                        None,
                    )
                }
                GroupBy::Topic => match listed.topic.and_then(|t| self.site.topics.get(t)) {
                    Some((topic, _)) => {
                        (topic.name.clone(), format!("topic-{}", topic.code.slug()), listed.topic_url)
                    }
                    None => (strings.get("no_topic").to_owned(), "no-topic".to_owned(), None),
                },
                GroupBy::None => (String::new(), "papers".to_owned(), None),
            };
            groups.push(YearGroup { year: listed.year, label, id, url, entries: vec![listed.entry] });
        }
        groups
    }
}

impl Serialize for Grouped<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.shape {
            Shape::Flat => serializer.collect_seq(self.members.iter().map(|&i| self.by_paper[i].entry)),
            Shape::CompactFlat => serializer.collect_seq(self.members.iter().map(|&i| self.by_paper[i].line)),
            Shape::Groups(by) => self.groups(by).serialize(serializer),
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
    topic_jobs(site, frame, scope, lists, &mut jobs);
    year_jobs(site, frame, scope, lists, &mut jobs);
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
    let Lists { all, by_paper, .. } = lists;
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
                    page_title(config.title.clone(), &list.pager, &config.strings),
                    config.description.clone(),
                    list.dir,
                    Section::Papers.name(),
                ),
                years: Grouped {
                    site,
                    by_paper,
                    members: list.members,
                    shape: Shape::Groups(config.home.group_by),
                },
                paper_count: all.len(),
                pager: list.pager,
                featured: if first { featured.clone() } else { Vec::new() },
                selected_heading: config
                    .home
                    .selected_heading
                    .as_deref()
                    .unwrap_or_else(|| config.strings.get("selected_papers")),
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
    lists: &'a Lists<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let config = &site.config;
    let strings = &config.strings;
    let by_paper = &lists.by_paper;
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
                format!("{} · {}", strings.get("topics_title"), config.title),
                strings.fill("topics_description", &[("site", &config.title)]),
                index.into(),
                Section::Topics.name(),
            ),
            topics: summaries,
        }),
    });
    for ((topic, members), ordered) in
        site.topics.iter().zip(&lists.topics).filter(|((t, _), _)| scope.topic(&t.code))
    {
        for list in paginate(config, &urls::topic(&topic.code.slug()), ordered) {
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
                            &config.strings,
                        ),
                        strings.count(
                            "topic_description",
                            members.len() as u64,
                            &[("site", &config.title), ("topic", topic.name)],
                        ),
                        list.dir,
                        Section::Topics.name(),
                    ),
                    years: Grouped {
                        site,
                        by_paper,
                        members: list.members,
                        shape: Shape::Groups(config.home.topic_group_by),
                    },
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
    lists: &'a Lists<'a>,
    jobs: &mut Vec<Job<'a>>,
) {
    let config = &site.config;
    let strings = &config.strings;
    let by_paper = &lists.by_paper;
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
                format!("{} · {}", strings.get("years_title"), config.title),
                strings.fill("years_description", &[("site", &config.title)]),
                index.into(),
                Section::Years.name(),
            ),
            years: year_summaries,
        }),
    });
    for ((year, members), ordered) in site.years.iter().zip(&lists.years).filter(|((y, _), _)| scope.year(*y))
    {
        for list in paginate(config, &urls::year(*year), ordered) {
            if !scope.list_page(site, list.members) {
                continue;
            }
            jobs.push(Job {
                template: "year.html",
                path: urls::index_file(&list.dir),
                weight: list.members.len(),
                context: lazy(YearContext {
                    page: frame.meta(
                        page_title(format!("{year} · {}", config.title), &list.pager, &config.strings),
                        strings.count(
                            "year_description",
                            members.len() as u64,
                            &[("site", &config.title), ("year", &year.to_string())],
                        ),
                        list.dir,
                        Section::Years.name(),
                    ),
                    year: *year,
                    paper_count: members.len(),
                    entries: Grouped { site, by_paper, members: list.members, shape: Shape::Flat },
                    groups: (config.home.year_group_by != GroupBy::None).then_some(Grouped {
                        site,
                        by_paper,
                        members: list.members,
                        shape: Shape::Groups(config.home.year_group_by),
                    }),
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
                        page_title(
                            format!("{} · {}", author.name, config.title),
                            &list.pager,
                            &config.strings,
                        ),
                        config
                            .strings
                            .fill("author_description", &[("site", &config.title), ("name", &author.name)]),
                        list.dir,
                        Section::Authors.name(),
                    ),
                    name: &author.name,
                    entries: Grouped { site, by_paper, members: list.members, shape: Shape::CompactFlat },
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
                format!("{} · {}", config.strings.get("authors_title"), config.title),
                config.strings.fill("authors_description", &[("site", &config.title)]),
                index.into(),
                Section::Authors.name(),
            ),
            authors,
        }),
    }
}
