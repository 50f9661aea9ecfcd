//! Problems as data: a [`Diagnostic`] names a file, a position and what to do;
//! a [`Failure`] is every diagnostic of one run, rendered once at the top.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line and column; `None` when the problem is about the whole file.
    pub position: Option<(u32, u32)>,
    /// What is wrong, in plain words.
    pub message: String,
    /// Another file involved (the first of two briefings sharing a slug).
    pub other: Option<PathBuf>,
    /// What to do about it, when we know.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            position: None,
            message: message.into(),
            other: None,
            help: None,
        }
    }

    /// Advice that does not stop a build.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::new(path, message) }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n.max(1)).unwrap_or(u32::MAX);
        self.position = Some((clamp(line), clamp(col)));
        self
    }

    pub fn other(mut self, path: impl Into<PathBuf>) -> Self {
        self.other = Some(path.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// An I/O error on `path`, worded for a person.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => "not found".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => strip_os_error(&err.to_string()),
        };
        Diagnostic::new(path, format!("cannot access this path: {what}"))
    }

    fn sort_key(&self) -> (&Path, u32, u32) {
        let (line, col) = self.position.unwrap_or((0, 0));
        (&self.path, line, col)
    }
}

fn strip_os_error(text: &str) -> String {
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(other) = &self.other {
            write!(f, "\n  the other file: {}", other.display())?;
        }
        if let Some(help) = &self.help {
            for line in help.lines() {
                write!(f, "\n  {line}")?;
            }
        }
        Ok(())
    }
}

/// Everything that went wrong in one run, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.dedup();
        Failure { diagnostics }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::new(vec![d])
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        let n = self.diagnostics.len();
        let files = {
            let mut paths: Vec<&Path> = self.diagnostics.iter().map(|d| d.path.as_path()).collect();
            paths.dedup();
            paths.len()
        };
        write!(
            f,
            "{n} {} in {files} {}; nothing was written",
            plural(n, "problem", "problems"),
            plural(files, "file", "files")
        )
    }
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Collects diagnostics from a stage that keeps going after the first problem.
pub type Outcome<T> = Result<T, Vec<Diagnostic>>;

/// The closest candidate to `word`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_path_position_message_and_help() {
        let d = Diagnostic::new("content/briefings/a.md", "unknown field `key_highlight`")
            .at(4, 1)
            .help("did you mean `key_highlights`?");
        assert_eq!(
            d.to_string(),
            "error: content/briefings/a.md:4:1: unknown field `key_highlight`\n  did you mean `key_highlights`?"
        );
    }

    #[test]
    fn failure_sorts_by_path_then_line() {
        let f = Failure::new(vec![
            Diagnostic::new("b.md", "x").at(1, 1),
            Diagnostic::new("a.md", "y").at(9, 1),
            Diagnostic::new("a.md", "z").at(2, 1),
        ]);
        let lines: Vec<String> = f.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(lines, ["error: a.md:2:1: z", "error: a.md:9:1: y", "error: b.md:1:1: x"]);
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["title", "key_highlights", "topics"];
        assert_eq!(did_you_mean("key_highlight", &fields), Some("key_highlights"));
        assert_eq!(did_you_mean("tpoics", &fields), Some("topics"));
        assert_eq!(did_you_mean("zzz", &fields), None);
    }
}
