//! A paper file (`content/papers/<slug>.md`): the `+++` front matter split from the abstract,
//! parsed into a `Paper`, every problem reported with its line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::date::{parse_pub_date, PubDate};
use crate::base::diagnostic::toml_diagnostic;
use crate::base::diagnostic::Diagnostic;
use crate::base::ident::{has_scheme, is_safe_link, strip_id_prefix, ArxivId, Doi};
use crate::base::markdown;
use crate::base::taxonomy::{Slug, TopicCode, Year};

/// One paper, parsed and checked on its own (cross-paper checks live in `site`).
#[derive(Debug, Clone)]
pub struct Paper {
    pub slug: Slug,
    /// Path relative to the site root, for diagnostics.
    pub source: PathBuf,
    pub title: String,
    /// The title with its `$...$` math as MathML, when it has math.
    pub title_html: Option<String>,
    /// As precise as written: a year, a month or a day; `None` for a paper not yet out (it then
    /// has a `status` such as "in review"), which lists put first and no year page lists.
    pub date: Option<PubDate>,
    /// The authors' names, without their marks.
    pub authors: Vec<String>,
    /// The marks of each author (`*` equal contribution, `†` corresponding), one per author.
    pub marks: Vec<Marks>,
    pub et_al: bool,
    /// Topic codes with the byte offset of each in the file, for later checks.
    pub topics: Vec<(TopicCode, usize)>,
    pub organizations: Vec<String>,
    pub venue: Option<String>,
    pub citations: Option<u32>,
    /// Code exists but its location is not given (`code = true`).
    pub code_available: bool,
    pub draft: bool,
    /// Shown among the selected papers at the top of the home page.
    pub featured: bool,
    pub links: Links,
    pub abstract_html: String,
    /// The abstract as plain text (math as TeX), for descriptions and metadata.
    pub abstract_text: String,
    /// The abstract as written (Markdown with `$...$` math), for the BibTeX export.
    pub abstract_source: String,
    /// The BibTeX entry type (`article`, `inproceedings`, ...): as given, else as
    /// `guess_kind` guesses it from the venue, once here (the citations, the BibTeX, the
    /// CSL-JSON and the Scholar tags all ask for it).
    pub kind: Option<Kind>,
    /// The BibTeX citation key, when given (otherwise one is made up).
    pub key: Option<String>,
    /// Where the paper appeared, in the detail a bibliography gives.
    pub record: Record,
    /// A short venue label shown as a badge (`NeurIPS`).
    pub abbr: Option<String>,
    /// A prize or distinction (`Best Paper Award`, `Oral`).
    pub award: Option<String>,
    /// Where the paper stands (`to appear`, `under review`, `preprint`).
    pub status: Option<String>,
    /// An image in `static/` that illustrates the paper.
    pub preview: Option<String>,
    /// What the preview shows, for readers who cannot see it (else the title is its text).
    pub preview_alt: Option<String>,
    /// Slugs of papers that `check` should not report as duplicates of this one.
    pub not_duplicate_of: Vec<String>,
}

/// An author's marks: equal contribution (`*` after the name) and corresponding author (`†`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub equal: bool,
    pub corresponding: bool,
}

/// The bibliographic record of a paper beyond its venue, each part as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub volume: Option<String>,
    pub issue: Option<String>,
    /// A range (`123–145`) or an article number (`e1234`).
    pub pages: Option<String>,
    pub publisher: Option<String>,
    pub editors: Vec<String>,
    pub address: Option<String>,
    pub edition: Option<String>,
    pub isbn: Option<String>,
    pub issn: Option<String>,
    pub note: Option<String>,
    /// The publisher's page of the paper.
    pub url: Option<String>,
}

