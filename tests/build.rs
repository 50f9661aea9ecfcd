//! `briefing build` on the fixture sites: the pages of the URL table, terms,
//! links, drafts and future briefings, sub-path base URLs, determinism,
//! atomic replacement of the output folder and the folders it refuses.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;

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

/// `tests/fixtures/basic`, built where it is into a temp folder.
fn basic() -> TestSite {
    TestSite::fixture_in_place("basic")
}

fn slugs(urls: &[String]) -> Vec<String> {
    urls.iter()
        .map(|u| briefing_slug(u).unwrap_or_else(|| panic!("{u} is not a briefing URL")).to_string())
        .collect()
}

/// The briefing slugs in the timeline of a term page and all its `/page/N/`.
fn term_timeline(built: &Built, path: &str) -> Vec<String> {
    built.follow("/", path).iter().flat_map(|(_, html)| slugs(&card_links(timeline(html)))).collect()
}

/// The briefing slugs on the cards of the home page and all its `/page/N/`.
fn home_timeline(built: &Built) -> Vec<String> {
    built.follow("/", "/").iter().flat_map(|(_, html)| slugs(&card_links(html))).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_page_of_the_url_table_exists() {
    let b = basic().build(&[]);
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
    let missing: Vec<&String> = expected.iter().filter(|p| !b.has_page(p)).collect();
    assert!(missing.is_empty(), "missing pages: {missing:?}");

    for absent in ["/page/4/", "/page/1/", "/companies/huawei/page/3/", "/companies/apple/page/2/"] {
        assert!(!b.has_page(absent), "{absent} should not exist");
    }
    assert_eq!(b.briefings(), set(&PUBLISHED));

    let (briefings, pages, out) = b.reported();
    assert_eq!(briefings, PUBLISHED.len());
    let html_count = b.html_files().len();
    assert!(pages >= html_count, "stdout reports {pages} pages, but {html_count} HTML files were written");
    assert_eq!(out, b.out().display().to_string());
    assert!(b.stderr.is_empty(), "stderr: {}", b.stderr);
}

#[test]
fn home_pagination_lists_every_briefing_newest_first() {
    let pages = basic().build(&[]).follow("/", "/");
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
    let b = basic().build(&[]);
    let huawei = b.follow("/", "/companies/huawei/");
    let urls: Vec<&str> = huawei.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(urls, ["/companies/huawei/", "/companies/huawei/page/2/"]);
    let per_page: Vec<Vec<String>> = huawei.iter().map(|(_, h)| slugs(&card_links(timeline(h)))).collect();
    assert_eq!(
        per_page,
        [["socgen-huawei-deal", "jd-logistics"], ["huawei-chinese-name", "huawei-mate-launch"]]
    );
    assert_eq!(
        term_timeline(&b, "/topics/smartphones/"),
        ["socgen-huawei-deal", "huawei-chinese-name", "huawei-mate-launch"]
    );
}

#[test]
fn aliases_are_filed_under_the_canonical_company() {
    let b = basic().build(&[]);
    // 华为 and "Huawei Technologies" are aliases in huawei.yaml; SocGen and
    // "société-générale" belong to societe-generale.yaml.
    let chinese = b.page("/briefings/huawei-chinese-name/");
    assert_eq!(chip_links(&chinese, "company"), ["/companies/huawei/"]);
    let logistics = b.page("/briefings/jd-logistics/");
    assert_eq!(chip_links(&logistics, "company"), ["/companies/jd-com/", "/companies/huawei/"]);
    // Two spellings of one company in one briefing count once.
    let deal = b.page("/briefings/socgen-huawei-deal/");
    assert_eq!(chip_links(&deal, "company"), ["/companies/societe-generale/", "/companies/huawei/"]);
    let timeline = term_timeline(&b, "/companies/huawei/");
    assert!(
        timeline.contains(&"huawei-chinese-name".to_string()),
        "the 华为 briefing is on the Huawei page: {timeline:?}"
    );
    let companies = fs::read_dir(b.out().join("companies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect::<BTreeSet<_>>();
    assert_eq!(
        companies,
        set(&COMPANIES),
        "aliases get no pages of their own (no hua-wei, huawei-technologies, socgen)"
    );
    let huawei = b.page("/companies/huawei/");
    assert!(huawei.contains("华为"), "the profile's aliases are shown on the company page");
}

#[test]
fn accented_and_cjk_names_get_ascii_slugs() {
    let b = basic().build(&[]);
    let sg = b.page("/companies/societe-generale/");
    assert!(sg.contains("Société Générale"), "the page keeps the name as written in the profile");
    assert_eq!(
        term_timeline(&b, "/companies/societe-generale/"),
        ["socgen-huawei-deal", "societe-generale-cloud"]
    );
    // No profile: the slug is transliterated from the name.
    assert_eq!(term_timeline(&b, "/companies/nestle-labs/"), ["societe-generale-cloud", "jd-singles-day"]);
    for rel in listing(b.out(), &[]) {
        let name = rel.to_string_lossy();
        assert!(
            name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"-./_".contains(&c)),
            "output path {name:?} is not lowercase ASCII"
        );
    }
}

#[test]
fn names_differing_in_case_or_punctuation_are_one_term() {
    let b = basic().build(&[]);
    let index = term_index(&b.page("/companies/"));
    let jd: Vec<&(String, usize)> = index.iter().filter(|(u, _)| u.contains("jd")).collect();
    assert_eq!(jd, [&("/companies/jd-com/".to_string(), 2)], "JD.com and `jd com` are one company");
    assert_eq!(term_timeline(&b, "/companies/jd-com/"), ["jd-logistics", "jd-singles-day"]);
    // E-commerce / e-commerce, Smartphones / smartphones.
    assert_eq!(term_timeline(&b, "/topics/e-commerce/"), ["jd-logistics", "jd-singles-day"]);
    let topics = term_index(&b.page("/topics/"));
    let urls: Vec<&str> = topics.iter().map(|(u, _)| u.as_str()).collect();
    let expected: Vec<String> = TOPICS.iter().map(|t| format!("/topics/{t}/")).collect();
    assert_eq!(urls, expected, "one entry per topic, sorted by name");
}

#[test]
fn term_index_counts_match_the_briefing_pages() {
    let b = basic().build(&[]);
    let briefing_pages: Vec<String> =
        b.briefings().iter().map(|s| b.page(&format!("/briefings/{s}/"))).collect();
    for (kind, index_path) in [("company", "/companies/"), ("topic", "/topics/")] {
        let index = term_index(&b.page(index_path));
        assert!(!index.is_empty());
        for (url, count) in index {
            let linking = briefing_pages.iter().filter(|html| chip_links(html, kind).contains(&url)).count();
            assert_eq!(
                count, linking,
                "{url}: the count on {index_path} is not the number of briefings tagged with it"
            );
            assert_eq!(
                term_timeline(&b, &url).len(),
                count,
                "{url}: the timeline length differs from the count on {index_path}"
            );
        }
    }
}

#[test]
fn every_internal_link_resolves() {
    let site = basic();
    let b = site.build(&[]);
    b.assert_links_resolve(BASE_URL);
    // The body's links (root-relative with a fragment, relative, to a
    // static file, a static image) are internal and were checked too; a
    // relative one is made root-relative, so it works in feeds as well.
    let html = b.page("/briefings/huawei-mate-launch/");
    let prose = section(&html, "<div class=\"prose\">", "</div>\n  </div>").unwrap_or(&html);
    assert!(prose.contains("href=\"/archive/\"") && !prose.contains("../../archive/"), "{prose}");
    let all = links(&html);
    for link in
        ["/briefings/jd-singles-day/#the-numbers", "#why-it-matters", "/files/notes.txt", "/img/logo.svg"]
    {
        assert!(all.iter().any(|l| l == link), "{link} missing: {all:?}");
    }

    site.build(&["--drafts", "--future"]).assert_links_resolve(BASE_URL);
}

#[test]
fn the_link_checker_catches_broken_links() {
    // The checker itself: a missing page, a missing fragment, a link outside
    // the base path.
    let b = basic().build(&[]);
    write(
        b.out(),
        "extra/index.html",
        r##"<a href="/nope/">x</a> <a href="/briefings/jd-singles-day/#nope">y</a>
           <a href="#also-nope">z</a> <a href="https://elsewhere.example/">ok</a>"##,
    );
    let broken = broken_links(b.out(), BASE_URL);
    assert_eq!(broken.len(), 3, "{broken:#?}");
    let with_base = broken_links(b.out(), "https://example.com/briefs/");
    assert!(with_base.iter().any(|b| b.contains("outside the base path")));
}

#[test]
fn drafts_are_built_only_with_drafts() {
    let site = basic();
    let b = site.build(&[]);
    assert!(!b.briefings().contains(DRAFT));
    assert!(!b.has_page("/companies/xiaomi/"));
    assert!(!b.has_page("/topics/electric-vehicles/"));
    for (path, bytes) in b.tree() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(DRAFT) && !text.contains("Xiaomi"), "{} mentions the draft", path.display());
    }

    let d = site.build(&["--drafts"]);
    assert_eq!(d.reported().0, PUBLISHED.len() + 1);
    assert!(d.briefings().contains(DRAFT));
    assert!(!d.briefings().contains(FUTURE));
    assert_eq!(term_timeline(&d, "/companies/xiaomi/"), [DRAFT]);
    assert!(home_timeline(&d).contains(&DRAFT.to_string()));
}

