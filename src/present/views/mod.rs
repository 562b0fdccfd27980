//! What templates see: `Serialize` view structs built once from the `Site`, with every URL
//! already resolved against the base URL and every date already formatted.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::date::{display_date, iso_date};
use crate::base::ident::{ArxivId, Doi};
use crate::base::taxonomy::Section;
use crate::base::taxonomy::Year;
use crate::model::config::{BaseUrl, Config, Topic};
use crate::model::paper::{Links, Paper};
use crate::site::urls;
use crate::site::Site;

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
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
pub struct FilterView<'a> {
    /// Topics that have papers, in code order.
    pub topics: Vec<TopicRef<'a>>,
    /// Years with papers, newest first.
    pub years: Vec<i32>,
    /// The search index of every paper (see `render::SEARCH_INDEX`).
    pub index_url: String,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    /// Which section the item leads to (`papers`, `topics`, `years`, `authors`, `news`), or the
    /// page's name; empty for other addresses.
    pub key: String,
    pub label: String,
    pub url: String,
}

/// The profile header on the home page.
#[derive(Debug, Serialize)]
pub struct ProfileView<'a> {
    pub name: &'a str,
    pub position: Option<&'a str>,
    pub affiliation: Option<&'a str>,
    pub affiliation_url: Option<&'a str>,
    pub bio_html: Option<&'a str>,
    pub photo: Option<PhotoView>,
    pub email: Option<EmailView>,
    /// Profile links, each with its icon (inline SVG).
    pub links: Vec<ProfileLinkView<'a>>,
    pub primary_topic: Option<TopicRef<'a>>,
    pub metrics: Vec<Metric>,
    /// Inline SVG bar charts of papers per year (oldest first) and per topic.
    pub chart_years: String,
    pub chart_topics: String,
}

#[derive(Debug, Serialize)]
pub struct PhotoView {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The owner's e-mail: a `mailto:` link when `public`, else the parts the theme's script joins
/// (the page holds no address to harvest).
#[derive(Debug, Serialize)]
pub struct EmailView {
    pub public: bool,
    pub address: String,
    pub user: String,
    pub domain: String,
    pub icon: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ProfileLinkView<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub url: &'a str,
    pub icon: &'static str,
}

/// A news item as shown.
#[derive(Debug, Serialize)]
pub struct NewsView<'a> {
    pub date: String,
    pub date_display: String,
    pub html: &'a str,
    /// The item's anchor on the news page.
    pub id: String,
}

#[derive(Debug, Serialize)]
pub struct Metric {
    pub label: String,
    pub value: String,
}

/// Per-page values, available as `page`.
#[derive(Debug, Serialize)]
pub struct PageMeta {
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
pub struct PageFrame<'s> {
    config: &'s Config,
    nav_html: &'s BTreeMap<String, String>,
    nav_html_none: &'s str,
}

impl<'s> PageFrame<'s> {
    pub fn of(config: &'s Config, site: &'s SiteView) -> Self {
        PageFrame { config, nav_html: &site.nav_html, nav_html_none: &site.nav_html_none }
    }

    /// The `page` of the page at `path` (relative to the site root) in menu section `section`.
    pub fn meta(&self, title: String, description: String, path: String, section: &str) -> PageMeta {
        let nav_html = self.nav_html.get(section).map_or(self.nav_html_none, String::as_str).to_owned();
        let permalink = absolute(self.config, &path);
        PageMeta { title, description, path, permalink, section: section.to_owned(), nav_html }
    }
}

/// A topic as a badge or link.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRef<'a> {
    pub code: &'a str,
    /// The topic's URL name (`lg`).
    pub slug: String,
    pub name: &'a str,
    pub url: String,
    /// Index into the theme's badge palette.
    pub color: usize,
}

#[derive(Debug, Serialize)]
pub struct AuthorView<'a> {
    pub name: &'a str,
    pub is_owner: bool,
    /// The co-author's page (none for the owner).
    pub url: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct LinkView {
    /// `pdf`, `arxiv`, `doi`, `code`, ...: also the CSS class.
    pub kind: &'static str,
    pub label: &'static str,
    pub url: String,
}

