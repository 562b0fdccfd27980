//! `pubsite import` of bibliographies in the shapes researchers' files have
//! (`tests/fixtures/import/realworld.bib`: al-folio, Hugo Blox, DBLP, ADS, Google Scholar, Zotero,
//! a LaTeX CV): every field of every entry is carried into a paper or reported, the imported site
//! builds and passes `check`, dates say no more than was written, and a second import updates
//! the papers it made while keeping what the user added.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

/// Runs pubsite with `args` and `--root root`: (exit status, stdout, stderr).
fn run(args: &[&str], root: &Path) -> (i32, String, String) {
    let output = pubsite().args(args).arg("--root").arg(root).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn new_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    pubsite().arg("init").arg(&site).assert().success();
    // The example paper `init` writes is not part of what is measured.
    for entry in fs::read_dir(site.join("content/papers")).unwrap() {
        fs::remove_file(entry.unwrap().path()).unwrap();
    }
    site
}

/// Each paper file's front matter (as TOML) and body, by citation key.
fn papers(site: &Path) -> BTreeMap<String, (toml::Table, String)> {
    papers_by_key(site).into_iter().map(|(k, mut v)| (k, v.remove(0))).collect()
}

/// The same, with every paper of a key that more than one paper has.
fn papers_by_key(site: &Path) -> BTreeMap<String, Vec<(toml::Table, String)>> {
    let mut out: BTreeMap<String, Vec<(toml::Table, String)>> = BTreeMap::new();
    for entry in fs::read_dir(site.join("content/papers")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let rest = text.strip_prefix("+++\n").unwrap();
        let (front, body) = rest.split_once("\n+++\n").unwrap();
        let table: toml::Table = front.parse().unwrap();
        let key = table.get("key").and_then(|k| k.as_str()).unwrap_or_default().to_owned();
        out.entry(key).or_default().push((table, body.trim().to_owned()));
    }
    out
}

/// The fields of each entry of a .bib text, by key, read with a scanner of its own: the names
/// before `=` at the start of a line inside an `@type{...}` entry.
fn entry_fields(bib: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in bib.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('@') {
            let kind: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if ["string", "comment", "preamble"].contains(&kind.to_lowercase().as_str()) {
                continue;
            }
            let key =
                rest[kind.len()..].trim_start_matches(['{', '(', ' ']).split(',').next().unwrap().trim();
            out.push((key.to_owned(), BTreeSet::new()));
        } else if let Some((name, _)) = trimmed.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                if let Some((_, fields)) = out.last_mut() {
                    fields.insert(name.to_lowercase());
                }
            }
        }
    }
    out
}

/// Where a paper keeps what a .bib field says (any of these keys), or `None` for fields pubsite
/// has no place for (they must be reported).
fn kept_in(field: &str) -> Option<&'static [&'static str]> {
    Some(match field {
        "title" | "subtitle" => &["title"],
        "author" => &["authors"],
        "editor" => &["editors", "authors"],
        "year" => &["date", "status"],
        "month" | "day" | "date" => &["date"],
        "journal" | "journaltitle" | "booktitle" | "school" | "institution" => &["venue"],
        "howpublished" => &["venue", "url", "links.pdf", "links.doi", "links.arxiv"],
        "volume" => &["volume"],
        "number" | "issue" => &["issue"],
        "pages" | "eid" => &["pages"],
        "publisher" => &["publisher"],
        "address" | "location" => &["address"],
        "edition" => &["edition"],
        "isbn" => &["isbn"],
        "issn" => &["issn"],
        "note" | "annotation" | "additional_info" => &["note"],
        "url" | "ee" | "html" | "adsurl" => &["url", "links.pdf", "links.doi", "links.arxiv"],
        "doi" => &["links.doi", "url"],
        "eprint" | "arxiv" | "archiveprefix" | "eprinttype" => &["links.arxiv"],
        "pdf" => &["links.pdf", "links.arxiv"],
        "code" => &["links.code"],
        "website" | "project" => &["links.project"],
        "slides" => &["links.slides"],
        "video" => &["links.video"],
        "poster" => &["links.poster"],
        "supp" => &["links.supp"],
        "blog" => &["links.blog"],
        "selected" => &["featured"],
        "abbr" | "shortjournal" => &["abbr"],
        "award" => &["award"],
        "preview" => &["preview"],
        "abstract" => &["abstract"],
        "type" => &["kind"],
        "crossref" => &["venue"],
        "pubstate" => &["status"],
        _ => return None,
    })
}

