//! What the preview server knows: the last good build, the current problems,
//! rendered files, and the browsers listening for changes. Rebuilds reuse
//! every briefing whose file did not change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use serde_json::json;

use crate::content::{Parsed, Scan};
use crate::error::{Diagnostic, Failure};
use crate::{BuildOptions, Ready, Stopwatch, finish, load_reusing, shown_from};

/// The current state of the site, swapped whole on every rebuild.
pub struct Snapshot {
    /// The last build that succeeded; `None` until one has.
    pub ready: Option<Arc<Ready>>,
    /// Bumped on every successful rebuild; pages carry it so a stale page reloads.
    pub version: u64,
    /// The problems of the latest attempt; empty when it succeeded.
    pub problems: Vec<Diagnostic>,
}

/// Shared by the HTTP threads and the rebuild thread.
pub struct Shared {
    pub root: PathBuf,
    /// The root as the user gave it, for messages.
    pub shown_root: PathBuf,
    pub options: BuildOptions,
    pub snapshot: RwLock<Snapshot>,
    /// Files rendered since the last rebuild, by path.
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// One sender per open live-reload connection.
    listeners: Mutex<Vec<Sender<String>>>,
    /// Briefings parsed so far, reused while their files are unchanged.
    parsed: Mutex<Parsed>,
}

impl Shared {
    pub fn new(root: &Path, shown_root: &Path, options: BuildOptions) -> Shared {
        Shared {
            root: root.to_path_buf(),
            shown_root: shown_root.to_path_buf(),
            options,
            snapshot: RwLock::new(Snapshot { ready: None, version: 0, problems: Vec::new() }),
            rendered: Mutex::new(HashMap::new()),
            listeners: Mutex::new(Vec::new()),
            parsed: Mutex::new(Parsed::default()),
        }
    }

    /// Rebuilds the site in memory. On success the new build is served and
    /// browsers reload; on failure the last good build stays and browsers
    /// show the problems. Prints one line, or the problems when they changed.
    /// `changed` lists the briefing files (relative to the root) that changed
    /// when nothing else did; `None` rereads everything.
    pub fn rebuild(&self, changed: Option<&[PathBuf]>) {
        let started = Instant::now();
        let outcome = self.build(changed);
        let mut snapshot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Ok(ready) => {
                let briefings = ready.producer.site.briefings.len();
                let previous = snapshot.ready.replace(Arc::new(ready));
                snapshot.version += 1;
                snapshot.problems.clear();
                let stale = std::mem::take(&mut *self.rendered.lock().unwrap_or_else(|e| e.into_inner()));
                let version = snapshot.version;
                drop(snapshot);
                self.broadcast(&format!("event: reload\ndata: {version}\n\n"));
                println!("Rebuilt {briefings} briefings in {} ms", started.elapsed().as_millis());
                // Freeing the previous build is slow for big sites; do it after.
                drop((previous, stale));
            }
            Err(problems) => {
                let problems = shown_from(&self.shown_root, problems);
                if problems != snapshot.problems {
                    eprintln!(
                        "{}",
                        Failure::new(problems.clone())
                            .to_string()
                            .replace("nothing was written", "still serving the last good build")
                    );
                }
                snapshot.problems = problems;
                self.broadcast(&problem_event(&snapshot.problems));
            }
        }
    }

    fn build(&self, changed: Option<&[PathBuf]>) -> Result<Ready, Vec<Diagnostic>> {
        let mut parsed = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        let scan = changed.map_or(Scan::Everything, Scan::Only);
        let (loaded, fresh) = load_reusing(&self.root, &self.options, &parsed, scan);
        *parsed = fresh;
        let (config, content, theme) = loaded?;
        finish(&self.root, &self.options, config, content, theme, &mut Stopwatch::new())
    }

    /// A rendered file of the current build, made on first request.
    pub fn file(&self, ready: &Ready, path: &str, version: u64) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        if let Some(bytes) = self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Some(Ok(Arc::clone(bytes)));
        }
        let item = ready.catalogue.get(path)?;
        let made = ready.producer.produce(item).map(|bytes| {
            let bytes =
                if path.ends_with(".html") { super::http::inject_live_reload(bytes, version) } else { bytes };
            Arc::new(bytes)
        });
        if let Ok(bytes) = &made {
            let current = self.snapshot.read().map(|s| s.version == version).unwrap_or(false);
            if current {
                self.rendered
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(path.to_string(), Arc::clone(bytes));
            }
        }
        Some(made)
    }

    /// Registers a live-reload connection.
    pub fn listen(&self, sender: Sender<String>) {
        self.listeners.lock().unwrap_or_else(|e| e.into_inner()).push(sender);
    }

    /// Sends an event to every open connection, forgetting closed ones.
    pub fn broadcast(&self, event: &str) {
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|l| l.send(event.to_string()).is_ok());
    }
}

/// The server-sent event that shows the problems in the browser.
pub fn problem_event(problems: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = problems
        .iter()
        .map(|d| {
            json!({
                "path": d.path().map(|p| p.display().to_string()),
                "line": d.position().map(|p| p.0),
                "column": d.position().map(|p| p.1),
                "message": d.message,
                "help": d.help,
                "text": d.to_string(),
            })
        })
        .collect();
    format!("event: problem\ndata: {}\n\n", serde_json::Value::Array(list))
}
