//! Error messages of `briefing build`, pinned with snapshots: every problem
//! names its file, line and column, says what is wrong and what to do; the
//! build exits 1, writes nothing and does not claim success. One table of
//! broken sites, one row per case.

mod common;

use std::path::PathBuf;

use common::*;

/// One broken site: the files written beside the good briefing (`GOOD`), what the
/// report must contain, and the snapshot `errors__<name>.snap` that pins it.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    contains: &'static [&'static str],
    /// Whether the whole report is pinned by a snapshot.
    snapshot: bool,
    /// A check beyond `contains`, on the report.
    check: Option<fn(&str)>,
}

const CASE: Case = Case { name: "", files: &[], contains: &[], snapshot: true, check: None };

const DUPLICATE_SLUGS: &[(&str, &[u8])] = &[
    ("content/briefings/2023/huawei.md", b"---\ntitle: Huawei in 2023\ndate: 2023-05-01\n---\nBody.\n"),
    ("content/briefings/2024/huawei.md", b"---\ntitle: Huawei in 2024\ndate: 2024-05-01\n---\nBody.\n"),
];

const CASES: &[Case] = &[
    Case {
        name: "unknown_key_suggests_the_right_one",
        files: &[(
            "content/briefings/2024/huawei.md",
            b"---\ntitle: Huawei is back\ndate: 2024-01-28\nkey_highlight:\n  - Huawei ranks first.\n---\nBody.\n",
        )],
        contains: &["huawei.md:4:1: unknown field `key_highlight`"],
        ..CASE
    },
    Case {
        // Line 4 of the file is line 3 of the front matter.
        name: "yaml_syntax_error_points_at_the_file_line",
        files: &[(
            "content/briefings/2024/colon.md",
            b"---\ntitle: Huawei is back\ndate: 2024-01-28\nsummary: Huawei: back on top\n---\nBody.\n",
        )],
        contains: &["colon.md:4:"],
        ..CASE
    },
    Case {
        name: "unquoted_bold_highlight_gets_a_quoting_hint",
        files: &[(
            "content/briefings/2024/bold.md",
            b"---\ntitle: Huawei is back\ndate: 2024-01-28\nkey_highlights:\n  - Plain first highlight.\n  - **Huawei** ranks first\n---\nBody.\n",
        )],
        contains: &["bold.md:6:", "must be quoted"],
        ..CASE
    },
    Case {
        name: "missing_title",
        files: &[("content/briefings/2024/untitled.md", b"---\ndate: 2024-01-28\ncompanies: [Huawei]\n---\nBody.\n")],
        contains: &["missing required field `title`"],
        ..CASE
    },
    Case {
        name: "string_where_a_list_belongs",
        files: &[(
            "content/briefings/2024/one-company.md",
            b"---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: Huawei\n---\nBody.\n",
        )],
        contains: &["one-company.md:4:"],
        ..CASE
    },
    Case {
        name: "list_where_a_string_belongs",
        files: &[(
            "content/briefings/2024/two-titles.md",
            b"---\ndate: 2024-01-28\ntitle: [Huawei is back, Huawei returns]\n---\nBody.\n",
        )],
        contains: &["two-titles.md:3:"],
        ..CASE
    },
    Case {
        name: "impossible_date",
        files: &[("content/briefings/2024/leap.md", b"---\ntitle: Huawei is back\ndate: 2024-02-30\n---\nBody.\n")],
        contains: &["leap.md:3:7:"],
        ..CASE
    },
    Case {
        name: "unterminated_front_matter",
        files: &[(
            "content/briefings/2024/open.md",
            b"---\ntitle: Huawei is back\ndate: 2024-01-28\n\nThe body starts but the fence never closes.\n",
        )],
        ..CASE
    },
    Case { name: "empty_file", files: &[("content/briefings/2024/empty.md", b"")], ..CASE },
    Case {
        // Latin-1 `é` on line 2, after `title: caf`.
        name: "non_utf8_file",
        files: &[("content/briefings/2024/latin1.md", b"---\ntitle: caf\xe9 culture\ndate: 2024-01-28\n---\nBody.\n")],
        contains: &["latin1.md:2:11:"],
        ..CASE
    },
    Case {
        name: "bad_slug",
        files: &[("content/briefings/2024/escape.md", b"---\ntitle: Huawei is back\ndate: 2024-01-28\nslug: '../..'\n---\nBody.\n")],
        contains: &["escape.md:4:"],
        ..CASE
    },
    Case {
        // Both files carry the --root prefix, as every other path in the report does.
        name: "duplicate_slugs_name_both_files",
        files: DUPLICATE_SLUGS,
        contains: &["[SITE]/content/briefings/2023/huawei.md", "[SITE]/content/briefings/2024/huawei.md"],
        ..CASE
    },
    Case {
        name: "alias_claimed_by_two_profiles",
        files: &[
            ("content/companies/other.yaml", b"name: Other\naliases: [Three Sixty]\n"),
            ("content/companies/qihoo.yaml", b"name: Three Sixty\naliases: [Qihoo]\n"),
        ],
        // The name as written, both files named as the user can open them.
        contains: &["`Three Sixty`", "[SITE]/content/companies/other.yaml", "[SITE]/content/companies/qihoo.yaml"],
        snapshot: false,
        check: Some(|err| {
            assert!(
                err.contains("[SITE]/content/companies/other.yaml:2:")
                    || err.contains("[SITE]/content/companies/qihoo.yaml:1:"),
                "the problem is pinned to a line: {err}"
            );
        }),
    },
    Case {
        name: "unknown_key_in_site_yaml",
        files: &[("site.yaml", b"title: My briefings\npaginate: 5\n")],
        contains: &["site.yaml:2:1: unknown field `paginate`"],
        ..CASE
    },
    Case {
        name: "unknown_key_in_a_company_profile",
        files: &[("content/companies/huawei.yaml", "name: Huawei\nalias: [华为]\n".as_bytes())],
        contains: &["huawei.yaml:2:1: unknown field `alias`"],
        ..CASE
    },
    Case {
        name: "template_syntax_error_names_file_and_line",
        files: &[(
            "templates/index.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n{% for card in %}\n{% endfor %}\n{% endblock content %}\n",
        )],
        contains: &["[SITE]/templates/index.html:3:"],
        ..CASE
    },
    Case {
        name: "every_broken_file_is_reported_in_one_run_sorted_by_path",
        files: &[
            ("templates/partials/card.html", b"{{ card.title \n"),
            ("site.yaml", b"title: My briefings\npaginate: 5\n"),
            ("content/companies/huawei.yaml", b"name: Huawei\nwebiste: https://www.huawei.com\n"),
            ("content/briefings/b/second.md", b"---\ntitle: Second\ndate: 2024-01-28\nkey_highlight: [x]\n---\n"),
            ("content/briefings/a/first.md", b"---\ntitle: First\ndate: 2024-02-30\n---\n"),
            ("content/briefings/c.md", b""),
        ],
        contains: &["6 problems in 6 files; nothing was written"],
        snapshot: true,
        check: Some(|err| {
            let paths: Vec<&str> = err
                .lines()
                .filter_map(|l| l.strip_prefix("error: "))
                .map(|l| l.split(':').next().unwrap_or_default())
                .collect();
            assert_eq!(
                paths,
                [
                    "[SITE]/content/briefings/a/first.md",
                    "[SITE]/content/briefings/b/second.md",
                    "[SITE]/content/briefings/c.md",
                    "[SITE]/content/companies/huawei.yaml",
                    "[SITE]/site.yaml",
                    "[SITE]/templates/partials/card.html",
                ]
            );
        }),
    },
];

