//! Reading and processing image files, in parallel: each file used is
//! probed once (or taken from the memo while its modification time and
//! length are unchanged, so `serve` does not hash every image on every
//! save), and each distinct image (by key) is found in the cache or made
//! into its variants and stored. When the cache may not be written
//! (`check`), an image not in it is decoded to make sure it reads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::probe::{self, Probe, Refusal};
use super::resolve::Place;
use super::store::{Store, Stored};
use super::variants::{self, Variant};
use super::{bundle, encode};
use crate::content::Stamp;

/// Why a file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    Missing,
    Unreadable(String),
    Refused(Refusal),
}

/// Probes of files by path, with the stamp of the file they were made from.
pub type Memo = Mutex<HashMap<PathBuf, (Stamp, Result<Probe, Trouble>)>>;

/// Probes every file of `places`.
pub fn probe_all(
    root: &Path,
    places: BTreeSet<&Place>,
    settings: &str,
    memo: &Memo,
) -> BTreeMap<Place, Result<Probe, Trouble>> {
    places
        .into_par_iter()
        .map(|place| {
            let rel = place.rel();
            let path = root.join(rel);
            let stamp = std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            let known = stamp.and_then(|stamp| {
                let memo = memo.lock().unwrap_or_else(|e| e.into_inner());
                memo.get(rel).filter(|(s, _)| *s == stamp).map(|(_, probed)| probed.clone())
            });
            let probed = known.unwrap_or_else(|| {
                let probed = probe_file(&path, settings);
                if let Some(stamp) = stamp {
                    memo.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(rel.to_path_buf(), (stamp, probed.clone()));
                }
                probed
            });
            (place.clone(), probed)
        })
        .collect()
}

fn probe_file(path: &Path, settings: &str) -> Result<Probe, Trouble> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Trouble::Missing,
        _ if path.is_dir() => Trouble::Missing,
        _ => Trouble::Unreadable(e.to_string()),
    })?;
    let svg = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if !svg && !bundle::is_raster(path) && image::guess_format(&bytes).is_err() {
        return Err(Trouble::Refused(Refusal::Unreadable("it is not an image file".into())));
    }
    probe::probe(&bytes, svg, settings).map_err(Trouble::Refused)
}

/// A distinct image to publish: where it is read from and what it becomes.
#[derive(Debug, Clone)]
pub struct Image {
    pub rel: PathBuf,
    pub probe: Probe,
    pub variants: Vec<Variant>,
    /// The cache entry's manifest; `None` when it is not in the cache and
    /// the cache is not written (`check`).
    pub stored: Option<Vec<Stored>>,
}

/// What processing did, for the build report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Images made into variants in this build.
    pub made: usize,
    /// Images whose variants were in the cache.
    pub cached: usize,
}

/// Finds or makes the variants of each image in `wanted` (by key). Returns
/// the images, and the ones that could not be decoded with the reason.
pub fn process_all(
    root: &Path,
    wanted: BTreeMap<u128, (PathBuf, Probe)>,
    store: &Store,
    write: bool,
) -> (BTreeMap<u128, Image>, BTreeMap<u128, String>, Counts) {
    let results: Vec<(u128, Processed)> = wanted
        .into_par_iter()
        .map(|(key, (rel, probe))| (key, one(root, rel, probe, store, write)))
        .collect();
    let mut images = BTreeMap::new();
    let mut broken = BTreeMap::new();
    let mut counts = Counts::default();
    for (key, result) in results {
        match result {
            Ok((image, made)) => {
                if made {
                    counts.made += 1;
                } else {
                    counts.cached += 1;
                }
                images.insert(key, image);
            }
            Err(why) => {
                broken.insert(key, why);
            }
        }
    }
    (images, broken, counts)
}

/// An image and whether it was made (not found in the cache), or why it
/// could not be decoded.
type Processed = Result<(Image, bool), String>;

/// One image: from the cache, or made (and stored when `write`).
fn one(root: &Path, rel: PathBuf, probe: Probe, store: &Store, write: bool) -> Processed {
    let variants = variants::of(&probe);
    if let Some(stored) = store.find(probe.key, &variants) {
        return Ok((Image { rel, probe, variants, stored: Some(stored) }, false));
    }
    let bytes = std::fs::read(root.join(&rel)).map_err(|e| e.to_string())?;
    if !write {
        encode::verify(&bytes)?;
        return Ok((Image { rel, probe, variants, stored: None }, true));
    }
    let files = make(&bytes, &probe, &variants)?;
    // A cache that cannot be written costs time, never the build: the
    // files are made again when they are written out.
    let stored = store.write(probe.key, &variants, &files).ok();
    Ok((Image { rel, probe, variants, stored }, true))
}

/// Makes the variants of `bytes`, which must still be the image `probe` describes.
pub fn make(bytes: &[u8], probe: &Probe, variants: &[Variant]) -> Result<Vec<Vec<u8>>, String> {
    if probe::key(bytes, &variants::settings()) != probe.key {
        return Err("the file changed while the site was being built; build again".into());
    }
    encode::make(bytes, variants)
}
