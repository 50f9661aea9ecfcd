//! Content loading: read `content/`, split front matter, validate, render Markdown.

pub mod author;
pub mod briefing;
pub mod date;
pub mod frontmatter;
mod headings;
pub mod highlight;
pub mod images;
pub mod markdown;
pub mod profile;
pub mod sanitize;
pub mod targets;

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

pub use briefing::{Briefing, Source};
pub use profile::Profile;

use crate::error::{Diagnostic, Outcome};
use crate::walk;
use markdown::Markdown;

pub const BRIEFINGS_DIR: &str = "content/briefings";
pub const COMPANIES_DIR: &str = "content/companies";
pub const TOPICS_DIR: &str = "content/topics";
pub const AUTHORS_DIR: &str = "content/authors";
/// Where an author's avatar may be (as `output::catalogue::STATIC_DIR`).
const STATIC_DIR: &str = "static";
/// The extensions of a briefing's file, in any case: the Markdown extensions
/// that Hugo and Jekyll accept, so no imported post is skipped.
pub const MARKDOWN_EXTS: [&str; 6] = ["md", "markdown", "mdown", "mkdn", "mkd", "mkdown"];

/// Whether a file with extension `ext` is a briefing's Markdown.
pub fn is_markdown(ext: &str) -> bool {
    MARKDOWN_EXTS.iter().any(|known| known.eq_ignore_ascii_case(ext))
}

/// Everything under `content/`, validated.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// In no particular order (the site model sorts them). Shared, so `serve`
    /// can keep them between rebuilds.
    pub briefings: Vec<Arc<Briefing>>,
    pub companies: Vec<Profile>,
    pub topics: Vec<Profile>,
    /// Files under `content/briefings/` that are not briefings (not
    /// Markdown, not hidden, not an editor's leftover): not read, sorted.
    pub unread: Vec<PathBuf>,
    pub authors: Vec<Profile>,
    /// `site.yaml`'s `default_author`, set by the pipeline once the
    /// configuration is read: the author of briefings that name none.
    pub default_author: Option<String>,
}

/// Which briefings a build publishes.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    pub future: bool,
    pub now: DateTime<Utc>,
}

impl Selection {
    pub fn admits(&self, b: &Briefing) -> bool {
        (self.drafts || !b.draft) && (self.future || b.date.instant <= self.now)
    }
}

/// When a file was last changed, as far as the file system tells: its
/// modification time and length.
pub type Stamp = (std::time::SystemTime, u64);

/// Briefings parsed earlier, by path, with the stamp of the file they came
/// from, and the Markdown settings they were rendered with.
#[derive(Default)]
pub struct Parsed {
    settings: String,
    /// Every briefing file of the last load: its stamp and briefing, or
    /// `None` when it did not parse (it is parsed again next time).
    files: HashMap<OsString, Option<Stamped>>,
    /// Problems of the last walk (symlinks), repeated when a load skips the walk.
    walk_problems: Vec<Diagnostic>,
    /// The files the last walk passed over, likewise.
    unread: Vec<PathBuf>,
}

impl Parsed {
    /// Briefings parsed by an earlier build with Markdown settings
    /// `settings`, as the parse cache kept them.
    pub fn from_cache(settings: String, files: Vec<(PathBuf, Stamp, Arc<Briefing>)>) -> Parsed {
        let files =
            files.into_iter().map(|(path, stamp, b)| (path.into_os_string(), Some((stamp, b)))).collect();
        Parsed { settings, files, walk_problems: Vec::new(), unread: Vec::new() }
    }

    /// The Markdown settings the briefings were rendered with.
    pub fn settings(&self) -> &str {
        &self.settings
    }

    /// Every briefing parsed, with its file (relative to the site root) and
    /// that file's stamp.
    pub fn briefings(&self) -> impl Iterator<Item = (&Path, &Stamp, &Arc<Briefing>)> {
        self.files
            .iter()
            .filter_map(|(path, entry)| entry.as_ref().map(|(stamp, b)| (Path::new(path), stamp, b)))
    }
}

/// Which briefing files a load looks at.
#[derive(Debug, Clone, Copy)]
pub enum Scan<'a> {
    /// Walk `content/briefings/` and check every file.
    Everything,
    /// Only these files (relative to the root) changed since the last load.
    Only(&'a [PathBuf]),
}

/// Loads every content file under `root`, reporting every broken one.
pub fn load(root: &Path, markdown: &Markdown) -> Outcome<Content> {
    let (content, problems, _) = load_reusing(root, markdown, &Parsed::default(), Scan::Everything);
    if problems.is_empty() { Ok(content) } else { Err(problems) }
}

