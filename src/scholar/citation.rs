//! Formatted references in three styles (APA 7, IEEE, Chicago author-date) for a paper's "Cite"
//! section, written straight from the paper's fields.
//!
//! A CSL processor (hayagriva) did this first, at about 5 ms per paper: most of a full build. The
//! fields a paper has are few (authors, title, date, venue, kind, DOI, URL), so each style is a
//! short function here; `tests/citations.rs` checks every example paper against hayagriva's
//! output for the same entry (same names in the same order, same year, same title and venue).

use std::borrow::Cow;

use serde::Serialize;

use crate::base::escape::push_html_escaped;
use crate::base::ident::Doi;
use crate::model::paper::{Kind, Paper};
use crate::scholar::split_name;

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

/// An author's (family, given) names.
type Name<'a> = (Cow<'a, str>, Cow<'a, str>);

/// What the three styles read from a paper.
struct Source<'a> {
    /// (family, given) of each author, in order.
    authors: Vec<Name<'a>>,
    et_al: bool,
    title: &'a str,
    /// The title with its math as MathML, when it has math.
    title_html: Option<&'a str>,
    /// The year; `None` for a paper not out yet.
    year: Option<i32>,
    /// Accepted and waiting to appear ("in press", "to appear", "forthcoming").
    in_press: bool,
    /// The month (0 to 11), when the date names one.
    month: Option<usize>,
    /// The day of the month, when the date names one.
    day: Option<u32>,
    volume: Option<&'a str>,
    issue: Option<&'a str>,
    /// Pages with an en dash between the first and last (`1–35`), or an article number.
    pages: Option<String>,
    publisher: Option<&'a str>,
    venue: Option<&'a str>,
    kind: Kind,
    /// `https://doi.org/...` when the paper has a DOI.
    doi: Option<String>,
    /// Where to read the paper (its PDF or its page).
    url: &'a str,
}

impl Source<'_> {
    /// The year, or the words a style writes for a paper in press or one not out yet.
    fn year_or(&self, in_press: &'static str, undated: &'static str) -> std::borrow::Cow<'static, str> {
        match self.year {
            Some(year) => year.to_string().into(),
            None if self.in_press => in_press.into(),
            None => undated.into(),
        }
    }
}

