//! Unit tests of social cards: the drawing, the cache key, the cache's check.

use super::*;

fn text() -> CardText {
    CardText {
        publication: "Briefings".into(),
        title: "Huawei reclaims the top spot in China's smartphone market".into(),
        highlights: vec!["Huawei ranks first in early 2024.".into(), "The Mate 60 drives it.".into()],
        companies: vec!["Huawei".into(), "华为".into(), "Société Générale".into()],
    }
}

fn cards(dir: &Path) -> Cards {
    Cards::new(dir).expect("the embedded fonts parse")
}

#[test]
fn a_card_is_a_sound_png_of_the_right_size_drawn_the_same_each_time() {
    let cards = cards(Path::new("/nonexistent"));
    let a = cards.draw(&text());
    assert!(sound_png(&a));
    let decoder = png::Decoder::new(std::io::Cursor::new(&a));
    let reader = decoder.read_info().expect("decodes");
    assert_eq!((reader.info().width, reader.info().height), (1200, 630));
    assert_eq!(a, cards.draw(&text()));
}

#[test]
fn damaged_pngs_are_not_sound() {
    let cards = cards(Path::new("/nonexistent"));
    let good = cards.draw(&text());
    assert!(!sound_png(&good[..good.len() - 1]));
    assert!(!sound_png(&good[..good.len() / 2]));
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    assert!(!sound_png(&flipped));
    assert!(!sound_png(b"not a png"));
}

#[test]
fn the_key_covers_everything_drawn() {
    let cards = cards(Path::new("/nonexistent"));
    let base = cards.key(&text());
    let mut other = text();
    other.title.push('!');
    assert_ne!(cards.key(&other), base);
    let mut other = text();
    other.companies.pop();
    assert_ne!(cards.key(&other), base);
    let mut other = text();
    other.highlights[1] = "Another".into();
    assert_ne!(cards.key(&other), base);
    assert_eq!(cards.key(&text()), base);
}

#[test]
fn a_corrupt_cache_entry_is_redrawn_and_replaced() {
    let dir = std::env::temp_dir().join(format!("briefing-card-cache-{}", std::process::id()));
    let cards = cards(&dir);
    let first = cards.card(&text());
    let path = dir.join(format!("{:032x}.png", cards.key(&text())));
    assert_eq!(std::fs::read(&path).ok(), Some(first.clone()));
    std::fs::write(&path, b"garbage").expect("writes");
    assert_eq!(cards.card(&text()), first);
    assert_eq!(std::fs::read(&path).ok(), Some(first));
    let _ = std::fs::remove_dir_all(&dir);
}
