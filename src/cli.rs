//! The command line: one `Args` struct per subcommand, each turned into library options.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use pubsite::base::diagnostic::Result;
use pubsite::commands::serve::ServeOptions;
use pubsite::pipeline::build::{self, BuildOptions, BuildSummary};

/// pubsite: a static-site generator for academic publication pages.
#[derive(Debug, Parser)]
#[command(
    name = "pubsite",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("PUBSITE_COMMIT"), ")"),
    about,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build, serve on http://127.0.0.1:1111 and rebuild and reload the browser on every change.
    Serve(ServeArgs),
    /// Build, then rebuild on every change (no server).
    Watch(WatchArgs),
    /// Create a new site in DIR that builds and serves at once.
    Init(InitArgs),
    /// Write a new paper file with today's date and the fields to fill in.
    New(NewArgs),
    /// Turn a BibTeX/BibLaTeX file into paper files (again: update the papers it made before);
    /// exits 1 when an entry could not be read.
    Import(ImportArgs),
    /// Make a pubsite site of an al-folio, academicpages or Hugo Blox site: profile, papers, news,
    /// pages and files; prints what was carried over and what was not (the old folder is only read).
    Migrate(MigrateArgs),
    /// Find problems before visitors do: lint the papers, build into a temporary folder and
    /// check every link, anchor and title; exits 1 on errors (and on warnings with --strict).
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check the site as built for this base URL, e.g. https://user.github.io/repo/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include papers marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Fetch every external link (by default they are only listed).
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link.
    #[arg(long, default_value_t = 15)]
    pub timeout: u64,
    /// Fail on warnings too (a paper without a topic or abstract, a probable duplicate, an
    /// external link that cannot be reached).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder for the new site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The GitHub repository that will publish the site, as OWNER/REPO: sets base_url for a
    /// user page (REPO = OWNER.github.io) or a project page (https://OWNER.github.io/REPO/).
    #[arg(long, value_name = "OWNER/REPO")]
    pub github_pages: Option<String>,
    /// Do not write the GitHub Pages workflow (.github/workflows/pages.yml).
    #[arg(long)]
    pub no_workflow: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The paper's title.
    pub title: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The .bib file to read.
    pub file: PathBuf,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Report what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Rewrite the papers an entry matches (same key, DOI or arXiv id) whole, instead of
    /// updating the fields the entry has and keeping the rest.
    #[arg(long)]
    pub force: bool,
    /// Give every imported paper this topic code.
    #[arg(long)]
    pub topic: Option<String>,
    /// A folder with the local files the entries name (`pdf = {paper.pdf}`, `preview =
    /// {paper.png}`), searched to five levels down, such as an al-folio site's assets/: they are
    /// copied into static/.
    #[arg(long, value_name = "DIR")]
    pub files: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    /// The old site's folder (an al-folio, academicpages or Hugo Blox site).
    pub old: PathBuf,
    /// The folder for the new site (new or empty) [default: OLD-pubsite beside the old one].
    pub new: Option<PathBuf>,
    /// Report what would be carried over, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The folders and switches every command shares.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Include papers marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Use this base URL instead of site.toml's, e.g. https://user.github.io/repo/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print how long each phase of the build took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The address to listen on; keep the loopback default unless others must reach it.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

impl SiteArgs {
    pub fn options(&self, base_url: Option<String>) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
            base_url,
            include_drafts: self.drafts,
        }
    }
}

impl BuildArgs {
    pub fn run(&self) -> Result<BuildSummary> {
        build::build(&self.site.options(self.base_url.clone()))
    }
}

impl ServeArgs {
    pub fn options(&self) -> ServeOptions {
        ServeOptions { build: self.site.options(None), interface: self.interface, port: self.port }
    }
}
