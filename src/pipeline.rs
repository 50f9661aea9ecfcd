//! The build pipeline as a script of stage calls: load (config, content,
//! theme), model, catalogue and link check, preflight, write and swap. `check`
//! and `serve` reuse its stages; it refers to neither.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::state::{self, State};
use crate::cache::{self, hash::Fingerprint};
use crate::config::Config;
use crate::content::{self, Selection, markdown::Markdown};
use crate::error::{self, Diagnostic, Failure, Severity};
use crate::media;
use crate::output::{Catalogue, Item, Producer, Shard, Staging, guard};
use crate::render::Theme;
use crate::routes;
use crate::salvage;
use crate::site::{self, Site};
use rayon::iter::Either;
use rayon::prelude::*;

/// What `briefing build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    /// Whether an internal link that leads nowhere fails the build.
    pub links: LinkPolicy,
    /// Whether the build reuses the incremental state in `.briefing/`
    /// (`build`; not with `--no-cache`, nor for `check` and `serve`).
    pub incremental: bool,
    /// Build only this share of the output files (`--shard K/N`).
    pub shard: Option<Shard>,
    /// Whether the build writes what it parsed and the key of each page into
    /// the cache (`build`; not with `--no-cache`, which neither reads nor
    /// writes them, nor `check`, which writes nothing).
    pub writes_cache: bool,
    /// Whether the process ends once this build is done (`build`): the
    /// site's memory is then left for the operating system to reclaim at
    /// exit, which at 100,000 briefings is 0.7 s faster than freeing it
    /// piece by piece. Not for `serve`, whose builds follow one another.
    pub ends_process: bool,
}

/// What to do about internal links that lead nowhere (the link check of
/// [`site::links`]); every other problem fails a build whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LinkPolicy {
    /// They are errors: nothing is built (`build`, `check`).
    #[default]
    Refuse,
    /// They are warnings, and the site is built with them (`build
    /// --allow-broken-links`, and `serve`, to preview a site in progress).
    Warn,
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
    /// The broken internal links built anyway ([`LinkPolicy::Warn`]), as warnings.
    pub warnings: Vec<Diagnostic>,
    /// Files under `content/briefings/` that are not briefings and were not
    /// read, as the user can open them.
    pub unread: Vec<PathBuf>,
    /// Images made into their variants by this build, and images whose
    /// variants were in the cache (`.briefing/images/`).
    pub images_made: usize,
    pub images_cached: usize,
}

/// Times the stages of a build.
pub struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch::new()
    }
}

impl Stopwatch {
    pub fn new() -> Stopwatch {
        Stopwatch { last: Instant::now(), stages: Vec::new() }
    }

    /// Ends the stage `name`, which started when the previous one ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}

/// Builds the site at `opts.root` into its output folder, all or nothing.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    let shown_out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let mut report = run_build(opts, &shown_out, started)
        .map_err(|problems| Failure::new(shown_from(&opts.root, problems)))?;
    report.warnings = shown_from(&opts.root, std::mem::take(&mut report.warnings));
    Ok(report)
}

fn run_build(
    opts: &BuildOptions,
    shown_out: &Path,
    started: Instant,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let root = site_folder(&opts.root).map_err(|d| vec![d])?;
    let out = guard::absolute(shown_out);
    guard::check(&root, &out, shown_out).map_err(|d| vec![d])?;

    let mut clock = Stopwatch::new();
    let mut ready = prepare(&root, opts, &media::Cache::writing(&root), &mut clock)?;
    preflight(&ready)?;
    // Nothing is written before this point. From here until the new build
    // is swapped in, this build alone writes `out` and its siblings.
    let _lock = guard::lock(&out, shown_out).map_err(|d| vec![d])?;
    let staging = Staging::begin(&out, shown_out).map_err(|d| vec![d])?;
    let earlier = if opts.incremental { state::load(&root, &out, staging.live_marker()) } else { None };
    let keys = match write_all(&ready, &staging, opts.shard, earlier.as_ref(), opts.writes_cache) {
        Ok(keys) => keys,
        Err(problems) => {
            staging.abandon();
            return Err(problems);
        }
    };
    clock.lap("render and write");
    staging
        .commit(|marker| match opts.writes_cache {
            true => state::save(&root, &out, marker, &keys),
            false => {
                state::forget(&root, &out);
                Ok(())
            }
        })
        .map_err(|d| vec![d])?;
    if let Some(parsed) = ready.parsed.take() {
        parsed.commit();
    }
    clock.lap("swap in");
    let warnings = std::mem::take(&mut ready.broken_links);
    let report = BuildReport {
        briefings: ready.producer.site.briefings.len(),
        pages: ready.catalogue.pages(),
        static_files: ready
            .catalogue
            .files
            .iter()
            .filter(|(_, item)| matches!(item, Item::Static(_)))
            .count(),
        out: shown_out.to_path_buf(),
        elapsed: started.elapsed(),
        stages: clock.stages,
        images_made: ready.producer.media.counts.made,
        images_cached: ready.producer.media.counts.cached,
        warnings,
        unread: ready.producer.site.unread.iter().map(|p| shown_path(&opts.root, p)).collect(),
    };
    if opts.ends_process {
        std::mem::forget(ready);
    }
    Ok(report)
}

