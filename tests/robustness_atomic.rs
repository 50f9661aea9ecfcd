//! Atomicity: a build that fails half way (bad content, a template error
//! while pages are being written, a static file in the way) leaves the
//! previous output byte-identical; a build killed with SIGKILL while it
//! writes leaves either the old or the new complete build, never a mix, and
//! the next build succeeds; pages of deleted briefings disappear. Builds
//! started at the same moment into one output folder take turns: one
//! writes, the others say which process holds the folder and change nothing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::*;

/// A site of `n` briefings across a few companies and topics, so that a
/// build writes a few hundred pages.
fn briefings(label: &str, n: usize) -> TestSite {
    TestSite::new(label).files((0..n).map(|i| {
        (
            format!("content/briefings/{}/b{i:03}.md", 2020 + i % 4),
            format!(
                "---\ntitle: Briefing {i}\ndate: {}-{:02}-{:02}\ncompanies: [Company {}]\ntopics: [Topic {}]\nkey_highlights:\n  - Highlight {i}.\n---\nBody of {i}.\n\n## Section\n\nMore.\n",
                2020 + i % 4,
                1 + i % 12,
                1 + i % 28,
                i % 7,
                i % 5
            ),
        )
    }))
}

/// A site of `n` briefings built twice (so `.out.old` exists too), then changed.
fn built_twice(label: &str, n: usize) -> TestSite {
    let site = briefings(label, n);
    site.build(&["--drafts"]);
    site.build(&[]);
    site.write("content/briefings/2021/b001.md", "---\ntitle: Changed since\ndate: 2021-02-02\n---\nNew.\n");
    site
}

/// Everything beside the site: the output folder and its `.out.*` siblings.
fn outputs(site: &TestSite) -> Digest {
    let mut all = digest(site.tmp());
    all.retain(|p, _| !p.starts_with("site"));
    all
}

#[test]
fn failing_builds_leave_the_previous_output_byte_identical() {
    let site = built_twice("atomic-fail", 60);
    let before = outputs(&site);
    let out_before = digest(site.out());

    // (what, file to add, its text, expected in the report)
    let failures: [(&str, &str, &str, &str); 4] = [
        (
            "bad content",
            "content/briefings/2024/zz-bad.md",
            "---\ntitle: Bad\ndate: 2024-02-30\n---\n",
            "zz-bad.md:3:7",
        ),
        (
            // Fails on one page only, after others were written to staging.
            "a template error half way",
            "templates/briefing.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ briefing.title }}</h1>\n{% if briefing.slug == \"b030\" %}{{ briefing.nope.deeper }}{% endif %}\n{% endblock content %}\n",
            "templates/briefing.html:4:",
        ),
        (
            "a static file in the way of a page",
            "static/briefings/b010/index.html",
            "<p>mine</p>",
            "static/briefings/b010/index.html",
        ),
        (
            "a broken template",
            "templates/partials/card.html",
            "{{ card.title \n",
            "templates/partials/card.html:1:",
        ),
    ];
    for (what, rel, text, expected) in failures {
        site.write(rel, text);
        let run = site.try_build(&[]);
        assert_eq!(run.code, Some(1), "{what}: expected a failure\n{}", run.stderr);
        assert!(run.stderr.contains(expected), "{what}: expected {expected:?} in\n{}", run.stderr);
        assert_unchanged(&out_before, &digest(site.out()), &format!("{what}: the output folder"));
        // Nothing is left beside it (a build that fails half way may have
        // recycled the rollback `.out.old` as its staging folder).
        let after = outputs(&site);
        let extra: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
        assert!(extra.is_empty(), "{what}: left behind: {extra:?}");
        site.remove(rel);
    }
    // The fixed site builds.
    site.build(&[]);
}

