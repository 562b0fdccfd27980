//! pubsite turns a folder of paper files into a publication website.
//!
//! The data flows one way: `load` (read files) -> `config` + `paper` (parse) -> `site` (check
//! and index) -> `views` + `render` (pure) -> `output` (atomic write). `build` runs the chain.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod authors;
pub mod build;
pub mod chart;
pub mod check;
pub mod citation;
pub mod cli;
pub mod config;
pub mod error;
pub mod import;
pub mod latex;
pub mod load;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod paper;
pub mod photo;
pub mod profile;
pub mod rebuild;
pub mod render;
pub mod scaffold;
pub mod scholar;
pub mod serve;
pub mod site;
pub mod taxonomy;
pub mod theme;
pub mod value;
pub mod views;
pub mod watch;

pub use build::{build, BuildOptions, BuildSummary};
pub use error::{Diagnostic, Error};
