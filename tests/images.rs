//! Images: a fixture site whose images are drawn by this test (nothing is
//! downloaded) — a folder briefing with a hero photo carrying EXIF and GPS
//! data, body images in PNG, GIF, SVG and a static WebP, a flat briefing
//! using an image elsewhere under content/ — built and read back: the
//! variants, their sizes and formats, the markup, the metadata, the cache,
//! `briefing clean`, `check` and `serve`. Every image error is pinned with
//! a snapshot, all reported in one run.

mod common;
mod image_common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use image_common::*;

const BASE_URL: &str = "https://example.org/briefs/";

// ---------------------------------------------------------------------------
// The fixture site
// ---------------------------------------------------------------------------

const BUNDLE: &str = "content/briefings/2024/tops";

const BUNDLE_INDEX: &str = "---
title: Huawei tops the chart
date: 2024-03-05
companies: [Huawei]
topics: [Smartphones]
image:
  src: photo.jpg
  alt: A gradient \"photo\"
  caption: What the photo shows.
  credit: Test credit
---
The first paragraph, with words.

![Sales chart](chart.png \"Sales by brand\")

![A small animation](small.gif)

![](rule.png \"decorative\")

![Logo](logo.svg) and [the data](data.csv) and [the notes](notes/readme.txt).

![Banner](/img/banner.webp) ![Mark](/img/mark.svg) ![Elsewhere](https://example.com/x.png)
";

const FLAT: &str = "---
title: A flat briefing
date: 2024-03-06
image:
  src: shared/wide.png
  decorative: true
---
![A wide picture](shared/wide.png)

Text after an image-only paragraph.
";

fn site(tmp: &TempDir) -> PathBuf {
    let root = tmp.join("site");
    write(&root, &format!("{BUNDLE}/index.md"), BUNDLE_INDEX);
    // Stored 1800 × 1200, turned upright by EXIF orientation 6: 1200 × 1800.
    write(&root, &format!("{BUNDLE}/photo.jpg"), jpeg_with_exif(&photo(1800, 1200), 6));
    write(&root, &format!("{BUNDLE}/chart.png"), encoded(chart(700, 400), ImageFormat::Png));
    write(
        &root,
        &format!("{BUNDLE}/small.gif"),
        encoded(
            DynamicImage::ImageRgba8(RgbaImage::from_pixel(300, 200, Rgba([0, 90, 200, 255]))),
            ImageFormat::Gif,
        ),
    );
    write(
        &root,
        &format!("{BUNDLE}/rule.png"),
        encoded(
            DynamicImage::ImageRgb8(RgbImage::from_pixel(800, 10, Rgb([180, 180, 180]))),
            ImageFormat::Png,
        ),
    );
    write(&root, &format!("{BUNDLE}/unused.png"), encoded(chart(100, 100), ImageFormat::Png));
    write(
        &root,
        &format!("{BUNDLE}/logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#c00"/></svg>"##,
    );
    write(&root, &format!("{BUNDLE}/data.csv"), "brand,share\nHuawei,17\n");
    write(&root, &format!("{BUNDLE}/notes/readme.txt"), "notes");
    write(&root, "content/briefings/2024/flat.md", FLAT);
    write(
        &root,
        "content/briefings/2024/shared/wide.png",
        encoded(DynamicImage::ImageRgb8(photo(2000, 1000)), ImageFormat::Png),
    );
    write(
        &root,
        "static/img/banner.webp",
        encoded(DynamicImage::ImageRgb8(photo(1000, 500)), ImageFormat::WebP),
    );
    write(
        &root,
        "static/img/mark.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32"></svg>"#,
    );
    root
}

/// Builds the fixture into `tmp/out`; returns the root, the output and the run.
fn built(tmp: &TempDir) -> (PathBuf, PathBuf, Run) {
    let root = site(tmp);
    let out = tmp.join("out");
    let run = build(&root, &out, &["--base-url", BASE_URL, "--verbose"]).success();
    (root, out, run)
}

/// The image files of a briefing's output folder, by name.
fn images_of(out: &Path, slug: &str) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(out.join("briefings").join(slug))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .filter(|(name, _)| !name.ends_with(".html"))
        .collect()
}

/// Whether a file of a briefing's folder is its social card (`card-HASH.png`).
fn is_card(name: &str) -> bool {
    name.starts_with("card-") && name.ends_with(".png")
}

/// `(width, ext)` of each variant named `STEM-HASH-WIDTH.EXT` with this stem, sorted.
fn variants(files: &BTreeMap<String, Vec<u8>>, stem: &str) -> Vec<(u32, String)> {
    let mut found: Vec<(u32, String)> = files
        .keys()
        .filter_map(|name| {
            let rest = name.strip_prefix(&format!("{stem}-"))?;
            let (_hash, rest) = rest.split_once('-')?;
            let (width, ext) = rest.split_once('.')?;
            Some((width.parse().ok()?, ext.to_string()))
        })
        .collect();
    found.sort();
    found
}

fn made_and_cached(run: &Run) -> (usize, usize) {
    let line =
        run.stdout.lines().find(|l| l.trim_start().starts_with("images:")).expect("--verbose counts images");
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (numbers[0], numbers[1])
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

#[test]
fn every_raster_image_gets_webp_and_own_format_variants_never_upscaled() {
    let tmp = TempDir::new("images-variants");
    let (_root, out, run) = built(&tmp);
    let files = images_of(&out, "tops");
    let both = |widths: &[u32], own: &str| -> Vec<(u32, String)> {
        let mut v: Vec<(u32, String)> =
            widths.iter().flat_map(|&w| [(w, "webp".to_string()), (w, own.to_string())]).collect();
        v.sort();
        v
    };
    // 1200 wide once upright: not upscaled to 1600.
    assert_eq!(variants(&files, "photo"), both(&[480, 960, 1200], "jpg"));
    assert_eq!(variants(&files, "chart"), both(&[480, 700], "png"));
    assert_eq!(variants(&files, "small"), both(&[300], "png"), "a GIF's fallback is PNG");
    assert_eq!(variants(&files, "rule"), both(&[480, 800], "png"));
    assert_eq!(
        variants(&files, "banner"),
        [(480, "webp".to_string()), (960, "webp".to_string()), (1000, "webp".to_string())]
    );
    assert!(variants(&files, "unused").is_empty(), "an image no briefing shows is not published");
    assert_eq!(variants(&images_of(&out, "flat"), "wide"), both(&[480, 960, 1600], "png"));
    let images = files.iter().filter(|(n, _)| !n.ends_with(".svg") && !n.ends_with(".csv") && !is_card(n));
    for (name, bytes) in images {
        let image = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
        let width: u32 = name.rsplit('-').next().unwrap().split('.').next().unwrap().parse().unwrap();
        assert_eq!(image.width(), width, "{name}");
        if name.starts_with("photo-") {
            assert_eq!(image.height(), width * 3 / 2, "{name}: the EXIF orientation was applied");
        }
        let format = image::guess_format(bytes).unwrap();
        let expected = match name.rsplit('.').next().unwrap() {
            "webp" => ImageFormat::WebP,
            "jpg" => ImageFormat::Jpeg,
            _ => ImageFormat::Png,
        };
        assert_eq!(format, expected, "{name} is in the format its name says");
    }
    assert_eq!(made_and_cached(&run), (6, 0), "{}", run.stdout);
    assert_links_resolve(&out, BASE_URL);
}

#[test]
fn published_images_carry_no_exif_or_gps_data() {
    let tmp = TempDir::new("images-exif");
    let (root, out, _) = built(&tmp);
    let original = fs::read(root.join(BUNDLE).join("photo.jpg")).unwrap();
    assert!(metadata_blocks(&original, "jpg").contains(&"APP1".to_string()), "the test photo has EXIF");
    let mut checked = 0;
    for (rel, bytes) in read_tree(&out) {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["jpg", "png", "webp"].contains(&ext) {
            let blocks = metadata_blocks(&bytes, ext);
            assert!(blocks.is_empty(), "{} holds metadata: {blocks:?}", rel.display());
            assert!(!contains(&bytes, b"Exif\0\0"), "{} holds an EXIF header", rel.display());
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} images were checked");
}

#[test]
fn markup_has_srcset_sizes_dimensions_alt_and_loading() {
    let tmp = TempDir::new("images-markup");
    let (_root, out, _) = built(&tmp);
    let page = read_page(&out, "/briefings/tops/");
    let hero = section(&page, "<figure class=\"hero\">", "</figure>").expect("a hero figure");
    for needle in [
        "<picture><source type=\"image/webp\" srcset=\"/briefs/briefings/tops/photo-",
        "-480.webp 480w, /briefs/briefings/tops/photo-",
        "-1200.webp 1200w\" sizes=\"(min-width: 46rem) 42rem, calc(100vw - 2rem)\">",
        "-1200.jpg\" srcset=\"/briefs/briefings/tops/photo-",
        " width=\"1200\" height=\"1800\" alt=\"A gradient &quot;photo&quot;\" fetchpriority=\"high\" decoding=\"async\"></picture>",
        "<figcaption>What the photo shows. <span class=\"credit\">Test credit</span></figcaption>",
    ] {
        assert!(hero.contains(needle), "no {needle:?} in the hero:\n{hero}");
    }
    assert!(!hero.contains("loading=\"lazy\""), "the hero loads at once");
    assert!(
        page.contains(
            "<meta property=\"og:image\" content=\"https://example.org/briefs/briefings/tops/card-"
        ),
        "{page}"
    );
    let prose = section(&page, "<div class=\"prose\">", "\n  </div>").expect("the body");
    for needle in [
        " width=\"700\" height=\"400\" alt=\"Sales chart\" title=\"Sales by brand\" loading=\"lazy\" decoding=\"async\"></picture>",
        "-300.png 300w\" sizes=",
        " width=\"800\" height=\"10\" alt=\"\" loading=\"lazy\"",
        "<img src=\"/briefs/briefings/tops/logo.svg\" width=\"120\" height=\"40\" alt=\"Logo\" loading=\"lazy\" decoding=\"async\">",
        "<img src=\"/briefs/img/mark.svg\" width=\"64\" height=\"32\" alt=\"Mark\" loading=\"lazy\" decoding=\"async\">",
        // Relative links are written root-relative, to lead the same way on every page.
        "<a href=\"/briefs/briefings/tops/data.csv\">the data</a>",
        "<img src=\"https://example.com/x.png\" alt=\"Elsewhere\" />",
    ] {
        assert!(prose.contains(needle), "no {needle:?} in the body:\n{prose}");
    }
    assert!(!prose.contains("briefing:image"), "every placeholder was replaced:\n{prose}");
    // A WebP original needs no second format: an <img> with a WebP srcset, no <source>.
    let banner = section(prose, "<picture><img src=\"/briefs/briefings/tops/banner-", "</picture>")
        .expect("the banner");
    assert!(banner.contains("-1000.webp 1000w\"") && banner.contains("alt=\"Banner\""), "{banner}");
    // The flat briefing: a decorative hero, and its summary skips the image-only paragraph.
    let flat = read_page(&out, "/briefings/flat/");
    assert!(flat.contains(" alt=\"\" fetchpriority=\"high\""), "{flat}");
    // The page is shared with its social card, not with its hero.
    assert_eq!(flat.matches("property=\"og:image\"").count(), 1, "{flat}");
    assert!(flat.contains("content=\"https://example.org/briefs/briefings/flat/card-"), "{flat}");
    // (The summary comes from the body, so the page shows it once, in the
    // body, and not again as a dek.)
    assert!(
        flat.contains("<meta name=\"description\" content=\"Text after an image-only paragraph.\">"),
        "{flat}"
    );
    assert!(!flat.contains("<p class=\"dek\">"), "{flat}");
    // Feeds carry absolute URLs, srcsets included.
    let atom = fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        atom.contains("srcset=\"https://example.org/briefs/briefings/tops/chart-"),
        "feeds get absolute srcsets"
    );
    assert!(!atom.contains("srcset=\"/"), "no root-relative srcset in the feed");
}

#[test]
fn folder_briefings_publish_their_files_and_svgs_as_they_are() {
    let tmp = TempDir::new("images-bundle");
    let (root, out, _) = built(&tmp);
    let folder = out.join("briefings/tops");
    assert_eq!(
        fs::read(folder.join("logo.svg")).unwrap(),
        fs::read(root.join(BUNDLE).join("logo.svg")).unwrap()
    );
    assert_eq!(fs::read_to_string(folder.join("data.csv")).unwrap(), "brand,share\nHuawei,17\n");
    assert_eq!(fs::read_to_string(folder.join("notes/readme.txt")).unwrap(), "notes");
    assert!(
        !folder.join("photo.jpg").exists() && !folder.join("index.md").exists(),
        "originals stay private"
    );
    assert_eq!(
        fs::read(out.join("img/mark.svg")).unwrap(),
        fs::read(root.join("static/img/mark.svg")).unwrap()
    );
    assert!(!out.join("briefings/index").exists(), "the folder's name is the slug, not `index`");
}

#[test]
fn a_rebuild_makes_nothing_again_and_a_damaged_cache_is_made_again() {
    let tmp = TempDir::new("images-cache");
    let (root, out, _) = built(&tmp);
    let first = read_tree(&out);
    let cache = root.join(".briefing/images");
    let stamps = |dir: &Path| -> BTreeMap<PathBuf, std::time::SystemTime> {
        listing(dir, &[])
            .into_iter()
            .map(|rel| (rel.clone(), fs::metadata(dir.join(&rel)).unwrap().modified().unwrap()))
            .collect()
    };
    let before = stamps(&cache);
    assert!(before.len() > 20, "the cache holds the variants: {before:?}");
    let again = build(&root, &out, &["--base-url", BASE_URL, "--verbose"]).success();
    assert_eq!(made_and_cached(&again), (0, 6), "{}", again.stdout);
    assert_eq!(stamps(&cache), before, "no cache file was written again");
    assert_same_tree(&first, &read_tree(&out), "a rebuild");
    // Damage entries three ways: a variant's bytes, a manifest, a missing file.
    let entries: Vec<PathBuf> = fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    let variant = fs::read_dir(&entries[0])
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some())
        .unwrap();
    let mut bytes = fs::read(&variant).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&variant, bytes).unwrap();
    fs::write(entries[1].join("manifest"), "not a manifest").unwrap();
    let gone = fs::read_dir(&entries[2])
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some())
        .unwrap();
    fs::remove_file(gone).unwrap();
    let repaired = build(&root, &out, &["--base-url", BASE_URL, "--verbose"]).success();
    assert_eq!(made_and_cached(&repaired), (2, 4), "{}", repaired.stdout);
    assert_same_tree(&first, &read_tree(&out), "a build over a damaged cache");
    let fixed = build(&root, &out, &["--base-url", BASE_URL, "--verbose"]).success();
    assert_eq!(made_and_cached(&fixed), (0, 6), "the damaged entries were made again: {}", fixed.stdout);
    // Two builds of the same site into fresh folders are byte-identical,
    // with the cache or without it.
    let fresh = tmp.join("fresh");
    build(&root, &fresh, &["--base-url", BASE_URL]).success();
    assert_same_tree(&first, &read_tree(&fresh), "a build into another folder");
    fs::remove_dir_all(root.join(".briefing")).unwrap();
    let cold = tmp.join("cold");
    build(&root, &cold, &["--base-url", BASE_URL]).success();
    assert_same_tree(&first, &read_tree(&cold), "a build with no cache");
}

#[test]
fn clean_removes_the_cache_and_check_writes_nothing() {
    let tmp = TempDir::new("images-clean");
    let root = site(&tmp);
    let before = read_tree(tmp.path());
    let run = briefing(["check", "--root", root.to_str().unwrap()]).success();
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
    assert_same_tree(&before, &read_tree(tmp.path()), "check writes nothing, not even the cache");
    build(&root, &tmp.join("out"), &[]).success();
    assert!(root.join(".briefing/images").is_dir());
    let run = briefing(["clean", "--root", root.to_str().unwrap()]).success();
    assert!(
        run.stdout.starts_with(&format!("Removed {}", root.join(".briefing").display())),
        "{}",
        run.stdout
    );
    assert!(!root.join(".briefing").exists());
    assert!(root.join(BUNDLE).join("photo.jpg").is_file(), "clean touches nothing else");
    let run = briefing(["clean", "--root", root.to_str().unwrap()]).success();
    assert!(run.stdout.starts_with("Nothing to clean"), "{}", run.stdout);
    let run = briefing(["clean", "--root", tmp.join("nowhere").to_str().unwrap()]);
    assert_eq!(run.code, Some(2), "a --root that does not exist is bad usage: {}", run.stderr);
}

#[test]
fn serve_serves_the_images() {
    let tmp = TempDir::new("images-serve");
    let root = site(&tmp);
    let mut child = Stopped(
        Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start briefing serve"),
    );
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let port: u16 = loop {
        assert!(Instant::now() < deadline, "serve printed no URL");
        let line = lines.next().expect("serve stopped").unwrap();
        if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    let get = |path: &str| -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        (String::from_utf8_lossy(&response[..split]).into_owned(), response[split + 4..].to_vec())
    };
    let (_, page) = get("/briefings/tops/");
    let page = String::from_utf8(page).unwrap();
    let src = attr_values(&page, "src")
        .into_iter()
        .find(|s| s.contains("/photo-") && s.ends_with(".jpg"))
        .expect("the hero");
    let (head, body) = get(&src);
    assert!(
        head.starts_with("HTTP/1.1 200") && head.to_ascii_lowercase().contains("content-type: image/jpeg"),
        "{head}"
    );
    let image = image::load_from_memory(&body).unwrap();
    assert_eq!((image.width(), image.height()), (1200, 1800));
    let webp = srcset_urls(&attr_values(&page, "srcset")[0]);
    let (head, _) = get(&webp[0]);
    assert!(head.to_ascii_lowercase().contains("content-type: image/webp"), "{head}");
}

/// A child process, killed when dropped (a failed assertion included).
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `image: {social: hero}`: link previews and the JSON-LD show the hero's
/// largest variant in its own format, with its size and alt text, and no
/// card is drawn for that briefing; the others keep their cards.
#[test]
fn a_hero_marked_social_stands_in_for_the_card() {
    let tmp = TempDir::new("images-social");
    let root = tmp.join("site");
    write(
        &root,
        "content/briefings/2024/pic/index.md",
        "---\ntitle: Pictured\ndate: 2024-03-05\nimage:\n  src: photo.png\n  alt: A gradient photo\n  social: hero\n---\nText.\n",
    );
    write(
        &root,
        "content/briefings/2024/pic/photo.png",
        encoded(DynamicImage::ImageRgb8(photo(2000, 1000)), ImageFormat::Png),
    );
    write(&root, "content/briefings/2024/plain.md", "---\ntitle: Plain\ndate: 2024-03-06\n---\nText.\n");
    let out = tmp.join("out");
    build(&root, &out, &["--base-url", BASE_URL]).success();

    let html = read_page(&out, "/briefings/pic/");
    let og = |key: &str| {
        let tag = tags(&html).into_iter().find(|t| t.attr("property") == Some(key));
        tag.and_then(|t| t.attr("content").map(str::to_string)).unwrap_or_else(|| panic!("no {key}"))
    };
    let url = og("og:image");
    let file = url.strip_prefix(BASE_URL).expect("absolute, under the base URL");
    assert!(file.starts_with("briefings/pic/photo-") && file.ends_with("-1600.png"), "{url}");
    let decoded =
        image::load_from_memory(&fs::read(out.join(file)).expect("the image is published")).unwrap();
    assert_eq!(og("og:image:width"), decoded.width().to_string());
    assert_eq!(og("og:image:height"), decoded.height().to_string());
    assert_eq!((decoded.width(), decoded.height()), (1600, 800));
    assert_eq!(og("og:image:alt"), "A gradient photo");
    assert_eq!(json_ld(&html)["image"], url.as_str());
    assert!(!images_of(&out, "pic").keys().any(|n| is_card(n)), "no card is drawn for a social hero");
    assert!(images_of(&out, "plain").keys().any(|n| is_card(n)), "the other briefing keeps its card");
    let plain = read_page(&out, "/briefings/plain/");
    assert!(plain.contains(&format!("content=\"{BASE_URL}briefings/plain/card-")), "{plain}");
}
