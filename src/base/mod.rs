//! The floor everything stands on: leaves that import nothing else of the crate. Text escaping,
//! dates, identifiers, name keys, LaTeX, Markdown, slugs and topic codes, diagnostics.

pub mod color;
pub mod date;
pub mod diagnostic;
pub mod escape;
pub mod ident;
pub mod latex;
pub mod markdown;
pub mod names;
pub mod sync;
pub mod taxonomy;
pub mod value;
