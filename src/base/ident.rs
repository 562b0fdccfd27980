//! Identifiers of papers and links: DOIs and arXiv ids, parsed once into types that know their
//! bare, URL and display forms, and the test of which link targets are safe to write into a page.

use std::fmt;

/// A DOI as the paper file gives it: bare (`10.1145/3292500`), or a doi.org URL. The `doi:`
/// prefix is taken off when the file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doi {
    written: String,
    /// The bare DOI: `written` without a doi.org URL's prefix.
    id: std::ops::Range<usize>,
    well_formed: bool,
}

impl Doi {
    /// Parses what a paper file or an imported entry holds (anything: `well_formed` tells).
    pub(crate) fn new(written: impl Into<String>) -> Doi {
        let written = written.into();
        let id = doi_range(&written);
        let well_formed = well_formed_doi(&written[id.clone()]);
        Doi { written, id, well_formed }
    }

    /// The bare DOI, `10.1/x`.
    pub(crate) fn id(&self) -> &str {
        &self.written[self.id.clone()]
    }

    /// The bare DOI when it is well-formed: `10.` + a registrant code of 4 to 9 digits (and
    /// dotted sub-codes) + `/` + a suffix without spaces.
    pub(crate) fn checked(&self) -> Option<&str> {
        self.well_formed.then(|| self.id())
    }

    /// The resolver URL, `https://doi.org/10.1/x`.
    pub(crate) fn url(&self) -> String {
        format!("https://doi.org/{}", self.id())
    }

    /// The link a page shows: a URL written in the file as it is, else the resolver URL.
    pub(crate) fn link(&self) -> String {
        id_or_url(&self.written, "https://doi.org/")
    }

    /// The form two records of the same DOI share (DOIs are case-insensitive).
    pub(crate) fn key(&self) -> String {
        self.id().to_lowercase()
    }
}

impl fmt::Display for Doi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// An arXiv identifier as the paper file gives it: bare (`1803.05407v2`, `hep-th/9901001`), or
/// an arxiv.org abs or pdf URL. The `arXiv:` prefix is taken off when the file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArxivId {
    written: String,
    /// The identifier: `written` without an arxiv.org URL's prefix and `.pdf`.
    id: std::ops::Range<usize>,
    well_formed: bool,
}

impl ArxivId {
    /// Parses what a paper file or an imported entry holds (anything: `checked` tells).
    pub(crate) fn new(written: impl Into<String>) -> ArxivId {
        let written = written.into();
        let id = arxiv_range(&written);
        let well_formed = well_formed_arxiv(written[id.clone()].trim_end_matches('/'));
        ArxivId { written, id, well_formed }
    }

    /// The identifier with its version, if any: `1803.05407v2`.
    pub(crate) fn id(&self) -> &str {
        &self.written[self.id.clone()]
    }

    /// The identifier when it is well-formed: `YYMM.NNNN(N)` with an optional version, or the
    /// old `archive(.XX)/YYMMNNN`.
    pub(crate) fn checked(&self) -> Option<&str> {
        self.well_formed.then(|| self.id().trim_end_matches('/'))
    }

    /// The abstract page, `https://arxiv.org/abs/1803.05407`.
    pub(crate) fn url(&self) -> String {
        format!("https://arxiv.org/abs/{}", self.id())
    }

    /// The link a page shows: a URL written in the file as it is, else the abstract page.
    pub(crate) fn link(&self) -> String {
        id_or_url(&self.written, "https://arxiv.org/abs/")
    }

    /// The form every version of the same preprint shares: lower case, without `vN`.
    pub(crate) fn key(&self) -> String {
        let id = self.id().to_lowercase();
        let id = id.trim_start_matches("arxiv:");
        match id.rfind('v') {
            Some(v) if id[v + 1..].chars().all(|c| c.is_ascii_digit()) && v + 1 < id.len() => {
                id[..v].to_owned()
            }
            _ => id.to_owned(),
        }
    }
}

impl fmt::Display for ArxivId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

fn id_or_url(value: &str, prefix: &str) -> String {
    if value.contains("://") {
        value.to_owned()
    } else {
        format!("{prefix}{}", value.trim())
    }
}

/// Where the bare DOI lies in `written`: trimmed, after a doi.org URL's prefix or `doi:`.
fn doi_range(written: &str) -> std::ops::Range<usize> {
    let start = written.len() - written.trim_start().len();
    let trimmed = written.trim();
    let mut at = start;
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
    {
        if trimmed.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            at += prefix.len();
            break;
        }
    }
    at..start + trimmed.len()
}

fn well_formed_doi(doi: &str) -> bool {
    let Some((prefix, suffix)) = doi.split_once('/') else { return false };
    let Some(registrant) = prefix.strip_prefix("10.") else { return false };
    let digits_ok =
        registrant.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    let main_len = registrant.split('.').next().map_or(0, str::len);
    digits_ok && (4..=9).contains(&main_len) && !suffix.is_empty() && !suffix.contains(char::is_whitespace)
}

