//! `init` and `new`: a new site folder that builds at once, and a new paper file with the fields
//! to fill in.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diagnostic::{Error, Result};
use crate::io::load::{CONFIG_FILE, PAGES_DIR, PAPERS_DIR};

const SITE_TOML: &str = r#"# pubsite settings. Replace the placeholders; see the README for every key.
title = "Your Name"
# The address the site will have. For a GitHub project page: https://USER.github.io/REPO/
# (the GitHub Pages workflow passes the address from the repository's Pages settings instead).
base_url = "BASE_URL"
description = "Publications of Your Name"
# cname = "www.example.org"  # a custom domain for GitHub Pages (written to CNAME)

[owner]
name = "Your Name"          # highlighted in author lists
aliases = ["Y. Name"]       # other spellings of your name in author lists
primary_topic = "LG"
position = "Your Position (e.g. PhD student, Assistant Professor)"
affiliation = "Your University or Lab"
# affiliation_url = "https://www.example.edu/"
bio = """
Replace this with a short bio: what you work on, where, and with whom. **Markdown** works,
and so do links such as [your CV](cv/).
"""
photo = "photo.svg"         # a picture in static/; large photos are scaled down when built
photo_alt = "Photo of Your Name"
email = "you@example.org"   # shown as "you (at) example.org" and linked by script;
# email_public = true       # write a plain mailto: link instead

[owner.links]               # a handle, an id or a full URL each; remove those you lack
scholar = "YOUR_SCHOLAR_ID"
orcid = "0000-0000-0000-0000"
github = "your-github-name"
# semantic_scholar = "12345678"
# dblp = "123/4567"
# linkedin = "your-name"
# x = "@you"
# bluesky = "you.bsky.social"
# mastodon = "@you@mastodon.social"
# homepage = "https://www.example.org/"

[home]
news_limit = 5              # news items on the home page; all are on /news/
# selected_heading = "Selected papers"   # above the papers with featured = true

# The navigation menu, in this order. Each item names a section (papers, topics, years,
# authors, news), a page of content/pages/, or a url. Without [[menu]], the sections come
# first, then every page.
[[menu]]
label = "Papers"
section = "papers"

[[menu]]
label = "About"
page = "about"

[[menu]]
label = "CV"
page = "cv"

[[menu]]
label = "Topics"
section = "topics"

[[menu]]
label = "News"
section = "news"

# News, newest first on the home page and in the feed. Replace these with your own.
[[news]]
date = TODAY
text = "Replace this with your news: a paper accepted, a talk, a new position."

[[news]]
date = TODAY
text = "This site was made with pubsite: edit `site.toml` and the files in `content/` to change it."

# [metrics]                 # header figures; computed from the papers when left out
# h_index = 10
# citations = 500

[topics.LG]
name = "Machine Learning"

# [aliases]                 # spellings of a co-author's name that should count as one person
# "Jane Q. Doe" = ["Jane Doe"]
"#;

const GITIGNORE: &str = "public/\n.pubsite-cache/\n";

const ABOUT_PAGE: &str = r#"+++
title = "About"
description = "About Your Name"
+++
Replace this page with what visitors should know about you: your research, your group, how to
reach you. Pages are Markdown files in `content/pages/`; each is listed in the menu of
`site.toml`.

## Selected papers

{{ papers(featured=true) }}
"#;

const CV_PAGE: &str = r#"+++
title = "CV"
description = "Curriculum vitae of Your Name"
+++
Replace this with your CV: education, positions, awards, teaching, service.

## Education

- PhD, Your University, year (replace me)

## Publications

{{ papers() }}
"#;

/// A placeholder portrait: a grey silhouette to replace with a photo of your own.
const PHOTO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320"><rect width="320" height="320" fill="#d0d5dc"/><circle cx="160" cy="128" r="62" fill="#8a94a3"/><path d="M48 320c8-72 56-112 112-112s104 40 112 112z" fill="#8a94a3"/></svg>
"##;

/// The GitHub Actions workflow that builds and publishes a site on GitHub Pages: the very file
/// pubsite's own repository deploys its example site with.
pub(crate) const PAGES_WORKFLOW: &str = include_str!("../../.github/workflows/pages.yml");
pub(crate) const PAGES_WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// How `init` sets up a site.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The GitHub repository that publishes the site (`OWNER/REPO`), for its base URL.
    pub github_repository: Option<String>,
    /// Write the GitHub Pages workflow.
    pub workflow: bool,
}

/// The GitHub Pages address of repository `OWNER/REPO` (or its github.com URL): the user page
/// `https://owner.github.io/` when REPO is `OWNER.github.io`, else the project page
/// `https://owner.github.io/REPO/`.
pub(crate) fn github_pages_url(repository: &str) -> Result<String> {
    let trimmed = repository.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
    let path = ["https://github.com/", "http://github.com/", "git@github.com:", "github.com/"]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .unwrap_or(trimmed);
    let valid = |s: &str| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match path.split_once('/') {
        Some((owner, repo)) if valid(owner) && valid(repo) && !repo.contains('/') => {
            let owner = owner.to_ascii_lowercase();
            if repo.eq_ignore_ascii_case(&format!("{owner}.github.io")) {
                Ok(format!("https://{owner}.github.io/"))
            } else {
                Ok(format!("https://{owner}.github.io/{repo}/"))
            }
        }
        _ => Err(Error::Usage(format!(
            "--github-pages `{repository}` is not a repository: write OWNER/REPO, e.g. ada/papers or ada/ada.github.io"
        ))),
    }
}

