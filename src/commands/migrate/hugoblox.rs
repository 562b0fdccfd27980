//! A Hugo Blox (Wowchemy, Hugo Academic) site: the configuration (`config/_default/` or the
//! root's `hugo.*`/`config.*`: title, baseURL), the owner (`content/authors/admin/_index.md`:
//! name, role, organizations, bio, interests, education, social links, e-mail, avatar), the
//! publications (`content/publication/<slug>/index.md` with `cite.bib` beside it when it has
//! more detail, and the `featured.*` image as the preview), and `static/` (copied as it is).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::base::ident::is_safe_link;
use crate::commands::import::{self, Imported};
use crate::model::paper::Kind;

use crate::commands::migrate::academicpages::guess_kind;
use crate::commands::migrate::left::Left;
use crate::commands::migrate::markup;
use crate::commands::migrate::plan::{cname, identifier, Plan};
use crate::commands::migrate::source::{self, Doc};
use crate::commands::migrate::text::{base_url, is_sample, own_path, plain};

/// Where Hugo sites keep their settings, first found first.
const CONFIGS: [&str; 12] = [
    "config/_default/hugo.yaml",
    "config/_default/hugo.toml",
    "config/_default/config.yaml",
    "config/_default/config.toml",
    "config/_default/config.yml",
    "hugo.yaml",
    "hugo.toml",
    "config.yaml",
    "config.toml",
    "config.yml",
    "hugo.yml",
    "config/_default/hugo.yml",
];

const PARAMS: [&str; 3] =
    ["config/_default/params.yaml", "config/_default/params.toml", "config/_default/params.yml"];

pub(super) fn read(old: &Path) -> Plan {
    let mut plan = Plan::default();
    let config = settings(old, &mut plan);
    cname(old, &mut plan, "static/CNAME");
    let n = plan.copy_tree(old, "static", "static");
    if n > 0 {
        plan.carried.push(format!("files: static/ ({n}), at the same paths"));
    }
    let owner_dir = owner_folder(old);
    if let Some(folder) = &owner_dir {
        owner(old, folder, &mut plan);
    } else if let Some(me) = owner_data(old) {
        owner_from_data(old, &me, &mut plan);
    } else if let Some(config) = &config {
        owner_from_params(old, config, &mut plan);
    } else {
        plan.left.push(Left::at(
            Path::new("content/authors/admin/_index.md"),
            None,
            "the profile",
            "the file is missing; the profile is empty",
        ));
    }
    publications(old, &mut plan);
    let others = std::fs::read_dir(old.join("content/authors"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| {
                    e.path().is_dir() && owner_dir.as_ref().is_none_or(|o| !o.ends_with(e.file_name()))
                })
                .count()
        })
        .unwrap_or(0);
    if others > 0 {
        plan.left.push(Left::at(
            Path::new("content/authors"),
            None,
            format!("{others} other people's profiles"),
            "a pubsite site has one owner; co-authors get their pages from the papers (write a page for a lab's members)",
        ));
    }
    other_content(old, &mut plan);
    let widgets = std::fs::read_dir(old.join("content/home")).map(|d| d.count()).unwrap_or(0);
    if widgets > 0 {
        plan.left.push(Left::at(
            Path::new("content/home"),
            None,
            format!("{widgets} widgets of the home page"),
            "the old theme's blocks (experience, skills, contact, ...); the about block became the bio, write what else to keep as pages",
        ));
    }
    plan.collections(
        old,
        "content",
        &[
            ("post", "posts"),
            ("event", "talks and events"),
            ("project", "projects"),
            ("talk", "talks"),
            ("blog", "blog posts"),
            ("news", "news posts"),
        ],
        "pubsite has no collection for them; write the ones to keep as pages of content/pages/ or as [[news]]",
    );
    plan
}

