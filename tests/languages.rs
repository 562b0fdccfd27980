//! Each built-in language: the home, a paper, a topic and the 404 page of the showcase fixture
//! built in it hold none of the English words of the theme (the values of locales/en.toml),
//! but for the international terms listed per language below.

use std::path::Path;

use assert_cmd::Command;

/// English values a translation keeps on purpose (see each locale's review in docs/guide.md).
fn kept(language: &str) -> &'static [&'static str] {
    match language {
        "de" => &["et al.", "(at)"],
        "fr" => &["et al.", "citations", "Volume", "vol", "page"],
        "es" => &["et al.", "vol"],
        "it" => &["et al.", "Volume", "Poster", "vol"],
        "pt" => &["et al.", "Volume", "p."],
        "zh" | "ko" | "ar" | "he" => &["(at)"],
        _ => &[],
    }
}

/// The English texts of the theme: each value, cut at its `{placeholders}` and `[brackets]`,
/// the pieces with a word of three letters or more.
fn english_phrases() -> Vec<String> {
    let table: toml::Table = toml::from_str(&std::fs::read_to_string("locales/en.toml").unwrap()).unwrap();
    let mut texts = Vec::new();
    for (key, value) in &table {
        if key.starts_with("months") || key.starts_with("date_") || key == "thousands_separator" {
            continue;
        }
        match value {
            toml::Value::String(s) => texts.push(s.clone()),
            toml::Value::Table(forms) => {
                texts.extend(forms.values().filter_map(|v| v.as_str().map(str::to_owned)))
            }
            _ => {}
        }
    }
    let mut phrases: Vec<String> = texts
        .iter()
        .flat_map(|t| {
            t.split(['{', '}', '[', ']'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0 || !t.contains('{'))
                .map(|(_, p)| p.trim().trim_end_matches([':', '.', ',']).trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|p| p.split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() >= 3))
        .filter(|p| !matches!(p.as_str(), "PDF" | "BibTeX" | "pubsite"))
        .collect();
    phrases.sort();
    phrases.dedup();
    phrases
}

/// What a reader sees or hears of a page: its text and its title, alt, label and placeholder
/// attributes (not scripts, styles or the head's metadata).
fn seen(html: &str) -> String {
    // The references and the BibTeX follow their styles' own (English) rules.
    let mut html = html.to_owned();
    for (open, close) in [("<pre", "</pre>"), ("<p class=\"reference-text\">", "</p>")] {
        while let Some(start) = html.find(open) {
            let end = html[start..].find(close).map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, "");
        }
    }
    let document = scraper::Html::parse_document(&html);
    let mut out = String::new();
    let title = scraper::Selector::parse("title").unwrap();
    for t in document.select(&title) {
        out.push_str(&t.text().collect::<String>());
        out.push('\n');
    }
    let body = scraper::Selector::parse("body, body *").unwrap();
    for element in document.select(&body) {
        if matches!(element.value().name(), "script" | "style") {
            continue;
        }
        for attribute in ["title", "alt", "aria-label", "placeholder"] {
            if let Some(value) = element.value().attr(attribute) {
                out.push_str(value);
                out.push('\n');
            }
        }
        for child in element.children() {
            if let Some(text) = child.value().as_text() {
                out.push_str(text);
                out.push('\n');
            }
        }
    }
    out
}

fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn build(language: &str, dir: &Path) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_dir(Path::new("tests/fixtures/showcase"), &site);
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    std::fs::write(
        site.join("site.toml"),
        config.replace("language = \"he\"", &format!("language = \"{language}\"")),
    )
    .unwrap();
    let out = dir.join("out");
    Command::cargo_bin("pubsite")
        .unwrap()
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if !entry.path().components().any(|c| c.as_os_str() == ".pubsite-cache") {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn no_page_of_a_translated_site_shows_an_english_word_of_the_theme() {
    let phrases = english_phrases();
    assert!(phrases.len() > 100, "the English strings were read: {}", phrases.len());
    let languages = ["de", "fr", "es", "it", "pt", "zh", "ja", "ko", "ru", "ar", "he"];
    let mut found = Vec::new();
    for language in languages {
        let dir = tempfile::tempdir().unwrap();
        let out = build(language, dir.path());
        for page in ["index.html", "papers/sparse-attention/index.html", "topics/lg/index.html", "404.html"] {
            let html = std::fs::read_to_string(out.join(page)).unwrap();
            assert!(html.contains(&format!("lang=\"{language}\"")));
            let text = seen(&html);
            for phrase in &phrases {
                if contains_phrase(&text, phrase) && !kept(language).contains(&phrase.as_str()) {
                    found.push(format!("{language} {page}: `{phrase}`"));
                }
            }
        }
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(home.contains("dir=\"rtl\""), matches!(language, "ar" | "he"), "{language}");
    }
    assert!(found.is_empty(), "English words of the theme in translated pages:\n{}", found.join("\n"));
}

#[test]
fn english_pages_do_show_the_phrases_the_test_looks_for() {
    // The check above could pass by reading nothing: in English the same pages show them.
    let dir = tempfile::tempdir().unwrap();
    let out = build("en", dir.path());
    let html = std::fs::read_to_string(out.join("papers/sparse-attention/index.html")).unwrap();
    let text = seen(&html);
    for phrase in ["Abstract", "Cite", "Details", "Equal contribution", "Skip to content"] {
        assert!(contains_phrase(&text, phrase), "{phrase}");
    }
}
