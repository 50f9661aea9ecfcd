//! URLs and date strings, computed once per build and borrowed by every view,
//! feed and index.

use crate::config::Config;
use crate::site::{Kind, Site};

/// URLs and date strings computed once per build, borrowed by every view.
pub struct Prepared {
    pub base_path: String,
    pub base_url: String,
    /// `scheme://host` of the base URL, to make root-relative links absolute.
    pub origin: String,
    pub briefing_urls: Vec<String>,
    pub company_urls: Vec<String>,
    pub topic_urls: Vec<String>,
}

impl Prepared {
    pub fn new(site: &Site, config: &Config) -> Prepared {
        let base = &config.base_path;
        let term_urls = |kind: Kind| -> Vec<String> {
            let tax = site.taxonomy(kind);
            tax.terms.iter().map(|t| format!("{base}{}/{}/", kind.plural(), t.slug)).collect()
        };
        Prepared {
            base_path: base.clone(),
            base_url: config.base_url.clone(),
            origin: config.base_url[..config.base_url.len() - base.len()].to_string(),
            briefing_urls: site.briefings.iter().map(|b| format!("{base}briefings/{}/", b.slug)).collect(),
            company_urls: term_urls(Kind::Company),
            topic_urls: term_urls(Kind::Topic),
        }
    }

    pub fn term_urls(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Company => &self.company_urls,
            Kind::Topic => &self.topic_urls,
        }
    }

    /// `route` is relative to the base path (`companies/huawei/`).
    pub fn url(&self, route: &str) -> String {
        format!("{}{route}", self.base_path)
    }

    pub fn permalink(&self, route: &str) -> String {
        format!("{}{route}", self.base_url)
    }

    /// The absolute form of a root-relative URL from [`Prepared::url`].
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    /// `html` with root-relative `href="/…"` and `src="/…"` made absolute, for
    /// feeds read away from the site.
    pub fn absolute_links(&self, html: &str) -> String {
        html.replace("href=\"/", &format!("href=\"{}/", self.origin))
            .replace("src=\"/", &format!("src=\"{}/", self.origin))
    }
}
