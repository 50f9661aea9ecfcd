//! Escaping and injection: hostile titles, names, highlights, summaries and
//! settings come out as text in HTML, attributes, JSON-LD, Atom, JSON Feed
//! and the search index; nothing a writer types is evaluated as a template;
//! with raw HTML off (the default) raw HTML and script-running links in
//! bodies, highlights and summaries are neutralised.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::*;

// ---------------------------------------------------------------------------
// Hostile text in every field
// ---------------------------------------------------------------------------

/// Text that breaks out of HTML, attributes, `<script>`, CDATA and
/// templates if anything forgets to escape it.
const EVIL: &str = r#"</script><script>alert(1)</script> <img src=x onerror=alert(2)> &amp; & "dq" 'sq' ]]> <!-- {{ get_env(name="HOME") }} {% raw %}"#;

/// The value of `EVIL` as a double-quoted YAML scalar.
fn yaml(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// A site whose every writer-supplied string is `text` (with a per-field
/// prefix). Slugs and file names do not depend on `text`, except the
/// unprofiled company's.
fn hostile_site(label: &str, text: &str) -> TestSite {
    let t = |prefix: &str| yaml(&format!("{prefix} {text}"));
    let site = TestSite::new(label);
    site.write(
        "site.yaml",
        format!(
            "title: {}\ndescription: {}\nauthor: {}\nbase_url: https://example.org/briefs/\n",
            t("Site"),
            t("Description"),
            t("Author")
        ),
    );
    site.write(
        "content/companies/acme.yaml",
        format!(
            "name: {}\naliases: [{}]\ndescription: {}\nwebsite: https://example.com/?q=\"><script>alert(3)</script>\n",
            t("Acme"),
            t("Alias"),
            t("Profile")
        ),
    );
    site.write(
        "content/topics/chips.yaml",
        format!("name: {}\ndescription: {}\n", t("Chips"), t("About chips")),
    );
    let (title, summary, h1, h2, source) =
        (t("Title"), t("Summary"), t("Highlight"), t("Second"), t("Source"));
    let (other, extra) = (t("Other Corp"), t("Extra"));
    site.write(
        "content/briefings/evil.md",
        format!(
            "---\ntitle: {title}\ndate: 2024-03-05T09:30:00+08:00\nsummary: {summary}\ncompanies: [acme, {other}]\ntopics: [chips]\nkey_highlights:\n  - {h1}\n  - {h2}\nsources:\n  - title: {source}\n    url: \"https://example.com/?a=1&b=\\\"><script>alert(4)</script>\"\nextra: {{note: {extra}}}\n---\nBody {text}\n\n## Heading {text} (end)\n\n```\ncode {text}\n```\n"
        ),
    );
    site.file(
        "content/briefings/plain.md",
        "---\ntitle: A plain one\ndate: 2024-03-01\ncompanies: [acme]\ntopics: [chips]\n---\nPlain.\n",
    )
}

#[test]
fn hostile_text_is_escaped_in_every_output() {
    let marker = "HOME-MARKER-7f3a";
    let home = format!("/tmp/{marker}");
    let benign_site = hostile_site("escape-benign", "plain words").env("HOME", &home);
    let evil_site = hostile_site("escape", EVIL).env("HOME", &home);
    let (benign, built) = (benign_site.build(&[]), evil_site.build(&[]));

    // HTML: nothing but the theme's own tags and attributes.
    built.assert_safe();
    let benign_pages: BTreeSet<PathBuf> = benign.html_files().into_iter().collect();
    let evil_pages: BTreeSet<PathBuf> = built.html_files().into_iter().collect();
    assert_eq!(benign_pages.len(), evil_pages.len(), "the same pages, slugs aside");
    for rel in benign_pages.intersection(&evil_pages) {
        let (a, b) = (benign.file(&rel.to_string_lossy()), built.file(&rel.to_string_lossy()));
        assert_eq!(skeleton(&a), skeleton(&b), "{}: hostile text changed the markup", rel.display());
    }

    // Never evaluated as a template.
    for (rel, bytes) in built.tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(marker),
            "{}: a template ran get_env",
            rel.display()
        );
    }

    // Text and attributes read back as written.
    let page = built.page("/briefings/evil/");
    let title = format!("Title {EVIL}");
    let h1 = section(&page, "<h1 class=\"briefing-title\">", "</h1>").expect("the title");
    assert_eq!(decode_entities(&h1["<h1 class=\"briefing-title\">".len()..h1.len() - 5]), title);
    let head = tags(&page);
    let meta = |prop: &str| {
        head.iter()
            .find(|t| {
                t.name == "meta" && t.attrs.iter().any(|(a, v)| (a == "property" || a == "name") && v == prop)
            })
            .and_then(|t| t.attrs.iter().find(|(a, _)| a == "content").map(|(_, v)| v.clone()))
            .unwrap_or_else(|| panic!("no {prop} meta tag"))
    };
    assert_eq!(meta("og:title"), title);
    assert_eq!(meta("og:site_name"), format!("Site {EVIL}"));
    assert_eq!(meta("article:tag"), format!("Acme {EVIL}"));
    let prose = section(&page, "<div class=\"prose\">", "</div>").expect("the body");
    assert!(
        decode_entities(prose).contains("{{ get_env(name=\"HOME\") }}"),
        "the body keeps template syntax as text"
    );
    let sources = section(&page, "<section class=\"sources\"", "</section>").expect("sources");
    let link = tags(sources).into_iter().find(|t| t.name == "a").expect("a source link");
    assert_eq!(
        link.attrs[0],
        ("href".to_string(), "https://example.com/?a=1&b=\"><script>alert(4)</script>".to_string())
    );

    // JSON-LD.
    let ld = json_ld(&page);
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["about"]["name"], format!("Acme {EVIL}"));
    assert_eq!(ld["mentions"][0]["name"], format!("Other Corp {EVIL}"));
    assert_eq!(ld["publisher"]["name"], format!("Site {EVIL}"));
    assert_eq!(ld["author"]["name"], format!("Author {EVIL}"));

    // Atom: the site's feed and the companies' feeds parse and carry the text.
    let atom = built.feed("atom.xml");
    assert_eq!(atom.title.as_ref().unwrap().content, format!("Site {EVIL}"));
    let entry =
        atom.entries.iter().find(|e| e.links[0].href.ends_with("/briefings/evil/")).expect("the entry");
    assert_eq!(entry.title.as_ref().unwrap().content, title);
    let labels: Vec<String> = entry.categories.iter().filter_map(|c| c.label.clone()).collect();
    assert!(
        labels.contains(&format!("Acme {EVIL}")) && labels.contains(&format!("Chips {EVIL}")),
        "{labels:?}"
    );
    let content = entry.content.as_ref().and_then(|c| c.body.clone()).expect("content");
    assert!(
        content.contains("]]&gt;") && !content.contains("<script>"),
        "the body survives CDATA: {content}"
    );
    for feed in ["companies/acme/atom.xml", "topics/chips/atom.xml"] {
        assert_eq!(built.feed(feed).entries.len(), 2, "{feed}");
    }

    // JSON Feed.
    let json = built.json("feed.json");
    assert_eq!(json["title"], format!("Site {EVIL}"));
    let item = json["items"].as_array().unwrap().iter().find(|i| i["title"] == title).expect("the item");
    let tags_: Vec<&str> = item["tags"].as_array().unwrap().iter().filter_map(|t| t.as_str()).collect();
    assert!(tags_.contains(&format!("Acme {EVIL}").as_str()), "{tags_:?}");
    assert!(unsafe_tags(item["content_html"].as_str().unwrap()).is_empty(), "content_html is safe");

    // The search index.
    let meta_json = built.json("search/meta.json");
    let companies: Vec<String> = meta_json["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_str().unwrap().to_string())
        .collect();
    assert!(companies.contains(&format!("Acme {EVIL}")), "{companies:?}");
    let shard = built.json("search/index-0.json");
    let row = shard.as_array().unwrap().iter().find(|r| r[0] == title).expect("the row");
    assert!(row[4].as_str().unwrap().starts_with("Summary"), "{row}");
    assert_eq!(row[5].as_array().unwrap().len(), 2, "{row}");
    let sitemap = built.file("sitemap.xml");
    assert!(!sitemap.contains("<script"), "{sitemap}");

    // Company and topic pages show the profile text as text.
    let company = built.page("/companies/acme/");
    assert!(decode_entities(&company).contains(&format!("Profile {EVIL}")));
    assert!(!company.contains("<script>alert(3)"), "the profile website is escaped");
}

