//! Scholarly formats of a paper: its BibTeX entry and citation key, CSL-JSON, the Highwire Press
//! `citation_*` tags Google Scholar reads, and schema.org JSON-LD. Pure functions of a paper.

pub mod citation;

use std::borrow::Cow;

use serde::Serialize;

use crate::base::escape::{push_escaped, Escapes};
use crate::base::ident::{ArxivId, Doi};
use crate::model::config::Config;
use crate::model::paper::{Kind, Paper};

/// The citation key: the `key` given, or first author's family name + year + first title word
/// (`izmailov2018averaging`), ASCII only.
pub(crate) fn base_key(paper: &Paper) -> String {
    if let Some(key) = &paper.key {
        return key.clone();
    }
    let family = paper.authors.first().map_or(Cow::Borrowed("anon"), |a| split_name(a).0);
    let word = paper
        .title
        .split_whitespace()
        .map(|w| slug::slugify(w).replace('-', ""))
        .find(|w| w.len() > 3 && !["with", "from", "that", "this", "what", "when"].contains(&w.as_str()))
        .unwrap_or_default();
    let year = paper.year().map(|y| y.to_string()).unwrap_or_default();
    format!("{}{year}{word}", slug::slugify(family).replace('-', ""))
}

/// Makes made-up keys unique: one that another paper's key repeats gets `a`, `b`, ... in order
/// (skipping any key a user wrote). A key the user wrote (`given[i]`) is never changed: two papers
/// with the same written key are an error of `check`.
pub(crate) fn unique_keys(bases: Vec<String>, given: &[bool]) -> Vec<String> {
    use std::collections::{HashMap, HashSet};
    let written: HashSet<&str> =
        bases.iter().zip(given).filter(|(_, &g)| g).map(|(b, _)| b.as_str()).collect();
    let mut counts: HashMap<&str, usize> = HashMap::with_capacity(bases.len());
    for (b, _) in bases.iter().zip(given).filter(|(_, &g)| !g) {
        *counts.entry(b).or_default() += 1;
    }
    // Made-up keys shared by several papers or with a written key, with how many letters used.
    let mut shared: HashMap<String, usize> = counts
        .into_iter()
        .filter(|&(b, n)| n > 1 || written.contains(b))
        .map(|(b, _)| (b.to_owned(), 0))
        .collect();
    let written: HashSet<String> = written.into_iter().map(str::to_owned).collect();
    bases
        .into_iter()
        .zip(given)
        .map(|(b, &g)| {
            if g {
                return b;
            }
            match shared.get_mut(&b) {
                None => b,
                Some(n) => loop {
                    *n += 1;
                    let key = format!("{b}{}", (b'a' + ((*n - 1) % 26) as u8) as char);
                    if !written.contains(&key) || *n > 26 {
                        break key;
                    }
                },
            }
        })
        .collect()
}

/// Splits "Given Family" into (family, given). Lower-case particles stay with the family name
/// ("Mark van der Wilk" -> ("van der Wilk", "Mark")); "Family, Given" is taken as written; a
/// single word is a family name (or an institution).
pub(crate) fn split_name(name: &str) -> (Cow<'_, str>, Cow<'_, str>) {
    if let Some((family, given)) = name.split_once(',') {
        return (family.trim().into(), given.trim().into());
    }
    let name = name.trim();
    let mut words = name.split_whitespace().peekable();
    let Some(mut before) = words.next() else { return (name.into(), Cow::Borrowed("")) };
    // The family name starts at the first lower-case word after the first, or at the last word.
    let mut family = None;
    while let Some(word) = words.next() {
        if words.peek().is_none() || word.chars().next().is_some_and(char::is_lowercase) {
            family = Some(word);
            break;
        }
        before = word;
    }
    let Some(family) = family else { return (name.into(), Cow::Borrowed("")) };
    // The words are slices of `name`: their offsets cut it without copying.
    let offset = |word: &str| word.as_ptr() as usize - name.as_ptr() as usize;
    let given = &name[..offset(before) + before.len()];
    (single_spaced(&name[offset(family)..]), single_spaced(given))
}

