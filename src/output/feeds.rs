//! Feeds: Atom for the site and for every company, topic and author, JSON
//! Feed 1.1 for the site, and the weekly digest's Atom feeds (the site's, and
//! each company's and topic's: one entry per week, the digest as its
//! content). Each briefing's entry is rendered once and shared by every feed it is in.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::json;

use super::xml::{cdata, escape};

mod digest;
use crate::cache::hash::{Fingerprint, Hasher};
use crate::config::Config;
use crate::content::Briefing;
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, IdVec, Kind, PageNo, TermId};
use crate::routes::{File, Page, Routes};
use crate::site::Site;
use crate::spill::{Spill, Text};

/// One feed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// `/atom.xml`: the newest briefings of the site.
    Site,
    /// `/feed.json`: the same, as JSON Feed.
    Json,
    /// A company's, topic's or author's Atom feed.
    Term(TermId),
    /// `/digest/atom.xml`: one entry per week.
    Digest,
    /// A company's or topic's digest feed: one entry per week that has its briefings.
    TermDigest(TermId),
}

impl Feed {
    pub fn file(self) -> File<'static> {
        match self {
            Feed::Site => File::SiteFeed,
            Feed::Json => File::JsonFeed,
            Feed::Term(id) => File::TermFeed(id),
            Feed::Digest => File::DigestFeed,
            Feed::TermDigest(id) => File::TermDigestFeed(id),
        }
    }
}

/// The feeds of `site`: its Atom and JSON feeds, then each term's Atom
/// feed, the digest's feed (even when it is empty), then each company's and
/// topic's digest feed.
pub fn all(site: &Site) -> Vec<Feed> {
    let terms = |kinds: &'static [Kind]| {
        kinds.iter().flat_map(|&kind| site.taxonomy(kind).enumerate().map(|(id, _)| id))
    };
    let mut feeds: Vec<Feed> =
        [Feed::Site, Feed::Json].into_iter().chain(terms(&Kind::ALL).map(Feed::Term)).collect();
    feeds.push(Feed::Digest);
    feeds.extend(terms(&Kind::SUBJECTS).map(Feed::TermDigest));
    feeds
}

/// Each briefing's Atom entry, and its item in the digest feeds, made on
/// first use. Atom entries carry the whole body, so they are kept in a
/// spill file (see [`crate::spill`]) rather than in memory.
pub struct Entries {
    atom: IdVec<BriefingId, OnceLock<Text>>,
    /// Each briefing's entry key (see [`Feeds::key`]), made on first use.
    keys: IdVec<BriefingId, OnceLock<Fingerprint>>,
    /// Each briefing as the digest feeds list it (`<li>…</li>`), made on first use.
    digest: IdVec<BriefingId, OnceLock<String>>,
    /// The fingerprint of each such item (see `digest::item_print`), made on first use.
    digest_keys: IdVec<BriefingId, OnceLock<Fingerprint>>,
    spill: Option<Arc<Spill>>,
}

impl Entries {
    pub fn new(site: &Site) -> Entries {
        let atom = site.briefings.iter().map(|_| OnceLock::new()).collect();
        let digest = site.briefings.iter().map(|_| OnceLock::new()).collect();
        let keys = site.briefings.iter().map(|_| OnceLock::new()).collect();
        let digest_keys = site.briefings.iter().map(|_| OnceLock::new()).collect();
        Entries { atom, keys, digest, digest_keys, spill: Spill::new() }
    }
}

/// What a briefing's Atom entry shows but its body (see `Feeds::entry_head`):
/// made into the entry, and hashed for the keys of the feeds it is in.
#[derive(Serialize)]
struct EntryHead<'a> {
    title: &'a str,
    /// Absolute: the entry's link and id.
    url: String,
    published: String,
    updated: String,
    /// Name and absolute page URL of each author.
    authors: Vec<(&'a str, String)>,
    /// Slug, scheme (the absolute URL of the list of its kind) and name of
    /// each company and topic.
    categories: Vec<(&'a str, String, &'a str)>,
    /// The key highlights (or the summary) as HTML, links absolute.
    summary: String,
}

