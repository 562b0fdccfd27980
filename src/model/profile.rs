//! The homepage around the papers, as `site.toml` describes it: the owner's profile (position,
//! affiliation, bio, photo, e-mail, profile links), news items, the home page's settings and
//! the navigation menu. Parsed and checked here; `views` turns it into what templates see.

use crate::base::taxonomy::Section;
use serde::Deserialize;

use crate::base::diagnostic::Diagnostic;

/// The owner's profile beyond their name.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub position: Option<String>,
    pub affiliation: Option<String>,
    pub affiliation_url: Option<String>,
    /// The bio, Markdown rendered to HTML, and as plain text.
    pub bio_html: Option<String>,
    pub bio_text: Option<String>,
    /// A file under `static/` (`images/me.jpg`).
    pub photo: Option<String>,
    pub photo_alt: Option<String>,
    pub email: Option<String>,
    /// Whether the e-mail address may appear in the page as a plain `mailto:` link.
    pub email_public: bool,
    /// Profile links in display order.
    pub links: Vec<ProfileLink>,
}

/// A link to the owner elsewhere (Google Scholar, ORCID, GitHub, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileLink {
    /// `scholar`, `orcid`, ...: also the icon's name.
    pub kind: &'static str,
    pub label: &'static str,
    pub url: String,
}

/// One news item.
#[derive(Debug, Clone)]
pub struct NewsItem {
    pub date: chrono::NaiveDate,
    pub html: String,
    pub text: String,
}

/// What the home page shows around the paper list.
#[derive(Debug, Clone)]
pub struct HomeSettings {
    /// News items on the home page (the rest are on `/news/`).
    pub news_limit: usize,
    /// The heading of the featured papers (None: the language's "Selected papers").
    pub selected_heading: Option<String>,
    /// How the home page groups its papers.
    pub group_by: GroupBy,
    /// How topic pages and year pages group theirs.
    pub topic_group_by: GroupBy,
    pub year_group_by: GroupBy,
    /// The order of the groups by kind.
    pub kind_order: Vec<KindGroup>,
}

impl Default for HomeSettings {
    fn default() -> Self {
        HomeSettings {
            news_limit: 5,
            selected_heading: None,
            group_by: GroupBy::Year,
            topic_group_by: GroupBy::Year,
            year_group_by: GroupBy::None,
            kind_order: KindGroup::ALL.to_vec(),
        }
    }
}

/// What a list of papers is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    Year,
    Kind,
    Topic,
    None,
}

/// The groups of a list grouped by kind, each of one or more BibTeX entry types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindGroup {
    Article,
    Conference,
    Chapter,
    Book,
    Thesis,
    Report,
    Preprint,
    Other,
}

impl KindGroup {
    pub const ALL: [KindGroup; 8] = [
        KindGroup::Article,
        KindGroup::Conference,
        KindGroup::Chapter,
        KindGroup::Book,
        KindGroup::Thesis,
        KindGroup::Report,
        KindGroup::Preprint,
        KindGroup::Other,
    ];

    /// The name in settings and in the theme's strings (`kind_<name>`).
    pub fn name(self) -> &'static str {
        match self {
            KindGroup::Article => "article",
            KindGroup::Conference => "conference",
            KindGroup::Chapter => "chapter",
            KindGroup::Book => "book",
            KindGroup::Thesis => "thesis",
            KindGroup::Report => "report",
            KindGroup::Preprint => "preprint",
            KindGroup::Other => "other",
        }
    }
}

/// An entry of the navigation menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    pub label: String,
    pub target: MenuTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuTarget {
    /// A built-in section: `papers`, `topics`, `years`, `authors` or `news`.
    Section(Section),
    /// A page of `content/pages/`, by name.
    Page(String),
    /// Any other address.
    Url(String),
}

/// The services a profile link can name, in display order: (key, label, URL of a bare handle).
const SERVICES: [(&str, &str, &str); 10] = [
    ("scholar", "Google Scholar", "https://scholar.google.com/citations?user="),
    ("orcid", "ORCID", "https://orcid.org/"),
    ("semantic_scholar", "Semantic Scholar", "https://www.semanticscholar.org/author/"),
    ("dblp", "DBLP", "https://dblp.org/pid/"),
    ("github", "GitHub", "https://github.com/"),
    ("linkedin", "LinkedIn", "https://www.linkedin.com/in/"),
    ("x", "X", "https://x.com/"),
    ("bluesky", "Bluesky", "https://bsky.app/profile/"),
    ("mastodon", "Mastodon", ""),
    ("homepage", "Homepage", ""),
];

