//! What every page's template sees of the site (`site`, `page`), and the summaries that list
//! pages show: the menu, the filter, news, topic and year summaries.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::date::iso_date;
use crate::base::taxonomy::{Section, Year};
use crate::model::config::Config;
use crate::present::fragments::{nav_html, nav_items_html, NavItem, TopicRef};
use crate::present::views::profile::{profile_view, ProfileView};
use crate::site::urls;
use crate::site::Site;

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// `rtl` for a language written right to left, else `ltr`.
    pub dir: &'static str,
    /// The theme's words in the site's language (`site.t.abstract`; a count is a table of its
    /// plural forms, see `tr()`).
    pub t: &'a std::collections::HashMap<String, crate::model::i18n::Message>,
    /// `[theme]`: the switches, fonts and accent, and `theme.css` to put in a `<style>`.
    pub theme: &'a crate::model::theme::ThemeSettings,
    /// How the home page groups its papers: `year`, `kind`, `topic` or `none`.
    pub group_by: &'static str,
    /// The site's path prefix, ending with `/` (`/repo/` under a GitHub project page).
    pub root: &'a str,
    /// The absolute base URL, ending with `/`.
    pub base_url: &'a str,
    pub nav: Vec<NavItem>,
    /// The menu's items as HTML (`<li><a href=..>label</a></li>`, each followed by a line break
    /// and indent), the section's own item marked `aria-current="page"`, by section:
    /// `site.nav_html[page.section]` (a loop over `nav` on every page is 5% of a large site's
    /// build); `nav_html_none` for a page whose section has no item (the 404 page). Each page
    /// gets its own as `page.nav_html`.
    pub nav_html: BTreeMap<String, String>,
    pub nav_html_none: String,
    /// The Atom feed and the BibTeX of every paper.
    pub feed_url: String,
    pub bibtex_url: String,
    pub profile: ProfileView<'a>,
    /// What the home page's filter offers.
    pub filter: FilterView<'a>,
}

/// The choices of the home page's filter and where its index is.
#[derive(Debug, Serialize)]
pub(crate) struct FilterView<'a> {
    /// Topics that have papers, in code order.
    pub topics: Vec<TopicRef<'a>>,
    /// Years with papers, newest first.
    pub years: Vec<i32>,
    /// The search index of every paper (see `render::SEARCH_INDEX`).
    pub index_url: String,
    /// The words the filter's script writes, as JSON (`data-strings`).
    pub strings: String,
}

/// A news item as shown.
#[derive(Debug, Serialize)]
pub(crate) struct NewsView<'a> {
    pub date: String,
    pub date_display: String,
    pub html: &'a str,
    /// The item's anchor on the news page.
    pub id: String,
}

/// Per-page values, available as `page`.
#[derive(Debug, Serialize)]
pub(crate) struct PageMeta {
    pub title: String,
    pub description: String,
    /// Path of the page relative to the site root (`papers/x/`).
    pub path: String,
    /// The page's absolute URL (`site.base_url` and `path`), for its canonical link.
    pub permalink: String,
    /// The navigation section the page belongs to (a page of its own: its name).
    pub section: String,
    /// The menu's items for this page: `site.nav_html[section]`, or `site.nav_html_none` when
    /// the menu has no item for its section (the `if`, `in` and `[...]` that pick one in a
    /// template took 2% of a large site's build).
    pub nav_html: String,
}

/// What each page's `PageMeta` takes from the site: its absolute URL and its menu.
pub(crate) struct PageFrame<'s> {
    config: &'s Config,
    nav_html: &'s BTreeMap<String, String>,
    nav_html_none: &'s str,
}

impl<'s> PageFrame<'s> {
    pub(crate) fn of(config: &'s Config, site: &'s SiteView) -> Self {
        PageFrame { config, nav_html: &site.nav_html, nav_html_none: &site.nav_html_none }
    }

    /// The `page` of the page at `path` (relative to the site root) in menu section `section`.
    pub(crate) fn meta(&self, title: String, description: String, path: String, section: &str) -> PageMeta {
        let nav_html = self.nav_html.get(section).map_or(self.nav_html_none, String::as_str).to_owned();
        let permalink = urls::absolute(&self.config.base_url, &path);
        PageMeta { title, description, path, permalink, section: section.to_owned(), nav_html }
    }
}

/// A co-author with their paper count, for the co-author index.
#[derive(Debug, Serialize)]
pub(crate) struct AuthorSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// Papers of one year, as listed under a year heading: each paper's entry already rendered.
#[derive(Debug, Serialize)]
pub(crate) struct YearGroup<'e> {
    /// The year; none for the group of papers not out yet, which comes first.
    pub year: Option<Year>,
    /// `2024`, `Forthcoming` for the papers not out yet; the kind or the topic when grouped
    /// so; empty for a list not grouped.
    pub label: String,
    /// The heading's id: `y2024`, `forthcoming`, `kind-article`, `topic-lg`.
    pub id: String,
    /// The year's or topic's page (none for the papers not out yet and for kinds).
    pub url: Option<&'e str>,
    /// HTML of `partials/paper_entry.html` for each paper, newest first.
    pub entries: Vec<&'e str>,
}

/// A topic with its paper count, for the topic index.
#[derive(Debug, Serialize)]
pub(crate) struct TopicSummary<'a> {
    #[serde(flatten)]
    pub topic: TopicRef<'a>,
    pub count: usize,
}

