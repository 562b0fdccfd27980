//! End-to-end tests of `pubsite build` on the fixture sites in `tests/fixtures/` and on the
//! example site at the repository root.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{Html, Selector};
use walkdir::WalkDir;

mod common;
use common::{copy_fixture, fixture, repo, snapshot_dir};

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

/// Builds `root` into `out` with extra arguments; panics unless the build succeeds.
fn build(root: &Path, out: &Path, extra: &[&str]) {
    pubsite().arg("build").arg("--root").arg(root).arg("--output").arg(out).args(extra).assert().success();
}

fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// The visible text of the elements matching `css`, whitespace collapsed.
fn texts(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&sel(css))
        .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn count_pages(out: &Path, dir: &str) -> usize {
    fs::read_dir(out.join(dir))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count()
}

// ---------------------------------------------------------------------------------------------
// The example site against the seed it was made from.

/// A paper as the seed lists it.
struct SeedPaper {
    title: String,
    authors: Vec<String>,
    et_al: bool,
    year: i32,
    abstract_text: String,
}

fn seed_papers() -> Vec<SeedPaper> {
    let text = read(fixture("seed.txt"));
    let lines: Vec<&str> = text.lines().collect();
    let head = regex_lite_head;
    let mut papers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(year) = head(lines[i]) {
            let byline = lines[i + 3];
            let names = byline.split(" · ").next().unwrap();
            let et_al = names.ends_with(" et al.");
            let names = names.trim_end_matches(" et al.");
            papers.push(SeedPaper {
                title: lines[i + 1].trim().to_owned(),
                authors: names.split(", ").map(str::to_owned).collect(),
                et_al,
                year,
                abstract_text: lines[i + 5].trim().to_owned(),
            });
            i += 6;
        } else {
            i += 1;
        }
    }
    papers
}

/// A seed paper's first line: topic code, month, day, optional year, optional "Code".
/// Returns the year (2026 when the seed gives none, as DESIGN.md says).
fn regex_lite_head(line: &str) -> Option<i32> {
    let line = line.strip_suffix("Code").unwrap_or(line);
    let bytes = line.as_bytes();
    if bytes.len() < 7 || !bytes[..2].iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if !months.contains(&&line[2..5]) || bytes[5] != b' ' {
        return None;
    }
    let rest = &line[6..];
    let (day, year) = match rest.split_once(", ") {
        Some((day, year)) => (day, year.parse().ok()?),
        None => (rest, 2026),
    };
    day.parse::<u32>().ok().filter(|d| (1..=31).contains(d))?;
    Some(year)
}

/// The plain-text pieces of a seed abstract: the text between LaTeX math and commands.
fn plain_pieces(abstract_text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for (i, part) in abstract_text.split('$').enumerate() {
        if i % 2 == 1 {
            continue; // math
        }
        for piece in part.split("\\emph{").flat_map(|p| p.split('}')) {
            let piece = piece.split_whitespace().collect::<Vec<_>>().join(" ");
            if piece.len() > 3 {
                pieces.push(piece);
            }
        }
    }
    pieces
}