impl Record {
    /// `vol. 22, no. 4, pp. 1–35`: the parts written, as the paper page shows them.
    pub fn summary(&self, s: &crate::model::i18n::Strings) -> Option<String> {
        let pages = self.pages.as_deref().map(|p| {
            if p.contains(['-', '–']) {
                s.fill("record_pages", &[("pages", &p.replace("--", "–").replace('-', "–"))])
            } else {
                s.fill("record_page", &[("page", p)])
            }
        });
        let parts: Vec<String> = [
            self.volume.as_deref().map(|v| s.fill("record_volume", &[("volume", v)])),
            self.issue.as_deref().map(|n| s.fill("record_issue", &[("issue", n)])),
            pages,
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// Splits the marks off an author as written: `Jane Doe*` is equal contribution, `Jane Doe†`
/// corresponding, in any order and number.
pub fn split_marks(written: &str) -> (&str, Marks) {
    let mut marks = Marks::default();
    let name = written.trim().trim_end_matches(|c: char| match c {
        '*' => {
            marks.equal = true;
            true
        }
        '†' => {
            marks.corresponding = true;
            true
        }
        _ => false,
    });
    (name.trim_end(), marks)
}
/// What sort of publication a paper is, named as BibTeX names entry types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Article,
    InProceedings,
    InCollection,
    Book,
    PhdThesis,
    MastersThesis,
    TechReport,
    Unpublished,
    Misc,
}

impl Kind {
    pub(crate) fn bibtex_name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::InProceedings => "inproceedings",
            Kind::InCollection => "incollection",
            Kind::Book => "book",
            Kind::PhdThesis => "phdthesis",
            Kind::MastersThesis => "mastersthesis",
            Kind::TechReport => "techreport",
            Kind::Unpublished => "unpublished",
            Kind::Misc => "misc",
        }
    }
}

impl Paper {
    pub fn year(&self) -> Option<Year> {
        self.date.map(PubDate::year)
    }

    /// The publication kind, as given or guessed from the venue (at parse).
    pub(crate) fn kind(&self) -> Kind {
        self.kind.unwrap_or_else(|| guess_kind(self))
    }
}

/// A paper's links, each an absolute URL or a site path (`pdf = "files/x.pdf"`); `arxiv` and
/// `doi` may also be bare identifiers.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub pdf: Option<String>,
    pub arxiv: Option<ArxivId>,
    pub doi: Option<Doi>,
    pub code: Option<String>,
    pub project: Option<String>,
    pub slides: Option<String>,
    pub video: Option<String>,
    pub poster: Option<String>,
    /// Supplementary material.
    pub supp: Option<String>,
    /// A blog post about the paper.
    pub blog: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaper {
    title: toml::Spanned<String>,
    date: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    authors: Vec<toml::Spanned<String>>,
    #[serde(default)]
    et_al: bool,
    #[serde(default)]
    topics: Vec<toml::Spanned<String>>,
    #[serde(default)]
    organizations: Vec<String>,
    venue: Option<String>,
    citations: Option<u32>,
    #[serde(default)]
    code: bool,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    featured: bool,
    #[serde(default)]
    links: RawLinks,
    kind: Option<Kind>,
    key: Option<String>,
    volume: Option<toml::Spanned<toml::Value>>,
    issue: Option<toml::Spanned<toml::Value>>,
    pages: Option<toml::Spanned<toml::Value>>,
    publisher: Option<String>,
    #[serde(default)]
    editors: Vec<String>,
    address: Option<String>,
    edition: Option<toml::Spanned<toml::Value>>,
    isbn: Field,
    issn: Field,
    note: Option<String>,
    url: Field,
    abbr: Option<String>,
    award: Option<String>,
    status: Option<String>,
    preview: Field,
    preview_alt: Option<String>,
    #[serde(default)]
    not_duplicate_of: Vec<String>,
}

type Field = Option<toml::Spanned<String>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    pdf: Field,
    arxiv: Field,
    doi: Field,
    code: Field,
    project: Field,
    slides: Field,
    video: Field,
    poster: Field,
    supp: Field,
    blog: Field,
}

/// A file's text split at its front matter fences.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The TOML between the fences.
    pub toml: &'a str,
    /// Byte offset of `toml` in the file.
    pub toml_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

const FENCE: &str = "+++";

