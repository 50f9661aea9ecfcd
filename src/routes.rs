//! The only module that knows a URL or an output path: pages and their
//! pagination, feeds, sitemaps, the search index, theme assets and static
//! files, the placeholder a body's link to another briefing's file carries
//! until the site model knows that briefing's URL, and aliases (old URLs that
//! redirect to a briefing) with the `_redirects` file that lists them, and
//! the files published beside a briefing's page (its images' variants, the
//! files of a briefing written as a folder), and the weekly digest (its
//! pages, email editions and feeds).
//!
//! A *route* is a path below the base path (`companies/huawei/page/2/`,
//! `atom.xml`); a *file* is where it is written in the output folder (pretty
//! URLs are `DIR/index.html`); a *URL* is the route after the base path
//! (`/briefs/companies/huawei/`); a *permalink* is the absolute URL.

use std::borrow::Cow;

use crate::config::Config;
use crate::ids::{BriefingId, IdVec, Kind, PageNo, TermId, WeekKey};

mod alias;
pub use alias::{Alias, AliasRefusal};

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// The home page: the newest briefings, paginated.
    Home(PageNo),
    Briefing(BriefingId),
    /// Every company, topic or author.
    Terms(Kind),
    /// One company, topic or author, a page of its timeline.
    Term(TermId, PageNo),
    Archive,
    /// The weekly digest of one ISO week: `/digest/2024-w05/`.
    Digest(WeekKey),
    /// Every week's digest, newest first, paginated: `/digest/`.
    Digests(PageNo),
    Search,
    NotFound,
}

/// The two files of a week's email edition, beside its digest page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edition {
    /// `email.html`.
    Html,
    /// `email.txt`, the plain-text alternative.
    Text,
}

