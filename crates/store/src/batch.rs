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

use crate::{put_in, NewDocument, PutOutcome, Result, Store};
use sqlx::Executor;

impl Store {
    /// Store `docs` in one transaction, each in a savepoint: one outcome
    /// per document, in order. An error of one document leaves the others
    /// stored; an error of the transaction itself is returned for all.
    pub async fn put_documents(&self, docs: &[NewDocument]) -> Result<Vec<Result<PutOutcome>>> {
        // First try: the whole batch in one transaction with no savepoints
        // (two statements less per document, each a round trip to the
        // driver's thread). If any document fails, nothing of the batch is
        // kept and every document goes again in a savepoint of its own, so
        // the others are stored and the failing one leaves nothing.
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(docs.len());
        let mut failed = false;
        for doc in docs {
            match put_in(tx.conn(), doc).await {
                Ok(o) => out.push(Ok(o)),
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        if !failed {
            tx.commit().await?;
            return Ok(out);
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
}
