//! One BibTeX entry as the fields of a paper file: every field the entry has is either taken
//! (and remembered as used) or left for the import's report of what it did not take.

use std::collections::{BTreeMap, BTreeSet};

use biblatex::{ChunksExt, Entry, Person};

use crate::base::date::PubDate;
use crate::base::ident::{is_safe_link, ArxivId, Doi};
use crate::base::latex;
use crate::model::paper::{self, Kind, Record};

/// An entry turned into paper fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Imported {
    pub key: String,
    /// The key is written to the paper file (not when an earlier entry of the file has it).
    pub own_key: bool,
    pub kind: Kind,
    pub title: String,
    /// `None` when the entry has no year (only words such as "in review").
    pub date: Option<PubDate>,
    /// Names with their marks (`Jane Doe*`).
    pub authors: Vec<String>,
    /// The author list ends with "and others".
    pub et_al: bool,
    pub venue: Option<String>,
    pub record: Record,
    pub abbr: Option<String>,
    pub award: Option<String>,
    pub status: Option<String>,
    pub featured: bool,
    /// A local image or https URL, as written (resolved to `static/` by the import).
    pub preview: Option<String>,
    pub doi: Option<Doi>,
    pub arxiv: Option<ArxivId>,
    /// `[links]` other than the identifiers, by name, as written (local files unresolved).
    pub links: BTreeMap<&'static str, String>,
    pub abstract_text: Option<String>,
    /// Topic codes (a .bib has none; a migrated site's tags do).
    pub topics: Vec<String>,
    /// Link targets left out as unsafe (`javascript:`, `data:`).
    pub dropped: Vec<String>,
    /// The entry's fields that were taken.
    pub used: BTreeSet<String>,
    /// The entry's fields, lower-cased.
    pub fields: BTreeSet<String>,
}

impl Imported {
    /// A paper with only a title and a kind, for other sources than BibTeX to fill in.
    pub fn new(key: &str, title: &str, kind: Kind) -> Self {
        Imported {
            key: key.to_owned(),
            own_key: false,
            kind,
            title: title.to_owned(),
            date: None,
            authors: Vec::new(),
            et_al: false,
            venue: None,
            record: Record::default(),
            abbr: None,
            award: None,
            status: None,
            featured: false,
            preview: None,
            doi: None,
            arxiv: None,
            links: BTreeMap::new(),
            abstract_text: None,
            topics: Vec::new(),
            dropped: Vec::new(),
            used: BTreeSet::new(),
            fields: BTreeSet::new(),
        }
    }

    /// Not (yet) in a venue: an arXiv or other preprint, or no venue at all.
    pub fn is_preprint(&self) -> bool {
        let venue = self.venue.as_deref().unwrap_or_default().to_lowercase();
        venue.is_empty()
            || ["arxiv", "corr", "preprint", "biorxiv", "medrxiv", "ssrn", "openreview"]
                .iter()
                .any(|w| venue.contains(w))
            || matches!(self.kind, Kind::Unpublished | Kind::Misc) && self.doi.is_none()
    }
}

/// Reads an entry's fields, remembering which were used.
struct Reader<'a> {
    entry: &'a Entry,
    used: BTreeSet<String>,
}

impl Reader<'_> {
    /// A field as plain Unicode text, trimmed; `None` when absent or empty.
    fn text(&mut self, name: &str) -> Option<String> {
        let value = self.raw(name)?;
        let text = latex::to_unicode(&value);
        // Crossref's exports carry HTML entities.
        let text = if text.contains('&') {
            text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        } else {
            text
        };
        (!text.trim().is_empty()).then(|| text.trim().to_owned())
    }

    /// A field as written in the file (LaTeX not decoded), trimmed.
    fn raw(&mut self, name: &str) -> Option<String> {
        let value = self.entry.get(name)?.format_verbatim();
        self.used.insert(name.to_owned());
        (!value.trim().is_empty()).then(|| value.trim().to_owned())
    }

    fn people(&mut self, name: &str) -> Option<Vec<String>> {
        let people = self.entry.get_as::<Vec<Person>>(name).ok()?;
        self.used.insert(name.to_owned());
        Some(people.iter().map(person_name).filter(|n| !n.is_empty()).collect())
    }
}

