//! Watching the site's sources: `content/`, `templates/`, `static/` and
//! `site.yaml`. Editors save in bursts (write a temporary file, rename it,
//! delete and recreate, leave backups); a burst is folded into one rebuild
//! once it has been quiet for a moment, and the rebuild rereads what changed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::error::Diagnostic;

/// Quiet time that ends a burst of saves.
pub const SETTLE: Duration = Duration::from_millis(25);
const WATCHED: [&str; 3] = ["content", "templates", "static"];

/// Watches the sources under `root`, sending the paths of every change to
/// them (reading a file is not a change: rebuilds read them all).
pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watch {
    pub fn start(root: &Path, changed: Sender<Vec<PathBuf>>) -> Result<Watch, Diagnostic> {
        let filter_root = root.to_path_buf();
        let cannot =
            |e: notify::Error| Diagnostic::new(root, format!("cannot watch the site for changes: {e}"));
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            if let Ok(event) = event
                && !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|p| is_source(&filter_root, p))
            {
                let _ = changed.send(event.paths);
            }
        })
        .map_err(cannot)?;
        watcher.watch(root, RecursiveMode::NonRecursive).map_err(cannot)?;
        let mut watch = Watch { watcher, root: root.to_path_buf(), watched: Vec::new() };
        watch.refresh();
        Ok(watch)
    }

    /// Starts watching source folders that appeared since the last call.
    pub fn refresh(&mut self) {
        for dir in WATCHED.iter().map(|d| self.root.join(d)) {
            if dir.is_dir() && !self.watched.contains(&dir) {
                if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.push(dir);
                }
            } else if !dir.is_dir() && self.watched.contains(&dir) {
                let _ = self.watcher.unwatch(&dir);
                self.watched.retain(|d| d != &dir);
            }
        }
    }
}

/// Waits for the next change, then for the burst it starts to settle;
/// returns the changed paths, or `None` when the watcher is gone.
pub fn next_burst(changes: &Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut paths = changes.recv().ok()?;
    loop {
        match changes.recv_timeout(SETTLE) {
            Ok(more) => paths.extend(more),
            Err(RecvTimeoutError::Timeout) => return Some(paths),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// The briefing files (relative to `root`) behind a burst, when briefing
/// files are all that changed; `None` when anything else did.
pub fn only_briefings(root: &Path, paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let briefings = root.join(crate::content::BRIEFINGS_DIR);
    let mut rel: Vec<PathBuf> = Vec::new();
    for path in paths.iter().filter(|p| is_source(root, p)) {
        let is_briefing = path.starts_with(&briefings) && path.extension().is_some_and(|e| e == "md");
        if !is_briefing {
            return None;
        }
        rel.push(path.strip_prefix(root).ok()?.to_path_buf());
    }
    rel.sort();
    rel.dedup();
    Some(rel)
}

/// Whether a changed path is one of the site's sources (not an editor's
/// leftover, not the output of a build).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let leftover = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    let first = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    !leftover && (rel == Path::new(CONFIG_FILE) || WATCHED.contains(&first))
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
}
