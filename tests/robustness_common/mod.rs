//! Helpers for the bad-input and safety suite (`tests/robustness_*.rs`), on
//! top of `tests/common`: running the binary with a time limit and an
//! environment, the no-crash contract, whole-folder snapshots that do not
//! follow symlinks, one-site-per-case failures, and the generated corpus.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::{Run, TempDir, decode_entities, html_files, write};

/// The corpus generator of `examples/corpus`.
#[path = "../../examples/corpus/generator/mod.rs"]
pub mod generator;

/// A briefing that builds; every case site starts with it.
pub const GOOD: &str = "---\ntitle: A good briefing\ndate: 2024-01-10\ncompanies: [Huawei]\ntopics: [Smartphones]\nkey_highlights:\n  - Huawei ships.\n---\nFine.\n";

/// Text that means the binary crashed instead of reporting a problem.
pub const CRASH_MARKERS: [&str; 6] = [
    "panicked",
    "RUST_BACKTRACE",
    "internal error",
    "stack backtrace",
    "overflowed its stack",
    "memory allocation of",
];

/// How long any single run may take before the test fails (debug build).
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// Asserts that a run ended with a status of its own (no signal) and that
/// neither stream shows a panic or a backtrace.
#[track_caller]
pub fn assert_no_crash(run: &Run) {
    for marker in CRASH_MARKERS {
        assert!(
            !run.stderr.contains(marker) && !run.stdout.contains(marker),
            "briefing crashed ({marker:?} in its output)\nstdout:\n{}\nstderr:\n{}",
            run.stdout,
            run.stderr
        );
    }
    assert!(
        matches!(run.code, Some(0..=2)),
        "briefing ended with {:?}, not 0, 1 or 2\nstderr:\n{}",
        run.code,
        run.stderr
    );
}

/// Reads a child's pipe to the end on its own thread.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Waits for `child` at most `limit`; kills it and panics past that.
fn wait_for(mut child: Child, limit: Duration, what: &str) -> (Run, Duration) {
    let started = Instant::now();
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = loop {
        if let Some(status) = child.try_wait().expect("cannot wait for briefing") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}; killed it");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    };
    (run, took)
}

/// The binary with the environment every run of this suite gets: no
/// colours, and backtraces on, so that a panic could not go unnoticed.
pub fn command(args: &[&OsStr], envs: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefing"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs the binary with `args` and extra `envs`, failing the test past
/// `limit`; returns the run (already checked for crashes) and its wall time.
#[track_caller]
pub fn run_timed(args: &[&OsStr], envs: &[(&str, &str)], limit: Duration) -> (Run, Duration) {
    run_timed_in(None, args, envs, limit)
}

/// [`run_timed`] from the working folder `cwd` (the crate root when `None`).
#[track_caller]
pub fn run_timed_in(
    cwd: Option<&Path>,
    args: &[&OsStr],
    envs: &[(&str, &str)],
    limit: Duration,
) -> (Run, Duration) {
    let mut cmd = command(args, envs);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let child = cmd.spawn().expect("cannot run the briefing binary");
    let what = format!("briefing {}", args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
    let (run, took) = wait_for(child, limit, &what);
    assert_no_crash(&run);
    (run, took)
}

pub use crate::common::build_args;

/// `briefing build`, checked for crashes, within [`RUN_LIMIT`].
#[track_caller]
pub fn build_checked(root: &Path, out: &Path, extra: &[&str]) -> Run {
    run_timed(&build_args(root, out, extra), &[], RUN_LIMIT).0
}

/// `briefing build` with extra environment variables.
#[track_caller]
pub fn build_env(root: &Path, out: &Path, extra: &[&str], envs: &[(&str, &str)]) -> Run {
    run_timed(&build_args(root, out, extra), envs, RUN_LIMIT).0
}

// ---------------------------------------------------------------------------
// Snapshots of whole folders
// ---------------------------------------------------------------------------

/// One entry of a folder snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every entry under `dir` (hidden ones included), symlinks recorded as
/// links and never followed. Empty when `dir` is missing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Node> {
    let mut out = BTreeMap::new();
    walk_tree(dir, &mut |rel, path, kind| {
        let node = match kind {
            'l' => Node::Link(fs::read_link(path).unwrap()),
            'd' => Node::Dir,
            _ => Node::File(fs::read(path).unwrap()),
        };
        out.insert(rel, node);
    });
    out
}

/// Calls `visit(relative path, path, kind)` for every entry under `dir`,
/// hidden ones included; `kind` is `l` for a symlink (never followed), `d`
/// for a folder, `f` for a file.
fn walk_tree(dir: &Path, visit: &mut dyn FnMut(PathBuf, &Path, char)) {
    fn walk(base: &Path, dir: &Path, visit: &mut dyn FnMut(PathBuf, &Path, char)) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap().to_path_buf();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                visit(rel, &path, 'l');
            } else if kind.is_dir() {
                visit(rel, &path, 'd');
                walk(base, &path, visit);
            } else {
                visit(rel, &path, 'f');
            }
        }
    }
    walk(dir, dir, visit);
}