/// One paper, everything a template may show.
#[derive(Debug, Serialize)]
pub struct PaperView<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    /// ISO date, for `<time datetime>`.
    pub date: String,
    /// Human date, e.g. `Dec 21, 2024`.
    pub date_display: String,
    pub year: Year,
    pub year_url: String,
    pub topics: Vec<TopicRef<'a>>,
    pub authors: Vec<AuthorView<'a>>,
    pub et_al: bool,
    pub organizations: &'a [String],
    pub venue: Option<&'a str>,
    pub citations: Option<u32>,
    /// The paper says code exists but gives no link.
    pub code_available: bool,
    pub links: Vec<LinkView>,
    pub abstract_html: &'a str,
    pub abstract_text: &'a str,
    /// The page's absolute URL.
    pub permalink: String,
    /// The author list as HTML, as the default theme shows it: the owner in
    /// `<strong class="owner">`, co-authors linked to their pages (`<a class="author">`), an
    /// "et al." in `<span class="et-al">`. Made only when a template names `authors_html`: a loop
    /// over `authors` in a template costs several times more to render.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors_html: Option<String>,
    /// The same without the links to co-author pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors_html_unlinked: Option<String>,
    /// The topic badges as the default theme shows them, each an `<a class="badge badge-N">` to
    /// its topic's page followed by a line break (a loop over `topics` on the paper page, in its
    /// list entry and its card costs more than the rest of those templates' lookups together).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badges_html: Option<String>,
    /// The `<ul class="paper-links">` of `partials/paper_links.html`: a link per `links` item
    /// (its label, and " of <title>" for screen readers) and a "Code available" flag when
    /// `code_available`; empty when there is neither.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links_html: Option<String>,
    /// The topics' codes, separated by spaces (the list filter reads them from `data-topics`).
    pub topic_codes: String,
    /// The topics as links to their pages, each `<a href="..">name (code)</a>`, separated by
    /// commas (the paper page's details).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics_html: Option<String>,
}

impl PaperView<'_> {
    /// Adds the parts made as HTML: `authors_html`, `authors_html_unlinked`, `badges_html`,
    /// `topics_html` and `links_html`.
    pub fn with_html(mut self) -> Self {
        self.authors_html = Some(author_list_html(&self.authors, self.et_al, true));
        self.authors_html_unlinked = Some(author_list_html(&self.authors, self.et_al, false));
        self.badges_html = Some(badges_html(&self.topics));
        self.topics_html = Some(topics_html(&self.topics));
        self.links_html = Some(links_html(&self.links, self.code_available, self.title));
        self
    }
}

/// See `PaperView::badges_html`.
fn badges_html(topics: &[TopicRef]) -> String {
    use crate::base::escape::push_html_escaped;
    use std::fmt::Write as _;
    let mut out = String::with_capacity(topics.len() * 120);
    for topic in topics {
        let _ = write!(out, "<a class=\"badge badge-{}\" href=\"", topic.color);
        push_html_escaped(&mut out, &topic.url);
        out.push_str("\" title=\"");
        push_html_escaped(&mut out, topic.name);
        out.push_str("\">");
        push_html_escaped(&mut out, topic.code);
        out.push_str("</a>\n");
    }
    out
}

/// See `PaperView::topics_html`.
fn topics_html(topics: &[TopicRef]) -> String {
    use crate::base::escape::push_html_escaped;
    let mut out = String::with_capacity(topics.len() * 80);
    for (i, topic) in topics.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<a href=\"");
        push_html_escaped(&mut out, &topic.url);
        out.push_str("\">");
        push_html_escaped(&mut out, topic.name);
        out.push_str(" (");
        push_html_escaped(&mut out, topic.code);
        out.push_str(")</a>");
    }
    out
}

/// See `PaperView::links_html`.
fn links_html(links: &[LinkView], code_available: bool, title: &str) -> String {
    use crate::base::escape::push_html_escaped;
    if links.is_empty() && !code_available {
        return String::new();
    }
    let mut out = String::with_capacity(links.len() * (160 + title.len()) + 40);
    out.push_str("<ul class=\"paper-links\">\n");
    for link in links {
        out.push_str("<li><a class=\"link-");
        push_html_escaped(&mut out, link.kind);
        out.push_str("\" href=\"");
        push_html_escaped(&mut out, &link.url);
        out.push_str("\">");
        push_html_escaped(&mut out, link.label);
        out.push_str("<span class=\"visually-hidden\"> of ");
        push_html_escaped(&mut out, title);
        out.push_str("</span></a></li>\n");
    }
    if code_available {
        out.push_str(
            "<li><span class=\"code-flag\" title=\"The paper states that code is available\">Code available</span></li>\n",
        );
    }
    out.push_str("</ul>");
    out
}

