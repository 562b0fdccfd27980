//! pubsite turns a folder of paper files into a publication website.
//!
//! The crate is built in floors, and a module imports only from the floors below its own
//! (`tests/layers.rs` enforces it):
//!
//! ```text
//! commands   serve, watch, import, init/new
//! pipeline   build, rebuild, check: one `prepare` for all three
//! present    theme, views, fragments made in Rust, rendering
//! scholar    BibTeX, CSL-JSON, Scholar tags, JSON-LD, citation styles
//! site       the checked whole: indexes, co-authors, photo, the URL scheme
//! io         reading the site folder, writing the output
//! model      what the user wrote: site.toml, profile, papers, pages
//! base       leaves: escaping, dates, identifiers, names, LaTeX, Markdown, diagnostics
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod base;
pub mod commands;
pub mod io;
pub mod model;
pub mod pipeline;
pub mod present;
pub mod scholar;
pub mod site;

pub use base::diagnostic::{Diagnostic, Error};
pub use pipeline::build::{build, BuildSummary};
pub use pipeline::prepare::BuildOptions;
