//! Where every imported post was and where it is now: lookups by path below
//! the content root, by file name and by old URL, and the fate of each link
//! and image destination of a body.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::links::{ImageFate, LinkFate};
use crate::content::targets::has_scheme;

/// Image formats the build publishes.
const IMAGES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Every imported post, by the ways a body names one.
#[derive(Debug, Default)]
pub struct Index {
    by_path: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    by_url: HashMap<String, usize>,
    /// Each post's new file, relative to the new site.
    pub out: Vec<PathBuf>,
    /// The source site's host and base path (`example.org`, `/blog`).
    host: Option<String>,
    base_path: String,
}

impl Index {
    /// Files below the content root -> post number (before new paths are known).
    pub fn of_paths<'a>(paths: impl Iterator<Item = &'a str>) -> Index {
        let mut index = Index::default();
        for (i, rel) in paths.enumerate() {
            let bare = strip_ext(rel);
            index.by_path.insert(rel.to_string(), i);
            index.by_path.insert(bare.to_string(), i);
            if let Some(folder) = bare.strip_suffix("/index") {
                index.by_path.insert(folder.to_string(), i);
            }
            let name = bare.trim_end_matches("/index").rsplit('/').next().unwrap_or(bare).to_string();
            index.by_name.entry(name).or_default().push(i);
        }
        index
    }

    /// The post `target` names (a path below the content root, with or
    /// without extension, or a unique file name), as that path.
    pub fn find(&self, target: &str) -> Option<usize> {
        let t = target.trim().trim_start_matches("@/").trim_start_matches('/').trim_end_matches('/');
        if let Some(&i) = self.by_path.get(t).or_else(|| self.by_path.get(strip_ext(t))) {
            return Some(i);
        }
        let name = strip_ext(t).rsplit('/').next().unwrap_or(t);
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            _ => None,
        }
    }

    pub fn set_site(&mut self, base_url: Option<&str>) {
        if let Some(url) = base_url {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            self.host = Some(host.to_lowercase());
            self.base_path = format!("/{}", path.trim_matches('/'));
        }
    }

    /// Records post `i`'s old URL; the post that had it first, if another did.
    pub fn add_url(&mut self, url: &str, i: usize) -> Option<usize> {
        match self.by_url.get(&url_key(url)) {
            Some(&other) if other != i => Some(other),
            Some(_) => None,
            None => {
                self.by_url.insert(url_key(url), i);
                None
            }
        }
    }

    /// Link from post `me` to post `target`, relative to `me`'s new file.
    pub fn relative(&self, me: usize, target: usize) -> String {
        relative(&self.out[me], &self.out[target])
    }

    fn by_url(&self, path: &str) -> Option<usize> {
        let path = match path.strip_prefix(&self.base_path) {
            Some(rest) if self.base_path != "/" && (rest.is_empty() || rest.starts_with('/')) => rest,
            _ => path,
        };
        self.by_url.get(&url_key(path)).copied()
    }
}

fn strip_ext(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, ext)) if crate::content::is_markdown(ext) && !stem.ends_with('/') => stem,
        _ => path,
    }
}

/// A URL path as a lookup key: lower case, no `index.html`, no `.html`, no trailing `/`.
fn url_key(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path).to_lowercase();
    let path = path.trim_end_matches("index.html").trim_end_matches("index.htm");
    let path = path.strip_suffix(".html").unwrap_or(path);
    format!("/{}", path.trim_matches('/'))
}

/// `to` relative to the folder of `from`, both relative to one root.
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.parent().unwrap_or(Path::new("")).components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = vec!["..".into(); from.len() - common];
    out.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    out.join("/")
}

/// What a post's links and images need to know about it.
pub struct Me<'a> {
    pub i: usize,
    /// The source file, relative to the source folder, and its path below the content root.
    pub file: &'a Path,
    pub content_rel: &'a str,
    pub old_url: &'a str,
    pub bundle: Option<&'a Path>,
}

