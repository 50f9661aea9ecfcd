//! `briefing build` on the fixture sites: the pages of the URL table, terms,
//! links, drafts and future briefings, sub-path base URLs, determinism,
//! atomic replacement of the output folder and the folders it refuses.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// The published briefings of `tests/fixtures/basic`, newest first.
const PUBLISHED: [&str; 6] = [
    "socgen-huawei-deal",
    "societe-generale-cloud",
    "jd-logistics",
    "jd-singles-day",
    "huawei-chinese-name",
    "huawei-mate-launch",
];
const COMPANIES: [&str; 5] = ["apple", "huawei", "jd-com", "nestle-labs", "societe-generale"];
const TOPICS: [&str; 7] =
    ["ar-vr", "banking", "cloud-computing", "e-commerce", "logistics", "smartphones", "us-sanctions"];
const DRAFT: &str = "xiaomi-ev-draft";
const FUTURE: &str = "tesla-future";
const BASE_URL: &str = "https://example.com/";

/// A fixture built straight from `tests/fixtures/NAME` into a temp folder.
struct Built {
    _tmp: TempDir,
    out: PathBuf,
    run: Run,
}

fn build_fixture(name: &str, extra: &[&str]) -> Built {
    let tmp = TempDir::new(name);
    let out = tmp.join("out");
    let run = build(&fixture(name), &out, extra).success();
    Built { _tmp: tmp, out, run }
}

fn slugs(urls: &[String]) -> Vec<String> {
    urls.iter()
        .map(|u| briefing_slug(u).unwrap_or_else(|| panic!("{u} is not a briefing URL")).to_string())
        .collect()
}

