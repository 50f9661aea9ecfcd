//! A microbenchmark per stage of the build, on a generated corpus:
//! `cargo bench --bench stages` (set `BENCH_N` for the corpus size, default
//! 2000). Each stage runs several times; the median and the fastest run are
//! printed. The stages are the library's own: reading files, Markdown,
//! parsing whole briefings, the site model, rendering every file in memory,
//! and writing them.

#[allow(dead_code)]
#[path = "../examples/corpus/generator/mod.rs"]
mod generator;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use briefing::config::Config;
use briefing::content::markdown::Markdown;
use briefing::content::{self, Selection, frontmatter};
use briefing::output::Producer;
use briefing::render::Theme;
use briefing::site::Site;
use briefing::walk;
use rayon::prelude::*;

const RUNS: usize = 7;

fn main() {
    let n: usize = std::env::var("BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let root = corpus(n);
    let config = Config::load(&root, None).expect("config");
    let markdown = Markdown::new(config.markdown.clone());
    println!("stages on {n} generated briefings ({RUNS} runs each; median, fastest):");

    let (paths, _) = walk::find(&root, content::BRIEFINGS_DIR, &["md"], usize::MAX);
    let texts: Vec<String> = measure("read files", || {
        paths.par_iter().map(|p| walk::read(&root, p).expect("readable").text).collect()
    });
    let bodies: Vec<String> = texts
        .iter()
        .map(|t| frontmatter::split(&walk::normalize(t)).expect("front matter").body.to_string())
        .collect();
    measure("markdown bodies", || bodies.par_iter().map(|b| markdown.body(b).html.len()).sum::<usize>());
    let loaded = measure("load and parse", || content::load(&root, &markdown).expect("content"));
    let selection = Selection { drafts: false, future: true, now: chrono::Utc::now() };
    let site =
        measure("site model", || Site::assemble(loaded.clone(), selection, config.timezone).expect("site"));
    let theme = Theme::load(&root).expect("theme");
    let producer = Producer::new(&root, site, config, theme);
    let catalogue = producer.catalogue().expect("catalogue");
    let files: Vec<(String, Vec<u8>)> = measure("render all files", || {
        catalogue
            .files
            .par_iter()
            .map(|(path, item)| (path.clone(), producer.produce(item).expect("renders")))
            .collect()
    });
    let scratch = std::env::temp_dir().join(format!("briefing-bench-write-{}", std::process::id()));
    let mut run = 0;
    measure("write all files", || {
        run += 1;
        let out = scratch.join(run.to_string());
        files.par_iter().for_each(|(path, bytes)| {
            let file = out.join(path);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
            std::fs::write(file, bytes).expect("write");
        });
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let _ = std::fs::remove_dir_all(&root);
    println!(
        "({} files, {:.0} MB)",
        files.len(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6
    );
}

/// Runs `stage` RUNS times, prints the median and the fastest, returns the last result.
fn measure<T>(name: &str, mut stage: impl FnMut() -> T) -> T {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        let result = stage();
        times.push(started.elapsed());
        last = Some(result);
    }
    times.sort();
    println!("  {name:<20} {:>9.1} ms {:>9.1} ms", ms(times[RUNS / 2]), ms(times[0]));
    last.expect("ran at least once")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A fresh generated corpus of `n` briefings (`examples/corpus`, in-process;
/// a second or so even for 100,000).
fn corpus(n: usize) -> PathBuf {
    let root = std::env::temp_dir().join(format!("briefing-bench-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let summary = generator::generate(&generator::Options::new(n), &root).expect("the corpus is written");
    println!("generated {} briefings ({} drafts) into {}", summary.briefings, summary.drafts, root.display());
    root
}
