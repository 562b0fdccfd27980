//! What differs between Linux, macOS and Windows, run on each (the CI runs `cargo test` on all
//! three): paths named with `/` in every message and URL, Windows line endings in the site's
//! files, symbolic links, names that differ only in case or that Windows keeps for devices, and
//! an output replaced over old files (read-only ones, a file that became a folder).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{copy_fixture, snapshot_dir};
use pubsite::pipeline::check::{check, CheckOptions};
use pubsite::{build, BuildOptions, Diagnostic, Error};

/// The problems that stop a build of `root`.
fn build_problems(root: &Path) -> Vec<Diagnostic> {
    match build(&BuildOptions::new(root)) {
        Err(Error::Content(problems)) => problems,
        other => panic!("expected content problems, got {other:?}"),
    }
}

/// Everything `pubsite check` reports on `root`.
fn check_problems(root: &Path) -> Vec<Diagnostic> {
    let options = CheckOptions {
        root: root.to_path_buf(),
        base_url: None,
        include_drafts: false,
        external: false,
        timeout: Duration::from_secs(1),
        today: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
    };
    check(&options).unwrap().problems
}

/// The path a diagnostic names, as printed (`content/papers/x.md`).
fn shown(problem: &Diagnostic) -> String {
    problem.path.display().to_string()
}

/// Writes `text` to the file `path`, making its folder.
fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A file made with the system's separator (`\` on Windows) is named with `/` in diagnostics:
/// `content/papers/more/late.md:3:1` on every system.
#[test]
fn diagnostics_name_files_with_slashes_on_every_system() {
    let (_dir, root) = copy_fixture("minimal");
    let nested = root.join("content").join("papers").join("more").join("late.md");
    write(&nested, "+++\ntitle = \"Late\"\ndate = 2024-13-01\nauthors = [\"A\"]\n+++\nText.\n");
    let problems = build_problems(&root);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(shown(&problems[0]), "content/papers/more/late.md");
    assert_eq!(problems[0].location.map(|l| l.line), Some(3));
}

/// `pubsite check` names the pages it audits as `public/...` with `/`, and the paper files too.
#[test]
fn check_names_pages_and_papers_with_slashes() {
    let problems = check_problems(&common::fixture("check"));
    assert!(problems.iter().any(|p| shown(p).starts_with("public/papers/")), "{problems:#?}");
    assert!(problems.iter().any(|p| shown(p).starts_with("content/papers/")), "{problems:#?}");
    for problem in &problems {
        assert!(!shown(problem).contains('\\'), "{problem:?}");
        let hint = problem.hint.as_deref().unwrap_or_default();
        for path in hint.split_whitespace().filter(|w| w.starts_with("public/") || w.starts_with("content/"))
        {
            assert!(!path.contains('\\'), "{hint}");
        }
    }
}

/// A template in a folder of `templates/` (made with the system's separator) replaces the
/// built-in one of the same `/`-separated name.
#[test]
fn a_template_in_a_folder_is_named_with_slashes() {
    let (_dir, root) = copy_fixture("minimal");
    let partial = root.join("templates").join("partials").join("paper_entry.html");
    write(&partial, "<li>OWN ENTRY {{ paper.title }}</li>\n");
    build(&BuildOptions::new(&root)).unwrap();
    let home = fs::read_to_string(root.join("public").join("index.html")).unwrap();
    assert!(home.contains("OWN ENTRY Weaving Algebraic Patterns"), "{home}");
}

