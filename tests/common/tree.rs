//! Folders on disk: temporary folders, writing files, and reading whole trees
//! back (their bytes, their listing, or a fingerprint that does not follow
//! symlinks) to compare them.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A fresh, uniquely named folder under the system temp dir, removed on drop
/// (kept when `BRIEFING_KEEP_TEMP` is set, to look at after a failure).
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("briefing-test-{label}-{}-{n}-{nanos}", std::process::id()));
        fs::create_dir(&path).unwrap_or_else(|e| panic!("cannot create temp dir {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("BRIEFING_KEEP_TEMP").is_none() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Writes `contents` to `root/rel`, creating parent folders.
pub fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Copies the folder `from` to `to` (which must not exist), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What an entry of a folder is, without following a symlink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    Link,
}

/// Calls `visit(relative path, path, kind)` for every entry under `dir`,
/// hidden ones included; a symlink is visited, never followed.
fn walk_tree(dir: &Path, visit: &mut dyn FnMut(PathBuf, &Path, Kind)) {
    fn walk(base: &Path, dir: &Path, visit: &mut dyn FnMut(PathBuf, &Path, Kind)) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap().to_path_buf();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                visit(rel, &path, Kind::Link);
            } else if kind.is_dir() {
                visit(rel, &path, Kind::Dir);
                walk(base, &path, visit);
            } else {
                visit(rel, &path, Kind::File);
            }
        }
    }
    walk(dir, dir, visit);
}

/// Every file under `dir`, relative path -> bytes (empty when `dir` is
/// missing); a symlink to a file counts as that file.
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    walk_tree(dir, &mut |rel, path, kind| {
        if kind == Kind::File || (kind == Kind::Link && path.is_file()) {
            files.insert(rel, fs::read(path).unwrap());
        }
    });
    files
}

/// Every file, folder and symlink under `dir` (relative paths), skipping
/// the top-level entries named in `skip`.
pub fn listing(dir: &Path, skip: &[&OsStr]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    walk_tree(dir, &mut |rel, _, _| {
        if !rel.components().next().is_some_and(|top| skip.contains(&top.as_os_str())) {
            out.insert(rel);
        }
    });
    out
}

/// Asserts two file trees are byte-identical, naming the first difference.
#[track_caller]
pub fn assert_same_tree(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let names_a: Vec<&PathBuf> = a.keys().collect();
    let names_b: Vec<&PathBuf> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: the file lists differ");
    for (path, bytes) in a {
        assert!(&b[path] == bytes, "{what}: {} differs between the two trees", path.display());
    }
}

/// [`digest`] without the build cache (`.briefing/`), which every build
/// may write in the site folder.
pub fn digest_without_cache(dir: &Path) -> Digest {
    let mut out = digest(dir);
    out.retain(|path, _| !path.starts_with(".briefing"));
    out
}

/// A fingerprint of a folder: per entry (hidden ones included) its kind
/// (`d`, `f` or `l`), length and a SipHash of its bytes or link target.
/// Symlinks are not followed. Cheap enough for trees of thousands of files.
pub type Digest = BTreeMap<PathBuf, (char, u64, u64)>;

/// The [`Digest`] of everything under `dir` (empty when it is missing).
pub fn digest(dir: &Path) -> Digest {
    let mut out = BTreeMap::new();
    walk_tree(dir, &mut |rel, path, kind| {
        let entry = match kind {
            Kind::Link => {
                let mut h = DefaultHasher::new();
                h.write(fs::read_link(path).unwrap().as_os_str().as_encoded_bytes());
                ('l', 0, h.finish())
            }
            Kind::Dir => ('d', 0, 0),
            Kind::File => {
                let bytes = fs::read(path).unwrap();
                let mut h = DefaultHasher::new();
                h.write(&bytes);
                ('f', bytes.len() as u64, h.finish())
            }
        };
        out.insert(rel, entry);
    });
    out
}

/// Names the first differences between two digests (empty when equal).
pub fn digest_diff(a: &Digest, b: &Digest) -> String {
    let mut diffs: Vec<String> = Vec::new();
    for (p, x) in a {
        match b.get(p) {
            None => diffs.push(format!("only in the first: {}", p.display())),
            Some(y) if x != y => diffs.push(format!("differs: {}", p.display())),
            _ => {}
        }
    }
    diffs.extend(
        b.keys().filter(|p| !a.contains_key(*p)).map(|p| format!("only in the second: {}", p.display())),
    );
    let n = diffs.len();
    diffs.truncate(10);
    if n > 10 {
        diffs.push(format!("... {} more", n - 10));
    }
    diffs.join("\n")
}

/// Asserts that nothing was added, removed or changed between two digests.
#[track_caller]
pub fn assert_unchanged(before: &Digest, after: &Digest, what: &str) {
    let diff = digest_diff(before, after);
    assert!(diff.is_empty(), "{what}: something changed\n{diff}");
}
