//! Authors: names merged like companies (case, accents, punctuation,
//! aliases), author pages and their pagination, bylines on briefing pages,
//! cards and related briefings, Atom and JSON Feed authors (read back with
//! feed-rs), JSON-LD `Person`s, the search facet, `default_author`, profile
//! errors pinned with snapshots, and `check`'s look-alike warning.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

const BASE_URL: &str = "https://example.com/briefs/";

/// A briefing dated 2024-01-`day` about Huawei, with an `authors:` line
/// when `authors` is not empty.
fn briefing(day: u32, authors: &str) -> String {
    let line = if authors.is_empty() { String::new() } else { format!("authors: {authors}\n") };
    format!(
        "---\ntitle: Briefing {day}\ndate: 2024-01-{day:02}\ncompanies: [Huawei]\ntopics: [Smartphones]\n{line}key_highlights: [Point {day}.]\n---\nBody {day}.\n"
    )
}

/// Eight briefings naming Li Wei five ways, Maya Fischer once, José Núñez
/// twice (with and without accents), and one naming nobody.
fn write_site(root: &Path) {
    write(
        root,
        "site.yaml",
        format!("title: Desk\nauthor: The Desk\nbase_url: {BASE_URL}\npaginate_by: 2\n"),
    );
    write(
        root,
        "content/authors/li-wei.yaml",
        "name: Li Wei\naliases: [李伟, Wei Li]\nbio: Covers *phones* in China.\nurl: https://li.example/\navatar: authors/li.png\nlinks:\n  - title: Mastodon\n    url: https://social.example/@li\n",
    );
    write(root, "content/authors/maya-fischer.yaml", "name: Maya Fischer\n");
    write(root, "static/authors/li.png", b"\x89PNG\r\n\x1a\n");
    let names = [
        "[Li Wei]",
        "[li wei]",
        "[李伟]",
        "[\"Li-Wei\"]",
        "[Maya Fischer, Wei Li]",
        "[José Núñez]",
        "[Jose Nunez]",
        "",
    ];
    for (i, authors) in names.iter().enumerate() {
        let day = i as u32 + 1;
        write(root, &format!("content/briefings/b{day}.md"), briefing(day, authors));
    }
}

fn built() -> (TempDir, PathBuf) {
    let tmp = TempDir::new("authors");
    let root = tmp.join("site");
    write_site(&root);
    let out = tmp.join("out");
    build(&root, &out, &[]).success();
    (tmp, out)
}

fn parse_feed(path: &Path) -> feed_rs::model::Feed {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The JSON-LD object of a page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = "<script type=\"application/ld+json\">";
    let ld = section(html, start, "</script>").expect("a JSON-LD script");
    serde_json::from_str(&ld[start.len()..ld.len() - "</script>".len()]).unwrap()
}

/// The author links of the first byline in `html` (of a briefing page: its own).
fn byline(html: &str) -> Vec<String> {
    let html = section(html, "<p class=\"briefing-meta\">", "</p>").unwrap_or(html);
    section(html, "<span class=\"byline\">", "</span>").map(|b| attr_values(b, "href")).unwrap_or_default()
}

