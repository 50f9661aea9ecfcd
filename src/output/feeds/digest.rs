//! The weekly digest's Atom feeds: `/digest/atom.xml`, one entry per week
//! whose content is the whole digest (so an RSS-to-email service sends it as
//! it is), and each company's and topic's `digest.xml`, one entry per week
//! with that term's briefings. Links are absolute; the newest weeks first,
//! at most `feed_limit` of them.

use super::{AtomHead, Feeds, escape};
use crate::cache::hash::{Fingerprint, Hasher};
use crate::ids::{BriefingId, IdVec, PageNo, TermId};
use crate::output::xml::cdata_inner;
use crate::render::digest::{EntryView, FULL_WEEK, OTHER, Reader, numbers, week_dates, week_title};
use crate::render::views::Views;
use crate::routes::{File, Page};
use crate::site::digest::{self, Week};

/// One week as an Atom entry.
struct WeekEntry<'a> {
    title: String,
    /// The week's digest page (absolute).
    link: &'a str,
    id: String,
    /// When its newest briefing was published, and when one last changed.
    published: String,
    updated: String,
    summary: &'a str,
    /// The companies (or the company or topic) of the entry, as Atom categories.
    categories: Vec<TermId>,
    /// Its HTML content, ready to stand inside a CDATA section: made of
    /// escaped text and of items passed through [`cdata_inner`].
    content: String,
}

/// `/digest/atom.xml`.
pub fn feed(feeds: &Feeds) -> String {
    let (site, routes) = (feeds.site, feeds.routes);
    let weeks = site.digest.weeks.len().min(feeds.config.feed_limit);
    let entries = site.digest.weeks[..weeks].iter().map(|week| {
        let permalink = routes.permalink(File::Page(Page::Digest(week.key)));
        let (companies, topics) = digest::counts(site, &week.briefings);
        let summary = numbers(week.briefings.len(), companies, topics);
        let entry = WeekEntry {
            title: format!("{}: {}", week_title(week.key), week_dates(week)),
            link: &permalink,
            id: permalink.clone(),
            published: published(feeds, &week.briefings),
            updated: feeds.updated(week.briefings.iter().copied()),
            summary: &summary,
            categories: companies_of(feeds, &week.briefings),
            content: week_html(feeds, week, &summary, &permalink),
        };
        atom_entry(feeds, &entry)
    });
    let alternate = match site.digest.weeks.is_empty() {
        true => routes.permalink(File::Page(Page::Home(PageNo::FIRST))),
        false => routes.permalink(File::Page(Page::Digests(PageNo::FIRST))),
    };
    let title = format!("{} — weekly digest", feeds.config.title);
    let updated =
        feeds.updated(site.digest.weeks.iter().take(weeks).flat_map(|w| w.briefings.iter().copied()));
    let head = AtomHead { file: File::DigestFeed, title: &title, alternate: &alternate, updated: &updated };
    feeds.atom_document(&head, entries)
}

/// A company's or topic's `digest.xml`.
pub fn term_feed(feeds: &Feeds, id: TermId) -> String {
    let plan = TermDigest::new(feeds, id);
    let entries = plan.weeks.iter().map(|week| {
        let mut content = list_html(feeds, &week.briefings, week.collapsed());
        content.push_str(&format!(
            "<p><a href=\"{}\">The whole digest of the week</a></p>",
            escape(&week.permalink)
        ));
        let entry = WeekEntry {
            title: week.title.clone(),
            link: &week.permalink,
            id: week.id.clone(),
            published: week.published.clone(),
            updated: week.updated.clone(),
            summary: &week.numbers,
            categories: vec![id],
            content,
        };
        atom_entry(feeds, &entry)
    });
    let head = AtomHead {
        file: File::TermDigestFeed(id),
        title: &plan.title,
        alternate: &plan.alternate,
        updated: &plan.updated,
    };
    feeds.atom_document(&head, entries)
}

