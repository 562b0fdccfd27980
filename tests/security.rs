//! Hostile content is inert: the fixture `tests/fixtures/xss` puts script tags, event handlers,
//! attribute-breaking quotes and `javascript:` links in every field (settings, front matter,
//! abstract, and a BibTeX file that is imported first). The built pages are parsed as HTML and
//! searched for anything from the content that a browser would run.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};
use walkdir::WalkDir;

mod common;
use common::copy_fixture;

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

/// The scripts the theme itself puts on pages: the inline theme switch (by its exact text) and
/// `pubsite.js`; JSON-LD blocks are data and are checked separately.
fn theme_inline_script() -> String {
    let base = fs::read_to_string(common::repo().join("templates/base.html")).unwrap();
    let start = base.find("<script>").unwrap() + "<script>".len();
    let end = base[start..].find("</script>").unwrap() + start;
    base[start..end].to_owned()
}

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: [&str; 8] =
    ["href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"];

/// Elements that must never come from content.
const FORBIDDEN: [&str; 9] =
    ["iframe", "object", "embed", "form", "base", "frame", "frameset", "applet", "style"];

fn is_script_url(value: &str) -> bool {
    let squashed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = squashed.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// Every executable thing in `html` that the theme did not put there, described.
fn executable_content(html: &str, allowed_inline: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for element in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        let name = element.value().name();
        for (attribute, value) in element.value().attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                found.push(format!("<{name} {attribute}=\"{value}\">"));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) && is_script_url(value) {
                found.push(format!("<{name} {attribute}=\"{value}\">"));
            }
        }
        // The theme's own filter form on the home page.
        let theme_form = name == "form" && element.value().attr("class") == Some("filter-form");
        if FORBIDDEN.contains(&name) && !theme_form {
            found.push(format!("<{name}> element"));
        }
        if name == "meta"
            && element.value().attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            found.push("<meta http-equiv=refresh>".into());
        }
        if name == "script" {
            let text: String = element.text().collect();
            match (element.value().attr("type"), element.value().attr("src")) {
                (Some("application/ld+json"), None) => {
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                        found.push(format!("JSON-LD that does not parse ({e}): {text}"));
                    }
                }
                (None, Some(src)) if src.ends_with("pubsite.js") && text.is_empty() => {}
                (None, None) if text == allowed_inline => {}
                _ => found.push(format!("script {:?}: {text}", element.value().attrs().collect::<Vec<_>>())),
            }
        }
    }
    found
}

#[test]
fn hostile_content_in_every_field_builds_and_nothing_from_it_can_run() {
    let (_dir, root) = copy_fixture("xss");
    let import =
        pubsite().arg("import").arg("--root").arg(&root).arg(root.join("payloads.bib")).assert().success();
    let stderr = String::from_utf8_lossy(&import.get_output().stderr).into_owned();
    assert!(
        stderr.contains("`javascript:alert('bib-url')` is not an http(s)") && stderr.contains("left out"),
        "{stderr}"
    );
    pubsite().arg("build").arg("--root").arg(&root).assert().success();
    let out = root.join("public");

    let allowed_inline = theme_inline_script();
    let mut pages = 0;
    for entry in WalkDir::new(&out).into_iter().map(Result::unwrap) {
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                let html = fs::read_to_string(path).unwrap();
                let found = executable_content(&html, &allowed_inline);
                assert!(found.is_empty(), "{}: {found:#?}", path.display());
            }
            Some("xml") => {
                let xml = fs::read_to_string(path).unwrap();
                roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            Some("json") => {
                let json = fs::read_to_string(path).unwrap();
                serde_json::from_str::<serde_json::Value>(&json)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            _ => {}
        }
    }
    assert!(pages >= 10, "only {pages} pages");

    // The payloads are shown as text, not silently lost.
    let paper = Html::parse_document(&fs::read_to_string(out.join("papers/payloads/index.html")).unwrap());
    let h1: String = paper.select(&Selector::parse("h1").unwrap()).next().unwrap().text().collect();
    assert!(h1.contains("<script>alert('title')</script>"), "{h1}");
    let abstract_text: String =
        paper.select(&Selector::parse(".abstract-text").unwrap()).next().unwrap().text().collect();
    assert!(abstract_text.contains("<script>alert('abstract')</script>"), "{abstract_text}");
    assert!(abstract_text.contains("markdown link"), "{abstract_text}");
    let imported = WalkDir::new(out.join("papers"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.path().to_string_lossy().contains("imported-"))
        .expect("the imported paper has a page");
    let imported = fs::read_to_string(imported.path().join("index.html")).unwrap();
    assert!(Html::parse_document(&imported).root_element().text().any(|t| t.contains("alert('bib-venue')")));
}

#[test]
fn the_checker_itself_finds_injected_markup() {
    // A page with a handler, a javascript: link, a foreign script and a frame: all four found.
    let allowed = theme_inline_script();
    let html = format!(
        "<!doctype html><html><head><script>{allowed}</script><script>alert(1)</script></head>\
         <body><a href=' JaVaScRiPt:x'>a</a><img src=x onerror=alert(1)><iframe></iframe></body></html>"
    );
    let found = executable_content(&html, &allowed);
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn an_unsafe_front_matter_link_is_an_error_with_its_line() {
    let (_dir, root) = copy_fixture("minimal");
    let paper = root.join("content/papers/engine-notes.md");
    let text = fs::read_to_string(&paper).unwrap().replace("\"files/notes.pdf\"", "\"javascript:alert(1)\"");
    fs::write(&paper, text).unwrap();
    let output = pubsite().arg("build").arg("--root").arg(&root).assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/papers/engine-notes.md:11:"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    assert!(!Path::new(&root.join("public")).exists());
}
