//! `site.toml`: the raw serde shape, and the resolved `Config` the rest of the build uses.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::base::diagnostic::toml_diagnostic;
use crate::base::diagnostic::Diagnostic;
use crate::base::taxonomy::TopicCode;
use crate::model::i18n::{self, Strings};
use crate::model::profile::{
    self, HomeSettings, MenuItem, NewsItem, Profile, RawHome, RawMenuItem, RawNews, RawProfile,
};
use crate::model::theme::{self as theme_settings, RawTheme, ThemeSettings};

/// The site settings, resolved and checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: BaseUrl,
    pub description: String,
    /// The theme's words in the site's language (`language`, `[translations]`).
    pub strings: std::sync::Arc<Strings>,
    /// Accent colour, fonts and switches (`[theme]`).
    pub theme: ThemeSettings,
    /// What `site.toml` asks for that the build changed, such as an accent colour made darker
    /// for contrast: printed as warnings.
    pub notes: Vec<Diagnostic>,
    pub owner: Owner,
    pub metrics: Metrics,
    /// Papers per page of the home, topic, year and co-author lists (0: one page each).
    pub paginate: usize,
    /// Author name variants: (the name to show, other spellings of it).
    pub aliases: Vec<(String, Vec<String>)>,
    /// Topics in `site.toml` order of their codes (sorted), with display names.
    pub topics: Vec<Topic>,
    /// The custom domain GitHub Pages serves the site at (written to `CNAME`).
    pub cname: Option<String>,
    /// Whether each co-author gets a page (and the co-author index is built).
    pub coauthor_pages: bool,
    /// The owner's position, affiliation, bio, photo, e-mail and profile links.
    pub profile: Profile,
    pub home: HomeSettings,
    /// The navigation menu as `[[menu]]` sets it (None: the built-in sections, then the pages).
    pub menu: Option<Vec<MenuItem>>,
    /// Newest first.
    pub news: Vec<NewsItem>,
}

/// The person the site is about; their name is highlighted in author lists.
#[derive(Debug, Clone, Default)]
pub struct Owner {
    pub name: String,
    pub aliases: Vec<String>,
    pub primary_topic: Option<TopicCode>,
    /// The name and aliases as compared (see `authors::name_key`), computed once.
    keys: Vec<String>,
}

impl Owner {
    /// Whether an author name as written in a paper is the owner (name or alias, case and
    /// spacing insensitive).
    pub(crate) fn new(name: String, aliases: Vec<String>, primary_topic: Option<TopicCode>) -> Self {
        let keys = std::iter::once(&name).chain(&aliases).map(|n| normalize_name(n)).collect();
        Owner { name, aliases, primary_topic, keys }
    }

    pub(crate) fn is(&self, author: &str) -> bool {
        self.is_key(&normalize_name(author))
    }

    /// Like `is`, for a name already normalised with `authors::name_key`.
    pub(crate) fn is_key(&self, key: &str) -> bool {
        !key.is_empty() && self.keys.iter().any(|k| k == key)
    }
}

fn normalize_name(name: &str) -> String {
    crate::base::names::name_key(name)
}

/// Header figures; those not given are computed from the papers where possible.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub h_index: Option<u32>,
    pub papers: Option<u32>,
    pub citations: Option<u64>,
    pub extra: Vec<ExtraMetric>,
}

/// A free-form header figure such as "Novelty 57%".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraMetric {
    pub label: String,
    pub value: String,
}

/// A topic code with its display name.
#[derive(Debug, Clone)]
pub struct Topic {
    pub code: TopicCode,
    pub name: String,
}

/// The site's public URL, split into the absolute form (for canonical links) and the path
/// (for every link inside the site, so pages work under a GitHub Pages sub-path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    absolute: String,
    path: String,
}