/// The absolute path of the site folder `root` (as given with `--root`),
/// which must exist.
pub fn site_folder(root: &Path) -> Result<PathBuf, Diagnostic> {
    let absolute = guard::absolute(root);
    let what = match std::fs::metadata(&absolute) {
        Ok(m) if m.is_dir() => return Ok(absolute),
        Ok(_) => "is not a folder",
        Err(_) => "does not exist",
    };
    Err(Diagnostic::flag("--root", format!("the site folder `{}` {what}", root.display()))
        .help("pass the folder that holds content/ with --root"))
}

/// A site loaded, modelled and checked, ready to make any of its files.
pub struct Ready {
    pub producer: Producer,
    pub catalogue: Catalogue,
    /// Internal links that lead nowhere, as warnings, sorted by place: always
    /// empty under [`LinkPolicy::Refuse`], which fails on them instead.
    pub broken_links: Vec<Diagnostic>,
    /// What this build parsed that the parse cache lacks, written under
    /// temporary names, to put in place once the build has succeeded (a
    /// failed build removes it); `None` when the command writes no cache.
    pub parsed: Option<cache::parsed::Staged>,
}

/// Loads the site at `root` (absolute) and checks everything short of
/// rendering: content, configuration, templates, links, images (processed
/// into `cache`, or only checked when it is read-only).
pub fn prepare(
    root: &Path,
    opts: &BuildOptions,
    cache: &media::Cache,
    clock: &mut Stopwatch,
) -> Result<Ready, Vec<Diagnostic>> {
    let (loaded, parsed) = load(root, opts);
    let (config, content, theme) = loaded?;
    clock.lap("load and parse");
    let mut ready = finish(root, opts, config, content, theme, cache, clock)?;
    ready.parsed = parsed;
    Ok(ready)
}

/// Models the loaded site, processes its images, lists its files and checks
/// its links; broken links fail it or come back as warnings, as
/// `opts.links` says. Image problems are reported with the broken links.
pub fn finish(
    root: &Path,
    opts: &BuildOptions,
    config: Config,
    content: content::Content,
    theme: Theme,
    cache: &media::Cache,
    clock: &mut Stopwatch,
) -> Result<Ready, Vec<Diagnostic>> {
    now().map_err(|d| vec![d])?;
    let selection = selection(opts);
    let all = site::links::file_link_targets(&content.briefings);
    // Kept to check links despite problems between files (then only).
    let backup = content.clone();
    let mut site = match Site::assemble(content, selection, config.timezone) {
        Ok(site) => site,
        Err(mut problems) => {
            problems.extend(salvage::links(root, &config, backup, theme, selection, &problems));
            return Err(problems);
        }
    };
    drop(backup);
    let routes = routes::Routes::new(&config, &site);
    let pending = site::pending::Pending::default();
    let mut broken = site::links::resolve_file_links(&mut site.briefings, &all, &routes, root, &pending);
    clock.lap("site model");
    let (media, mut image_problems) = media::prepare(root, &mut site.briefings, &routes, cache);
    clock.lap("images");
    let mut producer = Producer::with_routes(root, site, config, routes, theme);
    producer.media = media;
    let catalogue = producer.catalogue().map_err(|mut problems| {
        problems.append(&mut image_problems);
        problems
    })?;
    let exists = |path: &str| catalogue.get(path).is_some();
    broken.extend(site::links::check(&producer.site, &producer.routes, root, exists, &pending));
    if !image_problems.is_empty() {
        if opts.links == LinkPolicy::Refuse {
            image_problems.append(&mut broken);
        }
        image_problems.sort_by(|a, b| a.location.cmp(&b.location));
        return Err(image_problems);
    }
    let broken_links = match opts.links {
        LinkPolicy::Refuse if !broken.is_empty() => return Err(broken),
        LinkPolicy::Refuse => Vec::new(),
        LinkPolicy::Warn => {
            let mut warnings: Vec<Diagnostic> =
                broken.into_iter().map(|d| Diagnostic { severity: Severity::Warning, ..d }).collect();
            warnings.sort_by(|a, b| a.location.cmp(&b.location));
            warnings
        }
    };
    clock.lap("catalogue and links");
    Ok(Ready { producer, catalogue, broken_links, parsed: None })
}