/// The paper's references in APA, IEEE and Chicago style; `url` is where it can be read.
pub fn references(paper: &Paper, url: &str) -> Vec<Reference> {
    let source = Source {
        authors: paper.authors.iter().map(|a| split_name(a)).collect(),
        et_al: paper.et_al,
        title: &paper.title,
        title_html: paper.title_html.as_deref(),
        year: paper.year(),
        in_press: paper.status.as_deref().is_some_and(|status| {
            let status = status.to_lowercase();
            ["press", "appear", "forthcoming", "accepted"].iter().any(|w| status.contains(w))
        }),
        month: paper.date.and_then(|d| d.month()).map(|m| m as usize - 1),
        day: paper.date.and_then(|d| d.day_of_month()),
        volume: paper.record.volume.as_deref(),
        issue: paper.record.issue.as_deref(),
        pages: paper.record.pages.as_deref().map(|p| match crate::scholar::page_bounds(p) {
            (first, Some(last)) => format!("{first}–{last}"),
            (first, None) => first.to_owned(),
        }),
        publisher: paper.record.publisher.as_deref(),
        venue: paper.venue.as_deref(),
        kind: paper.kind(),
        doi: paper.links.doi.as_ref().map(Doi::url),
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

/// Appends `<i>text</i>`, escaped.
/// Appends the title: its HTML when it has math, else the text escaped.
fn push_title(out: &mut String, s: &Source) {
    match s.title_html {
        Some(html) => out.push_str(html),
        None => push_html_escaped(out, s.title),
    }
}

fn push_italic_title(out: &mut String, s: &Source) {
    out.push_str("<i>");
    push_title(out, s);
    out.push_str("</i>");
}

fn push_italic(out: &mut String, text: &str) {
    out.push_str("<i>");
    push_html_escaped(out, text);
    out.push_str("</i>");
}

/// Appends `mark` unless `text` ends with a sentence mark (`?`, `!`, `.`).
fn push_mark(out: &mut String, text: &str, mark: char) {
    if !text.ends_with(['?', '!', '.']) {
        out.push(mark);
    }
}

/// Appends the URL as a link showing itself.
fn push_link(out: &mut String, url: &str) {
    out.push_str("<a href=\"");
    push_html_escaped(out, url);
    out.push_str("\">");
    push_html_escaped(out, url);
    out.push_str("</a>");
}

/// Appends each of `names` with `name`, separated by `, `.
fn push_list<'n>(out: &mut String, names: &'n [Name<'n>], name: impl Fn(&mut String, &'n Name<'n>)) {
    for (i, one) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        name(out, one);
    }
}

/// Appends the names as `a, b, and c` (serial comma) or `a and b`.
fn push_and<'n>(out: &mut String, names: &'n [Name<'n>], name: impl Fn(&mut String, &'n Name<'n>)) {
    match names {
        [] => {}
        [one] => name(out, one),
        [a, b] => {
            name(out, a);
            out.push_str(" and ");
            name(out, b);
        }
        [rest @ .., last] => {
            push_list(out, rest, &name);
            out.push_str(", and ");
            name(out, last);
        }
    }
}

/// A room estimate for one reference of `s`, so that it is written without growing.
fn room(s: &Source) -> usize {
    let names: usize = s.authors.iter().map(|(f, g)| f.len() + g.len() + 4).sum();
    names + s.title.len() + s.venue.map_or(0, str::len) + 2 * s.doi.as_deref().unwrap_or(s.url).len() + 96
}

/// APA 7: `Family, G. G., Family, G., & Family, G. (2018). Title. <i>Venue</i>. https://doi.org/…`
fn apa(s: &Source) -> String {
    use std::fmt::Write as _;
    let name = |out: &mut String, (family, given): &Name| {
        push_html_escaped(out, family);
        if !given.is_empty() {
            out.push_str(", ");
            push_html_escaped(out, &initials(given));
        }
    };
    let mut out = String::with_capacity(room(s));
    let n = s.authors.len();
    if n > 20 {
        push_list(&mut out, &s.authors[..19], name);
        out.push_str(", … ");
        name(&mut out, &s.authors[n - 1]);
    } else if s.et_al {
        push_list(&mut out, &s.authors, name);
        out.push_str(", et al.");
    } else if n >= 2 {
        push_list(&mut out, &s.authors[..n - 1], name);
        out.push_str(", &amp; ");
        name(&mut out, &s.authors[n - 1]);
    } else {
        push_list(&mut out, &s.authors, name);
    }
    if !out.is_empty() {
        if !out.ends_with('.') {
            out.push('.');
        }
        out.push(' ');
    }
    // Proceedings published in volumes (PMLR, LNCS) are cited as a periodical is.
    let periodical = s.kind == Kind::Article
        || (s.venue.is_some()
            && (s.volume.is_some() || s.pages.is_some())
            && matches!(s.kind, Kind::InProceedings | Kind::InCollection));
    let _ = match s.kind {
        _ if periodical => write!(out, "({}). ", s.year_or("in press", "n.d.")),
        Kind::Book | Kind::PhdThesis | Kind::MastersThesis | Kind::TechReport => {
            write!(out, "({}). ", s.year_or("in press", "n.d."))
        }
        _ => match s.month {
            Some(month) => match s.day {
                Some(day) => write!(out, "({}, {} {day}). ", s.year_or("", ""), MONTHS[month]),
                None => write!(out, "({}, {}). ", s.year_or("", ""), MONTHS[month]),
            },
            None => write!(out, "({}). ", s.year_or("in press", "n.d.")),
        },
    };
    match (s.kind, s.venue) {
        (Kind::PhdThesis | Kind::MastersThesis, venue) => {
            push_italic_title(&mut out, s);
            out.push_str(if s.kind == Kind::PhdThesis {
                " [Doctoral dissertation"
            } else {
                " [Master’s thesis"
            });
            if let Some(venue) = venue {
                out.push_str(", ");
                push_html_escaped(&mut out, venue);
            }
            out.push_str("].");
        }
        (Kind::TechReport, venue) => {
            push_italic_title(&mut out, s);
            out.push_str(" [Technical report].");
            if let Some(venue) = venue {
                out.push(' ');
                push_html_escaped(&mut out, venue);
                out.push('.');
            }
        }
        (_, Some(venue)) if periodical => {
            // Venue, volume(issue), pages.
            push_title(&mut out, s);
            push_mark(&mut out, s.title, '.');
            out.push(' ');
            push_italic(&mut out, venue);
            if let Some(volume) = s.volume {
                out.push_str(", ");
                push_italic(&mut out, volume);
            }
            if let Some(issue) = s.issue {
                out.push('(');
                push_html_escaped(&mut out, issue);
                out.push(')');
            }
            if let Some(pages) = &s.pages {
                out.push_str(", ");
                push_html_escaped(&mut out, pages);
            }
            out.push('.');
        }
        (_, Some(venue)) => {
            push_title(&mut out, s);
            push_mark(&mut out, s.title, '.');
            out.push(' ');
            push_italic(&mut out, venue);
            if let Some(pages) = &s.pages {
                out.push_str(" (pp. ");
                push_html_escaped(&mut out, pages);
                out.push(')');
            }
            out.push('.');
            push_publisher(&mut out, s);
        }
        (_, None) => {
            push_italic_title(&mut out, s);
            push_mark(&mut out, s.title, '.');
            push_publisher(&mut out, s);
        }
    }
    out.push(' ');
    push_link(&mut out, s.doi.as_deref().unwrap_or(s.url));
    out
}

/// A page range as Chicago abbreviates it (CMOS 9.61): `1353–67`, `101–8`, `321–28`, `71–72`,
/// `100–104`, `1496–500`.
fn chicago_pages(pages: &str) -> Cow<'_, str> {
    let Some((first, last)) = pages.split_once('–') else { return Cow::Borrowed(pages) };
    let (Ok(a), Ok(b)) = (first.parse::<u64>(), last.parse::<u64>()) else { return Cow::Borrowed(pages) };
    if a < 100 || a % 100 == 0 || b <= a || first.len() != last.len() {
        return Cow::Borrowed(pages);
    }
    // Keep at least one digit (two when the first page's last two are 10 to 99), and every
    // digit from the first that changes.
    let keep_min = if a % 100 < 10 { 1 } else { 2 };
    let changed = first.bytes().zip(last.bytes()).position(|(x, y)| x != y).unwrap_or(last.len());
    let keep = (last.len() - changed).max(keep_min);
    Cow::Owned(format!("{first}–{}", &last[last.len() - keep..]))
}

