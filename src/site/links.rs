//! Links inside the site: links to other briefings' Markdown files become
//! their URLs, relative links become root-relative (so a summary or a key
//! highlight works on every page that shows it), and every internal link
//! of a body, summary or highlight must lead somewhere.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::pending::Pending;
use super::{BriefingId, Site};
use crate::content::Briefing;
use crate::content::briefing::BodyLink;
pub use crate::content::markdown::is_file_link;
use crate::content::targets::{has_scheme, is_relative, needs_resolving};
use crate::error::{Diagnostic, did_you_mean};
use crate::ids::IdVec;
use crate::routes::{self, File, Page, Routes};

/// How many heading ids a broken `#anchor` lists; past that, only the nearest.
const FEW_ANCHORS: usize = 8;

/// The paths of `briefings` when any of them links to a briefing's file
/// (empty otherwise: nothing will ask).
pub fn file_link_targets(briefings: &[Arc<Briefing>]) -> HashSet<PathBuf> {
    if briefings.iter().any(|b| b.links.iter().any(|l| is_file_link(&l.url))) {
        briefings.iter().map(|b| b.path.clone()).collect()
    } else {
        HashSet::new()
    }
}

/// Gives every link that waits for the site model its target: a link to a
/// briefing's file (`../2023/x.md`) the briefing's URL, a relative path
/// (`chart.png`) the root-relative URL it leads to from the briefing's page,
/// and a `#fragment` in the summary or a highlight the page's URL with it.
/// `published` are the briefings being built; `all` every briefing file
/// that loaded; links to `pending` files are left alone.
pub fn resolve_file_links(
    published: &mut IdVec<BriefingId, Arc<Briefing>>,
    all: &HashSet<PathBuf>,
    routes: &Routes,
    root: &Path,
    pending: &Pending,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let by_path: HashMap<PathBuf, BriefingId> =
        published.enumerate().map(|(id, b)| (b.path.clone(), id)).collect();
    let context = Resolving { by_path: &by_path, all, routes, root, pending };
    // Each briefing's links are its own: they are resolved in parallel, and
    // the problems come back in the briefings' order.
    let ids: Vec<BriefingId> = published.ids().collect();
    let problems: Vec<Vec<Diagnostic>> = ids
        .into_par_iter()
        .zip(published.as_mut_slice().par_iter_mut())
        .filter(|(_, shared)| shared.links.iter().any(waiting))
        .map(|(id, shared)| context.resolve(id, Arc::make_mut(shared)))
        .collect();
    problems.into_iter().flatten().collect()
}

/// A link that waits for the site model: to a file, relative, or a fragment.
fn waiting(l: &BodyLink) -> bool {
    needs_resolving(&l.url) || l.url.starts_with('#')
}

/// What resolving a briefing's links looks up.
struct Resolving<'a> {
    /// The published briefings by file.
    by_path: &'a HashMap<PathBuf, BriefingId>,
    all: &'a HashSet<PathBuf>,
    routes: &'a Routes,
    root: &'a Path,
    pending: &'a Pending,
}

