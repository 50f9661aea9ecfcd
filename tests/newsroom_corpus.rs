//! A generated 1,000-briefing newsroom (`examples/corpus` with `--authors`
//! and `--images-every`, in-process): every author has a page whose timeline
//! is exactly the briefings that carry their byline, every folder briefing
//! shows its hero and inline chart in every width, and every link and image
//! resolves under a sub-path.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

const N: usize = 1000;
const AUTHORS: usize = 12;
const IMAGES_EVERY: usize = 100;
const BASE_URL: &str = "https://example.org/desk/";
const BASE_PATH: &str = "/desk/";

#[test]
fn a_generated_newsroom_has_every_byline_and_image() {
    let site = TestSite::new("newsroom-corpus");
    let options =
        generator::Options { authors: AUTHORS, images_every: IMAGES_EVERY, ..generator::Options::new(N) };
    let corpus = generate_corpus_with(&options, site.root());
    assert_eq!((corpus.authors, corpus.with_images), (AUTHORS, N / IMAGES_EVERY), "{corpus:?}");
    // Cards are drawn for thousands of briefings in tests/cards.rs and the
    // client suite; here they would only cost time.
    site.write("site.yaml", format!("base_url: {BASE_URL}\nsocial_cards: false\n"));

    let built = site.build(&["--future"]);
    assert_eq!(built.reported().0, corpus.published());
    built.assert_links_resolve(BASE_URL);

    // Who each briefing's own page says wrote it, and which have pictures.
    let mut bylines: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pictured = 0;
    for slug in built.briefings() {
        let html = built.page(&format!("/briefings/{slug}/"));
        let byline =
            section(&html, "<span class=\"byline\">", "</span>").expect("every briefing has a byline");
        let authors = attr_values(byline, "href");
        assert!((1..=2).contains(&authors.len()), "{slug}: {byline}");
        for url in authors {
            bylines.entry(url).or_default().insert(slug.clone());
        }
        if html.contains("<figure class=\"hero\"") {
            pictured += 1;
            let srcsets = attr_values(&html, "srcset");
            for width in ["480w", "960w", "1600w"] {
                assert!(
                    srcsets.iter().any(|s| s.contains(".webp") && s.contains(width)),
                    "{slug}: {srcsets:?}"
                );
            }
            assert!(html.contains("alt=\"Bar chart of quarterly shipments for "), "{slug}: the chart");
        }
    }
    let published_with_images = (0..N)
        .filter(|i| i % IMAGES_EVERY == IMAGES_EVERY - 1)
        .filter(|i| built.briefings().contains(&format!("briefing-{i:06}")))
        .count();
    assert_eq!(pictured, published_with_images);

    let index = term_index(&built.page("/authors/"));
    assert_eq!(index.len(), corpus.authors, "/authors/ lists every author once");
    let indexed: BTreeSet<&String> = index.iter().map(|(u, _)| u).collect();
    assert_eq!(indexed, bylines.keys().collect(), "/authors/ and the bylines disagree");
    for (url, count) in &index {
        let pages = built.follow(BASE_PATH, url.strip_prefix(BASE_PATH).unwrap_or(url));
        let listed: BTreeSet<String> = pages
            .iter()
            .flat_map(|(_, html)| card_links(timeline(html)))
            .map(|u| briefing_slug(&u).expect("a briefing URL").to_string())
            .collect();
        assert_eq!(&listed, &bylines[url], "{url}: the timeline is not the briefings with this byline");
        assert_eq!(*count, listed.len(), "{url}: the count on /authors/");
    }
    let profiles = std::fs::read_dir(site.root().join("content/authors")).expect("profiles").count();
    assert_eq!(profiles, AUTHORS / 2, "every other author has a profile");
}
