//! Runs the search client's pure functions (templates/search.js) under Node
//! on the hand-written index in tests/search_js/, and on the index of a
//! generated corpus. Without `node` the tests say so in one line and pass,
//! unless the `CI` variable is set: then they fail.

mod common;

use std::process::Command;

use common::*;

/// Whether `node` runs; without it, skips (one line on stderr) or, under CI, fails.
fn node_available(test: &str) -> bool {
    match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => true,
        _ if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED {test}: `node` is not on PATH (CI installs it)");
            false
        }
        Ok(output) => panic!("{test}: `node --version` failed under CI: {}", output.status),
        Err(e) => panic!("{test}: `node` is required under CI: {e}"),
    }
}

#[test]
fn search_client_matches_ranks_and_filters() {
    let root = manifest_dir();
    let harness = root.join("tests").join("search_js").join("harness.js");
    if !node_available("search_client_matches_ranks_and_filters") {
        return;
    }
    let output = Command::new("node").arg(&harness).current_dir(&root).output().expect("cannot run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    if !stderr.is_empty() {
        eprintln!("{stderr}");
    }
    assert!(
        output.status.success(),
        "the search client harness failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}

/// The client on a real index: a 300-briefing generated corpus is built, and
/// every briefing must come first when searched by its exact title, and every
/// company filter must return exactly that company's briefings.
#[test]
fn search_client_finds_every_briefing_of_a_built_corpus() {
    if !node_available("search_client_finds_every_briefing_of_a_built_corpus") {
        return;
    }
    let site = TestSite::new("search-corpus");
    let options = generator::Options { drafts_every: 0, ..generator::Options::new(300) };
    generate_corpus_with(&options, site.root());
    let built = site.build(&["--future"]);
    let check = Command::new("node")
        .arg(manifest_dir().join("tests/search_js/real_index.js"))
        .arg(built.out())
        .output()
        .expect("cannot run node");
    let stdout = String::from_utf8_lossy(&check.stdout);
    println!("{stdout}");
    assert!(check.status.success(), "{stdout}{}", String::from_utf8_lossy(&check.stderr));
    assert!(stdout.contains("300 titles"), "{stdout}");
}