/// Every text file of the site with Windows line endings, as Git's `autocrlf` checks them out
/// on Windows: the front matter (`+++\r\n`), TOML, Markdown and templates read the same, and the
/// output is byte for byte that of the same site with Unix line endings.
#[test]
fn windows_line_endings_build_the_same_site() {
    let page = "+++\ntitle = \"About\"\n+++\nLine one\nline two\n\n```\ncode\nblock\n```\n";
    let template = "{% extends \"base.html\" %}\n{% block main %}\n<p>\nOWN\n</p>\n{{ content | safe }}\n{% endblock main %}\n";
    let mut outputs = Vec::new();
    let mut dirs = Vec::new();
    for crlf in [false, true] {
        let (dir, root) = copy_fixture("minimal");
        write(&root.join("content").join("pages").join("about.md"), page);
        write(&root.join("templates").join("page.html"), template);
        // Both ways, whatever the checkout did to the fixture.
        for entry in walkdir::WalkDir::new(&root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "md" || e == "toml" || e == "html") {
                let text = fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
                fs::write(&path, if crlf { text.replace('\n', "\r\n") } else { text }).unwrap();
            }
        }
        let paper = fs::read_to_string(root.join("content").join("papers").join("weaving.md")).unwrap();
        assert_eq!(paper.starts_with("+++\r\ntitle"), crlf, "{paper:?}");
        build(&BuildOptions::new(&root)).unwrap();
        outputs.push(snapshot_dir(&root.join("public")));
        dirs.push(dir);
    }
    assert_eq!(outputs[0].keys().collect::<Vec<_>>(), outputs[1].keys().collect::<Vec<_>>());
    for (path, bytes) in &outputs[0] {
        assert!(outputs[1][path] == *bytes, "{} differs with CRLF", path.display());
        // (The built-in templates and assets are compiled in as checked out: with `\r\n` too
        // where Git's `autocrlf` made them so.)
        let built_in_crlf = include_str!("../templates/base.html").contains('\r');
        if !built_in_crlf && path.extension().is_some_and(|e| e != "png" && e != "jpg" && e != "pdf") {
            assert!(!bytes.contains(&b'\r'), "{} holds a CR", path.display());
        }
    }
    let about = String::from_utf8(outputs[1][&PathBuf::from("about").join("index.html")].clone()).unwrap();
    assert!(about.contains("OWN") && about.contains("code\nblock"), "{about}");
}

/// The front matter parser itself takes `+++\r\n`.
#[test]
fn front_matter_with_crlf_is_split() {
    let text = "+++\r\ntitle = \"T\"\r\n+++\r\nAbstract.\r\n";
    let front = pubsite::model::paper::split_front_matter(text).unwrap();
    assert_eq!(front.toml, "title = \"T\"\r\n");
    assert_eq!(front.body, "Abstract.\r\n");
}

/// A problem in a file with Windows line endings is on the same line and column.
#[test]
fn crlf_files_report_the_same_line_and_column() {
    let (_dir, root) = copy_fixture("minimal");
    let bad = "+++\r\ntitle = \"Late\"\r\nauthors = [\"A\"]\r\ndate = 2024-13-01\r\n+++\r\nText.\r\n";
    write(&root.join("content").join("papers").join("late.md"), bad);
    let problems = build_problems(&root);
    let location = problems[0].location.unwrap();
    assert_eq!((location.line, location.column), (4, 8), "{problems:?}");
    assert_eq!(problems[0].source_line.as_deref(), Some("date = 2024-13-01"));
}

/// Two papers whose names differ only in case have the same slug, which is reported wherever
/// both files can exist (on a case-insensitive file system, they are one file already).
#[test]
fn papers_whose_names_differ_in_case_are_one_address() {
    let (_dir, root) = copy_fixture("minimal");
    let papers = root.join("content").join("papers");
    let text = "+++\ntitle = \"T\"\ndate = 2020\nauthors = [\"A\"]\n+++\nText.\n";
    write(&papers.join("Deep-Nets.md"), text);
    write(&papers.join("deep-nets.md"), text);
    let both =
        fs::read_dir(&papers).unwrap().filter(|e| e.as_ref().unwrap().file_name() == "deep-nets.md").count()
            + fs::read_dir(&papers)
                .unwrap()
                .filter(|e| e.as_ref().unwrap().file_name() == "Deep-Nets.md")
                .count();
    if both < 2 {
        build(&BuildOptions::new(&root)).unwrap();
        return;
    }
    let problems = build_problems(&root);
    assert!(problems.iter().any(|p| p.message.contains("duplicate slug `deep-nets`")), "{problems:?}");
}