impl Resolving<'_> {
    /// Gives the waiting links of briefing `id` (`b`) their targets, in its
    /// summary and highlights, and for its body as it is read; returns the
    /// links that lead nowhere.
    fn resolve(&self, id: BriefingId, b: &mut Briefing) -> Vec<Diagnostic> {
        let routes = self.routes;
        let page = routes.route(File::Page(Page::Briefing(id)));
        let page_url = routes.briefing_url(id);
        let mut problems = Vec::new();
        let mut targets: HashMap<usize, String> = HashMap::new();
        for (n, link) in b.links.iter().enumerate().filter(|(_, l)| waiting(l)) {
            let (path, fragment) = split_fragment(&link.url);
            let target = if is_file_link(&link.url) {
                match briefing_file(&b.path, path).and_then(|file| self.by_path.get(&file)) {
                    Some(&to) => format!("{}{fragment}", routes.briefing_url(to)),
                    None => {
                        problems.extend(unresolved(b, link, self.all, self.root, self.pending));
                        continue;
                    }
                }
            } else if is_relative(&link.url) {
                format!("{}{fragment}", routes.url_of_route(&join(&page, path)))
            } else {
                format!("{page_url}{fragment}")
            };
            targets.insert(n, crate::escape::href(&target));
        }
        // A link that leads nowhere (built anyway with --allow-broken-links) keeps its target as written.
        for (n, link) in b.links.iter().enumerate().filter(|(_, l)| is_file_link(&l.url)) {
            targets.entry(n).or_insert_with(|| crate::escape::escaped(&link.url));
        }
        let target = |n: usize| targets.get(&n).map(String::as_str);
        b.summary_html = routes::replace_link_placeholders(&b.summary_html, target);
        for h in &mut b.highlights_html {
            *h = routes::replace_link_placeholders(h, target);
        }
        // The body (which the summary may be the first paragraph of) gets
        // its targets as it is read.
        let mut targets: Vec<(usize, String)> = targets.into_iter().collect();
        targets.sort_unstable();
        b.link_targets = targets;
        problems
    }
}

/// The briefing file a file link in the briefing at `from` names: relative
/// to it, or Zola's `@/x.md`, relative to `content/`.
fn briefing_file(from: &Path, path: &str) -> Option<PathBuf> {
    match path.strip_prefix("@/") {
        Some(below_content) => Some(normalize(&Path::new("content").join(below_content))),
        None => Some(normalize(&from.parent().unwrap_or(Path::new("")).join(path))),
    }
}

/// Why a file link leads to no published briefing, if it is not waiting
/// for a file that did not load.
fn unresolved(
    b: &Briefing,
    link: &BodyLink,
    all: &HashSet<PathBuf>,
    root: &Path,
    pending: &Pending,
) -> Option<Diagnostic> {
    let (path, fragment) = split_fragment(&link.url);
    let file = briefing_file(&b.path, path)?;
    let dir = b.path.parent().unwrap_or(Path::new(""));
    if all.contains(&file) {
        return Some(
            at(b, link, format!(
                "`{}` links to a briefing that this build does not publish (a draft, or dated in the future)",
                link.url
            ))
            .help("publish it, or build with --drafts / --future to preview"),
        );
    }
    if pending.has_file(&file) {
        return None;
    }
    if let Some(below_content) = path.strip_prefix("@/") {
        let written = format!("content/{below_content}");
        let message =
            format!("`{}` is Zola's syntax for a link to `{written}`, which is not a briefing", link.url);
        let help = match zola_counterpart(below_content, all, pending) {
            Some(target) => format!(
                "link to that briefing by its path from this file: `{}{fragment}`",
                relative_to(dir, &target)
            ),
            None => "link to a briefing by its path from this file (`../2023/x.md`) or by its URL (/briefings/<slug>/)"
                .to_string(),
        };
        return Some(at(b, link, message).help(help));
    }
    let help = "links to other briefings are relative to this file, like `../2023/huawei-mate-60.md`";
    if root.join(&file).is_file() {
        return Some(
            at(b, link, format!("`{}` links to a file that is not a briefing", link.url)).help(help),
        );
    }
    let help = match nearest_file(dir, path, all) {
        Some(near) => format!("did you mean `{near}{fragment}`?"),
        None => help.to_string(),
    };
    Some(at(b, link, format!("`{}` links to no such file", link.url)).help(help))
}

/// The briefing a Zola link `@/blog/x.md` meant, now that posts live in
/// `content/briefings/`: `content/briefings/blog/x.md` or `content/briefings/x.md`.
fn zola_counterpart(below_content: &str, all: &HashSet<PathBuf>, pending: &Pending) -> Option<PathBuf> {
    let written = Path::new(below_content);
    let without_section: PathBuf = written.components().skip(1).collect();
    [written.to_path_buf(), without_section]
        .into_iter()
        .map(|p| normalize(&Path::new(crate::content::BRIEFINGS_DIR).join(p)))
        .find(|p| all.contains(p) || pending.has_file(p))
}

