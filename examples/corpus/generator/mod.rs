//! The deterministic corpus generator for tests and benchmarks: `generate`
//! writes N synthetic briefings (and their company and topic profiles) as a
//! `briefing` site or as a Hugo site. The same options always give the same
//! bytes. Used by `examples/corpus/main.rs` and, through `#[path]`, by the
//! integration tests and benches, which generate corpora in-process.

pub mod body;
pub mod doc;
pub mod names;
pub mod newsroom;
pub mod parts;
pub mod plan;
pub mod real;
pub mod rng;
pub mod words;
pub mod write;

use std::io;
use std::path::Path;

use rayon::prelude::*;

use body::LinkStyle;
use doc::Corpus;
use names::Names;
use plan::{Stamp, Zipf};

/// The most briefings a corpus may have (their file names have six digits).
pub const MAX_BRIEFINGS: usize = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The project's own layout: `content/briefings/YYYY/*.md`, profiles.
    Briefing,
    /// The same briefings as a Hugo site, with the config and layouts of `bench/hugo-site/`.
    Hugo,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub n: usize,
    pub seed: u64,
    pub format: Format,
    pub companies: usize,
    pub topics: usize,
    /// Every this many briefings one is a draft (the last of each run); 0 for none.
    pub drafts_every: usize,
    /// How many authors write the briefings (bylines); 0 for none.
    pub authors: usize,
    /// Every this many briefings one is a folder with a hero photo and an
    /// inline chart; 0 for none.
    pub images_every: usize,
}

impl Options {
    /// `n` briefings with the default seed, mix of names and drafts.
    pub fn new(n: usize) -> Options {
        Options {
            n,
            seed: 77,
            format: Format::Briefing,
            companies: default_companies(n),
            topics: default_topics(n),
            drafts_every: 50,
            authors: 0,
            images_every: 0,
        }
    }
}

/// About one company per 20 briefings (5,000 for 100,000), at least 80.
pub fn default_companies(n: usize) -> usize {
    (n / 20).max(80)
}

/// About one topic per 100 briefings (1,000 for 100,000), at least 45.
pub fn default_topics(n: usize) -> usize {
    (n / 100).max(45)
}

/// What was written, and what a build of it should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub briefings: usize,
    pub drafts: usize,
    /// Companies and topics named by the briefings that are not drafts:
    /// the term pages of a build with `--future`.
    pub companies: usize,
    pub topics: usize,
    /// The same counting the drafts too (a build with `--drafts --future`).
    pub companies_with_drafts: usize,
    pub topics_with_drafts: usize,
    /// Authors named by the briefings that are not drafts: the author pages
    /// of a build with `--future`.
    pub authors: usize,
    /// Briefings written as a folder with a hero photo and a chart.
    pub with_images: usize,
    /// Profile files written (companies, topics and authors).
    pub profiles: usize,
    pub bytes: u64,
}

impl Summary {
    /// The briefings a build with `--future` (and without `--drafts`) publishes.
    pub fn published(&self) -> usize {
        self.briefings - self.drafts
    }
}

/// Writes the corpus of `opts` into `out`, which must not hold a `content/` folder yet.
pub fn generate(opts: &Options, out: &Path) -> io::Result<Summary> {
    if out.join("content").exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already holds a content/ folder: remove it or pick another --out", out.display()),
        ));
    }
    let names = Names::new(opts.seed, opts.companies.max(1), opts.topics.max(1));
    let corpus = plan_corpus(opts, &names);
    let mut summary = count(&corpus);
    summary.bytes = match opts.format {
        Format::Briefing => write_briefing_site(&corpus, out, &mut summary.profiles)?,
        Format::Hugo => write_hugo_site(&corpus, out)?,
    };
    Ok(summary)
}

/// Plans every briefing (in parallel) and decides which profiles are written.
pub fn plan_corpus<'a>(opts: &Options, names: &'a Names) -> Corpus<'a> {
    let n = opts.n.clamp(1, MAX_BRIEFINGS);
    let companies = Zipf::new(names.companies.len());
    let topics = Zipf::new(names.topics.len());
    let plans: Vec<_> = (0..n)
        .into_par_iter()
        .map(|i| plan::plan(opts.seed, i, n, opts.drafts_every, &companies, &topics))
        .collect();
    let mut company_profile = vec![false; names.companies.len()];
    let mut topic_profile = vec![false; names.topics.len()];
    for p in plans.iter().filter(|p| !p.draft) {
        p.companies.iter().for_each(|&c| company_profile[c] = names.companies[c].profiled);
        p.topics.iter().for_each(|&t| topic_profile[t] = names.topics[t].profiled);
    }
    let authors = newsroom::authors(opts.authors);
    let images_every = if opts.format == Format::Briefing { opts.images_every } else { 0 };
    Corpus { seed: opts.seed, names, plans, company_profile, topic_profile, authors, images_every }
}

