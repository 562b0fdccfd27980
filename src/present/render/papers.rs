//! Paper pages: each paper rendered once, into its list entries (kept in the cache) and its
//! page (handed to the sink), from one context per thread.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::Value;

use crate::base::diagnostic::Diagnostic;
use crate::base::taxonomy::Slug;
use crate::present::render::context::{render_error, set, Render};
use crate::present::render::schedule::collect_results;
use crate::present::render::scope::Scope;
use crate::present::render::sink::Page;
use crate::present::views::{self, PaperView};
use crate::site::urls;

/// Renders each paper of `scope` once: its list entries (`partials/paper_entry.html`, and
/// `partials/paper_line.html` for co-author pages) into the cache, and its page (`paper.html`)
/// into `sink`, from one context. Drops the entries of papers that are gone. Returns the number
/// of pages.
pub(super) fn render_papers(
    render: Render,
    keys: &[String],
    entries: &mut HashMap<Slug, (String, String)>,
) -> Result<usize, Vec<Diagnostic>> {
    let Render { site, tera, scope, reads, sv, frame, sink } = render;
    const ENTRY: &str = "partials/paper_entry.html";
    const LINE: &str = "partials/paper_line.html";
    const PAGE: &str = "paper.html";
    const RUN: usize = 32;
    let config = &site.config;
    type Rendered = Result<(Slug, (String, String)), Diagnostic>;
    let rendered: Vec<Rendered> = (0..site.papers.len())
        .into_par_iter()
        // Short runs of papers, so that no core is left with a long one at the end (rayon's own
        // split leaves runs of an eighth of the papers on two cores).
        .with_max_len(RUN)
        .filter(|&i| scope.paper(site.papers[i].slug.as_str()))
        // Each worker keeps one context with the site in it and overwrites the paper's parts in
        // place (`crate::base::value`); the page's parts are kept aside while the entry is rendered.
        .map_init(
            || (sv.clone(), Value::Null, Value::Null, 0),
            |(context, page_slot, cite_slot, last_size), i| {
                let paper = &site.papers[i];
                let mut view = views::paper_view(site, paper);
                if reads.html {
                    view = view.with_html();
                }
                if let Some(page) = context.remove("page") {
                    *page_slot = page;
                }
                if let Some(cite) = context.remove("cite") {
                    *cite_slot = cite;
                }
                let mut paper_slot = context.remove("paper").unwrap_or(Value::Null);
                set(context, "paper", &mut paper_slot, &view)?;
                let entry = tera.render(ENTRY, context).map_err(|e| render_error(ENTRY, &e))?;
                // Only co-author pages show the compact lines.
                let line = if config.coauthor_pages {
                    tera.render(LINE, context).map_err(|e| render_error(LINE, &e))?
                } else {
                    String::new()
                };
                let page = frame.meta(
                    format!("{} · {}", view.title, config.title),
                    description_of(&view),
                    urls::paper(view.slug),
                    "papers",
                );
                set(context, "page", page_slot, &page)?;
                if reads.cite {
                    let extras = views::paper_extras(
                        config,
                        paper,
                        &keys[i],
                        &page.description,
                        view.preview.as_ref().map(|p| (p.absolute.as_str(), p.alt.as_str())),
                    );
                    set(context, "cite", cite_slot, &extras)?;
                }
                // Sized like the last page, so that the page is not copied as it grows.
                let mut bytes = Vec::with_capacity(*last_size + *last_size / 4);
                tera.render_to(PAGE, context, &mut bytes).map_err(|e| render_error(PAGE, &e))?;
                *last_size = bytes.len();
                let path = urls::index_file(&urls::paper(view.slug)).into();
                sink.page(Page { path, bytes })?;
                Ok((paper.slug.clone(), (entry, line)))
            },
        )
        .collect();
    let rendered = collect_results(rendered)?;
    let count = rendered.len();
    if matches!(scope, Scope::All) {
        entries.clear();
    } else {
        let live: HashSet<&str> = site.papers.iter().map(|p| p.slug.as_str()).collect();
        entries.retain(|slug, _| live.contains(slug.as_str()));
    }
    entries.extend(rendered);
    Ok(count)
}

/// A page description: the start of the abstract, else the title, year and authors.
pub(super) fn description_of(paper: &PaperView) -> String {
    const MAX: usize = 300;
    let text = paper.abstract_text;
    if !text.is_empty() {
        // The first MAX characters, cut after the last whole word, or all of a shorter text.
        let Some((end, _)) = text.char_indices().nth(MAX) else { return text.to_owned() };
        let cut = &text[..end];
        let cut = cut.rsplit_once(' ').map_or(cut, |(head, _)| head);
        return format!("{cut}…");
    }
    let names: Vec<&str> = paper.authors.iter().map(|a| a.name).collect();
    let et_al = if paper.et_al { " et al." } else { "" };
    let when = paper.year.map_or_else(|| paper.date_display.clone(), |year| year.to_string());
    format!("{} ({when}), {}{et_al}", paper.title, names.join(", "))
}
