//! One paper as templates see it (`paper`), with the parts made as HTML on demand, and the
//! citation formats and metadata of its page (`cite`).

use serde::Serialize;

use crate::base::ident::{ArxivId, Doi};
use crate::base::taxonomy::Year;
use crate::model::config::{BaseUrl, Config};
use crate::model::paper::{Links, Paper};
use crate::present::fragments::{
    author_list_html, badges_html, details_html, links_html, meta_tags_html, open_graph_html,
    references_html, topics_html, AuthorView, Detail, LabelView, LinkView, TopicRef,
};
use crate::site::urls;
use crate::site::Site;

/// One paper, everything a template may show.
#[derive(Debug, Serialize)]
pub(crate) struct PaperView<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    /// The title as HTML: escaped, with its `$...$` math as MathML.
    pub title_html: String,
    /// ISO date at the precision written (`2024`, `2024-12` or `2024-12-21`), for `<time datetime>`;
    /// empty for a paper not out yet.
    pub date: String,
    /// Human date at the precision written: `2024`, `Dec 2024` or `Dec 21, 2024`; for a paper not
    /// out yet, its status (`In review`).
    pub date_display: String,
    /// `<time datetime="2024-12">Dec 2024</time>`, or for a paper not out yet
    /// `<span class="date-status">In review</span>`.
    pub date_html: String,
    /// The year, and its page; none for a paper not out yet.
    pub year: Option<Year>,
    pub year_url: Option<String>,
    pub topics: Vec<TopicRef<'a>>,
    pub authors: Vec<AuthorView<'a>>,
    pub et_al: bool,
    pub organizations: &'a [String],
    pub venue: Option<&'a str>,
    /// The venue's short name (`NeurIPS`), an award (`Best Paper Award`), a status (`to appear`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbr: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub award: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// `abbr`, `award` and `status` as badges: each `{kind, text}`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LabelView<'a>>,
    /// Volume, issue and pages as a reader reads them: `vol. 22, no. 4, pp. 1–35`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The preview image, when the paper has one (and `[theme] previews` is on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<PreviewView>,
    pub citations: Option<u32>,
    /// The paper says code exists but gives no link.
    pub code_available: bool,
    /// The words of the theme, for the parts made as HTML.
    #[serde(skip)]
    strings: &'a crate::model::i18n::Strings,
    pub links: Vec<LinkView<'a>>,
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
    /// its topic's page followed by a line break, then the `labels`, each a
    /// `<span class="badge badge-KIND">` and a line break (a loop over `topics` on the paper page, in its
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
    pub(crate) fn with_html(mut self) -> Self {
        let s = self.strings;
        self.authors_html = Some(author_list_html(&self.authors, self.et_al, true, s));
        self.authors_html_unlinked = Some(author_list_html(&self.authors, self.et_al, false, s));
        self.badges_html = Some(badges_html(&self.topics, &self.labels, s));
        self.topics_html = Some(topics_html(&self.topics));
        self.links_html = Some(links_html(&self.links, self.code_available, self.title, s));
        self
    }
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
    /// The record's parts as the paper page's details list them: each `{label, value}`, with
    /// `url` for the publisher's page.
    pub details: Vec<Detail>,
    /// The same as the page shows them: `<div><dt>label</dt><dd>value</dd></div>` each (the
    /// value a link when there is a `url`), each followed by a line break and indent.
    pub details_html: String,
}

