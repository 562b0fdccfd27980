//! The data files: BibTeX (all papers, per topic, per year), CSL-JSON, the search index,
//! `robots.txt` and `CNAME`, made from each paper's cached export and written in pieces.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::taxonomy::Slug;
use crate::model::config::Config;
use crate::model::paper::Paper;
use crate::present::render::cache::{Export, RenderCache};
use crate::present::render::scope::Scope;
use crate::present::render::sink::Page;
use crate::scholar;
use crate::site::urls;
use crate::site::Site;

/// The BibTeX and CSL-JSON exports, `robots.txt` and `CNAME`: all papers, and each topic and year in
/// `scope`.
pub(crate) fn data_files(site: &Site, scope: &Scope, cache: &mut RenderCache) -> Vec<Page> {
    update_data(site, scope, cache);
    data_file_jobs(site, scope, &cache.exports, &cache.keys, cache.one_off)
        .into_iter()
        .map(|file| {
            let mut bytes = Vec::new();
            // Writing into memory does not fail.
            let _ = (file.write)(&mut bytes);
            Page { path: file.path, bytes }
        })
        .collect()
}

/// Brings the cached exports of the papers in `scope` up to date (see `data_files`).
fn update_data(site: &Site, scope: &Scope, cache: &mut RenderCache) {
    update_exports(site, &cache.keys, scope, &mut cache.exports, cache.one_off);
}

/// An output file and how to write it (when it is written, so that a build holds few of the
/// large ones at once).
pub(super) struct DataJob<'c> {
    pub(super) path: PathBuf,
    /// About how much there is to write (records times their size), to start the large ones first.
    pub(super) weight: usize,
    pub(super) write: WriteFile<'c>,
}

pub(super) type WriteFile<'c> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + Send + Sync + 'c>;

/// The files of `data_files`, from exports already brought up to date.
pub(super) fn data_file_jobs<'c>(
    site: &'c Site,
    scope: &Scope,
    exports: &'c HashMap<Slug, Export>,
    keys: &'c [String],
    one_off: bool,
) -> Vec<DataJob<'c>> {
    let config = &site.config;
    let exports: std::sync::Arc<Vec<&Export>> =
        std::sync::Arc::new(site.papers.iter().map(|p| &exports[&p.slug]).collect());
    let all: std::sync::Arc<Vec<usize>> = std::sync::Arc::new((0..site.papers.len()).collect());
    // The site's file has every paper's whole entry; a topic's or year's, the citing part.
    let bib = |members: std::sync::Arc<Vec<usize>>, whole: bool| -> WriteFile<'c> {
        let exports = std::sync::Arc::clone(&exports);
        Box::new(move |out| {
            write_joined(out, [b"", b"\n", b""], &members, &|i| {
                let e = exports[i];
                if whole {
                    Cow::Borrowed(e.bibtex.as_str())
                } else {
                    Cow::Owned(format!("{}\n}}\n", &e.bibtex[..e.citing_end]))
                }
            })
        })
    };
    let fixed = |text: String| -> WriteFile<'c> { Box::new(move |out| out.write_all(text.as_bytes())) };
    // A record of every paper: the cached one, or, in a one-off cache, made as it is written.
    let records = |cached: fn(&Export) -> &str, make: fn(&Site, &Paper, &str) -> String| -> WriteFile<'c> {
        let exports = std::sync::Arc::clone(&exports);
        let all = std::sync::Arc::clone(&all);
        Box::new(move |out| {
            write_joined(out, [b"[\n", b",\n", b"\n]\n"], &all, &|i| {
                if one_off {
                    Cow::Owned(make(site, &site.papers[i], &keys[i]))
                } else {
                    Cow::Borrowed(cached(exports[i]))
                }
            })
        })
    };
    let job =
        |path: String, weight: usize, write: WriteFile<'c>| DataJob { path: path.into(), weight, write };
    let papers = site.papers.len();
    // A CSL-JSON or search record is about three times a BibTeX entry.
    let mut files: Vec<DataJob<'c>> = vec![
        job(urls::BIBTEX.into(), papers, bib(std::sync::Arc::clone(&all), true)),
        job(urls::CSL_JSON.into(), 3 * papers, records(|e| &e.csl_json, csl_json)),
        job(
            urls::ROBOTS.into(),
            0,
            fixed(format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                urls::absolute(&config.base_url, urls::SITEMAP)
            )),
        ),
    ];
    if home_is_paginated(site) {
        files.push(job(
            urls::SEARCH_INDEX.into(),
            3 * papers,
            records(|e| &e.search, |site, paper, _| search_entry(&site.config, paper)),
        ));
    }
    if let Some(domain) = &config.cname {
        // GitHub Pages reads its custom domain from this file.
        files.push(job(urls::CNAME.into(), 0, fixed(format!("{domain}\n"))));
    }
    for (topic, members) in site.topics.iter().filter(|(t, _)| scope.topic(&t.code)) {
        let path = urls::bibtex_in(&urls::topic(&topic.code.slug()));
        files.push(job(path, members.len(), bib(std::sync::Arc::new(members.clone()), false)));
    }
    for (year, members) in site.years.iter().filter(|(y, _)| scope.year(*y)) {
        let path = urls::bibtex_in(&urls::year(*year));
        files.push(job(path, members.len(), bib(std::sync::Arc::new(members.clone()), false)));
    }
    files
}

