//! Atomic output: write the whole site into a staging folder beside the
//! output folder, then swap it in only when everything succeeded.

use std::fs;
use std::path::{Path, PathBuf};

use super::guard::{MARKER, MARKER_TEXT};
use crate::error::Diagnostic;

/// A build in progress.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    shown: PathBuf,
}

impl Staging {
    /// Starts a fresh staging folder for `out` (an absolute path checked by
    /// the guard); `shown` is how `out` is named in messages.
    pub fn begin(out: &Path, shown: &Path) -> Result<Staging, Diagnostic> {
        let dir = sibling(out, "staging");
        let staging = Staging { out: out.to_path_buf(), dir, shown: shown.to_path_buf() };
        staging.discard_leftover(&staging.dir)?;
        fs::create_dir_all(&staging.dir).map_err(|e| Diagnostic::io(shown, &e))?;
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes `rel` (a `/`-separated path from the generator, never from
    /// user input) into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| self.io(rel, &e))?;
        }
        fs::write(&path, bytes).map_err(|e| self.io(rel, &e))
    }

    /// Whether the staging folder already holds `rel`.
    pub fn contains(&self, rel: &Path) -> bool {
        self.dir.join(rel).exists()
    }

    pub fn copy_in(&self, from: &Path, rel: &Path) -> Result<(), Diagnostic> {
        let to = self.dir.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| Diagnostic::io(rel, &e))?;
        }
        fs::copy(from, &to).map(|_| ()).map_err(|e| Diagnostic::io(rel, &e))
    }

    /// Swaps the finished build in for the previous one.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let old = sibling(&self.out, "old");
        self.discard_leftover(&old)?;
        if self.out.exists() {
            fs::rename(&self.out, &old).map_err(|e| Diagnostic::io(&self.shown, &e))?;
        }
        fs::rename(&self.dir, &self.out).map_err(|e| Diagnostic::io(&self.shown, &e))?;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| Diagnostic::io(&old, &e))?;
        }
        Ok(())
    }

    /// Drops the staging folder of a failed build.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }

    /// Removes a staging or old folder left by an interrupted build; only
    /// ever one that carries our marker.
    fn discard_leftover(&self, dir: &Path) -> Result<(), Diagnostic> {
        if !dir.exists() {
            return Ok(());
        }
        let ours = dir.join(MARKER).is_file() || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none());
        if !ours {
            return Err(Diagnostic::new(
                dir,
                "this folder is in the way of the build and was not made by briefing",
            )
            .help("move it away; briefing uses it while swapping in a new build"));
        }
        fs::remove_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))
    }

    fn io(&self, rel: &str, e: &std::io::Error) -> Diagnostic {
        Diagnostic::io(&self.shown.join(rel), e)
    }
}

impl crate::render::Write for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, rel, bytes)
    }
}

/// `.public.staging` beside `public`.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    out.with_file_name(format!(".{name}.{what}"))
}