/// Where the identifier lies in `written`: trimmed, after an arxiv.org abs or pdf URL's prefix,
/// without a `.pdf` ending.
fn arxiv_range(written: &str) -> std::ops::Range<usize> {
    let start = written.len() - written.trim_start().len();
    let trimmed = written.trim();
    for marker in ["arxiv.org/abs/", "arxiv.org/pdf/"] {
        if let Some(at) = trimmed.find(marker) {
            let rest = &trimmed[at + marker.len()..];
            let end = rest.trim_end_matches(".pdf").len();
            let from = start + at + marker.len();
            return from..from + end;
        }
    }
    start..start + trimmed.len()
}

fn well_formed_arxiv(id: &str) -> bool {
    let number = match id.rsplit_once('v') {
        Some((n, v)) if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) => n,
        _ => id,
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let month_ok =
        |yymm: &str| yymm.get(2..).and_then(|m| m.parse::<u32>().ok()).is_some_and(|m| (1..=12).contains(&m));
    if let Some((yymm, seq)) = number.split_once('.').filter(|_| !number.contains('/')) {
        let wide = yymm.parse::<u32>().is_ok_and(|v| v >= 1501);
        yymm.len() == 4
            && digits(yymm)
            && month_ok(yymm)
            && digits(seq)
            && (seq.len() == 4 || (wide && seq.len() == 5))
    } else if let Some((archive, seq)) = number.split_once('/') {
        let (name, subject) = archive.split_once('.').unwrap_or((archive, ""));
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && (subject.is_empty() || (subject.len() == 2 && subject.chars().all(|c| c.is_ascii_uppercase())))
            && seq.len() == 7
            && digits(seq)
            && month_ok(&seq[..4])
    } else {
        false
    }
}

/// `arXiv:1803.05407` -> `1803.05407`, `doi:10.1/x` -> `10.1/x`.
pub(crate) fn strip_id_prefix(id: &str) -> &str {
    for prefix in ["arxiv:", "doi:"] {
        if id.len() > prefix.len() && id.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            return id[prefix.len()..].trim();
        }
    }
    id
}

/// Whether `s` starts with a URL scheme (`javascript:`, `https:`), ignoring the id prefixes
/// `arXiv:` and `doi:`.
pub(crate) fn has_scheme(s: &str) -> bool {
    let s = strip_id_prefix(s);
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// Whether a link target is an http(s)/mailto URL or a scheme-less path.
pub(crate) fn is_safe_link(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.starts_with("//") {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") {
        return true;
    }
    // No scheme at all: a relative or site path.
    match url.find(':') {
        None => true,
        Some(colon) => url[..colon].contains(['/', '?', '#']),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_are_recognised_in_their_usual_forms() {
        assert_eq!(Doi::new("10.1145/3292500.3330701").checked(), Some("10.1145/3292500.3330701"));
        let url = Doi::new("https://doi.org/10.48550/arXiv.1803.05407");
        assert_eq!(url.checked(), Some("10.48550/arXiv.1803.05407"));
        assert_eq!(url.url(), "https://doi.org/10.48550/arXiv.1803.05407");
        assert_eq!(url.link(), "https://doi.org/10.48550/arXiv.1803.05407");
        assert_eq!(Doi::new("doi:10.1000.10/abc").checked(), Some("10.1000.10/abc"));
        for bad in ["10.12/x", "11.1234/x", "10.1234/", "10.1234", "10.abcd/x", "10.1234/a b", "hello"] {
            assert_eq!(Doi::new(bad).checked(), None, "{bad}");
        }
        let dx = Doi::new(" http://dx.doi.org/10.1000/ABC ");
        assert_eq!((dx.id(), dx.key()), ("10.1000/ABC", "10.1000/abc".to_owned()));
        assert_eq!(dx.link(), " http://dx.doi.org/10.1000/ABC ", "a URL is linked as written");
    }

    #[test]
    fn arxiv_ids_old_and_new() {
        for good in
            ["1803.05407", "1803.05407v2", "0704.0001", "1501.12345", "hep-th/9901001", "math.GT/0309136v1"]
        {
            assert!(ArxivId::new(good).checked().is_some(), "{good}");
        }
        let abs = ArxivId::new("https://arxiv.org/abs/2102.06171v1");
        assert_eq!((abs.checked(), abs.key()), (Some("2102.06171v1"), "2102.06171".to_owned()));
        assert_eq!(ArxivId::new("https://arxiv.org/pdf/2102.06171.pdf").checked(), Some("2102.06171"));
        assert_eq!(ArxivId::new("1803.05407").url(), "https://arxiv.org/abs/1803.05407");
        for bad in
            ["1803.5407x", "1813.05407", "1412.12345", "180305407", "HEP-TH/9901001", "https://example.org/x"]
        {
            assert_eq!(ArxivId::new(bad).checked(), None, "{bad}");
        }
    }

    #[test]
    fn only_web_and_mail_links_and_paths_are_safe() {
        for safe in ["https://x.org", "HTTP://x.org", "mailto:a@b.org", "files/a.pdf", "/a", "a?b:c"] {
            assert!(is_safe_link(safe), "{safe}");
        }
        for unsafe_ in ["javascript:alert(1)", "data:text/html,x", "//evil.org", "", "vbscript:x"] {
            assert!(!is_safe_link(unsafe_), "{unsafe_}");
        }
    }
}
