//! The markup the default theme's templates take made in Rust, for speed: author lists, topic
//! badges and links, paper links, the menu, Scholar and Open Graph tags, references; and the
//! items they are made of, which templates also see. A loop over these items in a template costs
//! several times more to render. A test renders each fragment both ways and compares the bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::escape::push_html_escaped;
use crate::model::config::{Config, Topic};
use crate::model::i18n::Strings;
use crate::model::paper::Paper;
use crate::site::urls;

#[derive(Debug, Serialize)]
pub(crate) struct NavItem {
    /// Which section the item leads to (`papers`, `topics`, `years`, `authors`, `news`), or the
    /// page's name; empty for other addresses.
    pub key: String,
    pub label: String,
    pub url: String,
}

/// A topic as a badge or link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicRef<'a> {
    pub code: &'a str,
    /// The topic's URL name (`lg`).
    pub slug: String,
    pub name: &'a str,
    pub url: String,
    /// Index into the theme's badge palette.
    pub color: usize,
}

/// Number of colours in the theme's badge palette.
const PALETTE: usize = 8;

impl<'a> TopicRef<'a> {
    /// `topic` of `config`, its colour by its place in the settings' topics.
    pub(crate) fn of(config: &'a Config, topic: &'a Topic) -> TopicRef<'a> {
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
}

#[derive(Debug, Serialize)]
pub(crate) struct AuthorView<'a> {
    pub name: &'a str,
    pub is_owner: bool,
    /// The co-author's page (none for the owner).
    pub url: Option<&'a str>,
    /// Marked as of equal contribution (`*`).
    pub equal: bool,
    /// Marked as the corresponding author (`†`).
    pub corresponding: bool,
}

/// A label shown as a badge after the topics: the venue's short name, an award, a status.
#[derive(Debug, Serialize)]
pub(crate) struct LabelView<'a> {
    /// `abbr`, `award` or `status`: also the CSS class `badge-<kind>`.
    pub kind: &'static str,
    pub text: &'a str,
}

/// An author's mark: the symbol for the eye, the words for screen readers.
fn push_mark(out: &mut String, symbol: &str, words: &str) {
    out.push_str("<sup class=\"mark\"><span aria-hidden=\"true\">");
    out.push_str(symbol);
    out.push_str("</span><span class=\"visually-hidden\"> (");
    push_html_escaped(out, words);
    out.push_str(")</span></sup>");
}

/// The legend of the marks the authors carry (`* Equal contribution`), empty when none.
pub(crate) fn marks_legend(authors: &[AuthorView], s: &Strings) -> String {
    let equal = authors.iter().any(|a| a.equal).then(|| format!("* {}", s.get("legend_equal")));
    let corresponding =
        authors.iter().any(|a| a.corresponding).then(|| format!("† {}", s.get("legend_corresponding")));
    equal.into_iter().chain(corresponding).collect::<Vec<_>>().join("; ")
}

#[derive(Debug, Serialize)]
pub(crate) struct LinkView<'a> {
    /// `pdf`, `arxiv`, `doi`, `code`, ...: also the CSS class.
    pub kind: &'static str,
    pub label: &'a str,
    pub url: String,
}

/// See `PaperView::badges_html`.
pub(crate) fn badges_html(topics: &[TopicRef], labels: &[LabelView], s: &Strings) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(topics.len() * 120 + labels.len() * 60);
    for topic in topics {
        let _ = write!(out, "<a class=\"badge badge-{}\" href=\"", topic.color);
        push_html_escaped(&mut out, &topic.url);
        out.push_str("\" title=\"");
        push_html_escaped(&mut out, topic.name);
        out.push_str("\">");
        push_html_escaped(&mut out, topic.code);
        out.push_str("</a>\n");
    }
    for label in labels {
        let _ = write!(out, "<span class=\"badge badge-{}\">", label.kind);
        if label.kind == "award" {
            out.push_str("<span class=\"visually-hidden\">");
            push_html_escaped(&mut out, s.get("award"));
            out.push_str(": </span>");
        }
        push_html_escaped(&mut out, label.text);
        out.push_str("</span>\n");
    }
    out
}

