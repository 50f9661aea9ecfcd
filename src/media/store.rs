//! The image cache in `.briefing/images/`: one folder per processed image,
//! named by its key (the hash of its bytes and the processing settings),
//! holding its variants and a manifest of their sizes, lengths and
//! checksums. An entry is written whole under a temporary name and then
//! renamed, and is checked whenever it is used: a missing, short or
//! damaged entry is made again, never trusted, and never fails a build.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::probe::checksum;
use super::variants::{Encoding, Variant};

/// The first line of every manifest.
const MAGIC: &str = "briefing image cache 1";
const MANIFEST: &str = "manifest";

/// The image cache of one site.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// One variant as the manifest records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub variant: Variant,
    pub len: u64,
    pub checksum: u64,
}

impl Store {
    /// The store in `dir` (`<root>/.briefing/images`), created when first written.
    pub fn new(dir: PathBuf) -> Store {
        Store { dir }
    }

    fn entry(&self, key: u128) -> PathBuf {
        self.dir.join(format!("{key:032x}"))
    }

    fn file(&self, key: u128, v: &Variant) -> PathBuf {
        self.entry(key).join(file_name(v))
    }

    /// The manifest of the entry `key` when it lists exactly `wanted` and
    /// each file is there with its recorded length; `None` otherwise.
    pub fn find(&self, key: u128, wanted: &[Variant]) -> Option<Vec<Stored>> {
        let text = fs::read_to_string(self.entry(key).join(MANIFEST)).ok()?;
        let stored = parse(&text)?;
        let same = stored.len() == wanted.len() && stored.iter().zip(wanted).all(|(s, w)| s.variant == *w);
        let whole = stored
            .iter()
            .all(|s| fs::metadata(self.file(key, &s.variant)).is_ok_and(|m| m.is_file() && m.len() == s.len));
        (same && whole).then_some(stored)
    }

    /// The bytes of one variant, when they are what the manifest says.
    pub fn read(&self, key: u128, stored: &Stored) -> Option<Vec<u8>> {
        let bytes = fs::read(self.file(key, &stored.variant)).ok()?;
        (bytes.len() as u64 == stored.len && checksum(&bytes) == stored.checksum).then_some(bytes)
    }

    /// Writes the entry `key` with `files`, one per variant, and returns its
    /// manifest. The manifest is the last file written, and the entry
    /// appears whole with one rename; if another build got there first, its
    /// entry (made from the same bytes) stays.
    pub fn write(&self, key: u128, variants: &[Variant], files: &[Vec<u8>]) -> std::io::Result<Vec<Stored>> {
        static TEMP: AtomicUsize = AtomicUsize::new(0);
        let stored: Vec<Stored> = variants
            .iter()
            .zip(files)
            .map(|(v, bytes)| Stored { variant: *v, len: bytes.len() as u64, checksum: checksum(bytes) })
            .collect();
        let temp = self.dir.join(format!(
            ".tmp-{key:032x}-{}-{}",
            std::process::id(),
            TEMP.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&temp);
        fs::create_dir_all(&temp)?;
        let written = (|| {
            for (s, bytes) in stored.iter().zip(files) {
                fs::write(temp.join(file_name(&s.variant)), bytes)?;
            }
            fs::write(temp.join(MANIFEST), manifest(&stored))?;
            let entry = self.entry(key);
            if entry.exists() {
                // A damaged entry: replace it.
                let _ = fs::remove_dir_all(&entry);
            }
            fs::rename(&temp, &entry)
        })();
        if written.is_err() {
            let _ = fs::remove_dir_all(&temp);
            if self.find(key, variants).is_some() {
                return Ok(stored);
            }
        }
        written.map(|()| stored)
    }

    /// The folder of the store.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn file_name(v: &Variant) -> String {
    format!("{}x{}.{}", v.width, v.height, v.encoding.ext())
}

fn manifest(stored: &[Stored]) -> String {
    let mut text = format!("{MAGIC}\n");
    for s in stored {
        let v = &s.variant;
        text.push_str(&format!(
            "{} {} {} {} {:016x}\n",
            v.width,
            v.height,
            v.encoding.ext(),
            s.len,
            s.checksum
        ));
    }
    text
}

fn parse(text: &str) -> Option<Vec<Stored>> {
    let mut lines = text.lines();
    if lines.next()? != MAGIC {
        return None;
    }
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            let [width, height, ext, len, sum] = fields[..] else { return None };
            let variant = Variant {
                width: width.parse().ok()?,
                height: height.parse().ok()?,
                encoding: Encoding::parse(ext)?,
            };
            Some(Stored { variant, len: len.parse().ok()?, checksum: u64::from_str_radix(sum, 16).ok()? })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants() -> Vec<Variant> {
        vec![
            Variant { width: 2, height: 1, encoding: Encoding::Webp },
            Variant { width: 2, height: 1, encoding: Encoding::Png },
        ]
    }

    #[test]
    fn entries_round_trip_and_damage_is_noticed() {
        let dir = std::env::temp_dir().join(format!("briefing-store-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let store = Store::new(dir.clone());
        assert!(store.find(7, &variants()).is_none());
        let stored = store.write(7, &variants(), &[b"webp".to_vec(), b"png!".to_vec()]).unwrap();
        assert_eq!(store.find(7, &variants()), Some(stored.clone()));
        assert_eq!(store.read(7, &stored[0]).as_deref(), Some(&b"webp"[..]));
        assert!(store.find(7, &variants()[..1]).is_none(), "other settings, other entry");
        // Same length, other bytes: the checksum tells.
        fs::write(store.file(7, &stored[1].variant), b"PNG!").unwrap();
        assert_eq!(store.read(7, &stored[1]), None);
        // A short file or a garbled manifest: not found, so made again.
        fs::write(store.file(7, &stored[1].variant), b"P").unwrap();
        assert!(store.find(7, &variants()).is_none());
        fs::write(store.entry(7).join(MANIFEST), "garbage").unwrap();
        assert!(store.find(7, &variants()).is_none());
        let again = store.write(7, &variants(), &[b"webp".to_vec(), b"png!".to_vec()]).unwrap();
        assert_eq!(store.find(7, &variants()), Some(again));
        fs::remove_dir_all(&dir).unwrap();
    }
}