/// A year with its paper count, for the year index.
#[derive(Debug, Serialize)]
pub(crate) struct YearSummary {
    pub year: Year,
    pub url: String,
    pub count: usize,
}

pub(crate) fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let base = &config.base_url;
    let nav = nav(site);
    SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.strings.language,
        dir: if config.strings.right_to_left { "rtl" } else { "ltr" },
        t: config.strings.messages(),
        theme: &config.theme,
        group_by: group_name(config.home.group_by),
        root: base.path(),
        base_url: base.absolute(),
        nav_html: nav_html(&nav),
        nav_html_none: nav_items_html(&nav, ""),
        nav,
        feed_url: base.join(urls::FEED),
        bibtex_url: base.join(urls::BIBTEX),
        profile: profile_view(site),
        filter: FilterView {
            topics: site
                .topics
                .iter()
                .filter(|(_, members)| !members.is_empty())
                .map(|(topic, _)| TopicRef::of(config, topic))
                .collect(),
            years: site.years.iter().map(|(year, _)| *year).collect(),
            index_url: base.join(urls::SEARCH_INDEX),
            strings: filter_strings(config),
        },
    }
}

pub(crate) fn group_name(group: crate::model::profile::GroupBy) -> &'static str {
    use crate::model::profile::GroupBy;
    match group {
        GroupBy::Year => "year",
        GroupBy::Kind => "kind",
        GroupBy::Topic => "topic",
        GroupBy::None => "none",
    }
}

/// What the filter's script writes, in the site's language: counts as tables of plural forms
/// (the script picks one with the browser's `Intl.PluralRules`).
fn filter_strings(config: &Config) -> String {
    let s = &config.strings;
    let messages = s.messages();
    let json = serde_json::json!({
        "count": messages.get("paper_count"),
        "shown": messages.get("filter_shown"),
        "searching": messages.get("filter_searching"),
        "none": s.get("filter_none"),
        "failed": s.get("filter_failed"),
        "separator": s.get("thousands_separator"),
    });
    json.to_string()
}

/// The menu: as `[[menu]]` sets it, else the built-in sections then the pages.
fn nav(site: &Site) -> Vec<NavItem> {
    use crate::model::profile::MenuTarget;
    let config = &site.config;
    let base = &config.base_url;
    let section = |section: Section| -> Option<(String, String)> {
        let label = match section {
            Section::Papers => "nav_papers",
            Section::Topics => "nav_topics",
            Section::Years => "nav_years",
            Section::Authors if config.coauthor_pages => "nav_authors",
            Section::News if !config.news.is_empty() => "nav_news",
            _ => return None,
        };
        Some((config.strings.get(label).to_owned(), base.join(urls::section(section))))
    };
    match &config.menu {
        Some(menu) => menu
            .iter()
            .filter_map(|item| {
                let (key, url) = match &item.target {
                    MenuTarget::Section(key) => (key.name().to_owned(), section(*key)?.1),
                    MenuTarget::Page(name) => (name.clone(), base.join(&urls::page(name))),
                    MenuTarget::Url(url) if url.contains(':') => (String::new(), url.clone()),
                    MenuTarget::Url(url) => (String::new(), base.join(url)),
                };
                Some(NavItem { key, label: item.label.clone(), url })
            })
            .collect(),
        None => {
            let sections = Section::ALL.into_iter().filter(|&s| s != Section::News).filter_map(|key| {
                section(key).map(|(label, url)| NavItem { key: key.name().to_owned(), label, url })
            });
            let pages = site.pages.iter().filter(|page| page.in_menu).map(|page| NavItem {
                key: page.name.clone(),
                label: page.title.clone(),
                url: base.join(&urls::page(&page.name)),
            });
            sections.chain(pages).collect()
        }
    }
}

/// The news items, newest first, at most `limit`.
pub(crate) fn news_views(config: &Config, limit: usize) -> Vec<NewsView<'_>> {
    config
        .news
        .iter()
        .take(limit)
        .enumerate()
        .map(|(i, item)| {
            let date = iso_date(item.date);
            NewsView {
                id: format!("news-{date}-{}", config.news.len() - i),
                date,
                date_display: config.strings.day(item.date),
                html: &item.html,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_gets_its_sections_menu_and_its_absolute_url() {
        let mut nav_html = BTreeMap::new();
        nav_html.insert("papers".to_owned(), "papers menu".to_owned());
        nav_html.insert("cv".to_owned(), "cv menu".to_owned());
        let mut config = crate::model::config::tests_config();
        config.base_url = crate::model::config::BaseUrl::parse("https://x.org/repo/").unwrap();
        let frame = PageFrame { config: &config, nav_html: &nav_html, nav_html_none: "no item" };
        let meta = |path: &str, section: &str| frame.meta("T".into(), "D".into(), path.into(), section);
        let paper = meta("papers/a/", "papers");
        assert_eq!(
            (paper.nav_html.as_str(), paper.permalink.as_str()),
            ("papers menu", "https://x.org/repo/papers/a/")
        );
        assert_eq!(meta("cv/", "cv").nav_html, "cv menu");
        // A section without a menu item (a page's own, the 404 page) gets the menu unmarked.
        assert_eq!(meta("about/", "about").nav_html, "no item");
        let not_found = meta("404.html", "");
        assert_eq!(
            (not_found.nav_html.as_str(), not_found.permalink.as_str()),
            ("no item", "https://x.org/repo/404.html")
        );
        assert_eq!(meta("", "papers").permalink, "https://x.org/repo/");
    }
}
