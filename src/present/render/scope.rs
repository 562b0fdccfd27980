//! Which pages a render makes: all of them, or those a change to some papers can affect.

use std::collections::BTreeSet;

use crate::base::taxonomy::{Slug, TopicCode, Year};
use crate::site::Site;

/// Which pages to render.
#[derive(Debug, Clone, Default)]
pub enum Scope {
    /// Every page.
    #[default]
    All,
    /// The index pages (home, topic and year indexes) and the pages of these papers, topics and
    /// years: what a change to some papers can affect.
    Affected(Affected),
}

/// The papers, topics and years whose pages must be rendered again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affected {
    pub papers: BTreeSet<Slug>,
    pub topics: BTreeSet<TopicCode>,
    pub years: BTreeSet<Year>,
    /// Co-author slugs.
    pub authors: BTreeSet<String>,
    /// Whether the set of pages or the co-author counts changed (sitemap, co-author index).
    pub indexes: bool,
}

impl Scope {
    pub(super) fn paper(&self, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.papers.iter().any(|s| s.as_str() == slug),
        }
    }

    pub(super) fn topic(&self, code: &TopicCode) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.topics.contains(code),
        }
    }

    /// Whether a list page showing `members` must be rendered again.
    pub(super) fn list_page(&self, site: &Site, members: &[usize]) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => {
                a.indexes || members.iter().any(|&i| a.papers.contains(&site.papers[i].slug))
            }
        }
    }

    pub(super) fn indexes(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.indexes,
        }
    }

    pub(super) fn author(&self, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.authors.contains(slug),
        }
    }

    pub(super) fn year(&self, year: Year) -> bool {
        match self {
            Scope::All => true,
            Scope::Affected(a) => a.years.contains(&year),
        }
    }
}
