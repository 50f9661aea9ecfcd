//! `briefing new` and `briefing init`: files a writer starts from.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::content::BRIEFINGS_DIR;
use crate::error::Diagnostic;
use crate::slug::slugify;

/// Writes `content/briefings/YYYY/<slug>.md` under `root` with today's date
/// and a front-matter skeleton; never overwrites. Returns the path written.
pub fn new_briefing(
    root: &Path,
    title: &str,
    companies: &[String],
    topics: &[String],
    authors: &[String],
    today: chrono::NaiveDate,
) -> Result<PathBuf, Diagnostic> {
    let title = title.trim();
    let slug = slugify(title).ok_or_else(|| {
        Diagnostic::new(BRIEFINGS_DIR, format!("cannot make a file name from the title `{title}`"))
            .help("give a title with letters or digits")
    })?;
    let rel = Path::new(BRIEFINGS_DIR).join(today.year().to_string()).join(format!("{slug}.md"));
    let path = root.join(&rel);
    let text = skeleton(title, companies, topics, today);
    let text = with_authors(text, authors);
    create_new(&path, &text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Diagnostic::new(&path, "this briefing already exists")
            .help("choose another title, or edit the existing file"),
        _ => Diagnostic::io(&path, &e),
    })?;
    Ok(path)
}

fn skeleton(title: &str, companies: &[String], topics: &[String], today: chrono::NaiveDate) -> String {
    format!(
        "---\ntitle: {}\ndate: {today}\n# summary: One-paragraph dek (default: the first paragraph below)\n\
         companies: {}\ntopics: {}\nkey_highlights:\n  - The first point a reader should take away.\n  \
         - The second point.\nsources:\n  - title: Where the facts come from\n    url: https://example.com/\n\
         # draft: true  # uncomment to keep it out of builds until it is ready\n---\n\
         The lead paragraph: what happened and why it matters.\n\n## Background\n\nMore detail.\n",
        quote(title),
        flow_list(companies),
        flow_list(topics),
    )
}

/// The skeleton with an `authors:` line after `topics:`, when there are authors.
fn with_authors(text: String, authors: &[String]) -> String {
    if authors.is_empty() {
        return text;
    }
    let topics_end =
        text.find("\ntopics: ").and_then(|at| text[at + 1..].find('\n').map(|end| at + 1 + end + 1));
    match topics_end {
        Some(at) => format!("{}authors: {}\n{}", &text[..at], flow_list(authors), &text[at..]),
        None => text,
    }
}

/// A YAML double-quoted string.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn flow_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i.trim())).collect();
    format!("[{}]", quoted.join(", "))
}

/// Creates `path` (and its folders) with `text`, failing if it exists.
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}

/// Scaffolds a new publication in `dir`, which must be missing or empty.
/// Returns the files written.
pub fn init(dir: &Path, today: chrono::NaiveDate) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Diagnostic::io(dir, &e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::new(dir, "this folder is not empty")
                .help("`briefing init` starts a publication in a new or empty folder"));
        }
    }
    let year = today.year();
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (format!("{BRIEFINGS_DIR}/{year}/welcome.md"), welcome(today)),
        ("content/companies/example-corp.yaml".into(), COMPANY.into()),
        (".gitignore".into(), "/public\n/.public.*\n/.briefing/\n".into()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        create_new(&path, &text).map_err(|e| Diagnostic::io(&path, &e))?;
        written.push(path);
    }
    Ok(written)
}

const SITE_YAML: &str = "\
# site.yaml: every setting is optional; the values shown are the defaults.

# title: Briefings
# description: Short news and analysis about technology companies.
# author: Briefings                  # named in feeds; defaults to the title
# base_url: http://127.0.0.1:1111/   # set this to where the site is published
# language: en
# paginate_by: 10                    # briefings per list page
# feed_limit: 50                     # entries per feed
# markdown:
#   raw_html: false                  # pass HTML in Markdown through
#   smart_punctuation: true          # curly quotes and dashes
#   highlight_code: true             # colour code blocks at build time
";

const COMPANY: &str = "\
name: Example Corp
aliases: [Example Corporation, ExampleCo]
description: A company profile. Briefings that name it or an alias are filed under it.
website: https://example.com/
";

fn welcome(today: chrono::NaiveDate) -> String {
    format!(
        "---\ntitle: Example Corp opens its first briefing\ndate: {today}\n\
         summary: This is an example briefing; edit it or delete it and write your own.\n\
         companies: [Example Corp]\ntopics: [Getting Started]\nkey_highlights:\n  \
         - \"Every briefing has **key highlights**: the points a reader skims first.\"\n  \
         - Companies and topics get their own pages, timelines and feeds.\n---\n\
         Write the body in Markdown. Run `briefing serve` to see it live while you write,\n\
         and `briefing build` to make the site in `public/`.\n\n## Next steps\n\n\
         - Create a briefing with `briefing new \"Title\" --company \"Name\"`.\n\
         - Describe companies in `content/companies/`.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::briefing;
    use crate::content::markdown::Markdown;

    #[test]
    fn skeleton_parses_as_a_briefing() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let text = skeleton("Huawei \"returns\": part 2", &["Huawei".into()], &["Smartphones".into()], day);
        let b =
            briefing::parse(Path::new("x.md"), &text, &Markdown::new(Config::default().markdown)).unwrap();
        assert_eq!(b.title, "Huawei \"returns\": part 2");
        assert_eq!(b.companies, ["Huawei"]);
        assert_eq!(b.highlights_html.len(), 2);
        let signed = with_authors(text, &["Li Wei".into(), "Maya \"M\" Fischer".into()]);
        let b =
            briefing::parse(Path::new("x.md"), &signed, &Markdown::new(Config::default().markdown)).unwrap();
        assert_eq!(b.authors, ["Li Wei", "Maya \"M\" Fischer"]);
    }

    #[test]
    fn welcome_parses_as_a_briefing() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let b = briefing::parse(Path::new("w.md"), &welcome(day), &Markdown::new(Config::default().markdown));
        assert!(b.is_ok(), "{b:?}");
    }
}