impl BaseUrl {
    /// Parses `https://host/sub/path` (trailing slash optional).
    pub(crate) fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || host.contains(['?', '#', ' ']) {
            return Err(format!("base_url `{url}` has no valid host name"));
        }
        if path.contains(['?', '#', ' ', '\\']) {
            return Err(format!("base_url `{url}` must be a plain URL without query, fragment or spaces"));
        }
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let path = if segments.is_empty() { "/".to_owned() } else { format!("/{}/", segments.join("/")) };
        let scheme = if url.starts_with("https://") { "https" } else { "http" };
        Ok(BaseUrl { absolute: format!("{scheme}://{host}{path}"), path })
    }

    /// The absolute URL, ending with `/`.
    pub(crate) fn absolute(&self) -> &str {
        &self.absolute
    }

    /// The path part, starting and ending with `/` (just `/` at a domain's root).
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The site-internal URL of `relative` (a path without leading slash), e.g. `/repo/papers/x/`.
    pub(crate) fn join(&self, relative: &str) -> String {
        format!("{}{}", self.path, relative.trim_start_matches('/'))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: toml::Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: toml::Spanned<String>,
    #[serde(default)]
    translations: BTreeMap<String, toml::Value>,
    #[serde(default)]
    theme: RawTheme,
    #[serde(default)]
    owner: RawOwner,
    #[serde(default)]
    metrics: RawMetrics,
    #[serde(default)]
    topics: BTreeMap<String, RawTopic>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default = "default_paginate")]
    paginate: usize,
    cname: Option<toml::Spanned<String>>,
    #[serde(default = "default_true")]
    coauthor_pages: bool,
    #[serde(default)]
    home: RawHome,
    menu: Option<Vec<RawMenuItem>>,
    #[serde(default)]
    news: Vec<RawNews>,
}

fn default_true() -> bool {
    true
}

/// Fifty papers with their abstracts make a list page of about 200 KB: Lighthouse's mobile
/// performance score 98 on a 10,000-paper site, where 200 papers a page (700 KB) scored 75.
fn default_paginate() -> usize {
    50
}

fn default_language() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "en".to_owned())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOwner {
    #[serde(default)]
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    primary_topic: Option<toml::Spanned<String>>,
    position: Option<String>,
    affiliation: Option<String>,
    affiliation_url: Option<toml::Spanned<String>>,
    bio: Option<toml::Spanned<String>>,
    photo: Option<toml::Spanned<String>>,
    photo_alt: Option<String>,
    email: Option<toml::Spanned<String>>,
    #[serde(default)]
    email_public: bool,
    #[serde(default)]
    links: profile::RawLinks,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMetrics {
    h_index: Option<u32>,
    papers: Option<u32>,
    citations: Option<u64>,
    #[serde(default)]
    extra: Vec<ExtraMetric>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    name: String,
}

/// Where a setting can be overridden from the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConfigOverrides {
    pub base_url: Option<String>,
}

/// Parses `site.toml`'s `text`; `path` is used in diagnostics.
pub(crate) fn parse(path: &Path, text: &str, overrides: &ConfigOverrides) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_diagnostic(path, text, 0, &e)])?;
    let mut problems = Vec::new();

    let base_url = base_url(&raw.base_url, overrides, path, text).unwrap_or_else(|d| {
        problems.push(d);
        BaseUrl::parse("http://localhost/").expect("a valid fallback URL")
    });

    let topics: Vec<Topic> =
        raw.topics.into_iter().map(|(code, t)| Topic { code: TopicCode::new(&code), name: t.name }).collect();

    let mut owner = raw.owner;
    let primary_topic = owner.primary_topic.take().map(|code| {
        let topic = TopicCode::new(code.get_ref());
        if !topics.iter().any(|t| t.code == topic) {
            problems.push(
                Diagnostic::new(path, format!("owner.primary_topic `{topic}` is not a topic of this site"))
                    .at_offset(text, code.span().start)
                    .with_hint(format!("add a [topics.{topic}] table with its name, or fix the code")),
            );
        }
        topic
    });

    let cname = raw.cname.and_then(|cname| domain(&cname, path, text).map_err(|d| problems.push(d)).ok());

    let mut reporter = profile::Reporter { path, text, problems };
    let profile = profile::profile(
        RawProfile {
            position: owner.position,
            affiliation: owner.affiliation,
            affiliation_url: owner.affiliation_url,
            bio: owner.bio,
            photo: owner.photo,
            photo_alt: owner.photo_alt,
            email: owner.email,
            email_public: owner.email_public,
            links: owner.links,
        },
        base_url.path(),
        &mut reporter,
    );
    let menu = profile::menu(raw.menu, &mut reporter);
    let news = profile::news(raw.news, base_url.path(), &mut reporter);
    let home = profile::home(raw.home, &mut reporter);
    let mut notes = Vec::new();
    let theme = theme_settings::settings(raw.theme, &mut reporter, &mut notes);
    let mut problems = reporter.problems;
    let strings =
        i18n::strings(&raw.language, &raw.translations, path, text).map_err(|p| problems.extend(p)).ok();

    let Some(strings) = strings.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    Ok(Config {
        title: raw.title,
        base_url,
        description: raw.description,
        strings: std::sync::Arc::new(strings),
        theme,
        notes,
        owner: Owner::new(owner.name, owner.aliases, primary_topic),
        metrics: Metrics {
            h_index: raw.metrics.h_index,
            papers: raw.metrics.papers,
            citations: raw.metrics.citations,
            extra: raw.metrics.extra,
        },
        topics,
        aliases: raw.aliases.into_iter().collect(),
        paginate: raw.paginate,
        cname,
        coauthor_pages: raw.coauthor_pages,
        profile,
        home,
        menu,
        news,
    })
}