/// Reads the settings; returns the configuration file (its `params` hold the owner in old sites).
/// The content the readers above do not take (pages such as `content/experience.md`, sections
/// of the site's own), reported.
fn other_content(old: &Path, plan: &mut Plan) {
    let known = [
        "publication",
        "publications",
        "authors",
        "home",
        "post",
        "event",
        "project",
        "talk",
        "blog",
        "news",
        "_index.md",
    ];
    let Ok(entries) = std::fs::read_dir(old.join("content")) else { return };
    let mut names: Vec<String> =
        entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().to_string()).collect();
    names.sort();
    for name in names.iter().filter(|n| !known.contains(&n.as_str()) && !n.starts_with('.')) {
        let path = Path::new("content").join(name);
        let what = if old.join(&path).is_dir() {
            let count = walkdir::WalkDir::new(old.join(&path))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
                .count();
            format!("the section `{name}` ({count} Markdown files)")
        } else {
            format!("the page `{name}`")
        };
        plan.left.push(Left::at(
            &path,
            None,
            what,
            "Hugo content pubsite does not read; write what to keep as pages of content/pages/",
        ));
    }
}

fn settings(old: &Path, plan: &mut Plan) -> Option<Doc> {
    // The first file with a title (a root config.toml may be only a comment).
    let docs: Vec<Doc> = CONFIGS
        .iter()
        .map(Path::new)
        .filter(|p| old.join(p).is_file())
        .filter_map(|p| Doc::config(old, p).map_err(|l| plan.left.push(l)).ok())
        .collect();
    let Some(config) = docs
        .into_iter()
        .find(|d| d.str("title").is_some() || d.str("baseURL").is_some() || d.str("baseurl").is_some())
    else {
        plan.left.push(Left::at(Path::new("config/_default/"), None, "the site's settings", "no hugo.yaml, config.yaml or config.toml with a title found; title and base_url are placeholders"));
        return None;
    };
    let rel = config.path.clone();
    plan.title = config.str("title");
    plan.language(
        &config,
        if config.str("languageCode").is_some() { "languageCode" } else { "defaultContentLanguage" },
    );
    plan.base_url = base_url(config.str("baseURL").or_else(|| config.str("baseurl")), None);
    if plan.base_url.is_none() {
        plan.left.push(config.left(
            "baseURL",
            "the site's address",
            "no baseURL (or not an http(s) address); base_url is a placeholder",
        ));
    }
    let params = PARAMS
        .iter()
        .map(Path::new)
        .find(|p| old.join(p).is_file())
        .and_then(|p| Doc::config(old, p).map_err(|l| plan.left.push(l)).ok());
    let description = params
        .as_ref()
        .and_then(|p| p.str("marketing.seo.description").or_else(|| p.str("description")))
        .or_else(|| config.str("params.description"))
        .or_else(|| config.str("params.marketing.seo.description"));
    plan.description = description.map(|d| plain(&d));
    plan.carried.push(format!(
        "settings from {}: title, baseURL{}",
        rel.display(),
        if plan.description.is_some() { ", description" } else { "" }
    ));
    Some(config)
}

/// The newest Hugo Blox keeps the owner in `data/authors/<name>.yaml` (`is_owner: true`).
fn owner_data(old: &Path) -> Option<Doc> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(old.join("data/authors"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "toml"))
        .collect();
    files.sort();
    let docs: Vec<Doc> =
        files.iter().filter_map(|p| Doc::config(old, p.strip_prefix(old).ok()?).ok()).collect();
    let owner = docs.iter().position(|d| d.flag("is_owner")).unwrap_or(0);
    docs.into_iter().nth(owner)
}

