//! What a migration makes of the old site before anything is written: the `Plan` (settings,
//! profile, news, pages, papers, files to copy, what was left), with the steps every generator's
//! reader shares (the Markdown files of a folder, a generic page, a profile link, identifiers).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::commands::import::Imported;
use crate::commands::migrate::left::Left;
use crate::commands::migrate::markup;
use crate::commands::migrate::source::Doc;
use crate::commands::migrate::text::{base_url, is_sample, page_name, plain};
use crate::io::load::STATIC_DIR;

/// The new site, as read from the old one.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub title: Option<String>,
    /// A language with a built-in translation.
    pub language: Option<String>,
    pub base_url: Option<String>,
    pub description: Option<String>,
    pub cname: Option<String>,
    pub owner: Owner,
    pub news: Vec<News>,
    pub pages: Vec<NewPage>,
    /// Files to copy: from (absolute) to (relative to the new site's root).
    pub copies: Vec<(PathBuf, PathBuf)>,
    /// A .bib to import (al-folio).
    pub bib: Option<PathBuf>,
    /// Papers read from other files than a .bib, each with its file (relative) and line.
    pub papers: Vec<(Imported, PathBuf)>,
    /// Topic codes and names.
    pub topics: Vec<(String, String)>,
    pub selected_heading: Option<String>,
    pub carried: Vec<String>,
    pub left: Vec<Left>,
}

#[derive(Debug, Default)]
pub(crate) struct Owner {
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub position: Option<String>,
    pub affiliation: Option<String>,
    pub affiliation_url: Option<String>,
    pub bio: Option<String>,
    /// A path in `static/`.
    pub photo: Option<String>,
    pub email: Option<String>,
    pub links: Vec<(&'static str, String)>,
}

#[derive(Debug)]
pub(crate) struct News {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Debug)]
pub(crate) struct NewPage {
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    /// In the default menu (a news item's page is not).
    pub in_menu: bool,
    pub body: String,
    /// The old file, relative.
    pub source: PathBuf,
}