/// See `PaperView::authors_html`; `links`: co-authors linked to their pages.
fn author_list_html(authors: &[AuthorView], et_al: bool, links: bool) -> String {
    use crate::base::escape::push_html_escaped;
    let mut out = String::with_capacity(authors.len() * 40 + 40);
    for (i, author) in authors.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match &author.url {
            _ if author.is_owner => {
                out.push_str("<strong class=\"owner\">");
                push_html_escaped(&mut out, author.name);
                out.push_str("</strong>");
            }
            Some(url) if links => {
                out.push_str("<a class=\"author\" href=\"");
                push_html_escaped(&mut out, url);
                out.push_str("\">");
                push_html_escaped(&mut out, author.name);
                out.push_str("</a>");
            }
            _ => push_html_escaped(&mut out, author.name),
        }
    }
    if et_al {
        out.push_str(" <span class=\"et-al\">et al.</span>");
    }
    out
}

/// What only a paper's own page shows: citation formats and metadata for search engines.
#[derive(Debug, Serialize)]
pub struct PaperExtras {
    pub citation_key: String,
    pub bibtex: String,
    /// APA, IEEE and Chicago references, as HTML.
    pub references: Vec<crate::scholar::citation::Reference>,
    /// The same as the paper page shows them: for each, a `<div class="reference">` with the
    /// style in an `<h3 class="reference-style">` and the reference in a
    /// `<p class="reference-text">`, each `div` followed by a line break and indent.
    pub references_html: String,
    /// Google Scholar's `citation_*` tags.
    pub scholar_meta: Vec<crate::scholar::MetaTag>,
    /// The same as HTML `<meta>` elements, one per line (what the default theme prints: a loop
    /// over `scholar_meta` in a template costs more to render than the rest of the head).
    pub scholar_meta_html: String,
    /// Open Graph and Twitter card tags, one per line: `og:type` article, `og:title`, `og:url`,
    /// `og:site_name`, `og:description` (the page's description, when there is one),
    /// `article:published_time` and `twitter:card` summary. Made here, six values a page fewer
    /// for Tera to look up (1.5% of a large site's build).
    pub open_graph_html: String,
    /// schema.org JSON-LD, safe inside `<script>`.
    pub json_ld: String,
    /// The PDF's absolute URL, if there is a PDF.
    pub pdf_url: Option<String>,
}

/// A co-author with their paper count, for the co-author index.
#[derive(Debug, Serialize)]
pub struct AuthorSummary<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// Papers of one year, as listed under a year heading: each paper's entry already rendered.
#[derive(Debug, Serialize)]
pub struct YearGroup<'e> {
    pub year: Year,
    pub url: &'e str,
    /// HTML of `partials/paper_entry.html` for each paper, newest first.
    pub entries: Vec<&'e str>,
}

/// A topic with its paper count, for the topic index.
#[derive(Debug, Serialize)]
pub struct TopicSummary<'a> {
    #[serde(flatten)]
    pub topic: TopicRef<'a>,
    pub count: usize,
}

/// A year with its paper count, for the year index.
#[derive(Debug, Serialize)]
pub struct YearSummary {
    pub year: Year,
    pub url: String,
    pub count: usize,
}

/// Number of colours in the theme's badge palette.
const PALETTE: usize = 8;

pub fn topic_ref<'a>(config: &'a Config, topic: &'a Topic) -> TopicRef<'a> {
    let color = config.topics.iter().position(|t| t.code == topic.code).unwrap_or(0) % PALETTE;
    let slug = topic.code.slug();
    TopicRef {
        code: topic.code.as_str(),
        name: &topic.name,
        url: config.base_url.join(&urls::topic(&slug)),
        slug,
        color,
    }
}

pub fn site_view(site: &Site) -> SiteView<'_> {
    let config = &site.config;
    let base = &config.base_url;
    let nav = nav(site);
    SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language,
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
                .map(|(topic, _)| topic_ref(config, topic))
                .collect(),
            years: site.years.iter().map(|(year, _)| *year).collect(),
            index_url: base.join(urls::SEARCH_INDEX),
        },
    }
}

/// See `SiteView::nav_html`: for each section that the menu has an item for (a page of any other
/// section shows `nav_html_none`).
fn nav_html(nav: &[NavItem]) -> BTreeMap<String, String> {
    nav.iter()
        .filter(|item| !item.key.is_empty())
        .map(|item| (item.key.clone(), nav_items_html(nav, &item.key)))
        .collect()
}

