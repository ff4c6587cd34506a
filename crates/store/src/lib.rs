//! Persistence of hoptac: one [`Store`] over two backends.
//!
//! - **SQLite**, embedded, the default: a file (`HOPTAC_DB=path`, `--db`).
//! - **PostgreSQL**, for teams: `HOPTAC_DB=postgres://...`.
//!
//! Both run the same code through sqlx's `Any` driver: every statement is
//! written once, in SQL both understand (`$1` placeholders, `ON CONFLICT`,
//! no backend-only types in queries). Only the DDL differs (`AUTOINCREMENT`
//! vs `BIGSERIAL`, `BLOB` vs `BYTEA`), in `migrations/{sqlite,postgres}`,
//! applied by [`migrate`] under one version table.
//!
//! **Architecture invariant:** a document goes in with all its facts,
//! mentions and near-duplicate bands in one transaction
//! ([`Store::put_document`]), so a killed process leaves either the whole
//! document or nothing, and running the same ingest again finishes the job.
#![deny(missing_docs)]

mod audit;
mod batch;
mod bulk;
mod checkpoint;
mod dump;
mod feed;
mod filter;
mod mentions;
mod migrate;
mod near;
mod records;
mod sources;
pub mod testing;
mod timing;

use hoptac_model::{DocumentMeta, Entity, Fact, Mention};
use hoptac_text::Span;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Row};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use audit::AuditEntry;
pub use dump::{TableDump, TableSpec, STORE_TABLES};
pub use feed::{FeedDocument, StoredText};
pub use mentions::LastMention;
pub use migrate::migrate;
pub use near::{NearProbe, HOT_BUCKET, MAX_COMPARED, MIN_SHARED_BANDS, NEAR_DUPLICATE};
pub use records::{
    group_figures, group_meetings, values_agree, AdoptedDocument, DataPoint, FactRow,
    MeetingRecord, Report, ReportedValue,
};
pub use sources::{now_text, time_text, FetchRecord, NewSource, SeenItem, SourceRow};
pub use timing::{WriteStep, WriteTimes};

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Errors of the store. The database URL never appears with its password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No such document, entity...
    #[error("not found: {0}")]
    NotFound(String),
    /// An id prefix that names more than one thing.
    #[error("{prefix:?} is ambiguous: {count} documents start with it; give more of the id")]
    Ambiguous {
        /// The prefix given.
        prefix: String,
        /// How many matched.
        count: usize,
    },
    /// Could not open or create the store.
    #[error("cannot open the store at {location}")]
    Open {
        /// Where, password redacted.
        location: String,
        /// Why.
        source: sqlx::Error,
    },
    /// The database said no.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Stored data that does not parse: a bug or a hand edit.
    #[error("corrupt store: {0}")]
    Corrupt(String),
    /// A row of a backup the database refused.
    #[error("cannot import row {row} of table {table}")]
    Import {
        /// The table.
        table: String,
        /// 1-based row of the backup's table.
        row: usize,
        /// Why.
        source: sqlx::Error,
    },
}

/// Result alias.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A document ready to be stored, with everything extracted from it.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Content id (hash of the normalised text).
    pub id: String,
    /// Where it came from, as given.
    pub source: String,
    /// The text as read.
    pub text: String,
    /// Title, URL, date, language.
    pub meta: DocumentMeta,
    /// The input format's name.
    pub format: String,
    /// Input size in bytes.
    pub bytes: usize,
    /// MinHash signature bytes.
    pub minhash: Vec<u8>,
    /// LSH band keys of the signature.
    pub bands: Vec<i64>,
    /// Facts, in document order.
    pub facts: Vec<Fact>,
    /// Entities the facts and mentions refer to.
    pub entities: Vec<Entity>,
    /// Every place the text names an entity.
    pub mentions: Vec<Mention>,
    /// The extractor version that produced the facts.
    pub extractor: String,
}

