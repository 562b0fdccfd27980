//! Errors: content diagnostics (file, line, hint) collected over a whole build, and the crate's
//! error type that `main` turns into a message and an exit status.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the user's files, located as precisely as we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path of the file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub location: Option<Location>,
    /// The text of the offending line, shown under the message (boxed: a `Result` with a
    /// diagnostic as its error stays small).
    pub source_line: Option<Box<str>>,
    pub message: String,
    pub hint: Option<String>,
    /// An error stops a deploy; a warning is printed and does not (unless `check --strict`).
    pub severity: Severity,
}

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Severity {
    /// Probably not what the user meant, but the site is whole (no topic, no abstract, ...).
    Warning,
    /// The site is broken or would mislead (a broken link, an invalid identifier, ...).
    #[default]
    Error,
}

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The line and column of byte `offset` in `text` (clamped to the text's end).
    pub(crate) fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }
}

impl Diagnostic {
    pub(crate) fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            location: None,
            source_line: None,
            message: message.into(),
            hint: None,
            severity: Severity::Error,
        }
    }

    /// The same problem as a warning.
    pub(crate) fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Locates the diagnostic at byte `offset` of the file's full `text`.
    pub(crate) fn at_offset(mut self, text: &str, offset: usize) -> Self {
        let location = Location::of_offset(text, offset);
        self.source_line = text.lines().nth(location.line - 1).map(Box::from);
        self.location = Some(location);
        self
    }

    /// Locates the diagnostic at the start of 1-based `line` of `text`.
    pub(crate) fn at_line(mut self, text: &str, line: usize) -> Self {
        self.source_line = text.lines().nth(line.saturating_sub(1)).map(Box::from);
        self.location = Some(Location { line, column: 1 });
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let path = self.path.display();
        match self.location {
            Some(Location { line, column }) => writeln!(f, "  --> {path}:{line}:{column}")?,
            None => writeln!(f, "  --> {path}")?,
        }
        if let (Some(Location { line, column }), Some(source)) = (self.location, &self.source_line) {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {source}")?;
            writeln!(f, "{pad} | {}^", " ".repeat(column.saturating_sub(1)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's files; all of them, not just the first.
    #[error("{}", render_diagnostics(.0))]
    Content(Vec<Diagnostic>),
    /// The file system refused something.
    #[error("{context} {}: {source}", .path.display())]
    Io { context: &'static str, path: PathBuf, source: std::io::Error },
    /// The command was asked to do something it must not (exit status 2).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub(crate) fn io(context: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io { context, path: path.to_path_buf(), source }
    }

    /// The process exit status for this error: 1 for site problems, 2 for bad usage.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Content(_) | Error::Io { .. } => 1,
        }
    }
}

/// At most this many problems are shown in full; the rest are counted.
const SHOWN_DIAGNOSTICS: usize = 50;

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics.iter().take(SHOWN_DIAGNOSTICS) {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let n = diagnostics.len();
    if n > SHOWN_DIAGNOSTICS {
        let mut files: Vec<&Path> =
            diagnostics[SHOWN_DIAGNOSTICS..].iter().map(|d| d.path.as_path()).collect();
        files.dedup();
        out.push_str(&format!(
            "... and {} more (in {} more file{}, such as {})\n",
            n - SHOWN_DIAGNOSTICS,
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            files[0].display()
        ));
    }
    out.push_str(&format!("{n} error{} found; nothing was written", if n == 1 { "" } else { "s" }));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a TOML error into a diagnostic; `offset` is where the TOML text starts in the file.
pub(crate) fn toml_diagnostic(
    path: &Path,
    file_text: &str,
    offset: usize,
    error: &toml::de::Error,
) -> Diagnostic {
    let message = error.message().trim().to_owned();
    let hint = toml_hint(&message);
    let diagnostic = Diagnostic::new(path, message);
    let diagnostic = match error.span() {
        Some(span) => diagnostic.at_offset(file_text, offset + span.start),
        None => diagnostic,
    };
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

fn toml_hint(message: &str) -> Option<String> {
    let hint = if message.contains("unknown field") {
        "remove the key or fix its spelling; the accepted keys are listed above"
    } else if message.contains("missing field `title`") {
        "add the paper's title to the front matter: title = \"...\""
    } else if message.contains("missing field") {
        "add the missing key"
    } else if message.contains("invalid basic string") || message.contains("unterminated") {
        "close the string with a matching quote on the same line (use ''' or \"\"\" for multi-line text)"
    } else if message.contains("invalid type") {
        "check the value's type: strings are quoted, dates are written 2024-03-14, lists use [ ]"
    } else if message.contains("duplicate key") {
        "each key may appear only once"
    } else {
        "check the TOML syntax at the marked position (see https://toml.io)"
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nb = \"x\nc";
        assert_eq!(Location::of_offset(text, 0), Location { line: 1, column: 1 });
        assert_eq!(Location::of_offset(text, 10), Location { line: 2, column: 5 });
        assert_eq!(Location::of_offset(text, 999), Location { line: 3, column: 2 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "t = \"Müller\" x";
        let at = text.find('x').unwrap();
        assert_eq!(Location::of_offset(text, at).column, 14);
    }

    #[test]
    fn display_shows_file_line_source_and_hint() {
        let d = Diagnostic::new("content/papers/a.md", "bad thing")
            .at_offset("+++\ntitle = 3\n", 12)
            .with_hint("do better");
        let shown = d.to_string();
        assert!(shown.contains("content/papers/a.md:2:9"), "{shown}");
        assert!(shown.contains("2 | title = 3"), "{shown}");
        assert!(shown.contains("hint: do better"), "{shown}");
    }
}
