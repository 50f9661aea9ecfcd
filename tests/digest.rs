//! The weekly digest: ISO week boundaries in the site's `timezone` (a
//! briefing near midnight lands in the same week in every output), grouping
//! by company, the sample site's digests by hand count, a generated
//! 1,000-briefing site (one digest per week, every highlight once per
//! company grouping), the digest feeds read with feed-rs, the email
//! edition's static checks, the collapse of a busy week, an empty site, and
//! a bad `timezone` pinned with a snapshot.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use common::*;

const BASE_URL: &str = "https://example.org/briefs/";

/// A briefing front matter and body.
fn briefing(title: &str, date: &str, companies: &str, highlights: &[&str]) -> String {
    let highlights = match highlights {
        [] => String::new(),
        hs => format!("key_highlights:\n{}", hs.iter().map(|h| format!("  - \"{h}\"\n")).collect::<String>()),
    };
    format!(
        "---\ntitle: {title}\ndate: {date}\nsummary: Summary of {title}.\ncompanies: {companies}\ntopics: [Chips]\n{highlights}---\nBody.\n"
    )
}

fn site_yaml(extra: &str) -> String {
    format!("title: Desk\nbase_url: {BASE_URL}\n{extra}")
}

/// The slugs of the briefings listed on a digest page or in an email, in order.
fn entry_slugs(html: &str) -> Vec<String> {
    let mut slugs = Vec::new();
    for part in html.split("briefings/").skip(1) {
        if let Some(end) = part.find("/\"") {
            let slug = &part[..end];
            if !slug.contains(['/', '<', ' ']) {
                slugs.push(slug.to_string());
            }
        }
    }
    slugs
}

/// Four briefings around the midnight between Sunday 28 and Monday 29
/// January 2024, in New York.
fn midnight_site(timezone: &str) -> TestSite {
    TestSite::new("digest-midnight").file("site.yaml", site_yaml(timezone)).files([
        // Sunday 22:30 in New York, Monday 03:30 in UTC.
        (
            "content/briefings/late-sunday.md",
            briefing("Late Sunday", "2024-01-29T03:30:00Z", "[Acme]", &["Late."]),
        ),
        // A bare day is that day wherever the site is.
        ("content/briefings/sunday.md", briefing("Sunday", "2024-01-28", "[Acme]", &["Sun."])),
        ("content/briefings/monday.md", briefing("Monday", "2024-01-29", "[Acme]", &["Mon."])),
        // Monday 00:30 in New York.
        (
            "content/briefings/early-monday.md",
            briefing("Early Monday", "2024-01-29T05:30:00Z", "[Acme]", &["Early."]),
        ),
    ])
}

#[test]
fn a_briefing_near_midnight_is_in_the_week_of_the_site_timezone_everywhere() {
    let built = midnight_site("timezone: America/New_York\n").build(&[]);
    let week4 = ["late-sunday", "sunday"];
    let week5 = ["early-monday", "monday"];
    for (week, expected) in [("2024-w04", week4), ("2024-w05", week5)] {
        let on_page: BTreeSet<String> =
            entry_slugs(&built.page(&format!("/digest/{week}/"))).into_iter().collect();
        assert_eq!(on_page.into_iter().collect::<Vec<_>>(), expected, "{week} page");
        let email: BTreeSet<String> =
            entry_slugs(&built.file(&format!("digest/{week}/email.html"))).into_iter().collect();
        assert_eq!(email.into_iter().collect::<Vec<_>>(), expected, "{week} email.html");
        let text = built.file(&format!("digest/{week}/email.txt"));
        let text_slugs: BTreeSet<String> = entry_slugs(&text.replace('\n', "\"\n")).into_iter().collect();
        assert_eq!(text_slugs.into_iter().collect::<Vec<_>>(), expected, "{week} email.txt");
    }
    // The feeds agree: one entry per week, each with its own briefings.
    for feed in ["digest/atom.xml", "companies/acme/digest.xml"] {
        let parsed = built.feed(feed);
        assert_eq!(parsed.entries.len(), 2, "{feed}");
        for (entry, expected) in parsed.entries.iter().zip([week5, week4]) {
            let html = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default();
            let slugs: BTreeSet<String> = entry_slugs(&html).into_iter().collect();
            assert_eq!(slugs.into_iter().collect::<Vec<_>>(), expected, "{feed}: {:?}", entry.title);
        }
    }
    // In UTC, the late Sunday of New York is Monday.
    let utc = midnight_site("").build(&[]);
    let week5: BTreeSet<String> = entry_slugs(&utc.page("/digest/2024-w05/")).into_iter().collect();
    assert!(week5.contains("late-sunday"), "{week5:?}");
}