#[test]
fn the_example_site_has_every_seed_paper() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);

    let seed = seed_papers();
    assert_eq!(seed.len(), 33);
    assert_eq!(count_pages(&out, "papers"), 33);
    assert_eq!(count_pages(&out, "topics"), 6);
    assert_eq!(count_pages(&out, "years"), 11);
    let home = read(out.join("index.html"));

    let paper_pages: Vec<String> = fs::read_dir(out.join("papers"))
        .unwrap()
        .map(|e| read(e.unwrap().path().join("index.html")))
        .collect();
    for paper in &seed {
        let page = paper_pages
            .iter()
            .find(|p| texts(p, "h1").first() == Some(&paper.title))
            .unwrap_or_else(|| panic!("no page titled {:?}", paper.title));
        let authors = texts(page, ".paper-page .authors").join(" ");
        let mut expected = paper.authors.join(", ");
        if paper.et_al {
            expected.push_str(" et al.");
        }
        assert_eq!(authors, expected, "{}", paper.title);
        let date = texts(page, ".paper-page .paper-meta time").join("");
        assert!(date.ends_with(&paper.year.to_string()), "{}: {date}", paper.title);
        let abstract_text = texts(page, ".abstract-section .abstract-text").join(" ");
        for piece in plain_pieces(&paper.abstract_text) {
            assert!(abstract_text.contains(&piece), "{}: abstract lacks {piece:?}", paper.title);
        }
        assert!(
            !abstract_text.contains('\\') && !abstract_text.contains('$'),
            "{}: raw LaTeX: {abstract_text}",
            paper.title
        );
        assert!(texts(&home, ".paper-title").contains(&paper.title), "home lacks {}", paper.title);
    }

    // Newest first, grouped under year headings in descending order.
    let dates: Vec<String> = Html::parse_document(&home)
        .select(&sel(".paper time"))
        .map(|t| t.value().attr("datetime").unwrap().to_owned())
        .collect();
    assert_eq!(dates.len(), 33);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let years = texts(&home, "h2.year-heading a");
    assert_eq!(years.first().map(String::as_str), Some("2026"));
    assert_eq!(years.last().map(String::as_str), Some("2016"));
    assert_eq!(years.len(), 11);
    // The profile header carries the seed's figures.
    let labels = texts(&home, ".metrics dt");
    let values = texts(&home, ".metrics dd");
    let metrics: Vec<String> = labels.iter().zip(&values).map(|(l, v)| format!("{l} {v}")).collect();
    assert_eq!(metrics, ["h-index 74", "papers 33", "citations 9,679", "Novelty 57%", "AI Score 62"]);
}

#[test]
fn seed_latex_is_rendered_not_shown_raw() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    let spurious = read(out.join("papers/on-feature-learning-in-the-presence-of-spurious/index.html"));
    assert!(spurious.contains("spurious features – patterns"));
    let invariances = read(out.join("papers/learning-invariances-in-neural-networks/index.html"));
    assert!(invariances.contains("how to <em>learn</em> invariances"));
    let gp =
        read(out.join("papers/faster-variational-inducing-input-gaussian-process-classification/index.html"));
    assert!(gp.contains("<math"), "O(nm^2) should be MathML");
    assert!(gp.contains("<msup><mi>m</mi><mn>2</mn></msup>"));
}

// ---------------------------------------------------------------------------------------------
// Small fixtures.

#[test]
fn minimal_site_builds_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("minimal"), &out, &[]);
    assert!(!fixture("minimal").join("templates").exists());
    assert_eq!(read(out.join("style.css")), read(repo().join("static/style.css")));
    assert!(out.join("files/notes.pdf").is_file(), "static/ is copied");
    assert!(out.join(".nojekyll").is_file());
    assert!(!out.join("papers/draft-idea").exists(), "drafts are left out");

    let home = read(out.join("index.html"));
    insta::assert_snapshot!("minimal_home", home);
    insta::assert_snapshot!("minimal_paper", read(out.join("papers/engine-notes/index.html")));
    insta::assert_snapshot!("minimal_topic", read(out.join("topics/lg/index.html")));
    insta::assert_snapshot!("minimal_years", read(out.join("years/index.html")));
}

#[test]
fn owner_is_highlighted_and_user_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("minimal"), &out, &[]);
    let paper = read(out.join("papers/engine-notes/index.html"));
    assert_eq!(texts(&paper, ".paper-page .owner"), ["A. Lovelace"]);
    assert!(paper.contains("&lt;b&gt;raw html&lt;/b&gt;"));
    assert!(!paper.contains("<b>raw html</b>"));
    let home = read(out.join("index.html"));
    assert_eq!(texts(&home, "#weaving .owner"), ["Ada Lovelace"]);
    assert_eq!(texts(&home, "#weaving .et-al"), ["et al."]);
    assert_eq!(texts(&home, "#weaving .code-flag"), ["Code available"]);
    // Abstracts are collapsed by default but in the page, so they read without JavaScript.
    let doc = Html::parse_document(&home);
    let details: Vec<_> = doc.select(&sel(".paper details.abstract")).collect();
    assert_eq!(details.len(), 2);
    assert!(details.iter().all(|d| d.value().attr("open").is_none()));
}

#[test]
fn drafts_are_built_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("minimal"), &out, &["--drafts"]);
    assert!(out.join("papers/draft-idea/index.html").is_file());
}