/// What [`Store::put_document`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum PutOutcome {
    /// Stored as a new document.
    New,
    /// The same text was already stored under this id: nothing written.
    Duplicate,
    /// Stored, and linked to the document it nearly duplicates.
    NearDuplicate {
        /// The original (never itself a near-duplicate).
        of: String,
        /// Estimated Jaccard similarity.
        similarity: f64,
    },
}

/// A document as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DocumentSummary {
    /// Content id.
    pub id: String,
    /// Where it came from.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Language code.
    pub lang: Option<String>,
    /// Input format.
    pub format: String,
    /// Size in bytes.
    pub bytes: i64,
    /// The original this near-duplicates.
    pub duplicate_of: Option<String>,
    /// Similarity to it.
    pub similarity: Option<f64>,
    /// Number of facts.
    pub facts: i64,
    /// When stored (RFC 3339).
    pub ingested_at: String,
    /// Extractor version of its facts.
    pub extractor: String,
}

/// A whole stored document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredDocument {
    /// Its listing fields.
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// The text as read.
    pub text: String,
    /// blake3 of the text's bytes: spans are valid against exactly this text.
    pub text_hash: String,
}

/// One resolved entity with what the documents call it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntitySummary {
    /// The entity.
    #[serde(flatten)]
    pub entity: Entity,
    /// Every distinct surface form seen, in first-seen order.
    pub surfaces: Vec<String>,
    /// Number of distinct original documents (near-duplicates not counted).
    pub documents: usize,
    /// Number of mentions.
    pub mentions: usize,
}

/// Where a document names an entity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntityMention {
    /// The document.
    pub doc: String,
    /// Where, in its stored text.
    pub span: Span,
    /// The words as written.
    pub surface: String,
    /// The document's title.
    pub title: Option<String>,
    /// Its language.
    pub lang: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// The original, if the document is a near-duplicate.
    pub duplicate_of: Option<String>,
}

/// Counts for a summary line.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    /// Documents stored.
    pub documents: i64,
    /// Of which near-duplicates.
    pub near_duplicates: i64,
    /// Facts stored.
    pub facts: i64,
    /// Entities known.
    pub entities: i64,
}

/// The store.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    location: String,
    /// Where the batch writer's time went (`hoptac bench-ingest`).
    times: std::sync::Arc<WriteTimes>,
    /// The batch writer's connection and filter of empty and hot buckets
    /// (`batch.rs`, `filter.rs`).
    batches: std::sync::Arc<tokio::sync::Mutex<batch::BatchWriter>>,
    /// SQLite: the write-ahead log copied into the database beside the
    /// writer (`checkpoint.rs`).
    checkpointer: Option<std::sync::Arc<checkpoint::Checkpointer>>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .field("location", &self.location)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((cred, host)) => match cred.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

// `wal_autocheckpoint`: the log is copied into the database by a task of
// its own beside the writer (`checkpoint.rs`); the automatic checkpoint in
// the committing connection is only the backstop, at 1 GiB of log.
// Crash safety is unchanged (WAL, `synchronous = NORMAL`: a commit is
// atomic; a power cut may lose the last commits, never half of one).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY; \
     PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 262144;";

/// The batch writer's page cache (`batch.rs`): the B-tree pages a batch
/// reads and writes; the other connections keep 64 MiB each.
pub(crate) const BATCH_CACHE_PRAGMA: &str = "PRAGMA cache_size = -524288";

