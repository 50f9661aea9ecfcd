//! Atomic output: write the whole site into a staging folder beside the
//! output folder, then swap it in only when everything succeeded.
//!
//! Two trees take turns: the build that was replaced is kept beside the
//! output as `.OUT.old` (a one-step rollback), and the next build recycles
//! it as its staging folder, rewriting only the files whose bytes changed
//! and removing the ones no longer produced. Creating and deleting the
//! thousands of folders of a large site is what costs most on disk, and in
//! steady state it never happens. A file new to the tree is hard-linked from
//! the current output when it is identical there.
//!
//! Each tree's marker lists its files with their fingerprints, so whether a
//! file is already right is decided without reading it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ahash::AHasher;
use walkdir::WalkDir;

use super::guard::{MARKER, MARKER_TEXT, sibling};
use crate::cache::hash::{self, Fingerprint};
use crate::error::Diagnostic;

/// A tree's files, as its marker lists them, with their fingerprints when
/// the marker gives them (markers of older builds do not). Hashed with
/// aHash's fixed keys: hashing 173,000 paths into each of three lists with
/// SipHash was 3% of a rebuild's CPU time at 100,000 briefings.
type Manifest = HashMap<String, Option<Fingerprint>, BuildHasherDefault<AHasher>>;

/// An empty list with room for `files` files.
fn manifest_for(files: usize) -> Manifest {
    Manifest::with_capacity_and_hasher(files, BuildHasherDefault::default())
}

/// A build in progress.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    shown: PathBuf,
    /// The current output, whose identical files are hard-linked.
    previous: Option<PathBuf>,
    /// The current output's files, and the fingerprint of its marker.
    live: Manifest,
    live_marker: Option<Fingerprint>,
    /// Set when the staging folder is a recycled earlier build: the files
    /// that build listed in its marker, if it did.
    recycled: Option<Option<Manifest>>,
    /// Every file written, with its fingerprint when known, listed in the
    /// marker at the end for the builds that follow.
    written: Mutex<Manifest>,
}

