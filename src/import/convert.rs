//! One post of the source site read into a briefing's parts: front matter
//! parsed and mapped, date, title, slug, old URL and aliases, and the body
//! with its shortcodes converted. Paths in the new site come later, once
//! every post's slug is known.

use std::path::Path;

use serde_yaml::Value;

use super::body;
use super::edits::{Edited, Lines, Note, Topic};
use super::frontmatter::{self, key_line};
use super::mapping::{MapFile, Mapped, map, scalar};
use super::permalink::{self, Facts};
use super::source::{Generator, Post, SourceSite};
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::routes::Alias;

/// A post, read and mapped.
#[derive(Debug)]
pub struct Read {
    pub post: Post,
    /// The source file as the report names it.
    pub file: String,
    pub mapped: Mapped,
    pub title: String,
    pub date: String,
    pub updated: Option<String>,
    /// From the front matter's or the file's name, before duplicates are told apart.
    pub slug: String,
    /// The old URL first, then the post's own aliases, each once.
    pub aliases: Vec<String>,
    pub old_url: String,
    pub draft: bool,
    pub body: Edited,
    pub lines: Lines,
    pub notes: Vec<Note>,
}

/// Reads the post `post` of `site` at `src`; `find` resolves `ref` and
/// `post_url` targets. A post that cannot be read is a diagnostic.
pub fn read(
    src: &Path,
    site: &SourceSite,
    post: &Post,
    map_file: &MapFile,
    find: &dyn Fn(&str) -> Option<String>,
) -> Result<Read, Diagnostic> {
    let path = src.join(&post.file);
    let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic::io(&path, &e))?;
    let text = crate::walk::normalize(&text);
    let parsed = frontmatter::parse(&path, &text, site.generator == Generator::Hugo)?;
    let file = post.file.to_string_lossy().replace('\\', "/");
    let mut notes = Vec::new();
    let mut note = |topic, line, what: String, todo: &str| {
        notes.push(Note { topic, file: file.clone(), line, what, todo: todo.into() })
    };
    let mapped = map(&parsed.data, site.generator, map_file);
    let line_of = |key: &str| key_line(&parsed.text, parsed.first_line, key);
    for key in &mapped.kept {
        note(
            Topic::Key,
            line_of(key),
            format!("`{key}` is kept under `extra`"),
            "leave it there for your templates, or delete it",
        );
    }
    for (key, why) in &mapped.unreadable {
        note(
            Topic::Key,
            line_of(key),
            format!("`{key}` could not be read ({why}) and was dropped"),
            "write it by hand",
        );
    }
    let date = match mapped.date.as_ref().and_then(date_text).or_else(|| name_date(post, &mapped)) {
        Some(date) => date,
        None => {
            let at = if mapped.date.is_some() { line_of("date") } else { parsed.first_line };
            return Err(Diagnostic::new(
                &post.file,
                "this post has no date briefing can read, so it was not imported",
            )
            .at(at, 1)
            .help("give it `date: YYYY-MM-DD` in the source and import again"));
        }
    };
    let parsed_date = Date::parse(&date).map_err(|why| Diagnostic::new(&path, why).at(line_of("date"), 1))?;
    let updated = mapped
        .updated
        .as_ref()
        .and_then(date_text)
        .filter(|u| Date::parse(u).is_ok_and(|u| u.instant >= parsed_date.instant));
    let title = match &mapped.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            note(
                Topic::Key,
                parsed.first_line,
                "no title: it was made from the file name".into(),
                "write the real title",
            );
            post.name_slug.replace(['-', '_'], " ")
        }
    };
    let slug_written = mapped.slug.as_deref().filter(|s| !s.trim().is_empty());
    let slug = crate::slug::slugify(slug_written.unwrap_or(&post.name_slug))
        .or_else(|| crate::slug::slugify(&title))
        .unwrap_or_else(|| "post".into());
    let facts = Facts {
        post,
        slug: slug_written,
        title: &title,
        own: mapped.url.as_deref(),
        date: &parsed_date,
        categories: &mapped.categories,
    };
    let old_url = permalink::old_url(&site.urls, &facts);
    let mut aliases = Vec::new();
    for written in std::iter::once(old_url.clone())
        .chain(mapped.aliases.iter().map(|a| own_alias(a, site.generator, post)))
    {
        match Alias::parse(&written) {
            Ok(_) if !aliases.contains(&written) => aliases.push(written),
            Ok(_) => {}
            Err(refusal) => note(
                Topic::Post,
                line_of("aliases"),
                format!("old URL not kept: {}", refusal.message),
                refusal.help,
            ),
        }
    }
    let lines = Lines::new(&parsed.body, parsed.body_line);
    let ctx = body::Context { generator: site.generator, file: &file, lines: &lines, find };
    let (body, body_notes) = body::convert(&parsed.body, &ctx);
    notes.extend(body_notes);
    let draft = mapped.draft || post.draft_folder;
    Ok(Read {
        post: post.clone(),
        file,
        title,
        date,
        updated,
        slug,
        aliases,
        old_url,
        draft,
        body,
        lines,
        notes,
        mapped,
    })
}

/// A post's own alias as a path from the root: Zola's are written without
/// the leading `/`; Hugo's relative ones are relative to the post's section.
fn own_alias(written: &str, generator: Generator, post: &Post) -> String {
    let written = written.trim();
    if written.starts_with('/') || written.contains("://") {
        return written.to_string();
    }
    match generator {
        Generator::Hugo if !post.dirs.is_empty() => format!("/{}/{written}", post.dirs.join("/")),
        _ => format!("/{written}"),
    }
}

/// A date from the file name, or from a `YYYY/MM/DD` in the post's own URL.
fn name_date(post: &Post, mapped: &Mapped) -> Option<String> {
    if let Some(date) = &post.name_date {
        return Some(date.clone());
    }
    let url = mapped.url.as_deref()?;
    let parts: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
    parts.windows(3).find_map(|w| {
        let text = format!("{}-{}-{}", w[0], w[1], w[2]);
        (w[0].len() == 4 && Date::parse(&text).is_ok()).then_some(text)
    })
}

/// A date value as text `Date::parse` reads; a time without an offset is taken as UTC.
pub fn date_text(value: &Value) -> Option<String> {
    let text = scalar(value)?;
    let text = text.trim().trim_end_matches(" UTC").trim().to_string();
    if Date::parse(&text).is_ok() {
        return Some(text);
    }
    const FORMATS: [&str; 6] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ];
    if let Some(t) = FORMATS.iter().find_map(|f| chrono::NaiveDateTime::parse_from_str(&text, f).ok()) {
        return Some(t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string());
    }
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_generators_write() {
        let t = |s: &str| date_text(&Value::String(s.into()));
        assert_eq!(t("2024-01-28").as_deref(), Some("2024-01-28"));
        assert_eq!(t("2014-12-17 11:16:21 -0800").as_deref(), Some("2014-12-17 11:16:21 -0800"));
        assert_eq!(t("2024-01-28T09:30:00").as_deref(), Some("2024-01-28T09:30:00+00:00"));
        assert_eq!(t("2024-01-28 09:30").as_deref(), Some("2024-01-28T09:30:00+00:00"));
        assert_eq!(t("2024-1-5").as_deref(), Some("2024-01-05"));
        assert_eq!(t("soon"), None);
    }
}
