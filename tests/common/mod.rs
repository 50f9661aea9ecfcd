//! Shared helpers for the integration tests: temporary sites, running the
//! real binary, reading the output back, and checking links.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

mod linkcheck;
#[allow(unused_imports)]
pub use linkcheck::*;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The crate root (`/work/main`).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

// ---------------------------------------------------------------------------
// Temporary folders and files
// ---------------------------------------------------------------------------

/// A fresh, uniquely named folder under the system temp dir, removed on drop
/// (kept when `BRIEFING_KEEP_TEMP` is set, to look at after a failure).
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("briefing-test-{label}-{}-{n}-{nanos}", std::process::id()));
        fs::create_dir(&path).unwrap_or_else(|e| panic!("cannot create temp dir {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("BRIEFING_KEEP_TEMP").is_none() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Writes `contents` to `root/rel`, creating parent folders.
pub fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Copies the folder `from` to `to` (which must not exist), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the fixture `name` into `tmp/site` and returns that path.
pub fn copy_fixture(tmp: &TempDir, name: &str) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixture(name), &site);
    site
}

/// Every file under `dir`, relative path -> bytes (empty when `dir` is missing).
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for rel in listing(dir, &[]) {
        let path = dir.join(&rel);
        if path.is_file() {
            files.insert(rel, fs::read(&path).unwrap());
        }
    }
    files
}

/// Every file and folder under `dir` (relative paths; folders end without a
/// slash), skipping the top-level entries named in `skip`.
pub fn listing(dir: &Path, skip: &[&OsStr]) -> BTreeSet<PathBuf> {
    fn walk(base: &Path, dir: &Path, skip: &[&OsStr], out: &mut BTreeSet<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap().to_path_buf();
            if dir == base && skip.contains(&entry.file_name().as_os_str()) {
                continue;
            }
            let is_dir = entry.file_type().unwrap().is_dir();
            out.insert(rel);
            if is_dir {
                walk(base, &path, skip, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, skip, &mut out);
    out
}

/// Asserts two file trees are byte-identical, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let names_a: Vec<&PathBuf> = a.keys().collect();
    let names_b: Vec<&PathBuf> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: the file lists differ");
    for (path, bytes) in a {
        assert!(&b[path] == bytes, "{what}: {} differs between the two trees", path.display());
    }
}

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// What one run of `briefing` did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit status 0 and returns self.
    #[track_caller]
    pub fn success(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts exit status 1 (content or configuration is wrong), that
    /// stderr reports errors and that stdout says nothing about success.
    #[track_caller]
    pub fn failure(self) -> Run {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit status 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(self.stderr.starts_with("error: "), "stderr should start with `error: `:\n{}", self.stderr);
        assert!(
            !self.stdout.contains("Built"),
            "a failed build must not report success on stdout:\n{}",
            self.stdout
        );
        self
    }

    /// Parses `Built N briefings, M pages in X s into OUT`: (N, M, OUT).
    #[track_caller]
    pub fn built(&self) -> (usize, usize, String) {
        let line = self.stdout.trim_end();
        let rest = line.strip_prefix("Built ").unwrap_or_else(|| panic!("unexpected stdout: {line:?}"));
        let (n, rest) = rest.split_once(' ').unwrap();
        let rest = rest
            .strip_prefix("briefings, ")
            .or_else(|| rest.strip_prefix("briefing, "))
            .unwrap_or_else(|| panic!("unexpected stdout: {line:?}"));
        let (m, rest) = rest.split_once(" pages in ").unwrap();
        let (secs, out) = rest.split_once(" s into ").unwrap();
        assert!(secs.parse::<f64>().is_ok(), "elapsed seconds in {line:?} should be a number");
        (n.parse().unwrap(), m.parse().unwrap(), out.to_string())
    }
}

/// Runs the binary with `args`, from the crate root.
pub fn briefing<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("cannot run the briefing binary");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// `briefing build --root ROOT --out OUT EXTRA...`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    briefing(build_args(root, out, extra))
}

