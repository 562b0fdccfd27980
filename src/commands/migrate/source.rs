//! The old site's files as a migration reads them: YAML configs, and Markdown files with YAML
//! (`---`) or TOML (`+++`) front matter. Values are looked up by dotted key, whatever type the
//! old generator let through (a list or a single string, a number or a string), and each key
//! can be traced to its line for the report.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::base::date::PubDate;

use crate::commands::migrate::left::Left;

/// A file of the old site: its front matter (or, for a config file, its whole content) and body.
pub(super) struct Doc {
    /// Relative to the old site's folder.
    pub path: PathBuf,
    pub text: String,
    /// An object, or `Null` when the file has no front matter.
    pub front: Value,
    /// Where the body starts in `text`.
    pub body_offset: usize,
}

impl Doc {
    /// Reads a Markdown file with front matter; a file that cannot be read or parsed is an
    /// item not carried over, with its line.
    pub fn markdown(old: &Path, rel: &Path) -> Result<Doc, Left> {
        let text = read_text(old, rel)?;
        let (front, body_offset) =
            split(&text).map_err(|(line, why)| Left::at(rel, line, "the file", why))?;
        Ok(Doc { path: rel.to_path_buf(), text, front, body_offset })
    }

    /// Reads a YAML or TOML configuration file (by its extension).
    pub fn config(old: &Path, rel: &Path) -> Result<Doc, Left> {
        let text = read_text(old, rel)?;
        let parsed = if rel.extension().is_some_and(|e| e == "toml") {
            toml_value(&text)
        } else {
            yaml_value(&text, 0)
        };
        let front = parsed.map_err(|(line, why)| Left::at(rel, line, "the file", why))?;
        let body_offset = text.len();
        Ok(Doc { path: rel.to_path_buf(), text, front, body_offset })
    }

    /// A file that could not be read, standing in so that every lookup finds nothing.
    pub fn empty(rel: &Path) -> Doc {
        Doc { path: rel.to_path_buf(), text: String::new(), front: Value::Null, body_offset: 0 }
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The 1-based line of the body's first line.
    pub fn body_line(&self) -> usize {
        self.text[..self.body_offset].matches('\n').count() + 1
    }

    pub fn value(&self, key: &str) -> Option<&Value> {
        lookup(&self.front, key)
    }

    /// A value as text: strings trimmed, numbers and booleans written out; `None` when absent
    /// or empty.
    pub fn str(&self, key: &str) -> Option<String> {
        self.value(key).and_then(text_of)
    }

    /// A list of strings, or a single string as a list of one.
    pub fn list(&self, key: &str) -> Vec<String> {
        match self.value(key) {
            Some(Value::Array(items)) => items.iter().filter_map(text_of).collect(),
            Some(other) => text_of(other).into_iter().collect(),
            None => Vec::new(),
        }
    }

    pub fn flag(&self, key: &str) -> bool {
        match self.value(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => matches!(s.trim().to_lowercase().as_str(), "true" | "yes" | "1"),
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        }
    }

    /// The line of `key` (its last segment, as a key at the start of a line), for reports.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let name = key.rsplit('.').next().unwrap_or(key);
        self.text
            .lines()
            .position(|line| {
                let line = line.trim_start().trim_start_matches("- ");
                line.strip_prefix(name).is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
            })
            .map(|i| i + 1)
    }

    /// Something of this file not carried over, at the line of `key`.
    pub fn left(&self, key: &str, what: impl Into<String>, why: impl Into<String>) -> Left {
        Left { file: self.path.clone(), line: self.line_of(key), what: what.into(), why: why.into() }
    }
}

