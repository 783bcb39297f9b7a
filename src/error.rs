//! Errors that name the file, the line and what to do.
//!
//! Input problems are collected as [`Diagnostic`]s rather than returned first-one-wins, so an
//! editor fixes every typo of an archive in one pass.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the archive root where possible.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// The same finding as an error (`--strict`).
    pub fn as_error(&self) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..self.clone()
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error about the run rather than one file (a lock held, a bad flag).
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            ..Diagnostic::error(PathBuf::new(), message)
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as editors and terminals link it.
    pub fn location(&self) -> String {
        let mut s = match &self.file {
            Some(f) => f.display().to_string(),
            None => String::new(),
        };
        if let Some(l) = self.line {
            s.push_str(&format!(":{l}"));
            if let Some(c) = self.column {
                s.push_str(&format!(":{c}"));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self.location();
        if loc.is_empty() {
            write!(f, "{kind}: {}", self.message)?;
        } else {
            write!(f, "{kind}: {loc}: {}", self.message)?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A build that could not finish. `site/` is untouched whenever one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}", render_list(.0))]
    Input(Vec<Diagnostic>),
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "another build is writing {} right now (lock {} is held); wait for it to finish (a `briefing serve` holds it from each rebuild until it has saved its cache, half a second after the last change)",
        output.display(),
        lock.display()
    )]
    Locked { output: PathBuf, lock: PathBuf },
    #[error(
        "{} is not empty and was not written by briefing: a build replaces its output folder whole, so it will not take over one that holds other files; choose an empty or new folder with --output, or pass --force to let briefing replace everything in it",
        .0.display()
    )]
    ForeignOutput(PathBuf),
}

impl BuildError {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        BuildError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The problems as diagnostics, for the dev server's overlay.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            BuildError::Input(d) => d.clone(),
            other => vec![Diagnostic::general(other.to_string())],
        }
    }
}

/// How many errors one run reports before it stops listing.
pub const MAX_REPORTED: usize = 50;

fn render_list(diags: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    let mut out = String::new();
    for d in errors.iter().take(MAX_REPORTED) {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    if errors.len() > MAX_REPORTED {
        out.push_str(&format!("… and {} more errors\n", errors.len() - MAX_REPORTED));
    }
    out.push_str(&format!(
        "build failed with {} error{}; site/ was left as it was",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a\nbé c\nd";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        // 'c' sits after a two-byte character.
        assert_eq!(line_col(text, 6), (2, 4));
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::error("content/a.md", "bad date")
            .at(3, Some(8))
            .with_help("write YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:8: bad date\n  help: write YYYY-MM-DD"
        );
    }
}