/// Any file of a build, by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File<'a> {
    Page(Page),
    /// The site's Atom feed.
    SiteFeed,
    JsonFeed,
    /// A company's, topic's or author's Atom feed.
    TermFeed(TermId),
    /// The digest's Atom feed: one entry per week.
    DigestFeed,
    /// A company's or topic's digest feed: one entry per week that has its briefings.
    TermDigestFeed(TermId),
    /// A week's email edition.
    Email(WeekKey, Edition),
    /// The sitemap, or the index of the sitemap parts of a large site.
    Sitemap,
    /// Part `n` (0-based) of a sitemap too large for one file.
    SitemapPart(usize),
    /// Google's News sitemap: the briefings of the last two days.
    NewsSitemap,
    Robots,
    SearchMeta,
    /// Shard `n` (0-based) of the search index.
    SearchShard(usize),
    /// A theme file published under its name (`style.css`).
    Asset(&'a str),
    /// A file of the site's `static/` folder, by its path inside that folder.
    Static(&'a str),
    /// The redirect page at an old URL of a briefing.
    Alias(&'a Alias),
    /// `_redirects`: every alias as a rule for hosts that read it (Netlify,
    /// Cloudflare Pages).
    Redirects,
    /// A file beside a briefing's page (`briefings/<slug>/NAME`): a file of a
    /// briefing written as a folder, by its path in the folder, or an image
    /// made for the briefing (named by [`image_variant_name`] or
    /// [`image_copy_name`]).
    BriefingFile(BriefingId, &'a str),
    /// A briefing's social card (`briefings/<slug>/card-<name>.png`), named
    /// by a hash of what it shows, so a changed card has a new URL.
    Card(BriefingId, u64),
}

const SITE_FEED: &str = "atom.xml";
const JSON_FEED: &str = "feed.json";
const SITEMAP: &str = "sitemap.xml";
const ROBOTS: &str = "robots.txt";
const NEWS_SITEMAP: &str = "news-sitemap.xml";
const SEARCH: &str = "search/";
const SEARCH_META: &str = "search/meta.json";
const NOT_FOUND: &str = "404.html";
const BRIEFINGS: &str = "briefings/";
const REDIRECTS: &str = "_redirects";
const CARD: &str = "card";
const DIGEST: &str = "digest/";
const DIGEST_FEED: &str = "digest/atom.xml";
const TERM_DIGEST_FEED: &str = "digest.xml";
const EMAIL_HTML: &str = "email.html";
const EMAIL_TEXT: &str = "email.txt";
/// The social cards' cache, inside the site root.
const CARD_CACHE: &str = ".briefing/cards";

/// What routes need to know of a site: the slugs behind its ids, in id order.
pub trait Slugs {
    fn briefing_slugs(&self) -> impl Iterator<Item = &str>;
    fn term_slugs(&self, kind: Kind) -> impl Iterator<Item = &str>;
    /// Whether the site has a weekly digest (a week with briefings).
    fn has_digest(&self) -> bool {
        false
    }
}

/// The URLs of one build: the base URL, and the URL of every briefing and
/// term made once, so views can borrow them.
pub struct Routes {
    base_path: String,
    base_url: String,
    /// `scheme://host` of the base URL, to make root-relative links absolute.
    origin: String,
    briefings: IdVec<BriefingId, String>,
    companies: Vec<String>,
    topics: Vec<String>,
    authors: Vec<String>,
    has_digest: bool,
}

impl Routes {
    pub fn new(config: &Config, site: &impl Slugs) -> Routes {
        let base = &config.base_path;
        let terms = |kind: Kind| -> Vec<String> {
            site.term_slugs(kind).map(|slug| format!("{base}{}", term_route(kind, slug))).collect()
        };
        Routes {
            base_path: base.clone(),
            base_url: config.base_url.clone(),
            origin: config.base_url[..config.base_url.len() - base.len()].to_string(),
            briefings: site.briefing_slugs().map(|slug| format!("{base}{}", briefing_route(slug))).collect(),
            companies: terms(Kind::Company),
            topics: terms(Kind::Topic),
            authors: terms(Kind::Author),
            has_digest: site.has_digest(),
        }
    }

    /// Whether the site has digest pages (`/digest/`).
    pub fn has_digest(&self) -> bool {
        self.has_digest
    }

    /// The URL of a briefing's page: `/briefings/<slug>/`.
    pub fn briefing_url(&self, id: BriefingId) -> &str {
        &self.briefings[id]
    }

    /// The URL of a term's page: `/companies/<slug>/`.
    pub fn term_url(&self, id: TermId) -> &str {
        let urls = match id.kind {
            Kind::Company => &self.companies,
            Kind::Topic => &self.topics,
            Kind::Author => &self.authors,
        };
        &urls[id.index()]
    }

    /// Whether the site has any term of `kind` (an author, say).
    pub fn has_terms(&self, kind: Kind) -> bool {
        match kind {
            Kind::Company => !self.companies.is_empty(),
            Kind::Topic => !self.topics.is_empty(),
            Kind::Author => !self.authors.is_empty(),
        }
    }

    /// The path of `file` below the base path.
    pub fn route(&self, file: File) -> Cow<'_, str> {
        match file {
            File::Page(Page::Home(n)) => paginated("", n),
            File::Page(Page::Briefing(id)) => self.below_base(self.briefing_url(id)).into(),
            File::Page(Page::Terms(kind)) => format!("{}/", kind.plural()).into(),
            File::Page(Page::Term(id, n)) if n.is_first() => self.below_base(self.term_url(id)).into(),
            File::Page(Page::Term(id, n)) => paginated(self.below_base(self.term_url(id)), n),
            File::Page(Page::Archive) => "archive/".into(),
            File::Page(Page::Digest(week)) => digest_route(week).into(),
            File::Page(Page::Digests(n)) => paginated(DIGEST, n),
            File::DigestFeed => DIGEST_FEED.into(),
            File::TermDigestFeed(id) => {
                format!("{}{TERM_DIGEST_FEED}", self.below_base(self.term_url(id))).into()
            }
            File::Email(week, Edition::Html) => format!("{}{EMAIL_HTML}", digest_route(week)).into(),
            File::Email(week, Edition::Text) => format!("{}{EMAIL_TEXT}", digest_route(week)).into(),
            File::Page(Page::Search) => SEARCH.into(),
            File::Page(Page::NotFound) => NOT_FOUND.into(),
            File::SiteFeed => SITE_FEED.into(),
            File::JsonFeed => JSON_FEED.into(),
            File::TermFeed(id) => format!("{}{SITE_FEED}", self.below_base(self.term_url(id))).into(),
            File::Sitemap => SITEMAP.into(),
            File::SitemapPart(n) => format!("sitemap-{}.xml", n + 1).into(),
            File::NewsSitemap => NEWS_SITEMAP.into(),
            File::Robots => ROBOTS.into(),
            File::SearchMeta => SEARCH_META.into(),
            File::SearchShard(n) => format!("{SEARCH}{}", search_shard_name(n)).into(),
            File::Asset(name) | File::Static(name) => Cow::Owned(name.to_string()),
            File::Alias(alias) => Cow::Owned(alias.route().to_string()),
            File::Redirects => REDIRECTS.into(),
            File::BriefingFile(id, name) => {
                format!("{}{name}", self.below_base(self.briefing_url(id))).into()
            }
            File::Card(id, name) => {
                format!("{}{CARD}-{name:016x}.png", self.below_base(self.briefing_url(id))).into()
            }
        }
    }

    /// A URL made here, without the base path.
    fn below_base<'s>(&self, url: &'s str) -> &'s str {
        &url[self.base_path.len()..]
    }

    /// Where `file` is written in the output folder.
    pub fn file(&self, file: File) -> String {
        file_of(&self.route(file))
    }

    /// The root-relative URL of `file`: `/briefs/companies/huawei/`. An
    /// alias, which may hold any letter, is percent-encoded (`/caf%C3%A9/`).
    pub fn url(&self, file: File) -> String {
        match file {
            File::Alias(alias) => format!("{}{}", self.base_path, alias::percent_encode(alias.route())),
            _ => format!("{}{}", self.base_path, self.route(file)),
        }
    }

    /// The absolute URL of `file`, percent-encoded like [`Routes::url`].
    pub fn permalink(&self, file: File) -> String {
        match file {
            File::Alias(alias) => format!("{}{}", self.base_url, alias::percent_encode(alias.route())),
            _ => format!("{}{}", self.base_url, self.route(file)),
        }
    }

    /// The root-relative URL of a route (a path below the base path).
    pub fn url_of_route(&self, route: &str) -> String {
        format!("{}{route}", self.base_path)
    }

    /// The absolute form of a root-relative URL.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    /// `html` with root-relative `href="/…"`, `src="/…"` and the URLs of
    /// `srcset="/… 480w, /… 960w"` made absolute, for feeds read away from the site.
    pub fn absolute_links(&self, html: &str) -> String {
        self.absolute_links_on(html, None)
    }

    /// [`Routes::absolute_links`], and with `page` (an absolute URL), the
    /// page's own `href="#…"` links made links to `page#…`; in one pass.
    /// Protocol-relative URLs (`//host/…`) are left as they are.
    pub fn absolute_links_on(&self, html: &str, page: Option<&str>) -> String {
        let mut out = String::with_capacity(html.len() + 256);
        let mut rest = html;
        while let Some(at) = rest.find("=\"") {
            let (name, value) = (&rest[..at], &rest[at + 2..]);
            out.push_str(name);
            out.push_str("=\"");
            rest = value;
            let root_relative = value.starts_with('/') && !value.starts_with("//");
            if name.ends_with(" srcset") {
                let len = value.find('"').unwrap_or(value.len());
                self.push_absolute_srcset(&value[..len], &mut out);
                rest = &value[len..];
            } else if name.ends_with("href") && value.starts_with('#') {
                out.push_str(page.unwrap_or(""));
            } else if (name.ends_with("href") || name.ends_with("src")) && root_relative {
                out.push_str(&self.origin);
            }
        }
        out.push_str(rest);
        out
    }

    /// The candidates of a `srcset` value, each root-relative URL made absolute.
    fn push_absolute_srcset(&self, srcset: &str, out: &mut String) {
        for (n, candidate) in srcset.split(", ").enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            if candidate.starts_with('/') && !candidate.starts_with("//") {
                out.push_str(&self.origin);
            }
            out.push_str(candidate);
        }
    }
}

