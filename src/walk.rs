//! Finding and reading a site's source files (content, templates, static
//! files): a walk that skips hidden files and refuses symlinks, UTF-8 reading
//! with the position of a bad byte, line endings folded, and a file's name
//! inside its folder.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;

/// A source file read into memory.
#[derive(Debug)]
pub struct Source {
    /// Relative to the site root, for messages and stable ordering.
    pub path: PathBuf,
    pub text: String,
}

/// Relative paths of the files under `root/dir` whose extension is one of
/// `exts`, in any case (any file when `exts` is empty), sorted; `max_depth` 1 means the folder itself only. Hidden files,
/// editor backups and symlinks are skipped; symlinks are reported.
pub fn find(root: &Path, dir: &str, exts: &[&str], max_depth: usize) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let found = find_all(root, dir, exts, max_depth);
    (found.files, found.problems)
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// The files wanted, sorted.
    pub files: Vec<PathBuf>,
    /// The other files (not hidden, not an editor's leftover, not a
    /// symlink) whose extension is not wanted, sorted.
    pub others: Vec<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

/// [`find`], also listing the files it passes over.
pub fn find_all(root: &Path, dir: &str, exts: &[&str], max_depth: usize) -> Found {
    let base = root.join(dir);
    let mut found = Found::default();
    let Found { files, others, problems } = &mut found;
    if !base.is_dir() {
        return found;
    }
    let walker = WalkDir::new(&base)
        .follow_links(false)
        .max_depth(max_depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or(".")));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_else(|| PathBuf::from(dir));
                problems.push(Diagnostic::new(path, "cannot read this folder entry"));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::new(rel, "symbolic links are not followed")
                    .help("copy the file into the site instead of linking to it"),
            );
            continue;
        }
        let ext = entry.path().extension().and_then(|e| e.to_str());
        let wanted = entry.file_type().is_file()
            && (exts.is_empty() || ext.is_some_and(|e| exts.iter().any(|x| x.eq_ignore_ascii_case(e))));
        if wanted {
            files.push(rel);
        } else if entry.file_type().is_file() {
            others.push(rel);
        }
    }
    found
}

/// Hidden files and folders, and the leftovers editors write beside a file.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `rel` (a path below the site root inside `dir`) as a name inside `dir`,
/// with `/` separators on every system: `templates/partials/x.html` ->
/// `partials/x.html`.
pub fn name_within(dir: &str, rel: &Path) -> String {
    rel.strip_prefix(dir).unwrap_or(rel).to_string_lossy().replace('\\', "/")
}

/// Line endings folded to `\n` and a leading byte-order mark dropped, so a
/// file saved on Windows builds exactly like one saved on Linux.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Reads `root/rel` as UTF-8; an invalid byte is reported at its line and column.
pub fn read(root: &Path, rel: &Path) -> Result<Source, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| Diagnostic::io(rel, &e))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { path: rel.to_path_buf(), text }),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::new(rel, "this file is not valid UTF-8 text")
                .at(line, col)
                .help("save it with UTF-8 encoding"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_normalize() {
        let text = normalize("\u{feff}---\r\ntitle: x\r\n---\r\nBody\r\n");
        assert_eq!(text, "---\ntitle: x\n---\nBody\n");
    }

    #[test]
    fn names_inside_a_folder() {
        assert_eq!(name_within("templates", Path::new("templates/partials/x.html")), "partials/x.html");
        assert_eq!(name_within("static", Path::new("static/style.css")), "style.css");
    }
}