/// See `PaperView::topics_html`.
pub(crate) fn topics_html(topics: &[TopicRef]) -> String {
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
pub(crate) fn links_html(links: &[LinkView], code_available: bool, title: &str, s: &Strings) -> String {
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
        out.push_str("<span class=\"visually-hidden\"> ");
        push_html_escaped(&mut out, &s.fill("of_title", &[("title", title)]));
        out.push_str("</span></a></li>\n");
    }
    if code_available {
        out.push_str("<li><span class=\"code-flag\" title=\"");
        push_html_escaped(&mut out, s.get("code_available_title"));
        out.push_str("\">");
        push_html_escaped(&mut out, s.get("code_available"));
        out.push_str("</span></li>\n");
    }
    out.push_str("</ul>");
    out
}

/// See `PaperView::authors_html`; `links`: co-authors linked to their pages.
pub(crate) fn author_list_html(authors: &[AuthorView], et_al: bool, links: bool, s: &Strings) -> String {
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
        if author.equal {
            push_mark(&mut out, "*", s.get("mark_equal"));
        }
        if author.corresponding {
            push_mark(&mut out, "†", s.get("mark_corresponding"));
        }
    }
    if et_al {
        out.push_str(" <span class=\"et-al\">");
        push_html_escaped(&mut out, s.get("et_al"));
        out.push_str("</span>");
    }
    let legend = marks_legend(authors, s);
    if !legend.is_empty() {
        out.push_str(" <span class=\"marks-legend\" aria-hidden=\"true\">(");
        push_html_escaped(&mut out, &legend);
        out.push_str(")</span>");
    }
    out
}

/// See `SiteView::nav_html`: for each section that the menu has an item for (a page of any other
/// section shows `nav_html_none`).
pub(crate) fn nav_html(nav: &[NavItem]) -> BTreeMap<String, String> {
    nav.iter()
        .filter(|item| !item.key.is_empty())
        .map(|item| (item.key.clone(), nav_items_html(nav, &item.key)))
        .collect()
}

