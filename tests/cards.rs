//! Social cards: every briefing's `card.png` is a 1200×630 PNG named by its
//! page's `og:image` (an absolute URL), drawn the same on every build, and
//! taken from the `.briefing/cards/` cache when nothing it shows changed.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::*;

const BASE: &str = "https://example.com/desk/";
const SLUGS: [&str; 4] = ["cjk", "long-title", "short", "unbreakable"];

fn built(tmp: &TempDir, out: &str) -> (PathBuf, PathBuf) {
    let root = copy_fixture(tmp, "cards");
    let out = tmp.join(out);
    build(&root, &out, &[]).success();
    (root, out)
}

/// The `content` of the first `<meta>` whose `property` or `name` is `key`.
fn meta(html: &str, key: &str) -> Option<String> {
    let pattern = format!("=\"{key}\" content=\"");
    let rest = &html[html.find(&pattern)? + pattern.len()..];
    Some(decode_entities(&rest[..rest.find('"')?]))
}

fn decode_png(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().expect("the card decodes");
    let mut reader = reader;
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    reader.next_frame(&mut pixels).expect("the pixels decode");
    (reader.info().width, reader.info().height)
}

fn cache_files(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    fs::read_dir(root.join(".briefing/cards"))
        .expect("the card cache exists")
        .map(|e| e.expect("an entry").path())
        .map(|p| {
            let modified = fs::metadata(&p).and_then(|m| m.modified()).expect("an mtime");
            (p.clone(), (fs::read(&p).expect("reads"), modified))
        })
        .collect()
}

#[test]
fn every_briefing_page_names_its_card_and_the_card_is_a_1200_by_630_png() {
    let tmp = TempDir::new("cards");
    let (_root, out) = built(&tmp, "out");
    for slug in SLUGS {
        let html = read_page(&out, &format!("/briefings/{slug}/"));
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{slug}: no og:image"));
        assert_eq!(url, format!("{BASE}briefings/{slug}/card.png"));
        let file = out.join(url.strip_prefix(BASE).expect("absolute, under the base URL"));
        assert_eq!(decode_png(&fs::read(&file).expect("the card is in the output")), (1200, 630));
        assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"));
        assert!(meta(&html, "og:image:alt").is_some_and(|alt| !alt.is_empty()));
        assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary_large_image"));
        assert!(html.contains(&format!("\"image\":\"{url}\"")), "{slug}: JSON-LD names the card");
    }
    let home = read_page(&out, "/");
    assert_eq!(meta(&home, "og:image"), None, "only briefing pages have cards");
    assert_eq!(meta(&home, "twitter:card").as_deref(), Some("summary"));
}

#[test]
fn cards_are_the_same_bytes_from_cold_and_from_the_cache() {
    let (a, b) = (TempDir::new("cards-a"), TempDir::new("cards-b"));
    let (root, out_a) = built(&a, "out");
    let (_, out_b) = built(&b, "out");
    let out_again = a.join("again");
    build(&root, &out_again, &[]).success();
    for slug in SLUGS {
        let rel = format!("briefings/{slug}/card.png");
        let first = fs::read(out_a.join(&rel)).expect("a card");
        assert_eq!(first, fs::read(out_b.join(&rel)).expect("a card"), "{slug}: two cold builds differ");
        assert_eq!(first, fs::read(out_again.join(&rel)).expect("a card"), "{slug}: the cached card differs");
    }
}

#[test]
fn a_rebuild_uses_the_cache_and_a_corrupt_entry_is_redrawn() {
    let tmp = TempDir::new("cards-cache");
    let (root, out) = built(&tmp, "out");
    let before = cache_files(&root);
    assert_eq!(before.len(), SLUGS.len(), "one cache entry per card");
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&root, &out, &[]).success();
    assert_eq!(cache_files(&root), before, "no entry was rewritten");

    let (damaged, (good, _)) = before.iter().next().expect("an entry");
    fs::write(damaged, &good[..good.len() / 2]).expect("writes");
    let cards_before: Vec<Vec<u8>> = SLUGS
        .iter()
        .map(|s| fs::read(out.join(format!("briefings/{s}/card.png"))).expect("a card"))
        .collect();
    build(&root, &out, &[]).success();
    assert_eq!(&fs::read(damaged).expect("the entry is back"), good, "the damaged entry is redrawn");
    for (slug, card) in SLUGS.iter().zip(cards_before) {
        assert_eq!(fs::read(out.join(format!("briefings/{slug}/card.png"))).expect("a card"), card);
    }
}

#[test]
fn social_cards_false_draws_none() {
    let tmp = TempDir::new("cards-off");
    let root = copy_fixture(&tmp, "cards");
    write(&root, "site.yaml", format!("title: The Component Desk\nbase_url: {BASE}\nsocial_cards: false\n"));
    let out = tmp.join("out");
    build(&root, &out, &[]).success();
    let html = read_page(&out, "/briefings/short/");
    assert_eq!(meta(&html, "og:image"), None);
    assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary"));
    assert!(!html.contains("\"image\":"), "no card in the JSON-LD");
    assert!(!out.join("briefings/short/card.png").exists());
    assert!(!root.join(".briefing/cards").exists());
}