fn grouped_site() -> TestSite {
    TestSite::new("digest-groups").file("site.yaml", site_yaml("")).files([
        (
            "content/briefings/a.md",
            briefing("Alpha", "2024-02-05", "[Beta Corp, Acme]", &["A one.", "A two."]),
        ),
        ("content/briefings/g.md", briefing("Golf", "2024-02-08", "[Acme]", &["G one."])),
        ("content/briefings/b.md", briefing("Bravo", "2024-02-06", "[Beta Corp]", &["B one."])),
        ("content/briefings/c.md", briefing("Charlie", "2024-02-07", "[]", &[])),
        ("content/briefings/d.md", briefing("Delta", "2024-01-24", "[Acme]", &["D one."])),
        ("content/briefings/e.md", briefing("Echo", "2024-02-20", "[Acme]", &["E one."])),
    ])
}

/// The group sections of a digest page: heading text (tags removed) -> its HTML.
fn groups(html: &str) -> Vec<(String, String)> {
    html.split("<section class=\"digest-group\"")
        .skip(1)
        .map(|part| {
            let part = part.split("</section>").next().unwrap_or("");
            let heading = section(part, "<h2", "</h2>").unwrap_or("");
            let name = strip_tags(heading)
                .split_whitespace()
                .take_while(|w| w.parse::<usize>().is_err())
                .collect::<Vec<_>>()
                .join(" ");
            (name, part.to_string())
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_week_is_grouped_by_company_with_its_numbers_and_neighbours() {
    let built = grouped_site().build(&[]);
    let page = built.page("/digest/2024-w06/");
    let found = groups(&page);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    // A briefing is under its first company: Beta Corp has two, Acme one
    // (Alpha is also about Acme, and says so); no company comes last.
    assert_eq!(names, ["Beta Corp", "Acme", "Other briefings"]);
    assert_eq!(entry_slugs(&found[0].1), ["b", "a"]);
    assert_eq!(entry_slugs(&found[1].1), ["g"]);
    assert_eq!(entry_slugs(&found[2].1), ["c"]);
    assert!(found[0].1.contains("Also about <a href=\"/briefs/companies/acme/\">Acme</a>"), "{}", found[0].1);
    // Company headings link to the company pages.
    assert!(found[0].1.contains("href=\"/briefs/companies/beta-corp/\""), "{}", found[0].1);
    assert!(found[1].1.contains("href=\"/briefs/companies/acme/\""));
    // A briefing without highlights shows its summary.
    assert!(found[2].1.contains("Summary of Charlie."));
    assert!(page.contains("4 briefings · 2 companies · 1 topic"), "the week in numbers");
    // Next and previous weeks skip weeks without briefings.
    assert_eq!(rel_link(&page, "prev").as_deref(), Some("/briefs/digest/2024-w08/"));
    assert_eq!(rel_link(&page, "next").as_deref(), Some("/briefs/digest/2024-w04/"));
    for absent in ["/digest/2024-w05/", "/digest/2024-w07/"] {
        assert!(!built.has_page(absent), "{absent}");
    }
    // The list of weeks, newest first; the nav links to it.
    let list = built.page("/digest/");
    let weeks: Vec<&str> = ["2024-w08", "2024-w06", "2024-w04"].into_iter().collect();
    let at: Vec<usize> = weeks.iter().map(|w| list.find(&format!("/briefs/digest/{w}/")).expect(w)).collect();
    assert!(at.windows(2).all(|p| p[0] < p[1]), "newest first: {at:?}");
    assert!(built.page("/").contains("<a href=\"/briefs/digest/\">Digest</a>"));
    // The digest is in the sitemap.
    let sitemap = built.file("sitemap.xml");
    for url in ["digest/", "digest/2024-w06/"] {
        assert!(sitemap.contains(&format!("<loc>{BASE_URL}{url}</loc>")), "{url}");
    }
    assert_links_resolve(built.out(), BASE_URL);
}

#[test]
fn the_list_of_weeks_is_paginated() {
    // 25 weeks in a row: 20 weeks a page.
    let site = TestSite::new("digest-list").file("site.yaml", site_yaml(""));
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for w in 0..25u64 {
        let day = start + chrono::Days::new(7 * w);
        site.write(
            &format!("content/briefings/w{w}.md"),
            briefing(&format!("W{w}"), &day.to_string(), "[Acme]", &["X."]),
        );
    }
    let built = site.build(&[]);
    let pages = built.follow("/briefs/", "/digest/");
    assert_eq!(
        pages.iter().map(|(u, _)| u.as_str()).collect::<Vec<_>>(),
        ["/briefs/digest/", "/briefs/digest/page/2/"]
    );
    assert_eq!(pages[0].1.matches("class=\"digest-week\"").count(), 20);
    assert_eq!(pages[1].1.matches("class=\"digest-week\"").count(), 5);
    assert!(pages[0].1.find("2024-w25").unwrap() < pages[0].1.find("2024-w24").unwrap());
}

/// The sample site of the repository, copied.
fn sample() -> TestSite {
    let site = TestSite::new("digest-sample");
    let root = manifest_dir();
    copy_dir(&root.join("content"), &site.path("content"));
    copy_dir(&root.join("static"), &site.path("static"));
    site.write("site.yaml", std::fs::read(root.join("site.yaml")).unwrap());
    site
}

#[test]
fn the_sample_site_digests_by_hand_count() {
    let built = sample().build(&[]);
    // Week 16 of 2024 (15–21 April): "TSMC leans on advanced packaging"
    // (TSMC, Nvidia; 4 highlights; Foundry, Semiconductors, Artificial
    // Intelligence, Earnings) and "Samsung regains the global lead"
    // (Samsung, Apple, Xiaomi; 4 highlights; Smartphones, Artificial
    // Intelligence): 2 briefings, 5 companies, 5 topics; each under its
    // first company, two groups of one, in name order; 2 × 4 = 8 highlights.
    let w16 = built.page("/digest/2024-w16/");
    assert!(w16.contains("15–21 April 2024"));
    assert!(w16.contains("2 briefings · 5 companies · 5 topics"));
    let names: Vec<String> = groups(&w16).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Samsung", "TSMC"]);
    assert_eq!(highlight_count(&w16), 8);
    assert!(w16.contains("Also about <a href=\"/companies/nvidia/\">Nvidia</a>"));
    // Week 43 (21–27 October): "Qualcomm and MediaTek race to 3nm"
    // (Qualcomm, MediaTek, TSMC, Xiaomi; 4 highlights; Semiconductors,
    // Smartphones, Artificial Intelligence): 1 briefing, 4 companies,
    // 3 topics; one group (Qualcomm), 4 highlights.
    let w43 = built.page("/digest/2024-w43/");
    assert!(w43.contains("1 briefing · 4 companies · 3 topics"));
    let names: Vec<String> = groups(&w43).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Qualcomm"]);
    assert_eq!(highlight_count(&w43), 4);
    // The sample's 13 briefings fall in 12 weeks.
    let weeks = std::fs::read_dir(built.out().join("digest"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("-w"))
        .count();
    assert_eq!(weeks, 12);
}

fn highlight_count(html: &str) -> usize {
    html.split("<ul class=\"digest-highlights\">")
        .skip(1)
        .map(|p| p.split("</ul>").next().unwrap_or("").matches("<li>").count())
        .sum()
}

/// The calendar day of a front matter date in UTC (a bare day as written).
fn utc_day(date: &str) -> chrono::NaiveDate {
    let date = date.trim().trim_matches(['"', '\'']);
    if date.len() == 10 {
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
    } else {
        chrono::DateTime::parse_from_rfc3339(date).unwrap().naive_utc().date()
    }
}

#[test]
fn a_generated_site_has_one_digest_per_week_and_every_highlight_once_per_company() {
    let site = TestSite::new("digest-corpus");
    generate_corpus(1000, site.root());
    let built = site.build(&["--future", "--base-url", BASE_URL]);
    // The weeks of the published briefings, read from the front matter.
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rel in corpus_files(site.root()) {
        let text = site.read(&rel.to_string_lossy());
        if text.contains("\ndraft: true") {
            continue;
        }
        let date = text.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
        let iso = utc_day(date).iso_week();
        let slug = rel.file_stem().unwrap().to_string_lossy().to_string();
        expected.entry(format!("{}-w{:02}", iso.year(), iso.week())).or_default().insert(slug);
    }
    let built_weeks: BTreeSet<String> = std::fs::read_dir(built.out().join("digest"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("-w"))
        .collect();
    assert_eq!(built_weeks, expected.keys().cloned().collect(), "one digest per week that has briefings");
    let published = built.briefings();
    for (week, slugs) in &expected {
        let page = built.page(&format!("/digest/{week}/"));
        let listed: BTreeSet<String> =
            entry_slugs(&page).into_iter().filter(|s| published.contains(s)).collect();
        let slugs: BTreeSet<String> = slugs.iter().filter(|s| published.contains(*s)).cloned().collect();
        assert_eq!(listed, slugs, "{week}");
        assert!(!page.contains("is-collapsed"), "{week} has {} briefings, under the limit", slugs.len());
        let groups = groups(&page);
        for slug in &slugs {
            let own = built.page(&format!("/briefings/{slug}/"));
            let companies = chip_links(&own, "company");
            let highlights: Vec<&str> = section(&own, "<section class=\"key-highlights\"", "</section>")
                .map(|s| s.split("<li>").skip(1).map(|h| h.split("</li>").next().unwrap()).collect())
                .unwrap_or_default();
            // Under its first company (the group whose heading links to it).
            let heading = |g: &str| section(g, "<h2", "</h2>").unwrap_or("").to_string();
            let first = companies.first().map(|c| format!("<a href=\"{c}\""));
            let home = groups
                .iter()
                .find(|(_, g)| match &first {
                    Some(link) => heading(g).contains(link),
                    None => heading(g).contains("Other briefings"),
                })
                .unwrap_or_else(|| panic!("{week}: no group for the first company of {slug}"));
            let entry =
                section(&home.1, &format!("briefings/{slug}/\""), "</li>\n      <li class=\"digest-entry\"")
                    .unwrap_or_else(|| panic!("{week}: {slug} is not under {first:?}"));
            for h in &highlights {
                assert_eq!(entry.matches(&format!("<li>{h}</li>")).count(), 1, "{week}: {slug}: {h}");
            }
            let under = groups.iter().filter(|(_, g)| g.contains(&format!("briefings/{slug}/\""))).count();
            assert_eq!(under, 1, "{week}: {slug} is listed once");
        }
    }
}

#[test]
fn the_digest_feeds_parse_and_carry_whole_weeks() {
    let built = grouped_site().build(&[]);
    let feed = built.feed("digest/atom.xml");
    let titles: Vec<String> =
        feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    assert_eq!(
        titles,
        [
            "Week 8, 2024: 19–25 February 2024",
            "Week 6, 2024: 5–11 February 2024",
            "Week 4, 2024: 22–28 January 2024"
        ]
    );
    let week6 = &feed.entries[1];
    assert_eq!(week6.links[0].href, format!("{BASE_URL}digest/2024-w06/"));
    let html = week6.content.as_ref().unwrap().body.clone().unwrap();
    for needle in [
        "4 briefings · 2 companies · 1 topic",
        "<h2><a href=\"https://example.org/briefs/companies/beta-corp/\">Beta Corp</a></h2>",
        "<li>A one.</li>",
        "<li>B one.</li>",
        "<p>Summary of Charlie.</p>",
        "<h2>Other briefings</h2>",
    ] {
        assert!(html.contains(needle), "{needle} in {html}");
    }
    assert!(!html.contains("href=\"/"), "links are absolute: {html}");
    // A company's and a topic's digest feeds: only their briefings, by week.
    let acme = built.feed("companies/acme/digest.xml");
    assert_eq!(acme.entries.len(), 3);
    let week6 = acme.entries[1].content.as_ref().unwrap().body.clone().unwrap();
    let week6: BTreeSet<String> = entry_slugs(&week6).into_iter().collect();
    assert_eq!(week6, BTreeSet::from(["a".to_string(), "g".to_string()]), "every briefing about Acme");
    let beta = built.feed("companies/beta-corp/digest.xml");
    assert_eq!(beta.entries.len(), 1);
    let chips = built.feed("topics/chips/digest.xml");
    assert_eq!(chips.entries.len(), 3);
    // The pages advertise the digest feed.
    assert!(built.page("/digest/2024-w06/").contains(&format!("href=\"{BASE_URL}digest/atom.xml\"")));
}

#[test]
fn an_empty_site_has_no_digest_pages_and_an_empty_digest_feed() {
    let built = TestSite::new("digest-empty")
        .file("site.yaml", site_yaml(""))
        .file("content/briefings/.keep", "")
        .build(&[]);
    assert!(!built.has_page("/digest/"));
    assert!(!built.out().join("digest/index.html").exists());
    let feed = built.feed("digest/atom.xml");
    assert!(feed.entries.is_empty());
    assert!(!built.page("/").contains("/digest/"), "no nav link to a digest that is not there");
}

#[test]
fn a_busy_week_collapses_into_one_line_per_briefing() {
    let site = TestSite::new("digest-busy").file("site.yaml", site_yaml(""));
    for n in 0..60 {
        let company = if n % 2 == 0 { "[Acme]" } else { "[Beta]" };
        site.write(
            &format!("content/briefings/b{n:02}.md"),
            briefing(&format!("Busy {n}"), "2024-03-06", company, &[&format!("Point {n}.")]),
        );
    }
    let built = site.build(&[]);
    let page = built.page("/digest/2024-w10/");
    assert!(page.contains("is-collapsed"));
    assert_eq!(page.matches("class=\"digest-entry\"").count(), 60, "one line per briefing");
    assert!(!page.contains("Point 1."), "no highlights in a collapsed week");
    assert!(page.contains("60 briefings · 2 companies · 1 topic"));
    let email = built.file("digest/2024-w10/email.html");
    assert!(!email.contains("Point 1.") && email.contains("Busy 59"));
}

/// `(tag name, the tag's text)` of every tag in `html`.
fn tag_texts(html: &str) -> Vec<(String, String)> {
    html.split('<')
        .skip(1)
        .filter_map(|part| {
            let tag = part.split('>').next()?;
            let name = tag.split_whitespace().next()?.to_ascii_lowercase();
            Some((name, tag.to_string()))
        })
        .collect()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..start + tag[start..].find('"')?].to_string())
}

/// The static checks of an email edition: no `<style>`, script, stylesheet,
/// web font, form or frame; every URL absolute; images on the site only,
/// with width, height and alt; a table layout at most 600 px wide.
fn assert_email_html(html: &str, week_url: &str) {
    let lower = html.to_ascii_lowercase();
    for banned in
        ["<style", "<script", "<form", "<iframe", "<object", "<embed", "@font-face", "@import", "javascript:"]
    {
        assert!(!lower.contains(banned), "{banned} in the email");
    }
    for (name, tag) in tag_texts(html) {
        if name == "link" {
            panic!("no <link> in an email: <{tag}>");
        }
        for attr in ["href", "src", "background", "action"] {
            if let Some(url) = attribute(&tag, attr) {
                assert!(url.starts_with("https://") || url.starts_with("mailto:"), "relative URL: <{tag}>");
            }
        }
        if name == "img" {
            let src = attribute(&tag, "src").unwrap();
            assert!(src.starts_with(BASE_URL), "an image not on the site: {src}");
            for attr in ["width", "height", "alt"] {
                assert!(attribute(&tag, attr).is_some(), "<img> without {attr}: <{tag}>");
            }
        }
        if name == "table"
            && let Some(width) = attribute(&tag, "width").filter(|w| !w.ends_with('%'))
        {
            assert!(width.parse::<u32>().unwrap() <= 600, "a table {width} px wide");
        }
        assert!(attribute(&tag, "class").is_none(), "styles are inline, not classes: <{tag}>");
    }
    assert!(lower.contains("<table"), "a table layout");
    assert!(html.contains(&format!("href=\"{week_url}\"")), "a link to the week's page");
}

#[test]
fn the_email_edition_passes_the_static_checks() {
    let site = grouped_site().file(
        "content/briefings/f.md",
        "---\ntitle: Linked\ndate: 2024-02-08\ncompanies: [Acme]\nkey_highlights:\n  - \"See [Alpha](a.md) and [the source](https://news.example.com/a-very-long-path/that-goes-on-and-on/and-on-and-on/for-ever.html).\"\n---\nBody.\n",
    );
    let built = site.build(&[]);
    let week_url = format!("{BASE_URL}digest/2024-w06/");
    let html = built.file("digest/2024-w06/email.html");
    assert_email_html(&html, &week_url);
    // The preheader is the week's first highlight: Acme's group (Linked,
    // Golf) ties with Beta Corp's and leads by name, and its newest
    // briefing is "Linked" (the same day as Golf, first by slug).
    let preheader = section(&html, "<div style=\"display:none", "</div>").unwrap();
    assert!(preheader.contains("See Alpha and the source."), "{preheader}");
    assert!(
        html.contains(&format!("href=\"{BASE_URL}briefings/a/\">Alpha</a>")),
        "highlight links are absolute"
    );
    // The page links to both editions.
    let page = built.page("/digest/2024-w06/");
    assert!(page.contains("href=\"/briefs/digest/2024-w06/email.html\""));
    assert!(page.contains("href=\"/briefs/digest/2024-w06/email.txt\""));

    let text = built.file("digest/2024-w06/email.txt");
    for line in text.lines() {
        // A web address longer than a line stands alone, unbroken.
        let bare_url = line.starts_with("https://") && !line.contains(' ');
        assert!(line.chars().count() <= 72 || bare_url, "longer than 72 columns: {line:?}");
    }
    assert!(text.contains(&format!("[1] {week_url}")), "{text}");
    assert!(text.contains("See Alpha [") && text.contains("and the source ["), "{text}");
    assert!(text.contains("https://news.example.com/a-very-long-path/"), "the footnote: {text}");
    assert!(text.contains("5 briefings · 2 companies · 1 topic"), "{text}");
    assert!(!text.contains('<') && !text.contains("&amp;"), "no HTML in the text: {text}");
}

#[test]
fn the_email_template_can_be_overridden() {
    let built = grouped_site()
        .file("templates/digest_email.html", "<!doctype html><html lang=\"en\"><title>x</title><p>Custom {{ digest.title }} {{ digest.numbers }}</p></html>")
        .build(&[]);
    assert!(built.file("digest/2024-w06/email.html").contains("Custom Week 6, 2024 4 briefings"));
}

#[test]
fn an_unknown_timezone_names_the_line_and_the_nearest_zone() {
    let site = TestSite::good("digest-tz").file("site.yaml", "title: Desk\ntimezone: Europe/Pariss\n");
    insta::assert_snapshot!(site.build_fails());
}
