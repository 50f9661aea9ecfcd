//! `/sitemap.xml` (an index of several sitemaps past 50,000 pages) and
//! `/robots.txt` pointing at it.

use super::xml::escape;
use crate::config::Config;
use crate::error::{Diagnostic, Outcome};
use crate::render::pages::{self, Job};
use crate::render::{Prepared, Write};
use crate::site::Site;

/// The sitemaps.org limit of URLs per sitemap file.
const MAX_URLS: usize = 50_000;

/// Writes the sitemap(s) and robots.txt; returns the number of files.
pub fn write(site: &Site, config: &Config, urls: &Prepared, out: &dyn Write) -> Outcome<usize> {
    let entries: Vec<String> = pages::jobs(site, config)
        .into_iter()
        .filter(|&job| job != Job::NotFound)
        .map(|job| {
            let loc = urls.permalink(&pages::route(job, site));
            match pages::lastmod(job, site, config) {
                Some(date) => {
                    format!("  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n", escape(&loc), date.rfc3339())
                }
                None => format!("  <url><loc>{}</loc></url>\n", escape(&loc)),
            }
        })
        .collect();
    let mut files: Vec<(String, String)> = Vec::new();
    if entries.len() <= MAX_URLS {
        files.push(("sitemap.xml".into(), urlset(&entries)));
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (n, chunk) in entries.chunks(MAX_URLS).enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            index.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", escape(&urls.permalink(&name))));
            files.push((name, urlset(chunk)));
        }
        index.push_str("</sitemapindex>\n");
        files.push(("sitemap.xml".into(), index));
    }
    files.push((
        "robots.txt".into(),
        format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls.permalink("sitemap.xml")),
    ));
    let problems: Vec<Diagnostic> =
        files.iter().filter_map(|(name, text)| out.write(name, text.as_bytes()).err()).collect();
    if problems.is_empty() { Ok(files.len()) } else { Err(problems) }
}

fn urlset(entries: &[String]) -> String {
    let mut xml = String::with_capacity(entries.len() * 120 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    entries.iter().for_each(|e| xml.push_str(e));
    xml.push_str("</urlset>\n");
    xml
}
