//! Atomic output: write the whole site into a staging folder beside the
//! output folder, then swap it in only when everything succeeded.
//!
//! A file identical to the one in the previous build is hard-linked, not
//! rewritten. The replaced build is kept beside the output as `.OUT.old`
//! (a rollback) and deleted by the next build in the background, so removing
//! thousands of folders never sits on the critical path.

use std::fs;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::guard::{MARKER, MARKER_TEXT};
use crate::error::Diagnostic;

/// A build in progress.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    shown: PathBuf,
    /// The previous build, whose unchanged files are reused.
    previous: Option<PathBuf>,
    /// Deleting the build before the previous one.
    cleanup: Option<JoinHandle<()>>,
}

impl Staging {
    /// Starts a fresh staging folder for `out` (an absolute path checked by
    /// the guard); `shown` is how `out` is named in messages.
    pub fn begin(out: &Path, shown: &Path) -> Result<Staging, Diagnostic> {
        let dir = sibling(out, "staging");
        let trash = sibling(out, "trash");
        discard(&dir)?;
        discard(&trash)?;
        let old = sibling(out, "old");
        let cleanup = if is_ours(&old) {
            fs::rename(&old, &trash).map_err(|e| Diagnostic::io(&old, &e))?;
            Some(std::thread::spawn(move || remove_ours(&trash)))
        } else {
            discard(&old)?;
            None
        };
        fs::create_dir_all(&dir).map_err(|e| Diagnostic::io(shown, &e))?;
        let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
        let staging = Staging { out: out.to_path_buf(), dir, shown: shown.to_path_buf(), previous, cleanup };
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
        if let Some(old) = self.unchanged(rel, bytes)
            && fs::hard_link(&old, &path).is_ok()
        {
            return Ok(());
        }
        fs::write(&path, bytes).map_err(|e| self.io(rel, &e))
    }

    /// The previous build's copy of `rel`, when its bytes are `bytes`.
    fn unchanged(&self, rel: &str, bytes: &[u8]) -> Option<PathBuf> {
        let old = self.previous.as_ref()?.join(rel);
        let meta = fs::symlink_metadata(&old).ok()?;
        let same = meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(&old).ok()? == bytes;
        same.then_some(old)
    }

    /// Whether the staging folder already holds `rel`.
    pub fn contains(&self, rel: &Path) -> bool {
        self.dir.join(rel).exists()
    }

    pub fn copy_in(&self, from: &Path, rel: &Path) -> Result<(), Diagnostic> {
        let bytes = fs::read(from).map_err(|e| Diagnostic::io(from, &e))?;
        self.write(&rel.to_string_lossy(), &bytes)
    }

    /// Swaps the finished build in for the previous one, which is kept as
    /// `.OUT.old` until the next build.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.finish_cleanup();
        let old = sibling(&self.out, "old");
        if self.out.exists() {
            // The staging path now holds the previous build.
            exchange(&self.dir, &self.out).map_err(|e| Diagnostic::io(&self.shown, &e))?;
            fs::rename(&self.dir, &old).map_err(|e| Diagnostic::io(&old, &e))?;
        } else {
            fs::rename(&self.dir, &self.out).map_err(|e| Diagnostic::io(&self.shown, &e))?;
        }
        Ok(())
    }

    /// Drops the staging folder of a failed build.
    pub fn abandon(mut self) {
        self.finish_cleanup();
        remove_ours(&self.dir);
    }

    fn finish_cleanup(&mut self) {
        if let Some(handle) = self.cleanup.take() {
            let _ = handle.join();
        }
    }

    fn io(&self, rel: &str, e: &std::io::Error) -> Diagnostic {
        Diagnostic::io(&self.shown.join(rel), e)
    }
}

/// `.public.staging` beside `public`.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    out.with_file_name(format!(".{name}.{what}"))
}

/// A folder we made: it carries the marker, or is empty.
fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Removes a folder left by an interrupted build; refuses one that is not ours.
fn discard(dir: &Path) -> Result<(), Diagnostic> {
    if !dir.exists() {
        return Ok(());
    }
    if !is_ours(dir) {
        return Err(Diagnostic::new(
            dir,
            "this folder is in the way of the build and was not made by briefing",
        )
        .help("move it away; briefing uses this name while swapping in a new build"));
    }
    remove_ours(dir);
    Ok(())
}

/// Deletes one of our folders, its marker last, so a deletion cut short
/// still leaves a folder that is recognisably ours.
fn remove_ours(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name() == MARKER {
                continue;
            }
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
    let _ = fs::remove_dir_all(dir);
}

/// Atomically swaps two paths, so the output folder never goes missing.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    match rename_exchange(a, b) {
        // Not supported here: fall back to two renames.
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported || e.raw_os_error() == Some(EINVAL) => {
            swap_by_renames(a, b)
        }
        other => other,
    }
}

#[cfg(target_os = "linux")]
const EINVAL: i32 = libc::EINVAL;
#[cfg(not(target_os = "linux"))]
const EINVAL: i32 = 22;

#[cfg(target_os = "linux")]
fn rename_exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE)
    };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn rename_exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The portable swap: `b` is briefly missing between the two renames.
fn swap_by_renames(a: &Path, b: &Path) -> std::io::Result<()> {
    let tmp = a.with_extension("swap");
    fs::rename(b, &tmp)?;
    fs::rename(a, b)?;
    fs::rename(&tmp, a)
}
