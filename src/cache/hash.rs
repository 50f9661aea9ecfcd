//! Content fingerprints: 128-bit SipHash-1-3 of bytes, of serialisable
//! values, and of what `briefing` itself is (its build id), for the caches'
//! keys. A fingerprint names content; it is never a secret.

use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher as _;

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
pub struct Hasher(SipHasher13);

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher(SipHasher13::new())
    }

    /// Adds `bytes`, preceded by their length.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Hasher {
        self.0.write_u64(bytes.len() as u64);
        self.0.write(bytes);
        self
    }

    pub fn u128(&mut self, n: u128) -> &mut Hasher {
        self.0.write_u128(n);
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
        self.0.finish128().as_u128()
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
}
