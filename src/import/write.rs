//! The new site's files: each briefing (front matter in the order a writer
//! reads it, then the body) and `site.yaml` from the source's settings.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::convert::Read;
use super::source::SourceSite;
use crate::error::Diagnostic;

/// A briefing's text.
pub fn briefing(read: &Read, body: &str) -> String {
    let m = &read.mapped;
    let mut front = Mapping::new();
    let mut put = |key: &str, value: Value| {
        front.insert(Value::String(key.into()), value);
    };
    let list = |items: &[String]| Value::Sequence(items.iter().map(|s| Value::String(s.clone())).collect());
    put("title", Value::String(read.title.clone()));
    put("date", Value::String(read.date.clone()));
    if let Some(updated) = &read.updated {
        put("updated", Value::String(updated.clone()));
    }
    if let Some(summary) = &m.summary {
        put("summary", Value::String(summary.trim().to_string()));
    }
    for (key, items) in [
        ("companies", &m.companies),
        ("topics", &m.topics),
        ("authors", &m.authors),
        ("aliases", &read.aliases),
    ] {
        if !items.is_empty() {
            put(key, list(items));
        }
    }
    if m.slug.is_some() {
        put("slug", Value::String(read.slug.clone()));
    }
    if read.draft {
        put("draft", Value::Bool(true));
    }
    if !m.extra.is_empty() {
        put("extra", Value::Mapping(m.extra.clone()));
    }
    let yaml = serde_yaml::to_string(&front).unwrap_or_default();
    format!("---\n{yaml}---\n{body}")
}

/// `site.yaml` from the source's title, URL, language and raw-HTML setting.
pub fn site_yaml(site: &SourceSite) -> String {
    let mut out = Mapping::new();
    let mut put = |key: &str, value: Value| {
        out.insert(Value::String(key.into()), value);
    };
    if let Some(title) = &site.title {
        put("title", Value::String(title.clone()));
    }
    if let Some(url) = site.base_url.as_ref().filter(|u| u.starts_with("http")) {
        put("base_url", Value::String(format!("{}/", url.trim_end_matches('/'))));
    }
    if let Some(lang) = &site.language {
        put("language", Value::String(lang.replace('_', "-")));
    }
    if site.raw_html {
        let mut markdown = Mapping::new();
        markdown.insert("raw_html".into(), Value::Bool(true));
        put("markdown", Value::Mapping(markdown));
    }
    let yaml = serde_yaml::to_string(&out).unwrap_or_default();
    let yaml = if out.is_empty() { String::new() } else { yaml };
    format!(
        "# Made by `briefing import {}`; see import-report.md.\n{yaml}",
        site.generator.name().to_lowercase()
    )
}

/// Writes `text` to `dir/rel`, making folders.
pub fn file(dir: &Path, rel: &Path, text: &str) -> Result<(), Diagnostic> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, &e))
}
