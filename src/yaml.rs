//! Strict YAML: parse into a serde struct and turn serde_yaml's errors into
//! [`Diagnostic`]s with the line and column in the file, worded for writers.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

mod items;
pub use items::item_positions;

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

/// Parses `text` into `T`. `T` and the structs inside it deny unknown fields;
/// an unknown key is reported with the closest field of the struct it is in.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin) -> Result<T, Diagnostic> {
    if let Some((line, col)) = too_deep(text) {
        return Err(origin
            .diagnostic(line, col, format!("this value is nested more than {MAX_DEPTH} levels deep"))
            .help("front matter holds plain values and short lists; flatten this one"));
    }
    serde_yaml::from_str(text).map_err(|err| explain(&err, text, origin))
}

/// The field that holds a writer's own data, in the structs that have one.
pub const FREE_FORM_FIELD: &str = "extra";

/// Deeper flow nesting (`[[[…`) than anyone writes by hand; the YAML parser
/// slows down badly on much deeper input, so it is refused first.
const MAX_DEPTH: usize = 64;

/// Where flow brackets (`[`, `{`) outside quotes first nest past [`MAX_DEPTH`].
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some('"'), '\\') if !escaped => {
                    escaped = true;
                    continue;
                }
                (Some(q), c) if c == q && !escaped => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            escaped = false;
        }
    }
    None
}

fn explain(err: &serde_yaml::Error, text: &str, origin: Origin) -> Diagnostic {
    let raw = err.to_string();
    let message = strip_location(&raw);
    let at = err.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let problem = Problem { message, text, origin, at };
    problem
        .unknown_field()
        .or_else(|| problem.missing_field())
        .or_else(|| problem.wrong_item_type())
        .or_else(|| problem.wrong_type())
        .or_else(|| problem.not_a_mapping())
        .or_else(|| problem.duplicate_key())
        .or_else(|| problem.control_character())
        .or_else(|| problem.unclosed_quote())
        .unwrap_or_else(|| problem.syntax())
}

/// One serde_yaml error, and what is needed to explain it.
struct Problem<'a> {
    message: &'a str,
    text: &'a str,
    origin: Origin<'a>,
    /// Where serde_yaml noticed it, in the document.
    at: (usize, usize),
}

