//! A generated 300-briefing corpus (`examples/corpus`, generated in-process):
//! it builds with the counts the generator reports, every link resolves,
//! every briefing is reachable from the home pagination, and every company
//! and topic timeline holds exactly the briefings tagged with it.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

const N: usize = 300;
/// A sub-path base URL, so every link must carry `/briefs/`.
const BASE_URL: &str = "https://example.org/briefs/";
const BASE_PATH: &str = "/briefs/";

#[test]
fn generated_corpus_is_complete_and_consistent() {
    let site = TestSite::new("corpus");
    let corpus = generate_corpus(N, site.root());
    assert!(corpus.drafts > 0 && corpus.profiles > 0, "{corpus:?}");
    site.write("site.yaml", format!("base_url: {BASE_URL}\n"));

    let built = site.build(&["--future"]);
    assert_eq!(built.reported().0, corpus.published());
    let out = built.out();

    built.assert_links_resolve(BASE_URL);

    // Every briefing page is reachable from the home pagination, once.
    let slugs = built.briefings();
    assert_eq!(slugs.len(), corpus.published());
    let listed: Vec<String> = built
        .follow(BASE_PATH, "/")
        .iter()
        .flat_map(|(_, html)| card_links(html))
        .map(|u| slug_of(&u))
        .collect();
    assert_eq!(listed.len(), corpus.published(), "a briefing is listed twice on the home pages");
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), slugs);

    // What each briefing's own page says it is about.
    let mut tagged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for slug in &slugs {
        let html = built.page(&format!("/briefings/{slug}/"));
        let chips = chip_links(&html, "company").into_iter().chain(chip_links(&html, "topic"));
        for url in chips {
            tagged.entry(url).or_default().insert(slug.clone());
        }
    }

    for (dir, index_path, terms) in
        [("companies", "/companies/", corpus.companies), ("topics", "/topics/", corpus.topics)]
    {
        let index = term_index(&built.page(index_path));
        // Aliases and other spellings are filed under their term: one page each.
        assert_eq!(index.len(), terms, "{index_path}: the generator named {terms} {dir}");
        let on_disk: BTreeSet<String> = listing(&out.join(dir), &[])
            .into_iter()
            .filter(|p| p.components().count() == 1 && out.join(dir).join(p).is_dir())
            .map(|p| format!("{BASE_PATH}{dir}/{}/", p.display()))
            .collect();
        let indexed: BTreeSet<String> = index.iter().map(|(u, _)| u.clone()).collect();
        assert_eq!(indexed.len(), index.len(), "{index_path} lists a term twice");
        assert_eq!(indexed, on_disk, "{index_path} and the {dir}/ pages disagree");
        let chipped: BTreeSet<String> =
            tagged.keys().filter(|u| u.starts_with(&format!("{BASE_PATH}{dir}/"))).cloned().collect();
        assert_eq!(
            indexed, chipped,
            "{index_path} lists a term that no briefing is tagged with, or misses one"
        );

        for (url, count) in &index {
            let pages = built.follow(BASE_PATH, url.strip_prefix(BASE_PATH).unwrap_or(url));
            let timeline: Vec<String> =
                pages.iter().flat_map(|(_, html)| card_links(timeline(html))).map(|u| slug_of(&u)).collect();
            let unique: BTreeSet<String> = timeline.iter().cloned().collect();
            assert_eq!(unique.len(), timeline.len(), "{url}: a briefing is listed twice");
            assert_eq!(
                &unique, &tagged[url],
                "{url}: the timeline is not the set of briefings whose page lists it"
            );
            assert_eq!(*count, unique.len(), "{url}: count on {index_path}");
        }
    }
}

/// With `--drafts`, the drafts and the terms only they name are built too.
#[test]
fn generated_corpus_with_drafts_builds_every_briefing() {
    let site = TestSite::new("corpus-drafts");
    let corpus = generate_corpus(N, site.root());
    let built = site.build(&["--future", "--drafts"]);
    assert_eq!(built.reported().0, N);
    assert_eq!(term_index(&built.page("/companies/")).len(), corpus.companies_with_drafts);
    assert_eq!(term_index(&built.page("/topics/")).len(), corpus.topics_with_drafts);
}

fn slug_of(url: &str) -> String {
    briefing_slug(url).unwrap_or_else(|| panic!("{url} is not a briefing URL")).to_string()
}
