//! Link checking: resolve every internal `href`/`src` of a built site
//! against its output folder, `#fragment`s included.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::{base_path_of, html_files, ids, links, page_file, path_of_file};

// ---------------------------------------------------------------------------

fn has_scheme(link: &str) -> bool {
    let Some(colon) = link.find(':') else {
        return false;
    };
    let scheme = &link[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `.` and `..` in an absolute URL path; `None` if it climbs above `/`.
fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

/// Where an internal link points: the file in the output and the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub file: PathBuf,
    pub fragment: String,
}

/// Resolves `link`, found on the page served at `page_url` (a full URL path,
/// base path included), against the output folder `out` of a site whose
/// base URL is `base_url`. `Ok(None)` for external links; `Err` when an
/// internal link cannot point into the output.
pub fn resolve(out: &Path, base_url: &str, page_url: &str, link: &str) -> Result<Option<Target>, String> {
    let base_path = base_path_of(base_url);
    let (link, fragment) = link.split_once('#').unwrap_or((link, ""));
    let link = link.split_once('?').map_or(link, |(l, _)| l);
    let absolute = if link.is_empty() {
        page_url.to_string()
    } else if let Some(rest) = link.strip_prefix(base_url) {
        format!("{base_path}{rest}")
    } else if link.starts_with("//") || has_scheme(link) {
        return Ok(None);
    } else if link.starts_with('/') {
        link.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{link}")
    };
    let path = normalize_path(&absolute).ok_or("climbs above the site root")?;
    let below = path
        .strip_prefix(&base_path)
        .ok_or_else(|| format!("{path} is outside the base path {base_path}"))?;
    let file = page_file(out, &percent_decode(below));
    if !file.is_file() {
        return Err(format!("{} does not exist", file.display()));
    }
    Ok(Some(Target { file, fragment: percent_decode(fragment) }))
}

/// Every internal `href`/`src` in every HTML page of `out` that does not
/// resolve (missing file, missing `#fragment` id, or outside the base path),
/// as `page: link: why`. Links to the site's own absolute base URL (canonical
/// links) count as internal.
pub fn broken_links(out: &Path, base_url: &str) -> Vec<String> {
    let base_path = base_path_of(base_url);
    let mut id_cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for rel in html_files(out) {
        let page_url = format!("{base_path}{}", path_of_file(&rel).trim_start_matches('/'));
        let html = fs::read_to_string(out.join(&rel)).unwrap();
        for link in links(&html) {
            let target = match resolve(out, base_url, &page_url, &link) {
                Ok(Some(t)) => t,
                Ok(None) => continue,
                Err(why) => {
                    broken.push(format!("{}: {link}: {why}", rel.display()));
                    continue;
                }
            };
            if target.fragment.is_empty() || target.file.extension() != Some(OsStr::new("html")) {
                continue;
            }
            let ids = id_cache
                .entry(target.file.clone())
                .or_insert_with(|| ids(&fs::read_to_string(&target.file).unwrap()));
            if !ids.contains(&target.fragment) {
                broken.push(format!(
                    "{}: {link}: no id=\"{}\" in {}",
                    rel.display(),
                    target.fragment,
                    target.file.display()
                ));
            }
        }
    }
    broken
}

/// Asserts every internal link in `out` resolves.
#[track_caller]
pub fn assert_links_resolve(out: &Path, base_url: &str) {
    let broken = broken_links(out, base_url);
    assert!(broken.is_empty(), "{} broken internal links:\n{}", broken.len(), broken.join("\n"));
}
