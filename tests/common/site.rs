//! The site-test builder: a temporary site written file by file (or copied
//! from `tests/fixtures`), built with the real binary, and the output read
//! back. Every suite opens its sites this way:
//!
//! ```ignore
//! let site = TestSite::new("links").file("content/briefings/a.md", text);
//! let built = site.build(&["--base-url", "https://example.org/briefs/"]);
//! assert!(built.page("/briefings/a/").contains("…"));
//! let report = TestSite::good("typo").built_once().file(rel, bad).build_fails();
//! ```
//!
//! The site is `TMP/site`, its output `TMP/out`; reports show them as
//! `[SITE]` and `[TMP]`.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::{
    Invocation, Run, Server, TempDir, assert_links_resolve, assert_safe_site, assert_unchanged, build_args,
    built_briefings, copy_dir, digest, fixture, follow_pages, html_files, page_exists, parse_feed, read_json,
    read_page, read_tree, write,
};

/// A briefing that builds: [`TestSite::good`] starts with it.
pub const GOOD: &str = "---\ntitle: A good briefing\ndate: 2024-01-10\ncompanies: [Huawei]\ntopics: [Smartphones]\nkey_highlights:\n  - Huawei ships.\n---\nFine.\n";

/// A site in a temporary folder, removed when the site and every [`Built`]
/// and [`Server`] of it are dropped (see `TempDir`). A clone is the same site.
#[derive(Clone)]
pub struct TestSite {
    tmp: Rc<TempDir>,
    root: PathBuf,
    out: PathBuf,
    /// A fixture built where it is: writing to it would change the fixture.
    read_only: bool,
    /// Environment variables of every run on this site.
    envs: Vec<(String, String)>,
}

impl TestSite {
    /// An empty site: nothing is written until the first file.
    pub fn new(label: &str) -> TestSite {
        let tmp = Rc::new(TempDir::new(label));
        let (root, out) = (tmp.join("site"), tmp.join("out"));
        TestSite { tmp, root, out, read_only: false, envs: Vec::new() }
    }

    /// A site holding one good briefing, `content/briefings/good.md`.
    pub fn good(label: &str) -> TestSite {
        TestSite::new(label).file("content/briefings/good.md", GOOD)
    }

