//! Paths: slugs, file names and company names that would escape the output
//! folder; two briefings on one URL (by slug, case or Unicode
//! normalisation); symlinks out of the site; output folders that would
//! replace something of the user's. Refusals change nothing anywhere.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::*;

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
    let files = slugs.iter().enumerate().map(|(i, (slug, _))| {
        let text = format!("---\ntitle: Escape {i}\ndate: 2024-01-28\nslug: {slug}\n---\nBody.\n");
        (format!("content/briefings/escape-{i}.md"), text)
    });
    let site = TestSite::good("slugs").built_once().files(files);
    let built = site.build(&[]).briefings();
    assert!(strays(site.tmp()).is_empty(), "written outside: {:?}", strays(site.tmp()));
    // The site holds one good briefing of its own.
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
        let err = TestSite::good(name).built_once().file(rel, text).build_fails_at(rel, 4, Some(7));
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
    let site = TestSite::good("names").built_once().files(files);
    let built = site.build(&[]);
    assert!(strays(site.tmp()).is_empty(), "written outside: {:?}", strays(site.tmp()));
    assert_eq!(digest(&site.path("content")).len(), names.len() + 2, "nothing written into content/");
    for dir in ["briefings", "companies", "topics"] {
        for entry in fs::read_dir(built.out().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(name == "index.html" || is_slug_like(&name), "{dir}/{name} is not a slug");
        }
    }
    let slugs = built.briefings();
    assert_eq!(slugs.len(), names.len(), "every file but the hidden one got its own page: {slugs:?}");
    for slug in ["2e-2e", "2e-2e-2f-2e-2e-2fescape", "hua-wei", "unicode", "con", "a-b-c", "x-md"] {
        assert!(slugs.contains(slug), "{slug} in {slugs:?}");
    }
    for company in ["etc", "root", "2e-2e", "x", "c-windows", "a-b", "nul"] {
        assert!(built.has_page(&format!("/companies/{company}/")), "company page {company}");
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
    let site = TestSite::good("slug-vs-name")
        .built_once()
        .file("content/briefings/2023/mate.md", a)
        .file("content/briefings/2024/other.md", b);
    names_all(&site.build_fails(), &["content/briefings/2023/mate.md", "content/briefings/2024/other.md"]);

    // Three files, one URL.
    let t = fm("Same", "");
    let three = ["content/briefings/a/same.md", "content/briefings/b/same.md", "content/briefings/c/same.md"];
    let site = TestSite::good("three").built_once().files(three.map(|rel| (rel, &t)));
    names_all(&site.build_fails(), &three);
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
        let err = TestSite::good(name).built_once().file(a, t).file(b, t).build_fails();
        names_all(&err, &[a, b]);
        assert!(err.contains("is also used by another briefing"), "{name}: {err}");
    }
}

