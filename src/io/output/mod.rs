//! The output folder: where it may be (`location`), writing it whole and atomically
//! (`staging`), or in place after a change (`sync`), and comparing and removing its files
//! (`files`).

mod files;
mod location;
mod staging;
mod sync;

pub(crate) use files::{existing_files, Content, OutputFile};
pub(crate) use location::check_output_location;
pub(crate) use staging::{write_all, Staging};
pub(crate) use sync::{sync, SyncReport};
