//! Bringing an output folder up to date in place (the rebuild loop): only files whose bytes
//! changed are written, and files no longer made are removed.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diagnostic::{Error, Result};
use crate::io::output::files::{content_bytes, holds, put_in_place, remove_stale, OutputFile};

/// What `sync` did to the output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Updates `output` in place: each file of `files` is written only if its bytes changed (through
/// a temporary file and a rename, so a reader never sees half a file), and the files in
/// `remove` are deleted. Used by the rebuild loop, where speed and stable mtimes matter.
pub(crate) fn sync(output: &Path, files: &[OutputFile], remove: &[PathBuf]) -> Result<SyncReport> {
    let written: Vec<bool> =
        files.par_iter().map(|file| write_if_changed(output, file)).collect::<Result<_>>()?;
    let mut removed = 0;
    for path in remove {
        if remove_stale(output, path)? {
            removed += 1;
        }
    }
    let n_written = written.iter().filter(|w| **w).count();
    Ok(SyncReport { written: n_written, unchanged: written.len() - n_written, removed })
}

fn write_if_changed(output: &Path, file: &OutputFile) -> Result<bool> {
    let target = output.join(&file.path);
    let bytes = content_bytes(&file.content)?;
    if holds(&target, &bytes) {
        return Ok(false);
    }
    let dir = target.parent().unwrap_or(output);
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.pubsite-tmp"));
    fs::write(&temporary, &bytes).map_err(|e| Error::io("cannot write", &temporary, e))?;
    put_in_place(&temporary, &target).map_err(|e| Error::io("cannot write", &target, e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::output::files::{existing_files, Content};

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), content: Content::Bytes(text.as_bytes().to_vec()) }
    }

    #[test]
    fn sync_writes_only_changed_files_and_removes_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        sync(&out, &[page("same.html", "s"), page("changed.html", "a"), page("old/index.html", "o")], &[])
            .unwrap();
        let report =
            sync(&out, &[page("same.html", "s"), page("changed.html", "b")], &["old/index.html".into()])
                .unwrap();
        assert_eq!(report, SyncReport { written: 1, unchanged: 1, removed: 1 });
        assert_eq!(fs::read_to_string(out.join("changed.html")).unwrap(), "b");
        assert!(!out.join("old").exists(), "emptied folders go too");
        let mut files = existing_files(&out);
        files.sort();
        assert_eq!(files, [PathBuf::from("changed.html"), PathBuf::from("same.html")]);
    }
}
