//! Property tests of the parsers that read what users write or paste: any input gives a value or
//! a clear error, never a panic, a hang or output out of proportion to the input. The fuzz
//! targets in `fuzz/` run the same functions for longer (see the README).
//!
//! Each property runs `CASES` cases (override with PROPTEST_CASES); inputs mix arbitrary text
//! with the tokens these formats give meaning to, so that cases reach past the first check.

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use pubsite::base::taxonomy::Slug;
use pubsite::base::{latex, markdown};
use pubsite::commands::import;
use pubsite::model::paper;
use scraper::{ElementRef, Html};

const CASES: u32 = 512;

/// A case that takes longer than this is a failure (a hang in the making).
const DEADLINE: Duration = Duration::from_secs(2);

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text made of `tokens` and arbitrary characters.
fn text_of(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(tokens).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z ]{1,8}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}

const FRONT_MATTER_TOKENS: &[&str] = &[
    "+++",
    "+++\n",
    "\n",
    "\u{feff}",
    "title = ",
    "date = ",
    "2024-03-14",
    "2024-02-30",
    "\"",
    "'''",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    "authors = [\"A\", \"B\"]",
    "topics = [\"LG\"]",
    "[links]\n",
    "pdf = ",
    "doi = ",
    "arxiv = ",
    "javascript:",
    "https://",
    "\\emph{x}",
    "$x^2$",
    "$\\frac{",
    "#",
    "\r\n",
    "\t",
    "é",
    "2021",
    "\"2021-07\"",
    "\"2021-13\"",
    "status = \"in review\"\n",
    "authors = [\"A*\", \"B†\", \"*\"]",
    "volume = ",
    "pages = \"1--9\"\n",
    "isbn = \"978-3-16-148410-0\"\n",
    "issn = ",
    "url = ",
    "preview = ",
    "abbr = \"X\"\n",
    "editors = [\"E\"]\n",
    "not_duplicate_of = [\"p\"]\n",
    "supp = ",
    "title = \"A $\\ell_1$ B\"\n",
];

const BIBTEX_TOKENS: &[&str] = &[
    "@article{",
    "@inproceedings(",
    "@string{",
    "@comment{",
    "@preamble{",
    "key,",
    "}",
    "{",
    ")",
    "(",
    "\"",
    "title = ",
    "author = ",
    " and ",
    "others",
    "year = ",
    "2021",
    "month = jan",
    "date = ",
    "2020-13-01",
    "journal = ",
    "doi = ",
    "url = ",
    "https://arxiv.org/abs/2101.00001",
    "javascript:alert(1)",
    "eprint = ",
    "crossref = ",
    "abstract = ",
    "#",
    ",",
    "\n",
    "\\\"o",
    "{\\'e}",
    "\\emph{",
    "$x$",
    "%",
    "=",
    "@",
    " AND ",
    "Shang*",
    "Doe$^*$",
    "Lee\\textsuperscript{\\dag}",
    "\\(O(n)\\)",
    "{\\'\\i}",
    "\\apj",
    "year = {In review}",
    "volume = ",
    "pages = ",
    "publisher = ",
    "editor = ",
    "isbn = ",
    "selected = {true}",
    "abbr = ",
    "pdf = {a.pdf}",
    "code = ",
    "preview = ",
    "ee = ",
    "howpublished = {\\url{https://doi.org/10.1/x}}",
    "arXiv preprint arXiv:2309.16292",
];

/// Field values: text with the characters TOML, BibTeX and HTML treat specially.
const FIELD_TOKENS: &[&str] = &[
    r#"{\"o}"#,
    r"{\'e}",
    r"\emph{x}",
    "\"",
    "'",
    "'''",
    r#"""""#,
    r"\\",
    "<script>",
    "javascript:alert(1)",
    "https://x.org/a.pdf",
    "10.1000/x",
    "doi:10.1/y",
    "https://doi.org/10.2/z",
    "$x$",
    r"$\alpha$",
    "#",
    "%",
    "&",
    "~",
    "--",
    "\n",
    "+++",
    "\n+++\n",
    "[",
    "]",
    "=",
    ",",
    "{}",
    "{A}",
    " ",
    "é",
    "\t",
    "others",
];

const LATEX_TOKENS: &[&str] = &[
    "\\",
    "{",
    "}",
    "\\\"",
    "\\'",
    "\\`",
    "\\^",
    "\\~",
    "\\c",
    "\\v",
    "\\emph",
    "\\textbf",
    "\\ss",
    "\\o",
    "\\&",
    "--",
    "---",
    "``",
    "''",
    "~",
    "$",
    "a",
    "\\i",
    "\\j",
    "{\\",
    "\\unicode{x2013}",
];

