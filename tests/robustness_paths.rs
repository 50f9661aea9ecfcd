//! Paths: slugs, file names and company names that would escape the output
//! folder; two briefings on one URL (by slug, case or Unicode
//! normalisation); symlinks out of the site; output folders that would
//! replace something of the user's. Refusals change nothing anywhere.

mod common;
mod robustness_common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::{TempDir, read_page, term_index, write};
use robustness_common::*;

/// Every path under `tmp` that is not the site, the output folder or its
/// `.out.old` rollback: nothing may appear there.
fn strays(tmp: &Path) -> Vec<PathBuf> {
    let keep = [
        OsStr::new("site"),
        OsStr::new("out"),
        OsStr::new(".out.old"),
        OsStr::new(".out.lock"),
        OsStr::new("outside"),
    ];
    fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !keep.contains(&n.as_os_str()))
        .map(PathBuf::from)
        .collect()
}

fn is_slug_like(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

// ---------------------------------------------------------------------------
// Slugs, file names and term names that try to leave the output folder
// ---------------------------------------------------------------------------

/// A written `slug:` is slugified by the same rule as a file name, so
/// whatever it says, the page lands inside `briefings/` under a plain slug.
#[test]
fn slugs_that_would_escape_are_slugified_and_stay_inside() {
    let slugs = [
        ("../x", "x"),
        ("../../../../etc/passwd", "etc-passwd"),
        ("/etc/shadow", "etc-shadow"),
        ("'..\\..\\windows'", "windows"),
        ("'%2e%2e%2fescape'", "2e-2e-2fescape"),
        ("a/b", "a-b"),
        ("'C:\\x'", "c-x"),
        ("\"c\\0d\"", "c-d"),
        ("\"n\\nl\"", "n-l"),
        ("Huawei", "huawei"),
        ("café", "cafe"),
    ];
    let files: Vec<(String, String)> = slugs
        .iter()
        .enumerate()
        .map(|(i, (slug, _))| {
            let text = format!("---\ntitle: Escape {i}\ndate: 2024-01-28\nslug: {slug}\n---\nBody.\n");
            (format!("content/briefings/escape-{i}.md"), text)
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())).collect();
    let case = Case::with("slugs", &refs);
    case.builds(&[]);
    assert!(strays(case.tmp.path()).is_empty(), "written outside: {:?}", strays(case.tmp.path()));
    let built = common::built_briefings(&case.out);
    // `Case` adds one good briefing of its own.
    let expected: std::collections::BTreeSet<String> =
        slugs.iter().map(|(_, s)| s.to_string()).chain(["good".to_string()]).collect();
    assert_eq!(built, expected);
}

#[test]
fn slugs_with_nothing_to_make_a_url_from_are_refused_at_their_line() {
    let slugs = [("dot", "'.'"), ("dot_dot", "'..'"), ("empty", "''"), ("slashes", "'/../'")];
    for (name, slug) in slugs {
        let rel = "content/briefings/escape.md";
        let text = format!("---\ntitle: Escape\ndate: 2024-01-28\nslug: {slug}\n---\nBody.\n");
        let err = Case::with(name, &[(rel, text.as_bytes())]).fails_at(rel, 4, Some(7));
        assert!(err.contains("has no letters or digits"), "{name}: {err}");
        if name == "slashes" {
            insta::assert_snapshot!(format!("slug_{name}"), err);
        }
    }
}

/// File names are never used as paths: they become slugs, and everything
/// they produce stays inside the output folder.
#[test]
fn file_and_company_names_that_look_like_escapes_stay_inside() {
    let names = [
        "%2e%2e.md",
        // Starts with a dot: a hidden file, ignored like editor leftovers.
        "..%2f..%2fescape.md",
        "%2e%2e%2f%2e%2e%2fescape.md",
        "a\\..\\..\\b.md",
        "C:\\Windows.md",
        "CON.md",
        "a b  c.md",
        "Ünïcödé.md",
        "华为.md",
        "x.md.md",
    ];
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let companies = ["../../etc", "/root", "%2e%2e", "..\\..\\x", "C:\\Windows", "a/../../b", "NUL"]
            .iter()
            .map(|c| format!("\"{}\"", c.replace('\\', "\\\\")))
            .collect::<Vec<_>>()
            .join(", ");
        files.push((
            format!("content/briefings/{name}"),
            format!("---\ntitle: Name {i}\ndate: 2024-01-{:02}\ncompanies: [{companies}]\ntopics: [\"../{i}\"]\n---\nBody.\n", i + 1),
        ));
    }
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())).collect();
    let case = Case::with("names", &refs);
    case.builds(&[]);
    assert!(strays(case.tmp.path()).is_empty(), "written outside: {:?}", strays(case.tmp.path()));
    assert_eq!(snapshot(&case.root.join("content")).len(), names.len() + 2, "nothing written into content/");
    for dir in ["briefings", "companies", "topics"] {
        for entry in fs::read_dir(case.out.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(name == "index.html" || is_slug_like(&name), "{dir}/{name} is not a slug");
        }
    }
    let built = common::built_briefings(&case.out);
    assert_eq!(built.len(), names.len(), "every file but the hidden one got its own page: {built:?}");
    for slug in ["2e-2e", "2e-2e-2f-2e-2e-2fescape", "hua-wei", "unicode", "con", "a-b-c", "x-md"] {
        assert!(built.contains(slug), "{slug} in {built:?}");
    }
    for company in ["etc", "root", "2e-2e", "x", "c-windows", "a-b", "nul"] {
        assert!(
            case.out.join("companies").join(company).join("index.html").is_file(),
            "company page {company}"
        );
    }
}