/// The key of a company's or topic's `digest.xml`: `settings`, what the
/// feed and each of its weeks say, and each item's print
/// ([`item_print`]), so an unchanged feed is kept without being made.
pub fn term_key(feeds: &Feeds, id: TermId, settings: Fingerprint) -> Fingerprint {
    let plan = TermDigest::new(feeds, id);
    let term = feeds.site.term(id);
    let mut hasher = Hasher::new();
    hasher.u128(settings).bytes(term.slug.as_bytes()).bytes(term.name.as_bytes());
    hasher.bytes(plan.title.as_bytes()).bytes(plan.alternate.as_bytes()).bytes(plan.updated.as_bytes());
    for week in &plan.weeks {
        for text in [&week.title, &week.permalink, &week.id, &week.published, &week.updated, &week.numbers] {
            hasher.bytes(text.as_bytes());
        }
        for &i in &week.briefings {
            hasher.u128(item_print(feeds, i, week.collapsed()));
        }
        hasher.u128(week.briefings.len() as u128);
    }
    hasher.u128(plan.weeks.len() as u128).finish()
}

/// What a company's or topic's `digest.xml` says, but its items' HTML:
/// made into the feed, and hashed for its key.
struct TermDigest {
    title: String,
    alternate: String,
    updated: String,
    /// The newest weeks with the term's briefings, at most `feed_limit`.
    weeks: Vec<TermWeek>,
}

/// One week of a term's digest feed.
struct TermWeek {
    title: String,
    /// The week's digest page (absolute).
    permalink: String,
    id: String,
    published: String,
    updated: String,
    numbers: String,
    /// The term's briefings that week, newest first.
    briefings: Vec<BriefingId>,
}

impl TermWeek {
    /// Whether the week lists its briefings one line each.
    fn collapsed(&self) -> bool {
        self.briefings.len() > FULL_WEEK
    }
}

impl TermDigest {
    fn new(feeds: &Feeds, id: TermId) -> TermDigest {
        let (site, routes) = (feeds.site, feeds.routes);
        let term = site.term(id);
        let by_week = term_weeks(feeds, &term.briefings);
        let weeks = by_week
            .into_iter()
            .take(feeds.config.feed_limit)
            .map(|(n, ids)| {
                let week = &site.digest.weeks[n];
                let permalink = routes.permalink(File::Page(Page::Digest(week.key)));
                TermWeek {
                    title: format!("{}: {} ({})", term.name, week_title(week.key), week_dates(week)),
                    id: format!("{permalink}#{}-{}", id.kind.singular(), term.slug),
                    permalink,
                    published: published(feeds, &ids),
                    updated: feeds.updated(ids.iter().copied()),
                    numbers: format!("{} briefing{}", ids.len(), if ids.len() == 1 { "" } else { "s" }),
                    briefings: ids,
                }
            })
            .collect();
        TermDigest {
            title: format!("{} — weekly digest — {}", term.name, feeds.config.title),
            alternate: routes.permalink(File::Page(Page::Term(id, PageNo::FIRST))),
            updated: feeds.updated(term.briefings.iter().copied()),
            weeks,
        }
    }
}

/// `briefings` (newest first) by week: (position of the week, its briefings), newest first.
fn term_weeks(feeds: &Feeds, briefings: &[BriefingId]) -> Vec<(usize, Vec<BriefingId>)> {
    let digest = &feeds.site.digest;
    let mut weeks: Vec<(usize, Vec<BriefingId>)> = Vec::new();
    for &i in briefings {
        let n = digest.week_of(i);
        // Briefings come newest first, so their week is nearly always the last one seen.
        let seen = match weeks.last_mut() {
            Some(last) if last.0 == n => Some(last),
            _ => weeks.iter_mut().find(|(m, _)| *m == n),
        };
        match seen {
            Some((_, ids)) => ids.push(i),
            None => weeks.push((n, vec![i])),
        }
    }
    weeks.sort_by_key(|(n, _)| *n);
    weeks
}

/// When the newest of `briefings` (newest first) was published.
fn published(feeds: &Feeds, briefings: &[BriefingId]) -> String {
    briefings
        .first()
        .map_or_else(|| feeds.updated(std::iter::empty()), |&i| feeds.site.briefings[i].date.rfc3339())
}

