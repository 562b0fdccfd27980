//! An academicpages site (Jekyll, from Minimal Mistakes): `_config.yml` (title, address and the
//! `author:` block of the sidebar: name, avatar, tagline, employer, e-mail, profile ids),
//! `_pages/about.md` (the bio), `_publications/*.md` (one paper each: title, date, venue,
//! `paperurl`, `slidesurl`, `bibtexurl`, `citation`, excerpt and text), `files/` and `images/`
//! (copied as they are), `_talks/` and `_teaching/` (a page each, listing them newest first)
//! and the other `_pages/`.

use std::path::Path;

use crate::base::ident::is_safe_link;
use crate::commands::import::{self, Imported};
use crate::model::paper::Kind;

use crate::commands::migrate::alfolio::COLLECTION_HINT;
use crate::commands::migrate::left::Left;
use crate::commands::migrate::markup;
use crate::commands::migrate::plan::{identifier, markdown_files, site_page, NewPage, Plan};
use crate::commands::migrate::source::{self, Doc};
use crate::commands::migrate::text::{is_sample, own_path, plain, strip_tags};

pub(super) fn read(old: &Path) -> Plan {
    let mut plan = Plan::default();
    let config = plan.jekyll_config(old);
    settings(&config, &mut plan);
    for (from, to) in [("files", "static/files"), ("images", "static/images")] {
        let n = plan.copy_tree(old, from, to);
        if n > 0 {
            plan.carried.push(format!("files: {from}/ ({n}) to static/{from}/"));
        }
    }
    about(old, &mut plan);
    publications(old, &mut plan);
    listing(old, "_talks", "talks", "Talks", &mut plan);
    listing(old, "_teaching", "teaching", "Teaching", &mut plan);
    pages(old, &mut plan);
    plan.collections(
        old,
        "",
        &[("_posts", "blog posts"), ("_portfolio", "portfolio items")],
        COLLECTION_HINT,
    );
    plan
}

fn settings(config: &Doc, plan: &mut Plan) {
    let real = |v: &String| v != "Your Name" && v != "Your Sidebar Name";
    plan.owner.name = config.str("author.name").filter(real).or_else(|| config.str("name").filter(real));
    plan.title = config.str("title").or_else(|| plan.owner.name.clone());
    plan.description = config.str("description").map(|d| plain(&d));
    plan.jekyll_address(config, "locale");
    plan.owner.position = config.str("author.bio").map(|b| plain(&b));
    plan.owner.affiliation = config.str("author.employer").map(|e| plain(&e));
    if let Some(avatar) = config.str("author.avatar") {
        let path = if avatar.contains("://") {
            None
        } else {
            Some(format!("images/{}", avatar.trim_start_matches('/').trim_start_matches("images/")))
        };
        match path {
            Some(path) => plan.owner.photo = Some(path),
            None => plan.left.push(config.left(
                "avatar",
                format!("the avatar {avatar}"),
                "a picture on another site; pubsite's photo is a file in static/",
            )),
        }
    }
    if let Some(email) = config.str("author.email") {
        plan.owner.email = Some(email.trim_start_matches("mailto:").to_owned());
    }
    if let Some(location) = config.str("author.location") {
        plan.left.push(config.left(
            "location",
            format!("the location ({location})"),
            "pubsite's profile has no location; add it to the bio if you want it shown",
        ));
    }
    let skip = ["name", "avatar", "bio", "employer", "email", "location"];
    if let Some(serde_json::Value::Object(author)) = config.value("author") {
        for (key, value) in author {
            let Some(value) = source::text_of(value) else { continue };
            if skip.contains(&key.as_str()) {
                continue;
            }
            let key_path = format!("author.{key}");
            plan.link(config, &key_path, key, value);
        }
    }
    let names: Vec<&str> = plan.owner.links.iter().map(|(n, _)| *n).collect();
    plan.carried.push(format!(
        "settings and profile from _config.yml: title, url + baseurl, author name, tagline (position), employer, avatar, e-mail, links ({})",
        names.join(", ")
    ));
}

