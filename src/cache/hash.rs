//! Content fingerprints: 128-bit XXH3 of bytes, of serialisable values,
//! and of what `briefing` itself is (its build id), for the caches' keys.
//! A fingerprint names content; it is never a secret. XXH3 is stable (the
//! same bytes give the same value in every release and on every machine)
//! and hashes long text several times faster than SipHash, which matters
//! for keys fed every page's context and every written file's bytes.

use super::feed::Sink;
use serde::Serialize;

include!(concat!(env!("OUT_DIR"), "/build_id.rs"));

/// A 128-bit fingerprint of some content.
pub type Fingerprint = u128;

/// The fingerprint of `bytes`.
pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
    let mut hasher = Hasher::new();
    hasher.bytes(bytes);
    hasher.finish()
}

/// Builds a fingerprint from several parts, each framed so that two
/// different sequences of parts never feed the same bytes.
pub struct Hasher(Sink);

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher(Sink::default())
    }

    /// Adds `bytes`, preceded by their length.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Hasher {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn u128(&mut self, n: u128) -> &mut Hasher {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Adds `value` as serde sees it (the form templates are given it in),
    /// every part tagged and framed ([`super::feed`]).
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Hasher {
        // Hashing cannot fail.
        let _ = value.serialize(&mut super::feed::Feeder(&mut self.0));
        self
    }

    pub fn finish(&self) -> Fingerprint {
        self.0.digest128()
    }
}

/// What this `briefing` is: its version and a fingerprint of the sources it
/// was compiled from, so a cache written by another build is never trusted.
pub fn build_id() -> String {
    format!("{} {BUILD_SOURCES:032x}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed() {
        let ab = Hasher::new().bytes(b"ab").bytes(b"c").finish();
        let a_bc = Hasher::new().bytes(b"a").bytes(b"bc").finish();
        assert_ne!(ab, a_bc);
        assert_eq!(of_bytes(b"x"), of_bytes(b"x"));
        assert_ne!(Hasher::new().value(&("a", "b")).finish(), Hasher::new().value(&("ab", "")).finish());
        assert_ne!(Hasher::new().value(&[1, 2]).finish(), Hasher::new().value(&[12]).finish());
    }

    #[test]
    fn a_fingerprint_does_not_depend_on_how_the_bytes_were_split() {
        let long: Vec<u8> = (0..5000u32).map(|n| (n % 251) as u8).collect();
        let mut whole = Sink::default();
        whole.update(&long);
        let mut pieces = Sink::default();
        for chunk in long.chunks(7).chain([&[][..]]) {
            pieces.update(chunk);
        }
        let mut mixed = Sink::default();
        mixed.update(&long[..3]);
        mixed.update(&long[3..4000]);
        mixed.update(&long[4000..]);
        let expected = xxhash_rust::xxh3::xxh3_128(&long);
        assert_eq!(
            (whole.digest128(), pieces.digest128(), mixed.digest128()),
            (expected, expected, expected)
        );
    }
}
