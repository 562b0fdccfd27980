//! The whole site as data: settings plus every paper, checked against each other (duplicate
//! slugs, unknown topics) and indexed by topic and year. Pure: no I/O.

pub mod authors;
pub mod groups;
pub mod photo;
pub mod preview;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::diagnostic::Diagnostic;
use crate::base::taxonomy::Year;
use crate::io::load::SourceFile;
use crate::model::config::{Config, Topic};
use crate::model::paper::{self, Paper};
use crate::site::authors::AuthorIndex;

/// Settings, papers newest first, and the topic and year indexes.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first; ties broken by title, then slug, so the order is stable.
    pub papers: Vec<Arc<Paper>>,
    /// Every topic of `site.toml` (in code order) with the indexes of its papers in `papers`.
    pub topics: Vec<(Topic, Vec<usize>)>,
    /// Every year with papers, newest first, with the indexes of its papers.
    pub years: Vec<(Year, Vec<usize>)>,
    /// Every co-author with the indexes of their papers.
    /// Shared with the next rebuild's site when no paper's authors or place changed.
    pub authors: Arc<AuthorIndex>,
    /// Pages of `content/pages/`, in menu order (weight, then title).
    pub pages: Vec<crate::model::pages::SitePage>,
    /// The owner's photo, ready to show.
    pub photo: Option<crate::site::photo::Photo>,
    /// The papers' preview images in `static/`, scaled, by the path a paper's `preview` gives.
    pub previews: std::collections::BTreeMap<String, crate::site::preview::PreviewImage>,
}

/// What the site shows besides the papers: its own pages, in menu order, and the owner's photo.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub pages: Vec<crate::model::pages::SitePage>,
    pub photo: Option<crate::site::photo::Photo>,
    pub previews: std::collections::BTreeMap<String, crate::site::preview::PreviewImage>,
}

/// Which papers to keep.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SiteOptions {
    pub include_drafts: bool,
}

/// A paper file parsed and checked against the settings, or everything wrong with it.
pub(crate) type ParsedPaper = Result<Arc<Paper>, Vec<Diagnostic>>;

/// Parses one paper file and checks its topics against `config`.
pub(crate) fn parse_paper(config: &Config, file: &SourceFile) -> ParsedPaper {
    let paper = paper::parse(&file.path, &file.text)?;
    let problems = check_topics(config, &paper, &file.text);
    if problems.is_empty() {
        Ok(Arc::new(paper))
    } else {
        Err(problems)
    }
}