/// `text` with each run of whitespace as one space (`text` has none at its ends).
fn single_spaced(text: &str) -> Cow<'_, str> {
    let mut last_space = false;
    let spaced = text.chars().all(|c| {
        let ok = !c.is_whitespace() || (c == ' ' && !last_space);
        last_space = c.is_whitespace();
        ok
    });
    if spaced {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(crate::base::markdown::collapse_whitespace(text))
    }
}

/// Appends `text` escaped for a braced BibTeX value to `out`.
fn push_bibtex_escaped(out: &mut String, text: &str) {
    static BIBTEX: Escapes = Escapes::new(&[
        (b'\\', "\\textbackslash{}"),
        (b'{', "\\{"),
        (b'}', "\\}"),
        (b'&', "\\&"),
        (b'%', "\\%"),
        (b'$', "\\$"),
        (b'#', "\\#"),
        (b'_', "\\_"),
        (b'~', "\\textasciitilde{}"),
        (b'^', "\\textasciicircum{}"),
    ]);
    push_escaped(out, text, &BIBTEX);
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// How much of a paper a BibTeX entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BibtexFor {
    /// The bibliographic record, what a reader copies from the paper's page.
    Citing,
    /// The record with the abstract, the site's page (`pubsite`) and al-folio's fields
    /// (`abbr`, `award`, `selected`, `pdf`, `code`, ...): the exported files, which import back
    /// whole. BibTeX styles ignore the fields they do not know.
    Export,
}

/// The paper's BibTeX entry, with every field of its record. `page` is the paper's page on this
/// site: the entry's `url` is the publisher's page when the paper has one, else `page`; for an
/// export `page` is also in the `pubsite` field, so that an import of the file knows which `url`
/// is not the original.
pub fn bibtex(paper: &Paper, key: &str, page: &str, what: BibtexFor) -> String {
    bibtex_parts(paper, key, page, what).0
}

/// The same, and where the citing part ends in an export: `entry[..end]` followed by `\n}\n`
/// is the `Citing` entry.
pub(crate) fn bibtex_parts(paper: &Paper, key: &str, page: &str, what: BibtexFor) -> (String, usize) {
    let kind = paper.kind();
    let mut out = String::with_capacity(768);
    out.push('@');
    out.push_str(kind.bibtex_name());
    out.push('{');
    out.push_str(key);
    out.push_str(",\n  title = {");
    push_bibtex_title(&mut out, &paper.title);
    out.push('}');
    if !paper.authors.is_empty() || paper.et_al {
        out.push_str(",\n  author = {");
        push_bibtex_names(&mut out, &paper.authors);
        if paper.et_al {
            out.push_str(if paper.authors.is_empty() { "others" } else { " and others" });
        }
        out.push('}');
    }
    if !paper.record.editors.is_empty() {
        out.push_str(",\n  editor = {");
        push_bibtex_names(&mut out, &paper.record.editors);
        out.push('}');
    }
    match paper.date {
        Some(date) => {
            field(&mut out, "year", &date.year().to_string());
            if let Some(month) = date.month() {
                out.push_str(",\n  month = ");
                out.push_str(MONTHS[month as usize - 1]);
            }
            if date.day_of_month().is_some() {
                // BibLaTeX's date: BibTeX has no day.
                field(&mut out, "date", &date.iso());
            }
        }
        // BibLaTeX's publication state, for a paper not out yet.
        None => field(&mut out, "pubstate", paper.status.as_deref().unwrap_or("forthcoming")),
    }
    if let (Some(status), Some(_)) = (&paper.status, paper.date) {
        field(&mut out, "pubstate", status);
    }
    push_record(&mut out, paper, kind);
    field(&mut out, "url", paper.record.url.as_deref().unwrap_or(page));
    let citing_end = out.len();
    if what == BibtexFor::Citing {
        out.push_str("\n}\n");
        return (out, citing_end);
    }
    field(&mut out, "pubsite", page);
    if !paper.abstract_source.is_empty() {
        out.push_str(",\n  abstract = {");
        push_bibtex_with_math(&mut out, &paper.abstract_source, push_bibtex_escaped);
        out.push('}');
    }
    // al-folio's fields.
    for (name, value) in [("abbr", &paper.abbr), ("award", &paper.award), ("preview", &paper.preview)] {
        if let Some(value) = value {
            field(&mut out, name, value);
        }
    }
    if paper.featured {
        out.push_str(",\n  selected = {true}");
    }
    let l = &paper.links;
    for (name, value) in [
        ("pdf", &l.pdf),
        ("code", &l.code),
        ("website", &l.project),
        ("slides", &l.slides),
        ("video", &l.video),
        ("poster", &l.poster),
        ("supp", &l.supp),
        ("blog", &l.blog),
    ] {
        if let Some(value) = value {
            field(&mut out, name, value);
        }
    }
    out.push_str("\n}\n");
    (out, citing_end)
}