/// Renders one page of each kind (and one redirect page and one email edition) before the staging
/// folder (which may be the recycled previous build) is touched, so a broken
/// template fails the build while everything on disk is as it was.
fn preflight(ready: &Ready) -> Result<(), Vec<Diagnostic>> {
    let mut seen = Vec::new();
    let problems: Vec<Diagnostic> = ready
        .catalogue
        .files
        .iter()
        .map(|(_, item)| item)
        .filter(|item| matches!(item, Item::Page(_) | Item::Alias(_) | Item::Email(..)))
        .filter(|item| {
            let kind = match item {
                Item::Page(page) => Some(Ok(std::mem::discriminant(page))),
                Item::Email(_, edition) => Some(Err(*edition)),
                _ => None,
            };
            !seen.contains(&kind) && {
                seen.push(kind);
                true
            }
        })
        .collect::<Vec<_>>()
        // Some kinds are long (the archive lists every briefing).
        .into_par_iter()
        .filter_map(|item| ready.producer.produce(item).err())
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Which briefings a build publishes, by the clock of [`now`] (the system
/// clock if `SOURCE_DATE_EPOCH` is unusable: [`finish`] reports that).
fn selection(opts: &BuildOptions) -> Selection {
    let now = now().unwrap_or_else(|_| chrono::Utc::now());
    Selection { drafts: opts.drafts, future: opts.future, now }
}

/// The build's "now": `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention) when it is set and not empty, else the
/// system clock. It decides which briefings are in the future and which are
/// recent enough for the News sitemap. A value that is not a whole number of
/// seconds is bad usage, as a flag's would be.
pub fn now() -> Result<chrono::DateTime<chrono::Utc>, Diagnostic> {
    const VAR: &str = "SOURCE_DATE_EPOCH";
    let Some(value) = std::env::var_os(VAR).filter(|v| !v.is_empty()) else {
        return Ok(chrono::Utc::now());
    };
    let text = value.to_string_lossy();
    text.trim().parse::<i64>().ok().and_then(|secs| chrono::DateTime::from_timestamp(secs, 0)).ok_or_else(
        || {
            Diagnostic::flag(VAR, format!("`{text}` is not a number of seconds since 1970-01-01"))
                .help("set it to a whole number such as 1718020800 (`date +%s`), or unset it")
        },
    )
}

/// A page's output path and key, for the incremental state.
type PageKey<'a> = (&'a str, Fingerprint);

/// Makes every file of the site (or of its shard) and hands it to
/// `staging`, in parallel; a page whose key is the one in `earlier` (the
/// incremental state of the current output) is kept instead of made.
/// Returns the key of every page, for the next build, when `keyed`.
fn write_all<'a>(
    ready: &'a Ready,
    staging: &Staging,
    shard: Option<Shard>,
    earlier: Option<&State>,
    keyed: bool,
) -> Result<Vec<PageKey<'a>>, Vec<Diagnostic>> {
    let mine = shard.map(|s| s.select(&ready.catalogue.files));
    // Keys and problems apart: a problem is much larger than a key, and
    // there is one result per file.
    let (keys, problems): (Vec<Option<PageKey>>, Vec<Diagnostic>) = ready
        .catalogue
        .files
        .par_iter()
        .enumerate()
        .filter(|(i, _)| mine.as_ref().is_none_or(|mine| mine[*i]))
        .map(|(_, (path, item))| {
            if item.named_by_content() && staging.keep(path) {
                return Ok(None);
            }
            let key = if keyed { ready.producer.key(item) } else { None };
            let unchanged = key.is_some() && earlier.and_then(|state| state.key(path)) == key;
            if !(unchanged && staging.keep_live(path)) {
                let (bytes, copy) = ready.producer.produce_with_copy(item)?;
                staging.write_from(path, &bytes, copy.as_deref())?;
            }
            Ok(key.map(|key| (path.as_str(), key)))
        })
        .partition_map(|result| match result {
            Ok(key) => Either::Left(key),
            Err(d) => Either::Right(d),
        });
    if problems.is_empty() { Ok(keys.into_iter().flatten().collect()) } else { Err(first_of_each(problems)) }
}

