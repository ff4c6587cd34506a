//! Where the batch writer's time goes, step by step.
//!
//! `hoptac bench-ingest` prints these beside its rate, so a change to the
//! write path can be judged by the step it changes rather than by the
//! whole run's noise. Counting costs a clock read per step per batch.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The steps of storing a batch (`bulk.rs`, `batch.rs`), in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStep {
    /// Is each document stored, and how full are its buckets.
    Lookups,
    /// The stored documents sharing its cold buckets, fetched and compared.
    Candidates,
    /// `documents` rows.
    Documents,
    /// `doc_bands` rows.
    Bands,
    /// `facts` rows.
    Facts,
    /// `entities` rows.
    Entities,
    /// `mentions` rows.
    Mentions,
    /// `COMMIT` (on SQLite: the dirty pages to the write-ahead log).
    Commit,
}

impl WriteStep {
    /// Every step, in order.
    pub const ALL: [WriteStep; 8] = [
        WriteStep::Lookups,
        WriteStep::Candidates,
        WriteStep::Documents,
        WriteStep::Bands,
        WriteStep::Facts,
        WriteStep::Entities,
        WriteStep::Mentions,
        WriteStep::Commit,
    ];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            WriteStep::Lookups => "look-ups",
            WriteStep::Candidates => "candidates",
            WriteStep::Documents => "documents",
            WriteStep::Bands => "bands",
            WriteStep::Facts => "facts",
            WriteStep::Entities => "entities",
            WriteStep::Mentions => "mentions",
            WriteStep::Commit => "commit",
        }
    }
}

/// Time spent per step, summed over every batch of a store's life.
#[derive(Debug, Default)]
pub struct WriteTimes {
    nanos: [AtomicU64; 8],
}

impl WriteTimes {
    /// Add `d` to `step`.
    pub(crate) fn add(&self, step: WriteStep, d: Duration) {
        self.nanos[step as usize].fetch_add(d.as_nanos() as u64, Ordering::Relaxed);
    }

    /// A stopwatch whose laps go to these totals.
    pub(crate) fn clock(&self) -> Lap<'_> {
        Lap {
            times: self,
            at: Instant::now(),
        }
    }

    /// Each step with its total so far.
    pub fn totals(&self) -> Vec<(WriteStep, Duration)> {
        WriteStep::ALL
            .iter()
            .map(|&s| {
                (
                    s,
                    Duration::from_nanos(self.nanos[s as usize].load(Ordering::Relaxed)),
                )
            })
            .collect()
    }
}

/// A running stopwatch over [`WriteTimes`].
pub(crate) struct Lap<'a> {
    times: &'a WriteTimes,
    at: Instant,
}

impl Lap<'_> {
    /// The time since the last lap goes to `step`.
    pub(crate) fn lap(&mut self, step: WriteStep) {
        let now = Instant::now();
        self.times.add(step, now - self.at);
        self.at = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_add_up_per_step() {
        let t = WriteTimes::default();
        t.add(WriteStep::Bands, Duration::from_millis(3));
        t.add(WriteStep::Bands, Duration::from_millis(4));
        let mut c = t.clock();
        c.lap(WriteStep::Commit);
        let totals = t.totals();
        assert_eq!(totals.len(), 8);
        assert_eq!(totals[3], (WriteStep::Bands, Duration::from_millis(7)));
        assert_eq!(totals[0].1, Duration::ZERO);
        assert_eq!(totals[7].0, WriteStep::Commit);
    }
}