fn read_text(old: &Path, rel: &Path) -> Result<String, Left> {
    let bytes = fs::read(old.join(rel))
        .map_err(|e| Left::at(rel, None, "the file", format!("cannot be read: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        // Latin-1 files exist; every byte is a character of it.
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    };
    // Windows line endings (CRLF repositories exist) read as a site's files are.
    Ok(crate::io::load::unix_newlines(text))
}

/// A value at a dotted key (`author.name`).
pub(super) fn lookup<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    key.split('.').try_fold(value, |v, part| v.get(part))
}

/// A scalar as trimmed text; `None` for empty strings, nulls, lists and maps.
pub(super) fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Front matter and where the body starts. Blank lines before the fence are allowed (Jekyll
/// and Hugo allow them too); a file without a fence has no front matter.
fn split(text: &str) -> Result<(Value, usize), (Option<usize>, String)> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let mut offset = start;
    let mut lines = text[start..].split_inclusive('\n');
    let fence = loop {
        let Some(line) = lines.next() else { return Ok((Value::Null, start)) };
        offset += line.len();
        match line.trim() {
            "" => continue,
            "---" => break "---",
            "+++" => break "+++",
            _ => return Ok((Value::Null, start)),
        }
    };
    let front_start = offset;
    let first_line = text[..front_start].matches('\n').count();
    for line in lines {
        let closes = line.trim_end() == fence || (fence == "---" && line.trim_end() == "...");
        if closes {
            let front = &text[front_start..offset];
            let value = if fence == "+++" { toml_value(front) } else { yaml_value(front, first_line) };
            let value = value.map_err(|(line, why)| {
                (line.map(|l| l + if fence == "+++" { first_line } else { 0 }), why)
            })?;
            return Ok((value, offset + line.len()));
        }
        offset += line.len();
    }
    Err((Some(first_line), format!("its front matter is not closed by a `{fence}` line")))
}

/// YAML as a JSON value; the last of two equal keys wins, as in Jekyll and Hugo. `first_line`
/// is added to the line of an error.
pub(super) fn yaml_value(text: &str, first_line: usize) -> Result<Value, (Option<usize>, String)> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    // Tabs are not YAML indentation, but Ruby's parser took them in some old files.
    let text = if text.contains('\t') { text.replace('\t', "  ") } else { text.to_owned() };
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::LastWins,
    };
    serde_saphyr::from_str_with_options::<Value>(&text, options).map_err(|e| {
        let line = e.location().map(|l| usize::try_from(l.line()).unwrap_or(0) + first_line);
        let message = e.to_string();
        let first = message.lines().next().unwrap_or("").trim_start_matches("error: ").to_owned();
        (line, format!("is not YAML that can be read ({first})"))
    })
}

fn toml_value(text: &str) -> Result<Value, (Option<usize>, String)> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        (line, format!("is not TOML that can be read ({})", e.message()))
    })?;
    Ok(json_of_toml(toml::Value::Table(table)))
}

fn json_of_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(json_of_toml).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, json_of_toml(v))).collect())
        }
    }
}

/// A date as the old generators write it: `2020-05-15`, `2020-5-15`, `2020-05-15 10:00:00
/// -0400`, `2020-05-15T00:00:00Z`, `2020-05`, `2020`.
pub(super) fn pub_date(text: &str) -> Option<PubDate> {
    let head = text.trim().split(['T', ' ']).next()?;
    let mut parts = head.split(['-', '/', '.']).map(|p| p.trim().parse::<u32>().ok());
    let year = i32::try_from(parts.next()??).ok()?;
    let month = parts.next().flatten();
    let day = parts.next().flatten();
    PubDate::new(year, month, day)
        .or_else(|| PubDate::new(year, month, None))
        .or_else(|| PubDate::new(year, None, None))
}

/// A day: the date's first day when it has no day.
pub(super) fn day(text: &str) -> Option<chrono::NaiveDate> {
    pub_date(text).map(PubDate::first_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_of_both_kinds_with_blank_lines_and_duplicates() {
        let text = "\n---\ntitle: A\ndate: 2020-5-15\ntitle: B\nauthors:\n- admin\n---\nBody\n";
        let (front, body) = split(text).unwrap();
        assert_eq!(front["title"], "B");
        assert_eq!(front["date"], "2020-5-15");
        assert_eq!(&text[body..], "Body\n");
        let (front, body) = split("+++\ntitle = \"T\"\ndate = 2021-03-04\n+++\nX").unwrap();
        assert_eq!(front["date"], "2021-03-04");
        assert_eq!(body, 38);
        assert_eq!(split("no front matter\n").unwrap().0, Value::Null);
        let (line, why) = split("---\ntitle: A\nx: [unclosed\ny: 1\n---\n").unwrap_err();
        assert!(why.contains("YAML") && line.is_some_and(|l| l >= 3), "{line:?} {why}");
        assert!(split("---\ntitle: A\n").unwrap_err().1.contains("not closed"));
    }

    #[test]
    fn dates_as_the_generators_write_them() {
        assert_eq!(pub_date("2020-5-15").unwrap().iso(), "2020-05-15");
        assert_eq!(pub_date("2015-10-22 15:59:00-0400").unwrap().iso(), "2015-10-22");
        assert_eq!(pub_date("2013-07-01T00:00:00Z").unwrap().iso(), "2013-07-01");
        assert_eq!(pub_date("2019").unwrap().iso(), "2019");
        assert!(pub_date("soon").is_none());
    }
}