#[test]
fn user_templates_and_static_files_win() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("override"), &out, &[]);
    let paper = read(out.join("papers/weaving/index.html"));
    assert_eq!(texts(&paper, "h1.custom-paper"), ["Weaving Algebraic Patterns"]);
    assert!(paper.contains("Custom paper template by the user."));
    assert!(paper.contains("class=\"site-header\""), "the user's template still extends the built-in base");
    assert_eq!(read(out.join("style.css")), read(fixture("override/static/style.css")));
    let home = read(out.join("index.html"));
    assert!(home.contains("class=\"profile\""), "templates the user did not override stay built-in");
}

#[test]
fn a_broken_user_template_is_reported_with_its_file() {
    let (_dir, root) = copy_fixture("override");
    fs::write(
        root.join("templates/paper.html"),
        "{% extends \"base.html\" %}{% block main %}{{ paper.title {% endblock main %}",
    )
    .unwrap();
    let output = pubsite().arg("build").arg("--root").arg(&root).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("templates/paper.html"), "{stderr}");
    assert!(!root.join("public").exists());
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn every_problem_of_an_invalid_site_is_reported_at_once() {
    let output = pubsite()
        .arg("build")
        .arg("--root")
        .arg(fixture("invalid"))
        .arg("--output")
        .arg(tempfile::tempdir().unwrap().path().join("out"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    insta::assert_snapshot!("invalid_site_errors", stderr);
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let (_dir, root) = copy_fixture("minimal");
    pubsite().arg("build").arg("--root").arg(&root).assert().success();
    let before = snapshot_dir(&root.join("public"));
    assert!(before.len() > 5);

    let paper = root.join("content/papers/engine-notes.md");
    let text = read(&paper).replace("\"Notes on the Analytical Engine\"", "\"Notes on the Analytical Engine");
    fs::write(&paper, text).unwrap();
    let output = pubsite().arg("build").arg("--root").arg(&root).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("content/papers/engine-notes.md:2:"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    assert_eq!(snapshot_dir(&root.join("public")), before);
}

#[test]
fn a_list_page_template_failing_half_way_is_reported_and_leaves_the_previous_output() {
    // List pages are rendered straight into their files: a template that fails after writing
    // part of a page must still fail the build with its name, and keep the last output.
    let (_dir, root) = copy_fixture("minimal");
    pubsite().arg("build").arg("--root").arg(&root).assert().success();
    let before = snapshot_dir(&root.join("public"));
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/topic.html"),
        format!("{}{{{{ topic.no_such_field }}}}", "<p>a long page</p>\n".repeat(20_000)),
    )
    .unwrap();
    let output = pubsite().arg("build").arg("--root").arg(&root).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("templates/topic.html"), "{stderr}");
    assert!(stderr.contains("topic.no_such_field"), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
    assert_eq!(snapshot_dir(&root.join("public")), before);
}

/// Every file of a folder with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, std::time::SystemTime> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), e.metadata().unwrap().modified().unwrap())
        })
        .collect()
}

/// Every folder under `dir` with its inode and modification time: a folder made anew has another.
/// (Inodes are Unix's; elsewhere only the times are compared.)
#[cfg(unix)]
fn folders(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

fn build_stdout(root: &Path) -> String {
    let output = pubsite().arg("build").arg("--root").arg(root).assert().success().get_output().clone();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_second_build_with_nothing_changed_writes_no_file() {
    let (_dir, root) = copy_fixture("minimal");
    let first = build_stdout(&root);
    let total: usize = first.split("(").nth(1).unwrap().split(" of ").next().unwrap().parse().unwrap();
    assert!(first.contains(&format!("({total} of {total} files changed)")), "{first}");
    let before = mtimes(&root.join("public"));
    #[cfg(unix)]
    let before_folders = folders(&root.join("public"));
    assert!(before_folders.len() > 10);
    std::thread::sleep(std::time::Duration::from_millis(20));

    let second = build_stdout(&root);
    assert!(second.contains(&format!("(0 of {total} files changed)")), "{second}");
    assert_eq!(mtimes(&root.join("public")), before, "no file was touched");
    #[cfg(unix)]
    assert_eq!(folders(&root.join("public")), before_folders, "no folder was made again or touched");

    // One edited abstract changes that paper's page and the pages and exports that show it.
    let paper = root.join("content/papers/engine-notes.md");
    fs::write(&paper, read(&paper).replace("Analytical Engine", "Analytical Engine (revised)")).unwrap();
    let third = build_stdout(&root);
    let changed: usize = third.split("(").nth(1).unwrap().split(" of ").next().unwrap().parse().unwrap();
    assert!(changed > 0 && changed < total / 2, "{third}");
    let after = mtimes(&root.join("public"));
    let touched: Vec<_> = after.iter().filter(|(p, t)| before.get(*p) != Some(t)).map(|(p, _)| p).collect();
    assert_eq!(touched.len(), changed, "{touched:?}");
    assert!(touched.contains(&&PathBuf::from("papers/engine-notes/index.html")), "{touched:?}");
}

#[test]
fn the_site_folder_is_refused_as_output() {
    let (_dir, root) = copy_fixture("minimal");
    let output = pubsite()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&root)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing"));
    assert!(root.join("content/papers/weaving.md").is_file());
}

#[test]
fn a_folder_without_site_toml_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let output = pubsite().arg("build").arg("--root").arg(dir.path()).assert().code(2).get_output().clone();
    assert!(String::from_utf8_lossy(&output.stderr).contains("site.toml"));
}

