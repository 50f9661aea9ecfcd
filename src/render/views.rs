//! What templates see: small borrowing view structs, serialized into Tera
//! contexts. Field names are the template contract in README.md ("Overriding
//! templates"); a view that extends another flattens it (`#[serde(flatten)]`),
//! so its keys stay at the top level where templates read them.

use std::borrow::Cow;

use serde::Serialize;

use crate::config::Config;
use crate::content::Briefing;
use crate::content::markdown::TocEntry;
use crate::error::Diagnostic;
use crate::ids::{BriefingId, IdVec, PageNo, TermId};
use crate::media::Media;
use crate::routes::{File, Page, Routes};
use crate::site::{Kind, Site, Term};

use super::jsonld::JsonLd;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub stylesheet_url: String,
    pub search_url: String,
    pub feed_url: String,
    pub json_feed_url: String,
    pub nav: Vec<NavItem>,
    /// The URL of `/authors/`, or empty when the site has no authors.
    pub authors_url: String,
    /// The URL of `/digest/`, or empty when the site has no briefings.
    pub digest_url: String,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: &'static str,
    pub url: String,
    pub section: &'static str,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config, routes: &Routes) -> Self {
        let nav = [
            ("Latest", Page::Home(PageNo::FIRST), "home"),
            ("Companies", Page::Terms(Kind::Company), "companies"),
            ("Topics", Page::Terms(Kind::Topic), "topics"),
            ("Archive", Page::Archive, "archive"),
            ("Digest", Page::Digests(PageNo::FIRST), "digest"),
            ("Search", Page::Search, "search"),
        ]
        .into_iter()
        // A site with no briefings has no digest.
        .filter(|(_, page, _)| routes.has_digest() || !matches!(page, Page::Digests(_)))
        .map(|(title, page, section)| NavItem { title, url: routes.url(File::Page(page)), section })
        .collect();
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            base_path: &config.base_path,
            stylesheet_url: routes.url(File::Asset(super::theme::STYLESHEET)),
            search_url: routes.url(File::Page(Page::Search)),
            feed_url: routes.permalink(File::SiteFeed),
            json_feed_url: routes.permalink(File::JsonFeed),
            nav,
            digest_url: if routes.has_digest() {
                routes.url(File::Page(Page::Digests(PageNo::FIRST)))
            } else {
                String::new()
            },
            authors_url: if routes.has_terms(Kind::Author) {
                routes.url(File::Page(Page::Terms(Kind::Author)))
            } else {
                String::new()
            },
        }
    }
}

#[derive(Serialize)]
pub struct PageMeta<'a> {
    pub title: String,
    pub description: Cow<'a, str>,
    pub url: String,
    pub permalink: String,
    pub section: &'static str,
    pub feeds: Vec<FeedLink>,
    pub og_type: &'static str,
    /// The image of the page's link previews, for `og:image` (briefing
    /// pages: [`Views::social_image`]).
    pub image: Option<SocialImage>,
}

/// An image for link previews (`og:image`, `twitter:image`).
#[derive(Serialize)]
pub struct SocialImage {
    /// Absolute.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// A feed to advertise with `<link rel="alternate">`.
#[derive(Serialize)]
pub struct FeedLink {
    pub title: String,
    /// Absolute.
    pub url: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct SearchView {
    pub meta_url: String,
    pub script_url: String,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// A briefing as every list of briefings shows it; flattened into the views
/// below, so templates see `title`, `url` and `date` on each of them.
#[derive(Serialize)]
pub struct BriefingRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// `2024-01-28`.
    pub date: &'a str,
}

/// A briefing in a list of cards (home page, term timelines).
#[derive(Serialize)]
pub struct Card<'a> {
    #[serde(flatten)]
    pub briefing: BriefingRef<'a>,
    /// `28 January 2024`.
    pub date_display: &'a str,
    pub summary_html: &'a str,
    pub companies: Vec<Link<'a>>,
    pub topics: Vec<Link<'a>>,
    /// The byline: links to the authors' pages; empty when it has none.
    pub authors: Vec<Link<'a>>,
    pub highlights_html: &'a [String],
    pub reading_minutes: u32,
}

/// A briefing related to the one on the page.
#[derive(Serialize)]
pub struct RelatedView<'a> {
    #[serde(flatten)]
    pub briefing: BriefingRef<'a>,
    pub date_display: &'a str,
    pub companies: Vec<Link<'a>>,
    pub authors: Vec<Link<'a>>,
}

