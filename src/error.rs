//! Problems as data: a [`Diagnostic`] names where it is (a file and position,
//! a flag, an address, a built-in template), what is wrong and what to do; a
//! [`Failure`] is every diagnostic of one run, rendered once at the top.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// What a problem is about. The variants are in the order problems are
/// reported: usage first (it is what to fix first), then the environment,
/// then the site's files, then the templates compiled into the binary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Location {
    /// A command-line flag whose value cannot be used (`--base-url`):
    /// bad usage, exit status 2.
    Flag(String),
    /// A network address (`127.0.0.1:1111`) that cannot be used.
    Address(String),
    /// A file or folder, relative to the site root where possible, with
    /// the 1-based line and column when the problem is at one place in it.
    File { path: PathBuf, position: Option<(u32, u32)> },
    /// A template compiled into the binary, by name (`index.html`).
    BuiltIn { template: String, position: Option<(u32, u32)> },
}

impl Location {
    /// The file, when the problem is in one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Location::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// 1-based line and column inside a file or template, when known.
    pub fn position(&self) -> Option<(u32, u32)> {
        match self {
            Location::File { position, .. } | Location::BuiltIn { position, .. } => *position,
            Location::Flag(_) | Location::Address(_) => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let position = match self {
            Location::Flag(flag) => return write!(f, "{flag}"),
            Location::Address(address) => return write!(f, "{address}"),
            Location::File { path, position } => {
                write!(f, "{}", path.display())?;
                position
            }
            Location::BuiltIn { template, position } => {
                write!(f, "built-in template {template}")?;
                position
            }
        };
        match position {
            Some((line, col)) => write!(f, ":{line}:{col}"),
            None => Ok(()),
        }
    }
}

/// One problem, at one [`Location`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, in plain words.
    pub message: String,
    /// Another file involved (the first of two briefings sharing a slug).
    pub other: Option<PathBuf>,
    /// What to do about it, when we know.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem in the file (or folder) at `path`.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::about(Location::File { path: path.into(), position: None }, message)
    }

    /// A problem at `location`.
    pub fn about(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), other: None, help: None }
    }

    /// A flag whose value cannot be used (`--base-url`): bad usage.
    pub fn flag(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::about(Location::Flag(flag.into()), message)
    }

    /// A network address that cannot be used (`127.0.0.1:1111`).
    pub fn address(address: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::about(Location::Address(address.into()), message)
    }

    /// A problem in the built-in template `template` (`index.html`).
    pub fn built_in(template: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::about(Location::BuiltIn { template: template.into(), position: None }, message)
    }

    /// Advice about the file at `path` that does not stop a build.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::new(path, message) }
    }

    /// Pins the problem to a line and column (1-based) of its file or
    /// template; a flag or an address has none, and stays as it is.
    pub fn at(mut self, line: usize, col: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n.max(1)).unwrap_or(u32::MAX);
        if let Location::File { position, .. } | Location::BuiltIn { position, .. } = &mut self.location {
            *position = Some((clamp(line), clamp(col)));
        }
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

    /// The file the problem is in, if it is in one.
    pub fn path(&self) -> Option<&Path> {
        self.location.path()
    }

    /// 1-based line and column inside its file or template, when known.
    pub fn position(&self) -> Option<(u32, u32)> {
        self.location.position()
    }

    /// Whether the problem is bad usage: an error about a flag.
    pub fn is_bad_usage(&self) -> bool {
        self.severity == Severity::Error && matches!(self.location, Location::Flag(_))
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
        write!(f, "{label}: {}: {}", self.location, self.message)?;
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

/// Everything that went wrong in one run, sorted by location: flags first,
/// then addresses, files by path and position, built-in templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
        diagnostics.dedup();
        Failure { diagnostics }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether the run failed because of how it was called (a flag's
    /// value), rather than because of the site: exit status 2, not 1.
    pub fn is_bad_usage(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_bad_usage)
    }

    /// "1 problem in 1 file", "1 problem with --base-url",
    /// "3 problems: 1 with --base-url and 2 in 2 files".
    fn summary(&self) -> String {
        let (mut flags, mut addresses, mut files, mut templates) = (vec![], vec![], vec![], vec![]);
        for d in &self.diagnostics {
            match &d.location {
                Location::Flag(flag) => flags.push(flag.as_str()),
                Location::Address(address) => addresses.push(address.as_str()),
                Location::File { path, .. } => files.push(path.as_path()),
                Location::BuiltIn { template, .. } => templates.push(template.as_str()),
            }
        }
        // (how many problems, about what); the diagnostics are sorted, so
        // dedup leaves one of each name.
        let mut groups: Vec<(usize, String)> = Vec::new();
        if !flags.is_empty() {
            let n = flags.len();
            flags.dedup();
            groups.push((n, format!("with {}", list(&flags))));
        }
        if !addresses.is_empty() {
            let n = addresses.len();
            addresses.dedup();
            let what = plural(addresses.len(), "the address", "the addresses");
            groups.push((n, format!("with {what} {}", list(&addresses))));
        }
        if !files.is_empty() {
            let n = files.len();
            files.dedup();
            groups.push((n, format!("in {} {}", files.len(), plural(files.len(), "file", "files"))));
        }
        if !templates.is_empty() {
            let n = templates.len();
            templates.dedup();
            let what = plural(templates.len(), "the built-in template", "the built-in templates");
            groups.push((n, format!("in {what} {}", list(&templates))));
        }
        let n = self.diagnostics.len();
        let problems = plural(n, "problem", "problems");
        match groups.as_slice() {
            [] => format!("{n} {problems}"),
            [(_, only)] => format!("{n} {problems} {only}"),
            _ => {
                let parts: Vec<String> = groups.iter().map(|(k, what)| format!("{k} {what}")).collect();
                format!("{n} {problems}: {}", list(&parts))
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
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
        write!(f, "{}; nothing was written", self.summary())
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
    fn only_a_flag_is_bad_usage() {
        assert!(Failure::from(Diagnostic::flag("--base-url", "x")).is_bad_usage());
        let site = Failure::new(vec![
            Diagnostic::new("a.md", "x"),
            Diagnostic::address("127.0.0.1:1111", "x"),
            Diagnostic::built_in("index.html", "x"),
        ]);
        assert!(!site.is_bad_usage());
        let both = Failure::new(vec![Diagnostic::new("a.md", "x"), Diagnostic::flag("--root", "x")]);
        assert!(both.is_bad_usage());
    }

    #[test]
    fn a_flag_or_an_address_has_no_position() {
        let d = Diagnostic::flag("--port", "x").at(3, 4);
        assert_eq!((d.path(), d.position()), (None, None));
        let d = Diagnostic::built_in("index.html", "x").at(3, 4);
        assert_eq!((d.path(), d.position()), (None, Some((3, 4))));
        assert_eq!(d.to_string(), "error: built-in template index.html:3:4: x");
    }

    /// The last line of a failure, for each mix of locations.
    #[test]
    fn summaries_name_what_the_problems_are_about() {
        let file = |p: &str, line| Diagnostic::new(p, format!("line {line}")).at(line, 1);
        let cases: Vec<(&str, Vec<Diagnostic>)> = vec![
            ("one file", vec![file("a.md", 1)]),
            ("two in one file", vec![file("a.md", 1), file("a.md", 2)]),
            ("three in two files", vec![file("a.md", 1), file("a.md", 2), file("b.md", 1)]),
            ("one flag", vec![Diagnostic::flag("--base-url", "x")]),
            ("two flags", vec![Diagnostic::flag("--root", "x"), Diagnostic::flag("--base-url", "y")]),
            ("an address", vec![Diagnostic::address("127.0.0.1:1111", "x")]),
            ("a built-in template", vec![Diagnostic::built_in("index.html", "x").at(2, 3)]),
            (
                "two built-in templates",
                vec![Diagnostic::built_in("index.html", "x"), Diagnostic::built_in("base.html", "y")],
            ),
            ("files and a flag", vec![file("a.md", 1), file("b.md", 1), Diagnostic::flag("--base-url", "x")]),
            (
                "everything",
                vec![
                    file("a.md", 1),
                    Diagnostic::flag("--base-url", "x"),
                    Diagnostic::address("[::1]:80", "x"),
                    Diagnostic::built_in("index.html", "x"),
                ],
            ),
        ];
        let report: Vec<String> =
            cases.into_iter().map(|(what, ds)| format!("{what}: {}", Failure::new(ds).summary())).collect();
        insta::assert_snapshot!(report.join("\n"), @r"
        one file: 1 problem in 1 file
        two in one file: 2 problems in 1 file
        three in two files: 3 problems in 2 files
        one flag: 1 problem with --base-url
        two flags: 2 problems with --base-url and --root
        an address: 1 problem with the address 127.0.0.1:1111
        a built-in template: 1 problem in the built-in template index.html
        two built-in templates: 2 problems in the built-in templates base.html and index.html
        files and a flag: 3 problems: 1 with --base-url and 2 in 2 files
        everything: 4 problems: 1 with --base-url, 1 with the address [::1]:80, 1 in 1 file and 1 in the built-in template index.html
        ");
    }
}
