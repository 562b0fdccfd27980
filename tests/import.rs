//! `pubsite init`, `new` and `import` end to end: a new site, a real-world-style .bib file
//! imported into it, imported again, built, and its BibTeX export read back.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

fn fixture_bib() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/refs.bib")
}

fn stdout_of(args: &[&str], root: &Path) -> (i32, String, String) {
    let output = pubsite().args(args).arg("--root").arg(root).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn paper_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("content/papers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    pubsite().arg("init").arg(&site).assert().success();
    pubsite().args(["build", "--root"]).arg(&site).assert().success();
    assert!(site.join("public/index.html").is_file());
    assert!(site.join("public/papers/an-example-paper-replace-me/index.html").is_file());
    pubsite().arg("init").arg(&site).assert().code(2);

    let (code, out, _) = stdout_of(&["new", "A Brand New Result"], &site);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("content/papers/a-brand-new-result.md"), "{out}");
    pubsite().args(["build", "--root"]).arg(&site).assert().success();
    assert!(site.join("public/papers/a-brand-new-result/index.html").is_file());
}

#[test]
fn a_real_world_bib_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    pubsite().arg("init").arg(&site).assert().success();
    let bib = fixture_bib().display().to_string();

    let (code, dry, _) = stdout_of(&["import", &bib, "--dry-run", "--topic", "LG"], &site);
    assert_eq!(code, 1, "two entries are invalid: {dry}");
    assert!(dry.contains("30 imported"), "{dry}");
    assert_eq!(paper_files(&site).len(), 1, "a dry run writes nothing");

    let (code, out, err) = stdout_of(&["import", &bib, "--topic", "LG"], &site);
    assert_eq!(code, 1, "the others are imported, and the exit status says some were not: {err}");
    assert!(out.contains("30 imported, 0 updated, 0 unchanged, 3 merged, 1 skipped, 2 invalid"), "{out}");
    for line in [
        "Merged muller2021learning_dup into muller2021learning (same DOI",
        "Merged qiu2023afr_preprint into qiu2023afr (same arXiv id",
        "Merged izmailov2018swa_again into izmailov2018averaging (same title",
        "Skipped icml2022 (a volume",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    assert!(err.contains("refs.bib:280:1") && err.contains("broken_unclosed"), "{err}");
    assert!(err.contains("refs.bib:286:1") && err.contains("it has no title"), "{err}");
    assert_eq!(paper_files(&site).len(), 31);

    let read = |name: &str| fs::read_to_string(site.join("content/papers").join(name)).unwrap();
    let cafe = read("cafe-culture-and-the-naive-bayes-classifier-a.md");
    assert!(cafe.contains("title = \"Café Culture and the Naïve Bayes Classifier – A Study\""), "{cafe}");
    assert!(
        cafe.contains("authors = [\"François André\", \"João Gonçalves\", \"Søren Østergaard\"]"),
        "{cafe}"
    );
    assert!(cafe.contains("doi = \"10.1080/02664763.2019.0001\""), "{cafe}");
    let org = read("benchmarks-for-r-d-at-50-scale.md");
    assert!(org.contains("authors = [\"Google Research Brain Team\", \"Paul Erdős\"]"), "{org}");
    assert!(org.contains("title = \"Benchmarks for R&D at 50% Scale\""), "{org}");
    let crossref = read("last-layer-re-training-is-sufficient-for-robustness.md");
    assert!(
        crossref.contains("venue = \"Proceedings of the 39th International Conference on Machine Learning\"")
    );
    assert!(crossref.contains("date = \"2022-07\""), "{crossref}");
    let macros = read("weak-to-strong-generalization-eliciting-strong-capabilities-with.md");
    assert!(macros.contains("venue = \"International Conference on Machine Learning 2024\""), "{macros}");
    assert!(macros.contains("et_al = true"), "{macros}");
    let swa = read("averaging-weights-leads-to-wider-optima-and-better.md");
    assert!(swa.contains("date = \"2018-03\"") && swa.contains("arxiv = \"1803.05407\""), "{swa}");
    assert!(swa.contains("Dmitry Vetrov") && swa.contains("with an SGD variant."), "{swa}");

    // A second import adds nothing and touches nothing.
    let before: Vec<String> = paper_files(&site).iter().map(|n| read(n)).collect();
    let (_, again, _) = stdout_of(&["import", &bib, "--topic", "LG"], &site);
    assert!(again.contains("0 imported, 0 updated, 30 unchanged"), "{again}");
    assert_eq!(paper_files(&site).iter().map(|n| read(n)).collect::<Vec<_>>(), before);

    // The site builds, and its BibTeX export reads back with as many entries as papers.
    pubsite().args(["build", "--root"]).arg(&site).assert().success();
    let exported = fs::read_to_string(site.join("public/publications.bib")).unwrap();
    let parsed = biblatex::Bibliography::parse(&exported).expect("publications.bib parses");
    assert_eq!(parsed.len(), 31);
    let keys: Vec<&str> = parsed.keys().collect();
    assert!(keys.contains(&"andre2019caf") && keys.contains(&"kirichenko2022last"), "{keys:?}");
}