/// The `[owner]` keys of the profile (the name and aliases are in `config`).
pub(crate) struct RawProfile {
    pub position: Option<String>,
    pub affiliation: Option<String>,
    pub affiliation_url: Option<toml::Spanned<String>>,
    pub bio: Option<toml::Spanned<String>>,
    pub photo: Option<toml::Spanned<String>>,
    pub photo_alt: Option<String>,
    pub email: Option<toml::Spanned<String>>,
    pub email_public: bool,
    pub links: RawLinks,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLinks {
    scholar: Option<toml::Spanned<String>>,
    orcid: Option<toml::Spanned<String>>,
    semantic_scholar: Option<toml::Spanned<String>>,
    dblp: Option<toml::Spanned<String>>,
    github: Option<toml::Spanned<String>>,
    linkedin: Option<toml::Spanned<String>>,
    x: Option<toml::Spanned<String>>,
    bluesky: Option<toml::Spanned<String>>,
    mastodon: Option<toml::Spanned<String>>,
    homepage: Option<toml::Spanned<String>>,
}

impl RawLinks {
    fn get(&self, key: &str) -> Option<&toml::Spanned<String>> {
        match key {
            "scholar" => self.scholar.as_ref(),
            "orcid" => self.orcid.as_ref(),
            "semantic_scholar" => self.semantic_scholar.as_ref(),
            "dblp" => self.dblp.as_ref(),
            "github" => self.github.as_ref(),
            "linkedin" => self.linkedin.as_ref(),
            "x" => self.x.as_ref(),
            "bluesky" => self.bluesky.as_ref(),
            "mastodon" => self.mastodon.as_ref(),
            "homepage" => self.homepage.as_ref(),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHome {
    #[serde(default = "default_news_limit")]
    news_limit: usize,
    selected_heading: Option<String>,
    group_by: Option<GroupBy>,
    topic_group_by: Option<toml::Spanned<GroupBy>>,
    year_group_by: Option<toml::Spanned<GroupBy>>,
    kind_order: Option<toml::Spanned<Vec<KindGroup>>>,
}

impl Default for RawHome {
    fn default() -> Self {
        RawHome {
            news_limit: default_news_limit(),
            selected_heading: None,
            group_by: None,
            topic_group_by: None,
            year_group_by: None,
            kind_order: None,
        }
    }
}

fn default_news_limit() -> usize {
    5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMenuItem {
    label: String,
    page: Option<String>,
    section: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNews {
    date: toml::Spanned<toml::Value>,
    text: toml::Spanned<String>,
}

/// Reports problems of `site.toml` at a byte offset of it.
pub(crate) struct Reporter<'t> {
    pub path: &'t std::path::Path,
    pub text: &'t str,
    pub problems: Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn report(&mut self, offset: usize, message: String, hint: &str) {
        self.problems.push(Diagnostic::new(self.path, message).at_offset(self.text, offset).with_hint(hint));
    }
}

pub(crate) fn profile(raw: RawProfile, base: &str, r: &mut Reporter) -> Profile {
    let mut links = Vec::new();
    for (key, label, prefix) in SERVICES {
        let Some(value) = raw.links.get(key) else { continue };
        match profile_url(key, prefix, value.get_ref().trim()) {
            Ok(url) => links.push(ProfileLink { kind: key, label, url }),
            Err(hint) => r.report(
                value.span().start,
                format!("owner.links.{key} `{}` is not a link pubsite understands", value.get_ref()),
                &hint,
            ),
        }
    }
    let bio =
        raw.bio.and_then(|bio| match crate::base::markdown::render_with_base(bio.get_ref(), Some(base)) {
            Ok(rendered) => Some(rendered),
            Err(e) => {
                // The bio starts after its opening quotes; point at the TOML value.
                r.report(
                    bio.span().start,
                    format!("owner.bio: {}", e.message),
                    "fix the Markdown or math of the bio",
                );
                None
            }
        });
    let email = raw.email.and_then(|email| {
        let value = email.get_ref().trim().trim_start_matches("mailto:").to_owned();
        let valid = value.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace)
        });
        if !valid {
            r.report(
                email.span().start,
                format!("owner.email `{}` is not an e-mail address", email.get_ref()),
                "write it as name@example.org",
            );
        }
        valid.then_some(value)
    });
    let checked_url = |r: &mut Reporter, value: Option<toml::Spanned<String>>, key: &str| {
        value.and_then(|v| {
            let url = v.get_ref().trim().to_owned();
            if url.starts_with("https://") || url.starts_with("http://") {
                Some(url)
            } else {
                r.report(
                    v.span().start,
                    format!("owner.{key} `{url}` is not an http(s) URL"),
                    "write the full address, https://...",
                );
                None
            }
        })
    };
    let affiliation_url = checked_url(r, raw.affiliation_url, "affiliation_url");
    let photo = raw.photo.and_then(|photo| {
        let path = photo.get_ref().trim().trim_start_matches('/').to_owned();
        if path.is_empty() || path.contains("://") || path.split('/').any(|part| part == "..") {
            r.report(
                photo.span().start,
                format!("owner.photo `{}` is not a file of static/", photo.get_ref()),
                "put the photo in static/ and give its path there, such as images/me.jpg",
            );
            None
        } else {
            Some(path)
        }
    });
    Profile {
        position: raw.position.filter(|s| !s.trim().is_empty()),
        affiliation: raw.affiliation.filter(|s| !s.trim().is_empty()),
        affiliation_url,
        bio_html: bio.as_ref().map(|b| b.html.clone()),
        bio_text: bio.map(|b| b.text),
        photo,
        photo_alt: raw.photo_alt,
        email,
        email_public: raw.email_public,
        links,
    }
}

/// The URL of a profile link given as a URL or as the service's handle or id.
/// The address of a profile link as `[owner.links]` would take it (`key` = "github", ...), or
/// why it would not.
pub(crate) fn link_address(key: &str, value: &str) -> Result<String, String> {
    let prefix = SERVICES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, p)| *p)
        .ok_or("not a service pubsite knows")?;
    profile_url(key, prefix, value.trim())
}