#[test]
fn author_pages_merge_names_count_and_paginate() {
    let (_tmp, out) = built();
    assert_eq!(
        term_index(&read_page(&out, "/authors/")),
        [
            ("/briefs/authors/jose-nunez/".to_string(), 2),
            ("/briefs/authors/li-wei/".to_string(), 5),
            ("/briefs/authors/maya-fischer/".to_string(), 1),
        ],
        "case, punctuation, accents and aliases merge; the list is sorted by name"
    );
    let jose = read_page(&out, "/authors/jose-nunez/");
    assert!(jose.contains("<h1 class=\"page-title\">José Núñez</h1>"), "the accented spelling wins a tie");
    let pages = follow_pages(&out, "/briefs/", "/authors/li-wei/");
    let urls: Vec<&str> = pages.iter().map(|(url, _)| url.as_str()).collect();
    assert_eq!(
        urls,
        ["/briefs/authors/li-wei/", "/briefs/authors/li-wei/page/2/", "/briefs/authors/li-wei/page/3/"]
    );
    let timeline: Vec<String> = pages.iter().flat_map(|(_, html)| card_links(timeline(html))).collect();
    let expected: Vec<String> = [5, 4, 3, 2, 1].iter().map(|d| format!("/briefs/briefings/b{d}/")).collect();
    assert_eq!(timeline, expected, "the timeline is every briefing by Li Wei, newest first");

    let li = &pages[0].1;
    assert!(li.contains("<img class=\"avatar\" src=\"/briefs/authors/li.png\""), "the avatar is shown");
    assert!(li.contains("Covers <em>phones</em> in China."), "the bio is inline Markdown");
    assert!(li.contains("<a href=\"https://social.example/@li\">Mastodon</a>"), "the profile's links");
    assert!(li.contains("<a href=\"https://li.example/\">li.example</a>"), "the profile's url");
    assert_eq!(
        rel_link(li, "alternate").as_deref(),
        Some("https://example.com/briefs/authors/li-wei/atom.xml")
    );
    assert!(li.contains("og:type\" content=\"profile\""), "an author page is an OpenGraph profile");
    assert!(read_page(&out, "/").contains(">Authors</a>"), "the footer links to the authors");
    assert_links_resolve(&out, BASE_URL);
}

#[test]
fn bylines_on_briefing_pages_cards_and_related_briefings() {
    let (_tmp, out) = built();
    let page = read_page(&out, "/briefings/b5/");
    assert_eq!(
        byline(&page),
        ["/briefs/authors/maya-fischer/", "/briefs/authors/li-wei/"],
        "in the order written"
    );
    assert!(
        page.contains(">Maya Fischer</a> and <a href=\"/briefs/authors/li-wei/\" rel=\"author\">Li Wei</a>")
    );
    let three = read_page(&out, "/briefings/b3/");
    assert!(
        three.contains(">Li Wei</a>"),
        "an alias is shown as the profile's name: {}",
        byline(&three).join(",")
    );
    assert!(byline(&read_page(&out, "/briefings/b8/")).is_empty(), "no author, no byline");
    let related = section(&page, "<aside class=\"related\"", "</aside>").expect("related briefings");
    assert!(related.contains("class=\"byline\""), "related briefings have bylines");

    let home = read_page(&out, "/");
    let cards: Vec<&str> = home.split("<article class=\"card\">").skip(1).collect();
    assert_eq!(cards.len(), 2);
    assert!(byline(cards[0]).is_empty(), "b8 names nobody");
    assert_eq!(byline(cards[1]), ["/briefs/authors/jose-nunez/"]);
    let company = read_page(&out, "/companies/huawei/");
    assert!(byline(timeline(&company)).contains(&"/briefs/authors/jose-nunez/".to_string()));
}

#[test]
fn feeds_name_the_authors_of_every_entry() {
    let (_tmp, out) = built();
    let feed = parse_feed(&out.join("atom.xml"));
    assert_eq!(feed.authors.iter().map(|p| p.name.as_deref()).collect::<Vec<_>>(), [Some("The Desk")]);
    for entry in &feed.entries {
        assert!(!entry.authors.is_empty(), "every entry has an <author>: {:?}", entry.title);
    }
    let authors_of = |feed: &feed_rs::model::Feed, slug: &str| -> Vec<(Option<String>, Option<String>)> {
        let entry = feed.entries.iter().find(|e| e.links[0].href.ends_with(&format!("/{slug}/"))).unwrap();
        entry.authors.iter().map(|p| (p.name.clone(), p.uri.clone())).collect()
    };
    assert_eq!(
        authors_of(&feed, "b5"),
        [
            (
                Some("Maya Fischer".to_string()),
                Some("https://example.com/briefs/authors/maya-fischer/".to_string())
            ),
            (Some("Li Wei".to_string()), Some("https://example.com/briefs/authors/li-wei/".to_string())),
        ]
    );
    assert_eq!(authors_of(&feed, "b8"), [(Some("The Desk".to_string()), Some(BASE_URL.to_string()))]);

    let li = parse_feed(&out.join("authors/li-wei/atom.xml"));
    assert_eq!(li.entries.len(), 5);
    assert!(li.entries.iter().all(|e| e.authors.iter().any(|p| p.name.as_deref() == Some("Li Wei"))));

    let json_feed = json(&out.join("feed.json"));
    assert_eq!(parse_feed(&out.join("feed.json")).entries.len(), 8, "feed-rs reads the JSON Feed");
    let items = json_feed["items"].as_array().unwrap();
    let item = |slug: &str| {
        items.iter().find(|i| i["url"].as_str().unwrap().ends_with(&format!("/{slug}/"))).unwrap()
    };
    assert_eq!(
        item("b5")["authors"],
        serde_json::json!([
            {"name": "Maya Fischer", "url": "https://example.com/briefs/authors/maya-fischer/"},
            {"name": "Li Wei", "url": "https://example.com/briefs/authors/li-wei/", "avatar": "https://example.com/briefs/authors/li.png"},
        ])
    );
    assert!(item("b8").get("authors").is_none(), "an item without authors has the feed's");
    assert_eq!(json_feed["authors"][0]["name"], "The Desk");
}