/// A failed build changes nothing, so the previous build kept as `.out.old`
/// (the one-step rollback) is still there after it.
#[test]
fn a_failing_build_keeps_the_rollback() {
    let site = built_twice("atomic-rollback", 10);
    let before = outputs(&site);
    assert!(
        site.tmp().join(".out.old/.briefing-output").is_file(),
        "the second build kept the first as .out.old"
    );
    site.write(
        "templates/briefing.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ briefing.nope.deeper }}\n{% endblock content %}\n",
    );
    site.build_fails();
    assert_unchanged(&before, &outputs(&site), "a failed build, in the output or its rollback");
}

#[test]
fn pages_of_deleted_and_renamed_briefings_disappear() {
    let site = briefings("atomic-stale", 25)
        .file(
            "content/briefings/solo.md",
            "---\ntitle: Solo\ndate: 2024-06-01\ncompanies: [Lonely Corp]\ntopics: [Lonely Topic]\n---\nAlone.\n",
        )
        .file("static/files/old.txt", "old");
    let out = site.build(&[]).out().to_path_buf();
    for page in [
        "briefings/solo/index.html",
        "companies/lonely-corp/atom.xml",
        "topics/lonely-topic/index.html",
        "page/3/index.html",
        "files/old.txt",
        "briefings/b003/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} before");
    }

    site.remove("content/briefings/solo.md");
    site.remove("static/files/old.txt");
    for i in 10..25 {
        site.remove(&format!("content/briefings/{}/b{i:03}.md", 2020 + i % 4));
    }
    site.write(
        "content/briefings/2023/b003.md",
        "---\ntitle: Renamed\ndate: 2023-04-04\nslug: renamed\n---\nBody.\n",
    );
    site.build(&[]);
    for gone in [
        "briefings/solo",
        "companies/lonely-corp",
        "topics/lonely-topic",
        "page/2",
        "files",
        "briefings/b003",
        "briefings/b024",
    ] {
        assert!(!out.join(gone).exists(), "{gone} is stale");
    }
    assert!(out.join("briefings/renamed/index.html").is_file());

    let fresh = site.build_into(&site.tmp().join("fresh"), &[]);
    let diff = digest_diff(&digest(fresh.out()), &digest(&out));
    assert!(diff.is_empty(), "a rebuild differs from a fresh build:\n{diff}");
}

// ---------------------------------------------------------------------------
// Killed while writing
// ---------------------------------------------------------------------------

/// How many entries `dir/briefings` holds (0 when it does not exist yet).
fn briefing_dirs(dir: &Path) -> usize {
    fs::read_dir(dir.join("briefings")).map(|d| d.count()).unwrap_or(0)
}

