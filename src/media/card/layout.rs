//! Text layout for social cards: wraps paragraphs at word boundaries (CJK
//! text between any two characters) into a box, trying font sizes from large
//! to small until the block fits. Nothing is cut mid-word: a word wider than
//! the box makes that size fail, and when even the smallest size fails, the
//! text is cut after the last whole word that fits and ends with `…`. Lines
//! may also break after a hyphen or slash inside a word. The one exception:
//! when not even the first word fits at the smallest size, that word is cut
//! between characters and ends with `…`, rather than showing `…` alone.

use super::fonts::{Face, Fonts};

/// The box a block of text must fit, and how to try to fill it.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    pub face: Face,
    /// Font sizes in pixels, largest first.
    pub sizes: &'a [f32],
    pub width: f32,
    pub height: f32,
    /// Line height as a multiple of the font size.
    pub leading: f32,
    pub max_lines: usize,
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub width: f32,
    /// The paragraph it belongs to, and whether it is that paragraph's first line.
    pub paragraph: usize,
    pub first: bool,
}

/// Lines set at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub size: f32,
    pub line_height: f32,
    pub lines: Vec<Line>,
    /// Whether the text had to be cut (and ends with `…`).
    pub cut: bool,
}

const ELLIPSIS: &str = "…";

/// A word and whether a space stood before it.
type Token = (String, bool);

/// Lays out `paragraphs` (each starting on a new line) at the largest size
/// of `spec` at which all of it fits; failing that, as much as fits at the
/// smallest size, ending with `…`.
pub fn fit(fonts: &Fonts, paragraphs: &[&str], spec: &Spec) -> Block {
    let tokens: Vec<Vec<Token>> = paragraphs.iter().map(|p| tokenize(p)).collect();
    for &size in spec.sizes {
        if let Some(block) = wrap(fonts, &tokens, spec, size, false) {
            return block;
        }
    }
    let smallest = spec.sizes.last().copied().unwrap_or(16.0);
    wrap(fonts, &tokens, spec, smallest, true).unwrap_or(Block {
        size: smallest,
        line_height: smallest * spec.leading,
        lines: Vec::new(),
        cut: true,
    })
}

/// Whether lines may break before and after `c` without a space (Han,
/// kana, Hangul, CJK punctuation and full-width forms).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x303F | 0x3040..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Splits text into words at white space, and every CJK character into a word of its own.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let (mut space, mut word_space) = (false, false);
    for c in text.chars() {
        if c.is_whitespace() || is_cjk(c) {
            if !word.is_empty() {
                tokens.push((std::mem::take(&mut word), word_space));
                space = false;
            }
            if c.is_whitespace() {
                space = true;
            } else {
                tokens.push((c.to_string(), space));
                space = false;
            }
        } else {
            if word.is_empty() {
                word_space = space;
            }
            word.push(c);
            // A line may also break after a hyphen or a slash inside a word.
            if matches!(c, '-' | '/' | '\u{2010}' | '\u{2013}' | '\u{2014}') && word.chars().nth(1).is_some()
            {
                tokens.push((std::mem::take(&mut word), word_space));
                space = false;
            }
        }
    }
    if !word.is_empty() {
        tokens.push((word, word_space));
    }
    tokens
}

/// Greedy wrapping at `size`: `None` if the text does not fit, unless
/// `lossy`, which cuts it instead.
fn wrap(fonts: &Fonts, paragraphs: &[Vec<Token>], spec: &Spec, size: f32, lossy: bool) -> Option<Block> {
    let line_height = size * spec.leading;
    let max_lines = spec.max_lines.min((spec.height / line_height).floor() as usize);
    let measure = |t: &str| fonts.width(spec.face, size, t);
    let space = measure(" ");
    // Each line as (paragraph, first, tokens, width).
    let mut lines: Vec<RawLine> = Vec::new();
    let mut cut = false;
    'paragraphs: for (p, tokens) in paragraphs.iter().enumerate() {
        let mut current: Option<(Vec<&str>, f32)> = None;
        let mut first = true;
        for (word, spaced) in tokens {
            let w = measure(word);
            if let Some((words, width)) = &mut current {
                let gap = if *spaced { space } else { 0.0 };
                if *width + gap + w <= spec.width {
                    if *spaced {
                        words.push(" ");
                    }
                    words.push(word);
                    *width += gap + w;
                    continue;
                }
            }
            if let Some((words, width)) = current.take() {
                lines.push((p, first, words, width));
                first = false;
            }
            if lines.len() >= max_lines || w > spec.width {
                cut = true;
                if lossy && lines.is_empty() && max_lines > 0 {
                    // Nothing would be shown but `…`: the one place a word is cut.
                    let start = &word[..fitting_start(word, spec.width, &measure)];
                    lines.push((p, true, vec![start, ELLIPSIS], 0.0));
                    return Some(finish(lines, &measure, size, line_height, true));
                }
                break 'paragraphs;
            }
            current = Some((vec![word.as_str()], w));
        }
        if let Some((words, width)) = current.take() {
            if lines.len() >= max_lines {
                cut = true;
                break;
            }
            lines.push((p, first, words, width));
        }
    }
    if cut && !lossy {
        return None;
    }
    if cut {
        let dots = measure(ELLIPSIS);
        match lines.last_mut() {
            Some((_, _, words, width)) => {
                while !words.is_empty() && *width + dots > spec.width {
                    let last = words.pop().unwrap_or_default();
                    *width -= measure(last);
                    if words.last() == Some(&" ") {
                        words.pop();
                        *width -= space;
                    }
                }
                words.push(ELLIPSIS);
                *width += dots;
            }
            None if max_lines > 0 && dots <= spec.width => lines.push((0, true, vec![ELLIPSIS], dots)),
            None => {}
        }
    }
    Some(finish(lines, &measure, size, line_height, cut))
}

