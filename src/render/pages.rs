//! Every page of the site: which pages there are, when each last changed,
//! and its rendering into HTML, with one small function per kind of page
//! filling its template's context.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;
use tera::Context;

use super::digest::Reader;
use super::theme::Theme;
use super::views::{FeedLink, PageMeta, PageNumber, Paginator, SearchView, Views};
use crate::cache::hash::{Fingerprint, Hasher};
use crate::config::Config;
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, IdVec, PageNo, TermId, WeekKey};
use crate::routes::{File, Page};
use crate::site::{Kind, Site, Term};

/// How many latest key highlights a company or topic page shows.
const TERM_HIGHLIGHTS: usize = 5;
/// How many related terms (topics of a company, companies of a topic) a
/// term page lists.
const TERM_RELATED: usize = 20;

/// Every page of the site.
pub fn all(site: &Site, config: &Config) -> Vec<Page> {
    let per = config.paginate_by;
    let mut pages: Vec<Page> = PageNo::up_to(page_count(site.briefings.len(), per)).map(Page::Home).collect();
    pages.extend(site.briefings.ids().map(Page::Briefing));
    for kind in Kind::ALL {
        // A site whose briefings name no author has no list of authors.
        if kind != Kind::Author || !site.authors.terms.is_empty() {
            pages.push(Page::Terms(kind));
        }
        for (id, term) in site.taxonomy(kind).enumerate() {
            pages.extend(PageNo::up_to(page_count(term.briefings.len(), per)).map(|n| Page::Term(id, n)));
        }
    }
    pages.push(Page::Archive);
    // A site with no briefings has no digest pages.
    let weeks = site.digest.weeks.len();
    if weeks > 0 {
        pages.extend(site.digest.weeks.iter().map(|w| Page::Digest(w.key)));
        pages.extend(PageNo::up_to(page_count(weeks, DIGESTS_PER_PAGE)).map(Page::Digests));
    }
    pages.extend([Page::Search, Page::NotFound]);
    pages
}

/// Weeks per page of the list of digests.
pub const DIGESTS_PER_PAGE: usize = 20;

fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// The briefings on page `n` of a list of `items`, as positions in the list.
fn page_slice(items: usize, per: usize, n: PageNo) -> std::ops::Range<usize> {
    let start = ((n.get() - 1) * per).min(items);
    start..(start + per).min(items)
}

/// The briefings on page `n` of a term's timeline.
fn term_page(term: &Term, per: usize, n: PageNo) -> &[BriefingId] {
    &term.briefings[page_slice(term.briefings.len(), per, n)]
}

/// When the page last changed: the newest revision among its briefings.
pub fn lastmod<'a>(page: Page, site: &'a Site, config: &Config) -> Option<&'a Date> {
    let per = config.paginate_by;
    let modified = |i: BriefingId| site.briefings.get(i).map(|b| b.updated.as_ref().unwrap_or(&b.date));
    let newest_of =
        |ids: &mut dyn Iterator<Item = BriefingId>| ids.filter_map(modified).max_by_key(|d| d.instant);
    match page {
        Page::Home(n) => newest_of(&mut site.briefings.slice_ids(page_slice(site.briefings.len(), per, n))),
        Page::Briefing(i) => modified(i),
        Page::Term(id, n) => newest_of(&mut term_page(site.term(id), per, n).iter().copied()),
        Page::Terms(_) | Page::Archive | Page::Search => newest_of(&mut site.briefings.ids()),
        Page::Digest(key) => {
            newest_of(&mut site.digest.find(key).into_iter().flat_map(|(_, w)| w.briefings.iter().copied()))
        }
        Page::Digests(n) => {
            let weeks = &site.digest.weeks[page_slice(site.digest.weeks.len(), DIGESTS_PER_PAGE, n)];
            newest_of(&mut weeks.iter().flat_map(|w| w.briefings.iter().copied()))
        }
        Page::NotFound => None,
    }
}

/// What a page's template is given: a tera context to render it, or a
/// hasher to fingerprint exactly what it would be given.
pub trait Fill {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// The cards of the briefings `ids` (a list page's), under `key`.
    fn put_cards(&mut self, key: &'static str, views: &Views, ids: impl Iterator<Item = BriefingId>) {
        self.put(key, &views.cards(ids));
    }

