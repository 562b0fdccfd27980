//! Bad file systems and interrupted builds: each case ends in a clear message naming the file
//! and a non-zero exit, or in a good build, and never in a panic or a damaged output.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use walkdir::WalkDir;

mod common;
use common::{copy_fixture, snapshot_dir};

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

/// Builds `root`; returns (exit code, stderr). A panic would show as code 101.
fn build(root: &Path) -> (i32, String) {
    let output = pubsite().arg("build").arg("--root").arg(root).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

const PAPER: &str = "+++\ntitle = \"Paper NUMBER on engines\"\ndate = 2019-09-01\nauthors = [\"A. Lovelace\"]\ntopics = [\"NA\"]\n+++\nAbstract of paper NUMBER with a little text to render.\n";

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_whole() {
    let (_dir, root) = copy_fixture("minimal");
    let papers = root.join("content/papers");
    for n in 0..2500 {
        fs::write(papers.join(format!("p{n}.md")), PAPER.replace("NUMBER", &n.to_string())).unwrap();
    }
    assert_eq!(build(&root).0, 0);
    let out = root.join("public");
    let before = snapshot_dir(&out);
    assert!(before.len() > 2500);

    // A change to every page, so that the killed build was writing new bytes everywhere.
    let config = root.join("site.toml");
    fs::write(&config, fs::read_to_string(&config).unwrap().replace("Ada Lovelace", "Ada King")).unwrap();
    let staging = root.join(".public.pubsite-new");
    let mut child = std::process::Command::cargo_bin("pubsite")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let written = |dir: &Path| {
        WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count()
    };
    while !(staging.is_dir() && written(&staging) > 200) {
        assert!(child.try_wait().unwrap().is_none(), "the build finished before it could be killed");
        assert!(started.elapsed() < Duration::from_secs(60), "the build never started writing");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL: no destructor runs
    child.wait().unwrap();

    assert_eq!(snapshot_dir(&out), before, "the previous output is intact and complete");
    // The next build clears the half-written folder and finishes.
    assert_eq!(build(&root).0, 0);
    assert!(!staging.exists());
    assert!(fs::read_to_string(out.join("index.html")).unwrap().contains("Ada King"));
}

// Windows makes symbolic links only with special privileges: this test is Unix-only.
#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_with_its_path() {
    let (_dir, root) = copy_fixture("minimal");
    std::os::unix::fs::symlink("..", root.join("content/papers/loop")).unwrap();
    let (code, stderr) = build(&root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/papers/loop"), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn a_file_that_is_not_utf8_is_reported_with_its_line() {
    let (_dir, root) = copy_fixture("minimal");
    let mut bytes = b"+++\ntitle = \"Caf".to_vec();
    bytes.extend([0xe9, b'"', b'\n']); // Latin-1 e-acute
    fs::write(root.join("content/papers/latin1.md"), bytes).unwrap();
    let (code, stderr) = build(&root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/papers/latin1.md:2:"), "{stderr}");
    assert!(stderr.contains("not valid UTF-8") && stderr.contains("save the file as UTF-8"), "{stderr}");
}

#[test]
fn an_empty_paper_file_is_reported() {
    let (_dir, root) = copy_fixture("minimal");
    fs::write(root.join("content/papers/empty.md"), "").unwrap();
    let (code, stderr) = build(&root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/papers/empty.md:1:"), "{stderr}");
    assert!(stderr.contains("+++"), "{stderr}");
}

#[test]
fn a_50_mb_paper_file_is_refused_unread_and_a_50_mb_static_file_is_copied() {
    let (_dir, root) = copy_fixture("minimal");
    let huge = fs::File::create(root.join("content/papers/huge.md")).unwrap();
    huge.set_len(50 * 1024 * 1024).unwrap(); // sparse: no 50 MB written to the disk
    let (code, stderr) = build(&root);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/papers/huge.md"), "{stderr}");
    assert!(stderr.contains("52.4 MB") && stderr.contains("hint:"), "{stderr}");

    fs::remove_file(root.join("content/papers/huge.md")).unwrap();
    fs::create_dir_all(root.join("static/data")).unwrap();
    fs::write(root.join("static/data/big.bin"), vec![7u8; 50 * 1024 * 1024]).unwrap();
    let (code, stderr) = build(&root);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::metadata(root.join("public/data/big.bin")).unwrap().len(), 50 * 1024 * 1024);
}

#[test]
fn a_hundred_thousand_bad_files_are_counted_not_all_printed() {
    let (_dir, root) = copy_fixture("minimal");
    let folder = root.join("content/papers/junk");
    fs::create_dir_all(&folder).unwrap();
    for n in 0..100_000 {
        fs::write(folder.join(format!("{n:06}.md")), "").unwrap();
    }
    let (code, stderr) = build(&root);
    assert_eq!(code, 1);
    assert!(stderr.contains("content/papers/junk/000000.md:1:"), "{}", &stderr[..500.min(stderr.len())]);
    assert!(
        stderr.contains("... and 99950 more (in 99950 more files"),
        "{}",
        &stderr[stderr.len().saturating_sub(500)..]
    );
    assert!(stderr.contains("100000 errors found; nothing was written"));
    assert!(stderr.len() < 100_000, "{} bytes of errors", stderr.len());
}

#[test]
fn papers_in_deep_folders_build() {
    let (_dir, root) = copy_fixture("minimal");
    let mut deep = root.join("content/papers");
    for _ in 0..200 {
        deep.push("deeper");
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("bottom.md"), PAPER.replace("NUMBER", "at the bottom")).unwrap();
    let (code, stderr) = build(&root);
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("public/papers/bottom/index.html").is_file());
}

#[test]
fn an_output_holding_a_site_or_the_site_itself_is_refused() {
    let (_dir, root) = copy_fixture("minimal");
    for (output, why) in
        [(root.clone(), "contains the site itself"), (root.join(".."), "contains the site itself")]
    {
        let out =
            pubsite().arg("build").arg("--root").arg(&root).arg("--output").arg(&output).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("refusing") && stderr.contains(why), "{stderr}");
    }
    let (_other_dir, other) = copy_fixture("minimal");
    let out = pubsite().arg("build").arg("--root").arg(&root).arg("--output").arg(&other).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("holds a site"), "{stderr}");
    assert!(other.join("content/papers/weaving.md").is_file(), "the other site is untouched");
}

#[test]
fn a_missing_preview_is_reported_at_its_line_from_any_working_folder() {
    // The paper is read from the site folder, not from the folder pubsite runs in.
    let (_dir, root) = copy_fixture("minimal");
    let paper = root.join("content/papers/weaving.md");
    let text =
        fs::read_to_string(&paper).unwrap().replacen("+++\n", "+++\npreview = \"images/gone.png\"\n", 1);
    fs::write(&paper, text).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let output =
        pubsite().current_dir(elsewhere.path()).arg("build").arg("--root").arg(&root).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/papers/weaving.md:2"), "{stderr}");
    assert!(stderr.contains("images/gone.png"), "{stderr}");
}