impl Site {
    /// The site of papers parsed one by one (see `parse_paper`), checking what only the whole
    /// set shows (duplicate slugs), with its own pages and photo. `previous`, the site built from
    /// the same settings before a change to some papers, lends its co-author index when every
    /// paper keeps its place and its authors.
    pub(crate) fn new(
        config: Config,
        parsed: impl IntoIterator<Item = ParsedPaper>,
        extras: Extras,
        options: SiteOptions,
        previous: Option<&Site>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut papers = Vec::new();
        for result in parsed {
            match result {
                Ok(paper) => papers.push(paper),
                Err(mut errors) => problems.append(&mut errors),
            }
        }
        problems.extend(check_duplicate_slugs(&papers));
        if !problems.is_empty() {
            return Err(problems);
        }

        papers.retain(|p| options.include_drafts || !p.draft);
        papers.par_sort_by(|a, b| {
            // Newest first, and the papers not out yet before all.
            (b.date.is_none(), b.date)
                .cmp(&(a.date.is_none(), a.date))
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let same_authors = |old: &Site| {
            old.papers.len() == papers.len()
                && old
                    .papers
                    .iter()
                    .zip(&papers)
                    .all(|(a, b)| Arc::ptr_eq(a, b) || (a.slug == b.slug && a.authors == b.authors))
        };
        // The co-author index on one core, the topics and years on the other.
        let (authors, (topics, years)) = rayon::join(
            || match previous {
                Some(old) if same_authors(old) => Arc::clone(&old.authors),
                _ => Arc::new(AuthorIndex::build(&config, &papers)),
            },
            || {
                let mut members: Vec<Vec<usize>> = vec![Vec::new(); config.topics.len()];
                for (i, paper) in papers.iter().enumerate() {
                    for (code, _) in &paper.topics {
                        if let Some(t) = config.topics.iter().position(|t| t.code == *code) {
                            if members[t].last() != Some(&i) {
                                members[t].push(i);
                            }
                        }
                    }
                }
                let topics: Vec<(Topic, Vec<usize>)> = config.topics.iter().cloned().zip(members).collect();
                let mut years: BTreeMap<Year, Vec<usize>> = BTreeMap::new();
                for (i, paper) in papers.iter().enumerate() {
                    if let Some(year) = paper.year() {
                        years.entry(year).or_default().push(i);
                    }
                }
                (topics, years)
            },
        );
        Ok(Site {
            config,
            papers,
            topics,
            years: years.into_iter().rev().collect(),
            authors,
            pages: extras.pages,
            photo: extras.photo,
            previews: extras.previews,
        })
    }
}

/// Parses the page files, drops drafts (unless asked), orders them and checks what refers to
/// them: the menu's `page = "..."` entries (in `config_text`) and the topics of embedded lists.
pub(crate) fn parse_pages(
    config: &Config,
    config_text: &str,
    files: &[SourceFile],
    options: SiteOptions,
) -> Result<Vec<crate::model::pages::SitePage>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    for file in files {
        match crate::model::pages::parse(&file.path, &file.text, config.base_url.path()) {
            Ok(page) => {
                for part in &page.parts {
                    if let crate::model::pages::Part::Papers(query) = part {
                        if let Some(topic) = &query.topic {
                            if !config.topics.iter().any(|t| t.code.as_str() == topic) {
                                let at = file.text.find(topic.as_str()).unwrap_or(0);
                                problems.push(
                                    Diagnostic::new(
                                        &file.path,
                                        format!("papers(): topic `{topic}` is not defined in site.toml"),
                                    )
                                    .at_offset(&file.text, at)
                                    .with_hint("use a topic code of site.toml's [topics]"),
                                );
                            }
                        }
                    }
                }
                pages.push(page);
            }
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    pages.retain(|p| options.include_drafts || !p.draft);
    pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    for item in config.menu.iter().flatten() {
        if let crate::model::profile::MenuTarget::Page(name) = &item.target {
            if !pages.iter().any(|p| &p.name == name) {
                let at = config_text.find(&format!("\"{name}\"")).unwrap_or(0);
                problems.push(
                    Diagnostic::new(
                        crate::io::load::CONFIG_FILE,
                        format!("menu item `{}` names the page `{name}`, which does not exist", item.label),
                    )
                    .at_offset(config_text, at)
                    .with_hint(format!("create content/pages/{name}.md, or fix the name")),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

/// Every topic of `paper` must be defined in `site.toml`; `text` is the paper file's text.
fn check_topics(config: &Config, paper: &Paper, text: &str) -> Vec<Diagnostic> {
    let known = || {
        let codes: Vec<&str> = config.topics.iter().map(|t| t.code.as_str()).collect();
        if codes.is_empty() {
            "(none defined yet)".to_owned()
        } else {
            codes.join(", ")
        }
    };
    paper
        .topics
        .iter()
        .filter(|(code, _)| !config.topics.iter().any(|t| t.code == *code))
        .map(|(code, offset)| {
            Diagnostic::new(&paper.source, format!("topic `{code}` is not defined in site.toml"))
                .at_offset(text, *offset)
                .with_hint(format!(
                    "add [topics.{code}] with name = \"...\" to site.toml, or use one of: {}",
                    known()
                ))
        })
        .collect()
}

fn check_duplicate_slugs(papers: &[Arc<Paper>]) -> Vec<Diagnostic> {
    // Found with a hash set (a large site has thousands of slugs and seldom a duplicate), then
    // reported in the order of the slugs.
    let mut seen = HashSet::with_capacity(papers.len());
    let duplicates: BTreeSet<&str> =
        papers.iter().map(|p| p.slug.as_str()).filter(|&slug| !seen.insert(slug)).collect();
    duplicates
        .into_iter()
        .flat_map(|slug| {
            let group: Vec<&Paper> =
                papers.iter().filter(|p| p.slug.as_str() == slug).map(|p| &**p).collect();
            let others: Vec<String> = group.iter().map(|p| p.source.display().to_string()).collect();
            group.into_iter().skip(1).map(move |p| {
                Diagnostic::new(
                    &p.source,
                    format!("duplicate slug `{slug}`: {} all become /papers/{slug}/", others.join(" and ")),
                )
                .with_hint("rename one of the files; the file name (without .md) is the paper's URL")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::{self, ConfigOverrides};
    use std::path::Path;

    fn config() -> Config {
        let text = "title = \"T\"\nbase_url = \"https://x.org/\"\n[topics.LG]\nname = \"ML\"\n[topics.CV]\nname = \"Vision\"\n";
        config::parse(Path::new("site.toml"), text, &ConfigOverrides::default()).unwrap()
    }

    /// Every file parsed, then the site of them.
    fn assemble(
        config: Config,
        files: Vec<SourceFile>,
        options: SiteOptions,
    ) -> Result<Site, Vec<Diagnostic>> {
        let parsed: Vec<ParsedPaper> = files.iter().map(|f| parse_paper(&config, f)).collect();
        Site::new(config, parsed, Extras::default(), options, None)
    }

    fn file(path: &str, title: &str, date: &str, topic: &str, extra: &str) -> SourceFile {
        SourceFile {
            path: std::path::PathBuf::from(path),
            text: format!(
                "+++\ntitle = \"{title}\"\ndate = {date}\ntopics = [\"{topic}\"]\n{extra}+++\nAbstract.\n"
            ),
        }
    }

    #[test]
    fn papers_are_newest_first_and_indexed() {
        let files = [
            file("content/papers/old.md", "Old", "2018-01-01", "LG", ""),
            file("content/papers/new.md", "New", "2024-05-01", "CV", ""),
            file("content/papers/mid.md", "Mid", "2024-01-01", "LG", ""),
        ];
        let site = assemble(config(), files.to_vec(), SiteOptions::default()).unwrap();
        let titles: Vec<&str> = site.papers.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["New", "Mid", "Old"]);
        assert_eq!(site.years, vec![(2024, vec![0, 1]), (2018, vec![2])]);
        let counts: Vec<(&str, usize)> =
            site.topics.iter().map(|(t, m)| (t.code.as_str(), m.len())).collect();
        assert_eq!(counts, [("CV", 1), ("LG", 2)]);
    }

    #[test]
    fn drafts_are_left_out_unless_asked() {
        let files = [
            file("content/papers/a.md", "A", "2020-01-01", "LG", "draft = true\n"),
            file("content/papers/b.md", "B", "2020-01-01", "LG", ""),
        ];
        assert_eq!(assemble(config(), files.to_vec(), SiteOptions::default()).unwrap().papers.len(), 1);
        let with = SiteOptions { include_drafts: true };
        assert_eq!(assemble(config(), files.to_vec(), with).unwrap().papers.len(), 2);
    }

    #[test]
    fn unknown_topics_and_duplicate_slugs_are_all_reported() {
        let files = [
            file("content/papers/a.md", "A", "2020-01-01", "XX", ""),
            file("content/papers/B.md", "B", "2020-01-01", "LG", ""),
            file("content/papers/more/b.md", "B2", "2020-01-01", "LG", ""),
            file("content/papers/c.md", "C", "\"2020-13-01\"", "LG", ""),
        ];
        let errors = assemble(config(), files.to_vec(), SiteOptions::default()).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(errors.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("topic `XX`")));
        assert!(messages.iter().any(|m| m.contains("duplicate slug `b`")));
        assert!(messages.iter().any(|m| m.contains("is not a real date")));
        let topic_error = errors.iter().find(|d| d.message.contains("XX")).unwrap();
        assert_eq!(topic_error.location.unwrap().line, 4);
    }

    /// Each file after the first of a slug is reported once, naming all of them, slug by slug.
    #[test]
    fn duplicate_slugs_are_reported_per_file_in_slug_order() {
        let files = [
            file("content/papers/z.md", "Z", "2020-01-01", "LG", ""),
            file("content/papers/y/z.md", "Z2", "2020-01-01", "LG", ""),
            file("content/papers/a.md", "A", "2020-01-01", "LG", ""),
            file("content/papers/x/z.md", "Z3", "2020-01-01", "LG", ""),
            file("content/papers/x/a.md", "A2", "2020-01-01", "LG", ""),
            file("content/papers/m.md", "M", "2020-01-01", "LG", ""),
        ];
        let errors = assemble(config(), files.to_vec(), SiteOptions::default()).unwrap_err();
        let found: Vec<(String, &str)> =
            errors.iter().map(|d| (d.path.display().to_string(), d.message.as_str())).collect();
        let z = "duplicate slug `z`: content/papers/z.md and content/papers/y/z.md and content/papers/x/z.md all become /papers/z/";
        let expected = vec![
            (
                "content/papers/x/a.md".to_owned(),
                "duplicate slug `a`: content/papers/a.md and content/papers/x/a.md all become /papers/a/",
            ),
            ("content/papers/y/z.md".to_owned(), z),
            ("content/papers/x/z.md".to_owned(), z),
        ];
        assert_eq!(found, expected);
    }
}
