//! An al-folio site (Jekyll): `_config.yml` (name, address, social ids and the owner's name
//! variants of jekyll-scholar), `_data/socials.yml`, `_pages/about.md` (bio, photo, subtitle,
//! contact lines), `_bibliography/papers.bib` (through the importer, with every al-folio field),
//! `assets/pdf/` and `assets/img/` (copied as they are, so `pdf = {x.pdf}` and old links resolve),
//! `_news/` (news items; a news post with its own page becomes a page) and the other `_pages/`.

use std::path::Path;

use crate::commands::migrate::left::Left;
use crate::commands::migrate::markup;
use crate::commands::migrate::plan::{markdown_files, site_page, NewPage, News, Plan};
use crate::commands::migrate::source::{self, Doc};
use crate::commands::migrate::text::{is_sample, page_name, plain};

/// What to do with the collections of a Jekyll site (posts, projects) pubsite has no place for.
pub(super) const COLLECTION_HINT: &str =
    "pubsite has no collection for them; write the ones to keep as pages of content/pages/";

/// The asset folders of the theme (the others hold the owner's files).
const THEME_ASSETS: [&str; 12] = [
    "css",
    "js",
    "fonts",
    "webfonts",
    "libs",
    "sass",
    "scss",
    "json",
    "plotly",
    "jupyter",
    "bibliography",
    "html",
];

pub(super) fn read(old: &Path) -> Plan {
    let mut plan = Plan::default();
    let config = plan.jekyll_config(old);
    settings(&config, &mut plan);
    socials(old, &config, &mut plan);
    files(old, &mut plan);
    about(old, &config, &mut plan);
    news(old, &mut plan);
    pages(old, &mut plan);
    let bib = old.join("_bibliography/papers.bib");
    if bib.is_file() {
        plan.bib = Some(bib);
        plan.carried.push("papers: _bibliography/papers.bib, through `pubsite import`".into());
    } else {
        plan.left.push(Left::at(
            Path::new("_bibliography/papers.bib"),
            None,
            "the papers",
            "the file is missing; no papers were carried over",
        ));
    }
    if let Ok(entries) = std::fs::read_dir(old.join("_bibliography")) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".bib") && name != "papers.bib" {
                plan.left.push(Left::at(
                    &Path::new("_bibliography").join(&name),
                    None,
                    "another .bib file",
                    "al-folio shows papers.bib; import this one with `pubsite import` if it holds your papers",
                ));
            }
        }
    }
    plan.collections(
        old,
        "",
        &[
            ("_posts", "blog posts"),
            ("_projects", "projects"),
            ("_teachings", "courses"),
            ("_books", "books"),
        ],
        COLLECTION_HINT,
    );
    plan
}

fn settings(config: &Doc, plan: &mut Plan) {
    let name: Vec<String> =
        ["first_name", "middle_name", "last_name"].iter().filter_map(|k| config.str(k)).collect();
    if !name.is_empty() {
        plan.owner.name = Some(name.join(" "));
    }
    // `title: blank` is al-folio's word for "the full name".
    plan.title =
        config.str("title").filter(|t| !t.is_empty() && t != "blank").or_else(|| plan.owner.name.clone());
    plan.description = config.str("description").map(|d| plain(&markdown_link_text(&d)));
    plan.jekyll_address(config, "lang");
    // jekyll-scholar's name variants highlight the owner in author lists: aliases here.
    let last = config.list("scholar.last_name");
    let first = config.list("scholar.first_name");
    let full = plan.owner.name.clone().unwrap_or_default();
    for l in &last {
        for f in &first {
            let alias = format!("{f} {l}");
            if alias != full && !plan.owner.aliases.contains(&alias) {
                plan.owner.aliases.push(alias);
            }
        }
    }
    plan.carried.push(
        "settings: name, title, description, url + baseurl, jekyll-scholar name variants (aliases)".into(),
    );
}

