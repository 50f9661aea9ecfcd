//! Text kept on disk instead of in memory while a build runs: the bodies of
//! briefings and their feed entries, the bulk of a large site, are written
//! once to an unnamed temporary file and read back when a page or a feed is
//! made, so peak memory holds what indexes and lists need, not every body.
//!
//! The file is created in the system's temporary folder (`TMPDIR`) and
//! removed at once on Unix, so nothing is left behind even by a killed
//! build; the operating system's page cache keeps it fast. Where no such
//! file can be made, text simply stays in memory.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Diagnostic;

/// The problem of a text of `file` (its `what`: "body", "feed entry") that
/// could not be read back from its spill file.
pub fn unreadable(file: &std::path::Path, what: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::new(file, format!("cannot read this briefing's {what} back from a temporary file: {e}"))
        .help("check the disk of the temporary folder (TMPDIR) and build again")
}

/// One temporary file that text is appended to and read back from, by any
/// number of threads.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the next text goes.
    end: Mutex<u64>,
}

impl Spill {
    /// A new, empty spill file; `None` when the temporary folder cannot
    /// hold one (text then stays in memory).
    pub fn new() -> Option<Arc<Spill>> {
        let file = os::create()?;
        Some(Arc::new(Spill { file, end: Mutex::new(0) }))
    }

    /// Appends `text`; `None` when it cannot be written (a full disk), and
    /// the caller keeps the text in memory.
    fn put(&self, text: &str) -> Option<Place> {
        let len = text.len() as u64;
        let at = {
            let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
            let at = *end;
            *end += len;
            at
        };
        // Each writer has its own range, so the write needs no lock.
        os::write_at(&self.file, text.as_bytes(), at).ok()?;
        Some(Place { at, len })
    }

    fn get(&self, place: Place) -> io::Result<String> {
        let mut bytes = vec![0; place.len as usize];
        os::read_at(&self.file, &mut bytes, place.at)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// Where one text is in a spill file.
#[derive(Debug, Clone, Copy)]
struct Place {
    at: u64,
    len: u64,
}

/// A text that is either in memory or in a spill file. Cloning a spilled
/// text copies a handle, not the text.
#[derive(Clone)]
pub struct Text(Inner);

#[derive(Clone)]
enum Inner {
    Held(String),
    Spilled(Arc<Spill>, Place),
}

impl Text {
    pub fn held(text: String) -> Text {
        Text(Inner::Held(text))
    }

    /// `text`, in `spill` when it can be written there.
    pub fn spilled(text: String, spill: Option<&Arc<Spill>>) -> Text {
        let mut t = Text::held(text);
        if let Some(spill) = spill {
            t.spill_into(spill);
        }
        t
    }

    /// Moves a text held in memory into `spill` (a spilled text stays where
    /// it is; a text that cannot be written stays in memory).
    pub fn spill_into(&mut self, spill: &Arc<Spill>) {
        if let Inner::Held(text) = &self.0
            && let Some(place) = spill.put(text)
        {
            self.0 = Inner::Spilled(Arc::clone(spill), place);
        }
    }

    /// Replaces the text, keeping it where the old one was (in memory, or
    /// in the same spill file).
    pub fn replace(&mut self, text: String) {
        let spill = match &self.0 {
            Inner::Spilled(spill, _) => Some(Arc::clone(spill)),
            Inner::Held(_) => None,
        };
        *self = Text::spilled(text, spill.as_ref());
    }

    /// The text, read back from its spill file if it is there.
    pub fn read(&self) -> io::Result<Cow<'_, str>> {
        match &self.0 {
            Inner::Held(text) => Ok(Cow::Borrowed(text)),
            Inner::Spilled(spill, place) => spill.get(*place).map(Cow::Owned),
        }
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Inner::Held(text) => text.len(),
            Inner::Spilled(_, place) => place.len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Inner::Held(text) => write!(f, "{text:?}"),
            Inner::Spilled(_, place) => write!(f, "<{} bytes on disk>", place.len),
        }
    }
}

/// Serialised as the text itself (the parse cache holds it), read back
/// when spilled.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.read().map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

/// Read into memory; the loader spills it.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::held)
    }
}

#[cfg(unix)]
mod os {
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::unix::fs::FileExt;
    use std::time::{SystemTime, UNIX_EPOCH};

    /// A new file in the temporary folder, already removed from it.
    pub fn create() -> Option<File> {
        let dir = std::env::temp_dir();
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        (0..16u32).find_map(|attempt| {
            let path = dir.join(format!(".briefing-spill-{}-{nanos}-{attempt}", std::process::id()));
            let file = OpenOptions::new().read(true).write(true).create_new(true).open(&path).ok()?;
            std::fs::remove_file(&path).ok()?;
            Some(file)
        })
    }

    pub fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
        file.write_all_at(bytes, at)
    }

    pub fn read_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
        file.read_exact_at(bytes, at)
    }
}

/// Elsewhere, text stays in memory.
#[cfg(not(unix))]
mod os {
    use std::fs::File;
    use std::io;

    pub fn create() -> Option<File> {
        None
    }

    pub fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_text_reads_back_from_many_threads() {
        let Some(spill) = Spill::new() else { return };
        let texts: Vec<String> =
            (0..200).map(|n| format!("<p>body {n} — ünïcode</p>").repeat(n % 7)).collect();
        let spilled: Vec<Text> = std::thread::scope(|s| {
            let chunks: Vec<_> = texts
                .chunks(50)
                .map(|chunk| {
                    s.spawn(|| {
                        chunk.iter().map(|t| Text::spilled(t.clone(), Some(&spill))).collect::<Vec<_>>()
                    })
                })
                .collect();
            chunks.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (text, t) in texts.iter().zip(&spilled) {
            assert_eq!(t.read().unwrap(), text.as_str());
            assert_eq!(t.len(), text.len());
        }
        assert!(matches!(spilled[1].0, Inner::Spilled(..)));
        let mut changed = spilled[3].clone();
        changed.replace("new".into());
        assert!(matches!(changed.0, Inner::Spilled(..)), "a replaced text stays on disk");
        assert_eq!(
            (changed.read().unwrap(), spilled[3].read().unwrap()),
            ("new".into(), texts[3].as_str().into())
        );
        let json = serde_json::to_string(&spilled[5]).unwrap();
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back.read().unwrap(), texts[5].as_str());
    }
}
