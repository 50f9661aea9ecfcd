//! Aliases: old URLs of a briefing (`aliases:` in its front matter) become
//! redirect pages at those paths below the base path, and `_redirects` rules
//! for hosts that read them; they appear nowhere else. Every way an alias
//! can be wrong is an error at its item, pinned with a snapshot.

mod common;

use common::*;

const BASE_URL: &str = "https://example.org/briefs/";

/// The old URLs of the fixture's published briefings, as written, and the
/// file each redirect page is at.
const ALIASES: &[(&str, &str, &str)] = &[
    ("/2024/01/28/huawei-tops-china/", "2024/01/28/huawei-tops-china/index.html", "huawei-tops"),
    ("/posts/huawei", "posts/huawei/index.html", "huawei-tops"),
    ("/old/page.html", "old/page.html", "huawei-tops"),
    ("/posts/apple/", "posts/apple/index.html", "apple"),
    ("/café/", "café/index.html", "apple"),
];

#[test]
fn each_alias_is_a_redirect_page_to_the_absolute_url_of_its_briefing() {
    let built = TestSite::fixture("aliases").build(&[]);
    for (written, file, slug) in ALIASES {
        let page = built.file(file);
        let target = format!("{BASE_URL}briefings/{slug}/");
        for needle in [
            format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">"),
            format!("<link rel=\"canonical\" href=\"{target}\">"),
            format!("<a href=\"{target}\">"),
            "<meta name=\"robots\" content=\"noindex\">".to_string(),
        ] {
            assert!(page.contains(&needle), "{written}: no {needle} in\n{page}");
        }
    }
    assert!(!built.out().join("posts/draft").exists(), "a draft's alias is not written");
    built.assert_links_resolve(BASE_URL);
}

#[test]
fn redirects_lists_every_alias_with_the_base_path_sorted() {
    let site = TestSite::fixture("aliases");
    assert_eq!(
        site.build(&[]).file("_redirects"),
        "/briefs/2024/01/28/huawei-tops-china/ /briefs/briefings/huawei-tops/ 301\n\
         /briefs/caf%C3%A9/ /briefs/briefings/apple/ 301\n\
         /briefs/old/page.html /briefs/briefings/huawei-tops/ 301\n\
         /briefs/posts/apple/ /briefs/briefings/apple/ 301\n\
         /briefs/posts/huawei/ /briefs/briefings/huawei-tops/ 301\n"
    );
    let drafts = site.build(&["--drafts"]);
    let with_drafts = drafts.file("_redirects");
    assert!(with_drafts.contains("/briefs/posts/draft/ /briefs/briefings/draft/ 301\n"), "{with_drafts}");
    assert!(drafts.out().join("posts/draft/index.html").is_file());
}

#[test]
fn aliases_appear_in_no_other_file() {
    let built = TestSite::fixture("aliases").build(&[]);
    let alias_files: Vec<&str> = ALIASES.iter().map(|(_, file, _)| *file).collect();
    for (rel, bytes) in built.tree() {
        let rel = rel.to_string_lossy().into_owned();
        if alias_files.contains(&rel.as_str()) || rel == "_redirects" || rel == ".briefing-output" {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["posts/", "old/page", "2024/01/28", "café", "caf%C3%A9"] {
            assert!(!text.contains(needle), "{rel} mentions the alias {needle}");
        }
    }
    // The files that list pages were among those read.
    for file in ["sitemap.xml", "search/index-0.json", "atom.xml", "feed.json"] {
        assert!(built.out().join(file).is_file(), "{file} exists");
    }
}

#[test]
fn a_static_redirects_file_keeps_its_rules_first() {
    let redirects = TestSite::fixture("aliases")
        .file("static/_redirects", "/feed /briefs/atom.xml 301")
        .build(&[])
        .file("_redirects");
    assert!(
        redirects.starts_with("/feed /briefs/atom.xml 301\n/briefs/2024/01/28/huawei-tops-china/ "),
        "{redirects}"
    );
    assert_eq!(redirects.lines().count(), 1 + ALIASES.len(), "{redirects}");
}

#[test]
fn a_site_without_aliases_has_no_redirects_file() {
    let site = TestSite::new("aliases-none")
        .file("content/briefings/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n");
    assert!(!site.build(&[]).out().join("_redirects").exists());
}

/// One broken site: files written over a copy of the fixture, and the
/// snapshot `aliases__<name>.snap` that pins the report.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    /// Must be in the report: the file and position of the alias item.
    contains: &'static [&'static str],
}

