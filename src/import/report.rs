//! `import-report.md`: the figures, whether the new site builds and what
//! stands in the way, and every shortcode, link, image and key that was not
//! converted, by source file and line, each with what to do.

use std::fmt::Write;
use std::path::PathBuf;

use super::edits::{Note, Topic};
use crate::error::Diagnostic;

/// Everything the report says.
#[derive(Debug, Default)]
pub struct Figures {
    pub generator: String,
    pub src: PathBuf,
    pub into: PathBuf,
    /// The source's configuration file, when it has one.
    pub config: Option<PathBuf>,
    pub posts: usize,
    pub drafts: usize,
    pub aliases: usize,
    pub files: usize,
    pub images: usize,
    /// Posts that could not be read.
    pub failed: Vec<Diagnostic>,
    pub listed: Vec<(PathBuf, String)>,
    pub notes: Vec<Note>,
    /// `None` when the new site passes `briefing check`; else its problems.
    pub blockers: Option<Vec<String>>,
    pub warnings: usize,
}

const SECTIONS: [(Topic, &str, &str); 5] = [
    (
        Topic::Post,
        "Posts: old URLs and slugs",
        "Changes made so that every post has a slug and old URL of its own.",
    ),
    (
        Topic::Shortcode,
        "Shortcodes and template tags left in place",
        "The new site shows them as text until they are rewritten.",
    ),
    (
        Topic::Link,
        "Links to pages that were not imported",
        "Links to other imported posts were rewritten to their new files; these were left as written.",
    ),
    (Topic::Image, "Images", "Every other image was found and copied."),
    (
        Topic::Key,
        "Front matter keys not converted",
        "Kept under `extra:` (templates can read them) unless the line says otherwise.",
    ),
];

/// The report's Markdown.
pub fn markdown(f: &Figures) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Import report\n");
    let _ = writeln!(
        out,
        "From the {} site at `{}` into `{}`.\n",
        f.generator,
        f.src.display(),
        f.into.display()
    );
    match &f.config {
        Some(config) => {
            let _ = writeln!(
                out,
                "Settings (title, URL, language, permalinks) read from `{}`.\n",
                config.display()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "The source has no configuration file: default settings and URLs were assumed.\n"
            );
        }
    }
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(
        out,
        "| posts converted | {} ({} {}) |",
        f.posts,
        f.drafts,
        if f.drafts == 1 { "draft" } else { "drafts" }
    );
    let _ = writeln!(out, "| posts not converted | {} |", f.failed.len());
    let _ = writeln!(out, "| old URLs kept as aliases | {} |", f.aliases);
    let _ = writeln!(out, "| files copied | {} ({} images) |", f.files, f.images);
    let _ = writeln!(out, "| pages listed, not converted | {} |", f.listed.len());
    let _ = writeln!(out, "| things left to look at | {} |\n", f.notes.len());
    let _ = writeln!(out, "## Does the new site build?\n");
    match &f.blockers {
        None => {
            let _ = writeln!(
                out,
                "Yes: it passes `briefing check` ({} warnings; run it to read them).",
                f.warnings
            );
        }
        Some(problems) => {
            let _ = writeln!(
                out,
                "Not yet: `briefing check --root {}` finds these problems. Everything converted is on disk; \
                `briefing build --allow-broken-links --root {}` (or `briefing serve`) previews the site when broken links are all that stands in the way.\n",
                f.into.display(),
                f.into.display()
            );
            let _ = writeln!(out, "```");
            for p in problems {
                let _ = writeln!(out, "{p}");
            }
            let _ = writeln!(out, "```");
        }
    }
    let _ = writeln!(
        out,
        "\nNo post was given key highlights: import never invents them, and `briefing check` warns about each briefing without them."
    );
    if !f.failed.is_empty() {
        let _ = writeln!(out, "\n## Posts not converted\n");
        for d in &f.failed {
            let help = d.help.as_deref().map(|h| format!(" — {h}")).unwrap_or_default();
            let _ = writeln!(out, "- `{}`: {}{help}", d.location, d.message);
        }
    }
    for (topic, title, intro) in SECTIONS {
        let notes: Vec<&Note> = f.notes.iter().filter(|n| n.topic == topic).collect();
        if notes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {title} ({})\n\n{intro}\n", notes.len());
        for n in notes {
            let _ = writeln!(out, "- `{}:{}`: {}. *To do:* {}.", n.file, n.line, n.what, n.todo);
        }
    }
    if !f.listed.is_empty() {
        let _ = writeln!(out, "\n## Pages listed, not converted ({})\n", f.listed.len());
        for (path, why) in &f.listed {
            let _ = writeln!(out, "- `{}`: {why}", path.display());
        }
    }
    out
}
