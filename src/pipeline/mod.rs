//! The pipeline: read, parse and check a site once (`prepare`), then build it, rebuild it after
//! changes, or check it.

pub mod build;
pub mod check;
pub mod prepare;
pub mod rebuild;