/// Creates a site in `dir` (created if needed). Refuses a folder that already holds a site.
pub fn init(dir: &Path, today: NaiveDate, options: &InitOptions) -> Result<Vec<PathBuf>> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Error::Usage(format!("{} already holds a site (site.toml)", dir.display())));
    }
    let base_url = match &options.github_repository {
        Some(repository) => github_pages_url(repository)?,
        None => "https://example.github.io/".to_owned(),
    };
    let paper = new_paper_text("An Example Paper: Replace Me", "Your Name", "LG", today).replacen(
        "topics = [",
        "featured = true            # listed among the selected papers on the home page\ntopics = [",
        1,
    );
    let settings = SITE_TOML.replace("BASE_URL", &base_url).replace("TODAY", &today.to_string());
    let mut files = vec![
        (PathBuf::from(CONFIG_FILE), settings),
        (PathBuf::from(".gitignore"), GITIGNORE.to_owned()),
        (Path::new(PAPERS_DIR).join("an-example-paper-replace-me.md"), paper),
        (Path::new(PAGES_DIR).join("about.md"), ABOUT_PAGE.to_owned()),
        (Path::new(PAGES_DIR).join("cv.md"), CV_PAGE.to_owned()),
        (PathBuf::from("static/photo.svg"), PHOTO_SVG.to_owned()),
    ];
    if options.workflow {
        files.push((PathBuf::from(PAGES_WORKFLOW_PATH), PAGES_WORKFLOW.to_owned()));
    }
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

    #[test]
    fn the_pages_workflow_pins_this_version() {
        // A site made by this pubsite is built by this pubsite's release, named once.
        let pin = format!("PUBSITE_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"));
        let pins: Vec<&str> =
            PAGES_WORKFLOW.lines().map(str::trim).filter(|l| l.starts_with("PUBSITE_VERSION:")).collect();
        assert_eq!(pins, [pin.as_str()], "the Pages workflow names its version once, this one");
        assert!(!PAGES_WORKFLOW.contains("--branch"), "an unpinned branch in the Pages workflow");
    }

    use super::*;

    #[test]
    fn user_and_project_pages_get_their_addresses() {
        assert_eq!(github_pages_url("ada/ada.github.io").unwrap(), "https://ada.github.io/");
        assert_eq!(github_pages_url("Ada/Ada.GitHub.io").unwrap(), "https://ada.github.io/");
        assert_eq!(github_pages_url("ada/papers").unwrap(), "https://ada.github.io/papers/");
        assert_eq!(
            github_pages_url("https://github.com/ada/papers.git").unwrap(),
            "https://ada.github.io/papers/"
        );
        for bad in ["papers", "ada/", "/papers", "ada/pa pers", "a/b/c"] {
            assert!(github_pages_url(bad).is_err(), "{bad}");
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn init_then_new_make_papers_that_parse() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let options = InitOptions { github_repository: Some("Ada/papers".into()), workflow: true };
        let written = init(&site, day(), &options).unwrap();
        assert_eq!(written.len(), 7);
        assert_eq!(fs::read_to_string(site.join(PAGES_WORKFLOW_PATH)).unwrap(), PAGES_WORKFLOW);
        let settings = fs::read_to_string(site.join(CONFIG_FILE)).unwrap();
        assert!(settings.contains("base_url = \"https://ada.github.io/papers/\""), "{settings}");
        assert!(init(&site, day(), &options).is_err(), "a site is never overwritten");
        let path = new_paper(&site, "Deep \"Quoted\" Learning: A Study", day()).unwrap();
        assert!(path.ends_with("content/papers/deep-quoted-learning-a-study.md"));
        let text = fs::read_to_string(&path).unwrap();
        let paper = crate::model::paper::parse(Path::new("p.md"), &text).unwrap();
        assert_eq!(paper.title, "Deep \"Quoted\" Learning: A Study");
        assert_eq!(paper.authors, ["Your Name"]);
        assert_eq!(paper.date, Some(crate::base::date::PubDate::day(day())));
        assert!(new_paper(&site, "Deep \"Quoted\" Learning: A Study", day()).is_err());
    }

    #[test]
    fn the_new_site_shows_every_homepage_section_with_placeholders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        init(&site, day(), &InitOptions::default()).unwrap();
        let summary = crate::build(&crate::BuildOptions::new(&site)).unwrap();
        assert_eq!(summary.papers, 1);
        let home = fs::read_to_string(site.join("public/index.html")).unwrap();
        for needle in [
            "class=\"profile-photo\" src=\"/photo.svg\" width=\"160\" height=\"160\" alt=\"Photo of Your Name\"",
            "Replace this with a short bio",
            "https://scholar.google.com/citations?user=YOUR_SCHOLAR_ID",
            "https://orcid.org/0000-0000-0000-0000",
            "data-user=\"you\" data-domain=\"example.org\"",
            "id=\"selected-heading\">Selected papers",
            "Replace this with your news",
            "\"@type\":\"Person\"",
            "<a href=\"/about/\">About</a>",
            "<a href=\"/cv/\">CV</a>",
        ] {
            assert!(home.contains(needle), "{needle}");
        }
        let cv = fs::read_to_string(site.join("public/cv/index.html")).unwrap();
        assert!(cv.contains("An Example Paper: Replace Me"), "the CV embeds the paper list");
    }
}
