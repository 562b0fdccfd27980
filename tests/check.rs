//! `pubsite check` end to end: every planted problem of `tests/fixtures/check` is reported with
//! its file and line and the exit status is 1; the example site is clean; the output details
//! GitHub Pages needs are there.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

/// Runs `check` on `root` and returns (exit status, stderr).
fn check(root: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = pubsite().arg("check").arg("--root").arg(root).args(extra).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// The diagnostic whose message contains `message`, as (message line, `--> location` line).
fn find<'a>(stderr: &'a str, message: &str) -> Option<(&'a str, &'a str)> {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| (l.starts_with("error: ") || l.starts_with("warning: ")) && l.contains(message))?;
    Some((lines[at], lines.get(at + 1)?.trim()))
}

#[test]
fn every_planted_problem_is_reported_with_file_and_line() {
    let (status, stderr, stdout) = check(&common::fixture("check"), &[]);
    assert_eq!(status, 1, "{stderr}");
    // (what the message says, where it must point)
    let expected = [
        // content lint
        ("is not the host of base_url", "--> site.toml:5:1"),
        ("holds raw LaTeX", "--> content/papers/bad-ids.md:2:1"),
        ("is more than a year ahead", "--> content/papers/bad-ids.md:3:1"),
        ("warning: the paper has no authors", "--> content/papers/bad-ids.md:4:1"),
        ("warning: the paper has no topic", "--> content/papers/bad-ids.md:5:1"),
        ("`10.12/too-short` is not a DOI", "--> content/papers/bad-ids.md:8:1"),
        ("`1913.123` is not an arXiv identifier", "--> content/papers/bad-ids.md:9:1"),
        (
            "links.slides `files/missing-slides.pdf` names a file that does not exist",
            "--> content/papers/bad-ids.md:10:1",
        ),
        ("links.pdf `files/cobol.pdf` names a file that does not exist", "--> content/papers/cobol.md:9:1"),
        ("warning: the same DOI as content/papers/compiler-again.md", "--> content/papers/compiler.md:10:1"),
        (
            "warning: the same arXiv paper as content/papers/compiler-again.md",
            "--> content/papers/compiler.md:11:1",
        ),
        ("the preprint and the published version", "--> content/papers/cobol.md:2:1"),
        ("nearly the same title as content/papers/nanosecond.md", "--> content/papers/nanoseconds.md:2:1"),
        // output audit
        ("broken link `/repo/papers/no-such-paper/`", "--> public/index.html:"),
        ("link `/papers/gone/` leaves the site's path /repo/", "--> public/index.html:"),
        ("broken link `/repo/files/cobol.pdf`", "--> public/index.html:"),
        ("broken link `/repo/files/missing-slides.pdf`", "--> public/index.html:"),
        ("missing anchor `/repo/papers/compiler/#notes`", "--> public/index.html:"),
        (
            "missing anchor `#logbook`: no id=\"logbook\" on /repo/papers/bad-ids/",
            "--> public/papers/bad-ids/index.html:",
        ),
        ("the page has no <title>", "--> public/notitle.html:1:1"),
    ];
    for (message, location) in expected {
        let (line, at) =
            find(&stderr, message).unwrap_or_else(|| panic!("`{message}` not reported:\n{stderr}"));
        assert!(at.starts_with(location), "{line}\n  is at `{at}`, expected `{location}`");
    }
    // A broken link in an abstract is reported once, with where it was written and its other pages.
    assert_eq!(stderr.matches("broken link `/repo/papers/no-such-paper/`").count(), 1, "{stderr}");
    assert!(stderr.contains("the link is written in content/papers/compiler.md:14"), "{stderr}");
    // Warnings are what the user should look at but what does not break the site.
    let warnings = stderr.lines().filter(|l| l.starts_with("warning: ")).count();
    assert_eq!(warnings, 7, "{stderr}");
    assert!(stdout.contains(&format!("errors, {warnings} warnings")), "{stdout}");
    // Nothing unexpected: every reported problem is one of the planted ones.
    let reported = stderr.lines().filter(|l| l.starts_with("error: ") || l.starts_with("warning: ")).count();
    assert_eq!(
        reported,
        expected.len() + 2,
        "two more same-page anchors (home, year) are expected:\n{stderr}"
    );
}

