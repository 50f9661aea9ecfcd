//! Feeds, sitemap, robots.txt, rich-preview metadata, related briefings and
//! the search index, read back with independent parsers (feed-rs, serde_json).

mod common;

use std::collections::BTreeSet;

use common::*;

/// Briefing page paths (`/briefings/x/`) in newest-first order, from the home pagination.
fn briefings_newest_first(built: &Built) -> Vec<String> {
    built.follow("/", "/").iter().flat_map(|(_, html)| card_links(html)).collect()
}

#[test]
fn site_atom_feed_parses_and_carries_every_field() {
    let built = TestSite::fixture("basic").build(&[]);
    let feed = built.feed("atom.xml");
    let expected = briefings_newest_first(&built);
    let got: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.links[0].href.trim_start_matches("https://example.com").to_string())
        .collect();
    assert_eq!(got, expected, "entries are the briefings, newest first");
    for entry in &feed.entries {
        let html = built.page(entry.links[0].href.trim_start_matches("https://example.com"));
        let title = entry.title.as_ref().unwrap().content.clone();
        assert!(
            html.contains(&format!("<h1 class=\"briefing-title\">{}", title.replace('\'', "&#x27;")))
                || html.contains(&title),
            "entry title {title:?} is the page title"
        );
        assert!(entry.published.is_some() && entry.updated.is_some());
        assert!(!entry.categories.is_empty(), "companies and topics are categories");
        let summary = entry.summary.as_ref().expect("key highlights as the summary").content.clone();
        assert!(summary.contains("<li>"), "{summary}");
        let content = entry.content.as_ref().and_then(|c| c.body.clone()).expect("the body as content");
        assert!(!content.contains("href=\"/"), "links in content are absolute: {content}");
    }
    let self_link = feed.links.iter().find(|l| l.rel.as_deref() == Some("self")).expect("a self link");
    assert_eq!(self_link.href, "https://example.com/atom.xml");
}

#[test]
fn json_feed_parses() {
    let built = TestSite::fixture("basic").build(&[]);
    let feed = built.feed("feed.json");
    assert_eq!(feed.entries.len(), briefings_newest_first(&built).len());
    let json = built.json("feed.json");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    for item in json["items"].as_array().unwrap() {
        assert!(item["url"].as_str().unwrap().starts_with("https://example.com/briefings/"));
        assert!(item["date_published"].is_string() && item["content_html"].is_string());
    }
}

#[test]
fn every_term_has_a_feed_with_exactly_its_briefings() {
    let built = TestSite::fixture("basic").build(&[]);
    for (kind, index) in [("companies", "/companies/"), ("topics", "/topics/")] {
        for link in links(&built.page(index)) {
            let Some(slug) = link.strip_prefix(&format!("/{kind}/")).map(|s| s.trim_end_matches('/')) else {
                continue;
            };
            if slug.is_empty() || slug.contains('/') {
                continue;
            }
            let page = built.page(&link);
            let feed_url = format!("https://example.com/{kind}/{slug}/atom.xml");
            assert!(page.contains(&format!("href=\"{feed_url}\"")), "{link} advertises its feed");
            let feed = built.feed(&format!("{kind}/{slug}/atom.xml"));
            let in_feed: BTreeSet<String> = feed
                .entries
                .iter()
                .map(|e| e.links[0].href.trim_start_matches("https://example.com").to_string())
                .collect();
            let on_pages: BTreeSet<String> =
                built.follow("/", &link).iter().flat_map(|(_, html)| card_links(timeline(html))).collect();
            assert_eq!(in_feed, on_pages, "feed of {link}");
        }
    }
}

#[test]
fn feed_limit_caps_entries() {
    let site = TestSite::fixture("basic");
    site.write("site.yaml", format!("{}feed_limit: 2\n", site.read("site.yaml")));
    let built = site.build(&[]);
    assert_eq!(built.feed("atom.xml").entries.len(), 2);
    assert_eq!(built.feed("feed.json").entries.len(), 2);
}

#[test]
fn sitemap_lists_every_page_once_and_robots_points_to_it() {
    let built = TestSite::fixture("basic").build(&[]);
    let sitemap = built.file("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let locs: Vec<String> =
        sitemap.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap().to_string()).collect();
    let unique: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no page is listed twice");
    let pages: BTreeSet<String> = built
        .html_files()
        .iter()
        .map(|f| path_of_file(f))
        // The digest's email editions are for mail, not for crawlers.
        .filter(|p| p != "/404.html" && !p.ends_with("/email.html"))
        .map(|p| format!("https://example.com{p}"))
        .collect();
    assert_eq!(locs.iter().cloned().collect::<BTreeSet<_>>(), pages);
    assert_eq!(sitemap.matches("<lastmod>").count(), locs.len(), "every page has a lastmod");
    let robots = built.file("robots.txt");
    assert!(robots.contains("Sitemap: https://example.com/sitemap.xml\n"), "{robots}");
}