/// One field: `,\n  name = {escaped value}`.
fn field(out: &mut String, name: &str, value: &str) {
    out.push_str(",\n  ");
    out.push_str(name);
    out.push_str(" = {");
    push_bibtex_escaped(out, value);
    out.push('}');
}

/// The venue (in the field its kind names), the record's fields, the identifiers.
fn push_record(out: &mut String, paper: &Paper, kind: Kind) {
    if let Some(venue) = &paper.venue {
        let name = match kind {
            Kind::Article => "journal",
            Kind::InProceedings | Kind::InCollection => "booktitle",
            Kind::PhdThesis | Kind::MastersThesis => "school",
            Kind::TechReport => "institution",
            _ => "howpublished",
        };
        field(out, name, venue);
    }
    let r = &paper.record;
    for (name, value) in [
        ("volume", &r.volume),
        ("number", &r.issue),
        ("pages", &r.pages),
        ("edition", &r.edition),
        ("publisher", &r.publisher),
        ("address", &r.address),
        ("isbn", &r.isbn),
        ("issn", &r.issn),
        ("note", &r.note),
    ] {
        if let Some(value) = value {
            let value =
                if name == "pages" { Cow::Owned(pages_range(value)) } else { Cow::Borrowed(value.as_str()) };
            field(out, name, &value);
        }
    }
    if let Some(doi) = &paper.links.doi {
        field(out, "doi", doi.id());
    }
    if let Some(arxiv) = paper.links.arxiv.as_ref().map(ArxivId::id) {
        field(out, "eprint", arxiv);
        out.push_str(",\n  archiveprefix = {arXiv}");
    }
}

/// Pages as BibTeX writes a range: `123--145` (an en dash or one hyphen between two numbers
/// becomes two hyphens); an article number stays as it is.
/// (The importer writes pages this way too, so that a paper file and its export agree.)
pub(crate) fn pages_range(pages: &str) -> String {
    let pages = pages.replace('–', "--");
    match pages.split_once('-') {
        Some((a, b)) if !b.starts_with('-') && !a.trim().is_empty() && !b.trim().is_empty() => {
            format!("{}--{}", a.trim(), b.trim())
        }
        _ => pages,
    }
}

/// A title for BibTeX: `$...$` math as written, the text around it escaped, and the words
/// styles must not lower-case (acronyms, words with capitals inside: `BERT`, `GPUs`, `iPhone`)
/// in braces.
fn push_bibtex_title(out: &mut String, title: &str) {
    push_bibtex_with_math(out, title, push_protected);
}

/// `text` with its `$...$` math as written and the rest through `push` (escaped).
fn push_bibtex_with_math(out: &mut String, text: &str, push: fn(&mut String, &str)) {
    let parts: Vec<&str> = text.split('$').collect();
    let math = parts.len() >= 3;
    for (i, part) in parts.iter().enumerate() {
        if math && i % 2 == 1 && i < parts.len() - 1 {
            out.push('$');
            out.push_str(part);
            out.push('$');
            continue;
        }
        if i > 0 && (!math || i == parts.len() - 1) && i % 2 == 1 {
            out.push_str("\\$");
        }
        push(out, part);
    }
}

/// Text with its acronyms and inner-capital words in braces, escaped.
fn push_protected(out: &mut String, text: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        let word_start = rest.find(|c: char| c.is_alphanumeric()).unwrap_or(rest.len());
        push_bibtex_escaped(out, &rest[..word_start]);
        rest = &rest[word_start..];
        let word_end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let inner_capital = word.chars().skip(1).any(char::is_uppercase);
        if inner_capital {
            out.push('{');
            push_bibtex_escaped(out, word);
            out.push('}');
        } else {
            push_bibtex_escaped(out, word);
        }
        rest = &rest[word_end..];
    }
}

