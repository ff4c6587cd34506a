//! The search index fed on a thread of its own, behind the store.
//!
//! Ingest is three stages: extraction on every core (`prepare.rs`), the
//! store's one writer, and the index. The writer hands each committed
//! batch to this thread and goes on with the next, so building the index
//! entries (sentences, fact JSON, the analyzers) runs beside the store's
//! writes instead of after them. The channel holds two batches: when the
//! index falls behind, the writer waits, so memory stays bounded.
//!
//! Only documents the store has committed are sent, so the index never
//! holds a document the store does not; what the thread has not added
//! when the process dies is added by the next `sync`, which reads the
//! store beyond the index's mark.

use hoptac_search::SearchIndex;
use hoptac_store::NewDocument;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

use super::ingest::index_entry;

/// Stored documents on their way to the index: each with whether it is a
/// near-duplicate.
type Stored = Vec<(NewDocument, bool)>;

/// The index on its thread (or none: the documents are then only stored).
pub(crate) struct Indexer {
    tx: Option<mpsc::Sender<Stored>>,
    thread: Option<JoinHandle<(Option<SearchIndex>, Vec<String>)>>,
    /// Nanoseconds the writer waited for room in the queue (the index
    /// behind the store).
    waited: AtomicU64,
}

impl Indexer {
    /// Start feeding `index` (nothing to do without one).
    pub(crate) fn start(index: Option<SearchIndex>) -> Indexer {
        let Some(mut ix) = index else {
            return Indexer {
                tx: None,
                thread: None,
                waited: AtomicU64::new(0),
            };
        };
        let (tx, mut rx) = mpsc::channel::<Stored>(2);
        let thread = std::thread::Builder::new()
            .name("hoptac-index".into())
            .spawn(move || {
                let mut notes = Vec::new();
                while let Some(batch) = rx.blocking_recv() {
                    for (doc, duplicate) in &batch {
                        if let Err(e) = ix.add(&index_entry(doc, *duplicate)) {
                            // The store has the documents; the next sync
                            // (or `hoptac reindex`) brings the index level.
                            notes.push(format!("note: search index left behind: {e}"));
                            return (None, notes);
                        }
                    }
                }
                (Some(ix), notes)
            });
        match thread {
            Ok(t) => Indexer {
                tx: Some(tx),
                thread: Some(t),
                waited: AtomicU64::new(0),
            },
            Err(e) => {
                tracing::warn!(
                    "cannot start the indexing thread ({e}); the index catches up later"
                );
                Indexer {
                    tx: None,
                    thread: None,
                    waited: AtomicU64::new(0),
                }
            }
        }
    }

    /// An indexer that indexes nothing.
    pub(crate) fn none() -> Indexer {
        Indexer::start(None)
    }

    /// Hand over stored documents; waits while two batches are queued.
    pub(crate) async fn send(&self, docs: Stored) {
        if docs.is_empty() {
            return;
        }
        if let Some(tx) = &self.tx {
            let t = Instant::now();
            // A closed channel means the thread stopped on an error, which
            // `finish` reports.
            let _ = tx.send(docs).await;
            self.waited
                .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        }
    }

    /// How long the writer has waited for the index to take a batch.
    pub(crate) fn waited(&self) -> Duration {
        Duration::from_nanos(self.waited.load(Ordering::Relaxed))
    }

    /// Wait until everything sent is added; the index back (none if it
    /// failed) and what the user should be told.
    pub(crate) fn finish(mut self) -> (Option<SearchIndex>, Vec<String>) {
        self.tx = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => (
                None,
                vec![
                    "note: the search index stopped with a panic; it catches up on the next search"
                        .into(),
                ],
            ),
            None => (None, Vec::new()),
        }
    }
}
