//! The hand-written APA, IEEE and Chicago formatter (`src/citation.rs`) checked against a CSL
//! processor, hayagriva, on every paper of the example site and of the fixtures: for each style,
//! both must hold the same words (names, year, title, venue, DOI or URL), apart from a short list
//! of style words on which they differ on purpose ("et al." where hayagriva writes "others", the
//! month hayagriva leaves out, its "ahead of print" for articles without a volume).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::{BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest};
use pubsite::model::paper::Paper;
use pubsite::scholar::{self, citation};

fn style(archived: ArchivedStyle) -> IndependentStyle {
    match archived.get() {
        Style::Independent(style) => style,
        Style::Dependent(_) => panic!("an independent style"),
    }
}

fn english() -> Vec<Locale> {
    let bytes = LOCALES.iter().find(|b| b.windows(5).take(400).any(|w| w == b"en-US")).unwrap();
    vec![ciborium::de::from_reader::<Locale, _>(*bytes).unwrap()]
}

/// hayagriva's reference for the single entry in `bibtex`, as HTML.
fn hayagriva(bibtex: &str, style: &IndependentStyle, locales: &[Locale]) -> String {
    let library = hayagriva::io::from_biblatex_str(bibtex).unwrap();
    let entry = library.iter().next().unwrap();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(vec![CitationItem::with_entry(entry)], style, locales));
    let rendered = driver.finish(BibliographyRequest::new(style, None, locales));
    let item = rendered.bibliography.unwrap().items.into_iter().next().unwrap();
    let mut html = String::new();
    item.content.write_buf(&mut html, BufWriteFormat::Html).unwrap();
    html
}

/// The words of a reference: tags dropped, entities decoded, lower case, letters and digits.
fn words(html: &str) -> BTreeSet<String> {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

const MONTHS: [&str; 24] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "sept",
];
/// Words only hayagriva writes.
const THEIRS: [&str; 13] = [
    "others",
    "and",
    "dissertation",
    "ahead",
    "of",
    "print",
    "online",
    "available",
    "special",
    "issue",
    "technical",
    "report",
    "doctoral",
];
/// Words only we write.
const OURS: [&str; 12] =
    ["et", "al", "in", "tech", "rep", "ph", "d", "dissertation", "phd", "diss", "m", "s"];

fn papers_of(root: &Path) -> Vec<Paper> {
    let dir = root.join("content/papers");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            pubsite::model::paper::parse(Path::new(p.file_name().unwrap()), &text).unwrap()
        })
        .collect()
}

#[test]
fn references_hold_the_same_words_as_hayagriva_writes() {
    let locales = english();
    let styles = [
        ("APA", style(ArchivedStyle::AmericanPsychologicalAssociation)),
        ("IEEE", style(ArchivedStyle::InstituteOfElectricalAndElectronicsEngineers)),
        ("Chicago", style(ArchivedStyle::ChicagoAuthorDate)),
    ];
    let mut papers = papers_of(&common::repo());
    papers.extend(papers_of(&common::fixture("minimal")));
    // One of each kind that the example site lacks.
    // One of each kind that the example site lacks, and records with volume, issue, pages and
    // publisher.
    let kinds = [
        ("article", "Journal of Machine Learning Research", "", "doi = \"10.1145/123.456\""),
        ("inproceedings", "Advances in Neural Information Processing Systems", "", "doi = \"10.5555/1\""),
        ("inproceedings", "UAI 2018", "", "arxiv = \"1803.05407\""),
        ("techreport", "Royal Society", "", ""),
        ("phdthesis", "New York University", "", ""),
        (
            "article",
            "Genetics",
            "volume = \"181\"\nissue = \"4\"\npages = \"1353--1367\"\n",
            "doi = \"10.1534/genetics.108.094904\"",
        ),
        ("article", "Physical Review Letters", "volume = 128\npages = \"e041101\"\n", ""),
        (
            "inproceedings",
            "Proceedings of the 39th International Conference on Machine Learning",
            "volume = \"162\"\npages = \"11100--11120\"\npublisher = \"PMLR\"\n",
            "",
        ),
        (
            "inproceedings",
            "Findings of ACL",
            "pages = \"45--60\"\npublisher = \"Association for Computational Linguistics\"\n",
            "doi = \"10.18653/v1/x\"",
        ),
    ];
    for (i, (kind, venue, record, link)) in kinds.iter().enumerate() {
        let text = format!(
            "+++\ntitle = \"A Study of Kind {i}\"\ndate = 2019-07-0{}\nauthors = [\"Pavel Izmailov\", \"Andrew Gordon Wilson\"]\n\
             venue = \"{venue}\"\nkind = \"{kind}\"\n{record}[links]\n{link}\n+++\nText.\n",
            i + 1
        );
        papers.push(pubsite::model::paper::parse(Path::new(&format!("kind-{i}.md")), &text).unwrap());
    }
    let mut compared = 0;
    for paper in &papers {
        let url = format!("https://example.org/papers/{}/", paper.slug);
        let bibtex = scholar::bibtex(paper, "key", &url, scholar::BibtexFor::Citing);
        let ours = citation::references(paper, &url);
        for ((name, style), reference) in styles.iter().zip(&ours) {
            assert_eq!(*name, reference.style);
            let theirs = words(&hayagriva(&bibtex, style, &locales));
            let mine = words(&reference.html);
            let only_theirs: Vec<&String> = theirs
                .difference(&mine)
                .filter(|w| !THEIRS.contains(&w.as_str()) && !MONTHS.contains(&w.as_str()))
                .collect();
            // hayagriva's IEEE style leaves the date out of references without a venue.
            let year = paper.year().map(|y| y.to_string()).unwrap_or_default();
            // ... and the institution of reports and theses, which these styles name.
            let venue = words(paper.venue.as_deref().unwrap_or_default());
            // ... and the publisher of a paper in proceedings, which hayagriva's reading of
            // BibTeX does not give the proceedings (Chicago and APA name it).
            let publisher = words(paper.record.publisher.as_deref().unwrap_or_default());
            let only_mine: Vec<&String> = mine
                .difference(&theirs)
                .filter(|w| {
                    !OURS.contains(&w.as_str())
                        && !MONTHS.contains(&w.as_str())
                        && **w != year
                        && !venue.contains(*w)
                        && !publisher.contains(*w)
                })
                .collect();
            assert!(
                only_theirs.is_empty() && only_mine.is_empty(),
                "{} {name}:\n  ours:      {}\n  hayagriva: {}\n  only hayagriva: {only_theirs:?}\n  only ours: {only_mine:?}",
                paper.slug,
                reference.html,
                hayagriva(&bibtex, style, &locales),
            );
            compared += 1;
        }
    }
    assert!(compared >= 3 * 40, "{compared} references compared");
}
