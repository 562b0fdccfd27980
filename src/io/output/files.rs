//! The files of an output folder: what a build puts there, whether a file on disk already
//! holds the same bytes (compared as they come), and the removal of files no longer made.

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Error, Result};
use crate::io::load::on_disk;

/// A file to write, its path relative to the output folder.
#[derive(Debug)]
pub(crate) struct OutputFile {
    pub path: PathBuf,
    pub content: Content,
}

#[derive(Debug)]
pub(crate) enum Content {
    Bytes(Vec<u8>),
    Embedded(&'static [u8]),
    /// Copied from this file on disk.
    CopyOf(PathBuf),
}

/// What a file of an update is written through: it compares the bytes it is given with the old
/// file and writes nothing while they agree. At the first difference it makes the new file
/// (`make`), copies into it the old bytes that matched so far, and passes everything on.
pub(super) struct Compared<'a> {
    pub(super) old_path: &'a Path,
    pub(super) old: Option<std::io::BufReader<fs::File>>,
    pub(super) matched: u64,
    pub(super) scratch: Vec<u8>,
    pub(super) new: Option<std::io::BufWriter<fs::File>>,
    pub(super) make: &'a dyn Fn() -> std::io::Result<fs::File>,
}

impl Compared<'_> {
    /// The new file, made (with the bytes that matched) if it was not yet.
    fn diverged(&mut self) -> std::io::Result<&mut std::io::BufWriter<fs::File>> {
        use std::io::Read as _;
        match self.new {
            Some(ref mut new) => Ok(new),
            None => {
                let mut out = std::io::BufWriter::with_capacity(1 << 18, (self.make)()?);
                if self.matched > 0 {
                    let mut old = fs::File::open(self.old_path)?.take(self.matched);
                    std::io::copy(&mut old, &mut out)?;
                }
                self.old = None;
                Ok(self.new.insert(out))
            }
        }
    }

    /// Ends the file: whether it differs from the old one (and was written).
    pub(super) fn finish(mut self) -> std::io::Result<bool> {
        use std::io::{Read as _, Write as _};
        if self.new.is_none() {
            let ended_too = match self.old.as_mut() {
                Some(old) => old.read(&mut [0; 1])? == 0,
                None => false,
            };
            if ended_too {
                return Ok(false);
            }
            self.diverged()?;
        }
        match self.new.take() {
            Some(mut new) => new.flush().map(|()| true),
            None => Ok(true),
        }
    }
}

impl std::io::Write for Compared<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use std::io::Read as _;
        if self.new.is_none() {
            if let Some(old) = self.old.as_mut() {
                self.scratch.resize(buf.len(), 0);
                if old.read_exact(&mut self.scratch).is_ok() && self.scratch == buf {
                    self.matched += buf.len() as u64;
                    return Ok(buf.len());
                }
            }
        }
        self.diverged()?.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.new.as_mut().map_or(Ok(()), std::io::Write::flush)
    }
}

pub(super) fn content_bytes(content: &Content) -> Result<std::borrow::Cow<'_, [u8]>> {
    Ok(match content {
        Content::Bytes(bytes) => bytes.as_slice().into(),
        Content::Embedded(bytes) => (*bytes).into(),
        Content::CopyOf(source) => fs::read(source).map_err(|e| Error::io("cannot read", source, e))?.into(),
    })
}

/// Whether `path` is a file holding exactly `bytes`.
pub(super) fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Every file (or symbolic link) under `output`, relative to it (empty when the folder does not
/// exist).
pub(crate) fn existing_files(output: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(output).ok().map(Path::to_path_buf))
        .collect()
}

/// Removes the file `path` of `output`, and the folders it leaves empty. Whether there was one to
/// remove: it may be gone already, or be a folder of the new output now.
pub(super) fn remove_stale(output: &Path, path: &Path, mover: &Mover) -> Result<bool> {
    let target = on_disk(output, path);
    if !fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
        return Ok(false);
    }
    mover.remove_file(&target).map_err(|e| Error::io("cannot remove", &target, e))?;
    remove_empty_parents(output, &target);
    Ok(true)
}

/// Removes the folders left empty between `file` and `output`.
pub(super) fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

pub(super) fn remove_dir_if_exists(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("cannot remove", dir, e)),
        _ => Ok(()),
    }
}

/// Makes the folder `folder` inside `output`, removing any file of the old output that stands
/// where one of its folders goes.
pub(super) fn make_folder(output: &Path, folder: &Path, mover: &Mover) -> Result<()> {
    if fs::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    let mut at = output.to_path_buf();
    for part in folder.strip_prefix(output).unwrap_or(folder).components() {
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
            mover.remove_file(&at).map_err(|e| Error::io("cannot remove", &at, e))?;
        }
    }
    fs::create_dir_all(folder).map_err(|e| Error::io("cannot create", folder, e))
}

