//! Writes a site for measuring image processing: N folder briefings, each
//! with a hero photo drawn by code (a noisy gradient, 2 to 6 megapixels, a
//! JPEG carrying EXIF with an orientation and GPS data, as phones write
//! them). Nothing is downloaded; the same arguments write the same files.
//!
//! `cargo run --release --example photos -- --n 200 --out DIR`, then
//! `briefing build --root DIR` (README, "Images": what it costs).

use std::path::PathBuf;

use image::{ImageEncoder, Rgb, RgbImage};

/// Photo sizes, in turn: 6, 3.8 and 2.7 megapixels.
const SIZES: [(u32, u32); 3] = [(3000, 2000), (2400, 1600), (2000, 1333)];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut n, mut out) = (200usize, None);
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1)) {
            ("--n", Some(value)) => n = value.parse().unwrap_or_else(|_| usage()),
            ("--out", Some(value)) => out = Some(PathBuf::from(value)),
            _ => usage(),
        }
        i += 2;
    }
    let Some(out) = out else { usage() };
    for k in 0..n {
        let folder = out.join(format!("content/briefings/2024/photo-{k:04}"));
        let (w, h) = SIZES[k % SIZES.len()];
        let text = format!(
            "---\ntitle: Photo briefing {k}\ndate: 2024-01-{day:02}\ncompanies: [Company {c}]\ntopics: [Photos]\n\
             image:\n  src: photo.jpg\n  alt: A generated photo, number {k}\n---\nA briefing with a {w} × {h} photo.\n",
            day = 1 + k % 28,
            c = k % 10,
        );
        let written = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(folder.join("index.md"), text))
            .and_then(|()| std::fs::write(folder.join("photo.jpg"), photo(w, h, k as u32)));
        if let Err(e) = written {
            eprintln!("error: {}: {e}", folder.display());
            std::process::exit(1);
        }
    }
    println!("wrote {n} briefings with photos under {}", out.display());
}

fn usage() -> ! {
    eprintln!("usage: cargo run --release --example photos -- --n N --out DIR");
    std::process::exit(2);
}

/// A `width` × `height` JPEG of a noisy gradient, with EXIF.
fn photo(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let tint = [(seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256].map(|c| c as f32);
    let image = RgbImage::from_fn(width, height, |x, y| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let noise = (state >> 26) as f32 - 32.0;
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        Rgb([
            (tint[0] * (1.0 - u) + 255.0 * u * v + noise).clamp(0.0, 255.0) as u8,
            (tint[1] * v + 120.0 * (1.0 - v) + noise).clamp(0.0, 255.0) as u8,
            (tint[2] * (1.0 - v) + 200.0 * u + noise).clamp(0.0, 255.0) as u8,
        ])
    });
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
    let _ = encoder.set_exif_metadata(exif());
    if let Err(e) = encoder.write_image(image.as_raw(), width, height, image::ExtendedColorType::Rgb8) {
        eprintln!("error: cannot encode a photo: {e}");
        std::process::exit(1);
    }
    out
}

/// EXIF (TIFF, little-endian): orientation 1 and a GPS latitude reference.
fn exif() -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    t.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    t.extend(0u32.to_le_bytes());
    t.extend(1u16.to_le_bytes());
    t.extend([1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    t.extend(0u32.to_le_bytes());
    t
}
