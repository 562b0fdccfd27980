//! Formatted references (APA, IEEE, Chicago author-date) through hayagriva's CSL processor,
//! from a paper's BibTeX entry.

use hayagriva::archive::{locales, ArchivedStyle, LOCALES};
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::{BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest};
use serde::Serialize;

/// The citation styles, decoded once per build.
pub struct Citer {
    styles: Vec<(&'static str, IndependentStyle)>,
    locales: Vec<Locale>,
}

/// A reference formatted in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub style: &'static str,
    /// HTML (hayagriva escapes the text; italics as `<i>`).
    pub html: String,
}

impl Default for Citer {
    fn default() -> Self {
        let style = |s: ArchivedStyle| match s.get() {
            Style::Independent(style) => Some(style),
            Style::Dependent(_) => None,
        };
        let styles = [
            ("APA", ArchivedStyle::AmericanPsychologicalAssociation),
            ("IEEE", ArchivedStyle::InstituteOfElectricalAndElectronicsEngineers),
            ("Chicago", ArchivedStyle::ChicagoAuthorDate),
        ]
        .into_iter()
        .filter_map(|(name, s)| style(s).map(|s| (name, s)))
        .collect();
        Citer { styles, locales: english_locale() }
    }
}

impl Citer {
    /// The references of the (single) entry in `bibtex`, whose values must already be
    /// HTML-escaped (hayagriva writes text into its HTML as it is); empty if hayagriva cannot
    /// read it.
    pub fn references(&self, bibtex: &str) -> Vec<Reference> {
        let Some(library) = read(bibtex) else {
            return Vec::new();
        };
        // Chicago author-date prints "Special issue" for proceedings; as a journal-like entry it
        // reads as expected.
        let as_article =
            bibtex.replacen("@inproceedings{", "@article{", 1).replacen("  booktitle = ", "  journal = ", 1);
        let Some(article_library) = read(&as_article) else {
            return Vec::new();
        };
        self.styles
            .iter()
            .filter_map(|(name, style)| {
                let library = if *name == "Chicago" { &article_library } else { &library };
                let entry = library.iter().next()?;
                let mut driver = BibliographyDriver::new();
                driver.citation(CitationRequest::from_items(
                    vec![CitationItem::with_entry(entry)],
                    style,
                    &self.locales,
                ));
                let rendered = driver.finish(BibliographyRequest::new(style, None, &self.locales));
                let item = rendered.bibliography?.items.into_iter().next()?;
                let mut html = String::new();
                item.content.write_buf(&mut html, BufWriteFormat::Html).ok()?;
                Some(Reference { style: name, html: tidy(&html) })
            })
            .collect()
    }
}

/// The en-US locale alone: decoding all of hayagriva's locales takes a quarter of a second.
fn english_locale() -> Vec<Locale> {
    let en_us = LOCALES
        .iter()
        .find(|bytes| bytes.windows(5).take(400).any(|w| w == b"en-US"))
        .and_then(|bytes| ciborium::de::from_reader::<Locale, _>(*bytes).ok());
    match en_us {
        Some(locale) => vec![locale],
        None => locales(),
    }
}

fn read(bibtex: &str) -> Option<hayagriva::Library> {
    hayagriva::io::from_biblatex_str(bibtex).ok().filter(|l| l.len() == 1)
}

/// Fixes hayagriva's known blemishes: doubled spaces, and "(2024,)" for a date with no month.
fn tidy(html: &str) -> String {
    let mut out = html.replace(",)", ")");
    while out.contains("  ") {
        out = out.replace("  ", " ");
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_english_locale_is_loaded() {
        let citer = Citer::default();
        assert_eq!(citer.locales.len(), 1);
        assert_eq!(citer.locales[0].lang.as_ref().map(|l| l.to_string()).as_deref(), Some("en-US"));
    }

    #[test]
    fn three_styles_from_one_entry() {
        let bib = "@inproceedings{swa,\n  title = {Averaging Weights Leads},\n  author = {Izmailov, Pavel and Wilson, Andrew Gordon},\n  year = {2018},\n  month = mar,\n  booktitle = {UAI 2018},\n  url = {https://x.org/p/}\n}\n";
        let refs = Citer::default().references(bib);
        let styles: Vec<&str> = refs.iter().map(|r| r.style).collect();
        assert_eq!(styles, ["APA", "IEEE", "Chicago"]);
        for r in &refs {
            assert!(r.html.contains("Izmailov"), "{}: {}", r.style, r.html);
        }
        assert!(!refs[2].html.contains("Special issue"), "{}", refs[2].html);
    }
}
