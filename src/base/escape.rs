//! Escaping text for HTML (element content and quoted attributes) with a byte table, the
//! escaper every template value and every fragment made in Rust goes through.

/// HTML-escapes text for element content and quoted attributes. Unlike Tera's default, it leaves
/// `/` alone, so URLs stay readable in the page source.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    push_html_escaped(&mut out, input);
    out
}

/// Appends `text` to `out`, escaped as `escape_html` does.
pub(crate) fn push_html_escaped(out: &mut String, text: &str) {
    static HTML: Escapes =
        Escapes::new(&[(b'&', "&amp;"), (b'<', "&lt;"), (b'>', "&gt;"), (b'"', "&quot;"), (b'\'', "&#39;")]);
    push_escaped(out, text, &HTML);
}

/// The replacement of each byte that an escaper replaces, as a table indexed by the byte: one load
/// per byte of text, where a `match` over the escaped bytes takes several comparisons.
pub(crate) struct Escapes([Option<&'static str>; 256]);

impl Escapes {
    /// `pairs` of an ASCII byte and its replacement.
    pub(crate) const fn new(pairs: &[(u8, &'static str)]) -> Escapes {
        let mut table = [None; 256];
        let mut i = 0;
        while i < pairs.len() {
            assert!(pairs[i].0.is_ascii(), "only ASCII bytes can be escaped");
            table[pairs[i].0 as usize] = Some(pairs[i].1);
            i += 1;
        }
        Escapes(table)
    }
}

/// Appends `text` to `out` with each byte that `escapes` has a replacement for replaced. The bytes
/// escaped are ASCII: the runs between them are copied whole, and every cut falls on a character
/// boundary. (This escapes every value a template prints, and all BibTeX.)
pub(crate) fn push_escaped(out: &mut String, text: &str, escapes: &Escapes) {
    let mut start = 0;
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if let Some(replacement) = escapes.0[byte as usize] {
            out.push_str(&text[start..at]);
            out.push_str(replacement);
            start = at + 1;
        }
    }
    out.push_str(&text[start..]);
}