/// How the files of a new output replace the old output's, the same on every system but for the
/// one step Linux has (`swap`). Windows refuses what Unix allows: to rename a file over one that
/// is read-only, or (for a while) over one another program holds open, such as a virus scanner
/// reading a file just written, an editor or a search indexer; and to rename a folder over
/// another. So a file is renamed over the old one, the read-only flag cleared and the rename
/// tried again after a pause when refused; a folder is never renamed over one (see
/// `replace_folder`, and `Staging::commit`'s first build).
#[derive(Clone, Copy)]
pub(crate) struct Mover {
    /// Swap a file with the old one in one step where the system can (`renameat2` on Linux).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub(super) swap: bool,
    /// Renames a file or folder, replacing a file there: `fs::rename`, or in tests one that
    /// refuses as Windows does, so that Linux runs the way of the other systems.
    pub(super) rename: fn(&Path, &Path) -> std::io::Result<()>,
    /// Milliseconds to wait before each new attempt at a rename or removal refused for a while.
    pub(super) pauses: &'static [u64],
}

impl Mover {
    /// The way of the system the build runs on.
    pub(crate) const NATIVE: Mover = Mover {
        swap: cfg!(target_os = "linux"),
        rename: rename_file,
        pauses: &[2, 5, 10, 25, 50, 100, 200, 400],
    };
    /// The way of macOS and Windows, on every system (Linux's tests run it).
    #[cfg(test)]
    pub(crate) const PORTABLE: Mover = Mover { swap: false, ..Mover::NATIVE };

    /// Moves the file `staged` to `target`, replacing the file there if any. On Linux the two
    /// are swapped and the old one, now at `staged`, is removed: a rename that replaces a file
    /// makes ext4 write the new one out to the disk at once (so that a crash cannot leave it
    /// empty), which made a build that changes every page of a 10,000-paper site take 2.5 s
    /// instead of 1.7 s.
    pub(super) fn put_in_place(&self, staged: &Path, target: &Path) -> std::io::Result<()> {
        #[cfg(target_os = "linux")]
        if self.swap
            && fs::symlink_metadata(target).is_ok_and(|m| !m.is_dir())
            && exchange(staged, target).is_ok()
        {
            return fs::remove_file(staged);
        }
        self.rename_over(staged, target)
    }

    /// Renames `from` to `to`, replacing the file there: when refused because `to` is read-only
    /// (Windows), its read-only flag is cleared and the rename tried again; when refused for a
    /// while (a file held open), it is tried again after each of `pauses`.
    pub(super) fn rename_over(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.patiently(|| match (self.rename)(from, to) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && make_writable(to) => {
                (self.rename)(from, to)
            }
            done => done,
        })
    }

    /// Removes the file `path`, tried again after each of `pauses` while refused for a while.
    pub(super) fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        self.patiently(|| fs::remove_file(path))
    }

    /// Puts the file `staged` at `target`, where the old output has a folder: the folder is
    /// moved to `aside` first and removed only once the file is in place, and put back if the
    /// file cannot be, so that a failure leaves the old folder whole.
    pub(super) fn replace_folder(&self, staged: &Path, target: &Path, aside: &Path) -> std::io::Result<()> {
        let _ = fs::remove_dir_all(aside);
        self.rename_over(target, aside)?;
        match self.put_in_place(staged, target) {
            Ok(()) => {
                let _ = fs::remove_dir_all(aside);
                Ok(())
            }
            Err(e) => {
                let _ = self.rename_over(aside, target);
                Err(e)
            }
        }
    }

    /// Runs `step` until it succeeds, fails for good, or was refused once more than `pauses`.
    fn patiently<T>(&self, mut step: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
        let mut pauses = self.pauses.iter();
        loop {
            match step() {
                Err(e) if refused_for_a_while(&e) => match pauses.next() {
                    Some(&ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
                    None => return Err(e),
                },
                done => return done,
            }
        }
    }
}

fn rename_file(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::rename(from, to)
}

/// Whether the system may allow later what it refused with `e`: a busy file, and on Windows a
/// sharing or lock violation (a file another program holds open) or a denied access (also what a
/// file being deleted, or a read-only one, gets).
fn refused_for_a_while(e: &std::io::Error) -> bool {
    #[cfg(windows)]
    if matches!(e.raw_os_error(), Some(5 | 32 | 33)) {
        return true;
    }
    e.kind() == std::io::ErrorKind::ResourceBusy
}

