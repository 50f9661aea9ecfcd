//! Several mistakes at once: one run reports every broken file, once each,
//! sorted by path (folder by folder, as a tree lists them), and writes
//! nothing.

mod common;

use std::path::PathBuf;

use common::*;

/// `tests/fixtures/bad/several-mistakes`: eight broken files of every kind
/// (briefings, a profile, a profile's file name, site.yaml, a template)
/// beside two good briefings, in names whose order differs between a plain
/// string sort and a path sort (`a/z.md`, `a-b.md`, `a.md`, `B.md`).
#[test]
fn every_broken_file_of_a_fixture_is_reported_once_sorted_by_path() {
    // Nothing is written: not the output folder, nothing beside it, nothing in the fixture.
    let err = TestSite::fixture_in_place("bad/several-mistakes").build_fails();
    let expected = [
        "content/briefings/B.md",
        "content/briefings/a/z.md",
        "content/briefings/a-b.md",
        "content/briefings/a.md",
        "content/briefings/deep/er/still.md",
        "content/briefings/yaml.md",
        "content/companies/huawei.yaml",
        "content/topics/Smart Phones.yaml",
        "site.yaml",
        "templates/index.html",
    ];
    let expected: Vec<String> = expected.iter().map(|p| format!("[SITE]/{p}")).collect();
    assert_eq!(error_paths(&err), expected, "every broken file once, in path order:\n{err}");
    let mut sorted: Vec<PathBuf> = error_paths(&err).iter().map(PathBuf::from).collect();
    sorted.sort();
    assert_eq!(sorted, expected.iter().map(PathBuf::from).collect::<Vec<_>>(), "sorted as paths");
    assert!(!err.contains("good.md") && !err.contains("ok-too.md"), "good files are not named:\n{err}");
    assert!(err.trim_end().ends_with("10 problems in 10 files; nothing was written"), "{err}");
    insta::assert_snapshot!(err);
}

/// 120 broken briefings of every kind in nested folders: all named, once,
/// in order, in one run.
#[test]
fn a_hundred_and_twenty_broken_files_are_all_reported() {
    let kinds: [&[u8]; 6] = [
        b"---\ntitle: X\ndate: 2024-02-30\n---\n",
        b"---\ntitle: X\ndate: 2024-01-01\nkey_highlight: [x]\n---\n",
        b"",
        b"---\ntitle: X\n",
        b"---\ntitle: caf\xe9\ndate: 2024-01-01\n---\n",
        b"---\ntitle: [X]\ndate: 2024-01-01\n---\n",
    ];
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for i in 0..120 {
        files.push((format!("content/briefings/{}/{:03}.md", i % 7, i), kinds[i % kinds.len()]));
    }
    let err = TestSite::good("many").built_once().files(files.iter().cloned()).build_fails();
    let mut expected: Vec<PathBuf> =
        files.iter().map(|(p, _)| PathBuf::from(format!("[SITE]/{p}"))).collect();
    expected.sort();
    let named: Vec<PathBuf> = error_paths(&err).iter().map(PathBuf::from).collect();
    assert_eq!(named, expected, "{err}");
    assert!(err.trim_end().ends_with("120 problems in 120 files; nothing was written"), "{err}");
}

/// Files that cannot be read at all (symlinks) are reported beside the
/// broken ones, in the same run.
#[test]
fn unreadable_and_broken_files_are_reported_together() {
    let site = TestSite::good("mixed")
        .built_once()
        .file("content/briefings/broken.md", "---\ntitle: X\ndate: 2024-13-01\n---\n")
        .file("content/companies/huawei.yaml", "name: Huawei\naliases: Huawei Technologies\n");
    std::os::unix::fs::symlink("good.md", site.path("content/briefings/linked.md")).unwrap();
    let err = site.build_fails();
    assert_eq!(
        error_paths(&err),
        [
            "[SITE]/content/briefings/broken.md",
            "[SITE]/content/briefings/linked.md",
            "[SITE]/content/companies/huawei.yaml"
        ],
        "{err}"
    );
}

/// Problems between files (two briefings on one URL, one alias claimed by
/// two profiles) are problems of those files: a run that also has a broken
/// file reports them too, instead of hiding them until the next run.
#[test]
fn problems_between_files_are_reported_beside_broken_files() {
    let fm = |title: &str| format!("---\ntitle: {title}\ndate: 2024-01-02\n---\nBody.\n");
    let (first, second) = (fm("First"), fm("Second"));
    let site = TestSite::good("between")
        .built_once()
        .file("content/briefings/2023/same.md", first)
        .file("content/briefings/2024/same.md", second)
        .file("content/briefings/broken.md", "---\ntitle: X\n---\n")
        .file("content/companies/other.yaml", "name: Other\naliases: [Huawei]\n")
        .file("content/companies/huawei.yaml", "name: Huawei\n");
    let err = site.build_fails();
    let named = named_files(&err);
    for file in [
        "content/briefings/broken.md",
        "content/briefings/2023/same.md",
        "content/briefings/2024/same.md",
        "content/companies/other.yaml",
    ] {
        assert!(named.contains(&format!("[SITE]/{file}")), "{file} is named:\n{err}");
    }
}