/// Borrowed access to the site for building views.
#[derive(Clone, Copy)]
pub struct Views<'a> {
    pub site: &'a Site,
    pub routes: &'a Routes,
    pub media: &'a Media,
    /// The name of each briefing's card file, if it has a card.
    pub card_names: &'a IdVec<BriefingId, Option<u64>>,
}

impl<'a> Views<'a> {
    pub fn term_links(&self, ids: &[TermId]) -> Vec<Link<'a>> {
        ids.iter().map(|&t| Link { name: &self.site.term(t).name, url: self.routes.term_url(t) }).collect()
    }

    pub fn briefing_link(&self, i: BriefingId) -> Link<'a> {
        Link { name: &self.site.briefings[i].title, url: self.routes.briefing_url(i) }
    }

    pub fn reference(&self, i: BriefingId) -> BriefingRef<'a> {
        let b: &'a Briefing = &self.site.briefings[i];
        BriefingRef { title: &b.title, url: self.routes.briefing_url(i), date: &b.ymd }
    }

    pub fn card(&self, i: BriefingId) -> Card<'a> {
        let b: &'a Briefing = &self.site.briefings[i];
        Card {
            briefing: self.reference(i),
            date_display: &b.date_display,
            summary_html: &b.summary_html,
            companies: self.term_links(self.site.terms_of(i, Kind::Company)),
            topics: self.term_links(self.site.terms_of(i, Kind::Topic)),
            authors: self.term_links(self.site.terms_of(i, Kind::Author)),
            highlights_html: &b.highlights_html,
            reading_minutes: b.reading_minutes,
        }
    }

    pub fn cards(&self, ids: impl Iterator<Item = BriefingId>) -> Vec<Card<'a>> {
        ids.map(|i| self.card(i)).collect()
    }
}

/// The briefing of a briefing page: its card and everything else.
#[derive(Serialize)]
pub struct BriefingView<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    #[serde(flatten)]
    pub page: BriefingPage<'a>,
}

/// What a briefing page shows of its briefing besides the card (a page's key
/// hashes this and the card's fingerprint).
#[derive(Serialize)]
pub struct BriefingPage<'a> {
    pub slug: &'a str,
    /// The summary is the body's first paragraph: `summary_html` is empty
    /// here, so the page does not show the paragraph twice.
    pub summary_is_lead: bool,
    pub updated: String,
    pub updated_display: String,
    pub body_html: Cow<'a, str>,
    pub sources: Vec<SourceView<'a>>,
    pub extra: &'a serde_yaml::Value,
    pub published: String,
    pub modified: String,
    pub json_ld: JsonLd<'a>,
    pub toc: &'a [TocEntry],
    pub show_toc: bool,
    /// The hero image, if the briefing has one.
    pub image: Option<ImageView<'a>>,
}

