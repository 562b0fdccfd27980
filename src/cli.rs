//! The command line: one `Args` struct per subcommand, each turned into library options.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildOptions, BuildSummary};
use crate::error::Result;

/// pubsite: a static-site generator for academic publication pages.
#[derive(Debug, Parser)]
#[command(name = "pubsite", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's, e.g. https://user.github.io/repo/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include papers marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

impl BuildArgs {
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            include_drafts: self.drafts,
        }
    }

    pub fn run(&self) -> Result<BuildSummary> {
        build::build(&self.options())
    }
}