fn owner_from_data(old: &Path, doc: &Doc, plan: &mut Plan) {
    plan.owner.name = doc.str("name.display").or_else(|| doc.str("name")).or_else(|| {
        let parts: Vec<String> =
            [doc.str("name.given"), doc.str("name.family")].into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    if plan.title.is_none() {
        plan.title = plan.owner.name.clone();
    }
    plan.owner.position = doc.str("role").map(|r| plain(&r));
    affiliations(doc.value("organizations").or_else(|| doc.value("affiliations")), plan);
    let bio = doc.str("bio").unwrap_or_default();
    let line = doc.line_of("bio").unwrap_or(1);
    let bio = markup::markdown(&bio, &markup::Origin { file: &doc.path, line, hugo: true }, &mut plan.left);
    finish_bio(doc, bio, plan);
    social(doc, "links", plan);
    let slug = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or("me").to_owned();
    avatar(old, &[Path::new("assets/media/authors"), &Path::new("content/authors").join(&slug)], &slug, plan);
    plan.carried.push(format!(
        "profile from {}: name, role, bio, interests, education, links, avatar",
        doc.path.display()
    ));
}

/// hugo-academic 2 and 3 kept the owner in the configuration's `params` and the bio in the
/// about widget of the home page.
fn owner_from_params(old: &Path, config: &Doc, plan: &mut Plan) {
    plan.owner.name = config.str("params.name").or_else(|| config.str("title"));
    plan.owner.position = config.str("params.role").map(|r| plain(&r));
    plan.owner.email = config.str("params.email").filter(|e| !e.is_empty());
    affiliations(config.value("params.organizations"), plan);
    let about = Path::new("content/home/about.md");
    let bio = match Doc::markdown(old, about) {
        Ok(doc) => markup::markdown(
            doc.body(),
            &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: true },
            &mut plan.left,
        ),
        Err(_) => String::new(),
    };
    if !bio.trim().is_empty() {
        plan.owner.bio = Some(bio);
    }
    social(config, "params.social", plan);
    if let Some(avatar) = config.str("params.avatar") {
        let from = ["static/img", "static/images", "static"]
            .iter()
            .map(|d| old.join(d).join(&avatar))
            .find(|p| p.is_file());
        match from.and_then(|p| p.strip_prefix(old.join("static")).ok().map(Path::to_path_buf)) {
            Some(rel) => plan.owner.photo = Some(rel.to_string_lossy().replace('\\', "/")),
            None => plan.left.push(config.left(
                "avatar",
                format!("the avatar {avatar}"),
                "not found in static/img/",
            )),
        }
    }
    plan.carried.push(format!(
        "profile from {} [params] and content/home/about.md: name, role, e-mail, bio, social links, avatar",
        config.path.display()
    ));
}

/// The affiliation (and its address) from a list of `{name, url}` organisations.
fn affiliations(list: Option<&Value>, plan: &mut Plan) {
    if let Some(Value::Array(orgs)) = list {
        let names: Vec<String> =
            orgs.iter().filter_map(|o| o.get("name").and_then(source::text_of)).collect();
        plan.owner.affiliation = (!names.is_empty()).then(|| names.join(", "));
        plan.owner.affiliation_url = orgs
            .first()
            .and_then(|o| o.get("url"))
            .and_then(source::text_of)
            .filter(|u| u.starts_with("http"));
    }
}

/// The bio with the interests and education the old theme showed beside it; the résumé parts
/// it also showed are reported.
fn finish_bio(doc: &Doc, mut bio: String, plan: &mut Plan) {
    for key in ["experience", "work", "skills", "awards", "languages", "user_groups_exclude"] {
        let filled = match doc.value(key) {
            Some(Value::Array(items)) => !items.is_empty(),
            Some(Value::Object(map)) => !map.is_empty(),
            _ => false,
        };
        if filled && key != "user_groups_exclude" {
            plan.left.push(doc.left(key, format!("`{key}`"), "a résumé part of the old theme; pubsite's profile has no place for it, write it in the bio or a CV page"));
        }
    }
    let interests = doc.list("interests");
    if !interests.is_empty() {
        bio = format!("{}\n\n**Interests:** {}", bio.trim_end(), interests.join(", "));
    }
    let courses = match doc.value("education.courses").or_else(|| doc.value("education")) {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let lines: Vec<String> = courses
        .iter()
        .filter_map(|c| {
            let course = c
                .get("course")
                .or_else(|| c.get("area"))
                .or_else(|| c.get("degree"))
                .and_then(source::text_of)?;
            let place = c.get("institution").and_then(source::text_of);
            let year = c
                .get("year")
                .or_else(|| c.get("date_end"))
                .or_else(|| c.get("end"))
                .and_then(source::text_of);
            Some(format!(
                "- {course}{}{}",
                place.map(|p| format!(", {p}")).unwrap_or_default(),
                year.map(|y| format!(", {}", y.get(..4).unwrap_or(&y))).unwrap_or_default()
            ))
        })
        .collect();
    if !lines.is_empty() {
        bio = format!("{}\n\n**Education**\n\n{}", bio.trim_end(), lines.join("\n"));
    }
    if !bio.trim().is_empty() {
        plan.owner.bio = Some(bio);
    }
}

/// Social links: `social` (`icon`, `link`), `profiles` or `links` (`icon`, `url`).
fn social(doc: &Doc, key: &str, plan: &mut Plan) {
    let Some(Value::Array(links)) = doc.value(key) else { return };
    for item in links {
        let icon = item.get("icon").and_then(source::text_of).unwrap_or_default();
        let Some(link) = item.get("link").or_else(|| item.get("url")).and_then(source::text_of) else {
            continue;
        };
        if let Some(address) = link.strip_prefix("mailto:") {
            plan.owner.email.get_or_insert_with(|| address.to_owned());
            continue;
        }
        if link.starts_with('#') || link.starts_with('/') || icon == "envelope" {
            plan.left.push(doc.left(
                key,
                format!("the `{icon}` link ({link})"),
                "a link into the old site's own page; pubsite's profile shows the e-mail and links itself",
            ));
            continue;
        }
        let service =
            icon.trim_start_matches("brands/").trim_start_matches("academicons/").trim_start_matches("hero/");
        let service = match service {
            "google-scholar" | "graduation-cap" => "scholar",
            "semantic-scholar" => "semantic_scholar",
            "x-twitter" | "twitter" | "x" => "x",
            "cv" | "ai-cv" | "file-pdf" | "file" | "document" => "cv",
            other => other,
        };
        if service == "cv" {
            plan.left.push(doc.left(key, format!("the CV link ({link})"), "pubsite's profile has no CV link; the file is copied with static/, link it from the bio or a page"));
            continue;
        }
        plan.link(doc, key, service, link);
    }
}

/// The avatar: `avatar.*` in one of `folders` (relative), copied to static/images/.
fn avatar(old: &Path, folders: &[&Path], slug: &str, plan: &mut Plan) {
    for folder in folders {
        for stem in ["avatar", slug] {
            for ext in ["jpg", "jpeg", "png", "webp", "svg"] {
                let from = old.join(folder).join(format!("{stem}.{ext}"));
                if from.is_file() {
                    plan.owner.photo = Some(plan.copy_file(from, &format!("images/avatar.{ext}")));
                    return;
                }
            }
        }
    }
}

/// The folder of the site's owner: `authors/admin`, else the author marked `superuser`.
fn owner_folder(old: &Path) -> Option<PathBuf> {
    let authors = old.join("content/authors");
    if authors.join("admin/_index.md").is_file() {
        return Some(PathBuf::from("content/authors/admin"));
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&authors)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("_index.md").is_file())
        .collect();
    dirs.sort();
    let superuser = dirs
        .iter()
        .find(|d| std::fs::read_to_string(d.join("_index.md")).is_ok_and(|t| t.contains("superuser: true")));
    superuser.or(dirs.first()).and_then(|d| d.strip_prefix(old).ok()).map(Path::to_path_buf)
}

/// The owner from the author page in `folder` (see `owner_folder`).
fn owner(old: &Path, folder: &Path, plan: &mut Plan) {
    let doc = match Doc::markdown(old, &folder.join("_index.md")) {
        Ok(doc) => doc,
        Err(left) => {
            plan.left.push(left);
            return;
        }
    };
    plan.owner.name = doc.str("name").filter(|n| !n.is_empty()).or_else(|| doc.str("title"));
    if plan.owner.name.is_none() {
        let parts: Vec<String> =
            [doc.str("first_name"), doc.str("last_name")].into_iter().flatten().collect();
        plan.owner.name = (!parts.is_empty()).then(|| parts.join(" "));
    }
    if plan.title.is_none() {
        plan.title = plan.owner.name.clone();
    }
    plan.owner.position = doc.str("role").map(|r| plain(&r));
    affiliations(doc.value("organizations").or_else(|| doc.value("affiliations")), plan);
    if let Some(email) = doc.str("email") {
        plan.owner.email = Some(email);
    }
    // The bio: the page's text, or the short `bio` when there is none.
    let body = markup::markdown(
        doc.body(),
        &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: true },
        &mut plan.left,
    );
    let bio = if body.trim().is_empty() { doc.str("bio").unwrap_or_default() } else { body };
    finish_bio(&doc, bio, plan);
    social(&doc, if doc.value("social").is_some() { "social" } else { "profiles" }, plan);
    let slug = folder.file_name().and_then(|s| s.to_str()).unwrap_or("admin").to_owned();
    avatar(old, &[folder], &slug, plan);
    plan.carried.push(format!(
        "profile from {}: name, role, organizations, bio, interests, education, social links, e-mail, avatar",
        doc.path.display()
    ));
}

