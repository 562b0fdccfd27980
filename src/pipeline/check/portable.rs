//! Output paths that only some systems can hold: the site works on GitHub Pages (Linux), but
//! cannot be built, served or checked out on Windows or macOS. Found in the list of files a build
//! makes, not on disk, so that every system finds the same (a case-insensitive file system would
//! already have made two such files one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

use unicode_normalization::UnicodeNormalization;

use crate::base::diagnostic::Diagnostic;
use crate::pipeline::check::audit::shown_path;

/// Names Windows keeps for devices, alone or before an extension (`con`, `nul.html`), in any case.
const DEVICES: [&str; 28] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "COM¹", "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹",
    "LPT²", "LPT³",
];

/// Warnings for the files `paths` (relative to the output folder, shown as `shown_as/...`): a
/// file or folder name Windows refuses, and files whose paths differ only in case (or in the
/// Unicode form of an accent), which are one file on macOS and Windows.
pub(crate) fn portability(paths: &[&Path], shown_as: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Every file and folder, as its parts: a name is reported once, at its first path.
    let mut refused: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        let parts: Vec<String> = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        for (i, name) in parts.iter().enumerate() {
            if let Some(why) = windows_refuses(name) {
                refused.entry(parts[..=i].to_vec()).or_insert(why);
            }
            let joined = parts[..=i].join("/");
            let group = if i + 1 == parts.len() { &mut files } else { &mut folders };
            group.entry(folded(&joined)).or_default().insert(joined);
        }
    }
    for (parts, why) in refused {
        let shown = parts.join("/");
        problems.push(
            Diagnostic::new(
                shown_path(shown_as, &shown),
                format!("`{shown}` cannot be a file name on Windows: {why}"),
            )
            .with_hint(
                "rename the file it comes from (a paper's or page's file name is its address): \
                     GitHub Pages serves it, but the site cannot be built or checked out on Windows",
            )
            .warning(),
        );
    }
    for (key, spellings) in &files {
        let mut same: Vec<&String> = spellings.iter().collect();
        same.extend(folders.get(key).into_iter().flatten());
        if same.len() < 2 {
            continue;
        }
        let names = same.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ");
        problems.push(
            Diagnostic::new(
                shown_path(shown_as, same[1]),
                format!("{names} differ only in upper and lower case: on macOS and Windows they are one file"),
            )
            .with_hint("rename one of them; GitHub Pages tells them apart, but a build on macOS or Windows keeps one")
            .warning(),
        );
    }
    problems
}

/// Why Windows refuses `name` as a file or folder name, if it does.
pub(crate) fn windows_refuses(name: &str) -> Option<String> {
    if let Some(c) =
        name.chars().find(|&c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\') || c.is_control())
    {
        return Some(format!("it holds `{}`, which Windows does not allow in file names", c.escape_debug()));
    }
    if name.ends_with(['.', ' ']) {
        return Some("it ends with a dot or a space, which Windows drops".into());
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end_matches(' ');
    DEVICES
        .iter()
        .any(|device| stem.eq_ignore_ascii_case(device))
        .then(|| format!("`{stem}` is a name Windows keeps for a device"))
}

/// The form under which macOS and Windows find a file: case folded, accents composed.
fn folded(path: &str) -> String {
    path.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_refuses() {
        for name in [
            "con",
            "CON",
            "nul.html",
            "Com1",
            "lpt9.tar.gz",
            "aux ",
            "a:b",
            "what?",
            "x.",
            "tab\t",
            "a\\b",
            "COM¹",
        ] {
            assert!(windows_refuses(name).is_some(), "{name}");
        }
        for name in ["index.html", "console", "concept.pdf", "com10", "nullable", "a.b.c", "é.png"] {
            assert_eq!(windows_refuses(name), None, "{name}");
        }
    }

    #[test]
    fn reserved_names_and_case_twins_are_reported_once() {
        let paths = [
            "papers/con/index.html",
            "papers/con/publications.bib",
            "papers/x/index.html",
            "files/Paper.pdf",
            "files/paper.pdf",
            "Files/other.pdf",
            "cafe\u{301}.png",
            "caf\u{e9}.png",
            "a",
            "A/index.html",
        ];
        let paths: Vec<&Path> = paths.iter().map(Path::new).collect();
        let problems = portability(&paths, "public");
        let shown: Vec<(String, &str)> =
            problems.iter().map(|p| (p.path.display().to_string(), p.message.as_str())).collect();
        assert_eq!(shown.len(), 4, "{shown:#?}");
        assert!(problems.iter().all(|p| !p.is_error()));
        assert_eq!(shown[0].0, "public/papers/con");
        assert!(shown[0].1.contains("`con` is a name Windows keeps for a device"));
        let twins: Vec<&str> = shown[1..].iter().map(|(_, m)| *m).collect();
        assert!(
            twins.iter().any(|m| m.starts_with("`files/Paper.pdf` and `files/paper.pdf` differ")),
            "{twins:?}"
        );
        assert!(
            twins.iter().any(|m| m.contains("caf\u{e9}.png`") && m.contains("cafe\u{301}.png`")),
            "{twins:?}"
        );
        assert!(twins.iter().any(|m| m.contains("`a` and `A`")), "{twins:?}");
        assert!(
            !twins.iter().any(|m| m.contains("other.pdf")),
            "folders that differ in case merge: {twins:?}"
        );
    }
}