fn has(paper: &(toml::Table, String), key: &str) -> bool {
    let (front, body) = paper;
    match key.split_once('.') {
        Some((table, name)) => front.get(table).and_then(|t| t.get(name)).is_some(),
        None if key == "abstract" => !body.is_empty(),
        None => front.contains_key(key),
    }
}

#[test]
fn every_field_of_a_real_world_bib_is_kept_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let bib_path = fixture("realworld.bib");
    let bib = fs::read_to_string(&bib_path).unwrap();
    // Some of the local files the entries name are at hand (al-folio's assets), some are not.
    // (laid out as in an al-folio site, which `--files` searches below)
    let assets = dir.path().join("assets");
    for name in [
        "pdf/tensor-sketches.pdf",
        "pdf/tensor-sketches-poster.pdf",
        "img/publication_preview/tensor-sketches.png",
        "pdf/okonkwo2023-supplement.pdf",
    ] {
        fs::create_dir_all(assets.join(name).parent().unwrap()).unwrap();
        fs::write(assets.join(name), file_bytes(name)).unwrap();
    }
    let (code, out, err) =
        run(&["import", bib_path.to_str().unwrap(), "--files", assets.to_str().unwrap()], &site);
    assert_eq!(code, 1, "two entries are invalid on purpose:\n{out}\n{err}");
    assert!(out.contains(" merged, 1 skipped, 2 invalid"), "{out}");
    // A key two entries use is reported, and both papers are written.
    assert!(err.contains("the citation key `smith2020` is used by 2 entries"), "{err}");
    let papers = papers_by_key(&site);
    assert_eq!(papers["smith2020"].len(), 1, "only the first keeps the key");
    assert!(
        papers[""].iter().any(|(t, _)| t["title"].as_str().is_some()),
        "the second is written without one"
    );

    // Merged entries live on in the paper they were merged into.
    let mut home: BTreeMap<String, String> = papers.keys().map(|k| (k.clone(), k.clone())).collect();
    for line in out.lines().filter_map(|l| l.strip_prefix("Merged ")) {
        let (from, rest) = line.split_once(" into ").unwrap();
        let into = rest.split(' ').next().unwrap();
        home.insert(from.to_owned(), into.to_owned());
    }
    let left_out: BTreeSet<String> = err
        .split("note: fields not imported:")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.strip_prefix("  ").and_then(|l| l.split(" (").next()))
        .map(str::to_owned)
        .collect();

    // field -> (entries with it, papers that kept it, entries reported)
    let mut table: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut silent = Vec::new();
    let invalid = ["notitle2020", "unclosed2024"];
    let entries = entry_fields(&bib);
    assert!(entries.len() >= 60, "{} entries", entries.len());
    for (key, fields) in &entries {
        if invalid.contains(&key.as_str()) || key == "DBLP:conf/icml/2022" {
            continue;
        }
        let found = home.get(key).and_then(|k| papers.get(k));
        let found = found.unwrap_or_else(|| panic!("no paper for entry `{key}`:\n{out}\n{err}"));
        for field in fields {
            let row = table.entry(field.clone()).or_default();
            row.0 += 1;
            let kept =
                kept_in(field).is_some_and(|keys| found.iter().any(|p| keys.iter().any(|k| has(p, k))));
            // A local file that was not found is reported with its entry.
            let local = ["pdf", "slides", "poster", "supp", "preview", "video", "code", "website"]
                .contains(&field.as_str());
            let reported = left_out.contains(field) || (local && err.contains(&format!("(entry {key})")));
            if kept {
                row.1 += 1;
            } else if reported {
                row.2 += 1;
            } else {
                silent.push(format!("{key}.{field}"));
            }
        }
    }
    println!("| field | entries | kept | reported |\n|---|---|---|---|");
    for (field, (entries, kept, reported)) in &table {
        println!("| {field} | {entries} | {kept} | {reported} |");
    }
    assert!(silent.is_empty(), "dropped without a word: {silent:?}\n{err}");
    // The local files not at hand are listed, and no paper links to a file that is not there.
    assert!(err.contains("einsiedler-thesis.pdf (entry einsiedler2019thesis)"), "{err}");
    for name in ["tensor-sketches.pdf", "tensor-sketches-poster.pdf", "okonkwo2023-supplement.pdf"] {
        assert!(site.join("static/files").join(name).is_file(), "{name}");
    }
    assert!(site.join("static/images/tensor-sketches.png").is_file());
    // The al-folio fields of the issue survive.
    for field in [
        "arxiv", "pdf", "code", "html", "website", "video", "slides", "poster", "supp", "selected", "abbr",
        "award", "preview",
    ] {
        assert!(table[field].1 > 0, "{field}: {:?}", table[field]);
    }

    // The imported site builds and passes check with no flags (warnings only).
    pubsite().args(["build", "--root"]).arg(&site).assert().success();
    let (code, out, err) = run(&["check"], &site);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains(" 0 errors, "), "{out}");
    let (code, _, _) = run(&["check", "--strict"], &site);
    assert_eq!(code, 1, "the missing topics and abstracts are warnings that --strict fails on");
}