// ---------------------------------------------------------------------------
// Two briefings on one URL
// ---------------------------------------------------------------------------

/// Asserts the report names each of `files` (as `error:` or `the other file:`).
#[track_caller]
fn names_all(err: &str, files: &[&str]) {
    let named = named_files(err);
    for file in files {
        assert!(named.contains(&format!("[SITE]/{file}")), "{file} is named:\n{err}");
    }
    for n in &named {
        assert!(
            files.iter().any(|f| n == &format!("[SITE]/{f}")),
            "{n} is named but is not involved:\n{err}"
        );
    }
}

#[test]
fn two_briefings_with_the_same_slug_are_both_named() {
    let fm = |title: &str, slug: &str| {
        let slug = if slug.is_empty() { String::new() } else { format!("slug: {slug}\n") };
        format!("---\ntitle: {title}\ndate: 2024-01-02\n{slug}---\nBody.\n")
    };
    // An explicit slug that is another file's name.
    let (a, b) = (fm("Mate", ""), fm("Other", "mate"));
    let case = Case::with(
        "slug-vs-name",
        &[
            ("content/briefings/2023/mate.md", a.as_bytes()),
            ("content/briefings/2024/other.md", b.as_bytes()),
        ],
    );
    names_all(&case.fails(), &["content/briefings/2023/mate.md", "content/briefings/2024/other.md"]);

    // Three files, one URL.
    let t = fm("Same", "");
    let case = Case::with(
        "three",
        &[
            ("content/briefings/a/same.md", t.as_bytes()),
            ("content/briefings/b/same.md", t.as_bytes()),
            ("content/briefings/c/same.md", t.as_bytes()),
        ],
    );
    names_all(
        &case.fails(),
        &["content/briefings/a/same.md", "content/briefings/b/same.md", "content/briefings/c/same.md"],
    );
}

#[test]
fn names_differing_only_in_case_or_normalisation_collide_loudly() {
    let t = "---\ntitle: Same URL\ndate: 2024-01-02\n---\nBody.\n";
    let pairs: [(&str, &str, &str); 4] = [
        ("case", "content/briefings/Huawei.md", "content/briefings/huawei.md"),
        ("nfc_nfd", "content/briefings/caf\u{e9}.md", "content/briefings/cafe\u{301}.md"),
        ("accent", "content/briefings/cafe.md", "content/briefings/caf\u{e9}.md"),
        ("punctuation", "content/briefings/jd.com.md", "content/briefings/jd-com.md"),
    ];
    for (name, a, b) in pairs {
        let case = Case::with(name, &[(a, t.as_bytes()), (b, t.as_bytes())]);
        let err = case.fails();
        names_all(&err, &[a, b]);
        assert!(err.contains("is also used by another briefing"), "{name}: {err}");
    }
}

/// Company names differing only in case, accents or Unicode normalisation
/// are one company with one page, not two pages racing for one folder.
#[test]
fn term_names_differing_only_in_case_or_normalisation_are_one_term() {
    let spellings = ["Nestl\u{e9} Labs", "Nestle\u{301} Labs", "NESTLE LABS", "nestle-labs"];
    let files: Vec<(String, String)> = spellings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!("content/briefings/n{i}.md"),
                format!("---\ntitle: N{i}\ndate: 2024-01-0{}\ncompanies: [\"{s}\"]\n---\nBody.\n", i + 1),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())).collect();
    let case = Case::with("one-term", &refs);
    case.builds(&[]);
    let index = term_index(&read_page(&case.out, "/companies/"));
    let nestle: Vec<&(String, usize)> = index.iter().filter(|(u, _)| u.contains("nestle")).collect();
    assert_eq!(nestle, [&("/companies/nestle-labs/".to_string(), 4)], "{index:?}");
}