/// One diagnostic per distinct problem: a broken template fails every page
/// that uses it, and the writer needs to hear about it once.
pub fn first_of_each(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|d| seen.insert((d.location.clone(), d.message.clone())));
    problems
}

/// A site's settings, content and theme, read and validated.
pub type Loaded = (Config, content::Content, Theme);

/// Loads configuration, content and theme, reporting the problems of all
/// three. A build (`opts.incremental`) reuses the briefings of the parse
/// cache whose files are unchanged; a build that writes the cache gets back
/// what the cache lacks, written under temporary names, to put in place
/// once it has succeeded.
fn load(
    root: &Path,
    opts: &BuildOptions,
) -> (Result<Loaded, Vec<Diagnostic>>, Option<cache::parsed::Staged>) {
    let earlier = if opts.incremental { cache::parsed::load(root) } else { cache::parsed::Loaded::default() };
    let (loaded, parsed) = load_reusing(root, opts, &earlier.parsed, content::Scan::Everything);
    // What the cache lacks is written now, under temporary names, and put
    // in place once the build has succeeded.
    let staged = (opts.writes_cache && loaded.is_ok()).then(|| earlier.pending(parsed).stage(root));
    (loaded, staged)
}

/// [`load`], reusing unchanged briefings parsed earlier with the same
/// settings; also returns the briefings parsed, to reuse next time.
pub fn load_reusing(
    root: &Path,
    opts: &BuildOptions,
    earlier: &content::Parsed,
    scan: content::Scan,
) -> (Result<Loaded, Vec<Diagnostic>>, content::Parsed) {
    let config = Config::load(root, opts.base_url.as_deref());
    let fallback = Config::default();
    let theme = Theme::load(root);
    let reserved = theme.as_ref().map(|t| t.reserved_ids.clone()).unwrap_or_default();
    let markdown = Markdown::new(config.as_ref().unwrap_or(&fallback).markdown.clone()).reserving(reserved);
    let (mut content, mut problems, parsed) = content::load_reusing(root, &markdown, earlier, scan);
    content.default_author = config.as_ref().ok().and_then(|c| c.default_author.clone());
    // Briefings rendered with fallback settings are not worth keeping.
    let parsed = if config.is_ok() && theme.is_ok() { parsed } else { content::Parsed::default() };
    if !problems.is_empty() {
        // Problems between files (a slug used twice, an alias claimed twice)
        // are reported in the same run as broken files.
        // The time zone only groups the digest's weeks, which cannot fail.
        let site = Site::assemble(content.clone(), selection(opts), chrono_tz::Tz::UTC);
        problems.extend(site.err().into_iter().flatten());
    }
    let loaded = match (config, theme) {
        (Ok(c), Ok(t)) if problems.is_empty() => Ok((c, content, t)),
        (Ok(c), Ok(t)) => {
            // The good files' links, in the same run as the broken files.
            problems.extend(salvage::links(root, &c, content, t, selection(opts), &problems));
            Err(problems)
        }
        (c, t) => {
            problems.extend(c.err());
            problems.extend(t.err().into_iter().flatten());
            Err(problems)
        }
    };
    (loaded, parsed)
}

/// A path inside the site (relative to its root) as the user can open it:
/// prefixed with the root as the user gave it.
pub fn shown_path(root: &Path, path: &Path) -> PathBuf {
    let inside = ["content", "templates", "static", crate::config::CONFIG_FILE];
    let first = path.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let in_site = path.is_relative() && first.is_some_and(|f| inside.contains(&f.as_str()));
    if in_site && root != Path::new(".") && !root.as_os_str().is_empty() {
        root.join(path)
    } else {
        path.to_path_buf()
    }
}

/// Paths inside the site are reported relative to the site root; prefix
/// them with the root as the user gave it, so they can be opened from here.
pub fn shown_from(root: &Path, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        return problems;
    }
    let shown = |path: PathBuf| shown_path(root, &path);
    problems
        .into_iter()
        .map(|mut d| {
            if let error::Location::File { path, .. } = &mut d.location {
                *path = shown(std::mem::take(path));
            }
            d.other = d.other.take().map(&shown);
            d
        })
        .collect()
}
