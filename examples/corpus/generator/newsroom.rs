//! A newsroom's extras for a generated corpus, both off by default: bylines
//! (`--authors A`: A writers, one or two per briefing, half with a profile)
//! and images (`--images-every K`: every Kth briefing is a folder with a
//! hero photo and an inline chart, drawn here from the briefing's numbers).

use std::io::Cursor;

use briefing::slug::slugify;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use super::rng::{Rng, Stream};

/// The most authors a corpus may have: every name below is distinct.
pub const MAX_AUTHORS: usize = FIRST.len() * LAST.len() * LAST.len();

const FIRST: [&str; 12] =
    ["Li", "Maya", "Amara", "Søren", "Yuki", "Carlos", "Zoë", "Priya", "Ivan", "Fatima", "Jonas", "Mei"];
const LAST: [&str; 12] = [
    "Wei",
    "Fischer",
    "Okafor",
    "Ødegård",
    "Tanaka",
    "Mendes",
    "Brennan",
    "Raman",
    "Petrov",
    "Haddad",
    "Keller",
    "Zhang",
];

/// An author of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub slug: String,
    /// Whether `content/authors/<slug>.yaml` is written (every other author).
    pub profiled: bool,
}

/// The `count` authors of a corpus (at most [`MAX_AUTHORS`]), distinct by slug.
pub fn authors(count: usize) -> Vec<Author> {
    (0..count.min(MAX_AUTHORS))
        .map(|k| {
            let first = FIRST[k % FIRST.len()];
            let last = LAST[(k / FIRST.len()) % LAST.len()];
            let name = match k / (FIRST.len() * LAST.len()) {
                0 => format!("{first} {last}"),
                n => format!("{first} {last}-{}", LAST[n % LAST.len()]),
            };
            // Every name has letters, so it has a slug.
            Author { slug: slugify(&name).unwrap_or_default(), name, profiled: k % 2 == 0 }
        })
        .collect()
}

/// The authors (indexes into [`authors`]) of briefing `index`: one, or two
/// one time in seven; none when the corpus has no authors.
pub fn byline(seed: u64, index: usize, authors: usize) -> Vec<usize> {
    if authors == 0 {
        return Vec::new();
    }
    let mut rng = Rng::stream(seed, Stream::Newsroom, index as u64);
    let first = rng.below(authors);
    let second = rng.below(authors);
    if authors > 1 && second != first && rng.chance(14) { vec![first, second] } else { vec![first] }
}

/// The profile file of an author.
pub fn profile_text(author: &Author) -> String {
    format!(
        "name: \"{}\"\nbio: Covers the companies of this corpus for the desk, *mostly* on deadline.\nurl: https://staff.example.com/{}\n",
        author.name, author.slug
    )
}

/// Whether briefing `index` is written as a folder with images.
pub fn has_images(index: usize, every: usize) -> bool {
    every > 0 && index % every == every - 1
}

/// The hero's front matter, indented under `image:`.
pub fn hero_yaml(title: &str) -> String {
    let alt = format!("Photo illustrating: {title}").replace('"', "'");
    format!("image:\n  src: hero.jpg\n  alt: \"{alt}\"\n  caption: \"A generated photo.\"\n")
}

/// The body's inline chart, as Markdown.
pub fn chart_markdown(company: &str) -> String {
    let alt = format!("Bar chart of quarterly shipments for {company}").replace(['[', ']'], "");
    format!("\n![{alt}](chart.png \"Quarterly shipments\")\n")
}

/// The hero photo of briefing `index` (JPEG, 1600 × 900): a soft diagonal
/// gradient with a few bands, in colours of its own.
pub fn hero_jpeg(seed: u64, index: usize) -> Vec<u8> {
    let mut rng = Rng::stream(seed, Stream::Newsroom, (index as u64) << 1 | 1);
    let a = colour(&mut rng);
    let b = colour(&mut rng);
    let bands = rng.range(3, 7) as f32;
    let (w, h) = (1600u32, 900u32);
    // The colour depends on x/w + y/h only: one per diagonal step, made once.
    let steps = (w + h) as usize;
    let shades: Vec<Rgb<u8>> = (0..steps)
        .map(|d| {
            let t = d as f32 / steps as f32;
            let wave = ((t * bands * std::f32::consts::PI).sin() * 0.08 + t).clamp(0.0, 1.0);
            let mix = |p: u8, q: u8| (p as f32 + (q as f32 - p as f32) * wave) as u8;
            Rgb([mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])])
        })
        .collect();
    let (wl, hl) = (u64::from(w), u64::from(h));
    let image = RgbImage::from_fn(w, h, |x, y| {
        let t = (u64::from(x) * hl + u64::from(y) * wl) * steps as u64 / (2 * wl * hl);
        shades[(t as usize).min(steps - 1)]
    });
    encode(DynamicImage::ImageRgb8(image), ImageFormat::Jpeg)
}

/// The inline chart of briefing `index` (PNG, 800 × 450): eight bars.
pub fn chart_png(seed: u64, index: usize) -> Vec<u8> {
    let mut rng = Rng::stream(seed, Stream::Newsroom, (index as u64) << 1);
    let bar = colour(&mut rng);
    let heights: Vec<u32> = (0..8).map(|_| rng.range(60, 400) as u32).collect();
    let (w, h) = (800u32, 450u32);
    let image = RgbImage::from_fn(w, h, |x, y| {
        let slot = (x / 100) as usize;
        let inside = x % 100 >= 20 && x % 100 < 80;
        if y == h - 25 {
            Rgb([60, 60, 60])
        } else if inside && y < h - 25 && y >= h - 25 - heights[slot.min(7)] {
            Rgb(bar)
        } else {
            Rgb([250, 250, 246])
        }
    });
    encode(DynamicImage::ImageRgb8(image), ImageFormat::Png)
}

fn colour(rng: &mut Rng) -> [u8; 3] {
    [rng.range(20, 235) as u8, rng.range(20, 235) as u8, rng.range(20, 235) as u8]
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    // Encoding an in-memory RGB image into a Vec cannot fail.
    image.write_to(&mut bytes, format).expect("an RGB image encodes");
    bytes.into_inner()
}
