//! `briefing new`, `briefing init` and `briefing check` on fixture sites.

mod common;

use std::fs;

use common::*;

#[test]
fn init_scaffolds_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let site = TestSite::new("init");
    let run = briefing(["init".as_ref(), site.root().as_os_str()]).success();
    assert!(run.stdout.contains("site.yaml"), "{}", run.stdout);
    let config = site.read("site.yaml");
    for key in
        ["title", "description", "author", "base_url", "language", "paginate_by", "feed_limit", "raw_html"]
    {
        assert!(
            config.contains(&format!("# {key}:")) || config.contains(&format!("#   {key}:")),
            "{key} is documented"
        );
    }
    assert!(site.path("content/companies/example-corp.yaml").is_file());
    let built = site.build(&[]);
    let (briefings, _, _) = built.reported();
    assert_eq!(briefings, 1);
    assert!(built.has_page("/companies/example-corp/"));
    assert!(!site.path("templates").exists(), "no templates needed: the built-ins serve");

    let before = read_tree(site.root());
    let run = briefing(["init".as_ref(), site.root().as_os_str()]).failure();
    assert!(run.stderr.contains("this folder is not empty"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(site.root()), "a refused init");
}

#[test]
fn new_writes_a_skeleton_with_todays_date_and_never_overwrites() {
    let site = TestSite::new("new");
    briefing(["init".as_ref(), site.root().as_os_str()]).success();
    let new = [
        "new",
        "Huawei: \"back\" on top",
        "--company",
        "Huawei",
        "--company",
        "Apple",
        "--topic",
        "Smartphones",
    ];
    let run = site.run(new).success();
    let path = std::path::PathBuf::from(run.stdout.trim());
    let year = chrono_year();
    assert!(path.ends_with(format!("content/briefings/{year}/huawei-back-on-top.md")), "{}", path.display());
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: \"Huawei: \\\"back\\\" on top\""), "{text}");
    assert!(
        text.contains("companies: [\"Huawei\", \"Apple\"]") && text.contains("key_highlights:"),
        "{text}"
    );
    let page = site.build(&[]).page("/briefings/huawei-back-on-top/");
    assert!(page.contains("Huawei: “back” on top") || page.contains("Huawei: &quot;back&quot; on top"));

    fs::write(&path, "mine").unwrap();
    let run = site.run(new).failure();
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), "mine");
}

/// The current year as `new` sees it (UTC).
fn chrono_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

#[test]
fn check_passes_a_good_site_and_warns_about_look_alikes_aliases_and_missing_highlights() {
    let site = TestSite::new("check")
        .file("content/companies/huawei.yaml", "name: Huawei\n")
        .file(
            "content/briefings/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ncompanies: [Huawei]\nkey_highlights: [x]\n---\nSee [b](b.md) and [c](/briefings/c/#numbers).\n",
        )
        .file(
            "content/briefings/b.md",
            "---\ntitle: B\ndate: 2024-01-02\ncompanies: [Huawai]\nkey_highlights: [x]\n---\nText.\n",
        )
        .file(
            "content/briefings/c.md",
            "---\ntitle: C\ndate: 2024-01-03\ncompanies: [Huawei Technologies]\n---\n## Numbers\n",
        );
    let run = site.check().success();
    assert!(run.stdout.starts_with("Checked 3 briefings"), "{}", run.stdout);
    assert!(
        run.stderr.contains("b.md:4:12: the company `Huawai` looks like a misspelling of `Huawei`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("c.md:4:12: `Huawei Technologies` looks like `Huawei` but is not one of its aliases"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("c.md:1:1: this briefing has no key highlights"), "{}", run.stderr);
    assert!(run.stderr.lines().all(|l| !l.starts_with("error")), "{}", run.stderr);
}

#[test]
fn check_fails_on_broken_links_files_and_templates_with_every_problem() {
    let links = |label: &str| {
        TestSite::new(label)
            .file(
                "content/briefings/a.md",
                "---\ntitle: A\ndate: 2024-01-01\n---\n[gone](nope.md) [anchor](/briefings/b/#missing)\n",
            )
            .file("content/briefings/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\n## Here\n")
    };
    let site = links("check")
        .file("content/briefings/c.md", "---\ntitle: C\ndate: 2024-01-02\nkey_highlight: [x]\n---\n")
        .file("content/companies/x.yaml", "name: X\nwebsite: example.com\n");
    let run = site.check().failure();
    assert!(run.stderr.contains("c.md:4:1: unknown field `key_highlight`"), "{}", run.stderr);
    assert!(run.stderr.contains("x.yaml:2:10: `example.com` is not a web address"), "{}", run.stderr);

    let run = links("check").check().failure();
    assert!(run.stderr.contains("a.md:5:1: `nope.md` links to no such file"), "{}", run.stderr);
    assert!(
        run.stderr.contains("a.md:5:17: `/briefings/b/#missing`: the briefing has no heading"),
        "{}",
        run.stderr
    );

    let site = TestSite::new("check")
        .file("content/briefings/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n")
        .file(
            "templates/briefing.html",
            "{% extends \"base.html\" %}{% block content %}{{ briefing.nope }}{% endblock content %}",
        );
    let run = site.check().failure();
    assert!(
        run.stderr.contains("templates/briefing.html:1:"),
        "a rendering error names the template: {}",
        run.stderr
    );
}

#[test]
fn check_reports_a_written_slug_that_is_published_slugified() {
    let site = TestSite::new("check").file(
        "content/briefings/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nslug: Huawei_Tops\nkey_highlights: [x]\n---\nText.\n",
    );
    let run = site.check().success();
    assert!(
        run.stderr.contains("a.md:4:7: the slug `Huawei_Tops` is published as `huawei-tops`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_groups_a_warning_repeated_in_many_files_and_lists_them_with_verbose() {
    let site = TestSite::new("check").files((1..=6).map(|i| {
        let companies = format!("[Edition 202{i} Project Group]");
        let text = format!("---\ntitle: T{i}\ndate: 2024-01-0{i}\ncompanies: {companies}\n---\nText.\n");
        (format!("content/briefings/b{i}.md"), text)
    }));
    let run = site.check().success();
    let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(lines.len(), 1, "one line for six missing highlights, no look-alikes: {}", run.stderr);
    assert!(
        lines[0].starts_with("warning: this briefing has no key highlights: 6 files, first ")
            && lines[0].contains("b1.md:1:1, ")
            && lines[0].ends_with("(check --verbose lists every one)"),
        "{}",
        lines[0]
    );
    assert!(run.stdout.contains("6 warnings"), "{}", run.stdout);
    let verbose = site.run(["check", "--verbose"]);
    let all = verbose.success().stderr.lines().filter(|l| l.starts_with("warning")).count();
    assert_eq!(all, 6);
}
