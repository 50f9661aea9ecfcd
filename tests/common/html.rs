//! Reading HTML without a parser crate: attributes and character
//! references, the parts of a page the theme marks with classes (cards,
//! chips, timelines, term indexes, pagination links), a tag scanner, and the
//! safety check that no page holds a tag or attribute that could run script.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use super::html_files;

/// Decodes the character references Tera and pulldown-cmark write in attributes.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The values of every `name="..."` attribute in `html`, decoded.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=\"");
    let mut values = Vec::new();
    let mut from = 0;
    while let Some(found) = html[from..].find(&needle) {
        let at = from + found;
        let start = at + needle.len();
        from = start;
        let preceded_by_space = html[..at].chars().next_back().is_some_and(char::is_whitespace);
        if !preceded_by_space {
            continue;
        }
        if let Some(len) = html[start..].find('"') {
            values.push(decode_entities(&html[start..start + len]));
            from = start + len;
        }
    }
    values
}

/// Every `href` and `src` in `html`.
pub fn links(html: &str) -> Vec<String> {
    let mut all = attr_values(html, "href");
    all.extend(attr_values(html, "src"));
    all.extend(attr_values(html, "srcset").iter().flat_map(|set| srcset_urls(set)));
    all
}

/// The URLs of a `srcset` value: `a.webp 480w, b.webp 960w` -> `a.webp`, `b.webp`.
pub fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Every `id` in `html`.
pub fn ids(html: &str) -> HashSet<String> {
    attr_values(html, "id").into_iter().collect()
}

/// The text from the first `start` to the first `end` after it (both
/// included), or `None` when `start` is missing.
pub fn section<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let len = html[from..].find(end).map_or(html.len() - from, |e| e + end.len());
    Some(&html[from..from + len])
}

/// The briefing links of the cards in `html`: the link inside each
/// `class="card-title"` heading, in page order.
pub fn card_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("class=\"card-title\"") {
        rest = &rest[at + 1..];
        let heading_end = rest.find("</h").unwrap_or(rest.len());
        if let Some(href) = attr_values(&rest[..heading_end], "href").into_iter().next() {
            out.push(href);
        }
    }
    out
}

/// The links of the first `<ul class="chips chips-KIND"...>` list in `html`
/// (`kind` is `company` or `topic`); empty when there is none.
pub fn chip_links(html: &str, kind: &str) -> Vec<String> {
    section(html, &format!("class=\"chips chips-{kind}\""), "</ul>")
        .map(|list| attr_values(list, "href"))
        .unwrap_or_default()
}

/// The timeline section of a company or topic page.
#[track_caller]
pub fn timeline(html: &str) -> &str {
    section(html, "<section class=\"timeline\"", "</section>")
        .expect("a term page has a <section class=\"timeline\">")
}

/// The `href` of the first `<a>` or `<link>` tag with `rel="REL"`.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    let needle = format!("rel=\"{rel}\"");
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if !(rest.starts_with("a ") || rest.starts_with("link ")) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if tag.contains(&needle) {
            return attr_values(tag, "href").into_iter().next();
        }
    }
    None
}

/// `(url, count)` of each entry on a `/companies/` or `/topics/` index.
pub fn term_index(html: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("class=\"term-index-name\"") {
        rest = &rest[at + 1..];
        let url = attr_values(&rest[..rest.find('>').unwrap()], "href")
            .into_iter()
            .next()
            .expect("term-index-name link has an href");
        let count_at = rest.find("class=\"count\"").expect("each term has a count");
        let after = &rest[count_at..];
        let text = &after[after.find('>').unwrap() + 1..];
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        out.push((url, digits.parse().expect("the count is a number")));
    }
    out
}

// ---------------------------------------------------------------------------
// A small HTML tag scanner
// ---------------------------------------------------------------------------

