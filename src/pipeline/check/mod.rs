//! `pubsite check`: everything that would build but is wrong, found before visitors find it.
//! Content lint on the paper files, then an audit of a build written to a temporary folder
//! (links, anchors, the base URL's sub-path, titles), then the external links, listed or fetched.

mod audit;
mod external;
mod lint;
mod portable;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

pub(crate) use audit::ExternalLink;
pub use external::Answer;

use crate::base::diagnostic::{Diagnostic, Error, Location, Result};
use crate::io::load::{self, CONFIG_FILE};
use crate::io::output;
use crate::pipeline::build;
use crate::pipeline::prepare::{prepare, BuildOptions};
use crate::present::render;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Audit the output for this base URL instead of `site.toml`'s.
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// Fetch external links (off by default: checks stay offline and fast).
    pub external: bool,
    pub timeout: Duration,
    /// Dates after a year from this day are reported.
    pub today: NaiveDate,
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Problems, content first, then the built pages; empty means the site is fine.
    pub problems: Vec<Diagnostic>,
    /// Every distinct external URL with the places it appears, sorted by URL.
    pub external: BTreeMap<String, Vec<ExternalLink>>,
    /// Answers of the external URLs when they were fetched.
    pub answers: BTreeMap<String, Answer>,
    pub papers: usize,
    pub pages: usize,
    pub links: usize,
}

/// Runs every check on the site at `options.root`. Problems in the site are in the report; only
/// an unusable request (no site there) or a failing disk is an error.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: None,
        base_url: options.base_url.clone(),
        include_drafts: options.include_drafts,
    };
    // Read once: the paper texts are kept for line numbers, the rest is checked as build does.
    let files = load::read_site(&options.root)?;
    let config_text = files.config_text.clone();
    let texts: HashMap<PathBuf, String> =
        files.papers.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    let (inputs, site) = match prepare(files, &build_options) {
        Ok(prepared) => prepared,
        Err(Error::Content(problems)) => return Ok(CheckReport { problems, ..CheckReport::default() }),
        Err(other) => return Err(other),
    };
    let site = &site;
    let mut report = CheckReport { papers: site.papers.len(), ..CheckReport::default() };
    report.problems.extend(site.config.notes.iter().cloned());
    report.problems.extend(config_problems(site, &config_text, options.base_url.is_some()));
    report.problems.extend(lint::lint(site, &texts, &options.root, options.today));

    let pages =
        match render::render_site(site, &inputs.tera, &render::Scope::All, &mut Default::default(), true) {
            Ok(pages) => pages,
            Err(problems) => {
                report.problems.extend(problems);
                return Ok(report);
            }
        };
    let scratch = tempfile::Builder::new()
        .prefix("pubsite-check-")
        .tempdir()
        .map_err(|e| Error::io("cannot make a temporary folder in", &std::env::temp_dir(), e))?;
    let output_dir = scratch.path().join(SHOWN_OUTPUT);
    let files = build::output_files(site, pages, &inputs.static_files);
    let paths: Vec<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    report.problems.extend(portable::portability(&paths, SHOWN_OUTPUT));
    output::write_all(&output_dir, &files)?;
    let audit = audit::audit(&output_dir, &site.config.base_url, SHOWN_OUTPUT);
    report.problems.extend(audit.problems.into_iter().map(|p| point_to_source(p, &texts)));
    report.pages = audit.pages;
    report.links = audit.links;
    for link in audit.external {
        report.external.entry(link.url.clone()).or_default().push(link);
    }

    if options.external {
        let urls: Vec<String> = report.external.keys().cloned().collect();
        let answers = external::fetch_all(&urls, options.timeout);
        for (url, answer) in urls.into_iter().zip(answers) {
            let failure = match &answer {
                Answer::Ok(_) => None,
                Answer::Status(code) => Some(format!("external link {url} answers {code}")),
                Answer::Failed(why) => Some(format!("external link {url} cannot be reached: {why}")),
            };
            if let (Some(message), Some(first)) = (failure, report.external[&url].first()) {
                let mut problem = Diagnostic::new(&first.page, message)
                    .with_hint("update the address, or remove the link if the page is gone")
                    .warning();
                problem.location = Some(Location { line: first.line, column: 1 });
                report.problems.push(problem);
            }
            report.answers.insert(url, answer);
        }
    }
    Ok(report)
}

/// How diagnostics name the output folder that `check` builds into a temporary folder.
const SHOWN_OUTPUT: &str = "public";

/// Adds to a problem found in a built page where its link was written, when a paper's Markdown
/// holds it (`[text](url)`).
fn point_to_source(mut problem: Diagnostic, texts: &HashMap<PathBuf, String>) -> Diagnostic {
    let Some(url) = problem.message.split('`').nth(1) else {
        return problem;
    };
    let needle = format!("]({url}");
    let mut sources: Vec<(&PathBuf, usize)> = texts
        .iter()
        .filter_map(|(path, text)| text.find(&needle).map(|at| (path, Location::of_offset(text, at).line)))
        .collect();
    sources.sort();
    if let Some((path, line)) = sources.first() {
        let written = format!("the link is written in {}:{line}", path.display());
        problem.hint = Some(match problem.hint.take() {
            Some(hint) => format!("{written}; {hint}"),
            None => written,
        });
    }
    problem
}

/// Settings that contradict each other: a `cname` that is not the host of `base_url`.
fn config_problems(site: &crate::site::Site, text: &str, overridden: bool) -> Vec<Diagnostic> {
    let config = &site.config;
    let Some(domain) = &config.cname else {
        return Vec::new();
    };
    let host = config.base_url.absolute().split("://").nth(1).unwrap_or_default().split('/').next();
    if overridden || host.is_some_and(|h| h.eq_ignore_ascii_case(domain)) {
        return Vec::new();
    }
    let line = text.lines().position(|l| l.trim_start().starts_with("cname")).map_or(1, |i| i + 1);
    vec![Diagnostic::new(
        CONFIG_FILE,
        format!("cname `{domain}` is not the host of base_url `{}`", config.base_url.absolute()),
    )
    .at_line(text, line)
    .with_hint(format!("with a custom domain, set base_url = \"https://{domain}/\""))]
}
