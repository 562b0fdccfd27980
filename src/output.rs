//! Writing the output folder all at once: everything goes into a staging folder beside it, which
//! then replaces the old output, so a failed or interrupted build never leaves a half-written site.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// A file to write, its path relative to the output folder.
#[derive(Debug)]
pub struct OutputFile {
    pub path: PathBuf,
    pub content: Content,
}

#[derive(Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    Embedded(&'static [u8]),
    /// Copied from this file on disk.
    CopyOf(PathBuf),
}

/// Refuses output folders whose replacement would destroy the user's files.
pub fn check_output_location(root: &Path, output: &Path) -> Result<()> {
    let root = fs::canonicalize(root).map_err(|e| Error::io("cannot open the site folder", root, e))?;
    let output_abs = absolute(output)?;
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to use {} as the output folder: {why} (pass --output to a folder of its own, such as public/)",
            output.display()
        )))
    };
    if root.starts_with(&output_abs) {
        return refuse("it contains the site itself");
    }
    if output_abs.join("site.toml").exists() || output_abs.join("content").exists() {
        return refuse("it holds a site (site.toml or content/), not a build");
    }
    Ok(())
}

/// The absolute, symlink-resolved form of `path`, which may not exist yet.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = std::path::absolute(path).map_err(|e| Error::io("cannot resolve", path, e))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

/// A new output folder being written beside the old one. `commit` swaps it in; dropped without
/// `commit` (an error, a panic), it is removed and the old output stays as it was.
///
/// A file whose bytes equal the old output's is not written again: the old file is hard-linked
/// into the new folder, so its mtime stays (rsync and deploys see no change) and no data is
/// written. Nothing ever writes into an output file in place, so the shared inode is safe.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
    /// Whether there was an output to compare with (a first build skips the lookups).
    has_old: bool,
    written: std::sync::atomic::AtomicUsize,
    kept: std::sync::atomic::AtomicUsize,
}

