//! Draws the images of the sample site with code (nothing is downloaded):
//! the hero illustration and the sales chart of the folder briefing
//! `content/briefings/2024/huawei-reclaims-top-spot/`.
//!
//! `cargo run --example sample_images [-- --out DIR]` rewrites `hero.jpg` and
//! `sell-through.png` there; the output is the same on every run.

use std::path::PathBuf;

use image::{ImageFormat, Rgb, RgbImage};

const BUNDLE: &str = "content/briefings/2024/huawei-reclaims-top-spot";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = match args.as_slice() {
        [] => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BUNDLE),
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        _ => {
            eprintln!("usage: cargo run --example sample_images [-- --out DIR]");
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {e}", out.display());
        std::process::exit(1);
    }
    for (name, image, format) in [
        ("hero.jpg", hero(2400, 1350), ImageFormat::Jpeg),
        ("sell-through.png", chart(1400, 760), ImageFormat::Png),
    ] {
        let path = out.join(name);
        if let Err(e) = image.save_with_format(&path, format) {
            eprintln!("error: {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}

/// An illustration: a phone standing before a low sun, in Huawei red and amber.
fn hero(w: u32, h: u32) -> RgbImage {
    let mut seed = 0x2024_0305u32;
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let sky = mix([94.0, 10.0, 22.0], [236, 150, 58], t.powf(0.8));
        // A faint diagonal grain, like a print.
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let grain = ((seed >> 27) as f32 - 16.0) * 0.6 + ((x + y) % 7) as f32 * 0.3;
        Rgb(sky.map(|c| (c + grain).clamp(0.0, 255.0) as u8))
    });
    let (sun_x, sun_y, sun_r) = (w as f32 * 0.68, h as f32 * 0.62, h as f32 * 0.3);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let d = ((x as f32 - sun_x).powi(2) + (y as f32 - sun_y).powi(2)).sqrt();
        let glow = (1.0 - (d / (sun_r * 2.2))).clamp(0.0, 1.0).powi(2) * 0.55;
        let disc = if d < sun_r { 0.85 } else { 0.0 };
        let amount = f32::max(glow, disc);
        px.0 = mix(px.0.map(f32::from), [255, 214, 140], amount).map(|c| c as u8);
    }
    // Hills in the foreground.
    for x in 0..w {
        let xf = x as f32 / w as f32;
        let ridge = h as f32 * (0.80 + 0.05 * (xf * 9.0).sin() + 0.03 * (xf * 23.0).cos());
        for y in ridge as u32..h {
            img.put_pixel(x, y, Rgb([48, 8, 16]));
        }
    }
    // The phone: a dark body, a lighter screen, a camera island.
    let (pw, ph) = (h as f32 * 0.34, h as f32 * 0.68);
    let (px0, py0) = (w as f32 * 0.26, h as f32 * 0.18);
    rounded_rect(&mut img, px0, py0, pw, ph, pw * 0.12, [22, 22, 28]);
    rounded_rect(
        &mut img,
        px0 + pw * 0.05,
        py0 + pw * 0.05,
        pw * 0.9,
        ph - pw * 0.1,
        pw * 0.09,
        [40, 52, 78],
    );
    circle(&mut img, px0 + pw * 0.5, py0 + ph * 0.2, pw * 0.16, [18, 18, 24]);
    circle(&mut img, px0 + pw * 0.5, py0 + ph * 0.2, pw * 0.1, [70, 90, 120]);
    img
}

