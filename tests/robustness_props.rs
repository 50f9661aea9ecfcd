//! Property tests (proptest, stable Rust): the front-matter splitter, the
//! slugger and the briefing parser never panic on any input; slugs are
//! always `[a-z0-9-]+` with no leading, trailing or doubled dash; a built
//! briefing shows exactly the title and highlights it was given.

mod common;

use std::path::Path;

use briefing::content::frontmatter::{SplitError, split};
use briefing::content::markdown::Markdown;
use briefing::slug::{is_slug, slugify};
use briefing::walk::normalize;
use proptest::prelude::*;

use common::{TestSite, decode_entities, read_json, read_page, section};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Text made of the pieces that matter to a front-matter splitter.
fn fence_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---".to_string()),
        Just("--- ".to_string()),
        Just("...".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just(" ".to_string()),
        Just("title: x".to_string()),
        Just("date: 2024-01-28".to_string()),
        "[a-z:# \\-\"']{0,8}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// A YAML double-quoted scalar holding exactly `text`: every character
/// outside printable ASCII is written as an escape, so that YAML's line
/// breaks (U+0085, U+2028…) and BOMs cannot change it.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_splitter_never_panics(text in any::<String>()) {
        let normal = normalize(&text);
        prop_assert!(!normal.contains('\r'), "no CR is left");
        check_split(&normal)?;
        let _ = split(&text);
    }

    #[test]
    fn the_splitter_never_panics_on_fences(text in fence_soup()) {
        check_split(&normalize(&text))?;
    }

    #[test]
    fn slugs_are_always_lowercase_ascii_words(text in any::<String>()) {
        check_slug(&text)?;
    }

    #[test]
    fn slugs_of_names_in_any_script(text in "[\\p{L}\\p{N}\\p{P}\\p{S}\\p{Z}\\p{M}]{0,24}") {
        check_slug(&text)?;
    }

    #[test]
    fn case_does_not_change_a_slug(text in "[A-Za-z\u{c0}-\u{d6}\u{d8}-\u{f6}\u{f8}-\u{ff}\u{410}-\u{44f}0-9 .&'-]{0,24}") {
        prop_assert_eq!(slugify(&text.to_uppercase()), slugify(&text.to_lowercase()), "{:?}", text);
    }

    #[test]
    fn the_parser_never_panics(text in any::<String>()) {
        let _ = parse_quietly(&text);
    }

    #[test]
    fn the_parser_never_panics_on_front_matter(
        fields in prop::collection::vec((field_name(), field_value()), 0..10),
        body in "\\PC{0,60}",
        crlf in any::<bool>(),
    ) {
        let mut text = String::from("---\n");
        for (k, v) in &fields {
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str("---\n");
        text.push_str(&body);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let lines = text.lines().count().max(1);
        if let Err(d) = parse_quietly(&text)
            && let Some((line, col)) = d.position()
        {
            let line = usize::try_from(line).unwrap_or(usize::MAX);
            prop_assert!(line >= 1 && col >= 1, "{d}");
            prop_assert!(line <= lines + 1, "line {line} of a {lines}-line file: {d}");
        }
    }
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title".to_string()),
        Just("date".to_string()),
        Just("updated".to_string()),
        Just("summary".to_string()),
        Just("companies".to_string()),
        Just("topics".to_string()),
        Just("key_highlights".to_string()),
        Just("sources".to_string()),
        Just("slug".to_string()),
        Just("draft".to_string()),
        Just("extra".to_string()),
        "[a-z_]{1,12}",
    ]
}

fn field_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024-01-28".to_string()),
        Just("2024-02-30".to_string()),
        Just("2024-01-28T09:30:00+08:00".to_string()),
        Just("[a, b]".to_string()),
        Just("[[a]]".to_string()),
        Just("{a: 1}".to_string()),
        Just("true".to_string()),
        Just("~".to_string()),
        Just("|\n  block\n  ---\n".to_string()),
        Just("\n  - one\n  - two".to_string()),
        Just("\n  - title: t\n    url: https://e.com/".to_string()),
        Just("&a [x, *a]".to_string()),
        "\\PC{0,20}",
        "\"[^\"\\\\]{0,20}\"",
    ]
}

/// Names that differ only in case are one term, in every script.
#[test]
fn case_does_not_change_a_slug_in_any_script() {
    for (upper, lower) in [("Ღ", "ღ"), ("ႰႤ", "ⴐⴄ")] {
        assert_eq!(slugify(upper), slugify(lower), "{upper} / {lower}");
    }
}