/// A briefing's hero image.
#[derive(Serialize)]
pub struct ImageView<'a> {
    /// The `<picture>` (or, for an SVG, `<img>`), ready to print with `| safe`.
    pub picture_html: &'a str,
    /// The largest variant in the image's own format: root-relative and absolute.
    pub src: &'a str,
    pub permalink: String,
    pub width: u32,
    pub height: u32,
    /// Empty for a decorative image.
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> Views<'a> {
    pub fn briefing<'c>(&self, i: BriefingId, config: &'c Config) -> Result<BriefingView<'c>, Diagnostic>
    where
        'a: 'c,
    {
        Ok(self.briefing_with_body(i, config, self.site.briefings[i].body()?))
    }

    /// [`Views::briefing`] with `body` as its body.
    pub fn briefing_with_body<'c>(
        &self,
        i: BriefingId,
        config: &'c Config,
        body: Cow<'c, str>,
    ) -> BriefingView<'c>
    where
        'a: 'c,
    {
        let mut card = self.card(i);
        if self.site.briefings[i].summary_is_lead {
            card.summary_html = "";
        }
        BriefingView { card, page: self.briefing_page(i, config, body) }
    }

    /// What briefing `i`'s page shows besides its card, with `body` as its
    /// body (the keys of pages hash the body's and the card's fingerprints
    /// with this, so they make no card and read no body).
    pub fn briefing_page<'c>(&self, i: BriefingId, config: &'c Config, body: Cow<'c, str>) -> BriefingPage<'c>
    where
        'a: 'c,
    {
        let b: &'a Briefing = &self.site.briefings[i];
        let sections = b.toc.iter().filter(|e| e.level == 2).count();
        BriefingPage {
            slug: &b.slug,
            summary_is_lead: b.summary_is_lead,
            updated: b.updated.as_ref().map(|d| d.ymd()).unwrap_or_default(),
            updated_display: b.updated.as_ref().map(|d| d.display()).unwrap_or_default(),
            body_html: body,
            sources: b.sources.iter().map(|s| SourceView { title: &s.title, url: &s.url }).collect(),
            extra: &b.extra,
            published: b.date.rfc3339(),
            modified: b.updated.as_ref().unwrap_or(&b.date).rfc3339(),
            json_ld: super::jsonld::news_article(
                self.site,
                self.routes,
                i,
                config,
                self.social_image(i).map(|image| image.url),
            ),
            toc: &b.toc,
            show_toc: sections >= 3,
            image: self.hero(i),
        }
    }

    /// What link previews of briefing `i` show: its hero when it says
    /// `social: hero`, else its drawn card (unless `social_cards: false`).
    pub fn social_image(&self, i: BriefingId) -> Option<SocialImage> {
        let b = &self.site.briefings[i];
        if b.hero_is_social() {
            let hero = self.hero(i)?;
            return Some(SocialImage {
                url: hero.permalink,
                width: hero.width,
                height: hero.height,
                alt: hero.alt.to_string(),
            });
        }
        let name = self.card_names.get(i).copied().flatten()?;
        Some(SocialImage {
            url: self.routes.permalink(File::Card(i, name)),
            width: crate::media::card::WIDTH,
            height: crate::media::card::HEIGHT,
            alt: b.title.clone(),
        })
    }

    pub fn hero(&self, i: BriefingId) -> Option<ImageView<'a>> {
        let written = self.site.briefings[i].image.as_ref()?;
        let shown = self.media.hero(i)?;
        Some(ImageView {
            picture_html: &shown.html,
            src: &shown.picture.src,
            permalink: self.routes.absolute(&shown.picture.src),
            width: shown.picture.width,
            height: shown.picture.height,
            alt: if written.decorative { "" } else { &written.alt },
            caption: &written.caption,
            credit: &written.credit,
        })
    }

    pub fn related_briefings(&self, i: BriefingId) -> Vec<RelatedView<'a>> {
        crate::site::related::of(self.site, i)
            .into_iter()
            .map(|j| RelatedView {
                briefing: self.reference(j),
                date_display: &self.site.briefings[j].date_display,
                companies: self.term_links(self.site.terms_of(j, Kind::Company)),
                authors: self.term_links(self.site.terms_of(j, Kind::Author)),
            })
            .collect()
    }
}

/// A company or topic in a list of terms.
#[derive(Serialize)]
pub struct TermSummary<'a> {
    pub name: &'a str,
    pub url: &'a str,
    /// Its briefings (in a list of related terms: the briefings shared).
    pub count: usize,
    pub description: &'a str,
}

