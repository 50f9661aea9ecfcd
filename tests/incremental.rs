//! Incremental builds and sharded builds (issue 12), black box: after random
//! edits an incremental build equals a clean `--no-cache` build file for
//! file; a build killed at any moment leaves a cache that builds right; two
//! builds at once share the cache safely; three shards copied together are
//! the full build; bad `--shard` values are usage errors.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use proptest::prelude::*;

use common::*;

/// The output folder's marker: it lists the files, so it differs between
/// builds and between shards; every comparison leaves it out.
const MARKER: &str = ".briefing-output";
/// A fixed "now" (2025-01-01), so two builds of one site see the same clock.
const EPOCH: &str = "1735689600";
const BASE_URL: &str = "https://example.org/briefs/";
/// Made-up company names, unknown to the generator: companies the edits add
/// and the aliases they give profiles (a name becomes an alias at most once).
const POOL: [&str; 4] = ["Zyqora Labs", "Quenvix Systems", "Blorptech", "Vantrazu Micro"];
/// Changes to the built-in templates: (file under `templates/`, text, replacement).
const TEMPLATE_EDITS: [(&str, &str, &str); 3] = [
    ("partials/footer.html", "Published with briefing.", "Published with briefing, edit STEP."),
    ("briefing.html", "<h1 class=\"briefing-title\">", "<h1 class=\"briefing-title\" data-edit=\"STEP\">"),
    ("partials/card.html", " min read</span>", " min read, edit STEP</span>"),
];

/// An output folder's files, without the marker.
type Tree = BTreeMap<PathBuf, Vec<u8>>;

// ---------------------------------------------------------------- the tests

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 4,
        max_shrink_iters: 8,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_builds_equal_clean_builds_after_random_edits(edits in prop::collection::vec(edit(), 3..=5)) {
        check_edits(&edits);
    }
}

