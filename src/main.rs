//! The `pubsite` binary: parse the command line, run it, print the outcome, set the exit status.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use pubsite::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let result = match &cli.command {
        Command::Build(args) => args.run().map(|summary| {
            println!(
                "Built {} papers into {} pages in {} ms: {}",
                summary.papers,
                summary.pages,
                started.elapsed().as_millis(),
                summary.output.display()
            );
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