const MARKDOWN_TOKENS: &[&str] = &[
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "JaVaScRiPt:",
    "data:",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "\"",
    "'",
    "onmouseover=",
    "$",
    "$$",
    "\\frac{1}{2}",
    "\\href{",
    "\\text{",
    "\\emph{",
    "\\unicode{x2013}",
    "`",
    "*",
    "_",
    "\n",
    "\n\n",
    "    ",
    "|",
    "---",
    "&#106;",
    "&amp;",
    "doi:10.1/x",
    "https://x.org/",
    "mailto:a@b",
    "//evil.org",
    "\\",
    "{",
    "}",
    "^",
    "#",
];

/// Fails when `f` takes longer than `DEADLINE`.
fn timed<T>(what: &str, input: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    assert!(started.elapsed() < DEADLINE, "{what} took {:?} on {input:?}", started.elapsed());
    value
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_split_gives_slices_of_the_input(text in text_of(FRONT_MATTER_TOKENS, 40)) {
        match timed("split_front_matter", &text, || paper::split_front_matter(&text)) {
            Ok(front) => {
                prop_assert_eq!(front.toml, &text[front.toml_offset..front.toml_offset + front.toml.len()]);
                prop_assert_eq!(front.body, &text[front.body_offset..]);
            }
            Err((message, offset, hint)) => {
                prop_assert!(offset <= text.len());
                prop_assert!(!message.is_empty() && !hint.is_empty());
            }
        }
    }

    #[test]
    fn paper_files_parse_or_fail_with_lines_inside_the_file(text in text_of(FRONT_MATTER_TOKENS, 60)) {
        let path = Path::new("content/papers/p.md");
        if let Err(problems) = timed("paper::parse", &text, || paper::parse(path, &text)) {
            prop_assert!(!problems.is_empty());
            let lines = text.split('\n').count();
            for problem in problems {
                let shown = problem.to_string();
                prop_assert!(shown.contains("content/papers/p.md"), "{}", shown);
                if let Some(line) = problem.location.as_ref().map(|l| l.line) {
                    prop_assert!(line >= 1 && line <= lines, "line {} of {}: {}", line, lines, shown);
                }
            }
        }
    }

    #[test]
    fn imported_entries_become_paper_files_that_parse(text in text_of(BIBTEX_TOKENS, 60)) {
        let files = timed("import::paper_files", &text, || import::paper_files(&text));
        for (key, file) in files {
            let Ok(file) = file else { continue };
            let path = Path::new("content/papers/imported.md");
            if let Err(problems) = paper::parse(path, &file) {
                // Math in an abstract is the one thing the importer passes through unchecked.
                for problem in problems {
                    let shown = problem.to_string();
                    prop_assert!(shown.contains("cannot render math"), "entry {}: {}\n{}", key, shown, file);
                }
            }
        }
    }

    #[test]
    fn structured_entries_import_and_parse(
        kind in proptest::sample::select(&["article", "inproceedings", "book", "misc", "phdthesis", "online"][..]),
        title in text_of(FIELD_TOKENS, 12),
        authors in proptest::collection::vec(text_of(FIELD_TOKENS, 6), 0..4),
        year in 1000u32..3000,
        venue in text_of(FIELD_TOKENS, 8),
        doi in text_of(FIELD_TOKENS, 6),
        url in text_of(FIELD_TOKENS, 6),
        abstract_text in text_of(FIELD_TOKENS, 20),
    ) {
        let text = format!(
            "@{kind}{{k1,\n  title = {{{title}}},\n  author = {{{}}},\n  year = {year},\n  journal = {{{venue}}},\n  doi = {{{doi}}},\n  url = {{{url}}},\n  abstract = {{{abstract_text}}}\n}}\n",
            authors.join(" and ")
        );
        let files = timed("import::paper_files", &text, || import::paper_files(&text));
        prop_assert_eq!(files.len(), 1);
        if let (_, Ok(file)) = &files[0] {
            if let Err(problems) = paper::parse(Path::new("content/papers/imported.md"), file) {
                for problem in problems {
                    let shown = problem.to_string();
                    prop_assert!(shown.contains("cannot render math"), "{}\n{}\n{}", shown, file, text);
                }
            }
        }
    }

    #[test]
    fn entries_with_marks_and_parentheses_and_math_titles_keep_their_authors(
        paren in any::<bool>(),
        upper_and in any::<bool>(),
        names in proptest::collection::vec(("[A-Z][a-z]{1,8}", "[A-Z][a-z]{1,8}", 0usize..4), 1..5),
        math in proptest::sample::select(&["", " $\\ell_1$", " \\(O(n \\log n)\\)", " $x^2$"][..]),
        year in proptest::sample::select(&["2021", "{In review}", "{to appear}", "2019"][..]),
    ) {
        // Marks as exporters write them after a family name: none, `*`, `$^*$`, `\textsuperscript{\dag}`.
        const MARKS: [(&str, &str); 4] = [("", ""), ("*", "*"), ("$^*$", "*"), ("\\textsuperscript{\\dag}", "†")];
        let written: Vec<String> =
            names.iter().map(|(family, given, mark)| format!("{family}{}, {given}", MARKS[*mark].0)).collect();
        let joiner = if upper_and { " AND " } else { " and " };
        let (open, close) = if paren { ('(', ')') } else { ('{', '}') };
        let text = format!(
            "@article{open}k1,\n  title = {{A Title{math}}},\n  author = {{{}}},\n  journal = {{J}},\n  year = {year}\n{close}\n",
            written.join(joiner)
        );
        let files = import::paper_files(&text);
        prop_assert_eq!(files.len(), 1, "{}", text);
        let file = files[0].1.as_ref().map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let paper = paper::parse(Path::new("content/papers/k.md"), file)
            .map_err(|e| TestCaseError::fail(format!("{e:?}\n{file}")))?;
        let expected: Vec<String> =
            names.iter().map(|(family, given, _)| format!("{given} {family}")).collect();
        prop_assert_eq!(&paper.authors, &expected, "{}", file);
        for ((_, _, mark), marks) in names.iter().zip(&paper.marks) {
            prop_assert_eq!(marks.equal, MARKS[*mark].1 == "*", "{}", file);
            prop_assert_eq!(marks.corresponding, MARKS[*mark].1 == "†", "{}", file);
        }
        prop_assert_eq!(paper.title_html.is_some(), !math.is_empty(), "{}", file);
        prop_assert_eq!(paper.date.is_none(), year.starts_with('{'), "{}", file);
    }

    #[test]
    fn latex_cleaning_never_grows_out_of_proportion(text in text_of(LATEX_TOKENS, 80)) {
        let clean = timed("latex::to_unicode", &text, || latex::to_unicode(&text));
        prop_assert!(clean.len() <= 4 * text.len() + 16, "{} -> {} bytes", text.len(), clean.len());
    }

    #[test]
    fn slugs_are_url_safe(text in any::<String>()) {
        let slug = Slug::from_stem(&text);
        prop_assert!(slug.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", slug);
        prop_assert!(!slug.as_str().starts_with('-') && !slug.as_str().ends_with('-'), "{}", slug);
    }

    #[test]
    fn markdown_never_emits_script_handlers_or_script_links(text in text_of(MARKDOWN_TOKENS, 50)) {
        if let Ok(rendered) = timed("markdown::render", &text, || markdown::render(&text)) {
            prop_assert!(rendered.html.len() <= 64 * text.len() + 64, "{} -> {} bytes", text.len(), rendered.html.len());
            let doc = Html::parse_fragment(&rendered.html);
            for element in doc.root_element().descendants().filter_map(ElementRef::wrap) {
                prop_assert!(!matches!(element.value().name(), "script" | "iframe" | "object" | "embed" | "style"),
                    "{} from {:?}", rendered.html, text);
                for (name, value) in element.value().attrs() {
                    prop_assert!(!name.starts_with("on"), "{} from {:?}", rendered.html, text);
                    // Text attributes (alt, title) may say anything; URLs may not run code.
                    if !matches!(name, "href" | "src" | "srcset" | "action" | "formaction" | "data" | "poster") {
                        continue;
                    }
                    let squashed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                    let lower = squashed.to_ascii_lowercase();
                    prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:") && !lower.starts_with("vbscript:"),
                        "{} from {:?}", rendered.html, text);
                }
            }
        }
    }
}