fn publications(old: &Path, plan: &mut Plan) {
    let folder = ["content/publication", "content/publications"].into_iter().find(|f| old.join(f).is_dir());
    let Some(folder) = folder else { return };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(old.join(folder))
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name == "index.md"
                || (name.ends_with(".md")
                    && !name.starts_with('_')
                    && p.parent().is_some_and(|d| d.ends_with(folder)))
        })
        .collect();
    files.sort();
    let owner = plan.owner.name.clone().unwrap_or_else(|| "admin".to_owned());
    let base = plan.base_url.clone();
    let mut drafts = 0;
    let total = files.len();
    for path in files {
        let Ok(rel) = path.strip_prefix(old).map(Path::to_path_buf) else { continue };
        let doc = match Doc::markdown(old, &rel) {
            Ok(doc) => doc,
            Err(left) => {
                plan.left.push(left);
                continue;
            }
        };
        if doc.flag("draft") {
            drafts += 1;
            plan.left.push(doc.left(
                "draft",
                "a draft publication",
                "drafts are not carried over; publish it in the old site or add it by hand",
            ));
            continue;
        }
        if let Some(p) = paper(old, &doc, &owner, base.as_deref(), plan) {
            plan.papers.push((p, rel));
        }
    }
    plan.carried.push(format!(
        "papers: {} of {total} publications of {folder}/ ({drafts} drafts left)",
        plan.papers.len()
    ));
}