/// The base URL: `--base-url` when given, else `site.toml`'s.
fn base_url(
    written: &toml::Spanned<String>,
    overrides: &ConfigOverrides,
    path: &Path,
    text: &str,
) -> Result<BaseUrl, Diagnostic> {
    match &overrides.base_url {
        Some(url) => BaseUrl::parse(url).map_err(|m| {
            Diagnostic::new("--base-url", m).with_hint("pass a URL like https://user.github.io/repo/")
        }),
        None => BaseUrl::parse(written.get_ref()).map_err(|m| {
            Diagnostic::new(path, m)
                .at_offset(text, written.span().start)
                .with_hint("write base_url = \"https://user.github.io/\" or \"https://user.github.io/repo/\"")
        }),
    }
}

/// `cname`'s domain, lower-cased, without a final dot.
fn domain(cname: &toml::Spanned<String>, path: &Path, text: &str) -> Result<String, Diagnostic> {
    let domain = cname.get_ref().trim().trim_end_matches('.').to_ascii_lowercase();
    if is_domain_name(&domain) {
        Ok(domain)
    } else {
        Err(Diagnostic::new(path, format!("cname `{}` is not a domain name", cname.get_ref()))
            .at_offset(text, cname.span().start)
            .with_hint("write only the host, without https:// or a path: cname = \"www.example.org\""))
    }
}

/// Whether `name` is a DNS host name such as `www.example.org` (two labels or more).
fn is_domain_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && name.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A small valid configuration for unit tests elsewhere.
#[cfg(test)]
pub(crate) fn tests_config() -> Config {
    let text = "title = \"T\"\nbase_url = \"https://x.org/\"\n[topics.LG]\nname = \"ML\"\n";
    parse(Path::new("site.toml"), text, &ConfigOverrides::default()).expect("a valid test config")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_the_sub_path() {
        let url = BaseUrl::parse("https://u.github.io/repo").unwrap();
        assert_eq!(url.absolute(), "https://u.github.io/repo/");
        assert_eq!(url.path(), "/repo/");
        assert_eq!(url.join("papers/x/"), "/repo/papers/x/");
        assert_eq!(url.join("/style.css"), "/repo/style.css");
    }

    #[test]
    fn base_url_at_a_domain_root() {
        let url = BaseUrl::parse("https://example.org").unwrap();
        assert_eq!(url.path(), "/");
        assert_eq!(url.join("topics/"), "/topics/");
    }

    #[test]
    fn base_url_rejects_other_schemes() {
        assert!(BaseUrl::parse("ftp://x.org/").is_err());
        assert!(BaseUrl::parse("https:///nohost").is_err());
        assert!(BaseUrl::parse("https://x.org/a?b").is_err());
    }

    #[test]
    fn owner_matches_aliases_loosely() {
        let owner = Owner::new("Pavel Izmailov".into(), vec!["P. Izmailov".into()], None);
        assert!(owner.is("Pavel  Izmailov"));
        assert!(owner.is("p. izmailov"));
        assert!(!owner.is("Pavel Izmailova"));
        assert!(!Owner::default().is(""));
    }

    #[test]
    fn unknown_keys_are_reported_with_a_line() {
        let text = "title = \"x\"\nbase_url = \"https://x.org/\"\ncolour = 1\n";
        let errors = parse(Path::new("site.toml"), text, &ConfigOverrides::default()).unwrap_err();
        assert_eq!(errors[0].location.unwrap().line, 3);
        assert!(errors[0].message.contains("unknown field"), "{}", errors[0].message);
    }

    #[test]
    fn primary_topic_must_exist() {
        let text = "title = \"x\"\nbase_url = \"https://x.org/\"\n[owner]\nprimary_topic = \"LG\"\n";
        let errors = parse(Path::new("site.toml"), text, &ConfigOverrides::default()).unwrap_err();
        assert!(errors[0].message.contains("LG"));
        assert_eq!(errors[0].location.unwrap().line, 4);
    }
}