/// A briefing whose front matter ends with `aliases:` and the given items.
macro_rules! with_aliases {
    ($aliases:expr) => {
        concat!("---\ntitle: Other\ndate: 2024-01-20\naliases: ", $aliases, "\n---\nOther.\n")
    };
}

const OTHER: &str = "content/briefings/2024/other.md";

const CASES: &[Case] = &[
    Case {
        name: "two_briefings_claim_one_alias",
        files: &[(OTHER, with_aliases!("[/fine/, /posts/apple]"))],
        contains: &["other.md:4:19:", "the other file: [SITE]/content/briefings/2024/apple.md"],
    },
    Case {
        name: "alias_is_a_briefing_page",
        files: &[(OTHER, with_aliases!("[/briefings/apple/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_is_its_own_page",
        files: &[(OTHER, with_aliases!("[/briefings/other/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_is_a_company_page",
        files: &[(OTHER, with_aliases!("[/companies/huawei/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_is_the_home_page",
        files: &[(OTHER, with_aliases!("[/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_is_a_feed",
        files: &[(OTHER, with_aliases!("\n  - /fine/\n  - /atom.xml"))],
        contains: &["other.md:6:5:"],
    },
    Case {
        name: "alias_is_a_static_file",
        files: &[(OTHER, with_aliases!("[/notes/old.html]")), ("static/notes/old.html", "<p>old</p>\n")],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_is_a_folder_of_static_files",
        files: &[
            (OTHER, with_aliases!("[/notes.html]")),
            ("static/notes.html/chart.png", "not really a png"),
        ],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_inside_another_alias",
        files: &[(OTHER, with_aliases!("[/a.html, /a.html/b/]"))],
        contains: &["other.md:4:20:"],
    },
    Case {
        name: "alias_is_the_search_page",
        files: &[(OTHER, with_aliases!("[/search/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_dot_dot",
        files: &[(OTHER, with_aliases!("[/a/../../etc/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_a_scheme",
        files: &[(OTHER, with_aliases!("[\"https://example.org/x/\"]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_to_another_host",
        files: &[(OTHER, with_aliases!("[//evil.example/x/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_a_backslash",
        files: &[(OTHER, with_aliases!("['/a\\b/']"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_a_query",
        files: &[(OTHER, with_aliases!("[/index.php?p=12]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_a_fragment",
        files: &[(OTHER, with_aliases!("[\"/x/#top\"]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_a_space",
        files: &[(OTHER, with_aliases!("[/old page/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_with_a_star",
        files: &[(OTHER, with_aliases!("[\"/old/*\"]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_percent_encoded",
        files: &[(OTHER, with_aliases!("[/caf%C3%A9/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        name: "alias_without_a_leading_slash",
        files: &[(OTHER, with_aliases!("[posts/other/]"))],
        contains: &["other.md:4:11:"],
    },
    Case {
        // A bad alias, an alias claimed twice and a broken front matter elsewhere: one run.
        name: "alias_problems_are_reported_with_the_others",
        files: &[
            (OTHER, with_aliases!("[/posts/apple/]")),
            (
                "content/briefings/2024/bad-alias.md",
                "---\ntitle: Bad\ndate: 2024-01-21\naliases: [/x/../y/]\n---\n",
            ),
            ("content/briefings/2024/typo.md", "---\ntitle: Typo\ndate: 2024-01-22\nalias: [/typo/]\n---\n"),
        ],
        contains: &["3 problems in 3 files"],
    },
];

#[test]
fn every_alias_problem_is_reported_at_its_item_as_pinned() {
    for case in CASES {
        let err = TestSite::fixture("aliases").files(case.files.iter().copied()).build_fails();
        for expected in case.contains {
            assert!(err.contains(expected), "{}: expected {expected:?} in\n{err}", case.name);
        }
        insta::assert_snapshot!(case.name, err);
    }
}

#[test]
fn check_renders_alias_pages_with_a_site_template() {
    let site = TestSite::fixture("aliases").file("templates/alias.html", "<p>{{ alias.nope }}</p>\n");
    let run = site.check().failure();
    assert!(run.stderr.contains("templates/alias.html:1:"), "{}", run.stderr);
    site.write("templates/alias.html", "<a href=\"{{ alias.url }}\">{{ alias.title }}</a>\n");
    let built = site.build(&[]);
    let page = built.file("posts/apple/index.html");
    assert_eq!(page, "<a href=\"/briefs/briefings/apple/\">Apple slips to fifth</a>\n");
    assert!(built.out().join("_redirects").is_file());
}