/// Names as BibTeX reads them back into the same parts: `von Last, Jr., First`; an institution
/// in braces, whole.
fn push_bibtex_names(out: &mut String, names: &[String]) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(" and ");
        }
        let (family, given, suffix) = name_parts(name);
        if given.is_empty() {
            out.push('{');
            push_bibtex_escaped(out, &family);
            out.push('}');
            continue;
        }
        push_bibtex_escaped(out, &family);
        if let Some(suffix) = suffix {
            out.push_str(", ");
            push_bibtex_escaped(out, suffix);
        }
        out.push_str(", ");
        push_bibtex_escaped(out, &given);
    }
}

/// (family, given, suffix) of a name as written: `John Smith Jr.` has the suffix `Jr.`; an
/// institution (`World Health Organization`) is all family.
pub(crate) fn name_parts(name: &str) -> (Cow<'_, str>, Cow<'_, str>, Option<&str>) {
    const SUFFIXES: [&str; 8] = ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "Jnr."];
    if is_institution(name) {
        return (Cow::Borrowed(name.trim()), Cow::Borrowed(""), None);
    }
    let trimmed = name.trim();
    if let Some((head, last)) = trimmed.rsplit_once(' ') {
        let head = head.trim_end_matches(',');
        if SUFFIXES.contains(&last) && head.contains(' ') {
            let (family, given) = split_name(head);
            return (family, given, Some(last));
        }
    }
    let (family, given) = split_name(trimmed);
    (family, given, None)
}

/// A name that is an organisation's, by the words organisations' names have.
fn is_institution(name: &str) -> bool {
    const WORDS: [&str; 18] = [
        "Organization",
        "Organisation",
        "Consortium",
        "Collaboration",
        "Team",
        "Group",
        "Institute",
        "University",
        "Association",
        "Society",
        "Committee",
        "Council",
        "Centre",
        "Center",
        "Foundation",
        "Agency",
        "Laboratory",
        "Project",
    ];
    name.split_whitespace().count() > 1 && name.split_whitespace().any(|w| WORDS.contains(&w))
}

/// The first and last page of `123--145` (or `123–145`, `123-145`); an article number is a first
/// page alone.
pub(crate) fn page_bounds(pages: &str) -> (&str, Option<&str>) {
    let pages = pages.trim();
    match pages.split_once(['-', '–']) {
        Some((first, last)) => {
            (first.trim(), Some(last.trim_start_matches(['-', '–']).trim()).filter(|l| !l.is_empty()))
        }
        None => (pages, None),
    }
}

/// One `<meta name content>` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaTag {
    pub name: &'static str,
    pub content: String,
}

/// The Highwire Press tags of Google Scholar's inclusion guidelines. `page_url` and `pdf_url`
/// are absolute.
pub(crate) fn highwire(paper: &Paper, page_url: &str, pdf_url: Option<&str>) -> Vec<MetaTag> {
    let tag = |name, content: &str| MetaTag { name, content: content.to_owned() };
    let mut tags = vec![tag("citation_title", &paper.title)];
    tags.extend(paper.authors.iter().map(|a| tag("citation_author", a)));
    if let Some(date) = paper.date {
        let written = date.iso().replace('-', "/");
        tags.push(tag("citation_publication_date", &written));
        tags.push(tag("citation_date", &written));
    }
    if let Some(venue) = &paper.venue {
        match paper.kind() {
            Kind::Article => tags.push(tag("citation_journal_title", venue)),
            Kind::InProceedings => tags.push(tag("citation_conference_title", venue)),
            Kind::TechReport => tags.push(tag("citation_technical_report_institution", venue)),
            Kind::PhdThesis | Kind::MastersThesis => {
                tags.push(tag("citation_dissertation_institution", venue))
            }
            _ => {}
        }
    }
    let r = &paper.record;
    for (name, value) in [("citation_volume", &r.volume), ("citation_issue", &r.issue)] {
        if let Some(value) = value {
            tags.push(tag(name, value));
        }
    }
    if let Some((first, last)) = r.pages.as_deref().map(page_bounds) {
        tags.push(tag("citation_firstpage", first));
        if let Some(last) = last {
            tags.push(tag("citation_lastpage", last));
        }
    }
    if let Some(publisher) = &r.publisher {
        tags.push(tag("citation_publisher", publisher));
    }
    // One tag per ISBN and ISSN (a print and an electronic one are often both given).
    for (name, value) in [("citation_isbn", &r.isbn), ("citation_issn", &r.issn)] {
        for one in value.iter().flat_map(|v| v.split([',', ';'])).map(str::trim).filter(|v| !v.is_empty()) {
            tags.push(tag(name, one));
        }
    }
    if let Some(pdf) = pdf_url {
        tags.push(tag("citation_pdf_url", pdf));
    }
    if let Some(doi) = &paper.links.doi {
        tags.push(tag("citation_doi", doi.id()));
    }
    if let Some(arxiv) = &paper.links.arxiv {
        tags.push(tag("citation_arxiv_id", arxiv.id()));
    }
    tags.push(tag("citation_abstract_html_url", page_url));
    tags
}

