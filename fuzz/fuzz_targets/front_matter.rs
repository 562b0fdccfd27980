//! A paper file: front matter split, TOML, fields, links and the Markdown abstract.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(front) = pubsite::model::paper::split_front_matter(text) {
        assert_eq!(front.body, &text[front.body_offset..]);
    }
    if let Err(problems) = pubsite::model::paper::parse(std::path::Path::new("content/papers/p.md"), text) {
        assert!(!problems.is_empty());
        let lines = text.split('\n').count();
        for problem in problems {
            if let Some(location) = &problem.location {
                assert!(location.line >= 1 && location.line <= lines);
            }
        }
    }
});