/// The distinct companies of `briefings`, in name order.
fn companies_of(feeds: &Feeds, briefings: &[BriefingId]) -> Vec<TermId> {
    let mut ids: Vec<TermId> =
        briefings.iter().flat_map(|&i| feeds.site.terms_of(i, crate::ids::Kind::Company)).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn atom_entry(feeds: &Feeds, e: &WeekEntry) -> String {
    let mut xml = String::with_capacity(e.content.len() + 1024);
    xml.push_str("  <entry>\n");
    xml.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
    xml.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(e.link)));
    xml.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
    xml.push_str(&format!("    <published>{}</published>\n", e.published));
    xml.push_str(&format!("    <updated>{}</updated>\n", e.updated));
    for &t in &e.categories {
        let term = feeds.site.term(t);
        let scheme = feeds.routes.permalink(File::Page(Page::Terms(t.kind)));
        xml.push_str(&format!(
            "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>\n",
            escape(&term.slug),
            escape(&scheme),
            escape(&term.name)
        ));
    }
    xml.push_str(&format!("    <summary>{}</summary>\n", escape(e.summary)));
    xml.push_str("    <content type=\"html\"><![CDATA[");
    xml.push_str(&e.content);
    xml.push_str("]]></content>\n  </entry>\n");
    xml
}

/// A week's whole digest as HTML for a feed reader: the numbers, then each
/// company's heading (linked to its page) and briefings, as on the page,
/// then a link to the page.
fn week_html(feeds: &Feeds, week: &Week, numbers: &str, permalink: &str) -> String {
    let (site, routes) = (feeds.site, feeds.routes);
    let collapsed = week.briefings.len() > FULL_WEEK;
    let mut html = format!("<p>{}</p>\n", escape(numbers));
    for group in digest::groups(site, &week.briefings) {
        match group.company {
            None => html.push_str(&format!("<h2>{}</h2>\n", escape(OTHER))),
            Some(c) => html.push_str(&format!(
                "<h2><a href=\"{}\">{}</a></h2>\n",
                escape(&routes.absolute(routes.term_url(c))),
                escape(&site.term(c).name)
            )),
        }
        html.push_str(&list_html(feeds, &group.briefings, collapsed));
    }
    html.push_str(&format!("<p><a href=\"{}\">Read this digest on the site</a></p>", escape(permalink)));
    html
}

/// Briefings as a list: each title linked, its date, and its highlights (or
/// summary), unless the week is `collapsed`. Each item is made once per build.
fn list_html(feeds: &Feeds, briefings: &[BriefingId], collapsed: bool) -> String {
    let mut html = String::with_capacity(briefings.len() * 1024);
    html.push_str("<ul>\n");
    for &i in briefings {
        match collapsed {
            true => html.push_str(&item_html(feeds, i, true)),
            false => html.push_str(feeds.entries.digest[i].get_or_init(|| item_html(feeds, i, false))),
        }
    }
    html.push_str("</ul>\n");
    html
}

/// The fingerprint of what [`item_html`] makes of briefing `i` (with the
/// settings, which the feed's key holds): its title, address, date,
/// highlights or summary. Made once per build for an item in full.
fn item_print(feeds: &Feeds, i: BriefingId, collapsed: bool) -> Fingerprint {
    let print = || {
        let b = &feeds.site.briefings[i];
        let mut hasher = Hasher::new();
        hasher.bytes(b.title.as_bytes()).bytes(feeds.routes.briefing_url(i).as_bytes());
        hasher.bytes(b.date_display.as_bytes()).u128(u128::from(collapsed));
        if !collapsed {
            hasher.bytes(b.summary_html.as_bytes());
            for h in &b.highlights_html {
                hasher.bytes(h.as_bytes());
            }
            hasher.u128(b.highlights_html.len() as u128);
        }
        hasher.finish()
    };
    match collapsed {
        true => print(),
        false => *feeds.entries.digest_keys[i].get_or_init(print),
    }
}

/// One briefing of a digest feed, every link absolute, ready for CDATA.
fn item_html(feeds: &Feeds, i: BriefingId, collapsed: bool) -> String {
    // An entry names no social card.
    let no_cards = IdVec::default();
    let views = Views { site: feeds.site, routes: feeds.routes, media: feeds.media, card_names: &no_cards };
    let e: EntryView = views.entry(i, None, collapsed, Reader::Away);
    let mut html = format!(
        "<li><a href=\"{}\">{}</a> <small>{}</small>",
        escape(&e.url),
        escape(e.title),
        escape(e.date_display)
    );
    if !e.highlights_html.is_empty() {
        html.push_str("<ul>");
        for h in &e.highlights_html {
            html.push_str(&format!("<li>{h}</li>"));
        }
        html.push_str("</ul>");
    } else if !e.summary_html.is_empty() {
        html.push_str(&format!("<p>{}</p>", e.summary_html));
    }
    html.push_str("</li>\n");
    cdata_inner(&html).into_owned()
}