fn about(old: &Path, plan: &mut Plan) {
    let rel = Path::new("_pages/about.md");
    let doc = match Doc::markdown(old, rel) {
        Ok(doc) => doc,
        Err(left) => {
            plan.left.push(left);
            return;
        }
    };
    let bio = markup::markdown(
        doc.body(),
        &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: false },
        &mut plan.left,
    );
    if !bio.trim().is_empty() {
        plan.owner.bio = Some(bio);
        plan.carried.push("profile: _pages/about.md's text (the bio)".into());
    }
}

fn publications(old: &Path, plan: &mut Plan) {
    let docs = markdown_files(old, "_publications", &mut plan.left);
    let base = plan.base_url.clone();
    let owner = plan.owner.name.clone().unwrap_or_default();
    for doc in &docs {
        if let Some(paper) = paper(old, doc, base.as_deref(), &owner, plan) {
            plan.papers.push((paper, doc.path.clone()));
        }
    }
    if !docs.is_empty() {
        plan.carried.push(format!("papers: {} of {} files of _publications/", plan.papers.len(), docs.len()));
    }
}

fn paper(old: &Path, doc: &Doc, base: Option<&str>, owner: &str, plan: &mut Plan) -> Option<Imported> {
    let stem = doc.path.file_stem()?.to_str()?.to_owned();
    let Some(title) = doc.str("title") else {
        plan.left.push(Left::at(&doc.path, None, "a publication", "it has no title"));
        return None;
    };
    let venue = doc.str("venue").map(|v| plain(&v));
    let kind = match doc.str("category").as_deref() {
        Some("manuscripts" | "journal" | "journals") => Kind::Article,
        Some("conferences" | "conference") => Kind::InProceedings,
        Some("books" | "book") => Kind::Book,
        Some("theses" | "thesis") => Kind::PhdThesis,
        _ => guess_kind(venue.as_deref().unwrap_or_default()),
    };
    if plan.sample_publication(doc, &title) {
        return None;
    }
    let mut p = Imported::new(&stem, &plain(&title), kind);
    p.venue = venue.or_else(|| doc.str("journal").map(|j| plain(&j)));
    p.date = doc
        .str("date")
        .as_deref()
        .and_then(source::pub_date)
        .map(crate::commands::migrate::text::placeholder_day)
        .or_else(|| doc.str("year").as_deref().and_then(source::pub_date))
        .or_else(|| source::pub_date(&stem));
    p.record.pages = doc.str("pages");
    if doc.flag("toappear") {
        p.status = Some("to appear".into());
    }
    // A .bib beside the paper (bibtexurl) has the most exact record.
    if let Some(bib) = doc.str("bibtexurl").and_then(|u| own_path(&u, base).map(str::to_owned)) {
        if let Ok(text) = std::fs::read_to_string(old.join(&bib)) {
            if let Some((entry, _)) = import::bib_papers(&text).into_iter().next() {
                fill_from(&mut p, entry);
            }
        }
    }
    if p.authors.is_empty() {
        let listed = doc.list("authors");
        p.authors = match listed.len() {
            0 => Vec::new(),
            1 => split_names(&listed[0]),
            _ => listed,
        };
    }
    if p.authors.is_empty() {
        if let Some(citation) = doc.str("citation") {
            p.authors = authors_from_citation(&citation);
            if p.authors.is_empty() {
                plan.left.push(doc.left(
                    "citation",
                    "the authors",
                    "they could not be told apart in `citation`; add authors = [...] to the paper",
                ));
            }
        } else {
            plan.left.push(Left::at(
                &doc.path,
                None,
                "the authors",
                "the file has no authors and no citation; add authors = [...] to the paper",
            ));
        }
    }
    if !owner.is_empty() && p.authors.iter().any(|a| a == "Your Name" || a == "You Name") {
        for a in &mut p.authors {
            if a == "Your Name" || a == "You Name" {
                *a = owner.to_owned();
            }
        }
    }
    for (key, link) in [
        ("paperurl", "pdf"),
        ("link", "project"),
        ("slidesurl", "slides"),
        ("url", "project"),
        ("codeurl", "code"),
        ("posterurl", "poster"),
        ("videourl", "video"),
    ] {
        let Some(url) = doc.str(key) else { continue };
        add_link(&mut p, link, &url, base, old, doc, key, plan);
    }
    let excerpt = doc.str("excerpt").map(|e| plain(&e)).filter(|e| !e.is_empty());
    let body = abstract_of(doc, plan);
    p.abstract_text = match (excerpt, body) {
        (Some(e), Some(b)) if b.len() > e.len() => Some(b),
        (Some(e), _) => Some(e),
        (None, b) => b,
    };
    Some(p)
}

