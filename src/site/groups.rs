//! How a list of papers is grouped: by year (newest first, the papers not out yet before them),
//! by kind (in the order `home.kind_order` sets), by topic (a paper under its first topic, in
//! the order of `site.toml`'s topics) or not at all. Within a group the papers stay newest first.

use crate::model::paper::{Kind, Paper};
use crate::model::profile::{GroupBy, KindGroup};
use crate::site::Site;

/// The group of kinds a paper is listed under.
pub fn kind_group(paper: &Paper) -> KindGroup {
    match paper.kind() {
        Kind::Article => KindGroup::Article,
        Kind::InProceedings => KindGroup::Conference,
        Kind::InCollection => KindGroup::Chapter,
        Kind::Book => KindGroup::Book,
        Kind::PhdThesis | Kind::MastersThesis => KindGroup::Thesis,
        Kind::TechReport => KindGroup::Report,
        Kind::Unpublished => KindGroup::Preprint,
        Kind::Misc if is_preprint(paper) => KindGroup::Preprint,
        Kind::Misc => KindGroup::Other,
    }
}

/// An arXiv (or bioRxiv, medRxiv, SSRN...) paper, or one whose venue says preprint.
fn is_preprint(paper: &Paper) -> bool {
    let venue = paper.venue.as_deref().unwrap_or("").to_lowercase();
    paper.links.arxiv.is_some()
        || ["arxiv", "rxiv", "preprint", "ssrn", "openreview", "hal"].iter().any(|w| venue.contains(w))
}

/// The place of a paper's group in a list grouped by `by` (smaller first).
pub fn rank(site: &Site, index: usize, by: GroupBy) -> usize {
    let paper = &site.papers[index];
    match by {
        GroupBy::Kind => {
            let kind = kind_group(paper);
            site.config.home.kind_order.iter().position(|k| *k == kind).unwrap_or(usize::MAX)
        }
        GroupBy::Topic => paper
            .topics
            .first()
            .and_then(|(code, _)| site.config.topics.iter().position(|t| t.code == *code))
            .unwrap_or(usize::MAX),
        // Members are already newest first.
        GroupBy::Year | GroupBy::None => 0,
    }
}

/// `members` (newest first) in the order of a list grouped by `by`.
pub fn order(site: &Site, members: &[usize], by: GroupBy) -> Vec<usize> {
    let mut ordered = members.to_vec();
    if matches!(by, GroupBy::Kind | GroupBy::Topic) {
        ordered.sort_by_key(|&i| rank(site, i, by));
    }
    ordered
}
