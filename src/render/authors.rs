//! What the author templates see (`authors.html`, `author.html`): an
//! author's summary and profile (bio, avatar, links).

use serde::Serialize;

use super::views::{TermSummary, Views};
use crate::ids::TermId;
use crate::routes::File;
use crate::site::Term;

/// An author in the list of authors.
#[derive(Serialize)]
pub struct AuthorSummary<'a> {
    /// `name`, `url`, `count` and `description` (the bio as plain text).
    #[serde(flatten)]
    pub summary: TermSummary<'a>,
    /// Root-relative for a picture under `static/`, as written for a web
    /// address; empty when the profile has none.
    pub avatar_url: String,
}

/// The author of an author page: their summary and their profile.
#[derive(Serialize)]
pub struct AuthorView<'a> {
    #[serde(flatten)]
    pub summary: AuthorSummary<'a>,
    pub slug: &'a str,
    /// The bio, inline Markdown rendered; empty without a profile.
    pub bio_html: &'a str,
    /// The profile's `url`: the author's own page; may be empty.
    pub website: &'a str,
    pub links: Vec<LinkView<'a>>,
    pub aliases: &'a [String],
    pub feed_url: String,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> Views<'a> {
    pub fn author_summaries(&self) -> Vec<AuthorSummary<'a>> {
        self.site.authors.enumerate().map(|(id, _)| self.author_summary(id)).collect()
    }

    pub fn author_summary(&self, id: TermId) -> AuthorSummary<'a> {
        let avatar = self.site.term(id).person().and_then(|p| p.avatar.as_ref());
        AuthorSummary {
            summary: self.term_summary(id),
            avatar_url: avatar.map(|a| a.url(self.routes)).unwrap_or_default(),
        }
    }

    pub fn author(&self, id: TermId) -> AuthorView<'a> {
        let t: &'a Term = self.site.term(id);
        let profile = t.profile.as_ref();
        let person = t.person();
        AuthorView {
            summary: self.author_summary(id),
            slug: &t.slug,
            bio_html: person.map_or("", |p| &p.bio_html),
            website: profile.and_then(|p| p.website.as_deref()).unwrap_or(""),
            links: person
                .map(|p| p.links.iter().map(|l| LinkView { title: &l.title, url: &l.url }).collect())
                .unwrap_or_default(),
            aliases: profile.map_or(&[], |p| &p.aliases),
            feed_url: self.routes.permalink(File::TermFeed(id)),
        }
    }
}
