//! Another generator's front matter, YAML (`---`), TOML (`+++`) or (Hugo)
//! JSON (`{`), cut from the body and parsed into one generic value.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::error::Diagnostic;

/// A source file cut at its front matter.
#[derive(Debug)]
pub struct Parsed {
    pub data: Mapping,
    /// The front matter as written, and the file line it starts on.
    pub text: String,
    pub first_line: usize,
    pub body: String,
    /// The file line the body starts on (1-based).
    pub body_line: usize,
}

/// Splits and parses `text` (line endings already normalised); `json`
/// admits Hugo's JSON front matter. A file with no front matter has empty data.
pub fn parse(path: &Path, text: &str, json: bool) -> Result<Parsed, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("").trim_end();
    match first {
        "---" => fenced(path, text, "---", yaml),
        "+++" => fenced(path, text, "+++", toml),
        _ if json && text.starts_with('{') => json_front(path, text),
        _ => Ok(Parsed {
            data: Mapping::new(),
            text: String::new(),
            first_line: 1,
            body: text.into(),
            body_line: 1,
        }),
    }
}

type Reader = fn(&Path, &str, usize) -> Result<Mapping, Diagnostic>;

fn fenced(path: &Path, text: &str, fence: &str, read: Reader) -> Result<Parsed, Diagnostic> {
    let rest = &text[text.find('\n').map_or(text.len(), |i| i + 1)..];
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            let front = &rest[..offset];
            let data = read(path, front, 2)?;
            let body = rest[offset + line.len()..].to_string();
            return Ok(Parsed { data, text: front.into(), first_line: 2, body, body_line: n + 3 });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(path, format!("the front matter opened by `{fence}` on line 1 is never closed"))
        .at(1, 1)
        .help(format!("end it with a line holding only `{fence}`, then fix this file and import again")))
}

fn malformed(path: &Path, line: usize, col: usize, what: &str, why: &str) -> Diagnostic {
    Diagnostic::new(path, format!("the {what} front matter cannot be read: {why}"))
        .at(line, col)
        .help("this post was not imported: fix the front matter in the source site and import again")
}

pub fn yaml(path: &Path, text: &str, first_line: usize) -> Result<Mapping, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(malformed(path, first_line, 1, "YAML", "it is not a list of `key: value` lines")),
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let why = e.to_string();
            let why = why.split(" at line ").next().unwrap_or(&why).to_string();
            Err(malformed(path, first_line + line - 1, col, "YAML", &why))
        }
    }
}

pub fn toml(path: &Path, text: &str, first_line: usize) -> Result<Mapping, Diagnostic> {
    match text.parse::<toml::Table>() {
        Ok(table) => Ok(from_toml_table(table)),
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let (line, col) = line_col(text, at);
            let why = e.message().trim_end_matches('\n').to_string();
            Err(malformed(path, first_line + line - 1, col, "TOML", &why))
        }
    }
}

/// A whole JSON file (a site's configuration) as the generic value.
pub fn json(path: &Path, text: &str) -> Result<Mapping, Diagnostic> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => match serde_yaml::to_value(value) {
            Ok(Value::Mapping(m)) => Ok(m),
            _ => Err(malformed(path, 1, 1, "JSON", "it is not an object")),
        },
        Err(e) => Err(malformed(path, e.line(), e.column(), "JSON", &plain_json_error(&e))),
    }
}

fn json_front(path: &Path, text: &str) -> Result<Parsed, Diagnostic> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(value)) => {
            let end = stream.byte_offset();
            let data = match serde_yaml::to_value(value) {
                Ok(Value::Mapping(m)) => m,
                _ => return Err(malformed(path, 1, 1, "JSON", "it is not an object")),
            };
            let front = &text[..end];
            let body = text[end..].strip_prefix('\n').unwrap_or(&text[end..]).to_string();
            let body_line = front.matches('\n').count() + 2;
            Ok(Parsed { data, text: front.into(), first_line: 1, body, body_line })
        }
        Some(Err(e)) => Err(malformed(path, e.line(), e.column(), "JSON", &plain_json_error(&e))),
        None => Err(malformed(path, 1, 1, "JSON", "it is empty")),
    }
}

fn plain_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}

/// 1-based line and column of byte `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |i| before[i + 1..].chars().count()) + 1;
    (line, col)
}

/// A TOML table as the generic value (dates become their text).
pub fn from_toml_table(table: toml::Table) -> Mapping {
    table.into_iter().map(|(k, v)| (Value::String(k), from_toml(v))).collect()
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Mapping(from_toml_table(t)),
    }
}

/// The file line of top-level `key` in front matter `text` starting on
/// `first_line`, or `first_line` when it is not written at the start of a line.
pub fn key_line(text: &str, first_line: usize, key: &str) -> usize {
    for (n, line) in text.lines().enumerate() {
        let bare = line.trim_start_matches(['"', '\'']);
        if let Some(rest) = bare.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with([':', '=']) {
                return first_line + n;
            }
        }
    }
    first_line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_formats() {
        let p = Path::new("x.md");
        let y = parse(p, "---\ntitle: A\n---\nBody\n", false).unwrap();
        assert_eq!(y.data.get("title").and_then(Value::as_str), Some("A"));
        assert_eq!((y.body.as_str(), y.body_line), ("Body\n", 4));
        let t = parse(p, "+++\ntitle = \"B\"\ndate = 2024-01-02\n+++\nBody\n", false).unwrap();
        assert_eq!(t.data.get("date").and_then(Value::as_str), Some("2024-01-02"));
        let j = parse(p, "{\n\"title\": \"C\"\n}\nBody\n", true).unwrap();
        assert_eq!(j.data.get("title").and_then(Value::as_str), Some("C"));
        assert_eq!((j.body.as_str(), j.body_line), ("Body\n", 4));
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let p = Path::new("x.md");
        let e = parse(p, "+++\ntitle = \"B\"\ndate = = 1\n+++\n", false).unwrap_err();
        assert_eq!(e.position(), Some((3, 8)));
        let e = parse(p, "---\ntitle: [a\n---\n", false).unwrap_err();
        assert_eq!(e.position().map(|p| p.0), Some(3));
        assert!(parse(p, "---\ntitle: a\n", false).is_err());
    }

    #[test]
    fn key_lines() {
        assert_eq!(key_line("title: a\ntags: [x]\n", 2, "tags"), 3);
        assert_eq!(key_line("title = 'a'\n", 2, "title"), 2);
    }
}