fn paper(old: &Path, doc: &Doc, owner: &str, base: Option<&str>, plan: &mut Plan) -> Option<Imported> {
    let dir = doc.path.parent()?.to_path_buf();
    let slug = if doc.path.file_name()? == "index.md" {
        dir.file_name()?.to_str()?.to_owned()
    } else {
        doc.path.file_stem()?.to_str()?.to_owned()
    };
    let Some(title) = doc.str("title") else {
        plan.left.push(Left::at(&doc.path, None, "a publication", "it has no title"));
        return None;
    };
    if plan.sample_publication(doc, &title) {
        return None;
    }
    let types = doc.list("publication_types");
    let venue = doc.str("publication").map(|v| venue_text(&v)).filter(|v| !v.is_empty());
    let kind = kind(types.first().map(String::as_str), venue.as_deref().unwrap_or_default());
    // cite.bib, when there, has the record's details (volume, pages, publisher).
    let bib = if doc.path.file_name()? == "index.md" {
        std::fs::read_to_string(old.join(&dir).join("cite.bib")).ok()
    } else {
        None
    };
    let mut p = bib
        .and_then(|t| import::bib_papers(&t).into_iter().next())
        .map(|(e, _)| e)
        .unwrap_or_else(|| Imported::new(&slug, "", kind));
    p.key = slug.clone();
    p.own_key = false;
    p.title = plain(&title);
    if !types.is_empty() || p.venue.is_none() {
        p.kind = kind;
    }
    if venue.is_some() {
        p.venue = venue;
    }
    if let Some(short) = doc.str("publication_short").map(|s| venue_text(&s)).filter(|s| !s.is_empty()) {
        p.abbr = Some(short);
    }
    if let Some(date) = doc.str("date").as_deref().and_then(source::pub_date) {
        p.date = Some(crate::commands::migrate::text::placeholder_day(date));
    }
    let authors = doc.list("authors");
    if !authors.is_empty() {
        let notes = doc.list("author_notes");
        p.authors = authors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let name = if a == "admin" || a == "me" { owner.to_owned() } else { a.clone() };
                let note = notes.get(i).map(|n| n.to_lowercase()).unwrap_or_default();
                let mut marks = String::new();
                if note.contains("equal") {
                    marks.push('*');
                }
                if note.contains("corresponding") {
                    marks.push('†');
                }
                name + &marks
            })
            .collect();
    } else if p.authors.is_empty() {
        plan.left.push(Left::at(
            &doc.path,
            None,
            "the authors",
            "the publication names none; add authors = [...] to the paper",
        ));
    }
    if let Some(doi) = doc.str("doi") {
        if !identifier(&mut p, &doi) {
            plan.left.push(doc.left(
                "doi",
                format!("the DOI `{doi}`"),
                "not a DOI (10.xxxx/...) nor an arXiv id",
            ));
        }
    }
    let abstract_text = doc
        .str("abstract")
        .or_else(|| doc.str("summary"))
        .filter(|a| a.chars().filter(|c| c.is_alphanumeric()).count() > 2);
    if let Some(text) = abstract_text {
        let line = doc.line_of("abstract").unwrap_or(1);
        p.abstract_text = Some(
            markup::markdown(&text, &markup::Origin { file: &doc.path, line, hugo: true }, &mut plan.left)
                .trim()
                .to_owned(),
        );
    }
    if doc.flag("featured") || doc.flag("selected") {
        p.featured = true;
    }
    let tags: Vec<String> = doc.list("tags").into_iter().chain(doc.list("categories")).collect();
    for tag in tags {
        let code = slug::slugify(&tag);
        if code.is_empty() {
            continue;
        }
        if !plan.topics.iter().any(|(c, _)| *c == code) {
            plan.topics.push((code.clone(), tag.clone()));
        }
        if !p.topics.contains(&code) {
            p.topics.push(code);
        }
    }
    for (key, link) in [
        ("url_pdf", "pdf"),
        ("url_code", "code"),
        ("url_dataset", "supp"),
        ("url_poster", "poster"),
        ("url_project", "project"),
        ("url_slides", "slides"),
        ("url_source", "url"),
        ("url_video", "video"),
        ("url_preprint", "preprint"),
    ] {
        let Some(url) = doc.str(key) else { continue };
        link_to(&mut p, link, &url, old, &dir, base, doc, key, plan);
    }
    if let Some(Value::Array(links)) = doc.value("links") {
        for item in links {
            let name =
                item.get("name").or_else(|| item.get("type")).and_then(source::text_of).unwrap_or_default();
            let Some(url) = item.get("url").and_then(source::text_of) else { continue };
            let link = match name.to_lowercase().as_str() {
                "pdf" | "paper" => "pdf",
                "code" | "github" => "code",
                "slides" => "slides",
                "video" => "video",
                "poster" => "poster",
                "project" | "website" => "project",
                "blog" => "blog",
                "preprint" | "arxiv" => "preprint",
                "supplementary" | "supplement" | "supp" | "dataset" | "data" => "supp",
                _ => {
                    plan.left.push(doc.left(
                        "links",
                        format!("the link `{name}` ({url})"),
                        "pubsite's papers have no custom links; add it to the abstract if you want it shown",
                    ));
                    continue;
                }
            };
            link_to(&mut p, link, &url, old, &dir, base, doc, "links", plan);
        }
    }
    for key in ["projects", "slides"] {
        let placeholder = |v: &Value| {
            v.is_null()
                || v.as_str().is_some_and(|s| s.is_empty() || s == "example")
                || v == &Value::Array(Vec::new())
        };
        if doc.value(key).is_some_and(|v| !placeholder(v)) {
            plan.left.push(doc.left(
                key,
                format!("`{key}`"),
                "a link to other content of the old site; pubsite has no projects or slide decks",
            ));
        }
    }
    // The featured image: the preview.
    if let Ok(entries) = std::fs::read_dir(old.join(&dir)) {
        let mut images: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.file_stem().is_some_and(|s| s == "featured"))
            .collect();
        images.sort();
        if let Some(from) = images.into_iter().find(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["png", "jpg", "jpeg", "webp", "svg"].contains(&e.to_lowercase().as_str()))
        }) {
            let ext = from.extension().and_then(|e| e.to_str()).unwrap_or("png").to_lowercase();
            p.preview = Some(plan.copy_file(from, &format!("images/publications/{slug}.{ext}")));
        }
    }
    if !doc.body().trim().is_empty() {
        let text = markup::markdown(
            doc.body(),
            &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: true },
            &mut plan.left,
        );
        // The theme's boilerplate ("Click the Cite button above", "Add the full text") goes.
        let text: Vec<&str> = text.split("\n\n").filter(|para| !is_sample(para)).collect();
        let text = text.join("\n\n");
        if !text.trim().is_empty() {
            let joined = match &p.abstract_text {
                Some(a) if !a.is_empty() => format!("{a}\n\n{}", text.trim()),
                _ => text.trim().to_owned(),
            };
            p.abstract_text = Some(joined);
        }
    }
    Some(p)
}