/// Splits `text` into TOML front matter and body. Errors carry a message, a byte offset and a hint.
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, (String, usize, &'static str)> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| '\u{feff}'.len_utf8());
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    if text[start..first_line_end].trim_end() != FENCE {
        return Err((
            "the file does not start with `+++` front matter".into(),
            start,
            "did you forget to add `+++` on the first line, before `title = ...`?",
        ));
    }
    let toml_offset = first_line_end;
    let mut line_start = toml_offset;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
        if text[line_start..line_end].trim_end() == FENCE {
            return Ok(FrontMatter {
                toml: &text[toml_offset..line_start],
                toml_offset,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        line_start = line_end;
    }
    Err((
        "the front matter is not closed".into(),
        start,
        "add a line with only `+++` after the last front-matter key, before the abstract",
    ))
}

/// Parses one paper file. `path` is relative to the site root; `stem` is its file stem.
pub fn parse(path: &Path, text: &str) -> Result<Paper, Vec<Diagnostic>> {
    let front = split_front_matter(text).map_err(|(message, offset, hint)| {
        vec![Diagnostic::new(path, message).at_offset(text, offset).with_hint(hint)]
    })?;
    let raw: RawPaper =
        toml::from_str(front.toml).map_err(|e| vec![toml_diagnostic(path, text, front.toml_offset, &e)])?;
    let at = |offset: usize| front.toml_offset + offset;
    let mut problems = Vec::new();

    let title = raw.title.get_ref().trim().to_owned();
    for author in &raw.authors {
        if split_marks(author.get_ref()).0.is_empty() && !author.get_ref().trim().is_empty() {
            problems.push(
                Diagnostic::new(path, format!("the author `{}` is only marks", author.get_ref()))
                    .at_offset(text, at(author.span().start))
                    .with_hint("write the name before its marks: \"Jane Doe*\" (equal contribution), \"Jane Doe†\" (corresponding)"),
            );
        }
    }
    if title.is_empty() {
        problems.push(
            Diagnostic::new(path, "the title is empty")
                .at_offset(text, at(raw.title.span().start))
                .with_hint("write the paper's title: title = \"...\""),
        );
    }

    let date = match &raw.date {
        Some(date) => Some(parse_pub_date(date.get_ref()).unwrap_or_else(|message| {
            problems.push(Diagnostic::new(path, message).at_offset(text, at(date.span().start)).with_hint(
                "write the date as written in the paper: date = 2024-03-14, date = \"2024-03\" or date = 2024",
            ));
            PubDate::day(chrono::NaiveDate::MIN)
        })),
        None if raw.status.as_deref().is_some_and(|s| !s.trim().is_empty()) => None,
        None => {
            problems.push(
                Diagnostic::new(path, "the paper has no date")
                    .at_offset(text, front.toml_offset)
                    .with_hint("add date = 2024 (or \"2024-03\", or 2024-03-14); a paper not out yet gets status = \"in review\" instead"),
            );
            None
        }
    };

    let title_html = markdown::title_html(&title).unwrap_or_else(|message| {
        problems.push(
            Diagnostic::new(path, message)
                .at_offset(text, at(raw.title.span().start))
                .with_hint("use LaTeX math that MathML can show, or escape the dollar sign as \\$"),
        );
        None
    });

    let links = resolve_links(raw.links, |name, url, offset| {
        problems.push(
            Diagnostic::new(path, format!("links.{name} `{url}` is neither an http(s) URL nor a path"))
                .at_offset(text, at(offset))
                .with_hint("use https://... or a path to a file in static/, such as files/paper.pdf"),
        );
    });

    let mut fields = FieldReader { path, text, toml_offset: front.toml_offset, problems: &mut problems };
    let record = Record {
        volume: fields.text_or_number("volume", raw.volume),
        issue: fields.text_or_number("issue", raw.issue),
        pages: fields.text_or_number("pages", raw.pages),
        publisher: non_empty(raw.publisher),
        editors: raw.editors.into_iter().map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect(),
        address: non_empty(raw.address),
        edition: fields.text_or_number("edition", raw.edition),
        isbn: fields.checked(
            "isbn",
            raw.isbn,
            is_isbn,
            "an ISBN has 10 or 13 digits, e.g. 978-3-16-148410-0",
        ),
        issn: fields.checked("issn", raw.issn, is_issn, "an ISSN looks like 1234-567X"),
        note: non_empty(raw.note),
        url: fields.checked("url", raw.url, is_web_url, "give the publisher's page as an https:// address"),
    };
    let preview = fields.checked(
        "preview",
        raw.preview,
        is_local_path,
        "name an image in static/, such as images/paper.png",
    );

    let abstract_md = markdown::render(front.body).unwrap_or_else(|e| {
        problems.push(
            Diagnostic::new(path, e.message)
                .at_offset(text, front.body_offset + e.offset)
                .with_hint("use LaTeX math that MathML can show, or escape the dollar sign as \\$"),
        );
        markdown::Rendered { html: String::new(), text: String::new() }
    });

    if !problems.is_empty() {
        return Err(problems);
    }
    let (authors, marks): (Vec<String>, Vec<Marks>) = raw
        .authors
        .iter()
        .map(|a| {
            let (name, marks) = split_marks(a.get_ref());
            (name.to_owned(), marks)
        })
        .unzip();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let mut paper = Paper {
        slug: Slug::from_stem(stem),
        source: path.to_path_buf(),
        title,
        title_html,
        date,
        authors,
        marks,
        et_al: raw.et_al,
        topics: raw.topics.into_iter().map(|t| (TopicCode::new(t.get_ref()), at(t.span().start))).collect(),
        organizations: raw.organizations,
        venue: raw.venue.filter(|v| !v.trim().is_empty()),
        citations: raw.citations,
        code_available: raw.code,
        draft: raw.draft,
        featured: raw.featured,
        links,
        abstract_html: abstract_md.html,
        abstract_text: abstract_md.text,
        abstract_source: front.body.trim().to_owned(),
        kind: raw.kind,
        key: raw.key,
        record,
        abbr: non_empty(raw.abbr),
        award: non_empty(raw.award),
        status: non_empty(raw.status),
        preview,
        preview_alt: non_empty(raw.preview_alt),
        not_duplicate_of: raw.not_duplicate_of,
    };
    paper.kind = Some(guess_kind(&paper));
    Ok(paper)
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Reads the optional record fields, reporting each bad one at its line.
struct FieldReader<'a> {
    path: &'a Path,
    text: &'a str,
    toml_offset: usize,
    problems: &'a mut Vec<Diagnostic>,
}

impl FieldReader<'_> {
    fn report(&mut self, offset: usize, message: String, hint: &str) {
        self.problems.push(
            Diagnostic::new(self.path, message)
                .at_offset(self.text, self.toml_offset + offset)
                .with_hint(hint),
        );
    }

    /// A string or a whole number (`volume = 22`, `pages = "1--35"`), as text.
    fn text_or_number(&mut self, name: &str, value: Option<toml::Spanned<toml::Value>>) -> Option<String> {
        let value = value?;
        match value.get_ref() {
            toml::Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            toml::Value::Integer(n) => Some(n.to_string()),
            other => {
                let message = format!("{name} must be text or a number, not a {}", other.type_str());
                self.report(value.span().start, message, &format!("write it as {name} = \"...\""));
                None
            }
        }
    }

    /// A string that `valid` accepts.
    fn checked(&mut self, name: &str, value: Field, valid: fn(&str) -> bool, hint: &str) -> Option<String> {
        let value = value?;
        let written = value.get_ref().trim();
        if written.is_empty() {
            return None;
        }
        if !valid(written) {
            self.report(value.span().start, format!("{name} `{written}` is not valid"), hint);
            return None;
        }
        Some(written.to_owned())
    }
}

/// 10 or 13 digits (the last of ten may be X), with hyphens or spaces between; or several
/// such ISBNs (print and electronic) separated by commas or semicolons.
pub fn is_isbn(isbn: &str) -> bool {
    isbn.split([',', ';']).all(|one| is_one_isbn(one.trim())) || isbn.split_whitespace().all(is_one_isbn)
}

fn is_one_isbn(isbn: &str) -> bool {
    let isbn = isbn.strip_prefix("ISBN").unwrap_or(isbn).trim_start_matches([':', ' ']);
    let digits: Vec<char> = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let shape = isbn.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'X' | 'x'));
    let body_digits = |n: usize| digits[..n - 1].iter().all(char::is_ascii_digit);
    shape
        && match digits.len() {
            10 => body_digits(10) && (digits[9].is_ascii_digit() || digits[9].eq_ignore_ascii_case(&'x')),
            13 => digits.iter().all(char::is_ascii_digit),
            _ => false,
        }
}