/// The briefing file whose name is nearest the missing `written` one, as a
/// path from `dir`; `None` when none is close.
fn nearest_file(dir: &Path, written: &str, all: &HashSet<PathBuf>) -> Option<String> {
    let name = Path::new(written).file_name()?.to_str()?;
    let mut names: Vec<&str> = all.iter().filter_map(|p| p.file_name()?.to_str()).collect();
    names.sort_unstable();
    names.dedup();
    let best = did_you_mean(name, &names)?;
    let mut paths: Vec<String> = all
        .iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()) == Some(best))
        .map(|p| relative_to(dir, p))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .max_by(|a, b| strsim::jaro_winkler(written, a).total_cmp(&strsim::jaro_winkler(written, b)))
}

/// Checks every internal link of every briefing; `exists` tells whether a
/// path below the base path (`companies/huawei/index.html`) is a file of
/// the site. Links to what `pending` files may define are not reported.
pub fn check(
    site: &Site,
    routes: &Routes,
    root: &Path,
    exists: impl Fn(&str) -> bool,
    pending: &Pending,
) -> Vec<Diagnostic> {
    let by_slug: HashMap<&str, &Briefing> = site.briefings.iter().map(|b| (b.slug.as_str(), &**b)).collect();
    let by_path: HashMap<&Path, &Briefing> =
        site.briefings.iter().map(|b| (b.path.as_path(), &**b)).collect();
    let mut problems = Vec::new();
    for (id, b) in site.briefings.enumerate() {
        let page = routes.route(File::Page(Page::Briefing(id))).into_owned();
        for link in b.links.iter().filter(|l| is_internal(&l.url)) {
            let (path, fragment) = split_fragment(&link.url);
            let anchor = fragment.trim_start_matches('#');
            if is_file_link(&link.url) {
                // Resolved (or reported) already; its anchor is checked here.
                let target = briefing_file(&b.path, path).and_then(|f| by_path.get(f.as_path()).copied());
                problems.extend(target.and_then(|t| missing_anchor(b, link, t, anchor)));
                continue;
            }
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rooted) = path.strip_prefix('/') {
                rooted.to_string()
            } else {
                join(&page, path)
            };
            if !exists(&routes::file_of(&target)) {
                if !pending.may_define(&target) {
                    problems.push(no_page(b, link, &target, root, routes));
                }
                continue;
            }
            let briefing = routes::briefing_slug_in(&target).and_then(|s| by_slug.get(s));
            problems.extend(briefing.and_then(|t| missing_anchor(b, link, t, anchor)));
        }
    }
    problems
}

/// A link to no page, with the likeliest reason.
fn no_page(b: &Briefing, link: &BodyLink, target: &str, root: &Path, routes: &Routes) -> Diagnostic {
    let (path, _) = split_fragment(&link.url);
    let leads = at(b, link, format!("`{}` leads to no page of this site", link.url));
    if !is_relative(path) {
        return leads.help(
            "link to briefings as /briefings/<slug>/ or by file (../2023/x.md), to companies as /companies/<slug>/",
        );
    }
    if looks_like_host(path) {
        return leads.help(format!("it looks like a web address: write `https://{}`", link.url));
    }
    let beside = root.join(b.path.parent().unwrap_or(Path::new(""))).join(path);
    if beside.is_file() && crate::media::bundle::is_raster(&beside) {
        return at(b, link, format!("`{}` is beside the briefing but is not published as a file", link.url)).help(format!(
            "a picture beside a briefing is published only as an image, in several widths and without its metadata \
             (a photo's GPS position): show it with `![what it shows]({path})`; to offer the original file, \
             move it to `static/{target}`, which is published as it is where this link leads"
        ));
    }
    if beside.is_file() {
        return at(b, link, format!("`{}` is beside the briefing but is not published", link.url)).help(format!(
            "only Markdown files are read from content/: move it to `static/{target}`, which is published where this link leads"
        ));
    }
    leads.help(format!(
        "a relative link leads from this briefing's page: this one to {}; link to briefings as /briefings/<slug>/ or by file (../2023/x.md)",
        routes.url_of_route(target)
    ))
}

