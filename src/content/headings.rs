//! Headings of a body: `#` demoted to `<h2>` (the page title is the only
//! `<h1>`), ids unique within the page and clear of the templates' own, an
//! anchor link on each, and the table-of-contents entries.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::slug::slugify;

/// An `h2` or `h3` of a body, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The page title is the only `<h1>`: a `#` heading in a body becomes `<h2>`.
pub(super) fn demote_h1(event: Event) -> Event {
    use pulldown_cmark::HeadingLevel::{H1, H2};
    match event {
        Event::Start(Tag::Heading { level: H1, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: H2, id, classes, attrs })
        }
        Event::End(TagEnd::Heading(H1)) => Event::End(TagEnd::Heading(H2)),
        other => other,
    }
}

/// Gives the heading that starts at `events[start]` an id made from its
/// text, `title` (unless the writer gave one with `{#id}`), unique within the
/// document, and an anchor link; returns its table-of-contents entry.
pub(super) fn finish_heading(
    events: &mut Vec<Event>,
    start: usize,
    level: HeadingLevel,
    title: String,
    ids: &mut HeadingIds,
) -> Option<TocEntry> {
    let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
        return None;
    };
    // A writer's `{#id}` is kept only when it is plainly safe in a URL.
    let base = match id.as_deref() {
        Some(given) if is_plain_id(given) => given.to_string(),
        Some(given) => slugify(given).unwrap_or_else(|| "section".to_string()),
        None => slugify(&title).unwrap_or_else(|| "section".to_string()),
    };
    let unique = ids.claim(base);
    *id = Some(CowStr::from(unique.clone()));
    events.push(Event::InlineHtml(
        format!(r##"<a class="heading-anchor" href="#{unique}" aria-label="Link to this section">#</a>"##)
            .into(),
    ));
    let level = match level {
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        _ => return None,
    };
    Some(TocEntry { level, id: unique, title })
}

/// The heading ids of one page: each new id is unique (`a`, `a-1`, `a-2`).
pub(super) struct HeadingIds {
    pub(super) used: HashSet<String>,
    /// The next suffix to try for each base, so many equal headings stay linear.
    pub(super) next: HashMap<String, usize>,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        let mut n = self.next.get(&base).copied().unwrap_or(0);
        let mut candidate = if n == 0 { base.clone() } else { format!("{base}-{n}") };
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.next.insert(base, n + 1);
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Letters, digits, `-`, `_`, `.` and `:`, starting with a letter or digit.
fn is_plain_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
}