#[test]
fn future_briefings_are_built_only_with_future() {
    let site = basic();
    let b = site.build(&[]);
    assert!(!b.briefings().contains(FUTURE));
    assert!(!b.has_page("/companies/tesla/"));
    assert!(!b.page("/archive/").contains("2099"));

    let f = site.build(&["--future"]);
    assert_eq!(f.reported().0, PUBLISHED.len() + 1);
    assert!(f.briefings().contains(FUTURE));
    assert!(!f.briefings().contains(DRAFT));
    assert_eq!(term_timeline(&f, "/companies/tesla/"), [FUTURE]);
    let home = f.page("/");
    assert_eq!(slugs(&card_links(&home))[0], FUTURE, "the future briefing is the newest");
    assert!(f.page("/archive/").contains("2099"));
}

#[test]
fn a_sub_path_base_url_prefixes_every_internal_link() {
    let base = "https://example.org/briefs/";
    let site = basic();
    let b = site.build(&["--base-url", base]);
    // The output folder is the site root: pages are not nested under briefs/.
    assert!(b.has_page("/companies/huawei/"));
    assert!(!b.out().join("briefs").exists());
    let mut checked = 0;
    for rel in b.html_files() {
        let html = fs::read_to_string(b.out().join(&rel)).unwrap();
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
    b.assert_links_resolve(base);
    // Markdown links written root-relative are rebased too.
    let html = b.page("/briefings/huawei-mate-launch/");
    assert!(
        links(&html).contains(&"/briefs/briefings/jd-singles-day/#the-numbers".to_string()),
        "{:?}",
        links(&html)
    );
    assert!(html.contains("href=\"https://example.org/briefs/briefings/huawei-mate-launch/\""));
    // ... and so are links in key highlights and summaries, on cards too.
    for path in ["/briefings/jd-logistics/", "/page/2/", "/companies/jd-com/"] {
        let all = links(&b.page(path));
        assert!(
            all.contains(&"/briefs/briefings/jd-singles-day/#the-numbers".to_string()),
            "{path}: highlight link not rebased: {all:?}"
        );
    }
    let all = links(&b.page("/briefings/huawei-chinese-name/"));
    assert!(all.contains(&"/briefs/companies/huawei/".to_string()), "summary link not rebased: {all:?}");

    // Without the trailing slash, the same site.
    let bare = site.build_into(&site.tmp().join("bare"), &["--base-url", "https://example.org/briefs"]);
    assert_same_tree(&b.tree(), &bare.tree(), "--base-url with and without the trailing slash");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = basic();
    let all = ["--drafts", "--future"];
    let (a, b) = (site.tmp().join("a"), site.tmp().join("b"));
    let first = site.build_into(&a, &all).tree();
    assert!(first.len() > 20);
    assert_same_tree(&first, &site.build_into(&b, &all).tree(), "two builds into two folders");
    // Rebuilding into the same folder replaces it with the same bytes.
    assert_same_tree(&first, &site.build_into(&a, &all).tree(), "a rebuild into the same folder");
}

/// Bodies and feed entries go to a temporary file and are read back (see
/// `src/spill.rs`); with no temporary folder to write, they stay in memory,
/// and both ways make the same bytes.
#[test]
fn bodies_read_back_from_disk_equal_bodies_kept_in_memory() {
    let all = ["--drafts", "--future"];
    let site = basic();
    let spilled = site.build_into(&site.tmp().join("spilled"), &all).tree();
    let missing = site.tmp().join("no-such-folder");
    let held_site = basic().env("TMPDIR", &missing.display().to_string());
    let held = held_site.build_into(&held_site.tmp().join("held"), &all).tree();
    assert!(!missing.exists());
    assert_same_tree(&spilled, &held, "bodies on disk and bodies in memory");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("basic").built_once();

    // A content error: found before anything is staged.
    site.write("content/briefings/2024/broken.md", "---\ntitle: Broken\ndate: 2024-13-45\n---\n");
    let err = site.build_fails();
    assert!(err.contains("broken.md:3:7"), "{err}");
    site.remove("content/briefings/2024/broken.md");

    // A rendering error: found while pages are being written to staging.
    site.write(
        "templates/briefing.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ briefing.no_such_field.deeper }}\n{% endblock content %}\n",
    );
    let err = site.build_fails();
    assert!(err.contains("templates/briefing.html:3:"), "{err}");
}

#[test]
fn a_deleted_briefing_disappears_on_rebuild() {
    let site = TestSite::fixture("basic");
    let b = site.build(&[]);
    assert!(b.has_page("/briefings/huawei-mate-launch/"));
    assert!(b.has_page("/companies/apple/"));

    site.remove("content/briefings/2024/huawei-mate-launch.md");
    let b = site.build(&[]);
    assert_eq!(b.reported().0, PUBLISHED.len() - 1);
    assert!(!b.out().join("briefings/huawei-mate-launch").exists());
    // Its only company and topic go with it.
    assert!(!b.out().join("companies/apple").exists());
    assert!(!b.out().join("topics/ar-vr").exists());
    assert_eq!(home_timeline(&b), PUBLISHED[..5]);
    b.assert_links_resolve(BASE_URL);
    // A fresh build of the same site gives the same files: nothing stale is left.
    let fresh = site.build_into(&site.tmp().join("fresh"), &[]);
    assert_same_tree(&fresh.tree(), &b.tree(), "rebuilt vs fresh");
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = basic();
    let b = site.build(&[]);
    for rel in ["img/logo.svg", "files/notes.txt"] {
        assert_eq!(
            fs::read(b.out().join(rel)).unwrap(),
            fs::read(site.path("static").join(rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn out_defaults_to_root_public() {
    let site = TestSite::fixture("basic");
    let run = briefing([OsStr::new("build"), OsStr::new("--root"), site.root().as_os_str()]).success();
    assert!(page_exists(&site.path("public"), "/companies/huawei/"));
    assert_eq!(run.built().2, site.path("public").display().to_string());
}

#[test]
fn refuses_output_folders_that_would_lose_something() {
    let site = TestSite::fixture("basic");
    // Each refusal touches neither the output folder nor anything else around the site.
    let refused = |out: &Path, why: &str| {
        let err = site.build_fails_into(out, &[]);
        assert!(err.contains(why), "expected {why:?} in:\n{err}");
    };

    refused(site.root(), "the output folder is the site folder");
    refused(site.tmp(), "contains the site folder");
    refused(&site.path("content/out"), "inside the site's `content/` folder");

    let holds_content = site.tmp().join("holds-content");
    write(&holds_content, "content/briefings/a.md", "---\n");
    refused(&holds_content, "holds `content`");

    let holds_config = site.tmp().join("holds-config");
    write(&holds_config, "site.yaml", "title: Mine\n");
    refused(&holds_config, "holds `site.yaml`");

    let foreign = site.tmp().join("foreign");
    write(&foreign, "thesis.txt", "years of work");
    refused(&foreign, "not empty and was not made by `briefing build`");

    // An empty folder, and a folder made by an earlier build, are fine.
    let empty = site.tmp().join("empty");
    fs::create_dir(&empty).unwrap();
    site.build_into(&empty, &[]);
    assert!(site.build_into(&empty, &[]).has_page("/"));
}

/// Nothing is written outside the output folder except the previous build,
/// kept beside it as `.OUT.old` until the next build deletes it, the lock
/// file `.OUT.lock` (one build at a time), and the build cache `.briefing/`
/// in the site folder.
#[test]
fn nothing_is_written_outside_the_output_folder() {
    let site = TestSite::fixture("basic");
    let tmp = site.tmp();
    write(tmp, "neighbour/keep.txt", "untouched");
    let skip = [OsStr::new("out"), OsStr::new(".out.old"), OsStr::new(".out.lock")];
    let listing = |tmp: &Path, skip: &[&OsStr]| {
        let mut listed = listing(tmp, skip);
        listed.retain(|path| !path.starts_with("site/.briefing"));
        listed
    };
    let before = read_tree(tmp);
    let listed = listing(tmp, &skip);

    let first = site.build(&[]).tree();
    assert_eq!(listing(tmp, &skip), listed, "first build");
    assert!(!tmp.join(".out.old").exists(), "a first build has no previous build to keep");
    site.build(&["--drafts", "--future"]);
    assert_eq!(listing(tmp, &skip), listed, "rebuild");
    assert_same_tree(&first, &read_tree(&tmp.join(".out.old")), "the previous build, kept as .out.old");
    site.build(&[]);
    assert_eq!(listing(tmp, &skip), listed, "third build");
    assert_same_tree(
        &before,
        &read_tree(tmp)
            .into_iter()
            .filter(|(p, _)| {
                !p.starts_with("out")
                    && !p.starts_with(".out.old")
                    && !p.starts_with(".out.lock")
                    && !p.starts_with("site/.briefing")
            })
            .collect(),
        "the site and its neighbours",
    );
    assert!(!site.path("public").exists());
}

#[test]
fn the_fixture_folders_are_never_written() {
    // Every other test builds `tests/fixtures/*` where they are, or a copy,
    // with --out in a temp folder.
    for name in ["basic", "override"] {
        let site = TestSite::fixture_in_place(name);
        let sources = |root: &Path| {
            let mut tree = read_tree(root);
            // The build cache, which every build may write (and git ignores).
            tree.retain(|path, _| !path.starts_with(".briefing"));
            tree
        };
        let before = sources(site.root());
        site.build(&["--drafts", "--future"]);
        assert_same_tree(&before, &sources(site.root()), name);
        for name in ["public", ".public.staging", ".public.old"] {
            assert!(!site.path(name).exists(), "{name} in fixture");
        }
    }
}

#[test]
fn a_site_template_overrides_only_its_built_in() {
    let site = TestSite::fixture_in_place("override");
    let b = site.build(&[]);
    b.assert_links_resolve(BASE_URL);
    for slug in ["first", "second"] {
        let html = b.page(&format!("/briefings/{slug}/"));
        assert!(
            html.contains(r#"data-template="site-briefing""#),
            "{slug} is rendered by the site's briefing.html"
        );
        assert!(!html.contains("class=\"briefing-title\""), "the built-in briefing.html is not used");
        // The override extends the built-in base.html.
        assert!(html.contains("<main id=\"content\""));
    }
    for path in ["/", "/companies/", "/companies/huawei/", "/topics/", "/archive/"] {
        let html = b.page(path);
        assert!(!html.contains("site-briefing"), "{path} should use a built-in template");
        assert!(html.contains("<main id=\"content\""), "{path}");
    }
    let home = b.page("/");
    assert_eq!(slugs(&card_links(&home)), ["second", "first"], "the built-in index.html renders cards");
    assert!(!b.file("style.css").is_empty());
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
    let b = basic().build(&["--drafts", "--future"]);
    for rel in b.html_files() {
        let html = fs::read_to_string(b.out().join(&rel)).unwrap();
        let dups = duplicate_ids(&html);
        assert!(dups.is_empty(), "{}: duplicate ids {dups:?}", rel.display());
    }
}

#[test]
fn body_heading_ids_do_not_collide_with_template_ids() {
    let b = TestSite::new("heading-ids").file(
        "content/briefings/headings.md",
        "---\ntitle: Headings\ndate: 2024-01-10\n---\nLead.\n\n## Content\n\n## Key highlights heading\n\n## Sources heading\n",
    ).build(&[]);
    assert_eq!(duplicate_ids(&b.page("/briefings/headings/")), Vec::<String>::new());
    // The skip link still lands on <main>.
    b.assert_links_resolve("http://127.0.0.1:1111/");
}

#[test]
fn summary_from_a_first_paragraph_with_a_footnote_keeps_links_working() {
    let site = TestSite::new("footnote-summary").file(
        "content/briefings/noted.md",
        "---\ntitle: Noted\ndate: 2024-01-10\ncompanies: [Huawei]\n---\nThe lead makes a claim.[^src]\n\nMore text.\n\n[^src]: The source of the claim.\n",
    );
    // On the home page and the company page there is no footnote to jump to.
    site.build(&[]).assert_links_resolve("http://127.0.0.1:1111/");
}

/// Leftovers of an interrupted build (they carry the build marker) are
/// cleaned up; a folder of the user's in the way is never deleted.
#[test]
fn leftovers_of_an_interrupted_build_are_cleaned_but_foreign_folders_kept() {
    let site = TestSite::fixture("basic").built_once();
    let tmp = site.tmp();
    write(tmp, ".out.staging/.briefing-output", "marker");
    write(tmp, ".out.staging/briefings/half/index.html", "half written");
    site.build(&[]);
    assert!(!tmp.join(".out.staging").exists());

    fs::remove_dir_all(tmp.join(".out.old")).unwrap();
    write(tmp, ".out.old/notes.txt", "mine");
    let err = site.build_fails();
    assert!(err.contains(".out.old: this folder is in the way of the build"), "{err}");
    assert_eq!(fs::read_to_string(tmp.join(".out.old/notes.txt")).unwrap(), "mine");
}

/// The replaced build is recycled as the next staging folder: over a series
/// of rebuilds with changes, every output equals a fresh build of the same
/// input, the previous output survives intact as `.out.old`, and a static
/// file that turns into a folder (and back) is handled.
#[test]
fn recycled_builds_equal_fresh_builds() {
    let site = TestSite::fixture("basic");
    let fresh = |label: &str| {
        let dir = site.tmp().join(format!("fresh-{label}"));
        let tree = site.build_into(&dir, &[]).tree();
        fs::remove_dir_all(&dir).unwrap();
        tree
    };
    let steps: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| {}),
        Box::new(|| site.write("static/thing", "a file")),
        Box::new(|| {
            site.remove("static/thing");
            site.write("static/thing/inside.txt", "now a folder");
        }),
        Box::new(|| {
            let b = "content/briefings/2024/huawei-mate-launch.md";
            site.write(b, site.read(b).replace("Huawei launches the Mate flagship", "Huawei launches again"));
        }),
        Box::new(|| {
            site.remove("static/thing");
            site.write("static/thing", "a file again");
        }),
    ];
    let mut previous: Option<std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>> = None;
    for (n, step) in steps.iter().enumerate() {
        step();
        let built = site.build(&[]).tree();
        assert_same_tree(&fresh(&n.to_string()), &built, &format!("build {n} against a fresh build"));
        if let Some(previous) = &previous {
            assert_same_tree(
                previous,
                &read_tree(&site.tmp().join(".out.old")),
                &format!("the build before {n}"),
            );
        }
        previous = Some(built);
    }
}