/// `github.com/x`, `www.example.org`: a web address written without `https://`.
fn looks_like_host(path: &str) -> bool {
    const FILE_EXTS: [&str; 16] = [
        "html", "htm", "php", "pdf", "png", "jpg", "jpeg", "gif", "svg", "webp", "txt", "css", "js", "json",
        "xml", "zip",
    ];
    let host = path.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && (2..=12).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !FILE_EXTS.contains(&tld.to_ascii_lowercase().as_str())
}

/// A link's `#anchor` that is not a heading of the briefing `target`.
fn missing_anchor(b: &Briefing, link: &BodyLink, target: &Briefing, anchor: &str) -> Option<Diagnostic> {
    if anchor.is_empty() || target.anchors.iter().any(|a| a == anchor) {
        return None;
    }
    let ids: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
    let mut help = Vec::new();
    if let Some(near) = did_you_mean(anchor, &ids) {
        help.push(format!("did you mean `#{near}`?"));
    }
    if ids.is_empty() {
        help.push("it has no headings".to_string());
    } else if ids.len() <= FEW_ANCHORS {
        help.push(format!("its headings are: {}", ids.join(", ")));
    } else if help.is_empty() {
        help.push(format!("none of its {} heading ids is close to this one", ids.len()));
    }
    let message = format!("`{}`: the briefing has no heading with the id `{anchor}`", link.url);
    Some(at(b, link, message).help(help.join("\n")))
}

fn at(b: &Briefing, link: &BodyLink, message: String) -> Diagnostic {
    Diagnostic::new(&b.path, message).at(link.line, link.col)
}

/// Links that stay on this site: no scheme, not protocol-relative.
fn is_internal(url: &str) -> bool {
    !has_scheme(url) && !url.starts_with("//") && !url.starts_with('?')
}

/// `a/b.md#x` -> (`a/b.md`, `#x`).
fn split_fragment(url: &str) -> (&str, &str) {
    match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// The route a relative `path` leads to from the page at `page` (a route).
fn join(page: &str, path: &str) -> String {
    let joined = normalize(&Path::new(page).join(path)).to_string_lossy().replace('\\', "/");
    if path.ends_with('/') && !joined.is_empty() { joined + "/" } else { joined }
}

/// The path from the folder `dir` to `to`, both relative to the site root.
fn relative_to(dir: &Path, to: &Path) -> String {
    let (dir, to): (Vec<Component>, Vec<Component>) = (dir.components().collect(), to.components().collect());
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..".to_string(), dir.len() - common);
    let down = to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
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
        assert_eq!(join("briefings/x/", "chart.png"), "briefings/x/chart.png");
        assert_eq!(join("briefings/x/", "../y/"), "briefings/y/");
        assert_eq!(join("briefings/x/", "../../../z"), "z");
    }

    #[test]
    fn paths_between_files() {
        let dir = Path::new("content/briefings/2024");
        assert_eq!(relative_to(dir, Path::new("content/briefings/2023/x.md")), "../2023/x.md");
        assert_eq!(relative_to(dir, Path::new("content/briefings/2024/x.md")), "x.md");
        assert_eq!(relative_to(dir, Path::new("content/briefings/x.md")), "../x.md");
    }

    #[test]
    fn web_addresses_without_a_scheme() {
        for host in ["github.com/x", "www.example.org", "docs.rs/serde/latest/"] {
            assert!(looks_like_host(host), "{host}");
        }
        for path in ["application.txt", "chart.png", "../x/", "report.v2/x", "notes"] {
            assert!(!looks_like_host(path), "{path}");
        }
    }
}