#[derive(Serialize)]
struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    name: &'a str,
    author: Vec<JsonLdPerson<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    url: &'a str,
    #[serde(rename = "abstract", skip_serializing_if = "str::is_empty")]
    abstract_text: &'a str,
    #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
    is_part_of: Option<JsonLdVenue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<JsonLdOrganization<'a>>,
    #[serde(rename = "sameAs", skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonLdPerson<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// Where the paper appeared: a periodical (with its volume and issue when given) or an event.
#[derive(Serialize)]
struct JsonLdVenue<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "issueNumber", skip_serializing_if = "Option::is_none")]
    issue_number: Option<&'a str>,
    #[serde(rename = "volumeNumber", skip_serializing_if = "Option::is_none")]
    volume_number: Option<&'a str>,
    #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
    is_part_of: Option<Box<JsonLdVenue<'a>>>,
}

#[derive(Serialize)]
struct JsonLdOrganization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// A journal article's periodical, inside its volume and issue when they are given
/// (`PublicationIssue` > `PublicationVolume` > `Periodical`); another venue as an event.
fn json_ld_venue(paper: &Paper) -> Option<JsonLdVenue<'_>> {
    let venue =
        |kind, name| JsonLdVenue { kind, name, issue_number: None, volume_number: None, is_part_of: None };
    let name = paper.venue.as_deref()?;
    if paper.kind() != Kind::Article {
        return Some(venue("PublicationEvent", Some(name)));
    }
    let mut part = venue("Periodical", Some(name));
    if let Some(volume) = paper.record.volume.as_deref() {
        part = JsonLdVenue {
            volume_number: Some(volume),
            is_part_of: Some(Box::new(part)),
            ..venue("PublicationVolume", None)
        };
    }
    if let Some(issue) = paper.record.issue.as_deref() {
        part = JsonLdVenue {
            issue_number: Some(issue),
            is_part_of: Some(Box::new(part)),
            ..venue("PublicationIssue", None)
        };
    }
    Some(part)
}

/// schema.org `ScholarlyArticle` JSON-LD, safe to place inside `<script>`.
pub(crate) fn json_ld(config: &Config, paper: &Paper, page_url: &str) -> String {
    let mut same_as = Vec::new();
    if let Some(doi) = &paper.links.doi {
        same_as.push(doi.url());
    }
    if let Some(arxiv) = &paper.links.arxiv {
        same_as.push(arxiv.url());
    }
    let keywords = paper
        .topics
        .iter()
        .filter_map(|(code, _)| config.topics.iter().find(|t| t.code == *code))
        .map(|t| t.name.as_str())
        .collect();
    let ld = JsonLd {
        context: "https://schema.org",
        kind: "ScholarlyArticle",
        headline: &paper.title,
        name: &paper.title,
        author: paper.authors.iter().map(|name| JsonLdPerson { kind: "Person", name }).collect(),
        date_published: paper.date.map(|d| d.iso()),
        url: page_url,
        abstract_text: &paper.abstract_text,
        is_part_of: json_ld_venue(paper),
        pagination: paper.record.pages.as_deref(),
        publisher: paper
            .record
            .publisher
            .as_deref()
            .map(|name| JsonLdOrganization { kind: "Organization", name }),
        same_as,
        keywords,
    };
    script_safe(&ld)
}

/// `value` as JSON that cannot close its `<script>` element early: `<`, `>` and `&` (which JSON
/// has only inside strings) written as `\u` escapes, in the one pass that makes the JSON.
pub(crate) fn script_safe<T: Serialize + ?Sized>(value: &T) -> String {
    let mut json = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut json, ScriptSafe);
    // Serializing into memory fails only for a map with keys that are not strings, which no
    // caller has.
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(json).unwrap_or_default()
}