#[test]
fn json_ld_names_authors_as_people() {
    let (_tmp, out) = built();
    let ld = json_ld(&read_page(&out, "/briefings/b1/"));
    assert_eq!(
        ld["author"],
        serde_json::json!([{
            "@type": "Person",
            "name": "Li Wei",
            "url": "https://example.com/briefs/authors/li-wei/",
            "sameAs": "https://li.example/",
            "image": "https://example.com/briefs/authors/li.png",
        }])
    );
    let two = json_ld(&read_page(&out, "/briefings/b5/"));
    assert_eq!(two["author"][0]["name"], "Maya Fischer");
    assert!(two["author"][0].get("sameAs").is_none(), "no profile url, no sameAs");
    let none = json_ld(&read_page(&out, "/briefings/b8/"));
    assert_eq!(none["author"], serde_json::json!({"@type": "Organization", "name": "The Desk"}));
}

#[test]
fn search_index_refers_to_authors_by_index() {
    let (_tmp, out) = built();
    let meta = json(&out.join("search/meta.json"));
    assert_eq!(
        meta["authors"],
        serde_json::json!([
            ["jose-nunez", "José Núñez"],
            ["li-wei", "Li Wei"],
            ["maya-fischer", "Maya Fischer"]
        ])
    );
    let rows = json(&out.join("search/index-0.json"));
    let rows = rows.as_array().unwrap();
    let row =
        |slug: &str| rows.iter().find(|r| r[1] == format!("briefings/{slug}/")).unwrap().as_array().unwrap();
    assert_eq!(row("b5")[8], serde_json::json!([2, 1]));
    assert_eq!(row("b8").len(), 8, "no authors, no ninth field");
    let html = read_page(&out, "/search/");
    assert!(html.contains("name=\"author\""), "the search form can filter by author");
}

#[test]
fn default_author_signs_briefings_that_name_nobody() {
    let tmp = TempDir::new("default-author");
    let root = tmp.join("site");
    write(&root, "site.yaml", format!("title: Desk\nbase_url: {BASE_URL}\ndefault_author: Maya Fischer\n"));
    write(&root, "content/authors/maya-fischer.yaml", "name: Maya Fischer\nurl: https://maya.example/\n");
    write(&root, "content/briefings/b1.md", briefing(1, ""));
    write(&root, "content/briefings/b2.md", briefing(2, "[Li Wei]"));
    let out = tmp.join("out");
    build(&root, &out, &[]).success();
    assert_eq!(byline(&read_page(&out, "/briefings/b1/")), ["/briefs/authors/maya-fischer/"]);
    assert_eq!(byline(&read_page(&out, "/briefings/b2/")), ["/briefs/authors/li-wei/"], "named authors win");
    assert_eq!(
        term_index(&read_page(&out, "/authors/")),
        [("/briefs/authors/li-wei/".to_string(), 1), ("/briefs/authors/maya-fischer/".to_string(), 1)]
    );
    let ld = json_ld(&read_page(&out, "/briefings/b1/"));
    assert_eq!(ld["author"][0]["sameAs"], "https://maya.example/");
    let feed = parse_feed(&out.join("atom.xml"));
    let b1 = feed.entries.iter().find(|e| e.links[0].href.ends_with("/b1/")).unwrap();
    assert_eq!(b1.authors[0].name.as_deref(), Some("Maya Fischer"));
    assert_links_resolve(&out, BASE_URL);
}