/// What the feeds of one build are made from.
#[derive(Clone, Copy)]
pub struct Feeds<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub routes: &'a Routes,
    pub entries: &'a Entries,
    pub media: &'a crate::media::Media,
}

/// The head of an Atom feed: where it goes, its title, the absolute URL of
/// the page it follows, and when it last changed (RFC 3339).
struct AtomHead<'a> {
    file: File<'a>,
    title: &'a str,
    alternate: &'a str,
    updated: &'a str,
}

/// An Atom feed before rendering: where it goes and which briefings it carries.
struct AtomFeed<'a> {
    file: File<'a>,
    title: String,
    /// Absolute URL of the page the feed follows.
    alternate: String,
    entries: Cow<'a, [BriefingId]>,
}

impl Feeds<'_> {
    /// Makes one feed file; fails only when a body cannot be read back from
    /// the spill file.
    pub fn make(&self, feed: Feed) -> Result<String, Diagnostic> {
        Ok(match feed {
            Feed::Site => self.atom_feed(&self.site_atom())?,
            Feed::Json => self.json_feed()?,
            Feed::Term(id) => self.atom_feed(&self.term_atom(id))?,
            Feed::Digest => digest::feed(self),
            Feed::TermDigest(id) => digest::term_feed(self, id),
        })
    }

    fn site_atom(&self) -> AtomFeed<'_> {
        let newest = self.site.briefings.slice_ids(0..self.config.feed_limit).collect();
        AtomFeed {
            file: File::SiteFeed,
            title: self.config.title.clone(),
            alternate: self.routes.permalink(File::Page(Page::Home(PageNo::FIRST))),
            entries: Cow::Owned(newest),
        }
    }

    fn term_atom(&self, id: TermId) -> AtomFeed<'_> {
        let term = self.site.term(id);
        AtomFeed {
            file: File::TermFeed(id),
            title: format!("{} — {}", term.name, self.config.title),
            alternate: self.routes.permalink(File::Page(Page::Term(id, PageNo::FIRST))),
            entries: Cow::Borrowed(&term.briefings[..term.briefings.len().min(self.config.feed_limit)]),
        }
    }

    /// The Atom `<entry>` of briefing `i`, made once.
    fn entry(&self, i: BriefingId) -> Result<Cow<'_, str>, Diagnostic> {
        let cell = &self.entries.atom[i];
        let entry = match cell.get() {
            Some(entry) => entry,
            None => {
                let made = self.atom_entry(i)?;
                cell.get_or_init(|| Text::spilled(made, self.entries.spill.as_ref()))
            }
        };
        entry.read().map_err(|e| crate::spill::unreadable(&self.site.briefings[i].path, "feed entry", &e))
    }

    fn atom_feed(&self, feed: &AtomFeed) -> Result<String, Diagnostic> {
        let updated = self.updated(feed.entries.iter().copied());
        let head =
            AtomHead { file: feed.file, title: &feed.title, alternate: &feed.alternate, updated: &updated };
        let entries = feed.entries.iter().map(|&i| self.entry(i)).collect::<Result<Vec<_>, _>>()?;
        Ok(self.atom_document(&head, entries.iter()))
    }

    /// When the newest of `briefings` last changed (the site's newest
    /// briefing, or 1970, for an empty feed).
    fn updated(&self, briefings: impl Iterator<Item = BriefingId>) -> String {
        let site = self.site;
        briefings
            .map(|i| modified(site, i))
            .max_by_key(|d| d.instant)
            .or_else(|| site.briefings.first().map(|b| &b.date))
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339())
    }

    /// The Atom writer: the feed's head, then `entries` (`<entry>` elements).
    fn atom_document<S: AsRef<str>>(&self, feed: &AtomHead, entries: impl Iterator<Item = S>) -> String {
        let config = self.config;
        let self_url = self.routes.permalink(feed.file);
        let updated = feed.updated;
        let mut xml = String::with_capacity(64 * 1024);
        xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&config.language)
        ));
        xml.push_str(&format!("  <title>{}</title>\n", escape(feed.title)));
        if !config.description.is_empty() {
            xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(&config.description)));
        }
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&self_url)
        ));
        xml.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(feed.alternate)
        ));
        xml.push_str(&format!("  <id>{}</id>\n", escape(&self_url)));
        xml.push_str(&format!("  <updated>{updated}</updated>\n"));
        xml.push_str(&format!("  <author><name>{}</name></author>\n", escape(&config.author)));
        xml.push_str("  <generator>briefing</generator>\n");
        for entry in entries {
            xml.push_str(entry.as_ref());
        }
        xml.push_str("</feed>\n");
        xml
    }

    /// Everything briefing `i`'s Atom entry shows but its body.
    fn entry_head(&self, i: BriefingId) -> EntryHead<'_> {
        let (site, routes) = (self.site, self.routes);
        let b = &site.briefings[i];
        let categories = Kind::SUBJECTS
            .iter()
            .flat_map(|&kind| {
                let scheme = routes.permalink(File::Page(Page::Terms(kind)));
                site.terms_of(i, kind).iter().map(move |&t| {
                    let term = site.term(t);
                    (term.slug.as_str(), scheme.clone(), term.name.as_str())
                })
            })
            .collect();
        EntryHead {
            title: &b.title,
            url: routes.absolute(routes.briefing_url(i)),
            published: b.date.rfc3339(),
            updated: modified(site, i).rfc3339(),
            authors: self.authors(i),
            categories,
            summary: routes.absolute_links(&highlights_html(site, i)),
        }
    }

    /// One briefing as an Atom `<entry>`.
    fn atom_entry(&self, i: BriefingId) -> Result<String, Diagnostic> {
        let b = &self.site.briefings[i];
        let head = self.entry_head(i);
        let mut xml = String::with_capacity(b.body_html.len() + 2048);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(head.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&head.url)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&head.url)));
        xml.push_str(&format!("    <published>{}</published>\n", head.published));
        xml.push_str(&format!("    <updated>{}</updated>\n", head.updated));
        for (name, uri) in &head.authors {
            xml.push_str(&format!(
                "    <author><name>{}</name><uri>{}</uri></author>\n",
                escape(name),
                escape(uri)
            ));
        }
        for (slug, scheme, name) in &head.categories {
            xml.push_str(&format!(
                "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>\n",
                escape(slug),
                escape(scheme),
                escape(name)
            ));
        }
        xml.push_str(&format!("    <summary type=\"html\">{}</summary>\n", cdata(&head.summary)));
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            cdata(&content_html(self.routes, i, b)?)
        ));
        xml.push_str("  </entry>\n");
        Ok(xml)
    }

    /// The key of a feed whose making is worth skipping when its key is
    /// unchanged: the site's and each term's Atom feed, which carry whole
    /// bodies, and each term's digest feed (see `digest::term_key`). For an
    /// Atom feed, the fingerprint of `settings` (the build, `site.yaml`), of
    /// the feed's head and of each entry's head and body, the body by its
    /// fingerprint. `None` for the other feeds, or when a body cannot be
    /// read (making the feed says why).
    pub fn key(&self, feed: Feed, settings: Fingerprint) -> Option<Fingerprint> {
        let atom = match feed {
            Feed::Site => self.site_atom(),
            Feed::Term(id) => self.term_atom(id),
            Feed::TermDigest(id) => return Some(digest::term_key(self, id, settings)),
            Feed::Json | Feed::Digest => return None,
        };
        let mut hasher = Hasher::new();
        hasher.u128(settings).bytes(self.routes.permalink(atom.file).as_bytes());
        hasher.bytes(atom.title.as_bytes()).bytes(atom.alternate.as_bytes());
        hasher.bytes(self.updated(atom.entries.iter().copied()).as_bytes());
        for &i in atom.entries.iter() {
            let key = match self.entries.keys[i].get() {
                Some(key) => *key,
                None => {
                    let body = self.site.briefings[i].body_print().ok()?;
                    *self.entries.keys[i]
                        .get_or_init(|| Hasher::new().value(&self.entry_head(i)).u128(body).finish())
                }
            };
            hasher.u128(key);
        }
        Some(hasher.u128(atom.entries.len() as u128).finish())
    }

    /// `/feed.json`: JSON Feed 1.1 of the newest briefings.
    fn json_feed(&self) -> Result<String, Diagnostic> {
        let (site, config, routes) = (self.site, self.config, self.routes);
        let items: Vec<serde_json::Value> = site
            .briefings
            .slice_ids(0..config.feed_limit)
            .map(|i| {
                let b = &site.briefings[i];
                let url = routes.absolute(routes.briefing_url(i));
                let tags: Vec<&str> = Kind::SUBJECTS
                    .iter()
                    .flat_map(|&kind| site.terms_of(i, kind))
                    .map(|&t| site.term(t).name.as_str())
                    .collect();
                let summary = if b.highlights_text.is_empty() {
                    b.summary_text.clone()
                } else {
                    b.highlights_text.join(" · ")
                };
                let mut item = json!({
                    "id": url,
                    "url": url,
                    "title": b.title,
                    "summary": summary,
                    "content_html": content_html(routes, i, b)?,
                    "date_published": b.date.rfc3339(),
                    "date_modified": modified(site, i).rfc3339(),
                    "tags": tags,
                });
                // Without authors of its own, an item has the feed's.
                if !site.terms_of(i, Kind::Author).is_empty() {
                    item["authors"] = self.json_authors(i);
                }
                Ok(item)
            })
            .collect::<Result<_, Diagnostic>>()?;
        let feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": config.title,
            "home_page_url": routes.permalink(File::Page(Page::Home(PageNo::FIRST))),
            "feed_url": routes.permalink(File::JsonFeed),
            "description": config.description,
            "language": config.language,
            "authors": [{
                "name": config.author,
                "url": routes.permalink(File::Page(Page::Home(PageNo::FIRST))),
            }],
            "items": items,
        });
        let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
        text.push('\n');
        Ok(text)
    }
}

