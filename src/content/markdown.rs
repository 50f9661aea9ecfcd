//! Markdown to HTML with pulldown-cmark: bodies (heading ids and anchors, a
//! table of contents, highlighted code, the first paragraph kept for
//! summaries) and inline snippets (key highlights, summaries) that may use
//! the body's reference definitions.

use std::collections::HashMap;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};

pub use super::headings::TocEntry;
use super::headings::{HeadingIds, demote_h1, finish_heading};
use super::highlight::Highlighter;
use super::images::{self, Written};
use super::sanitize::sanitize;
pub use super::targets::is_file_link;
use super::targets::{At, Noted, Refs};
use crate::config::MarkdownOptions;
use crate::routes::link_placeholder;

/// A rendered body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub html: String,
    /// The first top-level paragraph as inline HTML, for the summary fallback.
    /// Its `#fragment` links are placeholders too: a summary is shown on
    /// other pages.
    pub first_paragraph_html: Option<String>,
    /// The same paragraph as plain text, for descriptions.
    pub first_paragraph_text: String,
    pub words: usize,
    /// The `h2` and `h3` headings, in order.
    pub toc: Vec<TocEntry>,
    /// Every heading id, for checking `#anchor` links.
    pub anchors: Vec<String>,
    /// Every link and image target as written, with the byte offset in the
    /// Markdown where it is written (a reference link's: its definition).
    /// Targets the site model resolves (another briefing's file, a relative
    /// path) are written into the HTML as [`link_placeholder`]`(N)`, N
    /// indexing this list, until it knows the URL they lead to.
    pub links: Vec<(String, usize)>,
    /// The reference definitions (`[label]: url`), for snippets to use.
    pub refs: Refs,
    /// Where the first raw HTML and template tag are, shown as text.
    pub shown_as_text: ShownAsText,
    /// Every image that is a file of the site, in order. The HTML holds
    /// [`images::placeholder`]`(N)` for each, N indexing this list, until
    /// the media stage writes its `<picture>`; such images are not in `links`.
    pub images: Vec<Written>,
}

/// Byte offsets of what a body shows as text although it was probably
/// meant to do something: raw HTML (with `raw_html` off) and another
/// generator's template tags (`{{ … }}`, `{% … %}`), outside code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ShownAsText {
    pub raw_html: Option<usize>,
    pub template_tag: Option<usize>,
}

/// A rendered snippet: inline HTML and its links, as in [`Body::links`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub html: String,
    pub links: Vec<(String, At)>,
}

const TABLE_OPEN: &str = "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n";

/// Renders Markdown the way a site's settings ask for.
pub struct Markdown {
    opts: MarkdownOptions,
    highlighter: Highlighter,
    /// Ids the templates use (`content`, …), which body headings must not take.
    reserved_ids: Vec<String>,
}

impl Markdown {
    pub fn new(opts: MarkdownOptions) -> Markdown {
        Markdown { opts, highlighter: Highlighter::default(), reserved_ids: Vec::new() }
    }

    /// Everything that changes how Markdown renders, as a comparable text.
    pub fn settings(&self) -> String {
        format!("{:?} {:?}", self.opts, self.reserved_ids)
    }

    /// Keeps body heading ids clear of `ids`, the ids the page templates use.
    pub fn reserving(mut self, ids: Vec<String>) -> Markdown {
        self.reserved_ids = ids;
        self
    }

    fn options(&self) -> Options {
        let mut o = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        if self.opts.smart_punctuation {
            o |= Options::ENABLE_SMART_PUNCTUATION;
        }
        o
    }

