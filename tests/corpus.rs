//! A generated 300-briefing corpus (`../shared/bench/gen_corpus.py`): every
//! link resolves, every briefing is reachable from the home pagination, and
//! every company and topic timeline holds exactly the briefings tagged with it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use common::*;

const N: usize = 300;
/// A sub-path base URL, so every link must carry `/briefs/`.
const BASE_URL: &str = "https://example.org/briefs/";
const BASE_PATH: &str = "/briefs/";

#[test]
fn generated_corpus_is_complete_and_consistent() {
    if Command::new("python3").arg("--version").output().is_err() && std::env::var_os("CI").is_none() {
        eprintln!("SKIPPED generated_corpus_is_complete_and_consistent: python3 is not installed");
        return;
    }
    let script = manifest_dir().join("../shared/bench/gen_corpus.py");
    assert!(script.is_file(), "{} is missing", script.display());
    let tmp = TempDir::new("corpus");
    let site = tmp.join("site");
    let generated = Command::new("python3")
        .arg(&script)
        .args(["--n", &N.to_string(), "--out"])
        .arg(&site)
        .output()
        .expect("cannot run python3");
    assert!(
        generated.status.success(),
        "gen_corpus.py failed: {}",
        String::from_utf8_lossy(&generated.stderr)
    );
    write(&site, "site.yaml", format!("base_url: {BASE_URL}\n"));

    let out = tmp.join("out");
    let run = build(&site, &out, &["--future"]).success();
    assert_eq!(run.built().0, N);

    assert_links_resolve(&out, BASE_URL);

    // Every briefing page is reachable from the home pagination, once.
    let built = built_briefings(&out);
    assert_eq!(built.len(), N);
    let listed: Vec<String> = follow_pages(&out, BASE_PATH, "/")
        .iter()
        .flat_map(|(_, html)| card_links(html))
        .map(|u| slug_of(&u))
        .collect();
    assert_eq!(listed.len(), N, "a briefing is listed twice on the home pages");
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), built);

    // What each briefing's own page says it is about.
    let mut tagged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for slug in &built {
        let html = read_page(&out, &format!("/briefings/{slug}/"));
        let chips = chip_links(&html, "company").into_iter().chain(chip_links(&html, "topic"));
        for url in chips {
            tagged.entry(url).or_default().insert(slug.clone());
        }
    }

    for (dir, index_path) in [("companies", "/companies/"), ("topics", "/topics/")] {
        let index = term_index(&read_page(&out, index_path));
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
            let pages = follow_pages(&out, BASE_PATH, url.strip_prefix(BASE_PATH).unwrap_or(url));
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

fn slug_of(url: &str) -> String {
    briefing_slug(url).unwrap_or_else(|| panic!("{url} is not a briefing URL")).to_string()
}