/// Starts `build`, waits until `ready` says so (or `deadline` passes), then
/// SIGKILLs it. Returns whether `ready` was reached.
fn kill_when(build: Invocation, ready: impl Fn() -> bool, deadline: Duration) -> bool {
    let mut child = build.spawn();
    let started = Instant::now();
    let mut reached = false;
    while started.elapsed() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if ready() {
            reached = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert!(status.code().is_none() || reached, "the build finished before it could be killed: {status}");
    reached
}

/// The output folder holds a previous build (of 30 of the briefings); a
/// build of a ~3000-briefing generated site into it is SIGKILLed once while
/// it reads the content and once while it writes its staging folder. Each
/// time the output folder is exactly the old build or exactly the new one;
/// the next build succeeds and cleans up after the killed one.
#[test]
fn a_build_killed_while_writing_leaves_the_old_or_the_new_build() {
    let site = TestSite::new("atomic-kill");
    let corpus = generate_corpus(3000, site.root());
    let small = site.tmp().join("small");
    for rel in corpus_files(site.root()).iter().take(30) {
        write(&small, &rel.to_string_lossy(), fs::read(site.path(rel)).unwrap());
    }
    let out = site.out();
    build(&small, out, &["--future"]).success();
    let old = digest(out);

    let build = || site.build_command(&["--future"]);
    let staging = site.tmp().join(".out.staging");

    // Killed early, before anything is staged.
    kill_when(build(), || false, Duration::from_millis(300));
    let diff = digest_diff(&old, &digest(out));
    assert!(diff.is_empty(), "killed while reading, the output changed:\n{diff}");

    // Killed while pages are being written.
    let reached = kill_when(build(), || briefing_dirs(&staging) >= 1000, Duration::from_secs(100));
    assert!(reached, "the build never got to writing 1000 briefing pages");
    assert!(
        staging.join(".briefing-output").is_file(),
        "the build was killed with its staging folder half written"
    );
    let killed = digest(out);
    let was_old = digest_diff(&old, &killed).is_empty();

    // The next build succeeds, and cleans the leftovers of the killed one.
    let built = site.build(&["--future"]);
    assert!(
        !staging.exists() && !site.tmp().join(".out.trash").exists(),
        "leftovers of the killed build remain"
    );
    let new = digest(out);
    assert_eq!(built.briefings().len(), corpus.published());
    if !was_old {
        let diff = digest_diff(&new, &killed);
        assert!(
            diff.is_empty(),
            "killed mid-write, the output is neither the old nor the new build:\n{diff}"
        );
    }
}

// ---------------------------------------------------------------------------
// Builds at the same moment
// ---------------------------------------------------------------------------

/// Four builds of one 300-briefing site into one output folder, started at
/// the same moment (a barrier), three times over. Each round: at least one
/// build succeeds; every other exits 1 saying that another build, with the
/// process id of one that succeeded, is writing the output folder, which it
/// names; no staging folder is left; the output is exactly a fresh build.
#[test]
fn builds_started_at_once_into_one_folder_take_turns() {
    const BUILDS: usize = 4;
    let site = briefings("atomic-concurrent", 300);
    let expected = digest(site.build_into(&site.tmp().join("fresh"), &[]).out());
    let out = site.out();
    let mut refused = 0;
    for round in 1..=3 {
        let barrier = Arc::new(Barrier::new(BUILDS));
        let builds: Vec<_> = (0..BUILDS)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                let build = site.build_command(&[]);
                std::thread::spawn(move || {
                    barrier.wait();
                    let child = build.spawn();
                    let pid = child.id();
                    let output = child.wait_with_output().expect("cannot wait for briefing");
                    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                    (pid, output.status.code(), stderr)
                })
            })
            .collect();
        let runs: Vec<(u32, Option<i32>, String)> =
            builds.into_iter().map(|b| b.join().expect("a build thread panicked")).collect();
        let winners: Vec<u32> = runs.iter().filter(|(_, code, _)| *code == Some(0)).map(|r| r.0).collect();
        assert!(!winners.is_empty(), "round {round}: no build succeeded: {runs:#?}");
        eprintln!("round {round}: {} of {BUILDS} builds succeeded", winners.len());
        for (pid, code, stderr) in runs.iter().filter(|(_, code, _)| *code != Some(0)) {
            assert_eq!(*code, Some(1), "round {round}: build {pid} failed in another way:\n{stderr}");
            let holder = stderr
                .split("another build (process ")
                .nth(1)
                .and_then(|rest| rest.split(')').next())
                .and_then(|id| id.parse::<u32>().ok());
            assert!(
                holder.is_some_and(|h| winners.contains(&h)),
                "round {round}: build {pid} should name the build that holds the folder, one of {winners:?}:\n{stderr}"
            );
            assert!(
                stderr.starts_with(&format!("error: {}: ", out.display())),
                "round {round}: the refusal names the output folder:\n{stderr}"
            );
            refused += 1;
        }
        assert!(!site.tmp().join(".out.staging").exists(), "round {round}: a staging folder was left behind");
        let diff = digest_diff(&expected, &digest(out));
        assert!(diff.is_empty(), "round {round}: the output is not a complete build:\n{diff}");
        assert_eq!(
            fs::read(site.tmp().join(".out.lock")).unwrap(),
            b"",
            "round {round}: the lock file is emptied"
        );
    }
    assert!(refused > 0, "the builds never overlapped, so nothing was tested");
}
