//! Watching the site's sources: `content/`, `templates/`, `static/` and
//! `site.yaml`. Editors save in bursts (write a temporary file, rename it,
//! delete and recreate, leave backups); a burst is folded into one rebuild
//! once it has been quiet for a moment. What a burst rebuilds is decided in
//! [`super::rebuild`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::rebuild::{SOURCE_DIRS, is_source};
use crate::error::Diagnostic;

/// Quiet time that ends a burst of saves.
pub const SETTLE: Duration = Duration::from_millis(25);

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
        for dir in SOURCE_DIRS.iter().map(|d| self.root.join(d)) {
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
