//! Where an output folder may be: never the site folder, above it, or another site.

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Error, Result};

/// Refuses output folders whose replacement would destroy the user's files.
pub(crate) fn check_output_location(root: &Path, output: &Path) -> Result<()> {
    let root = fs::canonicalize(root).map_err(|e| Error::io("cannot open the site folder", root, e))?;
    let output_abs = absolute(output)?;
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to use {} as the output folder: {why} (pass --output to a folder of its own, such as public/)",
            output.display()
        )))
    };
    if contains(&output_abs, &root, CASE_INSENSITIVE) {
        return refuse("it contains the site itself");
    }
    if output_abs.join("site.toml").exists() || output_abs.join("content").exists() {
        return refuse("it holds a site (site.toml or content/), not a build");
    }
    Ok(())
}

/// Whether file names are compared without case where the build runs: by default on macOS and
/// Windows, where `/Users/Me` is `/Users/me` (and resolving a path keeps the case it was given).
const CASE_INSENSITIVE: bool = cfg!(any(target_os = "macos", windows));

/// Whether the folder `outer` is `path` or holds it, parts compared without case if `ignore_case`.
fn contains(outer: &Path, path: &Path, ignore_case: bool) -> bool {
    if !ignore_case {
        return path.starts_with(outer);
    }
    let fold = |part: std::path::Component| part.as_os_str().to_string_lossy().to_lowercase();
    let (mut outer, mut path) = (outer.components(), path.components());
    outer.all(|o| path.next().is_some_and(|p| fold(p) == fold(o)))
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// On macOS and Windows an output folder written in other case can be the site's own
    /// folder or hold it: refused there too.
    #[test]
    fn a_folder_holding_the_site_is_found_in_any_case() {
        let site = Path::new("/Users/me/Site");
        assert!(contains(Path::new("/Users/ME"), site, true));
        assert!(contains(Path::new("/users/me/site"), site, true));
        assert!(!contains(Path::new("/Users/ME"), site, false));
        assert!(contains(Path::new("/Users/me"), site, false));
        assert!(!contains(Path::new("/Users/me/Site/public"), site, true));
        assert!(!contains(Path::new("/Users/mee"), site, true));
    }
}