/// The kind of paper a venue's name suggests.
pub(super) fn guess_kind(venue: &str) -> Kind {
    let v = venue.to_lowercase();
    if ["arxiv", "preprint", "biorxiv", "ssrn"].iter().any(|w| v.contains(w)) {
        Kind::Misc
    } else if ["conference", "proceedings", "workshop", "symposium", "neurips", "icml", "iclr", "cvpr", "acl"]
        .iter()
        .any(|w| v.contains(w))
    {
        Kind::InProceedings
    } else if v.contains("thesis") || v.contains("dissertation") {
        Kind::PhdThesis
    } else {
        Kind::Article
    }
}

/// Takes from a .bib entry of the same paper what the front matter lacks.
fn fill_from(p: &mut Imported, entry: Imported) {
    if p.authors.is_empty() {
        p.authors = entry.authors;
        p.et_al = entry.et_al;
    }
    if p.venue.is_none() {
        p.venue = entry.venue;
    }
    p.doi = p.doi.take().or(entry.doi);
    p.arxiv = p.arxiv.take().or(entry.arxiv);
    let r = &mut p.record;
    let e = entry.record;
    r.volume = r.volume.take().or(e.volume);
    r.issue = r.issue.take().or(e.issue);
    r.pages = r.pages.take().or(e.pages);
    r.publisher = r.publisher.take().or(e.publisher);
    r.address = r.address.take().or(e.address);
    r.isbn = r.isbn.take().or(e.isbn);
    r.issn = r.issn.take().or(e.issn);
    r.note = r.note.take().or(e.note);
    r.url = r.url.take().or(e.url);
    if r.editors.is_empty() {
        r.editors = e.editors;
    }
    if p.abstract_text.is_none() {
        p.abstract_text = entry.abstract_text;
    }
    if p.date.is_none() {
        p.date = entry.date;
    }
}

/// A link of the front matter: the old site's own files stay (as paths in static/), a DOI or
/// arXiv address becomes the identifier, others are links.
#[allow(clippy::too_many_arguments)]
fn add_link(
    p: &mut Imported,
    link: &'static str,
    url: &str,
    base: Option<&str>,
    old: &Path,
    doc: &Doc,
    key: &str,
    plan: &mut Plan,
) {
    let url = url.trim();
    // `files/x.pdf`: a path from the old site's root, as Jekyll's relative_url reads it.
    let relative = (!url.contains(':') && !url.starts_with('#')).then(|| url.trim_start_matches("./"));
    if let Some(path) = own_path(url, base).or(relative) {
        if old.join(path).is_file() {
            p.links.insert(link, path.to_owned());
        } else {
            plan.left.push(doc.left(key, format!("`{url}`"), "a file of the old site that is not there"));
        }
        return;
    }
    if !is_safe_link(url) || !url.contains("://") {
        plan.left.push(doc.left(key, format!("`{url}`"), "not a web address"));
        return;
    }
    if link == "pdf" || link == "project" {
        if (url.contains("doi.org/") || url.contains("arxiv.org/abs/")) && identifier(p, url) {
            return;
        }
        if link == "pdf" && !url.to_lowercase().ends_with(".pdf") {
            p.record.url = Some(url.to_owned());
            return;
        }
    }
    p.links.insert(link, url.to_owned());
}

