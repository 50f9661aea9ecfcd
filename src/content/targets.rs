//! Link targets as a briefing's Markdown writes them: which ones wait for the
//! site model (another briefing's file, a path relative to the briefing's
//! page), where each one is written (its use, or the reference definition
//! that holds its URL), and the body's reference definitions, which key
//! highlights and summaries share.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::routes::link_placeholder;

/// Whether `url` points at another briefing's Markdown file (`../2023/x.md`,
/// or Zola's `@/blog/x.md`).
pub fn is_file_link(url: &str) -> bool {
    let path = url.split('#').next().unwrap_or(url);
    let markdown = path.rsplit_once('.').is_some_and(|(_, ext)| super::is_markdown(ext));
    markdown && !path.starts_with('/') && !has_scheme(path)
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`).
pub fn has_scheme(url: &str) -> bool {
    let scheme = url.split([':', '/', '?', '#']).next().unwrap_or("");
    !scheme.is_empty() && url[scheme.len()..].starts_with(':')
}

/// A path relative to the page it is written on (`chart.png`, `../x/`):
/// not rooted, no scheme, not only a fragment or a query.
pub fn is_relative(url: &str) -> bool {
    !url.is_empty() && !url.starts_with(['/', '#', '?']) && !has_scheme(url)
}

/// Whether the site model gives `url` its target: a briefing's file, or a
/// path relative to the briefing's page (made root-relative, so it works
/// on every page that shows it).
pub fn needs_resolving(url: &str) -> bool {
    is_file_link(url) || is_relative(url)
}

/// A reference definition of a body: `[label]: url "title"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefDef {
    pub dest: String,
    pub title: String,
    /// Byte offset of the URL in the body, where a writer edits it.
    pub offset: usize,
}

/// A body's reference definitions by label, matched as CommonMark matches
/// labels: case and runs of spaces aside.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs(HashMap<String, RefDef>);

impl Refs {
    /// The definitions a parser of `markdown` found.
    pub fn of(markdown: &str, defs: &pulldown_cmark::RefDefs) -> Refs {
        Refs(
            defs.iter()
                .map(|(label, def)| {
                    let written = markdown.get(def.span.clone()).unwrap_or("");
                    // The URL comes after the label's `]:`.
                    let after = written.find("]:").map_or(0, |i| i + 2);
                    let at = written[after..].find(def.dest.as_ref()).map_or(0, |i| after + i);
                    let title = def.title.as_deref().unwrap_or("").to_string();
                    (key(label), RefDef { dest: def.dest.to_string(), title, offset: def.span.start + at })
                })
                .collect(),
        )
    }

    pub fn get(&self, label: &str) -> Option<&RefDef> {
        self.0.get(&key(label))
    }
}

fn key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Where a link is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// At this byte offset of the Markdown being rendered.
    Here(usize),
    /// In a reference definition of the body, at this byte offset of the body.
    Definition(usize),
}

/// The links of one piece of Markdown, noted as it renders. A target the
/// site model resolves is written as a placeholder numbered from `first`.
pub struct Noted<'r> {
    refs: &'r Refs,
    first: usize,
    /// Whether `#fragment` links get placeholders too: a snippet is shown on
    /// other pages, where a bare fragment would point into the wrong page.
    fragments: bool,
    pub links: Vec<(String, At)>,
}

impl<'r> Noted<'r> {
    pub fn new(refs: &'r Refs, first: usize, fragments: bool) -> Noted<'r> {
        Noted { refs, first, fragments, links: Vec::new() }
    }

    /// Notes the link or image that `event` (at byte `offset`) starts.
    pub fn note<'a>(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }) => {
                // `<a@b.org>`: the HTML writer adds `mailto:`; the link
                // list must see it too, or it looks like a page path.
                self.links.push((format!("mailto:{dest_url}"), At::Here(offset)));
                Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id })
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.record(dest_url, link_type, &id, offset);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = self.record(dest_url, link_type, &id, offset);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            other => other,
        }
    }

    fn record<'a>(&mut self, url: CowStr<'a>, link_type: LinkType, label: &str, offset: usize) -> CowStr<'a> {
        use LinkType::*;
        let at = match link_type {
            Reference | Collapsed | Shortcut | ReferenceUnknown | CollapsedUnknown | ShortcutUnknown => {
                self.refs.get(label).map_or(At::Here(offset), |d| At::Definition(d.offset))
            }
            _ => At::Here(offset),
        };
        self.links.push((url.to_string(), at));
        if needs_resolving(&url) || (self.fragments && url.starts_with('#')) {
            link_placeholder(self.first + self.links.len() - 1).into()
        } else {
            url
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_targets() {
        assert!(is_file_link("../2023/x.md#a") && is_file_link("@/blog/x.md") && is_file_link("x.MARKDOWN"));
        assert!(!is_file_link("/x.md") && !is_file_link("https://e.com/x.md"));
        assert!(is_relative("chart.png") && is_relative("../x/") && is_relative("github.com/x"));
        for not in ["/x/", "#a", "?q", "https://e.com/", "mailto:a@b.c", ""] {
            assert!(!is_relative(not), "{not}");
        }
    }

    #[test]
    fn definitions_point_at_their_url() {
        let md = "Text.\n\n[The Ref]:  /x/ \"T\"\n";
        let parser = pulldown_cmark::Parser::new(md);
        let refs = Refs::of(md, parser.reference_definitions());
        let def = refs.get("the   ref").expect("found by label, case and spaces aside");
        assert_eq!((def.dest.as_str(), def.title.as_str()), ("/x/", "T"));
        assert_eq!(&md[def.offset..def.offset + 3], "/x/");
    }
}
