//! The files about the whole site: the Atom feed, the sitemap and the 404 page.

use serde::Serialize;

use crate::base::taxonomy::Section;
use crate::model::config::Config;
use crate::present::render::jobs::{lazy, Job};
use crate::present::views::{self, PageFrame, PageMeta, PaperView};
use crate::site::urls;
use crate::site::Site;

/// A news item in the Atom feed.
#[derive(Serialize)]
pub(super) struct FeedNews<'a> {
    title: String,
    url: String,
    time: String,
    html: &'a str,
}

#[derive(Serialize)]
pub(super) struct FeedContext<'v, 'a> {
    /// RFC 3339 time of the newest paper or news item.
    updated: String,
    entries: Vec<FeedEntry<'v, 'a>>,
    news: Vec<FeedNews<'a>>,
}

#[derive(Serialize)]
pub(super) struct FeedEntry<'v, 'a> {
    paper: &'v PaperView<'a>,
    /// RFC 3339 time of the paper's date.
    time: String,
}

#[derive(Serialize)]
pub(super) struct SitemapContext {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
pub(super) struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
pub(super) struct NotFoundContext {
    page: PageMeta,
    /// `not_found_links` with its bracketed parts linked to the home, topic and year indexes.
    links_html: String,
}

/// The Atom feed: the 50 newest papers.
pub(super) fn feed_job(site: &Site) -> tera::Result<Job<'_>> {
    const LIMIT: usize = 50;
    let papers: Vec<PaperView> = site.papers.iter().take(LIMIT).map(|p| views::paper_view(site, p)).collect();
    let time = |date: &str| format!("{date}T00:00:00Z");
    // Atom wants a timestamp: a year or a month stands for its first day; a paper not out yet
    // has none and is left out of the feed.
    let day =
        |p: &crate::model::paper::Paper| p.date.map(|d| time(&crate::base::date::iso_date(d.first_day())));
    let updated = site.papers.iter().find_map(|p| day(p)).unwrap_or_else(|| time("1970-01-01"));
    let entries = papers
        .iter()
        .zip(&site.papers)
        .filter_map(|(paper, p)| day(p).map(|time| FeedEntry { paper, time }))
        .collect();
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
        path: urls::FEED.into(),
        weight: 10 * LIMIT,
        context: Box::new(move |slot| {
            slot.clone_from(&fields);
            Ok(())
        }),
    })
}

/// `sitemap.xml`: every page of the site.
pub(super) fn sitemap_job(site: &Site) -> Job<'_> {
    Job {
        template: "sitemap.xml",
        path: urls::SITEMAP.into(),
        weight: 2 * (site.papers.len() + site.authors.authors.len()),
        // The list of every page is made when the job runs, beside the other pages.
        context: Box::new(move |slot| {
            crate::base::value::assign(slot, &SitemapContext { urls: sitemap_urls(site) })
        }),
    }
}

/// Every page of the site, for the sitemap.
pub(super) fn sitemap_urls(site: &Site) -> Vec<SitemapUrl> {
    let config = &site.config;
    let url = |path: String, lastmod: Option<String>| SitemapUrl {
        loc: urls::absolute(&config.base_url, &path),
        lastmod,
    };
    let section = |s: Section| url(urls::section(s).into(), None);
    let mut urls = vec![section(Section::Papers), section(Section::Topics), section(Section::Years)];
    urls.extend(site.papers.iter().map(|p| url(urls::paper(p.slug.as_str()), p.date.map(|d| d.iso()))));
    urls.extend(site.topics.iter().map(|(t, _)| url(urls::topic(&t.code.slug()), None)));
    urls.extend(site.years.iter().map(|(y, _)| url(urls::year(*y), None)));
    if config.coauthor_pages {
        urls.push(section(Section::Authors));
    }
    urls.extend(site.authors.authors.iter().map(|a| url(urls::author(&a.slug), None)));
    urls.extend(site.pages.iter().map(|p| url(urls::page(&p.name), None)));
    if !config.news.is_empty() {
        urls.push(section(Section::News));
    }
    urls
}

/// `text` as HTML, its `[parts]` made links to `urls` in order (a part without a URL stays text).
fn bracketed_links(text: &str, urls: &[String]) -> String {
    use crate::base::escape::push_html_escaped;
    let mut out = String::new();
    let mut rest = text;
    let mut next = urls.iter();
    while let Some(start) = rest.find('[') {
        let Some(end) = rest[start..].find(']').map(|e| start + e) else { break };
        push_html_escaped(&mut out, &rest[..start]);
        let label = &rest[start + 1..end];
        match next.next() {
            Some(url) => {
                out.push_str("<a href=\"");
                push_html_escaped(&mut out, url);
                out.push_str("\">");
                push_html_escaped(&mut out, label);
                out.push_str("</a>");
            }
            None => push_html_escaped(&mut out, label),
        }
        rest = &rest[end + 1..];
    }
    push_html_escaped(&mut out, rest);
    out
}

pub(super) fn not_found_job<'a>(config: &Config, frame: &PageFrame) -> Job<'a> {
    Job {
        template: "404.html",
        path: urls::NOT_FOUND.into(),
        weight: 1,
        context: lazy(NotFoundContext {
            page: frame.meta(
                format!("{} · {}", config.strings.get("not_found_title"), config.title),
                String::new(),
                urls::NOT_FOUND.into(),
                "",
            ),
            links_html: bracketed_links(
                config.strings.get("not_found_links"),
                &[
                    config.base_url.path().to_owned(),
                    config.base_url.join(urls::section(crate::base::taxonomy::Section::Topics)),
                    config.base_url.join(urls::section(crate::base::taxonomy::Section::Years)),
                ],
            ),
        }),
    }
}