/// `Given von Family Jr` with the marks that followed any part moved to the end (`Doe*`).
fn person_name(p: &Person) -> String {
    let mut marks = String::new();
    let parts: Vec<String> = [p.given_name.as_str(), p.prefix.as_str(), p.name.as_str(), p.suffix.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (bare, found) = paper::split_marks(part);
            if found.equal && !marks.contains('*') {
                marks.push('*');
            }
            if found.corresponding && !marks.contains('†') {
                marks.push('†');
            }
            bare.to_owned()
        })
        .filter(|s| !s.is_empty())
        .collect();
    let name = latex::to_unicode(&parts.join(" "));
    if name.is_empty() || name == "others" {
        return name;
    }
    name + &marks
}

/// Converts a parsed entry; an error says what is missing.
pub(super) fn convert(entry: &Entry) -> Result<Imported, String> {
    let mut r = Reader { entry, used: BTreeSet::new() };
    let fields: BTreeSet<String> = entry.fields.keys().map(|k| k.to_lowercase()).collect();
    let title = title(&mut r).ok_or("it has no title")?;
    let (date, status_from_year) = date(&mut r)?;
    let people = r.people("author").or_else(|| r.people("editor")).unwrap_or_default();
    let et_al = people.iter().any(|n| n == "others");
    let authors: Vec<String> = people.into_iter().filter(|n| n != "others").collect();
    let kind = kind(&entry.entry_type.to_string().to_lowercase(), r.text("type").as_deref());
    let venue = venue(&mut r);
    let (doi, arxiv) = identifiers(&mut r);
    let mut record = record(&mut r);
    let mut dropped = Vec::new();
    let mut links = BTreeMap::new();
    web_address(&mut r, &mut record, &mut links, &mut dropped);
    for (field, link) in [
        ("pdf", "pdf"),
        ("code", "code"),
        ("website", "project"),
        ("project", "project"),
        ("slides", "slides"),
        ("video", "video"),
        ("poster", "poster"),
        ("supp", "supp"),
        ("blog", "blog"),
    ] {
        let Some(value) = r.text(field) else { continue };
        if arxiv_in(&value).is_some() && field == "pdf" {
            continue;
        }
        if is_safe_link(&value) {
            links.entry(link).or_insert(value);
        } else {
            dropped.push(value);
        }
    }
    let featured =
        r.text("selected").is_some_and(|s| matches!(s.to_lowercase().as_str(), "true" | "yes" | "1"));
    let preview = r.text("preview").filter(|p| is_safe_link(p));
    let abbr = r.text("abbr").or_else(|| r.text("shortjournal"));
    let award = r.text("award").or_else(|| r.text("award_name"));
    let status = status_from_year.or_else(|| r.text("pubstate")).or_else(|| {
        // No year: the state may be written where the venue goes (`journal = {In progress}`).
        date.is_none().then(|| {
            ["journal", "booktitle", "howpublished", "note"]
                .iter()
                .filter_map(|f| r.raw_quiet(f))
                .find_map(|text| status_words(&text))
                .unwrap_or_else(|| "undated".to_owned())
        })
    });
    let abstract_text = r.text_keep_math("abstract");
    Ok(Imported {
        key: entry.key.clone(),
        own_key: true,
        kind,
        title,
        date,
        authors,
        et_al,
        venue,
        record,
        abbr,
        award,
        status,
        featured,
        preview,
        doi,
        arxiv,
        links,
        abstract_text,
        topics: Vec::new(),
        dropped,
        used: r.used,
        fields,
    })
}

/// Where the paper appeared: the journal, proceedings, school, institution, or `howpublished`
/// when it is not an address; math in it as text; Google Scholar's "arXiv preprint arXiv:..."
/// as "arXiv preprint".
fn venue(r: &mut Reader) -> Option<String> {
    let venue = ["journal", "journaltitle", "booktitle", "school", "institution", "howpublished"]
        .iter()
        .find_map(|f| r.text(f).filter(|v| !v.to_lowercase().contains("http") && !v.starts_with('\\')))?;
    let venue = if venue.contains('$') { plain_math(&venue) } else { venue };
    if venue.to_lowercase().starts_with("arxiv preprint") {
        return Some("arXiv preprint".to_owned());
    }
    Some(venue)
}

