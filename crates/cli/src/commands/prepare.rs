//! Extraction on every core, ahead of the one writer.
//!
//! Ingest is a pipeline: a background thread takes the documents read, a
//! batch at a time, and prepares each batch (`hoptac_pipeline::prepare`:
//! facts, entities, signature) on all cores at once, split in contiguous
//! parts, so the batch keeps its order; the async side receives prepared
//! batches and stores and indexes them (one writer: the store takes one
//! write transaction at a time anyway). The channel holds two batches, so
//! extraction runs ahead of the writer by at most that much memory.

use hoptac_extract::Extractor;
use hoptac_ingest::{RawDocument, ReadError};
use hoptac_pipeline::prepare;
use hoptac_store::NewDocument;
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::sync::mpsc;

/// A prepared document, or why the input could not be read.
pub(crate) type Prepared = Result<NewDocument, ReadError>;

/// The receiving end of [`prepare_ahead`] and its thread.
pub(crate) struct PreparedBatches {
    rx: mpsc::Receiver<Vec<Prepared>>,
    thread: Option<JoinHandle<()>>,
}

impl PreparedBatches {
    /// The next batch, in input order; `None` at the end.
    pub(crate) async fn next(&mut self) -> Option<Vec<Prepared>> {
        self.rx.recv().await
    }

    /// Wait for the thread; an error if extraction panicked (a bug: the
    /// extractors never fail on odd text), so a run never ends short
    /// without saying so.
    pub(crate) fn finish(mut self) -> anyhow::Result<()> {
        self.rx.close();
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                anyhow::bail!("extraction stopped with a panic; documents after the last stored batch were not ingested");
            }
        }
        Ok(())
    }
}

/// How many threads extract: every core the process may use.
pub(crate) fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 16))
}

/// Prepare `items` in batches of `batch` on a background thread (using
/// [`workers`] threads per batch).
pub(crate) fn prepare_ahead<I>(ex: Arc<Extractor>, items: I, batch: usize) -> PreparedBatches
where
    I: Iterator<Item = Result<RawDocument, ReadError>> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(2);
    let workers = workers();
    let thread = std::thread::Builder::new()
        .name("hoptac-prepare".into())
        .spawn(move || {
            let mut items = items;
            loop {
                let chunk: Vec<_> = items.by_ref().take(batch.max(1)).collect();
                if chunk.is_empty() {
                    break;
                }
                if tx
                    .blocking_send(prepare_batch(&ex, chunk, workers))
                    .is_err()
                {
                    break; // the receiver is gone
                }
            }
        })
        .ok();
    PreparedBatches { rx, thread }
}

/// Prepare one batch on `workers` threads, in contiguous parts, so the
/// output keeps the input's order.
pub(crate) fn prepare_batch(
    ex: &Extractor,
    chunk: Vec<Result<RawDocument, ReadError>>,
    workers: usize,
) -> Vec<Prepared> {
    let one = |part: Vec<Result<RawDocument, ReadError>>| -> Vec<Prepared> {
        part.into_iter()
            .map(|r| r.map(|raw| prepare(ex, raw)))
            .collect()
    };
    if workers <= 1 || chunk.len() < 2 {
        return one(chunk);
    }
    let per = chunk.len().div_ceil(workers);
    let mut parts = Vec::with_capacity(workers);
    let mut rest = chunk.into_iter();
    loop {
        let p: Vec<_> = rest.by_ref().take(per).collect();
        if p.is_empty() {
            break;
        }
        parts.push(p);
    }
    std::thread::scope(|s| {
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_default();
        let handles: Vec<_> = parts.map(|p| s.spawn(move || one(p))).collect();
        let mut out = one(first);
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                // Re-raise on this thread: `finish` reports it.
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        out
    })
}
