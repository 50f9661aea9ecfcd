//! `/news-sitemap.xml`: Google's News sitemap of the briefings published in
//! the two days before the build's clock, newest first, at most 1,000.

use chrono::TimeDelta;

use super::xml::escape;
use crate::config::Config;
use crate::content::Briefing;
use crate::routes::{File, Page, Routes};
use crate::site::{BriefingId, Site};

/// How far back a News sitemap reaches: Google wants articles of the last two days.
const WINDOW: TimeDelta = TimeDelta::hours(48);

/// Google's limit of URLs per News sitemap.
pub const MAX_URLS: usize = 1_000;

/// The briefings published in the 48 hours up to the build's clock, newest
/// first (the order of `site.briefings`), at most [`MAX_URLS`]; never a
/// draft or a future briefing, even in a `--drafts` or `--future` build.
pub fn recent(site: &Site) -> Vec<BriefingId> {
    let since = site.now - WINDOW;
    site.briefings
        .enumerate()
        .filter(|(_, b)| !b.draft && b.date.instant > since && b.date.instant <= site.now)
        .map(|(id, _)| id)
        .take(MAX_URLS)
        .collect()
}

/// The News sitemap; a `<urlset>` with no `<url>` when nothing is recent.
pub fn make(site: &Site, config: &Config, routes: &Routes) -> String {
    let ids = recent(site);
    let mut xml = String::with_capacity(ids.len() * 400 + 200);
    xml.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
        " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    ));
    let name = escape(&config.title);
    let language = escape(&config.language);
    for id in ids {
        let b = &site.briefings[id];
        let loc = escape(&routes.permalink(File::Page(Page::Briefing(id))));
        xml.push_str(&format!(
            "  <url>\n    <loc>{loc}</loc>\n    <news:news>\n      <news:publication>\n        \
             <news:name>{name}</news:name>\n        <news:language>{language}</news:language>\n      \
             </news:publication>\n      <news:publication_date>{}</news:publication_date>\n      \
             <news:title>{}</news:title>\n    </news:news>\n  </url>\n",
            publication_date(b),
            escape(&b.title),
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// W3C Datetime: `2024-01-28` for a day, `2024-01-28T09:30:00+08:00` for an instant.
fn publication_date(b: &Briefing) -> String {
    if b.date.day_only { b.date.ymd() } else { b.date.rfc3339() }
}
