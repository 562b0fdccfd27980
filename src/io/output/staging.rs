//! Writing the output folder all at once: everything goes into a staging folder beside it, which
//! then replaces the old output, so a failed or interrupted build never leaves a half-written site.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diagnostic::{Error, Result};
use crate::base::sync::lock;
use crate::io::load::on_disk;
#[cfg(target_os = "linux")]
use crate::io::output::files::exchange;
use crate::io::output::files::{
    content_bytes, existing_files, holds, make_folder, remove_dir_if_exists, remove_stale, Compared, Content,
    Mover, OutputFile,
};

/// A new output being written, which replaces the old one only in `commit`. Dropped without
/// `commit` (an error, a panic), it is removed and the old output stays as it was.
///
/// The first build writes a new folder beside the output (`.NAME.pubsite-new`) and moves it in.
/// Later builds leave the old output's folders and unchanged files where they are: a file whose
/// bytes equal the old output's is not written at all (its mtime and inode stay, so rsync and
/// deploys see no change), and each changed or new file is written into the staging folder and
/// moved into the output at `commit`, which also removes the files the new output no longer has.
/// Making the whole tree anew on every build would create and delete a folder per page, and ext4
/// makes new folders slowly for minutes after many were deleted (it skips recently freed inodes):
/// a 10,000-paper site's second, third and fourth builds with nothing changed took 2, 3 and 4 s.
pub(crate) struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
    /// Whether there was an output to compare with and update (else the staging folder is the
    /// new output).
    has_old: bool,
    written: std::sync::atomic::AtomicUsize,
    kept: std::sync::atomic::AtomicUsize,
    /// Every file of the new output (updating an old output).
    produced: std::sync::Mutex<Vec<PathBuf>>,
    /// The files to move into the output, as (file in the staging folder, path in the output).
    changed: std::sync::Mutex<Vec<(PathBuf, PathBuf)>>,
    /// The number of the next file staged for an update.
    next: std::sync::atomic::AtomicUsize,
    /// The files of the old output (an update), being listed.
    listing: std::sync::Mutex<Option<std::thread::JoinHandle<Vec<PathBuf>>>>,
    /// Held by the thread making a first build's folders for its pages (see `write_page`).
    folders: std::sync::Mutex<()>,
    /// Pages of a first build that came while another thread was making folders: (path, bytes).
    waiting: std::sync::Mutex<Vec<(PathBuf, Vec<u8>)>>,
    /// How the new files and folders replace the old ones.
    mover: Mover,
}

/// In the staging folder of an update, the list of files `commit` moves into the output: if a
/// build is stopped while it moves them, the next build finishes the move before it starts.
const MOVES: &str = "moves";

impl Staging {
    /// Starts a new output for `output`, staged in `.NAME.pubsite-new` beside it.
    pub(crate) fn new(output: &Path) -> Result<Self> {
        Staging::start(output, Mover::NATIVE)
    }

    /// Like `new`, replacing files and folders the way `mover` does.
    fn start(output: &Path, mover: Mover) -> Result<Self> {
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
        // A build stopped between the two renames of a first build's `commit` (where the system
        // cannot swap two folders at once) left the last output aside: put it back.
        if !output.exists() && old.is_dir() {
            mover
                .rename_over(&old, output)
                .map_err(|e| Error::io("cannot restore the last output", output, e))?;
        }
        // A build stopped while it moved its files into the output: finish the move.
        if output.is_dir() {
            finish_moves(&dir, output, &mover)?;
        }
        remove_dir_if_exists(&dir)?;
        fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
        let has_old = output.is_dir();
        // The old output's files are listed while the new one is rendered, to remove at `commit`
        // those the new one does not have.
        let listing = has_old.then(|| {
            let output = output.to_path_buf();
            std::thread::spawn(move || existing_files(&output))
        });
        Ok(Staging {
            has_old,
            listing: std::sync::Mutex::new(listing),
            output: output.to_path_buf(),
            dir,
            old,
            committed: false,
            written: Default::default(),
            kept: Default::default(),
            produced: Default::default(),
            changed: Default::default(),
            next: Default::default(),
            folders: Default::default(),
            waiting: Default::default(),
            mover,
        })
    }

