//! Criterion benchmarks of the functions a build spends its time in, on the example site's
//! papers: `cargo bench` (or `cargo bench -- parse` for one group).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use pubsite::base::{latex, markdown};
use pubsite::io::load;
use pubsite::model::paper;
use pubsite::pipeline::build::{load_and_check, BuildOptions};
use pubsite::present::render::{self, RenderCache, Scope};
use pubsite::scholar::{self, citation};

fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hot_functions(c: &mut Criterion) {
    let files = load::read_site(example_root()).expect("the example site reads");
    let sources: Vec<_> = files.papers.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    let papers: Vec<paper::Paper> =
        sources.iter().map(|(path, text)| paper::parse(path, text).expect("example papers parse")).collect();
    let abstracts: Vec<&str> =
        sources.iter().filter_map(|(_, text)| paper::split_front_matter(text).ok().map(|f| f.body)).collect();
    let titles: Vec<String> = sources
        .iter()
        .filter_map(|(_, text)| text.lines().find(|l| l.starts_with("title")).map(str::to_owned))
        .collect();

    c.bench_function("parse: front matter + fields, 33 paper files", |b| {
        b.iter(|| sources.iter().filter(|(path, text)| paper::parse(path, text).is_ok()).count())
    });
    c.bench_function("markdown: abstracts with math, 33", |b| {
        b.iter(|| {
            abstracts.iter().map(|a| markdown::render(a).map(|r| r.html.len()).unwrap_or(0)).sum::<usize>()
        })
    });
    c.bench_function("latex: to_unicode on 33 raw title lines", |b| {
        b.iter(|| titles.iter().map(|t| latex::to_unicode(t).len()).sum::<usize>())
    });
    c.bench_function("citation: APA/IEEE/Chicago for 33 papers", |b| {
        b.iter(|| {
            papers.iter().map(|p| citation::references(p, "https://example.org/p/").len()).sum::<usize>()
        })
    });
    c.bench_function("theme: HTML-escape 33 abstracts", |b| {
        b.iter(|| abstracts.iter().map(|a| pubsite::base::escape::escape_html(a).len()).sum::<usize>())
    });
    c.bench_function("scholar: BibTeX entries for 33 papers", |b| {
        b.iter(|| {
            papers
                .iter()
                .map(|p| {
                    scholar::bibtex(p, "key2020", "https://example.org/p/", scholar::BibtexFor::Export).len()
                })
                .sum::<usize>()
        })
    });

    let (inputs, site) = load_and_check(&BuildOptions::new(example_root())).expect("the example site checks");
    c.bench_function("views: a paper page's citations, BibTeX, Scholar tags and JSON-LD, 33 papers", |b| {
        let config = &site.config;
        b.iter(|| {
            site.papers
                .iter()
                .map(|p| {
                    pubsite::present::views::paper_extras(config, p, "key2020", "A description.", None)
                        .json_ld
                        .len()
                })
                .sum::<usize>()
        })
    });
    let mut group = c.benchmark_group("site");
    group.sample_size(20);
    group.bench_function("render: every page of the example site, in memory", |b| {
        b.iter(|| {
            let mut cache = RenderCache::default();
            render::render_site(&site, &inputs.tera, &Scope::All, &mut cache, true)
                .map(|p| p.len())
                .unwrap_or(0)
        })
    });
    group.bench_function("read + parse + check: the example site", |b| {
        b.iter(|| {
            load_and_check(&BuildOptions::new(example_root())).map(|(_, site)| site.papers.len()).unwrap_or(0)
        })
    });
    group.finish();
}

criterion_group!(benches, hot_functions);
criterion_main!(benches);