    /// The briefings related to briefing `i`, under `key`.
    fn put_related(&mut self, key: &'static str, views: &Views, i: BriefingId) {
        self.put(key, &views.related_briefings(i));
    }

    /// Briefing `i` of its own page, under `key`.
    fn put_briefing(
        &mut self,
        key: &'static str,
        views: &Views,
        i: BriefingId,
        config: &Config,
    ) -> Result<(), Diagnostic> {
        self.put(key, &views.briefing(i, config)?);
        Ok(())
    }
}

impl Fill for Context {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert(key, value);
    }
}

/// The fingerprint of each briefing's card, made once per build: a card is
/// on several list pages, and hashing it again for each was a tenth of an
/// unchanged rebuild's work.
pub struct CardPrints(IdVec<BriefingId, OnceLock<Fingerprint>>);

impl CardPrints {
    pub fn new(briefings: usize) -> CardPrints {
        CardPrints((0..briefings).map(|_| OnceLock::new()).collect())
    }

    fn of(&self, views: &Views, i: BriefingId) -> Fingerprint {
        *self.0[i].get_or_init(|| Hasher::new().value(&views.card(i)).finish())
    }
}

/// What a page's key is made of: its context, hashed as it is filled.
struct Keyed<'p> {
    hasher: Hasher,
    cards: &'p CardPrints,
}

impl Fill for Keyed<'_> {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.hasher.bytes(key.as_bytes()).value(value);
    }

    fn put_cards(&mut self, key: &'static str, views: &Views, ids: impl Iterator<Item = BriefingId>) {
        self.hasher.bytes(key.as_bytes());
        let mut count = 0u128;
        for i in ids {
            self.hasher.u128(self.cards.of(views, i));
            count += 1;
        }
        self.hasher.u128(count);
    }

    /// A related briefing shows part of its card (its reference, date,
    /// companies and authors), so the cards' fingerprints stand for the list:
    /// a change to the rest of a card (its summary, highlights, reading time)
    /// re-renders this page too, needlessly but never wrongly.
    fn put_related(&mut self, key: &'static str, views: &Views, i: BriefingId) {
        self.put_cards(key, views, crate::site::related::of(views.site, i).into_iter());
    }

    /// The briefing with its body's fingerprint in place of its body, which
    /// is then not read (the parse cache and the stages that rewrite a
    /// body know its fingerprint), and its card's fingerprint in place of
    /// its card (the page's card differs only in an empty `summary_html`
    /// when `summary_is_lead`, which is hashed with the rest).
    fn put_briefing(
        &mut self,
        key: &'static str,
        views: &Views,
        i: BriefingId,
        config: &Config,
    ) -> Result<(), Diagnostic> {
        let b = &views.site.briefings[i];
        let body = b.body_print()?;
        let page = views.briefing_page(i, config, Cow::Borrowed(""));
        self.hasher.bytes(key.as_bytes()).u128(self.cards.of(views, i)).value(&page).u128(body);
        Ok(())
    }
}

/// Renders one page into HTML.
pub fn render(page: Page, views: &Views, theme: &Theme, config: &Config) -> Result<String, Diagnostic> {
    let mut ctx = Context::new();
    let template = fill(page, &Pages { views: *views, config }, &mut ctx)?;
    theme.tera.render(template, &ctx).map_err(|e| theme.explain(&e, &views.routes.url(File::Page(page))))
}

/// The fingerprint of everything page `page` is made from: its template
/// (with what it extends and includes), what the template is given, and
/// `settings` (the build, the site's settings and the global context).
/// Two builds that give a page the same fingerprint make the same bytes.
/// `None` when what the page shows cannot be read (rendering it says why).
pub fn fingerprint(
    page: Page,
    views: &Views,
    theme: &Theme,
    config: &Config,
    settings: Fingerprint,
    cards: &CardPrints,
) -> Option<Fingerprint> {
    let mut keyed = Keyed { hasher: Hasher::new(), cards };
    keyed.hasher.u128(settings);
    let template = fill(page, &Pages { views: *views, config }, &mut keyed).ok()?;
    Some(keyed.hasher.u128(theme.fingerprint(template)).finish())
}

