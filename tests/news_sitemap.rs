//! `/news-sitemap.xml` (Google's News sitemap) with the build's clock pinned
//! by `SOURCE_DATE_EPOCH`: the window of 48 hours, the order, the cap of
//! 1,000, drafts and future briefings left out, escaping, dates, robots.txt.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// 2024-06-10T12:00:00Z.
const NOW: &str = "1718020800";

/// `briefing build` with the clock at `now` (seconds since 1970).
fn build_at(root: &Path, out: &Path, now: &str, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(build_args(root, out, extra))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", now)
        .output()
        .expect("cannot run the briefing binary");
    assert!(output.status.success(), "build failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

fn briefing_file(root: &Path, slug: &str, title: &str, date: &str, more: &str) {
    write(
        root,
        &format!("content/briefings/{slug}.md"),
        format!("---\ntitle: '{title}'\ndate: {date}\n{more}---\nBody.\n"),
    );
}

/// Every `<tag>…</tag>` text, in order.
fn texts(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(&open).skip(1).map(|s| s.split(&close).next().unwrap_or_default().to_string()).collect()
}

fn window_site(tmp: &TempDir) -> std::path::PathBuf {
    let root = tmp.join("site");
    write(&root, "site.yaml", "title: A & B <News>\nbase_url: https://example.org/briefs/\nlanguage: de\n");
    briefing_file(&root, "instant", "Q&A: <Chips> \"now\"", "2024-06-10T11:00:00+02:00", "");
    briefing_file(&root, "day-only", "A day", "2024-06-09", "");
    briefing_file(&root, "just-inside", "Just inside", "2024-06-08T12:00:01Z", "");
    briefing_file(&root, "on-the-edge", "Exactly 48 hours", "2024-06-08T12:00:00Z", "");
    briefing_file(&root, "old", "Old", "2024-06-07", "");
    briefing_file(&root, "future", "Future", "2024-06-10T13:00:00Z", "");
    briefing_file(&root, "draft", "Draft", "2024-06-10T10:00:00Z", "draft: true\n");
    root
}

#[test]
fn holds_exactly_the_last_48_hours_newest_first_with_escaped_titles() {
    let tmp = TempDir::new("news");
    let root = window_site(&tmp);
    let out = tmp.join("out");
    build_at(&root, &out, NOW, &[]);
    let xml = fs::read_to_string(out.join("news-sitemap.xml")).unwrap();
    assert!(xml.starts_with(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
        " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
    )));
    assert!(xml.ends_with("</urlset>\n"));
    assert_eq!(
        texts(&xml, "loc"),
        [
            "https://example.org/briefs/briefings/instant/",
            "https://example.org/briefs/briefings/day-only/",
            "https://example.org/briefs/briefings/just-inside/",
        ]
    );
    assert_eq!(
        texts(&xml, "news:publication_date"),
        ["2024-06-10T11:00:00+02:00", "2024-06-09", "2024-06-08T12:00:01Z"]
    );
    assert_eq!(texts(&xml, "news:title"), ["Q&amp;A: &lt;Chips&gt; &quot;now&quot;", "A day", "Just inside"]);
    assert_eq!(texts(&xml, "news:name"), vec!["A &amp; B &lt;News&gt;"; 3]);
    assert_eq!(texts(&xml, "news:language"), vec!["de"; 3]);
    assert_eq!(xml.matches("<news:news>").count(), 3);
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/briefs/sitemap.xml\n"), "{robots}");
    assert!(robots.contains("Sitemap: https://example.org/briefs/news-sitemap.xml\n"), "{robots}");
}

#[test]
fn drafts_and_future_briefings_stay_out_even_when_built() {
    let tmp = TempDir::new("news-preview");
    let root = window_site(&tmp);
    let out = tmp.join("out");
    build_at(&root, &out, NOW, &["--drafts", "--future"]);
    assert!(page_exists(&out, "/briefings/draft/") && page_exists(&out, "/briefings/future/"));
    let xml = fs::read_to_string(out.join("news-sitemap.xml")).unwrap();
    let locs = texts(&xml, "loc");
    assert_eq!(locs.len(), 3, "{xml}");
    assert!(!xml.contains("/draft/") && !xml.contains("/future/"), "{xml}");
}

#[test]
fn lists_at_most_the_1000_newest() {
    let tmp = TempDir::new("news-cap");
    let root = tmp.join("site");
    write(&root, "site.yaml", "base_url: https://example.com/\n");
    // Briefing i is published i minutes before the pinned clock.
    for i in 1..=1005 {
        briefing_file(&root, &format!("b{i:04}"), &format!("Briefing {i}"), &minutes_before_now(i), "");
    }
    let out = tmp.join("out");
    build_at(&root, &out, NOW, &[]);
    let xml = fs::read_to_string(out.join("news-sitemap.xml")).unwrap();
    let locs = texts(&xml, "loc");
    let expected: Vec<String> =
        (1..=1000).map(|i| format!("https://example.com/briefings/b{i:04}/")).collect();
    assert_eq!(locs, expected);
}

/// `2024-06-10T12:00:00Z` minus `i` minutes (up to a day and a half).
fn minutes_before_now(i: u32) -> String {
    // Minutes since 2024-06-09T00:00:00Z.
    let m = 24 * 60 + 12 * 60 - i;
    format!("2024-06-{:02}T{:02}:{:02}:00Z", 9 + m / (24 * 60), m % (24 * 60) / 60, m % 60)
}

#[test]
fn an_empty_one_is_a_bare_urlset() {
    let tmp = TempDir::new("news-empty");
    let root = copy_fixture(&tmp, "basic");
    let out = tmp.join("out");
    // 2030: every briefing of the fixture is years old.
    build_at(&root, &out, "1893456000", &[]);
    let xml = fs::read_to_string(out.join("news-sitemap.xml")).unwrap();
    assert_eq!(
        xml,
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
            " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
            "</urlset>\n"
        )
    );
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.com/news-sitemap.xml\n"), "{robots}");
}

#[test]
fn a_source_date_epoch_that_is_not_a_number_is_bad_usage() {
    let tmp = TempDir::new("news-bad-clock");
    let root = copy_fixture(&tmp, "basic");
    let out = tmp.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(build_args(&root, &out, &[]))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .expect("cannot run the briefing binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: SOURCE_DATE_EPOCH: `yesterday` is not a number of seconds"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is built");
}
