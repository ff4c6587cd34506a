//! Storing many documents in one transaction, for bulk ingest.
//!
//! Each document still goes in whole or not at all: the batch is one
//! transaction, and when a document of it fails the batch is rolled back
//! and written again with each document in a savepoint of its own, rolled
//! back alone if it fails. What the batch
//! saves is the commit: on SQLite every commit writes each page it dirtied
//! (the B-tree pages of a dozen indexes) to the write-ahead log, so one
//! commit per document cost about 100 page writes each; a batch of
//! documents dirties mostly the same pages. A killed process loses at most
//! the batch in progress, and running the same ingest again finishes it.
//!
//! Two batches written at once on PostgreSQL can deadlock: each holds rows
//! (a new document, a new entity) the other's next document needs, as when
//! two processes ingest overlapping files in different orders. PostgreSQL
//! then fails one statement of one of them. That batch is rolled back
//! whole and its documents are stored one transaction each, which take
//! their locks in one order (the document, then its entities by id); a
//! document that still meets a deadlock is tried again. So no document is
//! lost to a concurrent writer: each ends stored, or a duplicate of the one
//! the other writer stored.

use crate::{put_in, NewDocument, PutOutcome, Result, Store, StoreError};
use sqlx::Executor;
use std::time::Duration;

/// How many times a single document is tried after deadlocks.
const TRIES: u32 = 8;

/// What the batch writer keeps from one batch to the next: its connection
/// (SQLite keeps a page cache per connection: the B-tree pages the last
/// batch read and wrote are the ones the next needs) and its knowledge of
/// the LSH buckets (`filter.rs`). One batch is written at a time.
#[derive(Debug, Default)]
pub(crate) struct BatchWriter {
    pub(crate) conn: Option<sqlx::pool::PoolConnection<sqlx::Any>>,
    pub(crate) filter: crate::filter::BandFilter,
}

impl BatchWriter {
    /// Hand the connection back to the pool.
    pub(crate) fn release(&mut self) {
        self.conn = None;
    }
}

impl Store {
    /// Store `docs` in one transaction (again with a savepoint per document
    /// if one fails): one outcome per document, in order. An error of one document leaves the others
    /// stored; an error of the transaction itself is returned for all.
    pub async fn put_documents(&self, docs: &[NewDocument]) -> Result<Vec<Result<PutOutcome>>> {
        // First try: the whole batch in one transaction, a few statements
        // per table (`bulk.rs`). If any document fails, nothing of the
        // batch is kept and every document goes again in a savepoint of its
        // own, so the others are stored and the failing one leaves nothing.
        let mut writer = self.batches.lock().await;
        let conn = match writer.conn.take() {
            Some(c) => c,
            None => {
                let mut c = self.pool.acquire().await?;
                if self.backend == crate::Backend::Sqlite {
                    c.execute(crate::BATCH_CACHE_PRAGMA).await?;
                }
                c
            }
        };
        let mut tx = self.begin_write_on(conn).await?;
        match crate::bulk::put_batch(tx.conn(), docs, &self.times, &mut writer.filter).await {
            Ok((out, last_seq, written)) => {
                let mut clock = self.times.clock();
                writer.conn = Some(tx.commit_keep().await?);
                clock.lap(crate::WriteStep::Commit);
                writer.filter.committed(last_seq, written);
                return Ok(out.into_iter().map(Ok).collect());
            }
            Err(e) => {
                tracing::debug!("batch of {} stored one by one: {e}", docs.len());
            }
        }
        tx.rollback().await?;
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            let conn = tx.conn();
            conn.execute("SAVEPOINT hoptac_doc").await?;
            match put_in(&mut *conn, doc).await {
                Ok(o) => {
                    conn.execute("RELEASE SAVEPOINT hoptac_doc").await?;
                    out.push(Ok(o));
                }
                Err(e) if is_conflict(&e) => {
                    tracing::debug!("batch met a concurrent writer ({e}): storing one by one");
                    tx.rollback().await?;
                    return self.put_one_by_one(docs).await;
                }
                Err(e) => {
                    conn.execute("ROLLBACK TO SAVEPOINT hoptac_doc").await?;
                    conn.execute("RELEASE SAVEPOINT hoptac_doc").await?;
                    out.push(Err(e));
                }
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn put_one_by_one(&self, docs: &[NewDocument]) -> Result<Vec<Result<PutOutcome>>> {
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            let mut tries = 0;
            let outcome = loop {
                tries += 1;
                match self.put_document(doc).await {
                    Err(e) if is_conflict(&e) && tries < TRIES => {
                        // Let the other writer finish; a little longer each time.
                        tokio::time::sleep(Duration::from_millis(20 * u64::from(tries))).await;
                    }
                    r => break r,
                }
            };
            out.push(outcome);
        }
        Ok(out)
    }
}

/// A deadlock or serialization failure: the statement lost a race with
/// another transaction and may be run again.
pub(crate) fn is_conflict(e: &StoreError) -> bool {
    match e {
        StoreError::Database(sqlx::Error::Database(d)) => {
            matches!(d.code().as_deref(), Some("40P01") | Some("40001"))
        }
        _ => false,
    }
}
