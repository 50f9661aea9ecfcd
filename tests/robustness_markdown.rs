//! Hostile Markdown and YAML: deep nesting, long runs of delimiters, very
//! long lines, many links. Each case builds (or is refused) in linear time:
//! the whole `briefing build` of the case, in a debug build, must finish
//! within a generous bound, or the test kills it and fails. The inputs are
//! large enough that quadratic work would blow far past the bound.

mod common;

use std::time::Duration;

use common::*;

/// The bound for one case, in a debug build on a slow shared machine.
const LIMIT: Duration = Duration::from_secs(10);

/// Builds a site holding one briefing with `front` extra front-matter lines
/// and `body`, within [`LIMIT`]. Returns the run and the site.
#[track_caller]
fn build_hostile(label: &str, front: &str, body: &str) -> (Run, TestSite) {
    let site = TestSite::new(label)
        .file(
            "content/briefings/hostile.md",
            format!("---\ntitle: Hostile {label}\ndate: 2024-01-02\n{front}---\n{body}\n"),
        )
        .file("content/briefings/other.md", "---\ntitle: Other\ndate: 2024-01-01\n---\n## Anchor\n\nText.\n");
    let (run, took) = site.build_command(&[]).time_limit(LIMIT).run_timed();
    eprintln!("{label}: {} bytes in {took:?}", body.len() + front.len());
    (run, site)
}

/// The case builds, in time, and its page exists.
#[track_caller]
fn builds(label: &str, body: &str) -> String {
    let (run, site) = build_hostile(label, "", body);
    assert_eq!(run.code, Some(0), "{label}: {}", &run.stderr[..run.stderr.len().min(2000)]);
    read_page(site.out(), "/briefings/hostile/")
}

fn repeat(s: &str, n: usize) -> String {
    s.repeat(n)
}

#[test]
fn deeply_nested_brackets_and_links() {
    builds("brackets", &format!("{}a{}", repeat("[", 20_000), repeat("]", 20_000)));
    builds("open-brackets", &repeat("[", 20_000));
    builds("link-openers", &repeat("[a](", 20_000));
    builds("image-openers", &repeat("![a](", 20_000));
    builds("nested-parens", &format!("[a]({}x{})", repeat("(", 20_000), repeat(")", 20_000)));
    builds("bracket-pairs", &repeat("[]", 50_000));
}

#[test]
fn deeply_nested_quotes_and_lists() {
    builds("quotes", &format!("{}x", repeat("> ", 20_000)));
    builds("bullet-lists", &format!("{}x", repeat("- ", 10_000)));
    builds("ordered-lists", &format!("{}x", repeat("1. ", 10_000)));
    builds("quoted-lists", &format!("{}x", repeat("> - ", 10_000)));
    let indented: String = (0..1500).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect();
    builds("indented-lists", &indented);
}

#[test]
fn long_runs_of_delimiters() {
    builds("emphasis", &repeat("*a", 50_000));
    builds("strong-and-emphasis", &repeat("*a **b ", 20_000));
    builds("underscores", &repeat("_a", 50_000));
    builds("nested-emphasis", &format!("{}a{}", repeat("*", 20_000), repeat("*", 20_000)));
    builds("strikethrough", &repeat("~~a", 30_000));
    let ticks: String = (1..2_000).map(|n| "`".repeat(n)).collect::<Vec<_>>().join(" ");
    builds("backtick-runs", &ticks);
    builds("angle-brackets", &repeat("<", 100_000));
    builds("tag-openers", &repeat("<a ", 20_000));
    builds("entities", &repeat("&amp", 50_000));
    builds("unclosed-comment", &format!("<!--{}", repeat("x ", 200_000)));
    builds("footnote-refs", &(0..5_000).map(|i| format!("[^{i}]")).collect::<String>());
}

#[test]
fn very_long_lines() {
    let html = builds("long-line", &repeat("word ", 200_000));
    assert!(html.contains("word word"));
    builds("long-word", &repeat("x", 1_000_000));
    builds("long-heading", &format!("## {}", repeat("heading ", 50_000)));
    builds(
        "long-table-row",
        &format!("{}|\n{}|\n{}|\n", repeat("|a", 5_000), repeat("|-", 5_000), repeat("|x", 5_000)),
    );
    builds("long-code-line", &format!("```rust\n{}\n```", repeat("let x = 1; ", 2_000)));
    builds("long-plain-code-line", &format!("```\n{}\n```", repeat("x ", 200_000)));
}

