//! An image's markup: a raster image is a `<picture>` with a WebP
//! `<source>` and an `<img>` in its own format, each with a `srcset` of its
//! widths and the same `sizes`, the `<img>` with `width`, `height`, alt text
//! and lazy loading (a hero image loads at once, with high priority); an SVG
//! is a plain `<img>`, never inlined.

use crate::escape::push_escaped;

/// How wide an image is shown: the briefing column (42rem, 672 px) on
/// screens wide enough for it, else the screen less its margins. It must
/// follow `.briefing` in the stylesheet.
pub const SIZES: &str = "(min-width: 46rem) 42rem, calc(100vw - 2rem)";

/// The published files of one image, ready to write as markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The URL of the largest variant in the image's own format (or of the
    /// SVG), for `src`.
    pub src: String,
    /// `URL 480w, URL 960w, …` in the image's own format; empty for an SVG.
    pub srcset: String,
    /// The same widths in WebP, for `<source>`; empty when the `<img>` is
    /// WebP already, or an SVG.
    pub webp_srcset: String,
    /// Of the largest variant (of the SVG as it declares it: 0 when unknown).
    pub width: u32,
    pub height: u32,
}

/// Where an image sits on its page, which decides how it loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// At the top of the page: loaded at once, with high priority.
    Hero,
    /// In the text: loaded when the reader scrolls near it.
    Body,
}

impl Picture {
    /// The markup, with `alt` (empty for a decorative image) and an optional `title`.
    pub fn html(&self, alt: &str, title: &str, placement: Placement) -> String {
        let mut out = String::with_capacity(256 + self.srcset.len() + self.webp_srcset.len());
        let raster = !self.srcset.is_empty();
        if raster {
            out.push_str("<picture>");
            if !self.webp_srcset.is_empty() {
                out.push_str("<source type=\"image/webp\" srcset=\"");
                push_escaped(&self.webp_srcset, &mut out);
                out.push_str("\" sizes=\"");
                out.push_str(SIZES);
                out.push_str("\">");
            }
        }
        out.push_str("<img src=\"");
        push_escaped(&self.src, &mut out);
        out.push('"');
        if raster {
            out.push_str(" srcset=\"");
            push_escaped(&self.srcset, &mut out);
            out.push_str("\" sizes=\"");
            out.push_str(SIZES);
            out.push('"');
        }
        if self.width > 0 && self.height > 0 {
            out.push_str(&format!(" width=\"{}\" height=\"{}\"", self.width, self.height));
        }
        out.push_str(" alt=\"");
        push_escaped(alt, &mut out);
        out.push('"');
        if !title.is_empty() {
            out.push_str(" title=\"");
            push_escaped(title, &mut out);
            out.push('"');
        }
        out.push_str(match placement {
            Placement::Hero => " fetchpriority=\"high\" decoding=\"async\">",
            Placement::Body => " loading=\"lazy\" decoding=\"async\">",
        });
        if raster {
            out.push_str("</picture>");
        }
        out
    }
}

/// A `srcset` value: `URL 480w, URL 960w`.
pub fn srcset<'a>(candidates: impl Iterator<Item = (&'a str, u32)>) -> String {
    candidates.map(|(url, width)| format!("{url} {width}w")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raster_and_svg_markup() {
        let picture = Picture {
            src: "/b/x-1.png".into(),
            srcset: srcset([("/b/x-0.png", 480), ("/b/x-1.png", 960)].into_iter()),
            webp_srcset: srcset([("/b/x-0.webp", 480), ("/b/x-1.webp", 960)].into_iter()),
            width: 960,
            height: 540,
        };
        assert_eq!(
            picture.html("A \"chart\"", "Sales", Placement::Body),
            format!(
                "<picture><source type=\"image/webp\" srcset=\"/b/x-0.webp 480w, /b/x-1.webp 960w\" sizes=\"{SIZES}\">\
                 <img src=\"/b/x-1.png\" srcset=\"/b/x-0.png 480w, /b/x-1.png 960w\" sizes=\"{SIZES}\" width=\"960\" \
                 height=\"540\" alt=\"A &quot;chart&quot;\" title=\"Sales\" loading=\"lazy\" decoding=\"async\"></picture>"
            )
        );
        let hero = picture.html("", "", Placement::Hero);
        assert!(
            hero.contains(" alt=\"\" fetchpriority=\"high\" decoding=\"async\">") && !hero.contains("lazy"),
            "{hero}"
        );
        let svg = Picture {
            src: "/b/logo.svg".into(),
            srcset: String::new(),
            webp_srcset: String::new(),
            width: 0,
            height: 0,
        };
        assert_eq!(
            svg.html("Logo", "", Placement::Body),
            "<img src=\"/b/logo.svg\" alt=\"Logo\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}
