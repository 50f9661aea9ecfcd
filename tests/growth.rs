//! Guards against a quadratic step: in the same run, 4,000 generated
//! briefings must build in at most 4.5 times the time of 1,000 (a quadratic
//! stage would take about 16 times). Each size is built twice and the faster
//! build counts, to keep noise from other work on the machine out.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

fn fastest_build(n: usize, tmp: &TempDir) -> Duration {
    let site = tmp.join(format!("site-{n}"));
    let generator = manifest_dir().join("../shared/bench/gen_corpus.py");
    let status = Command::new("python3")
        .arg(&generator)
        .args(["--n", &n.to_string(), "--out"])
        .arg(&site)
        .output()
        .expect("python3 runs the corpus generator");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    (0..2)
        .map(|run| {
            let out = tmp.join(format!("out-{n}-{run}"));
            let started = Instant::now();
            build(&site, &out, &["--future"]).success();
            started.elapsed()
        })
        .min()
        .expect("two builds")
}

#[test]
fn build_time_grows_linearly() {
    if Command::new("python3").arg("--version").output().is_err() && std::env::var_os("CI").is_none() {
        eprintln!("skipping: python3 is not installed (CI installs it)");
        return;
    }
    let tmp = TempDir::new("growth");
    let small = fastest_build(1000, &tmp);
    let large = fastest_build(4000, &tmp);
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    println!("1,000 briefings: {small:?}; 4,000 briefings: {large:?}; ratio {ratio:.2}");
    assert!(ratio <= 4.5, "4x the briefings took {ratio:.2}x the time: a stage grows faster than linearly");
}
