//! Links of the carried-over text to pages of the old site that the new one does not have (a
//! blog post, a project, a file missing from the repository), or to template code: the link is
//! taken away, its text stays, and each is reported. So the new site passes `pubsite check`.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::commands::migrate::plan::Plan;
use crate::commands::migrate::text::own_path;

/// The paths the new site will serve, as far as the plan knows them.
pub(super) struct Served {
    paths: HashSet<String>,
    base: Option<String>,
}

impl Served {
    pub fn of(plan: &Plan) -> Served {
        let mut paths: HashSet<String> =
            ["papers", "topics", "years", "authors", "feed.xml", "sitemap.xml", "robots.txt"]
                .iter()
                .map(|p| (*p).to_owned())
                .collect();
        if !plan.news.is_empty() {
            paths.insert("news".into());
        }
        for page in &plan.pages {
            paths.insert(page.name.clone());
        }
        for (_, to) in &plan.copies {
            if let Ok(inside) = to.strip_prefix("static") {
                let path = inside.to_string_lossy().replace('\\', "/");
                if let Some(dir) = path.strip_suffix("/index.html") {
                    paths.insert(dir.to_owned());
                }
                paths.insert(path);
            }
        }
        Served { paths, base: plan.base_url.clone() }
    }

    /// Whether a link target of the text reaches something: external addresses do (they are
    /// checked by `check --external`), the site's own paths when the new site has them.
    fn reaches(&self, target: &str) -> bool {
        let lower = target.to_ascii_lowercase();
        if lower.starts_with("mailto:") || lower.starts_with("doi:") || lower.starts_with("tel:") {
            return true;
        }
        let path = if lower.starts_with("http://") || lower.starts_with("https://") {
            match own_path(target, self.base.as_deref()) {
                Some(path) => path,
                None => return true,
            }
        } else if target.starts_with('#') {
            // The pages' headings have no ids of the old site's making.
            return false;
        } else {
            target
        };
        let path = path.split(['#', '?']).next().unwrap_or("");
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let path = path.trim_start_matches("./").trim_matches('/');
        path.is_empty() || self.paths.contains(path)
    }
}

/// `text` with the links that reach nothing made plain text; the targets taken away.
pub(super) fn unlink_dead(text: &str, served: &Served) -> (String, Vec<String>) {
    let options = Options::ENABLE_MATH | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut cuts: Vec<(Range<usize>, String)> = Vec::new();
    let mut gone = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let (dest, image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        if served.reaches(dest) || cuts.last().is_some_and(|(r, _)| r.end > range.start) {
            continue;
        }
        let source = &text[range.clone()];
        let inner = if image { source.strip_prefix("![") } else { source.strip_prefix('[') }
            .and_then(|rest| rest.rfind("](").map(|end| rest[..end].to_owned()));
        let replacement = match inner {
            Some(inner) => inner,
            // An autolink `<https://...>`: the address as text.
            None if source.starts_with('<') => source.trim_matches(['<', '>']).to_owned(),
            None => continue,
        };
        gone.push(dest.to_string());
        cuts.push((range, replacement));
    }
    let mut out = text.to_owned();
    for (range, replacement) in cuts.into_iter().rev() {
        out.replace_range(range, &replacement);
    }
    (out, gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::migrate::plan::NewPage;

    #[test]
    fn links_to_what_the_new_site_lacks_become_text() {
        let mut plan = Plan { base_url: Some("https://ada.github.io/".into()), ..Plan::default() };
        plan.pages.push(NewPage {
            name: "teaching".into(),
            title: "T".into(),
            description: None,
            weight: None,
            in_menu: true,
            body: String::new(),
            source: "x".into(),
        });
        plan.copies.push(("/old/files/a b.pdf".into(), "static/files/a b.pdf".into()));
        let served = Served::of(&plan);
        let text = "[Teaching](teaching/), [CV](files/a%20b.pdf), [a post](/blog/2020/x/), [old](https://ada.github.io/projects/p), [ext](https://example.org/), ![pic](images/gone.png), [top](#intro), [code](<`{{ post.url }}`>).";
        let (out, gone) = unlink_dead(text, &served);
        assert_eq!(out, "[Teaching](teaching/), [CV](files/a%20b.pdf), a post, old, [ext](https://example.org/), pic, top, code.");
        assert_eq!(gone.len(), 5, "{gone:?}");
    }
}
