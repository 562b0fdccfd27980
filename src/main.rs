//! The `pubsite` binary: parse the command line, run it, print the outcome, set the exit status.

mod cli;

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use clap::Parser;
use cli::{CheckArgs, Cli, Command, ImportArgs, MigrateArgs, ServeArgs, WatchArgs};
use pubsite::commands::import::{self, ImportOptions};
use pubsite::commands::migrate::{self, MigrateOptions};
use pubsite::commands::scaffold;
use pubsite::commands::serve::{self, ServeEvent};
use pubsite::commands::watch::{Debounce, Outcome, SiteWatcher};
use pubsite::pipeline::check::{self, Answer, CheckOptions};
use pubsite::pipeline::rebuild::{Change, RebuildReport, Rebuilder};
use pubsite::Error;

// A build allocates and frees millions of small strings and template values across threads;
// mimalloc does that in about half the time of the system allocator (see bench/README figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => {
            let started = Instant::now();
            // mimalloc asks for transparent huge pages; a build that ends in a second gains
            // about 5% of time from them but holds half again as much memory (2 MiB pages
            // partly used), so a build goes without. `serve` keeps them.
            #[cfg(target_os = "linux")]
            let _ = rustix::thread::disable_transparent_huge_pages(true);
            args.run().map(|summary| {
                if args.timings {
                    for phase in &summary.timings {
                        let peak =
                            phase.peak_rss_mib.map_or(String::new(), |m| format!("  (peak {m:.0} MiB)"));
                        println!("  {:<40} {:>9.1} ms{peak}", phase.name, phase.took.as_secs_f64() * 1000.0);
                    }
                }
                for warning in &summary.warnings {
                    eprintln!("{warning}");
                }
                println!(
                    "Built {} papers into {} pages in {} ms: {} ({} of {} files changed)",
                    summary.papers,
                    summary.pages,
                    started.elapsed().as_millis(),
                    summary.output.display(),
                    summary.written,
                    summary.files
                );
            })
        }
        Command::Serve(args) => run_serve(args),
        Command::Watch(args) => run_watch(args),
        Command::Init(args) => scaffold::init(
            &args.dir,
            today(),
            &scaffold::InitOptions {
                github_repository: args.github_pages.clone(),
                workflow: !args.no_workflow,
            },
        )
        .map(|written| {
            for path in written {
                println!("Wrote {}", path.display());
            }
            println!("Next: pubsite serve --root {}", args.dir.display());
            if !args.no_workflow {
                println!(
                    "To publish: push the folder to GitHub and pick Settings > Pages > Source: \
                     \"GitHub Actions\"; the workflow builds, checks and deploys on every push to main."
                );
            }
        }),
        Command::New(args) => scaffold::new_paper(&args.root, &args.title, today())
            .map(|path| println!("Wrote {}", path.display())),
        Command::Import(args) => match run_import(args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(error) => Err(error),
        },
        Command::Migrate(args) => run_migrate(args),
        Command::Check(args) => match run_check(args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(error) => Err(error),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Prints what `check` found; `Ok(false)` when the site has problems.
fn run_check(args: &CheckArgs) -> Result<bool, Error> {
    let started = Instant::now();
    let report = check::check(&CheckOptions {
        root: args.root.clone(),
        base_url: args.base_url.clone(),
        include_drafts: args.drafts,
        external: args.external,
        timeout: std::time::Duration::from_secs(args.timeout),
        today: today(),
    })?;
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    if !report.external.is_empty() {
        let how = if args.external { "fetched" } else { "not fetched; pass --external to fetch them" };
        println!("External links ({}, {how}):", report.external.len());
        for (url, places) in &report.external {
            let first = &places[0];
            let more = if places.len() > 1 { format!(", +{} more", places.len() - 1) } else { String::new() };
            let answer = match report.answers.get(url) {
                Some(Answer::Ok(code) | Answer::Status(code)) => format!("[{code}] "),
                Some(Answer::Failed(_)) => "[failed] ".to_owned(),
                None => String::new(),
            };
            println!("  {answer}{url}  ({}:{}{more})", first.page.display(), first.line);
        }
    }
    let errors = report.problems.iter().filter(|p| p.is_error()).count();
    let warnings = report.problems.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    println!(
        "Checked {}, {} pages and feeds, {} internal links in {} ms: {}, {}",
        plural(report.papers, "paper"),
        report.pages,
        report.links,
        started.elapsed().as_millis(),
        plural(errors, "error"),
        plural(warnings, "warning"),
    );
    if warnings > 0 && errors == 0 && args.strict {
        println!("--strict: the warnings count as errors");
    }
    Ok(errors == 0 && (warnings == 0 || !args.strict))
}

/// Migrates and prints what was carried over, what was not, and what to do next.
fn run_migrate(args: &MigrateArgs) -> Result<(), Error> {
    let target = args.new.clone().unwrap_or_else(|| migrate::default_target(&args.old));
    let report = migrate::migrate(&args.old, &target, &MigrateOptions { dry_run: args.dry_run })?;
    let dir = report.target.display();
    let papers = &report.papers;
    if args.dry_run {
        println!(
            "Dry run: nothing was written. Migrating this {} site into {dir} would carry over:",
            report.generator.name()
        );
    } else {
        println!(
            "Migrated the {} site {} into {dir}. Carried over:",
            report.generator.name(),
            args.old.display()
        );
    }
    for line in &report.carried {
        println!("  {line}");
    }
    println!(
        "  = {} papers, {} news items, {} pages ({}), {} files in static/",
        report.paper_count(),
        report.news,
        report.pages.len(),
        report.pages.join(", "),
        report.files
    );
    for merge in &papers.merged {
        println!("  merged {merge}");
    }
    if !report.left.is_empty() {
        println!("Not carried over ({}), each with its file in the old site:", report.left.len());
        for left in &report.left {
            println!("  {left}");
        }
    }
    for note in &papers.notes {
        println!("  note: {note}");
    }
    for file in &papers.missing_files {
        println!("  a local file of a paper, not found: {file}");
    }
    for problem in &papers.invalid {
        println!("  {problem}");
    }
    let left_out = papers.fields_left_out();
    if !left_out.is_empty() {
        println!("  BibTeX fields not imported:");
        for line in &left_out {
            println!("    {line}");
        }
    }
    match &report.build {
        Ok(pages) => println!("The new site builds: {pages} pages."),
        Err(error) => println!("The new site does not build yet; fix these first:\n{error}"),
    }
    if !args.dry_run {
        println!("Next steps:");
        println!("  pubsite serve --root {dir}      look at it at http://127.0.0.1:1111/");
        println!("  pubsite check --root {dir}      every link, anchor and paper checked");
        if report.placeholder_url {
            println!("  set base_url in {dir}/site.toml (the old site named no address)");
        }
        println!(
            "  push the folder to GitHub and pick Settings > Pages > Source: \"GitHub Actions\": \
             .github/workflows/pages.yml builds, checks and deploys it on every push."
        );
    }
    Ok(())
}

/// Imports and prints what was done; `Ok(false)` when an entry was invalid.
fn run_import(args: &ImportArgs) -> Result<bool, Error> {
    let options = ImportOptions {
        dry_run: args.dry_run,
        force: args.force,
        topic: args.topic.clone(),
        files: args.files.clone(),
    };
    let report = import::import(&args.root, &args.file, &options)?;
    let (wrote, updated) = if args.dry_run { ("Would write", "Would update") } else { ("Wrote", "Updated") };
    for path in &report.written {
        println!("{wrote} {}", path.display());
    }
    for path in &report.updated {
        println!("{updated} {}", path.display());
    }
    for merge in &report.merged {
        println!("Merged {merge}");
    }
    for skip in &report.skipped {
        println!("Skipped {skip}");
    }
    for path in &report.copied {
        println!("Copied {}", path.display());
    }
    for problem in &report.invalid {
        eprintln!("{problem}");
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    if !report.missing_files.is_empty() {
        eprintln!(
            "note: {} local file{} named in the entries {} not found, so {} not linked; put {} in static/files/ \
             (images in static/images/), or import again with --files DIR:",
            report.missing_files.len(),
            if report.missing_files.len() == 1 { "" } else { "s" },
            if report.missing_files.len() == 1 { "was" } else { "were" },
            if report.missing_files.len() == 1 { "it is" } else { "they are" },
            if report.missing_files.len() == 1 { "it" } else { "them" },
        );
        for file in &report.missing_files {
            eprintln!("  {file}");
        }
    }
    let left_out = report.fields_left_out();
    if !left_out.is_empty() {
        eprintln!("note: fields not imported:");
        for line in &left_out {
            eprintln!("  {line}");
        }
    }
    println!(
        "{} imported, {} updated, {} unchanged, {} merged, {} skipped, {} invalid",
        report.written.len(),
        report.updated.len(),
        report.unchanged.len(),
        report.merged.len(),
        report.skipped.len(),
        report.invalid.len()
    );
    Ok(report.invalid.is_empty())
}

fn run_serve(args: &ServeArgs) -> Result<(), Error> {
    let open = args.open;
    serve::serve(args.options(), move |event| match event {
        ServeEvent::Listening { url, first_build } => {
            print_outcome(&first_build);
            println!("Serving {url}  (Ctrl-C to stop)");
            if open {
                if let Err(e) = open::that_detached(&url) {
                    eprintln!("could not open a browser: {e}");
                }
            }
        }
        ServeEvent::Rebuild(outcome) => print_outcome(&outcome),
    })
}

fn run_watch(args: &WatchArgs) -> Result<(), Error> {
    let mut rebuilder = Rebuilder::new(args.site.options(None))?;
    match rebuilder.rebuild(&[Change::Everything]) {
        Ok(report) => print_report(&report, &[], None),
        Err(error @ Error::Usage(_)) => return Err(error),
        Err(error) => eprintln!("{error}"),
    }
    let watcher = SiteWatcher::new(&rebuilder)?;
    println!("Watching {} for changes (Ctrl-C to stop)", args.site.root.display());
    watcher
        .run(&mut rebuilder, Debounce::default(), &AtomicBool::new(false), |outcome| print_outcome(&outcome))
}

fn print_outcome(outcome: &Outcome) {
    match outcome {
        Outcome::Rebuilt { report, changes, waited } => print_report(report, changes, Some(*waited)),
        Outcome::Failed { error, .. } => {
            eprintln!("{error}\n(the last good build stays in place; fix it and save again)")
        }
        Outcome::PagesReady => {}
    }
}

fn print_report(report: &RebuildReport, changes: &[Change], waited: Option<std::time::Duration>) {
    let what = match changes {
        [Change::Paper(path)] => path.display().to_string(),
        [] | [Change::Everything] => "site".to_owned(),
        many => format!("{} files", many.len()),
    };
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} {what}: {} papers, {} pages rendered, {} files written, {} removed \
         (debounce {:.1} ms, load {:.1} ms, render {:.1} ms, write {:.1} ms{})",
        if report.full { "Rebuilt" } else { "Updated" },
        report.papers,
        report.pages_rendered,
        report.sync.written,
        report.sync.removed,
        waited.map_or(0.0, ms),
        ms(report.load_time),
        ms(report.render_time),
        ms(report.write_time),
        if report.pages_first {
            format!("; pages ready after {:.1} ms", ms(report.ready_time))
        } else {
            String::new()
        },
    );
}