/// `[text](url)` as `text`.
fn markdown_link_text(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else { break };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Social ids: `_data/socials.yml` (al-folio since 0.12) or the keys of `_config.yml`.
fn socials(old: &Path, config: &Doc, plan: &mut Plan) {
    let data = Doc::config(old, Path::new("_data/socials.yml")).ok();
    let doc = data.as_ref().unwrap_or(config);
    let mut keys: Vec<(String, String)> = Vec::new();
    if let serde_json::Value::Object(map) = &doc.front {
        for (key, value) in map {
            match value {
                // A custom entry: `codeberg: {title, url}` or `custom_social: {logo, title, url}`.
                serde_json::Value::Object(entry) => {
                    if let Some(url) = entry.get("url").and_then(source::text_of) {
                        let title =
                            entry.get("title").and_then(source::text_of).unwrap_or_else(|| key.clone());
                        plan.link(doc, key, &title, url);
                    }
                }
                // `linkedin_username: name# a comment`: YAML keeps the comment in the value.
                other => {
                    if let Some(text) = source::text_of(other) {
                        let text = text.split('#').next().unwrap_or("").trim().to_owned();
                        if !text.is_empty() {
                            keys.push((key.clone(), text));
                        }
                    }
                }
            }
        }
    }
    let social_keys = [
        "email",
        "scholar_userid",
        "orcid_id",
        "github_username",
        "linkedin_username",
        "x_username",
        "twitter_username",
        "bluesky_url",
        "mastodon_username",
        "semanticscholar_id",
        "dblp_url",
        "research_gate_profile",
        "researchgate_profile",
        "youtube_id",
        "instagram_id",
        "facebook_id",
        "medium_username",
        "quora_username",
        "stackoverflow_id",
        "kaggle_id",
        "zotero_username",
        "wikipedia_id",
        "lastfm_id",
        "spotify_id",
        "discord_id",
        "inspirehep_id",
        "acm_id",
        "ieee_id",
        "publons_id",
        "wechat_qr",
        "whatsapp_number",
        "telegram_username",
        "unsplash_id",
        "strava_userid",
        "keybase_username",
        "gitlab_username",
        "work_url",
        "blogger_url",
        "flickr_id",
        "osf_id",
        "lattes_id",
        "leetcode_id",
        "scopus_id",
        "custom_social",
    ];
    for (key, val) in keys {
        if !social_keys.contains(&key.as_str()) {
            continue;
        }
        let val = val.trim().to_owned();
        match key.as_str() {
            "email" => {
                plan.owner.email = Some(val.trim_start_matches("mailto:").to_owned());
            }
            "scholar_userid" => plan.link(doc, &key, "scholar", val),
            "dblp_url" => plan.link(doc, &key, "dblp", val),
            "semanticscholar_id" => plan.link(doc, &key, "semantic_scholar", val),
            "mastodon_username" => plan.link(doc, &key, "mastodon", mastodon(&val)),
            "work_url" => plan.link(doc, &key, "homepage", val),
            _ => {
                let service = key
                    .trim_end_matches("_username")
                    .trim_end_matches("_userid")
                    .trim_end_matches("_id")
                    .trim_end_matches("_url")
                    .trim_end_matches("_profile");
                plan.link(doc, &key, service, val);
            }
        }
    }
    if !plan.owner.links.is_empty() || plan.owner.email.is_some() {
        let names: Vec<&str> = plan.owner.links.iter().map(|(n, _)| *n).collect();
        plan.carried.push(format!(
            "profile links from {}: {}{}",
            doc.path.display(),
            names.join(", "),
            if plan.owner.email.is_some() { ", e-mail" } else { "" }
        ));
    }
}

/// al-folio writes `mastodon_username: mastodon.social/@user`; pubsite wants `@user@host` or a URL.
fn mastodon(value: &str) -> String {
    match value.trim_start_matches("https://").split_once("/@") {
        Some((host, user)) => format!("@{user}@{host}"),
        None => value.to_owned(),
    }
}

fn files(old: &Path, plan: &mut Plan) {
    let Ok(entries) = std::fs::read_dir(old.join("assets")) else { return };
    let mut folders: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    folders.sort();
    let mut copied = Vec::new();
    let mut theme = Vec::new();
    for folder in folders {
        if THEME_ASSETS.contains(&folder.as_str()) {
            theme.push(folder);
            continue;
        }
        let n = plan.copy_tree(old, &format!("assets/{folder}"), &format!("static/assets/{folder}"));
        if n > 0 {
            copied.push(format!("assets/{folder}/ ({n})"));
        }
    }
    if !copied.is_empty() {
        plan.carried.push(format!("files, to static/ at the same paths: {}", copied.join(", ")));
    }
    if !theme.is_empty() {
        plan.left.push(Left::at(
            Path::new("assets"),
            None,
            format!("assets/{{{}}}/", theme.join(",")),
            "the old theme's styles, scripts, fonts and data; pubsite has its own theme (copy by hand into static/ what you still link to)",
        ));
    }
}

fn about(old: &Path, config: &Doc, plan: &mut Plan) {
    let rel = Path::new("_pages/about.md");
    let doc = match Doc::markdown(old, rel) {
        Ok(doc) => doc,
        Err(left) => {
            plan.left.push(left);
            return;
        }
    };
    if let Some(subtitle) = doc.str("subtitle") {
        let text = plain(&subtitle);
        if !text.is_empty() {
            plan.owner.position = Some(text);
        }
    }
    if let Some(image) = doc.str("profile.image") {
        let path = format!("assets/img/{}", image.trim_start_matches('/').trim_start_matches("assets/img/"));
        if old.join(&path).is_file() {
            plan.owner.photo = Some(path);
        } else {
            plan.left.push(doc.left(
                "image",
                format!("the profile image {image}"),
                "not found in assets/img/",
            ));
        }
    }
    let mut left = Vec::new();
    let mut bio = markup::markdown(
        doc.body(),
        &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: false },
        &mut left,
    );
    // The bio is the profile's; a publications list in about.md is the home page's own.
    if bio.contains("{{ papers(") {
        bio = bio.lines().filter(|l| !l.contains("{{ papers(")).collect::<Vec<_>>().join("\n");
        plan.selected_heading = None;
    }
    for key in ["profile.more_info", "profile.address"] {
        if let Some(info) = doc.str(key) {
            let line = doc.line_of(key).unwrap_or(1);
            let info =
                markup::markdown(&info, &markup::Origin { file: &doc.path, line, hugo: false }, &mut left);
            bio = format!("{}\n\n{}", bio.trim_end(), info.trim());
        }
    }
    if let Some(note) = config.str("contact_note") {
        let line = config.line_of("contact_note").unwrap_or(1);
        let note =
            markup::markdown(&note, &markup::Origin { file: &config.path, line, hugo: false }, &mut left);
        bio = format!("{}\n\n{}", bio.trim_end(), note.trim());
    }
    plan.left.extend(left);
    if !bio.trim().is_empty() {
        plan.owner.bio = Some(bio);
    }
    plan.carried
        .push("profile: about.md's text (the bio), subtitle (position), profile image, contact lines".into());
}

