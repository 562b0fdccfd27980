//! The URL scheme: every path of the output folder and every link to a page of the site is made
//! here, and nowhere else. A site path is relative to the base URL, without a leading `/`; a
//! folder's ends in `/` and is served from its `index.html`.

use std::path::Path;

use crate::base::escape::slash_path;
use crate::base::taxonomy::{Section, Year};
use crate::model::config::BaseUrl;

/// The BibTeX of every paper (and of each topic's and year's in their folders).
pub(crate) const BIBTEX: &str = "publications.bib";
/// The CSL-JSON of every paper.
pub(crate) const CSL_JSON: &str = "publications.json";
/// The search index: one compact record per paper, which the home page's filter reads when the
/// page does not hold every paper.
pub(crate) const SEARCH_INDEX: &str = "search.json";
pub(crate) const FEED: &str = "feed.xml";
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";
/// GitHub Pages reads a custom domain from this file.
pub(crate) const CNAME: &str = "CNAME";
/// Tells GitHub Pages not to run Jekyll over the output.
pub(crate) const NO_JEKYLL: &str = ".nojekyll";
/// The page GitHub Pages serves for an address it does not have.
pub(crate) const NOT_FOUND: &str = "404.html";

/// A paper's page, `papers/<slug>/`.
pub(crate) fn paper(slug: &str) -> String {
    format!("papers/{slug}/")
}

/// A topic's page, `topics/<slug>/`, from `TopicCode::slug`.
pub(crate) fn topic(slug: &str) -> String {
    format!("topics/{slug}/")
}

/// A year's page, `years/<year>/`.
pub(crate) fn year(year: Year) -> String {
    format!("years/{year}/")
}

/// A co-author's page, `authors/<slug>/`.
pub(crate) fn author(slug: &str) -> String {
    format!("authors/{slug}/")
}

/// A page of `content/pages/`, `<name>/`.
pub(crate) fn page(name: &str) -> String {
    format!("{name}/")
}

/// A built-in section's index: the home page for the papers, `topics/`, `years/`, `authors/`
/// and `news/`.
pub(crate) fn section(section: Section) -> &'static str {
    match section {
        Section::Papers => "",
        Section::Topics => "topics/",
        Section::Years => "years/",
        Section::Authors => "authors/",
        Section::News => "news/",
    }
}

/// A news item's place on the news page.
pub(crate) fn news_item(id: &str) -> String {
    format!("news/#{id}")
}

/// Page `n` (from 1) of the list whose first page is `dir`: `dir/page/<n>/` after the first.
pub(crate) fn list_page(dir: &str, n: usize) -> String {
    if n == 1 {
        dir.to_owned()
    } else {
        format!("{dir}page/{n}/")
    }
}

/// The file a folder's address is served from.
pub(crate) fn index_file(dir: &str) -> String {
    format!("{dir}index.html")
}

/// The BibTeX file of the list whose page is `dir` (the whole site's at `""`).
pub(crate) fn bibtex_in(dir: &str) -> String {
    format!("{dir}{BIBTEX}")
}

/// The site path of the file `path` of the output folder (relative to it), its parts joined with
/// `/` on every system: never by turning the path into text, which keeps Windows' `\`. `None` for
/// a path no URL can name (see `slash_path`).
pub(crate) fn of_file(path: &Path) -> Option<String> {
    slash_path(path.components())
}

/// The absolute URL of a site path (`https://user.github.io/repo/papers/x/`).
pub(crate) fn absolute(base: &BaseUrl, path: &str) -> String {
    format!("{}{}", base.absolute(), path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_page_has_its_folder() {
        assert_eq!(paper("swa"), "papers/swa/");
        assert_eq!(topic(&crate::base::taxonomy::TopicCode::new("cs.CV").slug()), "topics/cs-cv/");
        assert_eq!(year(2024), "years/2024/");
        assert_eq!(author("jane-doe"), "authors/jane-doe/");
        assert_eq!(page("cv"), "cv/");
        assert_eq!(Section::ALL.map(section), ["", "topics/", "years/", "authors/", "news/"]);
        assert_eq!(news_item("2024-01-02-1"), "news/#2024-01-02-1");
    }

    #[test]
    fn lists_go_on_over_numbered_pages_and_files_sit_in_folders() {
        assert_eq!(list_page("topics/lg/", 1), "topics/lg/");
        assert_eq!(list_page("topics/lg/", 3), "topics/lg/page/3/");
        assert_eq!(list_page("", 2), "page/2/");
        assert_eq!(index_file(&list_page("", 2)), "page/2/index.html");
        assert_eq!(bibtex_in(&year(2020)), "years/2020/publications.bib");
        assert_eq!(bibtex_in(""), BIBTEX);
    }

    /// A path made by the system (`\` between its parts on Windows) has a site path with `/`.
    #[test]
    fn a_file_of_the_output_has_a_slash_separated_site_path() {
        let path = Path::new("papers").join("x").join(index_file(""));
        assert_eq!(of_file(&path).as_deref(), Some("papers/x/index.html"));
        assert_eq!(of_file(&Path::new("a").join("b")).as_deref(), Some("a/b"));
        assert_eq!(
            of_file(&Path::new(&paper("swa")).join("index.html")).as_deref(),
            Some("papers/swa/index.html")
        );
        #[cfg(unix)]
        assert_eq!(of_file(Path::new("files/a\\b.pdf")), None, "a Unix name holding a backslash has none");
        #[cfg(windows)]
        assert_eq!(of_file(Path::new(r"files\a.pdf")).as_deref(), Some("files/a.pdf"));
    }
}