    fn parser<'a>(&self, markdown: &'a str) -> Parser<'a> {
        Parser::new_ext(markdown, self.options())
    }

    /// Renders a briefing body.
    pub fn body(&self, markdown: &str) -> Body {
        let mut events: Vec<Event> = Vec::new();
        let mut ids = HeadingIds { used: self.reserved_ids.iter().cloned().collect(), next: HashMap::new() };
        let mut toc = Vec::new();
        let mut heading_start = None;
        let mut code: Option<(String, String)> = None;
        let mut depth = 0usize;
        let mut first_paragraph: Option<(usize, Option<usize>)> = None;
        let mut words = 0;
        let mut anchors = Vec::new();
        let mut shown_as_text = ShownAsText::default();
        let mut images = Vec::new();
        let mut image: Option<images::Capture> = None;

        let parsed = self.parser(markdown).into_offset_iter();
        let refs = Refs::of(markdown, parsed.reference_definitions());
        let mut noted = Noted::new(&refs, 0, false);
        for (event, range) in parsed {
            // An image that is a file of the site: its events become one
            // placeholder, for the media stage to replace.
            if let Some(capture) = &mut image {
                if let Some(written) = capture.take(&event) {
                    events.push(Event::InlineHtml(images::placeholder(images.len()).into()));
                    images.push(written);
                    image = None;
                }
                continue;
            }
            if let Event::Start(Tag::Image { dest_url, title, .. }) = &event
                && images::is_local(dest_url)
            {
                image = Some(images::Capture::new(dest_url, title, range.start));
                continue;
            }
            match &event {
                Event::Html(_) | Event::InlineHtml(_) if !self.opts.raw_html => {
                    shown_as_text.raw_html.get_or_insert(range.start);
                }
                Event::Text(text) if code.is_none() && (text.contains("{{") || text.contains("{%")) => {
                    let written = markdown.get(range.clone()).unwrap_or("");
                    let at = [written.find("{{"), written.find("{%")].into_iter().flatten().min();
                    shown_as_text.template_tag.get_or_insert(range.start + at.unwrap_or(0));
                }
                _ => {}
            }
            let event = demote_h1(sanitize(noted.note(event, range.start), &self.opts));
            if let Some((lang, text)) = &mut code {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        words += count_words(text);
                        let html = self.highlighter.code_block(lang, text, self.opts.highlight_code);
                        events.push(Event::Html(html.into()));
                        code = None;
                    }
                    _ => {}
                }
                continue;
            }
            match &event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(lang) => lang.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                    continue;
                }
                // Wide tables scroll in a region a keyboard can reach.
                Event::Start(Tag::Table(_)) => {
                    events.push(Event::Html(TABLE_OPEN.into()));
                    depth += 1;
                }
                Event::End(TagEnd::Table) => {
                    depth = depth.saturating_sub(1);
                    events.push(event);
                    events.push(Event::Html("</div>\n".into()));
                    continue;
                }
                Event::Start(tag) => {
                    if matches!(tag, Tag::Heading { .. }) {
                        heading_start = Some(events.len());
                    }
                    if depth == 0 && matches!(tag, Tag::Paragraph) && first_paragraph.is_none() {
                        first_paragraph = Some((events.len() + 1, None));
                    }
                    depth += 1;
                }
                Event::End(end) => {
                    depth = depth.saturating_sub(1);
                    if let TagEnd::Heading(level) = end
                        && let Some(start) = heading_start.take()
                    {
                        let title = plain_text_of(&events[start + 1..]);
                        let entry = finish_heading(&mut events, start, *level, title, &mut ids);
                        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[start] {
                            anchors.push(id.to_string());
                        }
                        toc.extend(entry);
                    }
                    if let (TagEnd::Paragraph, 0, Some((start, None))) = (end, depth, first_paragraph) {
                        // A paragraph of images alone is no summary.
                        first_paragraph = has_text(&events[start..]).then_some((start, Some(events.len())));
                    }
                }
                Event::Text(text) | Event::Code(text) => words += count_words(text),
                _ => {}
            }
            events.push(event);
        }

        let (first_paragraph_html, first_paragraph_text) = match first_paragraph {
            Some((start, Some(end))) => {
                // Footnote references would point at notes that only the
                // briefing page has; `#fragment` links, at this page.
                let mut n = events[..start].iter().filter(|e| starts_link(e)).count();
                let inline: Vec<Event> = events[start..end]
                    .iter()
                    .filter(|e| !matches!(e, Event::FootnoteReference(_)) && !is_image_placeholder(e))
                    .map(|e| {
                        let link = starts_link(e).then(|| {
                            n += 1;
                            n - 1
                        });
                        match (e, link) {
                            (Event::Start(Tag::Link { link_type, dest_url, title, id }), Some(n))
                                if dest_url.starts_with('#') =>
                            {
                                let dest_url = link_placeholder(n).into();
                                Event::Start(Tag::Link {
                                    link_type: *link_type,
                                    dest_url,
                                    title: title.clone(),
                                    id: id.clone(),
                                })
                            }
                            _ => e.clone(),
                        }
                    })
                    .collect();
                let mut h = String::new();
                html::push_html(&mut h, inline.iter().cloned());
                (Some(h), plain_text_of(&inline))
            }
            _ => (None, String::new()),
        };
        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, events.into_iter());
        let links =
            noted.links.into_iter().map(|(url, At::Here(at) | At::Definition(at))| (url, at)).collect();
        Body {
            html: out,
            first_paragraph_html,
            first_paragraph_text,
            words,
            toc,
            anchors,
            links,
            refs,
            shown_as_text,
            images,
        }
    }

    /// Renders a one-line snippet (a key highlight, a summary) as inline HTML:
    /// block structure is dropped, emphasis, code and links are kept. A
    /// reference link (`[Team]`, `[x][ref]`) may use a definition of the
    /// body, `refs`; placeholders number from `first`.
    pub fn snippet(&self, markdown: &str, refs: &Refs, first: usize) -> Snippet {
        let defined = |broken: BrokenLink| {
            let def = refs.get(&broken.reference)?;
            Some((CowStr::from(def.dest.clone()), CowStr::from(def.title.clone())))
        };
        let parser = Parser::new_with_broken_link_callback(markdown, self.options(), Some(defined));
        let mut noted = Noted::new(refs, first, true);
        let events =
            parser.into_offset_iter().map(|(e, range)| sanitize(noted.note(e, range.start), &self.opts));
        let events = events.filter_map(|event| match event {
            Event::Start(tag) if is_block(&tag) => None,
            Event::End(end) if is_block_end(&end) => None,
            Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
            Event::TaskListMarker(_) | Event::Rule => None,
            other => Some(other),
        });
        let mut out = String::with_capacity(markdown.len() + 16);
        html::push_html(&mut out, events);
        Snippet { html: out.trim_end().to_string(), links: noted.links }
    }

    /// A snippet outside any briefing (an author's bio): inline HTML, no
    /// reference definitions to draw on.
    pub fn inline(&self, markdown: &str) -> String {
        self.snippet(markdown, &Refs::default(), 0).html
    }

    /// The text of a Markdown snippet without markup, for descriptions.
    pub fn plain_text(&self, markdown: &str) -> String {
        let events: Vec<Event> = self.parser(markdown).collect();
        plain_text_of(&events)
    }
}

