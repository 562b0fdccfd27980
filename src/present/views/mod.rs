//! What templates see: `Serialize` view structs built once from the `Site`, with every URL
//! already resolved against the base URL and every date already formatted. The markup made in
//! Rust that some fields hold comes from `present::fragments`.

mod paper;
mod profile;
mod site;

pub use paper::{paper_extras, paper_view, PaperExtras, PaperView};
pub use profile::{
    group_thousands, h_index, person_json_ld, EmailView, Metric, PhotoView, ProfileLinkView, ProfileView,
};
pub use site::{
    news_views, site_view, AuthorSummary, FilterView, NewsView, PageFrame, PageMeta, SiteView, TopicSummary,
    YearGroup, YearSummary,
};
