//! Defects that real posts exposed (two public blogs moved over by hand):
//! links in summaries and highlights, a summary shown twice on its page,
//! HTML and template tags escaped without a word, errors reported in
//! rounds, hints that led astray, and files dropped without a word.

mod common;

use common::*;

fn post(title: &str, date: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncompanies: [Huawei]\n{front}---\n{body}")
}

const MATE: &str = "---\ntitle: Mate\ndate: 2023-08-30\ncompanies: [Huawei]\nkey_highlights: [x]\n---\n## Launch day\n\nText.\n";

// ---------------------------------------------------------------------------
// 1. Links in summaries and key highlights
// ---------------------------------------------------------------------------

/// A briefing whose summary and highlights link relatively, by file, by
/// reference to the body's definitions and by fragment.
fn linking_site() -> TestSite {
    let front = "summary: \"The [filing](application.txt), [the launch](../2023/mate.md#launch-day) and [why](#why).\"\nkey_highlights:\n  - \"Written by the [Content Team].\"\n  - \"Read [the report][ref] first.\"\n";
    let body = "Lead paragraph with [a relative link](application.txt).\n\n## Why\n\nMore.\n\n[Content Team]: https://example.com/team\n[ref]: /briefings/mate/\n";
    TestSite::new("rp-summary-links")
        .file("content/briefings/2023/mate.md", MATE)
        .file("static/briefings/post/application.txt", "the filing")
        .file("content/briefings/2024/post.md", post("Post", "2024-03-05", front, body))
}