/// The menu's items as HTML, the item of `section` (when not empty) marked as the current page.
fn nav_items_html(nav: &[NavItem], section: &str) -> String {
    use crate::base::escape::push_html_escaped;
    let mut html = String::new();
    for item in nav {
        html.push_str("<li><a href=\"");
        push_html_escaped(&mut html, &item.url);
        html.push('"');
        if !section.is_empty() && item.key == section {
            html.push_str(" aria-current=\"page\"");
        }
        html.push('>');
        push_html_escaped(&mut html, &item.label);
        html.push_str("</a></li>\n        ");
    }
    html
}

/// The menu: as `[[menu]]` sets it, else the built-in sections then the pages.
fn nav(site: &Site) -> Vec<NavItem> {
    use crate::model::profile::MenuTarget;
    let config = &site.config;
    let base = &config.base_url;
    let section = |section: Section| -> Option<(String, String)> {
        let label = match section {
            Section::Papers => "Papers",
            Section::Topics => "Topics",
            Section::Years => "Years",
            Section::Authors if config.coauthor_pages => "Co-authors",
            Section::News if !config.news.is_empty() => "News",
            _ => return None,
        };
        Some((label.to_owned(), base.join(urls::section(section))))
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
            let pages = site.pages.iter().map(|page| NavItem {
                key: page.name.clone(),
                label: page.title.clone(),
                url: base.join(&urls::page(&page.name)),
            });
            sections.chain(pages).collect()
        }
    }
}

/// The news items, newest first, at most `limit`.
pub fn news_views(config: &Config, limit: usize) -> Vec<NewsView<'_>> {
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
                date_display: display_date(item.date),
                html: &item.html,
            }
        })
        .collect()
}

/// schema.org `Person` JSON-LD of the owner, for the home page (safe inside `<script>`).
pub fn person_json_ld(site: &Site) -> String {
    let config = &site.config;
    let profile = &config.profile;
    let mut person = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": if config.owner.name.is_empty() { &config.title } else { &config.owner.name },
        "url": config.base_url.absolute(),
    });
    let object = person.as_object_mut().expect("an object");
    if let Some(position) = &profile.position {
        object.insert("jobTitle".into(), position.clone().into());
    }
    if let Some(affiliation) = &profile.affiliation {
        let mut organization = serde_json::json!({ "@type": "Organization", "name": affiliation });
        if let Some(url) = &profile.affiliation_url {
            organization["url"] = url.clone().into();
        }
        object.insert("affiliation".into(), organization);
    }
    if let Some(photo) = &site.photo {
        object.insert("image".into(), urls::absolute(&config.base_url, &photo.path).into());
    }
    if let Some(bio) = &profile.bio_text {
        object.insert("description".into(), bio.clone().into());
    }
    if let (Some(email), true) = (&profile.email, profile.email_public) {
        object.insert("email".into(), format!("mailto:{email}").into());
    }
    if !profile.links.is_empty() {
        let same_as: Vec<&str> = profile.links.iter().map(|l| l.url.as_str()).collect();
        object.insert("sameAs".into(), same_as.into());
    }
    crate::scholar::script_safe(&person)
}

