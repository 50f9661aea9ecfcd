//! The fonts embedded in the binary for social cards: DejaVu Sans (regular
//! and bold; Bitstream Vera licence) and, for the characters DejaVu lacks
//! (Chinese, Japanese, Korean), WenQuanYi Micro Hei (Apache-2.0). Their
//! licences are in `assets/fonts/`.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
static CJK: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// Which of the two DejaVu faces a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

/// The parsed fonts, and a fingerprint of their bytes for the cache key.
pub struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    cjk: FontRef<'static>,
    /// CRC-32 of each font's bytes: a new font means new cards.
    pub fingerprint: [u32; 3],
}

impl Fonts {
    /// Parses the embedded fonts; `None` only if the binary was built with
    /// broken font files.
    pub fn load() -> Option<Fonts> {
        Some(Fonts {
            regular: FontRef::try_from_slice(REGULAR).ok()?,
            bold: FontRef::try_from_slice(BOLD).ok()?,
            cjk: FontRef::try_from_slice_and_index(CJK, 0).ok()?,
            fingerprint: [REGULAR, BOLD, CJK].map(crc32fast::hash),
        })
    }

    /// The font that draws `c` in `face`: DejaVu when it has the glyph, the
    /// CJK font otherwise (which draws a box for what neither has).
    pub fn pick(&self, face: Face, c: char) -> (&FontRef<'static>, GlyphId) {
        let (font, id, _) = self.pick_fallback(face, c);
        (font, id)
    }

    /// [`Fonts::pick`], and whether the font is the fallback (which has no bold).
    pub fn pick_fallback(&self, face: Face, c: char) -> (&FontRef<'static>, GlyphId, bool) {
        let primary = match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        };
        let id = primary.glyph_id(c);
        if id.0 != 0 || c.is_whitespace() {
            return (primary, id, false);
        }
        (&self.cjk, self.cjk.glyph_id(c), true)
    }

    /// The advance width of `c` at `size` pixels.
    pub fn advance(&self, face: Face, size: f32, c: char) -> f32 {
        let (font, id) = self.pick(face, c);
        font.as_scaled(PxScale::from(size)).h_advance(id)
    }

    /// The width of `text` set in one line at `size` pixels.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        text.chars().map(|c| self.advance(face, size, c)).sum()
    }
}
