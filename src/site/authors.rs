//! Co-authors: author names compared as people write them differently (LaTeX accents, Unicode
//! forms, spacing, case, initials' periods), merged through `site.toml` aliases, each with a
//! URL slug and the papers that name them.

use std::collections::HashMap;
use std::sync::Arc;

use crate::base::names::name_key;
use crate::model::config::Config;
use crate::model::paper::Paper;
use crate::site::urls;

/// One co-author and the papers (indexes into `Site::papers`, newest first) that name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoAuthor {
    /// As `site.toml`'s aliases name them, else their most frequent spelling.
    pub name: String,
    pub slug: String,
    /// Their page's URL path (`base_url`'s path + `authors/<slug>/`), made once for the many
    /// author lists that link to it.
    pub url: String,
    pub papers: Vec<usize>,
}

/// Every co-author of the site (the owner excluded), by number of joint papers, then name.
#[derive(Debug, Clone, Default)]
pub struct AuthorIndex {
    pub authors: Vec<CoAuthor>,
    by_key: HashMap<String, usize>,
    /// Each spelling found in the papers: whether it names the owner, and its co-author. Author
    /// lists look names up here, without normalising them again.
    spellings: HashMap<String, (bool, Option<usize>)>,
}

/// What a name in an author list refers to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameRef<'i> {
    pub is_owner: bool,
    /// The co-author, when the site has co-author pages.
    pub coauthor: Option<&'i CoAuthor>,
}

impl AuthorIndex {
    /// Indexes the co-authors of `papers` (none unless `coauthor_pages`) and which spellings
    /// name the owner.
    pub(crate) fn build(config: &Config, papers: &[Arc<Paper>]) -> Self {
        let canonical = alias_map(config);
        // Names repeat across papers: each spelling is normalised once and then found by a
        // lookup of the name as written. spelling -> (owner?, person)
        let mut spelled: HashMap<&str, (bool, Option<usize>)> = HashMap::new();
        let mut people: Vec<(String, Found)> = Vec::new();
        let mut person_of_key: HashMap<String, usize> = HashMap::new();
        for (i, paper) in papers.iter().enumerate() {
            for name in &paper.authors {
                let &mut (_, person) = spelled.entry(name.as_str()).or_insert_with(|| {
                    let key = name_key(name);
                    let owner = config.owner.is_key(&key);
                    if key.is_empty() || owner || !config.coauthor_pages {
                        return (owner, None);
                    }
                    let (key, display) = canonical
                        .get(&key)
                        .map_or((key, None), |(k, display)| (k.clone(), Some(display.clone())));
                    let id = *person_of_key.entry(key.clone()).or_insert_with(|| {
                        people.push((key, Found::default()));
                        people.len() - 1
                    });
                    let found = &mut people[id].1;
                    found.display = found.display.take().or(display);
                    (owner, Some(id))
                });
                let Some(id) = person else { continue };
                let entry = &mut people[id].1;
                if entry.papers.last() != Some(&i) {
                    entry.papers.push(i);
                }
                match entry.spellings.iter_mut().find(|(s, _)| s == name) {
                    Some((_, n)) => *n += 1,
                    None => entry.spellings.push((name.clone(), 1)),
                }
            }
        }
        let found = people;
        let mut authors: Vec<(String, CoAuthor)> = found
            .into_iter()
            .map(|(key, Found { papers, spellings, display })| {
                let name = display.unwrap_or_else(|| {
                    let best = spellings.iter().map(|(_, n)| *n).max().unwrap_or(0);
                    spellings.into_iter().find(|(_, n)| *n == best).map(|(s, _)| s).unwrap_or_default()
                });
                let slug = slug::slugify(&key);
                (key, CoAuthor { name, slug, url: String::new(), papers })
            })
            .collect();
        authors.sort_by(|(ka, a), (kb, b)| b.papers.len().cmp(&a.papers.len()).then_with(|| ka.cmp(kb)));
        dedupe_slugs(&mut authors);
        for (_, author) in &mut authors {
            author.url = config.base_url.join(&urls::author(&author.slug));
        }
        let by_key = authors.iter().enumerate().map(|(i, (key, _))| (key.clone(), i)).collect();
        let aliases = canonical.into_iter().map(|(alias, (key, _))| (alias, key));
        let mut index = AuthorIndex {
            authors: authors.into_iter().map(|(_, a)| a).collect(),
            by_key,
            spellings: HashMap::new(),
        };
        for (alias, key) in aliases {
            if let Some(&i) = index.by_key.get(&key) {
                index.by_key.insert(alias, i);
            }
        }
        // Each person's key, by the id the spellings carry.
        let mut keys = vec![""; person_of_key.len()];
        for (key, &id) in &person_of_key {
            keys[id] = key.as_str();
        }
        index.spellings = spelled
            .into_iter()
            .map(|(name, (owner, person))| {
                (name.to_owned(), (owner, person.and_then(|id| index.by_key.get(keys[id]).copied())))
            })
            .collect();
        index
    }