/// A link to a file of `static/` in other upper and lower case than the file's is broken on
/// GitHub Pages: `check` says so on every system, also where the file system opens it anyway.
#[test]
fn a_link_in_other_case_is_reported_on_every_system() {
    let (_dir, root) = copy_fixture("minimal");
    write(&root.join("static").join("files").join("Slides.pdf"), "%PDF");
    let paper = root.join("content").join("papers").join("weaving.md");
    let text = fs::read_to_string(&paper).unwrap().replacen(
        "code = true\n",
        "code = true\n\n[links]\nslides = \"files/slides.pdf\"\n",
        1,
    );
    fs::write(&paper, text).unwrap();
    let problems = check_problems(&root);
    let problem = problems
        .iter()
        .find(|p| p.message.contains("links.slides `files/slides.pdf` names a file that does not exist"))
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(shown(problem), "content/papers/weaving.md");
    assert!(problem.hint.as_deref().unwrap().contains("static/files/Slides.pdf"), "{problem:?}");
}

/// A paper named `con` (a device on Windows) builds on Linux and macOS, and `check` warns that
/// Windows cannot hold its page. (Windows itself cannot make the file `con.md`.)
#[cfg(not(windows))]
#[test]
fn a_name_windows_keeps_for_a_device_is_reported() {
    let (_dir, root) = copy_fixture("minimal");
    write(
        &root.join("content").join("papers").join("con.md"),
        "+++\ntitle = \"Con\"\ndate = 2020\nauthors = [\"A\"]\ntopics = [\"LG\"]\n+++\nText.\n",
    );
    let problems = check_problems(&root);
    let problem = problems
        .iter()
        .find(|p| p.message.contains("`con` is a name Windows keeps for a device"))
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(shown(problem), "public/papers/con");
    assert!(!problem.is_error());
}

