//! Bad front matter, one inline site per case: every case exits 1, names the
//! file and the line in the file (not in the front-matter block), and leaves
//! the previous build and everything around it untouched. Encodings (BOM,
//! CRLF, CR), dates with offsets under different machine time zones, and
//! values that look like fences build exactly like their plain forms.

mod common;

use std::path::PathBuf;

use common::*;

const DIR: &str = "content/briefings/2024";

/// A briefing file under `content/briefings/2024/`.
fn file(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// A site with a good briefing, built once, then `rel` written: a failing
/// build must leave that previous output and everything around it alone.
fn broken(name: &str, rel: &str, text: impl AsRef<[u8]>) -> TestSite {
    TestSite::good(name).built_once().file(rel, text)
}

// ---------------------------------------------------------------------------
// YAML syntax errors
// ---------------------------------------------------------------------------

/// (case, front matter and body, file line of the mistake)
const SYNTAX: &[(&str, &str, usize)] = &[
    (
        "colon_in_a_plain_value",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: [Huawei]\nsummary: Huawei: back on top\n---\nBody.\n",
        5,
    ),
    (
        "unclosed_flow_list",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: [Huawei, Apple\ntopics: [Smartphones]\n---\nBody.\n",
        // YAML notices on the next line, at `topics:`.
        5,
    ),
    (
        "tab_indentation",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\nkey_highlights:\n\t- Huawei ranks first.\n---\nBody.\n",
        5,
    ),
    ("stray_indentation", "---\ntitle: Huawei is back\ndate: 2024-01-28\n  topics: [x]\n---\nBody.\n", 4),
    (
        "after_a_block_scalar",
        "---\ntitle: Huawei is back\nsummary: |\n  Line one.\n  Line two.\n\n  Line four.\ndate: 2024-01-28\nslug: huawei: back\n---\nBody.\n",
        9,
    ),
];

#[test]
fn yaml_syntax_errors_name_the_line_in_the_file() {
    for (name, text, line) in SYNTAX {
        let rel = file(&format!("{}.md", name.replace('_', "-")));
        let err = broken(name, &rel, text).build_fails_at(&rel, *line, None);
        assert!(err.contains("invalid YAML"), "{name}: {err}");
        insta::assert_snapshot!(format!("syntax_{name}"), err);
    }
}

/// A UTF-8 BOM and Windows (or old Mac) line endings do not move the
/// reported line or column.
#[test]
fn bom_and_crlf_report_the_same_line_and_column_as_lf() {
    for (name, text, _) in SYNTAX.iter().chain(&[(
        "unknown_key",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\nkey_highlight:\n  - Huawei ranks first.\n---\nBody.\n",
        4,
    )]) {
        let rel = file("endings.md");
        let variants = [
            text.to_string(),
            format!("\u{feff}{text}"),
            text.replace('\n', "\r\n"),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
            text.replace('\n', "\r"),
        ];
        let reports: Vec<String> =
            variants.iter().map(|v| broken(&format!("endings-{name}"), &rel, v).build_fails()).collect();
        let first_line = |r: &String| r.lines().next().unwrap_or_default().to_string();
        for (i, report) in reports.iter().enumerate().skip(1) {
            assert_eq!(first_line(&reports[0]), first_line(report), "{name}: variant {i} differs from LF");
        }
    }
}

// ---------------------------------------------------------------------------
// Unknown keys, missing and wrongly typed fields
// ---------------------------------------------------------------------------

#[test]
fn unknown_keys_are_named_with_a_suggestion() {
    // (case, text, line, column, suggestion)
    let cases: &[(&str, &str, usize, usize, &str)] = &[
        (
            "topic_typo",
            "---\ntitle: X\ndate: 2024-01-28\ntpoics: [AI]\n---\n",
            4,
            1,
            "did you mean `topics`?",
        ),
        (
            "summary_typo",
            "---\ntitle: X\ndate: 2024-01-28\nsumary: A dek.\n---\n",
            4,
            1,
            "did you mean `summary`?",
        ),
        (
            "companies_typo",
            "---\ntitle: X\ndate: 2024-01-28\ncompany: [Huawei]\n---\n",
            4,
            1,
            "did you mean `companies`?",
        ),
        (
            "source_field_typo",
            "---\ntitle: X\ndate: 2024-01-28\nsources:\n  - titel: Report\n    url: https://example.com/r\n---\n",
            5,
            5,
            "did you mean `title`?",
        ),
        (
            "no_close_field",
            "---\ntitle: X\ndate: 2024-01-28\nregion: China\n---\n",
            4,
            1,
            "put free-form data under `extra`",
        ),
    ];
    for (name, text, line, col, hint) in cases {
        let rel = file("unknown.md");
        let err = broken(name, &rel, text).build_fails_at(&rel, *line, Some(*col));
        assert!(err.contains("unknown field"), "{name}: {err}");
        assert!(err.contains(hint), "{name}: expected {hint:?} in\n{err}");
        insta::assert_snapshot!(format!("unknown_{name}"), err);
    }
}

#[test]
fn missing_required_fields() {
    let cases: &[(&str, &str, &str)] = &[
        ("date", "---\ntitle: X\ncompanies: [Huawei]\n---\nBody.\n", "missing required field `date`"),
        ("title", "---\ndate: 2024-01-28\n---\nBody.\n", "missing required field `title`"),
        (
            "source_url",
            "---\ntitle: X\ndate: 2024-01-28\nsources:\n  - title: Report\n---\n",
            "missing required field `url`",
        ),
        ("empty_title", "---\ntitle: \"  \"\ndate: 2024-01-28\n---\n", "the title is empty"),
        ("null_title", "---\ntitle:\ndate: 2024-01-28\n---\n", "the title is empty"),
    ];
    for (name, text, message) in cases {
        let rel = file("missing.md");
        let err = broken(name, &rel, text).build_fails();
        assert_eq!(error_paths(&err), [format!("[SITE]/{rel}")], "{name}");
        assert!(err.contains(message), "{name}: expected {message:?} in\n{err}");
        // A field missing from a mapping is reported at the key that holds it.
        let line = if *name == "source_url" { 4 } else { 2 };
        assert!(err.starts_with(&format!("error: [SITE]/{rel}:{line}:")), "{name}: line {line}:\n{err}");
    }
}

#[test]
fn wrongly_typed_fields_name_their_line() {
    // (case, the field's line, text)
    let cases: &[(&str, usize, &str)] = &[
        (
            "highlights_as_a_string",
            4,
            "---\ntitle: X\ndate: 2024-01-28\nkey_highlights: Huawei ranks first.\n---\n",
        ),
        ("topics_as_a_string", 5, "---\ntitle: X\ndate: 2024-01-28\ncompanies: [Huawei]\ntopics: AI\n---\n"),
        ("companies_as_a_mapping", 4, "---\ntitle: X\ndate: 2024-01-28\ncompanies: {Huawei: 1}\n---\n"),
        ("title_as_a_list", 2, "---\ntitle: [Huawei, Apple]\ndate: 2024-01-28\n---\n"),
        ("title_as_a_mapping", 2, "---\ntitle: {a: b}\ndate: 2024-01-28\n---\n"),
        ("date_as_a_list", 3, "---\ntitle: X\ndate: [2024-01-28]\n---\n"),
        ("summary_as_a_list", 4, "---\ntitle: X\ndate: 2024-01-28\nsummary:\n  - one\n  - two\n---\n"),
        ("draft_as_text", 4, "---\ntitle: X\ndate: 2024-01-28\ndraft: perhaps\n---\n"),
        ("slug_as_a_list", 4, "---\ntitle: X\ndate: 2024-01-28\nslug: [a, b]\n---\n"),
        ("extra_as_a_list", 4, "---\ntitle: X\ndate: 2024-01-28\nextra: [China]\n---\n"),
    ];
    for (name, line, text) in cases {
        let rel = file("typed.md");
        let err = broken(name, &rel, text).build_fails_at(&rel, *line, None);
        insta::assert_snapshot!(format!("typed_{name}"), err);
    }
}

/// `sources` is a list of `title:`/`url:` entries; the hint must not suggest
/// `sources: [First, Second]`, which would fail again.
#[test]
fn sources_as_a_string_gets_a_hint_that_works() {
    let rel = file("typed.md");
    let text = "---\ntitle: X\ndate: 2024-01-28\nsources: https://example.com/r\n---\n";
    let err = broken("sources-string", &rel, text).build_fails_at(&rel, 4, Some(1));
    assert!(err.contains("title:") && err.contains("url:"), "the hint shows a source entry:\n{err}");
}

/// `companies: [[Huawei]]` is a list inside the list: the message should be
/// about the entry, not claim that `companies` takes a single text value.
#[test]
fn a_list_inside_a_list_is_blamed_on_the_entry() {
    let rel = file("nested.md");
    let text = "---\ntitle: X\ndate: 2024-01-28\ncompanies: [[Huawei, Apple]]\n---\n";
    let err = broken("nested-list", &rel, text).build_fails_at(&rel, 4, None);
    assert!(
        !err.contains("takes a single text value"),
        "`companies` takes a list, the hint says otherwise:\n{err}"
    );
    assert!(!err.contains("`companies` should be a string"), "{err}");
}

/// A front matter that is a list, a bare string or `~` instead of
/// `key: value` lines: the message speaks the writer's language.
#[test]
fn front_matter_that_is_not_a_mapping_gets_a_plain_message() {
    for (name, yaml) in [("list", "- a\n- b\n"), ("string", "just some words\n"), ("null", "~\n")] {
        let rel = file("shape.md");
        let text = format!("---\n{yaml}---\nBody.\n");
        let err = broken(name, &rel, text).build_fails_at(&rel, 2, None);
        assert!(
            !err.contains("RawBriefing") && !err.contains("struct"),
            "{name}: internal names leak:\n{err}"
        );
    }
}

/// A key given twice is reported where the second one is written.
#[test]
fn a_duplicate_key_names_its_own_line() {
    let rel = file("twice.md");
    let text = "---\ntitle: First\ndate: 2024-01-28\ncompanies: [Huawei]\ntitle: Second\n---\n";
    let err = broken("duplicate-key", &rel, text).build_fails_at(&rel, 5, Some(1));
    assert!(err.contains("`title`"), "{err}");
}

/// A control character inside a quoted value is reported at its line and
/// column, not as a byte offset on the block's first line.
#[test]
fn a_control_character_names_its_line_and_column() {
    let rel = file("control.md");
    let text = "---\ntitle: X\ndate: 2024-01-28\nsummary: \"a\u{1}b\"\n---\n";
    let err = broken("control-char", &rel, text).build_fails_at(&rel, 4, Some(12));
    assert!(!err.contains("position"), "{err}");
}

/// An unterminated quote is reported where it opens, not at the closing
/// `---` where YAML noticed the stream ended.
#[test]
fn an_unterminated_quote_names_the_line_it_opens_on() {
    let rel = file("quote.md");
    let text = "---\ntitle: X\ndate: 2024-01-28\nsummary: \"never closed\ncompanies: [Huawei]\n---\nBody.\n";
    let err = broken("open-quote", &rel, text).build_fails_at(&rel, 4, None);
    assert!(!err.contains("end of stream"), "{err}");
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

#[test]
fn impossible_dates_point_at_the_value() {
    // (case, date line, column of the value)
    let cases: &[(&str, &str)] = &[
        ("not_a_leap_year", "date: 2023-02-29"),
        ("april_31", "date: 2024-04-31"),
        ("month_zero", "date: 2024-00-10"),
        ("month_13", "date: 2024-13-01"),
        ("day_32", "date: 2024-01-32"),
        ("hour_25", "date: 2024-01-28T25:00:00+08:00"),
        ("offset_out_of_range", "date: 2024-01-28T09:30:00+25:00"),
        ("no_offset", "date: 2024-01-28T09:30:00"),
        ("words", "date: last tuesday"),
    ];
    for (name, line) in cases {
        let rel = file("dated.md");
        let text = format!("---\ntitle: X\ncompanies: [Huawei]\n{line}\n---\nBody.\n");
        let err = broken(name, &rel, text).build_fails_at(&rel, 4, Some(7));
        assert!(err.contains("YYYY-MM-DD"), "{name}: the help shows the format:\n{err}");
        insta::assert_snapshot!(format!("date_{name}"), err);
    }
    let rel = file("updated.md");
    let text = "---\ntitle: X\ndate: 2024-01-28\nupdated: 2024-02-30\n---\n";
    broken("impossible-updated", &rel, text).build_fails_at(&rel, 4, Some(10));
    let text = "---\ntitle: X\ndate: 2024-01-28T10:00:00+08:00\nupdated: 2024-01-28T01:59:59Z\n---\n";
    let err = broken("updated-before-date", &rel, text).build_fails_at(&rel, 4, Some(10));
    assert!(err.contains("earlier than `date`"), "{err}");
}

/// Dates keep the offset they were written with: the day shown, the archive
/// month and the feeds' timestamps do not depend on the machine's time zone.
#[test]
fn dates_with_offsets_do_not_depend_on_the_machine_time_zone() {
    let dates = [
        ("late-shanghai", "2024-03-05T23:30:00+08:00"),
        ("late-pacific", "2024-03-05T23:30:00-08:00"),
        ("new-years-eve", "2024-12-31T23:59:59-10:00"),
        ("early-kiribati", "2024-01-01T00:30:00+14:00"),
        ("leap-day", "2024-02-29"),
        ("fractional", "2023-07-01T12:00:00.250+05:45"),
    ];
    let site = TestSite::new("tz").files(dates.map(|(slug, date)| {
        (
            format!("content/briefings/{slug}.md"),
            format!("---\ntitle: {slug}\ndate: {date}\ncompanies: [Huawei]\n---\nBody.\n"),
        )
    }));
    let mut trees = Vec::new();
    for tz in ["Asia/Shanghai", "America/Los_Angeles", "UTC", "Pacific/Kiritimati"] {
        let out = site.tmp().join(format!("out-{}", tz.replace('/', "-")));
        let run = site.build_command_into(&out, &[]).env("TZ", tz).run();
        assert_eq!(run.code, Some(0), "TZ={tz}: {}", run.stderr);
        trees.push((tz, read_tree(&out)));
    }
    for (tz, tree) in &trees[1..] {
        assert_same_tree(&trees[0].1, tree, &format!("TZ={} vs TZ={tz}", trees[0].0));
    }

    // The day as written, in the date's own offset.
    let out = site.tmp().join("out-UTC");
    let expectations = [
        ("late-shanghai", "2024-03-05", "5 March 2024", "2024-03-05T23:30:00+08:00"),
        ("late-pacific", "2024-03-05", "5 March 2024", "2024-03-05T23:30:00-08:00"),
        ("new-years-eve", "2024-12-31", "31 December 2024", "2024-12-31T23:59:59-10:00"),
        ("early-kiribati", "2024-01-01", "1 January 2024", "2024-01-01T00:30:00+14:00"),
        ("leap-day", "2024-02-29", "29 February 2024", "2024-02-29T00:00:00Z"),
    ];
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    for (slug, ymd, shown, rfc3339) in expectations {
        let page = read_page(&out, &format!("/briefings/{slug}/"));
        let meta = section(&page, "<p class=\"briefing-meta\">", "</p>").expect("a meta line");
        assert!(meta.contains(&format!("datetime=\"{ymd}\">{shown}</time>")), "{slug}: {meta}");
        assert!(page.contains(&format!("content=\"{rfc3339}\"")), "{slug}: article:published_time {rfc3339}");
        assert!(atom.contains(&format!("<published>{rfc3339}</published>")), "{slug}: Atom keeps {rfc3339}");
    }
    let archive = read_page(&out, "/archive/");
    let december = section(&archive, "id=\"month-2024-12\"", "</section>").expect("December 2024 is listed");
    assert!(december.contains("new-years-eve"), "New Year's Eve is filed in December 2024:\n{december}");
}

/// Offsets can order a briefing written on 31 December after one written on
/// 1 January (it happened later); the archive still lists each year and
/// month once, so its `#year-N` links and ids stay unique.
#[test]
fn offsets_across_a_year_boundary_list_each_year_once() {
    let dates = [
        ("a", "2024-12-31T23:00:00-10:00"),
        ("b", "2025-01-01T05:00:00Z"),
        ("c", "2024-12-30"),
        ("d", "2025-01-02"),
    ];
    let archive = TestSite::new("tz-archive")
        .files(dates.map(|(slug, date)| {
            (
                format!("content/briefings/{slug}.md"),
                format!("---\ntitle: {slug}\ndate: {date}\n---\nBody.\n"),
            )
        }))
        .build(&["--future"])
        .page("/archive/");
    for id in ["id=\"year-2025\"", "id=\"year-2024\"", "id=\"month-2025-1\"", "id=\"month-2024-12\""] {
        assert_eq!(archive.matches(id).count(), 1, "{id} appears once:\n{archive}");
    }
}

// ---------------------------------------------------------------------------
// The shape of the file: fences, emptiness, encodings
// ---------------------------------------------------------------------------

#[test]
fn unterminated_and_empty_front_matter() {
    // (case, text, line, message)
    let cases: &[(&str, &[u8], usize, &str)] = &[
        ("only_an_opening_fence", b"---\n", 1, "never closed"),
        ("opening_fence_without_newline", b"---", 1, "never closed"),
        ("never_closed", b"---\ntitle: X\ndate: 2024-01-28\n\nBody text.\n", 1, "never closed"),
        ("empty_block", b"---\n---\nBody.\n", 2, "front matter is empty"),
        ("blank_block", b"---\n\n   \n\n---\nBody.\n", 2, "front matter is empty"),
        ("comment_only_block", b"---\n# title: X\n---\nBody.\n", 2, "missing required field `title`"),
        (
            "no_opening_fence",
            b"title: X\ndate: 2024-01-28\n---\nBody.\n",
            1,
            "does not start with front matter",
        ),
        (
            "blank_line_before_the_fence",
            b"\n---\ntitle: X\ndate: 2024-01-28\n---\n",
            1,
            "does not start with front matter",
        ),
        ("body_only", b"Just a body, no front matter.\n", 1, "does not start with front matter"),
    ];
    for (name, text, line, message) in cases {
        let rel = file("fences.md");
        let err = broken(name, &rel, text).build_fails_at(&rel, *line, None);
        assert!(err.contains(message), "{name}: expected {message:?}:\n{err}");
        insta::assert_snapshot!(format!("fences_{name}"), err);
    }
}

#[test]
fn empty_files() {
    for (name, text) in [
        ("zero_bytes", &b""[..]),
        ("blank_lines", b"\n\n\n"),
        ("spaces_and_tabs", b"  \t \n \t\n"),
        ("bom_only", b"\xef\xbb\xbf"),
        ("bom_and_crlf", b"\xef\xbb\xbf\r\n\r\n"),
    ] {
        let rel = file("empty.md");
        let err = broken(name, &rel, text).build_fails_at(&rel, 1, Some(1));
        assert!(err.contains("the file is empty"), "{name}: {err}");
    }
}

#[test]
fn files_that_are_not_utf8_name_the_first_bad_byte() {
    // (case, bytes, line, column)
    let cases: &[(&str, &[u8], usize, usize)] = &[
        (
            "latin1_in_the_body",
            b"---\ntitle: X\ndate: 2024-01-28\n---\nLine five.\nLine six.\nCaf\xe9 au lait.\n",
            7,
            4,
        ),
        ("utf16_with_bom", b"\xff\xfe-\x00-\x00-\x00\n\x00", 1, 1),
        ("overlong_slash", b"---\ntitle: a\xc0\xafb\ndate: 2024-01-28\n---\n", 2, 9),
        ("lone_continuation_byte", b"---\ntitle: X\ndate: 2024-01-28\n---\n\x80\n", 5, 1),
        ("truncated_sequence_at_the_end", b"---\ntitle: X\ndate: 2024-01-28\n---\nEnd \xe5\x8d", 5, 5),
    ];
    for (name, bytes, line, col) in cases {
        let rel = file("encoding.md");
        let err = broken(name, &rel, bytes).build_fails_at(&rel, *line, Some(*col));
        assert!(err.contains("not valid UTF-8"), "{name}: {err}");
    }
    // Profiles and templates too.
    let rel = "content/companies/huawei.yaml";
    broken("latin1-profile", rel, b"name: Huawei\ndescription: caf\xe9\n").build_fails_at(rel, 2, Some(17));
    let rel = "templates/index.html";
    broken("latin1-template", rel, b"{% extends \"base.html\" %}\n\xe9\n").build_fails_at(rel, 2, Some(1));
}

#[test]
fn a_site_yaml_that_is_not_utf8_names_its_line() {
    let err = broken("latin1-config", "site.yaml", b"title: Caf\xe9 briefings\n").build_fails_at(
        "site.yaml",
        1,
        Some(11),
    );
    assert!(err.contains("not valid UTF-8"), "{err}");
}

/// Values that contain `---` (or a line of it inside a block scalar) do not
/// close the front matter; a `---` rule in the body stays a rule.
#[test]
fn a_value_containing_dashes_does_not_close_the_front_matter() {
    let text = "---\ntitle: Huawei --- the comeback\ndate: 2024-01-28\nsummary: |\n  First line.\n  ---\n  After the dashes.\nkey_highlights:\n  - \"---\"\n  - a --- b\n---\nIntro.\n\n---\n\nAfter the rule.\n";
    let page = broken("dashes", &file("dashes.md"), text).build(&[]).page("/briefings/dashes/");
    let title = section(&page, "<h1 class=\"briefing-title\">", "</h1>").expect("a title");
    assert_eq!(decode_entities(title), "<h1 class=\"briefing-title\">Huawei --- the comeback</h1>");
    let highlights = section(&page, "<section class=\"key-highlights\"", "</section>").expect("highlights");
    assert_eq!(highlights.matches("<li>").count(), 2, "{highlights}");
    let dek = section(&page, "<p class=\"dek\">", "</p>").expect("the summary");
    assert!(dek.contains("After the dashes"), "the block scalar kept its `---` line: {dek}");
    let prose = section(&page, "<div class=\"prose\">", "</div>").expect("the body");
    assert!(prose.contains("<hr />") && prose.contains("After the rule."), "{prose}");
}

/// Re-encodes a text file's line endings or BOM.
type Encode = fn(&str) -> String;

/// BOM, CRLF and CR files build byte-for-byte like LF files, including
/// site.yaml and profiles.
#[test]
fn bom_crlf_and_cr_build_exactly_like_lf() {
    let briefing = "---\ntitle: Line endings\ndate: 2024-01-28T09:30:00+08:00\ncompanies: [Huawei]\nkey_highlights:\n  - \"**Bold** highlight.\"\nsummary: >\n  Folded\n  summary.\n---\nFirst paragraph\nwraps here.\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let config = "title: Endings\nbase_url: https://example.org/\nmarkdown:\n  smart_punctuation: true\n";
    let profile = "name: Huawei\ndescription: >\n  Phones\n  and chips.\nwebsite: https://www.huawei.com\n";
    let encodings: [(&str, Encode); 5] = [
        ("lf", |t| t.to_string()),
        ("bom", |t| format!("\u{feff}{t}")),
        ("crlf", |t| t.replace('\n', "\r\n")),
        ("bom-crlf", |t| format!("\u{feff}{}", t.replace('\n', "\r\n"))),
        ("cr", |t| t.replace('\n', "\r")),
    ];
    let mut trees = Vec::new();
    for (name, encode) in encodings {
        let site = TestSite::new(&format!("endings-{name}"))
            .file("content/briefings/endings.md", encode(briefing))
            .file("site.yaml", encode(config))
            .file("content/companies/huawei.yaml", encode(profile));
        trees.push((name, site.build(&[]).tree()));
    }
    for (name, tree) in &trees[1..] {
        assert_same_tree(&trees[0].1, tree, &format!("LF vs {name}"));
    }
    let page = &trees[0].1[&PathBuf::from("briefings/endings/index.html")];
    let page = String::from_utf8_lossy(page);
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
}

/// Wrongly typed settings in site.yaml are explained in the writer's words,
/// like wrongly typed front matter: no Rust type names.
#[test]
fn wrongly_typed_settings_name_no_rust_types() {
    for (name, config) in [
        ("huge_number", "paginate_by: 99999999999999999999\n"),
        ("fraction", "paginate_by: 1.5\n"),
        ("markdown_null", "markdown: ~\n"),
        ("markdown_list", "markdown: [raw_html]\n"),
        ("a_list", "- title\n"),
    ] {
        let err = broken(name, "site.yaml", config).build_fails_at("site.yaml", 1, None);
        for rust in ["i64", "u128", "struct", "Raw", "unit value"] {
            assert!(!err.contains(rust), "{name}: `{rust}` in\n{err}");
        }
    }
}
