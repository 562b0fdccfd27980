//! Escaping text for HTML (element content and quoted attributes) with a byte table, the
//! escaper every template value and every fragment made in Rust goes through; and the one way a
//! file path of the system becomes a `/`-separated site path (`slash_path`).

use std::path::Component;

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

/// The components of a relative path joined with `/`, whatever the system's separator (`\` on
/// Windows): the form of every URL, template name and site path a message shows. `None` when the
/// path cannot be one: a component that is not UTF-8, holds a `/` or `\` (a Unix file name may,
/// and a browser reads `\` as `/`), or is a root, a drive or `..`. (`.` components are dropped.)
pub(crate) fn slash_path<'a>(components: impl IntoIterator<Item = Component<'a>>) -> Option<String> {
    let mut out = String::new();
    for component in components {
        match component {
            Component::CurDir => continue,
            Component::Normal(name) => {
                let name = name.to_str().filter(|n| !n.contains(['/', '\\']))?;
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(name);
            }
            Component::RootDir | Component::Prefix(_) | Component::ParentDir => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::path::Path;

    #[test]
    fn a_path_of_the_system_becomes_a_slash_path() {
        let built = Path::new("papers").join("x").join("index.html");
        assert_eq!(slash_path(built.components()).as_deref(), Some("papers/x/index.html"));
        assert_eq!(slash_path(Path::new("./a/./b").components()).as_deref(), Some("a/b"));
        assert_eq!(slash_path(Path::new("").components()).as_deref(), Some(""));
        for not_relative in ["/etc/passwd", "../up", "a/../b"] {
            assert_eq!(slash_path(Path::new(not_relative).components()), None, "{not_relative}");
        }
    }

    /// Given the components themselves (as a Unix file system can hold them), the result never
    /// holds a backslash: a name with one has no site path.
    #[test]
    fn a_slash_path_never_holds_a_backslash() {
        fn normal(names: &[&'static str]) -> Vec<Component<'static>> {
            names.iter().map(|n| Component::Normal(OsStr::new(*n))).collect()
        }
        assert_eq!(slash_path(normal(&["a", "b.html"])).as_deref(), Some("a/b.html"));
        assert_eq!(slash_path(normal(&["a\\b.html"])), None);
        assert_eq!(slash_path(normal(&["dir", "c\\d", "e"])), None);
        assert_eq!(slash_path(normal(&["a/b"])), None);
        for names in [&["x", "y\\"][..], &["\\"], &["é", "ü.pdf"]] {
            assert!(slash_path(normal(names)).is_none_or(|p| !p.contains('\\')), "{names:?}");
        }
    }

    #[cfg(windows)]
    #[test]
    fn a_windows_path_becomes_a_slash_path() {
        assert_eq!(
            slash_path(Path::new(r"papers\x\index.html").components()).as_deref(),
            Some("papers/x/index.html")
        );
        assert_eq!(slash_path(Path::new(r"C:\site").components()), None);
    }
}