    /// The co-author a name (as written in a paper) refers to; `None` for the owner.
    pub(crate) fn get(&self, name: &str) -> Option<&CoAuthor> {
        match self.spellings.get(name) {
            Some(&(_, found)) => found.map(|i| &self.authors[i]),
            None => self.by_key.get(&name_key(name)).map(|&i| &self.authors[i]),
        }
    }

    /// What a name in a paper's author list refers to: the owner, a co-author, or neither.
    pub(crate) fn name(&self, config: &Config, name: &str) -> NameRef<'_> {
        match self.spellings.get(name) {
            Some(&(is_owner, found)) => NameRef { is_owner, coauthor: found.map(|i| &self.authors[i]) },
            None => NameRef { is_owner: config.owner.is(name), coauthor: self.get(name) },
        }
    }
}

/// What the index gathers about one person while it reads the papers.
#[derive(Default)]
struct Found {
    papers: Vec<usize>,
    /// Each spelling with how often it appears.
    spellings: Vec<(String, usize)>,
    /// The name `site.toml`'s aliases give them.
    display: Option<String>,
}

/// alias key -> (canonical key, display name), from `site.toml`'s `[aliases]`.
fn alias_map(config: &Config) -> HashMap<String, (String, String)> {
    let mut map = HashMap::new();
    for (canonical, aliases) in &config.aliases {
        let key = name_key(canonical);
        map.insert(key.clone(), (key.clone(), canonical.clone()));
        for alias in aliases {
            map.insert(name_key(alias), (key.clone(), canonical.clone()));
        }
    }
    map
}

/// Two people whose names slugify alike get `-2`, `-3`, ... in index order.
fn dedupe_slugs(authors: &mut [(String, CoAuthor)]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, author) in authors.iter_mut() {
        let n = seen.entry(author.slug.clone()).or_default();
        *n += 1;
        if *n > 1 {
            author.slug = format!("{}-{n}", author.slug);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn paper(authors: &str) -> Arc<Paper> {
        let text = format!("+++\ntitle = \"T\"\ndate = 2020-01-01\nauthors = [{authors}]\n+++\nA.\n");
        Arc::new(crate::model::paper::parse(Path::new("content/papers/p.md"), &text).unwrap())
    }

    #[test]
    fn spellings_of_one_person_merge() {
        assert_eq!(name_key(r#"Klaus M\"uller"#), name_key("Klaus  Mu\u{308}ller"));
        assert_eq!(name_key("Wesley J. Maddox"), name_key("wesley j maddox"));
        let mut config = crate::model::config::tests_config();
        config.owner = crate::model::config::Owner::new("Pavel Izmailov".into(), Vec::new(), None);
        config.aliases = vec![("Wesley J. Maddox".into(), vec!["Wesley Maddox".into()])];
        let papers = [
            paper(r#""Pavel Izmailov", "Klaus M{\\\"u}ller", "Wesley Maddox""#),
            paper(r#""Klaus Müller", "Wesley J. Maddox""#),
            paper(r#""Klaus Müller""#),
        ];
        let index = AuthorIndex::build(&config, &papers);
        let names: Vec<(&str, &str, usize)> =
            index.authors.iter().map(|a| (a.name.as_str(), a.slug.as_str(), a.papers.len())).collect();
        assert_eq!(names, [("Klaus Müller", "klaus-muller", 3), ("Wesley J. Maddox", "wesley-j-maddox", 2)]);
        assert_eq!(index.get("Wesley Maddox").unwrap().slug, "wesley-j-maddox");
        assert!(index.get("Pavel Izmailov").is_none(), "the owner has no co-author page");
    }
}
