//! Formatted references in three styles (APA 7, IEEE, Chicago author-date) for a paper's "Cite"
//! section, written straight from the paper's fields.
//!
//! A CSL processor (hayagriva) did this first, at about 5 ms per paper: most of a full build. The
//! fields a paper has are few (authors, title, date, venue, kind, DOI, URL), so each style is a
//! short function here; `tests/citations.rs` checks every example paper against hayagriva's
//! output for the same entry (same names in the same order, same year, same title and venue).

use std::borrow::Cow;

use serde::Serialize;

use crate::paper::{Kind, Paper};
use crate::scholar::{doi_of, kind_of, split_name};
use crate::theme::escape_html;

/// A reference formatted in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub style: &'static str,
    /// HTML: escaped text, the title or venue in `<i>`, the DOI or URL as a link.
    pub html: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// IEEE abbreviates months of more than four letters.
const IEEE_MONTHS: [&str; 12] =
    ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."];

/// What the three styles read from a paper.
struct Source<'a> {
    /// (family, given) of each author, in order.
    authors: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    et_al: bool,
    title: &'a str,
    year: i32,
    month: usize,
    venue: Option<&'a str>,
    kind: Kind,
    /// `https://doi.org/...` when the paper has a DOI.
    doi: Option<String>,
    /// Where to read the paper (its PDF or its page).
    url: &'a str,
}

/// The paper's references in APA, IEEE and Chicago style; `url` is where it can be read.
pub fn references(paper: &Paper, url: &str) -> Vec<Reference> {
    let source = Source {
        authors: paper.authors.iter().map(|a| split_name(a)).collect(),
        et_al: paper.et_al,
        title: &paper.title,
        year: paper.year(),
        month: chrono::Datelike::month0(&paper.date) as usize,
        venue: paper.venue.as_deref(),
        kind: kind_of(paper),
        doi: paper.links.doi.as_deref().map(|d| format!("https://doi.org/{}", doi_of(d))),
        url,
    };
    vec![
        Reference { style: "APA", html: apa(&source) },
        Reference { style: "IEEE", html: ieee(&source) },
        Reference { style: "Chicago", html: chicago(&source) },
    ]
}

/// `Jean-Paul Marie` -> `J.-P. M.`: the first letter of each hyphenated part, words joined by a
/// space. (Written into one string: as a `Vec` of parts per word this was most of a reference's
/// time.)
fn initials(given: &str) -> String {
    let mut out = String::with_capacity(given.len());
    for (i, word) in given.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut first = true;
        for letter in word.split('-').filter_map(|part| part.chars().next()) {
            if !first {
                out.push('-');
            }
            out.push(letter);
            out.push('.');
            first = false;
        }
    }
    out
}

fn italic(text: &str) -> String {
    format!("<i>{}</i>", escape_html(text))
}

fn link(url: &str) -> String {
    let url = escape_html(url);
    format!("<a href=\"{url}\">{url}</a>")
}

/// `title` in italics, followed by `mark` unless the title ends with a sentence mark.
fn italic_closed(title: &str, mark: char) -> String {
    if title.ends_with(['?', '!', '.']) {
        italic(title)
    } else {
        format!("{}{mark}", italic(title))
    }
}

/// `text` followed by `mark` unless it already ends with a sentence mark (`?`, `!`, `.`).
fn closed(text: &str, mark: char) -> String {
    if text.ends_with(['?', '!', '.']) {
        text.to_owned()
    } else {
        format!("{text}{mark}")
    }
}

/// Joins names as `a, b, and c` (`serial` comma) or `a and b`.
fn join_and(names: &[String], conjunction: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conjunction} {b}"),
        [rest @ .., last] => format!("{}, {conjunction} {last}", rest.join(", ")),
    }
}