impl Plan {
    /// Copies every file below `from` (relative to `old`) to `to` (relative to the new root);
    /// returns how many.
    pub(crate) fn copy_tree(&mut self, old: &Path, from: &str, to: &str) -> usize {
        let dir = old.join(from);
        if !dir.is_dir() {
            return 0;
        }
        let before = self.copies.len();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = entry.path().strip_prefix(&dir) {
                self.copies.push((entry.path().to_path_buf(), Path::new(to).join(rel)));
            }
        }
        self.copies.len() - before
    }

    /// Copies one file to `static/<to>`; returns the path in `static/`.
    pub(crate) fn copy_file(&mut self, from: PathBuf, to: &str) -> String {
        self.copies.push((from, Path::new(STATIC_DIR).join(to)));
        to.to_owned()
    }

    /// A Jekyll site's `_config.yml` (reported and read as empty when it cannot be read), and
    /// the custom domain of its `CNAME` file.
    pub(crate) fn jekyll_config(&mut self, old: &Path) -> Doc {
        let rel = Path::new("_config.yml");
        let config = Doc::config(old, rel).unwrap_or_else(|left| {
            self.left.push(left);
            Doc::empty(rel)
        });
        cname(old, self, "CNAME");
        config
    }

    /// Reports the collections of the old site that pubsite has no place for: each folder of
    /// `folders` (below `parent`) with how many entries it holds (`_index.md` aside).
    pub(crate) fn collections(&mut self, old: &Path, parent: &str, folders: &[(&str, &str)], hint: &str) {
        for (folder, what) in folders {
            let path = Path::new(parent).join(folder);
            let count = fs::read_dir(old.join(&path))
                .map(|d| d.filter_map(Result::ok).filter(|e| e.file_name() != "_index.md").count())
                .unwrap_or(0);
            if count > 0 {
                self.left.push(Left::at(&path, None, format!("{count} {what}"), hint));
            }
        }
    }

    /// A Jekyll site's description (unless the theme's sample), address (`url` + `baseurl`) and
    /// language (`lang_key`), from `_config.yml`.
    pub(crate) fn jekyll_address(&mut self, config: &Doc, lang_key: &str) {
        if self.description.as_deref().is_some_and(is_sample) {
            self.left.push(config.left(
                "description",
                "the description",
                "the theme's sample text, never replaced; a description is made from the name",
            ));
            self.description = None;
        }
        self.base_url = base_url(config.str("url"), config.str("baseurl"));
        self.language(config, lang_key);
        if self.base_url.is_none() {
            self.left.push(config.left(
                "url",
                "the site's address",
                "no `url` in _config.yml; base_url is a placeholder",
            ));
        }
    }

    /// Whether a publication is the theme's sample (then reported as left out).
    pub(crate) fn sample_publication(&mut self, doc: &Doc, title: &str) -> bool {
        let sample = is_sample(title);
        if sample {
            self.left.push(Left::at(
                &doc.path,
                None,
                format!("the publication `{}`", plain(title)),
                "the theme's sample, never replaced; left out",
            ));
        }
        sample
    }

    /// Takes the old site's language when the theme has it translated; else reports it.
    pub(crate) fn language(&mut self, doc: &Doc, key: &str) {
        let Some(value) = doc.str(key) else { return };
        let primary = value.split(['-', '_']).next().unwrap_or_default().to_lowercase();
        if crate::model::i18n::BUILT_IN.iter().any(|(code, _)| *code == primary) {
            self.language = Some(primary);
        } else {
            self.left.push(doc.left(key, format!("the language `{value}`"), "the theme has no translation for it; the site is in English (see [translations] in the guide)"));
        }
    }

    /// Adds a profile link when the service is one pubsite knows; else reports it.
    pub(crate) fn link(&mut self, doc: &Doc, key: &str, service: &str, value: String) {
        match profile_service(service) {
            Some(name) if !self.owner.links.iter().any(|(n, _)| *n == name) => {
                match crate::model::profile::link_address(name, &value) {
                    Ok(_) => self.owner.links.push((name, value)),
                    Err(hint) => self.left.push(doc.left(
                        key,
                        format!("the {service} link ({value})"),
                        format!("not an address pubsite can link: {hint}"),
                    )),
                }
            }
            Some(_) => {}
            None => self.left.push(doc.left(
                key,
                format!("the {service} link ({value})"),
                "pubsite's profile has no link for this service; add it to the bio if you want it shown",
            )),
        }
    }
}

/// pubsite's name for a profile service, from the names the generators use.
pub(crate) fn profile_service(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase().replace(['-', ' '], "_");
    Some(match name.as_str() {
        "scholar" | "scholar_userid" | "googlescholar" | "google_scholar" | "graduation_cap" => "scholar",
        "orcid" | "orcid_id" => "orcid",
        "semantic_scholar" | "semanticscholar" | "semanticscholar_id" => "semantic_scholar",
        "dblp" | "dblp_url" => "dblp",
        "github" | "github_username" => "github",
        "linkedin" | "linkedin_username" => "linkedin",
        "x" | "x_username" | "twitter" | "twitter_username" | "x_twitter" => "x",
        "bluesky" | "bluesky_url" => "bluesky",
        "mastodon" | "mastodon_username" => "mastodon",
        "homepage" | "website" | "uri" | "globe" => "homepage",
        _ => return None,
    })
}

/// Reads the front matter of every Markdown file directly in `folder` (relative to `old`),
/// sorted by name; files that cannot be read are reported.
pub(crate) fn markdown_files(old: &Path, folder: &str, left: &mut Vec<Left>) -> Vec<Doc> {
    let Ok(entries) = fs::read_dir(old.join(folder)) else { return Vec::new() };
    let mut names: Vec<PathBuf> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md" || e == "markdown" || e == "html"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(old).ok()?.to_path_buf();
            let name = rel.file_name()?.to_str()?;
            // Jekyll skips `_x.md` and `.x.md`: users switch pages off so.
            if name.starts_with(['_', '.']) {
                return None;
            }
            let doc = Doc::markdown(old, &rel).map_err(|l| left.push(l)).ok()?;
            if doc.front.is_null() {
                left.push(Left::at(
                    &rel,
                    None,
                    "the file",
                    "it has no front matter, so the old site copied it as a plain file; not carried over",
                ));
                return None;
            }
            Some(doc)
        })
        .collect()
}