impl Store {
    /// Open (creating if needed) the store at `location`: a `postgres://`
    /// or `postgresql://` URL, a `sqlite:` URL, or a file path. Migrations
    /// run on open.
    pub async fn open(location: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) =
            if location.starts_with("postgres://") || location.starts_with("postgresql://") {
                (location.to_string(), Backend::Postgres)
            } else if location.starts_with("sqlite:") {
                (location.to_string(), Backend::Sqlite)
            } else {
                if let Some(parent) = std::path::Path::new(location).parent() {
                    if !parent.as_os_str().is_empty() && !parent.exists() {
                        std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                            location: location.to_string(),
                            source: sqlx::Error::Io(e),
                        })?;
                    }
                }
                (format!("sqlite://{location}?mode=rwc"), Backend::Sqlite)
            };
        let shown = redact(location);
        let open_err = |source| StoreError::Open {
            location: shown.clone(),
            source,
        };
        // A statement over a second is usual in a bulk ingest (a commit
        // of a large batch, a checkpoint): debug, not a warning to the user.
        let opts = AnyConnectOptions::from_str(&url)
            .map_err(open_err)?
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(SQLITE_PRAGMAS).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts.clone())
            .await
            .map_err(open_err)?;
        let store = Store {
            pool,
            backend,
            location: shown,
            times: Default::default(),
            batches: Default::default(),
            checkpointer: None,
        };
        migrate(&store).await?;
        // After the migrations: the file exists and is in WAL mode.
        let store = Store {
            checkpointer: (backend == Backend::Sqlite)
                .then(|| std::sync::Arc::new(checkpoint::Checkpointer::start(opts))),
            ..store
        };
        Ok(store)
    }

    /// Which backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Where, with any password redacted.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The connection pool, for crates that add their own tables.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Where the batch writer's time went so far, step by step
    /// ([`Store::put_documents`]).
    pub fn write_times(&self) -> Vec<(WriteStep, Duration)> {
        self.times.totals()
    }

    /// Close all connections.
    pub async fn close(&self) {
        // The batch writer's connection goes back first: closing the pool
        // waits for every connection.
        self.batches.lock().await.release();
        if let Some(c) = &self.checkpointer {
            c.stop().await;
        }
        self.pool.close().await;
    }

    /// Start a write transaction on a pooled connection. SQLite takes the
    /// write lock at once (`BEGIN IMMEDIATE`), so two writers queue on the
    /// busy timeout instead of failing on a lock upgrade.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        self.begin_write_on(self.pool.acquire().await?).await
    }

    /// [`begin_write`](Self::begin_write) on a connection already taken
    /// from the pool.
    pub(crate) async fn begin_write_on(&self, mut conn: PoolConnection<Any>) -> Result<WriteTx> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        conn.execute(begin).await?;
        Ok(WriteTx { conn: Some(conn) })
    }

    /// Store a document and everything extracted from it, in one
    /// transaction. A document whose id is already stored is left alone.
    pub async fn put_document(&self, doc: &NewDocument) -> Result<PutOutcome> {
        let mut tx = self.begin_write().await?;
        let outcome = put_in(tx.conn(), doc).await;
        match outcome {
            Ok(PutOutcome::Duplicate) => {
                tx.rollback().await?;
                Ok(PutOutcome::Duplicate)
            }
            Ok(o) => {
                tx.commit().await?;
                Ok(o)
            }
            Err(e) => {
                let _ = tx.rollback().await;
                Err(e)
            }
        }
    }

    /// Is a document with this id stored?
    pub async fn has_document(&self, id: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Documents in the order they were stored.
    pub async fn documents(&self, limit: i64, offset: i64) -> Result<Vec<DocumentSummary>> {
        let rows = sqlx::query(&format!(
            "SELECT {SUMMARY_COLS} FROM documents d ORDER BY d.seq LIMIT $1 OFFSET $2"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// One document by id or unique id prefix (at least 4 characters).
    pub async fn document(&self, id_or_prefix: &str) -> Result<StoredDocument> {
        let id = self.resolve_id(id_or_prefix).await?;
        let row = sqlx::query(&format!(
            "SELECT {SUMMARY_COLS}, d.text, d.text_hash FROM documents d WHERE d.id = $1"
        ))
        .bind(&id)
        .fetch_one(&self.pool)
        .await?;
        Ok(StoredDocument {
            summary: summary_from_row(&row)?,
            text: row.try_get("text")?,
            text_hash: row.try_get("text_hash")?,
        })
    }

    async fn resolve_id(&self, prefix: &str) -> Result<String> {
        let p = prefix.trim().to_ascii_lowercase();
        if p.len() < 4 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound(format!(
                "document {prefix:?} (give at least 4 hex characters of its id; `hoptac documents` lists them)"
            )));
        }
        let rows =
            sqlx::query("SELECT id FROM documents WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2")
                .bind(&p)
                .bind(format!("{p}\u{7f}"))
                .fetch_all(&self.pool)
                .await?;
        match rows.len() {
            0 => Err(StoreError::NotFound(format!("document {prefix:?}"))),
            1 => Ok(rows[0].try_get("id")?),
            n => Err(StoreError::Ambiguous {
                prefix: prefix.to_string(),
                count: n,
            }),
        }
    }

    /// The facts of a document, in document order.
    pub async fn facts(&self, doc_id: &str) -> Result<Vec<Fact>> {
        let rows = sqlx::query("SELECT body FROM facts WHERE doc_id = $1 ORDER BY ord")
            .bind(doc_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let body: String = r.try_get("body")?;
                serde_json::from_str(&body)
                    .map_err(|e| StoreError::Corrupt(format!("fact of {doc_id}: {e}")))
            })
            .collect()
    }

    /// Every fact of one kind across documents: `(doc_id, fact)`, in
    /// storage order; near-duplicates included (callers decide).
    pub async fn facts_of_kind(&self, kind: &str) -> Result<Vec<(String, Fact)>> {
        let rows = sqlx::query("SELECT doc_id, body FROM facts WHERE kind = $1 ORDER BY id")
            .bind(kind)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let doc: String = r.try_get("doc_id")?;
                let body: String = r.try_get("body")?;
                let f = serde_json::from_str(&body)
                    .map_err(|e| StoreError::Corrupt(format!("fact of {doc}: {e}")))?;
                Ok((doc, f))
            })
            .collect()
    }

    /// Every entity with its surface forms and document count.
    pub async fn entities(&self) -> Result<Vec<EntitySummary>> {
        let rows = sqlx::query(
            "SELECT e.id, e.kind, e.name_en, e.acronym, m.surface, m.doc_id, d.duplicate_of \
             FROM entities e JOIN mentions m ON m.entity = e.id JOIN documents d ON d.id = m.doc_id \
             ORDER BY e.id, d.seq, m.span_start",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: BTreeMap<String, (EntitySummary, Vec<String>)> = BTreeMap::new();
        for r in &rows {
            let id: String = r.try_get("id")?;
            let surface: String = r.try_get("surface")?;
            let doc: String = r.try_get("doc_id")?;
            let dup: Option<String> = r.try_get("duplicate_of")?;
            let (e, docs) = out.entry(id.clone()).or_insert_with(|| {
                (
                    EntitySummary {
                        entity: Entity {
                            id,
                            kind: r.try_get("kind").unwrap_or_default(),
                            name_en: r.try_get("name_en").unwrap_or_default(),
                            acronym: r.try_get("acronym").unwrap_or_default(),
                        },
                        surfaces: vec![],
                        documents: 0,
                        mentions: 0,
                    },
                    vec![],
                )
            });
            e.mentions += 1;
            if !e.surfaces.contains(&surface) {
                e.surfaces.push(surface);
            }
            let original = dup.unwrap_or(doc);
            if !docs.contains(&original) {
                docs.push(original);
            }
            e.documents = docs.len();
        }
        Ok(out.into_values().map(|(e, _)| e).collect())
    }

    /// Every mention of an entity across documents, in document order:
    /// the entity page of `hoptac serve`.
    pub async fn mentions_of(&self, entity: &str) -> Result<Vec<EntityMention>> {
        let rows = sqlx::query(
            "SELECT m.doc_id, m.span_start, m.span_end, m.surface, d.title, d.lang, d.published, d.duplicate_of \
             FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity = $1 ORDER BY d.seq, m.span_start",
        )
        .bind(entity)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let start: i64 = r.try_get("span_start")?;
                let end: i64 = r.try_get("span_end")?;
                Ok(EntityMention {
                    doc: r.try_get("doc_id")?,
                    span: Span::new(start as usize, end as usize),
                    surface: r.try_get("surface")?,
                    title: r.try_get("title")?,
                    lang: r.try_get("lang")?,
                    published: r.try_get("published")?,
                    duplicate_of: r.try_get("duplicate_of")?,
                })
            })
            .collect()
    }

    /// A stamp that changes whenever documents, facts, tracker history,
    /// suggestion decisions or tokens change: the key of the server's read
    /// cache (rows are only ever added, so counts and maxima move).
    pub async fn change_stamp(&self) -> Result<String> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM documents) AS d, (SELECT COUNT(*) FROM facts) AS f, \
                    (SELECT COUNT(*) FROM tracker_history) AS h, (SELECT COUNT(*) FROM suggestion_decisions) AS s, \
                    (SELECT COUNT(*) FROM commitments) AS c, (SELECT COUNT(*) FROM plan_lines) AS l, \
                    (SELECT COALESCE(MAX(decided_at), '') FROM suggestion_decisions) AS sd, \
                    (SELECT COALESCE(MAX(recorded_at), '') FROM tracker_history) AS hd",
        )
        .fetch_one(&self.pool)
        .await?;
        let mut parts = Vec::new();
        for c in ["d", "f", "h", "s", "c", "l"] {
            parts.push(row.try_get::<i64, _>(c)?.to_string());
        }
        for c in ["sd", "hd"] {
            parts.push(row.try_get::<String, _>(c)?);
        }
        Ok(parts.join("/"))
    }

    /// Counts of what is stored.
    pub async fn counts(&self) -> Result<Counts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM documents) AS documents, \
                    (SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL) AS near_duplicates, \
                    (SELECT COUNT(*) FROM facts) AS facts, \
                    (SELECT COUNT(*) FROM entities) AS entities",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            documents: row.try_get("documents")?,
            near_duplicates: row.try_get("near_duplicates")?,
            facts: row.try_get("facts")?,
            entities: row.try_get("entities")?,
        })
    }
}

