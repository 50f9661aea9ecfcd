//! Every page of the site: which pages there are, when each last changed,
//! and its rendering into HTML.

use tera::Context;

use super::theme::Theme;
use super::views::{FeedLink, PageMeta, PageNumber, Paginator, SearchView, Views};
use crate::config::Config;
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, PageNo};
use crate::routes::{File, Page};
use crate::site::{Kind, Site};

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
        pages.push(Page::Terms(kind));
        for (id, term) in site.taxonomy(kind).enumerate() {
            pages.extend(PageNo::up_to(page_count(term.briefings.len(), per)).map(|n| Page::Term(id, n)));
        }
    }
    pages.extend([Page::Archive, Page::Search, Page::NotFound]);
    pages
}

fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// The briefings on page `n` of a list of `items`, as positions in the list.
fn page_slice(items: usize, per: usize, n: PageNo) -> std::ops::Range<usize> {
    let start = ((n.get() - 1) * per).min(items);
    start..(start + per).min(items)
}

/// The briefings on page `n` of a term's timeline.
fn term_page(term: &crate::site::Term, per: usize, n: PageNo) -> &[BriefingId] {
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
        Page::NotFound => None,
    }
}

/// Renders one page into HTML.
pub fn render(page: Page, views: &Views, theme: &Theme, config: &Config) -> Result<String, Diagnostic> {
    let (template, ctx) = context(page, views, config);
    theme.tera.render(template, &ctx).map_err(|e| theme.explain(&e, &views.routes.url(File::Page(page))))
}

/// The template and context of a page.
fn context(page: Page, views: &Views, config: &Config) -> (&'static str, Context) {
    let p = views.routes;
    let site = views.site;
    let per = config.paginate_by;
    let mut ctx = Context::new();
    let mut feeds = vec![
        FeedLink { title: format!("{} (Atom)", config.title), url: p.permalink(File::SiteFeed), kind: ATOM },
        FeedLink {
            title: format!("{} (JSON Feed)", config.title),
            url: p.permalink(File::JsonFeed),
            kind: JSON,
        },
    ];
    let (template, title, description, section, og_type): (_, String, &str, _, _) = match page {
        Page::Home(n) => {
            let ids = site.briefings.slice_ids(page_slice(site.briefings.len(), per, n));
            ctx.insert("briefings", &views.cards(ids));
            ctx.insert("paginator", &paginator(views, Page::Home, n, page_count(site.briefings.len(), per)));
            let title = if n.is_first() {
                config.title.clone()
            } else {
                format!("{} — page {}", config.title, n.get())
            };
            ("index.html", title, &config.description, "home", "website")
        }
        Page::Briefing(i) => {
            let b = &site.briefings[i];
            let (newer, older) = site.briefings.around(i);
            ctx.insert("briefing", &views.briefing(i, config));
            ctx.insert("related", &views.related_briefings(i));
            ctx.insert("newer", &newer.map(|j| views.briefing_link(j)));
            ctx.insert("older", &older.map(|j| views.briefing_link(j)));
            ("briefing.html", b.title.clone(), &b.summary_text, "briefing", "article")
        }
        Page::Terms(kind) => {
            ctx.insert("kind", kind.singular());
            ctx.insert("heading", kind.heading());
            ctx.insert("terms", &views.term_summaries(kind));
            let description = match kind {
                Kind::Company => "Every company covered, with the number of briefings about each.",
                Kind::Topic => "Every topic covered, with the number of briefings about each.",
            };
            ("terms.html", kind.heading().to_string(), description, kind.plural(), "website")
        }
        Page::Term(id, n) => {
            let kind = id.kind;
            let term = site.term(id);
            let term_view = views.term(id);
            feeds.insert(
                0,
                FeedLink {
                    title: format!("{} (Atom)", term.name),
                    url: term_view.feed_url.clone(),
                    kind: ATOM,
                },
            );
            ctx.insert("kind", kind.singular());
            ctx.insert("term", &term_view);
            let first = n.is_first();
            let highlights = if first { views.latest_highlights(term, TERM_HIGHLIGHTS) } else { Vec::new() };
            ctx.insert("highlights", &highlights);
            ctx.insert("related_heading", if kind == Kind::Company { "Topics" } else { "Companies" });
            let related = if first { views.related(term, TERM_RELATED) } else { Vec::new() };
            let related_more = if first { term.related.len() - related.len() } else { 0 };
            ctx.insert("related", &related);
            ctx.insert("related_more", &related_more);
            ctx.insert("briefings", &views.cards(term_page(term, per, n).iter().copied()));
            let pages = page_count(term.briefings.len(), per);
            ctx.insert("paginator", &paginator(views, |n| Page::Term(id, n), n, pages));
            let title = if first { term.name.clone() } else { format!("{} — page {}", term.name, n.get()) };
            let description = term.profile.as_ref().map_or("", |p| p.description.as_str());
            ("term.html", title, description, kind.singular(), "website")
        }
        Page::Archive => {
            ctx.insert("years", &views.archive());
            ctx.insert("total", &site.briefings.len());
            ("archive.html", "Archive".into(), "Every briefing by year and month.", "archive", "website")
        }
        Page::Search => {
            let search = SearchView {
                meta_url: p.url(File::SearchMeta),
                script_url: p.url(File::Asset(super::theme::SEARCH_SCRIPT)),
            };
            ctx.insert("search", &search);
            (
                "search.html",
                "Search".into(),
                "Search every briefing by title, company, topic or year.",
                "search",
                "website",
            )
        }
        Page::NotFound => ("404.html", "Page not found".into(), "", "404", "website"),
    };
    let description = if description.is_empty() { &config.description } else { description };
    let meta = PageMeta {
        title,
        description,
        url: p.url(File::Page(page)),
        permalink: p.permalink(File::Page(page)),
        section,
        feeds,
        og_type,
    };
    ctx.insert("page", &meta);
    (template, ctx)
}

const ATOM: &str = "application/atom+xml";
const JSON: &str = "application/feed+json";

/// Page links: the first, the last, and two either side of the current one.
/// `page(n)` is page `n` of the list.
fn paginator(views: &Views, page: impl Fn(PageNo) -> Page, current: PageNo, total: usize) -> Paginator {
    let url = |n: usize| PageNo::new(n).map_or_else(String::new, |n| views.routes.url(File::Page(page(n))));
    let current = current.get();
    let mut numbers: Vec<usize> = vec![1, total];
    numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
    numbers.sort_unstable();
    numbers.dedup();
    let mut previous = 0;
    let pages = numbers
        .into_iter()
        .map(|n| {
            let page =
                PageNumber { number: n, url: url(n), is_current: n == current, gap_before: n > previous + 1 };
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
