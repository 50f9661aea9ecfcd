//! Social cards: every briefing's `card-HASH.png` is a 1200×630 PNG named by
//! its page's `og:image` (an absolute URL), drawn the same on every build,
//! taken from the `.briefing/cards/` cache when nothing it shows changed, and
//! renamed when something it shows does.

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

/// The output path of the card of `slug`, as its page names it.
fn card_of(out: &Path, slug: &str) -> String {
    let html = read_page(out, &format!("/briefings/{slug}/"));
    let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{slug}: no og:image"));
    url.strip_prefix(BASE).expect("absolute, under the base URL").to_string()
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
        let name = url.strip_prefix(&format!("{BASE}briefings/{slug}/card-")).expect("the card's URL");
        let hash = name.strip_suffix(".png").expect("a PNG");
        assert!(hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
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
        let rel = card_of(&out_a, slug);
        assert_eq!(rel, card_of(&out_b, slug), "{slug}: two builds name the card differently");
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
    let cards_before: Vec<Vec<u8>> =
        SLUGS.iter().map(|s| fs::read(out.join(card_of(&out, s))).expect("a card")).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&root, &out, &[]).success();
    assert_eq!(cache_files(&root), before, "no entry was rewritten");

    // A damaged entry is drawn again wherever the card has to be made: here,
    // into a new output folder.
    let (damaged, (good, _)) = before.iter().next().expect("an entry");
    fs::write(damaged, &good[..good.len() / 2]).expect("writes");
    let fresh = tmp.join("fresh");
    build(&root, &fresh, &[]).success();
    assert_eq!(&fs::read(damaged).expect("the entry is back"), good, "the damaged entry is redrawn");
    for (slug, card) in SLUGS.iter().zip(cards_before) {
        assert_eq!(fs::read(fresh.join(card_of(&fresh, slug))).expect("a card"), card);
    }
}

/// A card's file is named by what it shows: an unchanged card is kept as
/// it is (not even read) on a rebuild, and a retitled briefing's card gets
/// a new name, the old file leaving the output.
#[test]
fn a_card_is_renamed_when_what_it_shows_changes_and_kept_otherwise() {
    let tmp = TempDir::new("cards-names");
    let (root, out) = built(&tmp, "out");
    let (short, long) = (card_of(&out, "short"), card_of(&out, "long-title"));
    let file = root.join("content/briefings/short.md");
    let text = fs::read_to_string(&file).unwrap();
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    fs::write(&file, text.replacen(&title, "title: A different title", 1)).unwrap();
    let modified = fs::metadata(out.join(&long)).and_then(|m| m.modified()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&root, &out, &[]).success();
    let renamed = card_of(&out, "short");
    assert_ne!(renamed, short, "the retitled card has a new name");
    assert!(out.join(&renamed).is_file() && !out.join(&short).exists(), "the old card is gone");
    assert_eq!(card_of(&out, "long-title"), long);
    assert_eq!(fs::metadata(out.join(&long)).and_then(|m| m.modified()).unwrap(), modified, "kept unwritten");
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
    assert!(
        !fs::read_dir(out.join("briefings/short"))
            .unwrap()
            .any(|e| { e.unwrap().file_name().to_string_lossy().starts_with("card") })
    );
    assert!(!root.join(".briefing/cards").exists());
}
