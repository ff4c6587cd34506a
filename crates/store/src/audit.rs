//! The audit log (migration 0007): who made the writes that have no
//! history of their own — uploads through the server, tokens made and
//! revoked. Status changes and suggestion decisions are recorded by the
//! tracker (`tracker_history`, `suggestion_decisions`). Append-only.

use crate::{put_in, NewDocument, PutOutcome, Result, Store};
use sqlx::Row;

/// One audit record.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    /// Order of recording.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who: the token's name, or the OS user for the command line.
    pub actor: String,
    /// What: `upload`, `token.create`, `token.revoke`.
    pub action: String,
    /// On what: the document id, the token's name.
    pub subject: String,
    /// More: the upload's file name and outcome, the token's role.
    pub detail: Option<String>,
}

async fn insert(
    conn: &mut sqlx::AnyConnection,
    actor: &str,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Record a write made by `actor`.
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        subject: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        insert(&mut conn, actor, action, subject, detail).await
    }

    /// [`put_document`](Store::put_document), with an `upload` record
    /// naming `actor` in the same transaction: a document stored is never
    /// without the record of who brought it (a duplicate writes neither).
    pub async fn put_document_by(&self, doc: &NewDocument, actor: &str) -> Result<PutOutcome> {
        let mut tx = self.begin_write().await?;
        let outcome = match put_in(tx.conn(), doc).await {
            Ok(o) => o,
            Err(e) => {
                let _ = tx.rollback().await;
                return Err(e);
            }
        };
        if outcome == PutOutcome::Duplicate {
            tx.rollback().await?;
            return Ok(outcome);
        }
        let detail = format!(
            "{} ({})",
            doc.source,
            match outcome {
                PutOutcome::NearDuplicate { .. } => "near-duplicate",
                _ => "new",
            }
        );
        if let Err(e) = insert(tx.conn(), actor, "upload", &doc.id, Some(&detail)).await {
            let _ = tx.rollback().await;
            return Err(e);
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// The audit log, most recent last; only `subject`'s records if given.
    pub async fn audit_log(&self, subject: Option<&str>) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, subject, detail FROM audit_log \
             WHERE $1 = '' OR subject = $1 ORDER BY id",
        )
        .bind(subject.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}
