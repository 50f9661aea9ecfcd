//! The parse cache (`.briefing/parsed/`): every briefing as parsed by the
//! last build (front matter validated, Markdown rendered), with the stamp of
//! its file, so a build parses only the files that changed. Kept in 64
//! shards by path, each rewritten only when one of its files changed (or it
//! could not be read): its fingerprint, of the settings and every file's
//! path and stamp, names its file of bodies.
//!
//! A shard is two files: `NN.index`, the briefings without their bodies, and
//! the bodies as raw text, one after another, in `NN-FINGERPRINT.bodies`,
//! which the index names. A build reads the bodies straight from that file
//! when a page needs one (it is the build's spill file for them, see
//! `crate::spill`), so they are neither decoded nor copied.
//!
//! The index is in postcard's binary form, after the XXH3 of those bytes: a
//! build decodes every index, and at 100,000 briefings decoding them as
//! JSON was an eighth of a one-edit rebuild's time. An index whose bytes do
//! not match its checksum, or do not decode, is not read.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::hash::{self, Fingerprint, Hasher};
use crate::content::{Briefing, Parsed, Stamp};
use crate::spill::{Place, Spill, Text, fingerprint_of};

const SHARDS: usize = 64;
/// A file changed this recently may change again within its time stamp's
/// precision without its stamp changing: it is parsed again next time.
const RACY: Duration = Duration::from_secs(2);
/// A temporary file this old is a killed build's.
const ABANDONED: Duration = Duration::from_secs(3600);

/// What was read from the cache: the briefings, and each shard's
/// fingerprint, to rewrite only the shards that change.
#[derive(Default)]
pub struct Loaded {
    pub parsed: Parsed,
    shards: Vec<Option<Fingerprint>>,
}

#[derive(Deserialize)]
struct Shard {
    build: String,
    settings: String,
    /// The name of the file of bodies, beside this one.
    bodies: String,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    path: PathBuf,
    secs: u64,
    nanos: u32,
    len: u64,
    /// Where the body is in the file of bodies.
    body: Place,
    /// The body's fingerprint (`crate::spill::fingerprint_of`), so the
    /// keys of pages need not read it.
    print: u128,
    briefing: Briefing,
}

#[derive(Serialize)]
struct ShardOut<'a> {
    build: &'a str,
    settings: &'a str,
    bodies: &'a str,
    entries: Vec<EntryOut<'a>>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    path: &'a Path,
    secs: u64,
    nanos: u32,
    len: u64,
    body: Place,
    print: u128,
    briefing: &'a Briefing,
}

fn dir(root: &Path) -> PathBuf {
    super::dir(root).join("parsed")
}

fn shard_of(path: &Path) -> usize {
    (hash::of_bytes(path.as_os_str().as_encoded_bytes()) % SHARDS as u128) as usize
}

/// The shards a build is to rewrite: each one whose files (or their
/// stamps) differ from the shard it read, with its new fingerprint and its
/// briefings as parsed, sorted by path. They are written at once
/// ([`Pending::stage`]) and let go: a briefing still held here when a later
/// stage completes it (its links, its images) would be copied, which at
/// 100,000 briefings was a fifth of a build's memory.
pub struct Pending {
    settings: String,
    /// Shard number, fingerprint, briefings.
    shards: Vec<(usize, Fingerprint, Vec<Held>)>,
}

/// A briefing file as parsed, with its stamp.
type Held = (PathBuf, Stamp, Arc<Briefing>);

impl Loaded {
    /// What to write after a build that parsed `parsed`, having read this.
    /// A file changed in the last [`RACY`] is left out (it is parsed again
    /// next time).
    pub fn pending(self, parsed: Parsed) -> Pending {
        let now = SystemTime::now();
        let mut shards: Vec<Vec<Held>> = vec![Vec::new(); SHARDS];
        for (path, stamp, b) in parsed.briefings() {
            if now.duration_since(stamp.0).is_ok_and(|age| age >= RACY) {
                shards[shard_of(path)].push((path.to_path_buf(), *stamp, Arc::clone(b)));
            }
        }
        let settings = parsed.settings().to_string();
        let shards = shards
            .into_iter()
            .enumerate()
            .filter_map(|(n, mut entries)| {
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                let fingerprint = print(&settings, entries.iter().map(|(p, s, _)| (p.as_path(), s)));
                // A shard that was read whole, of the same files, is there as it should be.
                let same = self.shards.get(n).copied().flatten() == Some(fingerprint);
                (!same).then_some((n, fingerprint, entries))
            })
            .collect();
        Pending { settings, shards }
    }
}

