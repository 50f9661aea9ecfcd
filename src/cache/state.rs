//! The incremental state of one output folder (`.briefing/state/`): the key
//! of every page of the build that made the folder (the fingerprint of
//! everything the page was made from), so the next build keeps a page whose
//! key is unchanged instead of rendering it. A state that is missing,
//! damaged, written by another build of `briefing`, or about another
//! output than the one on disk is not used, and the build renders
//! everything.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::hash::{self, Fingerprint};
use crate::error::Diagnostic;

const HEADER: &str = "briefing incremental state 2";

/// Page keys by output path.
#[derive(Debug, Default)]
pub struct State {
    keys: HashMap<String, Fingerprint>,
}

impl State {
    /// The key the file `path` was made with, if it was a page.
    pub fn key(&self, path: &str) -> Option<Fingerprint> {
        self.keys.get(path).copied()
    }
}

/// Where the state of output folder `out` (absolute) is kept, for the site
/// at `root`: one file per output folder, so builds into two folders never
/// write the same state.
pub fn file(root: &Path, out: &Path) -> PathBuf {
    let name = format!("{:032x}", hash::of_bytes(out.as_os_str().as_encoded_bytes()));
    super::dir(root).join("state").join(name)
}

/// Reads the state of `out`, if it describes the output whose marker has
/// fingerprint `live` and was written by this very build of `briefing`.
pub fn load(root: &Path, out: &Path, live: Option<Fingerprint>) -> Option<State> {
    let live = live?;
    let text = fs::read_to_string(file(root, out)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER || lines.next()? != hash::build_id() || Path::new(lines.next()?) != out {
        return None;
    }
    if u128::from_str_radix(lines.next()?, 16).ok()? != live {
        return None;
    }
    let mut keys = HashMap::new();
    for line in lines {
        let (key, path) = line.split_once('\t')?;
        keys.insert(path.to_string(), u128::from_str_radix(key, 16).ok()?);
    }
    Some(State { keys })
}

/// Writes the state of `out` for the output whose marker has fingerprint
/// `marker`: the key of each page. Written under a temporary name and
/// renamed, so a build killed while writing leaves the earlier state, and
/// two builds never write one file.
pub fn save(
    root: &Path,
    out: &Path,
    marker: Fingerprint,
    keys: &[(&str, Fingerprint)],
) -> Result<(), Diagnostic> {
    let path = file(root, out);
    let shown = Path::new(super::CACHE_DIR).join("state");
    let fail = |e: std::io::Error| {
        Diagnostic::new(&shown, format!("cannot write the incremental state: {e}"))
            .help("free some disk space or check the permissions of .briefing/; `briefing clean` removes it")
    };
    let dir = path.parent().unwrap_or(root);
    fs::create_dir_all(dir).map_err(fail)?;
    forget_removed_outputs(dir);
    let mut text = format!("{HEADER}\n{}\n{}\n{marker:032x}\n", hash::build_id(), out.display());
    for (path, key) in keys {
        text.push_str(&format!("{key:032x}\t{path}\n"));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    super::write_atomically(dir, &name, |f| f.write_all(text.as_bytes())).map_err(fail)
}

/// Removes the state of `out`, which a build that keeps no state
/// (`--no-cache`) has made stale.
pub fn forget(root: &Path, out: &Path) {
    let _ = fs::remove_file(file(root, out));
}

/// Removes the states of output folders that no longer exist (a preview
/// built into a temporary folder), so states do not pile up. A state
/// removed while its build is still running (its first build, before the
/// folder exists) only costs that folder's next build a full render.
fn forget_removed_outputs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    // Temporary files (`.PID.tmp`) are another build's, being written.
    for entry in entries.flatten().filter(|e| !e.file_name().to_string_lossy().starts_with('.')) {
        let path = entry.path();
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let out = text.lines().nth(2).filter(|_| text.starts_with(HEADER));
        if out.is_none_or(|out| !Path::new(out).exists()) {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_used_only_for_the_output_it_describes() {
        let root = std::env::temp_dir().join(format!("briefing-state-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let out = root.join("public");
        fs::create_dir_all(&out).unwrap();
        save(&root, &out, 7, &[("index.html", 42), ("a b/index.html", 43)]).unwrap();
        let state = load(&root, &out, Some(7)).unwrap();
        assert_eq!((state.key("index.html"), state.key("a b/index.html")), (Some(42), Some(43)));
        assert!(load(&root, &out, Some(8)).is_none(), "another output");
        assert!(load(&root, &out, None).is_none(), "no output");
        assert!(load(&root, &root.join("elsewhere"), Some(7)).is_none(), "another folder");
        let damaged = fs::read_to_string(file(&root, &out)).unwrap().replace("\t", " ");
        fs::write(file(&root, &out), damaged).unwrap();
        assert!(load(&root, &out, Some(7)).is_none(), "damaged");
        let gone = root.join("preview");
        fs::create_dir_all(&gone).unwrap();
        save(&root, &gone, 9, &[]).unwrap();
        fs::remove_dir_all(&gone).unwrap();
        save(&root, &out, 7, &[]).unwrap();
        assert!(!file(&root, &gone).exists(), "the state of a removed output is forgotten");
        assert!(file(&root, &out).exists());
        fs::remove_dir_all(&root).unwrap();
    }
}