/// Files that Windows Explorer and macOS's Finder leave in folders are not published.
#[test]
fn system_litter_in_static_is_not_copied() {
    let (_dir, root) = copy_fixture("minimal");
    let files = root.join("static").join("files");
    for litter in ["Thumbs.db", "desktop.ini", ".DS_Store", "._notes.pdf"] {
        write(&files.join(litter), "x");
    }
    build(&BuildOptions::new(&root)).unwrap();
    let published: Vec<String> = fs::read_dir(root.join("public").join("files"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(published, ["notes.pdf"]);
}

/// A build over an old output replaces what changed the way of the system it runs on: a
/// read-only file of the old output, a static file that became a folder and a folder that became
/// a file. (On Windows, renaming over a read-only file or a folder is refused.)
#[test]
fn a_build_replaces_read_only_files_and_files_that_became_folders() {
    let (_dir, root) = copy_fixture("minimal");
    let statics = root.join("static");
    write(&statics.join("data"), "a file");
    write(&statics.join("notes").join("index.html"), "<title>n</title>in a folder");
    build(&BuildOptions::new(&root)).unwrap();
    let out = root.join("public");
    for file in [out.join("index.html"), out.join("data")] {
        let mut read_only = fs::metadata(&file).unwrap().permissions();
        read_only.set_readonly(true);
        fs::set_permissions(&file, read_only).unwrap();
    }
    fs::remove_file(statics.join("data")).unwrap();
    write(&statics.join("data").join("index.html"), "<title>d</title>now a folder");
    fs::remove_dir_all(statics.join("notes")).unwrap();
    write(&statics.join("notes"), "now a file");
    let paper = root.join("content").join("papers").join("weaving.md");
    let text =
        fs::read_to_string(&paper).unwrap().replace("Weaving Algebraic Patterns", "Weaving Patterns Anew");
    fs::write(&paper, text).unwrap();
    build(&BuildOptions::new(&root)).unwrap();
    assert!(fs::read_to_string(out.join("index.html")).unwrap().contains("Weaving Patterns Anew"));
    assert_eq!(
        fs::read_to_string(out.join("data").join("index.html")).unwrap(),
        "<title>d</title>now a folder"
    );
    assert_eq!(fs::read_to_string(out.join("notes")).unwrap(), "now a file");
    let beside: Vec<_> = fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!beside.iter().any(|n| n.to_string_lossy().contains("pubsite-")), "{beside:?}");
}

// Symbolic links: Windows makes them only with Developer Mode or an administrator's rights, so
// these tests are Unix-only; what they show (links followed, broken ones reported) holds there too.

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A link to a file is published as a copy of the file, a link to a folder as its files.
    #[test]
    fn links_to_files_and_folders_are_followed() {
        let (dir, root) = copy_fixture("minimal");
        let elsewhere = dir.path().join("elsewhere");
        write(&elsewhere.join("deck.pdf"), "%PDF deck");
        write(&elsewhere.join("figures").join("fig.svg"), "<svg/>");
        symlink(elsewhere.join("deck.pdf"), root.join("static").join("deck.pdf")).unwrap();
        symlink(elsewhere.join("figures"), root.join("static").join("figures")).unwrap();
        symlink(root.join("content").join("papers").join("weaving.md"), elsewhere.join("unused.md")).unwrap();
        build(&BuildOptions::new(&root)).unwrap();
        let out = root.join("public");
        assert!(fs::symlink_metadata(out.join("deck.pdf")).unwrap().is_file(), "a copy, not a link");
        assert_eq!(fs::read_to_string(out.join("deck.pdf")).unwrap(), "%PDF deck");
        assert_eq!(fs::read_to_string(out.join("figures").join("fig.svg")).unwrap(), "<svg/>");
    }

    /// A paper file that is a link to a file elsewhere is read through it.
    #[test]
    fn a_paper_file_may_be_a_link() {
        let (dir, root) = copy_fixture("minimal");
        let elsewhere = dir.path().join("shared.md");
        fs::write(
            &elsewhere,
            "+++\ntitle = \"Shared Paper\"\ndate = 2020\nauthors = [\"A\"]\ntopics = [\"LG\"]\n+++\nText.\n",
        )
        .unwrap();
        symlink(&elsewhere, root.join("content").join("papers").join("shared.md")).unwrap();
        build(&BuildOptions::new(&root)).unwrap();
        assert!(root.join("public").join("papers").join("shared").join("index.html").is_file());
    }

    /// A link whose target does not exist is reported with its path and target, not skipped.
    #[test]
    fn a_broken_link_is_reported_with_its_path() {
        let (dir, root) = copy_fixture("minimal");
        symlink(dir.path().join("gone.pdf"), root.join("static").join("files").join("gone.pdf")).unwrap();
        symlink(dir.path().join("gone.md"), root.join("content").join("papers").join("gone.md")).unwrap();
        let problems = build_problems(&root);
        let shown: Vec<String> = problems.iter().map(shown).collect();
        assert_eq!(shown, ["content/papers/gone.md", "static/files/gone.pdf"], "{problems:#?}");
        for problem in &problems {
            assert!(problem.message.starts_with("broken symbolic link to "), "{problem:?}");
            assert!(problem.message.contains("gone."), "the target is named: {problem:?}");
            assert!(problem.hint.is_some());
        }
    }

    /// `static/` itself a broken link is reported too, where it was silently empty.
    #[test]
    fn a_broken_static_folder_link_is_reported() {
        let (dir, root) = copy_fixture("minimal");
        fs::remove_dir_all(root.join("static")).unwrap();
        symlink(dir.path().join("nowhere"), root.join("static")).unwrap();
        let problems = build_problems(&root);
        assert_eq!(problems.iter().map(shown).collect::<Vec<_>>(), ["static"], "{problems:#?}");
        assert!(problems[0].message.starts_with("broken symbolic link"));
    }

    /// A link to a folder that holds it loops: reported with the link's path and the folder.
    #[test]
    fn a_looping_link_is_reported_with_its_path() {
        let (_dir, root) = copy_fixture("minimal");
        symlink("..", root.join("static").join("files").join("up")).unwrap();
        let problems = build_problems(&root);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(shown(&problems[0]), "static/files/up");
        assert!(
            problems[0].message.contains("loops") && problems[0].message.contains("static"),
            "{problems:?}"
        );
    }
}
