//! Files that did not load in this run (each is reported on its own): a
//! link to what one of them may define is not reported as broken, since it
//! may be fine once the file loads.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files of a run that did not load, and the words each one holds.
#[derive(Debug, Default)]
pub struct Pending {
    files: HashSet<PathBuf>,
    /// Per file: its name and text as `-lowercase-ascii-words-`, in which a
    /// slug (`-huawei-`, `-mate-60-`) can be looked for.
    words: Vec<String>,
}

impl Pending {
    /// The files at `paths` (relative to `root`), read again as well as they can be.
    pub fn new(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Pending {
        let mut pending = Pending::default();
        for path in paths {
            if !pending.files.insert(path.clone()) {
                continue;
            }
            // Symbolic links are reported, never followed.
            let file = root.join(&path);
            let regular = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
            let text = if regular { std::fs::read(&file).unwrap_or_default() } else { Vec::new() };
            let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
            pending.words.push(format!("-{}-{}-", words(&stem), words(&String::from_utf8_lossy(&text))));
        }
        pending
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `path` (relative to the root) is one of the files.
    pub fn has_file(&self, path: &Path) -> bool {
        self.files.contains(path)
    }

    /// Whether the page at `route` (`briefings/x/`, `companies/huawei/`,
    /// `page/3/`) may exist once the files load: a briefing, company or
    /// topic whose slug one of them holds, or a page of a list they may
    /// lengthen.
    pub fn may_define(&self, route: &str) -> bool {
        if self.files.is_empty() {
            return false;
        }
        if route.starts_with("page/") || route.contains("/page/") {
            return true;
        }
        let mut parts = route.split('/');
        match (parts.next(), parts.next()) {
            (Some("briefings" | "companies" | "topics"), Some(slug)) if !slug.is_empty() => {
                let needle = format!("-{slug}-");
                self.words.iter().any(|w| w.contains(&needle))
            }
            _ => false,
        }
    }
}

/// `text` as lowercase ASCII words joined by `-`, the way slugs are made.
fn words(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_file_may_define_its_slug_and_names() {
        let mut p = Pending::default();
        p.files.insert(PathBuf::from("content/briefings/x.md"));
        p.words.push(format!("-{}-{}-", words("x"), words("title: X\nslug: mate-60\ncompanies: [Huawei]")));
        assert!(p.may_define("briefings/mate-60/") && p.may_define("briefings/x/"));
        assert!(p.may_define("companies/huawei/") && p.may_define("page/4/"));
        assert!(!p.may_define("briefings/mate-70/") && !p.may_define("companies/apple/"));
        assert!(!Pending::default().may_define("briefings/x/"));
    }
}