#[test]
fn the_shapes_of_the_issue_come_through() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let bib = dir.path().join("shapes.bib");
    fs::write(
        &bib,
        r#"@inproceedings{a, title={T}, author={Doe, Jane}, booktitle={NeurIPS}, year={2021},
  arxiv={2101.00001}, code={https://github.com/d/x}, pdf={a.pdf}, selected={true}, abbr={NeurIPS}}
@article{u, title={T2}, author={Doe, Jane}, journal={Genetics}, year={2009},
  url={https://doi.org/10.1534/genetics.108.094904}}
@article{g, title={T3}, author={Doe, Jane}, journal={arXiv preprint arXiv:2309.16292}, year={2023}}
@article{s, author={{Doe}, J.~A.}, title="{X}", journal={\apj}, year=2020}
@article{m, title={Sparse $\ell_1$ recovery}, author={Garc{\'\i}a, Mar{\'i}a and Shang*, Yuzhang},
  journal={J}, year={2020}}
@article(p, title={Parens}, author={Doe, Jane AND Roe, Rick}, year={In review})
@inproceedings{c, title={The Same Paper Twice}, author={Doe, Jane}, booktitle={FOCS}, year={2021}, doi={10.1109/X}}
@article{q, title={The same paper twice}, author={Doe, Jane}, journal={CoRR}, year={2021},
  eprinttype={arXiv}, eprint={2104.00001}}
@misc{h, title={H}, author={Doe, Jane}, howpublished={\url{https://arxiv.org/pdf/2001.01234v2.pdf}}, year={2020}, month={jul}}
"#,
    )
    .unwrap();
    let files = dir.path().join("assets");
    fs::create_dir_all(&files).unwrap();
    fs::write(files.join("a.pdf"), b"%PDF-1.4\n").unwrap();
    let (code, out, err) = run(&["import", bib.to_str().unwrap(), "--files", files.to_str().unwrap()], &site);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("8 imported, 0 updated, 0 unchanged, 1 merged"), "{out}");
    assert!(out.contains("Merged q into c (same title): took its arXiv id"), "{out}");
    let papers = papers(&site);
    let get = |key: &str, field: &str| -> String {
        let (front, _) = &papers[key];
        let value = match field.split_once('.') {
            Some((t, f)) => front.get(t).and_then(|t| t.get(f)),
            None => front.get(field),
        };
        value.map(|v| v.to_string()).unwrap_or_default()
    };
    assert_eq!(get("a", "links.arxiv"), "\"2101.00001\"");
    assert_eq!(get("a", "links.code"), "\"https://github.com/d/x\"");
    assert_eq!(get("a", "links.pdf"), "\"files/a.pdf\"", "copied from --files");
    assert!(site.join("static/files/a.pdf").is_file());
    assert_eq!(get("a", "featured"), "true");
    assert_eq!(get("a", "abbr"), "\"NeurIPS\"");
    assert_eq!(get("a", "date"), "2021", "a year stays a year");
    assert_eq!(get("u", "links.doi"), "\"10.1534/genetics.108.094904\"");
    assert_eq!(get("g", "links.arxiv"), "\"2309.16292\"");
    assert_eq!(get("s", "venue"), "\"Astrophysical Journal\"");
    assert_eq!(papers["m"].0["title"].as_str(), Some("Sparse $\\ell_1$ recovery"));
    assert_eq!(get("m", "authors"), "[\"María García\", \"Yuzhang Shang*\"]");
    assert_eq!(get("p", "authors"), "[\"Jane Doe\", \"Rick Roe\"]");
    assert_eq!(get("p", "status"), "\"in review\"");
    assert_eq!(get("c", "links.doi"), "\"10.1109/X\"");
    assert_eq!(get("c", "links.arxiv"), "\"2104.00001\"");
    assert_eq!(get("h", "links.arxiv"), "\"2001.01234v2\"");
    assert_eq!(get("h", "date"), "\"2020-07\"");
    assert!(
        err.contains("entry `p` has no year: imported without a date, with status = \"in review\""),
        "{err}"
    );
    assert!(!papers["p"].0.contains_key("date"), "no date is made up");

    // The pages: math in the title as MathML, marks as marks (never part of a co-author's
    // name or page), no empty abstract control.
    pubsite().args(["build", "--root"]).arg(&site).assert().success();
    let slug = fs::read_dir(site.join("content/papers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| fs::read_to_string(p).unwrap().contains("key = \"m\""))
        .unwrap();
    let slug = slug.file_stem().unwrap().to_str().unwrap().to_owned();
    let page = fs::read_to_string(site.join("public/papers").join(&slug).join("index.html")).unwrap();
    assert!(page.contains("<h1 class=\"paper-page-title\">Sparse <math"), "{page}");
    assert!(
        page.contains("Yuzhang Shang</a><sup class=\"mark\">")
            || page.contains("Yuzhang Shang<sup class=\"mark\">"),
        "{page}"
    );
    assert!(page.contains("(equal contribution)") && page.contains("* Equal contribution"), "{page}");
    assert!(!page.contains("id=\"abstract\""), "no abstract, no abstract section");
    assert!(!site.join("public/authors/yuzhang-shang-/index.html").exists());
    // A paper not out yet: first on the home page, under "Forthcoming", on no year page, and
    // its references say so instead of inventing a year.
    let home = fs::read_to_string(site.join("public/index.html")).unwrap();
    let forthcoming = home.find("id=\"forthcoming\">Forthcoming").expect("a Forthcoming group");
    assert!(forthcoming < home.find("id=\"y2023\"").unwrap(), "it comes first");
    assert!(home.contains("<span class=\"date-status\">In review</span>"), "{home}");
    let parens = fs::read_to_string(site.join("public/papers/parens/index.html")).unwrap();
    assert!(parens.contains("Doe, J., &amp; Roe, R. (n.d.). <i>Parens</i>."), "{parens}");
    assert!(!parens.contains("citation_publication_date"), "{parens}");
    assert!(parens.contains("Doe, Jane, and Rick Roe. n.d. “Parens.”"), "{parens}");
    let (code, out, err) = run(&["check"], &site);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn dates_say_no_more_than_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let bib = dir.path().join("dates.bib");
    fs::write(
        &bib,
        "@article{y, title={Year Only}, author={Doe, Jane}, journal={J}, year={2019}}\n\
         @inproceedings{m, title={Month Only}, author={Doe, Jane}, booktitle={C}, year={2020}, month={jul}}\n\
         @inproceedings{d, title={To the Day}, author={Doe, Jane}, booktitle={C}, date={2021-03-14}}\n",
    )
    .unwrap();
    let (code, _, err) = run(&["import", bib.to_str().unwrap()], &site);
    assert_eq!(code, 0, "{err}");
    pubsite().args(["build", "--root"]).arg(&site).assert().success();
    let page =
        |slug: &str| fs::read_to_string(site.join("public/papers").join(slug).join("index.html")).unwrap();
    let year = page("year-only");
    let month = page("month-only");
    let day = page("to-the-day");
    // The page's date.
    assert!(year.contains("<time datetime=\"2019\">2019</time>"), "{year}");
    assert!(month.contains("<time datetime=\"2020-07\">Jul 2020</time>"), "{month}");
    assert!(day.contains("<time datetime=\"2021-03-14\">Mar 14, 2021</time>"), "{day}");
    // Google Scholar's tag, Open Graph, JSON-LD.
    assert!(year.contains("name=\"citation_publication_date\" content=\"2019\""), "{year}");
    assert!(month.contains("name=\"citation_publication_date\" content=\"2020/07\""), "{month}");
    assert!(day.contains("name=\"citation_publication_date\" content=\"2021/03/14\""), "{day}");
    assert!(year.contains("\"datePublished\":\"2019\""), "{year}");
    assert!(month.contains("content=\"2020-07\""), "article:published_time: {month}");
    // The references: APA, IEEE and Chicago name no month for a year-only entry.
    for month_name in ["January", "Jan.", "Jan "] {
        assert!(!year.contains(month_name), "{month_name} in a year-only page: {year}");
    }
    assert!(month.contains("(2020, July)") && month.contains("Jul. 2020"), "{month}");
    // BibTeX and CSL-JSON.
    let bib_out = fs::read_to_string(site.join("public/publications.bib")).unwrap();
    let entry =
        |key: &str| bib_out.split("\n@").find(|e| e.contains(&format!("{{{key},"))).unwrap().to_owned();
    let y_key = bib_out.split("\n@").find(|e| e.contains("Year Only")).unwrap();
    assert!(!y_key.contains("month"), "{y_key}");
    let m_entry = bib_out.split("\n@").find(|e| e.contains("Month Only")).unwrap();
    assert!(m_entry.contains("month = jul"), "{m_entry}");
    let _ = entry;
    let csl: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("public/publications.json")).unwrap()).unwrap();
    let issued = |title: &str| {
        csl.as_array().unwrap().iter().find(|i| i["title"] == title).unwrap()["issued"]["date-parts"]
            .to_string()
    };
    assert_eq!(issued("Year Only"), "[[2019]]");
    assert_eq!(issued("Month Only"), "[[2020,7]]");
    assert_eq!(issued("To the Day"), "[[2021,3,14]]");
}

#[test]
fn a_second_import_updates_the_papers_and_keeps_what_the_user_added() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let bib = dir.path().join("mine.bib");
    let first = "@article{doe2020, title={First Title}, author={Doe, Jane}, journal={J}, year={2020}, doi={10.1/abc}}\n";
    fs::write(&bib, first).unwrap();
    assert_eq!(run(&["import", bib.to_str().unwrap()], &site).0, 0);
    let path = site.join("content/papers/first-title.md");
    let written = fs::read_to_string(&path).unwrap();
    // The user adds a topic, a comment and a code link, and writes an abstract.
    let edited = written
        .replacen("authors", "# my note\ntopics = [\"LG\"]\nauthors", 1)
        .replace("[links]\n", "[links]\ncode = \"https://github.com/me/code\"\n")
        + "An abstract I wrote.\n";
    fs::write(&path, &edited).unwrap();
    // The .bib gains a volume and pages, and the published title.
    fs::write(
        &bib,
        first
            .replace("year={2020}", "year={2020}, volume={4}, pages={1--9}")
            .replace("First Title", "Final Title"),
    )
    .unwrap();
    let (code, out, err) = run(&["import", bib.to_str().unwrap()], &site);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 imported, 1 updated"), "{out}");
    let updated = fs::read_to_string(&path).unwrap();
    assert!(updated.contains("title = \"Final Title\""), "{updated}");
    assert!(updated.contains("volume = \"4\"") && updated.contains("pages = \"1--9\""), "{updated}");
    assert!(updated.contains("# my note\ntopics = [\"LG\"]"), "{updated}");
    assert!(updated.contains("code = \"https://github.com/me/code\""), "{updated}");
    assert!(updated.ends_with("An abstract I wrote.\n"), "{updated}");
    // And once more: nothing to change.
    let (_, out, _) = run(&["import", bib.to_str().unwrap()], &site);
    assert!(out.contains("0 imported, 0 updated, 1 unchanged"), "{out}");
}

#[test]
fn a_latin1_file_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let bib = dir.path().join("latin1.bib");
    fs::write(&bib, b"@article{k,\n  title={Caf\xe9 Society},\n  author={M\xfcller, J\xfcrgen},\n  journal={J}, year={2001}}\n")
        .unwrap();
    let (code, out, err) = run(&["import", bib.to_str().unwrap()], &site);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("latin1.bib:2: the file is not UTF-8; it was read as Latin-1"), "{err}");
    let papers = papers(&site);
    assert_eq!(papers["k"].0["title"].as_str(), Some("Café Society"));
    assert_eq!(papers["k"].0["authors"].to_string(), "[\"Jürgen Müller\"]");
}

#[test]
fn the_site_bibtex_imports_back_into_the_same_papers() {
    let dir = tempfile::tempdir().unwrap();
    let first = new_site(&dir.path().join("a"));
    let assets = dir.path().join("assets");
    for name in ["pdf/tensor-sketches.pdf", "img/publication_preview/tensor-sketches.png"] {
        fs::create_dir_all(assets.join(name).parent().unwrap()).unwrap();
        fs::write(assets.join(name), file_bytes(name)).unwrap();
    }
    let bib = fixture("realworld.bib");
    run(&["import", bib.to_str().unwrap(), "--files", assets.to_str().unwrap()], &first);
    pubsite().args(["build", "--root"]).arg(&first).assert().success();

    // A new site, with the first one's files, imports the first one's /publications.bib.
    let second = new_site(&dir.path().join("b"));
    fs::remove_dir_all(second.join("static")).unwrap();
    copy_dir(&first.join("static"), &second.join("static"));
    let exported = first.join("public/publications.bib");
    let (code, out, err) = run(&["import", exported.to_str().unwrap()], &second);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!err.contains("fields not imported"), "every field of the export is taken:\n{err}");

    // Field by field, the same papers. Author marks are not part of BibTeX's names; a paper whose
    // key the first site made up (its entry's key was taken) has that key written in the second.
    let a = papers_by_key(&first);
    let b = papers_by_key(&second);
    let written: BTreeSet<&String> = a.keys().filter(|k| !k.is_empty()).collect();
    let shown = |(table, body): &(toml::Table, String)| {
        let mut table = table.clone();
        if let Some(toml::Value::Array(authors)) = table.get_mut("authors") {
            for a in authors.iter_mut() {
                *a = toml::Value::String(a.as_str().unwrap().trim_end_matches(['*', '†']).to_owned());
            }
        }
        if table.get("key").and_then(|k| k.as_str()).is_none_or(|k| !written.contains(&k.to_owned())) {
            table.remove("key");
        }
        format!("{table}\n{body}")
    };
    let mut left: Vec<String> = a.values().flatten().map(shown).collect();
    let mut right: Vec<String> = b.values().flatten().map(shown).collect();
    left.sort();
    right.sort();
    assert!(left.len() >= 70, "{}", left.len());
    for (l, r) in left.iter().zip(&right) {
        assert_eq!(l, r);
    }
    assert_eq!(left.len(), right.len());
    assert!(err.contains("the citation key `smith2020` is used by 2 entries") || !out.is_empty());
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A stand-in for a file an entry names: a real (tiny, 1 x 1) PNG for a picture, since the
/// build reads previews, else a few bytes.
fn file_bytes(name: &str) -> Vec<u8> {
    if name.ends_with(".png") {
        vec![
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
            0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
            0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
            0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]
    } else {
        b"file".to_vec()
    }
}