impl Staging {
    /// Starts a staging folder for `out` (an absolute path checked by the
    /// guard); `shown` is how `out` is named in messages.
    pub fn begin(out: &Path, shown: &Path) -> Result<Staging, Diagnostic> {
        let dir = sibling(out, "staging");
        discard(&dir)?;
        let old = sibling(out, "old");
        let recycling = old.join(MARKER).is_file();
        if recycling {
            fs::rename(&old, &dir).map_err(|e| Diagnostic::io(&old, &e))?;
        } else {
            discard(&old)?;
            fs::create_dir_all(&dir).map_err(|e| Diagnostic::io(shown, &e))?;
            // Marked from the start, so a build killed half way leaves a
            // folder the next build knows it may delete.
            fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| Diagnostic::io(shown, &e))?;
        }
        let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
        // The two lists are read at once: each is a tenth of a second at
        // 100,000 briefings.
        let (recycled, (live, live_marker)) = rayon::join(
            || recycling.then(|| read_manifest(&dir)),
            || {
                let text = previous.as_ref().and_then(|_| fs::read(out.join(MARKER)).ok());
                let marker = text.as_deref().map(hash::of_bytes);
                let live = text.and_then(|t| parse_manifest(&String::from_utf8_lossy(&t)));
                (live.unwrap_or_default(), marker)
            },
        );
        // Sized for the files of the build before, so that it need not grow
        // (each doubling of a table of 173,000 paths hashes them all again).
        let written = Mutex::new(manifest_for(live.len()));
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            shown: shown.to_path_buf(),
            previous,
            live,
            live_marker,
            recycled,
            written,
        })
    }

    /// The fingerprint of the current output's marker, which names that
    /// build (`None` when there is no earlier build).
    pub fn live_marker(&self) -> Option<Fingerprint> {
        self.live_marker
    }

    /// Keeps the current output's file `rel` as it is, for a file the caller
    /// knows to be unchanged: the recycled tree's copy when it is the same,
    /// else a hard link to the current output's. `false` when neither can
    /// be done, and the file must be made.
    pub fn keep_live(&self, rel: &str) -> bool {
        let Some(&Some(fingerprint)) = self.live.get(rel) else { return false };
        let path = self.dir.join(rel);
        let same = self.recycled_fingerprint(rel) == Some(fingerprint)
            || self.previous.as_ref().is_some_and(|prev| self.link_into(&prev.join(rel), &path));
        if same {
            self.record(rel, Some(fingerprint));
        }
        same
    }

    fn recycled_fingerprint(&self, rel: &str) -> Option<Fingerprint> {
        match &self.recycled {
            Some(Some(listed)) => listed.get(rel).copied().flatten(),
            _ => None,
        }
    }

    /// Hard-links `from` at `path` (replacing what is there: never written
    /// through, as it may be a link shared with the live output).
    fn link_into(&self, from: &Path, path: &Path) -> bool {
        let fresh = path.with_file_name(temporary_name(path));
        let linked = path.parent().is_some_and(|parent| fs::create_dir_all(parent).is_ok())
            && fs::hard_link(from, &fresh).is_ok()
            && fs::rename(&fresh, path).is_ok();
        let _ = fs::remove_file(&fresh);
        linked || {
            clear_way(&self.dir, path);
            fs::hard_link(from, &fresh).is_ok() && fs::rename(&fresh, path).is_ok()
        }
    }

    fn record(&self, rel: &str, fingerprint: Option<Fingerprint>) {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), fingerprint);
    }

    /// Writes `rel` (a `/`-separated path from the generator, never from
    /// user input) into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_from(rel, bytes, None)
    }

    /// [`Staging::write`], for bytes that are also the file `copy` (a cache
    /// entry named by its content, never written through): a new file is
    /// a hard link to it when the file system allows.
    pub fn write_from(&self, rel: &str, bytes: &[u8], copy: Option<&Path>) -> Result<(), Diagnostic> {
        let path = self.dir.join(rel);
        let fingerprint = hash::of_bytes(bytes);
        self.record(rel, Some(fingerprint));
        let new = Made { bytes, fingerprint, copy };
        if let Some(recycled) = &self.recycled {
            let listed = recycled.as_ref().and_then(|listed| listed.get(rel).copied().flatten());
            let same = match listed {
                Some(listed) => listed == fingerprint,
                None => same_bytes(&path, bytes),
            };
            if same {
                return Ok(());
            }
            if self.place(rel, &path, &new).is_ok() {
                return Ok(());
            }
            // The recycled tree may have a folder where this file goes, or a
            // file where its folder goes: clear the way and try once more.
            clear_way(&self.dir, &path);
        }
        self.place(rel, &path, &new)
    }

    /// Keeps the file `rel` of an earlier build instead of writing it, for a
    /// file whose name says what is in it: the recycled tree's copy is kept
    /// as it is, or the current output's is hard-linked. `false` when
    /// neither has it, and the file must be made.
    pub fn keep(&self, rel: &str) -> bool {
        let path = self.dir.join(rel);
        let present = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_file() && m.len() > 0);
        let kept = (self.recycled.is_some() && present(&path))
            || self.previous.as_ref().map(|prev| prev.join(rel)).is_some_and(|old| {
                present(&old)
                    && path.parent().is_some_and(|parent| fs::create_dir_all(parent).is_ok())
                    && fs::hard_link(&old, &path).is_ok()
            });
        if kept {
            let listed = self.recycled_fingerprint(rel).or_else(|| self.live.get(rel).copied().flatten());
            self.record(rel, listed);
        }
        kept
    }

    fn place(&self, rel: &str, path: &Path, new: &Made) -> Result<(), Diagnostic> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| self.io(rel, &e))?;
        }
        // Never write through an existing file: a recycled tree's files may
        // be hard links shared with the live output.
        let fresh = if self.recycled.is_some() {
            path.with_file_name(temporary_name(path))
        } else {
            path.to_path_buf()
        };
        let same_in_live = |old: &Path| match self.live.get(rel) {
            Some(Some(listed)) => *listed == new.fingerprint,
            _ => same_bytes(old, new.bytes),
        };
        let linked = self
            .previous
            .as_ref()
            .map(|prev| prev.join(rel))
            .filter(|old| same_in_live(old))
            .or_else(|| new.copy.map(Path::to_path_buf))
            .is_some_and(|old| fs::hard_link(old, &fresh).is_ok());
        if !linked {
            fs::write(&fresh, new.bytes).map_err(|e| self.io(rel, &e))?;
        }
        if fresh != path {
            fs::rename(&fresh, path).map_err(|e| self.io(rel, &e))?;
            // When both names are hard links to one file (a recycled tree's
            // file linked from the live output), rename does nothing and the
            // temporary name stays: remove it.
            let _ = fs::remove_file(&fresh);
        }
        Ok(())
    }

    /// Swaps the finished build in for the current one, which is kept as
    /// `.OUT.old` for the next build to recycle. `before_swap` is given the
    /// fingerprint of the new marker once everything is written, and may
    /// still refuse the swap.
    pub fn commit(
        self,
        before_swap: impl FnOnce(Fingerprint) -> Result<(), Diagnostic> + Send,
    ) -> Result<(), Diagnostic> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let listed = match &self.recycled {
            Some(Some(listed)) => Some(listed),
            Some(None) => {
                remove_unwritten(&self.dir, &written);
                None
            }
            None => None,
        };
        let marker = marker_text(&written);
        let bytes = marker.as_bytes();
        let new = Made { bytes, fingerprint: hash::of_bytes(bytes), copy: None };
        // The files of the recycled tree that this build did not make are
        // removed while the marker is written and `before_swap` runs: both
        // take a tenth of a second at 100,000 briefings. Neither touches the
        // other's files: the removed ones are listed, the marker is not.
        let (_, placed) = rayon::join(
            || listed.map(|listed| remove_listed(&self.dir, listed.keys(), &written)),
            || -> Result<_, Diagnostic> {
                self.place(MARKER, &self.dir.join(MARKER), &new)?;
                Ok(before_swap(new.fingerprint))
            },
        );
        if let Err(d) = placed? {
            self.abandon();
            return Err(d);
        }
        let old = sibling(&self.out, "old");
        if self.out.exists() {
            // The staging path now holds the replaced build.
            exchange(&self.dir, &self.out).map_err(|e| Diagnostic::io(&self.shown, &e))?;
            fs::rename(&self.dir, &old).map_err(|e| Diagnostic::io(&old, &e))?;
        } else {
            fs::rename(&self.dir, &self.out).map_err(|e| Diagnostic::io(&self.shown, &e))?;
        }
        Ok(())
    }

    /// Drops the staging folder of a failed build.
    pub fn abandon(self) {
        remove_ours(&self.dir);
    }

    fn io(&self, rel: &str, e: &std::io::Error) -> Diagnostic {
        Diagnostic::io(&self.shown.join(rel), e)
    }
}

