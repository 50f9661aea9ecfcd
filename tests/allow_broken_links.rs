//! `build --allow-broken-links`: a site whose only problems are internal
//! links that lead nowhere builds anyway, each link printed as a warning
//! with its place; every other problem still fails, and plain `build` and
//! `check` keep failing on broken links. `serve` always builds on them.

mod common;

use std::time::Duration;

use common::*;

/// A site with a good briefing and one whose body has a link that leads
/// nowhere (line 5, column 5) and one to a briefing file that does not exist
/// (column 30).
fn site(label: &str) -> TestSite {
    TestSite::new(label)
        .file("content/briefings/2024/good.md", "---\ntitle: Good\ndate: 2024-01-10\n---\nFine.\n")
        .file(
            "content/briefings/2024/broken.md",
            "---\ntitle: Broken links\ndate: 2024-01-11\n---\nSee [nowhere](/nowhere/) and [gone](../2023/gone.md).\n",
        )
}

#[test]
fn build_and_check_fail_on_a_broken_link() {
    let site = site("broken-links");
    let err = site.build_fails();
    assert!(err.contains("error: [SITE]/content/briefings/2024/broken.md:5:5:"), "{err}");
    let check = site.check().failure();
    assert!(check.stderr.contains("`/nowhere/` leads to no page of this site"), "{}", check.stderr);
}

#[test]
fn allow_broken_links_builds_and_lists_each_link_as_a_warning() {
    let site = site("broken-links-allowed");
    let built = site.build(&["--allow-broken-links"]);
    let (briefings, _, _) = built.reported();
    assert_eq!(briefings, 2);
    insta::assert_snapshot!(site.redact(&built.stderr), @r"
    warning: [SITE]/content/briefings/2024/broken.md:5:5: `/nowhere/` leads to no page of this site
      link to briefings as /briefings/<slug>/ or by file (../2023/x.md), to companies as /companies/<slug>/
    warning: [SITE]/content/briefings/2024/broken.md:5:30: `../2023/gone.md` links to no such file
      did you mean `good.md`?
    2 broken links: built anyway, as --allow-broken-links asks
    ");
    let page = built.page("/briefings/broken/");
    assert!(page.contains("<a href=\"/nowhere/\">nowhere</a>"), "the link is kept as written");
    assert!(page.contains("<a href=\"../2023/gone.md\">gone</a>"), "no placeholder is left behind");
}

#[test]
fn allow_broken_links_still_fails_on_any_other_problem() {
    let site = site("broken-links-and-more").file(
        "content/briefings/2024/typo.md",
        "---\ntitle: Typo\ndate: 2024-01-12\nkey_highlight: [x]\n---\n",
    );
    let err = site.build_fails_with(&["--allow-broken-links"]);
    assert!(err.contains("typo.md:4:1: unknown field `key_highlight`"), "{err}");
}

/// Serve previews a site in progress: broken links are warnings in the
/// terminal, with their place, and the pages are served, the redirect pages
/// of aliases included.
#[test]
fn serve_serves_a_site_with_a_broken_link_and_warns_in_the_terminal() {
    let site = site("broken-links-serve").file(
        "content/briefings/2024/moved.md",
        "---\ntitle: Moved\ndate: 2024-01-09\naliases: [/posts/moved/]\n---\nHere.\n",
    );
    let serve = site.serve(&[]);
    let (status, page) = serve.get("/briefings/broken/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<a href=\"/nowhere/\">nowhere</a>"), "{page}");
    let warnings: Vec<String> =
        (0..2).map(|_| serve.stderr.recv_timeout(Duration::from_secs(10)).expect("a warning")).collect();
    assert!(
        warnings[0].starts_with("warning: ")
            && warnings[0].ends_with("broken.md:5:5: `/nowhere/` leads to no page of this site"),
        "{warnings:?}"
    );
    let (status, redirect) = serve.get("/posts/moved/");
    assert_eq!(status, 200);
    assert!(
        redirect.contains(&format!("url=http://127.0.0.1:{}/briefings/moved/", serve.port)),
        "{redirect}"
    );
}