/// A write transaction. Commit or roll back explicitly; one dropped
/// unfinished closes its connection instead of returning it mid-transaction.
pub struct WriteTx {
    conn: Option<PoolConnection<Any>>,
}

impl WriteTx {
    /// The connection, for statements inside the transaction.
    pub fn conn(&mut self) -> &mut sqlx::AnyConnection {
        self.conn.as_mut().expect("transaction still open")
    }

    /// Commit.
    pub async fn commit(self) -> Result<()> {
        self.commit_keep().await.map(drop)
    }

    /// Commit, and keep the connection (with its warm page cache) for the
    /// next transaction instead of handing it back to the pool.
    pub(crate) async fn commit_keep(mut self) -> Result<PoolConnection<Any>> {
        let mut c = self.conn.take().expect("transaction still open");
        match c.execute("COMMIT").await {
            Ok(_) => Ok(c),
            Err(e) => {
                let _ = c.execute("ROLLBACK").await;
                Err(e.into())
            }
        }
    }

    /// Roll back.
    pub async fn rollback(mut self) -> Result<()> {
        let mut c = self.conn.take().expect("transaction still open");
        c.execute("ROLLBACK").await?;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            // Never hand a connection with an open transaction back to the pool.
            drop(c.detach());
        }
    }
}

const SUMMARY_COLS: &str =
    "d.id, d.source, d.title, d.url, d.published, d.lang, d.format, d.bytes, \
     d.duplicate_of, d.similarity, d.ingested_at, d.extractor, \
     (SELECT COUNT(*) FROM facts f WHERE f.doc_id = d.id) AS nfacts";

