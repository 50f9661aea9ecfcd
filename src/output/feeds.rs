//! Feeds: Atom for the site and for every company and topic, JSON Feed 1.1
//! for the site. Each entry is rendered once and shared by every feed it is in.

use serde_json::json;

use super::catalogue::{Item, Producer};
use super::xml::{cdata, escape};
use crate::content::date::Date;
use crate::site::{Kind, Site};

/// The feed files: the site's Atom and JSON feeds, and each term's Atom feed.
pub fn files(p: &Producer) -> Vec<(String, Item)> {
    let mut files = vec![("atom.xml".to_string(), Item::SiteFeed), ("feed.json".to_string(), Item::JsonFeed)];
    for kind in [Kind::Company, Kind::Topic] {
        for id in 0..p.site.taxonomy(kind).terms.len() {
            files.push((format!("{}atom.xml", term_route(p, kind, id)), Item::TermFeed(kind, id)));
        }
    }
    files
}

/// `companies/huawei/`.
fn term_route(p: &Producer, kind: Kind, id: usize) -> &str {
    &p.urls.term_urls(kind)[id][p.urls.base_path.len()..]
}

/// A feed before rendering: where it goes and which briefings it carries.
struct Feed<'a> {
    file: String,
    title: String,
    /// Absolute URL of the page the feed follows.
    alternate: String,
    entries: &'a [usize],
}

/// `/atom.xml`: the newest briefings of the site.
pub fn site_feed(p: &Producer) -> String {
    let all: Vec<usize> = (0..p.site.briefings.len().min(p.config.feed_limit)).collect();
    let feed = Feed {
        file: "atom.xml".into(),
        title: p.config.title.clone(),
        alternate: p.config.base_url.clone(),
        entries: &all,
    };
    atom_feed(p, &feed)
}

/// `/companies/<slug>/atom.xml` and `/topics/<slug>/atom.xml`.
pub fn term_feed(p: &Producer, kind: Kind, id: usize) -> String {
    let term = &p.site.taxonomy(kind).terms[id];
    let route = term_route(p, kind, id);
    let feed = Feed {
        file: format!("{route}atom.xml"),
        title: format!("{} — {}", term.name, p.config.title),
        alternate: p.urls.permalink(route),
        entries: &term.briefings[..term.briefings.len().min(p.config.feed_limit)],
    };
    atom_feed(p, &feed)
}

fn atom_feed(p: &Producer, feed: &Feed) -> String {
    let (site, config, urls) = (&p.site, &p.config, &p.urls);
    let self_url = urls.permalink(&feed.file);
    let updated = feed
        .entries
        .iter()
        .map(|&i| modified(site, i))
        .max_by_key(|d| d.instant)
        .or_else(|| site.briefings.first().map(|b| &b.date))
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut xml = String::with_capacity(1024 + feed.entries.len() * 4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&config.language)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", escape(&feed.title)));
    if !config.description.is_empty() {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(&config.description)));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&self_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&feed.alternate)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&self_url)));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!("  <author><name>{}</name></author>\n", escape(&config.author)));
    xml.push_str("  <generator>briefing</generator>\n");
    for &i in feed.entries {
        xml.push_str(p.entry(i));
    }
    xml.push_str("</feed>\n");
    xml
}

/// One briefing as an Atom `<entry>`.
pub fn atom_entry(p: &Producer, i: usize) -> String {
    let (site, urls) = (&p.site, &p.urls);
    let b = &site.briefings[i];
    let url = urls.absolute(&urls.briefing_urls[i]);
    let mut xml = String::with_capacity(b.body_html.len() + 2048);
    xml.push_str("  <entry>\n");
    xml.push_str(&format!("    <title>{}</title>\n", escape(&b.title)));
    xml.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&url)));
    xml.push_str(&format!("    <id>{}</id>\n", escape(&url)));
    xml.push_str(&format!("    <published>{}</published>\n", b.date.rfc3339()));
    xml.push_str(&format!("    <updated>{}</updated>\n", modified(site, i).rfc3339()));
    for (kind, ids) in [(Kind::Company, &site.briefing_companies[i]), (Kind::Topic, &site.briefing_topics[i])]
    {
        let scheme = urls.permalink(&format!("{}/", kind.plural()));
        for &t in ids {
            let term = &site.taxonomy(kind).terms[t];
            xml.push_str(&format!(
                "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>\n",
                escape(&term.slug),
                escape(&scheme),
                escape(&term.name)
            ));
        }
    }
    xml.push_str(&format!("    <summary type=\"html\">{}</summary>\n", cdata(&highlights_html(site, i))));
    xml.push_str(&format!(
        "    <content type=\"html\">{}</content>\n",
        cdata(&urls.absolute_links(&b.body_html))
    ));
    xml.push_str("  </entry>\n");
    xml
}

/// The key highlights as an HTML list, or the summary when there are none.
fn highlights_html(site: &Site, i: usize) -> String {
    let b = &site.briefings[i];
    if b.highlights_html.is_empty() {
        return b.summary_html.clone();
    }
    let items: String = b.highlights_html.iter().map(|h| format!("<li>{h}</li>")).collect();
    format!("<ul>{items}</ul>")
}

fn modified(site: &Site, i: usize) -> &Date {
    let b = &site.briefings[i];
    b.updated.as_ref().unwrap_or(&b.date)
}

/// `/feed.json`: JSON Feed 1.1 of the newest briefings.
pub fn json_feed(p: &Producer) -> String {
    let (site, config, urls) = (&p.site, &p.config, &p.urls);
    let items: Vec<serde_json::Value> = (0..site.briefings.len().min(config.feed_limit))
        .map(|i| {
            let b = &site.briefings[i];
            let url = urls.absolute(&urls.briefing_urls[i]);
            let tags: Vec<&str> = site.briefing_companies[i]
                .iter()
                .map(|&c| site.companies.terms[c].name.as_str())
                .chain(site.briefing_topics[i].iter().map(|&t| site.topics.terms[t].name.as_str()))
                .collect();
            let summary = if b.highlights_text.is_empty() {
                b.summary_text.clone()
            } else {
                b.highlights_text.join(" · ")
            };
            json!({
                "id": url,
                "url": url,
                "title": b.title,
                "summary": summary,
                "content_html": urls.absolute_links(&b.body_html),
                "date_published": b.date.rfc3339(),
                "date_modified": modified(site, i).rfc3339(),
                "tags": tags,
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": config.base_url,
        "feed_url": urls.permalink("feed.json"),
        "description": config.description,
        "language": config.language,
        "authors": [{"name": config.author}],
        "items": items,
    });
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}
