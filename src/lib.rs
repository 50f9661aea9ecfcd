//! `briefing`: a static site generator for tech briefings.
//!
//! One pipeline, each stage a function of the one before:
//! `site.yaml` -> [`Config`]; `content/` -> [`content::Content`] -> [`Site`];
//! `templates/` + built-ins -> [`render::Theme`]; pages -> [`output::Staging`] -> swap.

pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod output;
pub mod render;
pub mod site;
pub mod slug;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::Config;
use content::Selection;
use content::markdown::Markdown;
pub use error::{Diagnostic, Failure};
use output::{Item, Producer, Staging, guard};
use rayon::prelude::*;
use render::Theme;
pub use site::Site;

/// What `briefing build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub briefings: usize,
    pub pages: usize,
    pub static_files: usize,
    pub out: PathBuf,
    pub elapsed: Duration,
    /// Wall time of each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build.
struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new() -> Stopwatch {
        Stopwatch { last: Instant::now(), stages: Vec::new() }
    }

    /// Ends the stage `name`, which started when the previous one ended.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}

/// Builds the site at `opts.root` into its output folder, all or nothing.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    let shown_out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    run_build(opts, &shown_out, started).map_err(|problems| Failure::new(shown_from(&opts.root, problems)))
}

fn run_build(
    opts: &BuildOptions,
    shown_out: &Path,
    started: Instant,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let root = guard::absolute(&opts.root);
    if !root.is_dir() {
        return Err(vec![
            Diagnostic::new(&opts.root, "the site folder does not exist")
                .help("pass the folder that holds content/ with --root"),
        ]);
    }
    let out = guard::absolute(shown_out);
    guard::check(&root, &out, shown_out).map_err(|d| vec![d])?;

    let mut clock = Stopwatch::new();
    let (config, content, theme) = load(&root, opts)?;
    clock.lap("load and parse");
    let now = chrono::Utc::now();
    let selection = Selection { drafts: opts.drafts, future: opts.future, now };
    let site = Site::assemble(content, selection, &config.base_path)?;
    clock.lap("site model");

    let staging = Staging::begin(&out, shown_out).map_err(|d| vec![d])?;
    let briefings = site.briefings.len();
    let (pages, static_files) = match write_site(&root, site, config, theme, &staging, &mut clock) {
        Ok(counts) => counts,
        Err(problems) => {
            staging.abandon();
            return Err(problems);
        }
    };
    staging.commit().map_err(|d| vec![d])?;
    clock.lap("swap in");
    Ok(BuildReport {
        briefings,
        pages,
        static_files,
        out: shown_out.to_path_buf(),
        elapsed: started.elapsed(),
        stages: clock.stages,
    })
}

/// Makes every file of the site into the staging folder, in parallel.
/// Returns the page and static file counts.
fn write_site(
    root: &Path,
    site: Site,
    config: Config,
    theme: Theme,
    staging: &Staging,
    clock: &mut Stopwatch,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let producer = Producer::new(root, site, config, theme);
    let catalogue = producer.catalogue()?;
    let broken = site::links::check(&producer.site, |path| catalogue.get(path).is_some());
    if !broken.is_empty() {
        return Err(broken);
    }
    clock.lap("catalogue and links");
    let problems: Vec<Diagnostic> = catalogue
        .files
        .par_iter()
        .filter_map(|(path, item)| producer.produce(item).and_then(|bytes| staging.write(path, &bytes)).err())
        .collect();
    clock.lap("render and write");
    if !problems.is_empty() {
        return Err(first_of_each(problems));
    }
    let statics = catalogue.files.iter().filter(|(_, item)| matches!(item, Item::Static(_))).count();
    Ok((catalogue.pages(), statics))
}

/// One diagnostic per distinct problem: a broken template fails every page
/// that uses it, and the writer needs to hear about it once.
fn first_of_each(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|d| seen.insert((d.path.clone(), d.position, d.message.clone())));
    problems
}

/// Loads configuration, content and theme, reporting the problems of all three.
fn load(root: &Path, opts: &BuildOptions) -> Result<(Config, content::Content, Theme), Vec<Diagnostic>> {
    let config = Config::load(root, opts.base_url.as_deref());
    let fallback = Config::default();
    let theme = Theme::load(root);
    let reserved = theme.as_ref().map(|t| t.reserved_ids.clone()).unwrap_or_default();
    let markdown = Markdown::new(config.as_ref().unwrap_or(&fallback).markdown.clone()).reserving(reserved);
    let content = content::load(root, &markdown);
    match (config, content, theme) {
        (Ok(c), Ok(s), Ok(t)) => Ok((c, s, t)),
        (c, s, t) => {
            let mut problems: Vec<Diagnostic> = c.err().into_iter().collect();
            problems.extend(s.err().into_iter().flatten());
            problems.extend(t.err().into_iter().flatten());
            Err(problems)
        }
    }
}

/// Paths inside the site are reported relative to the site root; prefix
/// them with the root as the user gave it, so they can be opened from here.
fn shown_from(root: &Path, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        return problems;
    }
    let inside = ["content", "templates", "static", config::CONFIG_FILE];
    let shown = |path: PathBuf| -> PathBuf {
        let first = path.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        if path.is_relative() && first.is_some_and(|f| inside.contains(&f.as_str())) {
            root.join(path)
        } else {
            path
        }
    };
    problems
        .into_iter()
        .map(|mut d| {
            d.path = shown(std::mem::take(&mut d.path));
            d.other = d.other.take().map(&shown);
            d
        })
        .collect()
}
