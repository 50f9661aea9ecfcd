//! Runs the search client's pure functions (templates/search.js) under Node
//! on the hand-written index in tests/search_js/; skipped without `node`.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

#[test]
fn search_client_matches_ranks_and_filters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = root.join("tests").join("search_js").join("harness.js");
    let output = match Command::new("node").arg(&harness).current_dir(root).output() {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("skipping the search client test: `node` is not on PATH (CI installs it)");
            return;
        }
        Err(e) => panic!("could not run node: {e}"),
    };
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("CI").is_none()
        && (Command::new("node").arg("--version").output().is_err()
            || Command::new("python3").arg("--version").output().is_err())
    {
        eprintln!("skipping: node or python3 is not on PATH (CI installs them)");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("briefing-search-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let generator = root.join("../shared/bench/gen_corpus.py");
    let site = tmp.join("site");
    let generated = Command::new("python3")
        .arg(&generator)
        .args(["--n", "300", "--out"])
        .arg(&site)
        .output()
        .expect("cannot run python3");
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let out = tmp.join("out");
    let built = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--future", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("cannot run briefing");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let check = Command::new("node")
        .arg(root.join("tests/search_js/real_index.js"))
        .arg(&out)
        .output()
        .expect("cannot run node");
    let stdout = String::from_utf8_lossy(&check.stdout);
    println!("{stdout}");
    assert!(check.status.success(), "{stdout}{}", String::from_utf8_lossy(&check.stderr));
    assert!(stdout.contains("300 titles"), "{stdout}");
    let _ = std::fs::remove_dir_all(&tmp);
}
