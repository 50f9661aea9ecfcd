//! Files a post uses, copied into the new site: the source's published
//! folders (`static/`; Jekyll's asset folders) into `static/`, a page
//! bundle's files beside its briefing, and each image found elsewhere.
//! The source is only read.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// Files Jekyll's folders hold that are pages or build input, not files to publish.
const NOT_PUBLISHED: [&str; 12] =
    ["md", "markdown", "html", "htm", "liquid", "scss", "sass", "yml", "yaml", "rb", "lock", "gemspec"];
const IMAGE_EXTS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// What was copied.
#[derive(Debug, Default)]
pub struct Copied {
    pub files: usize,
    pub images: usize,
}

impl Copied {
    fn count(&mut self, path: &Path) {
        self.files += 1;
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if IMAGE_EXTS.contains(&ext.as_str()) {
            self.images += 1;
        }
    }
}

/// Copies `from` (a file of the source) to `to` (a path in the new site `dir`),
/// unless a file is already there.
pub fn copy(from: &Path, dir: &Path, to: &Path, copied: &mut Copied) -> Result<(), Diagnostic> {
    let target = dir.join(to);
    if target.exists() {
        return Ok(());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::copy(from, &target).map_err(|e| Diagnostic::io(&target, &e))?;
    copied.count(to);
    Ok(())
}

/// Every file below `src/folder`, hidden ones skipped, relative to `src/folder`.
fn files_below(src: &Path, folder: &Path) -> Vec<PathBuf> {
    let root = src.join(folder);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(&root).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// Copies the source's published folders into `dir/static/`; `only_assets`
/// (Jekyll) leaves out pages and build input.
pub fn copy_static(
    src: &Path,
    folders: &[PathBuf],
    only_assets: bool,
    dir: &Path,
    copied: &mut Copied,
) -> Result<(), Diagnostic> {
    for folder in folders {
        for rel in files_below(src, folder) {
            let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if only_assets && NOT_PUBLISHED.contains(&ext.as_str()) {
                continue;
            }
            let within = if only_assets { folder.join(&rel) } else { rel.clone() };
            copy(&src.join(folder).join(&rel), dir, &Path::new("static").join(within), copied)?;
        }
    }
    Ok(())
}

/// Copies a page bundle's files (not its Markdown, not nested bundles) beside its new `index.md`.
pub fn copy_bundle(
    src: &Path,
    bundle: &Path,
    new_index: &Path,
    dir: &Path,
    copied: &mut Copied,
) -> Result<(), Diagnostic> {
    let new_folder = new_index.parent().unwrap_or(Path::new(""));
    for rel in files_below(src, bundle) {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let nested = rel
            .ancestors()
            .skip(1)
            .any(|a| !a.as_os_str().is_empty() && src.join(bundle).join(a).join("index.md").is_file());
        if crate::content::is_markdown(ext) || nested {
            continue;
        }
        copy(&src.join(bundle).join(&rel), dir, &new_folder.join(&rel), copied)?;
    }
    Ok(())
}
