//! Unit tests of the corpus generator: dates, determinism, distinct names
//! at the largest size, and the shape of what is written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use briefing::slug::slugify;

use crate::generator::names::Names;
use crate::generator::plan::Stamp;
use crate::generator::*;

struct Temp(PathBuf);

impl Temp {
    fn new(label: &str) -> Temp {
        let path = std::env::temp_dir().join(format!("corpus-unit-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Temp(path)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file under `dir`, relative, with its bytes, sorted.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn civil_dates() {
    assert_eq!(Stamp::at(0).rfc3339(), "2020-01-01T00:00:00Z");
    assert_eq!(Stamp::at(59 * 1440 + 61).rfc3339(), "2020-02-29T01:01:00Z");
    assert_eq!(Stamp::at(366 * 1440).ymd(), "2021-01-01");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let tmp = Temp::new("determinism");
    let opts = Options::new(400);
    generate(&opts, &tmp.0.join("a")).unwrap();
    generate(&opts, &tmp.0.join("b")).unwrap();
    let a = files(&tmp.0.join("a"));
    assert!(a.len() > 400, "briefings and profiles: {}", a.len());
    assert!(a == files(&tmp.0.join("b")), "two runs with one seed differ");
    let other = Options { seed: 78, ..opts.clone() };
    generate(&other, &tmp.0.join("c")).unwrap();
    assert!(a != files(&tmp.0.join("c")), "another seed gives the same corpus");
    let hugo = Options { format: Format::Hugo, ..opts };
    generate(&hugo, &tmp.0.join("h1")).unwrap();
    generate(&hugo, &tmp.0.join("h2")).unwrap();
    assert!(files(&tmp.0.join("h1")) == files(&tmp.0.join("h2")), "two Hugo runs differ");
}

#[test]
fn writing_into_a_used_folder_is_refused() {
    let tmp = Temp::new("used");
    generate(&Options::new(3), &tmp.0).unwrap();
    let err = generate(&Options::new(3), &tmp.0).unwrap_err();
    assert!(err.to_string().contains("already holds a content/ folder"), "{err}");
}

/// Every name and alias of each kind has its own slug, at the default
/// counts for the largest corpus and at counts that force longer names.
#[test]
fn names_stay_distinct_after_slugification_at_a_million_briefings() {
    let n = MAX_BRIEFINGS;
    for (companies, topics) in [(default_companies(n), default_topics(n)), (120_000, 60_000)] {
        let names = Names::new(77, companies, topics);
        for (kind, terms, want) in
            [("company", &names.companies, companies), ("topic", &names.topics, topics)]
        {
            assert_eq!(terms.len(), want, "{kind} count");
            let mut seen = HashSet::new();
            for term in terms.iter() {
                assert_eq!(slugify(&term.name).as_deref(), Some(term.slug.as_str()));
                assert!(term.slug.len() < briefing::slug::MAX_LEN, "{kind} slug too long: {}", term.slug);
                for written in std::iter::once(&term.name).chain(&term.aliases) {
                    let slug = slugify(written).unwrap();
                    assert!(seen.insert(slug.clone()), "{kind} `{written}` has the taken slug {slug}");
                }
            }
        }
    }
}

#[test]
fn names_mix_real_ones_and_several_scripts() {
    let names = Names::new(77, default_companies(100_000), default_topics(100_000));
    assert_eq!(names.companies.len(), 5000);
    assert_eq!(names.topics.len(), 1000);
    assert_eq!(names.companies[0].name, "Huawei");
    assert!(names.companies[0].aliases.contains(&"华为".to_string()));
    let has = |pred: fn(char) -> bool| names.companies.iter().filter(|t| t.name.chars().any(pred)).count();
    assert!(has(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) > 100, "Chinese names");
    assert!(has(|c| ('\u{0400}'..='\u{04ff}').contains(&c)) > 100, "Cyrillic names");
    assert!(has(|c| ('\u{ac00}'..='\u{d7af}').contains(&c)) > 50, "Korean names");
    assert!(has(|c| "éèæøüöåäñšžçó".contains(c)) > 100, "accented names");
    assert!(names.companies.iter().filter(|t| !t.aliases.is_empty()).count() > 200, "aliases");
}

#[test]
fn a_corpus_has_the_variety_the_tests_rely_on() {
    let tmp = Temp::new("variety");
    let summary = generate(&Options::new(600), &tmp.0).unwrap();
    assert_eq!(summary.briefings, 600);
    assert_eq!(summary.drafts, 12);
    assert!(summary.profiles > 50, "{summary:?}");
    let texts: Vec<String> = files(&tmp.0)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "md"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert_eq!(texts.len(), 600);
    let with = |needle: &str| texts.iter().filter(|t| t.contains(needle)).count();
    for needle in [
        "\ndraft: true",
        "](../20",
        "](/briefings/",
        "](/companies/",
        "](#",
        "[^1]:",
        "\n```",
        "\n| ",
        "\nupdated: ",
        "\nextra:",
        "\n> ",
    ] {
        assert!(with(needle) > 0, "no briefing has {needle:?}");
    }
    assert!(with("\nsummary: ") < 600 && with("\nsummary: ") > 400, "some briefings have no summary");
    assert!(with(".md#") > 0, "a file link with an anchor");
}

#[test]
fn dates_stay_within_about_fifty_years_at_any_size() {
    for n in [1, 1000, 20_000, 100_000, 100_001, MAX_BRIEFINGS] {
        let last = Stamp::at(8 * 60 + (n as i64 - 1) * plan::step(n) + plan::step(n));
        assert!(last.year <= 2070, "{n}: {}", last.year);
    }
}

#[test]
fn authors_are_distinct_by_slug_at_the_largest_count() {
    let authors = newsroom::authors(newsroom::MAX_AUTHORS + 10);
    assert_eq!(authors.len(), newsroom::MAX_AUTHORS);
    let slugs: HashSet<&str> = authors.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs.len(), authors.len(), "two authors share a slug");
    assert!(authors.iter().all(|a| !a.slug.is_empty()));
    let lines: Vec<Vec<usize>> = (0..500).map(|i| newsroom::byline(7, i, 12)).collect();
    assert!(lines.iter().all(|l| (1..=2).contains(&l.len()) && l.iter().all(|&a| a < 12)));
    assert!(lines.iter().any(|l| l.len() == 2), "some briefings have two authors");
    assert!(newsroom::byline(7, 3, 0).is_empty());
}

#[test]
fn generated_images_decode_at_their_sizes() {
    let hero = image::load_from_memory(&newsroom::hero_jpeg(77, 9)).expect("the hero decodes");
    assert_eq!((hero.width(), hero.height()), (1600, 900));
    let chart = image::load_from_memory(&newsroom::chart_png(77, 9)).expect("the chart decodes");
    assert_eq!((chart.width(), chart.height()), (800, 450));
    assert_ne!(newsroom::hero_jpeg(77, 9), newsroom::hero_jpeg(77, 19), "each hero has its own colours");
}
