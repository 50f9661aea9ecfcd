//! The parse cache (`.briefing/parsed/`): every briefing as parsed by the
//! last build (front matter validated, Markdown rendered), with the stamp of
//! its file, so a build parses only the files that changed. Kept in 64
//! shards by path, each rewritten only when one of its files changed (its fingerprint, of
//! the settings and every file's path and stamp, is kept beside it).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::hash::{self, Fingerprint, Hasher};
use crate::content::{Briefing, Parsed, Stamp};

const SHARDS: usize = 64;
/// A file changed this recently may change again within its time stamp's
/// precision without its stamp changing: it is parsed again next time.
const RACY: Duration = Duration::from_secs(2);

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
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    path: PathBuf,
    secs: u64,
    nanos: u32,
    len: u64,
    briefing: Briefing,
}

#[derive(Serialize)]
struct ShardOut<'a> {
    build: &'a str,
    settings: &'a str,
    entries: Vec<EntryOut<'a>>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    path: &'a Path,
    secs: u64,
    nanos: u32,
    len: u64,
    briefing: &'a Briefing,
}

fn dir(root: &Path) -> PathBuf {
    super::dir(root).join("parsed")
}

fn shard_of(path: &Path) -> usize {
    (hash::of_bytes(path.as_os_str().as_encoded_bytes()) % SHARDS as u128) as usize
}

/// What a build parsed, with the shards' fingerprints it started from, to
/// write once the build has succeeded.
pub struct Pending {
    parsed: Parsed,
    shards: Vec<Option<Fingerprint>>,
}

impl Loaded {
    /// What to write after a build that parsed `parsed`, having read this.
    pub fn pending(self, parsed: Parsed) -> Pending {
        Pending { parsed, shards: self.shards }
    }
}

/// Reads every shard written by this build of `briefing`; a shard that is
/// missing, damaged or of another build is left out (its files are parsed).
pub fn load(root: &Path) -> Loaded {
    let dir = dir(root);
    let build = hash::build_id();
    // Each shard's bodies go to disk as it is read (see `crate::spill`).
    let spill = crate::spill::Spill::new();
    let shards: Vec<Option<Shard>> = (0..SHARDS)
        .into_par_iter()
        .map(|n| {
            let text = fs::read(dir.join(format!("{n:02}.json"))).ok()?;
            let mut shard: Shard = serde_json::from_slice(&text).ok()?;
            if shard.build != build {
                return None;
            }
            if let Some(spill) = &spill {
                shard.entries.iter_mut().for_each(|e| e.briefing.body_html.spill_into(spill));
            }
            Some(shard)
        })
        .collect();
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

/// Writes the shards of what a build parsed that differ from the shards it
/// read (or, when it read none, from the fingerprint kept beside each).
/// Failing to write is not a build's problem: the cache is only faster.
pub fn save(root: &Path, pending: &Pending) {
    let (parsed, earlier) = (&pending.parsed, &pending.shards);
    let now = SystemTime::now();
    let mut shards: Vec<Vec<(&Path, &Stamp, &Arc<Briefing>)>> = vec![Vec::new(); SHARDS];
    for (path, stamp, b) in parsed.briefings() {
        if now.duration_since(stamp.0).is_ok_and(|age| age >= RACY) {
            shards[shard_of(path)].push((path, stamp, b));
        }
    }
    let dir = dir(root);
    if fs::create_dir_all(&dir).is_err() {
        return;
    }
    let build = hash::build_id();
    shards.into_par_iter().enumerate().for_each(|(n, mut entries)| {
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let fingerprint = print(parsed.settings(), entries.iter().map(|(p, s, _)| (*p, *s)));
        let print_file = dir.join(format!("{n:02}.print"));
        let on_disk =
            || fs::read_to_string(&print_file).ok().and_then(|t| u128::from_str_radix(t.trim(), 16).ok());
        let known = earlier.get(n).copied().flatten().or_else(on_disk);
        if known == Some(fingerprint) && dir.join(format!("{n:02}.json")).is_file() {
            return;
        }
        let shard = ShardOut {
            build: &build,
            settings: parsed.settings(),
            entries: entries.iter().map(|(path, stamp, b)| entry(path, stamp, b)).collect(),
        };
        // The shard first: a print beside an older shard is only a missed
        // chance to skip a write, never a shard trusted wrongly (loading
        // checks every entry's stamp).
        let written = super::write_atomically(&dir, &format!("{n:02}.json"), |f| {
            serde_json::to_writer(f, &shard).map_err(std::io::Error::other)
        });
        if written.is_ok() {
            let _ =
                super::write_atomically(&dir, &format!("{n:02}.print"), |f| write!(f, "{fingerprint:032x}"));
        }
    });
}

fn entry<'a>(path: &'a Path, stamp: &Stamp, briefing: &'a Briefing) -> EntryOut<'a> {
    let since = stamp.0.duration_since(UNIX_EPOCH).unwrap_or_default();
    EntryOut { path, secs: since.as_secs(), nanos: since.subsec_nanos(), len: stamp.1, briefing }
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