/// The text of a publication file: Markdown, without the lines the old theme shows anyway
/// (the download link and the recommended citation).
fn abstract_of(doc: &Doc, plan: &mut Plan) -> Option<String> {
    let kept: Vec<&str> = doc
        .body()
        .lines()
        .filter(|l| {
            let lower = l.to_lowercase();
            !(lower.contains("download paper here")
                || lower.contains("recommended citation")
                || lower.contains("download slides here"))
        })
        .collect();
    let text = markup::markdown(
        &kept.join("\n"),
        &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: false },
        &mut plan.left,
    );
    (!text.trim().is_empty()).then(|| text.trim().to_owned())
}

/// Names in `A, B and C` or `A; B; C`.
fn split_names(text: &str) -> Vec<String> {
    let separated = text.replace(" and ", ",").replace(['&', ';'], ",");
    separated.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect()
}

/// The authors at the head of a citation: `Doe, J., Smith, A. (2020). "Title." ...` or
/// `J. Doe, A. Smith and B. Lee. "Title." ...`; empty when they cannot be told apart.
pub(super) fn authors_from_citation(citation: &str) -> Vec<String> {
    // HTML goes (the owner in <strong>), marks such as `*` stay.
    let text = strip_tags(citation);
    let end = ["(19", "(20", "\"", "“", " 19", " 20"]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    let head = text[..end].trim().trim_end_matches([',', ' ']);
    let pieces = split_names(head);
    if pieces.is_empty() {
        return Vec::new();
    }
    let initials = |s: &str| {
        s.split_whitespace().all(|w| w.trim_end_matches('.').chars().count() <= 2 || w.ends_with('.'))
    };
    let single = |s: &str| s.split_whitespace().count() == 1;
    // `Last, F., Last, F.`: pairs.
    let paired = pieces.len() >= 2
        && pieces.len() % 2 == 0
        && pieces
            .chunks(2)
            .all(|c| c[0].split_whitespace().count() <= 3 && (single(&c[1]) || initials(&c[1])));
    let names: Vec<String> = if paired {
        pieces
            .chunks(2)
            .map(|c| {
                let first = if single(&c[1]) && c[1].trim_end_matches('.').chars().count() > 2 {
                    c[1].trim_end_matches('.')
                } else {
                    &c[1]
                };
                format!("{first} {}", c[0])
            })
            .collect()
    } else {
        pieces
    };
    // A full stop after a name ends the list, unless the name ends with an initial.
    let names: Vec<String> = names
        .into_iter()
        .map(|n| {
            let last = n.split_whitespace().last().unwrap_or("");
            if n.ends_with('.') && last.chars().count() > 2 {
                n.trim_end_matches('.').to_owned()
            } else {
                n
            }
        })
        .collect();
    if names.iter().any(|n| n.split_whitespace().count() > 5 || n.split_whitespace().count() < 2) {
        return Vec::new();
    }
    names
}