#[test]
fn bad_usage_exits_with_2() {
    pubsite().arg("build").arg("--no-such-flag").assert().code(2);
    pubsite()
        .arg("build")
        .arg("--base-url")
        .arg("ftp://x")
        .arg("--root")
        .arg(fixture("minimal"))
        .assert()
        .code(1);
}

// ---------------------------------------------------------------------------------------------
// Links under a sub-path.

/// Checks that every internal link and asset of the built site stays under `prefix` and
/// resolves to a file, and that every `#fragment` exists in its target page.
fn check_internal_links(out: &Path, prefix: &str) -> usize {
    let attrs = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")];
    let mut checked = 0;
    let mut ids: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut id_of = |file: &Path| -> Vec<String> {
        ids.entry(file.to_path_buf())
            .or_insert_with(|| {
                Html::parse_document(&read(file))
                    .select(&sel("[id]"))
                    .map(|e| e.value().attr("id").unwrap().to_owned())
                    .collect()
            })
            .clone()
    };
    for entry in WalkDir::new(out).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&read(entry.path()));
        for (tag, attr) in attrs {
            for element in doc.select(&sel(&format!("{tag}[{attr}]"))) {
                let url = element.value().attr(attr).unwrap();
                if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:") {
                    continue;
                }
                let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
                let target = if path.is_empty() {
                    entry.path().to_path_buf()
                } else {
                    let inside = path.strip_prefix(prefix).unwrap_or_else(|| {
                        panic!("{}: {url} leaves the sub-path {prefix}", entry.path().display())
                    });
                    let mut file = out.join(inside);
                    if path.ends_with('/') {
                        file = file.join("index.html");
                    }
                    assert!(file.is_file(), "{}: {url} is broken", entry.path().display());
                    file
                };
                if !fragment.is_empty() {
                    assert!(
                        id_of(&target).iter().any(|id| id == fragment),
                        "{}: {url}: no #{fragment}",
                        entry.path().display()
                    );
                }
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_link_works_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &["--base-url", "https://example.github.io/repo/"]);
    let checked = check_internal_links(&out, "/repo/");
    assert!(checked > 500, "only {checked} links checked");
    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"/repo/style.css\""));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.github.io/repo/\">"));
    let not_found = read(out.join("404.html"));
    assert!(not_found.contains("href=\"/repo/style.css\""), "404.html must work at any depth");
}

#[test]
fn every_link_works_at_a_domain_root() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("minimal"), &out, &[]);
    assert!(check_internal_links(&out, "/") > 20);
}

// ---------------------------------------------------------------------------------------------
// Scholarly output.