fn is_image_placeholder(event: &Event) -> bool {
    matches!(event, Event::InlineHtml(html) if images::is_placeholder(html))
}

/// Whether `events` hold any words.
fn has_text(events: &[Event]) -> bool {
    events.iter().any(|e| matches!(e, Event::Text(t) | Event::Code(t) if !t.trim().is_empty()))
}

/// Whether `event` starts a link or an image: each one has an entry in
/// [`Body::links`], in order.
fn starts_link(event: &Event) -> bool {
    matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. }))
}

fn plain_text_of(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_block(tag: &Tag) -> bool {
    !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
}

/// How many words `text` has, as `split_whitespace` counts them, with a
/// byte loop for ASCII text (most of it), which is several times faster.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        // ASCII's Unicode white space: `u8::is_ascii_whitespace` and the vertical tab.
        let space = b.is_ascii_whitespace() || b == 0x0b;
        words += usize::from(in_word && space);
        in_word = !space;
    }
    words + usize::from(in_word)
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "one",
            " one two\tthree\n",
            "a\u{0b}b",
            "a\u{0c}b\r\nc ",
            "caf\u{e9} ol\u{e9}\u{a0}x",
            "x\u{85}y",
        ] {
            assert_eq!(count_words(text), text.split_whitespace().count(), "{text:?}");
        }
    }

    use super::*;

    fn options(raw_html: bool, smart_punctuation: bool, base_path: &str) -> MarkdownOptions {
        MarkdownOptions { raw_html, smart_punctuation, highlight_code: true, base_path: base_path.into() }
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let md = Markdown::new(options(false, true, "/briefs/"));
        let html = md.body("[a](/briefings/x/) [b](//cdn.example/x) [c](https://e.com/)\n").html;
        assert!(html.contains(r#"href="/briefs/briefings/x/""#), "{html}");
        assert!(html.contains(r#"href="//cdn.example/x""#), "{html}");
        assert!(html.contains(r#"href="https://e.com/""#), "{html}");
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let md = Markdown::new(options(false, true, "/"));
        let html = md.body("## Why it matters\n\n## Why it matters\n\n## Custom {#own}\n").html;
        assert!(
            html.contains(
                r##"<h2 id="why-it-matters">Why it matters<a class="heading-anchor" href="#why-it-matters""##
            ),
            "{html}"
        );
        assert!(html.contains(r#"<h2 id="why-it-matters-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="own">"#), "{html}");
    }

    #[test]
    fn reserved_ids_are_avoided() {
        let md = Markdown::new(options(false, true, "/")).reserving(vec!["content".into()]);
        assert!(md.body("## Content\n").html.starts_with("<h2 id=\"content-1\">"));
    }

    #[test]
    fn heading_ids_are_unique_and_safe() {
        let md = Markdown::new(options(false, true, "/"));
        let html = md
            .body("## a\n\n## a\n\n## a-1\n\n## Hi {#x\"onmouseover=\"alert(1)}\n\n## B {onclick=x}\n")
            .html;
        assert_eq!(html.matches("id=\"a-1\"").count(), 1, "{html}");
        assert!(html.contains("id=\"a-1-1\""), "{html}");
        assert!(!html.contains("onmouseover=") && !html.contains("onclick="), "{html}");
    }

    #[test]
    fn body_h1_becomes_h2() {
        let html = Markdown::new(options(false, true, "/")).body("# Top\n\n## Next\n").html;
        assert!(html.starts_with("<h2 id=\"top\">Top<a class=\"heading-anchor\""), "{html}");
        assert!(!html.contains("<h1"), "{html}");
    }

    #[test]
    fn first_paragraph_is_kept() {
        let body =
            Markdown::new(options(false, true, "/")).body("# Title\n\nFirst *para*\ngraph.\n\nSecond.\n");
        assert_eq!(body.first_paragraph_html.as_deref(), Some("First <em>para</em>\ngraph."));
        assert_eq!(body.first_paragraph_text, "First para graph.");
        assert_eq!(body.words, 5);
    }

    #[test]
    fn table_of_contents() {
        let body =
            Markdown::new(options(false, true, "/")).body("## One\n\n### Sub *x*\n\n## Two\n\n#### Deep\n");
        let toc: Vec<(u8, &str, &str)> =
            body.toc.iter().map(|e| (e.level, e.id.as_str(), e.title.as_str())).collect();
        assert_eq!(toc, [(2, "one", "One"), (3, "sub-x", "Sub x"), (2, "two", "Two")]);
    }

    #[test]
    fn fenced_code_is_highlighted_and_counted() {
        let body = Markdown::new(options(false, true, "/")).body("```rust\nfn main() {}\n```\n");
        assert!(
            body.html.starts_with("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code>"),
            "{}",
            body.html
        );
        assert!(body.html.contains("hl-"), "{}", body.html);
        let mut off = options(false, true, "/");
        off.highlight_code = false;
        let plain = Markdown::new(off).body("```rust\nfn main() {}\n```\n").html;
        assert_eq!(
            plain,
            "<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code>fn main() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn tables_scroll_in_a_focusable_region() {
        let html = Markdown::new(options(false, true, "/")).body("| a |\n|---|\n| 1 |\n").html;
        assert!(html.starts_with(TABLE_OPEN), "{html}");
        assert!(html.ends_with("</table>\n</div>\n"), "{html}");
    }

    #[test]
    fn extensions() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1]\n\n[^1]: Footnote.\n";
        let html = Markdown::new(options(false, true, "/")).body(md).html;
        for needle in
            ["<table>", "<del>old</del>", "\u{201c}quoted\u{201d}", "checkbox", "footnote-definition"]
        {
            assert!(html.contains(needle), "{needle} missing from {html}");
        }
    }

    #[test]
    fn raw_html_off_neutralises() {
        let html = Markdown::new(options(false, true, "/"))
            .body("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>b</b>\n")
            .html;
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn raw_html_on_passes_through() {
        let html = Markdown::new(options(true, false, "/")).body("<div class=\"x\">hi</div>\n").html;
        assert!(html.contains("<div class=\"x\">hi</div>"));
    }

    #[test]
    fn inline_snippets_drop_blocks() {
        assert_eq!(
            Markdown::new(options(false, true, "/"))
                .snippet("**Huawei** ranks *first*", &Refs::default(), 0)
                .html,
            "<strong>Huawei</strong> ranks <em>first</em>"
        );
        assert_eq!(
            Markdown::new(options(false, true, "/")).snippet("# not a heading", &Refs::default(), 0).html,
            "not a heading"
        );
        assert_eq!(
            Markdown::new(options(false, true, "/")).snippet("a <b> & c", &Refs::default(), 0).html,
            "a &lt;b&gt; &amp; c"
        );
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            Markdown::new(options(false, true, "/")).plain_text("**Huawei** ranks `first`"),
            "Huawei ranks first"
        );
    }
}
