//! Markdown to HTML with pulldown-cmark: bodies (with heading ids and the
//! first paragraph kept for summaries) and inline snippets (key highlights).

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::config::MarkdownOptions;
use crate::slug::slugify;

/// A rendered body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub html: String,
    /// The first top-level paragraph as inline HTML, for the summary fallback.
    pub first_paragraph_html: Option<String>,
    /// The same paragraph as plain text, for descriptions.
    pub first_paragraph_text: String,
    pub words: usize,
}

fn parser_options(opts: &MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if opts.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Renders a briefing body.
pub fn render_body(markdown: &str, opts: &MarkdownOptions) -> Body {
    let mut events: Vec<Event> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut heading_start = None;
    let mut depth = 0usize;
    let mut first_paragraph: Option<(usize, Option<usize>)> = None;
    let mut words = 0;

    for event in Parser::new_ext(markdown, parser_options(opts)) {
        let event = demote_h1(sanitize(event, opts));
        match &event {
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
                if let (TagEnd::Heading(_), Some(start)) = (end, heading_start.take()) {
                    assign_heading_id(&mut events, start, &mut ids);
                }
                if let (TagEnd::Paragraph, 0, Some((start, None))) = (end, depth, first_paragraph) {
                    first_paragraph = Some((start, Some(events.len())));
                }
            }
            Event::Text(text) | Event::Code(text) => words += text.split_whitespace().count(),
            _ => {}
        }
        events.push(event);
    }

    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.iter().cloned());
    let (first_paragraph_html, first_paragraph_text) = match first_paragraph {
        Some((start, Some(end))) => {
            let inline = &events[start..end];
            let mut h = String::new();
            html::push_html(&mut h, inline.iter().cloned());
            (Some(h), plain_text_of(inline))
        }
        _ => (None, String::new()),
    };
    Body {
        html: out,
        first_paragraph_html,
        first_paragraph_text,
        words,
    }
}

/// The page title is the only `<h1>`: a `#` heading in a body becomes `<h2>`.
fn demote_h1(event: Event) -> Event {
    use pulldown_cmark::HeadingLevel::{H1, H2};
    match event {
        Event::Start(Tag::Heading {
            level: H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(H1)) => Event::End(TagEnd::Heading(H2)),
        other => other,
    }
}

/// Gives the heading that starts at `events[start]` an id made from its text
/// (unless the writer gave one with `{#id}`), unique within the document.
fn assign_heading_id(events: &mut [Event], start: usize, ids: &mut HashMap<String, usize>) {
    let text = plain_text_of(&events[start + 1..]);
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        let base = match id {
            Some(given) => given.to_string(),
            None => slugify(&text).unwrap_or_else(|| "section".to_string()),
        };
        let n = ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let unique = if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        };
        *id = Some(CowStr::from(unique));
    }
}

/// Renders a one-line snippet (a key highlight, a summary) as inline HTML:
/// block structure is dropped, emphasis, code and links are kept.
pub fn render_inline(markdown: &str, opts: &MarkdownOptions) -> String {
    let events = Parser::new_ext(markdown, parser_options(opts))
        .map(|e| sanitize(e, opts))
        .filter_map(|event| match event {
            Event::Start(tag) if is_block(&tag) => None,
            Event::End(end) if is_block_end(&end) => None,
            Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
            Event::TaskListMarker(_) | Event::Rule => None,
            other => Some(other),
        });
    let mut out = String::with_capacity(markdown.len() + 16);
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

/// The text of a Markdown snippet without markup, for descriptions.
pub fn plain_text(markdown: &str, opts: &MarkdownOptions) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, parser_options(opts)).collect();
    plain_text_of(&events)
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
    !matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// With raw HTML off, HTML in Markdown is shown as text and script-running
