//! Error messages of `briefing build`, pinned with snapshots: every problem
//! names its file, line and column, says what is wrong and what to do; the
//! build exits 1, writes nothing and does not claim success.

mod common;

use std::ffi::OsStr;
use std::path::PathBuf;

use common::*;

/// A briefing that builds; every broken site has one beside its broken files.
const GOOD: &str =
    "---\ntitle: A good briefing\ndate: 2024-01-10\ncompanies: [Huawei]\ntopics: [Smartphones]\n---\nFine.\n";

/// A temporary site: `tmp/site` holding the good briefing and `files`.
struct Site {
    tmp: TempDir,
    root: PathBuf,
}

fn site(files: &[(&str, &[u8])]) -> Site {
    let tmp = TempDir::new("errors");
    let root = tmp.join("site");
    write(&root, "content/briefings/good.md", GOOD);
    for (rel, bytes) in files {
        write(&root, rel, bytes);
    }
    Site { tmp, root }
}

impl Site {
    /// Builds into `tmp/out`, asserts the failure contract and returns stderr
    /// with the temp folder replaced by `[SITE]` / `[TMP]`.
    #[track_caller]
    fn fails(&self) -> String {
        let out = self.tmp.join("out");
        let run = build(&self.root, &out, &[]).failure();
        assert!(!out.exists(), "a failed build created the output folder");
        assert_eq!(
            listing(self.tmp.path(), &[OsStr::new("site")]).len(),
            0,
            "a failed build left something beside the site"
        );
        let summary = run.stderr.trim_end().lines().last().unwrap_or_default();
        assert!(summary.ends_with("; nothing was written"), "the last line is a summary: {summary:?}");
        run.stderr
            .replace(&self.root.display().to_string(), "[SITE]")
            .replace(&self.tmp.path().display().to_string(), "[TMP]")
    }
}

