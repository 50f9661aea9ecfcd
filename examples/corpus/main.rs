//! `cargo run --release --example corpus -- --n N --out DIR [--seed S] [--format briefing|hugo]
//! [--authors A] [--images-every K]`:
//! the command line of the corpus generator (the generator is `generator/`).

#[allow(dead_code)]
mod generator;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};

use generator::{Format, MAX_BRIEFINGS, Options};

/// Writes a deterministic corpus of synthetic tech briefings, for tests and
/// benchmarks: the same arguments always give byte-identical files.
#[derive(Parser, Debug)]
#[command(name = "corpus")]
struct Args {
    /// How many briefings, 1 to 1,000,000.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=MAX_BRIEFINGS as u64))]
    n: u64,
    /// The site folder to write into (it must not hold a content/ folder yet).
    #[arg(long)]
    out: PathBuf,
    /// Another seed gives another corpus of the same shape.
    #[arg(long, default_value_t = 77)]
    seed: u64,
    /// `briefing` (this project's layout) or `hugo` (a Hugo site with config and layouts).
    #[arg(long, value_enum, default_value_t = FormatArg::Briefing)]
    format: FormatArg,
    /// How many companies [default: N/20, at least 80].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    companies: Option<u64>,
    /// How many topics [default: N/100, at least 45].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    topics: Option<u64>,
    /// One briefing in this many is a draft; 0 for none.
    #[arg(long, default_value_t = 50)]
    drafts_every: u64,
    /// How many authors write the bylines (one or two per briefing, every
    /// other one with a profile); 0 for none.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=generator::newsroom::MAX_AUTHORS as u64))]
    authors: u64,
    /// One briefing in this many is a folder with a hero photo (JPEG) and an
    /// inline chart (PNG), drawn by the generator; 0 for none. Not with `--format hugo`.
    #[arg(long, default_value_t = 0)]
    images_every: u64,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Briefing,
    Hugo,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let n = args.n as usize;
    let mut opts = Options::new(n);
    opts.seed = args.seed;
    opts.format = match args.format {
        FormatArg::Briefing => Format::Briefing,
        FormatArg::Hugo => Format::Hugo,
    };
    opts.companies = args.companies.map_or(opts.companies, |c| c as usize);
    opts.topics = args.topics.map_or(opts.topics, |t| t as usize);
    opts.drafts_every = usize::try_from(args.drafts_every).unwrap_or(usize::MAX);
    opts.authors = args.authors as usize;
    opts.images_every = usize::try_from(args.images_every).unwrap_or(usize::MAX);
    if opts.format == Format::Hugo && (opts.authors > 0 || opts.images_every > 0) {
        eprintln!(
            "error: --authors and --images-every: the Hugo format has neither; leave them out with --format hugo"
        );
        return ExitCode::from(2);
    }
    let started = Instant::now();
    match generator::generate(&opts, &args.out) {
        Ok(s) => {
            println!(
                "wrote {} briefing{} ({} drafts, {} with images), {} companies, {} topics, {} authors, {} profiles, {:.1} MB, into {} in {:.2} s",
                s.briefings,
                if s.briefings == 1 { "" } else { "s" },
                s.drafts,
                s.with_images,
                s.companies_with_drafts,
                s.topics_with_drafts,
                s.authors,
                s.profiles,
                s.bytes as f64 / 1e6,
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("corpus: error: {e}");
            ExitCode::FAILURE
        }
    }
}
