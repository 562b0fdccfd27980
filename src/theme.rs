//! The built-in theme, embedded in the binary: Tera templates and static assets. A site's own
//! `templates/<name>` and `static/<path>` files replace the built-in file of the same name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::Tera;

use crate::error::Diagnostic;

/// Built-in templates, by the name templates use to refer to each other.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("paper.html", include_str!("../templates/paper.html")),
    ("topics.html", include_str!("../templates/topics.html")),
    ("topic.html", include_str!("../templates/topic.html")),
    ("years.html", include_str!("../templates/years.html")),
    ("year.html", include_str!("../templates/year.html")),
    ("authors.html", include_str!("../templates/authors.html")),
    ("author.html", include_str!("../templates/author.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("feed.xml", include_str!("../templates/feed.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    ("partials/paper_entry.html", include_str!("../templates/partials/paper_entry.html")),
    ("partials/paper_line.html", include_str!("../templates/partials/paper_line.html")),
    ("partials/paper_links.html", include_str!("../templates/partials/paper_links.html")),
    ("partials/year_groups.html", include_str!("../templates/partials/year_groups.html")),
    ("partials/pager.html", include_str!("../templates/partials/pager.html")),
];

/// Built-in static assets, by their path in the output.
pub const ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("pubsite.js", include_bytes!("../static/pubsite.js")),
];

/// A template file of the site's own `templates/` folder.
#[derive(Debug, Clone)]
pub struct UserTemplate {
    /// Name relative to `templates/`, with `/` separators (e.g. `partials/paper_entry.html`).
    pub name: String,
    /// Path relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub text: String,
}

/// Compiles the built-in templates with the user's on top (a user file replaces the built-in
/// one of the same name).
pub fn compile(user: &[UserTemplate]) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: BTreeMap<&str, &str> = TEMPLATES.iter().copied().collect();
    for template in user {
        sources.insert(&template.name, &template.text);
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(sources.iter().map(|(name, text)| (*name, *text)))
        .map_err(|e| vec![template_diagnostic(&e, user)])?;
    Ok(tera)
}

/// HTML-escapes text for element content and quoted attributes. Unlike Tera's default, it leaves
/// `/` alone, so URLs stay readable in the page source.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A Tera error as a diagnostic naming the template file it came from.
pub fn template_diagnostic(error: &tera::Error, user: &[UserTemplate]) -> Diagnostic {
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
pub fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
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
        assert_eq!(escape_html(r#"<a href="x">'&/"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;/");
    }
}
