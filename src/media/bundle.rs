//! The files of a briefing written as a folder (`2024/huawei-tops/index.md`
//! and what is beside it), as in Hugo's page bundles. They are the
//! briefing's: every one but the Markdown (briefings of their own) and the
//! raster images (published as resized variants when the briefing shows
//! them, since the originals carry metadata) is published beside the page
//! as it is, so `[the data](data.csv)` works. A subfolder with an `index.md`
//! of its own is another briefing's.

use std::path::{Path, PathBuf};

use crate::content::is_markdown;
use crate::walk;

/// The extensions of images published as variants, never as they are.
pub const RASTER_EXTS: [&str; 5] = ["png", "jpg", "jpeg", "gif", "webp"];

/// Whether the file at `path` is a raster image, by its name.
pub fn is_raster(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RASTER_EXTS.iter().any(|r| r.eq_ignore_ascii_case(e)))
}

/// The files of the briefing in `folder` (relative to `root`) to publish as
/// they are: each as its path from the site root and its name inside the
/// folder (`data/x.csv`), sorted.
pub fn files(root: &Path, folder: &Path) -> Vec<(PathBuf, String)> {
    let dir = walk::name_within("", folder);
    let (found, _symlinks_reported_by_the_content_walk) = walk::find(root, &dir, &[], usize::MAX);
    found
        .into_iter()
        .filter(|rel| !is_raster(rel))
        .filter(|rel| !rel.extension().and_then(|e| e.to_str()).is_some_and(is_markdown))
        .filter(|rel| !in_other_bundle(root, folder, rel))
        .map(|rel| {
            let name = walk::name_within(&dir, &rel);
            (rel, name)
        })
        .collect()
}

/// Whether `rel` is inside a subfolder of `folder` that is a briefing itself.
fn in_other_bundle(root: &Path, folder: &Path, rel: &Path) -> bool {
    rel.ancestors()
        .skip(1)
        .take_while(|dir| *dir != folder && dir.starts_with(folder))
        .any(|dir| has_index(&root.join(dir)))
}

fn has_index(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let name = PathBuf::from(e.file_name());
            name.file_stem().is_some_and(|s| s == "index")
                && name.extension().and_then(|x| x.to_str()).is_some_and(is_markdown)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folders_files() {
        let root = std::env::temp_dir().join(format!("briefing-bundle-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let folder = Path::new("content/briefings/2024/tops");
        for file in [
            "index.md",
            "notes.md",
            "chart.PNG",
            "logo.svg",
            "data/x.csv",
            "inner/index.md",
            "inner/y.csv",
            ".hidden",
        ] {
            let path = root.join(folder).join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let names: Vec<String> = files(&root, folder).into_iter().map(|(_, name)| name).collect();
        assert_eq!(names, ["data/x.csv", "logo.svg"]);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