/// The term of a company or topic page: its summary and its profile.
#[derive(Serialize)]
pub struct TermView<'a> {
    #[serde(flatten)]
    pub summary: TermSummary<'a>,
    pub slug: &'a str,
    pub website: &'a str,
    pub aliases: &'a [String],
    pub feed_url: String,
}

#[derive(Serialize)]
pub struct HighlightView<'a> {
    pub html: &'a str,
    pub briefing: Link<'a>,
    pub date_display: &'a str,
}

impl<'a> Views<'a> {
    pub fn term_summaries(&self, kind: Kind) -> Vec<TermSummary<'a>> {
        self.site.taxonomy(kind).enumerate().map(|(id, _)| self.term_summary(id)).collect()
    }

    pub fn term_summary(&self, id: TermId) -> TermSummary<'a> {
        let t: &'a Term = self.site.term(id);
        TermSummary {
            name: &t.name,
            url: self.routes.term_url(id),
            count: t.briefings.len(),
            description: t.profile.as_ref().map_or("", |p| &p.description),
        }
    }

    pub fn term(&self, id: TermId) -> TermView<'a> {
        let t: &'a Term = self.site.term(id);
        let profile = t.profile.as_ref();
        TermView {
            summary: self.term_summary(id),
            slug: &t.slug,
            website: profile.and_then(|p| p.website.as_deref()).unwrap_or(""),
            aliases: profile.map_or(&[], |p| &p.aliases),
            feed_url: self.routes.permalink(File::TermFeed(id)),
        }
    }

    /// The first highlight of each of the term's `n` newest briefings.
    pub fn latest_highlights(&self, term: &Term, n: usize) -> Vec<HighlightView<'a>> {
        term.briefings
            .iter()
            .filter_map(|&i| {
                let first = self.site.briefings[i].highlights_html.first()?;
                Some(HighlightView {
                    html: first,
                    briefing: self.briefing_link(i),
                    date_display: &self.site.briefings[i].date_display,
                })
            })
            .take(n)
            .collect()
    }

    /// The `n` terms of the other kind that `term` shares most briefings with.
    pub fn related(&self, term: &Term, n: usize) -> Vec<TermSummary<'a>> {
        term.related
            .iter()
            .take(n)
            .map(|&(id, count)| TermSummary {
                name: &self.site.term(id).name,
                url: self.routes.term_url(id),
                count,
                description: "",
            })
            .collect()
    }
}

#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: String,
    pub next_url: String,
    pub pages: Vec<PageNumber>,
}

#[derive(Serialize)]
pub struct PageNumber {
    pub number: usize,
    pub url: String,
    pub is_current: bool,
    /// Page numbers were skipped before this one (show an ellipsis).
    pub gap_before: bool,
}

#[derive(Serialize)]
pub struct YearView<'a> {
    pub year: i32,
    pub count: usize,
    pub months: Vec<MonthView<'a>>,
}

#[derive(Serialize)]
pub struct MonthView<'a> {
    pub name: &'static str,
    pub number: u32,
    pub count: usize,
    pub briefings: Vec<ArchiveEntry<'a>>,
}

#[derive(Serialize)]
pub struct ArchiveEntry<'a> {
    #[serde(flatten)]
    pub briefing: BriefingRef<'a>,
    pub day: u32,
}

impl<'a> Views<'a> {
    pub fn archive(&self) -> Vec<YearView<'a>> {
        use crate::content::date::Date;
        self.site
            .archive
            .iter()
            .map(|y| YearView {
                year: y.year,
                count: y.months.iter().map(|m| m.briefings.len()).sum(),
                months: y
                    .months
                    .iter()
                    .map(|m| MonthView {
                        name: Date::month_name(m.month),
                        number: m.month,
                        count: m.briefings.len(),
                        briefings: m
                            .briefings
                            .iter()
                            .map(|&i| ArchiveEntry {
                                briefing: self.reference(i),
                                day: self.site.briefings[i].date.day(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }
}
