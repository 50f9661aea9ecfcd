//! The build cache: the folder `.briefing/` in the site root, where builds
//! keep what is slow to make again (processed images in `images/`, social
//! cards in `cards/`, briefings as parsed in `parsed/`, and the incremental
//! state of each output folder in `state/`), and `briefing clean`, which removes it. Everything in it can be
//! made again from the site's sources, so deleting it is always safe.

mod feed;
pub mod hash;
pub mod parsed;
pub mod state;

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".briefing";

/// The cache folder of the site at `root`.
pub fn dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR)
}

/// Writes the file `name` in `dir` under a temporary name of this process
/// (`.NAME.PID.tmp`) and renames it into place: a build killed while
/// writing leaves the earlier file, and two builds at once each write their
/// own temporary file. On failure the temporary file is removed.
fn write_atomically(
    dir: &Path,
    name: &str,
    contents: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temporary = write_temporary(dir, name, contents)?;
    std::fs::rename(&temporary, dir.join(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// Writes what is to become the file `name` in `dir` under a temporary
/// name of this process (`.NAME.PID.tmp`), which it returns, for the
/// caller to rename into place. On failure the temporary file is removed.
fn write_temporary(
    dir: &Path,
    name: &str,
    contents: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    use std::io::Write as _;
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary).map(std::io::BufWriter::new).and_then(|mut f| {
        contents(&mut f)?;
        f.flush()
    });
    match written {
        Ok(()) => Ok(temporary),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// What `briefing clean` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaned {
    /// There was no cache folder.
    Nothing,
    /// The cache folder held this many files, of this many bytes in all.
    Removed { files: u64, bytes: u64 },
}

/// Removes the cache folder of the site at `root` (absolute, existing;
/// `shown_root` is how the user wrote it, for messages). A `.briefing` that
/// is a file or a symbolic link is not ours: it is left alone and reported.
pub fn clean(root: &Path, shown_root: &Path) -> Result<Cleaned, Diagnostic> {
    let dir = dir(root);
    let shown = shown_root.join(CACHE_DIR);
    let meta = match std::fs::symlink_metadata(&dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cleaned::Nothing),
        Err(e) => return Err(Diagnostic::io(&shown, &e)),
    };
    if !meta.is_dir() {
        return Err(Diagnostic::new(&shown, "this is not briefing's cache folder: it is not a folder").help(
            "briefing keeps its cache in a folder named .briefing; move this file away and run clean again",
        ));
    }
    let (files, bytes) = size(&dir);
    std::fs::remove_dir_all(&dir).map_err(|e| {
        Diagnostic::new(&shown, format!("cannot remove the cache folder: {e}"))
            .help("check its permissions; deleting it by hand is safe")
    })?;
    Ok(Cleaned::Removed { files, bytes })
}

/// The number of files under `dir` and their size in bytes (symbolic links
/// are not followed).
fn size(dir: &Path) -> (u64, u64) {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(files, bytes), e| (files + 1, bytes + e.metadata().map_or(0, |m| m.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_the_folder_and_nothing_else() {
        let root = std::env::temp_dir().join(format!("briefing-clean-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(dir(&root).join("images/ab")).unwrap();
        std::fs::write(dir(&root).join("images/ab/x.webp"), b"12345").unwrap();
        std::fs::write(root.join("site.yaml"), b"title: x\n").unwrap();
        assert_eq!(clean(&root, &root).unwrap(), Cleaned::Removed { files: 1, bytes: 5 });
        assert!(!dir(&root).exists() && root.join("site.yaml").is_file());
        assert_eq!(clean(&root, &root).unwrap(), Cleaned::Nothing);
        std::fs::write(dir(&root), b"not ours").unwrap();
        assert!(clean(&root, &root).is_err());
        assert!(dir(&root).is_file());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