/// The counts of a planned corpus (bytes and profiles are filled in by the writer).
fn count(corpus: &Corpus) -> Summary {
    let distinct = |with_drafts: bool, of: fn(&plan::Plan) -> &Vec<usize>, len: usize| {
        let mut seen = vec![false; len];
        for p in corpus.plans.iter().filter(|p| with_drafts || !p.draft) {
            of(p).iter().for_each(|&id| seen[id] = true);
        }
        seen.iter().filter(|&&s| s).count()
    };
    let (nc, nt) = (corpus.names.companies.len(), corpus.names.topics.len());
    Summary {
        briefings: corpus.plans.len(),
        drafts: corpus.plans.iter().filter(|p| p.draft).count(),
        companies: distinct(false, |p| &p.companies, nc),
        topics: distinct(false, |p| &p.topics, nt),
        companies_with_drafts: distinct(true, |p| &p.companies, nc),
        topics_with_drafts: distinct(true, |p| &p.topics, nt),
        authors: {
            let mut seen = vec![false; corpus.authors.len()];
            for (i, _) in corpus.plans.iter().enumerate().filter(|(_, p)| !p.draft) {
                newsroom::byline(corpus.seed, i, seen.len()).into_iter().for_each(|a| seen[a] = true);
            }
            seen.iter().filter(|&&s| s).count()
        },
        with_images: (0..corpus.plans.len())
            .filter(|&i| newsroom::has_images(i, corpus.images_every))
            .count(),
        profiles: 0,
        bytes: 0,
    }
}

fn write_briefing_site(corpus: &Corpus, out: &Path, profiles: &mut usize) -> io::Result<u64> {
    let mut years: Vec<i64> = corpus.plans.iter().map(|p| Stamp::at(p.minutes).year).collect();
    years.dedup();
    for year in &years {
        write::folder(out, &format!("content/briefings/{year}"))?;
    }
    let mut bytes = 0;
    for (dir, terms, written) in [
        ("companies", &corpus.names.companies, &corpus.company_profile),
        ("topics", &corpus.names.topics, &corpus.topic_profile),
    ] {
        write::folder(out, &format!("content/{dir}"))?;
        for term in terms.iter().zip(written).filter(|(_, w)| **w).map(|(t, _)| t) {
            let rel = Path::new("content").join(dir).join(format!("{}.yaml", term.slug));
            bytes += write::put(out, &rel, &write::profile_text(term))?;
            *profiles += 1;
        }
    }
    if corpus.authors.iter().any(|a| a.profiled) {
        write::folder(out, "content/authors")?;
    }
    for author in corpus.authors.iter().filter(|a| a.profiled) {
        let rel = Path::new("content/authors").join(format!("{}.yaml", author.slug));
        bytes += write::put(out, &rel, &newsroom::profile_text(author))?;
        *profiles += 1;
    }
    let briefings: io::Result<u64> = (0..corpus.plans.len())
        .into_par_iter()
        .map(|i| {
            let doc = corpus.doc(i, LinkStyle::File, false);
            if !doc.images {
                return write::put(out, &write::briefing_path(doc.year, i), &write::briefing_text(&doc));
            }
            let dir = write::folder_path(doc.year, i);
            write::folder(out, &dir.to_string_lossy())?;
            let hero = newsroom::hero_jpeg(corpus.seed, i);
            let chart = newsroom::chart_png(corpus.seed, i);
            write::put_bytes(out, &dir.join("hero.jpg"), &hero)?;
            write::put_bytes(out, &dir.join("chart.png"), &chart)?;
            let text = write::put(out, &dir.join("index.md"), &write::briefing_text(&doc))?;
            Ok(text + (hero.len() + chart.len()) as u64)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b));
    Ok(bytes + briefings?)
}

fn write_hugo_site(corpus: &Corpus, out: &Path) -> io::Result<u64> {
    write::folder(out, "content/briefings")?;
    write::folder(out, "layouts")?;
    let mut bytes = 0;
    for (rel, text) in write::HUGO_SITE {
        bytes += write::put(out, Path::new(rel), text)?;
    }
    let briefings: io::Result<u64> = (0..corpus.plans.len())
        .into_par_iter()
        .map(|i| {
            let doc = corpus.doc(i, LinkStyle::Url, true);
            write::put(out, &write::hugo_path(i), &write::hugo_text(&doc))
        })
        .try_reduce(|| 0, |a, b| Ok(a + b));
    Ok(bytes + briefings?)
}