    /// Where the file `path` is written until `commit`: its place in the new folder of a first
    /// build, else a numbered file in the staging folder.
    fn staged_path(&self, path: &Path) -> Result<PathBuf> {
        use std::sync::atomic::Ordering::Relaxed;
        if self.has_old {
            return Ok(self.dir.join(self.next.fetch_add(1, Relaxed).to_string()));
        }
        let target = on_disk(&self.dir, path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        }
        Ok(target)
    }

    /// Counts a file written to `staged`, to be moved to `path` when updating an old output.
    fn staged(&self, staged: PathBuf, path: &Path) {
        use std::sync::atomic::Ordering::Relaxed;
        if self.has_old {
            lock(&self.changed).push((staged, path.to_path_buf()));
        }
        self.written.fetch_add(1, Relaxed);
    }

    /// Writes one file of the new output (callable from many threads at once), unless the old
    /// output has a file with the same bytes.
    pub(crate) fn write(&self, file: &OutputFile) -> Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let bytes = content_bytes(&file.content)?;
        if self.has_old {
            lock(&self.produced).push(file.path.clone());
            if holds(&on_disk(&self.output, &file.path), &bytes) {
                self.kept.fetch_add(1, Relaxed);
                return Ok(());
            }
        }
        let target = self.staged_path(&file.path)?;
        fs::write(&target, &bytes).map_err(|e| Error::io("cannot write", &target, e))?;
        self.staged(target, &file.path);
        Ok(())
    }

    /// Like `write`, for a page rendered in memory. In a first build, each page needs a new
    /// folder, mostly in the same parent (`papers/`), and ext4 holds the parent's lock while it
    /// makes one (with the folder's first block): two threads making folders there at once spin
    /// on that lock. So a page that comes while another thread makes folders is set aside, and
    /// its thread goes on to render the next; the thread that next makes a folder makes the
    /// waiting pages' folders too, and writes them. `write_waiting` writes those left at the end.
    pub(crate) fn write_page(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        if self.has_old {
            return self.write(&OutputFile { path, content: Content::Bytes(bytes) });
        }
        let guard = match self.folders.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                lock(&self.waiting).push((path, bytes));
                return Ok(());
            }
        };
        let mut pages = std::mem::take(&mut *lock(&self.waiting));
        pages.push((path, bytes));
        let targets = pages.iter().map(|(path, _)| self.staged_path(path)).collect::<Result<Vec<_>>>()?;
        drop(guard);
        for ((path, bytes), target) in pages.into_iter().zip(targets) {
            fs::write(&target, &bytes).map_err(|e| Error::io("cannot write", &target, e))?;
            self.staged(target, &path);
        }
        Ok(())
    }

    /// Writes the pages `write_page` left waiting.
    pub(crate) fn write_waiting(&self) -> Result<()> {
        let pages = std::mem::take(&mut *lock(&self.waiting));
        for (path, bytes) in pages {
            self.write(&OutputFile { path, content: Content::Bytes(bytes) })?;
        }
        Ok(())
    }

    /// Like `write`, for a large file that `write` writes in pieces: it goes straight to disk.
    /// Over an old output, the pieces are compared with the old file as they come, and nothing is
    /// written unless they differ from it.
    pub(crate) fn write_streamed(
        &self,
        path: &Path,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        use std::io::Write as _;
        use std::sync::atomic::Ordering::Relaxed;
        if !self.has_old {
            let target = self.staged_path(path)?;
            let file = fs::File::create(&target).map_err(|e| Error::io("cannot write", &target, e))?;
            let mut out = std::io::BufWriter::with_capacity(1 << 18, file);
            write(&mut out).and_then(|()| out.flush()).map_err(|e| Error::io("cannot write", &target, e))?;
            self.staged(target, path);
            return Ok(());
        }
        lock(&self.produced).push(path.to_path_buf());
        let previous = on_disk(&self.output, path);
        let staged = std::cell::RefCell::new(None);
        let make = || -> std::io::Result<fs::File> {
            let target = self.staged_path(path).map_err(std::io::Error::other)?;
            let file = fs::File::create(&target)?;
            *staged.borrow_mut() = Some(target);
            Ok(file)
        };
        let old = fs::symlink_metadata(&previous)
            .is_ok_and(|m| m.is_file())
            .then(|| fs::File::open(&previous).ok())
            .flatten()
            .map(|f| std::io::BufReader::with_capacity(1 << 16, f));
        let compared =
            Compared { old_path: &previous, old, matched: 0, scratch: Vec::new(), new: None, make: &make };
        let mut out = std::io::BufWriter::with_capacity(1 << 16, compared);
        let changed = write(&mut out)
            .and_then(|()| out.into_inner().map_err(std::io::IntoInnerError::into_error))
            .and_then(Compared::finish);
        // The staged file, once made; before that, the old file being compared is the one read.
        let file_at = || staged.borrow().clone().unwrap_or_else(|| previous.clone());
        if changed.map_err(|e| Error::io("cannot write", &file_at(), e))? {
            self.staged(file_at(), path);
        } else {
            self.kept.fetch_add(1, Relaxed);
        }
        Ok(())
    }

    /// (files written, files kept from the old output) so far.
    pub(crate) fn counts(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.written.load(Relaxed), self.kept.load(Relaxed))
    }

    /// Makes the new output the output. A first build's folder is moved in: in one step where the
    /// system can swap two folders (Linux), else by two renames (the old output aside, the new one
    /// in), the old output put back if the second fails. An update moves its changed files in
    /// (each swapped with the old file in one step on Linux, else renamed over it), then removes
    /// the files and folders the new output does not have. Once the moves are recorded, a failure
    /// leaves them to the next build (see `finish_moves`); each file of the output is whole, the
    /// old one or the new one, all along.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.write_waiting()?;
        if self.has_old {
            if !self.output.is_dir() {
                return Err(Error::io(
                    "the output folder went away during the build",
                    &self.output,
                    std::io::ErrorKind::NotFound.into(),
                ));
            }
            let changed = std::mem::take(&mut *lock(&self.changed));
            if !changed.is_empty() {
                write_moves(&self.dir, &changed)?;
                // From here the staging folder is kept if anything fails: it holds the record.
                self.committed = true;
                move_into(&self.output, &changed, &self.mover)?;
            }
            let produced: std::collections::HashSet<PathBuf> =
                std::mem::take(&mut *lock(&self.produced)).into_iter().collect();
            let old = lock(&self.listing).take().map(|l| l.join().unwrap_or_default()).unwrap_or_default();
            for path in old.iter().filter(|path| !produced.contains(*path)) {
                remove_stale(&self.output, path, &self.mover)?;
            }
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        #[cfg(target_os = "linux")]
        if self.mover.swap && self.output.is_dir() && exchange(&self.dir, &self.output).is_ok() {
            // The staging folder now holds the old output.
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        // No system renames a folder over another one that is not empty (Windows not even over
        // an empty one): the old output goes aside first.
        if fs::symlink_metadata(&self.output).is_ok() {
            remove_dir_if_exists(&self.old)?;
            self.mover
                .rename_over(&self.output, &self.old)
                .map_err(|e| Error::io("cannot move the old output aside", &self.output, e))?;
        }
        if let Err(e) = self.mover.rename_over(&self.dir, &self.output) {
            // The old output goes back where it was (else the next build would put it back).
            if self.old.exists() {
                let _ = self.mover.rename_over(&self.old, &self.output);
            }
            return Err(Error::io("cannot move the new output into", &self.output, e));
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&self.old);
        Ok(())
    }
}

