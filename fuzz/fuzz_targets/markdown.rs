//! Markdown with math to HTML: no panic, output in proportion to the input, no raw HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(rendered) = pubsite::markdown::render(text) {
        assert!(rendered.html.len() <= 64 * text.len() + 64);
        assert!(!rendered.html.contains("<script"));
        assert!(!rendered.html.to_ascii_lowercase().contains("href=\"javascript:"));
    }
});