fn news(old: &Path, plan: &mut Plan) {
    let docs = markdown_files(old, "_news", &mut plan.left);
    let mut pages = 0;
    for doc in &docs {
        let stem = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let Some(date) = doc.str("date").as_deref().and_then(source::day).or_else(|| source::day(stem))
        else {
            plan.left.push(doc.left("date", "a news item", "it has no date that can be read"));
            continue;
        };
        let mut left = Vec::new();
        let body = markup::markdown(
            doc.body(),
            &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: false },
            &mut left,
        );
        plan.left.extend(left);
        if is_sample(&body) || doc.str("title").as_deref().is_some_and(is_sample) {
            plan.left.push(Left::at(
                &doc.path,
                None,
                "a news item",
                "the theme's sample, never replaced; left out",
            ));
            continue;
        }
        let inline = doc.flag("inline") || doc.str("title").is_none();
        if inline {
            if body.trim().is_empty() {
                plan.left.push(Left::at(&doc.path, None, "a news item", "it has no text"));
                continue;
            }
            plan.news.push(News { date, text: body });
        } else {
            let title = plain(&doc.str("title").unwrap_or_default());
            let name = page_name(&format!("news-{stem}"));
            plan.news.push(News { date, text: format!("[{}]({name}/)", title.replace(['[', ']'], "")) });
            plan.pages.push(NewPage {
                name,
                title,
                description: None,
                weight: None,
                in_menu: false,
                body,
                source: doc.path.clone(),
            });
            pages += 1;
        }
    }
    if !docs.is_empty() {
        plan.carried
            .push(format!("news: {} items of _news/ ({pages} with a page of their own)", plan.news.len()));
    }
}

fn pages(old: &Path, plan: &mut Plan) {
    let docs = markdown_files(old, "_pages", &mut plan.left);
    let mut made = 0;
    for doc in &docs {
        let stem = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let permalink = doc.str("permalink").unwrap_or_default();
        if stem == "about" || permalink == "/" {
            continue;
        }
        if stem == "404" || permalink.contains("404") {
            plan.carried.push(format!("{}: pubsite makes its own 404 page", doc.path.display()));
            continue;
        }
        if doc.value("children").is_some() || doc.flag("dropdown") {
            plan.left.push(Left::at(
                &doc.path,
                None,
                "a dropdown menu",
                "pubsite's menu has no dropdowns; its pages are in the menu one by one",
            ));
            continue;
        }
        if let Some(page) = site_page(doc, plan) {
            plan.pages.push(page);
            made += 1;
        }
    }
    if made > 0 {
        plan.carried.push(format!("pages: {made} of _pages/"));
    }
    if let Ok(entries) = std::fs::read_dir(old.join("_pages")) {
        for entry in entries.filter_map(Result::ok).filter(|e| e.path().is_dir()) {
            let count = walkdir::WalkDir::new(entry.path())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .count();
            plan.left.push(Left::at(
                &Path::new("_pages").join(entry.file_name()),
                None,
                format!("{count} files in a folder of _pages/"),
                "pages in folders are made by the old theme's own layouts; write the ones to keep as pages of content/pages/",
            ));
        }
    }
}