/// Each case: a temporary site (the good briefing and the case's files)
/// fails to build as the failure contract says, and its report (temp
/// folders shown as `[SITE]` / `[TMP]`) is compared with its snapshot.
#[test]
fn every_broken_site_is_reported_as_pinned() {
    let names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "case names are unique: {names:?}");
    for case in CASES {
        let err = TestSite::good("errors").files(case.files.iter().copied()).build_fails();
        for expected in case.contains {
            assert!(err.contains(expected), "{}: expected {expected:?} in\n{err}", case.name);
        }
        if let Some(check) = case.check {
            check(&err);
        }
        if case.snapshot {
            insta::assert_snapshot!(case.name, err);
        }
    }
}

#[test]
fn crlf_and_bom_build_like_lf() {
    let lf = "---\ntitle: Line endings\ndate: 2024-01-28\ncompanies: [Huawei]\ntopics: [Smartphones]\nkey_highlights:\n  - \"**Windows** files build the same.\"\n  - A second highlight.\nsummary: |\n  A summary over\n  two lines.\n---\nFirst paragraph\nwraps here.\n\n## A heading\n\n- one\n- two\n\n```\ncode line 1\ncode line 2\n```\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    assert!(crlf.starts_with('\u{feff}') && crlf.contains("\r\n"));
    let trees: Vec<_> = [("lf", lf.to_string()), ("crlf", crlf)]
        .into_iter()
        .map(|(name, text)| TestSite::new(name).file("content/briefings/endings.md", text).build(&[]).tree())
        .collect();
    let page = PathBuf::from("briefings/endings/index.html");
    assert_eq!(String::from_utf8_lossy(&trees[0][&page]), String::from_utf8_lossy(&trees[1][&page]));
    assert_same_tree(&trees[0], &trees[1], "LF site vs CRLF+BOM site");
}