fn profile_url(key: &str, prefix: &str, value: &str) -> Result<String, String> {
    if value.starts_with("https://") || value.starts_with("http://") {
        return Ok(value.to_owned());
    }
    let handle = value.trim_start_matches('@');
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    match key {
        "mastodon" => match handle.split_once('@') {
            Some((user, server)) if plain(user) && plain(server) && server.contains('.') => {
                Ok(format!("https://{server}/@{user}"))
            }
            _ => Err("write the address as @name@server.social or the profile's URL".into()),
        },
        "homepage" => Err("write the full address, https://...".into()),
        "orcid" if !is_orcid(handle) => Err("write the ORCID iD as 0000-0002-1825-0097 or its URL".into()),
        "dblp" if handle.split('/').all(plain) => {
            Ok(format!("{prefix}{}.html", handle.trim_end_matches(".html")))
        }
        _ if plain(handle) => Ok(format!("{prefix}{handle}")),
        _ => Err("write the profile's full URL, https://...".into()),
    }
}

/// `0000-0002-1825-0097`: four groups of four digits, the last character may be X.
fn is_orcid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 4
        && groups.iter().enumerate().all(|(i, g)| {
            g.len() == 4
                && g.chars().enumerate().all(|(j, c)| c.is_ascii_digit() || (i == 3 && j == 3 && c == 'X'))
        })
}

pub(crate) fn home(raw: RawHome, r: &mut Reporter) -> HomeSettings {
    let defaults = HomeSettings::default();
    let mut pick =
        |value: Option<toml::Spanned<GroupBy>>, key: &str, banned: GroupBy, default: GroupBy| match value {
            Some(v) if *v.get_ref() == banned => {
                r.report(
                    v.span().start,
                    format!(
                        "home.{key} cannot group by {}: each page is one {0} already",
                        banned_name(banned)
                    ),
                    "use \"year\", \"kind\" or \"none\" for topic pages, \"kind\" or \"none\" for year pages",
                );
                default
            }
            Some(v) => v.into_inner(),
            None => default,
        };
    let topic_group_by = pick(raw.topic_group_by, "topic_group_by", GroupBy::Topic, defaults.topic_group_by);
    let mut year_group_by = pick(raw.year_group_by, "year_group_by", GroupBy::Year, defaults.year_group_by);
    if year_group_by == GroupBy::Topic {
        // A paper of several topics would be listed twice on its year's page.
        year_group_by = GroupBy::None;
    }
    let kind_order = match raw.kind_order {
        Some(order) => {
            let mut kinds: Vec<KindGroup> = Vec::new();
            for kind in order.get_ref() {
                if kinds.contains(kind) {
                    r.report(
                        order.span().start,
                        format!("home.kind_order names `{}` twice", kind.name()),
                        "name each kind once",
                    );
                }
                kinds.push(*kind);
            }
            // The kinds not named follow in the default order.
            kinds.extend(KindGroup::ALL.iter().filter(|k| !order.get_ref().contains(k)));
            kinds.dedup();
            kinds
        }
        None => defaults.kind_order,
    };
    HomeSettings {
        news_limit: raw.news_limit,
        selected_heading: raw.selected_heading,
        group_by: raw.group_by.unwrap_or(GroupBy::Year),
        topic_group_by,
        year_group_by,
        kind_order,
    }
}