/// `briefings/<slug>/`.
fn briefing_route(slug: &str) -> String {
    format!("{BRIEFINGS}{slug}/")
}

/// `digest/2024-w05/`.
fn digest_route(week: WeekKey) -> String {
    format!("{DIGEST}{}-w{:02}/", week.year, week.week)
}

/// `companies/<slug>/`.
fn term_route(kind: Kind, slug: &str) -> String {
    format!("{}/{slug}/", kind.plural())
}

/// `base` for page 1, `base` + `page/N/` after it.
fn paginated(base: &str, n: PageNo) -> Cow<'static, str> {
    if n.is_first() { base.to_string().into() } else { format!("{base}page/{}/", n.get()).into() }
}

/// The file of a route: a pretty URL (`x/`, or the empty home route) is `x/index.html`.
pub fn file_of(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') { format!("{route}index.html") } else { route.to_string() }
}

/// The folder of the social cards' cache: `.briefing/cards/` in the site root.
pub fn card_cache(root: &std::path::Path) -> std::path::PathBuf {
    root.join(CARD_CACHE)
}

/// The file of the "not found" page, which hosts (and `serve`) answer 404 with.
pub fn not_found_file() -> &'static str {
    NOT_FOUND
}

/// Whether the output file `file` is an Atom feed (the site's, a term's, a digest's).
pub fn is_atom_feed(file: &str) -> bool {
    file == SITE_FEED
        || file.ends_with(&format!("/{SITE_FEED}"))
        || file.ends_with(&format!("/{TERM_DIGEST_FEED}"))
}

