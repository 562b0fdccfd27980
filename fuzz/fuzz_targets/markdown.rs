//! Markdown with math to HTML: no panic, output in proportion to the input, no markup from raw
//! HTML, no script URL in a link or image. (Escaped text such as `&lt;a href="javascript:..."`
//! is text, so the checks look for real tags, which start with `<`.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(rendered) = pubsite::base::markdown::render(text) {
        assert!(rendered.html.len() <= 64 * text.len() + 64);
        let html = rendered.html.to_ascii_lowercase();
        for bad in ["<script", "<a href=\"javascript:", "<img src=\"javascript:", "<a href=\"data:", "<img src=\"data:"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }
});