/// APA 7: `Family, G. G., Family, G., & Family, G. (2018). Title. <i>Venue</i>. https://doi.org/…`
fn apa(s: &Source) -> String {
    let name = |(family, given): &(Cow<str>, Cow<str>)| {
        if given.is_empty() {
            escape_html(family)
        } else {
            escape_html(&format!("{family}, {}", initials(given)))
        }
    };
    let names: Vec<String> = s.authors.iter().map(name).collect();
    let mut authors = if names.len() > 20 {
        format!("{}, … {}", names[..19].join(", "), names[names.len() - 1])
    } else if s.et_al {
        let mut list = names.join(", ");
        list.push_str(", et al.");
        list
    } else if names.len() >= 2 {
        format!("{}, &amp; {}", names[..names.len() - 1].join(", "), names[names.len() - 1])
    } else {
        names.join("")
    };
    let mut out = String::new();
    if !authors.is_empty() {
        if !authors.ends_with('.') {
            authors.push('.');
        }
        out.push_str(&authors);
        out.push(' ');
    }
    let date = match s.kind {
        Kind::Article | Kind::Book | Kind::PhdThesis | Kind::MastersThesis | Kind::TechReport => {
            format!("({}).", s.year)
        }
        _ => format!("({}, {}).", s.year, MONTHS[s.month]),
    };
    out.push_str(&date);
    out.push(' ');
    match (s.kind, s.venue) {
        (Kind::PhdThesis | Kind::MastersThesis, venue) => {
            let what = if s.kind == Kind::PhdThesis { "Doctoral dissertation" } else { "Master’s thesis" };
            let at = venue.map(|v| format!(", {}", escape_html(v))).unwrap_or_default();
            out.push_str(&format!("{} [{what}{at}].", italic(s.title)));
        }
        (Kind::TechReport, venue) => {
            out.push_str(&format!("{} [Technical report].", italic(s.title)));
            if let Some(venue) = venue {
                out.push_str(&format!(" {}.", escape_html(venue)));
            }
        }
        (_, Some(venue)) => {
            out.push_str(&format!("{} {}.", escape_html(&closed(s.title, '.')), italic(venue)));
        }
        (_, None) => out.push_str(&italic_closed(s.title, '.')),
    }
    out.push(' ');
    out.push_str(&link(s.doi.as_deref().unwrap_or(s.url)));
    out
}

/// IEEE: `P. Izmailov, A. G. Wilson, and T. Garipov, “Title,” <i>Venue</i>, Mar. 2018, doi: …`
fn ieee(s: &Source) -> String {
    let name = |(family, given): &(Cow<str>, Cow<str>)| {
        if given.is_empty() {
            escape_html(family)
        } else {
            escape_html(&format!("{} {family}", initials(given)))
        }
    };
    let authors = if s.authors.len() > 6 {
        format!("{} <i>et al.</i>", name(&s.authors[0]))
    } else if s.et_al && !s.authors.is_empty() {
        let names: Vec<String> = s.authors.iter().map(name).collect();
        format!("{}, <i>et al.</i>", names.join(", "))
    } else {
        let names: Vec<String> = s.authors.iter().map(name).collect();
        join_and(&names, "and")
    };
    // The quoted title carries its own comma (or question mark); the parts after it are joined
    // with commas.
    let title = format!("“{}”", closed(&escape_html(s.title), ','));
    let date = format!("{} {}", IEEE_MONTHS[s.month], s.year);
    let mut parts: Vec<String> = Vec::new();
    match (s.kind, s.venue) {
        (Kind::Article, Some(venue)) => {
            parts.push(italic(venue));
            parts.push(date);
        }
        (Kind::InProceedings | Kind::InCollection, Some(venue)) => {
            parts.push(format!("in {}", italic(venue)));
            parts.push(date);
        }
        (Kind::PhdThesis | Kind::MastersThesis, venue) => {
            parts.push((if s.kind == Kind::PhdThesis { "Ph.D. dissertation" } else { "M.S. thesis" }).into());
            parts.extend(venue.map(escape_html));
            parts.push(s.year.to_string());
        }
        (Kind::TechReport, venue) => {
            parts.extend(venue.map(escape_html));
            parts.push(format!("Tech. Rep., {date}"));
        }
        (_, venue) => {
            parts.extend(venue.map(escape_html));
            parts.push(date);
        }
    }
    let mut out = if authors.is_empty() { String::new() } else { format!("{authors}, ") };
    out.push_str(&title);
    out.push(' ');
    out.push_str(&parts.join(", "));
    match &s.doi {
        Some(doi) => {
            let label = escape_html(doi.trim_start_matches("https://doi.org/"));
            out.push_str(&format!(", doi: <a href=\"{}\">{label}</a>.", escape_html(doi)));
        }
        None => out.push_str(&format!(". [Online]. Available: {}", link(s.url))),
    }
    out
}