/// A root-relative URL written in a body (`/briefings/x/`) moved below the
/// site's base path (`/briefs/briefings/x/`); `None` when it stays as written.
pub fn rebase(url: &str, base_path: &str) -> Option<String> {
    let route = url.strip_prefix('/').filter(|r| !r.starts_with('/'))?;
    (base_path != "/" && !base_path.is_empty()).then(|| format!("{base_path}{route}"))
}

/// The slug of the briefing whose page `route` is, if it is one.
pub fn briefing_slug_in(route: &str) -> Option<&str> {
    route.strip_prefix(BRIEFINGS).and_then(|s| s.strip_suffix('/')).filter(|s| !s.contains('/'))
}

/// The name of one variant of an image made for a briefing: the image's
/// name (`chart`), the start of its content hash, its width and format
/// (`chart-1a2b3c4d-960.webp`). The hash changes when the image does, so the
/// name can be cached for ever.
pub fn image_variant_name(stem: &str, hash: &str, width: u32, ext: &str) -> String {
    format!("{stem}-{hash}-{width}.{ext}")
}

/// The name of an image published as it is (an SVG): `logo-1a2b3c4d.svg`.
pub fn image_copy_name(stem: &str, hash: &str, ext: &str) -> String {
    format!("{stem}-{hash}.{ext}")
}

/// The name of search index shard `n` inside the search folder, as `meta.json` lists it.
pub fn search_shard_name(n: usize) -> String {
    format!("index-{n}.json")
}

/// The stand-in target of the `n`th link of a body, written into its HTML
/// until the site model knows the URL of the briefing it links to.
pub fn link_placeholder(n: usize) -> String {
    format!("{PLACEHOLDER}{n}")
}

const PLACEHOLDER: &str = "briefing:link/";

