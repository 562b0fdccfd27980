//! The built-in theme, embedded in the binary: Tera templates and static assets. A site's own
//! `templates/<name>` and `static/<path>` files replace the built-in file of the same name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::Tera;

use crate::base::diagnostic::Diagnostic;
use crate::io::load::UserTemplate;

/// Built-in templates, by the name templates use to refer to each other.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("paper.html", include_str!("../../templates/paper.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("years.html", include_str!("../../templates/years.html")),
    ("year.html", include_str!("../../templates/year.html")),
    ("authors.html", include_str!("../../templates/authors.html")),
    ("author.html", include_str!("../../templates/author.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("news.html", include_str!("../../templates/news.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("partials/paper_entry.html", include_str!("../../templates/partials/paper_entry.html")),
    ("partials/paper_line.html", include_str!("../../templates/partials/paper_line.html")),
    ("partials/paper_card.html", include_str!("../../templates/partials/paper_card.html")),
    ("partials/profile_links.html", include_str!("../../templates/partials/profile_links.html")),
    ("partials/news_list.html", include_str!("../../templates/partials/news_list.html")),
    ("partials/paper_links.html", include_str!("../../templates/partials/paper_links.html")),
    ("partials/year_groups.html", include_str!("../../templates/partials/year_groups.html")),
    ("partials/pager.html", include_str!("../../templates/partials/pager.html")),
];

/// Built-in static assets, by their path in the output.
pub(crate) const ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
    ("pubsite.js", include_bytes!("../../static/pubsite.js")),
];

/// Compiles the built-in templates with the user's on top (a user file replaces the built-in
/// one of the same name).
pub(crate) fn compile(user: &[UserTemplate]) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: BTreeMap<&str, &str> = TEMPLATES.iter().copied().collect();
    for template in user {
        sources.insert(&template.name, &template.text);
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(crate::base::escape::escape_html);
    tera.add_raw_templates(sources.iter().map(|(name, text)| (*name, *text)))
        .map_err(|e| vec![template_diagnostic(&e, user)])?;
    Ok(tera)
}

/// Adds the theme's functions to `tera`: `tr(key=..., n=..., name=...)`, a string of the
/// site's language with its `{name}`s filled in (and, given `n`, the form of the count `n`).
pub(crate) fn register_functions(tera: &mut Tera, strings: std::sync::Arc<crate::model::i18n::Strings>) {
    tera.register_function("tr", move |args: &std::collections::HashMap<String, tera::Value>| {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or_else(|| {
            tera::Error::msg("tr() needs key=\"...\", the name of a string of locales/en.toml")
        })?;
        if !strings.messages().contains_key(key) {
            return Err(tera::Error::msg(format!("tr(): there is no string `{key}` (see locales/en.toml)")));
        }
        let values: Vec<(String, String)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "key" && name.as_str() != "n")
            .map(|(name, value)| {
                let text = match value {
                    tera::Value::String(s) => s.clone(),
                    tera::Value::Number(n) => n.as_u64().map_or_else(|| n.to_string(), |n| strings.number(n)),
                    other => other.to_string(),
                };
                (name.clone(), text)
            })
            .collect();
        let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let text = match args.get("n") {
            Some(n) => {
                let n = n
                    .as_u64()
                    .ok_or_else(|| tera::Error::msg(format!("tr(key=\"{key}\"): n must be a count")))?;
                strings.count(key, n, &values)
            }
            None => strings.fill(key, &values),
        };
        Ok(tera::Value::String(text))
    });
}

/// A Tera error as a diagnostic naming the template file it came from.
pub(crate) fn template_diagnostic(error: &tera::Error, user: &[UserTemplate]) -> Diagnostic {
    let chain = error_chain(error);
    let path = user
        .iter()
        .find(|t| chain.contains(&format!("'{}'", t.name)))
        .map_or_else(|| PathBuf::from("templates (built-in theme)"), |t| t.path.clone());
    Diagnostic::new(path, chain).with_hint(
        "fix the template; see https://keats.github.io/tera/docs/ for the syntax, \
         or delete the file to use the built-in one",
    )
}

/// Tera errors nest their causes; the useful line is often the innermost.
pub(crate) fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}

/// An icon's `<svg>` around its drawing, at compile time.
macro_rules! svg {
    ($inner:literal) => {
        concat!(
            r#"<svg class="icon" aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">"#,
            $inner,
            "</svg>"
        )
    };
}

