//! What the digest templates see (`digest.html`, `digest_list.html`,
//! `digest_email.html`): a week's briefings grouped by company, its numbers,
//! the weeks around it, and a week in the list of weeks. The email edition,
//! the plain-text edition and the digest feeds read the same views, with
//! every link absolute.

use crate::cache::hash::{Fingerprint, Hasher};
use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::theme::Theme;
use super::views::{Link, Views};
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, Kind, WeekKey};
use crate::routes::{Edition, File, Page};
use crate::site::digest::{self, Week};

/// A week with more briefings than this collapses: each briefing is one
/// line (its title) instead of its highlights, on the page, in the email
/// edition and in the feeds.
pub const FULL_WEEK: usize = 50;

/// Where a digest is read, which decides its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// On the site: root-relative links.
    Site,
    /// Away from the site (an email, a feed reader): absolute links.
    Away,
}

/// One week's digest.
#[derive(Serialize)]
pub struct WeekView<'a> {
    #[serde(flatten)]
    pub summary: WeekSummary<'a>,
    /// The briefings grouped by company (see [`digest::groups`]).
    pub groups: Vec<GroupView<'a>>,
    /// More than [`FULL_WEEK`] briefings: one line per briefing.
    pub collapsed: bool,
    /// The newer and older weeks that have briefings, if any.
    pub newer: Option<WeekLink>,
    pub older: Option<WeekLink>,
    /// The email edition (`email.html`, `email.txt`), as `Reader` links.
    pub email_url: String,
    pub text_url: String,
    /// The digest's Atom feed (absolute).
    pub feed_url: String,
    /// The week's first highlight as plain text (the summary of its first
    /// briefing when it has none): the email's preheader.
    pub preheader: &'a str,
}

/// A week in the list of weeks, and the head of its digest.
#[derive(Serialize)]
pub struct WeekSummary<'a> {
    /// `2024-w05`.
    pub key: String,
    pub year: i32,
    pub week: u32,
    /// `Week 5, 2024`.
    pub title: String,
    /// `29 January – 4 February 2024`.
    pub dates: String,
    /// The Monday and the Sunday, `2024-01-29`.
    pub start: String,
    pub end: String,
    /// The digest page, as `Reader` links; `permalink` is always absolute.
    pub url: String,
    pub permalink: String,
    pub briefings: usize,
    pub companies: usize,
    pub topics: usize,
    /// `12 briefings · 8 companies · 5 topics`.
    pub numbers: String,
    /// The companies with most briefings this week (at most five).
    pub top_companies: Vec<Link<'a>>,
}

/// A link to another week's digest.
#[derive(Serialize)]
pub struct WeekLink {
    pub title: String,
    pub dates: String,
    pub url: String,
}

/// The briefings of a week under one company.
#[derive(Serialize)]
pub struct GroupView<'a> {
    /// The company's name, or `Other briefings`.
    pub name: &'a str,
    /// The company's page; empty for the briefings that name no company.
    pub url: String,
    /// `huawei`, or empty: for ids in templates.
    pub slug: &'a str,
    pub entries: Vec<EntryView<'a>>,
}

/// A briefing in a digest.
#[derive(Serialize)]
pub struct EntryView<'a> {
    pub title: &'a str,
    pub url: String,
    /// `2024-01-28` and `28 January 2024`.
    pub date: &'a str,
    pub date_display: &'a str,
    /// Its key highlights (empty in a collapsed week).
    pub highlights_html: Vec<Cow<'a, str>>,
    /// Its summary when it has no highlights (empty in a collapsed week).
    pub summary_html: Cow<'a, str>,
    /// The other companies it is about (it is listed under its first one).
    pub also: Vec<CompanyLink<'a>>,
}

/// A company an entry is also about.
#[derive(Serialize)]
pub struct CompanyLink<'a> {
    pub name: &'a str,
    /// Its page, as the reader follows it.
    pub url: String,
}

/// The heading of the briefings that name no company.
pub const OTHER: &str = "Other briefings";