fn banned_name(group: GroupBy) -> &'static str {
    match group {
        GroupBy::Topic => "topic",
        _ => "year",
    }
}

pub(crate) fn menu(raw: Option<Vec<RawMenuItem>>, r: &mut Reporter) -> Option<Vec<MenuItem>> {
    let items = raw?;
    let mut menu = Vec::new();
    for item in items {
        let section = item.section.as_deref().map(Section::from_name);
        let target = match (item.page, section, item.url) {
            (Some(page), None, None) => MenuTarget::Page(page.trim().trim_matches('/').to_owned()),
            (None, Some(Some(section)), None) => MenuTarget::Section(section),
            (None, None, Some(url)) if crate::base::ident::is_safe_link(&url) => MenuTarget::Url(url),
            _ => {
                let at = r.text.find(&format!("\"{}\"", item.label)).unwrap_or(0);
                r.report(
                    at,
                    format!("menu item `{}` needs exactly one of page, section or url", item.label),
                    "write page = \"about\" (content/pages/about.md), section = \"papers\" (or topics, years, authors, news), or url = \"https://...\"",
                );
                continue;
            }
        };
        menu.push(MenuItem { label: item.label, target });
    }
    Some(menu)
}

pub(crate) fn news(raw: Vec<RawNews>, base: &str, r: &mut Reporter) -> Vec<NewsItem> {
    let mut news = Vec::new();
    for item in raw {
        let date = match crate::base::date::parse_date(item.date.get_ref()) {
            Ok(date) => date,
            Err(message) => {
                r.report(
                    item.date.span().start,
                    format!("news date: {message}"),
                    "write the date as 2024-03-14",
                );
                continue;
            }
        };
        match crate::base::markdown::render_with_base(item.text.get_ref(), Some(base)) {
            Ok(rendered) => {
                news.push(NewsItem { date, html: strip_paragraph(&rendered.html), text: rendered.text })
            }
            Err(e) => r.report(
                item.text.span().start,
                format!("news text: {}", e.message),
                "fix the Markdown or math of the item",
            ),
        }
    }
    news.sort_by_key(|n| std::cmp::Reverse(n.date));
    news
}

/// A one-paragraph rendering without its `<p>` wrapper, for inline use.
fn strip_paragraph(html: &str) -> String {
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_become_profile_urls() {
        let url = |k: &str, v: &str| {
            let prefix = SERVICES.iter().find(|s| s.0 == k).unwrap().2;
            profile_url(k, prefix, v)
        };
        assert_eq!(url("github", "ada").unwrap(), "https://github.com/ada");
        assert_eq!(url("x", "@ada").unwrap(), "https://x.com/ada");
        assert_eq!(url("orcid", "0000-0002-1825-009X").unwrap(), "https://orcid.org/0000-0002-1825-009X");
        assert!(url("orcid", "12345").is_err());
        assert_eq!(url("mastodon", "@ada@hachyderm.io").unwrap(), "https://hachyderm.io/@ada");
        assert_eq!(url("dblp", "123/4567").unwrap(), "https://dblp.org/pid/123/4567.html");
        assert_eq!(url("bluesky", "ada.bsky.social").unwrap(), "https://bsky.app/profile/ada.bsky.social");
        assert!(url("homepage", "ada.org").is_err());
        assert!(url("github", "a b").is_err());
        assert_eq!(
            url("scholar", "https://scholar.google.com/citations?user=x").unwrap(),
            "https://scholar.google.com/citations?user=x"
        );
    }

    #[test]
    fn a_one_paragraph_item_loses_its_wrapper() {
        assert_eq!(strip_paragraph("<p>New <em>paper</em></p>\n"), "New <em>paper</em>");
        assert_eq!(strip_paragraph("<p>a</p>\n<p>b</p>\n"), "<p>a</p>\n<p>b</p>");
    }
}