/// Reads every shard written by this build of `briefing`; a shard that is
/// missing, damaged or of another build is left out (its files are parsed).
pub fn load(root: &Path) -> Loaded {
    let dir = dir(root);
    let build = hash::build_id();
    // Where bodies that a build rewrites go (see `crate::spill`).
    let spill = Spill::new();
    let shards: Vec<Option<Shard>> =
        (0..SHARDS).into_par_iter().map(|n| load_shard(&dir, n, &build, spill.as_ref())).collect();
    let Some(settings) = shards.iter().flatten().map(|s| s.settings.clone()).next() else {
        return Loaded { parsed: Parsed::default(), shards: vec![None; SHARDS] };
    };
    let mut prints = vec![None; SHARDS];
    let mut files = Vec::new();
    for (n, shard) in shards.into_iter().enumerate() {
        let Some(shard) = shard.filter(|s| s.settings == settings) else { continue };
        let entries: Vec<(PathBuf, Stamp, Arc<Briefing>)> = shard
            .entries
            .into_iter()
            .map(|e| (e.path, (UNIX_EPOCH + Duration::new(e.secs, e.nanos), e.len), Arc::new(e.briefing)))
            .collect();
        prints[n] = Some(print(&settings, entries.iter().map(|(p, s, _)| (p.as_path(), s))));
        files.extend(entries);
    }
    Loaded { parsed: Parsed::from_cache(settings, files), shards: prints }
}

/// Shard `n`, when it was written by this build of `briefing` and its file
/// of bodies holds every body as UTF-8 text; each body is then read from
/// that file when needed.
fn load_shard(dir: &Path, n: usize, build: &str, spill: Option<&Arc<Spill>>) -> Option<Shard> {
    let mut shard: Shard = decode(&fs::read(dir.join(index_name(n))).ok()?)?;
    if shard.build != build || !is_bodies_name(n, &shard.bodies) {
        return None;
    }
    let mut file = fs::File::open(dir.join(&shard.bodies)).ok()?;
    // Checked once here, so that reading a body back cannot fail on what
    // the file holds, only on the disk.
    let mut all = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut all).ok()?;
    let is_text = |&Place { at, len }: &Place| {
        let range = usize::try_from(at).ok()?..usize::try_from(at.checked_add(len)?).ok()?;
        std::str::from_utf8(all.get(range)?).ok()
    };
    if !shard.entries.iter().all(|e| is_text(&e.body).is_some()) {
        return None;
    }
    drop(all);
    let bodies = Spill::reading(file, spill.cloned())?;
    for e in &mut shard.entries {
        e.briefing.body_html = Text::at(&bodies, e.body, Some(e.print));
    }
    Some(shard)
}

/// The name of shard `n`'s index.
fn index_name(n: usize) -> String {
    format!("{n:02}.index")
}