fn profile_view(site: &Site) -> ProfileView<'_> {
    let config = &site.config;
    let primary_topic = config
        .owner
        .primary_topic
        .as_ref()
        .and_then(|code| config.topics.iter().find(|t| t.code == *code))
        .map(|t| topic_ref(config, t));
    let given = &config.metrics;
    let citations: Vec<u32> = site.papers.iter().filter_map(|p| p.citations).collect();
    let h_index = given.h_index.or_else(|| (!citations.is_empty()).then(|| h_index(&citations)));
    let total = given
        .citations
        .or_else(|| (!citations.is_empty()).then(|| citations.iter().map(|&c| u64::from(c)).sum()));
    let papers = given.papers.map_or(site.papers.len() as u64, u64::from);

    let mut metrics = Vec::new();
    if let Some(h) = h_index {
        metrics.push(Metric { label: "h-index".into(), value: group_thousands(u64::from(h)) });
    }
    metrics.push(Metric { label: "papers".into(), value: group_thousands(papers) });
    if let Some(total) = total {
        metrics.push(Metric { label: "citations".into(), value: group_thousands(total) });
    }
    metrics.extend(given.extra.iter().map(|m| Metric { label: m.label.clone(), value: m.value.clone() }));
    let name = if config.owner.name.is_empty() { &config.title } else { &config.owner.name };
    let years: Vec<(String, usize)> =
        site.years.iter().rev().map(|(y, m)| (y.to_string(), m.len())).collect();
    let topics: Vec<(String, usize)> = site
        .topics
        .iter()
        .filter(|(_, m)| !m.is_empty())
        .map(|(t, m)| (t.code.to_string(), m.len()))
        .collect();
    let profile = &config.profile;
    ProfileView {
        name,
        position: profile.position.as_deref(),
        affiliation: profile.affiliation.as_deref(),
        affiliation_url: profile.affiliation_url.as_deref(),
        bio_html: profile.bio_html.as_deref(),
        photo: site.photo.as_ref().map(|photo| PhotoView {
            url: config.base_url.join(&photo.path),
            width: photo.width,
            height: photo.height,
            alt: profile.photo_alt.clone().unwrap_or_else(|| format!("Photo of {name}")),
        }),
        email: profile.email.as_ref().map(|address| {
            let (user, domain) = address.split_once('@').unwrap_or((address, ""));
            EmailView {
                public: profile.email_public,
                address: if profile.email_public { address.clone() } else { String::new() },
                user: user.to_owned(),
                domain: domain.to_owned(),
                icon: crate::present::theme::icon("email"),
            }
        }),
        links: profile
            .links
            .iter()
            .map(|l| ProfileLinkView {
                kind: l.kind,
                label: l.label,
                url: &l.url,
                icon: crate::present::theme::icon(l.kind),
            })
            .collect(),
        primary_topic,
        metrics,
        chart_years: crate::present::chart::bar_chart("chart-years", "Papers per year", &years),
        chart_topics: crate::present::chart::bar_chart("chart-topics", "Papers per topic", &topics),
    }
}

/// The largest h such that h papers have at least h citations each.
pub fn h_index(citations: &[u32]) -> u32 {
    let mut sorted = citations.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.iter().enumerate().take_while(|(i, &c)| c as usize > *i).count() as u32
}

/// `9679` -> `9,679`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn paper_view<'a>(site: &'a Site, paper: &'a Paper) -> PaperView<'a> {
    let config = &site.config;
    let base = &config.base_url;
    let topics: Vec<TopicRef> = paper
        .topics
        .iter()
        .filter_map(|(code, _)| config.topics.iter().find(|t| t.code == *code))
        .map(|t| topic_ref(config, t))
        .collect();
    let topic_codes = topics.iter().map(|t| t.code).collect::<Vec<_>>().join(" ");
    PaperView {
        slug: paper.slug.as_str(),
        url: base.join(&urls::paper(paper.slug.as_str())),
        title: &paper.title,
        date: iso_date(paper.date),
        date_display: display_date(paper.date),
        year: paper.year(),
        year_url: base.join(&urls::year(paper.year())),
        topics,
        authors: paper
            .authors
            .iter()
            .map(|name| {
                let found = site.authors.name(config, name);
                AuthorView { name, is_owner: found.is_owner, url: found.coauthor.map(|a| a.url.as_str()) }
            })
            .collect(),
        et_al: paper.et_al,
        organizations: &paper.organizations,
        venue: paper.venue.as_deref(),
        citations: paper.citations,
        code_available: paper.code_available && paper.links.code.is_none(),
        links: link_views(&paper.links, base),
        abstract_html: &paper.abstract_html,
        abstract_text: &paper.abstract_text,
        permalink: urls::absolute(&config.base_url, &urls::paper(paper.slug.as_str())),
        authors_html: None,
        authors_html_unlinked: None,
        badges_html: None,
        topics_html: None,
        links_html: None,
        topic_codes,
    }
}

/// The absolute URL of a site path.
pub fn absolute(config: &Config, relative: &str) -> String {
    format!("{}{}", config.base_url.absolute(), relative.trim_start_matches('/'))
}