/// `_talks/` or `_teaching/` as one page, newest first.
fn listing(old: &Path, folder: &str, name: &str, title: &str, plan: &mut Plan) {
    let mut docs = markdown_files(old, folder, &mut plan.left);
    if docs.is_empty() {
        return;
    }
    docs.sort_by_key(|d| std::cmp::Reverse(d.str("date").as_deref().and_then(source::day)));
    let mut body = String::new();
    let mut items = 0;
    for doc in &docs {
        let Some(item) = doc.str("title") else {
            plan.left.push(Left::at(&doc.path, None, "an item", "it has no title"));
            continue;
        };
        if is_sample(&item) {
            plan.left.push(Left::at(
                &doc.path,
                None,
                format!("`{}`", plain(&item)),
                "the theme's sample, never replaced; left out",
            ));
            continue;
        }
        items += 1;
        body.push_str(&format!("## {}\n\n", plain(&item)));
        let date =
            doc.str("date").as_deref().and_then(source::day).map(|d| d.format("%-d %B %Y").to_string());
        let facts: Vec<String> = [doc.str("type"), doc.str("venue"), doc.str("location"), date]
            .into_iter()
            .flatten()
            .map(|f| plain(&f))
            .collect();
        if !facts.is_empty() {
            body.push_str(&facts.join(", "));
            body.push_str("\n\n");
        }
        for (key, label) in [("talk_url", "More"), ("slidesurl", "Slides"), ("url", "Link")] {
            if let Some(url) = doc.str(key).filter(|u| is_safe_link(u)) {
                body.push_str(&format!("[{label}]({url})\n\n"));
            }
        }
        let text = markup::markdown(
            doc.body(),
            &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: false },
            &mut plan.left,
        );
        if !text.trim().is_empty() {
            body.push_str(text.trim());
            body.push_str("\n\n");
        }
    }
    if items == 0 {
        return;
    }
    plan.pages.push(NewPage {
        name: name.to_owned(),
        title: title.to_owned(),
        description: None,
        weight: None,
        in_menu: true,
        body,
        source: Path::new(folder).to_path_buf(),
    });
    plan.carried.push(format!("{folder}/: {items} items, as the page {name}/"));
}

fn pages(old: &Path, plan: &mut Plan) {
    let docs = markdown_files(old, "_pages", &mut plan.left);
    let mut made = 0;
    let theme_pages = [
        "about",
        "publications",
        "talks",
        "teaching",
        "404",
        "sitemap",
        "archive-layout-with-content",
        "category-archive",
        "collection-archive",
        "tag-archive",
        "year-archive",
        "non-menu-page",
        "page-archive",
        "talkmap",
        "terms",
        "markdown",
        "portfolio",
        "cv-json",
        "publications-json",
    ];
    for doc in &docs {
        let stem = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if theme_pages.contains(&stem) || doc.path.extension().is_some_and(|e| e == "html") {
            if !matches!(stem, "about" | "publications" | "talks" | "teaching" | "404") {
                plan.left.push(Left::at(&doc.path, None, format!("the page `{stem}`"), "a page of the academicpages theme (an archive, a map, a demonstration); pubsite makes its own lists"));
            }
            continue;
        }
        if let Some(page) = site_page(doc, plan) {
            plan.pages.push(page);
            made += 1;
        }
    }
    if made > 0 {
        plan.carried.push(format!("pages: {made} of _pages/"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_of_citations_in_the_shapes_seen() {
        assert_eq!(
            authors_from_citation(
                "Your Name, You. (2009). &quot;Paper Title Number 1.&quot; <i>Journal 1</i>. 1(1)."
            ),
            vec!["You Your Name"]
        );
        assert_eq!(
            authors_from_citation("Doe, J., Smith, A. B., & Lee, C. (2020). Title. Nature."),
            vec!["J. Doe", "A. B. Smith", "C. Lee"]
        );
        assert_eq!(
            authors_from_citation("Jane Doe, Alan Smith and Bo Lee. \"A title.\" In Proc. X, 2021."),
            vec!["Jane Doe", "Alan Smith", "Bo Lee"]
        );
        assert!(authors_from_citation("A long sentence that is not a list of names at all really. 2020")
            .is_empty());
    }

    #[test]
    fn kinds_from_venues() {
        assert_eq!(guess_kind("Proceedings of ICML"), Kind::InProceedings);
        assert_eq!(guess_kind("arXiv preprint"), Kind::Misc);
        assert_eq!(guess_kind("Nature"), Kind::Article);
    }
}
