//! Where rendered files go: a `Sink` takes each page as it is rendered.

use std::io::Write;
use std::path::PathBuf;

use crate::base::diagnostic::Diagnostic;

/// A rendered file, its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where a render puts its files, called from the rendering threads.
pub(crate) trait Sink: Sync {
    fn page(&self, page: Page) -> Result<(), Diagnostic>;

    /// A large file (an export) that `write` writes in pieces. By default the pieces are
    /// collected and handed to `page`; a sink that writes to disk can stream them instead.
    fn stream(
        &self,
        path: PathBuf,
        write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Diagnostic::new(&path, format!("cannot make the file: {e}")))?;
        self.page(Page { path, bytes })
    }
}

impl<F: Fn(Page) -> Result<(), Diagnostic> + Sync> Sink for F {
    fn page(&self, page: Page) -> Result<(), Diagnostic> {
        self(page)
    }
}