/// The DOI and arXiv id, wherever the exporters put them.
fn identifiers(r: &mut Reader) -> (Option<Doi>, Option<ArxivId>) {
    let mut candidates: Vec<String> = Vec::new();
    for name in ["doi", "arxiv", "eprint", "url", "ee", "howpublished", "journal", "pdf", "html", "note"] {
        if let Some(value) = r.raw_quiet(name) {
            candidates.push(value);
        }
    }
    let eprint_type = r.text("archiveprefix").or_else(|| r.text("eprinttype")).unwrap_or_default();
    let doi = r
        .text("doi")
        .map(|d| d.replace("\\_", "_"))
        .as_deref()
        .and_then(doi_in)
        .or_else(|| candidates.iter().find_map(|c| doi_in(c)));
    let arxiv = r
        .text("arxiv")
        .or_else(|| {
            r.text("eprint").filter(|_| eprint_type.is_empty() || eprint_type.eq_ignore_ascii_case("arxiv"))
        })
        .filter(|a| looks_like_arxiv(crate::base::ident::strip_id_prefix(a)))
        .or_else(|| candidates.iter().find_map(|c| arxiv_in(c)));
    r.text("primaryclass");
    let arxiv = arxiv.map(|a| ArxivId::new(crate::base::ident::strip_id_prefix(&a).to_owned()));
    (doi.map(Doi::new), arxiv)
}

/// Volume, issue, pages, publisher, editors (of an entry with authors), place, edition, ISBN,
/// ISSN and the notes (al-folio's `annotation` and `additional_info` among them).
fn record(r: &mut Reader) -> Record {
    let has_authors = r.entry.get("author").is_some();
    let mut record = Record {
        volume: r.text("volume").filter(|v| !v.starts_with("abs/")),
        issue: r.text("number").or_else(|| r.text("issue")),
        pages: r.text("pages").or_else(|| r.text("eid")).map(|p| crate::scholar::pages_range(&p)),
        publisher: r.text("publisher"),
        editors: if has_authors { r.people("editor").unwrap_or_default() } else { Vec::new() },
        address: r.text("address").or_else(|| r.text("location")),
        edition: r.text("edition"),
        isbn: r.text("isbn").filter(|i| paper::is_isbn(i)),
        issn: r.text("issn").filter(|i| paper::is_issn(i)),
        note: None,
        url: None,
    };
    let notes: Vec<String> = ["note", "annotation", "additional_info"]
        .iter()
        .filter_map(|f| r.text(f))
        .map(|n| n.trim_start_matches(['.', ',', ';', ' ']).to_owned())
        // A note that is only an identifier or an address is taken as that (see `identifiers`
        // and `web_address`).
        .filter(|n| {
            !(n.split_whitespace().count() == 1
                && (n.contains("://") || arxiv_in(n).is_some() || doi_in(n).is_some()))
        })
        .filter(|n| !n.is_empty())
        .collect();
    record.note = (!notes.is_empty()).then(|| notes.join(" "));
    record
}

/// The paper's web address: of the fields that hold one, a DOI or arXiv address is the
/// identifier (see `identifiers`), a PDF is the PDF link, the first other address is the
/// publisher's page; a `doi` that is an address but no DOI counts too. The page of the paper on
/// the pubsite site a file came from (its `pubsite` field) is not the paper's own address: the
/// site it is imported into makes its own.
fn web_address(
    r: &mut Reader,
    record: &mut Record,
    links: &mut BTreeMap<&'static str, String>,
    dropped: &mut Vec<String>,
) {
    let site_page = r.text("pubsite");
    for name in ["url", "ee", "html", "howpublished", "adsurl", "doi", "note", "eprint"] {
        let Some(written) = r.text(name) else { continue };
        if site_page.as_deref() == Some(written.as_str()) {
            continue;
        }
        if name == "note" && written.split_whitespace().count() > 1 {
            // A sentence with a link in it is a note, not the paper's address.
            continue;
        }
        let Some(url) = first_url(&written) else {
            if crate::base::ident::has_scheme(&written) && !is_safe_link(&written) {
                dropped.push(written);
            }
            continue;
        };
        if !is_safe_link(&url) {
            dropped.push(url);
        } else if doi_in(&url).is_some() || arxiv_in(&url).is_some() {
        } else if url.to_lowercase().ends_with(".pdf") {
            links.entry("pdf").or_insert(url);
        } else if record.url.is_none() {
            record.url = Some(url);
        }
    }
}