/// Gives page `page`'s template what it shows; returns the template's name.
fn fill(page: Page, pages: &Pages, ctx: &mut impl Fill) -> Result<&'static str, Diagnostic> {
    let head = match page {
        Page::Home(n) => pages.home(ctx, n),
        Page::Briefing(i) => pages.briefing(ctx, i)?,
        Page::Terms(Kind::Author) => pages.authors(ctx),
        Page::Terms(kind) => pages.terms(ctx, kind),
        Page::Term(id, n) if id.kind == Kind::Author => pages.author(ctx, id, n),
        Page::Term(id, n) => pages.term(ctx, id, n),
        Page::Archive => pages.archive(ctx),
        Page::Digest(key) => pages.digest(ctx, key),
        Page::Digests(n) => pages.digests(ctx, n),
        Page::Search => pages.search(ctx),
        Page::NotFound => Head::new("404.html", "Page not found", "404"),
    };
    let template = head.template;
    ctx.put("page", &pages.meta(page, head));
    Ok(template)
}

/// The template of the redirect page at an old URL (an alias) of a briefing.
pub const ALIAS_TEMPLATE: &str = "alias.html";

/// What `alias.html` sees as `alias`: the briefing an old URL leads to.
#[derive(Serialize)]
struct AliasView<'a> {
    title: &'a str,
    /// Root-relative, with the base path.
    url: String,
    /// Absolute: the target of the redirect and the canonical link.
    permalink: String,
}

/// Renders the redirect page at an old URL of briefing `i`. The page is the
/// same whichever alias it is at.
pub fn render_alias(i: BriefingId, views: &Views, theme: &Theme) -> Result<String, Diagnostic> {
    let (routes, file) = (views.routes, File::Page(Page::Briefing(i)));
    let alias = AliasView {
        title: &views.site.briefings[i].title,
        url: routes.url(file),
        permalink: routes.permalink(file),
    };
    let mut ctx = Context::new();
    ctx.insert("alias", &alias);
    theme
        .tera
        .render(ALIAS_TEMPLATE, &ctx)
        .map_err(|e| theme.explain(&e, &format!("the redirect page to {}", alias.url)))
}

/// What a page is, as its kind decides: the template that renders it, and
/// what `page` tells the template about it.
struct Head<'a> {
    template: &'static str,
    title: String,
    /// Empty for the site's description.
    description: Cow<'a, str>,
    section: &'static str,
    og_type: &'static str,
    /// The page's own feed, advertised before the site's.
    feed: Option<FeedLink>,
}

impl<'a> Head<'a> {
    fn new(template: &'static str, title: impl Into<String>, section: &'static str) -> Head<'a> {
        Head {
            template,
            title: title.into(),
            description: Cow::Borrowed(""),
            section,
            og_type: "website",
            feed: None,
        }
    }

    fn described(self, description: impl Into<Cow<'a, str>>) -> Head<'a> {
        Head { description: description.into(), ..self }
    }
}

/// Fills the context of each kind of page.
struct Pages<'a> {
    views: Views<'a>,
    config: &'a Config,
}

