//! LaTeX text to Unicode, for what BibTeX files and arXiv metadata carry: accents (`{\"u}`,
//! `\'e`), special letters (`\ss`, `\o`), dashes, escaped symbols and text-style commands.

use unicode_normalization::UnicodeNormalization;

/// Converts LaTeX-encoded text to plain Unicode (NFC). Unknown commands keep their argument;
/// grouping braces disappear; math between `$` is kept as it is.
pub fn to_unicode(text: &str) -> String {
    if text.is_ascii() && !text.contains(['\\', '{', '}', '~', '-', '`', '\'']) {
        // Nothing to decode (the common case for names): just collapse the spaces.
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_math = false;
    while i < chars.len() {
        let c = chars[i];
        if in_math {
            out.push(c);
            in_math = c != '$';
            i += 1;
            continue;
        }
        match c {
            '$' => {
                in_math = true;
                out.push(c);
                i += 1;
            }
            '{' | '}' => i += 1,
            '~' => {
                out.push('\u{a0}');
                i += 1;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                out.push('“');
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                out.push('”');
                i += 2;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 3;
                } else {
                    out.push('–');
                    i += 2;
                }
            }
            '\\' => i = command(&chars, i + 1, &mut out),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.nfc().collect()
}

/// Handles the command after a backslash at `i`; returns the index after it.
fn command(chars: &[char], i: usize, out: &mut String) -> usize {
    let Some(&first) = chars.get(i) else {
        out.push('\\');
        return i;
    };
    if let Some(accent) = accent_mark(first) {
        // \"u, \"{u}, {\"u}, \'{\i}
        let (base, next) = argument(chars, i + 1);
        let base = match base.as_str() {
            "\\i" => "i".to_owned(),
            "\\j" => "j".to_owned(),
            b => b.to_owned(),
        };
        out.push_str(&base);
        out.push(accent);
        return next;
    }
    if !first.is_ascii_alphabetic() {
        // \& \% \$ \_ \# \{ \} \\ and spacing commands
        match first {
            '\\' => out.push(' '),
            ',' | ' ' | ';' | ':' => out.push(' '),
            '-' => {}
            c => out.push(c),
        }
        return i + 1;
    }
    let end = chars[i..].iter().position(|c| !c.is_ascii_alphabetic()).map_or(chars.len(), |p| i + p);
    let name: String = chars[i..end].iter().collect();
    // Letter-like commands swallow one following space.
    let after = if chars.get(end) == Some(&' ') { end + 1 } else { end };
    let letter = match name.as_str() {
        "ss" => Some("ß"),
        "o" => Some("ø"),
        "O" => Some("Ø"),
        "aa" => Some("å"),
        "AA" => Some("Å"),
        "ae" => Some("æ"),
        "AE" => Some("Æ"),
        "oe" => Some("œ"),
        "OE" => Some("Œ"),
        "l" => Some("ł"),
        "L" => Some("Ł"),
        "i" => Some("ı"),
        "j" => Some("ȷ"),
        "textendash" => Some("–"),
        "textemdash" => Some("—"),
        "textquoteright" => Some("’"),
        "textquoteleft" => Some("‘"),
        "ldots" | "dots" | "textellipsis" => Some("…"),
        "LaTeX" => Some("LaTeX"),
        "TeX" => Some("TeX"),
        "textasciitilde" => Some("~"),
        "textbackslash" => Some("\\"),
        "textasciicircum" => Some("^"),
        "textregistered" => Some("®"),
        "texttrademark" => Some("™"),
        "copyright" => Some("©"),
        _ => None,
    };
    if let Some(letter) = letter {
        out.push_str(letter);
        return after;
    }
    if let Some(mark) = letter_accent(&name) {
        let (base, next) = argument(chars, end);
        out.push_str(&base);
        out.push(mark);
        return next;
    }
    // \emph{x}, \textbf{x}, \url{x}, \mbox{x}, unknown commands: keep the argument's text.
    end
}

/// Accent commands written with a symbol: \" \' \` \^ \~ \= \.
fn accent_mark(c: char) -> Option<char> {
    Some(match c {
        '"' => '\u{308}',
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        _ => return None,
    })
}

/// Accent commands written with a letter: \c{c} \v{s} \u{g} \H{o} \r{a} \k{a} \d{a} \b{a}.
fn letter_accent(name: &str) -> Option<char> {
    Some(match name {
        "c" => '\u{327}',
        "v" => '\u{30c}',
        "u" => '\u{306}',
        "H" => '\u{30b}',
        "r" => '\u{30a}',
        "k" => '\u{328}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        _ => return None,
    })
}

/// The argument at `i`: `{...}` (braces dropped), a command like `\i`, or one character.
fn argument(chars: &[char], mut i: usize) -> (String, usize) {
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    match chars.get(i) {
        Some('{') => {
            let mut depth = 0;
            let mut arg = String::new();
            for (k, &c) in chars[i..].iter().enumerate() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return (arg.trim().to_owned(), i + k + 1);
                        }
                    }
                    _ => {}
                }
                if !(c == '{' && depth == 1) {
                    arg.push(c);
                }
            }
            (arg, chars.len())
        }
        Some('\\') => {
            let end = chars[i + 1..]
                .iter()
                .position(|c| !c.is_ascii_alphabetic())
                .map_or(chars.len(), |p| i + 1 + p);
            (chars[i..end].iter().collect(), end)
        }
        Some(&c) => (c.to_string(), i + 1),
        None => (String::new(), i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_in_every_spelling() {
        for input in [r#"M{\"u}ller"#, r#"M\"uller"#, r#"M\"{u}ller"#, "Müller", "Mu\u{308}ller"] {
            assert_eq!(to_unicode(input), "Müller", "{input}");
        }
        assert_eq!(to_unicode(r"Andr\'{e} Gon\c{c}alves"), "André Gonçalves");
        assert_eq!(to_unicode(r"Erd\H{o}s and {\v{S}}koda"), "Erdős and Škoda");
        assert_eq!(to_unicode(r#"Stra\ss e {\o}st \AA{}ngstr\"{o}m"#), "Straße øst Ångström");
        assert_eq!(to_unicode(r#"na\"{\i}ve"#), "naïve");
    }

    #[test]
    fn symbols_dashes_and_commands() {
        assert_eq!(to_unicode(r"Pages 1--10 and A---B"), "Pages 1–10 and A—B");
        assert_eq!(to_unicode(r"R\&D at 50\% \emph{fast} {GPU}s"), "R&D at 50% fast GPUs");
        assert_eq!(to_unicode(r"in $O(n^2)$ time"), "in $O(n^2)$ time");
        assert_eq!(to_unicode(r"a\\b"), "a b");
        assert_eq!(to_unicode("``Quotes''"), "“Quotes”");
    }
}
