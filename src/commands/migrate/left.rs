//! What a migration could not carry over (or only in part), with its file and line in the old
//! site and why.

use std::fmt;
use std::path::{Path, PathBuf};

/// Something of the old site that was not carried over (or only in part), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// Relative to the old site's folder.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub what: String,
    pub why: String,
}

impl Left {
    pub(crate) fn at(
        file: &Path,
        line: Option<usize>,
        what: impl Into<String>,
        why: impl Into<String>,
    ) -> Left {
        Left { file: file.to_path_buf(), line, what: what.into(), why: why.into() }
    }
}

impl fmt::Display for Left {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: {}", self.what, self.why)
    }
}
