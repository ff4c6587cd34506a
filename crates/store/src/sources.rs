//! Watched sources and the items taken from them (migration 0005).
//!
//! A source is a feed, sitemap or page polled on a schedule; its row keeps
//! the fetch state (validators for conditional requests, the last error,
//! failures in a row, when it is next due). `seen_items` maps each item of a
//! source (its guid, or its URL) to the document it became.
//!
//! **Invariant:** an item is ingested at most once per source, across
//! restarts and concurrent watchers: [`Store::put_item_document`] stores the
//! document and marks the item seen in one transaction, and an item already
//! marked is never stored again.

use crate::{put_in, PutOutcome, Result, Store, StoreError};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A watched source as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceRow {
    /// Its number.
    pub id: i64,
    /// The URL polled.
    pub url: String,
    /// `rss`, `atom`, `sitemap` or `page`.
    pub kind: String,
    /// Language of its documents, when the user said.
    pub lang: Option<String>,
    /// Polling interval in seconds.
    pub every_secs: i64,
    /// ETag of the last full answer, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// Last-Modified of the last full answer, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When it was last polled (RFC 3339, UTC).
    pub last_fetched: Option<String>,
    /// What went wrong in the last round, if anything.
    pub last_error: Option<String>,
    /// Failed rounds in a row.
    pub failures: i64,
    /// When it is next due (RFC 3339, UTC).
    pub next_due: String,
    /// When it was added.
    pub added_at: String,
    /// Items taken from it so far.
    pub items: i64,
}

/// A source to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSource {
    /// The URL to poll.
    pub url: String,
    /// `rss`, `atom`, `sitemap` or `page`.
    pub kind: String,
    /// Language of its documents.
    pub lang: Option<String>,
    /// Polling interval in seconds.
    pub every_secs: i64,
}

/// The outcome of one poll of a source, to record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FetchRecord {
    /// New validators; `None` keeps the stored ones.
    pub etag: Option<String>,
    /// New Last-Modified; `None` keeps the stored one.
    pub last_modified: Option<String>,
    /// When the poll happened (RFC 3339, UTC).
    pub fetched_at: String,
    /// What went wrong; `None` for a good round.
    pub error: Option<String>,
    /// Failed rounds in a row after this one.
    pub failures: i64,
    /// When to poll next (RFC 3339, UTC).
    pub next_due: String,
}

/// What became of an item: the document it is, or why it was skipped.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SeenItem {
    /// Source number.
    pub source_id: i64,
    /// guid or URL.
    pub item_key: String,
    /// The item's URL.
    pub url: Option<String>,
    /// The document it became (`None` when skipped).
    pub doc_id: Option<String>,
    /// `new`, `duplicate`, `near-duplicate` or `skipped`.
    pub status: String,
    /// Why it was skipped, or what it duplicates.
    pub note: Option<String>,
}

const SOURCE_COLS: &str = "s.id, s.url, s.kind, s.lang, s.every_secs, s.etag, s.last_modified, \
     s.last_fetched, s.last_error, s.failures, s.next_due, s.added_at, \
     (SELECT COUNT(*) FROM seen_items i WHERE i.source_id = s.id) AS items";

fn source_from_row(r: &AnyRow) -> Result<SourceRow> {
    Ok(SourceRow {
        id: r.try_get("id")?,
        url: r.try_get("url")?,
        kind: r.try_get("kind")?,
        lang: r.try_get("lang")?,
        every_secs: r.try_get("every_secs")?,
        etag: r.try_get("etag")?,
        last_modified: r.try_get("last_modified")?,
        last_fetched: r.try_get("last_fetched")?,
        last_error: r.try_get("last_error")?,
        failures: r.try_get("failures")?,
        next_due: r.try_get("next_due")?,
        added_at: r.try_get("added_at")?,
        items: r.try_get("items")?,
    })
}

/// Now, in the one format times are stored in.
pub fn now_text() -> String {
    time_text(chrono::Utc::now())
}