#[test]
fn briefing_pages_have_canonical_opengraph_and_json_ld() {
    let built = TestSite::fixture("basic").build(&[]);
    for path in briefings_newest_first(&built) {
        let html = built.page(&path);
        let canonical = format!("<link rel=\"canonical\" href=\"https://example.com{path}\">");
        assert!(html.contains(&canonical), "{path} has {canonical}");
        for tag in ["og:title", "og:description", "og:url", "og:site_name", "twitter:card"] {
            assert!(html.contains(tag), "{path} has {tag}");
        }
        let json = json_ld(&html);
        assert_eq!(json["@type"], "NewsArticle");
        assert_eq!(json["url"], format!("https://example.com{path}"));
        assert!(json["headline"].is_string() && json["datePublished"].is_string());
        assert!(json["dateModified"].is_string() && json["description"].is_string());
    }
    let huawei = built.page("/briefings/huawei-mate-launch/");
    assert_eq!(json_ld(&huawei)["about"]["sameAs"], "https://www.huawei.com", "profile website as sameAs");
}

#[test]
fn hostile_text_is_escaped_in_every_context() {
    let title = r#"</script><script>alert(1)</script> & "quotes" ]]> <b>"#;
    let built = TestSite::new("meta-escape").file(
        "content/briefings/x.md",
        format!(
            "---\ntitle: '{title}'\ndate: 2024-01-02\ncompanies: ['A&B <Corp>']\nkey_highlights:\n  - '</script> ]]> & <i>'\n---\nBody ]]> text.\n"
        ),
    ).build(&[]);
    let page = built.page("/briefings/x/");
    assert!(!page.contains("<script>alert(1)"), "title escaped in HTML");
    assert_eq!(json_ld(&page)["headline"], title);
    let feed = built.feed("atom.xml");
    assert_eq!(feed.entries[0].title.as_ref().unwrap().content, title);
    let feed = built.feed("companies/a-b-corp/atom.xml");
    assert_eq!(feed.entries.len(), 1);
    let shard = built.json("search/index-0.json");
    assert_eq!(shard[0][0], title);
}

#[test]
fn search_index_covers_every_briefing_once() {
    let built = TestSite::fixture("basic").build(&[]);
    let meta = built.json("search/meta.json");
    let mut urls = Vec::new();
    for shard in meta["shards"].as_array().unwrap() {
        let rows = built.json(&format!("search/{}", shard.as_str().unwrap()));
        for row in rows.as_array().unwrap() {
            let url = format!("/{}", row[1].as_str().unwrap());
            assert!(built.has_page(&url), "{url} from the index is a page");
            for i in row[6].as_array().unwrap() {
                assert!(meta["companies"][i.as_u64().unwrap() as usize].is_array(), "company index in range");
            }
            urls.push(url);
        }
    }
    assert_eq!(urls, briefings_newest_first(&built), "every briefing once, newest first");
    assert_eq!(meta["count"].as_u64().unwrap() as usize, urls.len());
    assert!(built.page("/search/").contains("search/meta.json"));
}

#[test]
fn related_briefings_share_a_term_and_never_the_page_itself() {
    let built = TestSite::fixture("basic").build(&[]);
    for path in briefings_newest_first(&built) {
        let html = built.page(&path);
        let chips: BTreeSet<String> =
            chip_links(&html, "company").into_iter().chain(chip_links(&html, "topic")).collect();
        let Some(related) = section(&html, "<aside class=\"related\"", "</aside>") else { continue };
        for link in links(related).into_iter().filter(|l| l.starts_with("/briefings/")) {
            assert_ne!(link, path, "a briefing is not related to itself");
            let other = built.page(&link);
            let shared = chip_links(&other, "company")
                .into_iter()
                .chain(chip_links(&other, "topic"))
                .any(|c| chips.contains(&c));
            assert!(shared, "{link} shares a company or topic with {path}");
        }
    }
}

#[test]
fn sub_path_base_url_reaches_feeds_and_sitemap() {
    let built = TestSite::fixture("basic").build(&["--base-url", "https://example.org/briefs/"]);
    let feed = built.feed("atom.xml");
    assert!(
        feed.entries.iter().all(|e| e.links[0].href.starts_with("https://example.org/briefs/briefings/"))
    );
    let sitemap = built.file("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/briefs/</loc>"));
    assert!(!sitemap.contains("<loc>https://example.org/briefings"));
    let robots = built.file("robots.txt");
    assert!(robots.contains("Sitemap: https://example.org/briefs/sitemap.xml"));
    assert!(built.page("/search/").contains("/briefs/search/meta.json"));
}
