//! What the user wrote, parsed into domain types: `site.toml` (settings and profile), paper
//! files and page files with their front matter. Imports only `base`.

pub mod config;
pub mod i18n;
pub mod pages;
pub mod paper;
pub mod profile;
pub mod theme;