/// serde_json's compact output, with the three characters of `script_safe` escaped.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // The three are rare (an abstract has none, or a few): memchr finds them 16 or 32 bytes at
        // a time, where a loop over the bytes took 3.5% of a large build's instructions.
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for at in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            let escaped: &[u8] = match bytes[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            };
            out.write_all(&bytes[start..at])?;
            out.write_all(escaped)?;
            start = at + 1;
        }
        out.write_all(&bytes[start..])
    }
}

/// A CSL-JSON item (the format of Zotero, Pandoc and citeproc).
#[derive(Debug, Serialize)]
pub(crate) struct CslItem<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'a str,
    pub author: Vec<CslName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<CslDate>,
    /// The publication state of a paper not out yet (`in press`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    pub container_title: Option<&'a str>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    pub doi: Option<&'a str>,
    #[serde(rename = "URL")]
    pub url: &'a str,
    #[serde(rename = "abstract", skip_serializing_if = "str::is_empty")]
    pub abstract_text: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editor: Vec<CslName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    #[serde(rename = "publisher-place", skip_serializing_if = "Option::is_none")]
    pub publisher_place: Option<&'a str>,
    #[serde(rename = "ISBN", skip_serializing_if = "Option::is_none")]
    pub isbn: Option<&'a str>,
    #[serde(rename = "ISSN", skip_serializing_if = "Option::is_none")]
    pub issn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum CslName<'a> {
    Person {
        family: Cow<'a, str>,
        given: Cow<'a, str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        suffix: Option<&'a str>,
    },
    Literal {
        literal: Cow<'a, str>,
    },
}

#[derive(Debug, Serialize)]
pub(crate) struct CslDate {
    #[serde(rename = "date-parts")]
    pub date_parts: [Vec<i32>; 1],
}