/// The site's address from a `CNAME` file (Jekyll's at the root, Hugo's in static/).
pub(crate) fn cname(old: &Path, plan: &mut Plan, file: &str) {
    let Ok(text) = fs::read_to_string(old.join(file)) else { return };
    let host = text.trim().trim_end_matches('/').to_owned();
    if host.is_empty() || host.contains(['/', ' ', ':']) {
        return;
    }
    if plan.base_url.is_none() {
        plan.base_url = Some(format!("https://{host}/"));
    }
    if !file.starts_with("static/") {
        plan.cname = Some(host.clone());
    }
    plan.carried.push(format!("custom domain from {file}: {host}"));
}

/// A generic page of the old site (`_pages/x.md`), or `None` with a report when it is made by
/// the old theme (a list of posts or projects, a CV from data files, an archive).
pub(crate) fn site_page(doc: &Doc, plan: &mut Plan) -> Option<NewPage> {
    let stem = doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or("page").to_owned();
    let permalink = doc.str("permalink").unwrap_or_default();
    let last = permalink.trim_matches('/').rsplit('/').next().unwrap_or("").trim_end_matches(".html");
    let name = page_name(if last.is_empty() { &stem } else { last });
    let title = doc.str("title").map(|t| plain(&t)).unwrap_or_else(|| stem.replace(['-', '_'], " "));
    let mut left = Vec::new();
    let body = markup::markdown(
        doc.body(),
        &markup::Origin { file: &doc.path, line: doc.body_line(), hugo: false },
        &mut left,
    );
    let prose: usize = body
        .lines()
        .filter(|l| !l.trim_start().starts_with('`') && !l.contains("{{ papers("))
        .map(|l| l.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count())
        .sum();
    let layout = doc.str("layout").unwrap_or_default();
    if body.contains("{{ papers(") && prose < 40 {
        plan.carried
            .push(format!("{}: a list of publications; the home page lists every paper", doc.path.display()));
        return None;
    }
    if prose < 5 {
        let why = match layout.as_str() {
            "cv" => "a CV that the old theme makes from data files (_data/cv.yml, assets/json/resume.json); write it as a page of content/pages/".to_owned(),
            "" => "a page with no text of its own".to_owned(),
            other => format!("a page of the `{other}` layout with nothing but template code or embedded content, which were left out; pubsite has no such page"),
        };
        plan.left.push(Left::at(&doc.path, None, format!("the page `{title}`"), why));
        return None;
    }
    plan.left.extend(left);
    Some(NewPage {
        name,
        title,
        description: doc.str("description").map(|d| plain(&d)),
        weight: doc.str("nav_order").and_then(|w| w.parse().ok()),
        in_menu: true,
        body,
        source: doc.path.clone(),
    })
}

/// Sets the paper's DOI or arXiv id when `written` is a valid one (an id or its address);
/// returns whether it was.
pub(crate) fn identifier(p: &mut Imported, written: &str) -> bool {
    use crate::base::ident::{ArxivId, Doi};
    let lower = written.to_ascii_lowercase();
    if lower.contains("arxiv.org/") || lower.starts_with("arxiv:") {
        let id = ArxivId::new(written);
        if id.checked().is_some() {
            p.arxiv.get_or_insert(id);
            return true;
        }
        return false;
    }
    let doi = Doi::new(written);
    if doi.checked().is_some()
        && (lower.contains("doi.org/") || lower.starts_with("10.") || lower.starts_with("doi:"))
    {
        p.doi.get_or_insert(doi);
        return true;
    }
    false
}
