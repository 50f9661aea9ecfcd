//! JSON-LD `NewsArticle` for briefing pages, escaped to be safe inside a
//! `<script>` element.

use serde_json::{Value, json};

use crate::config::Config;
use crate::ids::{BriefingId, Kind, TermId};
use crate::routes::Routes;
use crate::site::Site;

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
    let companies = site.terms_of(i, Kind::Company);
    let organization = |id: &TermId| -> Value {
        let term = site.term(*id);
        let mut org = json!({
            "@type": "Organization",
            "name": term.name,
            "url": routes.absolute(routes.term_url(*id)),
        });
        if let Some(website) = term.profile.as_ref().and_then(|p| p.website.as_ref()) {
            org["sameAs"] = json!(website);
        }
        org
    };
    let topics: Vec<&str> =
        site.terms_of(i, Kind::Topic).iter().map(|&t| site.term(t).name.as_str()).collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.title,
        "description": b.summary_text,
        "datePublished": b.date.rfc3339(),
        "dateModified": b.updated.as_ref().unwrap_or(&b.date).rfc3339(),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
        "author": {"@type": "Organization", "name": config.author},
    });
    let authors = site.terms_of(i, Kind::Author);
    if !authors.is_empty() {
        article["author"] = Value::Array(authors.iter().map(|&a| person(site, routes, a)).collect());
    }
    if let Some(first) = companies.first() {
        article["about"] = organization(first);
    }
    if companies.len() > 1 {
        article["mentions"] = Value::Array(companies[1..].iter().map(organization).collect());
    }
    if !topics.is_empty() {
        article["keywords"] = json!(topics.join(", "));
    }
    if let Some(image) = image {
        article["image"] = json!(image);
    }
    script_safe(&article.to_string())
}

/// An author as a `Person`: the name, their page here, their own page
/// (`sameAs`) and picture (`image`) from the profile.
fn person(site: &Site, routes: &Routes, id: TermId) -> Value {
    let term = site.term(id);
    let mut person = json!({
        "@type": "Person",
        "name": term.name,
        "url": routes.absolute(routes.term_url(id)),
    });
    if let Some(url) = term.profile.as_ref().and_then(|p| p.website.as_ref()) {
        person["sameAs"] = json!(url);
    }
    if let Some(avatar) = term.person().and_then(|p| p.avatar.as_ref()) {
        person["image"] = json!(avatar.permalink(routes));
    }
    person
}

/// JSON with `<`, `>`, `&` and the JavaScript line separators escaped, so
/// no text can close the `<script>` element or break out of it.
pub fn script_safe(json: &str) -> String {
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

    #[test]
    fn script_safe_cannot_close_the_element() {
        let json =
            serde_json::to_string(&json!({"headline": "</script><script>alert(1)</script> & more"})).unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains("</script"), "{safe}");
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & more");
    }
}
