//! Strict YAML: parse into a serde struct and turn serde_yaml's errors into
//! [`Diagnostic`]s with the line and column in the file, worded for writers.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

/// Where a YAML document sits inside its file.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub path: &'a Path,
    /// The file line of the document's first line (1-based).
    pub first_line: usize,
}

impl Origin<'_> {
    pub fn diagnostic(&self, line_in_doc: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, message).at(self.first_line + line_in_doc.max(1) - 1, col)
    }
}

/// Parses `text` into `T`, naming the known `fields` in "did you mean" hints.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin, fields: &[&str]) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|err| explain(&err, text, origin, fields))
}

fn explain(err: &serde_yaml::Error, text: &str, origin: Origin, fields: &[&str]) -> Diagnostic {
    let raw = err.to_string();
    let message = strip_location(&raw);
    let (line, col) = err.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));

    if let Some(field) = between(message, "unknown field `", "`") {
        let (line, col) = key_position(text, field).unwrap_or((line, col));
        let d = origin.diagnostic(line, col, format!("unknown field `{field}`"));
        return match did_you_mean(field, fields) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => {
                d.help(format!("the fields are: {}; put free-form data under `extra`", fields.join(", ")))
            }
        };
    }
    if let Some(field) = between(message, "missing field `", "`") {
        return origin
            .diagnostic(1, 1, format!("missing required field `{field}`"))
            .help(format!("add a line `{field}: ...`"));
    }
    if let Some((field, found, expected)) = type_mismatch(message)
        && let Some(item) = list_item(message)
    {
        let hint = match found.as_str() {
            "a map" => "an item that contains `: ` must be quoted, as in `- \"Revenue: up 5%\"`".to_string(),
            _ => format!("write each item of `{field}` as text"),
        };
        return origin
            .diagnostic(
                line,
                col,
                format!("item {} of `{field}` should be {expected}, not {found}", item + 1),
            )
            .help(hint);
    }
    if let Some((field, found, expected)) = type_mismatch(message) {
        let (line, col) = key_position(text, field).unwrap_or((line, col));
        let hint = match expected {
            "a sequence" => {
                format!("`{field}` takes a list: `{field}: [First, Second]`, or one `- item` per line")
            }
            "a string" => format!("`{field}` takes a single text value, not {found}"),
            "a boolean" => format!("`{field}` takes `true` or `false`"),
            _ => format!("`{field}` takes {expected}"),
        };
        return origin
            .diagnostic(line, col, format!("`{field}` should be {expected}, not {found}"))
            .help(hint);
    }
    if message.contains("EOF while parsing") || text.trim().is_empty() {
        return origin.diagnostic(line, col, "this YAML is empty");
    }
    let help = match special_start(text, line) {
        Some(c) => {
            format!("a value that starts with `{c}` must be quoted, as in `- \"**Huawei** ranks first\"`")
        }
        None => "check the indentation, and quote values that contain `: ` or start with a special character"
            .into(),
    };
    origin.diagnostic(line, col, format!("invalid YAML: {message}")).help(help)
}

/// The YAML-special character a plain value on `line` starts with, if any:
/// Markdown emphasis (`*bold*`) and code (`` `x` ``) are the usual culprits.
fn special_start(text: &str, line: usize) -> Option<char> {
    let content = text.lines().nth(line.checked_sub(1)?)?.trim_start();
    let value = content.strip_prefix("- ").map(str::trim_start).or_else(|| {
        let (_, v) = content.split_once(": ")?;
        Some(v.trim_start())
    })?;
    value.chars().next().filter(|c| "*&!@`%|>".contains(*c))
}

/// serde_yaml appends " at line L column C"; we print positions ourselves.
fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// Splits "companies: invalid type: string \"Huawei\", expected a sequence".
fn type_mismatch(message: &str) -> Option<(&str, String, &str)> {
    let (path, rest) = message.split_once(": invalid type: ")?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    let found = match found.split_once(' ') {
        Some((kind, value)) => format!("the {kind} {value}"),
        None => format!("a {found}"),
    };
    Some((field, found, expected))
}

/// The index in "key_highlights[2]: invalid type…", when the error is about a list item.
fn list_item(message: &str) -> Option<usize> {
    let path = message.split(": ").next()?;
    let open = path.rfind('[')?;
    path[open + 1..].strip_suffix(']')?.parse().ok()
}

/// The (line, column) of a top-level `key:` in a block mapping, 1-based.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then_some((i + 1, 1))
    })
}

/// The (line, column) of the value of a top-level `key:`, 1-based.
pub fn value_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let (line, _) = key_position(text, key)?;
    let content = text.lines().nth(line - 1)?;
    let colon = content.find(':')?;
    let after = &content[colon + 1..];
    let pad = after.len() - after.trim_start().len();
    Some((line, colon + 2 + pad))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn err(text: &str) -> String {
        let origin = Origin { path: Path::new("a.md"), first_line: 2 };
        parse::<Doc>(text, origin, &["title", "tags"]).unwrap_err().to_string()
    }

    #[test]
    fn unknown_field_points_at_the_key_and_suggests() {
        assert_eq!(
            err("title: x\ntgas: [a]\n"),
            "error: a.md:3:1: unknown field `tgas`\n  did you mean `tags`?"
        );
    }

    #[test]
    fn string_where_list_belongs() {
        let e = err("title: x\ntags: Huawei\n");
        assert!(
            e.starts_with("error: a.md:3:1: `tags` should be a sequence, not the string \"Huawei\""),
            "{e}"
        );
    }

    #[test]
    fn list_where_string_belongs() {
        let e = err("title: [a, b]\n");
        assert!(e.starts_with("error: a.md:2:1: `title` should be a string, not a sequence"), "{e}");
    }

    #[test]
    fn syntax_error_line_is_the_file_line() {
        let e = err("title: x\ntags: [a\n");
        assert!(e.starts_with("error: a.md:"), "{e}");
        assert!(e.contains("invalid YAML"), "{e}");
    }

    #[test]
    fn unquoted_markdown_bold_gets_a_quoting_hint() {
        let e = err("title: x\ntags:\n  - **Huawei** first\n");
        assert!(e.contains("error: a.md:4:"), "{e}");
        assert!(e.contains("must be quoted, as in `- \"**Huawei** ranks first\"`"), "{e}");
    }

    #[test]
    fn list_item_with_a_colon() {
        let e = err("title: x\ntags:\n  - fine\n  - Revenue: up\n");
        assert!(e.starts_with("error: a.md:5:"), "{e}");
        assert!(e.contains("item 2 of `tags` should be a string, not a map"), "{e}");
        assert!(e.contains("must be quoted"), "{e}");
    }

    #[test]
    fn missing_field() {
        assert!(err("tags: []\n").contains("missing required field `title`"));
    }

    #[test]
    fn value_position_finds_the_value() {
        assert_eq!(value_position("title: x\ndate:  2024-13-01\n", "date"), Some((2, 8)));
    }
}
