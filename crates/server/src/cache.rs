//! A cache of read responses, valid while the store has not changed.
//!
//! Each entry is tagged with the generation it was computed in. The
//! generation moves when this server writes (at once) and when the store's
//! change stamp (`Store::change_stamp`: counts and latest times of what is
//! only ever added) moves, polled every second, so writes made by another
//! process (`hoptac ingest`, `hoptac plan set`) show within a second. The
//! generation is read *before* a response is computed, so a response that
//! raced with a write is tagged with the old generation and never served.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

/// Entries beyond this clear the cache (read URLs with free query strings
/// must not grow it without bound).
const MAX_ENTRIES: usize = 4096;

/// The read cache.
#[derive(Debug, Default)]
pub struct Cache {
    generation: AtomicU64,
    map: RwLock<HashMap<String, (u64, Bytes)>>,
    stamp: RwLock<String>,
}

impl Cache {
    /// The current generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
    /// Invalidate everything (after a write).
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
    /// Bump if the store's stamp differs from the last one seen.
    pub fn observe(&self, stamp: String) {
        let mut s = self.stamp.write().unwrap_or_else(|e| e.into_inner());
        if *s != stamp {
            *s = stamp;
            drop(s);
            self.bump();
        }
    }
    /// A body computed in the current generation.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let g = self.generation();
        let m = self.map.read().unwrap_or_else(|e| e.into_inner());
        m.get(key)
            .filter(|(eg, _)| *eg == g)
            .map(|(_, b)| b.clone())
    }
    /// Keep a body computed in generation `g`.
    pub fn put(&self, key: String, g: u64, body: Bytes) {
        let mut m = self.map.write().unwrap_or_else(|e| e.into_inner());
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(key, (g, body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_die_with_their_generation() {
        let c = Cache::default();
        let g = c.generation();
        c.put("/a".into(), g, Bytes::from_static(b"1"));
        assert_eq!(c.get("/a").as_deref(), Some(&b"1"[..]));
        c.observe("x".into());
        assert_eq!(c.get("/a"), None);
        c.put("/a".into(), c.generation(), Bytes::from_static(b"2"));
        c.observe("x".into()); // same stamp: still valid
        assert_eq!(c.get("/a").as_deref(), Some(&b"2"[..]));
        // A response computed before a write is not served after it.
        let before = c.generation();
        c.bump();
        c.put("/b".into(), before, Bytes::from_static(b"old"));
        assert_eq!(c.get("/b"), None);
    }
}