    /// A copy of `tests/fixtures/NAME`, to change at will.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::new(&name.replace('/', "-"));
        copy_dir(&fixture(name), &site.root);
        // The build cache of tests that build the fixture in place is theirs.
        let _ = std::fs::remove_dir_all(site.root.join(".briefing"));
        site
    }

    /// `tests/fixtures/NAME` itself, built where it is (into a temporary
    /// output folder); it cannot be written to.
    pub fn fixture_in_place(name: &str) -> TestSite {
        let mut site = TestSite::new(&name.replace('/', "-"));
        site.root = fixture(name);
        site.read_only = true;
        site
    }

    /// Writes `contents` to `rel` in the site, creating folders.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> TestSite {
        self.write(rel, contents);
        self
    }

    /// Writes each `(rel, contents)`.
    pub fn files<R: AsRef<str>, C: AsRef<[u8]>>(self, files: impl IntoIterator<Item = (R, C)>) -> TestSite {
        for (rel, contents) in files {
            self.write(rel.as_ref(), contents);
        }
        self
    }

    /// Sets an environment variable for every run of the binary on this site.
    pub fn env(mut self, key: &str, value: &str) -> TestSite {
        self.envs.push((key.to_string(), value.to_string()));
        self
    }

    /// Builds the site once, expecting success, so that a later build has
    /// a previous output to keep or replace.
    #[track_caller]
    pub fn built_once(self) -> TestSite {
        self.build(&[]);
        self
    }

    /// Writes `contents` to `rel` in the site (the site may have been built).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        self.assert_writable();
        write(&self.root, rel, contents);
    }

    /// Removes the file or folder `rel` of the site.
    pub fn remove(&self, rel: &str) {
        self.assert_writable();
        let path = self.root.join(rel);
        let removed = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
        removed.unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
    }

    fn assert_writable(&self) {
        let root = self.root.display();
        assert!(!self.read_only, "{root} is a fixture built in place; use TestSite::fixture to change it");
    }

    /// The text of the site's file `rel`.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `rel` in the site folder.
    pub fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root.join(rel)
    }

    /// The temporary folder around the site and its output.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// The output folder of [`TestSite::build`], `TMP/out`.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// `text` with the site folder shown as `[SITE]` and the temporary
    /// folder as `[TMP]`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.root.display().to_string(), "[SITE]")
            .replace(&self.tmp.path().display().to_string(), "[TMP]")
    }

    /// `briefing build --root SITE --out TMP/out EXTRA...`, to run or spawn.
    pub fn build_command(&self, extra: &[&str]) -> Invocation {
        self.build_command_into(&self.out, extra)
    }

    /// `briefing build --root SITE --out OUT EXTRA...`, to run or spawn.
    pub fn build_command_into(&self, out: &Path, extra: &[&str]) -> Invocation {
        self.invocation(build_args(&self.root, out, extra))
    }

    /// The binary with `args` and this site's environment.
    fn invocation<I, S>(&self, args: I) -> Invocation
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.envs.iter().fold(Invocation::new(args), |run, (key, value)| run.env(key, value))
    }

    /// A build into [`TestSite::out`], whatever its outcome (checked for crashes).
    #[track_caller]
    pub fn try_build(&self, extra: &[&str]) -> Run {
        self.build_command(extra).run()
    }

    /// Builds into [`TestSite::out`], expecting success.
    #[track_caller]
    pub fn build(&self, extra: &[&str]) -> Built {
        self.build_into(&self.out, extra)
    }

    /// Builds into `out`, expecting success.
    #[track_caller]
    pub fn build_into(&self, out: &Path, extra: &[&str]) -> Built {
        let run = self.build_command_into(out, extra).run().success();
        Built { site: self.clone(), out: out.to_path_buf(), run }
    }

    /// Builds, expecting the failure contract: exit status 1, a report that
    /// starts with `error: ` and ends with the summary `…; nothing was
    /// written`, no claim of success, and nothing changed anywhere under
    /// the temporary folder (a previous output is kept as it was). Returns
    /// the report with the temporary folders redacted.
    #[track_caller]
    pub fn build_fails(&self) -> String {
        self.build_fails_into(&self.out, &[])
    }

    /// [`TestSite::build_fails`] with extra flags.
    #[track_caller]
    pub fn build_fails_with(&self, extra: &[&str]) -> String {
        self.build_fails_into(&self.out, extra)
    }

    /// [`TestSite::build_fails`] into another output folder.
    #[track_caller]
    pub fn build_fails_into(&self, out: &Path, extra: &[&str]) -> String {
        let before = digest(self.tmp.path());
        let site = self.read_only.then(|| digest(&self.root));
        let run = self.build_command_into(out, extra).run();
        let err = self.redact(&run.stderr);
        assert_eq!(run.code, Some(1), "expected exit status 1\nstdout:\n{}\nstderr:\n{err}", run.stdout);
        assert!(err.starts_with("error: "), "the report starts with `error: `:\n{err}");
        assert!(!run.stdout.contains("Built"), "a failed build claims success:\n{}", run.stdout);
        let summary = err.trim_end().lines().last().unwrap_or_default();
        assert!(summary.ends_with("; nothing was written"), "the last line is the summary: {summary:?}");
        assert_unchanged(&before, &digest(self.tmp.path()), "a failed build");
        if let Some(site) = site {
            assert_unchanged(&site, &digest(&self.root), "a failed build, in the fixture");
        }
        err
    }

    /// Fails, naming only `[SITE]/rel` (every `error:` line), the first at
    /// `line` (and `col` when given). Returns the redacted report.
    #[track_caller]
    pub fn build_fails_at(&self, rel: &str, line: usize, col: Option<usize>) -> String {
        let err = self.build_fails();
        let file = format!("[SITE]/{rel}");
        let paths = error_paths(&err);
        assert!(!paths.is_empty() && paths.iter().all(|p| *p == file), "only {file} is named:\n{err}");
        let at = match col {
            Some(col) => format!("error: {file}:{line}:{col}: "),
            None => format!("error: {file}:{line}:"),
        };
        assert!(err.starts_with(&at), "expected the report to start with {at:?}:\n{err}");
        err
    }

    /// `briefing ARGS... --root SITE`, whatever its outcome.
    #[track_caller]
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_os_string()).collect();
        args.extend(["--root".into(), self.root.clone().into_os_string()]);
        self.invocation(args).run()
    }

    /// `briefing check --root SITE`, whatever its outcome; asserts that it
    /// wrote nothing anywhere under the temporary folder.
    #[track_caller]
    pub fn check(&self) -> Run {
        let before = digest(self.tmp.path());
        let run = self.run(["check"]);
        assert_unchanged(&before, &digest(self.tmp.path()), "check writes nothing");
        run
    }

    /// `briefing serve --port 0 --root SITE EXTRA...`, running until dropped.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut server = Server::spawn(self.invocation(Server::args(&self.root, extra)));
        server.site = Some(self.clone());
        server
    }
}

