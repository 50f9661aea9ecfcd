//! `/sitemap.xml` (an index of `sitemap-N.xml` files past 50,000 pages) and
//! `/robots.txt` pointing at it.

use super::catalogue::{Item, Producer};
use super::xml::escape;
use crate::render::pages;
use crate::routes::{File, Page};

/// The sitemaps.org limit of URLs per sitemap file.
const MAX_URLS: usize = 50_000;

/// The sitemap and robots files.
pub fn files(p: &Producer) -> Vec<(String, Item)> {
    let urls = page_jobs(p).len();
    let mut files = vec![(p.routes.file(File::Robots), Item::Robots)];
    if urls <= MAX_URLS {
        files.push((p.routes.file(File::Sitemap), Item::Sitemap(None)));
    } else {
        files.push((p.routes.file(File::Sitemap), Item::SitemapIndex));
        for n in 0..urls.div_ceil(MAX_URLS) {
            files.push((p.routes.file(File::SitemapPart(n)), Item::Sitemap(Some(n))));
        }
    }
    files
}

/// Every page a crawler should know: all but the 404 page.
fn page_jobs(p: &Producer) -> Vec<Page> {
    pages::all(&p.site, &p.config).into_iter().filter(|&page| page != Page::NotFound).collect()
}

/// A `<urlset>`: every page, or chunk `n` of them.
pub fn urlset(p: &Producer, chunk: Option<usize>) -> String {
    let jobs = page_jobs(p);
    let jobs = match chunk {
        Some(n) => jobs.chunks(MAX_URLS).nth(n).unwrap_or_default(),
        None => &jobs[..],
    };
    let mut xml = String::with_capacity(jobs.len() * 120 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &page in jobs {
        let loc = escape(&p.routes.permalink(File::Page(page)));
        match pages::lastmod(page, &p.site, &p.config) {
            Some(date) => {
                xml.push_str(&format!("  <url><loc>{loc}</loc><lastmod>{}</lastmod></url>\n", date.rfc3339()))
            }
            None => xml.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The `<sitemapindex>` of a site too large for one sitemap.
pub fn index(p: &Producer) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 0..page_jobs(p).len().div_ceil(MAX_URLS) {
        let loc = escape(&p.routes.permalink(File::SitemapPart(n)));
        xml.push_str(&format!("  <sitemap><loc>{loc}</loc></sitemap>\n"));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

pub fn robots(p: &Producer) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", p.routes.permalink(File::Sitemap))
}