#[test]
fn every_paper_page_has_scholar_tags_and_json_ld() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &["--base-url", "https://example.github.io/repo/"]);
    let seed = seed_papers();
    let mut pages = 0;
    for entry in fs::read_dir(out.join("papers")).unwrap() {
        let html = read(entry.unwrap().path().join("index.html"));
        let doc = Html::parse_document(&html);
        let meta = |name: &str| -> Vec<String> {
            doc.select(&sel(&format!("meta[name=\"{name}\"]")))
                .map(|m| m.value().attr("content").unwrap().to_owned())
                .collect()
        };
        let title = meta("citation_title");
        assert_eq!(title.len(), 1);
        let paper = seed.iter().find(|p| p.title == title[0]).expect("a seed paper");
        assert_eq!(meta("citation_author"), paper.authors, "authors in order");
        let date = meta("citation_publication_date");
        assert!(date[0].starts_with(&format!("{}/", paper.year)), "{date:?}");

        let scripts: Vec<String> =
            doc.select(&sel("script[type=\"application/ld+json\"]")).map(|s| s.inner_html()).collect();
        assert_eq!(scripts.len(), 1);
        let ld: serde_json::Value = serde_json::from_str(&scripts[0]).expect("JSON-LD parses");
        assert_eq!(ld["@type"], "ScholarlyArticle");
        assert_eq!(ld["headline"], paper.title.as_str());
        assert_eq!(ld["author"].as_array().unwrap().len(), paper.authors.len());
        assert!(ld["url"].as_str().unwrap().starts_with("https://example.github.io/repo/papers/"));

        let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
        assert_eq!(canonical.value().attr("href"), ld["url"].as_str());
        assert_eq!(texts(&html, ".cite .reference-style"), ["APA", "IEEE", "Chicago", "BibTeX"]);
        pages += 1;
    }
    assert_eq!(pages, 33);
}

#[test]
fn the_feed_sitemap_and_exports_are_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &["--base-url", "https://example.github.io/repo/"]);
    let feed_text = read(out.join("feed.xml"));
    let feed = roxmltree::Document::parse(&feed_text).expect("the feed is XML");
    let root = feed.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(root.tag_name().namespace(), Some(atom));
    assert_eq!(root.tag_name().name(), "feed");
    let child = |node: roxmltree::Node, name: &str| {
        node.children().find(|c| c.tag_name().name() == name).map(|c| c.text().unwrap_or_default().to_owned())
    };
    for required in ["id", "title", "updated"] {
        assert!(child(root, required).is_some(), "feed lacks {required}");
    }
    let entries: Vec<_> = root.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert_eq!(entries.len(), 33);
    let mut previous = String::from("9999");
    for entry in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(child(*entry, required).is_some(), "entry lacks {required}");
        }
        let updated = child(*entry, "updated").unwrap();
        assert!(updated.ends_with("T00:00:00Z") && updated <= previous, "newest first: {updated}");
        previous = updated;
        assert!(child(*entry, "id").unwrap().starts_with("https://example.github.io/repo/papers/"));
    }

    let sitemap = read(out.join("sitemap.xml"));
    let sitemap = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let locs = sitemap.descendants().filter(|n| n.tag_name().name() == "loc").count();
    assert!(locs > 33 + 6 + 11, "{locs}");
    assert!(read(out.join("robots.txt")).contains("Sitemap: https://example.github.io/repo/sitemap.xml"));

    let bib = read(out.join("publications.bib"));
    assert_eq!(bib.matches("\n@").count() + 1, 33, "one entry per paper");
    let json: serde_json::Value = serde_json::from_str(&read(out.join("publications.json"))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 33);
    assert_eq!(read(out.join("topics/lg/publications.bib")).matches("@").count(), 23);
    assert_eq!(read(out.join("years/2026/publications.bib")).matches("@").count(), 6);
}

#[test]
fn co_author_pages_list_every_joint_paper() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    let page = read(out.join("authors/polina-kirichenko/index.html"));
    let listed = texts(&page, ".paper-title");
    let expected: Vec<String> = seed_papers()
        .into_iter()
        .filter(|p| p.authors.iter().any(|a| a == "Polina Kirichenko"))
        .map(|p| p.title)
        .collect();
    assert!(expected.len() >= 5, "{expected:?}");
    let mut sorted_listed = listed.clone();
    sorted_listed.sort();
    let mut sorted_expected = expected.clone();
    sorted_expected.sort();
    assert_eq!(sorted_listed, sorted_expected);
    // One list under one heading, newest first (no year groups: most co-authors share a paper or
    // two with the owner).
    assert_eq!(texts(&page, "main h2"), ["Joint papers, newest first"]);
    let dates: Vec<String> = Html::parse_document(&page)
        .select(&sel("article.paper-line time"))
        .map(|t| t.value().attr("datetime").unwrap().to_owned())
        .collect();
    assert_eq!(dates.len(), expected.len());
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "{dates:?}");
    // Author names link to their pages from every list.
    let home = read(out.join("index.html"));
    assert!(home.contains("<a class=\"author\" href=\"/authors/polina-kirichenko/\">Polina Kirichenko</a>"));
    assert!(!out.join("authors/pavel-izmailov").exists(), "the owner is not a co-author");
}

