//! What templates see: `Serialize` view structs built once from the `Site`, with every URL
//! already resolved against the base URL and every date already formatted. The markup made in
//! Rust that some fields hold comes from `present::fragments`.

mod paper;
mod profile;
mod site;

pub use paper::{paper_extras, PaperExtras};
pub(crate) use paper::{paper_view, PaperView};
pub(crate) use profile::person_json_ld;
pub(crate) use site::{
    news_views, site_view, AuthorSummary, NewsView, PageFrame, PageMeta, SiteView, TopicSummary, YearGroup,
    YearSummary,
};
