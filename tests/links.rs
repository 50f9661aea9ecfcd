//! Links between briefings: file links (`../2023/x.md`) become URLs, and a
//! link that leads nowhere fails the build at its line and column.

mod common;

use common::*;

fn briefing(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ncompanies: [Huawei]\n---\n{body}")
}

/// A site with `mate.md` (a heading `Launch day`) and `back.md`, whose body is `body`.
fn mate_and_back(label: &str, body: &str) -> TestSite {
    TestSite::new(label)
        .file("content/briefings/2023/mate.md", briefing("Mate", "2023-08-30", "## Launch day\n\nText.\n"))
        .file("content/briefings/2024/back.md", briefing("Back", "2024-03-05", body))
}

#[test]
fn file_links_become_briefing_urls_under_the_base_path() {
    let built = mate_and_back(
        "links-ok",
        "See [the launch](../2023/mate.md#launch-day), [the company](/companies/huawei/) and [archive](/archive/).\n",
    ).build(&["--base-url", "https://example.org/briefs/"]);
    let page = built.page("/briefings/back/");
    assert!(page.contains(r#"href="/briefs/briefings/mate/#launch-day""#), "{page}");
    assert!(page.contains(r#"href="/briefs/companies/huawei/""#), "{page}");
    assert!(!page.contains("briefing:link"), "no placeholder is left: {page}");
    built.assert_links_resolve("https://example.org/briefs/");
}

#[test]
fn a_file_link_to_no_briefing_names_its_line_and_column() {
    let err = mate_and_back("links-bad", "Intro.\n\nSee [it](../2023/nope.md) now.\n").build_fails();
    assert!(
        err.starts_with(
            "error: [SITE]/content/briefings/2024/back.md:8:5: `../2023/nope.md` links to no such file"
        ),
        "{err}"
    );
}

#[test]
fn a_link_to_an_unknown_briefing_or_company_fails() {
    let err = mate_and_back("links-bad", "[a](/briefings/nope/) and [b](/companies/nobody/)\n").build_fails();
    assert!(err.contains("back.md:6:1: `/briefings/nope/` leads to no page of this site"), "{err}");
    assert!(err.contains("back.md:6:27: `/companies/nobody/` leads to no page of this site"), "{err}");
}

#[test]
fn a_missing_anchor_is_named_with_the_headings_there_are() {
    let err = mate_and_back("links-bad", "[a](/briefings/mate/#launch)\n").build_fails();
    assert!(
        err.contains("`/briefings/mate/#launch`: the briefing has no heading with the id `launch`"),
        "{err}"
    );
    assert!(err.contains("its headings are: launch-day"), "{err}");
}

#[test]
fn a_link_to_a_draft_says_so() {
    let draft = "---\ntitle: Draft\ndate: 2024-01-01\ndraft: true\n---\nSoon.\n";
    let err = mate_and_back("links-bad", "[a](draft.md)\n")
        .file("content/briefings/2024/draft.md", draft)
        .build_fails();
    assert!(err.contains("`draft.md` links to a briefing that this build does not publish"), "{err}");
}

#[test]
fn an_email_autolink_is_a_mailto_link_not_a_broken_page() {
    let body = "Report problems to <security@example.org>.\n";
    let page = TestSite::new("links-email")
        .file("content/briefings/2024/mail.md", briefing("Mail", "2024-03-05", body))
        .build(&[])
        .page("/briefings/mail/");
    assert!(page.contains(r#"href="mailto:security@example.org""#), "{page}");
}

#[test]
fn every_markdown_extension_hugo_and_jekyll_accept_is_a_briefing() {
    let body = "See [the old post](../2014/jekyll-post.markdown) and [upper](upper.MD).\n";
    let built = TestSite::new("links-exts")
        .file("content/briefings/2014/jekyll-post.markdown", briefing("Jekyll", "2014-12-17", "Old.\n"))
        .file("content/briefings/2015/upper.MD", briefing("Upper", "2015-01-02", "Up.\n"))
        .file("content/briefings/2015/short.mdown", briefing("Short", "2015-01-03", "Short.\n"))
        .file("content/briefings/2015/links.md", briefing("Links", "2015-02-01", body))
        .build(&[]);
    assert_eq!(
        built.briefings(),
        ["jekyll-post", "links", "short", "upper"].iter().map(|s| s.to_string()).collect()
    );
    let page = built.page("/briefings/links/");
    assert!(page.contains(r#"href="/briefings/jekyll-post/""#), "{page}");
    assert!(page.contains(r#"href="/briefings/upper/""#), "{page}");
}