/// A briefing's body for a feed, read away from the site: every link
/// absolute, the body's own `#fragment` links (headings, footnotes) too.
fn content_html(routes: &Routes, i: BriefingId, b: &Briefing) -> Result<String, Diagnostic> {
    let page = routes.absolute(routes.briefing_url(i));
    Ok(routes.absolute_links_on(&b.body()?, Some(&page)))
}

impl Feeds<'_> {
    /// The name and absolute page URL of each author of briefing `i`; the
    /// publication and its home page when it has none.
    fn authors(&self, i: BriefingId) -> Vec<(&str, String)> {
        let (site, routes) = (self.site, self.routes);
        let authors = site.terms_of(i, Kind::Author);
        if authors.is_empty() {
            let home = routes.permalink(File::Page(Page::Home(PageNo::FIRST)));
            return vec![(self.config.author.as_str(), home)];
        }
        authors.iter().map(|&a| (site.term(a).name.as_str(), routes.absolute(routes.term_url(a)))).collect()
    }

    /// JSON Feed `authors` of briefing `i`: name, page and, from the profile, avatar.
    fn json_authors(&self, i: BriefingId) -> serde_json::Value {
        let (site, routes) = (self.site, self.routes);
        let authors = site.terms_of(i, Kind::Author).iter().map(|&a| {
            let term = site.term(a);
            let mut author = json!({"name": term.name, "url": routes.absolute(routes.term_url(a))});
            if let Some(avatar) = term.person().and_then(|p| p.avatar.as_ref()) {
                author["avatar"] = json!(avatar.permalink(routes));
            }
            author
        });
        serde_json::Value::Array(authors.collect())
    }
}

/// The key highlights as an HTML list, or the summary when there are none.
fn highlights_html(site: &Site, i: BriefingId) -> String {
    let b = &site.briefings[i];
    if b.highlights_html.is_empty() {
        return b.summary_html.clone();
    }
    let items: String = b.highlights_html.iter().map(|h| format!("<li>{h}</li>")).collect();
    format!("<ul>{items}</ul>")
}

fn modified(site: &Site, i: BriefingId) -> &Date {
    let b = &site.briefings[i];
    b.updated.as_ref().unwrap_or(&b.date)
}