/// A record as a .bib entry: every field pubsite keeps, written as researchers' files write
/// them.
#[derive(Debug, Clone)]
struct Record {
    kind: &'static str,
    title: String,
    authors: Vec<(String, String)>,
    et_al: bool,
    date: (u32, Option<u32>, Option<u32>),
    venue: String,
    fields: Vec<(&'static str, String)>,
    abstract_text: Option<String>,
}

fn record() -> impl Strategy<Value = Record> {
    let word = "[A-Z][a-z]{2,8}|[a-z]{3,9}|[A-Z]{2,5}|GPUs|Café|Müller|R&D|50%";
    let name = "[A-Z][a-z]{1,8}";
    let optional = |value: &'static str| proptest::option::of(value);
    (
        proptest::sample::select(
            &["article", "inproceedings", "incollection", "book", "phdthesis", "techreport", "misc"][..],
        ),
        proptest::collection::vec(word, 1..8),
        proptest::collection::vec((name, name), 1..5),
        any::<bool>(),
        (1990u32..2030, proptest::option::of(1u32..13), proptest::option::of(1u32..29)),
        proptest::collection::vec(word, 1..5),
        (
            optional("[1-9][0-9]{0,2}"),
            optional("[1-9]"),
            optional("[1-9][0-9]{1,2}--[1-9][0-9]{2,3}|e[0-9]{4}"),
        ),
        (optional("[A-Z][a-z]{3,8} Press"), optional("[A-Z][a-z]{3,8}, [A-Z]{2}"), optional("[2-5]")),
        (
            optional("https://example\\.org/[a-z]{3,8}"),
            optional("10\\.[0-9]{4}/[a-z]{3,8}"),
            optional("2[0-4]0[1-9]\\.[0-9]{5}"),
        ),
        (
            optional("[A-Z]{2,6}"),
            optional("(Best Paper|Oral|Spotlight)"),
            any::<bool>(),
            optional("https://github\\.com/[a-z]{3,8}"),
        ),
        proptest::option::of(proptest::collection::vec(word, 3..20)),
    )
        .prop_map(
            |(
                kind,
                title,
                authors,
                et_al,
                date,
                venue,
                (volume, number, pages),
                (publisher, address, edition),
                (url, doi, eprint),
                (abbr, award, selected, code),
                abstract_words,
            )| {
                let mut fields = Vec::new();
                let mut push = |name: &'static str, value: Option<String>| {
                    if let Some(value) = value {
                        fields.push((name, value));
                    }
                };
                push("volume", volume);
                push("number", number);
                push("pages", pages);
                push("publisher", publisher);
                push("address", address);
                push("edition", edition);
                push("url", url);
                push("doi", doi);
                push("eprint", eprint);
                push("abbr", abbr);
                push("award", award);
                push("selected", selected.then(|| "true".to_owned()));
                push("code", code);
                let date = (date.0, date.1, date.1.and(date.2));
                Record {
                    kind,
                    title: title.join(" "),
                    authors,
                    et_al,
                    date,
                    venue: venue.join(" "),
                    fields,
                    abstract_text: abstract_words.map(|w| w.join(" ")),
                }
            },
        )
}