#[test]
fn summary_and_highlight_links_work_on_every_page_that_shows_them() {
    let built = linking_site().build(&["--base-url", "https://example.org/briefs/"]);
    for path in ["/", "/companies/huawei/", "/briefings/post/"] {
        let page = built.page(path);
        let card = section(&page, "The <a", "</p>").unwrap_or_else(|| panic!("{path}: no summary in {page}"));
        assert!(card.contains(r#"href="/briefs/briefings/post/application.txt""#), "{path}: {card}");
        assert!(card.contains(r#"href="/briefs/briefings/mate/#launch-day""#), "{path}: {card}");
        assert!(card.contains(r#"href="/briefs/briefings/post/#why""#), "{path}: {card}");
        assert!(
            page.contains(r#"Written by the <a href="https://example.com/team">Content Team</a>."#),
            "{path}: {page}"
        );
        assert!(
            page.contains(r#"Read <a href="/briefs/briefings/mate/">the report</a> first."#),
            "{path}: {page}"
        );
        assert!(!page.contains("[Content Team]") && !page.contains("briefing:link"), "{path}: {page}");
    }
    let feed = built.file("atom.xml");
    assert!(feed.contains(r#"href="https://example.org/briefs/briefings/mate/">the report"#), "{feed}");
    // The body's relative link, in the feed's content, is absolute too.
    assert!(feed.contains(r#"href="https://example.org/briefs/briefings/post/application.txt""#), "{feed}");
    assert!(!feed.contains(r#"href="application.txt""#), "{feed}");
    built.assert_links_resolve("https://example.org/briefs/");
}

#[test]
fn the_lead_paragraph_as_summary_links_from_list_pages_too() {
    let body = "Read [the filing](application.txt) and [why](#why).\n\n## Why\n\nBecause.\n";
    let built = TestSite::new("rp-lead-links")
        .file("static/briefings/post/application.txt", "the filing")
        .file("content/briefings/post.md", post("Post", "2024-03-05", "key_highlights: [x]\n", body))
        .build(&[]);
    let home = built.page("/");
    assert!(home.contains(r#"href="/briefings/post/application.txt""#), "{home}");
    assert!(home.contains(r#"href="/briefings/post/#why""#), "{home}");
    built.assert_links_resolve("http://127.0.0.1:1111/");
}

#[test]
fn a_resolved_relative_link_is_escaped_for_its_attribute() {
    let body = "Read [it](<a b\"&c.txt>).\n";
    let page = TestSite::new("rp-escape-links")
        .file("static/briefings/post/a b\"&c.txt", "odd name")
        .file("content/briefings/post.md", post("Post", "2024-03-05", "key_highlights: [x]\n", body))
        .build(&[])
        .page("/briefings/post/");
    assert!(page.contains(r#"href="/briefings/post/a%20b%22&amp;c.txt""#), "{page}");
}

fn failing_build(files: &[(&str, String)]) -> String {
    TestSite::new("rp-fails").files(files.iter().cloned()).build_fails()
}

#[test]
fn a_broken_link_in_a_highlight_or_summary_is_reported_where_it_is_written() {
    let front = "summary: See [it](/briefings/gone/).\nkey_highlights:\n  - Fine.\n  - \"Also [this](../2023/nope.md).\"\n";
    let err = failing_build(&[
        ("content/briefings/2023/mate.md", MATE.to_string()),
        ("content/briefings/2024/post.md", post("Post", "2024-03-05", front, "Body.\n")),
    ]);
    assert!(err.contains("post.md:5:19: `/briefings/gone/` leads to no page of this site"), "{err}");
    assert!(err.contains("post.md:8:18: `../2023/nope.md` links to no such file"), "{err}");
}

// ---------------------------------------------------------------------------
// 2. A summary shown twice on its own page
// ---------------------------------------------------------------------------

#[test]
fn a_summary_taken_from_the_body_is_not_repeated_above_it() {
    let lead = "The lead paragraph, said once.";
    let built = TestSite::new("rp-dek")
        .file(
            "content/briefings/a.md",
            post("A", "2024-03-05", "key_highlights: [x]\n", &format!("{lead}\n\nMore.\n")),
        )
        .file(
            "content/briefings/b.md",
            post("B", "2024-03-06", "summary: A written dek.\nkey_highlights: [x]\n", "Body of B.\n"),
        )
        .build(&[]);
    let a = built.page("/briefings/a/");
    let shown = &a[a.find("<body").expect("a body")..];
    assert_eq!(shown.matches(lead).count(), 1, "the lead is shown once: {shown}");
    assert!(!a.contains("class=\"dek\""), "{a}");
    let b = built.page("/briefings/b/");
    assert!(b.contains("<p class=\"dek\">A written dek.</p>"), "{b}");
    let home = built.page("/");
    assert!(home.contains(lead), "the list still shows the summary: {home}");
}

// ---------------------------------------------------------------------------
// 3. Raw HTML and template tags shown as text
// ---------------------------------------------------------------------------

#[test]
fn check_says_once_how_many_files_have_html_or_template_tags_shown_as_text() {
    let hl = "key_highlights: [x]\n";
    let files: Vec<(&str, String)> = vec![
        ("content/briefings/a.md", post("A", "2024-01-01", hl, "Text <b>bold</b>.\n")),
        ("content/briefings/b.md", post("B", "2024-01-02", hl, "<div class=\"x\">\nhi\n</div>\n")),
        ("content/briefings/c.md", post("C", "2024-01-03", hl, "Intro.\n\n{{< figure src=\"x.png\" >}}\n")),
        (
            "content/briefings/d.md",
            post("D", "2024-01-04", hl, "`{{ code }}` is fine.\n\n```\n{% raw %}\n```\n"),
        ),
    ];
    let run = TestSite::new("rp-check").files(files.iter().cloned()).check().success();
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    let html = warnings.iter().find(|l| l.contains("raw HTML")).expect("a raw HTML warning");
    assert!(
        html.starts_with(
            "warning: raw HTML is shown as text, because `markdown.raw_html` is off: 2 files, first "
        ),
        "{}",
        run.stderr
    );
    assert!(html.contains("a.md:7:6") && html.contains("b.md:7:1"), "the files are named: {}", run.stderr);
    assert!(run.stderr.contains("raw_html: true"), "{}", run.stderr);
    let tags = warnings.iter().find(|l| l.contains("template tags")).expect("a template tag warning");
    assert!(
        tags.contains("c.md:9:1: template tags (`{{ … }}`, `{% … %}`) are shown as text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("shortcodes"), "{}", run.stderr);

    let site = TestSite::new("rp-check").files(files).file("site.yaml", "markdown:\n  raw_html: true\n");
    let run = site.check().success();
    assert!(!run.stderr.contains("raw HTML"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// 4. Every kind of error in one run
// ---------------------------------------------------------------------------

#[test]
fn link_errors_are_reported_beside_broken_files_but_not_links_to_them() {
    let err = failing_build(&[
        (
            "content/briefings/2024/broken.md",
            "---\ntitle: Broken\ndate: 2024-02-30\n---\nBody.\n".to_string(),
        ),
        ("content/briefings/2023/mate.md", MATE.to_string()),
        (
            "content/briefings/2024/post.md",
            post(
                "Post",
                "2024-03-05",
                "",
                "[a](broken.md) [b](/briefings/broken/) [c](/briefings/nope/) [d](../2023/mate.md#nowhere)\n",
            ),
        ),
    ]);
    assert!(err.contains("broken.md:3:7: `2024-02-30` is not a real calendar date"), "{err}");
    assert!(err.contains("post.md:6:40: `/briefings/nope/` leads to no page"), "{err}");
    assert!(err.contains("post.md:6:62: `../2023/mate.md#nowhere`"), "{err}");
    assert!(!err.contains("`broken.md`") && !err.contains("`/briefings/broken/`"), "{err}");
}

#[test]
fn link_errors_are_reported_beside_problems_between_files() {
    let err = failing_build(&[
        ("content/briefings/2023/dup.md", "---\ntitle: One\ndate: 2023-05-01\n---\nBody.\n".to_string()),
        ("content/briefings/2024/dup.md", "---\ntitle: Two\ndate: 2024-05-01\n---\nBody.\n".to_string()),
        (
            "content/briefings/2024/post.md",
            post("Post", "2024-03-05", "", "[a](/briefings/dup/) [b](/briefings/nope/)\n"),
        ),
    ]);
    assert!(err.contains("the slug `dup` is also used by another briefing"), "{err}");
    assert!(err.contains("post.md:6:22: `/briefings/nope/` leads to no page"), "{err}");
    assert!(!err.contains("`/briefings/dup/`"), "{err}");
}

// ---------------------------------------------------------------------------
// 5. Hints that lead somewhere
// ---------------------------------------------------------------------------

fn hint(body: &str, extra: &[(&str, String)]) -> String {
    let mut files: Vec<(&str, String)> = vec![
        ("content/briefings/2023/mate.md", MATE.to_string()),
        ("content/briefings/2024/back.md", post("Back", "2024-03-05", "", body)),
    ];
    files.extend(extra.iter().cloned());
    failing_build(&files)
}

#[test]
fn zola_internal_links_get_zola_advice() {
    let err = hint("See [it](@/blog/2023/mate.md#launch-day).\n", &[]);
    assert!(err.contains("back.md:6:5: `@/blog/2023/mate.md#launch-day` is Zola's syntax"), "{err}");
    assert!(err.contains("`../2023/mate.md#launch-day`"), "{err}");
    // `@/` names a file below content/: a briefing there resolves.
    let body = "See [it](@/briefings/2023/mate.md#launch-day).\n";
    let site = TestSite::new("rp-zola-ok")
        .file("content/briefings/2023/mate.md", MATE)
        .file("content/briefings/2024/back.md", post("Back", "2024-03-05", "key_highlights: [x]\n", body));
    assert!(site.build(&[]).page("/briefings/back/").contains(r#"href="/briefings/mate/#launch-day""#));
}

#[test]
fn a_missing_file_is_no_such_file_with_the_nearest_name() {
    let err = hint("See [it](../2023/mat.md).\n", &[]);
    assert!(err.contains("back.md:6:5: `../2023/mat.md` links to no such file"), "{err}");
    assert!(err.contains("did you mean `../2023/mate.md`?"), "{err}");
    assert!(!err.contains("not a briefing"), "{err}");
}

#[test]
fn a_web_address_without_a_scheme_gets_https() {
    let err = hint("See [the repo](github.com/huawei/x).\n", &[]);
    assert!(err.contains("`github.com/huawei/x` leads to no page of this site"), "{err}");
    assert!(err.contains("https://github.com/huawei/x"), "{err}");
}

#[test]
fn a_missing_anchor_suggests_the_nearest_heading_and_lists_only_a_few() {
    let headings: String = (1..=20).map(|i| format!("## Section {i}\n\nText.\n\n")).collect();
    let many = format!("---\ntitle: Many\ndate: 2023-01-01\n---\n{headings}## Launch day\n");
    let err = hint("[a](/briefings/many/#lanch-day)\n", &[("content/briefings/2023/many.md", many)]);
    assert!(err.contains("did you mean `#launch-day`?"), "{err}");
    assert!(!err.contains("section-1, "), "twenty ids are not listed: {err}");
    let err = hint("[a](/briefings/mate/#launch)\n", &[]);
    assert!(err.contains("its headings are: launch-day"), "a few ids are listed: {err}");
}

#[test]
fn a_reference_link_is_reported_at_its_definition() {
    let err = hint("See [the report][r] and [again][r].\n\nMore.\n\n[r]: /briefings/nope/\n", &[]);
    assert!(err.contains("back.md:10:6: `/briefings/nope/` leads to no page"), "{err}");
    assert!(!err.contains("back.md:6:"), "{err}");
}

#[test]
fn a_file_beside_the_briefing_is_called_unpublished() {
    // An image (`![..](chart.png)`) beside a briefing is published; a plain
    // link to a raster file there is not.
    let png = [0x89u8, b'P', b'N', b'G'].iter().map(|&b| b as char).collect::<String>();
    let err = hint("[Chart](chart.png)\n", &[("content/briefings/2024/chart.png", png)]);
    assert!(err.contains("back.md:6:1: `chart.png` is beside the briefing but is not published"), "{err}");
    assert!(err.contains("show it with `![what it shows](chart.png)`"), "{err}");
    assert!(err.contains("move it to `static/briefings/back/chart.png`"), "{err}");
    // Any other file gets the plain advice.
    let err = hint("[Data](data.txt)\n", &[("content/briefings/2024/data.txt", "a,b\n".to_string())]);
    assert!(err.contains("`data.txt` is beside the briefing but is not published\n"), "{err}");
}

// ---------------------------------------------------------------------------
// 6. Files under content/briefings that are not briefings
// ---------------------------------------------------------------------------

#[test]
fn files_that_are_not_briefings_are_named() {
    let files: Vec<(&str, String)> = vec![
        ("content/briefings/a.md", post("A", "2024-01-01", "key_highlights: [x]\n", "Text.\n")),
        ("content/briefings/2024/chart.png", "png".to_string()),
        ("content/briefings/notes.txt", "notes".to_string()),
        ("content/briefings/.hidden", "x".to_string()),
        ("content/briefings/a.md~", "x".to_string()),
    ];
    let site = TestSite::new("rp-check").files(files);
    let run = site.check().success();
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(
        warnings[0].contains("content/briefings/2024/chart.png: this file is not a briefing"),
        "{}",
        run.stderr
    );
    assert!(
        warnings[1].contains("content/briefings/notes.txt: this file is not a briefing"),
        "{}",
        run.stderr
    );

    let built = site.build(&[]);
    let lines: Vec<&str> = built.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", built.stderr);
    assert!(
        lines[0].contains("2 files under content/briefings were not read")
            && lines[0].contains("content/briefings/2024/chart.png"),
        "{}",
        built.stderr
    );
}

#[test]
fn the_files_of_a_folder_briefing_are_not_stray() {
    let site = TestSite::new("rp-bundle")
        .file(
            "content/briefings/2024/tops/index.md",
            "---\ntitle: Tops\ndate: 2024-01-28\nkey_highlights: [x]\n---\nSee [the data](data.csv).\n",
        )
        .file("content/briefings/2024/tops/data.csv", "a,b\n")
        .file("content/briefings/2024/notes.txt", "not a briefing\n");
    let built = site.build(&[]);
    assert!(built.stderr.contains("1 file under content/briefings was not read"), "{}", built.stderr);
    assert!(!built.stderr.contains("data.csv"), "{}", built.stderr);
    let run = site.check().success();
    assert!(!run.stderr.contains("data.csv"), "{}", run.stderr);
}