/// Records in `dir` the moves of `changed` (each staged file's name and output path end with a
/// NUL, which no path holds). Written aside and renamed, so that a stopped build leaves the whole
/// record or none.
fn write_moves(dir: &Path, changed: &[(PathBuf, PathBuf)]) -> Result<()> {
    let mut record = Vec::new();
    for (staged, path) in changed {
        record.extend_from_slice(&path_bytes(Path::new(staged.file_name().unwrap_or_default())));
        record.push(0);
        record.extend_from_slice(&path_bytes(path));
        record.push(0);
    }
    let partial = dir.join(format!("{MOVES}.partial"));
    fs::write(&partial, &record).map_err(|e| Error::io("cannot write", &partial, e))?;
    let record = dir.join(MOVES);
    fs::rename(&partial, &record).map_err(|e| Error::io("cannot write", &record, e))
}

/// Finishes the moves that a stopped build recorded in `dir`, if any.
fn finish_moves(dir: &Path, output: &Path, mover: &Mover) -> Result<()> {
    let Ok(record) = fs::read(dir.join(MOVES)) else { return Ok(()) };
    let fields: Vec<&[u8]> = record.split(|&b| b == 0).collect();
    let left: Vec<(PathBuf, PathBuf)> = fields
        .chunks_exact(2)
        .map(|pair| (dir.join(path_of_bytes(pair[0])), path_of_bytes(pair[1])))
        // Those already moved are no longer in the staging folder. (A build stopped between a
        // swap and the removal of the old file left the old file there: it goes back, and the
        // build that finishes the moves writes the new bytes again, since they differ.)
        .filter(|(staged, _)| staged.is_file())
        .collect();
    move_into(output, &left, mover)
}

