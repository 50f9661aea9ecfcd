//! Content loading: walk `content/`, split front matter, validate, render Markdown.

pub mod briefing;
pub mod date;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod profile;
pub mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

pub use briefing::{Briefing, Source};
pub use profile::Profile;

use crate::error::{Diagnostic, Outcome};
use markdown::Markdown;

pub const BRIEFINGS_DIR: &str = "content/briefings";
pub const COMPANIES_DIR: &str = "content/companies";
pub const TOPICS_DIR: &str = "content/topics";

/// Everything under `content/`, validated.
#[derive(Debug, Default)]
pub struct Content {
    /// Sorted by path. Shared, so `serve` can keep them between rebuilds.
    pub briefings: Vec<Arc<Briefing>>,
    pub companies: Vec<Profile>,
    pub topics: Vec<Profile>,
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
    briefings: HashMap<PathBuf, (Stamp, Arc<Briefing>)>,
}

/// Loads every content file under `root`, reporting every broken one.
pub fn load(root: &Path, markdown: &Markdown) -> Outcome<Content> {
    load_reusing(root, markdown, &Parsed::default()).0
}

/// [`load`], reusing the briefings of `earlier` whose files have not changed
/// (the preview server keeps them between saves). Also returns what was
/// parsed this time, to reuse next time.
pub fn load_reusing(root: &Path, markdown: &Markdown, earlier: &Parsed) -> (Outcome<Content>, Parsed) {
    if !root.join(BRIEFINGS_DIR).is_dir() {
        let missing = Diagnostic::new(BRIEFINGS_DIR, "this folder does not exist").help(format!(
            "is `{}` the site root? a site keeps one Markdown file per briefing under {BRIEFINGS_DIR}/",
            root.display()
        ));
        return (Err(vec![missing]), Parsed::default());
    }
    let (paths, mut problems) = walk::find(root, BRIEFINGS_DIR, &["md"], usize::MAX);
    let settings = markdown.settings();
    let earlier = if earlier.settings == settings { &earlier.briefings } else { &HashMap::new() };
    let parsed: Vec<Result<Entry, Diagnostic>> = paths
        .par_iter()
        .map(|rel| {
            let stamp = stamp(&root.join(rel));
            if let Some((_, b)) = earlier.get(rel).filter(|(s, _)| Some(*s) == stamp) {
                return Ok((rel.clone(), stamp.unwrap_or(NEVER), Arc::clone(b)));
            }
            let source = walk::read(root, rel)?;
            let b = briefing::parse(&source.path, &source.text, markdown)?;
            Ok((rel.clone(), stamp.unwrap_or(NEVER), Arc::new(b)))
        })
        .collect();
    let parsed = keep_ok(parsed, &mut problems);
    let briefings = parsed.iter().map(|(_, _, b)| Arc::clone(b)).collect();
    let reusable = Parsed {
        settings,
        briefings: parsed.into_iter().map(|(path, stamp, b)| (path, (stamp, b))).collect(),
    };
    let companies = load_profiles(root, COMPANIES_DIR, &mut problems);
    let topics = load_profiles(root, TOPICS_DIR, &mut problems);
    let content =
        if problems.is_empty() { Ok(Content { briefings, companies, topics }) } else { Err(problems) };
    (content, reusable)
}

/// A briefing parsed from a file, with the file's path and stamp.
type Entry = (PathBuf, Stamp, Arc<Briefing>);

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
