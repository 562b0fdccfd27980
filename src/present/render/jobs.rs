//! Pages rendered from jobs: each job names its template, its path and how to make its context,
//! and the jobs are rendered on every core, the largest first, straight into the sink.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use crate::base::diagnostic::Diagnostic;
use crate::base::sync::lock;
use crate::present::render::context::{add_fields, context_error, render_error, take_fields};
use crate::present::render::schedule::{collect_results, heaviest_first};
use crate::present::render::sink::Sink;

/// A page to render: its template, its path and how to make its context. Contexts are made
/// when the page is rendered, on the rendering thread, so they are never all in memory at once.
pub(super) struct Job<'a> {
    pub(super) template: &'static str,
    pub(super) path: String,
    pub(super) context: LazyContext<'a>,
    /// About how much work the page is (entries or items it lists), to start the large ones first.
    pub(super) weight: usize,
}

/// A page's own fields (`value`'s), made when the page is rendered, over the fields of the page
/// the thread rendered before (`crate::base::value::assign`: a co-author page reuses the last one's
/// strings and arrays). The page's context is the site's (serialised once per render) with them
/// added.
pub(super) type LazyContext<'a> = Box<dyn Fn(&mut Value) -> serde_json::Result<()> + Send + Sync + 'a>;

pub(super) fn lazy<'a, T: Serialize + Send + Sync + 'a>(value: T) -> LazyContext<'a> {
    Box::new(move |slot| crate::base::value::assign(slot, &value))
}

/// Renders `jobs` into `sink` on every core, each page's context the site's part `sv` with the
/// page's fields added; returns the number of pages.
pub(super) fn render_jobs(
    tera: &Tera,
    sv: &Context,
    jobs: Vec<Job>,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    // The site's part of a context is copied once per thread, not once per page: each page adds
    // its fields to a context that a thread is done with, and takes them out again.
    let contexts = std::sync::Mutex::new(Vec::<(Context, Value)>::new());
    let results = heaviest_first(
        jobs,
        |job| job.weight,
        |job| {
            let taken = lock(&contexts).pop();
            let (mut context, mut fields) = taken.unwrap_or_else(|| (sv.clone(), Value::Null));
            (job.context)(&mut fields).map_err(|e| context_error(&tera::Error::json(e)))?;
            let names = add_fields(&mut context, &mut fields).map_err(|e| context_error(&e))?;
            // Straight to the file: a list page can be megabytes, and is not held.
            let failed = std::cell::RefCell::new(None);
            let written = sink.stream(PathBuf::from(job.path), &|out| {
                tera.render_to(job.template, &context, out).map_err(|e| {
                    *failed.borrow_mut() = Some(render_error(job.template, &e));
                    std::io::Error::other("the template failed")
                })
            });
            take_fields(&mut context, names, &mut fields);
            lock(&contexts).push((context, fields));
            match failed.into_inner() {
                Some(problem) => Err(problem),
                None => written,
            }
        },
    );
    Ok(collect_results(results)?.len())
}
