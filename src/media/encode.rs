//! Making an image's variants from its bytes: decode (a GIF's first frame),
//! turn it upright by its EXIF orientation, resize with Lanczos3
//! (`fast_image_resize`), encode WebP (libwebp), JPEG or PNG. The files are
//! encoded from decoded pixels, so no metadata (EXIF, GPS, XMP, ICC
//! profiles, text chunks) reaches them; each encoder is deterministic, so the
//! same image and settings make the same bytes.

use std::io::Cursor;

use fast_image_resize::{self as fir, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::{jpeg::JpegEncoder, png::PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};

use super::variants::{Encoding, JPEG_QUALITY, Variant, WEBP_METHOD, WEBP_QUALITY};

/// Decoded pixels, upright, as 8-bit RGB or RGBA.
struct Pixels {
    width: u32,
    height: u32,
    alpha: bool,
    data: Vec<u8>,
}

/// Decodes `bytes` to check that the whole image reads (for `check`, which
/// makes nothing).
pub fn verify(bytes: &[u8]) -> Result<(), String> {
    decode(bytes).map(|_| ())
}

/// Makes every variant of the image in `bytes`, in the order given.
pub fn make(bytes: &[u8], variants: &[Variant]) -> Result<Vec<Vec<u8>>, String> {
    let original = decode(bytes)?;
    // Each width is resized from the next wider one already made: each step
    // at most halves the image, which Lanczos3 does well, and the first step
    // is the only one that reads the whole original.
    let mut widths: Vec<(u32, u32)> = variants.iter().map(|v| (v.width, v.height)).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths.dedup();
    let mut resizer = Resizer::new();
    let mut sized: Vec<Pixels> = Vec::with_capacity(widths.len());
    for (width, height) in widths {
        let from = sized.last().unwrap_or(&original);
        let next = resize(&mut resizer, from, width, height)?;
        sized.push(next);
    }
    variants
        .iter()
        .map(|v| {
            let pixels =
                sized.iter().find(|p| p.width == v.width && p.height == v.height).unwrap_or(&original);
            encode(pixels, v.encoding)
        })
        .collect()
}

fn decode(bytes: &[u8]) -> Result<Pixels, String> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha() && {
        let rgba = image.to_rgba8();
        rgba.pixels().any(|p| p.0[3] != u8::MAX)
    };
    let data = if alpha { image.into_rgba8().into_raw() } else { image.into_rgb8().into_raw() };
    Ok(Pixels { width, height, alpha, data })
}

fn resize(resizer: &mut Resizer, from: &Pixels, width: u32, height: u32) -> Result<Pixels, String> {
    if (from.width, from.height) == (width, height) {
        return Ok(Pixels { width, height, alpha: from.alpha, data: from.data.clone() });
    }
    let kind = if from.alpha { PixelType::U8x4 } else { PixelType::U8x3 };
    let source =
        fir::images::ImageRef::new(from.width, from.height, &from.data, kind).map_err(|e| e.to_string())?;
    let mut target = fir::images::Image::new(width, height, kind);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    resizer.resize(&source, &mut target, &options).map_err(|e| e.to_string())?;
    Ok(Pixels { width, height, alpha: from.alpha, data: target.into_vec() })
}

fn encode(p: &Pixels, encoding: Encoding) -> Result<Vec<u8>, String> {
    let color = if p.alpha { ExtendedColorType::Rgba8 } else { ExtendedColorType::Rgb8 };
    let mut out = Vec::new();
    match encoding {
        Encoding::Webp => {
            let layout = if p.alpha { webp::PixelLayout::Rgba } else { webp::PixelLayout::Rgb };
            let mut config =
                webp::WebPConfig::new().map_err(|()| "cannot set up the WebP encoder".to_string())?;
            config.quality = WEBP_QUALITY;
            config.method = WEBP_METHOD;
            let encoded = webp::Encoder::new(&p.data, layout, p.width, p.height)
                .encode_advanced(&config)
                .map_err(|e| format!("the WebP encoder failed: {e:?}"))?;
            out.extend_from_slice(&encoded);
        }
        Encoding::Jpeg => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .write_image(&p.data, p.width, p.height, color)
            .map_err(|e| e.to_string())?,
        Encoding::Png => PngEncoder::new(&mut out)
            .write_image(&p.data, p.width, p.height, color)
            .map_err(|e| e.to_string())?,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::probe::{Format, Probe};
    use crate::media::variants;

    fn gradient(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
        out
    }

    #[test]
    fn variants_decode_at_their_sizes_and_are_deterministic() {
        let bytes = gradient(1200, 800);
        let wanted = variants::of(&Probe { format: Format::Jpeg, width: 1200, height: 800, key: 0 });
        let made = make(&bytes, &wanted).unwrap();
        assert_eq!(made.len(), wanted.len());
        for (v, file) in wanted.iter().zip(&made) {
            let img = image::load_from_memory(file).unwrap();
            assert_eq!((img.width(), img.height()), (v.width, v.height), "{v:?}");
        }
        assert_eq!(made, make(&bytes, &wanted).unwrap(), "same input, same bytes");
    }

    #[test]
    fn broken_images_are_errors() {
        let mut bytes = gradient(64, 64);
        bytes.truncate(bytes.len() / 3);
        assert!(verify(&bytes).is_err());
        assert!(verify(b"not an image").is_err());
    }
}
