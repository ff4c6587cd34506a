//! Copying SQLite's write-ahead log into the database beside the writer.
//!
//! In WAL mode every commit appends the pages it changed to the log, and a
//! checkpoint copies them into the database file and syncs it. SQLite's
//! automatic checkpoint runs inside the commit that crosses the threshold,
//! on the writer's thread: during a bulk ingest that was a quarter of the
//! writer's time, most of it waiting for the sync. Here a task of its own,
//! on a connection of its own, runs a `PASSIVE` checkpoint every second,
//! so the writer only appends. A passive checkpoint takes no
//! lock a writer or reader waits for; it copies what is committed and
//! stops where a reader still needs the log, and SQLite starts the log over
//! once everything is copied. The pool's connections keep an automatic
//! checkpoint at a high mark (1 GiB), should this task fall behind.
//!
//! Crash safety does not change: a checkpoint never copies an uncommitted
//! page, and one killed half-way is redone from the log on the next open.

use sqlx::any::AnyConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor, Row};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How often the task copies the log: a page written again and again in
/// that time is copied once.
const EVERY: Duration = Duration::from_secs(1);

/// The background checkpointer of one SQLite store.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    stop: Arc<Notify>,
    task: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Checkpointer {
    /// Start checkpointing the database `opts` opens.
    pub(crate) fn start(opts: AnyConnectOptions) -> Checkpointer {
        let stop = Arc::new(Notify::new());
        let told = stop.clone();
        let task = tokio::spawn(async move {
            let mut conn = match opts.connect().await {
                Ok(c) => c,
                Err(e) => {
                    tracing::debug!("no background checkpoints ({e}); SQLite's own take over");
                    return;
                }
            };
            loop {
                tokio::select! {
                    _ = told.notified() => break,
                    _ = tokio::time::sleep(EVERY) => {}
                }
                match sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .fetch_one(&mut conn)
                    .await
                {
                    Ok(row) => {
                        let frames: i64 = row.try_get(1).unwrap_or(0);
                        let copied: i64 = row.try_get(2).unwrap_or(0);
                        tracing::trace!(frames, copied, "checkpoint");
                    }
                    Err(e) => tracing::debug!("background checkpoint: {e}"),
                }
            }
            let _ = conn.execute("SELECT 1").await;
            let _ = conn.close().await;
        });
        Checkpointer {
            stop,
            task: std::sync::Mutex::new(Some(task)),
        }
    }

    /// Stop, and wait for the task's connection to close.
    pub(crate) async fn stop(&self) {
        let task = self.task.lock().ok().and_then(|mut t| t.take());
        if let Some(task) = task {
            self.stop.notify_one();
            let _ = task.await;
        }
    }
}
