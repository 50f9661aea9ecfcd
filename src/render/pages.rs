//! Every page of the site as a job, and the rendering of one job into HTML.

use tera::Context;

use super::theme::Theme;
use super::views::{PageMeta, PageNumber, Paginator, Views};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::site::Kind;

/// How many latest key highlights a company or topic page shows.
const TERM_HIGHLIGHTS: usize = 5;

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
    NotFound,
}

/// A rendered page: its file path inside the output folder and its HTML.
pub struct Page {
    pub file: String,
    pub html: String,
}

/// Every page of the site.
pub fn jobs(views: &Views, config: &Config) -> Vec<Job> {
    let site = views.site;
    let per = config.paginate_by;
    let mut jobs: Vec<Job> = (1..=page_count(site.briefings.len(), per))
        .map(Job::Home)
        .collect();
    jobs.extend((0..site.briefings.len()).map(Job::Briefing));
    for kind in [Kind::Company, Kind::Topic] {
        jobs.push(Job::Terms(kind));
        for (id, term) in site.taxonomy(kind).terms.iter().enumerate() {
            jobs.extend(
                (1..=page_count(term.briefings.len(), per)).map(|n| Job::Term(kind, id, n)),
            );
        }
    }
    jobs.push(Job::Archive);
    jobs.push(Job::NotFound);
    jobs
}

fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// Renders one page.
pub fn render(job: Job, views: &Views, theme: &Theme, config: &Config) -> Result<Page, Diagnostic> {
    let (template, route, ctx) = context(job, views, config);
    let file = if job == Job::NotFound {
        "404.html".to_string()
    } else {
        format!("{route}index.html")
    };
    let html = theme
        .tera
        .render(template, &ctx)
        .map_err(|e| theme.explain(&e, &views.prepared.url(&route)))?;
    Ok(Page { file, html })
}

/// The template, route (path below the base path) and context of a job.
fn context(job: Job, views: &Views, config: &Config) -> (&'static str, String, Context) {
    let p = views.prepared;
    let site = views.site;
    let per = config.paginate_by;
    let mut ctx = Context::new();
    let (template, route, title, description, section): (_, String, String, &str, _) = match job {
        Job::Home(n) => {
            let ids = page_slice(site.briefings.len(), per, n);
            ctx.insert("briefings", &views.cards(&ids.collect::<Vec<_>>()));
            ctx.insert(
                "paginator",
                &paginator(views, "", n, page_count(site.briefings.len(), per)),
            );
            let title = if n == 1 {
                config.title.clone()
            } else {
                format!("{} — page {n}", config.title)
            };
            (
                "index.html",
                page_route("", n),
                title,
                &config.description,
                "home",
            )
        }
        Job::Briefing(i) => {
            let b = &site.briefings[i];
            ctx.insert("briefing", &views.briefing(i));
            ctx.insert("newer", &i.checked_sub(1).map(|j| views.briefing_link(j)));
            ctx.insert(
                "older",
                &(i + 1 < site.briefings.len()).then(|| views.briefing_link(i + 1)),
            );
            (
                "briefing.html",
                format!("briefings/{}/", b.slug),
                b.title.clone(),
                &b.summary_text,
                "briefing",
            )
        }
        Job::Terms(kind) => {
            ctx.insert("kind", kind.singular());
            ctx.insert("heading", kind.heading());
            ctx.insert("terms", &views.term_summaries(kind));
            let description = match kind {
                Kind::Company => "Every company covered, with the number of briefings about each.",
                Kind::Topic => "Every topic covered, with the number of briefings about each.",
            };
            (
                "terms.html",
                format!("{}/", kind.plural()),
                kind.heading().to_string(),
                description,
                kind.plural(),
            )
        }
        Job::Term(kind, id, n) => {
            let term = &site.taxonomy(kind).terms[id];
            let base = format!("{}/{}/", kind.plural(), term.slug);
            let ids: Vec<usize> = page_slice(term.briefings.len(), per, n)
                .map(|k| term.briefings[k])
                .collect();
            ctx.insert("kind", kind.singular());
            ctx.insert("term", &views.term(kind, id));
            let highlights = if n == 1 {
                views.latest_highlights(term, TERM_HIGHLIGHTS)
            } else {
                Vec::new()
            };
            ctx.insert("highlights", &highlights);
            ctx.insert(
                "related_heading",
                if kind == Kind::Company {
                    "Topics"
                } else {
                    "Companies"
                },
            );
            ctx.insert("related", &views.related(kind, term));
            ctx.insert("briefings", &views.cards(&ids));
            ctx.insert(
                "paginator",
                &paginator(views, &base, n, page_count(term.briefings.len(), per)),
            );
            let title = if n == 1 {
                term.name.clone()
            } else {
                format!("{} — page {n}", term.name)
            };
            let description = term.profile.as_ref().map_or("", |p| p.description.as_str());
            (
                "term.html",
                page_route(&base, n),
                title,
                description,
                kind.singular(),
            )
        }
        Job::Archive => {
            ctx.insert("years", &views.archive());
            ctx.insert("total", &site.briefings.len());
            (
                "archive.html",
                "archive/".into(),
                "Archive".into(),
                "Every briefing by year and month.",
                "archive",
            )
        }
        Job::NotFound => (
            "404.html",
            "404.html".into(),
            "Page not found".into(),
            "",
            "404",
        ),
    };
    let description = if description.is_empty() {
        &config.description
    } else {
        description
    };
    let url = p.url(if job == Job::NotFound {
        "404.html"
    } else {
        &route
    });
    let permalink = p.permalink(if job == Job::NotFound {
        "404.html"
    } else {
        &route
    });
    let meta = PageMeta {
        title,
        description,
        url,
        permalink,
        section,
    };
    ctx.insert("page", &meta);
    let route = if job == Job::NotFound {
        String::new()
    } else {
        route
    };
    (template, route, ctx)
}

fn page_slice(items: usize, per: usize, n: usize) -> std::ops::Range<usize> {
    let start = ((n - 1) * per).min(items);
    start..(start + per).min(items)
}

/// `base` for page 1, `base` + `page/N/` after it.
fn page_route(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
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
        prev_url: if current > 1 {
            url(current - 1)
        } else {
            String::new()
        },
        next_url: if current < total {
            url(current + 1)
        } else {
            String::new()
        },
        pages,
    }
}
