//! Watching a site folder: which file events matter (`classify`, pure), and the loop that
//! gathers a burst of editor events (write temp file, rename, chmod) into one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::base::diagnostic::{Error, Result};
use crate::io::load::{CONFIG_FILE, PAGES_DIR, PAPERS_DIR, STATIC_DIR, TEMPLATES_DIR};
use crate::pipeline::rebuild::{Change, RebuildReport, Rebuilder};

/// What a file event at `path` means for the site at `root` (both absolute), if anything.
/// Events in the output folder, hidden files and editor backups mean nothing.
pub(crate) fn classify(root: &Path, output: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str()?;
    if is_editor_noise(name) {
        return None;
    }
    if rel == Path::new(CONFIG_FILE) {
        return Some(Change::Everything);
    }
    if let Ok(inside) = rel.strip_prefix(PAPERS_DIR) {
        if inside.as_os_str().is_empty() || rel.components().any(|c| is_hidden(c.as_os_str().to_str())) {
            return None;
        }
        // A paper, or (without an extension) possibly a folder of papers; the rebuilder
        // looks at the disk to tell.
        return match rel.extension() {
            None => Some(Change::Paper(rel.to_path_buf())),
            Some(e) if e == "md" => Some(Change::Paper(rel.to_path_buf())),
            Some(_) => None,
        };
    }
    // A page of its own (About, CV): few and small, so everything is read again.
    if rel.starts_with(PAGES_DIR) && !rel.components().any(|c| is_hidden(c.as_os_str().to_str())) {
        return Some(Change::Everything);
    }
    let top = rel.components().next()?.as_os_str();
    if top == TEMPLATES_DIR || top == STATIC_DIR || rel == Path::new("content") {
        return Some(Change::Everything);
    }
    None
}

fn is_hidden(name: Option<&str>) -> bool {
    name.is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Swap files, backups and the temporary files editors write before renaming.
fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// How long a burst of events may be: a rebuild starts once `quiet` passed without any event,
/// or `max` after the first one.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    pub quiet: Duration,
    pub max: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        Debounce { quiet: Duration::from_millis(10), max: Duration::from_millis(250) }
    }
}

/// The outcome of one rebuild in the loop.
#[derive(Debug)]
pub enum Outcome {
    /// The pages of an update are in place; the data files follow (see `Rebuilder::rebuild_then`).
    PagesReady,
    /// `waited` is the time from the first event of the burst to the start of the rebuild.
    Rebuilt {
        report: RebuildReport,
        changes: Vec<Change>,
        waited: Duration,
    },
    Failed {
        error: Error,
        changes: Vec<Change>,
    },
}

/// A watch on a site folder, registered at creation so no change after `new` is missed.
pub struct SiteWatcher {
    root: PathBuf,
    output: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching the site that `rebuilder` builds.
    pub fn new(rebuilder: &Rebuilder) -> Result<Self> {
        let site_root = &rebuilder.options().root;
        let root = std::path::absolute(site_root)
            .and_then(|r| r.canonicalize())
            .map_err(|e| Error::io("cannot open", site_root, e))?;
        let output = std::path::absolute(rebuilder.output())
            .map_err(|e| Error::io("cannot resolve", rebuilder.output(), e))?;
        let output = output.canonicalize().unwrap_or(output);
        let (tx, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(&root, e))?;
        let mut site = SiteWatcher { root, output, watcher, events, watched: BTreeSet::new() };
        add_watches(&mut site.watcher, &site.root, &mut site.watched)?;
        Ok(site)
    }

