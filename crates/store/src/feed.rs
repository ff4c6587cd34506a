//! Reading stored documents back in storage order, with what a derived
//! index needs (text, metadata, facts, the entities they mention). The
//! search index (`hoptac-search`) catches up with the store through this:
//! the store is the truth, the index is rebuilt or extended from it.

use crate::{Result, Store, StoreError};
use hoptac_model::Fact;
use sqlx::Row;
use std::collections::HashMap;

/// One stored document as a derived index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedDocument {
    /// Storage order (increasing as documents are stored).
    pub seq: i64,
    /// Content id.
    pub id: String,
    /// The text as read: every span indexes it.
    pub text: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD.
    pub published: Option<String>,
    /// Language code.
    pub lang: Option<String>,
    /// The original, when this is a near-duplicate.
    pub duplicate_of: Option<String>,
    /// Facts in document order.
    pub facts: Vec<Fact>,
    /// Entities mentioned (by mentions or facts), sorted, once each.
    pub entities: Vec<String>,
}

/// How many ids go in one `IN (...)` list: far below both engines' limits.
const BATCH: usize = 400;

impl Store {
    /// `(seq, id)` of every document stored after `seq`, in storage order.
    pub async fn document_seqs_after(&self, seq: i64) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT seq, id FROM documents WHERE seq > $1 ORDER BY seq")
            .bind(seq)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("seq")?, r.try_get("id")?)))
            .collect()
    }

    /// The documents with these ids, with their facts and entities, in
    /// storage order. Ids that are not stored are left out.
    pub async fn feed_documents(&self, ids: &[String]) -> Result<Vec<FeedDocument>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(self.feed_chunk(chunk).await?);
        }
        out.sort_by_key(|d| d.seq);
        Ok(out)
    }

    async fn feed_chunk(&self, ids: &[String]) -> Result<Vec<FeedDocument>> {
        let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let list = list.join(", ");
        let sql = format!(
            "SELECT seq, id, text, title, published, lang, duplicate_of FROM documents WHERE id IN ({list})"
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        let mut docs: Vec<FeedDocument> = Vec::with_capacity(ids.len());
        for r in q.fetch_all(self.pool()).await? {
            docs.push(FeedDocument {
                seq: r.try_get("seq")?,
                id: r.try_get("id")?,
                text: r.try_get("text")?,
                title: r.try_get("title")?,
                published: r.try_get("published")?,
                lang: r.try_get("lang")?,
                duplicate_of: r.try_get("duplicate_of")?,
                facts: vec![],
                entities: vec![],
            });
        }
        let at: HashMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();

        let sql =
            format!("SELECT doc_id, body FROM facts WHERE doc_id IN ({list}) ORDER BY doc_id, ord");
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        for r in q.fetch_all(self.pool()).await? {
            let doc: String = r.try_get("doc_id")?;
            let body: String = r.try_get("body")?;
            let f: Fact = serde_json::from_str(&body)
                .map_err(|e| StoreError::Corrupt(format!("fact of {doc}: {e}")))?;
            if let Some(&i) = at.get(&doc) {
                docs[i].facts.push(f);
            }
        }

        let sql = format!("SELECT DISTINCT doc_id, entity FROM mentions WHERE doc_id IN ({list})");
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        for r in q.fetch_all(self.pool()).await? {
            let doc: String = r.try_get("doc_id")?;
            if let Some(&i) = at.get(&doc) {
                docs[i].entities.push(r.try_get("entity")?);
            }
        }
        for d in &mut docs {
            d.entities
                .extend(d.facts.iter().filter_map(|f| f.entity.clone()));
            d.entities.sort();
            d.entities.dedup();
        }
        Ok(docs)
    }
}

impl Store {
    /// Number of documents stored (near-duplicates included).
    pub async fn document_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM documents")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }

    /// The id of the first document stored, if any.
    pub async fn first_document_id(&self) -> Result<Option<String>> {
        let row = sqlx::query("SELECT id FROM documents ORDER BY seq LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| r.try_get("id")).transpose().map_err(Into::into)
    }
}

/// A stored text with what a peer index needs to filter it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredText {
    /// Storage order.
    pub seq: i64,
    /// Content id.
    pub id: String,
    /// The text as read.
    pub text: String,
    /// Language code.
    pub lang: Option<String>,
    /// Publication date, YYYY-MM-DD.
    pub published: Option<String>,
}

impl Store {
    /// Up to `limit` texts stored after `seq`, in storage order (for
    /// building a peer index in a benchmark, page by page).
    pub async fn texts_after(&self, seq: i64, limit: i64) -> Result<Vec<StoredText>> {
        let rows = sqlx::query(
            "SELECT seq, id, text, lang, published FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredText {
                    seq: r.try_get("seq")?,
                    id: r.try_get("id")?,
                    text: r.try_get("text")?,
                    lang: r.try_get("lang")?,
                    published: r.try_get("published")?,
                })
            })
            .collect()
    }
}
