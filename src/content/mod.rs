//! Content loading: walk `content/`, split front matter, validate, render Markdown.

pub mod briefing;
pub mod date;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod profile;
pub mod walk;

use std::path::Path;

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
    /// Sorted by path.
    pub briefings: Vec<Briefing>,
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

/// Loads every content file under `root`, reporting every broken one.
pub fn load(root: &Path, markdown: &Markdown) -> Outcome<Content> {
    if !root.join(BRIEFINGS_DIR).is_dir() {
        return Err(vec![Diagnostic::new(BRIEFINGS_DIR, "this folder does not exist").help(format!(
            "is `{}` the site root? a site keeps one Markdown file per briefing under {BRIEFINGS_DIR}/",
            root.display()
        ))]);
    }
    let (paths, mut problems) = walk::find(root, BRIEFINGS_DIR, &["md"], usize::MAX);
    let parsed: Vec<Result<Briefing, Diagnostic>> = paths
        .par_iter()
        .map(|rel| {
            let source = walk::read(root, rel)?;
            briefing::parse(&source.path, &source.text, markdown)
        })
        .collect();
    let briefings = keep_ok(parsed, &mut problems);
    let companies = load_profiles(root, COMPANIES_DIR, &mut problems);
    let topics = load_profiles(root, TOPICS_DIR, &mut problems);
    if problems.is_empty() { Ok(Content { briefings, companies, topics }) } else { Err(problems) }
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