/// [`load`], reusing the briefings of `earlier` whose files have not changed
/// (the preview server keeps them between saves). Returns what loaded (the
/// good files, even when others are broken), the problems, and what was
/// parsed this time, to reuse next time.
pub fn load_reusing(
    root: &Path,
    markdown: &Markdown,
    earlier: &Parsed,
    scan: Scan,
) -> (Content, Vec<Diagnostic>, Parsed) {
    if !root.join(BRIEFINGS_DIR).is_dir() {
        let missing = Diagnostic::new(BRIEFINGS_DIR, "this folder does not exist").help(format!(
            "is `{}` the site root? a site keeps one Markdown file per briefing under {BRIEFINGS_DIR}/",
            root.display()
        ));
        return (Content::default(), vec![missing], Parsed::default());
    }
    let settings = markdown.settings();
    let same = earlier.settings == settings;
    let empty = HashMap::new();
    let earlier_files = if same { &earlier.files } else { &empty };
    let (paths, walk_problems, unread, changed) = match scan {
        Scan::Only(changed) if same && !earlier.files.is_empty() => {
            let changed: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
            let mut paths: Vec<PathBuf> =
                earlier.files.keys().map(PathBuf::from).filter(|p| !changed.contains(p.as_path())).collect();
            paths.extend(changed.iter().filter(|p| root.join(p).is_file()).map(|p| p.to_path_buf()));
            (paths, earlier.walk_problems.clone(), earlier.unread.clone(), Some(changed))
        }
        _ => {
            let found = walk::find_all(root, BRIEFINGS_DIR, &MARKDOWN_EXTS, usize::MAX);
            let unread = not_in_a_bundle(found.others, &found.files);
            (found.files, found.problems, unread, None)
        }
    };
    // Bodies go to disk as they are parsed: a large site's bodies are most
    // of its size, and pages and feeds read each back when they need it.
    let spill = crate::spill::Spill::new();
    let parsed: Vec<(PathBuf, Result<Stamped, Diagnostic>)> = paths
        .into_par_iter()
        .map(|rel| {
            let before = earlier_files.get(rel.as_os_str()).and_then(Option::as_ref);
            // Files the watcher did not name are as they were.
            if let (Some(changed), Some((stamp, b))) = (&changed, before)
                && !changed.contains(rel.as_path())
            {
                return (rel, Ok((*stamp, Arc::clone(b))));
            }
            let stamp = stamp(&root.join(&rel)).unwrap_or(NEVER);
            if let Some((_, b)) = before.filter(|(s, _)| *s == stamp && stamp != NEVER) {
                return (rel, Ok((stamp, Arc::clone(b))));
            }
            let result = walk::read(root, &rel)
                .and_then(|source| briefing::parse(&source.path, &source.text, markdown))
                .map(|mut b| {
                    if let Some(spill) = &spill {
                        b.body_html.spill_into(spill);
                    }
                    (stamp, Arc::new(b))
                });
            (rel, result)
        })
        .collect();
    let mut problems = walk_problems.clone();
    let mut briefings = Vec::with_capacity(parsed.len());
    let mut files = HashMap::with_capacity(parsed.len());
    for (rel, result) in parsed {
        match result {
            Ok((stamp, b)) => {
                briefings.push(Arc::clone(&b));
                files.insert(rel.into_os_string(), Some((stamp, b)));
            }
            Err(d) => {
                problems.push(d);
                files.insert(rel.into_os_string(), None);
            }
        }
    }
    let reusable = Parsed { settings, files, walk_problems, unread: unread.clone() };
    let companies = load_profiles(root, COMPANIES_DIR, &mut problems);
    let topics = load_profiles(root, TOPICS_DIR, &mut problems);
    let authors = load_authors(root, markdown, &mut problems);
    (Content { briefings, companies, topics, authors, default_author: None, unread }, problems, reusable)
}

/// A briefing with the stamp of the file it was parsed from.
type Stamped = (Stamp, Arc<Briefing>);

const NEVER: Stamp = (std::time::UNIX_EPOCH, u64::MAX);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn load_profiles(root: &Path, dir: &str, problems: &mut Vec<Diagnostic>) -> Vec<Profile> {
    let (paths, found) = walk::find(root, dir, &["yaml", "yml"], 1);
    problems.extend(found);
    let parsed = paths
        .iter()
        .map(|rel| walk::read(root, rel).and_then(|s| profile::parse(&s.path, &s.text)))
        .collect();
    keep_ok(parsed, problems)
}

fn load_authors(root: &Path, markdown: &Markdown, problems: &mut Vec<Diagnostic>) -> Vec<Profile> {
    let (paths, found) = walk::find(root, AUTHORS_DIR, &["yaml", "yml"], 1);
    problems.extend(found);
    let in_static = |inside: &str| root.join(STATIC_DIR).join(inside).is_file();
    let parsed = paths
        .iter()
        .map(|rel| walk::read(root, rel).and_then(|s| author::parse(&s.path, &s.text, markdown, in_static)))
        .collect();
    keep_ok(parsed, problems)
}

fn keep_ok<T>(results: Vec<Result<T, Diagnostic>>, problems: &mut Vec<Diagnostic>) -> Vec<T> {
    let mut ok = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(d) => problems.push(d),
        }
    }
    ok
}

/// The files of `others` that are not the files of a briefing written as a
/// folder (`NAME/index.md` and what sits beside it, in any depth below).
fn not_in_a_bundle(others: Vec<PathBuf>, briefings: &[PathBuf]) -> Vec<PathBuf> {
    let bundles: Vec<&Path> = briefings.iter().filter_map(|p| briefing::bundle_folder(p)).collect();
    others.into_iter().filter(|f| !bundles.iter().any(|b| f.starts_with(b))).collect()
}
