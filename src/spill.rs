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

use crate::error::Diagnostic;

/// The problem of a text of `file` (its `what`: "body", "feed entry") that
/// could not be read back from its spill file.
pub fn unreadable(file: &std::path::Path, what: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::new(file, format!("cannot read this briefing's {what} back from a temporary file: {e}"))
        .help("check the disk of the temporary folder (TMPDIR) and build again")
}

/// One file that text is read back from, by any number of threads: a
/// temporary file that text is appended to, or a file of the parse cache
/// that is only read (its new text goes to a temporary one).
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the next text goes, in a temporary file.
    end: Mutex<u64>,
    /// For a file that is only read: where new text goes instead.
    elsewhere: Option<Option<Arc<Spill>>>,
}

impl Spill {
    /// A new, empty spill file; `None` when the temporary folder cannot
    /// hold one (text then stays in memory).
    pub fn new() -> Option<Arc<Spill>> {
        let file = os::create()?;
        Some(Arc::new(Spill { file, end: Mutex::new(0), elsewhere: None }))
    }

    /// An existing file of texts, opened for reading only; text put into it
    /// goes to `elsewhere` (in memory, without one). `None` where files
    /// cannot be read at an offset (then nothing is read from such a file).
    pub fn reading(file: File, elsewhere: Option<Arc<Spill>>) -> Option<Arc<Spill>> {
        os::READS_AT.then(|| Arc::new(Spill { file, end: Mutex::new(0), elsewhere: Some(elsewhere) }))
    }

    /// Appends `text`, returning the spill it went to and where; `None`
    /// when it cannot be written (a full disk), and the caller keeps the
    /// text in memory.
    fn put(self: &Arc<Self>, text: &str) -> Option<(Arc<Spill>, Place)> {
        if let Some(elsewhere) = &self.elsewhere {
            return elsewhere.as_ref()?.put(text);
        }
        let len = text.len() as u64;
        let at = {
            let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
            let at = *end;
            *end += len;
            at
        };
        // Each writer has its own range, so the write needs no lock.
        os::write_at(&self.file, text.as_bytes(), at).ok()?;
        Some((Arc::clone(self), Place { at, len }))
    }

    fn get(&self, place: Place) -> io::Result<String> {
        let mut bytes = vec![0; place.len as usize];
        os::read_at(&self.file, &mut bytes, place.at)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// Where one text is in a spill file: `len` bytes from byte `at` (also
/// how the parse cache records where each body is in its file of bodies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    pub at: u64,
    pub len: u64,
}

/// A text that is either in memory or in a spill file. Cloning a spilled
/// text copies a handle, not the text. It may know its fingerprint
/// ([`Text::fingerprint`]) without being read: a text put in a spill file
/// by [`Text::replace`] or recorded with its fingerprint ([`Text::at`]).
#[derive(Clone)]
pub struct Text(Inner, Option<u128>);

#[derive(Clone)]
enum Inner {
    Held(String),
    Spilled(Arc<Spill>, Place),
}

impl Text {
    pub fn held(text: String) -> Text {
        Text(Inner::Held(text), None)
    }

    /// The text at `place` in `spill` (a file that holds it already), whose
    /// fingerprint is `print` when it is known.
    pub fn at(spill: &Arc<Spill>, place: Place, print: Option<u128>) -> Text {
        Text(Inner::Spilled(Arc::clone(spill), place), print)
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
            && let Some((spill, place)) = spill.put(text)
        {
            self.0 = Inner::Spilled(spill, place);
        }
    }

    /// The fingerprint of the text: 128-bit XXH3 of its bytes, as
    /// [`fingerprint_of`] gives it. A spilled text whose fingerprint is not
    /// known is read back for it.
    pub fn fingerprint(&self) -> io::Result<u128> {
        match (&self.0, self.1) {
            (_, Some(print)) => Ok(print),
            (Inner::Held(text), None) => Ok(fingerprint_of(text)),
            (Inner::Spilled(..), None) => Ok(fingerprint_of(&self.read()?)),
        }
    }

    /// Replaces the text, keeping it where the old one was (in memory, or
    /// in the same spill file). Its fingerprint is taken on the way, while
    /// the text is at hand: the keys of incremental builds need it, and
    /// reading it back for them would cost far more.
    pub fn replace(&mut self, text: String) {
        let spill = match &self.0 {
            Inner::Spilled(spill, _) => Some(Arc::clone(spill)),
            Inner::Held(_) => None,
        };
        let print = fingerprint_of(&text);
        *self = Text::spilled(text, spill.as_ref());
        self.1 = Some(print);
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

/// The fingerprint of a text's bytes (see [`Text::fingerprint`]).
pub fn fingerprint_of(text: &str) -> u128 {
    fingerprint_of_bytes(text.as_bytes())
}

/// The fingerprint of `bytes`, as [`fingerprint_of`] makes a text's.
pub fn fingerprint_of_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// An empty text, in memory.
impl Default for Text {
    fn default() -> Text {
        Text::held(String::new())
    }
}

#[cfg(unix)]
mod os {
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::unix::fs::FileExt;
    use std::time::{SystemTime, UNIX_EPOCH};

    pub const READS_AT: bool = true;

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

    pub const READS_AT: bool = false;

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
    }

    #[test]
    fn a_file_that_is_only_read_sends_new_text_elsewhere() {
        let Some(temporary) = Spill::new() else { return };
        let path = std::env::temp_dir().join(format!("briefing-spill-test-{}", std::process::id()));
        std::fs::write(&path, "héllo world").unwrap();
        let file = File::open(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let reading = Spill::reading(file, Some(Arc::clone(&temporary))).unwrap();
        let mut text = Text::at(&reading, Place { at: 7, len: 5 }, None);
        assert_eq!(text.read().unwrap(), "world");
        text.replace("new text".into());
        assert_eq!(text.read().unwrap(), "new text");
        assert!(matches!(&text.0, Inner::Spilled(spill, _) if Arc::ptr_eq(spill, &temporary)));
        let mut past_the_end = Text::at(&reading, Place { at: 7, len: 50 }, None);
        assert!(past_the_end.read().is_err());
        let alone = Spill::reading(File::open("/dev/null").unwrap(), None).unwrap();
        past_the_end = Text::at(&alone, Place { at: 0, len: 0 }, None);
        past_the_end.replace("kept in memory".into());
        assert!(matches!(&past_the_end.0, Inner::Held(t) if t == "kept in memory"));
    }

    #[test]
    fn a_fingerprint_is_of_the_text_whether_known_or_read() {
        let Some(spill) = Spill::new() else { return };
        let mut text = Text::spilled("first".into(), Some(&spill));
        assert_eq!((text.1, text.fingerprint().unwrap()), (None, fingerprint_of("first")), "read back");
        text.replace("second".into());
        assert_eq!(
            (text.1, text.fingerprint().unwrap()),
            (Some(fingerprint_of("second")), fingerprint_of("second"))
        );
        assert_eq!(Text::held("third".into()).fingerprint().unwrap(), fingerprint_of("third"));
        assert_ne!(fingerprint_of("first"), fingerprint_of("second"));
        let unreadable = Text::at(&spill, Place { at: 1000, len: 5 }, None);
        assert!(unreadable.fingerprint().is_err(), "a text that cannot be read has no fingerprint");
    }
}