/// Lets the owner write the file `path` if it is read-only; whether it was (and now is not).
pub(super) fn make_writable(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else { return false };
    let mut permissions = meta.permissions();
    if !permissions.readonly() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = permissions.mode();
        permissions.set_mode(mode | 0o200);
    }
    // On Windows, read-only is a flag of the file, and this clears only that flag.
    #[cfg(not(unix))]
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    fs::set_permissions(path, permissions).is_ok()
}

/// Swaps two files or folders atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// A `Mover` that refuses what Windows refuses, so that Linux runs the way of Windows: without
/// the swap, renaming over a read-only file is refused (as Windows did before its POSIX renames,
/// and on file systems without them), a folder is never renamed over anything, and a file
/// `hold` was called for is held open by "another program".
#[cfg(test)]
pub(super) mod windows_like {
    use super::*;
    use std::sync::Mutex;

    /// The paths held open, with how many more times a rename from them is refused.
    static HELD: Mutex<Vec<(PathBuf, u32)>> = Mutex::new(Vec::new());

    /// Windows' refusals, without waiting between attempts.
    pub(crate) const MOVER: Mover = Mover { swap: false, rename: windows_rename, pauses: &[0, 0, 0] };

    /// Holds `path` open for `times` attempts to move it (`u32::MAX`: for good).
    pub(crate) fn hold(path: &Path, times: u32) {
        crate::base::sync::lock(&HELD).push((path.to_path_buf(), times));
    }

    /// Lets go of every path under `dir`.
    pub(crate) fn release(dir: &Path) {
        crate::base::sync::lock(&HELD).retain(|(held, _)| !held.starts_with(dir));
    }

    fn windows_rename(from: &Path, to: &Path) -> std::io::Result<()> {
        {
            let mut held = crate::base::sync::lock(&HELD);
            if let Some((_, times)) = held.iter_mut().find(|(p, times)| p == from && *times > 0) {
                *times -= 1;
                return Err(std::io::Error::new(std::io::ErrorKind::ResourceBusy, "sharing violation"));
            }
        }
        let target = fs::symlink_metadata(to);
        if target.as_ref().is_ok_and(|m| m.permissions().readonly()) {
            return Err(std::io::ErrorKind::PermissionDenied.into());
        }
        if target.is_ok() && fs::symlink_metadata(from).is_ok_and(|m| m.is_dir()) {
            return Err(std::io::ErrorKind::AlreadyExists.into());
        }
        fs::rename(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_refused_for_a_while_is_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("new"), dir.path().join("old"));
        fs::write(&from, "new").unwrap();
        fs::write(&to, "old").unwrap();
        windows_like::hold(&from, 4);
        let err = windows_like::MOVER.rename_over(&from, &to).unwrap_err();
        assert_eq!(
            err.kind(),
            std::io::ErrorKind::ResourceBusy,
            "refused at the first try and after each of the 3 pauses: given up"
        );
        assert_eq!(fs::read_to_string(&to).unwrap(), "old");
        windows_like::hold(&from, 2);
        windows_like::MOVER.rename_over(&from, &to).unwrap();
        assert_eq!(fs::read_to_string(&to).unwrap(), "new");
        windows_like::release(dir.path());
    }

    #[test]
    fn a_read_only_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("new"), dir.path().join("old"));
        fs::write(&from, "new").unwrap();
        fs::write(&to, "old").unwrap();
        let mut read_only = fs::metadata(&to).unwrap().permissions();
        read_only.set_readonly(true);
        fs::set_permissions(&to, read_only).unwrap();
        windows_like::MOVER.put_in_place(&from, &to).unwrap();
        assert_eq!(fs::read_to_string(&to).unwrap(), "new");
        assert!(!from.exists());
    }

    #[test]
    fn a_folder_is_replaced_by_a_file_or_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let (staged, target, aside) =
            (dir.path().join("new"), dir.path().join("a"), dir.path().join("aside"));
        fs::write(&staged, "file").unwrap();
        fs::create_dir(&target).unwrap();
        fs::write(target.join("index.html"), "folder").unwrap();
        windows_like::hold(&staged, u32::MAX);
        assert!(windows_like::MOVER.replace_folder(&staged, &target, &aside).is_err());
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "folder", "put back whole");
        assert!(!aside.exists());
        windows_like::release(&staged);
        windows_like::MOVER.replace_folder(&staged, &target, &aside).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "file");
        assert!(!aside.exists() && !staged.exists());
    }
}