/// One start or end tag: its name (`/p` for an end tag) and its attributes,
/// values decoded.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of the attribute `name`, if the tag has it.
    #[allow(dead_code)]
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Every tag of `html`, in order. Text never holds a raw `<` in escaped
/// output, so every `<` starts a tag, a comment or a doctype. The contents
/// of `<script>` and `<style>` are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if html[i..].starts_with("!--") {
            i += html[i..].find("-->").map_or(html.len() - i, |e| e + 3);
            continue;
        }
        if html[i..].starts_with('!') || html[i..].starts_with('?') {
            i += html[i..].find('>').map_or(html.len() - i, |e| e + 1);
            continue;
        }
        let closing = html[i..].starts_with('/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        assert!(
            !name.is_empty(),
            "a raw `<` in text: {:?}",
            &html[start.saturating_sub(40)..(start + 40).min(html.len())]
        );
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let n0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[n0..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let end = html[i + 1..].find(q).map_or(html.len(), |e| i + 1 + e);
                    value = decode_entities(&html[i + 1..end]);
                    i = end + 1;
                } else {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&html[v0..i]);
                }
            }
            attrs.push((attr, value));
        }
        let name = if closing { format!("/{name}") } else { name };
        if name == "script" || name == "style" {
            let end = html[i..].find(&format!("</{name}")).map_or(html.len() - i, |e| e);
            i += end;
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// Whether a URL would run script when followed: the scheme, once entities
/// are decoded and the characters browsers ignore are dropped.
pub fn runs_script(url: &str) -> bool {
    let cleaned: String =
        url.chars().filter(|c| *c > ' ' && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| cleaned.starts_with(s))
}

/// The problems of one page: event-handler attributes, script-running URLs,
/// script elements other than the theme's JSON-LD and search client, and
/// elements that embed or redirect.
pub fn unsafe_tags(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in tags(html) {
        for (attr, value) in &tag.attrs {
            if attr.starts_with("on") {
                problems.push(format!("<{} {attr}=…>", tag.name));
            }
            let url_attr =
                ["href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "background"];
            if url_attr.contains(&attr.as_str()) && runs_script(value) {
                problems.push(format!("<{} {attr}={value:?}>", tag.name));
            }
        }
        let attr = |n: &str| tag.attrs.iter().find(|(a, _)| a == n).map(|(_, v)| v.as_str());
        match tag.name.as_str() {
            "script" => {
                let ld = attr("type") == Some("application/ld+json") && tag.attrs.len() == 1;
                let client = attr("src").is_some_and(|s| s.ends_with("search.js"));
                if !ld && !client {
                    problems.push(format!("a <script> element: {:?}", tag.attrs));
                }
            }
            "iframe" | "object" | "embed" | "svg" | "math" | "base" | "style" | "frame" | "frameset"
            | "applet" => {
                problems.push(format!("a <{}> element", tag.name));
            }
            "meta" if attr("http-equiv").is_some() => problems.push("<meta http-equiv>".into()),
            "form" if attr("class").is_none_or(|c| c != "search-form") => problems.push("a <form>".into()),
            _ => {}
        }
    }
    problems
}

/// The tag skeleton of a page: tag names and attribute names, in order.
pub fn skeleton(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .map(|t| {
            format!("{} {}", t.name, t.attrs.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>().join(" "))
        })
        .collect()
}

#[track_caller]
pub fn assert_safe_site(out: &Path) {
    let mut all = Vec::new();
    for rel in html_files(out) {
        let html = fs::read_to_string(out.join(&rel)).unwrap();
        all.extend(unsafe_tags(&html).into_iter().map(|p| format!("{}: {p}", rel.display())));
    }
    assert!(all.is_empty(), "{} unsafe tags:\n{}", all.len(), all.join("\n"));
}

/// The JSON-LD object of a page, parsed; its raw text holds no `<` or `>`.
#[track_caller]
pub fn json_ld(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let ld = section(html, open, "</script>").expect("a JSON-LD script");
    let ld = &ld[open.len()..ld.len() - "</script>".len()];
    assert!(!ld.contains('<') && !ld.contains('>'), "JSON-LD holds a raw angle bracket: {ld}");
    serde_json::from_str(ld).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}: {ld}"))
}
