//! `pubsite migrate` end to end on three small old sites written for these tests, one per
//! generator (tests/fixtures/migrate/: al-folio, academicpages, Hugo Blox): what each becomes
//! (papers, profile, news, pages, files), what the report says was left behind (with file and
//! line), that the new site builds and passes `pubsite check`, and that the old folder is only
//! read: a dry run writes nothing, and a target that is not empty or lies inside the old site is
//! refused.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pubsite::commands::migrate::{self, Left, MigrateOptions, MigrateReport};

mod common;
use common::{copy_fixture, fixture, snapshot_dir};

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

/// An old site of tests/fixtures/migrate/.
fn old(name: &str) -> PathBuf {
    fixture(&format!("migrate/{name}"))
}

/// A migrated site, in a temporary folder kept alive with it.
struct Migrated {
    _dir: tempfile::TempDir,
    root: PathBuf,
    report: MigrateReport,
}

/// Migrates the fixture `name` through the library into a fresh folder; checks the old folder
/// was not touched.
fn migrate_fixture(name: &str) -> Migrated {
    let before = snapshot_dir(&old(name));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-site");
    let report = migrate::migrate(&old(name), &root, &MigrateOptions::default())
        .unwrap_or_else(|e| panic!("migrating {name}: {e}"));
    assert!(snapshot_dir(&old(name)) == before, "migrating {name} changed the old site");
    Migrated { _dir: dir, root, report }
}

fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn site_toml(root: &Path) -> toml::Table {
    toml::from_str(&read(root.join("site.toml"))).expect("site.toml is TOML")
}

/// A page or paper file: its TOML front matter and its Markdown.
fn front_and_body(path: &Path) -> (toml::Table, String) {
    let text = read(path);
    let rest =
        text.strip_prefix("+++\n").unwrap_or_else(|| panic!("{}: no +++ fence:\n{text}", path.display()));
    let end = rest.find("\n+++\n").unwrap_or_else(|| panic!("{}: front matter not closed", path.display()));
    let front = toml::from_str(&rest[..end + 1]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (front, rest[end + 5..].to_owned())
}

fn paper(root: &Path, slug: &str) -> (toml::Table, String) {
    front_and_body(&root.join("content/papers").join(format!("{slug}.md")))
}

fn page(root: &Path, name: &str) -> (toml::Table, String) {
    front_and_body(&root.join("content/pages").join(format!("{name}.md")))
}

fn files_in(root: &Path, dir: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn s<'t>(table: &'t toml::Table, key: &str) -> &'t str {
    table.get(key).and_then(toml::Value::as_str).unwrap_or_else(|| panic!("no string `{key}` in {table:#?}"))
}

fn strings(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| panic!("no array `{key}` in {table:#?}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// A paper's date as written: `2021-06-01`, `"2021-06"` or `2019`.
fn date(table: &toml::Table) -> String {
    match table.get("date") {
        Some(toml::Value::Datetime(d)) => d.to_string(),
        Some(toml::Value::String(d)) => d.clone(),
        Some(toml::Value::Integer(y)) => y.to_string(),
        other => panic!("date {other:?}"),
    }
}

fn links(table: &toml::Table) -> &toml::Table {
    table.get("links").and_then(toml::Value::as_table).unwrap_or_else(|| panic!("no [links] in {table:#?}"))
}

fn sorted_keys(table: &toml::Table) -> Vec<&str> {
    let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// The report's item of `file` (and `line`, when given) whose `what` holds `what`.
fn left<'r>(report: &'r MigrateReport, file: &str, line: Option<usize>, what: &str) -> &'r Left {
    report
        .left
        .iter()
        .find(|l| l.file == Path::new(file) && l.what.contains(what) && (line.is_none() || l.line == line))
        .unwrap_or_else(|| {
            let all: Vec<String> = report.left.iter().map(|l| format!("{l} [line {:?}]", l.line)).collect();
            panic!("nothing left at {file}:{line:?} about `{what}`; the report:\n{}", all.join("\n"))
        })
}

/// `pubsite check` passes on the new site (warnings allowed).
fn check_passes(root: &Path) {
    let output = pubsite().arg("check").arg("--root").arg(root).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "check failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(": 0 errors,"), "{stdout}");
}

fn same_bytes(a: &Path, b: &Path) {
    assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap(), "{} and {} differ", a.display(), b.display());
}

// ---------------------------------------------------------------------------------------------
// al-folio

