//! What Markdown may put on a page: with raw HTML off (the default), HTML is
//! shown as text, heading attributes are dropped and script-running link
//! targets become `#`; root-relative link targets move below the base path.

use pulldown_cmark::{CowStr, Event, Tag};

use crate::config::MarkdownOptions;
use crate::routes;

/// With raw HTML off, HTML in Markdown is shown as text and script-running
/// link targets are dropped.
pub fn sanitize<'a>(event: Event<'a>, opts: &MarkdownOptions) -> Event<'a> {
    let event = rebase(event, &opts.base_path);
    if opts.raw_html {
        return event;
    }
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        // `{key=value}` on a heading would be raw HTML by another name.
        Event::Start(Tag::Heading { level, id, classes, .. }) => {
            Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if is_dangerous(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) if is_dangerous(&dest_url) => {
            Event::Start(Tag::Image { link_type, dest_url: "#".into(), title, id })
        }
        other => other,
    }
}

/// Root-relative link targets (`/briefings/x/`) get the site's base path.
fn rebase<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    let rebased = |url: &CowStr| -> Option<CowStr<'a>> { routes::rebase(url, base_path).map(CowStr::from) };
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = rebased(&dest_url).unwrap_or(dest_url);
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = rebased(&dest_url).unwrap_or(dest_url);
            Event::Start(Tag::Image { link_type, dest_url, title, id })
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

    #[test]
    fn script_schemes_are_dangerous() {
        assert!(is_dangerous("javascript:alert(1)"));
        assert!(is_dangerous(" JavaScript :x"));
        assert!(is_dangerous("data:text/html,x"));
        assert!(!is_dangerous("https://example.com/"));
        assert!(!is_dangerous("/briefings/javascript/"));
    }
}
