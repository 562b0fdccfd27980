//! The crate's floors (see `src/lib.rs`): a module imports only from its own floor's modules and
//! from the floors below, never from above or from a sibling floor, and no modules import each
//! other in a loop. Read from the source files: every `crate::a::b` path names the module it
//! reaches into.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors from the bottom up; floors of the same height must not import each other.
const FLOORS: [(&str, u8); 8] = [
    ("base", 0),
    ("model", 1),
    ("io", 2),
    ("site", 3),
    ("scholar", 3),
    ("present", 4),
    ("pipeline", 5),
    ("commands", 6),
];

/// A module (`present::render`) and the source it is made of.
type Sources = BTreeMap<String, String>;

/// The module path of a file under `src/`: `base/latex.rs` -> `base::latex`,
/// `site/mod.rs` -> `site`; `None` for the crate root and the binary.
fn module_of(relative: &Path) -> Option<String> {
    let mut parts: Vec<String> =
        relative.iter().map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned()).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    let top = parts.first()?;
    FLOORS.iter().any(|(floor, _)| floor == top).then(|| parts.join("::"))
}

fn read_sources(src: &Path) -> Sources {
    let mut sources = Sources::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if let Some(module) = module_of(path.strip_prefix(src).unwrap()) {
                    sources.insert(module, std::fs::read_to_string(&path).unwrap());
                }
            }
        }
    }
    sources
}

/// The text without comments (line, doc and block comments), so that a path in prose does not
/// count as an import.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |at| &rest[at..]);
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |at| &rest[at + 2..]);
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Every module that `code` (of `module`) names: with a `crate::` path, as the longest known
/// module prefix, and its own child modules by their names (`audit::Audit` in `check`).
fn imports(module: &str, code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for child in modules.iter().filter_map(|m| m.strip_prefix(module)?.strip_prefix("::")) {
        let named = code
            .match_indices(&format!("{child}::"))
            .any(|(at, _)| !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'));
        if !child.contains("::") && named {
            found.insert(format!("{module}::{child}"));
        }
    }
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: String = code[at + "crate::".len()..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        if let Some(module) =
            (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains(m))
        {
            found.insert(module);
        }
    }
    found
}

fn floor_of(module: &str) -> (&str, u8) {
    let top = module.split("::").next().unwrap_or_default();
    FLOORS.iter().copied().find(|(floor, _)| *floor == top).expect("a known floor")
}

/// Every upward or sideways import, and every `super::` path that is not a test module's
/// `use super::*` (imports must say where they reach with `crate::`).
fn layer_violations(sources: &Sources) -> Vec<String> {
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let mut problems = Vec::new();
    for (module, text) in sources {
        let code = code_of(text);
        let (floor, height) = floor_of(module);
        for target in imports(module, &code, &modules) {
            let (target_floor, target_height) = floor_of(&target);
            if target_height > height || (target_height == height && target_floor != floor) {
                problems.push(format!("{module} ({floor}) imports {target} ({target_floor})"));
            }
        }
        let supers = code.matches("super::").count();
        if supers > code.matches("use super::*;").count() {
            problems.push(format!("{module} names a module with `super::`; write `crate::...`"));
        }
    }
    problems
}

/// The loops among modules: each strongly connected group of more than one module.
fn loops(sources: &Sources) -> Vec<Vec<String>> {
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let edges: BTreeMap<&str, Vec<String>> = sources
        .iter()
        .map(|(m, text)| {
            (m.as_str(), imports(m, &code_of(text), &modules).into_iter().filter(|t| t != m).collect())
        })
        .collect();
    // Two modules are in a loop when each reaches the other.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(m) = stack.pop() {
            for next in edges.get(m.as_str()).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&str, BTreeSet<String>> = modules.iter().map(|m| (m.as_str(), reach(m))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for m in &modules {
        let group: Vec<String> = modules
            .iter()
            .filter(|o| o == &m || (reached[m.as_str()].contains(*o) && reached[o.as_str()].contains(m)))
            .cloned()
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn imports_point_down_the_floors() {
    let sources = read_sources(&src());
    assert!(sources.len() > 40, "the modules were not found: {:?}", sources.keys());
    let problems = layer_violations(&sources);
    assert!(problems.is_empty(), "imports against the floors:\n{}", problems.join("\n"));
}

#[test]
fn no_modules_import_each_other_in_a_loop() {
    let found = loops(&read_sources(&src()));
    assert!(found.is_empty(), "modules in a loop: {found:?}");
}

#[test]
fn every_folder_of_src_is_a_floor() {
    for entry in std::fs::read_dir(src()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(FLOORS.iter().any(|(f, _)| *f == name), "src/{name}/ is not a floor of FLOORS");
        }
    }
}

/// The checks themselves: an upward import, a sideways one, a `super::` path and a loop are
/// found; a comment naming a higher floor is not an import.
#[test]
fn the_checks_find_what_they_must() {
    let sources: Sources = [
        ("base::a", "use crate::present::theme;"),
        ("site", "fn f() { crate::scholar::x(); }"),
        ("model::b", "// see crate::commands::serve\nuse crate::base::a;"),
        ("model::c", "use crate::model::d::X;"),
        ("model::d", "fn g() { crate::model::c::y() }"),
        ("io::e", "use super::f;"),
        ("present::theme", "use crate::base::a::Z;"),
        ("scholar", ""),
        ("commands::serve", ""),
        ("pipeline::check", "pub use lint::Lint;"),
        ("pipeline::check::lint", "use crate::pipeline::check::Report;"),
    ]
    .into_iter()
    .map(|(m, t)| (m.to_owned(), t.to_owned()))
    .collect();
    let problems = layer_violations(&sources);
    assert_eq!(
        problems,
        [
            "base::a (base) imports present::theme (present)",
            "io::e names a module with `super::`; write `crate::...`",
            "site (site) imports scholar (scholar)",
        ]
    );
    let pair = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];
    assert_eq!(
        loops(&sources),
        [
            pair("base::a", "present::theme"),
            pair("model::c", "model::d"),
            pair("pipeline::check", "pipeline::check::lint")
        ]
    );
}