/// The inline SVG icon of a profile link (`scholar`, `orcid`, `github`, ..., `email`): simple
/// glyphs drawn for pubsite, decorative (the link's text names the service).
pub(crate) fn icon(kind: &str) -> &'static str {
    match kind {
        "scholar" => svg!(
            r#"<path d="M12 3 1 9l11 6 9-4.9V17h2V9z"/><path d="M5 13.2V17c0 1.7 3.1 3 7 3s7-1.3 7-3v-3.8l-7 3.8z"/>"#
        ),
        "orcid" => svg!(
            r#"<circle cx="12" cy="12" r="10"/><rect class="cut" x="7" y="10" width="2" height="7"/><circle class="cut" cx="8" cy="7.3" r="1.2"/><path class="cut-line" stroke-width="2" d="M12 10h2a3.5 3.5 0 0 1 0 7h-2z"/>"#
        ),
        "semantic_scholar" => {
            svg!(r#"<path d="M2 7h20l-2 3H6.5L12 19l-1.5 2z"/><path d="M8 11h10.5L12 17z"/>"#)
        }
        "dblp" => svg!(
            r#"<rect x="3" y="4" width="18" height="4" rx="1"/><rect x="3" y="10" width="13" height="4" rx="1"/><rect x="3" y="16" width="8" height="4" rx="1"/>"#
        ),
        "github" => svg!(
            r#"<path d="M4 3l4.5 4h7L20 3v9a8 8 0 0 1-16 0z"/><circle cx="9" cy="12" r="1.3" class="cut"/><circle cx="15" cy="12" r="1.3" class="cut"/>"#
        ),
        "linkedin" => svg!(
            r#"<rect x="2" y="2" width="20" height="20" rx="3"/><rect class="cut" x="6" y="10" width="3" height="8"/><circle class="cut" cx="7.5" cy="6.8" r="1.7"/><path class="cut" d="M11 10h3v1.3c.6-1 1.7-1.5 3-1.5 2 0 3 1.3 3 3.7V18h-3v-4c0-1.2-.5-1.8-1.4-1.8S14 12.9 14 14v4h-3z"/>"#
        ),
        "x" => svg!(
            r#"<path d="M3 3h5l13 18h-5z"/><path d="M19.5 3h2L13 13l-1.2-1.6zM4.5 21h-2L11 11l1.2 1.6z"/>"#
        ),
        "bluesky" => svg!(
            r#"<path d="M12 11C10 7 6.5 3.5 4 3.5S2 6 2.5 9c.5 2.5 3 3.5 5.5 3-3 .5-4.5 2.5-2.5 4.5 3 3 5-1 6.5-4.5 1.5 3.5 3.5 7.5 6.5 4.5 2-2 .5-4-2.5-4.5 2.5.5 5-.5 5.5-3 .5-3-.5-5.5-2-5.5S14 7 12 11z"/>"#
        ),
        "mastodon" => svg!(
            r#"<path d="M21 8.5C21 4 18 3 12 3S3 4 3 8.5V13c0 5 2 8 8 8 2 0 4-.4 5-1v-2c-1.5.5-3.5.8-5 .7-2-.1-3-.9-3-2.2 4 1 8.5.7 10.5-.5C20.7 15 21 14 21 12.5z"/><path d="M8 7.5h2v5H8zM14 7.5h2v5h-2z" class="cut"/>"#
        ),
        "homepage" => svg!(r#"<path d="M3 11 12 3l9 8v10h-6v-6H9v6H3z"/>"#),
        "email" => {
            svg!(r#"<path d="M2 5h20v14H2z"/><path d="m2 6 10 7 10-7" class="cut-line" stroke-width="2"/>"#)
        }
        _ => svg!(r#"<circle cx="12" cy="12" r="9"/>"#),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_compile() {
        let tera = compile(&[]).unwrap();
        for (name, _) in TEMPLATES {
            assert!(tera.get_template_names().any(|n| n == *name), "{name}");
        }
    }

    #[test]
    fn a_user_template_replaces_the_built_in_one() {
        let user =
            UserTemplate { name: "404.html".into(), path: "templates/404.html".into(), text: "mine".into() };
        let tera = compile(&[user]).unwrap();
        assert_eq!(tera.render("404.html", &tera::Context::new()).unwrap(), "mine");
    }

    #[test]
    fn a_broken_user_template_is_named() {
        let user = UserTemplate {
            name: "paper.html".into(),
            path: "templates/paper.html".into(),
            text: "{% if %}".into(),
        };
        let errors = compile(&[user]).unwrap_err();
        assert_eq!(errors[0].path, PathBuf::from("templates/paper.html"), "{}", errors[0]);
    }

    #[test]
    fn escaping_covers_attribute_quotes() {
        assert_eq!(
            crate::base::escape::escape_html(r#"<a href="x">'&/"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;/"
        );
    }
}