/// The marker of a tree whose files are `written`: the marker text, then
/// each file, sorted, with a tab and its fingerprint when known.
fn marker_text(written: &Manifest) -> String {
    use std::fmt::Write;
    let mut manifest: Vec<(&String, &Option<Fingerprint>)> = written.iter().collect();
    manifest.sort_unstable();
    let mut marker = String::with_capacity(MARKER_TEXT.len() + manifest.len() * 80);
    marker.push_str(MARKER_TEXT);
    for (file, fingerprint) in manifest {
        marker.push_str(file);
        if let Some(fingerprint) = fingerprint {
            let _ = write!(marker, "\t{fingerprint:032x}");
        }
        marker.push('\n');
    }
    marker
}

/// A file's bytes as made, with their fingerprint and the cache file that
/// holds the same bytes, if any.
struct Made<'a> {
    bytes: &'a [u8],
    fingerprint: Fingerprint,
    copy: Option<&'a Path>,
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Removes what stands in the way of writing `path` inside `dir`: a folder
/// at `path`, or files where its parent folders should be.
fn clear_way(dir: &Path, path: &Path) {
    if path.is_dir() {
        let _ = fs::remove_dir_all(path);
    }
    for ancestor in path.ancestors().skip(1).take_while(|a| a.starts_with(dir) && *a != dir) {
        if ancestor.is_file() {
            let _ = fs::remove_file(ancestor);
        }
    }
}

fn temporary_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.briefing-tmp")
}

/// The files an earlier build listed in its marker, after the marker text.
fn read_manifest(dir: &Path) -> Option<Manifest> {
    parse_manifest(&fs::read_to_string(dir.join(MARKER)).ok()?)
}

/// A marker's list of files: one per line, each followed by a tab and its
/// fingerprint in hexadecimal when the build knew it.
fn parse_manifest(text: &str) -> Option<Manifest> {
    let list = text.strip_prefix(MARKER_TEXT)?;
    let entry = |line: &str| match line.rsplit_once('\t') {
        Some((file, hex)) => (file.to_string(), u128::from_str_radix(hex, 16).ok()),
        None => (line.to_string(), None),
    };
    let mut manifest = manifest_for(list.bytes().filter(|&b| b == b'\n').count() + 1);
    manifest.extend(list.lines().map(entry));
    Some(manifest)
}

/// Removes the files an earlier build listed that this one did not produce,
/// and the folders that leaves empty.
fn remove_listed<'a>(dir: &Path, listed: impl Iterator<Item = &'a String>, written: &Manifest) {
    let mut folders = HashSet::new();
    for rel in listed.filter(|f| !written.contains_key(*f) && !f.contains("..")) {
        let _ = fs::remove_file(dir.join(rel));
        let mut parent = Path::new(rel).parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
            folders.insert(p.to_path_buf());
            parent = p.parent();
        }
    }
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        let _ = fs::remove_dir(dir.join(folder));
    }
}

/// Removes the files of a recycled tree that this build did not produce,
/// and the folders that leaves empty.
fn remove_unwritten(dir: &Path, written: &Manifest) {
    let mut folders = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1).into_iter().flatten() {
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            folders.push(entry.path().to_path_buf());
        } else if !written.contains_key(&rel) {
            let _ = fs::remove_file(entry.path());
        }
    }
    // Deepest first; a folder that still has files stays.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        let _ = fs::remove_dir(&folder);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The marker of a recycled tree that is a hard link to the live
    /// output's, with the same text: committing leaves no temporary file.
    #[test]
    fn a_marker_shared_by_both_trees_leaves_no_temporary_file() {
        let tmp = std::env::temp_dir().join(format!("staging-unit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let out = tmp.join("out");
        let old = sibling(&out, "old");
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&old).unwrap();
        let marker = format!("{MARKER_TEXT}a.txt\n");
        fs::write(out.join(MARKER), &marker).unwrap();
        fs::write(out.join("a.txt"), "a").unwrap();
        fs::hard_link(out.join(MARKER), old.join(MARKER)).unwrap();
        fs::hard_link(out.join("a.txt"), old.join("a.txt")).unwrap();

        let staging = Staging::begin(&out, &out).unwrap();
        staging.write("a.txt", b"a").unwrap();
        staging.commit(|_| Ok(())).unwrap();
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MARKER.to_string(), "a.txt".to_string()]);
        let _ = fs::remove_dir_all(&tmp);
    }
}