#[test]
fn a_site_without_authors_has_no_author_pages() {
    let tmp = TempDir::new("no-authors");
    let root = tmp.join("site");
    write(&root, "content/briefings/b1.md", briefing(1, ""));
    let out = tmp.join("out");
    build(&root, &out, &[]).success();
    assert!(!page_exists(&out, "/authors/"));
    assert!(!read_page(&out, "/").contains(">Authors</a>"));
    let rows = json(&out.join("search/index-0.json"));
    assert_eq!(rows[0].as_array().unwrap().len(), 8);
}

/// Builds the site with one author profile `text` (and, when given, a file
/// under `static/`) and returns the report, the temp folder as `[SITE]`.
fn profile_error(text: &str, static_file: Option<&str>) -> String {
    let tmp = TempDir::new("author-errors");
    let root = tmp.join("site");
    write(&root, "content/briefings/b1.md", briefing(1, "[Li Wei]"));
    write(&root, "content/authors/li-wei.yaml", text);
    if let Some(rel) = static_file {
        write(&root, rel, b"GIF89a");
    }
    let out = tmp.join("out");
    let run = build(&root, &out, &[]).failure();
    assert!(!out.exists(), "a failed build writes nothing");
    run.stderr.replace(&root.display().to_string(), "[SITE]")
}

#[test]
fn profile_errors_are_pinned() {
    insta::assert_snapshot!("profile_unknown_key", profile_error("name: Li Wei\navtar: li.png\n", None));
    insta::assert_snapshot!("profile_bad_url", profile_error("name: Li Wei\nurl: li.example.com\n", None));
    insta::assert_snapshot!(
        "profile_missing_avatar",
        profile_error("name: Li Wei\navatar: /authors/li-wei.png\n", Some("static/authors/li.png"))
    );
    let links = profile_error("name: Li Wei\nlinks:\n  - title: Home\n    url: ftp://li.example/\n", None);
    assert!(
        links.contains("li-wei.yaml:4:10: the link URL `ftp://li.example/` is not a web address"),
        "{links}"
    );
}

#[test]
fn check_warns_about_misspelt_and_undeclared_author_names() {
    let tmp = TempDir::new("author-check");
    let root = tmp.join("site");
    write(&root, "content/authors/li-wei.yaml", "name: Li Wei\n");
    write(&root, "content/briefings/b1.md", briefing(1, "[Li Wei]"));
    write(&root, "content/briefings/b2.md", briefing(2, "[Maya Fischer]"));
    write(&root, "content/briefings/b3.md", briefing(3, "[Maya Fischre]"));
    write(&root, "content/briefings/b4.md", briefing(4, "[Li Wei Chen]"));
    write(&root, "content/briefings/b5.md", briefing(5, "[Maya Fischer]"));
    let run = briefing_check(&root).success();
    assert!(
        run.stderr
            .contains("b3.md:6:10: the author `Maya Fischre` looks like a misspelling of `Maya Fischer`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("b4.md:6:10: `Li Wei Chen` looks like `Li Wei` but is not one of its aliases"),
        "{}",
        run.stderr
    );
}

fn briefing_check(root: &Path) -> Run {
    common::briefing([OsStr::new("check"), OsStr::new("--root"), root.as_os_str()])
}

#[test]
fn new_writes_the_authors_given() {
    let tmp = TempDir::new("author-new");
    let root = tmp.join("site");
    fs::create_dir_all(&root).unwrap();
    let args = ["new", "Chips and phones", "--author", "Li Wei", "--author", "Maya Fischer", "--root"];
    let run = common::briefing(args.iter().map(OsStr::new).chain([root.as_os_str()])).success();
    let text = fs::read_to_string(run.stdout.trim()).unwrap();
    assert!(text.contains("\nauthors: [\"Li Wei\", \"Maya Fischer\"]\n"), "{text}");
    let out = tmp.join("out");
    build(&root, &out, &[]).success();
    let page = read_page(&out, "/briefings/chips-and-phones/");
    assert_eq!(byline(&page), ["/authors/li-wei/", "/authors/maya-fischer/"]);
}
