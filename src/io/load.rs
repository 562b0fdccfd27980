//! Reading a site folder from disk: `site.toml`, the paper files, the user's templates and the
//! list of static files. Only reads; every problem becomes a diagnostic.
//!
//! The same on every system: files are named relative to the site root with `/` between the
//! parts (`content/papers/x.md`, also on Windows), text files are read with Windows line endings
//! (`\r\n`, as Git's `autocrlf` checks them out) made `\n`, and symbolic links are followed, a
//! broken or looping one reported with its path.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::base::diagnostic::{Diagnostic, Error, Result};
use crate::base::escape::slash_path;

/// Everything read from a site folder, before parsing.
#[derive(Debug)]
pub struct SiteFiles {
    pub config_path: PathBuf,
    pub config_text: String,
    pub papers: Vec<SourceFile>,
    pub pages: Vec<SourceFile>,
    pub templates: Vec<UserTemplate>,
    /// Files under `static/`: (path relative to `static/`, absolute path).
    pub static_files: Vec<(PathBuf, PathBuf)>,
}

pub(crate) const CONFIG_FILE: &str = "site.toml";
pub(crate) const PAPERS_DIR: &str = "content/papers";
/// Pages of the site's own (About, CV, Teaching): `content/pages/<name>.md`.
pub(crate) const PAGES_DIR: &str = "content/pages";
pub(crate) const TEMPLATES_DIR: &str = "templates";
pub(crate) const STATIC_DIR: &str = "static";

/// Paper files and templates larger than this are refused unread: a paper is front matter and
/// an abstract, and a file of many megabytes is a mistake (a PDF renamed, a log pasted).
pub(crate) const MAX_TEXT_FILE: u64 = 4 * 1024 * 1024;

/// A paper file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root.
    pub path: PathBuf,
    pub text: String,
}

/// A template file of the site's own `templates/` folder.
#[derive(Debug, Clone)]
pub struct UserTemplate {
    /// Name relative to `templates/`, with `/` separators (e.g. `partials/paper_entry.html`).
    pub name: String,
    /// Path relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub text: String,
}

/// Reads the site at `root`. A missing `site.toml` is a usage error; unreadable files are
/// content diagnostics, all collected.
pub fn read_site(root: &Path) -> Result<SiteFiles> {
    let config_path = root.join(CONFIG_FILE);
    let config_text = match std::fs::read_to_string(&config_path) {
        Ok(text) => unix_newlines(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Usage(format!(
                "{} has no {CONFIG_FILE}: is it a pubsite site? (pass --root DIR to build another folder)",
                root.display()
            )))
        }
        Err(e) => return Err(Error::io("cannot read", &config_path, e)),
    };
    let mut problems = Vec::new();
    let papers = read_files(root, PAPERS_DIR, Some("md"), &mut problems)
        .into_iter()
        .map(|(path, text)| SourceFile { path, text })
        .collect();
    let pages = read_files(root, PAGES_DIR, Some("md"), &mut problems)
        .into_iter()
        .map(|(path, text)| SourceFile { path, text })
        .collect();
    let templates = read_files(root, TEMPLATES_DIR, None, &mut problems)
        .into_iter()
        .filter_map(|(path, text)| {
            let inside = path.strip_prefix(TEMPLATES_DIR).ok()?;
            match slash_path(inside.components()) {
                Some(name) => Some(UserTemplate { name, path, text }),
                None => {
                    problems
                        .push(Diagnostic::new(&path, "the file name cannot be a template's name").with_hint(
                            "name templates with UTF-8 text and no backslash, such as paper.html",
                        ));
                    None
                }
            }
        })
        .collect();
    let static_files = list_files(root, STATIC_DIR, &mut problems)
        .into_iter()
        .filter_map(|rel| {
            let inside = rel.strip_prefix(STATIC_DIR).ok()?.to_path_buf();
            Some((inside, on_disk(root, &rel)))
        })
        .collect();
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    Ok(SiteFiles {
        config_path: PathBuf::from(CONFIG_FILE),
        config_text,
        papers,
        pages,
        templates,
        static_files,
    })
}