// ---------------------------------------------------------------------------
// Symlinks
// ---------------------------------------------------------------------------

/// A site with a secret beside it (`tmp/outside`), and a link to it at
/// `link` inside the site. The build must not follow it: a clear error that
/// names the link, nothing written, the secret untouched.
#[track_caller]
fn refuses_link(label: &str, link: &str, target: &str) -> String {
    let case = Case::new(label, &[]);
    write(case.tmp.path(), "outside/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    write(case.tmp.path(), "outside/dir/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    let path = case.root.join(link);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, &path).unwrap();
    let err = case.fails();
    assert!(err.contains(&format!("error: [SITE]/{link}")), "the link is named:\n{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!err.contains("SECRET"), "{err}");
    err
}

#[test]
fn symlinks_pointing_outside_the_site_are_not_followed() {
    let outside = |n: usize| format!("{}outside", "../".repeat(n));
    refuses_link("file-link", "content/briefings/secret.md", &format!("{}/secret.md", outside(3)));
    refuses_link("dir-link", "content/briefings/more", &format!("{}/dir", outside(3)));
    refuses_link("absolute-link", "content/briefings/abs.md", "/etc/passwd");
    refuses_link("dangling-link", "content/briefings/gone.md", "../../nowhere/gone.md");
    refuses_link("loop-link", "content/briefings/loop", ".");
    refuses_link("profile-link", "content/companies/huawei.yaml", &format!("{}/secret.md", outside(3)));
    refuses_link("static-link", "static/secret.txt", &format!("{}/secret.md", outside(2)));
    refuses_link("static-dir-link", "static/all", "/etc");
    refuses_link("template-link", "templates/index.html", &format!("{}/secret.md", outside(2)));
}

/// The whole `content/briefings` folder a symlink: refused too, rather than
/// reading a folder elsewhere on the disk.
#[test]
fn a_symlinked_briefings_folder_is_refused() {
    let case = Case::new("briefings-link", &[]);
    write(case.tmp.path(), "outside/b/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    let briefings = case.root.join("content/briefings");
    fs::remove_dir_all(&briefings).unwrap();
    symlink("../../outside/b", &briefings).unwrap();
    let err = case.fails();
    assert!(err.contains("error: [SITE]/content/briefings"), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
}

// ---------------------------------------------------------------------------
// Output folders
// ---------------------------------------------------------------------------

/// Builds `site` into `out` (as written, from the working folder `cwd`),
/// expecting a refusal mentioning `why` that changes nothing under `tmp`.
#[track_caller]
fn refused(tmp: &TempDir, cwd: &Path, root: &str, out: &str, why: &str) {
    let before = snapshot(tmp.path());
    let args =
        [OsStr::new("build"), OsStr::new("--root"), OsStr::new(root), OsStr::new("--out"), OsStr::new(out)];
    let (run, _) = run_timed_in(Some(cwd), &args, &[], RUN_LIMIT);
    assert_eq!(run.code, Some(1), "--out {out}: expected a refusal\n{}", run.stderr);
    assert!(run.stderr.contains(why), "--out {out}: expected {why:?} in\n{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!("error: {out}")),
        "--out {out}: the folder is named as given:\n{}",
        run.stderr
    );
    assert_same(&before, &snapshot(tmp.path()), &format!("--out {out}"));
}

#[test]
fn output_folders_that_would_replace_the_site_are_refused() {
    let tmp = TempDir::new("out-refusals");
    let cwd = tmp.path();
    write(cwd, "site/content/briefings/good.md", GOOD);
    write(cwd, "site/templates/partials/card.html.keep", "");
    write(cwd, "site/static/img/logo.svg", "<svg/>");
    symlink("site", cwd.join("link-to-site")).unwrap();
    symlink("site/content", cwd.join("link-to-content")).unwrap();

    let root = "site";
    let is_root = "the output folder is the site folder";
    refused(&tmp, cwd, root, "site", is_root);
    refused(&tmp, cwd, root, "site/", is_root);
    refused(&tmp, cwd, root, "./site/.", is_root);
    refused(&tmp, cwd, root, "site/content/..", is_root);
    refused(&tmp, cwd, root, "site/static/../", is_root);
    refused(&tmp, cwd, root, "link-to-site", is_root);
    refused(&tmp, cwd, root, ".", "contains the site folder");
    refused(&tmp, cwd, root, "..", "contains the site folder");
    refused(&tmp, cwd, root, "site/content", "inside the site's `content/` folder");
    refused(&tmp, cwd, root, "site/content/briefings/public", "inside the site's `content/` folder");
    refused(&tmp, cwd, root, "link-to-content/public", "inside the site's `content/` folder");
    refused(&tmp, cwd, root, "site/templates/public", "inside the site's `templates/` folder");
    refused(&tmp, cwd, root, "site/static", "inside the site's `static/` folder");
    refused(&tmp, cwd, root, "site/content/briefings/good.md", "inside the site's `content/` folder");
}

#[test]
fn output_folders_holding_sources_or_unrelated_files_are_refused() {
    let tmp = TempDir::new("out-foreign");
    let cwd = tmp.path();
    write(cwd, "site/content/briefings/good.md", GOOD);
    write(cwd, "other-site/content/briefings/theirs.md", GOOD);
    write(cwd, "other-config/site.yaml", "title: Theirs\n");
    write(cwd, "hidden-only/.git/HEAD", "ref: refs/heads/main\n");
    write(cwd, "notes/thesis.txt", "years of work");
    write(cwd, "a-file", "not a folder");
    // A marker file alone does not make a folder of the user's ours.
    write(cwd, "marked-but-mine/.briefing-output/readme.txt", "mine");

    refused(&tmp, cwd, "site", "other-site", "holds `content`");
    refused(&tmp, cwd, "site", "other-config", "holds `site.yaml`");
    refused(&tmp, cwd, "site", "hidden-only", "not empty and was not made by `briefing build`");
    refused(&tmp, cwd, "site", "notes", "not empty and was not made by `briefing build`");
    refused(&tmp, cwd, "site", "a-file", "not a folder");
    refused(&tmp, cwd, "site", "marked-but-mine", "not empty and was not made by `briefing build`");
}

/// An output folder that is a symlink to a previous build: the build
/// replaces the target, the link stays a link, the site is untouched.
#[test]
fn an_output_symlink_is_kept_and_its_target_replaced() {
    let tmp = TempDir::new("out-link");
    write(tmp.path(), "site/content/briefings/good.md", GOOD);
    let site = tmp.join("site");
    let real = tmp.join("real");
    let link = tmp.join("out");
    fs::create_dir(&real).unwrap();
    symlink("real", &link).unwrap();
    let source = snapshot(&site);
    for _ in 0..3 {
        let run = build_checked(&site, &link, &[]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("real"));
        assert!(real.join("briefings/good/index.html").is_file());
    }
    assert_same(&source, &snapshot(&site), "the site");
}

/// Transliteration makes slugs longer than their names ("华为" is
/// `hua-wei`): a legal 80-character Chinese file name, or a long company
/// name, must still give a page, or an error naming the source file, not an
/// operating-system error about an output path.
#[test]

fn long_names_make_slugs_that_fit_in_a_file_name() {
    let cjk = format!("content/briefings/{}.md", "华为".repeat(40));
    let long_company = "Very Long Company Name ".repeat(12);
    let company_text =
        format!("---\ntitle: Long\ndate: 2024-01-02\ncompanies: [\"{long_company}\"]\n---\nBody.\n");
    let cases: [(&str, &str, String); 2] = [
        ("cjk-file-name", cjk.as_str(), "---\ntitle: Long\ndate: 2024-01-02\n---\nBody.\n".to_string()),
        ("long-company", "content/briefings/company.md", company_text),
    ];
    for (label, rel, text) in cases {
        let case = Case::with(label, &[(rel, text.as_bytes())]);
        let before = snapshot(case.tmp.path());
        let run = build_checked(&case.root, &case.out, &[]);
        if run.code == Some(0) {
            for path in snapshot(&case.out).keys() {
                for part in path.iter() {
                    assert!(part.len() <= 255, "{label}: {} is too long for a file name", path.display());
                }
            }
        } else {
            let err = case.redact(&run.stderr);
            assert_eq!(
                error_paths(&err),
                [format!("[SITE]/{rel}")],
                "{label}: the source file is named:\n{err}"
            );
            assert_same(&before, &snapshot(case.tmp.path()), label);
        }
    }
}
