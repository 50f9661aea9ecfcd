//! Image errors: every way an image can be wrong, in one broken site,
//! reported in one run at each image's place (the `image:` key, or the
//! Markdown image) with what to do, pinned by a snapshot; `check` finds the
//! same; nothing is written.

mod common;
mod image_common;

use image::ImageFormat;

use common::*;
use image_common::*;

/// Briefings with every kind of image problem, beside a good one: all are
/// reported in one run, each at its place, and nothing is written.
#[test]
fn every_image_problem_is_reported_in_one_run_as_pinned() {
    let tmp = TempDir::new("images-errors");
    let root = tmp.join("site");
    write(&root, "content/briefings/2024/good.md", "---\ntitle: Good\ndate: 2024-01-10\n---\nFine.\n");
    write(
        &root,
        "content/briefings/2024/bad/index.md",
        "---\ntitle: Bad images\ndate: 2024-01-11\nimage:\n  src: hero.png\n---\n\
         ![](chart.png)\n\n![Missing](nowhere.png)\n\n![Broken](broken.png) ![Not an image](notes.pdf)\n\n\
         ![Huge](huge.jpg) ![Bitmap](scan.bmp) ![Outside](../../../../site.yaml)\n\n![Static](/img/none.png)\n",
    );
    write(&root, "content/briefings/2024/bad/hero.png", encoded(chart(40, 20), ImageFormat::Png));
    write(&root, "content/briefings/2024/bad/chart.png", encoded(chart(40, 20), ImageFormat::Png));
    let mut broken = encoded(chart(64, 64), ImageFormat::Png);
    broken.truncate(broken.len() / 2);
    write(&root, "content/briefings/2024/bad/broken.png", broken);
    write(&root, "content/briefings/2024/bad/notes.pdf", "%PDF-1.4 not an image");
    write(&root, "content/briefings/2024/bad/huge.jpg", huge_jpeg_header());
    // The start of a BMP file: known by its first bytes, not published.
    write(&root, "content/briefings/2024/bad/scan.bmp", b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0");
    write(
        &root,
        "content/briefings/2024/remote.md",
        "---\ntitle: Remote hero\ndate: 2024-01-12\nimage: {src: \"https://example.com/x.png\", alt: A photo}\n---\nText.\n",
    );
    let out = tmp.join("out");
    let run = build(&root, &out, &[]).failure();
    assert!(!out.exists(), "a failed build created the output folder");
    let report = run.stderr.replace(&root.display().to_string(), "[SITE]");
    insta::assert_snapshot!("image_problems", report);
    // `check` finds the same problems and writes nothing.
    let check = briefing(["check", "--root", root.to_str().unwrap()]).failure();
    assert_eq!(
        check.stderr.lines().filter(|l| l.starts_with("error: ")).count(),
        run.stderr.lines().filter(|l| l.starts_with("error: ")).count(),
        "{}",
        check.stderr
    );
}

/// `image:` is checked like the rest of the front matter: an unknown key
/// gets a suggestion, a bare file name asks for the mapping, and `social:`
/// is `card` or `hero`, the hero then needing alt text and a raster format.
#[test]
fn the_image_key_is_strict_as_pinned() {
    let cases = [
        ("image_key_misspelt", "image:\n  src: chart.png\n  alt: A chart\n  captoin: Sales\n"),
        ("image_key_is_a_file_name", "image: chart.png\n"),
        ("image_key_without_src", "image:\n  alt: A chart\n"),
        ("image_social_unknown", "image:\n  src: chart.png\n  alt: A chart\n  social: banner\n"),
        ("image_social_decorative", "image:\n  src: chart.png\n  decorative: true\n  social: hero\n"),
        ("image_social_svg", "image:\n  src: logo.svg\n  alt: The logo\n  social: hero\n"),
    ];
    for (name, image) in cases {
        let tmp = TempDir::new("images-key");
        let root = tmp.join("site");
        write(
            &root,
            "content/briefings/2024/x/index.md",
            format!("---\ntitle: X\ndate: 2024-01-10\n{image}---\nText.\n"),
        );
        write(&root, "content/briefings/2024/x/chart.png", encoded(chart(40, 20), ImageFormat::Png));
        write(
            &root,
            "content/briefings/2024/x/logo.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"></svg>"#,
        );
        let out = tmp.join("out");
        let run = build(&root, &out, &[]).failure();
        assert!(!out.exists(), "{name}: a failed build created the output folder");
        insta::assert_snapshot!(name, run.stderr.replace(&root.display().to_string(), "[SITE]"));
    }
}

/// A build that fails on an image leaves the previous build as it was.
#[test]
fn a_broken_image_leaves_the_previous_build_untouched() {
    let tmp = TempDir::new("images-untouched");
    let root = tmp.join("site");
    write(
        &root,
        "content/briefings/2024/x/index.md",
        "---\ntitle: X\ndate: 2024-01-10\n---\n![A chart](chart.png)\n",
    );
    write(&root, "content/briefings/2024/x/chart.png", encoded(chart(600, 300), ImageFormat::Png));
    let out = tmp.join("out");
    build(&root, &out, &[]).success();
    let before = read_tree(&out);
    let mut broken = encoded(chart(600, 300), ImageFormat::Png);
    broken.truncate(200);
    write(&root, "content/briefings/2024/x/chart.png", broken);
    let run = build(&root, &out, &[]).failure();
    assert!(run.stderr.contains("x/index.md:5:1: the image `chart.png` cannot be read"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&out), "the output after a failed build");
}