impl Problem<'_> {
    fn report(&self, (line, col): (usize, usize), message: impl Into<String>) -> Diagnostic {
        self.origin.diagnostic(line, col, message)
    }

    /// serde names the fields of the struct the key is in: "unknown field
    /// `x`, expected one of `a`, `b`" (or "`a` or `b`", or "`a`").
    fn unknown_field(&self) -> Option<Diagnostic> {
        let field = between(self.message, "unknown field `", "`")?;
        let fields: Vec<&str> = match self.message.split_once(", expected ") {
            Some((_, list)) => list.split('`').skip(1).step_by(2).collect(),
            None => Vec::new(),
        };
        let d = self
            .report(key_position(self.text, field).unwrap_or(self.at), format!("unknown field `{field}`"));
        let free_form = if fields.contains(&FREE_FORM_FIELD) {
            format!("; put free-form data under `{FREE_FORM_FIELD}`")
        } else {
            String::new()
        };
        Some(match did_you_mean(field, &fields) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if fields.is_empty() => d,
            None => d.help(format!("the fields are: {}{free_form}", fields.join(", "))),
        })
    }

    fn missing_field(&self) -> Option<Diagnostic> {
        let field = between(self.message, "missing field `", "`")?;
        // A field missing inside a mapping (`image: {alt: x}` without `src`)
        // is reported at the key that holds the mapping.
        let inside =
            self.message.split_once(": missing field").map(|(path, _)| path).filter(|p| !p.is_empty());
        let holder = inside.and_then(|path| path.split(['.', '[']).next());
        match holder.and_then(|key| Some((key, key_position(self.text, key)?))) {
            Some((key, at)) => Some(
                self.report(at, format!("missing required field `{field}` in `{key}`"))
                    .help(format!("add a line `{field}: ...` under `{key}:`")),
            ),
            None => Some(
                self.report((1, 1), format!("missing required field `{field}`"))
                    .help(format!("add a line `{field}: ...`")),
            ),
        }
    }

    /// `companies: [[Huawei]]`, `key_highlights: [Revenue: up]`.
    fn wrong_item_type(&self) -> Option<Diagnostic> {
        let (field, found, expected) = type_mismatch(self.message)?;
        let item = list_item(self.message)?;
        let hint = match found.as_str() {
            "a map" => "an item that contains `: ` must be quoted, as in `- \"Revenue: up 5%\"`".to_string(),
            _ => format!("write each item of `{field}` as text"),
        };
        let message = format!("item {} of `{field}` should be {expected}, not {found}", item + 1);
        Some(self.report(self.at, message).help(hint))
    }

    fn wrong_type(&self) -> Option<Diagnostic> {
        let (field, found, expected) = type_mismatch(self.message)?;
        let hint = match (field, expected) {
            ("sources", "a list") => {
                "`sources` takes a list of entries, each with a title and a URL:\n  sources:\n    \
                               - title: Counterpoint Research\n      url: https://example.com/report"
                    .to_string()
            }
            (_, "a list") => {
                format!("`{field}` takes a list: `{field}: [First, Second]`, or one `- item` per line")
            }
            (_, "text") => format!("`{field}` takes a single text value, not {found}"),
            _ => format!("`{field}` takes {expected}"),
        };
        let at = key_position(self.text, field).unwrap_or(self.at);
        Some(self.report(at, format!("`{field}` should be {expected}, not {found}")).help(hint))
    }

    /// A document that is a list or a bare value instead of `key: value` lines.
    fn not_a_mapping(&self) -> Option<Diagnostic> {
        let rest = self.message.strip_prefix("invalid type: ")?;
        let (found, expected) = rest.rsplit_once(", expected ")?;
        expected.starts_with("struct ").then(|| {
            self.report((1, 1), format!("this should be `key: value` lines, not {}", describe(found)))
                .help("write one field per line, like `title: Huawei tops the market`")
        })
    }

    fn duplicate_key(&self) -> Option<Diagnostic> {
        let field = between(self.message, "duplicate field `", "`")?;
        let at = key_positions(self.text, field).nth(1).unwrap_or(self.at);
        Some(self.report(at, format!("`{field}` is given twice")).help("keep one of them"))
    }

    /// serde_yaml gives a byte offset into the document; we give the line.
    fn control_character(&self) -> Option<Diagnostic> {
        let offset: usize =
            self.message.strip_prefix("control characters are not allowed at position ")?.parse().ok()?;
        let before = self.text.get(..offset.min(self.text.len()))?;
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let c = self.text[before.len()..].chars().next().map_or(0, u32::from);
        Some(
            self.report(
                (line, col),
                format!("an invisible control character (U+{c:04X}) is not allowed here"),
            )
            .help("delete it: it often comes with text pasted from another program"),
        )
    }

    /// `summary: "never closed`: point at the quote, not the end of the block.
    fn unclosed_quote(&self) -> Option<Diagnostic> {
        if !self.message.contains("end of stream") && !self.message.contains("quoted scalar") {
            return None;
        }
        let (line, col) = self.text.lines().enumerate().find_map(|(i, line)| {
            let value =
                line.split_once(": ").map(|(_, v)| v).or_else(|| line.trim_start().strip_prefix("- "))?;
            let quote = value.trim_start().chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let body = &value.trim_start()[1..];
            let closed =
                body.trim_end().ends_with(quote) && !body.trim_end().ends_with(&format!("\\{quote}"));
            (!closed).then(|| (i + 1, line.len() - value.trim_start().len() + 1))
        })?;
        Some(
            self.report((line, col), "this quoted value is never closed")
                .help("add the closing quote at the end of the value"),
        )
    }

    fn syntax(&self) -> Diagnostic {
        if self.message.contains("EOF while parsing") || self.text.trim().is_empty() {
            return self.report(self.at, "this YAML is empty");
        }
        let help = match special_start(self.text, self.at.0) {
            Some(c) => {
                format!("a value that starts with `{c}` must be quoted, as in `- \"**Huawei** ranks first\"`")
            }
            None => {
                "check the indentation, and quote values that contain `: ` or start with a special character"
                    .into()
            }
        };
        self.report(self.at, format!("invalid YAML: {}", self.message)).help(help)
    }
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