/// A venue as text: Markdown emphasis and a leading "In " removed.
fn venue_text(text: &str) -> String {
    let text = plain(text);
    text.strip_prefix("In ").unwrap_or(&text).trim().to_owned()
}

/// The kind of a publication type: Wowchemy's numbers (`"1"` conference paper, `"2"` journal
/// article, ...) or Hugo Blox's CSL names (`paper-conference`, `article-journal`, ...).
fn kind(publication_type: Option<&str>, venue: &str) -> Kind {
    match publication_type.map(str::trim) {
        Some("1" | "paper-conference") => Kind::InProceedings,
        Some("2" | "article-journal" | "article") => Kind::Article,
        Some("3" | "preprint" | "manuscript") => Kind::Misc,
        Some("4" | "report") => Kind::TechReport,
        Some("5" | "book") => Kind::Book,
        Some("6" | "chapter") => Kind::InCollection,
        Some("7" | "thesis") => Kind::PhdThesis,
        _ => guess_kind(venue),
    }
}

/// A link of the front matter: a file beside the publication or in `static/` is taken from
/// where the new site has it; DOI and arXiv addresses become identifiers.
#[allow(clippy::too_many_arguments)]
fn link_to(
    p: &mut Imported,
    link: &'static str,
    url: &str,
    old: &Path,
    dir: &Path,
    base: Option<&str>,
    doc: &Doc,
    key: &str,
    plan: &mut Plan,
) {
    let url = url.trim();
    if matches!(link, "pdf" | "url" | "preprint")
        && (url.contains("doi.org/") || url.contains("arxiv.org/abs/"))
        && identifier(p, url)
    {
        return;
    }
    let link = if link == "preprint" { "pdf" } else { link };
    if !url.contains("://") {
        // A file: beside the publication (a page bundle), or in static/ (served at the root).
        let beside = old.join(dir).join(url);
        let target = if beside.is_file() {
            let name = Path::new(url).file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let slug = dir.file_name().and_then(|n| n.to_str()).unwrap_or("paper");
            Some(plan.copy_file(beside, &format!("files/publications/{slug}/{name}")))
        } else {
            own_path(url, base).filter(|p| old.join("static").join(p).is_file()).map(str::to_owned)
        };
        match target {
            Some(path) => set_link(p, link, path),
            None => plan.left.push(doc.left(
                key,
                format!("`{url}`"),
                "a file that is neither beside the publication nor in static/",
            )),
        }
        return;
    }
    if !is_safe_link(url) {
        plan.left.push(doc.left(key, format!("`{url}`"), "not a web address"));
        return;
    }
    match own_path(url, base) {
        Some(path) if old.join("static").join(path).is_file() => set_link(p, link, path.to_owned()),
        _ => set_link(p, link, url.to_owned()),
    }
}

fn set_link(p: &mut Imported, link: &'static str, target: String) {
    if link == "url" {
        p.record.url = Some(target);
    } else {
        p.links.insert(link, target);
    }
}