/// `1234-5678` or `1234-567X`; or several (print and electronic) separated by commas, semicolons
/// or spaces.
pub fn is_issn(issn: &str) -> bool {
    let mut any = false;
    let all = issn.split([',', ';', ' ']).filter(|s| !s.is_empty()).all(|one| {
        any = true;
        is_one_issn(one)
    });
    any && all
}

fn is_one_issn(issn: &str) -> bool {
    let b = issn.as_bytes();
    b.len() == 9
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..8]).all(u8::is_ascii_digit)
        && (b[8].is_ascii_digit() || b[8].eq_ignore_ascii_case(&b'x'))
}

fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && is_safe_link(url)
        && !url.contains(char::is_whitespace)
}

/// A path inside the site (`images/a.png`), or an https:// address.
fn is_local_path(path: &str) -> bool {
    is_safe_link(path) && !path.starts_with("mailto:") && !path.contains(char::is_whitespace)
}

/// The publication kind, as given or guessed from the venue.
fn guess_kind(paper: &Paper) -> Kind {
    if let Some(kind) = paper.kind {
        return kind;
    }
    match paper.venue.as_deref() {
        None => Kind::Misc,
        Some(v) if contains_ignoring_case(v, "arxiv") => Kind::Misc,
        Some(v) if is_journal(v) => Kind::Article,
        Some(_) => Kind::InProceedings,
    }
}