pub(crate) fn csl_item<'a>(paper: &'a Paper, id: &'a str, url: &'a str) -> CslItem<'a> {
    let kind = match paper.kind() {
        Kind::Article => "article-journal",
        Kind::InProceedings => "paper-conference",
        Kind::InCollection => "chapter",
        Kind::Book => "book",
        Kind::PhdThesis | Kind::MastersThesis => "thesis",
        Kind::TechReport => "report",
        Kind::Unpublished => "manuscript",
        Kind::Misc => "article",
    };
    let names = |names: &'a [String]| -> Vec<CslName<'a>> {
        names
            .iter()
            .map(|a| match name_parts(a) {
                (family, given, _) if given.is_empty() => CslName::Literal { literal: family },
                (family, given, None) => CslName::Person { family, given, suffix: None },
                (family, given, Some(suffix)) => CslName::Person { family, given, suffix: Some(suffix) },
            })
            .collect()
    };
    let r = &paper.record;
    CslItem {
        id,
        kind,
        title: &paper.title,
        author: names(&paper.authors),
        issued: paper.date.map(|d| CslDate { date_parts: [d.parts()] }),
        status: paper.date.is_none().then_some(paper.status.as_deref()).flatten(),
        container_title: paper.venue.as_deref(),
        doi: paper.links.doi.as_ref().map(Doi::id),
        url: r.url.as_deref().unwrap_or(url),
        abstract_text: &paper.abstract_text,
        editor: names(&r.editors),
        volume: r.volume.as_deref(),
        issue: r.issue.as_deref(),
        // CSL writes ranges with a hyphen.
        page: r.pages.as_deref().map(|p| p.replace("--", "-").replace('–', "-")),
        edition: r.edition.as_deref(),
        publisher: r.publisher.as_deref(),
        publisher_place: r.address.as_deref(),
        isbn: r.isbn.as_deref(),
        issn: r.issn.as_deref(),
        note: r.note.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn paper(extra: &str) -> Paper {
        let text = format!(
            "+++\ntitle = \"Averaging Weights Leads to Wider Optima\"\ndate = 2018-03-14\nauthors = [\"Pavel Izmailov\", \"Mark van der Wilk\", \"OpenAI\"]\net_al = true\n{extra}+++\nDeep $O(n)$ & more.\n"
        );
        crate::model::paper::parse(Path::new("content/papers/swa.md"), &text).unwrap()
    }

    fn paper_with(front: &str) -> Paper {
        crate::model::paper::parse(Path::new("content/papers/k.md"), &format!("+++\n{front}+++\n")).unwrap()
    }

    #[test]
    fn the_kind_is_guessed_from_the_venue_in_any_case_unless_given() {
        let kind = |extra: &str| paper(extra).kind();
        assert_eq!(kind(""), Kind::Misc);
        assert_eq!(kind("venue = \"ICML 2018\"\n"), Kind::InProceedings);
        assert_eq!(kind("venue = \"IEEE TRANSACTIONS on Pattern Analysis\"\n"), Kind::Article);
        assert_eq!(kind("venue = \"Nature Communications\"\n"), Kind::Article);
        assert_eq!(kind("venue = \"Physical Review Letters\"\n"), Kind::Article);
        // A part of a word counts ("Neuroscience"), and arXiv wins over the journal words.
        assert_eq!(kind("venue = \"Neuroscience Today\"\n"), Kind::Article);
        assert_eq!(kind("venue = \"ArXiv Science Preprints\"\n"), Kind::Misc);
        assert_eq!(kind("venue = \"Jürgen's Workshop\"\n"), Kind::InProceedings);
        assert_eq!(kind("venue = \"Journal of ML\"\nkind = \"techreport\"\n"), Kind::TechReport);
    }

    #[test]
    fn script_safe_json_escapes_the_three_characters_and_keeps_the_rest() {
        let json = r#"{"a":"</script><!-- & é \u0041\"","<k>":["&", 1, null]}"#;
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let safe = script_safe(&value);
        assert_eq!(
            safe,
            r#"{"<k>":["\u0026",1,null],"a":"\u003c/script\u003e\u003c!-- \u0026 é A\""}"#
                .replace("<k>", "\\u003ck\\u003e")
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn names_split_into_family_and_given() {
        assert_eq!(split_name("Pavel Izmailov"), ("Izmailov".into(), "Pavel".into()));
        assert_eq!(split_name("Andrew Gordon Wilson"), ("Wilson".into(), "Andrew Gordon".into()));
        assert_eq!(split_name("Mark van der Wilk"), ("van der Wilk".into(), "Mark".into()));
        assert_eq!(split_name("Müller, Klaus"), ("Müller".into(), "Klaus".into()));
        assert_eq!(split_name("OpenAI"), ("OpenAI".into(), "".into()));
        assert_eq!(split_name("  Jean\u{a0}de  la\tFontaine "), ("de la Fontaine".into(), "Jean".into()));
        assert!(matches!(split_name("Mark van der Wilk"), (Cow::Borrowed(_), Cow::Borrowed(_))));
    }

    /// The slicing split agrees with splitting into words and joining them, on every name of up
    /// to four words drawn from upper- and lower-case words and several kinds of whitespace.
    #[test]
    fn names_split_as_words_joined() {
        fn by_words(name: &str) -> (String, String) {
            let words: Vec<&str> = name.split_whitespace().collect();
            if words.len() < 2 {
                return (name.trim().to_owned(), String::new());
            }
            let start = words[1..words.len() - 1]
                .iter()
                .position(|w| w.chars().next().is_some_and(char::is_lowercase))
                .map_or(words.len() - 1, |i| i + 1);
            (words[start..].join(" "), words[..start].join(" "))
        }
        let words = ["Ann", "van", "é"];
        let spaces = [" ", "\t\u{a0}", "  "];
        let mut names = vec![String::new(), " ".into()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for name in &names {
                for space in spaces {
                    longer.extend(words.iter().map(|word| format!("{name}{space}{word}")));
                }
            }
            names.extend(longer);
            names.sort();
            names.dedup();
        }
        assert!(names.len() > 10_000, "{}", names.len());
        for name in &names {
            let (family, given) = split_name(name);
            assert_eq!((family.into_owned(), given.into_owned()), by_words(name), "{name:?}");
        }
    }

    #[test]
    fn keys_are_readable_and_unique() {
        let a = paper("");
        assert_eq!(base_key(&a), "izmailov2018averaging");
        // A key the user wrote is never changed; made-up ones step aside from it.
        let given = unique_keys(
            vec!["doe2020".into(), "doe2020".into(), "doe2020".into(), "doe2020a".into()],
            &[true, false, true, true],
        );
        assert_eq!(given, ["doe2020", "doe2020b", "doe2020", "doe2020a"]);
        let keys = unique_keys(vec![base_key(&a), base_key(&a)], &[false, false]);
        assert_eq!(keys, ["izmailov2018averaginga", "izmailov2018averagingb"]);
        assert_eq!(base_key(&paper("key = \"swa\"\n")), "swa");
    }

    #[test]
    fn bibtex_entry_has_the_fields() {
        let p = paper(
            "venue = \"UAI 2018\"\n[links]\narxiv = \"1803.05407\"\ndoi = \"https://doi.org/10.5/x_y\"\n",
        );
        let bib = bibtex(&p, "swa", "https://x.org/papers/swa/", BibtexFor::Export);
        assert_eq!(
            bib,
            "@inproceedings{swa,\n  title = {Averaging Weights Leads to Wider Optima},\n  author = {Izmailov, Pavel and van der Wilk, Mark and {OpenAI} and others},\n  year = {2018},\n  month = mar,\n  date = {2018-03-14},\n  booktitle = {UAI 2018},\n  doi = {10.5/x\\_y},\n  eprint = {1803.05407},\n  archiveprefix = {arXiv},\n  url = {https://x.org/papers/swa/},\n  pubsite = {https://x.org/papers/swa/},\n  abstract = {Deep $O(n)$ \\& more.}\n}\n"
        );
        // The whole record: names parsed back into their parts, acronyms protected, the
        // publisher's page as `url`, al-folio's fields.
        let p = paper_with(
            "title = \"Training BERT on GPUs: 50% Faster\"\ndate = 2020\nauthors = [\"John Smith Jr.\", \"World Health Organization\"]\nvenue = \"J\"\nkind = \"article\"\nvolume = 3\nissue = \"2\"\npages = \"10-20\"\npublisher = \"P\"\neditors = [\"Ann Lee\"]\nurl = \"https://pub.org/x\"\nabbr = \"JX\"\nfeatured = true\n[links]\ncode = \"https://github.com/a/b\"\n",
        );
        let bib = bibtex(&p, "k", "https://x.org/papers/k/", BibtexFor::Export);
        let citing = bibtex(&p, "k", "https://x.org/papers/k/", BibtexFor::Citing);
        assert!(citing.ends_with("url = {https://pub.org/x}\n}\n") && !citing.contains("abbr"), "{citing}");
        for part in [
            "title = {Training {BERT} on {GPUs}: 50\\% Faster}",
            "author = {Smith, Jr., John and {World Health Organization}}",
            "editor = {Lee, Ann}",
            "year = {2020},\n  journal",
            "volume = {3},\n  number = {2},\n  pages = {10--20}",
            "publisher = {P}",
            "url = {https://pub.org/x},\n  pubsite = {https://x.org/papers/k/}",
            "abbr = {JX},\n  selected = {true},\n  code = {https://github.com/a/b}",
        ] {
            assert!(bib.contains(part), "{part}\n{bib}");
        }
        assert!(!bib.contains("month"), "{bib}");
    }

    #[test]
    fn highwire_tags_in_order() {
        let p = paper("venue = \"Journal of ML\"\n[links]\npdf = \"https://x.org/a.pdf\"\n");
        let tags = highwire(&p, "https://x.org/papers/swa/", Some("https://x.org/a.pdf"));
        let names: Vec<&str> = tags.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "citation_title",
                "citation_author",
                "citation_author",
                "citation_author",
                "citation_publication_date",
                "citation_date",
                "citation_journal_title",
                "citation_pdf_url",
                "citation_abstract_html_url"
            ]
        );
        assert_eq!(tags[4].content, "2018/03/14");
    }

    #[test]
    fn json_ld_is_valid_and_script_safe() {
        let mut p = paper("");
        p.title = "</script><script>alert(1)</script>".into();
        let ld = json_ld(&crate::model::config::tests_config(), &p, "https://x.org/p/");
        assert!(!ld.contains('<'));
        let value: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(value["@type"], "ScholarlyArticle");
        assert_eq!(value["headline"], "</script><script>alert(1)</script>");
        assert_eq!(value["author"][2]["name"], "OpenAI");
    }
}