/// Chicago author-date: `Izmailov, Pavel, Andrew Gordon Wilson, and Timur Garipov. 2018. “Title.”
/// <i>Venue</i>, March. https://doi.org/…`
fn chicago(s: &Source) -> String {
    let full = |(family, given): &(Cow<str>, Cow<str>)| {
        if given.is_empty() {
            family.to_string()
        } else {
            format!("{given} {family}")
        }
    };
    let first = s.authors.first().map(|(family, given)| {
        if given.is_empty() {
            family.to_string()
        } else {
            format!("{family}, {given}")
        }
    });
    let mut authors = match (&first, s.authors.len()) {
        (None, _) => String::new(),
        (Some(first), n) if n > 10 || s.et_al => {
            let shown = if n > 10 { 7 } else { n };
            let mut names = vec![first.clone()];
            names.extend(s.authors[1..shown].iter().map(full));
            format!("{}, et al.", names.join(", "))
        }
        (Some(first), 1) => first.clone(),
        (Some(first), 2) => format!("{first}, and {}", full(&s.authors[1])),
        (Some(first), _) => {
            let mut names = vec![first.clone()];
            names.extend(s.authors[1..].iter().map(full));
            join_and(&names, "and")
        }
    };
    let mut out = String::new();
    if !authors.is_empty() {
        if !authors.ends_with('.') {
            authors.push('.');
        }
        out.push_str(&escape_html(&authors));
        out.push(' ');
    }
    out.push_str(&format!("{}. ", s.year));
    let title = escape_html(s.title);
    let month = MONTHS[s.month];
    match (s.kind, s.venue) {
        (Kind::PhdThesis | Kind::MastersThesis, venue) => {
            let what = if s.kind == Kind::PhdThesis { "PhD diss." } else { "Master’s thesis" };
            out.push_str(&format!("“{}” {what}", closed(&title, '.')));
            if let Some(venue) = venue {
                out.push_str(&format!(", {}", escape_html(venue)));
            }
            out.push('.');
        }
        (Kind::TechReport, venue) => {
            out.push_str(&format!("{} Technical report", italic_closed(s.title, '.')));
            if let Some(venue) = venue {
                out.push_str(&format!(", {}", escape_html(venue)));
            }
            out.push('.');
        }
        (Kind::InProceedings | Kind::InCollection, Some(venue)) => {
            out.push_str(&format!("“{}” In {}, {month}.", closed(&title, '.'), italic(venue)));
        }
        (_, Some(venue)) => {
            out.push_str(&format!("“{}” {}, {month}.", closed(&title, '.'), italic(venue)));
        }
        (_, None) => out.push_str(&format!("“{}” {month}.", closed(&title, '.'))),
    }
    out.push(' ');
    out.push_str(&link(s.doi.as_deref().unwrap_or(s.url)));
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn paper(front: &str) -> Paper {
        let text = format!("+++\n{front}\n+++\nAbstract.\n");
        crate::paper::parse(Path::new("content/papers/p.md"), &text).unwrap()
    }

    fn refs(front: &str) -> Vec<String> {
        references(&paper(front), "https://x.org/p/").into_iter().map(|r| r.html).collect()
    }

    #[test]
    fn an_article_in_three_styles() {
        let r = refs(
            "title = \"Deep Things\"\ndate = 2018-03-14\nauthors = [\"Pavel Izmailov\", \"Andrew Gordon Wilson\", \"Timur Garipov\"]\nvenue = \"Journal of Machine Learning Research\"\n[links]\ndoi = \"10.1145/123.456\"",
        );
        assert_eq!(
            r[0],
            "Izmailov, P., Wilson, A. G., &amp; Garipov, T. (2018). Deep Things. <i>Journal of Machine \
             Learning Research</i>. <a href=\"https://doi.org/10.1145/123.456\">https://doi.org/10.1145/123.456</a>"
        );
        assert_eq!(
            r[1],
            "P. Izmailov, A. G. Wilson, and T. Garipov, “Deep Things,” <i>Journal of Machine Learning \
             Research</i>, Mar. 2018, doi: <a href=\"https://doi.org/10.1145/123.456\">10.1145/123.456</a>."
        );
        assert_eq!(
            r[2],
            "Izmailov, Pavel, Andrew Gordon Wilson, and Timur Garipov. 2018. “Deep Things.” <i>Journal of \
             Machine Learning Research</i>, March. <a href=\"https://doi.org/10.1145/123.456\">https://doi.org/10.1145/123.456</a>."
        );
    }

    #[test]
    fn a_preprint_with_a_question_and_a_cut_author_list() {
        let r = refs(
            "title = \"Can a Prior Replace a <Posterior>?\"\ndate = 2024-03-01\nauthors = [\"Martin Marek\", \"Brooks Paige\"]\net_al = true",
        );
        assert_eq!(
            r[0],
            "Marek, M., Paige, B., et al. (2024, March). <i>Can a Prior Replace a &lt;Posterior&gt;?</i> \
             <a href=\"https://x.org/p/\">https://x.org/p/</a>"
        );
        assert!(r[1].starts_with("M. Marek, B. Paige, <i>et al.</i>, “Can a Prior Replace a &lt;Posterior&gt;?” Mar. 2024. [Online]"), "{}", r[1]);
        assert!(
            r[2].starts_with(
                "Marek, Martin, Brooks Paige, et al. 2024. “Can a Prior Replace a &lt;Posterior&gt;?” March."
            ),
            "{}",
            r[2]
        );
    }

    #[test]
    fn initials_of_compound_names() {
        assert_eq!(initials("Jean-Paul Marie"), "J.-P. M.");
        assert_eq!(initials("Andrew Gordon"), "A. G.");
        assert_eq!(initials("  Élodie   Anne-  "), "É. A.");
        assert_eq!(initials("Jean--Paul"), "J.-P.");
        assert_eq!(initials(""), "");
    }
}