/// The record's parts, labelled, in the order a reference lists them.
fn details(paper: &Paper, s: &crate::model::i18n::Strings) -> Vec<Detail> {
    let r = &paper.record;
    let text = |key: &str, value: &Option<String>| {
        value.clone().map(|value| Detail { label: s.get(key).to_owned(), value, url: None })
    };
    let editors = (!r.editors.is_empty()).then(|| r.editors.join(", "));
    [
        text("volume", &r.volume),
        text("issue", &r.issue),
        text("pages", &r.pages.as_ref().map(|p| p.replace("--", "–"))),
        text(if r.editors.len() == 1 { "editor" } else { "editors" }, &editors),
        text("edition", &r.edition),
        text("publisher", &r.publisher),
        text("place", &r.address),
        r.isbn.clone().map(|value| Detail { label: "ISBN".to_owned(), value, url: None }),
        r.issn.clone().map(|value| Detail { label: "ISSN".to_owned(), value, url: None }),
        // (A paper not out yet shows its status in place of its date.)
        text("status", &paper.status.clone().filter(|_| paper.date.is_some())),
        text("award", &paper.award),
        text("note", &r.note),
        r.url.clone().map(|url| Detail {
            label: s.get("publisher_page").to_owned(),
            value: url.clone(),
            url: Some(url),
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub(crate) fn paper_view<'a>(site: &'a Site, paper: &'a Paper) -> PaperView<'a> {
    let config = &site.config;
    let base = &config.base_url;
    let topics: Vec<TopicRef> = paper
        .topics
        .iter()
        .filter_map(|(code, _)| config.topics.iter().find(|t| t.code == *code))
        .map(|t| TopicRef::of(config, t))
        .collect();
    let topic_codes = topics.iter().map(|t| t.code).collect::<Vec<_>>().join(" ");
    PaperView {
        slug: paper.slug.as_str(),
        url: base.join(&urls::paper(paper.slug.as_str())),
        title: &paper.title,
        title_html: paper
            .title_html
            .clone()
            .unwrap_or_else(|| crate::base::escape::escape_html(&paper.title)),
        date: paper.date.map(|d| d.iso()).unwrap_or_default(),
        date_display: date_display(paper, &config.strings),
        date_html: date_html(paper, &config.strings),
        year: paper.year(),
        year_url: paper.year().map(|y| base.join(&urls::year(y))),
        topics,
        authors: paper
            .authors
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let found = site.authors.name(config, name);
                let marks = paper.marks.get(i).copied().unwrap_or_default();
                AuthorView {
                    name,
                    is_owner: found.is_owner,
                    url: found.coauthor.map(|a| a.url.as_str()),
                    equal: marks.equal,
                    corresponding: marks.corresponding,
                }
            })
            .collect(),
        et_al: paper.et_al,
        organizations: &paper.organizations,
        venue: paper.venue.as_deref(),
        abbr: paper.abbr.as_deref(),
        award: paper.award.as_deref(),
        status: paper.status.as_deref(),
        // (A paper not out yet shows its status in place of its date, not again as a badge.)
        labels: [
            ("abbr", paper.abbr.as_deref()),
            ("award", paper.award.as_deref()),
            ("status", paper.status.as_deref().filter(|_| paper.date.is_some())),
        ]
        .into_iter()
        .filter_map(|(kind, text)| text.map(|text| LabelView { kind, text }))
        .collect(),
        record: paper.record.summary(&config.strings),
        preview: preview_view(site, paper),
        citations: paper.citations,
        code_available: paper.code_available && paper.links.code.is_none(),
        links: link_views(&paper.links, base, &config.strings),
        strings: &config.strings,
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

/// A paper's preview image as templates show it.
#[derive(Debug, Serialize)]
pub(crate) struct PreviewView {
    /// The picture for normal screens.
    pub url: String,
    /// `url 240w, url2 480w` when there is a larger picture for high-density screens.
    pub srcset: Option<String>,
    /// Its size in CSS pixels (none for a picture on another site).
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
    /// The largest picture's absolute URL (for `og:image`).
    pub absolute: String,
}

fn preview_view(site: &Site, paper: &Paper) -> Option<PreviewView> {
    let config = &site.config;
    let given = paper.preview.as_deref().filter(|_| config.theme.previews)?;
    let alt = paper.preview_alt.clone().unwrap_or_else(|| paper.title.clone());
    if given.contains("://") {
        return Some(PreviewView {
            url: given.to_owned(),
            srcset: None,
            width: None,
            height: None,
            alt,
            absolute: given.to_owned(),
        });
    }
    let image = site.previews.get(given)?;
    let base = &config.base_url;
    let url = base.join(&image.path);
    let srcset = image
        .path_2x
        .as_ref()
        .map(|(path, width)| format!("{url} {}w, {} {width}w", image.width, base.join(path)));
    let largest = image.path_2x.as_ref().map_or(image.path.as_str(), |(path, _)| path.as_str());
    Some(PreviewView {
        srcset,
        width: Some(image.width),
        height: Some(image.height),
        alt,
        absolute: urls::absolute(base, largest),
        url,
    })
}

/// The date as a reader reads it, or the status of a paper not out yet (`In review`).
fn date_display(paper: &Paper, s: &crate::model::i18n::Strings) -> String {
    match paper.date {
        Some(date) => s.date(date),
        None => {
            let status = paper.status.as_deref().unwrap_or_else(|| s.get("forthcoming"));
            let mut chars = status.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}

/// See `PaperView::date_html`.
fn date_html(paper: &Paper, s: &crate::model::i18n::Strings) -> String {
    let mut out = String::with_capacity(64);
    match paper.date {
        Some(date) => {
            out.push_str("<time datetime=\"");
            out.push_str(&date.iso());
            out.push_str("\">");
            crate::base::escape::push_html_escaped(&mut out, &s.date(date));
            out.push_str("</time>");
        }
        None => {
            out.push_str("<span class=\"date-status\">");
            crate::base::escape::push_html_escaped(&mut out, &date_display(paper, s));
            out.push_str("</span>");
        }
    }
    out
}

/// Citation formats and metadata for `paper`'s page; `key` is its citation key.
/// `description`: the page's, for Open Graph.
/// `image`: the preview's absolute URL and text, for Open Graph.
pub fn paper_extras(
    config: &Config,
    paper: &Paper,
    key: &str,
    description: &str,
    image: Option<(&str, &str)>,
) -> PaperExtras {
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
    let details = details(paper, &config.strings);
    let bibtex = scholar::bibtex(paper, key, &permalink, scholar::BibtexFor::Citing);
    let references = crate::scholar::citation::references(paper, &read_at);
    // Google Scholar reads a PDF only on the same site as the page.
    let own_pdf =
        pdf_url.as_deref().filter(|_| paper.links.pdf.as_deref().is_some_and(|p| !p.contains("://")));
    let scholar_meta = scholar::highwire(paper, &permalink, own_pdf);
    PaperExtras {
        citation_key: key.to_owned(),
        references_html: references_html(&references),
        open_graph_html: open_graph_html(config, paper, &permalink, description, image),
        scholar_meta_html: meta_tags_html(&scholar_meta),
        scholar_meta,
        json_ld: scholar::json_ld(config, paper, &permalink),
        bibtex,
        references,
        pdf_url,
        details_html: details_html(&details),
        details,
    }
}

/// An absolute URL or `mailto:` as it is; a path of the site joined to its base.
fn resolve(base: &BaseUrl, url: &str) -> String {
    if url.contains("://") || url.starts_with("mailto:") {
        url.to_owned()
    } else {
        base.join(url)
    }
}

fn link_views<'s>(links: &Links, base: &BaseUrl, s: &'s crate::model::i18n::Strings) -> Vec<LinkView<'s>> {
    let resolve = |url: &str| resolve(base, url);
    let mut out = Vec::new();
    let mut push = |kind, label: &'s str, url: Option<String>| {
        if let Some(url) = url {
            out.push(LinkView { kind, label, url });
        }
    };
    push("pdf", s.get("link_pdf"), links.pdf.as_deref().map(resolve));
    push("arxiv", "arXiv", links.arxiv.as_ref().map(ArxivId::link));
    push("doi", "DOI", links.doi.as_ref().map(Doi::link));
    push("code", s.get("link_code"), links.code.as_deref().map(resolve));
    push("project", s.get("link_project"), links.project.as_deref().map(resolve));
    push("slides", s.get("link_slides"), links.slides.as_deref().map(resolve));
    push("video", s.get("link_video"), links.video.as_deref().map(resolve));
    push("poster", s.get("link_poster"), links.poster.as_deref().map(resolve));
    push("supp", s.get("link_supp"), links.supp.as_deref().map(resolve));
    push("blog", s.get("link_blog"), links.blog.as_deref().map(resolve));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let urls: Vec<(&str, String)> = link_views(&links, &base, &crate::model::i18n::Strings::english())
            .into_iter()
            .map(|l| (l.kind, l.url))
            .collect();
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
