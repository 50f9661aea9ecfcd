//! What a save rebuilds: the one place that decides, for the paths behind a
//! burst of file events, whether to ignore them, reread only some briefings,
//! or reload the whole site.
//!
//! - **Ignored**: anything that is not a source of the site, that is, not
//!   `site.yaml` and not under `content/`, `templates/` or `static/` (the
//!   output folder, `.briefing/`, `.git/`…), and editors' leftovers anywhere
//!   (names starting with `.` or `#`, or ending in `~`, `.swp` or `.tmp`).
//!   Reading a file is never a change.
//! - **Only these briefings**: when every source path in the burst is a
//!   `.md` file under `content/briefings/` (an edit, a new briefing, a
//!   deleted one), those files are parsed again and every other briefing is
//!   reused as parsed before; the site model, catalogue and links are
//!   remade from them, as they depend on all briefings.
//! - **Everything**: any other source (`site.yaml`, a template, a static
//!   file, a company, topic or author profile, a briefing's image, a folder
//!   created, renamed or deleted) rereads the whole site.
//!
//! Either way the rebuild is all or nothing: pages are rendered again on
//! request from the new build, and a failed rebuild keeps the last good one.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::{BRIEFINGS_DIR, Scan, is_markdown};

/// The source folders of a site, watched for changes.
pub const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// What a burst of changes calls for.
#[derive(Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// No source changed.
    Nothing,
    /// Only these briefing files changed (relative to the root, sorted).
    Briefings(Vec<PathBuf>),
    /// Reread the whole site.
    Everything,
}

impl Rebuild {
    /// What the loader must reread, or `None` when there is nothing to do.
    pub fn scan(&self) -> Option<Scan<'_>> {
        match self {
            Rebuild::Nothing => None,
            Rebuild::Briefings(files) => Some(Scan::Only(files)),
            Rebuild::Everything => Some(Scan::Everything),
        }
    }
}

/// Decides what the changed `paths` (absolute, under `root`) call for.
pub fn decide(root: &Path, paths: &[PathBuf]) -> Rebuild {
    let briefings = root.join(BRIEFINGS_DIR);
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths.iter().filter(|p| is_source(root, p)) {
        let is_briefing = path.starts_with(&briefings)
            && path.extension().and_then(|e| e.to_str()).is_some_and(is_markdown);
        match path.strip_prefix(root) {
            Ok(rel) if is_briefing => files.push(rel.to_path_buf()),
            _ => return Rebuild::Everything,
        }
    }
    if files.is_empty() {
        return Rebuild::Nothing;
    }
    files.sort();
    files.dedup();
    Rebuild::Briefings(files)
}

/// Whether a changed path is one of the site's sources (not an editor's
/// leftover, not the output of a build).
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let leftover = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    let first = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    !leftover && (rel == Path::new(CONFIG_FILE) || SOURCE_DIRS.contains(&first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_leftovers() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/site.yaml")));
        assert!(is_source(root, Path::new("/site/content/briefings/2024/x.md")));
        assert!(is_source(root, Path::new("/site/templates")));
        assert!(!is_source(root, Path::new("/site/content/briefings/.x.md.swp")));
        assert!(!is_source(root, Path::new("/site/content/briefings/x.md~")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/elsewhere/site.yaml")));
    }

    #[test]
    fn decisions() {
        let root = Path::new("/site");
        let paths = |list: &[&str]| list.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(
            decide(
                root,
                &paths(&[
                    "/site/content/briefings/b.md",
                    "/site/content/briefings/2024/a.md",
                    "/site/content/briefings/b.md",
                    "/site/content/briefings/b.md.tmp~",
                ])
            ),
            Rebuild::Briefings(paths(&["content/briefings/2024/a.md", "content/briefings/b.md"]))
        );
        assert_eq!(decide(root, &paths(&["/site/public/x.html", "/site/.git/index"])), Rebuild::Nothing);
        for other in [
            "/site/site.yaml",
            "/site/templates/base.html",
            "/site/static/style.css",
            "/site/content/companies/huawei.yaml",
            "/site/content/briefings/x/chart.png",
            "/site/content/briefings/2025",
        ] {
            let burst = paths(&["/site/content/briefings/a.md", other]);
            assert_eq!(decide(root, &burst), Rebuild::Everything, "{other}");
        }
    }
}