/// Builds a fresh 40-briefing site, then after each edit builds it
/// incrementally into the same folder and compares with a clean build.
fn check_edits(edits: &[Edit]) {
    let site = corpus_site("incr-prop", 40, false);
    site.build(&["--future"]);
    for (step, edit) in edits.iter().enumerate() {
        let what = apply(site.root(), edit, step);
        let incremental = output(site.build(&["--future"]).out());
        let clean = clean_build(&site);
        assert_same_output(&incremental, &clean, &format!("after edit {step} ({what}) of {edits:?}"));
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_cache_that_builds_right() {
    let site = corpus_site("incr-kill", 300, false);
    site.build(&["--future"]);
    // The second of two builds after an edit: the kind of build that is killed below.
    let mut took = Duration::ZERO;
    for pick in [0, 1] {
        apply(site.root(), &Edit::Body { pick, at_start: false }, 0);
        let (run, time) = site.build_command(&["--future"]).run_timed();
        run.success();
        took = time;
    }
    let edits = [
        Edit::Body { pick: 7, at_start: true },
        Edit::Retitle { pick: 11 },
        Edit::AddCompany { pick: 23, name: 0 },
        Edit::Template { which: 0 },
        Edit::Paginate { by: 7 },
        Edit::Alias { pick: 5 },
        Edit::Delete { pick: 40 },
    ];
    let fractions = [0.0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.9];
    let mut finished_before_kill = 0;
    for (step, (edit, fraction)) in edits.iter().zip(fractions).enumerate() {
        let what = apply(site.root(), edit, step + 1);
        let mut child = site.build_command(&["--future"]).spawn();
        std::thread::sleep(took.mul_f64(fraction));
        finished_before_kill += usize::from(child.try_wait().unwrap().is_some());
        let _ = child.kill();
        child.wait().unwrap();
        let after = output(site.build(&["--future"]).out());
        let what = format!("killed at {fraction} of {took:?} after edit {step} ({what}), then built");
        assert_same_output(&after, &clean_build(&site), &what);
    }
    eprintln!("one build: {took:?}; {finished_before_kill} of {} builds ended before the kill", edits.len());
}

#[test]
fn two_builds_at_once_share_the_cache_safely() {
    // Social cards on: both builds draw them into the one `.briefing/cards`.
    let site = corpus_site("incr-two", 60, true);
    let outs = [site.tmp().join("one"), site.tmp().join("two")];
    let edits = [None, Some(Edit::Retitle { pick: 3 }), Some(Edit::Body { pick: 9, at_start: true })];
    for (step, edit) in edits.iter().enumerate() {
        let what = edit.as_ref().map_or("no edit, no cache yet".to_string(), |e| apply(site.root(), e, step));
        let barrier = Arc::new(Barrier::new(outs.len()));
        let builds: Vec<_> = outs
            .iter()
            .map(|out| {
                let (build, barrier) = (site.build_command_into(out, &["--future"]), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    build.run()
                })
            })
            .collect();
        for build in builds {
            build.join().unwrap().success();
        }
        let clean = clean_build(&site);
        for out in &outs {
            assert_same_output(&output(out), &clean, &format!("{} after {what}", out.display()));
        }
    }
}

/// The parse cache's shards damaged five ways (a file of bodies cut short,
/// one gone, one no longer UTF-8, an index garbled, an index with one byte
/// changed): the next build parses
/// those briefings again, equals a clean build, and writes the shards anew.
#[test]
fn a_damaged_parse_cache_is_parsed_again_never_trusted() {
    let site = corpus_site("incr-damaged", 40, false);
    // Files changed in the last two seconds stay out of the cache: these
    // are made an hour old, so that every one goes in.
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let briefings = site.root().join("content/briefings");
    for rel in read_tree(&briefings).into_keys() {
        fs::File::options().write(true).open(briefings.join(rel)).unwrap().set_modified(an_hour_ago).unwrap();
    }
    site.build(&["--future"]);
    let dir = site.root().join(".briefing/parsed");
    let listed = || -> BTreeSet<String> {
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    };
    let before = listed();
    let bodies: Vec<&String> = before
        .iter()
        .filter(|name| name.ends_with(".bodies") && fs::metadata(dir.join(name)).unwrap().len() > 2)
        .collect();
    assert!(bodies.len() >= 5, "too few shards with bodies to damage: {before:?}");
    let original: Vec<Vec<u8>> = bodies.iter().map(|name| fs::read(dir.join(name)).unwrap()).collect();
    fs::write(dir.join(bodies[0]), &original[0][..original[0].len() / 2]).unwrap();
    fs::remove_file(dir.join(bodies[1])).unwrap();
    let mut not_text = original[2].clone();
    not_text[1] = 0xff;
    fs::write(dir.join(bodies[2]), not_text).unwrap();
    fs::write(dir.join(format!("{}.index", &bodies[3][..2])), "{\"build\": [").unwrap();
    let changed = dir.join(format!("{}.index", &bodies[4][..2]));
    let mut index = fs::read(&changed).unwrap();
    let last = index.len() - 1;
    index[last] ^= 1;
    fs::write(&changed, index).unwrap();

    let built = output(site.build(&["--future"]).out());
    assert_same_output(&built, &clean_build(&site), "after damaging the parse cache");
    assert_eq!(listed(), before, "the damaged shards are written again, under the same names");
    for (name, bytes) in bodies.iter().zip(&original).take(3) {
        assert_eq!(&fs::read(dir.join(name)).unwrap(), bytes, "{name} is written again whole");
    }
}

/// The parse cache is written while a build goes on, under temporary
/// names: a build that fails after parsing puts none of it in place and
/// leaves no file behind, and the next build that succeeds puts it in place.
#[test]
fn a_failed_build_leaves_the_parse_cache_as_it_was() {
    let site = corpus_site("incr-failed", 30, false);
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let age = |rel: &Path| {
        let file = site.root().join("content/briefings").join(rel);
        fs::File::options().write(true).open(file).unwrap().set_modified(an_hour_ago).unwrap();
    };
    let files: Vec<PathBuf> = read_tree(&site.root().join("content/briefings")).into_keys().collect();
    files.iter().for_each(|rel| age(rel));
    site.build(&["--future"]);
    let cache = site.root().join(".briefing/parsed");
    let before = read_tree(&cache);

    // A link to a file that does not exist fails the build once every
    // briefing is parsed.
    let edited = Path::new("content/briefings").join(&files[0]);
    let text = site.read(&edited.to_string_lossy());
    site.write(&edited.to_string_lossy(), format!("{text}\nSee [the missing one](missing-briefing.md).\n"));
    age(&files[0]);
    let message = site.build_fails_with(&["--future"]);
    assert!(message.contains("missing-briefing.md"), "{message}");
    assert_eq!(read_tree(&cache), before, "a failed build changes nothing in the parse cache");

    site.write(&edited.to_string_lossy(), format!("{text}\nOne more sentence.\n"));
    age(&files[0]);
    let built = output(site.build(&["--future"]).out());
    assert_same_output(&built, &clean_build(&site), "after the failed build");
    let after = read_tree(&cache);
    assert!(after.keys().all(|name| !name.to_string_lossy().ends_with(".tmp")), "{:?}", after.keys());
    assert_ne!(after, before, "the edited briefing's shard is written again");
    assert_eq!(after.len(), before.len(), "one index and one file of bodies per shard");
}

/// The output folder on a 6 MiB tmpfs: a build that runs out of space
/// fails naming the file, keeps the previous output, and leaves a cache the
/// next build (with space again) uses to build exactly a clean build.
/// Mounting needs root; elsewhere the test says it did not run.
#[test]
fn a_full_disk_fails_clearly_and_keeps_the_output_and_the_cache() {
    let site = corpus_site("incr-full-disk", 20, false);
    let disk = site.tmp().join("disk");
    fs::create_dir_all(&disk).unwrap();
    let Some(_mounted) = Tmpfs::mount(&disk, "6m") else {
        eprintln!("not run: cannot mount a tmpfs here (needs root)");
        return;
    };
    let out = disk.join("public");
    site.build_into(&out, &["--future"]);
    let before = output(&out);
    site.write("static/big.bin", vec![7u8; 5_000_000]);
    let run = site.build_command_into(&out, &["--future"]).run();
    assert_eq!(run.code, Some(1), "a build that runs out of space fails:\n{}", run.stderr);
    assert!(
        run.stderr.contains("big.bin") && run.stderr.contains("No space left on device"),
        "the error names the file and the cause:\n{}",
        run.stderr
    );
    assert_same_output(&output(&out), &before, "the output after a build that ran out of space");
    site.remove("static/big.bin");
    site.build_into(&out, &["--future"]);
    assert_same_output(&output(&out), &clean_build(&site), "the next build, with space again");
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status();
        status.ok().filter(|s| s.success()).map(|_| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn three_shards_copied_together_are_the_full_build() {
    let site = corpus_site("incr-shards", 100, true);
    let merged = site.tmp().join("merged");
    let mut sizes = Vec::new();
    for k in 1..=3 {
        let out = site.tmp().join(format!("shard-{k}"));
        site.build_into(&out, &["--future", "--shard", &format!("{k}/3")]);
        sizes.push(output(&out).len());
        merge_into(&out, &merged);
    }
    let full = clean_build(&site);
    assert_same_output(&output(&merged), &full, "three shards copied into one folder");
    for (k, size) in sizes.iter().enumerate() {
        let share = *size as f64 / full.len() as f64;
        assert!(*size > 0 && share <= 0.6, "shard {}/3 holds {size} of {} files", k + 1, full.len());
    }
}

#[test]
fn bad_shard_values_are_usage_errors() {
    let site = TestSite::good("incr-bad-shard");
    for value in ["0/3", "4/3", "x"] {
        let run = site.build_command(&["--shard", value]).run();
        assert_eq!(run.code, Some(2), "--shard {value}: expected exit status 2\nstderr:\n{}", run.stderr);
        assert!(run.stderr.contains("--shard"), "--shard {value}: stderr names the flag:\n{}", run.stderr);
        assert!(!site.out().exists(), "--shard {value}: a usage error writes nothing");
        if value == "0/3" {
            insta::assert_snapshot!("bad_shard_zero", site.redact(&run.stderr));
        }
    }
}

// ---------------------------------------------------------------- sites and outputs

/// A generated corpus of `n` briefings with a fixed clock, ten to a page.
fn corpus_site(label: &str, n: usize, social_cards: bool) -> TestSite {
    let site = TestSite::new(label).env("SOURCE_DATE_EPOCH", EPOCH);
    generate_corpus(n, site.root());
    site.write(
        "site.yaml",
        format!(
            "title: Incremental Desk\nbase_url: {BASE_URL}\npaginate_by: 10\nsocial_cards: {social_cards}\n"
        ),
    );
    site
}

/// The files of the output folder `out`, without the marker.
fn output(out: &Path) -> Tree {
    let mut tree = read_tree(out);
    tree.remove(Path::new(MARKER));
    tree
}

/// A `--no-cache` build of a copy of the site's sources (no `.briefing/` at
/// all, so nothing of the incremental state can be reused) into a fresh folder.
fn clean_build(site: &TestSite) -> Tree {
    let clean = TestSite::new("incr-clean").env("SOURCE_DATE_EPOCH", EPOCH);
    fs::create_dir_all(clean.root()).unwrap();
    for entry in fs::read_dir(site.root()).unwrap() {
        let entry = entry.unwrap();
        let target = clean.root().join(entry.file_name());
        if entry.file_name() == ".briefing" {
            continue;
        } else if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    output(clean.build(&["--future", "--no-cache"]).out())
}

/// Copies every file of the output folder `from` into `to` except the
/// marker; a file that is already there means two shards made it.
fn merge_into(from: &Path, to: &Path) {
    for (rel, bytes) in output(from) {
        let target = to.join(&rel);
        assert!(!target.exists(), "{} is in two shards (again in {})", rel.display(), from.display());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(&target, bytes).unwrap();
    }
}

/// Asserts two outputs are equal, showing the first difference in detail.
#[track_caller]
fn assert_same_output(incremental: &Tree, clean: &Tree, what: &str) {
    if let Some(report) = difference(incremental, clean) {
        panic!("{what}: the build differs from a clean build\n{report}");
    }
    assert_same_tree(incremental, clean, what);
}

/// What differs between an incremental (`a`) and a clean (`b`) output.
fn difference(a: &Tree, b: &Tree) -> Option<String> {
    let names = |x: &Tree, y: &Tree| -> Vec<String> {
        x.keys().filter(|p| !y.contains_key(*p)).map(|p| p.display().to_string()).collect()
    };
    let (only_a, only_b) = (names(a, b), names(b, a));
    let changed: Vec<&PathBuf> =
        a.iter().filter(|(p, v)| b.get(*p).is_some_and(|w| w != *v)).map(|(p, _)| p).collect();
    if only_a.is_empty() && only_b.is_empty() && changed.is_empty() {
        return None;
    }
    let first = |v: &[String]| v.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    let shown: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
    let mut report = format!(
        "only in the build ({}): {}\nonly in the clean build ({}): {}\ndiffering ({}): {}\n",
        only_a.len(),
        first(&only_a),
        only_b.len(),
        first(&only_b),
        changed.len(),
        first(&shown)
    );
    if let Some(path) = changed.first() {
        report.push_str(&format!(
            "first differing file {}:\n{}",
            path.display(),
            bytes_diff(&a[*path], &b[*path])
        ));
    }
    Some(report)
}

/// The first differing byte of two files, its line, and text around it.
fn bytes_diff(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let line = a[..at].iter().filter(|&&c| c == b'\n').count() + 1;
    let around = |x: &[u8]| {
        let (start, end) = (at.saturating_sub(160), (at + 160).min(x.len()));
        String::from_utf8_lossy(&x[start..end]).into_owned()
    };
    format!(
        "at byte {at} (line {line}), sizes {} and {}\n--- build:\n{}\n--- clean build:\n{}",
        a.len(),
        b.len(),
        around(a),
        around(b)
    )
}

// ---------------------------------------------------------------- edits

/// One change to a site's sources; `pick` chooses a file among those it applies to.
#[derive(Debug, Clone)]
enum Edit {
    /// Adds a paragraph at the start of a body (a new default summary) or at its end.
    Body {
        pick: usize,
        at_start: bool,
    },
    Retitle {
        pick: usize,
    },
    /// Adds a company (from the pool or named by another briefing).
    AddCompany {
        pick: usize,
        name: usize,
    },
    /// Removes a company that stays named elsewhere (or a pool name, which nothing links to).
    RemoveCompany {
        pick: usize,
    },
    /// Deletes a briefing that no other links to and whose companies stay named.
    Delete {
        pick: usize,
    },
    /// Gives a company profile an alias from the pool.
    Alias {
        pick: usize,
    },
    /// Overrides a built-in template with a changed copy (0..3), or removes the overrides (3).
    Template {
        which: usize,
    },
    Paginate {
        by: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let pick = 0..10_000usize;
    prop_oneof![
        (pick.clone(), any::<bool>()).prop_map(|(pick, at_start)| Edit::Body { pick, at_start }),
        pick.clone().prop_map(|pick| Edit::Retitle { pick }),
        (pick.clone(), pick.clone()).prop_map(|(pick, name)| Edit::AddCompany { pick, name }),
        pick.clone().prop_map(|pick| Edit::RemoveCompany { pick }),
        pick.clone().prop_map(|pick| Edit::Delete { pick }),
        pick.prop_map(|pick| Edit::Alias { pick }),
        (0..4usize).prop_map(|which| Edit::Template { which }),
        (1..=12usize).prop_map(|by| Edit::Paginate { by }),
    ]
}

/// Applies `edit` (the `step`th) to the site at `root`, keeping it valid;
/// says what it did.
fn apply(root: &Path, edit: &Edit, step: usize) -> String {
    match *edit {
        Edit::Body { pick, at_start } => edit_body(root, pick, at_start, step),
        Edit::Retitle { pick } => retitle(root, pick, step),
        Edit::AddCompany { pick, name } => add_company(root, pick, name),
        Edit::RemoveCompany { pick } => remove_company(root, pick),
        Edit::Delete { pick } => delete_briefing(root, pick),
        Edit::Alias { pick } => add_alias(root, pick),
        Edit::Template { which } => edit_template(root, which, step),
        Edit::Paginate { by } => paginate(root, by),
    }
}

fn edit_body(root: &Path, pick: usize, at_start: bool, step: usize) -> String {
    let mut doc = nth(docs(root), pick);
    let paragraph = format!("Edit {step} adds a paragraph on supply chains and margins.");
    doc.body = if at_start {
        format!("\n{paragraph}\n{}", doc.body)
    } else {
        format!("{}\n\n{paragraph}\n", doc.body.trim_end())
    };
    doc.write(root);
    format!("a paragraph at the {} of {}", if at_start { "start" } else { "end" }, doc.rel.display())
}

fn retitle(root: &Path, pick: usize, step: usize) -> String {
    let mut doc = nth(docs(root), pick);
    let line = doc.front.iter().position(|l| l.starts_with("title:")).expect("a title line");
    doc.front[line] = format!("title: \"Retitled in edit {step}: {}\"", doc.stem());
    doc.write(root);
    format!("retitled {}", doc.rel.display())
}

fn add_company(root: &Path, pick: usize, name: usize) -> String {
    let docs = docs(root);
    let mut names: BTreeSet<String> = POOL.iter().map(|n| n.to_string()).collect();
    names.extend(docs.iter().flat_map(Doc::companies));
    let names: Vec<String> = names.into_iter().collect();
    let mut doc = nth(docs, pick);
    let mut companies = doc.companies();
    let Some(new) =
        (0..names.len()).map(|i| &names[(name + i) % names.len()]).find(|n| !companies.contains(n))
    else {
        return format!("no company to add to {}", doc.rel.display());
    };
    companies.push(new.clone());
    doc.set_companies(&companies);
    doc.write(root);
    format!("added {new:?} to {}", doc.rel.display())
}

fn remove_company(root: &Path, pick: usize) -> String {
    let docs = docs(root);
    let mut candidates = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let companies = doc.companies();
        for (j, name) in companies.iter().enumerate().filter(|_| companies.len() >= 2) {
            if POOL.contains(&name.as_str()) || named_elsewhere(&docs, doc, name) {
                candidates.push((i, j));
            }
        }
    }
    if candidates.is_empty() {
        return "no company could be removed".to_string();
    }
    let (i, j) = candidates[pick % candidates.len()];
    let mut doc = nth(docs, i);
    let mut companies = doc.companies();
    let removed = companies.remove(j);
    doc.set_companies(&companies);
    doc.write(root);
    format!("removed {removed:?} from {}", doc.rel.display())
}

/// Whether a published briefing other than `doc` names the company `name`.
fn named_elsewhere(docs: &[Doc], doc: &Doc, name: &String) -> bool {
    docs.iter().any(|o| o.rel != doc.rel && !o.is_draft() && o.companies().contains(name))
}

fn delete_briefing(root: &Path, pick: usize) -> String {
    let docs = docs(root);
    let candidates: Vec<&Doc> = docs.iter().filter(|d| docs.len() > 5 && deletable(&docs, d)).collect();
    if candidates.is_empty() {
        return "no briefing could be deleted".to_string();
    }
    let doc = candidates[pick % candidates.len()];
    fs::remove_file(root.join(&doc.rel)).unwrap();
    format!("deleted {}", doc.rel.display())
}

/// No other briefing links to `doc`, and each of its companies stays named.
fn deletable(docs: &[Doc], doc: &Doc) -> bool {
    let stem = doc.stem();
    let others = || docs.iter().filter(|o| o.rel != doc.rel);
    others().all(|o| !o.body.contains(&stem) && !o.front.iter().any(|l| l.contains(&stem)))
        && doc.companies().iter().all(|c| POOL.contains(&c.as_str()) || named_elsewhere(docs, doc, c))
}

fn add_alias(root: &Path, pick: usize) -> String {
    let mut profiles: Vec<PathBuf> = fs::read_dir(root.join("content/companies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    profiles.sort();
    let texts: Vec<String> = profiles.iter().map(|p| fs::read_to_string(p).unwrap()).collect();
    let Some(alias) = POOL.iter().find(|name| !texts.iter().any(|t| t.contains(*name))) else {
        return "no alias left to give".to_string();
    };
    let i = pick % profiles.len();
    fs::write(&profiles[i], with_alias(&texts[i], alias)).unwrap();
    format!("gave {} the alias {alias:?}", profiles[i].display())
}

/// A profile's text with `alias` added to its `aliases:` (written as a flow list).
fn with_alias(text: &str, alias: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with("aliases:")) {
        Some(i) => {
            let mut aliases = flow_items(&lines[i]["aliases:".len()..]);
            aliases.push(alias.to_string());
            lines[i] = format!("aliases: {}", flow_list(&aliases));
        }
        None => lines.push(format!("aliases: {}", flow_list(&[alias.to_string()]))),
    }
    lines.join("\n") + "\n"
}

fn edit_template(root: &Path, which: usize, step: usize) -> String {
    let Some((name, from, to)) = TEMPLATE_EDITS.get(which) else {
        let _ = fs::remove_dir_all(root.join("templates"));
        return "removed the template overrides".to_string();
    };
    let builtin = fs::read_to_string(manifest_dir().join("templates").join(name)).unwrap();
    assert!(
        builtin.contains(from),
        "the built-in templates/{name} no longer holds {from:?}: update this test"
    );
    write(
        root,
        &format!("templates/{name}"),
        builtin.replacen(from, &to.replace("STEP", &step.to_string()), 1),
    );
    format!("changed templates/{name}")
}

fn paginate(root: &Path, by: usize) -> String {
    let text = fs::read_to_string(root.join("site.yaml")).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| if l.starts_with("paginate_by:") { format!("paginate_by: {by}") } else { l.to_string() })
        .collect();
    write(root, "site.yaml", lines.join("\n") + "\n");
    format!("paginate_by: {by}")
}

// ---------------------------------------------------------------- briefing files

/// A briefing file: its front matter, line by line, and its body.
struct Doc {
    rel: PathBuf,
    front: Vec<String>,
    body: String,
}

/// Every briefing of the site at `root`, sorted by path.
fn docs(root: &Path) -> Vec<Doc> {
    corpus_files(root).iter().map(|rel| Doc::read(root, rel)).collect()
}

/// The `pick`th of `docs`, counting round.
fn nth(mut docs: Vec<Doc>, pick: usize) -> Doc {
    assert!(!docs.is_empty(), "the site has no briefing left");
    let i = pick % docs.len();
    docs.swap_remove(i)
}

impl Doc {
    fn read(root: &Path, rel: &Path) -> Doc {
        let text = fs::read_to_string(root.join(rel)).unwrap();
        let (front, body) = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .unwrap_or_else(|| panic!("{}: no front matter", rel.display()));
        Doc {
            rel: rel.to_path_buf(),
            front: front.lines().map(str::to_string).collect(),
            body: body.to_string(),
        }
    }

    fn write(&self, root: &Path) {
        write(
            root,
            &self.rel.to_string_lossy(),
            format!("---\n{}\n---\n{}", self.front.join("\n"), self.body),
        );
    }

    /// `briefing-000012`: what links to this briefing name it by.
    fn stem(&self) -> String {
        let named = if self.rel.ends_with("index.md") { self.rel.parent().unwrap() } else { &self.rel };
        named.file_stem().unwrap().to_string_lossy().into_owned()
    }

    fn is_draft(&self) -> bool {
        self.front.iter().any(|l| l.trim() == "draft: true")
    }

    fn companies(&self) -> Vec<String> {
        self.list("companies").1
    }

    /// Replaces the companies, written as a flow list.
    fn set_companies(&mut self, names: &[String]) {
        let (lines, _) = self.list("companies");
        self.front.splice(lines, [format!("companies: {}", flow_list(names))]);
    }

    /// The lines that the list `key` spans in the front matter (an empty
    /// range at the end when it is missing) and its items.
    fn list(&self, key: &str) -> (Range<usize>, Vec<String>) {
        let head = format!("{key}:");
        let Some(start) = self.front.iter().position(|l| l.starts_with(&head)) else {
            return (self.front.len()..self.front.len(), Vec::new());
        };
        let rest = self.front[start][head.len()..].trim();
        if !rest.is_empty() {
            return (start..start + 1, flow_items(rest));
        }
        let items: Vec<String> = self.front[start + 1..]
            .iter()
            .map_while(|l| l.trim_start().strip_prefix("- "))
            .map(|item| flow_items(&format!("[{item}]")).pop().unwrap_or_default())
            .collect();
        (start..start + 1 + items.len(), items)
    }
}

/// Items of a YAML flow list of strings, double-quoted (as the generator
/// and these edits write them) or plain.
fn flow_items(text: &str) -> Vec<String> {
    let text = text.trim();
    let inner = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'));
    let inner = inner.unwrap_or_else(|| panic!("not a flow list: {text:?}"));
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ',' | ' ' => {}
            '"' => {
                let mut item = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => item.extend(chars.next()),
                        '"' => break,
                        c => item.push(c),
                    }
                }
                items.push(item);
            }
            c => {
                let mut item = String::from(c);
                while let Some(c) = chars.next_if(|&c| c != ',') {
                    item.push(c);
                }
                items.push(item.trim().to_string());
            }
        }
    }
    items
}

/// `["A", "B"]`.
fn flow_list(items: &[String]) -> String {
    let quoted: Vec<String> =
        items.iter().map(|i| format!("\"{}\"", i.replace('\\', "\\\\").replace('"', "\\\""))).collect();
    format!("[{}]", quoted.join(", "))
}