/// A bar chart of the year-on-year change in smartphone sell-through in
/// China over the first six weeks of 2024, as Counterpoint Research reported it.
fn chart(w: u32, h: u32) -> RgbImage {
    let mut img = RgbImage::from_pixel(w, h, Rgb([251, 250, 247]));
    let ink = [34, 36, 40];
    let muted = [110, 114, 122];
    text(&mut img, 60, 50, 5, "CHINA SMARTPHONE SALES", ink);
    text(&mut img, 60, 110, 3, "FIRST SIX WEEKS OF 2024, CHANGE FROM A YEAR EARLIER", muted);
    let bars: [(&str, f32, [u8; 3]); 3] = [
        ("HUAWEI", 64.0, [199, 0, 11]),
        ("WHOLE MARKET", -7.0, [120, 124, 132]),
        ("APPLE", -24.0, [60, 64, 72]),
    ];
    let (zero_x, unit) = (620.0, 9.0);
    for (i, (label, value, colour)) in bars.iter().enumerate() {
        let top = 210.0 + i as f32 * 160.0;
        text(&mut img, 60, top as u32 + 32, 4, label, ink);
        let (x0, x1) =
            if *value >= 0.0 { (zero_x, zero_x + value * unit) } else { (zero_x + value * unit, zero_x) };
        rounded_rect(&mut img, x0, top, x1 - x0, 100.0, 6.0, *colour);
        let shown = format!("{}{}%", if *value >= 0.0 { "+" } else { "-" }, value.abs());
        let at = if *value >= 0.0 { x1 + 24.0 } else { x0 - 24.0 - shown.len() as f32 * 24.0 };
        text(&mut img, at as u32, top as u32 + 32, 4, &shown, ink);
    }
    for y in 190..h - 90 {
        img.put_pixel(zero_x as u32, y, Rgb(ink));
        img.put_pixel(zero_x as u32 + 1, y, Rgb(ink));
    }
    text(&mut img, 60, h - 60, 3, "SOURCE: COUNTERPOINT RESEARCH", muted);
    img
}

fn mix(a: [f32; 3], b: [u8; 3], t: f32) -> [f32; 3] {
    [0, 1, 2].map(|i| a[i] + (f32::from(b[i]) - a[i]) * t)
}

fn circle(img: &mut RgbImage, cx: f32, cy: f32, r: f32, colour: [u8; 3]) {
    fill(img, |x, y| (x - cx).powi(2) + (y - cy).powi(2) <= r * r, colour);
}

fn rounded_rect(img: &mut RgbImage, x0: f32, y0: f32, w: f32, h: f32, r: f32, colour: [u8; 3]) {
    fill(
        img,
        |x, y| {
            let dx = (x0 + r - x).max(x - (x0 + w - r)).max(0.0);
            let dy = (y0 + r - y).max(y - (y0 + h - r)).max(0.0);
            x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h && dx * dx + dy * dy <= r * r
        },
        colour,
    );
}

fn fill(img: &mut RgbImage, inside: impl Fn(f32, f32) -> bool, colour: [u8; 3]) {
    for (x, y, px) in img.enumerate_pixels_mut() {
        if inside(x as f32 + 0.5, y as f32 + 0.5) {
            px.0 = colour;
        }
    }
}

/// Writes `s` in a 5 × 7 pixel font, each font pixel `scale` pixels wide.
fn text(img: &mut RgbImage, x: u32, y: u32, scale: u32, s: &str, colour: [u8; 3]) {
    for (i, c) in s.chars().enumerate() {
        let Some(rows) = glyph(c) else { continue };
        let left = x + i as u32 * 6 * scale;
        for (row, bits) in rows.iter().enumerate() {
            for (col, bit) in bits.bytes().enumerate() {
                if bit != b'#' {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let (px, py) = (left + col as u32 * scale + dx, y + row as u32 * scale + dy);
                        if px < img.width() && py < img.height() {
                            img.put_pixel(px, py, Rgb(colour));
                        }
                    }
                }
            }
        }
    }
}

fn glyph(c: char) -> Option<[&'static str; 7]> {
    Some(match c {
        'A' => [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        'C' => [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
        'D' => ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
        'E' => ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
        'F' => ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
        'G' => [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"],
        'H' => ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        'I' => [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
        'K' => ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
        'L' => ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
        'M' => ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
        'N' => ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
        'O' => [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
        'P' => ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
        'R' => ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
        'S' => [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
        'T' => ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
        'U' => ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
        'W' => ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"],
        'X' => ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
        'Y' => ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
        '0' => [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
        '2' => [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
        '4' => ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
        '6' => ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
        '7' => ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
        '%' => ["##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##"],
        '+' => [".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."],
        '-' => [".....", ".....", ".....", "#####", ".....", ".....", "....."],
        ',' => [".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."],
        ':' => [".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."],
        _ => return None,
    })
}