impl Reader<'_> {
    /// A field's text without marking it used (for searching identifiers in it).
    fn raw_quiet(&self, name: &str) -> Option<String> {
        self.entry.get(name).map(|v| latex::to_unicode(&v.format_verbatim()))
    }

    /// The abstract: LaTeX text decoded, math kept for the Markdown renderer.
    fn text_keep_math(&mut self, name: &str) -> Option<String> {
        self.text(name)
    }
}

/// Text where math is not shown as math (a venue): `MC$^3$` as `MC³`, `$x$` as `x`.
fn plain_math(text: &str) -> String {
    const SUPER: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('$').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            continue;
        }
        let mut chars = part.trim().chars().peekable();
        let mut table: Option<&[char; 10]> = None;
        while let Some(c) = chars.next() {
            match c {
                '^' => table = Some(&SUPER),
                '_' => table = Some(&SUB),
                '{' | '}' => {}
                d if d.is_ascii_digit() => {
                    out.push(table.map_or(d, |t| t[d as usize - '0' as usize]));
                    if chars.peek() != Some(&'}') && !chars.peek().is_some_and(char::is_ascii_digit) {
                        table = None;
                    }
                }
                other => {
                    out.push(other);
                    table = None;
                }
            }
        }
    }
    out
}

/// The title with its subtitle, LaTeX decoded, math kept as `$...$`.
fn title(r: &mut Reader) -> Option<String> {
    let title = r.text("title")?;
    Some(match r.text("subtitle") {
        Some(sub) => format!("{title}: {sub}"),
        None => title,
    })
}

/// The date at the precision written, and a status when the year is words (`in review`).
fn date(r: &mut Reader) -> Result<(Option<PubDate>, Option<String>), String> {
    if let Some(written) = r.text("date") {
        let first = written.split('/').next().unwrap_or_default();
        let parts: Vec<&str> = first.split('-').map(str::trim).collect();
        let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        let date = match (number(0), number(1), number(2)) {
            (Some(y), m, d) => PubDate::new(y as i32, m, m.and(d)),
            _ => None,
        };
        if let Some(date) = date {
            // The year, month and day beside a date say the same (as pubsite writes them).
            r.raw("month");
            r.raw("day");
            let status =
                r.text("year").filter(|y| !y.chars().any(|c| c.is_ascii_digit())).map(|y| y.to_lowercase());
            return Ok((Some(date), status));
        }
    }
    let Some(year_text) = r.text("year") else {
        return if r.text("date").is_some() {
            Err("its date is not a real date (such as date = {2024-03-14})".into())
        } else {
            Ok((None, None))
        };
    };
    let digits: String = year_text
        .chars()
        .take_while(|c| !matches!(c, '-' | '–' | '/'))
        .filter(char::is_ascii_digit)
        .collect();
    let words = year_text
        .chars()
        .filter(|c| c.is_alphabetic() || *c == ' ')
        .collect::<String>()
        .trim()
        .to_lowercase();
    let status = status_words(&words);
    let month_in_year = month_number(&words).filter(|_| words.len() >= 3);
    if digits.is_empty() {
        return Ok((None, status));
    }
    let year: i32 = digits.parse().map_err(|_| format!("its year `{year_text}` is not a year"))?;
    if digits.len() != 4 || PubDate::new(year, None, None).is_none() {
        return Err(format!("its year `{year_text}` is not a year between 1000 and 9999"));
    }
    let month = r.text("month").and_then(|m| month_number(&m)).or(month_in_year);
    let day = month.and(r.text("day")).and_then(|d| d.parse::<u32>().ok());
    let date = PubDate::new(year, month, day).or_else(|| PubDate::new(year, month, None));
    Ok((date, status))
}

/// `text` lower-cased when it says where a paper stands (`In review`, `to appear`).
fn status_words(text: &str) -> Option<String> {
    const WORDS: [&str; 10] = [
        "review",
        "appear",
        "press",
        "forthcoming",
        "submitted",
        "preparation",
        "progress",
        "accepted",
        "preprint",
        "revision",
    ];
    let lower = text.trim().to_lowercase();
    (lower.len() < 40 && WORDS.iter().any(|w| lower.contains(w))).then_some(lower)
}

/// A month's number from its name, abbreviation or number.
pub(super) fn month_number(month: &str) -> Option<u32> {
    let m = month.trim().to_lowercase();
    if let Ok(n) = m.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    NAMES.iter().position(|n| m.starts_with(n)).map(|i| i as u32 + 1)
}

