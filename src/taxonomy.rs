//! Names that identify things in URLs and indexes: paper slugs, topic codes, years.

use std::fmt;

use serde::Serialize;

/// A paper's URL name, taken from its file stem and made URL-safe.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// The slug for a file stem: lower-case ASCII words joined by `-`.
    pub fn from_stem(stem: &str) -> Self {
        Slug(slug::slugify(stem))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A topic code as written in papers and `site.toml` (e.g. `LG`, `cs.CV`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TopicCode(String);

impl TopicCode {
    pub fn new(code: &str) -> Self {
        TopicCode(code.trim().to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The topic's URL name: the lower-cased code (`LG` -> `lg`, `cs.CV` -> `cs-cv`).
    pub fn slug(&self) -> String {
        slug::slugify(&self.0)
    }
}

impl fmt::Display for TopicCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A publication year.
pub type Year = i32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(Slug::from_stem("Averaging Weights_2018").as_str(), "averaging-weights-2018");
        assert_eq!(Slug::from_stem("müller-é").as_str(), "muller-e");
    }

    #[test]
    fn topic_slugs_are_lower_case() {
        assert_eq!(TopicCode::new("LG").slug(), "lg");
        assert_eq!(TopicCode::new("cs.CV").slug(), "cs-cv");
    }
}
