//! `init` and `new`: a new site folder that builds at once, and a new paper file with the fields
//! to fill in.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::load::{CONFIG_FILE, PAPERS_DIR};

const SITE_TOML: &str = r#"# pubsite settings. Replace the placeholders; see the README for every key.
title = "Your Name"
# The address the site will have. For a GitHub project page: https://USER.github.io/REPO/
base_url = "https://example.github.io/"
description = "Publications of Your Name"

[owner]
name = "Your Name"          # highlighted in author lists
aliases = ["Y. Name"]       # other spellings of your name in author lists
primary_topic = "LG"

# [metrics]                 # header figures; computed from the papers when left out
# h_index = 10
# citations = 500

[topics.LG]
name = "Machine Learning"

# [aliases]                 # spellings of a co-author's name that should count as one person
# "Jane Q. Doe" = ["Jane Doe"]
"#;

const GITIGNORE: &str = "public/\n";

/// Creates a site in `dir` (created if needed). Refuses a folder that already holds a site.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Error::Usage(format!("{} already holds a site (site.toml)", dir.display())));
    }
    let paper = new_paper_text("An Example Paper: Replace Me", "Your Name", "LG", today);
    let files = [
        (PathBuf::from(CONFIG_FILE), SITE_TOML.to_owned()),
        (PathBuf::from(".gitignore"), GITIGNORE.to_owned()),
        (Path::new(PAPERS_DIR).join("an-example-paper-replace-me.md"), paper),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(&path);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        fs::write(&target, text).map_err(|e| Error::io("cannot write", &target, e))?;
        written.push(target);
    }
    fs::create_dir_all(dir.join("static")).map_err(|e| Error::io("cannot create", dir, e))?;
    Ok(written)
}

/// Writes `content/papers/<slug>.md` for a paper called `title`, dated `today`, with the owner
/// as author and the primary topic (both read from `site.toml` when it has them).
pub fn new_paper(root: &Path, title: &str, today: NaiveDate) -> Result<PathBuf> {
    if title.trim().is_empty() {
        return Err(Error::Usage("the paper needs a title: pubsite new \"Title\"".into()));
    }
    let config_text = fs::read_to_string(root.join(CONFIG_FILE)).map_err(|_| {
        Error::Usage(format!("{} has no {CONFIG_FILE}: run `pubsite init` first", root.display()))
    })?;
    let settings: toml::Table = toml::from_str(&config_text).unwrap_or_default();
    let owner =
        settings.get("owner").and_then(|o| o.get("name")).and_then(|n| n.as_str()).unwrap_or("Your Name");
    let topic = settings
        .get("owner")
        .and_then(|o| o.get("primary_topic"))
        .and_then(|t| t.as_str())
        .or_else(|| {
            settings
                .get("topics")
                .and_then(|t| t.as_table())
                .and_then(|t| t.keys().next().map(String::as_str))
        })
        .unwrap_or("LG");
    let slug: Vec<String> = slug::slugify(title).split('-').take(8).map(str::to_owned).collect();
    let path = root.join(PAPERS_DIR).join(format!("{}.md", slug.join("-")));
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} exists already; pick another title or edit it",
            path.display()
        )));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    }
    fs::write(&path, new_paper_text(title, owner, topic, today))
        .map_err(|e| Error::io("cannot write", &path, e))?;
    Ok(path)
}

fn new_paper_text(title: &str, owner: &str, topic: &str, today: NaiveDate) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    format!(
        r#"+++
title = {title}
date = {today}
authors = [{owner}]        # in the paper's order; add et_al = true if the list is cut short
topics = [{topic}]
# venue = "Conference or journal, year"
# kind = "inproceedings"     # article, inproceedings, misc, techreport, phdthesis, ...
# citations = 0

[links]                      # each an https:// URL or a path to a file in static/
# pdf = "files/paper.pdf"
# arxiv = "2401.00001"
# doi = "10.1000/xyz"
# code = "https://github.com/you/repo"
+++
Replace this text with the paper's abstract. Markdown and inline math such as $O(n \log n)$ work.
"#,
        title = quote(title),
        owner = quote(owner),
        topic = quote(topic),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn init_then_new_make_papers_that_parse() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let written = init(&site, day()).unwrap();
        assert_eq!(written.len(), 3);
        assert!(init(&site, day()).is_err(), "a site is never overwritten");
        let path = new_paper(&site, "Deep \"Quoted\" Learning: A Study", day()).unwrap();
        assert!(path.ends_with("content/papers/deep-quoted-learning-a-study.md"));
        let text = fs::read_to_string(&path).unwrap();
        let paper = crate::paper::parse(Path::new("p.md"), &text).unwrap();
        assert_eq!(paper.title, "Deep \"Quoted\" Learning: A Study");
        assert_eq!(paper.authors, ["Your Name"]);
        assert_eq!(paper.date, day());
        assert!(new_paper(&site, "Deep \"Quoted\" Learning: A Study", day()).is_err());
    }
}
