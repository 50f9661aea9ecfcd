//! Which files an image becomes: its widths (about 480, 960 and 1600 px,
//! never wider than the original), each as lossy WebP and in the image's own
//! format (GIF becomes PNG; a WebP original needs no second format), and the
//! processing settings that, with the image's bytes, make its cache key.

use super::probe::{Format, Probe};

/// The widths made of an image wider than them. A narrower image also gets
/// its own width, so the largest variant is never upscaled and never
/// narrower than the original when it is under the largest of these.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// WebP quality (0-100) and libwebp's speed/size trade-off (0 fast - 6 small;
/// 2 is about 2.5× faster than the default 4 for files within 3%).
pub const WEBP_QUALITY: f32 = 80.0;
pub const WEBP_METHOD: i32 = 2;
pub const JPEG_QUALITY: u8 = 82;

/// Bump when the processing changes in a way the settings below do not
/// show (a new resampling, a fix in the encoder call): every image is then
/// made again.
const VERSION: u32 = 1;

/// What, besides an image's bytes, decides the files made from it.
pub fn settings() -> String {
    format!(
        "briefing-images v{VERSION} widths={WIDTHS:?} resize=lanczos3 webp=q{WEBP_QUALITY}m{WEBP_METHOD} \
         jpeg=q{JPEG_QUALITY} png=default orientation=exif"
    )
}

/// The format of a made file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Webp,
    Jpeg,
    Png,
}

impl Encoding {
    pub fn ext(self) -> &'static str {
        match self {
            Encoding::Webp => "webp",
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Encoding::Webp => "image/webp",
            Encoding::Jpeg => "image/jpeg",
            Encoding::Png => "image/png",
        }
    }

    pub fn parse(ext: &str) -> Option<Encoding> {
        [Encoding::Webp, Encoding::Jpeg, Encoding::Png].into_iter().find(|e| e.ext() == ext)
    }
}

/// One file made from an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub encoding: Encoding,
}

/// The format of the fallback variants of an image in `format` (the ones
/// every browser shows); `None` when they would be WebP again.
pub fn fallback(format: Format) -> Option<Encoding> {
    match format {
        Format::Png | Format::Gif => Some(Encoding::Png),
        Format::Jpeg => Some(Encoding::Jpeg),
        Format::Webp | Format::Svg => None,
    }
}

/// The widths made of an image `width` pixels wide, narrowest first.
pub fn widths(width: u32) -> Vec<u32> {
    let largest = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < largest).collect();
    out.push(largest);
    out
}

/// Every file made from the image `probe` describes: the WebP variants,
/// narrowest first, then the fallback ones. None for an SVG.
pub fn of(probe: &Probe) -> Vec<Variant> {
    if probe.format == Format::Svg {
        return Vec::new();
    }
    let sized = |width: u32, encoding| {
        let height = (u64::from(probe.height) * u64::from(width) + u64::from(probe.width) / 2)
            / u64::from(probe.width.max(1));
        Variant { width, height: (height as u32).max(1), encoding }
    };
    let widths = widths(probe.width);
    let mut out: Vec<Variant> = widths.iter().map(|&w| sized(w, Encoding::Webp)).collect();
    if let Some(own) = fallback(probe.format) {
        out.extend(widths.iter().map(|&w| sized(w, own)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(format: Format, width: u32, height: u32) -> Probe {
        Probe { format, width, height, key: 1 }
    }

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(widths(3000), [480, 960, 1600]);
        assert_eq!(widths(1600), [480, 960, 1600]);
        assert_eq!(widths(1200), [480, 960, 1200]);
        assert_eq!(widths(960), [480, 960]);
        assert_eq!(widths(500), [480, 500]);
        assert_eq!(widths(300), [300]);
    }

    #[test]
    fn formats_and_heights() {
        let photo = of(&probe(Format::Jpeg, 3000, 2000));
        let shown: Vec<(u32, u32, &str)> =
            photo.iter().map(|v| (v.width, v.height, v.encoding.ext())).collect();
        assert_eq!(
            shown,
            [
                (480, 320, "webp"),
                (960, 640, "webp"),
                (1600, 1067, "webp"),
                (480, 320, "jpg"),
                (960, 640, "jpg"),
                (1600, 1067, "jpg")
            ]
        );
        assert!(of(&probe(Format::Gif, 100, 100)).iter().any(|v| v.encoding == Encoding::Png));
        assert!(of(&probe(Format::Webp, 100, 100)).iter().all(|v| v.encoding == Encoding::Webp));
        assert!(of(&probe(Format::Svg, 100, 100)).is_empty());
        assert_eq!(of(&probe(Format::Png, 2000, 1))[0].height, 1, "never zero pixels high");
    }
}