    /// Rebuilds on every change until `stop` is set. The first build must already have been
    /// run by the caller. Failed rebuilds are reported, not fatal.
    pub fn run(
        mut self,
        rebuilder: &mut Rebuilder,
        debounce: Debounce,
        stop: &AtomicBool,
        mut on_outcome: impl FnMut(Outcome),
    ) -> Result<()> {
        let (root, output, rx) = (self.root.clone(), self.output.clone(), &self.events);
        while !stop.load(Ordering::Relaxed) {
            let Some(first) = next_relevant(rx, &root, &output, Duration::from_millis(100)) else {
                continue;
            };
            let burst_start = Instant::now();
            let mut changes = BTreeSet::from([first]);
            while burst_start.elapsed() < debounce.max {
                match next_relevant(rx, &root, &output, debounce.quiet) {
                    Some(change) => {
                        changes.insert(change);
                    }
                    None => break,
                }
            }
            let changes: Vec<Change> = if changes.contains(&Change::Everything) {
                vec![Change::Everything]
            } else {
                changes.into_iter().collect()
            };
            add_watches(&mut self.watcher, &root, &mut self.watched)?;
            let waited = burst_start.elapsed();
            match rebuilder.rebuild_then(&changes, || on_outcome(Outcome::PagesReady)) {
                Ok(report) => on_outcome(Outcome::Rebuilt { report, changes, waited }),
                Err(error) => on_outcome(Outcome::Failed { error, changes }),
            }
        }
        Ok(())
    }
}

/// Waits up to `timeout` for an event that means a change; irrelevant events are skipped
/// without restarting the wait.
fn next_relevant(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
    output: &Path,
    timeout: Duration,
) -> Option<Change> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        let event = match rx.recv_timeout(left) {
            Ok(Ok(event)) => event,
            Ok(Err(_)) => return Some(Change::Everything), // the watcher lost track: read again
            Err(_) => return None,
        };
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        let mut found: Option<Change> = None;
        for path in &event.paths {
            match classify(root, output, path) {
                Some(Change::Everything) => return Some(Change::Everything),
                Some(change) => found = Some(change),
                None => {}
            }
        }
        if found.is_some() {
            return found;
        }
    }
}

/// Watches the root (not recursively: the output folder may be inside it) and, recursively, the
/// folders pubsite reads, including ones created since the last call.
fn add_watches(watcher: &mut impl Watcher, root: &Path, watched: &mut BTreeSet<PathBuf>) -> Result<()> {
    if watched.insert(root.to_path_buf()) {
        watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| watch_error(root, e))?;
    }
    for dir in ["content", TEMPLATES_DIR, STATIC_DIR] {
        let path = root.join(dir);
        if path.is_dir() && watched.insert(path.clone()) {
            watcher.watch(&path, RecursiveMode::Recursive).map_err(|e| watch_error(&path, e))?;
        } else if !path.is_dir() && watched.remove(&path) {
            let _ = watcher.unwatch(&path);
        }
    }
    Ok(())
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::io("cannot watch", path, std::io::Error::other(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(path: &str) -> Option<Change> {
        classify(Path::new("/site"), Path::new("/site/public"), Path::new(path))
    }

    #[test]
    fn changes_are_classified() {
        let table = [
            ("/site/content/papers/a.md", Some(Change::Paper("content/papers/a.md".into()))),
            ("/site/content/papers/sub/b.md", Some(Change::Paper("content/papers/sub/b.md".into()))),
            ("/site/site.toml", Some(Change::Everything)),
            ("/site/content/pages/cv.md", Some(Change::Everything)),
            ("/site/templates/paper.html", Some(Change::Everything)),
            ("/site/templates", Some(Change::Everything)),
            ("/site/static/files/a.pdf", Some(Change::Everything)),
            ("/site/content/papers/old-folder", Some(Change::Paper("content/papers/old-folder".into()))),
            ("/site/public/index.html", None),
            ("/site/public", None),
            ("/site/content/papers/.a.md.swp", None),
            ("/site/content/papers/a.md~", None),
            ("/site/content/papers/4913", None),
            ("/site/content/papers/#a.md#", None),
            ("/site/content/papers/notes.txt", None),
            ("/site/content/papers/.git/HEAD", None),
            ("/site/README.md", None),
            ("/site/target/debug/x", None),
            ("/elsewhere/site.toml", None),
        ];
        for (path, expected) in table {
            assert_eq!(c(path), expected, "{path}");
        }
    }
}