impl<'a> Views<'a> {
    /// The digest of the week at position `n` (newest first).
    pub fn week(&self, n: usize, reader: Reader) -> WeekView<'a> {
        let (site, routes) = (self.site, self.routes);
        let week = &site.digest.weeks[n];
        let collapsed = week.briefings.len() > FULL_WEEK;
        let groups: Vec<GroupView<'a>> = digest::groups(site, &week.briefings)
            .into_iter()
            .map(|g| {
                let term = g.company.map(|c| (c, site.term(c)));
                GroupView {
                    name: term.map_or(OTHER, |(_, t)| t.name.as_str()),
                    url: term.map_or_else(String::new, |(c, _)| self.link(routes.term_url(c), reader)),
                    slug: term.map_or("", |(_, t)| t.slug.as_str()),
                    entries: g
                        .briefings
                        .iter()
                        .map(|&i| self.entry(i, g.company, collapsed, reader))
                        .collect(),
                }
            })
            .collect();
        let (newer, older) = site.digest.around(n);
        let link = |w: &Week| WeekLink {
            title: week_title(w.key),
            dates: week_dates(w),
            url: self.page_link(Page::Digest(w.key), reader),
        };
        let file = |edition| self.file_link(File::Email(week.key, edition), reader);
        WeekView {
            summary: self.week_summary(week, reader),
            groups,
            collapsed,
            newer: newer.map(link),
            older: older.map(link),
            email_url: file(Edition::Html),
            text_url: file(Edition::Text),
            feed_url: routes.permalink(File::DigestFeed),
            preheader: preheader(self, week),
        }
    }

    /// The head of a week's digest, as the list of weeks shows it.
    pub fn week_summary(&self, week: &Week, reader: Reader) -> WeekSummary<'a> {
        let site = self.site;
        let (companies, topics) = digest::counts(site, &week.briefings);
        let briefings = week.briefings.len();
        let top_companies = digest::groups(site, &week.briefings)
            .into_iter()
            .filter_map(|g| g.company)
            .take(5)
            .map(|c| Link { name: &site.term(c).name, url: self.routes.term_url(c) })
            .collect();
        WeekSummary {
            key: format!("{}-w{:02}", week.key.year, week.key.week),
            year: week.key.year,
            week: week.key.week,
            title: week_title(week.key),
            dates: week_dates(week),
            start: week.monday.to_string(),
            end: week.sunday().to_string(),
            url: self.page_link(Page::Digest(week.key), reader),
            permalink: self.routes.permalink(File::Page(Page::Digest(week.key))),
            briefings,
            companies,
            topics,
            numbers: numbers(briefings, companies, topics),
            top_companies,
        }
    }

    /// Briefing `i` in the group of `company` (`None`: the other briefings,
    /// or a list that is not by company).
    pub fn entry(
        &self,
        i: BriefingId,
        company: Option<crate::ids::TermId>,
        collapsed: bool,
        reader: Reader,
    ) -> EntryView<'a> {
        let (site, routes) = (self.site, self.routes);
        let b = &site.briefings[i];
        let html = |h: &'a str| -> Cow<'a, str> {
            match reader {
                Reader::Site => Cow::Borrowed(h),
                Reader::Away => Cow::Owned(routes.absolute_links(h)),
            }
        };
        let (highlights_html, summary_html) = match collapsed {
            true => (Vec::new(), Cow::Borrowed("")),
            false if b.highlights_html.is_empty() => (Vec::new(), html(&b.summary_html)),
            false => (b.highlights_html.iter().map(|h| html(h)).collect(), Cow::Borrowed("")),
        };
        let also = site
            .terms_of(i, Kind::Company)
            .iter()
            .filter(|&&c| Some(c) != company)
            .map(|&c| CompanyLink { name: &site.term(c).name, url: self.link(routes.term_url(c), reader) })
            .collect();
        EntryView {
            title: &b.title,
            url: self.link(routes.briefing_url(i), reader),
            date: &b.ymd,
            date_display: &b.date_display,
            highlights_html,
            summary_html,
            also,
        }
    }

    /// A root-relative `url` as `reader` follows it.
    fn link(&self, url: &str, reader: Reader) -> String {
        match reader {
            Reader::Site => url.to_string(),
            Reader::Away => self.routes.absolute(url),
        }
    }

    fn page_link(&self, page: Page, reader: Reader) -> String {
        self.file_link(File::Page(page), reader)
    }

    fn file_link(&self, file: File, reader: Reader) -> String {
        match reader {
            Reader::Site => self.routes.url(file),
            Reader::Away => self.routes.permalink(file),
        }
    }
}