#[test]
fn an_alfolio_site_is_migrated() {
    let m = migrate_fixture("alfolio");
    let (root, report) = (&m.root, &m.report);
    let old = old("alfolio");
    assert_eq!(report.generator, migrate::Generator::AlFolio);
    assert!(matches!(report.build, Ok(pages) if pages > 10), "{:?}", report.build);
    assert!(!report.placeholder_url);

    // Settings and profile.
    let site = site_toml(root);
    assert_eq!(s(&site, "title"), "Mira K. Okafor", "`title: blank` is the full name");
    assert_eq!(s(&site, "base_url"), "https://mokafor.github.io/lab/");
    assert_eq!(
        s(&site, "description"),
        "Papers and news of the Okafor lab: how soil microbes share nitrogen."
    );
    let owner = site["owner"].as_table().unwrap();
    assert_eq!(s(owner, "name"), "Mira K. Okafor");
    assert_eq!(strings(owner, "aliases"), ["Mira Okafor", "M. Okafor", "M. K. Okafor"]);
    assert_eq!(s(owner, "position"), "Assistant Professor of Soil Microbiology, Lakeside University");
    assert_eq!(s(owner, "email"), "mira.okafor@example.edu");
    assert_eq!(s(owner, "photo"), "assets/img/prof_pic.jpg");
    same_bytes(&root.join("static/assets/img/prof_pic.jpg"), &old.join("assets/img/prof_pic.jpg"));
    let bio = s(owner, "bio");
    for part in [
        "I study how bacteria and fungi in soil trade nitrogen",
        "[the Example Institute](https://example.org/institute)",
        "My [CV](assets/pdf/cv.pdf) lists my talks",
        "the [teaching page](teaching/) lists my courses",
        "[open soil club](https://example.edu/soil-club)",
        "![The lab](assets/img/lab.png)",
        "Field work starts every April.",
        "`{% cite okafor2021roots %}`",
        "Office 42",
        "The quickest way to reach me is e-mail.",
    ] {
        assert!(bio.contains(part), "the bio lacks `{part}`:\n{bio}");
    }
    for gone in ["<a ", "<p>", "{:", "TODO", "site.baseurl", "{% link", "figure.liquid"] {
        assert!(!bio.contains(gone), "the bio keeps `{gone}`:\n{bio}");
    }
    let owner_links = owner["links"].as_table().unwrap();
    assert_eq!(sorted_keys(owner_links), ["bluesky", "github", "orcid", "scholar", "x"]);
    // _data/socials.yml wins over the older ids of _config.yml.
    assert_eq!(s(owner_links, "github"), "mokafor");
    assert_eq!(s(owner_links, "scholar"), "Qm0kAfOr9XAAAAJ");
    assert_eq!(s(owner_links, "orcid"), "0000-0003-1415-9265");
    assert_eq!(s(owner_links, "x"), "mira_soil");
    assert_eq!(s(owner_links, "bluesky"), "https://bsky.app/profile/mokafor.bsky.social");

    // News: newest first, the sample left out, the item with a page of its own linked to it.
    assert_eq!(report.news, 3);
    let news = site["news"].as_array().unwrap();
    let news: Vec<(String, String)> = news
        .iter()
        .map(|n| (n["date"].as_datetime().unwrap().to_string(), n["text"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        news,
        [
            ("2024-09-03".to_owned(), "Mira spoke at the Soil Ecology Meeting in Ghent.".to_owned()),
            ("2024-02-01".to_owned(), "[A grant for root exudate studies](news-announcement-3/)".to_owned()),
            (
                "2023-11-20".to_owned(),
                "The lab moved into its new rooms 🎉 See the [open positions](https://example.edu/jobs/soil)."
                    .to_owned()
            ),
        ]
    );
    assert!(!read(root.join("site.toml")).to_lowercase().contains("simple inline announcement"));

    // Pages: teaching and the news item with a body; publications and projects are not pages,
    // nor is the switched-off _blog.md.
    let mut pages = report.pages.clone();
    pages.sort();
    assert_eq!(pages, ["news-announcement-3", "teaching"]);
    assert_eq!(files_in(root, "content/pages"), ["news-announcement-3.md", "teaching.md"]);
    let (front, body) = page(root, "teaching");
    assert_eq!(s(&front, "title"), "teaching");
    assert_eq!(s(&front, "description"), "Courses at Lakeside University.");
    assert_eq!(front["weight"].as_integer(), Some(6));
    assert!(body.starts_with("I teach **Soil Ecology (BIO 340)** every autumn"), "{body}");
    assert!(body.contains("Slides and reading lists are on the university's learning platform."), "{body}");
    let (front, body) = page(root, "news-announcement-3");
    assert_eq!(s(&front, "title"), "A grant for root exudate studies");
    assert!(body.contains("We are hiring **two PhD students**"), "{body}");

    // Papers, through the importer with al-folio's fields.
    assert_eq!(report.paper_count(), 4);
    assert_eq!(report.papers.written.len(), 4);
    assert_eq!(
        files_in(root, "content/papers"),
        [
            "drought-memory-in-soil-fungal-networks.md",
            "mycorrhizal-shortcuts-in-nitrogen-poor-soils.md",
            "nitrogen-exchange-in-grassland-soils.md",
            "root-exudates-steer-nitrogen-fixing-communities.md",
        ]
    );
    let (p, _) = paper(root, "root-exudates-steer-nitrogen-fixing-communities");
    assert_eq!(s(&p, "title"), "Root exudates steer nitrogen-fixing communities");
    assert_eq!(strings(&p, "authors"), ["Mira K. Okafor", "Per Lindqvist"]);
    assert_eq!(date(&p), "2021-06");
    assert_eq!(s(&p, "venue"), "Proceedings of the Soil Ecology Conference", "the @string is expanded");
    assert_eq!(s(&p, "abbr"), "SEC");
    assert_eq!(s(&p, "kind"), "inproceedings");
    assert_eq!(s(&p, "award"), "Best paper award");
    assert_eq!(p["featured"].as_bool(), Some(true), "selected = {{true}}");
    let l = links(&p);
    assert_eq!(s(l, "pdf"), "assets/pdf/paper1.pdf");
    same_bytes(&root.join("static").join(s(l, "pdf")), &old.join("assets/pdf/paper1.pdf"));
    assert_eq!(s(l, "code"), "https://github.com/mokafor/roots");
    assert_eq!(s(l, "doi"), "10.5555/sec.2021.44");
    assert_eq!(s(&p, "preview"), "assets/img/publication_preview/paper1.png");
    assert!(root.join("static").join(s(&p, "preview")).is_file());

    let (p, _) = paper(root, "drought-memory-in-soil-fungal-networks");
    assert_eq!(strings(&p, "authors"), ["Hiro Tanaka", "M. K. Okafor", "Léa Baptiste"]);
    assert_eq!((s(&p, "kind"), s(&p, "abbr"), date(&p)), ("article", "JSM", "2022".to_owned()));
    assert_eq!((s(&p, "volume"), s(&p, "issue")), ("12", "3"));
    assert_eq!(p["featured"].as_bool(), Some(true));
    assert_eq!(s(&p, "url"), "https://example.org/jsm/tanaka2022", "al-folio's `html`");

    let (p, _) = paper(root, "mycorrhizal-shortcuts-in-nitrogen-poor-soils");
    assert_eq!(s(links(&p), "arxiv"), "2403.01234");
    assert_eq!(s(&p, "venue"), "arXiv preprint");
    assert!(p.get("featured").is_none());

    let (p, _) = paper(root, "nitrogen-exchange-in-grassland-soils");
    assert_eq!((s(&p, "kind"), s(&p, "venue")), ("phdthesis", "Example University"));

    // Files: the owner's assets at the same paths, not the theme's.
    assert_eq!(report.files, 5);
    same_bytes(&root.join("static/assets/pdf/cv.pdf"), &old.join("assets/pdf/cv.pdf"));
    same_bytes(&root.join("static/assets/img/lab.png"), &old.join("assets/img/lab.png"));
    assert!(!root.join("static/assets/css").exists());
    assert!(snapshot_dir(root).keys().all(|p| p.extension().is_none_or(|e| e != "css")));

    // What was left, each with its file (and line where there is one).
    let l = left(report, "_data/socials.yml", Some(9), "Codeberg link (https://codeberg.org/x)");
    assert!(l.why.contains("no link for this service"), "{l}");
    left(report, "_data/socials.yml", Some(8), "research_gate link (Mira-Okafor)");
    left(report, "_pages/about.md", Some(25), "an HTML comment (`TODO: add a paragraph");
    let cite = left(report, "_pages/about.md", None, "{% cite okafor2021roots %}");
    assert!(cite.line.is_some() && cite.why.contains("kept as visible code"), "{cite}");
    left(report, "_pages/about.md", None, "kramdown attribute list");
    let sample = left(report, "_news/announcement_4.md", None, "a news item");
    assert!(sample.why.contains("sample"), "{sample}");
    let projects = left(report, "_pages/projects.md", None, "the page `projects`");
    assert!(projects.why.contains("template code"), "{projects}");
    left(report, "_posts", None, "1 blog posts");
    left(report, "assets", None, "assets/{css}/");
    assert!(report.left.iter().all(|l| !l.file.to_string_lossy().contains("_blog")), "{:?}", report.left);
    assert!(
        report.carried.iter().any(|c| c.starts_with("_pages/publications.md: a list of publications")),
        "{:?}",
        report.carried
    );

    check_passes(root);
}

/// Lines of a page's text are counted in the old file even after a comment of several lines
/// was taken out before them.
#[test]
fn alfolio_lines_after_a_multiline_comment_are_the_old_files() {
    let m = migrate_fixture("alfolio");
    // _pages/about.md: the comment spans lines 25-26; the attribute list is on line 31, the
    // `{% cite %}` on line 33.
    left(&m.report, "_pages/about.md", Some(31), "kramdown attribute list");
    left(&m.report, "_pages/about.md", Some(33), "{% cite okafor2021roots %}");
}

// ---------------------------------------------------------------------------------------------
// academicpages

#[test]
fn an_academicpages_site_is_migrated() {
    let m = migrate_fixture("academicpages");
    let (root, report) = (&m.root, &m.report);
    let old = old("academicpages");
    assert_eq!(report.generator, migrate::Generator::AcademicPages);
    assert!(matches!(report.build, Ok(pages) if pages > 10), "{:?}", report.build);

    let site = site_toml(root);
    assert_eq!(s(&site, "title"), "Jane Doe, coastal hydrology");
    assert_eq!(s(&site, "base_url"), "https://janedoe.github.io/");
    assert_eq!(s(&site, "description"), "Groundwater and tides on sandy coasts");
    let owner = site["owner"].as_table().unwrap();
    assert_eq!(s(owner, "name"), "Jane Doe", "the author's name, not the template's `Your Name`");
    assert_eq!(s(owner, "position"), "Hydrologist studying groundwater on tidal coasts");
    assert_eq!(s(owner, "affiliation"), "Lakeside University");
    assert_eq!(s(owner, "email"), "jane.doe@example.edu");
    assert_eq!(s(owner, "photo"), "images/profile.png");
    same_bytes(&root.join("static/images/profile.png"), &old.join("images/profile.png"));
    let bio = s(owner, "bio");
    assert!(bio.starts_with("I am a hydrologist at Lakeside University."), "{bio}");
    assert!(bio.contains("My [CV](files/cv.pdf) has the details"), "{bio}");
    assert!(bio.contains("my [talks](talks/) are listed"), "{bio}");
    assert!(
        bio.contains("and a blog post tells how the project started"),
        "the dead link's text stays: {bio}"
    );
    assert!(!bio.contains("posts/2012"), "{bio}");
    let owner_links = owner["links"].as_table().unwrap();
    assert_eq!(sorted_keys(owner_links), ["github", "linkedin", "orcid", "scholar", "x"]);
    assert_eq!(s(owner_links, "scholar"), "https://scholar.google.com/citations?user=JdOe1234AAAJ");
    assert_eq!(s(owner_links, "orcid"), "https://orcid.org/0000-0002-7182-8182");
    assert_eq!(s(owner_links, "github"), "janedoe");
    assert_eq!(s(owner_links, "linkedin"), "jane-doe-hydro");
    assert_eq!(s(owner_links, "x"), "janedoe_tides");
    assert_eq!(report.news, 0);
    assert!(site.get("news").is_none());

    // Papers: four of five (the template's sample left out).
    assert_eq!(report.paper_count(), 4);
    assert_eq!(
        files_in(root, "content/papers"),
        [
            "salinity-fronts-in-small-estuaries.md",
            "sediment-budgets-of-a-drowning-delta.md",
            "soil-moisture-memory-in-coastal-wetlands.md",
            "tidal-pumping-of-groundwater-nitrate.md",
        ]
    );
    // (a) Authors from the APA citation; the paper's own file in files/ stays a local link.
    let (p, body) = paper(root, "soil-moisture-memory-in-coastal-wetlands");
    assert_eq!(strings(&p, "authors"), ["Jane Doe"]);
    assert_eq!(date(&p), "2021-03-01");
    assert_eq!((s(&p, "venue"), s(&p, "kind")), ("Journal of Coastal Hydrology", "article"));
    assert_eq!(s(links(&p), "pdf"), "files/paper1.pdf");
    same_bytes(&root.join("static/files/paper1.pdf"), &old.join("files/paper1.pdf"));
    assert!(body.contains("forty wetland sites"), "{body}");
    assert!(!body.contains("Download paper here") && !body.contains("Recommended citation"), "{body}");
    // (b) A plain string of authors, an arXiv abstract page as the paper, slides in files/; the
    // file has Windows line endings.
    let (p, body) = paper(root, "tidal-pumping-of-groundwater-nitrate");
    assert_eq!(strings(&p, "authors"), ["Jane Doe", "Bob Roe"]);
    assert_eq!((date(&p), s(&p, "kind")), ("2022-06-10".to_owned(), "inproceedings"));
    assert_eq!(s(&p, "venue"), "Proceedings of the Coastal Zone Conference");
    assert_eq!(s(links(&p), "arxiv"), "2206.01234");
    assert_eq!(s(links(&p), "slides"), "files/slides1.pdf");
    assert!(root.join("static/files/slides1.pdf").is_file());
    assert_eq!(body.trim(), "Tides push nitrate-rich groundwater into the bay twice a day.");
    assert!(!read(root.join("content/papers/tidal-pumping-of-groundwater-nitrate.md")).contains('\r'));
    // (c) No date: the year; the journal and pages.
    let (p, _) = paper(root, "salinity-fronts-in-small-estuaries");
    assert_eq!(date(&p), "2019");
    assert_eq!(s(&p, "venue"), "Estuarine Letters");
    assert_eq!(s(&p, "pages"), "4-17");
    assert_eq!(strings(&p, "authors"), ["Jane Doe", "Ann Lee"]);
    assert!(p.get("status").is_none(), "a year is a date");
    // (d) The .bib of bibtexurl fills in authors, volume, pages and DOI.
    let (p, _) = paper(root, "sediment-budgets-of-a-drowning-delta");
    assert_eq!(strings(&p, "authors"), ["Jane Doe", "Bob Roe", "Ann Lee"]);
    assert_eq!(date(&p), "2023-01-15");
    assert_eq!(s(&p, "volume"), "7");
    assert!(s(&p, "pages").starts_with("201") && s(&p, "pages").ends_with("219"), "{p:?}");
    assert_eq!(s(links(&p), "doi"), "10.5555/esl.2023.7.201");
    let all_papers: String =
        files_in(root, "content/papers").iter().map(|f| read(root.join("content/papers").join(f))).collect();
    assert!(!all_papers.contains("Paper Title Number"), "{all_papers}");

    // Pages: talks and teaching made from their collections, the CV page; theme pages not.
    let mut pages = report.pages.clone();
    pages.sort();
    assert_eq!(pages, ["cv", "talks", "teaching"]);
    assert_eq!(files_in(root, "content/pages"), ["cv.md", "talks.md", "teaching.md"]);
    let (front, talks) = page(root, "talks");
    assert_eq!(s(&front, "title"), "Talks");
    let lisbon = talks.find("## Salt and sediment in small deltas").expect(&talks);
    let ghent = talks.find("## Groundwater under the tides").expect(&talks);
    assert!(lisbon < ghent, "newest first:\n{talks}");
    assert!(
        talks.contains("Invited talk, Lisbon Earth Sciences Seminar, Lisbon, Portugal, 12 September 2023"),
        "{talks}"
    );
    assert!(talks.contains("Talk, Coastal Hydrology Workshop, Ghent, Belgium, 1 March 2022"), "{talks}");
    assert!(talks.contains("An overview of three years of tidal pumping measurements."), "{talks}");
    let (front, teaching) = page(root, "teaching");
    assert_eq!(s(&front, "title"), "Teaching");
    assert!(teaching.contains("## Introduction to Hydrology"), "{teaching}");
    assert!(teaching.contains("stream gauging, well tests"), "{teaching}");
    let (front, cv) = page(root, "cv");
    assert_eq!(s(&front, "title"), "CV");
    assert!(cv.contains("* Ph.D. in Hydrology, Example University, 2018"), "{cv}");
    assert!(cv.contains("Numerical groundwater models"), "{cv}");

    // Files at the same paths.
    assert_eq!(report.files, 5);
    same_bytes(&root.join("static/files/cv.pdf"), &old.join("files/cv.pdf"));

    // What was left.
    left(report, "_config.yml", Some(20), "the location (Lakeside, Earth)");
    let rg = left(report, "_config.yml", Some(30), "researchgate link");
    assert!(rg.what.contains("https://www.researchgate.net/profile/Jane-Doe-7"), "{rg}");
    let sample =
        left(report, "_publications/2009-10-01-paper-title-number-1.md", None, "`Paper Title Number 1`");
    assert!(sample.why.contains("sample"), "{sample}");
    left(report, "_pages/year-archive.html", None, "the page `year-archive`");
    left(report, "(the bio)", None, "the link to `posts/2012/08/blog-post-1/`");

    check_passes(root);
}

/// academicpages pages start with `{% include base_path %}`, which only sets a variable: it
/// has nothing to show and must not stay on the page as code.
#[test]
fn academicpages_base_path_include_is_not_shown_as_code() {
    let m = migrate_fixture("academicpages");
    let (_, cv) = page(&m.root, "cv");
    assert!(!cv.contains("base_path"), "{cv}");
}

/// The academicpages template links its own files as http://<site>/files/... while `url` is
/// https://<site>: such a link is to the old site's own file all the same.
#[test]
fn academicpages_own_files_linked_over_http_stay_local() {
    let (_dir, copy) = copy_fixture("migrate/academicpages");
    let file = copy.join("_publications/2021-03-01-soil-moisture-memory.md");
    let text = read(&file).replace("paperurl: 'https://janedoe", "paperurl: 'http://janedoe");
    fs::write(&file, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let root = out.path().join("new");
    migrate::migrate(&copy, &root, &MigrateOptions::default()).unwrap();
    let (p, _) = paper(&root, "soil-moisture-memory-in-coastal-wetlands");
    assert_eq!(s(links(&p), "pdf"), "files/paper1.pdf");
}

// ---------------------------------------------------------------------------------------------
// Hugo Blox

#[test]
fn a_hugo_blox_site_is_migrated() {
    let m = migrate_fixture("hugoblox");
    let (root, report) = (&m.root, &m.report);
    let old = old("hugoblox");
    assert_eq!(report.generator, migrate::Generator::HugoBlox);
    assert!(matches!(report.build, Ok(pages) if pages > 10), "{:?}", report.build);

    let site = site_toml(root);
    assert_eq!(s(&site, "title"), "Ravi Menon");
    assert_eq!(s(&site, "base_url"), "https://ravimenon.example.org/");
    assert_eq!(s(&site, "description"), "Ravi Menon builds cheap sensors that watch rivers.");
    let owner = site["owner"].as_table().unwrap();
    assert_eq!(s(owner, "name"), "Ravi Menon");
    assert_eq!(s(owner, "position"), "Associate Professor of Environmental Engineering");
    assert_eq!(s(owner, "affiliation"), "Riverbend Institute of Technology");
    assert_eq!(s(owner, "affiliation_url"), "https://example.edu/rit");
    assert_eq!(s(owner, "email"), "ravi.menon@example.edu", "from the mailto: link");
    assert_eq!(s(owner, "photo"), "images/avatar.jpg");
    same_bytes(&root.join("static/images/avatar.jpg"), &old.join("content/authors/admin/avatar.jpg"));
    let bio = s(owner, "bio");
    for part in [
        "Ravi Menon is an associate professor of environmental engineering",
        "He leads the [river sensing network](https://example.org/rivernet)",
        "His [CV](uploads/cv.pdf) lists his projects.",
        "**Interests:** Environmental sensing, Hydroinformatics",
        "- PhD in Civil Engineering, Example University, 2014",
        "- BTech in Electronics, Another Institute, 2008",
    ] {
        assert!(bio.contains(part), "the bio lacks `{part}`:\n{bio}");
    }
    let owner_links = owner["links"].as_table().unwrap();
    assert_eq!(sorted_keys(owner_links), ["github", "scholar", "x"]);
    assert_eq!(s(owner_links, "scholar"), "https://scholar.google.com/citations?user=RvMn0AAAAAJ");
    assert_eq!(s(owner_links, "github"), "https://github.com/ravimenon");
    assert_eq!(s(owner_links, "x"), "https://x.com/ravi_rivers");
    let topics = site["topics"].as_table().unwrap();
    assert_eq!(sorted_keys(topics), ["environmental-sensing", "iot", "machine-learning"]);
    assert_eq!(topics["machine-learning"]["name"].as_str(), Some("Machine Learning"));
    assert_eq!(topics["environmental-sensing"]["name"].as_str(), Some("Environmental Sensing"));
    assert_eq!(topics["iot"]["name"].as_str(), Some("IoT"));

    // Papers: three of six files (no draft, no sample, no section _index.md).
    assert_eq!(report.paper_count(), 3);
    assert_eq!(
        files_in(root, "content/papers"),
        [
            "a-river-network-of-low-power-sensors.md",
            "flood-forecasting-from-sparse-gauges.md",
            "low-cost-turbidity-sensing-with-scattered-light.md",
        ]
    );
    // (a) Wowchemy 5: admin named, equal contribution marked, cite.bib's details, the bundle's
    // PDF and featured image copied.
    let (p, body) = paper(root, "low-cost-turbidity-sensing-with-scattered-light");
    assert_eq!(s(&p, "title"), "Low-cost turbidity sensing with scattered light");
    assert_eq!(strings(&p, "authors"), ["Ravi Menon*", "Robert Doe*"]);
    assert_eq!(date(&p), "2021-06-01");
    assert_eq!(s(&p, "venue"), "Proceedings of the River Sensing Workshop");
    assert_eq!(s(&p, "abbr"), "RSW 2021");
    assert_eq!(s(&p, "kind"), "inproceedings");
    assert_eq!(p["featured"].as_bool(), Some(true));
    assert_eq!(strings(&p, "topics"), ["machine-learning", "environmental-sensing"]);
    assert_eq!((s(&p, "volume"), s(&p, "publisher")), ("3", "Example Press"));
    let l = links(&p);
    assert_eq!(s(l, "pdf"), "files/publications/low-cost-turbidity/paper.pdf");
    same_bytes(
        &root.join("static").join(s(l, "pdf")),
        &old.join("content/publication/low-cost-turbidity/paper.pdf"),
    );
    assert_eq!(s(l, "doi"), "10.5555/rsw.2021.12");
    assert_eq!(s(l, "code"), "https://github.com/ravimenon/turbid");
    assert_eq!(s(l, "slides"), "https://example.org/slides/turbid");
    assert_eq!(s(l, "supp"), "https://example.org/data/turbid");
    assert_eq!(s(l, "video"), "https://example.org/video/turbid");
    assert_eq!(s(&p, "preview"), "images/publications/low-cost-turbidity.png");
    same_bytes(
        &root.join("static").join(s(&p, "preview")),
        &old.join("content/publication/low-cost-turbidity/featured.png"),
    );
    assert!(body.starts_with("We build a turbidity sensor from a LED"), "{body}");
    assert!(body.contains("The sensor was tested in three rivers over one monsoon season."), "{body}");
    assert!(!body.contains("Cite") && !body.contains("callout"), "the theme's boilerplate goes: {body}");
    // (b) Hugo Blox: `me`, a CSL type, links by name.
    let (p, body) = paper(root, "a-river-network-of-low-power-sensors");
    assert_eq!(strings(&p, "authors"), ["Asha Kulkarni", "Ravi Menon"]);
    assert_eq!((s(&p, "kind"), s(&p, "venue")), ("article", "Water Resources Letters"));
    assert_eq!(date(&p), "2023-02-14");
    assert_eq!(s(links(&p), "arxiv"), "2101.00001");
    assert_eq!(s(links(&p), "code"), "https://github.com/ravimenon/rivernet");
    assert!(p.get("featured").is_none());
    assert_eq!(strings(&p, "topics"), ["environmental-sensing", "iot"]);
    assert!(body.contains("Forty stations on two rivers"), "{body}");
    assert!(!read(root.join("content/papers/a-river-network-of-low-power-sensors.md"))
        .contains("example.org/thing"));
    // (c) TOML front matter of hugo-academic.
    let (p, body) = paper(root, "flood-forecasting-from-sparse-gauges");
    assert_eq!(strings(&p, "authors"), ["Ravi Menon", "Leela Iyer"]);
    assert_eq!(date(&p), "2018-04-20");
    assert_eq!((s(&p, "kind"), s(&p, "abbr")), ("article", "J. Hydroinf."));
    assert!(s(&p, "venue").starts_with("Journal of Hydroinformatics"), "{p:?}");
    assert_eq!(s(links(&p), "pdf"), "https://example.org/jhi/flood.pdf");
    assert!(body.contains("A day-ahead flood forecast") && body.contains("read by volunteers"), "{body}");
    let all_papers: String =
        files_in(root, "content/papers").iter().map(|f| read(root.join("content/papers").join(f))).collect();
    assert!(
        !all_papers.contains("Sensors that last ten years") && !all_papers.contains("example conference")
    );

    // No pages, no news; static/ at the same paths.
    assert!(report.pages.is_empty());
    assert!(!root.join("content/pages").exists() || files_in(root, "content/pages").is_empty());
    assert_eq!(report.news, 0);
    assert_eq!(report.files, 4);
    same_bytes(&root.join("static/uploads/cv.pdf"), &old.join("static/uploads/cv.pdf"));

    // What was left.
    let draft = left(report, "content/publication/unfinished-draft/index.md", Some(8), "a draft publication");
    assert!(draft.why.contains("drafts are not carried over"), "{draft}");
    left(report, "content/publication/conference-paper/index.md", None, "`An example conference paper`");
    let custom = left(
        report,
        "content/publication/river-sensor-network/index.md",
        Some(15),
        "the link `Custom Thing` (https://example.org/thing)",
    );
    assert!(custom.why.contains("no custom links"), "{custom}");
    let lattes = left(report, "content/authors/admin/_index.md", None, "the lattes link");
    assert!(lattes.line.is_some_and(|l| (35..=50).contains(&l)), "in the social block: {lattes}");
    left(report, "content/publication/low-cost-turbidity/index.md", Some(62), "{{% callout note %}}");
    left(report, "content/post", None, "1 posts");

    check_passes(root);
}

/// hugo-academic (before Wowchemy 4) marked a paper of the home page's selection with
/// `selected = true`, which Wowchemy later called `featured`.
#[test]
fn hugo_academic_selected_is_featured() {
    let m = migrate_fixture("hugoblox");
    let (p, _) = paper(&m.root, "flood-forecasting-from-sparse-gauges");
    assert_eq!(p.get("featured").and_then(toml::Value::as_bool), Some(true), "{p:?}");
}

// ---------------------------------------------------------------------------------------------
// The command line

/// `pubsite migrate OLD NEW`: exit 0 and a summary of what was carried over and what was not.
#[test]
fn the_command_prints_its_summary() {
    let cases = [
        (
            "alfolio",
            "Migrated the al-folio site",
            "  = 4 papers, 3 news items, 2 pages (news-announcement-3, teaching), 5 files in static/",
            "_data/socials.yml:9: the Codeberg link (https://codeberg.org/x)",
        ),
        (
            "academicpages",
            "Migrated the academicpages site",
            "  = 4 papers, 0 news items, 3 pages (talks, teaching, cv), 5 files in static/",
            "_config.yml:30: the researchgate link",
        ),
        (
            "hugoblox",
            "Migrated the Hugo Blox (Wowchemy) site",
            "  = 3 papers, 0 news items, 0 pages (), 4 files in static/",
            "content/publication/unfinished-draft/index.md:8: a draft publication",
        ),
    ];
    for (name, head, counts, a_left_line) in cases {
        let before = snapshot_dir(&old(name));
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("site");
        let output = pubsite().arg("migrate").arg(old(name)).arg(&new).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{name}:\n{stdout}\n{stderr}");
        assert!(stdout.starts_with(head), "{name}:\n{stdout}");
        assert!(stdout.lines().any(|l| l == counts), "{name}: no line `{counts}`:\n{stdout}");
        assert!(stdout.contains("Not carried over ("), "{name}:\n{stdout}");
        assert!(stdout.lines().any(|l| l.trim_start().starts_with(a_left_line)), "{name}:\n{stdout}");
        assert!(stdout.contains("The new site builds: "), "{name}:\n{stdout}");
        assert!(stdout.contains(&format!("pubsite check --root {}", new.display())), "{name}:\n{stdout}");
        assert!(new.join("site.toml").is_file() && new.join(".github/workflows/pages.yml").is_file());
        assert!(snapshot_dir(&old(name)) == before, "{name}: the old site was changed");
    }
}

#[test]
fn a_dry_run_writes_nothing() {
    for name in ["alfolio", "academicpages", "hugoblox"] {
        let (_dir, copy) = copy_fixture(&format!("migrate/{name}"));
        let before = snapshot_dir(copy.parent().unwrap());
        let out = tempfile::tempdir().unwrap();
        let new = out.path().join("site");
        let output = pubsite().arg("migrate").arg(&copy).arg(&new).arg("--dry-run").output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{name}: {stdout}");
        assert!(stdout.starts_with("Dry run: nothing was written."), "{name}: {stdout}");
        assert!(stdout.contains("The new site builds: "), "{name}: {stdout}");
        assert!(!new.exists(), "{name}: the dry run made {}", new.display());
        assert!(
            fs::read_dir(out.path()).unwrap().next().is_none(),
            "{name}: the dry run wrote beside the target"
        );
        // Without a target, the default one beside the old site is not made either.
        let output = pubsite().arg("migrate").arg(&copy).arg("--dry-run").output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{name}: {stdout}");
        assert!(stdout.contains(&format!("{name}-pubsite")), "{name}: names the default target: {stdout}");
        assert!(
            snapshot_dir(copy.parent().unwrap()) == before,
            "{name}: the dry run wrote beside the old site"
        );
    }
    // The library's dry run reports what the real migration does.
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("site");
    let dry = migrate::migrate(&old("alfolio"), &new, &MigrateOptions { dry_run: true }).unwrap();
    assert!(!new.exists());
    assert_eq!((dry.paper_count(), dry.news, dry.files), (4, 3, 5));
    assert!(dry.build.is_ok(), "{:?}", dry.build);
}

#[test]
fn a_target_that_is_not_empty_is_refused() {
    let (_dir, copy) = copy_fixture("migrate/academicpages");
    let before = snapshot_dir(&copy);
    let out = tempfile::tempdir().unwrap();
    let new = out.path().join("taken");
    fs::create_dir_all(&new).unwrap();
    fs::write(new.join("notes.txt"), "mine\n").unwrap();
    let output = pubsite().arg("migrate").arg(&copy).arg(&new).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not empty") && stderr.contains("new or empty folder"), "{stderr}");
    assert_eq!(files_in(&new, "."), ["notes.txt"]);
    assert!(snapshot_dir(&copy) == before, "the old site was changed");
    // A file is not a folder either.
    let file = out.path().join("file.txt");
    fs::write(&file, "x").unwrap();
    pubsite().arg("migrate").arg(&copy).arg(&file).assert().code(2);
    assert_eq!(read(&file), "x");
}

#[test]
fn a_target_inside_the_old_site_or_holding_it_is_refused() {
    let (_dir, copy) = copy_fixture("migrate/alfolio");
    let before = snapshot_dir(&copy);
    for target in
        [copy.join("new-site"), copy.join("assets/new"), copy.clone(), copy.parent().unwrap().to_path_buf()]
    {
        let output = pubsite().arg("migrate").arg(&copy).arg(&target).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", target.display());
        assert!(stderr.contains("inside the old site or holding it"), "{}: {stderr}", target.display());
        assert!(stderr.contains("alfolio-pubsite"), "suggests a folder beside it: {stderr}");
        assert!(snapshot_dir(&copy) == before, "{}: the old site was changed", target.display());
    }
    assert!(!copy.join("new-site").exists());
    // The same through a relative path from inside the old site.
    let output = pubsite().current_dir(&copy).args(["migrate", ".", "sub/site"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(snapshot_dir(&copy) == before);
}