// ---------------------------------------------------------------------------
// Raw HTML and script-running links
// ---------------------------------------------------------------------------

const HOSTILE_BODY: &str = "Lead paragraph.

<script>alert(1)</script>

<div onclick=\"alert(2)\">block</div>

<style>body{display:none}</style>

<iframe src=\"javascript:alert(3)\"></iframe>

<svg/onload=alert(4)>

<textarea><script>alert(5)</script></textarea>

Inline <img src=x onerror=alert(6)> and <a href=\"javascript:alert(7)\">a</a> and <IMG SRC=JaVaScRiPt:alert(8)>.

Comment <!-- <script>alert(9)</script> --> and <![CDATA[ x ]]> and <?php echo 1; ?>

[a](javascript:alert(10)) [b](JaVaScRiPt:alert(11)) [c](&#106;avascript:alert(12)) [d]( javascript:alert(13))
[e](<java\tscript:alert(14)>) [f](javascript&colon;alert(15)) [g](&#x6A;avascript:alert(16)) <javascript:alert(17)>
[h][ref] ![i](javascript:alert(18)) [j](vbscript:msgbox(19)) [k](data:text/html;base64,PHNjcmlwdD4=)
[l](<\u{1}javascript:alert(20)>) [m](java&#x0A;script:alert(21)) [n](&#0000106;avascript:alert(22))
[o](jav&#x09;ascript:alert(23)) [p](<\u{b}javascript:alert(24)>) [q](javascript://%0aalert(25))
[r](  JAVASCRIPT:alert(26)) [s](<\u{7f}javascript:alert(27)>) [t](data:image/svg+xml,<svg onload=alert(28)>)

[ref]: javascript:alert(29)
";

fn raw_html_site(config: &str) -> TestSite {
    TestSite::new("raw-off").file("site.yaml", config).file(
        "content/briefings/raw.md",
        format!(
            "---\ntitle: Raw\ndate: 2024-01-02\nsummary: {}\nkey_highlights:\n  - {}\n  - {}\n---\n{HOSTILE_BODY}",
            yaml("Summary <script>alert(30)</script> [x](javascript:alert(31))"),
            yaml("[x](JaVaScRiPt:alert(32)) <img src=x onerror=alert(33)>"),
            yaml("<javascript:alert(34)> ![y](&#106;avascript:alert(35))"),
        ),
    )
}

#[test]
fn raw_html_and_script_links_are_neutralised_by_default() {
    for (name, config) in [("default", ""), ("explicit", "markdown: {raw_html: false}\n")] {
        let built = raw_html_site(config).build(&[]);
        built.assert_safe();
        let page = built.page("/briefings/raw/");
        let prose = section(&page, "<div class=\"prose\">", "</div>").expect("the body");
        assert!(
            prose.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{name}: raw HTML is shown as text:\n{prose}"
        );
        let links = tags(prose).into_iter().filter(|t| t.name == "a").count();
        assert!(
            links >= 18,
            "{name}: the links are still links ({links}), only their targets are neutralised"
        );
        let atom = built.feed("atom.xml");
        let entry = &atom.entries[0];
        let content = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
        assert!(unsafe_tags(&content).is_empty(), "{name}: Atom content: {:?}", unsafe_tags(&content));
        let summary = entry.summary.as_ref().unwrap().content.clone();
        assert!(unsafe_tags(&summary).is_empty(), "{name}: Atom summary: {:?}", unsafe_tags(&summary));
        let json = built.json("feed.json");
        let content = json["items"][0]["content_html"].as_str().unwrap();
        assert!(unsafe_tags(content).is_empty(), "{name}: JSON Feed: {:?}", unsafe_tags(content));
    }
}

/// With `raw_html: true` the writer's HTML passes through: the option, not
/// an accident, is what neutralises it above.
#[test]
fn raw_html_on_passes_html_through() {
    let site = TestSite::new("raw-on").file("site.yaml", "markdown: {raw_html: true}\n").file(
        "content/briefings/raw.md",
        "---\ntitle: Raw\ndate: 2024-01-02\n---\n<div class=\"callout\">Trusted</div>\n",
    );
    assert!(site.build(&[]).page("/briefings/raw/").contains("<div class=\"callout\">Trusted</div>"));
}

/// A site whose one briefing, `content/briefings/NAME.md`, is `text`, if it
/// builds; `None` if the build refuses it, which is fine too.
fn built_unless_refused(name: &str, text: &str) -> Option<TestSite> {
    let site = TestSite::new(name).file(&format!("content/briefings/{name}.md"), text);
    let run = site.try_build(&[]);
    if run.code == Some(1) {
        return None;
    }
    run.success();
    Some(site)
}

/// Heading attributes (`## Title {#id}`) may set an id; with raw HTML off
/// they must not add event handlers or styles to the heading.
#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let text = "---\ntitle: Attrs\ndate: 2024-01-02\n---\nLead.\n\n## Hi {onmouseover=alert(1) style=position:fixed;inset:0}\n\n## Two {.x onclick=alert(2)}\n";
    let Some(site) = built_unless_refused("attrs", text) else { return };
    assert_safe_site(site.out());
    let page = read_page(site.out(), "/briefings/attrs/");
    assert!(!page.contains("position:fixed"), "a style attribute from the body");
}

/// A custom id is an attribute value like any other: quotes in it must not
/// end the `href` of the heading's `#` anchor.
#[test]
fn custom_heading_ids_cannot_break_out_of_the_anchor() {
    let text = "---\ntitle: Ids\ndate: 2024-01-02\n---\nLead.\n\n## Hi {#x\"onmouseover=\"alert(1)}\n\n## Focus {#y\"/autofocus/onfocus=\"alert(2)}\n";
    let Some(site) = built_unless_refused("ids", text) else { return };
    assert_safe_site(site.out());
}