/// A successful build: its run (stdout, stderr through `Deref` to [`Run`])
/// and its output folder. It keeps the site's temporary folder alive.
pub struct Built {
    site: TestSite,
    out: PathBuf,
    run: Run,
}

impl Deref for Built {
    type Target = Run;

    fn deref(&self) -> &Run {
        &self.run
    }
}

impl Built {
    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The site that was built.
    pub fn site(&self) -> &TestSite {
        &self.site
    }

    /// What stdout reports: (briefings, pages, output folder).
    #[track_caller]
    pub fn reported(&self) -> (usize, usize, String) {
        self.run.built()
    }

    /// The page at a site path below the base path (`/briefings/a/`, `/style.css`).
    #[track_caller]
    pub fn page(&self, path: &str) -> String {
        read_page(&self.out, path)
    }

    pub fn has_page(&self, path: &str) -> bool {
        page_exists(&self.out, path)
    }

    /// The text of the output file `rel`.
    #[track_caller]
    pub fn file(&self, rel: &str) -> String {
        let path = self.out.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The output file `rel` parsed as JSON.
    #[track_caller]
    pub fn json(&self, rel: &str) -> serde_json::Value {
        read_json(&self.out.join(rel))
    }

    /// The output file `rel` parsed as an Atom or JSON feed.
    #[track_caller]
    pub fn feed(&self, rel: &str) -> feed_rs::model::Feed {
        parse_feed(&self.out.join(rel))
    }

    /// The slugs of the briefing pages built.
    pub fn briefings(&self) -> BTreeSet<String> {
        built_briefings(&self.out)
    }

    /// Every `.html` file of the output, relative to it.
    pub fn html_files(&self) -> Vec<PathBuf> {
        html_files(&self.out)
    }

    /// Every file of the output, relative path -> bytes.
    pub fn tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        read_tree(&self.out)
    }

    /// The pages of a paginated list from `first`, through `rel="next"`
    /// links, on a site whose base path is `base_path`: (URL, HTML) each.
    pub fn follow(&self, base_path: &str, first: &str) -> Vec<(String, String)> {
        follow_pages(&self.out, base_path, first)
    }

    /// Asserts every internal link resolves, for a site built for `base_url`.
    #[track_caller]
    pub fn assert_links_resolve(&self, base_url: &str) {
        assert_links_resolve(&self.out, base_url);
    }

    /// Asserts no page holds a tag or attribute that could run script.
    #[track_caller]
    pub fn assert_safe(&self) {
        assert_safe_site(&self.out);
    }
}

/// The file named by each `error: PATH:...` line, in order (the path ends
/// at the first `:`, so test paths must not contain one).
pub fn error_paths(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .collect()
}

/// Every file a report names: the `error:` lines and the `the other file:` lines.
pub fn named_files(stderr: &str) -> Vec<String> {
    let mut all = error_paths(stderr);
    all.extend(
        stderr.lines().filter_map(|l| l.trim_start().strip_prefix("the other file: ")).map(str::to_string),
    );
    all
}
