//! Paginated lists: the pages of a list, their folders, and the pager each shows.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::site::urls;
use crate::site::Site;

/// Where a page stands among the pages of a paginated list.
#[derive(Debug, Serialize)]
pub(crate) struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages between the link before and this one are left out of the pager.
    pub gap_before: bool,
}

/// How many pages on each side of the current one a pager links to, besides the first and last.
pub(super) const PAGER_REACH: usize = 2;

/// The pages a pager on page `n` of `total` links to: the first and the last, and those within
/// `PAGER_REACH` of `n`, so that a list of a thousand pages does not put a thousand links on each.
/// Where that would leave out a single page, the page is shown instead of a gap.
pub(super) fn pager_numbers(n: usize, total: usize) -> Vec<usize> {
    let low = n.saturating_sub(PAGER_REACH).max(1);
    let high = (n + PAGER_REACH).min(total);
    // A gap between 1 and `low` of page 2 alone, or between `high` and `total` of one page alone,
    // is closed.
    let from = if low <= 3 { 2 } else { low };
    let to = if high + 2 >= total { total } else { high };
    let mut numbers = vec![1];
    numbers.extend(from..=to);
    if to < total {
        numbers.push(total);
    }
    numbers
}

/// One page of a list: its folder (site-relative, `topics/lg/page/2/`), its members, its pager.
pub(super) struct ListPage<'m> {
    pub(super) dir: String,
    pub(super) members: &'m [usize],
    pub(super) pager: Pager,
}

/// Splits the list at `dir` into pages of `config.paginate` papers (page 1 at `dir`, page n at
/// `dir/page/n/`).
pub(super) fn paginate<'m>(
    config: &crate::model::config::Config,
    dir: &str,
    members: &'m [usize],
) -> Vec<ListPage<'m>> {
    let size = if config.paginate == 0 { members.len().max(1) } else { config.paginate };
    let chunks: Vec<&[usize]> =
        if members.is_empty() { vec![members] } else { members.chunks(size).collect() };
    let total = chunks.len();
    let dir_of = |n: usize| urls::list_page(dir, n);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, members)| {
            let n = i + 1;
            let numbers = pager_numbers(n, total);
            let pager = Pager {
                current: n,
                total,
                prev: (n > 1).then(|| config.base_url.join(&dir_of(n - 1))),
                next: (n < total).then(|| config.base_url.join(&dir_of(n + 1))),
                pages: numbers
                    .iter()
                    .enumerate()
                    .map(|(at, &k)| PageLink {
                        number: k,
                        url: config.base_url.join(&dir_of(k)),
                        current: k == n,
                        gap_before: at > 0 && k > numbers[at - 1] + 1,
                    })
                    .collect(),
            };
            ListPage { dir: dir_of(n), members, pager }
        })
        .collect()
}

/// The folders of every list page after the first (to find those a rebuild leaves behind).
pub(crate) fn extra_list_pages(site: &Site) -> BTreeSet<String> {
    let size = site.config.paginate;
    let mut lists: Vec<(String, usize)> = vec![(String::new(), site.papers.len())];
    lists.extend(site.topics.iter().map(|(t, m)| (urls::topic(&t.code.slug()), m.len())));
    lists.extend(site.years.iter().map(|(y, m)| (urls::year(*y), m.len())));
    lists.extend(site.authors.authors.iter().map(|a| (urls::author(&a.slug), a.papers.len())));
    let mut dirs = BTreeSet::new();
    for (dir, len) in lists {
        let pages = if size == 0 { 1 } else { len.div_ceil(size).max(1) };
        dirs.extend((2..=pages).map(|n| urls::list_page(&dir, n)));
    }
    dirs
}

pub(super) fn page_title(title: String, pager: &Pager, s: &crate::model::i18n::Strings) -> String {
    if pager.current > 1 {
        s.fill("page_number", &[("title", &title), ("n", &pager.current.to_string())])
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_links_to_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(pager_numbers(1, 1), [1]);
        assert_eq!(pager_numbers(2, 7), [1, 2, 3, 4, 7]);
        assert_eq!(pager_numbers(4, 7), (1..=7).collect::<Vec<_>>(), "no gap of one page");
        assert_eq!(pager_numbers(1, 200), [1, 2, 3, 200]);
        assert_eq!(pager_numbers(5, 200), [1, 2, 3, 4, 5, 6, 7, 200]);
        assert_eq!(pager_numbers(6, 200), [1, 4, 5, 6, 7, 8, 200]);
        assert_eq!(pager_numbers(100, 200), [1, 98, 99, 100, 101, 102, 200]);
        assert_eq!(pager_numbers(195, 200), [1, 193, 194, 195, 196, 197, 200]);
        assert_eq!(pager_numbers(196, 200), [1, 194, 195, 196, 197, 198, 199, 200]);
        for total in 1..40 {
            for n in 1..=total {
                let numbers = pager_numbers(n, total);
                assert!(
                    numbers.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] != 2),
                    "{n}/{total}: {numbers:?}"
                );
                assert!(numbers.contains(&n) && numbers[0] == 1 && numbers.last() == Some(&total));
            }
        }
    }
}