/// A line of words as (paragraph, first line of it, words, width).
type RawLine<'a> = (usize, bool, Vec<&'a str>, f32);

fn finish(
    lines: Vec<RawLine>,
    measure: &dyn Fn(&str) -> f32,
    size: f32,
    line_height: f32,
    cut: bool,
) -> Block {
    let lines = lines
        .into_iter()
        .map(|(paragraph, first, words, _)| {
            let text: String = words.concat();
            Line { width: measure(&text), text, paragraph, first }
        })
        .collect();
    Block { size, line_height, lines, cut }
}

/// The length in bytes of the longest start of `word` that fits `width`
/// with `…` after it.
fn fitting_start(word: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> usize {
    let mut used = measure(ELLIPSIS);
    for (i, c) in word.char_indices() {
        used += measure(c.encode_utf8(&mut [0; 4]));
        if used > width {
            return i;
        }
    }
    word.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(width: f32) -> Spec<'static> {
        Spec {
            face: Face::Bold,
            sizes: &[64.0, 48.0, 32.0],
            width,
            height: 250.0,
            leading: 1.2,
            max_lines: 3,
        }
    }

    fn fonts() -> Fonts {
        Fonts::load().expect("the embedded fonts parse")
    }

    #[test]
    fn words_and_cjk_characters_are_tokens() {
        let t = tokenize("Huawei 华为 tops  Q1");
        let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["Huawei", "华", "为", "tops", "Q1"]);
        assert_eq!(t.iter().map(|(_, s)| *s).collect::<Vec<_>>(), [false, true, false, true, true]);
    }

    #[test]
    fn short_title_keeps_the_largest_size() {
        let block = fit(&fonts(), &["Huawei tops"], &spec(1000.0));
        assert_eq!((block.size, block.lines.len(), block.cut), (64.0, 1, false));
        assert_eq!(block.lines[0].text, "Huawei tops");
    }

    #[test]
    fn long_title_shrinks_and_stays_inside_the_box() {
        let title = "Huawei reclaims the top spot in China's smartphone market as the Mate 60 \
                     series and its Kirin 9000S chip drive a recovery that few analysts expected";
        let fonts = fonts();
        let block = fit(&fonts, &[title], &spec(1000.0));
        assert!(block.size < 64.0);
        for line in &block.lines {
            assert!(line.width <= 1000.0, "{line:?}");
            assert!(fonts.width(Face::Bold, block.size, &line.text) <= 1000.0);
        }
    }

    #[test]
    fn an_unbreakable_word_is_shrunk_then_cut_at_a_word_boundary() {
        let fonts = fonts();
        let word = "Supercalifragilisticexpialidocious".repeat(4);
        let text = format!("Short words then {word} and more");
        let block = fit(&fonts, &[&text], &spec(1000.0));
        assert_eq!(block.size, 32.0);
        assert!(block.cut);
        assert!(block.lines.iter().all(|l| l.width <= 1000.0 && !l.text.contains("Supercal")));
        assert_eq!(block.lines.last().map(|l| l.text.as_str()), Some("Short words then…"));
    }

    #[test]
    fn a_first_word_wider_than_the_box_is_cut_rather_than_lost() {
        let fonts = fonts();
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
        let block = fit(&fonts, &[&word], &spec(600.0));
        assert_eq!(block.lines.len(), 1);
        let line = &block.lines[0];
        assert!(
            line.width <= 600.0 && line.text.ends_with('…') && line.text.starts_with("Pneumono"),
            "{line:?}"
        );
    }

    #[test]
    fn lines_break_after_hyphens() {
        let t = tokenize("state-of-the-art");
        let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["state-", "of-", "the-", "art"]);
    }

    #[test]
    fn cjk_wraps_between_characters() {
        let fonts = fonts();
        let text = "华为在二零二四年初重新夺回中国智能手机市场销量第一的位置".repeat(3);
        let block = fit(&fonts, &[&text], &spec(500.0));
        assert!(block.lines.len() > 1);
        assert!(block.lines.iter().all(|l| l.width <= 500.0 && !l.text.contains(' ')));
    }

    #[test]
    fn paragraphs_start_on_new_lines() {
        let block = fit(&fonts(), &["One.", "Two."], &spec(1000.0));
        let got: Vec<(&str, usize, bool)> =
            block.lines.iter().map(|l| (l.text.as_str(), l.paragraph, l.first)).collect();
        assert_eq!(got, [("One.", 0, true), ("Two.", 1, true)]);
    }
}