/// Paths (relative to `root`, see `site_relative`) of the files under `root/dir`, sorted; hidden
/// files are skipped. Symbolic links are followed (a link to a file lists the file under the
/// link's name, a link to a folder its files); a broken link, a loop or an unreadable folder is a
/// problem naming its path.
fn list_files(root: &Path, dir: &str, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let top = on_disk(root, Path::new(dir));
    if !top.is_dir() {
        if top.is_symlink() {
            problems.push(broken_link(root, &top, Path::new(dir)));
        }
        return Vec::new();
    }
    let mut files = Vec::new();
    let first_problem = problems.len();
    let walker = WalkDir::new(&top)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let inside = entry.path().strip_prefix(&top).unwrap_or(entry.path());
                files.push(site_relative(dir, inside));
            }
            Ok(_) => {}
            Err(e) => problems.push(walk_problem(root, &top, dir, &e)),
        }
    }
    // In the order of a walk that takes each folder's entries by name: the paths' bytes compared
    // with the separator below every other byte, which orders them as their components would
    // (`Path`'s own comparison parses the components, several times slower on 10,000 files).
    let key = |byte: &u8| if std::path::is_separator(char::from(*byte)) { 0 } else { *byte };
    let order = |a: &Path, b: &Path| {
        a.as_os_str().as_encoded_bytes().iter().map(key).cmp(b.as_os_str().as_encoded_bytes().iter().map(key))
    };
    files.sort_unstable_by(|a, b| order(a, b));
    // The walk's problems too, so that they read the same on every file system.
    problems[first_problem..].sort_by(|a, b| order(&a.path, &b.path));
    files
}

/// Whether a walk leaves out the file or folder `name`: hidden ones (`.git`, macOS's `.DS_Store`
/// and `._` files) and the ones Windows Explorer leaves in folders it shows.
fn skipped(name: &std::ffi::OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.starts_with(b".")
        || bytes.eq_ignore_ascii_case(b"Thumbs.db")
        || bytes.eq_ignore_ascii_case(b"desktop.ini")
}

/// The problem with an entry the walk of `top` (the folder `dir` of the site at `root`) could not
/// take: a symbolic link that loops or points nowhere, or an unreadable file or folder.
fn walk_problem(root: &Path, top: &Path, dir: &str, e: &walkdir::Error) -> Diagnostic {
    let shown = |path: &Path| match path.strip_prefix(top) {
        Ok(inside) => site_relative(dir, inside),
        Err(_) => path.strip_prefix(root).unwrap_or(path).to_path_buf(),
    };
    let Some(path) = e.path() else {
        return Diagnostic::new(dir, format!("cannot read: {e}"));
    };
    let rel = shown(path);
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::new(
            &rel,
            format!(
                "the symbolic link loops: it leads back to {}, a folder that holds it",
                shown(ancestor).display()
            ),
        )
        .with_hint("remove the link, or point it at a folder outside this one");
    }
    if path.is_symlink() && !path.exists() {
        return broken_link(root, path, &rel);
    }
    let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
    Diagnostic::new(&rel, format!("cannot read: {why}")).with_hint("check the file's permissions")
}

/// The problem with the symbolic link `path` (shown as `rel`), whose target does not exist.
fn broken_link(root: &Path, path: &Path, rel: &Path) -> Diagnostic {
    let target = std::fs::read_link(path).map(|t| t.strip_prefix(root).map(Path::to_path_buf).unwrap_or(t));
    let to = target.map_or_else(|_| String::new(), |t| format!(" to {}", t.display()));
    Diagnostic::new(rel, format!("broken symbolic link{to}: its target does not exist"))
        .with_hint("remove the link, or put back the file or folder it points to")
}

/// The path of the file `inside` the site folder `dir`, relative to the site root with `/`
/// between all its parts on every system: how diagnostics name it, and a path every system opens
/// (see `on_disk`). Made from the components, so no separator of the system stays in it; a Unix
/// file name holding `\` keeps it (it is that file's name).
pub(crate) fn site_relative(dir: &str, inside: &Path) -> PathBuf {
    let mut joined = OsString::from(dir);
    for part in inside.components() {
        if !joined.is_empty() {
            joined.push("/");
        }
        joined.push(part.as_os_str());
    }
    PathBuf::from(joined)
}