/// A path as bytes, for the record of moves: as they are on Unix, else as UTF-8.
fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    return std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    return path.to_string_lossy().as_bytes().to_vec();
}

/// The path that `path_bytes` gave `bytes` for.
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    return PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes));
    #[cfg(not(unix))]
    return PathBuf::from(String::from_utf8_lossy(bytes).into_owned());
}

/// Moves each staged file of `changed` to its path in `output`, making its folder, and replacing
/// whatever the old output had there: a file, or a folder (set aside in the staging folder until
/// the file is in place, and put back if it cannot be).
fn move_into(output: &Path, changed: &[(PathBuf, PathBuf)], mover: &Mover) -> Result<()> {
    changed.par_iter().try_for_each(|(staged, path)| {
        let target = on_disk(output, path);
        if let Some(parent) = target.parent() {
            if !parent.is_dir() {
                make_folder(output, parent, mover)?;
            }
        }
        let moved = if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            mover.replace_folder(staged, &target, &staged.with_extension("aside"))
        } else {
            mover.put_in_place(staged, &target)
        };
        moved.map_err(|e| Error::io("cannot move the new file into", &target, e))
    })
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` as the new content of `output`, replacing what was there.
pub(crate) fn write_all(output: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::new(output)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::output::files::windows_like;

    /// The names in the folder `dir`.
    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect()
    }

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
        assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
    }

    /// Whatever the system's way of moving files, that of Linux or that of the others.
    const MOVERS: [Mover; 2] = [Mover::NATIVE, Mover::PORTABLE];

    fn write_all_with(out: &Path, files: &[OutputFile], mover: Mover) -> Result<()> {
        let staging = Staging::start(out, mover)?;
        files.iter().try_for_each(|file| staging.write(file))?;
        staging.commit()
    }

    /// Marks the file `path` as written long ago: a file that is written again is marked anew
    /// (its modification time, which every system has, where an inode number is Unix's).
    fn mark(path: &Path) -> std::time::SystemTime {
        let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        fs::File::options().write(true).open(path).unwrap().set_modified(long_ago).unwrap();
        long_ago
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn a_streamed_file_is_kept_from_the_old_output_when_unchanged() {
        for mover in MOVERS {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let file = out.join("a").join("big.json");
            let big = "x".repeat(200_000);
            let write = |text: String| {
                let staging = Staging::start(&out, mover).unwrap();
                staging.write_streamed(Path::new("a/big.json"), &|w| w.write_all(text.as_bytes())).unwrap();
                let counts = staging.counts();
                staging.commit().unwrap();
                counts
            };
            assert_eq!(write(big.clone()), (1, 0));
            let marked = mark(&file);
            assert_eq!(write(big.clone()), (0, 1));
            assert_eq!(modified(&file), marked, "unchanged: the old file is kept");
            let changed = format!("{}y", &big[1..]);
            assert_eq!(write(changed.clone()), (1, 0));
            assert_ne!(modified(&file), marked);
            assert_eq!(fs::read_to_string(&file).unwrap(), changed);
            assert_eq!(names_in(&out.join("a")), ["big.json"]);
        }
    }

    #[test]
    fn a_first_build_sets_pages_aside_while_folders_are_made_and_writes_them_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        let bytes = |text: &str| text.as_bytes().to_vec();
        {
            // Another thread is making folders: the pages wait, nothing is written yet.
            let _making = staging.folders.lock().unwrap();
            staging.write_page("papers/a/index.html".into(), bytes("a")).unwrap();
            staging.write_page("papers/b/index.html".into(), bytes("b")).unwrap();
            assert_eq!(staging.counts(), (0, 0));
            assert!(!staging.dir.join("papers/a").exists());
        }
        // The next page's thread makes the folders of the waiting ones too and writes them.
        staging.write_page("papers/c/index.html".into(), bytes("c")).unwrap();
        assert_eq!(staging.counts(), (3, 0));
        {
            let _making = staging.folders.lock().unwrap();
            staging.write_page("papers/d/index.html".into(), bytes("d")).unwrap();
        }
        // A page still waiting at the end is written before the swap.
        staging.commit().unwrap();
        for name in ["a", "b", "c", "d"] {
            assert_eq!(fs::read_to_string(out.join(format!("papers/{name}/index.html"))).unwrap(), name);
        }
    }

    /// Folders are compared by inode number, which only Unix has (the files are compared on
    /// every system in `an_update_by_renames_replaces_only_the_changed_files`).
    #[cfg(unix)]
    #[test]
    fn an_update_leaves_unchanged_files_and_folders_as_they_were() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = |about: &str| {
            [page("index.html", "home"), page("papers/a/index.html", "a"), page("about/index.html", about)]
        };
        write_all(&out, &site("one")).unwrap();
        let ids = |path: &str| fs::metadata(out.join(path)).map(|m| m.ino()).unwrap();
        let before = [ids("papers"), ids("papers/a"), ids("papers/a/index.html"), ids("about")];
        let about = ids("about/index.html");
        write_all(&out, &site("two")).unwrap();
        assert_eq!([ids("papers"), ids("papers/a"), ids("papers/a/index.html"), ids("about")], before);
        assert_ne!(ids("about/index.html"), about, "a changed file is a new file");
        assert_eq!(fs::read_to_string(out.join("about/index.html")).unwrap(), "two");
        assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
    }

    #[test]
    fn an_update_puts_files_where_folders_were_and_folders_where_files_were() {
        for mover in MOVERS.into_iter().chain([windows_like::MOVER]) {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            write_all_with(&out, &[page("a", "file"), page("b/index.html", "in a folder")], mover).unwrap();
            write_all_with(&out, &[page("a/index.html", "now a folder"), page("b", "now a file")], mover)
                .unwrap();
            assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "now a folder");
            assert_eq!(fs::read_to_string(out.join("b")).unwrap(), "now a file");
            let mut files = existing_files(&out);
            files.sort();
            assert_eq!(files, [PathBuf::from("a/index.html"), PathBuf::from("b")]);
            assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
        }
    }

    /// The way of macOS and Windows, run here too: each changed file renamed over the old one,
    /// the unchanged ones left alone, the ones no longer made removed.
    #[test]
    fn an_update_by_renames_replaces_only_the_changed_files() {
        for mover in [Mover::PORTABLE, windows_like::MOVER] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let site = |about: &str| vec![page("index.html", "home"), page("about/index.html", about)];
            let mut first = site("one");
            first.push(page("gone/index.html", "g"));
            write_all_with(&out, &first, mover).unwrap();
            let (home, about) = (mark(&out.join("index.html")), mark(&out.join("about").join("index.html")));
            write_all_with(&out, &site("two"), mover).unwrap();
            assert_eq!(modified(&out.join("index.html")), home, "unchanged: kept");
            assert_ne!(modified(&out.join("about").join("index.html")), about, "changed: written");
            assert_eq!(fs::read_to_string(out.join("about/index.html")).unwrap(), "two");
            assert!(!out.join("gone").exists(), "a file no longer made goes, with its folder");
            assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
        }
    }

    /// Windows refuses to rename over a read-only file, and for a while over one another program
    /// holds open: the flag is cleared, the rename tried again.
    #[test]
    fn read_only_and_busy_files_of_the_old_output_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mover = windows_like::MOVER;
        write_all_with(
            &out,
            &[page("index.html", "one"), page("gone.html", "g"), page("a/b.html", "b")],
            mover,
        )
        .unwrap();
        for file in ["index.html", "gone.html"] {
            let mut read_only = fs::metadata(out.join(file)).unwrap().permissions();
            read_only.set_readonly(true);
            fs::set_permissions(out.join(file), read_only).unwrap();
        }
        let staging = Staging::start(&out, mover).unwrap();
        staging.write(&page("index.html", "two")).unwrap();
        staging.write(&page("a/b.html", "b2")).unwrap();
        // The new a/b.html is held open twice (by a virus scanner, say), fewer than the pauses.
        for (staged, _) in lock(&staging.changed).iter().filter(|(_, path)| path.ends_with("b.html")) {
            windows_like::hold(staged, 2);
        }
        staging.commit().unwrap();
        windows_like::release(dir.path());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "b2");
        assert!(!out.join("gone.html").exists(), "a read-only file no longer made is removed");
    }

    /// A move that fails in the middle of an update (a file held open for good) leaves every file
    /// of the output whole and readable, old or new, a folder that a file was to replace put
    /// back; the next build finishes the moves.
    #[test]
    fn an_update_that_fails_midway_leaves_the_previous_output_readable() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mover = windows_like::MOVER;
        let old = [
            page("index.html", "one"),
            page("a/index.html", "a1"),
            page("b/index.html", "b1"),
            page("c.html", "c1"),
        ];
        write_all_with(&out, &old, mover).unwrap();
        let new =
            [page("index.html", "two"), page("a/index.html", "a2"), page("b", "b2"), page("c.html", "c2")];
        let staging = Staging::start(&out, mover).unwrap();
        new.iter().for_each(|file| staging.write(file).unwrap());
        for (staged, path) in lock(&staging.changed).iter() {
            if path == Path::new("b") || path == Path::new("c.html") {
                windows_like::hold(staged, u32::MAX);
            }
        }
        assert!(staging.commit().is_err());
        windows_like::release(dir.path());
        let read = |path: &str| fs::read_to_string(out.join(path)).unwrap();
        assert_eq!(read("b/index.html"), "b1", "the folder is back, whole");
        assert_eq!(read("c.html"), "c1");
        assert!(["one", "two"].contains(&read("index.html").as_str()));
        assert!(["a1", "a2"].contains(&read("a/index.html").as_str()));
        // The next build, even one that fails before its own commit, finishes the moves.
        drop(Staging::start(&out, mover).unwrap());
        assert_eq!(
            (read("index.html"), read("a/index.html"), read("b"), read("c.html")),
            ("two".into(), "a2".into(), "b2".into(), "c2".into())
        );
        assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
    }

    /// A first build's folder moves in by two renames where the system cannot swap folders; if
    /// the second fails, the old output goes back (here: one made while the build ran).
    #[test]
    fn a_first_build_that_cannot_move_in_leaves_the_previous_output() {
        for fails in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let staging = Staging::start(&out, windows_like::MOVER).unwrap();
            staging.write(&page("index.html", "new")).unwrap();
            fs::create_dir(&out).unwrap();
            fs::write(out.join("index.html"), "old").unwrap();
            if fails {
                windows_like::hold(&staging.dir, u32::MAX);
            }
            assert_eq!(staging.commit().is_err(), fails);
            windows_like::release(dir.path());
            let expected = if fails { "old" } else { "new" };
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), expected);
            assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
        }
    }

    #[test]
    fn a_failed_update_leaves_the_old_output_and_no_staged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_all(&out, &[page("index.html", "one"), page("old/index.html", "o")]).unwrap();
        let before = existing_files(&out);
        {
            let staging = Staging::new(&out).unwrap();
            staging.write(&page("index.html", "two")).unwrap();
            staging.write(&page("new/index.html", "n")).unwrap();
            // Dropped without `commit`, as when rendering fails.
        }
        assert_eq!(existing_files(&out), before);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert_eq!(names_in(dir.path()), ["public"], "nothing is left beside the output");
    }

    #[test]
    fn moves_that_a_stopped_build_recorded_are_finished_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_all(&out, &[page("index.html", "one"), page("a/index.html", "a1")]).unwrap();
        // What a build stopped in the middle of `commit` leaves: the record, one file moved
        // (`index.html`), one still staged (`a/index.html`), one new one staged.
        let staging = dir.path().join(".public.pubsite-new");
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("1"), "a2").unwrap();
        fs::write(staging.join("2"), "b2").unwrap();
        fs::write(out.join("index.html"), "two").unwrap();
        write_moves(
            &staging,
            &[
                (staging.join("0"), PathBuf::from("index.html")),
                (staging.join("1"), PathBuf::from("a/index.html")),
                (staging.join("2"), PathBuf::from("b/index.html")),
            ],
        )
        .unwrap();
        // A build that then fails before its own `commit` still finishes the stopped one.
        drop(Staging::new(&out).unwrap());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "a2");
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "b2");
        assert!(!staging.exists());
    }

    #[test]
    fn a_streamed_file_is_compared_as_it_comes_and_written_only_if_it_differs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = "abcdefghij".repeat(10_000);
        let cases = [
            ("same", old.clone()),
            ("middle", format!("{}X{}", &old[..50_000], &old[50_001..])),
            ("shorter", old[..70_000].to_owned()),
            ("longer", format!("{old}tail")),
            ("empty", String::new()),
            ("first", format!("X{}", &old[1..])),
        ];
        let mut files: Vec<OutputFile> = cases.iter().map(|(name, _)| page(name, &old)).collect();
        files.push(page("new-empty-old-missing", "unused"));
        write_all(&out, &files).unwrap();
        fs::remove_file(out.join("new-empty-old-missing")).unwrap();
        let staging = Staging::new(&out).unwrap();
        for (name, text) in &cases {
            // In pieces of 4,999 bytes, as a template writes its output.
            let pieces =
                |w: &mut dyn std::io::Write| text.as_bytes().chunks(4_999).try_for_each(|p| w.write_all(p));
            staging.write_streamed(Path::new(name), &pieces).unwrap();
        }
        staging.write_streamed(Path::new("new-empty-old-missing"), &|_| Ok(())).unwrap();
        let staged = fs::read_dir(&staging.dir).unwrap().count();
        assert_eq!(staging.counts(), (6, 1));
        assert_eq!(staged, 6, "only the changed files were written");
        staging.commit().unwrap();
        for (name, text) in &cases {
            assert_eq!(&fs::read_to_string(out.join(name)).unwrap(), text, "{name}");
        }
        assert_eq!(fs::read_to_string(out.join("new-empty-old-missing")).unwrap(), "");
    }
}
