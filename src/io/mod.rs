//! The disk: reading a site folder, and writing the output folder atomically.

pub mod load;
pub mod output;
