//! Reading a built site back: the file a site path is served from, pages,
//! paginated lists, the briefings built, and feeds and JSON files parsed
//! with independent parsers (feed-rs, serde_json).

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::{listing, rel_link};

/// The file a site path (below the base path) is served from:
/// `/x/y/` -> `OUT/x/y/index.html`, `/style.css` -> `OUT/style.css`.
pub fn page_file(out: &Path, path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') { out.join(rel).join("index.html") } else { out.join(rel) }
}

/// Reads the page at a site path, panicking with the path when missing.
#[track_caller]
pub fn read_page(out: &Path, path: &str) -> String {
    let file = page_file(out, path);
    fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("page {path} ({}) cannot be read: {e}", file.display()))
}

pub fn page_exists(out: &Path, path: &str) -> bool {
    page_file(out, path).is_file()
}

/// Every `.html` file in the output, relative to it.
pub fn html_files(out: &Path) -> Vec<PathBuf> {
    listing(out, &[]).into_iter().filter(|p| p.extension() == Some(OsStr::new("html"))).collect()
}

/// The site path a generated file is served at: `briefings/x/index.html`
/// -> `/briefings/x/`, `404.html` -> `/404.html`.
pub fn path_of_file(rel: &Path) -> String {
    let rel = rel.to_string_lossy().replace('\\', "/");
    match rel.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{rel}"),
    }
}

/// The path part of a base URL: `https://example.org/briefs/` -> `/briefs/`.
pub fn base_path_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

/// Follows a paginated list from `first` (a site path below the base path)
/// through its `rel="next"` links; returns each page's path and HTML.
pub fn follow_pages(out: &Path, base_path: &str, first: &str) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut next = Some(format!("{base_path}{}", first.trim_start_matches('/')));
    while let Some(url) = next {
        let below = url
            .strip_prefix(base_path)
            .unwrap_or_else(|| panic!("pagination link {url} is outside the base path"));
        let html = read_page(out, below);
        next = rel_link(&html, "next");
        assert!(pages.len() < 10_000, "pagination does not end");
        pages.push((url, html));
    }
    pages
}

/// The slug in a `/briefings/<slug>/` URL (any base path), if it is one.
pub fn briefing_slug(url: &str) -> Option<&str> {
    let at = url.find("/briefings/")?;
    let rest = &url[at + "/briefings/".len()..];
    let slug = rest.strip_suffix('/')?;
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

/// The slugs of the briefing folders in the output.
pub fn built_briefings(out: &Path) -> BTreeSet<String> {
    fs::read_dir(out.join("briefings"))
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// An Atom or JSON feed, parsed by feed-rs.
#[track_caller]
pub fn parse_feed(path: &Path) -> feed_rs::model::Feed {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}

/// A JSON file, parsed by serde_json.
#[track_caller]
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}