/// Citation keys of every paper: made on every core for a one-off render; else the base key of
/// a paper that did not change (same parsed value) is taken from the cache.
pub(super) fn citation_keys(site: &Site, cache: &mut RenderCache) -> Vec<String> {
    let given: Vec<bool> = site.papers.iter().map(|p| p.key.is_some()).collect();
    if cache.one_off {
        return scholar::unique_keys(site.papers.par_iter().map(|p| scholar::base_key(p)).collect(), &given);
    }
    let mut bases = Vec::with_capacity(site.papers.len());
    for paper in &site.papers {
        let at = std::sync::Arc::as_ptr(paper) as usize;
        match cache.base_keys.get_mut(&paper.slug) {
            Some((ptr, key)) if *ptr == at => bases.push(key.clone()),
            Some(cached) => {
                *cached = (at, scholar::base_key(paper));
                bases.push(cached.1.clone());
            }
            None => {
                let key = scholar::base_key(paper);
                cache.base_keys.insert(paper.slug.clone(), (at, key.clone()));
                bases.push(key);
            }
        }
    }
    if cache.base_keys.len() > site.papers.len() {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        cache.base_keys.retain(|slug, _| live.contains(slug.as_str()));
    }
    scholar::unique_keys(bases, &given)
}

/// Writes `open`, `part(i)` for each of `members` separated by `separator`, then `close`. Parts
/// are made a few hundred at a time on every core, and written in order.
fn write_joined<'p>(
    out: &mut dyn Write,
    [open, separator, close]: [&[u8]; 3],
    members: &[usize],
    part: &(dyn Fn(usize) -> Cow<'p, str> + Sync),
) -> std::io::Result<()> {
    const CHUNK: usize = 512;
    out.write_all(open)?;
    for (n, chunk) in members.chunks(CHUNK).enumerate() {
        let parts: Vec<Cow<'p, str>> = chunk.par_iter().map(|&i| part(i)).collect();
        for (k, p) in parts.iter().enumerate() {
            if n > 0 || k > 0 {
                out.write_all(separator)?;
            }
            out.write_all(p.as_bytes())?;
        }
    }
    out.write_all(close)
}

/// A paper's CSL-JSON item, with citation key `key`.
fn csl_json(site: &Site, paper: &Paper, key: &str) -> String {
    let url = urls::absolute(&site.config.base_url, &urls::paper(paper.slug.as_str()));
    serde_json::to_string(&scholar::csl_item(paper, key, &url)).unwrap_or_default()
}

/// Whether the home page is split into pages (and its filter needs the search index).
fn home_is_paginated(site: &Site) -> bool {
    site.config.paginate > 0 && site.papers.len() > site.config.paginate
}

/// One paper in the search index: site path, title, authors, venue, year, topic codes and the
/// abstract as plain text.
fn search_entry(config: &Config, paper: &Paper) -> String {
    #[derive(Serialize)]
    struct Entry<'a> {
        u: String,
        t: &'a str,
        a: String,
        v: &'a str,
        y: Option<i32>,
        k: Vec<&'a str>,
        x: &'a str,
    }
    let mut authors = paper.authors.join(", ");
    if paper.et_al {
        authors.push_str(" et al.");
    }
    let entry = Entry {
        u: config.base_url.join(&urls::paper(paper.slug.as_str())),
        t: &paper.title,
        a: authors,
        v: paper.venue.as_deref().unwrap_or_default(),
        y: paper.year(),
        k: paper.topics.iter().map(|(code, _)| code.as_str()).collect(),
        x: paper.abstract_text.trim(),
    };
    serde_json::to_string(&entry).unwrap_or_default()
}

/// Makes the BibTeX and CSL-JSON of every paper in `scope`, or whose citation key changed,
/// and drops those of papers that are gone.
pub(super) fn update_exports(
    site: &Site,
    keys: &[String],
    scope: &Scope,
    exports: &mut HashMap<Slug, Export>,
    one_off: bool,
) {
    if matches!(scope, Scope::All) {
        exports.clear();
    }
    let stale: Vec<usize> = (0..site.papers.len())
        .filter(|&i| {
            let paper = &site.papers[i];
            scope.paper(paper.slug.as_str()) || exports.get(&paper.slug).is_none_or(|e| e.key != keys[i])
        })
        .collect();
    let keep = !one_off;
    let search = keep && home_is_paginated(site);
    let fresh: Vec<(Slug, Export)> = stale
        .par_iter()
        .map(|&i| {
            let paper = &site.papers[i];
            let url = urls::absolute(&site.config.base_url, &urls::paper(paper.slug.as_str()));
            let (bibtex, citing_end) =
                scholar::bibtex_parts(paper, &keys[i], &url, scholar::BibtexFor::Export);
            let export = Export {
                key: keys[i].clone(),
                bibtex,
                citing_end,
                csl_json: if keep { csl_json(site, paper, &keys[i]) } else { String::new() },
                search: if search { search_entry(&site.config, paper) } else { String::new() },
            };
            (paper.slug.clone(), export)
        })
        .collect();
    exports.extend(fresh);
    if !matches!(scope, Scope::All) {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        exports.retain(|slug, _| live.contains(slug.as_str()));
    }
}
