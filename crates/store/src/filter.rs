//! Which LSH buckets are certainly empty, known without asking the store.
//!
//! Storing a batch starts by counting how full each of its documents' 16
//! buckets is (`bulk.rs`). Most bands of a new document are in no bucket
//! yet, and at a million documents each of those counts was a B-tree seek
//! that missed the page cache: the largest part of the writer's time. The
//! batch writer keeps a Bloom filter of every band in `doc_bands`, and
//! asks the store only for bands the filter may hold. It also remembers
//! the buckets it found hot: rows are never deleted, so a hot bucket stays
//! hot.
//!
//! The filter is exact about what it says no to only while this process
//! is the store's one document writer. So it records the number of the
//! last document it covers, and a batch uses it only if the store's last
//! document is that one (checked inside the batch's write transaction, so
//! no one can write in between); otherwise it is dropped and built again
//! from `doc_bands`. A batch that is rolled back leaves bands in the
//! filter that the store does not have: the filter then says "maybe" for
//! them, and the store answers, so it is never wrong, only less useful.
//!
//! Building reads every band row, so it is worth it only when this process
//! writes many documents for the store's size ([`BandFilter::worth_building`]),
//! and a store that other writers keep changing stops using it.

use crate::{Result, HOT_BUCKET};
use fastbloom::BloomFilter;
use sqlx::Row;
use std::collections::HashSet;

/// Target rate of false "maybe"s.
const FALSE_POSITIVES: f64 = 0.01;
/// Bands the filter is sized for, at least (29 MB at 1%).
const MIN_CAPACITY: usize = 24 << 20;
/// A batch of fewer documents asks the store (a filter does not pay).
pub(crate) const MIN_BATCH: usize = 64;
/// Rebuilds because another writer changed the store, before giving up.
const MAX_STALE: u32 = 3;

/// The batch writer's knowledge of `doc_bands` (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct BandFilter {
    filter: Option<Filter>,
    /// Documents this process stored through batches.
    written: i64,
    /// Times the filter was found stale (another writer).
    stale: u32,
    /// Bands whose bucket is hot.
    hot: HashSet<i64>,
}

#[derive(Debug)]
struct Filter {
    bloom: BloomFilter,
    /// Bands inserted, and the number the filter was sized for.
    items: usize,
    capacity: usize,
    /// The last document (`seq`) whose bands are all in.
    seq: i64,
}

/// What the filter says of a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    /// In no bucket: its count is 0.
    Empty,
    /// Hot: its count is over [`HOT_BUCKET`].
    Hot,
    /// Ask the store.
    Maybe,
}

impl BandFilter {
    /// Is a filter worth building for a store whose last document is
    /// `last_seq`: reading its ~16 band rows per document costs about a
    /// tenth of what the filter saves per document written, so once this
    /// process has written a tenth of the store.
    fn worth_building(&self, last_seq: i64) -> bool {
        self.stale < MAX_STALE && self.written.saturating_mul(10) >= last_seq
    }

    /// Make the filter ready for a batch of `docs` documents whose store
    /// ends at document `last_seq`: kept if still exact, else dropped and
    /// (if worth it) built from `doc_bands`. Whether it may be used.
    pub(crate) async fn prepare(
        &mut self,
        conn: &mut sqlx::AnyConnection,
        last_seq: i64,
        docs: usize,
    ) -> Result<bool> {
        if docs < MIN_BATCH {
            return Ok(false);
        }
        if let Some(f) = &self.filter {
            if f.seq == last_seq && f.items <= f.capacity {
                return Ok(true);
            }
            if f.seq != last_seq {
                self.stale += 1;
                tracing::debug!(
                    "band filter at document {} but the store at {last_seq}: another writer",
                    f.seq
                );
            }
            self.filter = None;
        }
        if !self.worth_building(last_seq) {
            return Ok(false);
        }
        // Every band row, once: documents number 1..=last_seq, about 16
        // bands each.
        let rows: i64 = last_seq.saturating_mul(16);
        let capacity = (rows.max(0) as usize).saturating_mul(2).max(MIN_CAPACITY);
        let mut bloom = BloomFilter::with_false_pos(FALSE_POSITIVES).expected_items(capacity);
        // The one band the paging below cannot reach: "maybe" for it.
        bloom.insert(&i64::MIN);
        let mut items = 1;
        // In pages along the key: each page one seek and a run of leaves
        // (a band's rows cut by a page's end are skipped: its value is in).
        let mut after = i64::MIN;
        loop {
            let rows =
                sqlx::query("SELECT band FROM doc_bands WHERE band > $1 ORDER BY band LIMIT 65536")
                    .bind(after)
                    .fetch_all(&mut *conn)
                    .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get(0)?;
            for row in &rows {
                let band: i64 = row.try_get(0)?;
                bloom.insert(&band);
                items += 1;
            }
            if rows.len() < 65536 {
                break;
            }
        }
        tracing::debug!(items, capacity, "band filter built");
        self.filter = Some(Filter {
            bloom,
            items,
            capacity,
            seq: last_seq,
        });
        Ok(true)
    }

    /// What the filter knows of `band` (only after [`prepare`](Self::prepare) said yes).
    pub(crate) fn known(&self, band: i64) -> Known {
        if self.hot.contains(&band) {
            return Known::Hot;
        }
        match &self.filter {
            Some(f) if !f.bloom.contains(&band) => Known::Empty,
            _ => Known::Maybe,
        }
    }

    /// The store counted `band`'s bucket at `count`.
    pub(crate) fn counted(&mut self, band: i64, count: i64) {
        if count > HOT_BUCKET {
            self.hot.insert(band);
        }
    }

    /// Bands written in the open batch.
    pub(crate) fn insert(&mut self, bands: impl Iterator<Item = i64>) {
        if let Some(f) = &mut self.filter {
            for b in bands {
                f.bloom.insert(&b);
                f.items += 1;
            }
        }
    }

    /// The batch was committed: the store ends at document `last_seq`,
    /// `written` more of them from this process.
    pub(crate) fn committed(&mut self, last_seq: i64, written: i64) {
        self.written += written;
        if let Some(f) = &mut self.filter {
            f.seq = last_seq;
        }
    }
}
