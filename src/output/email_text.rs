//! The plain-text email edition of a week's digest (`email.txt`): the same
//! digest as `email.html`, wrapped at 72 columns, with every link as a
//! numbered footnote (`[3]`) listed at the end. A web address longer than a
//! line is never broken (it would stop working): it stands alone on its line.

use std::collections::HashMap;

use crate::render::digest::{EntryView, WeekView};

/// The width of the text.
pub const WIDTH: usize = 72;

/// The links of a text, numbered in order of first use.
#[derive(Default)]
struct Footnotes(Vec<String>, HashMap<String, usize>);

impl Footnotes {
    /// The number of `url`, given on first use.
    fn number(&mut self, url: &str) -> usize {
        if let Some(&n) = self.1.get(url) {
            return n;
        }
        self.0.push(url.to_string());
        self.1.insert(url.to_string(), self.0.len());
        self.0.len()
    }
}

/// The text edition of `week`, titled with the publication's `title`.
pub fn render(week: &WeekView, title: &str) -> String {
    let mut notes = Footnotes::default();
    let mut out = String::new();
    let s = &week.summary;
    push_wrapped(&mut out, &format!("{title} — weekly digest"), "", "");
    push_wrapped(&mut out, &format!("{}: {}", s.title, s.dates), "", "");
    push_wrapped(&mut out, &s.numbers, "", "");
    out.push('\n');
    let page = notes.number(&s.permalink);
    push_wrapped(&mut out, &format!("Read this digest on the site [{page}]."), "", "");
    for group in &week.groups {
        out.push('\n');
        let heading = match group.url.is_empty() {
            true => group.name.to_uppercase(),
            false => format!("{} [{}]", group.name.to_uppercase(), notes.number(&group.url)),
        };
        push_wrapped(&mut out, &heading, "", "");
        out.push_str(&"=".repeat(heading.chars().count().min(WIDTH)));
        out.push('\n');
        for entry in &group.entries {
            push_entry(&mut out, entry, &mut notes);
        }
    }
    out.push('\n');
    push_wrapped(&mut out, &format!("You are reading the plain-text edition of {}. Links:", s.title), "", "");
    out.push('\n');
    for (i, url) in notes.0.iter().enumerate() {
        let line = format!("[{}] {url}", i + 1);
        if line.chars().count() <= WIDTH {
            out.push_str(&line);
        } else {
            out.push_str(&format!("[{}]\n{url}", i + 1));
        }
        out.push('\n');
    }
    out
}

/// One briefing: its title and link, its date, then its highlights (or
/// its summary) as a list.
fn push_entry(out: &mut String, entry: &EntryView, notes: &mut Footnotes) {
    out.push('\n');
    let n = notes.number(&entry.url);
    push_wrapped(out, &format!("{} [{n}]", entry.title), "* ", "  ");
    let mut date = entry.date_display.to_string();
    if !entry.also.is_empty() {
        let names: Vec<&str> = entry.also.iter().map(|c| c.name).collect();
        date.push_str(&format!(" · also about {}", names.join(", ")));
    }
    push_wrapped(out, &date, "  ", "  ");
    for h in &entry.highlights_html {
        push_wrapped(out, &inline_text(h, notes), "  - ", "    ");
    }
    if !entry.summary_html.is_empty() {
        push_wrapped(out, &inline_text(&entry.summary_html, notes), "  ", "  ");
    }
}

/// `text` wrapped at [`WIDTH`], the first line after `first`, the others after `rest`.
fn push_wrapped(out: &mut String, text: &str, first: &str, rest: &str) {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    for line in textwrap::wrap(text, options) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Inline HTML (a rendered key highlight or summary) as text: tags
/// dropped, an image as its alt text, entities decoded, and each link's
/// text followed by its footnote number.
fn inline_text(html: &str, notes: &mut Footnotes) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    let mut open_links: Vec<Option<usize>> = Vec::new();
    while let Some(at) = rest.find('<') {
        text.push_str(&decode(&rest[..at]));
        let Some(end) = rest[at..].find('>') else {
            text.push_str(&decode(&rest[at..]));
            rest = "";
            break;
        };
        let tag = &rest[at + 1..at + end];
        let name = tag.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        match name.as_str() {
            "a" => open_links.push(attribute(tag, "href").map(|url| notes.number(&decode(url)))),
            "/a" => {
                if let Some(Some(n)) = open_links.pop() {
                    text.push_str(&format!(" [{n}]"));
                }
            }
            "img" => text.push_str(&decode(attribute(tag, "alt").unwrap_or(""))),
            "br" | "br/" => text.push(' '),
            _ => {}
        }
        rest = &rest[at + end + 1..];
    }
    text.push_str(&decode(rest));
    if text.contains(['\n', '\t', '\r']) || text.contains("  ") {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text
    }
}

/// The value of attribute `name` in the inside of a tag, as written.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// `text` with HTML character references decoded.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| reference(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_footnotes() {
        let mut notes = Footnotes::default();
        let text = inline_text(
            "<strong>Huawei</strong> &amp; <a href=\"https://e.org/a?x=1&amp;y=2\">Apple</a> <code>x&lt;y</code> <a href=\"https://e.org/b\">B</a> <a href=\"https://e.org/a?x=1&amp;y=2\">again</a>",
            &mut notes,
        );
        assert_eq!(text, "Huawei & Apple [1] x<y B [2] again [1]");
        assert_eq!(notes.0, ["https://e.org/a?x=1&y=2", "https://e.org/b"]);
    }

    #[test]
    fn wrapping_keeps_to_the_width() {
        let mut out = String::new();
        let long = "word ".repeat(60);
        push_wrapped(&mut out, &long, "  - ", "    ");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.starts_with("  - word") && out.lines().nth(1).unwrap().starts_with("    word"));
    }

    #[test]
    fn images_are_their_alt_text() {
        let mut notes = Footnotes::default();
        assert_eq!(inline_text("a <img src=\"/x.png\" alt=\"chart\"> b", &mut notes), "a chart b");
    }
}
