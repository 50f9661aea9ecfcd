//! What the preview server knows: the current build with the files rendered
//! from it so far, the problems of the latest attempt, the briefings parsed
//! so far (reused while their files are unchanged), and the browsers
//! listening for changes. A rebuild swaps in a new build with an empty page
//! cache of its own, so a page rendered from an older build can never be
//! served as part of a newer one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use super::live::{self, Hub};
use crate::content::{Parsed, Scan};
use crate::error::{Diagnostic, Failure};
use crate::pipeline::{BuildOptions, Ready, Stopwatch, finish, load_reusing, shown_from};

/// One successful build and the files rendered from it, made on request.
pub struct Build {
    pub ready: Ready,
    /// 1 for the first build, then one more for each; pages carry it so a
    /// page of an older build reloads.
    pub version: u64,
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Build {
    fn new(ready: Ready, version: u64) -> Build {
        Build { ready, version, rendered: Mutex::new(HashMap::new()) }
    }

    /// Whether this build has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.ready.catalogue.get(path).is_some()
    }

    /// The file at `path`, rendered on first request (pages with the
    /// live-reload script); `None` if there is none.
    pub fn file(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        self.file_between(path, || ())
    }

    /// [`Build::file`], running `between` after rendering and before storing
    /// (tests use it to rebuild at that very moment).
    fn file_between(&self, path: &str, between: impl FnOnce()) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        if let Some(bytes) = self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Some(Ok(Arc::clone(bytes)));
        }
        let item = self.ready.catalogue.get(path)?;
        let made = self.ready.producer.produce(item).map(|bytes| {
            let bytes =
                if path.ends_with(".html") { live::inject_live_reload(bytes, self.version) } else { bytes };
            Arc::new(bytes)
        });
        between();
        if let Ok(bytes) = &made {
            let mut rendered = self.rendered.lock().unwrap_or_else(|e| e.into_inner());
            rendered.insert(path.to_string(), Arc::clone(bytes));
        }
        Some(made)
    }
}

/// The current state of the site, swapped whole on every rebuild.
#[derive(Default)]
struct Snapshot {
    /// The last build that succeeded; `None` until one has.
    build: Option<Arc<Build>>,
    /// The problems of the latest attempt; empty when it succeeded.
    problems: Vec<Diagnostic>,
}

/// Shared by the request workers and the rebuild thread.
pub struct Shared {
    pub root: PathBuf,
    /// The root as the user gave it, for messages.
    shown_root: PathBuf,
    options: BuildOptions,
    snapshot: RwLock<Snapshot>,
    /// Briefings parsed so far, reused while their files are unchanged.
    parsed: Mutex<Parsed>,
    /// The open live-reload streams.
    pub live: Hub,
    /// The image cache, with what is known of the image files so far.
    images: crate::media::Cache,
}

impl Shared {
    pub fn new(root: &Path, shown_root: &Path, options: BuildOptions) -> Shared {
        Shared {
            root: root.to_path_buf(),
            shown_root: shown_root.to_path_buf(),
            options,
            snapshot: RwLock::new(Snapshot::default()),
            parsed: Mutex::new(Parsed::default()),
            live: Hub::default(),
            images: crate::media::Cache::writing(root),
        }
    }