fn briefing_file(rel: &str, text: &str) -> Site {
    site(&[(rel, text.as_bytes())])
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let err = briefing_file(
        "content/briefings/2024/huawei.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\nkey_highlight:\n  - Huawei ranks first.\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("huawei.md:4:1: unknown field `key_highlight`"));
    insta::assert_snapshot!(err);
}

#[test]
fn yaml_syntax_error_points_at_the_file_line() {
    // Line 4 of the file is line 3 of the front matter.
    let err = briefing_file(
        "content/briefings/2024/colon.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\nsummary: Huawei: back on top\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("colon.md:4:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn unquoted_bold_highlight_gets_a_quoting_hint() {
    let err = briefing_file(
        "content/briefings/2024/bold.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\nkey_highlights:\n  - Plain first highlight.\n  - **Huawei** ranks first\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("bold.md:6:"), "{err}");
    assert!(err.contains("must be quoted"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn missing_title() {
    let err = briefing_file(
        "content/briefings/2024/untitled.md",
        "---\ndate: 2024-01-28\ncompanies: [Huawei]\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("missing required field `title`"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn string_where_a_list_belongs() {
    let err = briefing_file(
        "content/briefings/2024/one-company.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\ncompanies: Huawei\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("one-company.md:4:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn list_where_a_string_belongs() {
    let err = briefing_file(
        "content/briefings/2024/two-titles.md",
        "---\ndate: 2024-01-28\ntitle: [Huawei is back, Huawei returns]\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("two-titles.md:3:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn impossible_date() {
    let err = briefing_file(
        "content/briefings/2024/leap.md",
        "---\ntitle: Huawei is back\ndate: 2024-02-30\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("leap.md:3:7:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn unterminated_front_matter() {
    let err = briefing_file(
        "content/briefings/2024/open.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\n\nThe body starts but the fence never closes.\n",
    )
    .fails();
    insta::assert_snapshot!(err);
}

#[test]
fn empty_file() {
    let err = briefing_file("content/briefings/2024/empty.md", "").fails();
    insta::assert_snapshot!(err);
}

#[test]
fn non_utf8_file() {
    // Latin-1 `é` on line 2, after `title: caf`.
    let err = site(&[(
        "content/briefings/2024/latin1.md",
        b"---\ntitle: caf\xe9 culture\ndate: 2024-01-28\n---\nBody.\n",
    )])
    .fails();
    assert!(err.contains("latin1.md:2:11:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn bad_slug() {
    let err = briefing_file(
        "content/briefings/2024/escape.md",
        "---\ntitle: Huawei is back\ndate: 2024-01-28\nslug: '../..'\n---\nBody.\n",
    )
    .fails();
    assert!(err.contains("escape.md:4:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn duplicate_slugs_name_both_files() {
    let s = site(&[
        ("content/briefings/2023/huawei.md", b"---\ntitle: Huawei in 2023\ndate: 2023-05-01\n---\nBody.\n"),
        ("content/briefings/2024/huawei.md", b"---\ntitle: Huawei in 2024\ndate: 2024-05-01\n---\nBody.\n"),
    ]);
    let err = s.fails();
    assert!(err.contains("2023/huawei.md"), "{err}");
    assert!(err.contains("2024/huawei.md"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]

fn duplicate_slugs_name_both_files_the_same_way() {
    let s = site(&[
        ("content/briefings/2023/huawei.md", b"---\ntitle: Huawei in 2023\ndate: 2023-05-01\n---\nBody.\n"),
        ("content/briefings/2024/huawei.md", b"---\ntitle: Huawei in 2024\ndate: 2024-05-01\n---\nBody.\n"),
    ]);
    let err = s.fails();
    assert!(
        err.contains("[SITE]/content/briefings/2023/huawei.md")
            && err.contains("[SITE]/content/briefings/2024/huawei.md"),
        "both files should carry the --root prefix, as every other path in the report does:\n{err}"
    );
}

#[test]

fn alias_claimed_by_two_profiles() {
    let err = site(&[
        ("content/companies/other.yaml", b"name: Other\naliases: [Three Sixty]\n"),
        ("content/companies/qihoo.yaml", b"name: Three Sixty\naliases: [Qihoo]\n"),
    ])
    .fails();
    assert!(
        err.contains("[SITE]/content/companies/other.yaml:2:")
            || err.contains("[SITE]/content/companies/qihoo.yaml:1:"),
        "the problem is pinned to a line: {err}"
    );
    assert!(err.contains("`Three Sixty`"), "the name as written: {err}");
    assert!(
        err.contains("[SITE]/content/companies/other.yaml")
            && err.contains("[SITE]/content/companies/qihoo.yaml"),
        "both files named as the user can open them: {err}"
    );
}

#[test]
fn unusable_base_url_flag() {
    let s = site(&[]);
    let out = s.tmp.join("out");
    let run = build(&s.root, &out, &["--base-url", "example.org/briefs"]).failure();
    assert!(!out.exists());
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn unknown_key_in_site_yaml() {
    let err = site(&[("site.yaml", b"title: My briefings\npaginate: 5\n")]).fails();
    assert!(err.contains("site.yaml:2:1: unknown field `paginate`"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn unknown_key_in_a_company_profile() {
    let err = site(&[("content/companies/huawei.yaml", "name: Huawei\nalias: [华为]\n".as_bytes())]).fails();
    assert!(err.contains("huawei.yaml:2:1: unknown field `alias`"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn template_syntax_error_names_file_and_line() {
    let err = site(&[(
        "templates/index.html",
        b"{% extends \"base.html\" %}\n{% block content %}\n{% for card in %}\n{% endfor %}\n{% endblock content %}\n",
    )])
    .fails();
    assert!(err.contains("[SITE]/templates/index.html:3:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn every_broken_file_is_reported_in_one_run_sorted_by_path() {
    let s = site(&[
        ("templates/partials/card.html", b"{{ card.title \n"),
        ("site.yaml", b"title: My briefings\npaginate: 5\n"),
        ("content/companies/huawei.yaml", "name: Huawei\nwebiste: https://www.huawei.com\n".as_bytes()),
        ("content/briefings/b/second.md", b"---\ntitle: Second\ndate: 2024-01-28\nkey_highlight: [x]\n---\n"),
        ("content/briefings/a/first.md", b"---\ntitle: First\ndate: 2024-02-30\n---\n"),
        ("content/briefings/c.md", b""),
    ]);
    let err = s.fails();
    let paths: Vec<&str> =
        err.lines().filter_map(|l| l.strip_prefix("error: ")).map(|l| l.split(':').next().unwrap()).collect();
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
    assert!(err.trim_end().ends_with("6 problems in 6 files; nothing was written"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn crlf_and_bom_build_like_lf() {
    let lf = "---\ntitle: Line endings\ndate: 2024-01-28\ncompanies: [Huawei]\ntopics: [Smartphones]\nkey_highlights:\n  - \"**Windows** files build the same.\"\n  - A second highlight.\nsummary: |\n  A summary over\n  two lines.\n---\nFirst paragraph\nwraps here.\n\n## A heading\n\n- one\n- two\n\n```\ncode line 1\ncode line 2\n```\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    assert!(crlf.starts_with('\u{feff}') && crlf.contains("\r\n"));
    let tmp = TempDir::new("crlf");
    let mut trees = Vec::new();
    for (name, text) in [("lf", lf.to_string()), ("crlf", crlf)] {
        let root = tmp.join(name);
        write(&root, "content/briefings/endings.md", &text);
        let out = tmp.join(format!("{name}-out"));
        build(&root, &out, &[]).success();
        trees.push(read_tree(&out));
    }
    let page = PathBuf::from("briefings/endings/index.html");
    assert_eq!(String::from_utf8_lossy(&trees[0][&page]), String::from_utf8_lossy(&trees[1][&page]));
    assert_same_tree(&trees[0], &trees[1], "LF site vs CRLF+BOM site");
}

#[test]
fn bad_usage_exits_2() {
    for args in [&["build", "--no-such-flag"][..], &["no-such-command"][..], &[][..]] {
        let run = briefing(args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(!run.stdout.contains("Built"), "{args:?}");
    }
}
