//! Reading a .bib file: its bytes as text (UTF-8, else Latin-1), its `@type{...}` blocks, each
//! block's text made plain for the BibTeX parser (parentheses, upper-case `AND`, author marks,
//! ADS journal macros, `\(..\)` math), then parsed with the file's `@string`s and the parent it
//! names in `crossref`.

use std::collections::HashSet;

use biblatex::{Bibliography, Entry};

/// The text of a .bib file, and the line of its first byte that is not UTF-8 when it was read
/// as Latin-1.
pub(super) fn decode(bytes: &[u8]) -> (String, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(error) => {
            let line = bytes[..error.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            // ISO 8859-1 maps each byte to the code point of the same number.
            (bytes.iter().map(|&b| char::from(b)).collect(), Some(line))
        }
    }
}

/// One `@type{...}` block of a .bib file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block<'a> {
    pub kind: String,
    pub key: String,
    pub text: &'a str,
    pub offset: usize,
    pub closed: bool,
}

impl Block<'_> {
    /// An entry (not `@string`, `@comment` or `@preamble`).
    pub fn is_entry(&self) -> bool {
        !matches!(self.kind.as_str(), "string" | "comment" | "preamble")
    }
}

/// Splits a .bib file into its `@...{...}` and `@...(...)` blocks; text between blocks is a comment.
pub(super) fn blocks(text: &str) -> Vec<Block<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find('@').map(|p| p + i) {
        let name_end = text[at + 1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map_or(text.len(), |p| at + 1 + p);
        let kind = text[at + 1..name_end].to_ascii_lowercase();
        let open = text[name_end..].find(|c: char| !c.is_whitespace()).map(|p| name_end + p);
        let Some(open) = open.filter(|&o| matches!(bytes[o], b'{' | b'(')) else {
            i = at + 1;
            continue;
        };
        let close_char = if bytes[open] == b'{' { b'}' } else { b')' };
        let mut depth = 0i32;
        let mut end = None;
        for (k, &b) in bytes[open..].iter().enumerate() {
            match b {
                b'{' | b'(' if b == bytes[open] || b == b'{' => depth += 1,
                b'}' | b')' if b == close_char || b == b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(open + k + 1);
                        break;
                    }
                }
                // A new entry at the start of a line while braces are still open: this one
                // was never closed.
                b'@' if k > 0 && bytes[open + k - 1] == b'\n' && depth > 0 => break,
                _ => {}
            }
        }
        let (closed, stop) = match end {
            Some(end) => (true, end),
            None => {
                let next = text[open..].find("\n@").map_or(text.len(), |p| open + p + 1);
                (false, next)
            }
        };
        let key = text[open + 1..stop].split([',', '\n']).next().unwrap_or_default().trim().to_owned();
        out.push(Block { kind, key, text: &text[at..stop], offset: at, closed });
        i = stop;
    }
    out
}

/// The keys (lower-cased) that entries name in `crossref`.
pub(super) fn crossref_targets(all: &[Block]) -> HashSet<String> {
    all.iter()
        .filter_map(|b| crossref_of(b.text).filter(|parent| !parent.eq_ignore_ascii_case(&b.key)))
        .map(|k| k.to_lowercase())
        .collect()
}

fn crossref_of(text: &str) -> Option<&str> {
    let at = text.to_lowercase().find("crossref")?;
    let rest = &text[at..];
    let value = rest.split(['{', '"']).nth(1)?.split(['}', '"']).next()?;
    Some(value.trim())
}

