//! Draws a social card: the light theme's colours, the publication's name,
//! the title, the first highlights and the companies, onto a 1200×630 canvas
//! encoded as PNG.

use ab_glyph::{Font, PxScale, ScaleFont, point};

use super::CardText;
use super::fonts::{Face, Fonts};
use super::layout::{self, Block, Spec};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The light theme's palette (`templates/style.css`: `--bg`, `--text`,
/// `--text-soft`, `--accent`).
const BG: [u8; 3] = [0xfb, 0xfa, 0xf6];
const INK: [u8; 3] = [0x1b, 0x1c, 0x1f];
const SOFT: [u8; 3] = [0x2c, 0x2f, 0x34];
const ACCENT: [u8; 3] = [0xa1, 0x1d, 0x34];
const RULE: [u8; 3] = [0xdd, 0xdb, 0xd3];

const LEFT: f32 = 88.0;
const RIGHT: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - LEFT - RIGHT;
const BULLET_INDENT: f32 = 30.0;

/// The colours drawn, in palette order after the background.
const COLOURS: [[u8; 3]; 4] = [INK, SOFT, ACCENT, RULE];
const INK_ID: u8 = 0;
const SOFT_ID: u8 = 1;
const ACCENT_ID: u8 = 2;
const RULE_ID: u8 = 3;
/// Coverage levels of each colour over the background (anti-aliasing).
const LEVELS: u8 = 15;

/// A canvas of palette indices: 0 is the background, and
/// `1 + colour × LEVELS + (level - 1)` is colour `colour` at coverage
/// `level / LEVELS` over it. Few colours make a small PNG.
struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas { pixels: vec![0; (WIDTH * HEIGHT) as usize] }
    }

    /// Paints `colour` at (x, y) with coverage `alpha` (0..=1); where
    /// shapes overlap, the stronger coverage wins.
    fn blend(&mut self, x: i32, y: i32, colour: u8, alpha: f32) {
        if x < 0 || y < 0 || x >= WIDTH as i32 || y >= HEIGHT as i32 {
            return;
        }
        let level = (alpha.clamp(0.0, 1.0) * f32::from(LEVELS)).round() as u8;
        if level == 0 {
            return;
        }
        let i = y as usize * WIDTH as usize + x as usize;
        let old = self.pixels[i];
        let old_level = if old == 0 { 0 } else { (old - 1) % LEVELS + 1 };
        if level > old_level {
            self.pixels[i] = 1 + colour * LEVELS + (level - 1);
        }
    }

    fn rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, colour: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                self.blend(x, y, colour, 1.0);
            }
        }
    }

    /// Draws one line of text with its baseline at `y`.
    fn text(&mut self, fonts: &Fonts, face: Face, size: f32, (x, y): (f32, f32), text: &str, colour: u8) {
        let mut pen = x;
        for c in text.chars() {
            let (font, id, fallback) = fonts.pick_fallback(face, c);
            let scale = PxScale::from(size);
            // The fallback font has no bold: draw it twice, a little apart.
            let strokes: &[f32] = if fallback && face == Face::Bold { &[0.0, size / 32.0] } else { &[0.0] };
            for &dx in strokes {
                let glyph = id.with_scale_and_position(scale, point(pen + dx, y));
                if let Some(outline) = font.outline_glyph(glyph) {
                    let min = outline.px_bounds().min;
                    outline.draw(|gx, gy, cover| {
                        self.blend(min.x as i32 + gx as i32, min.y as i32 + gy as i32, colour, cover);
                    });
                }
            }
            pen += font.as_scaled(scale).h_advance(id);
        }
    }

    /// Draws a laid-out block whose first line's top is at `top`; returns
    /// the bottom of its last line.
    fn block(&mut self, fonts: &Fonts, face: Face, block: &Block, x: f32, top: f32, colour: u8) -> f32 {
        let mut y = top;
        for line in &block.lines {
            let baseline = y + block.size * 0.95;
            self.text(fonts, face, block.size, (x, baseline), &line.text, colour);
            y += block.line_height;
        }
        y
    }
}

/// The card of `text`, as PNG bytes.
pub fn card(fonts: &Fonts, text: &CardText) -> Vec<u8> {
    let mut canvas = Canvas::new();
    canvas.rect(0, 0, 20, HEIGHT as i32, ACCENT_ID);

    let name = one_line(fonts, Face::Bold, &text.publication, &[30.0, 26.0, 22.0]);
    canvas.block(fonts, Face::Bold, &name, LEFT, 56.0, ACCENT_ID);

    let title_spec = Spec {
        face: Face::Bold,
        sizes: &[72.0, 66.0, 60.0, 54.0, 48.0, 44.0, 40.0, 36.0],
        width: TEXT_WIDTH,
        height: 262.0,
        leading: 1.16,
        max_lines: 4,
    };
    let title = layout::fit(fonts, &[text.title.as_str()], &title_spec);
    let title_bottom = canvas.block(fonts, Face::Bold, &title, LEFT, 120.0, INK_ID);

    let highlights_top = title_bottom + 26.0;
    let footer = 530.0;
    let points: Vec<&str> = text.highlights.iter().map(String::as_str).collect();
    if !points.is_empty() && footer - highlights_top > 24.0 {
        let spec = Spec {
            face: Face::Regular,
            sizes: &[32.0, 29.0, 26.0, 24.0, 22.0],
            width: TEXT_WIDTH - BULLET_INDENT,
            height: footer - highlights_top,
            leading: 1.32,
            max_lines: 6,
        };
        let block = layout::fit(fonts, &points, &spec);
        let mut y = highlights_top;
        for line in &block.lines {
            let baseline = y + block.size * 0.95;
            if line.first {
                let r = (block.size * 0.16).round() as i32;
                let cy = (baseline - block.size * 0.36).round() as i32;
                canvas.rect(LEFT as i32, cy - r, LEFT as i32 + 2 * r, cy + r, ACCENT_ID);
            }
            canvas.text(
                fonts,
                Face::Regular,
                block.size,
                (LEFT + BULLET_INDENT, baseline),
                &line.text,
                SOFT_ID,
            );
            y += block.line_height;
        }
    }

    canvas.rect(LEFT as i32, 548, (WIDTH as f32 - RIGHT) as i32, 550, RULE_ID);
    if !text.companies.is_empty() {
        let companies = one_line(fonts, Face::Bold, &text.companies.join("  ·  "), &[26.0, 24.0, 22.0]);
        canvas.block(fonts, Face::Bold, &companies, LEFT, 566.0, ACCENT_ID);
    }
    encode(&canvas.pixels)
}

/// `text` on one line across the card, shrunk or cut to fit.
fn one_line(fonts: &Fonts, face: Face, text: &str, sizes: &[f32]) -> Block {
    let spec = Spec { face, sizes, width: TEXT_WIDTH, height: 100.0, leading: 1.2, max_lines: 1 };
    layout::fit(fonts, &[text], &spec)
}

/// The RGB palette of the canvas's indices.
fn palette() -> Vec<u8> {
    let mut palette = BG.to_vec();
    for colour in COLOURS {
        for level in 1..=LEVELS {
            let a = f32::from(level) / f32::from(LEVELS);
            for k in 0..3 {
                let (bg, c) = (f32::from(BG[k]), f32::from(colour[k]));
                palette.push((bg + (c - bg) * a).round() as u8);
            }
        }
    }
    palette
}

/// PNG of a canvas of the card's size, as indexed colour.
fn encode(pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_palette(palette());
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    // Writing into memory fails only on a wrong length, which the canvas rules out.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(pixels);
        let _ = writer.finish();
    }
    out
}