#[test]
fn warnings_pass_unless_strict_and_a_confirmed_pair_is_not_a_duplicate() {
    let (_dir, root) = common::copy_fixture("minimal");
    let paper = |title: &str, extra: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2021\nauthors = [\"Ada Lovelace\"]\n{extra}+++\n")
    };
    let papers = root.join("content/papers");
    std::fs::write(papers.join("notes.md"), paper("Notes on the Engine", "")).unwrap();
    std::fs::write(papers.join("erratum.md"), paper("Notes on the Engines", "")).unwrap();
    let (status, stderr, stdout) = check(&root, &[]);
    assert_eq!(status, 0, "warnings only: {stderr}\n{stdout}");
    assert!(stdout.contains("0 errors, 5 warnings"), "no topic x2, no abstract x2, one duplicate: {stdout}");
    assert!(stderr.contains("not_duplicate_of = [\"erratum\"]"), "the hint names the fix: {stderr}");
    let (status, _, stdout) = check(&root, &["--strict"]);
    assert_eq!(status, 1, "{stdout}");

    // Two papers with one citation key (BibTeX ignores case): an error at the later file's key.
    std::fs::write(papers.join("notes.md"), paper("Notes on the Engine", "key = \"ada1843\"\n")).unwrap();
    std::fs::write(papers.join("erratum.md"), paper("Notes on the Engines", "key = \"ADA1843\"\n")).unwrap();
    let (status, stderr, _) = check(&root, &[]);
    assert_eq!(status, 1, "{stderr}");
    let (line, at) = find(&stderr, "the citation key `ada1843` is also the key of content/papers/erratum.md")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.starts_with("error: ") && at.ends_with("notes.md:5:1"), "{line} {at}");
    std::fs::write(papers.join("erratum.md"), paper("Notes on the Engines", "")).unwrap();

    std::fs::write(
        papers.join("notes.md"),
        paper("Notes on the Engine", "not_duplicate_of = [\"erratum\"]\n"),
    )
    .unwrap();
    let (status, stderr, stdout) = check(&root, &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("0 errors, 4 warnings"), "the confirmed pair is not reported: {stdout}");
    assert!(!stderr.contains("the same title"), "{stderr}");
}

#[test]
fn the_example_site_passes_check_at_root_and_under_a_sub_path() {
    for extra in [&[][..], &["--base-url", "https://example.github.io/repo/"][..]] {
        let (status, stderr, stdout) = check(&common::repo(), extra);
        assert_eq!(status, 0, "{extra:?}\n{stderr}\n{stdout}");
        assert!(stdout.contains(": 0 errors, 0 warnings"), "{stdout}");
        assert!(stdout.contains("External links ("), "external links are listed: {stdout}");
    }
}

#[test]
fn a_site_that_does_not_parse_is_reported_like_build_does() {
    let (status, stderr, _) = check(&common::fixture("invalid"), &[]);
    assert_eq!(status, 1);
    assert!(stderr.contains("--> content/papers/"), "{stderr}");
}

#[test]
fn external_links_are_fetched_only_when_asked() {
    use std::io::{Read, Write};
    // A loopback server: /ok answers 200, anything else 404.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let n = stream.read(&mut buffer).unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..n]);
            let status =
                if request.split_whitespace().nth(1) == Some("/ok") { "200 OK" } else { "404 Not Found" };
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    let (_dir, root) = common::copy_fixture("minimal");
    let paper = format!(
        "+++\ntitle = \"Linked\"\ndate = 2020-01-01\nauthors = [\"Ada Lovelace\"]\ntopics = [\"LG\"]\n\
         [links]\nproject = \"http://127.0.0.1:{port}/ok\"\nvideo = \"http://127.0.0.1:{port}/gone\"\n+++\nText.\n"
    );
    std::fs::write(root.join("content/papers/linked.md"), paper).unwrap();

    let (status, stderr, stdout) = check(&root, &[]);
    assert_eq!(status, 0, "not fetched by default: {stderr}");
    assert!(stdout.contains(&format!("http://127.0.0.1:{port}/gone")), "listed: {stdout}");

    let (status, stderr, stdout) = check(&root, &["--external"]);
    assert_eq!(status, 0, "an unreachable link is a warning: {stderr}\n{stdout}");
    assert!(
        stderr.contains(&format!("warning: external link http://127.0.0.1:{port}/gone answers 404")),
        "{stderr}"
    );
    let (status, _, stdout) = check(&root, &["--external", "--strict"]);
    assert_eq!(status, 1, "{stdout}");
    assert!(!stderr.contains("/ok"), "{stderr}");
    assert!(stdout.contains(&format!("[200] http://127.0.0.1:{port}/ok")), "{stdout}");
}

#[test]
fn github_pages_files_are_written() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (_dir, root) = common::copy_fixture("minimal");
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), format!("cname = \"ada.example.org\"\n{config}")).unwrap();
    pubsite().args(["build", "--root"]).arg(&root).arg("--output").arg(&public).assert().success();
    assert_eq!(std::fs::read_to_string(public.join("CNAME")).unwrap(), "ada.example.org\n");
    assert!(public.join(".nojekyll").is_file());

    // The 404 page links only through the site root, so it works at any depth of a sub-path.
    pubsite()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&public)
        .args(["--base-url", "https://ada.github.io/repo/"])
        .assert()
        .success();
    let page = std::fs::read_to_string(public.join("404.html")).unwrap();
    let document = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("[href], [src]").unwrap();
    let mut links = 0;
    for element in document.select(&selector) {
        let url = element.value().attr("href").or(element.value().attr("src")).unwrap();
        let works_anywhere = url.starts_with("/repo/") || url.starts_with('#') || url.starts_with("https://");
        assert!(works_anywhere, "404.html links `{url}`");
        links += 1;
    }
    assert!(links > 5, "{links} links");
}