/// A record's BibTeX entry, LaTeX-escaped as files have it.
fn record_bib(r: &Record) -> String {
    let escape =
        |s: &str| s.replace('&', "\\&").replace('%', "\\%").replace("é", "{\\'e}").replace("ü", "{\\\"u}");
    let venue_field = match r.kind {
        "article" => "journal",
        "inproceedings" | "incollection" => "booktitle",
        "phdthesis" => "school",
        "techreport" => "institution",
        _ => "howpublished",
    };
    let mut authors: Vec<String> = r.authors.iter().map(|(g, f)| format!("{f}, {g}")).collect();
    if r.et_al {
        authors.push("others".into());
    }
    let mut text = format!(
        "@{}{{k,\n  title = {{{}}},\n  author = {{{}}},\n  year = {{{}}},\n  {venue_field} = {{{}}}",
        r.kind,
        escape(&r.title),
        authors.join(" and "),
        r.date.0,
        escape(&r.venue)
    );
    if let Some(month) = r.date.1 {
        text.push_str(&format!(",\n  month = {{{month}}}"));
    }
    if let Some(day) = r.date.2 {
        text.push_str(&format!(",\n  day = {{{day}}}"));
    }
    for (name, value) in &r.fields {
        text.push_str(&format!(",\n  {name} = {{{}}}", escape(value)));
    }
    if let Some(abstract_text) = &r.abstract_text {
        text.push_str(&format!(",\n  abstract = {{{}}}", escape(abstract_text)));
    }
    text.push_str("\n}\n");
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..config() })]

    /// Import a record, export the paper as BibTeX, import that: the two paper files are equal.
    #[test]
    fn a_record_comes_back_whole_through_bibtex(r in record()) {
        let bib = record_bib(&r);
        let first = import::paper_files(&bib);
        prop_assert_eq!(first.len(), 1, "{}", bib);
        let file = first[0].1.clone().map_err(|e| TestCaseError::fail(format!("{e}\n{bib}")))?;
        let paper = paper::parse(Path::new("content/papers/k.md"), &file)
            .map_err(|e| TestCaseError::fail(format!("{e:?}\n{file}")))?;
        let exported = pubsite::scholar::bibtex(&paper, paper.key.as_deref().unwrap_or("k"), "https://me.example.org/papers/k/", pubsite::scholar::BibtexFor::Export);
        let second = import::paper_files(&exported);
        prop_assert_eq!(second.len(), 1, "{}", exported);
        let again = second[0].1.clone().map_err(|e| TestCaseError::fail(format!("{e}\n{exported}")))?;
        prop_assert_eq!(&again, &file, "\n--- the .bib\n{}\n--- exported\n{}", bib, exported);
    }
}
