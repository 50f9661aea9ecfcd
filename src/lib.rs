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
use output::{Staging, guard};
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
    let site = Site::assemble(content, selection)?;
    clock.lap("site model");

    let staging = Staging::begin(&out, shown_out).map_err(|d| vec![d])?;
    let (pages, static_files) = match write_site(&root, &site, &config, theme, &staging, &mut clock) {
        Ok(counts) => counts,
        Err(problems) => {
            staging.abandon();
            return Err(problems);
        }
    };
    staging.commit().map_err(|d| vec![d])?;
    clock.lap("swap in");
    Ok(BuildReport {
        briefings: site.briefings.len(),
        pages,
        static_files,
        out: shown_out.to_path_buf(),
        elapsed: started.elapsed(),
        stages: clock.stages,
    })
}

/// Renders pages, feeds, sitemap and search index, and copies static files,
/// into the staging folder. Returns the page and static file counts.
fn write_site(
    root: &Path,
    site: &Site,
    config: &Config,
    theme: Theme,
    staging: &Staging,
    clock: &mut Stopwatch,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let urls = render::Prepared::new(site, config);
    let pages = render::render_site(site, config, &urls, theme, staging)?;
    clock.lap("render and write pages");
    output::feeds::write(site, config, &urls, staging)?;
    clock.lap("feeds");
    output::sitemap::write(site, config, &urls, staging)?;
    clock.lap("sitemap");
    output::search::write(site, &urls, staging)?;
    clock.lap("search index");
    let static_files = output::copy_static(root, staging)?;
    clock.lap("static files");
    Ok((pages, static_files))
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
