//! Images for the image tests, made by code (nothing is downloaded): noisy
//! gradients like photos, JPEGs carrying EXIF and GPS data, charts with
//! transparency, a JPEG whose header lies about its size; and a reader of
//! the metadata blocks of JPEG, PNG and WebP files.
#![allow(dead_code)]

use std::io::Cursor;

use image::{DynamicImage, ImageEncoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// A noisy gradient, like a photo, `width` × `height`.
pub fn photo(width: u32, height: u32) -> RgbImage {
    let mut seed = width.wrapping_mul(31).wrapping_add(height);
    RgbImage::from_fn(width, height, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> 28) as u8;
        Rgb([(x * 255 / width) as u8 ^ n, (y * 255 / height) as u8, 128u8.wrapping_add(n)])
    })
}

/// An EXIF block (TIFF, little-endian) with an orientation and a GPS
/// latitude reference, as cameras and phones write them.
pub fn exif(orientation: u16) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    // Orientation: SHORT, 1 value.
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(orientation.to_le_bytes());
    t.extend([0, 0]);
    // GPS IFD pointer: LONG, 1 value, at 38.
    t.extend(0x8825u16.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(38u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef = "N".
    t.extend(1u16.to_le_bytes());
    t.extend(1u16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend(2u32.to_le_bytes());
    t.extend(b"N\0\0\0");
    t.extend(0u32.to_le_bytes());
    t
}

/// A JPEG of `image` with an EXIF (APP1) segment holding `orientation` and GPS data.
pub fn jpeg_with_exif(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    encoder.set_exif_metadata(exif(orientation)).unwrap();
    encoder
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(contains(&out, b"Exif\0\0"), "the test photo carries EXIF");
    out
}

pub fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

pub fn chart(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgba8(RgbaImage::from_fn(width, height, |x, y| {
        let bar = (x / 50) % 2 == 0 && y > height / 3;
        if bar { Rgba([200, 0, 10, 255]) } else { Rgba([250, 250, 250, if x < 20 { 0 } else { 255 }]) }
    }))
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The blocks of an image file that carry metadata rather than pixels:
/// JPEG APPn segments other than JFIF's APP0 and comments; PNG chunks other
/// than the image's own; WebP chunks other than the bitstream.
pub fn metadata_blocks(bytes: &[u8], ext: &str) -> Vec<String> {
    let mut found = Vec::new();
    match ext {
        "jpg" => {
            let mut at = 2;
            while at + 4 <= bytes.len() && bytes[at] == 0xFF {
                let marker = bytes[at + 1];
                if marker == 0xDA {
                    break;
                }
                if (0xE1..=0xEF).contains(&marker) || marker == 0xFE {
                    found.push(if marker == 0xFE {
                        "COM".to_string()
                    } else {
                        format!("APP{}", marker - 0xE0)
                    });
                }
                at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            }
        }
        "png" => {
            let mut at = 8;
            while at + 8 <= bytes.len() {
                let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
                let kind = String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned();
                if !["IHDR", "PLTE", "tRNS", "IDAT", "IEND"].contains(&kind.as_str()) {
                    found.push(kind);
                }
                at += 12 + len;
            }
        }
        "webp" => {
            let mut at = 12;
            while at + 8 <= bytes.len() {
                let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
                let kind = String::from_utf8_lossy(&bytes[at..at + 4]).into_owned();
                if !["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&kind.as_str()) {
                    found.push(kind);
                }
                at += 8 + len + len % 2;
            }
        }
        _ => {}
    }
    found
}

/// A JPEG whose header says 10,000 × 5,000 pixels (50 megapixels), with
/// hardly any data: refused from the header, before decoding.
pub fn huge_jpeg_header() -> Vec<u8> {
    let mut out = encoded(DynamicImage::ImageRgb8(RgbImage::new(8, 8)), ImageFormat::Jpeg);
    let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    out[sof + 5..sof + 7].copy_from_slice(&5_000u16.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&10_000u16.to_be_bytes());
    out
}