/// A shard's index as written: the XXH3 of its postcard bytes, then those.
fn encode(shard: &ShardOut) -> std::io::Result<Vec<u8>> {
    let payload = postcard::to_allocvec(shard).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(16 + payload.len());
    bytes.extend_from_slice(&hash::of_bytes(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    Ok(bytes)
}

/// The shard of an index written by [`encode`]; `None` when its bytes are
/// not what was written (cut short, changed) or do not decode.
fn decode(bytes: &[u8]) -> Option<Shard> {
    let (sum, payload) = bytes.split_at_checked(16)?;
    let sum = u128::from_le_bytes(sum.try_into().ok()?);
    (hash::of_bytes(payload) == sum).then(|| postcard::from_bytes(payload).ok()).flatten()
}

/// The file of bodies of shard `n` with `fingerprint`.
fn bodies_name(n: usize, fingerprint: Fingerprint) -> String {
    format!("{n:02}-{fingerprint:032x}.bodies")
}

/// Whether `name` is a file of bodies of shard `n` (and no path elsewhere).
fn is_bodies_name(n: usize, name: &str) -> bool {
    name.strip_prefix(&format!("{n:02}-"))
        .and_then(|rest| rest.strip_suffix(".bodies"))
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl Pending {
    /// Writes the shards to rewrite under temporary names now, while the
    /// build goes on, and lets go of their briefings: holding them until
    /// the end would make the stages that complete a briefing copy it. The
    /// files are put in place by [`Staged::commit`] once the build has
    /// succeeded, and removed if it fails. Failing to write is not a
    /// build's problem: the cache is only faster, and what could not be
    /// written is parsed again next time.
    pub fn stage(self, root: &Path) -> Staged {
        let dir = dir(root);
        let mut staged =
            Staged { dir: dir.clone(), shards: Vec::new(), created: Vec::new(), committed: false };
        if self.shards.is_empty() {
            return staged;
        }
        // The folders this build creates go again if it fails, so a failed
        // build leaves the site as it was.
        for folder in [super::dir(root), dir.clone()] {
            if !folder.exists() {
                match fs::create_dir(&folder) {
                    Ok(()) => staged.created.push(folder),
                    Err(_) => return staged,
                }
            }
        }
        remove_abandoned(&dir);
        let build = hash::build_id();
        let settings = &self.settings;
        staged.shards = self
            .shards
            .into_par_iter()
            .filter_map(|(n, fingerprint, entries)| {
                stage_shard(&dir, n, &build, settings, &entries, fingerprint).ok()
            })
            .collect();
        staged
    }
}

/// Shards written under temporary names, waiting for the build to succeed.
pub struct Staged {
    dir: PathBuf,
    shards: Vec<StagedShard>,
    /// The cache folders this build created, innermost last.
    created: Vec<PathBuf>,
    committed: bool,
}

/// One shard's temporary files: its bodies, to be named `bodies`, and its
/// index, to be named `NN.index`.
struct StagedShard {
    n: usize,
    bodies: (PathBuf, String),
    index: PathBuf,
}

impl Staged {
    /// Puts each shard in place: its bodies, then the index that names them,
    /// then older files of bodies go. A build killed at any point leaves an
    /// index and the bodies it names, or a shard that is not read (loading
    /// checks the index's checksum, every entry's stamp and every body).
    pub fn commit(mut self) {
        self.committed = true;
        let dir = &self.dir;
        for shard in &self.shards {
            let placed = fs::rename(&shard.bodies.0, dir.join(&shard.bodies.1))
                .and_then(|()| fs::rename(&shard.index, dir.join(index_name(shard.n))));
            if placed.is_err() {
                let _ = fs::remove_file(&shard.bodies.0);
                let _ = fs::remove_file(&shard.index);
                continue;
            }
            remove_older_bodies(dir, shard.n, &shard.bodies.1);
            // The JSON index of earlier versions of `briefing`.
            let _ = fs::remove_file(dir.join(format!("{:02}.json", shard.n)));
        }
    }
}

impl Drop for Staged {
    /// A build that did not succeed removes what it wrote.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for shard in &self.shards {
            let _ = fs::remove_file(&shard.bodies.0);
            let _ = fs::remove_file(&shard.index);
        }
        // Only when empty: another build may be writing there too.
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Writes shard `n` under temporary names: its bodies, and the index that
/// names them.
fn stage_shard(
    dir: &Path,
    n: usize,
    build: &str,
    settings: &str,
    entries: &[Held],
    fingerprint: Fingerprint,
) -> std::io::Result<StagedShard> {
    let mut bodies = Vec::new();
    let mut out = Vec::with_capacity(entries.len());
    for (path, stamp, b) in entries {
        let body = b.body_html.read()?;
        let at = bodies.len() as u64;
        bodies.extend_from_slice(body.as_bytes());
        out.push(entry(path, stamp, (Place { at, len: body.len() as u64 }, fingerprint_of(&body)), b));
    }
    let name = bodies_name(n, fingerprint);
    let bodies = super::write_temporary(dir, &name, |f| f.write_all(&bodies))?;
    let shard = ShardOut { build, settings, bodies: &name, entries: out };
    let index =
        encode(&shard).and_then(|bytes| super::write_temporary(dir, &index_name(n), |f| f.write_all(&bytes)));
    match index {
        Ok(index) => Ok(StagedShard { n, bodies: (bodies, name), index }),
        Err(e) => {
            let _ = fs::remove_file(&bodies);
            Err(e)
        }
    }
}

/// Removes the temporary files of builds that were killed before they
/// could remove them: those more than an hour old. A build still running
/// whose files go then keeps the cache it read (see [`Staged::commit`]).
fn remove_abandoned(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let ours = format!(".{}.tmp", std::process::id());
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let temporary = name.starts_with('.') && name.ends_with(".tmp") && !name.ends_with(&ours);
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if temporary && age.is_some_and(|age| age > ABANDONED) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Removes the files of bodies of shard `n` other than `name`.
fn remove_older_bodies(dir: &Path, n: usize, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for old in entries.flatten() {
        let old = old.file_name();
        let old = old.to_string_lossy();
        if is_bodies_name(n, &old) && old != name {
            let _ = fs::remove_file(dir.join(&*old));
        }
    }
}

fn entry<'a>(
    path: &'a Path,
    stamp: &Stamp,
    (body, print): (Place, u128),
    briefing: &'a Briefing,
) -> EntryOut<'a> {
    let since = stamp.0.duration_since(UNIX_EPOCH).unwrap_or_default();
    EntryOut { path, secs: since.as_secs(), nanos: since.subsec_nanos(), len: stamp.1, body, print, briefing }
}

/// The fingerprint of a shard's build of `briefing`, settings and files
/// with their stamps, in path order.
fn print<'a>(settings: &str, entries: impl Iterator<Item = (&'a Path, &'a Stamp)>) -> Fingerprint {
    let mut sorted: Vec<(&Path, &Stamp)> = entries.collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut hasher = Hasher::new();
    hasher.bytes(hash::build_id().as_bytes()).bytes(settings.as_bytes());
    for (path, (time, len)) in sorted {
        let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
        hasher.bytes(path.as_os_str().as_encoded_bytes()).u128(since.as_nanos()).u128(u128::from(*len));
    }
    hasher.finish()
}