/// The file's `@string` blocks, as one text to put before each entry.
pub(super) fn strings(all: &[Block]) -> String {
    all.iter()
        .filter(|b| b.kind == "string" && b.closed)
        .map(|b| plain(b.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses one block with the file's `@string`s and, for `crossref`, its parent entry.
pub(super) fn parse_block(block: &Block, all: &[Block], strings: &str) -> Result<Entry, String> {
    if !block.closed {
        return Err("it is not closed: a `}` is missing".to_owned());
    }
    let mut source = format!("{strings}\n{}\n", plain(block.text));
    let parent_key = crossref_of(block.text).filter(|p| !p.eq_ignore_ascii_case(&block.key));
    let parent = parent_key.and_then(|p| all.iter().find(|b| b.key.eq_ignore_ascii_case(p) && b.closed));
    if let Some(parent) = parent {
        source.push_str(&plain(parent.text));
        source.push('\n');
    }
    // biblatex follows crossref and xdata recursively and never returns from a cycle (the
    // bibtex fuzz target found two): they are taken out, and the parent's fields are inherited
    // here, one level deep.
    let mut raw = biblatex::RawBibliography::parse(&source).map_err(|e| syntax_error(&e.kind.to_string()))?;
    for entry in &mut raw.entries {
        entry.v.fields.retain(|f| !["crossref", "xdata"].iter().any(|k| f.key.v.eq_ignore_ascii_case(k)));
    }
    let bibliography = Bibliography::from_raw(raw).map_err(|e| syntax_error(&e.kind.to_string()))?;
    let mut entry = bibliography
        .get(&block.key)
        .cloned()
        .ok_or_else(|| format!("entry `{}` could not be read", block.key))?;
    if let Some(parent) = parent.and_then(|p| bibliography.get(&p.key)).filter(|p| p.key != entry.key) {
        inherit(&mut entry, parent);
    }
    Ok(entry)
}

/// The parser's complaint, with what usually causes it.
fn syntax_error(kind: &str) -> String {
    let cause = match kind {
        "unexpected end of file" => ": a value opened with `{` or `\"` is not closed the same way",
        "expected identifier" => ": a field name is missing or malformed (a stray comma or character?)",
        _ => "",
    };
    format!("it cannot be read, {kind}{cause}")
}

/// Fills the fields `child` lacks from its crossref `parent`: a volume's title becomes the
/// child's `booktitle`; identifiers and the abstract are the volume's own and stay there.
fn inherit(child: &mut Entry, parent: &Entry) {
    const OWN: [&str; 8] = ["doi", "url", "eprint", "abstract", "pdf", "file", "ids", "key"];
    for (name, value) in &parent.fields {
        let target = match name.as_str() {
            "title" => "booktitle",
            "subtitle" => "booksubtitle",
            own if OWN.contains(&own) => continue,
            other => other,
        };
        child.fields.entry(target.to_owned()).or_insert_with(|| value.clone());
    }
}

/// A block as the BibTeX parser reads it: `@type(...)` as `@type{...}`, upper-case `AND`
/// between names and the marks after them (`$^*$`, `\textsuperscript{\dag}`) written as
/// ` and `, `*` and `†`, ADS journal macros as the journals' names, `\(..\)` math as `$..$`.
fn plain(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(open) = text.find(['(', '{']) {
        if text[open..].starts_with('(') && text.ends_with(')') {
            text.replace_range(open..open + 1, "{");
            let end = text.len() - 1;
            text.replace_range(end..end + 1, "}");
        }
    }
    if text.lines().skip(1).any(|l| l.trim_start().starts_with('%')) {
        // Lines commented out inside an entry (`%doi={},`), as Jekyll-Scholar allows.
        text = text.lines().filter(|l| !l.trim_start().starts_with('%')).collect::<Vec<_>>().join("\n");
    }
    if text.contains("\\i") || text.contains("\\j") {
        text = dotless_accents(&text);
    }
    for (written, mark) in MARKS {
        if text.contains(written) {
            text = text.replace(written, mark);
        }
    }
    let lower = text.to_ascii_lowercase();
    if ["author", "editor"].iter().any(|f| {
        find_field(&lower, f).is_some_and(|(a, b)| {
            let value = &text[a..b];
            value.contains("AND") || value.contains('\\')
        })
    }) {
        text = names_joined(&text);
    }
    if text.contains("\\(") {
        text = text.replace("\\(", "$").replace("\\)", "$");
    }
    if text.contains('\\') {
        text = ads_journals(&text);
    }
    text
}

/// `\'\i`, `\'{\i}` and the other accents on a dotless i or j as the accent on `{i}` (`\'{i}`),
/// which the parser reads as one letter.
fn dotless_accents(text: &str) -> String {
    let mut text = text.to_owned();
    for accent in ['\'', '"', '`', '^', '~', '=', '.', 'u', 'v', 'H'] {
        for letter in ['i', 'j'] {
            for written in [
                format!("\\{accent}\\{letter}"),
                format!("\\{accent}{{\\{letter}}}"),
                format!("\\{accent} \\{letter}"),
            ] {
                if text.contains(&written) {
                    text = text.replace(&written, &format!("\\{accent}{{{letter}}}"));
                }
            }
        }
    }
    text
}

/// How author marks are written after names in .bib files, and the mark pubsite writes.
const MARKS: [(&str, &str); 16] = [
    ("$^{*}$", "*"),
    ("$^*$", "*"),
    ("$^{\\ast}$", "*"),
    ("$^\\ast$", "*"),
    ("\\textsuperscript{*}", "*"),
    ("\\textsuperscript{\\ast}", "*"),
    ("$^{\\dagger}$", "†"),
    ("$^\\dagger$", "†"),
    ("$\\dagger$", "†"),
    ("\\textsuperscript{\\dag}", "†"),
    ("\\textsuperscript{\\dagger}", "†"),
    ("\\textsuperscript{†}", "†"),
    ("{\\dag}", "†"),
    ("\\dag{}", "†"),
    ("$^{\\dag}$", "†"),
    ("$^\\dag$", "†"),
];

/// Upper-case `AND` between names, in the `author` and `editor` fields, as ` and `; the
/// emphasis CVs put around the owner's name (`\textbf{Jane Doe}`) taken off.
fn names_joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let field = ["author", "editor"].iter().filter_map(|f| find_field(&lower, f)).min();
        let Some((start, end)) = field else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let value = &rest[start..end];
        let mut value = value
            .split_whitespace()
            .map(|w| if w == "AND" { "and" } else { w })
            .collect::<Vec<_>>()
            .join(" ");
        for command in
            ["\\textbf", "\\textit", "\\emph", "\\underline", "\\uline", "\\textsc", "\\bf ", "\\it "]
        {
            value = value.replace(command, "");
        }
        out.push_str(&value);
        rest = &rest[end..];
    }
}

/// The byte range of the value of `name = {...}` or `name = "..."` in `lower`.
fn find_field(lower: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = lower[from..].find(name).map(|p| p + from) {
        let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = lower[at + name.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            let value_start = lower.len() - after.len() + 1;
            let value = lower[value_start..].trim_start();
            let start = lower.len() - value.len();
            let quoted = match value.as_bytes().first() {
                Some(b'{') => false,
                Some(b'"') => true,
                _ => return None,
            };
            let mut depth = 0i32;
            for (k, &b) in value.as_bytes().iter().enumerate() {
                match b {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if !quoted && depth == 0 {
                            return Some((start, start + k + 1));
                        }
                    }
                    b'"' if quoted && k > 0 && depth == 0 => return Some((start, start + k + 1)),
                    _ => {}
                }
            }
            return None;
        }
        from = at + name.len();
    }
    None
}

