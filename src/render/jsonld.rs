//! JSON-LD `NewsArticle` for briefing pages, escaped to be safe inside a
//! `<script>` element.

use serde::{Serialize, Serializer};

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
    main_entity_of_page: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Organization<'a>>,
    publisher: Publisher<'a>,
    url: String,
}

/// A briefing's JSON-LD. A template is given its text, escaped for a
/// `<script>` element; a page's key hashes the structure it is written
/// from, which determines that text, instead of writing the text to hash
/// it (serde's compact form, as for `crate::cache::feed`'s hasher).
pub struct JsonLd<'a>(Article<'a>);

impl JsonLd<'_> {
    /// The JSON text, safe inside `<script>`.
    pub fn text(&self) -> String {
        // Serialising borrowed strings into memory cannot fail.
        script_safe(serde_json::to_string(&self.0).unwrap_or_default())
    }
}

impl Serialize for JsonLd<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.text())
        } else {
            self.0.serialize(serializer)
        }
    }
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
pub fn news_article<'a>(
    site: &'a Site,
    routes: &Routes,
    i: BriefingId,
    config: &'a Config,
    image: Option<String>,
) -> JsonLd<'a> {
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
        main_entity_of_page: url.clone(),
        mentions: companies.collect(),
        publisher: Publisher { kind: "Organization", name: &config.title, url: &config.base_url },
        url,
    };
    JsonLd(article)
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

    fn article(headline: &str) -> JsonLd<'_> {
        let publisher = Publisher { kind: "Organization", name: "P", url: "https://p.example/" };
        JsonLd(Article {
            context: "https://schema.org",
            kind: "NewsArticle",
            about: None,
            author: Authors::Publication(Organization {
                kind: "Organization",
                name: "P",
                same_as: None,
                url: None,
            }),
            date_modified: "2024-01-02T00:00:00Z".into(),
            date_published: "2024-01-01T00:00:00Z".into(),
            description: "d",
            headline,
            image: None,
            keywords: None,
            main_entity_of_page: "https://p.example/b/".into(),
            mentions: vec![],
            publisher,
            url: "https://p.example/b/".into(),
        })
    }

    #[test]
    fn templates_get_the_escaped_text_and_keys_hash_the_structure() {
        let ld = article("a <b>");
        assert_eq!(serde_json::to_value(&ld).unwrap(), Value::String(ld.text()));
        assert!(ld.text().contains("a \\u003cb\\u003e"), "{}", ld.text());
        let key = |ld: &JsonLd| crate::cache::hash::Hasher::new().value(ld).finish();
        assert_eq!(key(&ld), crate::cache::hash::Hasher::new().value(&ld.0).finish());
        assert_eq!(key(&ld), key(&article("a <b>")));
        assert_ne!(key(&ld), key(&article("a <c>")));
    }
}
