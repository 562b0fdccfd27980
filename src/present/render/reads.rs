//! Which optional parts of a paper's context the templates read, found in their syntax trees.

use tera::Tera;

/// Which optional parts of a paper's context the templates read, found in their syntax trees, so
/// that a render makes only those.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reads {
    /// `cite`: citations, Scholar tags and the BibTeX of a paper take a fifth of a build.
    pub(super) cite: bool,
    /// A part of a paper made as HTML (`PaperView::with_html`): `paper.authors_html`,
    /// `paper.authors_html_unlinked`, `paper.badges_html`, `paper.topics_html` or
    /// `paper.links_html`.
    pub(super) html: bool,
}

impl Reads {
    pub(super) fn of(tera: &Tera) -> Reads {
        let trees: Vec<String> = tera
            .get_template_names()
            .filter_map(|name| tera.get_template(name).ok())
            .map(|t| format!("{:?}{:?}", t.ast, t.macros))
            .collect();
        // A template that prints the whole context reads everything.
        let all = trees.iter().any(|tree| tree.contains("__tera_context"));
        Reads {
            cite: all || trees.iter().any(|tree| reads_variable(tree, "cite")),
            html: all
                || ["authors_html", "badges_html", "topics_html", "links_html"]
                    .iter()
                    .any(|name| trees.iter().any(|tree| tree.contains(name))),
        }
    }
}

/// Whether the syntax tree `tree` (its `Debug` form) names the top-level variable `name`.
pub(super) fn reads_variable(tree: &str, name: &str) -> bool {
    let ident = format!("Ident(\"{name}");
    tree.match_indices(&ident)
        .any(|(at, _)| matches!(tree.as_bytes().get(at + ident.len()), Some(b'"' | b'.' | b'[')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera
    }

    #[test]
    fn citations_are_made_only_for_templates_that_read_them() {
        let plain = [("paper.html", "{{ paper.title }} <cite>{{ page.title }}</cite> {{ cited }}")];
        assert!(!Reads::of(&tera(&plain)).cite);
        for reads in [
            "{{ cite.bibtex }}",
            "{{ cite['bibtex'] }}",
            "{% set c = cite %}{{ c.bibtex }}",
            "{% for r in cite.references %}{{ r.html }}{% endfor %}",
            "{{ __tera_context }}",
        ] {
            let templates = [("paper.html", "{% include \"part.html\" %}"), ("part.html", reads)];
            assert!(Reads::of(&tera(&templates)).cite, "{reads}");
        }
        let in_macro = [(
            "macros.html",
            "{% macro show(c) %}{{ c.bibtex }}{% endmacro show %}{% macro all() %}{{ cite.bibtex }}{% endmacro all %}",
        )];
        assert!(Reads::of(&tera(&in_macro)).cite);
    }

    #[test]
    fn html_parts_are_made_only_for_templates_that_name_one() {
        let looped = [("e.html", "{% for a in paper.authors %}{{ a.name }}{% endfor %}{% for t in paper.topics %}{{ t.code }}{% endfor %}{{ paper.links | length }}")];
        assert!(!Reads::of(&tera(&looped)).html);
        for reads in [
            "{{ paper.authors_html | safe }}",
            "{{ p['authors_html_unlinked'] }}",
            "{{ paper.badges_html | safe }}",
            "{% if paper.links_html %}{{ paper.links_html | safe }}{% endif %}",
            "{{ __tera_context }}",
        ] {
            assert!(Reads::of(&tera(&[("e.html", reads)])).html, "{reads}");
        }
    }
}