/// The AAS journal macros that NASA ADS exports use (`journal = {\apj}`), with the journals'
/// names.
const ADS_JOURNALS: &[(&str, &str)] = &[
    ("aj", "Astronomical Journal"),
    ("actaa", "Acta Astronomica"),
    ("araa", "Annual Review of Astronomy and Astrophysics"),
    ("apj", "Astrophysical Journal"),
    ("apjl", "Astrophysical Journal Letters"),
    ("apjs", "Astrophysical Journal Supplement Series"),
    ("ao", "Applied Optics"),
    ("apss", "Astrophysics and Space Science"),
    ("aap", "Astronomy and Astrophysics"),
    ("aapr", "Astronomy and Astrophysics Reviews"),
    ("aaps", "Astronomy and Astrophysics Supplement Series"),
    ("azh", "Astronomicheskii Zhurnal"),
    ("baas", "Bulletin of the American Astronomical Society"),
    ("caa", "Chinese Astronomy and Astrophysics"),
    ("cjaa", "Chinese Journal of Astronomy and Astrophysics"),
    ("icarus", "Icarus"),
    ("jcap", "Journal of Cosmology and Astroparticle Physics"),
    ("jrasc", "Journal of the Royal Astronomical Society of Canada"),
    ("memras", "Memoirs of the Royal Astronomical Society"),
    ("mnras", "Monthly Notices of the Royal Astronomical Society"),
    ("na", "New Astronomy"),
    ("nar", "New Astronomy Reviews"),
    ("nat", "Nature"),
    ("pra", "Physical Review A"),
    ("prb", "Physical Review B"),
    ("prc", "Physical Review C"),
    ("prd", "Physical Review D"),
    ("pre", "Physical Review E"),
    ("prl", "Physical Review Letters"),
    ("pasa", "Publications of the Astronomical Society of Australia"),
    ("pasp", "Publications of the Astronomical Society of the Pacific"),
    ("pasj", "Publications of the Astronomical Society of Japan"),
    ("psj", "Planetary Science Journal"),
    ("qjras", "Quarterly Journal of the Royal Astronomical Society"),
    ("rmxaa", "Revista Mexicana de Astronomía y Astrofísica"),
    ("skytel", "Sky and Telescope"),
    ("solphys", "Solar Physics"),
    ("sovast", "Soviet Astronomy"),
    ("ssr", "Space Science Reviews"),
    ("zap", "Zeitschrift für Astrophysik"),
    ("iaucirc", "IAU Circulars"),
    ("aplett", "Astrophysics Letters"),
    ("gca", "Geochimica et Cosmochimica Acta"),
    ("grl", "Geophysical Research Letters"),
    ("jcp", "Journal of Chemical Physics"),
    ("jgr", "Journal of Geophysical Research"),
    ("jqsrt", "Journal of Quantitative Spectroscopy and Radiative Transfer"),
    ("memsai", "Memorie della Società Astronomica Italiana"),
    ("nphysa", "Nuclear Physics A"),
    ("physrep", "Physics Reports"),
    ("physscr", "Physica Scripta"),
    ("planss", "Planetary and Space Science"),
    ("procspie", "Proceedings of the SPIE"),
];