/// link targets are dropped.
fn sanitize<'a>(event: Event<'a>, opts: &MarkdownOptions) -> Event<'a> {
    let event = rebase(event, &opts.base_path);
    if opts.raw_html {
        return event;
    }
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_dangerous(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if is_dangerous(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        other => other,
    }
}

/// Root-relative link targets (`/briefings/x/`) get the site's base path.
fn rebase<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    let rebased = |url: &CowStr| -> Option<CowStr<'a>> {
        let rest = url.strip_prefix('/').filter(|r| !r.starts_with('/'))?;
        (base_path != "/" && !base_path.is_empty()).then(|| format!("{base_path}{rest}").into())
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = rebased(&dest_url).unwrap_or(dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = rebased(&dest_url).unwrap_or(dest_url);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

fn is_dangerous(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(raw_html: bool, smart_punctuation: bool, base_path: &str) -> MarkdownOptions {
        MarkdownOptions {
            raw_html,
            smart_punctuation,
            base_path: base_path.into(),
        }
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let opts = options(false, true, "/briefs/");
        let html = render_body(
            "[a](/briefings/x/) [b](//cdn.example/x) [c](https://e.com/)\n",
            &opts,
        )
        .html;
        assert!(html.contains(r#"href="/briefs/briefings/x/""#), "{html}");
        assert!(html.contains(r#"href="//cdn.example/x""#), "{html}");
        assert!(html.contains(r#"href="https://e.com/""#), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let body = render_body(
            "## Why it matters\n\n## Why it matters\n\n## Custom {#own}\n",
            &options(false, true, "/"),
        );
        assert!(
            body.html.contains(r#"<h2 id="why-it-matters">"#),
            "{}",
            body.html
        );
        assert!(body.html.contains(r#"<h2 id="why-it-matters-1">"#));
        assert!(body.html.contains(r#"<h2 id="own">"#));
    }

    #[test]
    fn body_h1_becomes_h2() {
        let html = render_body("# Top\n\n## Next\n", &options(false, true, "/")).html;
        assert_eq!(html, "<h2 id=\"top\">Top</h2>\n<h2 id=\"next\">Next</h2>\n");
    }

    #[test]
    fn first_paragraph_is_kept() {
        let body = render_body(
            "# Title\n\nFirst *para*\ngraph.\n\nSecond.\n",
            &options(false, true, "/"),
        );
        assert_eq!(
            body.first_paragraph_html.as_deref(),
            Some("First <em>para</em>\ngraph.")
        );
        assert_eq!(body.first_paragraph_text, "First para graph.");
        assert_eq!(body.words, 5);
    }

    #[test]
    fn extensions() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1]\n\n[^1]: Footnote.\n";
        let html = render_body(md, &options(false, true, "/")).html;
        for needle in [
            "<table>",
            "<del>old</del>",
            "\u{201c}quoted\u{201d}",
            "checkbox",
            "footnote-definition",
        ] {
            assert!(html.contains(needle), "{needle} missing from {html}");
        }
    }

    #[test]
    fn raw_html_off_neutralises() {
        let html = render_body(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>b</b>\n",
            &options(false, true, "/"),
        )
        .html;
        assert!(
            !html.contains("<script>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn raw_html_on_passes_through() {
        let html = render_body("<div class=\"x\">hi</div>\n", &options(true, false, "/")).html;
        assert!(html.contains("<div class=\"x\">hi</div>"));
    }

    #[test]
    fn inline_snippets_drop_blocks() {
        assert_eq!(
            render_inline("**Huawei** ranks *first*", &options(false, true, "/")),
            "<strong>Huawei</strong> ranks <em>first</em>"
        );
        assert_eq!(
            render_inline("# not a heading", &options(false, true, "/")),
            "not a heading"
        );
        assert_eq!(
            render_inline("a <b> & c", &options(false, true, "/")),
            "a &lt;b&gt; &amp; c"
        );
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            plain_text("**Huawei** ranks `first`", &options(false, true, "/")),
            "Huawei ranks first"
        );
    }
}