/// Asserts two snapshots are identical, naming what differs.
#[track_caller]
pub fn assert_same(before: &BTreeMap<PathBuf, Node>, after: &BTreeMap<PathBuf, Node>, what: &str) {
    let gone: Vec<&PathBuf> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    let new: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    let changed: Vec<&PathBuf> =
        before.iter().filter(|(p, n)| after.get(*p).is_some_and(|m| m != *n)).map(|(p, _)| p).collect();
    assert!(
        gone.is_empty() && new.is_empty() && changed.is_empty(),
        "{what}: something changed\n  removed: {gone:?}\n  added: {new:?}\n  changed: {changed:?}"
    );
}

/// Only the files of a snapshot (for comparing two builds).
pub fn files_only(snap: &BTreeMap<PathBuf, Node>) -> BTreeMap<PathBuf, Vec<u8>> {
    snap.iter()
        .filter_map(|(p, n)| match n {
            Node::File(bytes) => Some((p.clone(), bytes.clone())),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Reading error reports
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// One site per case
// ---------------------------------------------------------------------------

/// A case: `tmp/site` (the good briefing plus the case's files) and a
/// previous successful build in `tmp/out`, so that a failing build can be
/// checked to change nothing at all under `tmp`.
pub struct Case {
    pub tmp: TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
}

impl Case {
    /// A site holding the good briefing and `base` files, built once.
    #[track_caller]
    pub fn new(label: &str, base: &[(&str, &[u8])]) -> Case {
        let tmp = TempDir::new(label);
        let root = tmp.join("site");
        let out = tmp.join("out");
        write(&root, "content/briefings/good.md", GOOD);
        for (rel, bytes) in base {
            write(&root, rel, bytes);
        }
        let run = build_checked(&root, &out, &[]);
        assert_eq!(run.code, Some(0), "the case's starting site must build:\n{}", run.stderr);
        Case { tmp, root, out }
    }

    /// A built site, then `files` added: the usual broken-file case.
    #[track_caller]
    pub fn with(label: &str, files: &[(&str, &[u8])]) -> Case {
        let case = Case::new(label, &[]);
        for (rel, bytes) in files {
            case.add(rel, bytes);
        }
        case
    }

    pub fn add(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write(&self.root, rel, bytes);
    }

    /// `stderr` with the temp folders shown as `[SITE]` and `[TMP]`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.root.display().to_string(), "[SITE]")
            .replace(&self.tmp.path().display().to_string(), "[TMP]")
    }

    /// Builds, expecting exit status 1 with a well-formed report and no
    /// change anywhere under the temp folder; returns the redacted report.
    #[track_caller]
    pub fn fails(&self) -> String {
        self.fails_with(&[])
    }

    #[track_caller]
    pub fn fails_with(&self, extra: &[&str]) -> String {
        let before = snapshot(self.tmp.path());
        let run = build_checked(&self.root, &self.out, extra);
        let err = self.redact(&run.stderr);
        assert_eq!(run.code, Some(1), "expected exit status 1\nstdout:\n{}\nstderr:\n{err}", run.stdout);
        assert!(err.starts_with("error: "), "the report starts with `error: `:\n{err}");
        assert!(!run.stdout.contains("Built"), "a failed build claims success:\n{}", run.stdout);
        let summary = err.trim_end().lines().last().unwrap_or_default();
        assert!(summary.ends_with("; nothing was written"), "the last line is the summary: {summary:?}");
        assert_same(&before, &snapshot(self.tmp.path()), "a failed build");
        err
    }

    /// Fails, naming only `[SITE]/rel` (every `error:` line), the first at
    /// `line` (and `col` when given). Returns the redacted report.
    #[track_caller]
    pub fn fails_at(&self, rel: &str, line: usize, col: Option<usize>) -> String {
        let err = self.fails();
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

    /// Builds, expecting success; returns the run.
    #[track_caller]
    pub fn builds(&self, extra: &[&str]) -> Run {
        let run = build_checked(&self.root, &self.out, extra);
        assert_eq!(run.code, Some(0), "expected success\nstderr:\n{}", run.stderr);
        run
    }
}

// ---------------------------------------------------------------------------
// The generated corpus
// ---------------------------------------------------------------------------

/// Writes a generated corpus of `n` briefings into `dir` with the
/// project's generator (`examples/corpus`), in-process; returns what it wrote.
#[track_caller]
pub fn generate_corpus(n: usize, dir: &Path) -> generator::Summary {
    generator::generate(&generator::Options::new(n), dir)
        .unwrap_or_else(|e| panic!("cannot write the corpus into {}: {e}", dir.display()))
}

/// The Markdown files of a generated corpus, sorted, relative to `root`.
pub fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = snapshot(&root.join("content/briefings"))
        .into_iter()
        .filter(|(p, n)| matches!(n, Node::File(_)) && p.extension() == Some(OsStr::new("md")))
        .map(|(p, _)| PathBuf::from("content/briefings").join(p))
        .collect();
    files.sort();
    files
}

/// A cheap fingerprint of a folder for large trees: per entry its kind,
/// length and a SipHash of its bytes (symlinks not followed).
pub fn digest(dir: &Path) -> BTreeMap<PathBuf, (char, u64, u64)> {
    use std::hash::{DefaultHasher, Hasher};
    let mut out = BTreeMap::new();
    walk_tree(dir, &mut |rel, path, kind| {
        let entry = match kind {
            'l' => {
                let mut h = DefaultHasher::new();
                h.write(fs::read_link(path).unwrap().as_os_str().as_encoded_bytes());
                ('l', 0, h.finish())
            }
            'd' => ('d', 0, 0),
            _ => {
                let bytes = fs::read(path).unwrap();
                let mut h = DefaultHasher::new();
                h.write(&bytes);
                ('f', bytes.len() as u64, h.finish())
            }
        };
        out.insert(rel, entry);
    });
    out
}

/// Names the first differences between two digests (empty when equal).
pub fn digest_diff(
    a: &BTreeMap<PathBuf, (char, u64, u64)>,
    b: &BTreeMap<PathBuf, (char, u64, u64)>,
) -> String {
    let mut diffs: Vec<String> = Vec::new();
    for (p, x) in a {
        match b.get(p) {
            None => diffs.push(format!("only in the first: {}", p.display())),
            Some(y) if x != y => diffs.push(format!("differs: {}", p.display())),
            _ => {}
        }
    }
    diffs.extend(
        b.keys().filter(|p| !a.contains_key(*p)).map(|p| format!("only in the second: {}", p.display())),
    );
    let n = diffs.len();
    diffs.truncate(10);
    if n > 10 {
        diffs.push(format!("... {} more", n - 10));
    }
    diffs.join("\n")
}

// ---------------------------------------------------------------------------
// A small HTML tag scanner
// ---------------------------------------------------------------------------

/// One start or end tag: its name (`/p` for an end tag) and its attributes,
/// values decoded.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// Every tag of `html`, in order. Text never holds a raw `<` in escaped
/// output, so every `<` starts a tag, a comment or a doctype. The contents
/// of `<script>` and `<style>` are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if html[i..].starts_with("!--") {
            i += html[i..].find("-->").map_or(html.len() - i, |e| e + 3);
            continue;
        }
        if html[i..].starts_with('!') || html[i..].starts_with('?') {
            i += html[i..].find('>').map_or(html.len() - i, |e| e + 1);
            continue;
        }
        let closing = html[i..].starts_with('/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        assert!(
            !name.is_empty(),
            "a raw `<` in text: {:?}",
            &html[start.saturating_sub(40)..(start + 40).min(html.len())]
        );
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let n0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[n0..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let end = html[i + 1..].find(q).map_or(html.len(), |e| i + 1 + e);
                    value = decode_entities(&html[i + 1..end]);
                    i = end + 1;
                } else {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&html[v0..i]);
                }
            }
            attrs.push((attr, value));
        }
        let name = if closing { format!("/{name}") } else { name };
        if name == "script" || name == "style" {
            let end = html[i..].find(&format!("</{name}")).map_or(html.len() - i, |e| e);
            i += end;
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// Whether a URL would run script when followed: the scheme, once entities
/// are decoded and the characters browsers ignore are dropped.
pub fn runs_script(url: &str) -> bool {
    let cleaned: String =
        url.chars().filter(|c| *c > ' ' && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| cleaned.starts_with(s))
}

/// The problems of one page: event-handler attributes, script-running URLs,
/// script elements other than the theme's JSON-LD and search client, and
/// elements that embed or redirect.
pub fn unsafe_tags(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in tags(html) {
        for (attr, value) in &tag.attrs {
            if attr.starts_with("on") {
                problems.push(format!("<{} {attr}=…>", tag.name));
            }
            let url_attr =
                ["href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "background"];
            if url_attr.contains(&attr.as_str()) && runs_script(value) {
                problems.push(format!("<{} {attr}={value:?}>", tag.name));
            }
        }
        let attr = |n: &str| tag.attrs.iter().find(|(a, _)| a == n).map(|(_, v)| v.as_str());
        match tag.name.as_str() {
            "script" => {
                let ld = attr("type") == Some("application/ld+json") && tag.attrs.len() == 1;
                let client = attr("src").is_some_and(|s| s.ends_with("search.js"));
                if !ld && !client {
                    problems.push(format!("a <script> element: {:?}", tag.attrs));
                }
            }
            "iframe" | "object" | "embed" | "svg" | "math" | "base" | "style" | "frame" | "frameset"
            | "applet" => {
                problems.push(format!("a <{}> element", tag.name));
            }
            "meta" if attr("http-equiv").is_some() => problems.push("<meta http-equiv>".into()),
            "form" if attr("class").is_none_or(|c| c != "search-form") => problems.push("a <form>".into()),
            _ => {}
        }
    }
    problems
}

/// The tag skeleton of a page: tag names and attribute names, in order.
pub fn skeleton(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .map(|t| {
            format!("{} {}", t.name, t.attrs.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>().join(" "))
        })
        .collect()
}

#[track_caller]
pub fn assert_safe_site(out: &Path) {
    let mut all = Vec::new();
    for rel in html_files(out) {
        let html = fs::read_to_string(out.join(&rel)).unwrap();
        all.extend(unsafe_tags(&html).into_iter().map(|p| format!("{}: {p}", rel.display())));
    }
    assert!(all.is_empty(), "{} unsafe tags:\n{}", all.len(), all.join("\n"));
}
