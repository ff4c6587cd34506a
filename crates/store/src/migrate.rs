//! Schema migrations: numbered SQL files per backend, applied once each,
//! in order, each in its own transaction, recorded in `hoptac_schema`.
//! Two processes opening a fresh store at once are serialised by the
//! write lock (SQLite) or an advisory lock (PostgreSQL).

use crate::{Backend, Result, Store};
use sqlx::{Executor, Row};

/// (version, name, SQLite DDL, PostgreSQL DDL).
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "documents_and_facts",
        include_str!("../migrations/sqlite/0001_documents_and_facts.sql"),
        include_str!("../migrations/postgres/0001_documents_and_facts.sql"),
    ),
    (
        2,
        "tracker",
        include_str!("../migrations/sqlite/0002_tracker.sql"),
        include_str!("../migrations/postgres/0002_tracker.sql"),
    ),
    (
        5,
        "sources",
        include_str!("../migrations/sqlite/0005_sources.sql"),
        include_str!("../migrations/postgres/0005_sources.sql"),
    ),
    (
        6,
        "tokens",
        include_str!("../migrations/sqlite/0006_tokens.sql"),
        include_str!("../migrations/postgres/0006_tokens.sql"),
    ),
    (
        7,
        "audit",
        include_str!("../migrations/sqlite/0007_audit.sql"),
        include_str!("../migrations/postgres/0007_audit.sql"),
    ),
    (
        8,
        "bands by document number",
        include_str!("../migrations/sqlite/0008_bands_by_seq.sql"),
        include_str!("../migrations/postgres/0008_bands_by_seq.sql"),
    ),
];

/// An arbitrary constant naming hoptac's advisory lock.
const PG_LOCK: i64 = 0x686f_7074_6163;

/// Bring the store's schema up to date.
pub async fn migrate(store: &Store) -> Result<()> {
    let mut conn = store.pool.acquire().await?;
    if store.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(PG_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply(store.backend, &mut conn).await;
    if store.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(PG_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply(backend: Backend, conn: &mut sqlx::AnyConnection) -> Result<()> {
    conn.execute(
        "CREATE TABLE IF NOT EXISTS hoptac_schema (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .await?;
    for &(version, name, sqlite, postgres) in MIGRATIONS {
        let begin = if backend == Backend::Sqlite {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN"
        };
        conn.execute(begin).await?;
        let done = sqlx::query("SELECT version FROM hoptac_schema WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get::<i64, _>("version"))
            .transpose()?
            .is_some();
        if done {
            conn.execute("ROLLBACK").await?;
            continue;
        }
        let ddl = if backend == Backend::Sqlite {
            sqlite
        } else {
            postgres
        };
        let run = async {
            conn.execute(ddl).await?;
            sqlx::query(
                "INSERT INTO hoptac_schema (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(version)
            .bind(name)
            .bind(chrono::Utc::now().to_rfc3339())
            .execute(&mut *conn)
            .await?;
            Ok::<_, sqlx::Error>(())
        };
        match run.await {
            Ok(()) => {
                conn.execute("COMMIT").await?;
                tracing::info!(version, name, "applied migration");
            }
            Err(e) => {
                let _ = conn.execute("ROLLBACK").await;
                return Err(e.into());
            }
        }
    }
    Ok(())
}