#[test]
fn long_lists_are_paginated() {
    let (_dir, root) = copy_fixture("minimal");
    let config = root.join("site.toml");
    let text = read(&config).replace("description =", "paginate = 1\ndescription =");
    fs::write(&config, text).unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    let first = read(out.join("index.html"));
    let second = read(out.join("page/2/index.html"));
    assert_eq!(texts(&first, ".paper-title"), ["Weaving Algebraic Patterns"]);
    assert_eq!(texts(&second, ".paper-title"), ["Notes on the Analytical Engine"]);
    assert!(first.contains("href=\"/page/2/\" rel=\"next\""), "{first}");
    assert!(second.contains("href=\"/\" rel=\"prev\""));
    assert!(texts(&second, "title")[0].ends_with("(page 2)"));
    assert!(out.join("topics/lg/page/2/index.html").is_file());
    assert!(!out.join("topics/na/page/2").exists(), "one paper, one page");
    assert!(check_internal_links(&out, "/") > 20);
    // The filter of a split home page searches every paper in the index; a home page that holds
    // every paper has no use for it, and the build does not write it.
    let index: serde_json::Value = serde_json::from_str(&read(out.join("search.json"))).unwrap();
    let titles: Vec<&str> = index.as_array().unwrap().iter().map(|e| e["t"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Weaving Algebraic Patterns", "Notes on the Analytical Engine"]);
    let whole = tempfile::tempdir().unwrap();
    fs::write(&config, read(&config).replace("paginate = 1\n", "")).unwrap();
    build(&root, whole.path(), &[]);
    assert!(!whole.path().join("search.json").exists());
    assert!(whole.path().join("publications.json").is_file());
}

#[test]
fn a_long_list_links_to_its_ends_and_near_pages_and_every_page_can_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content/papers")).unwrap();
    fs::write(root.join("site.toml"), "title = \"Long\"\nbase_url = \"https://x.github.io/\"\npaginate = 2\n[topics.LG]\nname = \"Learning\"\n").unwrap();
    for i in 1..=40 {
        let paper = format!(
            "+++\ntitle = \"Study {i}\"\ndate = 2020-01-{:02}\nauthors = [\"A. Author\"]\ntopics = [\"LG\"]\n+++\nAbstract {i}.\n",
            i % 28 + 1
        );
        fs::write(root.join(format!("content/papers/study-{i}.md")), paper).unwrap();
    }
    let out = root.join("public");
    build(root, &out, &[]);
    let tenth = read(out.join("page/10/index.html"));
    let numbers = texts(&tenth, ".pager li:not(.pager-gap) > :is(a:not([rel]), span)");
    assert_eq!(numbers, ["1", "8", "9", "10", "11", "12", "20"]);
    assert_eq!(texts(&tenth, ".pager .pager-gap").len(), 2);
    // Twenty pages, each linking to a few: following the links still reaches every one.
    let link = sel(".pager a");
    let mut seen = std::collections::BTreeSet::from(["/".to_owned()]);
    let mut queue = vec!["/".to_owned()];
    while let Some(url) = queue.pop() {
        let html = read(out.join(url.trim_start_matches('/')).join("index.html"));
        for a in Html::parse_document(&html).select(&link) {
            let href = a.value().attr("href").unwrap().to_owned();
            if seen.insert(href.clone()) {
                queue.push(href);
            }
        }
    }
    assert_eq!(seen.len(), 20, "{seen:?}");
}

#[test]
fn each_list_page_gets_only_its_own_fields_beside_the_site() {
    // List pages are rendered on every core, each thread reusing one context for the pages it
    // renders; a field one page added must not be left for the next (the home page's `featured`
    // on a topic page, say). Many small pages of every kind, each printing its whole context.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content/papers")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    let settings = "title = \"Lists\"\nbase_url = \"https://x.github.io/\"\npaginate = 1\n\
                    [owner]\nname = \"O. Wner\"\n[topics.LG]\nname = \"Learning\"\n[topics.NA]\nname = \"Numbers\"\n";
    fs::write(root.join("site.toml"), settings).unwrap();
    for i in 1..=24 {
        let topic = ["LG", "NA"][i % 2];
        let paper = format!(
            "+++\ntitle = \"Study {i}\"\ndate = {}-03-01\nauthors = [\"O. Wner\", \"Co Author{}\"]\ntopics = [\"{topic}\"]\n+++\nAbstract {i}.\n",
            2000 + i % 5,
            i % 6
        );
        fs::write(root.join(format!("content/papers/study-{i}.md")), paper).unwrap();
    }
    let kinds =
        [("index.html", "home"), ("topic.html", "topic"), ("year.html", "year"), ("author.html", "author")];
    for (template, kind) in kinds {
        fs::write(
            root.join("templates").join(template),
            format!("{kind}<pre>{{{{ __tera_context | safe }}}}</pre>"),
        )
        .unwrap();
    }
    let out = root.join("public");
    build(root, &out, &[]);
    let mut keys_of_kind: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.unwrap().into_path();
        if path.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let html = read(&path);
        let Some((kind, rest)) = html.split_once("<pre>") else { continue };
        if !kinds.iter().any(|(_, k)| *k == kind) {
            continue;
        }
        let context: serde_json::Value = serde_json::from_str(rest.trim_end_matches("</pre>")).unwrap();
        let keys: std::collections::BTreeSet<String> = context.as_object().unwrap().keys().cloned().collect();
        assert!(keys.contains("site") && keys.contains("page"), "{path:?}: {keys:?}");
        // Every page of a kind has the same fields as the first one seen.
        let first = keys_of_kind.entry(kind.to_owned()).or_insert_with(|| keys.clone());
        assert_eq!(*first, keys, "{path:?}");
        pages += 1;
    }
    assert!(pages > 30, "{pages} list pages");
    assert_eq!(keys_of_kind.len(), 4, "{keys_of_kind:?}");
    // And none has a field that belongs to another kind only.
    assert!(keys_of_kind["home"].contains("featured"));
    assert!(keys_of_kind["author"].contains("name"));
    assert!(keys_of_kind["topic"].contains("topic"));
    for (kind, keys) in &keys_of_kind {
        for (other, field) in [("home", "featured"), ("author", "name"), ("topic", "topic"), ("year", "year")]
        {
            assert!(kind == other || !keys.contains(field), "{kind} page has {field}: {keys:?}");
        }
    }
}