fn check_split(text: &str) -> Result<(), TestCaseError> {
    match split(text) {
        Ok(s) => {
            prop_assert_eq!(s.yaml_line, 2);
            prop_assert!(text.starts_with("---"));
            prop_assert!(text.ends_with(s.body), "the body is the end of the file");
            let yaml_at = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
            prop_assert!(
                yaml_at + s.yaml.len() <= text.len() - s.body.len(),
                "the YAML comes before the body"
            );
            prop_assert!(
                !s.yaml.lines().any(|l| l.trim_end() == "---"),
                "the YAML holds no fence: {:?}",
                s.yaml
            );
        }
        Err(SplitError::Empty) => prop_assert!(text.trim().is_empty()),
        Err(SplitError::NoOpening | SplitError::Unclosed) => prop_assert!(!text.trim().is_empty()),
    }
    Ok(())
}

fn check_slug(text: &str) -> Result<(), TestCaseError> {
    match slugify(text) {
        Some(slug) => {
            prop_assert!(
                !slug.is_empty()
                    && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{:?} -> {:?}",
                text,
                slug
            );
            prop_assert!(is_slug(&slug), "{:?} -> {:?} has a leading, trailing or doubled dash", text, slug);
            prop_assert_eq!(slugify(&slug), Some(slug.clone()), "a slug is its own slug");
        }
        None => {
            prop_assert!(!has_ascii_alnum(text), "{:?} has letters or digits but no slug", text);
        }
    }
    Ok(())
}

/// Whether `text` has an ASCII letter or digit (a name with one always has
/// a slug; other scripts may or may not transliterate).
fn has_ascii_alnum(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphanumeric())
}

fn parse_quietly(text: &str) -> Result<briefing::content::Briefing, briefing::Diagnostic> {
    let markdown = Markdown::new(briefing::Config::default().markdown);
    briefing::content::briefing::parse(Path::new("content/briefings/p.md"), text, &markdown)
}

// ---------------------------------------------------------------------------
// Round trip through a real build
// ---------------------------------------------------------------------------

/// A highlight that Markdown shows as written: words of letters, digits and
/// punctuation that starts no Markdown construct (no `*_[]`#\~:;`, no line
/// starting with a list or quote marker).
fn highlight() -> impl Strategy<Value = String> {
    let word = "[\\p{L}\\p{N}][\\p{L}\\p{N}<>&\"'/(),.?!%=+@$]{0,8}";
    prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "))
}

fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        any::<String>().prop_map(|s| s.chars().filter(|c| !c.is_control()).take(40).collect::<String>()),
        Just("</script><script>alert(1)</script> & \"q\" 'a' ]]>".to_string()),
    ]
    .prop_filter("a title has text", |t| !t.trim().is_empty())
}

proptest! {
    #![proptest_config(config(40))]

    #[test]
    fn a_built_page_shows_its_title_and_highlights(
        title in title(),
        highlights in prop::collection::vec(highlight(), 0..4),
    ) {
        let list: String = highlights.iter().map(|h| format!("  - {}\n", yaml_quoted(h))).collect();
        let list = if highlights.is_empty() { String::new() } else { format!("key_highlights:\n{list}") };
        let site = TestSite::new("prop-build").file("site.yaml", "markdown: {smart_punctuation: false}\n").file(
            "content/briefings/p.md",
            format!("---\ntitle: {}\ndate: 2024-01-28\ncompanies: [Acme]\n{list}---\nBody.\n", yaml_quoted(&title)),
        );
        let run = site.try_build(&[]);
        prop_assert_eq!(run.code, Some(0), "{}", run.stderr);

        let page = read_page(site.out(), "/briefings/p/");
        let open = "<h1 class=\"briefing-title\">";
        let h1 = section(&page, open, "</h1>").expect("a title");
        prop_assert_eq!(decode_entities(&h1[open.len()..h1.len() - 5]), title.trim());
        let shown: Vec<String> = match section(&page, "<section class=\"key-highlights\"", "</section>") {
            Some(list) => list
                .split("<li>")
                .skip(1)
                .map(|li| decode_entities(li.split("</li>").next().unwrap_or_default()))
                .collect(),
            None => Vec::new(),
        };
        prop_assert_eq!(shown, highlights);
        let feed = read_json(&site.out().join("feed.json"));
        prop_assert_eq!(feed["items"][0]["title"].as_str(), Some(title.trim()));
    }
}