impl<'a> Pages<'a> {
    fn home(&self, ctx: &mut impl Fill, n: PageNo) -> Head<'a> {
        let (briefings, per) = (&self.views.site.briefings, self.config.paginate_by);
        ctx.put_cards("briefings", &self.views, briefings.slice_ids(page_slice(briefings.len(), per, n)));
        ctx.put("paginator", &self.paginator(Page::Home, n, page_count(briefings.len(), per)));
        Head::new("index.html", numbered(&self.config.title, n), "home").described(&self.config.description)
    }

    fn briefing(&self, ctx: &mut impl Fill, i: BriefingId) -> Result<Head<'a>, Diagnostic> {
        let (views, site) = (self.views, self.views.site);
        let (newer, older) = site.briefings.around(i);
        ctx.put_briefing("briefing", &views, i, self.config)?;
        ctx.put_related("related", &views, i);
        ctx.put("newer", &newer.map(|j| views.briefing_link(j)));
        ctx.put("older", &older.map(|j| views.briefing_link(j)));
        let b = &site.briefings[i];
        Ok(Head {
            og_type: "article",
            ..Head::new("briefing.html", &b.title, "briefing").described(&b.summary_text)
        })
    }

    fn terms(&self, ctx: &mut impl Fill, kind: Kind) -> Head<'a> {
        ctx.put("kind", kind.singular());
        ctx.put("heading", kind.heading());
        ctx.put("terms", &self.views.term_summaries(kind));
        let description = match kind {
            Kind::Company => "Every company covered, with the number of briefings about each.",
            Kind::Topic => "Every topic covered, with the number of briefings about each.",
            Kind::Author => "Every author, with the number of briefings by each.",
        };
        Head::new("terms.html", kind.heading(), kind.plural()).described(description)
    }

    fn term(&self, ctx: &mut impl Fill, id: TermId, n: PageNo) -> Head<'a> {
        let (views, per) = (self.views, self.config.paginate_by);
        let term: &'a Term = views.site.term(id);
        let view = views.term(id);
        let feed =
            FeedLink { title: format!("{} (Atom)", term.name), url: view.feed_url.clone(), kind: ATOM };
        ctx.put("kind", id.kind.singular());
        ctx.put("term", &view);
        // The latest highlights and the related terms lead page 1 only.
        let first = n.is_first();
        let highlights = if first { views.latest_highlights(term, TERM_HIGHLIGHTS) } else { Vec::new() };
        let related = if first { views.related(term, TERM_RELATED) } else { Vec::new() };
        let related_more = if first { term.related.len() - related.len() } else { 0 };
        ctx.put("highlights", &highlights);
        ctx.put("related_heading", id.kind.other().heading());
        ctx.put("related", &related);
        ctx.put("related_more", &related_more);
        ctx.put_cards("briefings", &views, term_page(term, per, n).iter().copied());
        let pages = page_count(term.briefings.len(), per);
        ctx.put("paginator", &self.paginator(|n| Page::Term(id, n), n, pages));
        let description = term.profile.as_ref().map_or("", |p| p.description.as_str());
        let head = Head::new("term.html", numbered(&term.name, n), id.kind.singular()).described(description);
        Head { feed: Some(feed), ..head }
    }

    fn authors(&self, ctx: &mut impl Fill) -> Head<'a> {
        ctx.put("kind", Kind::Author.singular());
        ctx.put("heading", Kind::Author.heading());
        ctx.put("authors", &self.views.author_summaries());
        Head::new("authors.html", Kind::Author.heading(), Kind::Author.plural())
            .described("Every author, with the number of briefings by each.")
    }

    /// An author's page: the profile, the topics they cover and their timeline.
    fn author(&self, ctx: &mut impl Fill, id: TermId, n: PageNo) -> Head<'a> {
        let (views, per) = (self.views, self.config.paginate_by);
        let term: &'a Term = views.site.term(id);
        let view = views.author(id);
        let feed =
            FeedLink { title: format!("{} (Atom)", term.name), url: view.feed_url.clone(), kind: ATOM };
        ctx.put("kind", Kind::Author.singular());
        ctx.put("author", &view);
        // The topics lead page 1 only.
        let topics = if n.is_first() { views.related(term, TERM_RELATED) } else { Vec::new() };
        let topics_more = if n.is_first() { term.related.len() - topics.len() } else { 0 };
        ctx.put("topics", &topics);
        ctx.put("topics_more", &topics_more);
        ctx.put_cards("briefings", &views, term_page(term, per, n).iter().copied());
        let pages = page_count(term.briefings.len(), per);
        ctx.put("paginator", &self.paginator(|n| Page::Term(id, n), n, pages));
        let description = term.profile.as_ref().map_or("", |p| p.description.as_str());
        let head = Head::new("author.html", numbered(&term.name, n), "author").described(description);
        Head { feed: Some(feed), og_type: "profile", ..head }
    }

    fn archive(&self, ctx: &mut impl Fill) -> Head<'a> {
        ctx.put("years", &self.views.archive());
        ctx.put("total", &self.views.site.briefings.len());
        Head::new("archive.html", "Archive", "archive").described("Every briefing by year and month.")
    }

    /// A week's digest: its briefings' highlights grouped by company.
    fn digest(&self, ctx: &mut impl Fill, key: WeekKey) -> Head<'a> {
        let site = self.views.site;
        let Some((n, _)) = site.digest.find(key) else {
            return Head::new("digest.html", "Weekly digest", "digest");
        };
        let view = self.views.week(n, Reader::Site);
        let title = format!("{}: {}", view.summary.title, view.summary.dates);
        let description = format!("The key highlights of the week, by company: {}.", view.summary.numbers);
        ctx.put("digest", &view);
        let feed = FeedLink {
            title: format!("{} weekly digest (Atom)", self.config.title),
            url: view.feed_url.clone(),
            kind: ATOM,
        };
        Head { feed: Some(feed), ..Head::new("digest.html", title, "digest").described(description) }
    }

    /// A page of the list of every week's digest, newest first.
    fn digests(&self, ctx: &mut impl Fill, n: PageNo) -> Head<'a> {
        let (views, weeks) = (self.views, &self.views.site.digest.weeks);
        let shown = &weeks[page_slice(weeks.len(), DIGESTS_PER_PAGE, n)];
        let summaries: Vec<_> = shown.iter().map(|w| views.week_summary(w, Reader::Site)).collect();
        ctx.put("weeks", &summaries);
        ctx.put("total", &weeks.len());
        ctx.put("paginator", &self.paginator(Page::Digests, n, page_count(weeks.len(), DIGESTS_PER_PAGE)));
        let feed_url = views.routes.permalink(File::DigestFeed);
        ctx.put("feed_url", &feed_url);
        let feed = FeedLink {
            title: format!("{} weekly digest (Atom)", self.config.title),
            url: feed_url,
            kind: ATOM,
        };
        let head = Head::new("digest_list.html", numbered("Weekly digest", n), "digest")
            .described("The key highlights of every week, grouped by company.");
        Head { feed: Some(feed), ..head }
    }

    fn search(&self, ctx: &mut impl Fill) -> Head<'a> {
        let routes = self.views.routes;
        let search = SearchView {
            meta_url: routes.url(File::SearchMeta),
            script_url: routes.url(File::Asset(super::theme::SEARCH_SCRIPT)),
        };
        ctx.put("search", &search);
        Head::new("search.html", "Search", "search")
            .described("Search every briefing by title, company, topic or year.")
    }

    /// What `page` tells the template: the head, the URLs, and the feeds to
    /// advertise (the page's own, then the site's).
    fn meta(&self, page: Page, head: Head<'a>) -> PageMeta<'a> {
        let (routes, config) = (self.views.routes, self.config);
        let mut feeds: Vec<FeedLink> = head.feed.into_iter().collect();
        feeds.push(FeedLink {
            title: format!("{} (Atom)", config.title),
            url: routes.permalink(File::SiteFeed),
            kind: ATOM,
        });
        feeds.push(FeedLink {
            title: format!("{} (JSON Feed)", config.title),
            url: routes.permalink(File::JsonFeed),
            kind: JSON,
        });
        PageMeta {
            title: head.title,
            description: if head.description.is_empty() {
                Cow::Borrowed(&config.description)
            } else {
                head.description
            },
            url: routes.url(File::Page(page)),
            permalink: routes.permalink(File::Page(page)),
            section: head.section,
            feeds,
            og_type: head.og_type,
            image: match page {
                Page::Briefing(id) => self.views.social_image(id),
                _ => None,
            },
        }
    }

    /// Page links: the first, the last, and two either side of the current
    /// one. `page(n)` is page `n` of the list.
    fn paginator(&self, page: impl Fn(PageNo) -> Page, current: PageNo, total: usize) -> Paginator {
        let routes = self.views.routes;
        let url = |n: usize| PageNo::new(n).map_or_else(String::new, |n| routes.url(File::Page(page(n))));
        let current = current.get();
        let mut numbers: Vec<usize> = vec![1, total];
        numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        let mut previous = 0;
        let pages = numbers
            .into_iter()
            .map(|n| {
                let page = PageNumber {
                    number: n,
                    url: url(n),
                    is_current: n == current,
                    gap_before: n > previous + 1,
                };
                previous = n;
                page
            })
            .collect();
        Paginator {
            current,
            total,
            prev_url: if current > 1 { url(current - 1) } else { String::new() },
            next_url: if current < total { url(current + 1) } else { String::new() },
            pages,
        }
    }
}

/// `title` on page 1, `title — page N` after it.
fn numbered(title: &str, n: PageNo) -> String {
    if n.is_first() { title.to_string() } else { format!("{title} — page {}", n.get()) }
}

const ATOM: &str = "application/atom+xml";
const JSON: &str = "application/feed+json";