/// The template of a week's email edition.
pub const EMAIL_TEMPLATE: &str = "digest_email.html";

/// Renders the email edition (`email.html`) of the week at position `n`:
/// `digest_email.html` sees the week as `digest`, every link absolute.
/// The fingerprint of everything week `n`'s email editions are made from:
/// the week as the email shows it, the email template, and `settings`.
pub fn email_fingerprint(n: usize, views: &Views, theme: &Theme, settings: Fingerprint) -> Fingerprint {
    Hasher::new()
        .u128(settings)
        .value(&views.week(n, Reader::Away))
        .u128(theme.fingerprint(EMAIL_TEMPLATE))
        .finish()
}

pub fn render_email(n: usize, views: &Views, theme: &Theme) -> Result<String, Diagnostic> {
    let view = views.week(n, Reader::Away);
    let mut ctx = Context::new();
    ctx.insert("digest", &view);
    theme.tera.render(EMAIL_TEMPLATE, &ctx).map_err(|e| theme.explain(&e, &view.email_url))
}

/// The first highlight of the week as its page shows it (the first group's
/// first briefing that has one), else the first briefing's summary.
fn preheader<'a>(views: &Views<'a>, week: &Week) -> &'a str {
    let site = views.site;
    let order = digest::groups(site, &week.briefings);
    let mut shown = order.iter().flat_map(|g| g.briefings.iter().copied());
    let first_highlight = shown.find_map(|i| site.briefings[i].highlights_text.first());
    match first_highlight {
        Some(h) => h,
        None => week.briefings.first().map_or("", |&i| site.briefings[i].summary_text.as_str()),
    }
}

/// `Week 5, 2024`.
pub fn week_title(key: WeekKey) -> String {
    format!("Week {}, {}", key.week, key.year)
}

/// `29 January – 4 February 2024`, `1–7 January 2024`, `30 December 2024 – 5 January 2025`.
pub fn week_dates(week: &Week) -> String {
    use chrono::Datelike;
    let (a, b) = (week.monday, week.sunday());
    let month = |d: chrono::NaiveDate| Date::month_name(d.month());
    if a.year() != b.year() {
        format!("{} {} {} – {} {} {}", a.day(), month(a), a.year(), b.day(), month(b), b.year())
    } else if a.month() != b.month() {
        format!("{} {} – {} {} {}", a.day(), month(a), b.day(), month(b), b.year())
    } else {
        format!("{}–{} {} {}", a.day(), b.day(), month(b), b.year())
    }
}

/// `12 briefings · 8 companies · 5 topics`.
pub fn numbers(briefings: usize, companies: usize, topics: usize) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} · {} · {}",
        count(briefings, "briefing", "briefings"),
        count(companies, "company", "companies"),
        count(topics, "topic", "topics")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn week(monday: &str) -> Week {
        let monday = NaiveDate::parse_from_str(monday, "%Y-%m-%d").unwrap();
        Week { key: digest::week_key(monday), monday, briefings: Vec::new() }
    }

    #[test]
    fn dates_of_a_week() {
        assert_eq!(week_dates(&week("2024-01-29")), "29 January – 4 February 2024");
        assert_eq!(week_dates(&week("2024-01-01")), "1–7 January 2024");
        assert_eq!(week_dates(&week("2024-12-30")), "30 December 2024 – 5 January 2025");
        assert_eq!(week_title(week("2024-12-30").key), "Week 1, 2025");
    }

    #[test]
    fn numbers_line() {
        assert_eq!(numbers(1, 1, 2), "1 briefing · 1 company · 2 topics");
        assert_eq!(numbers(12, 0, 1), "12 briefings · 0 companies · 1 topic");
    }
}
