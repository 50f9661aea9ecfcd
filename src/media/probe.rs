//! An image file looked at without decoding its pixels: its format from its
//! first bytes, its size and EXIF orientation from its header (so a huge
//! image is refused before it is decoded), and the hash of its content that
//! names its cache entry and its published files.

use std::io::Cursor;

use crate::cache::hash::Hasher;
use image::{ImageDecoder, ImageFormat, ImageReader, metadata::Orientation};

use super::svg;

/// The largest image briefing processes: 40 megapixels (a 7,700 × 5,200
/// photo), checked from the header before any pixel is decoded.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The formats briefing publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    /// Published as it is, never decoded.
    Svg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Svg => "SVG",
        }
    }
}

/// What the header of an image tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub format: Format,
    /// As displayed: EXIF orientation applied (a portrait photo stored
    /// sideways is taller than wide). 0 for an SVG that gives no size.
    pub width: u32,
    pub height: u32,
    /// The hash of the file's bytes and of the processing settings.
    pub key: u128,
}

impl Probe {
    /// The first 8 hex digits of the key, for file names.
    pub fn short_key(&self) -> String {
        format!("{:032x}", self.key)[..8].to_string()
    }
}

/// Why a file cannot be published as an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a format briefing reads, but a known one (BMP, TIFF, AVIF…).
    Unsupported(String),
    /// Not recognisable as an image at all, or a broken header.
    Unreadable(String),
    TooLarge {
        width: u32,
        height: u32,
    },
}

/// Looks at `bytes`, the content of a file whose name ends in `.svg` when
/// `svg_name` is true. `settings` (the processing settings and their
/// version) go into the key, so changing them makes new cache entries.
pub fn probe(bytes: &[u8], svg_name: bool, settings: &str) -> Result<Probe, Refusal> {
    let key = key(bytes, settings);
    if svg_name {
        let (width, height) = svg::size(bytes).ok_or_else(|| {
            Refusal::Unreadable("it does not look like an SVG image (no <svg> element)".to_string())
        })?;
        return Ok(Probe { format: Format::Svg, width, height, key });
    }
    let format = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => Format::Png,
        Ok(ImageFormat::Jpeg) => Format::Jpeg,
        Ok(ImageFormat::Gif) => Format::Gif,
        Ok(ImageFormat::WebP) => Format::Webp,
        Ok(other) => return Err(Refusal::Unsupported(format!("{other:?}").to_uppercase())),
        Err(_) => {
            return Err(Refusal::Unreadable("its first bytes are not those of any image format".into()));
        }
    };
    let (width, height) = header(bytes).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(Refusal::Unreadable("its header says it has no pixels".into()));
    }
    Ok(Probe { format, width, height, key })
}

/// The displayed size from the header: the stored size, turned by the
/// EXIF orientation when there is one.
fn header(bytes: &[u8]) -> image::ImageResult<(u32, u32)> {
    let mut decoder = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?.into_decoder()?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    Ok(if turned { (height, width) } else { (width, height) })
}

/// The key of an image's variants: the fingerprint of its settings and
/// bytes (stable across builds, so a cache made by one build of briefing
/// is read by the next).
pub fn key(bytes: &[u8], settings: &str) -> u128 {
    Hasher::new().bytes(settings.as_bytes()).bytes(bytes).finish()
}

/// A checksum of a processed file, to tell a damaged cache entry.
pub fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::new(width, height).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn sizes_formats_and_keys() {
        let p = probe(&png(30, 20), false, "v1").unwrap();
        assert_eq!((p.format, p.width, p.height), (Format::Png, 30, 20));
        assert_ne!(p.key, probe(&png(30, 20), false, "v2").unwrap().key, "settings change the key");
        assert_eq!(p.key, probe(&png(30, 20), false, "v1").unwrap().key, "the key is stable");
        assert_eq!(p.short_key().len(), 8);
    }

    #[test]
    fn refusals() {
        assert!(matches!(probe(b"hello", false, ""), Err(Refusal::Unreadable(_))));
        assert_eq!(probe(b"BM\0\0\0\0\0\0\0\0\0\0\0\0", false, ""), Err(Refusal::Unsupported("BMP".into())));
        let truncated = &png(30, 20)[..12];
        assert!(matches!(probe(truncated, false, ""), Err(Refusal::Unreadable(_))));
        assert!(matches!(probe(b"<html></html>", true, ""), Err(Refusal::Unreadable(_))));
    }

    #[test]
    fn the_limit_is_read_from_the_header() {
        // A JPEG whose frame header claims 10000 × 5000 pixels: refused
        // before any pixel is decoded.
        let mut out = Vec::new();
        image::RgbImage::new(8, 8).write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg).unwrap();
        let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        out[sof + 5..sof + 7].copy_from_slice(&5_000u16.to_be_bytes());
        out[sof + 7..sof + 9].copy_from_slice(&10_000u16.to_be_bytes());
        assert_eq!(probe(&out, false, ""), Err(Refusal::TooLarge { width: 10_000, height: 5_000 }));
    }
}
