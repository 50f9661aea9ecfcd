//! A briefing's images as written: the hero (`image:` in the front matter)
//! and the body's Markdown images that are files of the site, each with
//! where it is written, and the placeholder a body image carries in the HTML
//! until the media stage writes its `<picture>`. Which files they are, and
//! whether they are fit to publish, is the media stage's business.

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Deserialize;

/// The hero image of a briefing, as its front matter gives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeroImage {
    /// As written: relative to the briefing's file, or `/…` below `static/`.
    pub src: String,
    /// Trimmed; empty when missing.
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// `decorative: true`: the image adds nothing a reader needs, so it has
    /// no alt text (`alt=""`).
    pub decorative: bool,
    /// `social: hero`: link previews show this image instead of the
    /// briefing's drawn social card.
    pub social: bool,
    /// Where `image:` is written in the file.
    pub line: usize,
    pub col: usize,
}

/// `image:` as written in the front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHero {
    src: String,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    #[serde(default)]
    decorative: bool,
    social: Option<String>,
}

impl RawHero {
    /// The hero, its texts trimmed, with the place of `image:` in the file;
    /// `Err` with what `social:` says when it is neither `card` nor `hero`.
    pub fn at(self, line: usize, col: usize) -> Result<HeroImage, String> {
        let tidy = |text: Option<String>| text.map(|t| t.trim().to_string()).unwrap_or_default();
        let social = match self.social.as_deref().map(str::trim) {
            None | Some("card") => false,
            Some("hero") => true,
            Some(other) => return Err(other.to_string()),
        };
        Ok(HeroImage {
            src: self.src.trim().to_string(),
            alt: tidy(self.alt),
            caption: tidy(self.caption),
            credit: tidy(self.credit),
            decorative: self.decorative,
            social,
            line,
            col,
        })
    }
}

/// An image of the body that is a file of the site: `![alt](src "title")`.
/// Images on other sites (`https://…`) are left as written and not listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyImage {
    /// As written.
    pub src: String,
    /// The text between the brackets, without markup.
    pub alt: String,
    /// The title, unless it is the [`DECORATIVE`] marker.
    pub title: String,
    /// Written as `![](src "decorative")`: no alt text is wanted.
    pub decorative: bool,
    pub line: usize,
    pub col: usize,
}

/// The title that marks a body image as decorative: `![](rule.png "decorative")`.
pub const DECORATIVE: &str = "decorative";

/// An image found in Markdown, before its position in the file is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub src: String,
    pub alt: String,
    pub title: String,
    /// Byte offset in the Markdown.
    pub offset: usize,
}

impl Written {
    /// The image at `line` and `col` of its file.
    pub fn at(self, line: usize, col: usize) -> BodyImage {
        let decorative = self.title.trim().eq_ignore_ascii_case(DECORATIVE);
        let title = if decorative { String::new() } else { self.title };
        let alt = self.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        BodyImage { src: self.src, alt, title, decorative, line, col }
    }
}

/// Whether an image target is a file of the site (`chart.png`,
/// `../common/x.png`, `/img/x.png`), not an address elsewhere
/// (`https://…`, `//cdn…`, `data:…`) or an empty target.
pub fn is_local(src: &str) -> bool {
    let src = src.trim();
    let scheme = src.split([':', '/', '?', '#']).next().unwrap_or("");
    let has_scheme = !scheme.is_empty() && src[scheme.len()..].starts_with(':');
    !src.is_empty() && !has_scheme && !src.starts_with("//") && !src.starts_with(['#', '?'])
}

/// A body image being read: its target and title, and its alt text as the
/// events inside it arrive.
pub struct Capture {
    written: Written,
    /// Images nested in the alt text (`![a ![b](c)](d)`), which count as text.
    nested: usize,
}

impl Capture {
    pub fn new(src: &str, title: &str, offset: usize) -> Capture {
        let written = Written { src: src.to_string(), alt: String::new(), title: title.to_string(), offset };
        Capture { written, nested: 0 }
    }

    /// Takes in the next event; returns the image once it ends.
    pub fn take(&mut self, event: &Event) -> Option<Written> {
        match event {
            Event::Start(Tag::Image { .. }) => self.nested += 1,
            Event::End(TagEnd::Image) if self.nested > 0 => self.nested -= 1,
            Event::End(TagEnd::Image) => return Some(std::mem::take(&mut self.written)),
            Event::Text(t) | Event::Code(t) => self.written.alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.written.alt.push(' '),
            _ => {}
        }
        None
    }
}

const PLACEHOLDER_OPEN: &str = "<!--briefing:image/";
const PLACEHOLDER_CLOSE: &str = "-->";

/// What the body's HTML holds in place of its `n`th image (an HTML comment,
/// so a placeholder left behind shows nothing).
pub fn placeholder(n: usize) -> String {
    format!("{PLACEHOLDER_OPEN}{n}{PLACEHOLDER_CLOSE}")
}

/// Whether `html` is exactly an image placeholder.
pub fn is_placeholder(html: &str) -> bool {
    placeholder_number(html).is_some()
}

fn placeholder_number(written: &str) -> Option<usize> {
    let digits = written.strip_prefix(PLACEHOLDER_OPEN)?.strip_suffix(PLACEHOLDER_CLOSE)?;
    let n: usize = digits.parse().ok()?;
    (placeholder(n) == written).then_some(n)
}

/// `html` with every image placeholder for which `picture(N)` has markup
/// replaced by it, in one pass; others are left as they are.
pub fn replace_placeholders(html: &str, picture: impl Fn(usize) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(at) = rest.find(PLACEHOLDER_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(PLACEHOLDER_CLOSE).map_or(after.len(), |e| e + PLACEHOLDER_CLOSE.len());
        let written = &after[..end];
        match placeholder_number(written).and_then(&picture) {
            Some(markup) => out.push_str(&markup),
            None => out.push_str(written),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_remote_targets() {
        for local in ["chart.png", "./a b.png", "../common/x.png", "/img/x.png", "images/x.svg"] {
            assert!(is_local(local), "{local}");
        }
        for remote in ["https://e.com/x.png", "//cdn.e.com/x.png", "data:image/png;base64,AA", "#", "", " "] {
            assert!(!is_local(remote), "{remote}");
        }
    }

    #[test]
    fn decorative_marker_and_alt() {
        let w = |alt: &str, title: &str| Written {
            src: "x.png".into(),
            alt: alt.into(),
            title: title.into(),
            offset: 0,
        };
        let img = w("", " Decorative ").at(3, 1);
        assert!(img.decorative && img.title.is_empty());
        let img = w("A  chart\nof sales", "Sales").at(3, 1);
        assert_eq!(
            (img.alt.as_str(), img.title.as_str(), img.decorative),
            ("A chart of sales", "Sales", false)
        );
    }

    #[test]
    fn placeholders_round_trip() {
        let html = format!("<p>{} and {} and <!--briefing:image/07--></p>", placeholder(0), placeholder(3));
        assert!(is_placeholder(&placeholder(12)));
        let out = replace_placeholders(&html, |n| (n == 0).then(|| "<picture></picture>".to_string()));
        assert_eq!(
            out,
            "<p><picture></picture> and <!--briefing:image/3--> and <!--briefing:image/07--></p>"
        );
    }
}
