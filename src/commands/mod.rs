//! The commands beside `build` and `check`: serve, watch, import, and init/new.

pub mod import;
pub mod migrate;
pub mod scaffold;
pub mod serve;
pub mod watch;
