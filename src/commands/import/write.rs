//! Paper files from imported entries: a new file, or an earlier import's file brought up to
//! date with `toml_edit`, which keeps the user's own keys, comments and order.

use toml_edit::{value, Array, DocumentMut, Item, Table};

use crate::base::date::PubDate;
use crate::model::paper::split_front_matter;

use crate::commands::import::entry::Imported;

/// The front-matter keys an import writes, in order, with their values (`None`: not written).
fn fields(p: &Imported) -> Vec<(&'static str, Option<Item>)> {
    let text = |v: &Option<String>| v.as_ref().map(|v| value(v.as_str()));
    let date_item = |date: PubDate| match (date.month(), date.day_of_month()) {
        (Some(_), Some(_)) => value(date.iso().parse::<toml_edit::Datetime>().expect("an ISO day")),
        (Some(_), None) => value(date.iso()),
        _ => value(i64::from(date.year())),
    };
    let r = &p.record;
    vec![
        ("title", Some(value(p.title.as_str()))),
        ("date", p.date.map(date_item)),
        ("authors", Some(array(&p.authors))),
        ("et_al", p.et_al.then(|| value(true))),
        ("venue", text(&p.venue)),
        ("abbr", text(&p.abbr)),
        ("kind", Some(value(p.kind.bibtex_name()))),
        ("key", p.own_key.then(|| value(p.key.as_str()))),
        ("status", text(&p.status)),
        ("award", text(&p.award)),
        ("featured", p.featured.then(|| value(true))),
        ("volume", text(&r.volume)),
        ("issue", text(&r.issue)),
        ("pages", text(&r.pages)),
        ("publisher", text(&r.publisher)),
        ("editors", (!r.editors.is_empty()).then(|| array(&r.editors))),
        ("address", text(&r.address)),
        ("edition", text(&r.edition)),
        ("isbn", text(&r.isbn)),
        ("issn", text(&r.issn)),
        ("note", text(&r.note)),
        ("url", text(&r.url)),
        ("preview", text(&p.preview)),
    ]
}

/// A TOML array of strings.
pub(crate) fn array(items: &[String]) -> Item {
    let mut array = Array::new();
    for item in items {
        array.push(item.as_str());
    }
    value(array)
}

/// The `[links]` an import writes.
fn links(p: &Imported) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if let Some(pdf) = p.links.get("pdf") {
        out.push(("pdf", pdf.clone()));
    }
    if let Some(arxiv) = &p.arxiv {
        out.push(("arxiv", arxiv.id().to_owned()));
    }
    if let Some(doi) = &p.doi {
        out.push(("doi", doi.id().to_owned()));
    }
    for (name, url) in &p.links {
        if *name != "pdf" {
            out.push((name, url.clone()));
        }
    }
    out
}

/// A new paper file for `p`, with every paper given `topic` when set.
pub(super) fn new_file(p: &Imported, topic: Option<&str>) -> String {
    let mut doc = DocumentMut::new();
    for (key, item) in fields(p) {
        if let Some(item) = item {
            doc[key] = item;
        }
        if key == "et_al" {
            let topics: Vec<String> = if p.topics.is_empty() {
                topic.map(str::to_owned).into_iter().collect()
            } else {
                p.topics.clone()
            };
            if !topics.is_empty() {
                doc["topics"] = array(&topics);
            }
        }
    }
    let links = links(p);
    if !links.is_empty() {
        let mut table = Table::new();
        for (name, url) in links {
            table[name] = value(url);
        }
        doc["links"] = Item::Table(table);
    }
    let toml = doc.to_string();
    format!("+++\n{}+++\n{}\n", toml, p.abstract_text.as_deref().unwrap_or_default())
}

/// `old`, a paper file, with the fields `p` has set to `p`'s values and the abstract replaced
/// when `p` has one; the keys the user added (topics, other links, ...) stay as they are.
pub(super) fn updated_file(old: &str, p: &Imported) -> Result<String, String> {
    let front = split_front_matter(old).map_err(|(message, _, _)| message)?;
    let mut doc: DocumentMut = front
        .toml
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("cannot read its front matter: {}", e.message()))?;
    for (key, item) in fields(p) {
        let Some(item) = item else { continue };
        let same = doc.get(key).map(|old| old.to_string().trim() == item.to_string().trim()).unwrap_or(false);
        if !same {
            doc[key] = item;
        }
    }
    let links = links(p);
    if !links.is_empty() {
        if !doc.contains_key("links") {
            doc["links"] = Item::Table(Table::new());
        }
        if let Some(table) = doc["links"].as_table_like_mut() {
            for (name, url) in links {
                let same = table.get(name).and_then(|v| v.as_str()) == Some(url.as_str());
                if !same {
                    table.insert(name, value(url));
                }
            }
        }
    }
    let body = match &p.abstract_text {
        Some(text) => format!("{text}\n"),
        None => front.body.to_owned(),
    };
    let fence = &old[..front.toml_offset];
    let closing = &old[front.toml_offset + front.toml.len()..front.body_offset];
    Ok(format!("{fence}{doc}{closing}{body}"))
}