/// A time in the stored format: UTC, seconds, `Z`.
pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Add a source, due at once. A URL already watched is left as it is:
    /// the answer is its row and `false`.
    pub async fn add_source(&self, s: &NewSource) -> Result<(SourceRow, bool)> {
        let now = now_text();
        let done = sqlx::query(
            "INSERT INTO sources (url, kind, lang, every_secs, failures, next_due, added_at) \
             VALUES ($1, $2, $3, $4, 0, $5, $6) ON CONFLICT (url) DO NOTHING",
        )
        .bind(&s.url)
        .bind(&s.kind)
        .bind(&s.lang)
        .bind(s.every_secs)
        .bind(&now)
        .bind(&now)
        .execute(&self.pool)
        .await?;
        let row = self.source(&s.url).await?;
        Ok((row, done.rows_affected() > 0))
    }

    /// Every source, by number.
    pub async fn sources(&self) -> Result<Vec<SourceRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SOURCE_COLS} FROM sources s ORDER BY s.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(source_from_row).collect()
    }

    /// The sources due at `now` (RFC 3339, UTC), most overdue first.
    pub async fn due_sources(&self, now: &str) -> Result<Vec<SourceRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SOURCE_COLS} FROM sources s WHERE s.next_due <= $1 ORDER BY s.next_due, s.id"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(source_from_row).collect()
    }

    /// One source by number or by URL.
    pub async fn source(&self, id_or_url: &str) -> Result<SourceRow> {
        let q = id_or_url.trim();
        let row = match q.parse::<i64>() {
            Ok(id) => {
                sqlx::query(&format!(
                    "SELECT {SOURCE_COLS} FROM sources s WHERE s.id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
            }
            Err(_) => {
                sqlx::query(&format!(
                    "SELECT {SOURCE_COLS} FROM sources s WHERE s.url = $1"
                ))
                .bind(q)
                .fetch_optional(&self.pool)
                .await?
            }
        };
        match row {
            Some(r) => source_from_row(&r),
            None => Err(StoreError::NotFound(format!(
                "source {q:?} (`hoptac sources list` shows the numbers and URLs)"
            ))),
        }
    }

    /// Stop watching a source. Its documents stay; the record of which
    /// items it gave goes with it.
    pub async fn remove_source(&self, id_or_url: &str) -> Result<SourceRow> {
        let row = self.source(id_or_url).await?;
        let mut tx = self.begin_write().await?;
        let run = async {
            sqlx::query("DELETE FROM seen_items WHERE source_id = $1")
                .bind(row.id)
                .execute(&mut *tx.conn())
                .await?;
            sqlx::query("DELETE FROM sources WHERE id = $1")
                .bind(row.id)
                .execute(&mut *tx.conn())
                .await?;
            Ok::<_, StoreError>(())
        };
        let res = run.await;
        match res {
            Ok(()) => tx.commit().await?,
            Err(e) => {
                let _ = tx.rollback().await;
                return Err(e);
            }
        }
        Ok(row)
    }

    /// Record a poll: validators (kept when `None`), error, failures, next due.
    pub async fn record_fetch(&self, source_id: i64, r: &FetchRecord) -> Result<()> {
        sqlx::query(
            "UPDATE sources SET etag = COALESCE($1, etag), last_modified = COALESCE($2, last_modified), \
             last_fetched = $3, last_error = $4, failures = $5, next_due = $6 WHERE id = $7",
        )
        .bind(&r.etag)
        .bind(&r.last_modified)
        .bind(&r.fetched_at)
        .bind(&r.error)
        .bind(r.failures)
        .bind(&r.next_due)
        .bind(source_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// What became of an item, if it was seen before.
    pub async fn seen_item(&self, source_id: i64, item_key: &str) -> Result<Option<SeenItem>> {
        let row = sqlx::query(
            "SELECT source_id, item_key, url, doc_id, status, note FROM seen_items \
             WHERE source_id = $1 AND item_key = $2",
        )
        .bind(source_id)
        .bind(item_key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| seen_from_row(&r)).transpose()
    }

    /// The items taken from a source, in the order they were seen.
    pub async fn seen_items(&self, source_id: i64) -> Result<Vec<SeenItem>> {
        let rows = sqlx::query(
            "SELECT source_id, item_key, url, doc_id, status, note FROM seen_items \
             WHERE source_id = $1 ORDER BY seen_at, item_key",
        )
        .bind(source_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(seen_from_row).collect()
    }

    /// Mark an item seen without a document (skipped: robots.txt, not an
    /// article...). `false` when it was already marked.
    pub async fn skip_item(
        &self,
        source_id: i64,
        item_key: &str,
        url: Option<&str>,
        why: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO seen_items (source_id, item_key, url, doc_id, status, note, seen_at) \
             VALUES ($1, $2, $3, NULL, 'skipped', $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(source_id)
        .bind(item_key)
        .bind(url)
        .bind(why)
        .bind(now_text())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Store the document an item became and mark the item seen, in one
    /// transaction. `None` when the item was already seen (nothing
    /// written); otherwise what storing the document did (a text already
    /// stored, from this source or another, is `Duplicate` and the item
    /// points at that document).
    pub async fn put_item_document(
        &self,
        source_id: i64,
        item_key: &str,
        url: Option<&str>,
        doc: &crate::NewDocument,
    ) -> Result<Option<PutOutcome>> {
        let mut tx = self.begin_write().await?;
        let run = async {
            let seen =
                sqlx::query("SELECT 1 FROM seen_items WHERE source_id = $1 AND item_key = $2")
                    .bind(source_id)
                    .bind(item_key)
                    .fetch_optional(&mut *tx.conn())
                    .await?
                    .is_some();
            if seen {
                return Ok(None);
            }
            let outcome = put_in(tx.conn(), doc).await?;
            let (status, note) = match &outcome {
                PutOutcome::New => ("new", None),
                PutOutcome::Duplicate => ("duplicate", None),
                PutOutcome::NearDuplicate { of, similarity } => (
                    "near-duplicate",
                    Some(format!("{:.0}% like {of}", similarity * 100.0)),
                ),
            };
            // Another watcher may have taken the same item meanwhile: then
            // this transaction is rolled back and the item counts as seen.
            let marked = sqlx::query(
                "INSERT INTO seen_items (source_id, item_key, url, doc_id, status, note, seen_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind(source_id)
            .bind(item_key)
            .bind(url)
            .bind(&doc.id)
            .bind(status)
            .bind(note)
            .bind(now_text())
            .execute(&mut *tx.conn())
            .await?;
            if marked.rows_affected() == 0 {
                return Ok(None);
            }
            Ok::<_, StoreError>(Some(outcome))
        };
        let res = run.await;
        match res {
            Ok(Some(o)) => {
                tx.commit().await?;
                Ok(Some(o))
            }
            Ok(None) => {
                tx.rollback().await?;
                Ok(None)
            }
            Err(e) => {
                let _ = tx.rollback().await;
                Err(e)
            }
        }
    }
}

fn seen_from_row(r: &AnyRow) -> Result<SeenItem> {
    Ok(SeenItem {
        source_id: r.try_get("source_id")?,
        item_key: r.try_get("item_key")?,
        url: r.try_get("url")?,
        doc_id: r.try_get("doc_id")?,
        status: r.try_get("status")?,
        note: r.try_get("note")?,
    })
}
