//! The floor of a build on this machine: writes the files of an existing output folder, read
//! into memory first, into a new folder with both cores (a folder per page, as a build makes
//! them), and prints how long the writing took. `bench/build_speed.py` runs it beside the builds.
//!
//! usage: cargo run --release --example write_floor -- FROM TO

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

fn main() -> std::io::Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [from, to] = args.as_slice() else {
        eprintln!("usage: write_floor FROM TO");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let inside = entry.path().strip_prefix(from).expect("walkdir stays under its root");
            files.push((inside.to_owned(), std::fs::read(entry.path())?));
        }
    }
    let started = Instant::now();
    files.par_iter().try_for_each(|(inside, bytes)| {
        let path = to.join(inside);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)
    })?;
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "{} files, {:.1} MB in {:.3} s",
        files.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