#[test]
fn many_headings_references_and_footnotes() {
    builds("same-heading", &repeat("## Same\n\n", 10_000));
    let refs: String = (0..20_000).map(|i| format!("[r{i}]: https://example.com/{i}\n")).collect();
    builds("reference-definitions", &format!("{refs}\n[a][r1] [b][r19999]"));
    builds(
        "one-reference-used-often",
        &format!("[r]: https://example.com/\n\n{}", repeat("[a][r] ", 20_000)),
    );
    let notes: String =
        (0..3_000).map(|i| format!("Text[^{i}].\n\n[^{i}]: Note [^{}].\n\n", i + 1)).collect();
    builds("chained-footnotes", &notes);
}

/// Inline Markdown in highlights and summaries, and a long title, go
/// through the inline renderer and every page that shows them.
#[test]
fn hostile_highlights_summary_and_title() {
    let nested = format!("{}a{}", repeat("[", 20_000), repeat("]", 20_000));
    let stars = repeat("*a", 20_000);
    let front = format!(
        "summary: {}\nkey_highlights:\n  - {}\n  - {}\ncompanies: [{}]\n",
        serde_json::to_string(&stars).unwrap(),
        serde_json::to_string(&nested).unwrap(),
        serde_json::to_string(&repeat("<a ", 10_000)).unwrap(),
        repeat("x", 200),
    );
    let (run, _tmp) = build_hostile("inline", &front, "Body.");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let title = format!("title: {}\n", repeat("Long title ", 20_000));
    let site = TestSite::new("long-title")
        .file("content/briefings/t.md", format!("---\n{title}date: 2024-01-02\n---\nBody.\n"));
    site.build_command(&[]).time_limit(LIMIT).run().success();
}

/// Deep or exponential YAML is refused (or built) quickly, never a crash.
#[test]
fn hostile_yaml_is_refused_quickly() {
    let deep = format!("extra: {{x: {}1{}}}\n", repeat("[", 10_000), repeat("]", 10_000));
    let (run, _t) = build_hostile("deep-yaml", &deep, "Body.");
    assert_eq!(run.code, Some(1), "deep nesting: {}", run.stderr);
    assert!(run.stderr.contains("hostile.md:"), "{}", run.stderr);

    let deep_maps = format!("extra: {}1{}\n", repeat("{a: ", 5_000), repeat("}", 5_000));
    let (run, _t) = build_hostile("deep-maps", &deep_maps, "Body.");
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);

    // A billion laughs: nine levels of nine aliases.
    let mut bomb = String::from("extra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    let (run, _t) = build_hostile("yaml-bomb", &bomb, "Body.");
    assert_eq!(run.code, Some(1), "the alias bomb is refused: {}", run.stderr);
    assert!(run.stderr.contains("hostile.md:"), "{}", run.stderr);

    let long_key = format!("{}: 1\n", repeat("k", 100_000));
    let (run, _t) = build_hostile("long-key", &long_key, "Body.");
    assert_eq!(run.code, Some(1), "{}", &run.stderr[..run.stderr.len().min(500)]);
    assert!(
        run.stderr.len() < 10_000,
        "the report does not repeat a 100 kB key in full:\n{} bytes",
        run.stderr.len()
    );
}

/// Many links in one body, each on its own line: finding every link's line
/// and column must not rescan the body from the start for each link.
#[test]
fn many_links_build_in_linear_time() {
    let links: String = (0..50_000).map(|_| "[a](#intro)\n").collect();
    builds("many-links", &format!("## Intro\n\n{links}"));
    let external: String = (0..50_000).map(|i| format!("[a](https://example.com/{i})\n")).collect();
    builds("many-external-links", &external);
    let refs: String = (0..20_000).map(|i| format!("[r{i}]: https://example.com/{i}\n")).collect();
    let uses: String = (0..20_000).map(|i| format!("[a][r{i}] ")).collect();
    builds("many-references", &format!("{refs}\n{uses}"));
}

/// Many links to another briefing's file: each is resolved without
/// rewriting the whole page once per link.
#[test]
fn many_file_links_build_in_linear_time() {
    builds("many-file-links", &repeat("[a](other.md) ", 20_000));
}

/// Heading ids stay unique when a heading's own text is a numbered id that
/// an earlier duplicate heading already took.
#[test]
fn heading_ids_stay_unique() {
    let html = builds("ids", "## a\n\n## a\n\n## a-1\n\n## Other {#a}\n");
    let prose = section(&html, "<div class=\"prose\">", "</div>").expect("the body");
    let ids = attr_values(prose, "id");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
}

/// Deeply nested flow collections in front matter are refused as fast as
/// deep block nesting is (the YAML depth limit is 128).
#[test]
fn deeply_nested_flow_yaml_is_refused_in_linear_time() {
    let deep = format!("extra: {}1{}\n", repeat("[", 80_000), repeat("]", 80_000));
    let (run, _t) = build_hostile("deep-flow-yaml", &deep, "Body.");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
}