/// `html` with every quoted link placeholder (`"briefing:link/N"`) for which
/// `target(N)` has a URL replaced by it, in one pass; others are left as written.
pub fn replace_link_placeholders<'a>(html: &str, target: impl Fn(usize) -> Option<&'a str>) -> String {
    let start = format!("\"{PLACEHOLDER}");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&start) {
        out.push_str(&rest[..at + 1]);
        let after = &rest[at + 1..];
        let end = after.find('"').unwrap_or(after.len());
        let written = &after[..end];
        out.push_str(placeholder_number(written).and_then(&target).unwrap_or(written));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// N of a placeholder exactly as [`link_placeholder`] writes it.
fn placeholder_number(written: &str) -> Option<usize> {
    let n: usize = written.strip_prefix(PLACEHOLDER)?.parse().ok()?;
    (link_placeholder(n) == written).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Id;

    struct Two;

    impl Slugs for Two {
        fn briefing_slugs(&self) -> impl Iterator<Item = &str> {
            ["a", "b"].into_iter()
        }
        fn term_slugs(&self, kind: Kind) -> impl Iterator<Item = &str> {
            match kind {
                Kind::Company => ["huawei"].into_iter(),
                Kind::Topic => ["chips"].into_iter(),
                Kind::Author => ["li-wei"].into_iter(),
            }
        }
    }

    fn routes(base_url: &str, base_path: &str) -> Routes {
        let config = Config { base_url: base_url.into(), base_path: base_path.into(), ..Config::default() };
        Routes::new(&config, &Two)
    }

    #[test]
    fn pages_files_and_urls() {
        let r = routes("https://example.org/briefs/", "/briefs/");
        let huawei = TermId::new(Kind::Company, 0);
        let page2 = PageNo::new(2).unwrap();
        let b = BriefingId::from_index(1);
        assert_eq!(r.url(File::Page(Page::Briefing(b))), "/briefs/briefings/b/");
        assert_eq!(r.file(File::Page(Page::Home(PageNo::FIRST))), "index.html");
        assert_eq!(r.file(File::Page(Page::Home(page2))), "page/2/index.html");
        assert_eq!(r.route(File::Page(Page::Term(huawei, page2))), "companies/huawei/page/2/");
        assert_eq!(
            r.permalink(File::TermFeed(huawei)),
            "https://example.org/briefs/companies/huawei/atom.xml"
        );
        assert_eq!(r.file(File::Page(Page::NotFound)), "404.html");
        assert_eq!(r.file(File::SearchShard(3)), "search/index-3.json");
        assert_eq!(r.absolute(r.term_url(huawei)), "https://example.org/briefs/companies/huawei/");
        let li = TermId::new(Kind::Author, 0);
        assert_eq!(r.url(File::Page(Page::Terms(Kind::Author))), "/briefs/authors/");
        assert_eq!(r.route(File::Page(Page::Term(li, page2))), "authors/li-wei/page/2/");
        assert_eq!(r.file(File::TermFeed(li)), "authors/li-wei/atom.xml");
        assert_eq!(r.url(File::Static("authors/li-wei.png")), "/briefs/authors/li-wei.png");
    }

    #[test]
    fn digest_files_and_urls() {
        let r = routes("https://example.org/briefs/", "/briefs/");
        let week = WeekKey { year: 2024, week: 5 };
        assert_eq!(r.url(File::Page(Page::Digest(week))), "/briefs/digest/2024-w05/");
        assert_eq!(r.file(File::Page(Page::Digests(PageNo::FIRST))), "digest/index.html");
        assert_eq!(r.file(File::Page(Page::Digests(PageNo::new(3).unwrap()))), "digest/page/3/index.html");
        assert_eq!(r.file(File::Email(week, Edition::Html)), "digest/2024-w05/email.html");
        assert_eq!(
            r.permalink(File::Email(week, Edition::Text)),
            "https://example.org/briefs/digest/2024-w05/email.txt"
        );
        assert_eq!(r.file(File::DigestFeed), "digest/atom.xml");
        let huawei = TermId::new(Kind::Company, 0);
        assert_eq!(r.file(File::TermDigestFeed(huawei)), "companies/huawei/digest.xml");
        assert!(is_atom_feed("companies/huawei/digest.xml") && is_atom_feed("digest/atom.xml"));
    }

    #[test]
    fn briefing_routes_parse_back() {
        let r = routes("https://example.org/", "/");
        let route = r.route(File::Page(Page::Briefing(BriefingId::from_index(0))));
        assert_eq!(briefing_slug_in(&route), Some("a"));
        assert_eq!(briefing_slug_in("companies/a/"), None);
        assert_eq!(briefing_slug_in("briefings/a/x/"), None);
    }

    #[test]
    fn placeholders_round_trip() {
        let html = format!(
            "<a href=\"{}\">x</a> <a href=\"{}\">y</a> <a href=\"briefing:link/01\">z</a>",
            link_placeholder(0),
            link_placeholder(7)
        );
        let out = replace_link_placeholders(&html, |n| (n == 0).then_some("/briefings/x/"));
        assert_eq!(
            out,
            "<a href=\"/briefings/x/\">x</a> <a href=\"briefing:link/7\">y</a> <a href=\"briefing:link/01\">z</a>"
        );
    }

    #[test]
    fn alias_files_and_urls() {
        let r = routes("https://example.org/briefs/", "/briefs/");
        let alias = Alias::parse("/old/page.html").unwrap();
        assert_eq!(r.file(File::Alias(&alias)), "old/page.html");
        let pretty = Alias::parse("/café").unwrap();
        assert_eq!(r.file(File::Alias(&pretty)), "café/index.html");
        assert_eq!(r.url(File::Alias(&pretty)), "/briefs/caf%C3%A9/");
        assert_eq!(r.permalink(File::Alias(&pretty)), "https://example.org/briefs/caf%C3%A9/");
        assert_eq!(r.url(File::Redirects), "/briefs/_redirects");
    }

    #[test]
    fn files_beside_a_briefing() {
        let r = routes("https://example.org/briefs/", "/briefs/");
        let name = image_variant_name("chart", "1a2b3c4d", 960, "webp");
        let b = BriefingId::from_index(0);
        assert_eq!(r.file(File::BriefingFile(b, &name)), "briefings/a/chart-1a2b3c4d-960.webp");
        assert_eq!(r.url(File::BriefingFile(b, "data/x.csv")), "/briefs/briefings/a/data/x.csv");
        assert_eq!(image_copy_name("logo", "1a2b3c4d", "svg"), "logo-1a2b3c4d.svg");
    }

    #[test]
    fn feeds_get_absolute_links_and_fragments_of_the_page() {
        let r = routes("https://example.org/briefs/", "/briefs/");
        let html = r##"<a href="/briefs/x/">x</a> <a href="#notes">n</a> <a data-href="/d">d</a> <img src="//cdn/y.png"> <a href="https://o/">o</a>"##;
        let page = "https://example.org/briefs/briefings/a/";
        assert_eq!(
            r.absolute_links_on(html, Some(page)),
            r##"<a href="https://example.org/briefs/x/">x</a> <a href="https://example.org/briefs/briefings/a/#notes">n</a> <a data-href="https://example.org/d">d</a> <img src="//cdn/y.png"> <a href="https://o/">o</a>"##
        );
        assert_eq!(r.absolute_links("<a href=\"#n\">n</a>"), "<a href=\"#n\">n</a>");
    }

    #[test]
    fn feeds_get_absolute_srcsets() {
        let r = routes("https://example.org/briefs/", "/briefs/");
        let html = r#"<img src="/briefs/a.png" srcset="/briefs/a-480.png 480w, /briefs/a-960.png 960w" alt="x"> <source srcset="//cdn/x.webp 1x">"#;
        assert_eq!(
            r.absolute_links(html),
            r#"<img src="https://example.org/briefs/a.png" srcset="https://example.org/briefs/a-480.png 480w, https://example.org/briefs/a-960.png 960w" alt="x"> <source srcset="//cdn/x.webp 1x">"#
        );
    }
}