/// `root` joined with the site path `rel` part by part, so that every separator of the result
/// is the system's own (a path that starts with `\\?\` on Windows takes no `/`).
pub(crate) fn on_disk(root: &Path, rel: &Path) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(rel.components());
    path
}

/// `text` with each Windows line ending (`\r\n`) made `\n`: files checked out by Git on Windows
/// have them, and they would end up in the output (abstracts in BibTeX, code blocks, templates),
/// which then differed from a build on Linux. Line and column numbers stay the same.
pub(crate) fn unix_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n")
}

/// Reads the text files under `root/dir` (only those with `extension`, when given).
fn read_files(
    root: &Path,
    dir: &str,
    extension: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    use rayon::prelude::*;
    let listed = list_files(root, dir, problems);
    let count = listed.len();
    // Opening and reading ten thousand small files one by one is a good part of a large site's
    // build, and a file not in the page cache waits for the disk: more threads than cores keep
    // several reads waiting at once (when the files are cached they just share the cores).
    let read_all = move || -> Vec<(PathBuf, std::result::Result<String, Diagnostic>)> {
        listed
            .into_par_iter()
            .filter(|p| extension.is_none_or(|ext| p.extension().is_some_and(|e| e == ext)))
            .map(|rel| {
                let text = read_text(root, &rel);
                (rel, text)
            })
            .collect()
    };
    let pool = (count >= 64)
        .then(|| rayon::ThreadPoolBuilder::new().num_threads(rayon::current_num_threads() * 8).build().ok())
        .flatten();
    let read = match pool {
        Some(pool) => pool.install(read_all),
        None => read_all(),
    };
    let mut files = Vec::with_capacity(read.len());
    for (rel, text) in read {
        match text {
            Ok(text) => files.push((rel, text)),
            Err(problem) => problems.push(problem),
        }
    }
    files
}

/// The text of the file `rel` (relative to `root`), or a diagnostic saying why it cannot be used:
/// unreadable, larger than `MAX_TEXT_FILE`, or not UTF-8 (with the line of the first bad byte).
pub(crate) fn read_text(root: &Path, rel: &Path) -> std::result::Result<String, Diagnostic> {
    match read_limited(&on_disk(root, rel)) {
        Ok(bytes) => String::from_utf8(bytes).map(unix_newlines).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            Diagnostic::new(rel, "the file is not valid UTF-8 text")
                .at_offset(&valid, at)
                .with_hint("save the file as UTF-8")
        }),
        Err(ReadError::TooLarge(size)) => Err(Diagnostic::new(
            rel,
            format!(
                "the file is {:.1} MB, more than the {} MB a text file of the site may be",
                size as f64 / 1e6,
                MAX_TEXT_FILE / (1024 * 1024)
            ),
        )
        .with_hint("keep the abstract short and put large files (PDFs, data) in static/")),
        Err(ReadError::Io(e)) => Err(Diagnostic::new(rel, format!("cannot read: {e}"))),
    }
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

/// The bytes of `path`, unless it is larger than `MAX_TEXT_FILE`.
fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > MAX_TEXT_FILE {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The size it had when opened: reading stops there without asking the system for more (a
    // file being written meanwhile is read again when its writer is done, by `serve`'s watcher).
    file.take(size).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files come in the order of a walk that takes each folder's entries by name (a folder's
    /// files before a sibling whose name extends the folder's), and hidden ones are left out.
    #[test]
    fn files_are_listed_folder_by_folder_in_name_order() {
        let root = tempfile::tempdir().unwrap();
        let files = ["a/z.md", "a-b.md", "a.md", "b/c/d.md", "b/a.md", ".hidden.md", ".git/x.md", "a/.x.md"];
        for file in files {
            let path = root.path().join("dir").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let mut problems = Vec::new();
        let listed = list_files(root.path(), "dir", &mut problems);
        let expected: Vec<PathBuf> = ["a/z.md", "a-b.md", "a.md", "b/a.md", "b/c/d.md"]
            .iter()
            .map(|f| Path::new("dir").join(f))
            .collect();
        assert_eq!(listed, expected);
        assert!(problems.is_empty());
    }
}
