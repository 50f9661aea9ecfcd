//! Social cards: a 1200×630 PNG per briefing, drawn at build time from its
//! title, first highlights and companies, and cached by content hash in
//! `.briefing/cards/` so a rebuild draws only what changed.

pub mod draw;
pub mod fonts;
pub mod layout;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::Briefing;

pub use draw::{HEIGHT, WIDTH};

/// Bump when the drawing changes, so cached cards are redrawn.
const DRAWING_VERSION: u32 = 6;

/// How many key highlights a card shows.
const HIGHLIGHTS: usize = 2;

/// Everything a card draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    pub publication: String,
    pub title: String,
    pub highlights: Vec<String>,
    pub companies: Vec<String>,
}

impl CardText {
    pub fn of(config: &Config, briefing: &Briefing, companies: Vec<String>) -> CardText {
        CardText {
            publication: config.title.clone(),
            title: briefing.title.clone(),
            highlights: briefing.highlights_text.iter().take(HIGHLIGHTS).cloned().collect(),
            companies,
        }
    }
}

/// Draws cards, reusing those in the cache folder.
pub struct Cards {
    fonts: fonts::Fonts,
    cache: PathBuf,
}

impl Cards {
    /// `None` only if the embedded fonts are broken (a bad build of briefing).
    pub fn new(cache: &Path) -> Option<Cards> {
        Some(Cards { fonts: fonts::Fonts::load()?, cache: cache.to_path_buf() })
    }

    /// The card of `text`: from the cache when a sound copy is there, drawn
    /// (and cached) otherwise. A cache that cannot be read or written only
    /// costs time.
    pub fn card(&self, text: &CardText) -> Vec<u8> {
        self.card_and_file(text).0
    }

    /// [`Cards::card`], and the cache file that holds the same bytes (none
    /// when the cache could not be written).
    pub fn card_and_file(&self, text: &CardText) -> (Vec<u8>, Option<PathBuf>) {
        let path = self.cache.join(format!("{:032x}.png", self.key(text)));
        if let Ok(bytes) = std::fs::read(&path)
            && sound_png(&bytes)
        {
            return (bytes, Some(path));
        }
        let bytes = self.draw(text);
        let stored = store(&path, &bytes);
        (bytes, stored.then_some(path))
    }

    /// Draws the card of `text`, without the cache.
    pub fn draw(&self, text: &CardText) -> Vec<u8> {
        draw::card(&self.fonts, text)
    }

    /// The name of a card's file: 64 bits of its content hash, so the same
    /// name always holds the same picture.
    pub fn name(&self, text: &CardText) -> u64 {
        self.key(text) as u64
    }

    /// The content hash of a card: of everything drawn, the drawing's
    /// version, its size and the fonts.
    pub fn key(&self, text: &CardText) -> u128 {
        let mut h = Fnv::default();
        h.u32(DRAWING_VERSION);
        h.u32(WIDTH);
        h.u32(HEIGHT);
        self.fonts.fingerprint.iter().for_each(|&f| h.u32(f));
        h.str(&text.publication);
        h.str(&text.title);
        h.u32(text.highlights.len() as u32);
        text.highlights.iter().for_each(|s| h.str(s));
        h.u32(text.companies.len() as u32);
        text.companies.iter().for_each(|s| h.str(s));
        h.0
    }
}

/// Writes a cache entry through a temporary file, so a reader never sees
/// half of one; failures are ignored (the card is drawn again next time).
fn store(path: &Path, bytes: &[u8]) -> bool {
    let Some(dir) = path.parent() else { return false };
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let tmp = path.with_extension(format!("tmp{}-{:?}", std::process::id(), std::thread::current().id()));
    let tmp = PathBuf::from(tmp.to_string_lossy().replace(['(', ')'], ""));
    let stored = std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_ok();
    if !stored {
        let _ = std::fs::remove_file(&tmp);
    }
    stored
}

/// Whether `bytes` are a whole PNG of the card's size whose every chunk's
/// CRC checks out: a truncated or damaged cache entry is redrawn.
pub fn sound_png(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let Some(mut rest) = bytes.strip_prefix(SIGNATURE) else { return false };
    let mut first = true;
    while rest.len() >= 12 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let Some(chunk) = rest.get(4..8 + len) else { return false };
        let Some(crc) = rest.get(8 + len..12 + len) else { return false };
        if crc32fast::hash(chunk).to_be_bytes() != crc {
            return false;
        }
        let (kind, data) = chunk.split_at(4);
        if first {
            let size = [WIDTH.to_be_bytes(), HEIGHT.to_be_bytes()].concat();
            if kind != b"IHDR" || data.get(..8) != Some(&size[..]) {
                return false;
            }
            first = false;
        }
        rest = &rest[12 + len..];
        if kind == b"IEND" {
            return rest.is_empty();
        }
    }
    false
}

/// FNV-1a, 128 bits: a stable hash (the standard library's may change
/// between Rust releases), strings length-prefixed so fields cannot run together.
struct Fnv(u128);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }

    fn u32(&mut self, n: u32) {
        self.bytes(&n.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes(s.as_bytes());
    }
}

#[cfg(test)]
mod tests;
