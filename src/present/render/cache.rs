//! What a render keeps for the next: list entries, exports and citation keys.

use std::collections::HashMap;

use crate::base::taxonomy::Slug;
use crate::present::render::schedule::Phase;

/// What renders keep for the next one: each paper's entry in paper lists (the
/// `partials/paper_entry.html` template, rendered once per paper and reused on the home, topic,
/// year and co-author pages), and the citation styles, which take a while to load.
#[derive(Default)]
pub struct RenderCache {
    /// How long each phase of the last render took, in order.
    pub timings: Vec<Phase>,
    /// Each paper's list entry (`partials/paper_entry.html`) and compact line
    /// (`partials/paper_line.html`, on co-author pages).
    pub(super) entries: HashMap<Slug, (String, String)>,
    pub(super) exports: HashMap<Slug, Export>,
    /// Each paper's citation key before collisions are resolved, with the address of the parsed
    /// paper it was made from (an unchanged paper keeps its `Arc`).
    pub(super) base_keys: HashMap<Slug, (usize, String)>,
    /// The citation keys of the last render, by index into `site.papers`.
    pub(super) keys: Vec<String>,
    /// Made for one render (a build): the CSL-JSON and search records are made as their files
    /// are written and not kept, so a large site never holds them all.
    pub(super) one_off: bool,
}

impl RenderCache {
    /// A cache for a single render, which keeps only what that render needs.
    pub(crate) fn one_off() -> Self {
        RenderCache { one_off: true, ..RenderCache::default() }
    }
}

/// A paper's BibTeX entry and CSL-JSON item, as made with citation key `key`.
pub(super) struct Export {
    pub(super) key: String,
    /// The paper's entry in `/publications.bib`: the whole record with its abstract, the site's
    /// page and al-folio's fields.
    pub(super) bibtex: String,
    /// Where its citing part ends: the topic and year files take `bibtex[..citing_end]`, closed.
    pub(super) citing_end: usize,
    /// Empty in a one-off cache (see `RenderCache::one_off`).
    pub(super) csl_json: String,
    /// The paper's entry in `search.json`; empty in a one-off cache.
    pub(super) search: String,
}
