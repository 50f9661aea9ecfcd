//! Every page of the site as a job: its route, its last modification, and
//! its rendering into HTML.

use tera::Context;

use super::theme::Theme;
use super::views::{FeedLink, PageMeta, PageNumber, Paginator, SearchView, Views};
use crate::config::Config;
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::site::{Kind, Site};

/// How many latest key highlights a company or topic page shows.
const TERM_HIGHLIGHTS: usize = 5;
/// How many related terms (topics of a company, companies of a topic) a
/// term page lists.
const TERM_RELATED: usize = 20;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Home page number (1-based).
    Home(usize),
    Briefing(usize),
    Terms(Kind),
    /// A term and the page number of its timeline.
    Term(Kind, usize, usize),
    Archive,
    Search,
    NotFound,
}

/// A rendered page: its file path inside the output folder and its HTML.
pub struct Page {
    pub file: String,
    pub html: String,
}

/// Every page of the site.
pub fn jobs(site: &Site, config: &Config) -> Vec<Job> {
    let per = config.paginate_by;
    let mut jobs: Vec<Job> = (1..=page_count(site.briefings.len(), per)).map(Job::Home).collect();
    jobs.extend((0..site.briefings.len()).map(Job::Briefing));
    for kind in [Kind::Company, Kind::Topic] {
        jobs.push(Job::Terms(kind));
        for (id, term) in site.taxonomy(kind).terms.iter().enumerate() {
            jobs.extend((1..=page_count(term.briefings.len(), per)).map(|n| Job::Term(kind, id, n)));
        }
    }
    jobs.extend([Job::Archive, Job::Search, Job::NotFound]);
    jobs
}

fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// The page's path below the base path: `companies/huawei/page/2/`.
pub fn route(job: Job, site: &Site) -> String {
    match job {
        Job::Home(n) => page_route("", n),
        Job::Briefing(i) => format!("briefings/{}/", site.briefings[i].slug),
        Job::Terms(kind) => format!("{}/", kind.plural()),
        Job::Term(kind, id, n) => {
            page_route(&format!("{}/{}/", kind.plural(), site.taxonomy(kind).terms[id].slug), n)
        }
        Job::Archive => "archive/".into(),
        Job::Search => "search/".into(),
        Job::NotFound => "404.html".into(),
    }
}

/// The file inside the output folder: pretty URLs are `DIR/index.html`.
pub fn file(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') { format!("{route}index.html") } else { route.to_string() }
}

/// When the page last changed: the newest revision among its briefings.
pub fn lastmod<'a>(job: Job, site: &'a Site, config: &Config) -> Option<&'a Date> {
    let per = config.paginate_by;
    let modified = |i: usize| site.briefings.get(i).map(|b| b.updated.as_ref().unwrap_or(&b.date));
    let newest_of = |ids: &mut dyn Iterator<Item = usize>| ids.filter_map(modified).max_by_key(|d| d.instant);
    match job {
        Job::Home(n) => newest_of(&mut page_slice(site.briefings.len(), per, n)),
        Job::Briefing(i) => modified(i),
        Job::Term(kind, id, n) => {
            let term = &site.taxonomy(kind).terms[id];
            newest_of(&mut page_slice(term.briefings.len(), per, n).map(|k| term.briefings[k]))
        }
        Job::Terms(_) | Job::Archive | Job::Search => newest_of(&mut (0..site.briefings.len())),
        Job::NotFound => None,
    }
}

/// Renders one page.
pub fn render(job: Job, views: &Views, theme: &Theme, config: &Config) -> Result<Page, Diagnostic> {
    let route = route(job, views.site);
    let (template, ctx) = context(job, &route, views, config);
    let html =
        theme.tera.render(template, &ctx).map_err(|e| theme.explain(&e, &views.prepared.url(&route)))?;
    Ok(Page { file: file(&route), html })
}

