//! The owner's profile as the home page shows it: photo, e-mail, links with icons, metrics,
//! charts, and the schema.org `Person`.

use serde::Serialize;

use crate::present::fragments::TopicRef;
use crate::site::urls;
use crate::site::Site;

/// The profile header on the home page.
#[derive(Debug, Serialize)]
pub(crate) struct ProfileView<'a> {
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
pub(crate) struct PhotoView {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The owner's e-mail: a `mailto:` link when `public`, else the parts the theme's script joins
/// (the page holds no address to harvest).
#[derive(Debug, Serialize)]
pub(crate) struct EmailView {
    pub public: bool,
    pub address: String,
    pub user: String,
    pub domain: String,
    pub icon: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct ProfileLinkView<'a> {
    pub kind: &'static str,
    pub label: &'a str,
    pub url: &'a str,
    pub icon: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct Metric {
    pub label: String,
    pub value: String,
}

/// schema.org `Person` JSON-LD of the owner, for the home page (safe inside `<script>`).
pub(crate) fn person_json_ld(site: &Site) -> String {
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

pub(super) fn profile_view(site: &Site) -> ProfileView<'_> {
    let config = &site.config;
    let primary_topic = config
        .owner
        .primary_topic
        .as_ref()
        .and_then(|code| config.topics.iter().find(|t| t.code == *code))
        .map(|t| TopicRef::of(config, t));
    let given = &config.metrics;
    let citations: Vec<u32> = site.papers.iter().filter_map(|p| p.citations).collect();
    let h_index = given.h_index.or_else(|| (!citations.is_empty()).then(|| h_index(&citations)));
    let total = given
        .citations
        .or_else(|| (!citations.is_empty()).then(|| citations.iter().map(|&c| u64::from(c)).sum()));
    let papers = given.papers.map_or(site.papers.len() as u64, u64::from);

    let strings = &config.strings;
    let mut metrics = Vec::new();
    if let Some(h) = h_index {
        metrics.push(Metric {
            label: strings.get("metric_h_index").into(),
            value: strings.number(u64::from(h)),
        });
    }
    metrics.push(Metric { label: strings.get("metric_papers").into(), value: strings.number(papers) });
    if let Some(total) = total {
        metrics.push(Metric { label: strings.get("metric_citations").into(), value: strings.number(total) });
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
            alt: profile.photo_alt.clone().unwrap_or_else(|| strings.fill("photo_alt", &[("name", name)])),
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
                label: if l.kind == "homepage" { strings.get("link_homepage") } else { l.label },
                url: &l.url,
                icon: crate::present::theme::icon(l.kind),
            })
            .collect(),
        primary_topic,
        metrics,
        chart_years: crate::present::chart::bar_chart("chart-years", strings.get("chart_years"), &years),
        chart_topics: crate::present::chart::bar_chart("chart-topics", strings.get("chart_topics"), &topics),
    }
}

/// The largest h such that h papers have at least h citations each.
pub(crate) fn h_index(citations: &[u32]) -> u32 {
    let mut sorted = citations.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.iter().enumerate().take_while(|(i, &c)| c as usize > *i).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h_index_counts_papers_with_enough_citations() {
        assert_eq!(h_index(&[]), 0);
        assert_eq!(h_index(&[10, 8, 5, 4, 3]), 4);
        assert_eq!(h_index(&[25, 8, 5, 3, 3]), 3);
        assert_eq!(h_index(&[0, 0]), 0);
    }
}
