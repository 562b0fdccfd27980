//! LaTeX text commands and accents to Unicode.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let clean = pubsite::base::latex::to_unicode(text);
    assert!(clean.len() <= 4 * text.len() + 16);
});