fn summary_from_row(r: &AnyRow) -> Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        title: r.try_get("title")?,
        url: r.try_get("url")?,
        published: r.try_get("published")?,
        lang: r.try_get("lang")?,
        format: r.try_get("format")?,
        bytes: r.try_get("bytes")?,
        duplicate_of: r.try_get("duplicate_of")?,
        similarity: r.try_get("similarity")?,
        facts: r.try_get("nfacts")?,
        ingested_at: r.try_get("ingested_at")?,
        extractor: r.try_get("extractor")?,
    })
}

/// Key of the PostgreSQL lock that document writers take in turn.
const PG_DOCUMENTS_LOCK: i64 = 0x686f_7074_6164;

/// Take the documents' write lock for the rest of the transaction
/// (PostgreSQL; SQLite has one writer anyway). Documents are numbered
/// `MAX(seq) + 1` and `doc_bands` is keyed by that number: two writers
/// numbering at once gave two documents one number (and each the other's
/// bands). Taken before anything is read or written, so a writer holding
/// document rows always holds it too and writers cannot deadlock on it.
/// Re-taking it in the same transaction is free.
pub(crate) async fn lock_documents(conn: &mut sqlx::AnyConnection) -> Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(PG_DOCUMENTS_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn put_in(conn: &mut sqlx::AnyConnection, doc: &NewDocument) -> Result<PutOutcome> {
    lock_documents(&mut *conn).await?;
    if sqlx::query("SELECT 1 FROM documents WHERE id = $1")
        .bind(&doc.id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some()
    {
        return Ok(PutOutcome::Duplicate);
    }
    let near = near::find_near_duplicate(conn, &doc.bands, &doc.minhash)
        .await?
        .best;
    let seq: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM documents")
        .fetch_one(&mut *conn)
        .await?
        .try_get("next")?;
    let inserted = bulk::insert_documents(&mut *conn, &[(doc, near.as_ref(), seq)]).await?;
    if inserted == 0 {
        // Another writer stored the same text between our check and insert.
        return Ok(PutOutcome::Duplicate);
    }
    // Multi-row inserts, one statement per table (the writers `bulk.rs`
    // uses for a whole batch). Only originals fill the LSH buckets: a
    // near-duplicate is found through its original, and a story
    // republished many times must not make its own buckets look like
    // boilerplate (see `near.rs`).
    if near.is_none() {
        let bands: Vec<(i64, i64)> = bulk::band_rows(doc, seq).collect();
        bulk::insert_bands(&mut *conn, &bands).await?;
    }
    let mut bodies = Vec::with_capacity(doc.facts.len());
    for f in &doc.facts {
        check_span(doc, f.span, &f.text)?;
        bodies.push(serde_json::to_string(f).map_err(|e| StoreError::Corrupt(e.to_string()))?);
    }
    let facts: Vec<bulk::FactRow> = doc
        .facts
        .iter()
        .enumerate()
        .map(|(ord, f)| (doc.id.as_str(), ord, f, bodies[ord].as_str()))
        .collect();
    bulk::insert_facts(&mut *conn, &facts).await?;
    bulk::insert_entities(&mut *conn, doc.entities.iter()).await?;
    bulk::insert_mentions(&mut *conn, &bulk::mention_rows(doc)?).await?;
    Ok(match near {
        Some((of, similarity)) => PutOutcome::NearDuplicate { of, similarity },
        None => PutOutcome::New,
    })
}

fn bad_span(doc: &NewDocument, span: Span) -> StoreError {
    StoreError::Corrupt(format!(
        "{}: span {span} does not slice the document text",
        doc.source
    ))
}

/// The store refuses a fact whose span does not give back its text: the
/// provenance invariant is checked at the door, not hoped for.
fn check_span(doc: &NewDocument, span: Span, text: &str) -> Result<()> {
    match span.slice(&doc.text) {
        Some(s) if s == text => Ok(()),
        _ => Err(bad_span(doc, span)),
    }
}