fn kind(entry_type: &str, thesis_type: Option<&str>) -> Kind {
    match entry_type {
        "article" => Kind::Article,
        "inproceedings" | "conference" => Kind::InProceedings,
        "incollection" | "inbook" => Kind::InCollection,
        "book" => Kind::Book,
        "phdthesis" => Kind::PhdThesis,
        "mastersthesis" => Kind::MastersThesis,
        "thesis" if thesis_type.is_some_and(|t| t.to_lowercase().contains("master")) => Kind::MastersThesis,
        "thesis" => Kind::PhdThesis,
        "techreport" | "report" => Kind::TechReport,
        "unpublished" => Kind::Unpublished,
        _ => Kind::Misc,
    }
}

/// The first http(s) address in `text` (`\url{...}` already decoded to its argument).
fn first_url(text: &str) -> Option<String> {
    let start = text.find("http://").or_else(|| text.find("https://"))?;
    let url: String =
        text[start..].chars().take_while(|c| !c.is_whitespace() && !matches!(c, '}' | ',' | ';')).collect();
    Some(url.trim_end_matches(['.', ')']).to_owned())
}

/// A DOI in a field: `10.xxxx/...` after `doi.org/`, `doi:` or on its own.
pub(super) fn doi_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = ["doi.org/", "doi:"]
        .iter()
        .find_map(|p| lower.find(p).map(|i| i + p.len()))
        .or_else(|| lower.trim_start().starts_with("10.").then(|| lower.len() - lower.trim_start().len()))?;
    let doi: String =
        text[at..].trim_start().chars().take_while(|c| !c.is_whitespace() && *c != '}').collect();
    let doi = doi.trim_end_matches(['.', ',', ';']).to_owned();
    (doi.starts_with("10.") && doi.contains('/')).then_some(doi)
}

/// An arXiv id in a field: an `arxiv.org/abs/` or `/pdf/` address, `arXiv:ID`, or an
/// `abs/ID` CoRR volume.
pub(super) fn arxiv_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = ["arxiv.org/abs/", "arxiv.org/pdf/", "arxiv:"]
        .iter()
        .find_map(|p| lower.find(p).map(|i| i + p.len()))?;
    let id: String = text[at..]
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '}' | ',' | ';'))
        .collect();
    let id = id.trim_end_matches(".pdf").trim_end_matches(['.', ')']).to_owned();
    looks_like_arxiv(&id).then_some(id)
}

/// `2104.00001`, `2104.00001v2`, `hep-th/9901001`.
fn looks_like_arxiv(id: &str) -> bool {
    let id = id.split('v').next().unwrap_or_default();
    let new_style = id.len() >= 9
        && id.as_bytes()[4] == b'.'
        && id[..4].bytes().all(|b| b.is_ascii_digit())
        && id[5..].bytes().all(|b| b.is_ascii_digit());
    let old_style = id.split_once('/').is_some_and(|(archive, n)| {
        archive.chars().all(|c| c.is_ascii_alphabetic() || c == '-' || c == '.')
            && n.len() == 7
            && n.bytes().all(|b| b.is_ascii_digit())
    });
    new_style || old_style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_found_where_exporters_put_them() {
        assert_eq!(
            doi_in("https://doi.org/10.1534/genetics.108.094904").as_deref(),
            Some("10.1534/genetics.108.094904")
        );
        assert_eq!(doi_in("DOI: 10.1/x.").as_deref(), Some("10.1/x"));
        assert_eq!(doi_in("https://example.org/10.1/x"), None);
        assert_eq!(arxiv_in("arXiv preprint arXiv:2309.16292").as_deref(), Some("2309.16292"));
        assert_eq!(arxiv_in("https://arxiv.org/pdf/2001.01234v2.pdf").as_deref(), Some("2001.01234v2"));
        assert_eq!(arxiv_in("http://arxiv.org/abs/hep-th/9901001").as_deref(), Some("hep-th/9901001"));
        assert_eq!(arxiv_in("arXiv: coming soon"), None);
    }

    #[test]
    fn math_in_a_venue_becomes_text() {
        assert_eq!(plain_math("Proc. MC$^3$ 2017"), "Proc. MC³ 2017");
        assert_eq!(plain_math("H$_{2}$O and $^{12}$C"), "H₂O and ¹²C");
    }

    #[test]
    fn month_names_and_numbers() {
        assert_eq!(month_number("mar"), Some(3));
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("11"), Some(11));
        assert_eq!(month_number("13"), None);
    }
}
