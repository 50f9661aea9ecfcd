//! JSON-LD `NewsArticle` for briefing pages, escaped to be safe inside a
//! `<script>` element.

use serde::Serialize;

use crate::config::Config;
use crate::ids::{BriefingId, Kind, TermId};
use crate::routes::Routes;
use crate::site::Site;

// The JSON-LD is written from these structs, whose fields are in the
// order of their names (as a JSON object's keys were sorted before): a
// struct writes its fields without building a map for each object.

/// A `NewsArticle`.
#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Organization<'a>>,
    author: Authors<'a>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Organization<'a>>,
    publisher: Publisher<'a>,
    url: &'a str,
}

/// A company, or the publication when a briefing names no author.
#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// The publication, with its address.
#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Authors<'a> {
    Publication(Organization<'a>),
    People(Vec<Person<'a>>),
}

/// An author.
#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    url: String,
}

/// The JSON-LD of briefing `i`: headline, dates, description, its authors
/// as `Person`s (the publication as an `Organization` when it has none), and
/// its companies as `Organization`s (the first as `about`, the rest as
/// `mentions`), and the absolute URL of its link-preview `image`, if any.
pub fn news_article(
    site: &Site,
    routes: &Routes,
    i: BriefingId,
    config: &Config,
    image: Option<String>,
) -> String {
    let b = &site.briefings[i];
    let url = routes.absolute(routes.briefing_url(i));
    let organization = |id: &TermId| {
        let term = site.term(*id);
        Organization {
            kind: "Organization",
            name: &term.name,
            same_as: term.profile.as_ref().and_then(|p| p.website.as_deref()),
            url: Some(routes.absolute(routes.term_url(*id))),
        }
    };
    let mut companies = site.terms_of(i, Kind::Company).iter().map(organization);
    let topics: Vec<&str> =
        site.terms_of(i, Kind::Topic).iter().map(|&t| site.term(t).name.as_str()).collect();
    let authors = site.terms_of(i, Kind::Author);
    let author = if authors.is_empty() {
        Authors::Publication(Organization {
            kind: "Organization",
            name: &config.author,
            same_as: None,
            url: None,
        })
    } else {
        Authors::People(authors.iter().map(|&a| person(site, routes, a)).collect())
    };
    let article = Article {
        context: "https://schema.org",
        kind: "NewsArticle",
        about: companies.next(),
        author,
        date_modified: b.updated.as_ref().unwrap_or(&b.date).rfc3339(),
        date_published: b.date.rfc3339(),
        description: &b.summary_text,
        headline: &b.title,
        image,
        keywords: (!topics.is_empty()).then(|| topics.join(", ")),
        main_entity_of_page: &url,
        mentions: companies.collect(),
        publisher: Publisher { kind: "Organization", name: &config.title, url: &config.base_url },
        url: &url,
    };
    // Serialising borrowed strings into memory cannot fail.
    script_safe(serde_json::to_string(&article).unwrap_or_default())
}

/// An author as a `Person`: the name, their page here, their own page
/// (`sameAs`) and picture (`image`) from the profile.
fn person<'a>(site: &'a Site, routes: &Routes, id: TermId) -> Person<'a> {
    let term = site.term(id);
    Person {
        kind: "Person",
        image: term.person().and_then(|p| p.avatar.as_ref()).map(|avatar| avatar.permalink(routes)),
        name: &term.name,
        same_as: term.profile.as_ref().and_then(|p| p.website.as_deref()),
        url: routes.absolute(routes.term_url(id)),
    }
}

/// JSON with `<`, `>`, `&` and the JavaScript line separators escaped, so
/// no text can close the `<script>` element or break out of it.
pub fn script_safe(json: String) -> String {
    // Most JSON-LD has none of these: it is then copied as it is.
    let risky = |c: char| matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}');
    if !json.contains(risky) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn script_safe_cannot_close_the_element() {
        let json =
            serde_json::to_string(&json!({"headline": "</script><script>alert(1)</script> & more"})).unwrap();
        let safe = script_safe(json);
        assert!(!safe.contains("</script"), "{safe}");
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & more");
    }
}