/// ` Publisher.`, when the paper names one.
fn push_publisher(out: &mut String, s: &Source) {
    if let Some(publisher) = s.publisher {
        out.push(' ');
        push_html_escaped(out, publisher);
        push_mark(out, publisher, '.');
    }
}

/// IEEE's `, vol. 22, no. 4, pp. 1–35` (the parts the paper has).
fn push_ieee_record(out: &mut String, s: &Source) {
    if let Some(volume) = s.volume {
        out.push_str("vol. ");
        push_html_escaped(out, volume);
        out.push_str(", ");
    }
    if let Some(issue) = s.issue {
        out.push_str("no. ");
        push_html_escaped(out, issue);
        out.push_str(", ");
    }
    if let Some(pages) = &s.pages {
        out.push_str(if pages.contains('–') { "pp. " } else { "p. " });
        push_html_escaped(out, pages);
        out.push_str(", ");
    }
}

/// IEEE: `P. Izmailov, A. G. Wilson, and T. Garipov, “Title,” <i>Venue</i>, Mar. 2018, doi: …`
fn ieee(s: &Source) -> String {
    use std::fmt::Write as _;
    let name = |out: &mut String, (family, given): &Name| {
        if !given.is_empty() {
            push_html_escaped(out, &initials(given));
            out.push(' ');
        }
        push_html_escaped(out, family);
    };
    let mut out = String::with_capacity(room(s));
    if s.authors.len() > 6 {
        name(&mut out, &s.authors[0]);
        out.push_str(" <i>et al.</i>");
    } else if s.et_al && !s.authors.is_empty() {
        push_list(&mut out, &s.authors, name);
        out.push_str(", <i>et al.</i>");
    } else {
        push_and(&mut out, &s.authors, name);
    }
    if !out.is_empty() {
        out.push_str(", ");
    }
    // The quoted title carries its own comma (or question mark); the parts after it are joined
    // with commas.
    out.push('“');
    push_title(&mut out, s);
    push_mark(&mut out, s.title, ',');
    out.push_str("” ");
    let date = |out: &mut String| {
        let _ = match s.month {
            Some(month) => write!(out, "{} {}", IEEE_MONTHS[month], s.year_or("", "")),
            None => write!(out, "{}", s.year_or("to be published", "unpublished")),
        };
    };
    let venue = |out: &mut String, venue: Option<&str>| {
        if let Some(venue) = venue {
            push_html_escaped(out, venue);
            out.push_str(", ");
        }
    };
    match (s.kind, s.venue) {
        (Kind::Article, Some(v)) => {
            push_italic(&mut out, v);
            out.push_str(", ");
            push_ieee_record(&mut out, s);
            date(&mut out);
        }
        (Kind::InProceedings | Kind::InCollection, Some(v)) => {
            out.push_str("in ");
            push_italic(&mut out, v);
            out.push_str(", ");
            if let Some(publisher) = s.publisher {
                push_html_escaped(&mut out, publisher);
                out.push_str(", ");
            }
            date(&mut out);
            if let Some(pages) = &s.pages {
                out.push_str(if pages.contains('–') { ", pp. " } else { ", p. " });
                push_html_escaped(&mut out, pages);
            }
        }
        (Kind::PhdThesis | Kind::MastersThesis, v) => {
            out.push_str(if s.kind == Kind::PhdThesis { "Ph.D. dissertation, " } else { "M.S. thesis, " });
            venue(&mut out, v);
            let _ = write!(out, "{}", s.year_or("to be published", "unpublished"));
        }
        (Kind::TechReport, v) => {
            venue(&mut out, v);
            out.push_str("Tech. Rep., ");
            date(&mut out);
        }
        (_, v) => {
            venue(&mut out, v);
            date(&mut out);
        }
    }
    match &s.doi {
        Some(doi) => {
            out.push_str(", doi: <a href=\"");
            push_html_escaped(&mut out, doi);
            out.push_str("\">");
            push_html_escaped(&mut out, doi.trim_start_matches("https://doi.org/"));
            out.push_str("</a>.");
        }
        None => {
            out.push_str(". [Online]. Available: ");
            push_link(&mut out, s.url);
        }
    }
    out
}