/// The fate of link destination `dest` in post `me`.
pub fn link_fate(index: &Index, me: &Me, dest: &str, new_static: &Path) -> LinkFate {
    let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
    let with_fragment = |target: usize| {
        let rel = index.relative(me.i, target);
        LinkFate::Rewrite(fragment.map_or(rel.clone(), |f| format!("{rel}#{f}")))
    };
    let not_imported = |what: &str| {
        LinkFate::Listed(
            format!("links to `{what}`, a page that was not imported"),
            "link to where that page lives now (a full https:// URL if it stays on the old site), or remove the link".into(),
        )
    };
    if path.is_empty() || path.starts_with("//") {
        return LinkFate::Keep;
    }
    if let Some(rel) = path.strip_prefix("@/") {
        return index.find(rel).map_or_else(|| not_imported(path), with_fragment);
    }
    if has_scheme(path) {
        let Some(rest) = path.strip_prefix("https://").or_else(|| path.strip_prefix("http://")) else {
            return LinkFate::Keep;
        };
        let (host, url_path) =
            rest.split_once('/').map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
        return match (index.host.as_deref() == Some(&host.to_lowercase()), index.by_url(&url_path)) {
            (true, Some(target)) => with_fragment(target),
            _ => LinkFate::Keep,
        };
    }
    if path.starts_with('/') {
        if let Some(target) = index.by_url(path) {
            return with_fragment(target);
        }
        let file = new_static.join(path.trim_start_matches('/'));
        return match file.is_file() || file.join("index.html").is_file() {
            true => LinkFate::Keep,
            false => not_imported(path),
        };
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if crate::content::is_markdown(ext) {
        let dir = me.content_rel.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = join(dir, path);
        return index.find(&joined).map_or_else(|| not_imported(path), with_fragment);
    }
    if me.bundle.is_some() {
        return LinkFate::Keep;
    }
    match index.by_url(&join(me.old_url.trim_end_matches(|c| c != '/'), path)) {
        Some(target) => with_fragment(target),
        None => LinkFate::Keep,
    }
}

/// `rel` joined to folder `dir`, `.` and `..` resolved (`/`-separated).
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Where image `dest` of post `me` is; files to copy are pushed onto `copies`
/// (source file, file in the new site).
#[allow(clippy::too_many_arguments)]
pub fn image_fate(
    me: &Me,
    new_file: &Path,
    dest: &str,
    src: &Path,
    roots: &[PathBuf],
    copies: &mut Vec<(PathBuf, PathBuf)>,
) -> ImageFate {
    if has_scheme(dest) || dest.starts_with("//") {
        return ImageFate::Remote;
    }
    let path = decode(dest.split(['?', '#']).next().unwrap_or(dest));
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !IMAGES.contains(&ext.as_str()) {
        return ImageFate::Unsupported;
    }
    if let Some(rooted) = path.strip_prefix('/') {
        for root in roots {
            let found = src.join(root).join(rooted);
            if found.is_file() {
                copies.push((found, Path::new("static").join(rooted)));
                return ImageFate::Found(dest.to_string());
            }
        }
        return ImageFate::Missing(format!("`{rooted}` in {}", shown(roots)));
    }
    let beside = me.file.parent().unwrap_or(Path::new(""));
    let found = src.join(beside).join(&path);
    if found.is_file() {
        if me.bundle.is_none() {
            let new_dir = new_file.parent().unwrap_or(Path::new(""));
            copies.push((found, new_dir.join(&path)));
        }
        return ImageFate::Found(dest.to_string());
    }
    let from_url = join(me.old_url.trim_end_matches(|c| c != '/'), &path);
    for root in roots {
        let found = src.join(root).join(&from_url);
        if found.is_file() {
            copies.push((found, Path::new("static").join(&from_url)));
            return ImageFate::Found(format!("/{from_url}"));
        }
    }
    ImageFate::Missing(format!("`{}` beside the post", beside.join(&path).display()))
}

fn shown(roots: &[PathBuf]) -> String {
    let names: Vec<String> = roots.iter().map(|r| format!("{}/", r.display())).collect();
    if names.is_empty() { "the source folder".into() } else { names.join(", ") }
}

/// `%20` and other percent escapes decoded (as the browser would).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let mut index = Index::of_paths(["posts/a.md", "posts/b/index.md"].into_iter());
        index.out = vec!["content/briefings/2024/a.md".into(), "content/briefings/2023/b/index.md".into()];
        assert_eq!(index.find("posts/b"), Some(1));
        assert_eq!(index.find("@/posts/a.md"), Some(0));
        assert_eq!(index.find("a"), Some(0));
        index.set_site(Some("https://example.org/blog/"));
        assert_eq!(index.add_url("/2024/01/a/", 0), None);
        assert_eq!(index.add_url("/2024/01/a.html", 1), Some(0));
        assert_eq!(index.by_url("/blog/2024/01/a/index.html"), Some(0));
        assert_eq!(index.relative(0, 1), "../2023/b/index.md");
        assert_eq!(decode("a%20b.png"), "a b.png");
    }
}
