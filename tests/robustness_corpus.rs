//! Every family on a generated corpus: 1,000 good briefings
//! (`examples/corpus`, 1,000 briefings, generated in-process) built once with `--future`,
//! then one bad file (or one bad pair) at a time. Each broken build names
//! only the bad file, at its line, and the previous output survives byte
//! for byte with nothing left beside it. Last, hostile but valid files build
//! and come out escaped and neutralised.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use common::*;

/// (family, files to add, the file the error must name first, its line,
/// other files that may be named)
type Scenario = (&'static str, Vec<(String, Vec<u8>)>, &'static str, usize, Vec<String>);

fn scenarios(first_corpus_file: &str, corpus_text: &[u8]) -> Vec<Scenario> {
    let b = |s: &str| s.as_bytes().to_vec();
    let bad = |name: &str| format!("content/briefings/2024/zz-{name}.md");
    vec![
        (
            "1: unknown key",
            vec![(
                bad("unknown"),
                b("---\ntitle: Typo\ndate: 2024-01-28\nkey_highlight:\n  - x\n---\nBody.\n"),
            )],
            "content/briefings/2024/zz-unknown.md",
            4,
            vec![],
        ),
        (
            "1: YAML syntax, CRLF and BOM",
            vec![(
                bad("syntax"),
                b(
                    "\u{feff}---\r\ntitle: Colon\r\ndate: 2024-01-28\r\nsummary: Huawei: back\r\n---\r\nBody.\r\n",
                ),
            )],
            "content/briefings/2024/zz-syntax.md",
            4,
            vec![],
        ),
        (
            "1: not UTF-8",
            vec![(bad("latin1"), b"---\ntitle: Caf\xe9\ndate: 2024-01-28\n---\nBody.\n".to_vec())],
            "content/briefings/2024/zz-latin1.md",
            2,
            vec![],
        ),
        (
            // A copy of a corpus file in another folder: same slug, both named.
            "3: duplicate slug",
            vec![(
                format!(
                    "content/briefings/copy/{}",
                    Path::new(first_corpus_file).file_name().unwrap().to_string_lossy()
                ),
                corpus_text.to_vec(),
            )],
            "",
            1,
            vec![first_corpus_file.to_string()],
        ),
        (
            "4: template error half way",
            vec![(
                "templates/briefing.html".to_string(),
                b(
                    "{% extends \"base.html\" %}\n{% block content %}\n{{ briefing.title }}\n{% if briefing.reading_minutes > 3 %}{{ briefing.nope.deeper }}{% endif %}\n{% endblock content %}\n",
                ),
            )],
            "templates/briefing.html",
            4,
            vec![],
        ),
    ]
}

#[test]
fn one_bad_file_among_a_thousand_is_named_alone_and_the_output_survives() {
    let site = TestSite::new("corpus-bad");
    let corpus = generate_corpus(1000, site.root());
    site.build(&["--future"]);

    let first = corpus_files(site.root()).into_iter().next().expect("a corpus file");
    let first = first.to_string_lossy().into_owned();
    let text = fs::read(site.path(&first)).unwrap();
    let mut all = scenarios(&first, &text);
    // Family 2: three broken files at once, named together, in path order.
    all.push((
        "2: three broken files",
        vec![
            ("content/briefings/2023/zz-b.md".into(), b"---\ntitle: B\n---\n".to_vec()),
            ("content/briefings/2023/zz-a.md".into(), b"---\ntitle: A\ndate: 2023-13-01\n---\n".to_vec()),
            ("content/companies/Bad Name.yaml".into(), b"name: Bad\n".to_vec()),
        ],
        "content/briefings/2023/zz-a.md",
        3,
        vec!["content/briefings/2023/zz-b.md".into(), "content/companies/Bad Name.yaml".into()],
    ));
    for (family, files, named, line, others) in all {
        for (rel, bytes) in &files {
            site.write(rel, bytes);
        }
        // The previous output survives, with nothing left beside it.
        let err = site.build_fails_with(&["--future"]);
        let paths = named_files(&err);
        let mut expected: Vec<String> = others.iter().map(|o| format!("[SITE]/{o}")).collect();
        if named.is_empty() {
            expected.push(format!("[SITE]/{}", files[0].0));
        } else {
            expected.push(format!("[SITE]/{named}"));
            assert!(
                err.starts_with(&format!("error: [SITE]/{named}:{line}:")),
                "{family}: at line {line}:\n{err}"
            );
        }
        let mut got = paths.clone();
        got.sort();
        got.dedup();
        expected.sort();
        assert_eq!(got, expected, "{family}: only the bad file is named:\n{err}");
        for (rel, _) in &files {
            site.remove(rel);
        }
    }

    // Family 3: a symlink out of the site.
    write(site.tmp(), "outside/secret.md", "---\ntitle: SECRET\ndate: 2024-01-01\n---\nSECRET\n");
    let link = site.path("content/briefings/2024/zz-link.md");
    symlink("../../../../outside/secret.md", &link).unwrap();
    let err = site.build_fails_with(&["--future"]);
    assert_eq!(named_files(&err), ["[SITE]/content/briefings/2024/zz-link.md"], "{err}");
    fs::remove_file(&link).unwrap();
    fs::remove_dir_all(site.tmp().join("outside")).unwrap();

    // Families 5 and 6: hostile but valid files build, in time, safely.
    let nested = format!("{}a{}", "[".repeat(20_000), "]".repeat(20_000));
    site.write(
        "content/briefings/2024/zz-hostile.md",
        format!(
            "---\ntitle: \"</script><script>alert(1)</script> & {{{{ get_env(name='HOME') }}}}\"\ndate: 2024-01-28\ncompanies: [Huawei, \"<img src=x onerror=alert(2)>\"]\nkey_highlights:\n  - \"[x](javascript:alert(3)) <b>bold</b>\"\n---\n<script>alert(4)</script>\n\n[y](JaVaScRiPt:alert(5))\n\n{nested}\n\n{}\n",
            "> ".repeat(10_000)
        ),
    );
    let (run, took) = site.build_command(&["--future"]).time_limit(Duration::from_secs(60)).run_timed();
    let run = run.success();
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert_eq!(run.built().0, corpus.published() + 1);
    assert_safe_site(site.out());
    let page = read_page(site.out(), "/briefings/zz-hostile/");
    assert!(page.contains("&lt;script&gt;alert(4)"), "raw HTML shown as text");
    assert!(page.contains("get_env(name="), "template syntax kept as text");
}