/// Chicago's author list: the first author family name first, the others given name first; up
/// to ten authors, else seven and "et al.".
fn push_chicago_authors(out: &mut String, s: &Source) {
    let first = |out: &mut String, (family, given): &Name| {
        push_html_escaped(out, family);
        if !given.is_empty() {
            out.push_str(", ");
            push_html_escaped(out, given);
        }
    };
    let full = |out: &mut String, (family, given): &Name| {
        if !given.is_empty() {
            push_html_escaped(out, given);
            out.push(' ');
        }
        push_html_escaped(out, family);
    };
    let n = s.authors.len();
    let Some(lead) = s.authors.first() else { return };
    first(out, lead);
    if n > 10 || s.et_al {
        let shown = if n > 10 { 7 } else { n };
        for other in &s.authors[1..shown] {
            out.push_str(", ");
            full(out, other);
        }
        out.push_str(", et al.");
    } else if n >= 2 {
        for other in &s.authors[1..n - 1] {
            out.push_str(", ");
            full(out, other);
        }
        out.push_str(", and ");
        full(out, &s.authors[n - 1]);
    }
    if !out.ends_with('.') {
        out.push('.');
    }
    out.push(' ');
}

/// Chicago author-date: `Izmailov, Pavel, Andrew Gordon Wilson, and Timur Garipov. 2018. “Title.”
/// <i>Venue</i>, March. https://doi.org/…`
fn chicago(s: &Source) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(room(s));
    push_chicago_authors(&mut out, s);
    let year = s.year_or("Forthcoming", "n.d.");
    let _ = write!(out, "{year}{} ", if year.ends_with('.') { "" } else { "." });
    let quoted = |out: &mut String| {
        out.push('“');
        push_title(out, s);
        push_mark(out, s.title, '.');
        out.push('”');
    };
    // Articles, and proceedings published in volumes, are cited by volume and pages.
    let periodical = (s.kind == Kind::Article && (s.volume.is_some() || s.pages.is_some()))
        || (s.volume.is_some() && s.venue.is_some());
    // The month after the venue, when the date names one.
    let month = |out: &mut String, before: &str| {
        if let Some(month) = s.month {
            let _ = write!(out, "{before}{}", MONTHS[month]);
            if let Some(day) = s.day {
                let _ = write!(out, " {day}");
            }
        }
        out.push('.');
    };
    match (s.kind, s.venue) {
        (Kind::PhdThesis | Kind::MastersThesis, venue) => {
            quoted(&mut out);
            out.push_str(if s.kind == Kind::PhdThesis { " PhD diss." } else { " Master’s thesis" });
            if let Some(venue) = venue {
                out.push_str(", ");
                push_html_escaped(&mut out, venue);
            }
            out.push('.');
        }
        (Kind::TechReport, venue) => {
            push_italic_title(&mut out, s);
            push_mark(&mut out, s.title, '.');
            out.push_str(" Technical report");
            if let Some(venue) = venue {
                out.push_str(", ");
                push_html_escaped(&mut out, venue);
            }
            out.push('.');
        }
        (_, Some(venue)) if periodical => {
            // Journal volume (issue, else month): pages.
            quoted(&mut out);
            out.push_str(if s.kind == Kind::Article { " " } else { " In " });
            push_italic(&mut out, venue);
            if let Some(volume) = s.volume {
                out.push(' ');
                push_html_escaped(&mut out, volume);
            }
            if let Some(issue) = s.issue {
                out.push_str(" (");
                push_html_escaped(&mut out, issue);
                out.push(')');
            } else if let Some(month) = s.month.filter(|_| s.volume.is_some()) {
                let _ = write!(out, " ({})", MONTHS[month]);
            }
            if let Some(pages) = &s.pages {
                out.push_str(": ");
                push_html_escaped(&mut out, &chicago_pages(pages));
            }
            out.push('.');
        }
        (Kind::InProceedings | Kind::InCollection, Some(venue)) => {
            quoted(&mut out);
            out.push_str(" In ");
            push_italic(&mut out, venue);
            if let Some(pages) = &s.pages {
                out.push_str(", ");
                push_html_escaped(&mut out, &chicago_pages(pages));
            }
            month(&mut out, ", ");
            push_publisher(&mut out, s);
        }
        (_, Some(venue)) => {
            quoted(&mut out);
            out.push(' ');
            push_italic(&mut out, venue);
            month(&mut out, ", ");
            push_publisher(&mut out, s);
        }
        (_, None) => {
            quoted(&mut out);
            if s.month.is_some() {
                month(&mut out, " ");
            }
        }
    }
    out.push(' ');
    push_link(&mut out, s.doi.as_deref().unwrap_or(s.url));
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn paper(front: &str) -> Paper {
        let text = format!("+++\n{front}\n+++\nAbstract.\n");
        crate::model::paper::parse(Path::new("content/papers/p.md"), &text).unwrap()
    }

    fn refs(front: &str) -> Vec<String> {
        references(&paper(front), "https://x.org/p/").into_iter().map(|r| r.html).collect()
    }

    #[test]
    fn chicago_abbreviates_page_ranges() {
        for (full, short) in [
            ("1353–1367", "1353–67"),
            ("101–108", "101–8"),
            ("321–328", "321–28"),
            ("71–72", "71–72"),
            ("100–104", "100–104"),
            ("1496–1500", "1496–500"),
            ("498–532", "498–532"),
            ("e1234", "e1234"),
        ] {
            assert_eq!(chicago_pages(full), short, "{full}");
        }
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
             Machine Learning Research</i>, March 14. <a href=\"https://doi.org/10.1145/123.456\">https://doi.org/10.1145/123.456</a>."
        );
    }

    #[test]
    fn a_preprint_with_a_question_and_a_cut_author_list() {
        let r = refs(
            "title = \"Can a Prior Replace a <Posterior>?\"\ndate = 2024-03-01\nauthors = [\"Martin Marek\", \"Brooks Paige\"]\net_al = true",
        );
        assert_eq!(
            r[0],
            "Marek, M., Paige, B., et al. (2024, March 1). <i>Can a Prior Replace a &lt;Posterior&gt;?</i> \
             <a href=\"https://x.org/p/\">https://x.org/p/</a>"
        );
        assert!(r[1].starts_with("M. Marek, B. Paige, <i>et al.</i>, “Can a Prior Replace a &lt;Posterior&gt;?” Mar. 2024. [Online]"), "{}", r[1]);
        assert!(
            r[2].starts_with(
                "Marek, Martin, Brooks Paige, et al. 2024. “Can a Prior Replace a &lt;Posterior&gt;?” March 1."
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