/// The arguments of `briefing build --root ROOT --out OUT EXTRA...`.
pub fn build_args<'a>(root: &'a Path, out: &'a Path, extra: &[&'a str]) -> Vec<&'a OsStr> {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(|s| OsStr::new(*s)));
    args
}

// ---------------------------------------------------------------------------
// Reading pages
// ---------------------------------------------------------------------------

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

/// Decodes the character references Tera and pulldown-cmark write in attributes.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The values of every `name="..."` attribute in `html`, decoded.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=\"");
    let mut values = Vec::new();
    let mut from = 0;
    while let Some(found) = html[from..].find(&needle) {
        let at = from + found;
        let start = at + needle.len();
        from = start;
        let preceded_by_space = html[..at].chars().next_back().is_some_and(char::is_whitespace);
        if !preceded_by_space {
            continue;
        }
        if let Some(len) = html[start..].find('"') {
            values.push(decode_entities(&html[start..start + len]));
            from = start + len;
        }
    }
    values
}

/// Every `href` and `src` in `html`, and every URL of every `srcset`.
pub fn links(html: &str) -> Vec<String> {
    let mut all = attr_values(html, "href");
    all.extend(attr_values(html, "src"));
    all.extend(attr_values(html, "srcset").iter().flat_map(|set| srcset_urls(set)));
    all
}

/// The URLs of a `srcset` value: `a.webp 480w, b.webp 960w` -> `a.webp`, `b.webp`.
pub fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Every `id` in `html`.
pub fn ids(html: &str) -> HashSet<String> {
    attr_values(html, "id").into_iter().collect()
}

/// The text from the first `start` to the first `end` after it (both
/// included), or `None` when `start` is missing.
pub fn section<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let len = html[from..].find(end).map_or(html.len() - from, |e| e + end.len());
    Some(&html[from..from + len])
}

/// The briefing links of the cards in `html`: the link inside each
/// `class="card-title"` heading, in page order.
pub fn card_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("class=\"card-title\"") {
        rest = &rest[at + 1..];
        let heading_end = rest.find("</h").unwrap_or(rest.len());
        if let Some(href) = attr_values(&rest[..heading_end], "href").into_iter().next() {
            out.push(href);
        }
    }
    out
}

/// The links of the first `<ul class="chips chips-KIND"...>` list in `html`
/// (`kind` is `company` or `topic`); empty when there is none.
pub fn chip_links(html: &str, kind: &str) -> Vec<String> {
    section(html, &format!("class=\"chips chips-{kind}\""), "</ul>")
        .map(|list| attr_values(list, "href"))
        .unwrap_or_default()
}

/// The timeline section of a company or topic page.
#[track_caller]
pub fn timeline(html: &str) -> &str {
    section(html, "<section class=\"timeline\"", "</section>")
        .expect("a term page has a <section class=\"timeline\">")
}

/// The `href` of the first `<a>` or `<link>` tag with `rel="REL"`.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    let needle = format!("rel=\"{rel}\"");
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if !(rest.starts_with("a ") || rest.starts_with("link ")) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if tag.contains(&needle) {
            return attr_values(tag, "href").into_iter().next();
        }
    }
    None
}

/// `(url, count)` of each entry on a `/companies/` or `/topics/` index.
pub fn term_index(html: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("class=\"term-index-name\"") {
        rest = &rest[at + 1..];
        let url = attr_values(&rest[..rest.find('>').unwrap()], "href")
            .into_iter()
            .next()
            .expect("term-index-name link has an href");
        let count_at = rest.find("class=\"count\"").expect("each term has a count");
        let after = &rest[count_at..];
        let text = &after[after.find('>').unwrap() + 1..];
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        out.push((url, digits.parse().expect("the count is a number")));
    }
    out
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
