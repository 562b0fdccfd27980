//! A BibTeX file through the importer; each entry it converts must become a paper file that
//! parses (math in an abstract excepted: the importer passes it through unchecked).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for (_, file) in pubsite::commands::import::paper_files(text) {
        let Ok(file) = file else { continue };
        if let Err(problems) = pubsite::model::paper::parse(std::path::Path::new("content/papers/i.md"), &file) {
            for problem in problems {
                assert!(problem.to_string().contains("cannot render math"), "{problem}\n{file}");
            }
        }
    }
});