/// Company names differing only in case, accents or Unicode normalisation
/// are one company with one page, not two pages racing for one folder.
#[test]
fn term_names_differing_only_in_case_or_normalisation_are_one_term() {
    let spellings = ["Nestl\u{e9} Labs", "Nestle\u{301} Labs", "NESTLE LABS", "nestle-labs"];
    let files = spellings.iter().enumerate().map(|(i, s)| {
        (
            format!("content/briefings/n{i}.md"),
            format!("---\ntitle: N{i}\ndate: 2024-01-0{}\ncompanies: [\"{s}\"]\n---\nBody.\n", i + 1),
        )
    });
    let index =
        term_index(&TestSite::good("one-term").built_once().files(files).build(&[]).page("/companies/"));
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
    let site = TestSite::good(label).built_once();
    write(site.tmp(), "outside/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    write(site.tmp(), "outside/dir/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    let path = site.path(link);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, &path).unwrap();
    let err = site.build_fails();
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
    let site = TestSite::good("briefings-link").built_once();
    write(site.tmp(), "outside/b/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    site.remove("content/briefings");
    symlink("../../outside/b", site.path("content/briefings")).unwrap();
    let err = site.build_fails();
    assert!(err.contains("error: [SITE]/content/briefings"), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
}

// ---------------------------------------------------------------------------
// Output folders
// ---------------------------------------------------------------------------

/// Builds the site `site` of the temporary folder, from that folder, into
/// `out` (as written), expecting a refusal mentioning `why` that changes
/// nothing anywhere around the site.
#[track_caller]
fn refused(site: &TestSite, out: &str, why: &str) {
    let before = digest(site.tmp());
    let run = Invocation::new(["build", "--root", "site", "--out", out]).current_dir(site.tmp()).run();
    assert_eq!(run.code, Some(1), "--out {out}: expected a refusal\n{}", run.stderr);
    assert!(run.stderr.contains(why), "--out {out}: expected {why:?} in\n{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!("error: {out}")),
        "--out {out}: the folder is named as given:\n{}",
        run.stderr
    );
    assert_unchanged(&before, &digest(site.tmp()), &format!("--out {out}"));
}

#[test]
fn output_folders_that_would_replace_the_site_are_refused() {
    let site = TestSite::good("out-refusals")
        .file("templates/partials/card.html.keep", "")
        .file("static/img/logo.svg", "<svg/>");
    symlink("site", site.tmp().join("link-to-site")).unwrap();
    symlink("site/content", site.tmp().join("link-to-content")).unwrap();

    let is_root = "the output folder is the site folder";
    let in_content = "inside the site's `content/` folder";
    for (out, why) in [
        ("site", is_root),
        ("site/", is_root),
        ("./site/.", is_root),
        ("site/content/..", is_root),
        ("site/static/../", is_root),
        ("link-to-site", is_root),
        (".", "contains the site folder"),
        ("..", "contains the site folder"),
        ("site/content", in_content),
        ("site/content/briefings/public", in_content),
        ("link-to-content/public", in_content),
        ("site/templates/public", "inside the site's `templates/` folder"),
        ("site/static", "inside the site's `static/` folder"),
        ("site/content/briefings/good.md", in_content),
    ] {
        refused(&site, out, why);
    }
}

#[test]
fn output_folders_holding_sources_or_unrelated_files_are_refused() {
    let site = TestSite::good("out-foreign");
    let tmp = site.tmp();
    write(tmp, "other-site/content/briefings/theirs.md", GOOD);
    write(tmp, "other-config/site.yaml", "title: Theirs\n");
    write(tmp, "hidden-only/.git/HEAD", "ref: refs/heads/main\n");
    write(tmp, "notes/thesis.txt", "years of work");
    write(tmp, "a-file", "not a folder");
    // A marker file alone does not make a folder of the user's ours.
    write(tmp, "marked-but-mine/.briefing-output/readme.txt", "mine");

    let foreign = "not empty and was not made by `briefing build`";
    for (out, why) in [
        ("other-site", "holds `content`"),
        ("other-config", "holds `site.yaml`"),
        ("hidden-only", foreign),
        ("notes", foreign),
        ("a-file", "not a folder"),
        ("marked-but-mine", foreign),
    ] {
        refused(&site, out, why);
    }
}

/// An output folder that is a symlink to a previous build: the build
/// replaces the target, the link stays a link, the site is untouched.
#[test]
fn an_output_symlink_is_kept_and_its_target_replaced() {
    let site = TestSite::good("out-link").file("site.yaml", "social_cards: false\n");
    let (real, link) = (site.tmp().join("real"), site.out());
    fs::create_dir(&real).unwrap();
    symlink("real", link).unwrap();
    let source = digest(site.root());
    for _ in 0..3 {
        site.build(&[]);
        assert!(fs::symlink_metadata(link).unwrap().file_type().is_symlink(), "the link is still a link");
        assert_eq!(fs::read_link(link).unwrap(), Path::new("real"));
        assert!(real.join("briefings/good/index.html").is_file());
    }
    assert_unchanged(&source, &digest_without_cache(site.root()), "the site, but for its cache");
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
        let site = TestSite::good(label).built_once().file(rel, text);
        let before = digest(site.tmp());
        let run = site.try_build(&[]);
        if run.code == Some(0) {
            for path in digest(site.out()).keys() {
                for part in path.iter() {
                    assert!(part.len() <= 255, "{label}: {} is too long for a file name", path.display());
                }
            }
        } else {
            let err = site.redact(&run.stderr);
            assert_eq!(
                error_paths(&err),
                [format!("[SITE]/{rel}")],
                "{label}: the source file is named:\n{err}"
            );
            assert_unchanged(&before, &digest(site.tmp()), label);
        }
    }
}