/// `\apj` and the other ADS macros as the journals' names (a macro followed by a letter is
/// another command and stays).
fn ads_journals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let name_len = rest[at + 1..].find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len() - at - 1);
        let name = &rest[at + 1..at + 1 + name_len];
        match ADS_JOURNALS.iter().find(|(macro_name, _)| *macro_name == name) {
            Some((_, journal)) => out.push_str(journal),
            None => out.push_str(&rest[at..at + 1 + name_len]),
        }
        rest = &rest[at + 1 + name_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_split_and_unclosed_ones_found() {
        let text = "% comment\n@string{icml = {ICML}}\n@article{a, title={X {Y}}}\nnoise\n@misc{b, title={Z}\n@book(c, title={W})\n";
        let found: Vec<(String, String, bool)> =
            blocks(text).into_iter().skip(1).map(|b| (b.kind, b.key, b.closed)).collect();
        assert_eq!(
            found,
            [
                ("article".into(), "a".into(), true),
                ("misc".into(), "b".into(), false),
                ("book".into(), "c".into(), true),
            ]
        );
    }

    #[test]
    fn blocks_are_made_plain_for_the_parser() {
        assert_eq!(plain("@article(p, title={(A)})"), "@article{p, title={(A)}}");
        assert_eq!(
            plain("@article{p, author={Doe, Jane AND Roe, Rick}, title={R AND D}}"),
            "@article{p, author={Doe, Jane and Roe, Rick}, title={R AND D}}"
        );
        assert_eq!(
            plain("@a{k, author = \"Doe$^*$ and Lee\\textsuperscript{\\dag}\"}"),
            "@a{k, author = \"Doe* and Lee†\"}"
        );
        assert_eq!(
            plain("@a{k, author = {\\textbf{Jane Doe} and \\underline{Roe}},\n%doi={},\n title={X}}"),
            "@a{k, author = {{Jane Doe} and {Roe}},\n title={X}}"
        );
        assert_eq!(
            plain("@a{k, journal={\\apj}, title={\\(O(n)\\) \\apjx}}"),
            "@a{k, journal={Astrophysical Journal}, title={$O(n)$ \\apjx}}"
        );
    }

    #[test]
    fn accents_on_dotless_letters_become_accents_on_letters() {
        assert_eq!(
            dotless_accents("Garc{\\'\\i}a Mar\\'{\\i}a na\\\"\\i ve"),
            "Garc{\\'{i}}a Mar\\'{i}a na\\\"{i} ve"
        );
    }

    #[test]
    fn latin1_is_decoded_with_the_line_of_its_first_byte() {
        let (text, line) = decode(b"@a{k,\n title={Caf\xe9}}");
        assert_eq!((text.as_str(), line), ("@a{k,\n title={Café}}", Some(2)));
        assert_eq!(decode("é".as_bytes()).1, None);
    }
}