impl Staging {
    /// Starts a new output for `output` in `.NAME.pubsite-new` beside it.
    pub fn new(output: &Path) -> Result<Self> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_owned());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
        let dir = parent.join(format!(".{name}.pubsite-new"));
        let old = parent.join(format!(".{name}.pubsite-old"));
        remove_dir_if_exists(&dir)?;
        // A build stopped between the two renames of `commit` (where the system cannot swap two
        // folders at once) left the last output aside: put it back.
        if !output.exists() && old.is_dir() {
            fs::rename(&old, output).map_err(|e| Error::io("cannot restore the last output", output, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
        Ok(Staging {
            has_old: output.is_dir(),
            output: output.to_path_buf(),
            dir,
            old,
            committed: false,
            written: Default::default(),
            kept: Default::default(),
        })
    }

    /// Writes one file of the new output (callable from many threads at once), or links the old
    /// output's file when its bytes are the same.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let target = self.dir.join(&file.path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        let previous = self.output.join(&file.path);
        let bytes = content_bytes(&file.content)?;
        let same_size = self.has_old
            && fs::symlink_metadata(&previous).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if same_size
            && fs::read(&previous).is_ok_and(|old| old == *bytes)
            && fs::hard_link(&previous, &target).is_ok()
        {
            self.kept.fetch_add(1, Relaxed);
            return Ok(());
        }
        fs::write(&target, &bytes).map_err(|e| Error::io("cannot write", &target, e))?;
        self.written.fetch_add(1, Relaxed);
        Ok(())
    }

    /// Like `write`, for a large file that `write` writes in pieces: it goes straight to disk, and
    /// is replaced by a link to the old output's file afterwards if the two are the same.
    pub fn write_streamed(
        &self,
        path: &Path,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        use std::io::Write as _;
        use std::sync::atomic::Ordering::Relaxed;
        let target = self.dir.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        let file = fs::File::create(&target).map_err(|e| Error::io("cannot write", &target, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 18, file);
        write(&mut out).and_then(|()| out.flush()).map_err(|e| Error::io("cannot write", &target, e))?;
        drop(out);
        let previous = self.output.join(path);
        if self.has_old && same_contents(&previous, &target) {
            let link = self.dir.join(format!("{}.pubsite-link", path.display()));
            if fs::hard_link(&previous, &link).is_ok() && fs::rename(&link, &target).is_ok() {
                self.kept.fetch_add(1, Relaxed);
                return Ok(());
            }
            let _ = fs::remove_file(&link);
        }
        self.written.fetch_add(1, Relaxed);
        Ok(())
    }

    /// (files written, files kept from the old output) so far.
    pub fn counts(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.written.load(Relaxed), self.kept.load(Relaxed))
    }

    /// Replaces the old output with the new one: in one step where the system can swap two
    /// folders (Linux), so the output folder is never missing; else by two renames.
    pub fn commit(mut self) -> Result<()> {
        #[cfg(target_os = "linux")]
        if self.output.is_dir() && exchange(&self.dir, &self.output).is_ok() {
            // The staging folder now holds the old output.
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        if self.output.exists() {
            remove_dir_if_exists(&self.old)?;
            fs::rename(&self.output, &self.old)
                .map_err(|e| Error::io("cannot move the old output aside", &self.output, e))?;
        }
        fs::rename(&self.dir, &self.output)
            .map_err(|e| Error::io("cannot move the new output into", &self.output, e))?;
        self.committed = true;
        let _ = fs::remove_dir_all(&self.old);
        Ok(())
    }
}

/// Swaps two folders atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` as the new content of `output`, replacing what was there.
pub fn write_all(output: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::new(output)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.commit()
}

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
pub fn sync(output: &Path, files: &[OutputFile], remove: &[PathBuf]) -> Result<SyncReport> {
    let written: Vec<bool> =
        files.par_iter().map(|file| write_if_changed(output, file)).collect::<Result<_>>()?;
    let mut removed = 0;
    for path in remove {
        let target = output.join(path);
        match fs::remove_file(&target) {
            Ok(()) => {
                removed += 1;
                remove_empty_parents(output, &target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("cannot remove", &target, e)),
        }
    }
    let n_written = written.iter().filter(|w| **w).count();
    Ok(SyncReport { written: n_written, unchanged: written.len() - n_written, removed })
}

/// Every file under `output`, relative to it (empty when the folder does not exist).
pub fn existing_files(output: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(output).ok().map(Path::to_path_buf))
        .collect()
}

/// Whether the regular files `a` and `b` hold the same bytes (read a piece at a time).
fn same_contents(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let is_file_of = |m: fs::Metadata| m.is_file().then_some(m.len());
    match (fs::symlink_metadata(a).ok().and_then(is_file_of), fs::metadata(b).ok().and_then(is_file_of)) {
        (Some(x), Some(y)) if x == y => {}
        _ => return false,
    }
    let (Ok(mut a), Ok(mut b)) = (fs::File::open(a), fs::File::open(b)) else { return false };
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        // Regular files of equal length: `read_exact` of the same amount from both.
        let n = match a.read(&mut x) {
            Ok(0) => return b.read(&mut y[..1]).is_ok_and(|n| n == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
    }
}

fn content_bytes(content: &Content) -> Result<std::borrow::Cow<'_, [u8]>> {
    Ok(match content {
        Content::Bytes(bytes) => bytes.as_slice().into(),
        Content::Embedded(bytes) => (*bytes).into(),
        Content::CopyOf(source) => fs::read(source).map_err(|e| Error::io("cannot read", source, e))?.into(),
    })
}

fn write_if_changed(output: &Path, file: &OutputFile) -> Result<bool> {
    let target = output.join(&file.path);
    let bytes = content_bytes(&file.content)?;
    let same_size = fs::metadata(&target).is_ok_and(|m| m.len() == bytes.len() as u64);
    if same_size && fs::read(&target).is_ok_and(|old| old == *bytes) {
        return Ok(false);
    }
    let dir = target.parent().unwrap_or(output);
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.pubsite-tmp"));
    fs::write(&temporary, &bytes).map_err(|e| Error::io("cannot write", &temporary, e))?;
    fs::rename(&temporary, &target).map_err(|e| Error::io("cannot write", &target, e))?;
    Ok(true)
}

/// Removes the folders left empty between `file` and `output`.
fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn remove_dir_if_exists(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("cannot remove", dir, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), content: Content::Bytes(text.as_bytes().to_vec()) }
    }

    #[test]
    fn the_new_output_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_all(&out, &[page("index.html", "one"), page("gone.html", "x")]).unwrap();
        write_all(&out, &[page("index.html", "two"), page("a/b/index.html", "deep")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("a/b/index.html")).unwrap(), "deep");
        assert!(!out.join("gone.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn a_streamed_file_is_linked_from_the_old_output_when_unchanged() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let big = "x".repeat(200_000);
        let write = |text: String| {
            let staging = Staging::new(&out).unwrap();
            staging.write_streamed(Path::new("a/big.json"), &|w| w.write_all(text.as_bytes())).unwrap();
            let counts = staging.counts();
            staging.commit().unwrap();
            (counts, fs::metadata(out.join("a/big.json")).unwrap().ino())
        };
        let (first, inode) = write(big.clone());
        assert_eq!(first, (1, 0));
        let (second, same_inode) = write(big.clone());
        assert_eq!((second, same_inode), ((0, 1), inode), "unchanged: the old file is kept");
        let changed = format!("{}y", &big[1..]);
        let (third, new_inode) = write(changed.clone());
        assert_eq!(third, (1, 0));
        assert_ne!(new_inode, inode);
        assert_eq!(fs::read_to_string(out.join("a/big.json")).unwrap(), changed);
        let leftovers: Vec<_> =
            fs::read_dir(out.join("a")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["big.json"]);
    }

    #[test]
    fn sync_writes_only_changed_files_and_removes_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_all(&out, &[page("same.html", "s"), page("changed.html", "a"), page("old/index.html", "o")])
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

    #[test]
    fn a_site_folder_is_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.toml"), "").unwrap();
        fs::create_dir(dir.path().join("content")).unwrap();
        assert!(check_output_location(dir.path(), dir.path()).is_err());
        assert!(check_output_location(dir.path(), &dir.path().join("..")).is_err());
        assert!(check_output_location(dir.path(), &dir.path().join("public")).is_ok());
        let other = tempfile::tempdir().unwrap();
        fs::write(other.path().join("site.toml"), "").unwrap();
        assert!(check_output_location(dir.path(), other.path()).is_err());
    }
}
