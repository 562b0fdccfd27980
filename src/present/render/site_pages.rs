//! The pages of `content/pages/`, with their embedded paper lists, and the news page.

use std::collections::HashMap;

use serde::Serialize;

use crate::present::render::jobs::{lazy, Job};
use crate::present::render::lists::matching;
use crate::present::views::{self, PageFrame, PageMeta};
use crate::site::urls;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    page: PageMeta,
    title: &'a str,
    /// The page's HTML, embedded paper lists included.
    content: String,
}

#[derive(Serialize)]
pub(super) struct NewsContext<'a> {
    page: PageMeta,
    news: Vec<views::NewsView<'a>>,
}

/// The pages of `content/pages/` and the news page.
pub(super) fn page_jobs<'a>(
    site: &'a Site,
    frame: &PageFrame,
    cards: &HashMap<usize, String>,
) -> Vec<Job<'a>> {
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
                    format!("{} · {}", config.strings.get("news_title"), config.title),
                    config.strings.fill("news_description", &[("site", &config.title)]),
                    "news/".into(),
                    "news",
                ),
                news: views::news_views(config, usize::MAX),
            }),
        });
    }
    jobs
}
