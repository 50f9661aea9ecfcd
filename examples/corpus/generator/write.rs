//! Writing a corpus to disk: each briefing as a Markdown file with YAML
//! front matter (the project's contract, or Hugo's flavour of it), the
//! company and topic profiles, and for Hugo the site's config and layouts.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::doc::Doc;
use super::names::Term;

/// Where briefing `index` of year `year` goes, relative to the site root.
pub fn briefing_path(year: i64, index: usize) -> PathBuf {
    PathBuf::from(format!("content/briefings/{year}/briefing-{index:06}.md"))
}

/// The folder of briefing `index` of year `year` when it is written as a
/// folder with its images (`index.md` inside), relative to the site root.
pub fn folder_path(year: i64, index: usize) -> PathBuf {
    PathBuf::from(format!("content/briefings/{year}/briefing-{index:06}"))
}

/// Where briefing `index` goes in a Hugo site (one flat section).
pub fn hugo_path(index: usize) -> PathBuf {
    PathBuf::from(format!("content/briefings/briefing-{index:06}.md"))
}

/// `text` as a double-quoted YAML string.
pub fn yaml_str(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml_list(out: &mut String, key: &str, items: &[String], flow: bool) {
    if flow {
        let items: Vec<String> = items.iter().map(|i| yaml_str(i)).collect();
        let _ = writeln!(out, "{key}: [{}]", items.join(", "));
    } else {
        let _ = writeln!(out, "{key}:");
        for item in items {
            let _ = writeln!(out, "  - {}", yaml_str(item));
        }
    }
}

/// The file of a briefing in the project's format.
pub fn briefing_text(doc: &Doc) -> String {
    let mut out = String::with_capacity(doc.body.len() + 1024);
    let _ = writeln!(out, "---\ntitle: {}\ndate: {}", yaml_str(&doc.title), doc.date);
    if let Some(updated) = &doc.updated {
        let _ = writeln!(out, "updated: {updated}");
    }
    if let Some(summary) = &doc.summary {
        let _ = writeln!(out, "summary: {}", yaml_str(summary));
    }
    yaml_list(&mut out, "companies", &doc.companies, doc.flow_lists);
    yaml_list(&mut out, "topics", &doc.topics, doc.flow_lists);
    if !doc.authors.is_empty() {
        yaml_list(&mut out, "authors", &doc.authors, true);
    }
    yaml_list(&mut out, "key_highlights", &doc.highlights, false);
    if !doc.sources.is_empty() {
        out.push_str("sources:\n");
        for (title, url) in &doc.sources {
            let _ = writeln!(out, "  - title: {}\n    url: {url}", yaml_str(title));
        }
    }
    if doc.draft {
        out.push_str("draft: true\n");
    }
    if let Some((region, priority)) = doc.extra {
        let _ = writeln!(out, "extra:\n  region: {}\n  priority: {priority}", yaml_str(region));
    }
    if doc.images {
        out.push_str(&super::newsroom::hero_yaml(&doc.title));
    }
    out.push_str("---\n\n");
    out.push_str(&doc.body);
    if doc.images {
        out.push_str(&super::newsroom::chart_markdown(
            doc.companies.first().map_or("the market", String::as_str),
        ));
    }
    out
}

/// The file of a briefing in a Hugo site: `summary` and `key_highlights`
/// are params that the layouts of `bench/hugo-site/` show.
pub fn hugo_text(doc: &Doc) -> String {
    let mut out = String::with_capacity(doc.body.len() + 1024);
    let _ = writeln!(out, "---\ntitle: {}\ndate: {}", yaml_str(&doc.title), doc.date);
    if let Some(summary) = &doc.summary {
        let _ = writeln!(out, "summary: {}", yaml_str(summary));
    }
    yaml_list(&mut out, "companies", &doc.companies, false);
    yaml_list(&mut out, "topics", &doc.topics, false);
    yaml_list(&mut out, "key_highlights", &doc.highlights, false);
    if doc.draft {
        out.push_str("draft: true\n");
    }
    out.push_str("---\n\n");
    out.push_str(&doc.body);
    out
}

/// The profile file of a company or topic.
pub fn profile_text(term: &Term) -> String {
    let mut out = format!("name: {}\n", yaml_str(&term.name));
    if !term.aliases.is_empty() {
        let aliases: Vec<String> = term.aliases.iter().map(|a| yaml_str(a)).collect();
        let _ = writeln!(out, "aliases: [{}]", aliases.join(", "));
    }
    if let Some(description) = &term.description {
        let _ = writeln!(out, "description: {}", yaml_str(description));
    }
    if let Some(website) = &term.website {
        let _ = writeln!(out, "website: {website}");
    }
    out
}

/// The config and layouts of the Hugo site, as in `bench/hugo-site/` (Hugo 0.146 and later).
pub const HUGO_SITE: &[(&str, &str)] = &[
    ("hugo.yaml", include_str!("../../../bench/hugo-site/hugo.yaml")),
    ("layouts/baseof.html", include_str!("../../../bench/hugo-site/layouts/baseof.html")),
    ("layouts/home.html", include_str!("../../../bench/hugo-site/layouts/home.html")),
    ("layouts/list.html", include_str!("../../../bench/hugo-site/layouts/list.html")),
    ("layouts/single.html", include_str!("../../../bench/hugo-site/layouts/single.html")),
    ("layouts/taxonomy.html", include_str!("../../../bench/hugo-site/layouts/taxonomy.html")),
    ("layouts/term.html", include_str!("../../../bench/hugo-site/layouts/term.html")),
];

/// Writes `text` to `root/rel`; the folder must exist.
pub fn put(root: &Path, rel: &Path, text: &str) -> io::Result<u64> {
    let path = root.join(rel);
    fs::write(&path, text)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
    Ok(text.len() as u64)
}

/// Writes `bytes` to `root/rel`; the folder must exist.
pub fn put_bytes(root: &Path, rel: &Path, bytes: &[u8]) -> io::Result<u64> {
    let path = root.join(rel);
    fs::write(&path, bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
    Ok(bytes.len() as u64)
}

/// Creates `root/rel` and its parents.
pub fn folder(root: &Path, rel: &str) -> io::Result<()> {
    let path = root.join(rel);
    fs::create_dir_all(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())))
}
