//! `briefing import hugo|jekyll|zola SRC [--into DIR] [--map FILE]`: the
//! fixture sites in `tests/fixtures/import/` are imported from a temporary
//! copy (run from its folder, so paths in messages are short), the new site
//! is read back and built, each alias page is followed to its briefing, the
//! source is hashed before and after, and the report and every error are
//! pinned with snapshots.

mod common;

use common::*;

/// A fixture copied to `tmp/<name>` and imported into `tmp/out`.
struct Imported {
    tmp: TempDir,
    run: Run,
}

impl Imported {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.tmp.join("out").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn copy(tmp: &TempDir, name: &str) {
    copy_dir(&fixture(&format!("import/{name}")), &tmp.join(name));
}

fn import(generator: &str, name: &str, extra: &[&str]) -> Imported {
    let tmp = TempDir::new(&format!("import-{name}"));
    copy(&tmp, name);
    copy(&tmp, "maps");
    let mut args = vec!["import", generator, name, "--into", "out"];
    args.extend(extra);
    let run = Invocation::new(&args).current_dir(tmp.path()).run();
    Imported { tmp, run }
}

#[test]
fn hugo_front_matter_maps_to_a_briefing() {
    let site = import("hugo", "hugo", &[]);
    let text = site.read("content/briefings/2024/huawei-tops-china.md");
    for line in [
        "title: Huawei tops China's phone market\n",
        "date: 2024-01-28T09:30:00+08:00\n",
        "updated: 2024-02-02\n",
        "summary: Huawei is first again.\n",
        "companies:\n- Huawei\n- Apple\n",
        "topics:\n- Markets\n- Smartphones\n- 5G\n",
        "authors:\n- Li Wei\n",
        "aliases:\n- /2024/01/huawei-tops-china/\n- /posts/huawei/\n- /posts/old-huawei\n",
        "slug: huawei-tops-china\n",
        "extra:\n  weight: 3\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }
    let draft = site.read("content/briefings/2024/draft-note.md");
    assert!(draft.contains("draft: true"), "{draft}");
    let yaml = site.read("site.yaml");
    for line in [
        "title: Example Hugo Blog",
        "base_url: https://blog.example.org/",
        "language: en-gb",
        "raw_html: true",
    ] {
        assert!(yaml.contains(line), "{yaml}");
    }
}

#[test]
fn hugo_shortcodes_links_and_bundles() {
    let site = import("hugo", "hugo", &[]);
    let text = site.read("content/briefings/2024/huawei-tops-china.md");
    assert!(text.contains("[the chip story](../2023/kirin-chip/index.md)"), "{text}");
    assert!(text.contains("![The blog's logo](</images/logo.png> \"Our logo\")"), "{text}");
    assert!(
        text.contains("[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"),
        "{text}"
    );
    assert!(text.contains("{{< tweet user=\"x\" id=\"1\" >}}"), "an unknown shortcode stays: {text}");
    let bundle = site.read("content/briefings/2023/kirin-chip/index.md");
    assert!(bundle.contains("[the market story](../../2024/huawei-tops-china.md#market)"), "{bundle}");
    assert!(bundle.contains("[the same by URL](../../2024/huawei-tops-china.md)"), "{bundle}");
    assert!(bundle.contains("```rust\nfn main() {}\n```"), "{bundle}");
    assert!(bundle.contains("![](<chart.png> \"decorative\")"), "{bundle}");
    assert!(site.tmp.join("out/content/briefings/2023/kirin-chip/die.png").is_file());
    assert!(site.tmp.join("out/static/images/logo.png").is_file());
    let report = site.read("import-report.md");
    assert!(
        report.contains("- `content/posts/huawei-tops.md:20`: shortcode `{{< tweet >}}` left in place"),
        "{report}"
    );
    assert!(
        report.contains(
            "- `content/posts/huawei-tops.md:14`: links to `/about/`, a page that was not imported"
        ),
        "{report}"
    );
}

#[test]
fn jekyll_posts_tags_and_permalinks() {
    let site = import("jekyll", "jekyll", &[]);
    let text = site.read("content/briefings/2024/huawei-tops.md");
    for needle in [
        "date: 2024-01-28 09:30:00 +0800\n",
        "summary: Huawei is first again.\n",
        "topics:\n- markets\n- smartphones\n- 5g\n",
        "authors:\n- Li Wei\n",
        "aliases:\n- /markets/2024/01/28/huawei-tops/\n- /huawei/\n",
        "[the older post](../2023/older.md)",
        "![Chart](/assets/chart.png)",
        "```ruby\nputs \"hi\"\n```",
        "{% include note.html %}",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
    let older = site.read("content/briefings/2023/older.md");
    assert!(older.contains("[the new one](../2024/huawei-tops.md)"), "the baseurl is stripped: {older}");
    assert!(site.read("content/briefings/2024/unfinished.md").contains("draft: true"));
    let yaml = site.read("site.yaml");
    assert!(
        yaml.contains("base_url: https://jekyll.example.org/blog/") && yaml.contains("language: en-US"),
        "{yaml}"
    );
}

#[test]
fn zola_taxonomies_sections_and_paths() {
    let site = import("zola", "zola", &[]);
    let text = site.read("content/briefings/2024/huawei-tops.md");
    for needle in [
        "companies:\n- Huawei\n",
        "topics:\n- Smartphones\n",
        "aliases:\n- /blog/huawei-tops/\n",
        "extra:\n  region: China\n  series:\n  - Phones\n",
        "[the chip post](../2023/kirin/index.md)",
        "![The logo](</img/logo.png>)",
        "[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
    let kirin = site.read("content/briefings/2023/kirin/index.md");
    assert!(
        kirin.contains("aliases:\n- /2023/09/05/kirin-chip/\n- /2023/09/05/kirin-chip.html\n"),
        "{kirin}"
    );
    assert!(kirin.contains("[the market story](../../2024/huawei-tops.md)"), "{kirin}");
    let report = site.read("import-report.md");
    assert!(report.contains("transparent"), "{report}");
    assert!(report.contains("shortcode `{% note(…) %}` left in place"), "{report}");
}

#[test]
fn the_reports_are_pinned() {
    for (generator, name) in [("hugo", "hugo"), ("jekyll", "jekyll"), ("zola", "zola")] {
        let site = import(generator, name, &[]);
        insta::assert_snapshot!(format!("report_{name}"), site.read("import-report.md"));
        insta::assert_snapshot!(
            format!("summary_{name}"),
            format!("exit {:?}\n{}{}", site.run.code, site.run.stdout, site.run.stderr)
        );
    }
}

#[test]
fn every_old_url_redirects_to_its_briefing() {
    let cases: [(&str, &[(&str, &str)]); 3] = [
        (
            "hugo",
            &[
                ("2024/01/huawei-tops-china/", "huawei-tops-china"),
                ("posts/huawei/", "huawei-tops-china"),
                ("posts/old-huawei/", "huawei-tops-china"),
                ("2023/09/kirin-chip/", "kirin-chip"),
            ],
        ),
        (
            "jekyll",
            &[
                ("markets/2024/01/28/huawei-tops/", "huawei-tops"),
                ("huawei/", "huawei-tops"),
                ("2023/05/01/older/", "older"),
            ],
        ),
        (
            "zola",
            &[
                ("blog/huawei-tops/", "huawei-tops"),
                ("2023/09/05/kirin-chip/", "kirin"),
                ("2023/09/05/kirin-chip.html", "kirin"),
            ],
        ),
    ];
    for (name, aliases) in cases {
        let site = import(name, name, &[]);
        let out = site.tmp.join("public");
        let root = site.tmp.join("out");
        build(&root, &out, &["--allow-broken-links", "--drafts"]).success();
        let base = site
            .read("site.yaml")
            .lines()
            .find_map(|l| l.strip_prefix("base_url: ").map(str::to_string))
            .unwrap();
        for (alias, slug) in aliases {
            let file = if alias.ends_with('/') { format!("{alias}index.html") } else { alias.to_string() };
            let page =
                std::fs::read_to_string(out.join(&file)).unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
            let target = format!("{base}briefings/{slug}/");
            assert!(
                page.contains(&format!("url={target}\"")),
                "{name}: {file} does not redirect to {target}:\n{page}"
            );
            assert!(out.join(format!("briefings/{slug}/index.html")).is_file(), "{name}: no page for {slug}");
        }
    }
}

#[test]
fn a_map_file_renames_keys_and_taxonomies_and_picks_sections() {
    let site = import("hugo", "mapped", &["--map", "maps/renames.yaml"]);
    site.run.assert_no_crash();
    assert_eq!(site.run.code, Some(0), "{}{}", site.run.stdout, site.run.stderr);
    let text = site.read("content/briefings/2024/one.md");
    for needle in [
        "summary: The dek.\n",
        "companies:\n- Arm\n- TSMC\n",
        "topics:\n- Chips\n",
        "authors:\n- Ana Silva\n",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
    assert!(!site.tmp.join("out/content/briefings/2024/skip.md").exists());
    assert!(
        site.read("import-report.md")
            .contains("- `content/pages/skip.md`: not in a section the map file imports")
    );
}

#[test]
fn the_source_is_never_modified() {
    for (generator, name) in [("hugo", "hugo"), ("jekyll", "jekyll"), ("zola", "zola")] {
        let tmp = TempDir::new("import-untouched");
        copy(&tmp, name);
        let before = digest(&tmp.join(name));
        Invocation::new(["import", generator, name, "--into", "out"]).current_dir(tmp.path()).run();
        assert_eq!(digest(&tmp.join(name)), before, "{name} changed");
    }
}

/// Runs a failing import and returns its exit status and stderr.
fn fails(args: &[&str], setup: impl FnOnce(&TempDir)) -> (Option<i32>, String) {
    let tmp = TempDir::new("import-errors");
    for name in ["hugo", "bad-yaml", "bad-toml", "maps"] {
        copy(&tmp, name);
    }
    setup(&tmp);
    let run = Invocation::new(args).current_dir(tmp.path()).run();
    assert_ne!(run.code, Some(0), "{args:?} should fail:\n{}", run.stdout);
    (run.code, run.stderr)
}

#[test]
fn errors_name_the_place_and_what_to_do() {
    let none = |_: &TempDir| {};
    let cases: Vec<(&str, Vec<&str>, i32)> = vec![
        ("unknown_generator", vec!["import", "wordpress", "hugo", "--into", "out"], 2),
        ("bad_src", vec!["import", "hugo", "no-such-site", "--into", "out"], 2),
        ("src_is_a_file", vec!["import", "hugo", "maps/renames.yaml", "--into", "out"], 2),
        ("into_inside_src", vec!["import", "hugo", "hugo", "--into", "hugo/new"], 2),
        ("missing_map", vec!["import", "hugo", "hugo", "--into", "out", "--map", "nope.yaml"], 2),
        (
            "map_bad_target",
            vec!["import", "hugo", "hugo", "--into", "out", "--map", "maps/bad-target.yaml"],
            1,
        ),
        (
            "map_unknown_key",
            vec!["import", "hugo", "hugo", "--into", "out", "--map", "maps/unknown-key.yaml"],
            1,
        ),
        ("malformed_yaml", vec!["import", "jekyll", "bad-yaml", "--into", "out"], 1),
        ("malformed_toml", vec!["import", "zola", "bad-toml", "--into", "out"], 1),
    ];
    for (name, args, code) in cases {
        let (got, stderr) = fails(&args, none);
        assert_eq!(got, Some(code), "{name}: {stderr}");
        insta::assert_snapshot!(format!("error_{name}"), stderr);
    }
    let (got, stderr) = fails(&["import", "hugo", "hugo", "--into", "out"], |tmp| {
        std::fs::create_dir_all(tmp.join("out/content/briefings")).unwrap();
    });
    assert_eq!(got, Some(2));
    insta::assert_snapshot!("error_into_holds_briefings", stderr);
}

#[test]
fn a_malformed_post_is_skipped_and_the_rest_converted() {
    let site = import("jekyll", "bad-yaml", &[]);
    assert_eq!(site.run.code, Some(1));
    assert!(
        site.run
            .stderr
            .contains("bad-yaml/_posts/2024-01-02-broken.md:4:1: the YAML front matter cannot be read"),
        "{}",
        site.run.stderr
    );
    assert!(site.tmp.join("out/content/briefings/2024/fine.md").is_file());
    assert!(site.read("import-report.md").contains("## Posts not converted"));
}