#[test]
fn the_theme_javascript_stays_within_its_budget() {
    // Issue budget: all of the theme's JavaScript at most 15 KB before compression, served from
    // the site itself (the inline theme snippet in base.html included).
    let script = std::fs::metadata(common::repo().join("static/pubsite.js")).unwrap().len();
    let base = read(common::repo().join("templates/base.html"));
    let inline: usize =
        base.split("<script>").skip(1).map(|s| s.split("</script>").next().unwrap().len()).sum();
    assert!(script as usize + inline <= 15 * 1024, "{script} + {inline} bytes of JavaScript");
    assert!(!base.contains("<script src=\"http"), "no third-party scripts");
}

#[test]
fn co_author_pages_can_be_turned_off() {
    let (_dir, root) = common::copy_fixture("minimal");
    let config = read(root.join("site.toml"));
    std::fs::write(root.join("site.toml"), format!("coauthor_pages = false\n{config}")).unwrap();
    let out = tempfile::tempdir().unwrap();
    build(&root, out.path(), &[]);
    assert!(!out.path().join("authors").exists());
    let home = read(out.path().join("index.html"));
    assert!(!home.contains("Co-authors"), "no navigation item");
    assert!(!home.contains("/authors/"), "no links to co-author pages");
    assert!(!read(out.path().join("sitemap.xml")).contains("/authors/"));
    assert!(check_internal_links(out.path(), "/") > 10);
}