/// The template and context of a job.
fn context(job: Job, route: &str, views: &Views, config: &Config) -> (&'static str, Context) {
    let p = views.prepared;
    let site = views.site;
    let per = config.paginate_by;
    let mut ctx = Context::new();
    let mut feeds = vec![
        FeedLink { title: format!("{} (Atom)", config.title), url: p.permalink("atom.xml"), kind: ATOM },
        FeedLink {
            title: format!("{} (JSON Feed)", config.title),
            url: p.permalink("feed.json"),
            kind: JSON,
        },
    ];
    let (template, title, description, section, og_type): (_, String, &str, _, _) = match job {
        Job::Home(n) => {
            let ids: Vec<usize> = page_slice(site.briefings.len(), per, n).collect();
            ctx.insert("briefings", &views.cards(&ids));
            ctx.insert("paginator", &paginator(views, "", n, page_count(site.briefings.len(), per)));
            let title = if n == 1 { config.title.clone() } else { format!("{} — page {n}", config.title) };
            ("index.html", title, &config.description, "home", "website")
        }
        Job::Briefing(i) => {
            let b = &site.briefings[i];
            ctx.insert("briefing", &views.briefing(i, config));
            ctx.insert("related", &views.related_briefings(i));
            ctx.insert("newer", &i.checked_sub(1).map(|j| views.briefing_link(j)));
            ctx.insert("older", &(i + 1 < site.briefings.len()).then(|| views.briefing_link(i + 1)));
            ("briefing.html", b.title.clone(), &b.summary_text, "briefing", "article")
        }
        Job::Terms(kind) => {
            ctx.insert("kind", kind.singular());
            ctx.insert("heading", kind.heading());
            ctx.insert("terms", &views.term_summaries(kind));
            let description = match kind {
                Kind::Company => "Every company covered, with the number of briefings about each.",
                Kind::Topic => "Every topic covered, with the number of briefings about each.",
            };
            ("terms.html", kind.heading().to_string(), description, kind.plural(), "website")
        }
        Job::Term(kind, id, n) => {
            let term = &site.taxonomy(kind).terms[id];
            let base = format!("{}/{}/", kind.plural(), term.slug);
            let ids: Vec<usize> =
                page_slice(term.briefings.len(), per, n).map(|k| term.briefings[k]).collect();
            let term_view = views.term(kind, id);
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
            let first = n == 1;
            let highlights = if first { views.latest_highlights(term, TERM_HIGHLIGHTS) } else { Vec::new() };
            ctx.insert("highlights", &highlights);
            ctx.insert("related_heading", if kind == Kind::Company { "Topics" } else { "Companies" });
            let related = if first { views.related(kind, term, TERM_RELATED) } else { Vec::new() };
            let related_more = if first { term.related.len() - related.len() } else { 0 };
            ctx.insert("related", &related);
            ctx.insert("related_more", &related_more);
            ctx.insert("briefings", &views.cards(&ids));
            ctx.insert("paginator", &paginator(views, &base, n, page_count(term.briefings.len(), per)));
            let title = if n == 1 { term.name.clone() } else { format!("{} — page {n}", term.name) };
            let description = term.profile.as_ref().map_or("", |p| p.description.as_str());
            ("term.html", title, description, kind.singular(), "website")
        }
        Job::Archive => {
            ctx.insert("years", &views.archive());
            ctx.insert("total", &site.briefings.len());
            ("archive.html", "Archive".into(), "Every briefing by year and month.", "archive", "website")
        }
        Job::Search => {
            let search = SearchView { meta_url: p.url("search/meta.json"), script_url: p.url("search.js") };
            ctx.insert("search", &search);
            (
                "search.html",
                "Search".into(),
                "Search every briefing by title, company, topic or year.",
                "search",
                "website",
            )
        }
        Job::NotFound => ("404.html", "Page not found".into(), "", "404", "website"),
    };
    let description = if description.is_empty() { &config.description } else { description };
    let meta = PageMeta {
        title,
        description,
        url: p.url(route),
        permalink: p.permalink(route),
        section,
        feeds,
        og_type,
    };
    ctx.insert("page", &meta);
    (template, ctx)
}

const ATOM: &str = "application/atom+xml";
const JSON: &str = "application/feed+json";

fn page_slice(items: usize, per: usize, n: usize) -> std::ops::Range<usize> {
    let start = ((n - 1) * per).min(items);
    start..(start + per).min(items)
}

/// `base` for page 1, `base` + `page/N/` after it.
fn page_route(base: &str, n: usize) -> String {
    if n == 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

/// Page links: the first, the last, and two either side of the current one.
fn paginator(views: &Views, base: &str, current: usize, total: usize) -> Paginator {
    let url = |n: usize| views.prepared.url(&page_route(base, n));
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
