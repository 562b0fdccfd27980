//! Text helpers every reader of an old site shares: page names, plain text out of HTML and
//! Markdown, the samples the old themes ship, and the old site's own addresses.

/// A page name for a file stem or permalink: lower-case, dashes; a name the site uses itself
/// gets `-page` after it.
pub(crate) fn page_name(stem: &str) -> String {
    let name = slug::slugify(stem);
    let name = if name.is_empty() { "page".to_owned() } else { name };
    if crate::model::pages::valid_name(&name) {
        name
    } else {
        format!("{name}-page")
    }
}

/// Text without HTML tags, on one line, entities decoded.
pub(crate) fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    let out = out.replace("&amp;", "&").replace("&nbsp;", " ").replace("&quot;", "\"").replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without HTML tags or Markdown emphasis, on one line (`In *Nature*` -> `In Nature`).
pub(crate) fn plain(text: &str) -> String {
    strip_tags(text).replace("**", "").replace('*', "")
}

/// Sample text the old themes ship and their users often keep: never carried over as theirs.
const SAMPLES: [&str; 18] = [
    "a simple inline announcement",
    "a long announcement with details",
    "paper title number",
    "talk 1 on relevant topic",
    "tutorial 1 on relevant topic",
    "conference proceeding talk 3",
    "teaching experience 1",
    "teaching experience 2",
    "blog post number",
    "an example conference paper",
    "an example journal article",
    "an example preprint",
    "a simple, whitespace theme for academics",
    "personal description",
    "click the *cite* button above",
    "replace this text with your description",
    "supplementary notes can be added here",
    "add the full text or supplementary notes for the publication here",
];

/// Whether `text` is one of the old theme's samples.
pub(crate) fn is_sample(text: &str) -> bool {
    let lower = text.to_lowercase().replace("**", "");
    SAMPLES.iter().any(|s| lower.contains(s))
}

/// A base URL from a site address and a sub-path (`https://u.github.io` + `/repo`).
pub(crate) fn base_url(url: Option<String>, path: Option<String>) -> Option<String> {
    let url = url?.trim().trim_end_matches('/').to_owned();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let path = path.unwrap_or_default();
    let path = path.trim().trim_matches('/');
    Some(if path.is_empty() { format!("{url}/") } else { format!("{url}/{path}/") })
}

/// A publication date of 1 January, which the old themes' users write when they know only
/// the year (the themes sort by date), as the year alone.
pub(crate) fn placeholder_day(date: crate::base::date::PubDate) -> crate::base::date::PubDate {
    match (date.month(), date.day_of_month()) {
        (Some(1), Some(1)) => crate::base::date::PubDate::new(date.year(), None, None).unwrap_or(date),
        _ => date,
    }
}

/// Whether a URL points at the old site itself (its own files); the path inside it if so.
pub(crate) fn own_path<'u>(url: &'u str, base: Option<&str>) -> Option<&'u str> {
    if url.starts_with('/') {
        return Some(url.trim_start_matches('/'));
    }
    // http or https, with or without www.: the same site.
    fn host(u: &str) -> &str {
        let u = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or(u);
        u.strip_prefix("www.").unwrap_or(u)
    }
    let base = base?;
    let site = host(base).trim_end_matches('/');
    let rest = host(url).strip_prefix(site)?;
    (rest.is_empty() || rest.starts_with('/')).then(|| rest.trim_start_matches('/'))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_avoid_the_sites_own() {
        assert_eq!(page_name("Teaching"), "teaching");
        assert_eq!(page_name("news"), "news-page");
        assert_eq!(page_name("404"), "404-page");
        assert_eq!(page_name("my_projects"), "my-projects");
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url(Some("https://u.github.io".into()), Some("".into())).unwrap(),
            "https://u.github.io/"
        );
        assert_eq!(
            base_url(Some("https://u.github.io/".into()), Some("/repo".into())).unwrap(),
            "https://u.github.io/repo/"
        );
        assert!(base_url(Some("".into()), None).is_none());
        assert_eq!(
            own_path("https://u.github.io/files/a.pdf", Some("https://u.github.io/")),
            Some("files/a.pdf")
        );
        assert_eq!(own_path("/files/a.pdf", None), Some("files/a.pdf"));
        assert_eq!(
            own_path("http://www.u.github.io/files/a.pdf", Some("https://u.github.io/")),
            Some("files/a.pdf")
        );
        assert_eq!(own_path("https://u.github.io.evil.org/x", Some("https://u.github.io/")), None);
    }

    #[test]
    fn plain_text() {
        assert_eq!(plain("In *Nature* <b>2020</b>"), "In Nature 2020");
    }
}