    /// The build being served; a request holds it to the end, so all it
    /// serves comes from one build.
    pub fn current(&self) -> Option<Arc<Build>> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner()).build.clone()
    }

    /// The first events for a new live-reload stream: the version served,
    /// and the problems when the latest attempt failed.
    pub fn greeting(&self) -> String {
        let snapshot = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        let mut first = live::hello_event(snapshot.build.as_ref().map_or(0, |b| b.version));
        if !snapshot.problems.is_empty() {
            first.push_str(&live::problem_event(&snapshot.problems));
        }
        first
    }

    /// Rebuilds the site in memory, rereading what `scan` says (see
    /// [`super::rebuild`]). On success the new build is served and browsers
    /// reload; on failure the last good build stays and browsers show the
    /// problems. Prints one line, or the problems when they changed.
    pub fn rebuild(&self, scan: Scan) {
        let started = Instant::now();
        let outcome = self.build(scan);
        let mut snapshot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Ok(ready) => {
                let briefings = ready.producer.site.briefings.len();
                // Broken links do not stop a preview: they are listed once per rebuild.
                for warning in shown_from(&self.shown_root, ready.broken_links.clone()) {
                    eprintln!("{warning}");
                }
                let version = snapshot.build.as_ref().map_or(0, |b| b.version) + 1;
                let previous = snapshot.build.replace(Arc::new(Build::new(ready, version)));
                snapshot.problems.clear();
                drop(snapshot);
                self.live.broadcast(&live::reload_event(version));
                println!("Rebuilt {briefings} briefings in {} ms", started.elapsed().as_millis());
                // Freeing the previous build is slow for big sites; do it after.
                drop(previous);
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
                let event = live::problem_event(&snapshot.problems);
                drop(snapshot);
                self.live.broadcast(&event);
            }
        }
    }

    fn build(&self, scan: Scan) -> Result<Ready, Vec<Diagnostic>> {
        let mut parsed = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        let (loaded, fresh) = load_reusing(&self.root, &self.options, &parsed, scan);
        *parsed = fresh;
        let (config, content, theme) = loaded?;
        finish(&self.root, &self.options, config, content, theme, &self.images, &mut Stopwatch::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const PAGE: &str = "briefings/a/index.html";

    /// A one-briefing site in a fresh temporary folder, removed on drop.
    struct Site(PathBuf);

    impl Site {
        fn new(label: &str) -> Site {
            let root = std::env::temp_dir().join(format!("briefing-serve-{label}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&root);
            let site = Site(root);
            site.title("Old title");
            site
        }

        fn title(&self, title: &str) {
            let file = self.0.join("content/briefings/a.md");
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, format!("---\ntitle: {title}\ndate: 2024-01-01\n---\nBody.\n")).unwrap();
        }

        fn shared(&self) -> Arc<Shared> {
            let options = BuildOptions {
                root: self.0.clone(),
                out: None,
                base_url: Some("http://127.0.0.1:1111/".into()),
                drafts: false,
                future: false,
                links: crate::pipeline::LinkPolicy::Warn,
                incremental: false,
                shard: None,
                writes_cache: false,
                ends_process: false,
            };
            Arc::new(Shared::new(&self.0, &self.0, options))
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn text(file: Option<Result<Arc<Vec<u8>>, Diagnostic>>) -> String {
        String::from_utf8(file.unwrap().unwrap().to_vec()).unwrap()
    }

    /// A request renders a page of the build it started with; a rebuild
    /// lands between rendering and storing it. The new build must serve the
    /// new page (before each build had its own cache, the old page was
    /// stored after the version check and served until the next save).
    #[test]
    fn a_page_rendered_across_a_rebuild_is_not_served_by_the_new_build() {
        let site = Site::new("race");
        let shared = site.shared();
        shared.rebuild(Scan::Everything);
        let old = shared.current().unwrap();
        site.title("New title");
        let served = old.file_between(PAGE, || shared.rebuild(Scan::Everything));
        assert!(text(served).contains("Old title"), "the request gets the build it started with");
        let current = shared.current().unwrap();
        assert_eq!((old.version, current.version), (1, 2));
        let page = text(current.file(PAGE));
        assert!(page.contains("New title"), "the new build serves an old page: {page}");
        assert!(page.contains("data-version=\"2\""));
    }

    #[test]
    fn a_failed_rebuild_keeps_the_build_and_greets_with_the_problems() {
        let site = Site::new("failed");
        let shared = site.shared();
        assert!(shared.current().is_none());
        assert_eq!(shared.greeting(), "event: hello\ndata: 0\n\n");
        shared.rebuild(Scan::Everything);
        assert!(text(shared.current().unwrap().file(PAGE)).contains("Old title"));
        fs::write(site.0.join("content/briefings/a.md"), "---\ntitle: x\n").unwrap();
        shared.rebuild(Scan::Everything);
        assert_eq!(shared.current().unwrap().version, 1);
        let greeting = shared.greeting();
        assert!(greeting.starts_with("event: hello\ndata: 1\n\nevent: problem\ndata: ["), "{greeting}");
    }
}