/// serde's description of a value, in a writer's words: "sequence" ->
/// "a list", "string \"x\"" -> "the text \"x\"", "integer `9` as u128" ->
/// "the number 9".
fn describe(found: &str) -> String {
    let found = found.split(" as ").next().unwrap_or(found);
    match found.split_once(' ') {
        Some(("string", value)) => format!("the text {value}"),
        Some(("integer" | "floating", value)) => {
            format!("the number {}", value.trim_matches('`').trim_start_matches("point "))
        }
        Some(("boolean", value)) => format!("`{}`", value.trim_matches('`')),
        _ => match found {
            "sequence" => "a list".to_string(),
            "map" => "a map".to_string(),
            "unit value" => "nothing".to_string(),
            other => format!("a {other}"),
        },
    }
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
fn type_mismatch(message: &str) -> Option<(&str, String, &'static str)> {
    let (path, rest) =
        message.split_once(": invalid type: ").or_else(|| message.split_once(": invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    Some((field, describe(found), plain_type(expected)))
}

/// serde's and Rust's names for what a field takes, in a writer's words.
fn plain_type(expected: &str) -> &'static str {
    match expected {
        "a sequence" => "a list",
        "a string" => "text",
        "a boolean" => "`true` or `false`",
        "i64" | "u64" | "usize" | "i32" | "u32" => "a whole number",
        e if e.starts_with("struct ") || e == "a map" => "indented `key: value` lines",
        _ => "a value of another kind",
    }
}

/// The index in "key_highlights[2]: invalid type…", when the error is about a list item.
fn list_item(message: &str) -> Option<usize> {
    let path = message.split(": ").next()?;
    let open = path.rfind('[')?;
    path[open + 1..].strip_suffix(']')?.parse().ok()
}

/// The (line, column) of a top-level `key:` in a block mapping, 1-based.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    key_positions(text, key).next()
}

/// Every place a top-level `key:` is written.
fn key_positions<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
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

/// The byte range of the value of a top-level `key:`: from the value's first
/// character to the next top-level key (comments and blank lines included).
pub fn value_span(text: &str, key: &str) -> Option<Range<usize>> {
    let (line, col) = value_position(text, key)?;
    let starts = line_starts(text);
    // The key and the spaces before the value are ASCII: the column counts bytes.
    let start = (starts[line - 1] + col - 1).min(text.len());
    let end = starts[line..]
        .iter()
        .copied()
        .find(|&at| text[at..].starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#'))
        .unwrap_or(text.len());
    Some(start..end.max(start))
}

/// The byte range of item `index` (0-based) of the block sequence under a
/// top-level `key:`, from its `-` to the next item; `None` when the value
/// is not a block sequence (a flow list `[a, b]`, say).
pub fn item_span(text: &str, key: &str, index: usize) -> Option<Range<usize>> {
    let value = value_span(text, key)?;
    let rest = &text[value.clone()];
    if !rest.split('\n').next().unwrap_or("").trim().is_empty() {
        return None;
    }
    let mut items = Vec::new();
    let mut indent = None;
    let mut at = value.start;
    for line in rest.split_inclusive('\n') {
        let pad = line.len() - line.trim_start_matches(' ').len();
        let dash = line[pad..].starts_with("- ") || line[pad..].trim_end() == "-";
        if dash && indent.is_none_or(|i| i == pad) {
            indent = Some(pad);
            items.push(at + pad);
        }
        at += line.len();
    }
    let start = *items.get(index)?;
    Some(start..items.get(index + 1).copied().unwrap_or(value.end))
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Free {
        title: String,
        extra: Option<serde_yaml::Value>,
        #[serde(default)]
        sources: Vec<Doc>,
    }

    fn err(text: &str) -> String {
        let origin = Origin { path: Path::new("a.md"), first_line: 2 };
        parse::<Doc>(text, origin).unwrap_err().to_string()
    }

    #[test]
    fn unknown_field_points_at_the_key_and_suggests() {
        assert_eq!(
            err("title: x\ntgas: [a]\n"),
            "error: a.md:3:1: unknown field `tgas`\n  did you mean `tags`?"
        );
    }

    #[test]
    fn unknown_field_lists_the_fields_of_its_struct() {
        assert_eq!(
            err("title: x\nregion: China\n"),
            "error: a.md:3:1: unknown field `region`\n  the fields are: title, tags"
        );
        let origin = Origin { path: Path::new("a.md"), first_line: 1 };
        let free = parse::<Free>("title: x\nregion: China\n", origin).unwrap_err().to_string();
        assert!(
            free.ends_with("the fields are: title, extra, sources; put free-form data under `extra`"),
            "{free}"
        );
        let nested = parse::<Free>("title: x\nsources:\n  - title: a\n    tgas: []\n", origin).unwrap_err();
        assert_eq!(nested.help.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn string_where_list_belongs() {
        let e = err("title: x\ntags: Huawei\n");
        assert!(e.starts_with("error: a.md:3:1: `tags` should be a list, not the text \"Huawei\""), "{e}");
    }

    #[test]
    fn list_where_string_belongs() {
        let e = err("title: [a, b]\n");
        assert!(e.starts_with("error: a.md:2:1: `title` should be text, not a list"), "{e}");
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
        assert!(e.contains("item 2 of `tags` should be text, not a map"), "{e}");
        assert!(e.contains("must be quoted"), "{e}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let e = err(&format!("title: x\ntags: {}\n", "[".repeat(100_000)));
        assert!(e.starts_with("error: a.md:3:71: this value is nested more than 64 levels deep"), "{e}");
        let origin = Origin { path: Path::new("a.md"), first_line: 2 };
        let quoted = parse::<Doc>(&format!("title: \"{}\"\n", "[".repeat(100)), origin);
        assert!(quoted.is_ok(), "brackets inside quotes are text: {quoted:?}");
    }

    #[test]
    fn missing_field() {
        assert!(err("tags: []\n").contains("missing required field `title`"));
    }

    #[test]
    fn spans_of_values_and_items() {
        let text = "title: x\nkey_highlights:\n  - one\n  - \"two [a](b)\"\n    more\nsummary: |\n  s\n";
        let item = item_span(text, "key_highlights", 1).unwrap();
        assert_eq!(&text[item], "- \"two [a](b)\"\n    more\n");
        assert_eq!(item_span(text, "key_highlights", 2), None);
        assert_eq!(&text[value_span(text, "summary").unwrap()], "|\n  s\n");
        let flow = "key_highlights: [a, b]\ntitle: x\n";
        assert_eq!(item_span(flow, "key_highlights", 0), None);
        assert_eq!(&flow[value_span(flow, "key_highlights").unwrap()], "[a, b]\n");
    }

    #[test]
    fn value_position_finds_the_value() {
        assert_eq!(value_position("title: x\ndate:  2024-13-01\n", "date"), Some((2, 8)));
    }
}