/// Citation formats and metadata for `paper`'s page; `key` is its citation key.
/// `description`: the page's, for Open Graph.
pub fn paper_extras(config: &Config, paper: &Paper, key: &str, description: &str) -> PaperExtras {
    use crate::scholar;
    let permalink = urls::absolute(&config.base_url, &urls::paper(paper.slug.as_str()));
    let pdf_url = paper.links.pdf.as_deref().map(|pdf| {
        if pdf.contains("://") {
            pdf.to_owned()
        } else {
            urls::absolute(&config.base_url, pdf)
        }
    });
    let read_at = pdf_url.clone().unwrap_or_else(|| permalink.clone());
    let bibtex = scholar::bibtex(paper, key, &read_at);
    let references = crate::scholar::citation::references(paper, &read_at);
    let scholar_meta = scholar::highwire(paper, &permalink, pdf_url.as_deref());
    PaperExtras {
        citation_key: key.to_owned(),
        references_html: references_html(&references),
        open_graph_html: open_graph_html(config, paper, &permalink, description),
        scholar_meta_html: meta_tags_html(&scholar_meta),
        scholar_meta,
        json_ld: scholar::json_ld(config, paper, &permalink),
        bibtex,
        references,
        pdf_url,
    }
}

/// See `PaperExtras::open_graph_html`.
fn open_graph_html(config: &Config, paper: &Paper, permalink: &str, description: &str) -> String {
    let mut out = String::with_capacity(320 + paper.title.len() + description.len());
    let mut tag = |attribute: &str, name: &str, content: &str| push_meta(&mut out, attribute, name, content);
    tag("property", "og:type", "article");
    tag("property", "og:title", &paper.title);
    tag("property", "og:url", permalink);
    tag("property", "og:site_name", &config.title);
    if !description.is_empty() {
        tag("property", "og:description", description);
    }
    tag("property", "article:published_time", &iso_date(paper.date));
    tag("name", "twitter:card", "summary");
    out
}

/// See `PaperExtras::references_html`.
fn references_html(references: &[crate::scholar::citation::Reference]) -> String {
    use crate::base::escape::push_html_escaped;
    let mut out = String::with_capacity(references.iter().map(|r| r.html.len() + 128).sum());
    for reference in references {
        out.push_str("<div class=\"reference\">\n      <h3 class=\"reference-style\">");
        push_html_escaped(&mut out, reference.style);
        out.push_str("</h3>\n      <p class=\"reference-text\">");
        out.push_str(&reference.html);
        out.push_str("</p>\n    </div>\n    ");
    }
    out
}

/// `<meta name="..." content="...">` for each tag, each followed by a line break.
fn meta_tags_html(tags: &[crate::scholar::MetaTag]) -> String {
    let mut out = String::with_capacity(tags.iter().map(|t| t.content.len() + 48).sum());
    for tag in tags {
        push_meta(&mut out, "name", tag.name, &tag.content);
    }
    out
}

/// Appends `<meta ATTRIBUTE="NAME" content="CONTENT">` and a line break, escaped.
fn push_meta(out: &mut String, attribute: &str, name: &str, content: &str) {
    use crate::base::escape::push_html_escaped;
    out.push_str("<meta ");
    out.push_str(attribute);
    out.push_str("=\"");
    push_html_escaped(out, name);
    out.push_str("\" content=\"");
    push_html_escaped(out, content);
    out.push_str("\">\n");
}

