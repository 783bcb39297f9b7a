//! The 64-bit hash of fingerprints and revisions: what a build compares with the last one's to
//! know what changed (an article's `rev`, a page's fingerprint, a search shard's).
//!
//! Not cryptographic, and not meant to name anything for good (slugs and the cache's file name
//! use BLAKE3): foldhash with fixed seeds gives the same hash for the same bytes in every run,
//! and hashes an article's body (~10 KB) several times faster than BLAKE3, which was about 1.5%
//! of a clean build's CPU. A different hash in another version of the program only makes its
//! first build render more.

use std::hash::{BuildHasher, Hasher};

/// Hashes `parts` in order; each part's length goes in too, so ("ab", "c") ≠ ("a", "bc").
pub fn hash64(parts: &[&[u8]]) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(0x6272_6965_6669_6e67).build_hasher();
    for p in parts {
        h.write_usize(p.len());
        h.write(p);
    }
    h.finish()
}

/// A hash that never changes with the program's version: XXH3, fixed by its specification.
/// For what is written down and compared by later versions (an article's body hash, which
/// `addresses.toml` records through its content hash).
pub fn stable64(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::{hash64, stable64};

    #[test]
    fn the_stable_hash_is_xxh3_as_specified() {
        // Test vectors of the XXH3 reference implementation (64-bit, seed 0).
        assert_eq!(stable64(b""), 0x2d06800538d394c2);
        assert_eq!(stable64(b"a"), 0xe6c632b61e964e1f);
    }

    #[test]
    fn parts_are_delimited_and_the_hash_is_stable_within_a_run() {
        assert_ne!(hash64(&[b"ab", b"c"]), hash64(&[b"a", b"bc"]));
        assert_ne!(hash64(&[b""]), hash64(&[]));
        let body = "word ".repeat(2000);
        assert_eq!(hash64(&[body.as_bytes()]), hash64(&[body.as_bytes()]));
        let mut changed = body.clone().into_bytes();
        changed[5000] = b'W';
        assert_ne!(hash64(&[body.as_bytes()]), hash64(&[&changed]));
    }
}
