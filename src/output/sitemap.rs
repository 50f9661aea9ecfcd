//! `/sitemap.xml` (an index of `sitemap-N.xml` files past 50,000 pages),
//! the News sitemap (made by [`super::news`]) and `/robots.txt` pointing at both.

use super::news;
use super::xml::escape;
use crate::config::Config;
use crate::render::pages;
use crate::routes::{File, Page, Routes};
use crate::site::Site;

/// The sitemaps.org limit of URLs per sitemap file.
const MAX_URLS: usize = 50_000;

/// One file for crawlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Robots,
    /// The sitemap of every page.
    Whole,
    /// The sitemap index of a site too large for one sitemap.
    Index,
    /// Sitemap `n` (0-based) of such a site.
    Chunk(usize),
    /// Google's News sitemap of the last two days' briefings.
    News,
}

impl Part {
    pub fn file(self) -> File<'static> {
        match self {
            Part::Robots => File::Robots,
            Part::Whole | Part::Index => File::Sitemap,
            Part::Chunk(n) => File::SitemapPart(n),
            Part::News => File::NewsSitemap,
        }
    }
}

/// The robots file and the sitemap files of `site`.
pub fn parts(site: &Site, config: &Config) -> Vec<Part> {
    let urls = crawled(site, config).len();
    if urls <= MAX_URLS {
        vec![Part::Robots, Part::Whole, Part::News]
    } else {
        let chunks = (0..urls.div_ceil(MAX_URLS)).map(Part::Chunk);
        [Part::Robots, Part::Index].into_iter().chain(chunks).chain([Part::News]).collect()
    }
}

/// Makes one file.
pub fn make(part: Part, site: &Site, config: &Config, routes: &Routes) -> String {
    match part {
        Part::Robots => robots(routes),
        Part::Whole => urlset(site, config, routes, None),
        Part::Index => index(site, config, routes),
        Part::Chunk(n) => urlset(site, config, routes, Some(n)),
        Part::News => news::make(site, config, routes),
    }
}

/// Every page a crawler should know: all but the 404 page.
fn crawled(site: &Site, config: &Config) -> Vec<Page> {
    pages::all(site, config).into_iter().filter(|&page| page != Page::NotFound).collect()
}

/// A `<urlset>`: every page, or chunk `n` of them.
fn urlset(site: &Site, config: &Config, routes: &Routes, chunk: Option<usize>) -> String {
    let all = crawled(site, config);
    let chosen = match chunk {
        Some(n) => all.chunks(MAX_URLS).nth(n).unwrap_or_default(),
        None => &all[..],
    };
    let mut xml = String::with_capacity(chosen.len() * 120 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &page in chosen {
        let loc = escape(&routes.permalink(File::Page(page)));
        match pages::lastmod(page, site, config) {
            Some(date) => {
                xml.push_str(&format!("  <url><loc>{loc}</loc><lastmod>{}</lastmod></url>\n", date.rfc3339()))
            }
            None => xml.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The `<sitemapindex>` of a site too large for one sitemap: its parts,
/// then the News sitemap.
fn index(site: &Site, config: &Config, routes: &Routes) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 0..crawled(site, config).len().div_ceil(MAX_URLS) {
        let loc = escape(&routes.permalink(File::SitemapPart(n)));
        xml.push_str(&format!("  <sitemap><loc>{loc}</loc></sitemap>\n"));
    }
    let news = escape(&routes.permalink(File::NewsSitemap));
    xml.push_str(&format!("  <sitemap><loc>{news}</loc></sitemap>\n"));
    xml.push_str("</sitemapindex>\n");
    xml
}

fn robots(routes: &Routes) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        routes.permalink(File::Sitemap),
        routes.permalink(File::NewsSitemap)
    )
}