fn is_journal(venue: &str) -> bool {
    ["journal", "transactions", "jmlr", "tmlr", "nature", "science", "letters", "review"]
        .iter()
        .any(|w| contains_ignoring_case(venue, w))
}

/// Whether `text` contains `part` (lower-case ASCII) in any case, as a part of a word or not; no
/// lower-cased copy of `text` is made (this runs five times for every paper of a build).
fn contains_ignoring_case(text: &str, part: &str) -> bool {
    text.as_bytes().windows(part.len()).any(|window| window.eq_ignore_ascii_case(part.as_bytes()))
}

/// Plain links from raw ones; `refuse(name, url, offset)` is called for each unsafe one, which
/// is dropped (`javascript:` and other schemes; arXiv ids and DOIs are exempt).
fn resolve_links(raw: RawLinks, mut refuse: impl FnMut(&str, &str, usize)) -> Links {
    let mut check = |name: &str, field: Field, id_allowed: bool| {
        let field = field?;
        let url = field.get_ref().trim();
        if id_allowed && !has_scheme(url) {
            Some(strip_id_prefix(url).to_owned())
        } else if is_safe_link(url) {
            Some(url.to_owned())
        } else {
            refuse(name, url, field.span().start);
            None
        }
    };
    Links {
        pdf: check("pdf", raw.pdf, false),
        arxiv: check("arxiv", raw.arxiv, true).map(ArxivId::new),
        doi: check("doi", raw.doi, true).map(Doi::new),
        code: check("code", raw.code, false),
        project: check("project", raw.project, false),
        slides: check("slides", raw.slides, false),
        video: check("video", raw.video, false),
        poster: check("poster", raw.poster, false),
        supp: check("supp", raw.supp, false),
        blog: check("blog", raw.blog, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Paper, Vec<Diagnostic>> {
        parse(Path::new("content/papers/swa.md"), text)
    }

    const GOOD: &str = "+++\ntitle = \"Averaging Weights\"\ndate = 2018-03-14\nauthors = [\"A\", \"B\"]\net_al = true\ntopics = [\"LG\"]\n[links]\ncode = \"https://github.com/x/y\"\n+++\nDeep *nets*.\n";

    #[test]
    fn id_prefixes_are_matched_on_character_boundaries() {
        // Found by tests/properties.rs: a multi-byte character across byte 4 used to panic.
        assert_eq!(strip_id_prefix("d\u{feff}oi:10.1/y"), "d\u{feff}oi:10.1/y");
        assert_eq!(strip_id_prefix("éarxiv:1"), "éarxiv:1");
        assert_eq!(strip_id_prefix("DOI: 10.1/y"), "10.1/y");
    }

    #[test]
    fn a_good_paper_parses() {
        let p = parse_str(GOOD).unwrap();
        assert_eq!(p.slug.as_str(), "swa");
        assert_eq!(p.title, "Averaging Weights");
        assert_eq!(p.date.map(|d| d.iso()).as_deref(), Some("2018-03-14"));
        assert_eq!(p.year(), Some(2018));
        assert_eq!(p.authors, ["A", "B"]);
        assert!(p.et_al);
        assert_eq!(p.topics[0].0.as_str(), "LG");
        assert_eq!(p.links.code.as_deref(), Some("https://github.com/x/y"));
        assert_eq!(p.abstract_html, "<p>Deep <em>nets</em>.</p>\n");
    }

    #[test]
    fn split_finds_fences_and_offsets() {
        let f = split_front_matter("+++\na = 1\n+++\nbody").unwrap();
        assert_eq!(f.toml, "a = 1\n");
        assert_eq!(f.toml_offset, 4);
        assert_eq!(f.body, "body");
        assert_eq!(f.body_offset, 14);
    }

    #[test]
    fn split_accepts_bom_and_crlf() {
        let f = split_front_matter("\u{feff}+++\r\na = 1\r\n+++\r\nbody").unwrap();
        assert_eq!(f.toml, "a = 1\r\n");
        assert_eq!(f.body, "body");
    }

    #[test]
    fn missing_and_unclosed_fences() {
        assert!(split_front_matter("title = \"x\"\n").unwrap_err().0.contains("does not start"));
        assert!(split_front_matter("+++\ntitle = \"x\"\n").unwrap_err().0.contains("not closed"));
        assert!(split_front_matter("").is_err());
    }

    #[test]
    fn unterminated_string_names_its_line() {
        let text = GOOD.replace("\"Averaging Weights\"", "\"Averaging Weights");
        let errors = parse_str(&text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].location.unwrap().line, 2, "{}", errors[0]);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let text = GOOD.replace("et_al = true", "etal = true");
        let errors = parse_str(&text).unwrap_err();
        assert!(errors[0].message.contains("unknown field `etal`"), "{}", errors[0]);
        assert_eq!(errors[0].location.unwrap().line, 5);
    }

    #[test]
    fn missing_title_is_refused() {
        let text = GOOD.replace("title = \"Averaging Weights\"\n", "");
        let errors = parse_str(&text).unwrap_err();
        assert!(errors[0].message.contains("missing field `title`"), "{}", errors[0]);
    }

    #[test]
    fn bad_dates_are_refused() {
        for (date, expect) in [
            ("2018-02-30", "invalid date"),
            ("\"2018-02-30\"", "not a real date"),
            ("\"Mar 14\"", "is not a year, month or day"),
            ("14", "not a year between 1000 and 9999"),
            ("true", "must be a date or a year"),
        ] {
            let text = GOOD.replace("2018-03-14", date);
            let errors = parse_str(&text).unwrap_err();
            assert!(errors[0].message.contains(expect), "{date}: {}", errors[0]);
            assert_eq!(errors[0].location.unwrap().line, 3);
        }
    }

    #[test]
    fn a_paper_without_a_date_needs_a_status() {
        let undated = GOOD.replace("date = 2018-03-14\n", "");
        let errors = parse_str(&undated).unwrap_err();
        assert!(errors[0].message.contains("has no date"), "{}", errors[0]);
        let p = parse_str(&undated.replace("et_al = true", "status = \"in review\"")).unwrap();
        assert_eq!((p.date, p.year(), p.status.as_deref()), (None, None, Some("in review")));
    }

    #[test]
    fn string_dates_are_accepted() {
        let p = parse_str(&GOOD.replace("2018-03-14", "\"2018-03-14\"")).unwrap();
        assert_eq!(p.year(), Some(2018));
    }

    #[test]
    fn several_problems_are_reported_together() {
        let text = GOOD
            .replace("2018-03-14", "\"Mar 14\"")
            .replace("https://github.com/x/y", "javascript:alert(1)")
            .replace("Averaging Weights", " ");
        assert_eq!(parse_str(&text).unwrap_err().len(), 3);
    }

    #[test]
    fn ids_are_accepted_but_not_as_a_way_around_schemes() {
        let text =
            GOOD.replace("[links]\n", "[links]\narxiv = \"arXiv:1803.05407\"\ndoi = \"10.1000/a:b\"\n");
        let p = parse_str(&text).unwrap();
        assert_eq!(p.links.arxiv.as_ref().map(ToString::to_string).as_deref(), Some("1803.05407"));
        assert_eq!(p.links.doi.as_ref().map(ToString::to_string).as_deref(), Some("10.1000/a:b"));
        let text = GOOD.replace("[links]\n", "[links]\narxiv = \"javascript:alert(1)\"\n");
        let errors = parse_str(&text).unwrap_err();
        assert!(errors[0].message.contains("links.arxiv"), "{}", errors[0]);
        assert_eq!(errors[0].location.unwrap().line, 8);
    }

    #[test]
    fn link_schemes() {
        assert!(is_safe_link("https://x.org/a.pdf"));
        assert!(is_safe_link("files/a.pdf"));
        assert!(is_safe_link("/files/a.pdf"));
        assert!(is_safe_link("a/b:c"));
        assert!(!is_safe_link("javascript:alert(1)"));
        assert!(!is_safe_link(" JavaScript:alert(1)"));
        assert!(!is_safe_link("data:text/html,x"));
        assert!(!is_safe_link("//evil.org/x"));
    }
}
