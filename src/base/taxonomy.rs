//! Names that identify things in URLs and indexes: paper slugs, topic codes, years, and the
//! site's built-in sections.

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
    pub(crate) fn new(code: &str) -> Self {
        TopicCode(code.trim().to_owned())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The topic's URL name: the lower-cased code (`LG` -> `lg`, `cs.CV` -> `cs-cv`).
    pub(crate) fn slug(&self) -> String {
        slug::slugify(&self.0)
    }
}

impl fmt::Display for TopicCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A publication year.
pub(crate) type Year = i32;

/// A built-in section of the site, as `[[menu]]` names it and the menu marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Papers,
    Topics,
    Years,
    Authors,
    News,
}

impl Section {
    /// Every section, in the default menu's order.
    pub(crate) const ALL: [Section; 5] =
        [Section::Papers, Section::Topics, Section::Years, Section::Authors, Section::News];

    /// The section's name in `site.toml` and in a page's `page.section`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Section::Papers => "papers",
            Section::Topics => "topics",
            Section::Years => "years",
            Section::Authors => "authors",
            Section::News => "news",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.name() == name)
    }
}

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