fn link_views(links: &Links, base: &BaseUrl) -> Vec<LinkView> {
    let resolve = |url: &str| {
        if url.contains("://") || url.starts_with("mailto:") {
            url.to_owned()
        } else {
            base.join(url)
        }
    };
    let mut out = Vec::new();
    let mut push = |kind, label, url: Option<String>| {
        if let Some(url) = url {
            out.push(LinkView { kind, label, url });
        }
    };
    push("pdf", "PDF", links.pdf.as_deref().map(resolve));
    push("arxiv", "arXiv", links.arxiv.as_ref().map(ArxivId::link));
    push("doi", "DOI", links.doi.as_ref().map(Doi::link));
    push("code", "Code", links.code.as_deref().map(resolve));
    push("project", "Project", links.project.as_deref().map(resolve));
    push("slides", "Slides", links.slides.as_deref().map(resolve));
    push("video", "Video", links.video.as_deref().map(resolve));
    push("poster", "Poster", links.poster.as_deref().map(resolve));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_and_links_are_escaped_html_with_an_entry_per_item() {
        let topic = |code, name, url: &str, color| TopicRef {
            code,
            slug: String::new(),
            name,
            url: url.into(),
            color,
        };
        let topics =
            [topic("LG", "Machine \"Learning\"", "/topics/lg/", 0), topic("A&B", "A<B", "/t/?a=1&b=2", 5)];
        assert_eq!(
            badges_html(&topics),
            "<a class=\"badge badge-0\" href=\"/topics/lg/\" title=\"Machine &quot;Learning&quot;\">LG</a>\n\
             <a class=\"badge badge-5\" href=\"/t/?a=1&amp;b=2\" title=\"A&lt;B\">A&amp;B</a>\n"
        );
        assert_eq!(badges_html(&[]), "");

        let links = [
            LinkView { kind: "pdf", label: "PDF", url: "/files/a.pdf".into() },
            LinkView { kind: "code", label: "Code", url: "https://x.org/?q=1&r=2".into() },
        ];
        let html = links_html(&links, false, "Tom & Jerry's <b>");
        assert_eq!(html.matches("<li>").count(), 2);
        assert!(html
            .starts_with("<ul class=\"paper-links\">\n<li><a class=\"link-pdf\" href=\"/files/a.pdf\">PDF"));
        assert!(html.contains("href=\"https://x.org/?q=1&amp;r=2\""));
        assert!(html.contains("<span class=\"visually-hidden\"> of Tom &amp; Jerry&#39;s &lt;b&gt;</span>"));
        assert!(html.ends_with("</ul>") && !html.contains("code-flag"));
        // Code said to exist without a link: the flag, in a list of its own if need be.
        let flag_only = links_html(&[], true, "T");
        assert_eq!(flag_only.matches("<li>").count(), 1);
        assert!(flag_only.contains("class=\"code-flag\""));
        assert_eq!(links_html(&[], false, "T"), "");
    }

    #[test]
    fn the_menu_marks_only_the_sections_own_item() {
        let item = |key: &str, label: &str, url: &str| NavItem {
            key: key.into(),
            label: label.into(),
            url: url.into(),
        };
        let nav = [
            item("papers", "Papers", "/"),
            item("cv", "CV & more", "/cv/?a=1&b=2"),
            item("", "Lab", "https://x.org/"),
        ];
        let current = |section: &str| -> Vec<bool> {
            nav_items_html(&nav, section)
                .split("</li>")
                .filter(|li| li.contains("<li>"))
                .map(|li| li.contains("aria-current"))
                .collect()
        };
        assert_eq!(current("papers"), [true, false, false]);
        assert_eq!(current("cv"), [false, true, false]);
        // A page in no section (404) marks none, not the items without a section.
        assert_eq!(current(""), [false, false, false]);
        assert_eq!(current("topics"), [false, false, false]);
        assert_eq!(
            nav_items_html(&nav[1..2], "cv"),
            "<li><a href=\"/cv/?a=1&amp;b=2\" aria-current=\"page\">CV &amp; more</a></li>\n        "
        );
    }

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

    #[test]
    fn topic_links_and_references_are_escaped_html_in_order() {
        let topic =
            |code, name, url: &str| TopicRef { code, slug: String::new(), name, url: url.into(), color: 0 };
        assert_eq!(
            topics_html(&[topic("cs.LG", "Machine Learning", "/topics/cs-lg/"), topic("A&B", "A<B", "/t/?a=1&b=2")]),
            "<a href=\"/topics/cs-lg/\">Machine Learning (cs.LG)</a>, <a href=\"/t/?a=1&amp;b=2\">A&lt;B (A&amp;B)</a>"
        );
        assert_eq!(topics_html(&[]), "");
        let reference = |style, html: &str| crate::scholar::citation::Reference { style, html: html.into() };
        let html = references_html(&[reference("APA", "Doe, J. <i>T</i>."), reference("A&B", "x")]);
        assert_eq!(
            html,
            "<div class=\"reference\">\n      <h3 class=\"reference-style\">APA</h3>\n      \
             <p class=\"reference-text\">Doe, J. <i>T</i>.</p>\n    </div>\n    \
             <div class=\"reference\">\n      <h3 class=\"reference-style\">A&amp;B</h3>\n      \
             <p class=\"reference-text\">x</p>\n    </div>\n    "
        );
        assert_eq!(references_html(&[]), "");
    }

    #[test]
    fn open_graph_tags_are_escaped_and_the_description_only_when_there_is_one() {
        let config = crate::model::config::tests_config();
        let text = "+++\ntitle = \"Tom & 'Jerry'\"\ndate = 2018-03-14\nauthors = [\"A B\"]\n+++\nText.\n";
        let paper = crate::model::paper::parse(std::path::Path::new("content/papers/t.md"), text).unwrap();
        let html = open_graph_html(&config, &paper, "https://x.org/papers/t/", "<b>Short</b>");
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines.len(), 7);
        assert_eq!(lines[0], "<meta property=\"og:type\" content=\"article\">");
        assert_eq!(lines[1], "<meta property=\"og:title\" content=\"Tom &amp; &#39;Jerry&#39;\">");
        assert_eq!(lines[2], "<meta property=\"og:url\" content=\"https://x.org/papers/t/\">");
        assert!(lines[3].starts_with("<meta property=\"og:site_name\" content=\""));
        assert_eq!(lines[4], "<meta property=\"og:description\" content=\"&lt;b&gt;Short&lt;/b&gt;\">");
        assert_eq!(lines[5], "<meta property=\"article:published_time\" content=\"2018-03-14\">");
        assert_eq!(lines[6], "<meta name=\"twitter:card\" content=\"summary\">");
        assert!(html.ends_with(">\n"));
        let without = open_graph_html(&config, &paper, "https://x.org/papers/t/", "");
        assert_eq!(without.lines().count(), 6);
        assert!(!without.contains("og:description"));
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut date = chrono::NaiveDate::from_ymd_opt(-3, 1, 1).unwrap();
        let last = chrono::NaiveDate::from_ymd_opt(10_002, 12, 31).unwrap();
        let mut checked = 0;
        while date <= last {
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(display_date(date), date.format("%b %-d, %Y").to_string());
            date = date + chrono::Days::new(97);
            checked += 1;
        }
        assert!(checked > 37_000, "{checked}");
    }

    #[test]
    fn scholar_tags_as_html_are_escaped_one_per_line() {
        let tags = [
            crate::scholar::MetaTag { name: "citation_title", content: "A \"B\" <C> & D's".into() },
            crate::scholar::MetaTag { name: "citation_author", content: "Izmailov, Pavel".into() },
        ];
        assert_eq!(
            meta_tags_html(&tags),
            "<meta name=\"citation_title\" content=\"A &quot;B&quot; &lt;C&gt; &amp; D&#39;s\">\n\
             <meta name=\"citation_author\" content=\"Izmailov, Pavel\">\n"
        );
    }

    #[test]
    fn author_lists_as_html_mark_the_owner_link_co_authors_and_escape_names() {
        let authors = [
            AuthorView { name: "Ann <B> & Co", is_owner: false, url: Some("/authors/ann-b-co/") },
            AuthorView { name: "Pavel Izmailov", is_owner: true, url: None },
            AuthorView { name: "O'Neil", is_owner: false, url: None },
        ];
        assert_eq!(
            author_list_html(&authors, true, true),
            "<a class=\"author\" href=\"/authors/ann-b-co/\">Ann &lt;B&gt; &amp; Co</a>, \
             <strong class=\"owner\">Pavel Izmailov</strong>, O&#39;Neil <span class=\"et-al\">et al.</span>"
        );
        assert_eq!(
            author_list_html(&authors, false, false),
            "Ann &lt;B&gt; &amp; Co, <strong class=\"owner\">Pavel Izmailov</strong>, O&#39;Neil"
        );
        assert_eq!(author_list_html(&[], true, true), " <span class=\"et-al\">et al.</span>");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(9679), "9,679");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }

    #[test]
    fn h_index_counts_papers_with_enough_citations() {
        assert_eq!(h_index(&[]), 0);
        assert_eq!(h_index(&[10, 8, 5, 4, 3]), 4);
        assert_eq!(h_index(&[25, 8, 5, 3, 3]), 3);
        assert_eq!(h_index(&[0, 0]), 0);
    }

    #[test]
    fn links_resolve_ids_and_paths() {
        let base = BaseUrl::parse("https://u.github.io/repo/").unwrap();
        let links = Links {
            pdf: Some("files/a.pdf".into()),
            arxiv: Some(ArxivId::new("1803.05407")),
            doi: Some(Doi::new("10.1000/xyz")),
            code: Some("https://github.com/a/b".into()),
            ..Links::default()
        };
        let urls: Vec<(&str, String)> =
            link_views(&links, &base).into_iter().map(|l| (l.kind, l.url)).collect();
        assert_eq!(
            urls,
            [
                ("pdf", "/repo/files/a.pdf".to_owned()),
                ("arxiv", "https://arxiv.org/abs/1803.05407".to_owned()),
                ("doi", "https://doi.org/10.1000/xyz".to_owned()),
                ("code", "https://github.com/a/b".to_owned()),
            ]
        );
    }
}