/// The menu's items as HTML, the item of `section` (when not empty) marked as the current page.
pub(crate) fn nav_items_html(nav: &[NavItem], section: &str) -> String {
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

/// See `PaperExtras::open_graph_html`.
pub(crate) fn open_graph_html(
    config: &Config,
    paper: &Paper,
    permalink: &str,
    description: &str,
    image: Option<(&str, &str)>,
) -> String {
    let mut out = String::with_capacity(320 + paper.title.len() + description.len());
    let mut tag = |attribute: &str, name: &str, content: &str| push_meta(&mut out, attribute, name, content);
    tag("property", "og:type", "article");
    tag("property", "og:title", &paper.title);
    tag("property", "og:url", permalink);
    tag("property", "og:site_name", &config.title);
    if !description.is_empty() {
        tag("property", "og:description", description);
    }
    if let Some(date) = paper.date {
        tag("property", "article:published_time", &date.iso());
    }
    if let Some((url, alt)) = image {
        tag("property", "og:image", url);
        tag("property", "og:image:alt", alt);
    }
    tag("name", "twitter:card", "summary");
    out
}

/// One line of a paper's details: a part of its record.
#[derive(Debug, Serialize)]
pub struct Detail {
    pub label: String,
    pub value: String,
    pub url: Option<String>,
}

/// See `PaperExtras::details_html`.
pub(crate) fn details_html(details: &[Detail]) -> String {
    let mut out = String::with_capacity(details.iter().map(|d| d.value.len() * 2 + 64).sum());
    for detail in details {
        out.push_str("<div><dt>");
        push_html_escaped(&mut out, &detail.label);
        out.push_str("</dt><dd>");
        match &detail.url {
            Some(url) => {
                out.push_str("<a href=\"");
                push_html_escaped(&mut out, url);
                out.push_str("\">");
                push_html_escaped(&mut out, &detail.value);
                out.push_str("</a>");
            }
            None => push_html_escaped(&mut out, &detail.value),
        }
        out.push_str("</dd></div>\n      ");
    }
    out
}

/// See `PaperExtras::references_html`.
pub(crate) fn references_html(references: &[crate::scholar::citation::Reference]) -> String {
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
pub(crate) fn meta_tags_html(tags: &[crate::scholar::MetaTag]) -> String {
    let mut out = String::with_capacity(tags.iter().map(|t| t.content.len() + 48).sum());
    for tag in tags {
        push_meta(&mut out, "name", tag.name, &tag.content);
    }
    out
}

/// Appends `<meta ATTRIBUTE="NAME" content="CONTENT">` and a line break, escaped.
pub(crate) fn push_meta(out: &mut String, attribute: &str, name: &str, content: &str) {
    out.push_str("<meta ");
    out.push_str(attribute);
    out.push_str("=\"");
    push_html_escaped(out, name);
    out.push_str("\" content=\"");
    push_html_escaped(out, content);
    out.push_str("\">\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Strings {
        Strings::english()
    }

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
            badges_html(&topics, &[], &en()),
            "<a class=\"badge badge-0\" href=\"/topics/lg/\" title=\"Machine &quot;Learning&quot;\">LG</a>\n\
             <a class=\"badge badge-5\" href=\"/t/?a=1&amp;b=2\" title=\"A&lt;B\">A&amp;B</a>\n"
        );
        assert_eq!(badges_html(&[], &[], &en()), "");
        assert_eq!(
            badges_html(&[], &[LabelView { kind: "award", text: "Best <Paper>" }], &en()),
            "<span class=\"badge badge-award\"><span class=\"visually-hidden\">Award: </span>Best &lt;Paper&gt;</span>\n"
        );

        let links = [
            LinkView { kind: "pdf", label: "PDF", url: "/files/a.pdf".into() },
            LinkView { kind: "code", label: "Code", url: "https://x.org/?q=1&r=2".into() },
        ];
        let html = links_html(&links, false, "Tom & Jerry's <b>", &en());
        assert_eq!(html.matches("<li>").count(), 2);
        assert!(html
            .starts_with("<ul class=\"paper-links\">\n<li><a class=\"link-pdf\" href=\"/files/a.pdf\">PDF"));
        assert!(html.contains("href=\"https://x.org/?q=1&amp;r=2\""));
        assert!(html.contains("<span class=\"visually-hidden\"> of Tom &amp; Jerry&#39;s &lt;b&gt;</span>"));
        assert!(html.ends_with("</ul>") && !html.contains("code-flag"));
        // Code said to exist without a link: the flag, in a list of its own if need be.
        let flag_only = links_html(&[], true, "T", &en());
        assert_eq!(flag_only.matches("<li>").count(), 1);
        assert!(flag_only.contains("class=\"code-flag\""));
        assert_eq!(links_html(&[], false, "T", &en()), "");
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
        let html = open_graph_html(&config, &paper, "https://x.org/papers/t/", "<b>Short</b>", None);
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
        let without = open_graph_html(
            &config,
            &paper,
            "https://x.org/papers/t/",
            "",
            Some(("https://x.org/p.png", "A & B")),
        );
        assert_eq!(without.lines().count(), 8);
        assert!(!without.contains("og:description"));
        assert!(without.contains("<meta property=\"og:image\" content=\"https://x.org/p.png\">\n<meta property=\"og:image:alt\" content=\"A &amp; B\">"));
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
            AuthorView {
                name: "Ann <B> & Co",
                is_owner: false,
                url: Some("/authors/ann-b-co/"),
                equal: false,
                corresponding: false,
            },
            AuthorView {
                name: "Pavel Izmailov",
                is_owner: true,
                url: None,
                equal: false,
                corresponding: false,
            },
            AuthorView { name: "O'Neil", is_owner: false, url: None, equal: false, corresponding: false },
        ];
        assert_eq!(
            author_list_html(&authors, true, true, &en()),
            "<a class=\"author\" href=\"/authors/ann-b-co/\">Ann &lt;B&gt; &amp; Co</a>, \
             <strong class=\"owner\">Pavel Izmailov</strong>, O&#39;Neil <span class=\"et-al\">et al.</span>"
        );
        assert_eq!(
            author_list_html(&authors, false, false, &en()),
            "Ann &lt;B&gt; &amp; Co, <strong class=\"owner\">Pavel Izmailov</strong>, O&#39;Neil"
        );
        assert_eq!(author_list_html(&[], true, true, &en()), " <span class=\"et-al\">et al.</span>");
    }

    /// Renders `template` as the theme's templates are rendered (autoescaped with its escaper).
    fn through_tera(template: &str, context: &tera::Context) -> String {
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(crate::base::escape::escape_html);
        tera.add_raw_template("fragment.html", template).unwrap();
        tera.render("fragment.html", context).unwrap()
    }

    fn context(pairs: &[(&str, &dyn erased::Value)]) -> tera::Context {
        let mut context = tera::Context::new();
        for (name, value) in pairs {
            value.insert(&mut context, name);
        }
        context
    }

    /// Values of any `Serialize` type in one list (`tera::Context::insert` is generic).
    mod erased {
        pub(crate) trait Value {
            fn insert(&self, context: &mut tera::Context, name: &str);
        }
        impl<T: serde::Serialize> Value for T {
            fn insert(&self, context: &mut tera::Context, name: &str) {
                context.insert(name, self);
            }
        }
    }

    /// Text that every escape matters for, and some that none does.
    const HOSTILE: [&str; 4] = ["Tom & Jerry's \"<b>\"", "Ünïcödé — ∑", "", "a/b?c=1&d=2#e"];

    /// Each fragment made in Rust is byte for byte what the loop a theme author would write in
    /// Tera prints, for the default theme's markup: the two cannot drift apart.
    #[test]
    fn each_fragment_equals_its_tera_loop() {
        let topics: Vec<TopicRef> = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, text)| TopicRef {
                code: text,
                slug: format!("t{i}"),
                name: HOSTILE[(i + 1) % 4],
                url: format!("/t/{text}/"),
                color: i % 8,
            })
            .collect();
        let authors: Vec<AuthorView> = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, name)| AuthorView {
                name,
                is_owner: i == 1,
                url: (i % 2 == 0).then_some("/authors/x?a=1&b=2/"),
                equal: i == 2 || i == 3,
                corresponding: i == 3,
            })
            .collect();
        let links: Vec<LinkView> = [("pdf", "PDF"), ("code", "Code"), ("doi", "DOI")]
            .iter()
            .zip(HOSTILE)
            .map(|(&(kind, label), url)| LinkView { kind, label, url: url.to_owned() })
            .collect();
        let nav: Vec<NavItem> = ["papers", "cv", "", "topics"]
            .iter()
            .zip(HOSTILE)
            .map(|(key, label)| NavItem {
                key: (*key).into(),
                label: label.into(),
                url: format!("/{key}/?x=1&y=2"),
            })
            .collect();
        let labels: Vec<LabelView> = ["abbr", "award", "status"]
            .iter()
            .zip(HOSTILE)
            .map(|(&kind, text)| LabelView { kind, text })
            .collect();
        for n in 0..=topics.len() {
            let m = n.min(labels.len());
            let c = context(&[("topics", &&topics[..n]), ("labels", &&labels[..m])]);
            assert_eq!(
                badges_html(&topics[..n], &labels[..m], &en()),
                through_tera(
                    "{% for t in topics %}<a class=\"badge badge-{{ t.color }}\" href=\"{{ t.url }}\" title=\"{{ t.name }}\">{{ t.code }}</a>\n{% endfor %}{% for l in labels %}<span class=\"badge badge-{{ l.kind }}\">{% if l.kind == \"award\" %}<span class=\"visually-hidden\">Award: </span>{% endif %}{{ l.text }}</span>\n{% endfor %}",
                    &c
                )
            );
            assert_eq!(
                topics_html(&topics[..n]),
                through_tera(
                    "{% for t in topics %}{% if not loop.first %}, {% endif %}<a href=\"{{ t.url }}\">{{ t.name }} ({{ t.code }})</a>{% endfor %}",
                    &c
                )
            );
        }
        const AUTHORS: &str = "{% for a in authors %}{% if not loop.first %}, {% endif %}{% if a.is_owner %}<strong class=\"owner\">{{ a.name }}</strong>{% elif a.url and links %}<a class=\"author\" href=\"{{ a.url }}\">{{ a.name }}</a>{% else %}{{ a.name }}{% endif %}{% if a.equal %}<sup class=\"mark\"><span aria-hidden=\"true\">*</span><span class=\"visually-hidden\"> (equal contribution)</span></sup>{% endif %}{% if a.corresponding %}<sup class=\"mark\"><span aria-hidden=\"true\">†</span><span class=\"visually-hidden\"> (corresponding author)</span></sup>{% endif %}{% endfor %}{% if et_al %} <span class=\"et-al\">et al.</span>{% endif %}{% if legend %} <span class=\"marks-legend\" aria-hidden=\"true\">({{ legend }})</span>{% endif %}";
        for n in 0..=authors.len() {
            for (et_al, linked) in [(false, false), (false, true), (true, false), (true, true)] {
                let legend = marks_legend(&authors[..n], &en());
                let c = context(&[
                    ("authors", &&authors[..n]),
                    ("et_al", &et_al),
                    ("links", &linked),
                    ("legend", &legend.as_str()),
                ]);
                assert_eq!(
                    author_list_html(&authors[..n], et_al, linked, &en()),
                    through_tera(AUTHORS, &c),
                    "{n} {et_al} {linked}"
                );
            }
        }
        const LINKS: &str = "{% if links or code_available %}<ul class=\"paper-links\">\n{% for l in links %}<li><a class=\"link-{{ l.kind }}\" href=\"{{ l.url }}\">{{ l.label }}<span class=\"visually-hidden\"> of {{ title }}</span></a></li>\n{% endfor %}{% if code_available %}<li><span class=\"code-flag\" title=\"The paper states that code is available\">Code available</span></li>\n{% endif %}</ul>{% endif %}";
        for n in 0..=links.len() {
            for code_available in [false, true] {
                for title in HOSTILE {
                    let c = context(&[
                        ("links", &&links[..n]),
                        ("code_available", &code_available),
                        ("title", &title),
                    ]);
                    assert_eq!(
                        links_html(&links[..n], code_available, title, &en()),
                        through_tera(LINKS, &c)
                    );
                }
            }
        }
        let details: Vec<Detail> = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, value)| Detail {
                label: ["Volume", "Publisher’s page", "Note", "ISBN"][i].to_owned(),
                value: (*value).to_owned(),
                url: (i % 2 == 1).then(|| format!("https://x.org/?a={i}&b=\"")),
            })
            .collect();
        const DETAILS: &str = "{% for d in details %}<div><dt>{{ d.label }}</dt><dd>{% if d.url %}<a href=\"{{ d.url }}\">{{ d.value }}</a>{% else %}{{ d.value }}{% endif %}</dd></div>\n      {% endfor %}";
        for n in 0..=details.len() {
            let c = context(&[("details", &&details[..n])]);
            assert_eq!(details_html(&details[..n]), through_tera(DETAILS, &c));
        }
        const MENU: &str = "{% for item in nav %}<li><a href=\"{{ item.url }}\"{% if section and item.key == section %} aria-current=\"page\"{% endif %}>{{ item.label }}</a></li>\n        {% endfor %}";
        for section in ["papers", "cv", "", "topics", "news"] {
            let c = context(&[("nav", &nav), ("section", &section)]);
            assert_eq!(nav_items_html(&nav, section), through_tera(MENU, &c), "{section}");
        }
        let tags: Vec<crate::scholar::MetaTag> = HOSTILE
            .iter()
            .map(|content| crate::scholar::MetaTag { name: "citation_title", content: (*content).into() })
            .collect();
        assert_eq!(
            meta_tags_html(&tags),
            through_tera(
                "{% for t in tags %}<meta name=\"{{ t.name }}\" content=\"{{ t.content }}\">\n{% endfor %}",
                &context(&[("tags", &tags)])
            )
        );
        let references: Vec<crate::scholar::citation::Reference> = ["APA", "IEEE & co"]
            .iter()
            .zip(["Doe, J. <i>T</i>. https://doi.org/10.1/x?a&b", ""])
            .map(|(style, html)| crate::scholar::citation::Reference { style, html: html.into() })
            .collect();
        assert_eq!(
            references_html(&references),
            through_tera(
                "{% for r in references %}<div class=\"reference\">\n      <h3 class=\"reference-style\">{{ r.style }}</h3>\n      <p class=\"reference-text\">{{ r.html | safe }}</p>\n    </div>\n    {% endfor %}",
                &context(&[("references", &references)])
            )
        );
        let mut config = crate::model::config::tests_config();
        config.title = HOSTILE[0].into();
        let text = "+++\ntitle = \"Tom & 'Jerry' <b>\"\ndate = 2018-03-14\nauthors = [\"A B\"]\n+++\nText.\n";
        let paper = crate::model::paper::parse(std::path::Path::new("content/papers/t.md"), text).unwrap();
        const OPEN_GRAPH: &str = "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"{{ title }}\">\n<meta property=\"og:url\" content=\"{{ permalink }}\">\n<meta property=\"og:site_name\" content=\"{{ site_title }}\">\n{% if description %}<meta property=\"og:description\" content=\"{{ description }}\">\n{% endif %}<meta property=\"article:published_time\" content=\"{{ date }}\">\n<meta name=\"twitter:card\" content=\"summary\">\n";
        for description in HOSTILE {
            let permalink = "https://x.org/papers/t/?a=1&b=2";
            let c = context(&[
                ("title", &paper.title),
                ("permalink", &permalink),
                ("site_title", &config.title),
                ("description", &description),
                ("date", &"2018-03-14"),
            ]);
            assert_eq!(
                open_graph_html(&config, &paper, permalink, description, None),
                through_tera(OPEN_GRAPH, &c)
            );
        }
    }
}
