//! Links inside the site: links to other briefings' Markdown files become
//! their URLs, and every internal link in a body must lead somewhere.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{BriefingId, Site};
use crate::content::Briefing;
use crate::content::briefing::BodyLink;
pub use crate::content::markdown::is_file_link;
use crate::error::Diagnostic;
use crate::ids::IdVec;
use crate::routes::{self, File, Page, Routes};

/// The paths of `briefings` when any of them links to a briefing's file
/// (empty otherwise: nothing will ask).
pub fn file_link_targets(briefings: &[Arc<Briefing>]) -> HashSet<PathBuf> {
    if briefings.iter().any(|b| b.links.iter().any(|l| is_file_link(&l.url))) {
        briefings.iter().map(|b| b.path.clone()).collect()
    } else {
        HashSet::new()
    }
}

/// Replaces the placeholders of `../2023/x.md` links with the URLs of those
/// briefings. `published` are the briefings being built; `all` every file.
pub fn resolve_file_links(
    published: &mut IdVec<BriefingId, Arc<Briefing>>,
    all: &HashSet<PathBuf>,
    routes: &Routes,
) -> Vec<Diagnostic> {
    let ids: HashMap<PathBuf, BriefingId> =
        published.enumerate().map(|(id, b)| (b.path.clone(), id)).collect();
    let mut problems = Vec::new();
    for shared in published.iter_mut() {
        if !shared.links.iter().any(|l| is_file_link(&l.url)) {
            continue;
        }
        let b = Arc::make_mut(shared);
        let mut targets: HashMap<usize, String> = HashMap::new();
        for (n, link) in b.links.iter().enumerate().filter(|(_, l)| is_file_link(&l.url)) {
            let (file, fragment) = split_fragment(&link.url);
            let target = normalize(&b.path.parent().unwrap_or(Path::new("")).join(file));
            match ids.get(&target) {
                Some(&id) => {
                    let url = format!("{}{}", routes.briefing_url(id), fragment.replace('"', "%22"));
                    targets.insert(n, url);
                }
                None if all.contains(&target) => problems.push(
                    at(b, link, format!(
                        "`{}` links to a briefing that this build does not publish (a draft, or dated in the future)",
                        link.url
                    ))
                    .help("publish it, or build with --drafts / --future to preview"),
                ),
                None => problems.push(
                    at(b, link, format!("`{}` links to a file that is not a briefing", link.url))
                        .help("links to other briefings are relative to this file, like `../2023/huawei-mate-60.md`"),
                ),
            }
        }
        // A link that leads nowhere (built anyway with --allow-broken-links) keeps its target as written.
        for (n, link) in b.links.iter().enumerate().filter(|(_, l)| is_file_link(&l.url)) {
            targets.entry(n).or_insert_with(|| crate::escape::escaped(&link.url));
        }
        let target = |n: usize| targets.get(&n).map(String::as_str);
        // The summary may be the body's first paragraph.
        b.body_html = routes::replace_link_placeholders(&b.body_html, target);
        b.summary_html = routes::replace_link_placeholders(&b.summary_html, target);
    }
    problems
}

/// Checks every internal link of every body; `exists` tells whether a path
/// below the base path (`companies/huawei/index.html`) is a file of the site.
pub fn check(site: &Site, routes: &Routes, exists: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let by_slug: HashMap<&str, &Briefing> = site.briefings.iter().map(|b| (b.slug.as_str(), &**b)).collect();
    let mut problems = Vec::new();
    for (id, b) in site.briefings.enumerate() {
        let page = routes.route(File::Page(Page::Briefing(id))).into_owned();
        for link in b.links.iter().filter(|l| is_internal(&l.url) && !is_file_link(&l.url)) {
            let (path, fragment) = split_fragment(&link.url);
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rooted) = path.strip_prefix('/') {
                rooted.to_string()
            } else {
                normalize(&Path::new(&page).join(path)).to_string_lossy().replace('\\', "/")
                    + if path.ends_with('/') { "/" } else { "" }
            };
            if !exists(&routes::file_of(&target)) {
                problems.push(at(b, link, format!("`{}` leads to no page of this site", link.url)).help(
                    "link to briefings as /briefings/<slug>/ or by file (../2023/x.md), to companies as /companies/<slug>/",
                ));
                continue;
            }
            let anchor = fragment.trim_start_matches('#');
            let briefing = routes::briefing_slug_in(&target).and_then(|s| by_slug.get(s));
            if let (false, Some(target)) = (anchor.is_empty(), briefing)
                && !target.anchors.iter().any(|a| a == anchor)
            {
                problems.push(
                    at(
                        b,
                        link,
                        format!("`{}`: the briefing has no heading with the id `{anchor}`", link.url),
                    )
                    .help(format!("its headings are: {}", target.anchors.join(", "))),
                );
            }
        }
    }
    problems
}

fn at(b: &Briefing, link: &BodyLink, message: String) -> Diagnostic {
    Diagnostic::new(&b.path, message).at(link.line, link.col)
}

/// Links that stay on this site: no scheme, not protocol-relative.
fn is_internal(url: &str) -> bool {
    let scheme = url.split([':', '/', '?', '#']).next().unwrap_or("");
    let has_scheme = !scheme.is_empty() && url[scheme.len()..].starts_with(':');
    !has_scheme && !url.starts_with("//") && !url.starts_with('?')
}

/// `a/b.md#x` -> (`a/b.md`, `#x`).
fn split_fragment(url: &str) -> (&str, &str) {
    match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_links() {
        assert!(is_internal("/briefings/x/"));
        assert!(is_internal("../x.md"));
        assert!(is_internal("#why"));
        assert!(!is_internal("https://example.com/"));
        assert!(!is_internal("mailto:a@b.c"));
        assert!(!is_internal("//cdn.example/x"));
    }

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(
            normalize(Path::new("content/briefings/2024/../2023/x.md")),
            Path::new("content/briefings/2023/x.md")
        );
    }
}
