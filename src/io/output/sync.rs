//! Bringing an output folder up to date in place (the rebuild loop): only files whose bytes
//! changed are written, and files no longer made are removed.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diagnostic::{Error, Result};
use crate::io::load::on_disk;
use crate::io::output::files::{content_bytes, holds, make_folder, remove_stale, Mover, OutputFile};

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
    sync_with(output, files, remove, &Mover::NATIVE)
}

/// Like `sync`, replacing files the way `mover` does.
fn sync_with(output: &Path, files: &[OutputFile], remove: &[PathBuf], mover: &Mover) -> Result<SyncReport> {
    let written: Vec<bool> =
        files.par_iter().map(|file| write_if_changed(output, file, mover)).collect::<Result<_>>()?;
    let mut removed = 0;
    for path in remove {
        if remove_stale(output, path, mover)? {
            removed += 1;
        }
    }
    let n_written = written.iter().filter(|w| **w).count();
    Ok(SyncReport { written: n_written, unchanged: written.len() - n_written, removed })
}

/// Writes `file` into `output` unless it holds the same bytes there: beside it first, then moved
/// over the old file, or over a folder that stood there (set aside until the file is in place).
/// A file of the old output standing where one of the file's folders goes is removed. If the
/// move fails, the old file or folder stays and the temporary file goes.
fn write_if_changed(output: &Path, file: &OutputFile, mover: &Mover) -> Result<bool> {
    let target = on_disk(output, &file.path);
    let bytes = content_bytes(&file.content)?;
    if holds(&target, &bytes) {
        return Ok(false);
    }
    let dir = target.parent().unwrap_or(output);
    if !dir.is_dir() {
        make_folder(output, dir, mover)?;
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.pubsite-tmp"));
    fs::write(&temporary, &bytes).map_err(|e| Error::io("cannot write", &temporary, e))?;
    let moved = if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        mover.replace_folder(&temporary, &target, &dir.join(format!(".{name}.pubsite-old")))
    } else {
        mover.put_in_place(&temporary, &target)
    };
    if let Err(e) = moved {
        let _ = fs::remove_file(&temporary);
        return Err(Error::io("cannot write", &target, e));
    }
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

    /// The rebuild loop's way, with Windows' refusals: a static file that became a folder and a
    /// folder that became a file, a read-only file replaced; a file that cannot be moved in
    /// leaves the old one and no temporary file.
    #[test]
    fn sync_replaces_files_and_folders_the_way_of_every_system() {
        use crate::io::output::files::windows_like;
        for mover in [Mover::NATIVE, Mover::PORTABLE, windows_like::MOVER] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let first = [page("a", "file"), page("b/index.html", "folder"), page("c.html", "c1")];
            sync_with(&out, &first, &[], &mover).unwrap();
            let mut read_only = fs::metadata(out.join("c.html")).unwrap().permissions();
            read_only.set_readonly(true);
            fs::set_permissions(out.join("c.html"), read_only).unwrap();
            let second =
                [page("a/index.html", "now a folder"), page("b", "now a file"), page("c.html", "c2")];
            let report = sync_with(&out, &second, &["a".into(), "b/index.html".into()], &mover).unwrap();
            assert_eq!(report.written, 3);
            assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "now a folder");
            assert_eq!(fs::read_to_string(out.join("b")).unwrap(), "now a file");
            assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "c2");
            let mut files = existing_files(&out);
            files.sort();
            assert_eq!(files, [PathBuf::from("a/index.html"), PathBuf::from("b"), PathBuf::from("c.html")]);
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        sync(&out, &[page("d/index.html", "folder")], &[]).unwrap();
        windows_like::hold(&out.join(".d.pubsite-tmp"), u32::MAX);
        assert!(sync_with(&out, &[page("d", "file")], &[], &windows_like::MOVER).is_err());
        windows_like::release(dir.path());
        assert_eq!(fs::read_to_string(out.join("d/index.html")).unwrap(), "folder", "the folder is back");
        assert_eq!(existing_files(&out), [PathBuf::from("d/index.html")], "no temporary file is left");
    }
}