/// The briefing slugs in the timeline of a term page and all its `/page/N/`.
fn term_timeline(out: &Path, path: &str) -> Vec<String> {
    follow_pages(out, "/", path).iter().flat_map(|(_, html)| slugs(&card_links(timeline(html)))).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_page_of_the_url_table_exists() {
    let b = build_fixture("basic", &[]);
    let mut expected: Vec<String> = vec![
        "/".into(),
        "/page/2/".into(),
        "/page/3/".into(),
        "/companies/".into(),
        "/companies/huawei/page/2/".into(),
        "/topics/".into(),
        "/topics/smartphones/page/2/".into(),
        "/archive/".into(),
        "/404.html".into(),
        "/style.css".into(),
    ];
    expected.extend(PUBLISHED.iter().map(|s| format!("/briefings/{s}/")));
    expected.extend(COMPANIES.iter().map(|s| format!("/companies/{s}/")));
    expected.extend(TOPICS.iter().map(|s| format!("/topics/{s}/")));
    let missing: Vec<&String> = expected.iter().filter(|p| !page_exists(&b.out, p)).collect();
    assert!(missing.is_empty(), "missing pages: {missing:?}");

    for absent in ["/page/4/", "/page/1/", "/companies/huawei/page/3/", "/companies/apple/page/2/"] {
        assert!(!page_exists(&b.out, absent), "{absent} should not exist");
    }
    assert_eq!(built_briefings(&b.out), set(&PUBLISHED));

    let (briefings, pages, out) = b.run.built();
    assert_eq!(briefings, PUBLISHED.len());
    let html_count = html_files(&b.out).len();
    assert!(pages >= html_count, "stdout reports {pages} pages, but {html_count} HTML files were written");
    assert_eq!(out, b.out.display().to_string());
    assert!(b.run.stderr.is_empty(), "stderr: {}", b.run.stderr);
}

#[test]
fn home_pagination_lists_every_briefing_newest_first() {
    let b = build_fixture("basic", &[]);
    let pages = follow_pages(&b.out, "/", "/");
    let urls: Vec<&str> = pages.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(urls, ["/", "/page/2/", "/page/3/"]);
    let per_page: Vec<Vec<String>> = pages.iter().map(|(_, h)| slugs(&card_links(h))).collect();
    assert_eq!(per_page, [&PUBLISHED[0..2], &PUBLISHED[2..4], &PUBLISHED[4..6]]);
    // The last page links back, the first page has no newer page.
    assert_eq!(rel_link(&pages[2].1, "prev").as_deref(), Some("/page/2/"));
    assert_eq!(rel_link(&pages[1].1, "prev").as_deref(), Some("/"));
    assert_eq!(rel_link(&pages[0].1, "prev"), None);
}

#[test]
fn company_and_topic_pages_paginate() {
    let b = build_fixture("basic", &[]);
    let huawei = follow_pages(&b.out, "/", "/companies/huawei/");
    let urls: Vec<&str> = huawei.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(urls, ["/companies/huawei/", "/companies/huawei/page/2/"]);
    let per_page: Vec<Vec<String>> = huawei.iter().map(|(_, h)| slugs(&card_links(timeline(h)))).collect();
    assert_eq!(
        per_page,
        [["socgen-huawei-deal", "jd-logistics"], ["huawei-chinese-name", "huawei-mate-launch"]]
    );
    assert_eq!(
        term_timeline(&b.out, "/topics/smartphones/"),
        ["socgen-huawei-deal", "huawei-chinese-name", "huawei-mate-launch"]
    );
}

#[test]
fn aliases_are_filed_under_the_canonical_company() {
    let b = build_fixture("basic", &[]);
    // 华为 and "Huawei Technologies" are aliases in huawei.yaml; SocGen and
    // "société-générale" belong to societe-generale.yaml.
    let chinese = read_page(&b.out, "/briefings/huawei-chinese-name/");
    assert_eq!(chip_links(&chinese, "company"), ["/companies/huawei/"]);
    let logistics = read_page(&b.out, "/briefings/jd-logistics/");
    assert_eq!(chip_links(&logistics, "company"), ["/companies/jd-com/", "/companies/huawei/"]);
    // Two spellings of one company in one briefing count once.
    let deal = read_page(&b.out, "/briefings/socgen-huawei-deal/");
    assert_eq!(chip_links(&deal, "company"), ["/companies/societe-generale/", "/companies/huawei/"]);
    let timeline = term_timeline(&b.out, "/companies/huawei/");
    assert!(
        timeline.contains(&"huawei-chinese-name".to_string()),
        "the 华为 briefing is on the Huawei page: {timeline:?}"
    );
    let companies = fs::read_dir(b.out.join("companies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect::<BTreeSet<_>>();
    assert_eq!(
        companies,
        set(&COMPANIES),
        "aliases get no pages of their own (no hua-wei, huawei-technologies, socgen)"
    );
    let huawei = read_page(&b.out, "/companies/huawei/");
    assert!(huawei.contains("华为"), "the profile's aliases are shown on the company page");
}

#[test]
fn accented_and_cjk_names_get_ascii_slugs() {
    let b = build_fixture("basic", &[]);
    let sg = read_page(&b.out, "/companies/societe-generale/");
    assert!(sg.contains("Société Générale"), "the page keeps the name as written in the profile");
    assert_eq!(
        term_timeline(&b.out, "/companies/societe-generale/"),
        ["socgen-huawei-deal", "societe-generale-cloud"]
    );
    // No profile: the slug is transliterated from the name.
    assert_eq!(
        term_timeline(&b.out, "/companies/nestle-labs/"),
        ["societe-generale-cloud", "jd-singles-day"]
    );
    for rel in listing(&b.out, &[]) {
        let name = rel.to_string_lossy();
        assert!(
            name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"-./_".contains(&c)),
            "output path {name:?} is not lowercase ASCII"
        );
    }
}

#[test]
fn names_differing_in_case_or_punctuation_are_one_term() {
    let b = build_fixture("basic", &[]);
    let index = term_index(&read_page(&b.out, "/companies/"));
    let jd: Vec<&(String, usize)> = index.iter().filter(|(u, _)| u.contains("jd")).collect();
    assert_eq!(jd, [&("/companies/jd-com/".to_string(), 2)], "JD.com and `jd com` are one company");
    assert_eq!(term_timeline(&b.out, "/companies/jd-com/"), ["jd-logistics", "jd-singles-day"]);
    // E-commerce / e-commerce, Smartphones / smartphones.
    assert_eq!(term_timeline(&b.out, "/topics/e-commerce/"), ["jd-logistics", "jd-singles-day"]);
    let topics = term_index(&read_page(&b.out, "/topics/"));
    let urls: Vec<&str> = topics.iter().map(|(u, _)| u.as_str()).collect();
    let expected: Vec<String> = TOPICS.iter().map(|t| format!("/topics/{t}/")).collect();
    assert_eq!(urls, expected, "one entry per topic, sorted by name");
}

#[test]
fn term_index_counts_match_the_briefing_pages() {
    let b = build_fixture("basic", &[]);
    let briefing_pages: Vec<String> =
        built_briefings(&b.out).iter().map(|s| read_page(&b.out, &format!("/briefings/{s}/"))).collect();
    for (kind, index_path) in [("company", "/companies/"), ("topic", "/topics/")] {
        let index = term_index(&read_page(&b.out, index_path));
        assert!(!index.is_empty());
        for (url, count) in index {
            let linking = briefing_pages.iter().filter(|html| chip_links(html, kind).contains(&url)).count();
            assert_eq!(
                count, linking,
                "{url}: the count on {index_path} is not the number of briefings tagged with it"
            );
            assert_eq!(
                term_timeline(&b.out, &url).len(),
                count,
                "{url}: the timeline length differs from the count on {index_path}"
            );
        }
    }
}

#[test]
fn every_internal_link_resolves() {
    let b = build_fixture("basic", &[]);
    assert_links_resolve(&b.out, BASE_URL);
    // The body's links (root-relative with a fragment, relative, to a
    // static file, a static image) are internal and were checked too; a
    // relative one is made root-relative, so it works in feeds as well.
    let html = read_page(&b.out, "/briefings/huawei-mate-launch/");
    let prose = section(&html, "<div class=\"prose\">", "</div>\n  </div>").unwrap_or(&html);
    assert!(prose.contains("href=\"/archive/\"") && !prose.contains("../../archive/"), "{prose}");
    let all = links(&html);
    for link in
        ["/briefings/jd-singles-day/#the-numbers", "#why-it-matters", "/files/notes.txt", "/img/logo.svg"]
    {
        assert!(all.iter().any(|l| l == link), "{link} missing: {all:?}");
    }

    let all = build_fixture("basic", &["--drafts", "--future"]);
    assert_links_resolve(&all.out, BASE_URL);
}

#[test]
fn the_link_checker_catches_broken_links() {
    // The checker itself: a missing page, a missing fragment, a link outside
    // the base path.
    let b = build_fixture("basic", &[]);
    write(
        &b.out,
        "extra/index.html",
        r##"<a href="/nope/">x</a> <a href="/briefings/jd-singles-day/#nope">y</a>
           <a href="#also-nope">z</a> <a href="https://elsewhere.example/">ok</a>"##,
    );
    let broken = broken_links(&b.out, BASE_URL);
    assert_eq!(broken.len(), 3, "{broken:#?}");
    let with_base = broken_links(&b.out, "https://example.com/briefs/");
    assert!(with_base.iter().any(|b| b.contains("outside the base path")));
}

#[test]
fn drafts_are_built_only_with_drafts() {
    let b = build_fixture("basic", &[]);
    assert!(!built_briefings(&b.out).contains(DRAFT));
    assert!(!page_exists(&b.out, "/companies/xiaomi/"));
    assert!(!page_exists(&b.out, "/topics/electric-vehicles/"));
    for (path, bytes) in read_tree(&b.out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(DRAFT) && !text.contains("Xiaomi"), "{} mentions the draft", path.display());
    }

    let d = build_fixture("basic", &["--drafts"]);
    assert_eq!(d.run.built().0, PUBLISHED.len() + 1);
    assert!(built_briefings(&d.out).contains(DRAFT));
    assert!(!built_briefings(&d.out).contains(FUTURE));
    assert_eq!(term_timeline(&d.out, "/companies/xiaomi/"), [DRAFT]);
    let home = follow_pages(&d.out, "/", "/");
    assert!(home.iter().any(|(_, h)| slugs(&card_links(h)).contains(&DRAFT.to_string())));
}

#[test]
fn future_briefings_are_built_only_with_future() {
    let b = build_fixture("basic", &[]);
    assert!(!built_briefings(&b.out).contains(FUTURE));
    assert!(!page_exists(&b.out, "/companies/tesla/"));
    assert!(!read_page(&b.out, "/archive/").contains("2099"));

    let f = build_fixture("basic", &["--future"]);
    assert_eq!(f.run.built().0, PUBLISHED.len() + 1);
    assert!(built_briefings(&f.out).contains(FUTURE));
    assert!(!built_briefings(&f.out).contains(DRAFT));
    assert_eq!(term_timeline(&f.out, "/companies/tesla/"), [FUTURE]);
    let home = read_page(&f.out, "/");
    assert_eq!(slugs(&card_links(&home))[0], FUTURE, "the future briefing is the newest");
    assert!(read_page(&f.out, "/archive/").contains("2099"));
}

#[test]
fn a_sub_path_base_url_prefixes_every_internal_link() {
    let base = "https://example.org/briefs/";
    let b = build_fixture("basic", &["--base-url", base]);
    // The output folder is the site root: pages are not nested under briefs/.
    assert!(page_exists(&b.out, "/companies/huawei/"));
    assert!(!b.out.join("briefs").exists());
    let mut checked = 0;
    for rel in html_files(&b.out) {
        let html = fs::read_to_string(b.out.join(&rel)).unwrap();
        for link in links(&html) {
            if link.starts_with('/') && !link.starts_with("//") {
                assert!(
                    link.starts_with("/briefs/"),
                    "{}: {link} does not start with /briefs/",
                    rel.display()
                );
                checked += 1;
            }
            assert!(
                !link.starts_with("https://example.com/"),
                "{}: {link} uses site.yaml's base_url, not --base-url",
                rel.display()
            );
        }
    }
    assert!(checked > 100, "only {checked} internal links seen");
    assert_links_resolve(&b.out, base);
    // Markdown links written root-relative are rebased too.
    let html = read_page(&b.out, "/briefings/huawei-mate-launch/");
    assert!(
        links(&html).contains(&"/briefs/briefings/jd-singles-day/#the-numbers".to_string()),
        "{:?}",
        links(&html)
    );
    assert!(html.contains("href=\"https://example.org/briefs/briefings/huawei-mate-launch/\""));
    // ... and so are links in key highlights and summaries, on cards too.
    for path in ["/briefings/jd-logistics/", "/page/2/", "/companies/jd-com/"] {
        let all = links(&read_page(&b.out, path));
        assert!(
            all.contains(&"/briefs/briefings/jd-singles-day/#the-numbers".to_string()),
            "{path}: highlight link not rebased: {all:?}"
        );
    }
    let all = links(&read_page(&b.out, "/briefings/huawei-chinese-name/"));
    assert!(all.contains(&"/briefs/companies/huawei/".to_string()), "summary link not rebased: {all:?}");

    // Without the trailing slash, the same site.
    let bare = build_fixture("basic", &["--base-url", "https://example.org/briefs"]);
    assert_same_tree(
        &read_tree(&b.out),
        &read_tree(&bare.out),
        "--base-url with and without the trailing slash",
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = TempDir::new("identical");
    let root = fixture("basic");
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    build(&root, &a, &["--drafts", "--future"]).success();
    build(&root, &b, &["--drafts", "--future"]).success();
    let first = read_tree(&a);
    assert!(first.len() > 20);
    assert_same_tree(&first, &read_tree(&b), "two builds into two folders");
    // Rebuilding into the same folder replaces it with the same bytes.
    build(&root, &a, &["--drafts", "--future"]).success();
    assert_same_tree(&first, &read_tree(&a), "a rebuild into the same folder");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = TempDir::new("failed");
    let site = copy_fixture(&tmp, "basic");
    let out = tmp.join("out");
    build(&site, &out, &[]).success();
    let before = read_tree(&out);
    let around = listing(tmp.path(), &[OsStr::new("site")]);

    // A content error: found before anything is staged.
    write(&site, "content/briefings/2024/broken.md", "---\ntitle: Broken\ndate: 2024-13-45\n---\n");
    let run = build(&site, &out, &[]).failure();
    assert!(run.stderr.contains("broken.md:3:7"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&out), "after a content error");
    assert_eq!(
        listing(tmp.path(), &[OsStr::new("site")]),
        around,
        "a failed build leaves nothing beside the output folder"
    );
    fs::remove_file(site.join("content/briefings/2024/broken.md")).unwrap();

    // A rendering error: found while pages are being written to staging.
    write(
        &site,
        "templates/briefing.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ briefing.no_such_field.deeper }}\n{% endblock content %}\n",
    );
    let run = build(&site, &out, &[]).failure();
    assert!(run.stderr.contains("templates/briefing.html:3:"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&out), "after a rendering error");
    assert_eq!(listing(tmp.path(), &[OsStr::new("site")]), around);
}

#[test]
fn a_deleted_briefing_disappears_on_rebuild() {
    let tmp = TempDir::new("stale");
    let site = copy_fixture(&tmp, "basic");
    let out = tmp.join("out");
    build(&site, &out, &[]).success();
    assert!(page_exists(&out, "/briefings/huawei-mate-launch/"));
    assert!(page_exists(&out, "/companies/apple/"));

    fs::remove_file(site.join("content/briefings/2024/huawei-mate-launch.md")).unwrap();
    let run = build(&site, &out, &[]).success();
    assert_eq!(run.built().0, PUBLISHED.len() - 1);
    assert!(!out.join("briefings/huawei-mate-launch").exists());
    // Its only company and topic go with it.
    assert!(!out.join("companies/apple").exists());
    assert!(!out.join("topics/ar-vr").exists());
    let home: Vec<String> =
        follow_pages(&out, "/", "/").iter().flat_map(|(_, h)| slugs(&card_links(h))).collect();
    assert_eq!(home, PUBLISHED[..5]);
    assert_links_resolve(&out, BASE_URL);
    // A fresh build of the same site gives the same files: nothing stale is left.
    let fresh = tmp.join("fresh");
    build(&site, &fresh, &[]).success();
    assert_same_tree(&read_tree(&fresh), &read_tree(&out), "rebuilt vs fresh");
}

#[test]
fn static_files_are_copied_as_they_are() {
    let b = build_fixture("basic", &[]);
    for rel in ["img/logo.svg", "files/notes.txt"] {
        assert_eq!(
            fs::read(b.out.join(rel)).unwrap(),
            fs::read(fixture("basic").join("static").join(rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn out_defaults_to_root_public() {
    let tmp = TempDir::new("default-out");
    let site = copy_fixture(&tmp, "basic");
    let run = briefing([OsStr::new("build"), OsStr::new("--root"), site.as_os_str()]).success();
    assert!(page_exists(&site.join("public"), "/companies/huawei/"));
    assert_eq!(run.built().2, site.join("public").display().to_string());
}

/// Builds `site` into `out`, expecting a refusal that touches neither the
/// output folder nor anything else under `tmp`.
#[track_caller]
fn assert_refused(tmp: &TempDir, site: &Path, out: &Path, why: &str) {
    let before = read_tree(tmp.path());
    let listed = listing(tmp.path(), &[]);
    let run = build(site, out, &[]).failure();
    assert!(run.stderr.contains(why), "expected {why:?} in:\n{}", run.stderr);
    assert_eq!(listing(tmp.path(), &[]), listed, "files appeared or vanished");
    assert_same_tree(&before, &read_tree(tmp.path()), "a refused build");
}

#[test]
fn refuses_output_folders_that_would_lose_something() {
    let tmp = TempDir::new("refusals");
    let site = copy_fixture(&tmp, "basic");

    assert_refused(&tmp, &site, &site, "the output folder is the site folder");
    assert_refused(&tmp, &site, tmp.path(), "contains the site folder");
    assert_refused(&tmp, &site, &site.join("content/out"), "inside the site's `content/` folder");

    let holds_content = tmp.join("holds-content");
    write(&holds_content, "content/briefings/a.md", "---\n");
    assert_refused(&tmp, &site, &holds_content, "holds `content`");

    let holds_config = tmp.join("holds-config");
    write(&holds_config, "site.yaml", "title: Mine\n");
    assert_refused(&tmp, &site, &holds_config, "holds `site.yaml`");

    let foreign = tmp.join("foreign");
    write(&foreign, "thesis.txt", "years of work");
    assert_refused(&tmp, &site, &foreign, "not empty and was not made by `briefing build`");

    // An empty folder, and a folder made by an earlier build, are fine.
    let empty = tmp.join("empty");
    fs::create_dir(&empty).unwrap();
    build(&site, &empty, &[]).success();
    build(&site, &empty, &[]).success();
    assert!(page_exists(&empty, "/"));
}

/// Nothing is written outside the output folder except the previous build,
/// kept beside it as `.OUT.old` until the next build deletes it, and the
/// lock file `.OUT.lock` (one build at a time).
#[test]
fn nothing_is_written_outside_the_output_folder() {
    let tmp = TempDir::new("outside");
    let site = copy_fixture(&tmp, "basic");
    write(tmp.path(), "neighbour/keep.txt", "untouched");
    let out = tmp.join("out");
    let skip = [OsStr::new("out"), OsStr::new(".out.old"), OsStr::new(".out.lock")];
    let before = read_tree(tmp.path());
    let listed = listing(tmp.path(), &skip);

    build(&site, &out, &[]).success();
    assert_eq!(listing(tmp.path(), &skip), listed, "first build");
    assert!(!tmp.join(".out.old").exists(), "a first build has no previous build to keep");
    let first = read_tree(&out);
    build(&site, &out, &["--drafts", "--future"]).success();
    assert_eq!(listing(tmp.path(), &skip), listed, "rebuild");
    assert_same_tree(&first, &read_tree(&tmp.join(".out.old")), "the previous build, kept as .out.old");
    build(&site, &out, &[]).success();
    assert_eq!(listing(tmp.path(), &skip), listed, "third build");
    assert_same_tree(
        &before,
        &read_tree(tmp.path())
            .into_iter()
            .filter(|(p, _)| {
                !p.starts_with("out") && !p.starts_with(".out.old") && !p.starts_with(".out.lock")
            })
            .collect(),
        "the site and its neighbours",
    );
    assert!(!site.join("public").exists());
}

#[test]
fn the_fixture_folders_are_never_written() {
    // Every other test builds `tests/fixtures/*` with --out in a temp folder.
    for name in ["basic", "override"] {
        let dir = fixture(name);
        let before = read_tree(&dir);
        let tmp = TempDir::new("fixture-ro");
        build(&dir, &tmp.join("out"), &["--drafts", "--future"]).success();
        assert_same_tree(&before, &read_tree(&dir), name);
        for name in ["public", ".public.staging", ".public.old"] {
            assert!(!dir.join(name).exists(), "{name} in fixture");
        }
    }
}

#[test]
fn a_site_template_overrides_only_its_built_in() {
    let b = build_fixture("override", &[]);
    assert_links_resolve(&b.out, BASE_URL);
    for slug in ["first", "second"] {
        let html = read_page(&b.out, &format!("/briefings/{slug}/"));
        assert!(
            html.contains(r#"data-template="site-briefing""#),
            "{slug} is rendered by the site's briefing.html"
        );
        assert!(!html.contains("class=\"briefing-title\""), "the built-in briefing.html is not used");
        // The override extends the built-in base.html.
        assert!(html.contains("<main id=\"content\""));
    }
    for path in ["/", "/companies/", "/companies/huawei/", "/topics/", "/archive/"] {
        let html = read_page(&b.out, path);
        assert!(!html.contains("site-briefing"), "{path} should use a built-in template");
        assert!(html.contains("<main id=\"content\""), "{path}");
    }
    let home = read_page(&b.out, "/");
    assert_eq!(slugs(&card_links(&home)), ["second", "first"], "the built-in index.html renders cards");
    assert!(!fs::read(b.out.join("style.css")).unwrap().is_empty());
}

/// Ids that occur more than once in `html`.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut dups: Vec<String> =
        attr_values(html, "id").into_iter().filter(|id| !seen.insert(id.clone())).collect();
    dups.dedup();
    dups
}

#[test]
fn ids_are_unique_on_every_page() {
    let b = build_fixture("basic", &["--drafts", "--future"]);
    for rel in html_files(&b.out) {
        let html = fs::read_to_string(b.out.join(&rel)).unwrap();
        let dups = duplicate_ids(&html);
        assert!(dups.is_empty(), "{}: duplicate ids {dups:?}", rel.display());
    }
}

#[test]

fn body_heading_ids_do_not_collide_with_template_ids() {
    let tmp = TempDir::new("heading-ids");
    let site = tmp.join("site");
    write(
        &site,
        "content/briefings/headings.md",
        "---\ntitle: Headings\ndate: 2024-01-10\n---\nLead.\n\n## Content\n\n## Key highlights heading\n\n## Sources heading\n",
    );
    let out = tmp.join("out");
    build(&site, &out, &[]).success();
    let html = read_page(&out, "/briefings/headings/");
    assert_eq!(duplicate_ids(&html), Vec::<String>::new());
    // The skip link still lands on <main>.
    assert_links_resolve(&out, "http://127.0.0.1:1111/");
}

#[test]

fn summary_from_a_first_paragraph_with_a_footnote_keeps_links_working() {
    let tmp = TempDir::new("footnote-summary");
    let site = tmp.join("site");
    write(
        &site,
        "content/briefings/noted.md",
        "---\ntitle: Noted\ndate: 2024-01-10\ncompanies: [Huawei]\n---\nThe lead makes a claim.[^src]\n\nMore text.\n\n[^src]: The source of the claim.\n",
    );
    let out = tmp.join("out");
    build(&site, &out, &[]).success();
    // On the home page and the company page there is no footnote to jump to.
    assert_links_resolve(&out, "http://127.0.0.1:1111/");
}

/// Leftovers of an interrupted build (they carry the build marker) are
/// cleaned up; a folder of the user's in the way is never deleted.
#[test]
fn leftovers_of_an_interrupted_build_are_cleaned_but_foreign_folders_kept() {
    let tmp = TempDir::new("leftovers");
    let site = copy_fixture(&tmp, "basic");
    let out = tmp.join("out");
    build(&site, &out, &[]).success();
    write(tmp.path(), ".out.staging/.briefing-output", "marker");
    write(tmp.path(), ".out.staging/briefings/half/index.html", "half written");
    build(&site, &out, &[]).success();
    assert!(!tmp.join(".out.staging").exists());

    fs::remove_dir_all(tmp.join(".out.old")).unwrap();
    write(tmp.path(), ".out.old/notes.txt", "mine");
    let before = read_tree(&out);
    let run = build(&site, &out, &[]).failure();
    assert!(run.stderr.contains(".out.old: this folder is in the way of the build"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(tmp.join(".out.old/notes.txt")).unwrap(), "mine");
    assert_same_tree(&before, &read_tree(&out), "the output after a refused build");
}

/// The replaced build is recycled as the next staging folder: over a series
/// of rebuilds with changes, every output equals a fresh build of the same
/// input, the previous output survives intact as `.out.old`, and a static
/// file that turns into a folder (and back) is handled.
#[test]
fn recycled_builds_equal_fresh_builds() {
    let tmp = TempDir::new("recycle");
    let site = copy_fixture(&tmp, "basic");
    let out = tmp.join("out");
    let fresh = |label: &str| {
        let dir = tmp.join(format!("fresh-{label}"));
        build(&site, &dir, &[]).success();
        let tree = read_tree(&dir);
        fs::remove_dir_all(&dir).unwrap();
        tree
    };
    let steps: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| {}),
        Box::new(|| write(&site, "static/thing", "a file")),
        Box::new(|| {
            fs::remove_file(site.join("static/thing")).unwrap();
            write(&site, "static/thing/inside.txt", "now a folder");
        }),
        Box::new(|| {
            let b = site.join("content/briefings/2024/huawei-mate-launch.md");
            let text = fs::read_to_string(&b).unwrap();
            fs::write(&b, text.replace("Huawei launches the Mate flagship", "Huawei launches again"))
                .unwrap();
        }),
        Box::new(|| {
            fs::remove_dir_all(site.join("static/thing")).unwrap();
            write(&site, "static/thing", "a file again");
        }),
    ];
    let mut previous: Option<std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>> = None;
    for (n, step) in steps.iter().enumerate() {
        step();
        build(&site, &out, &[]).success();
        let built = read_tree(&out);
        assert_same_tree(&fresh(&n.to_string()), &built, &format!("build {n} against a fresh build"));
        if let Some(previous) = &previous {
            assert_same_tree(previous, &read_tree(&tmp.join(".out.old")), &format!("the build before {n}"));
        }
        previous = Some(built);
    }
}
