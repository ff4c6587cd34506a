//! Where entities of some kinds were last named: the "initiatives and
//! agreements" of a report, each with the newest original document that
//! mentions it.

use crate::{Result, Store};
use hoptac_text::Span;
use sqlx::Row;
use std::collections::HashMap;

/// The newest mention of an entity in an original document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LastMention {
    /// Entity id.
    pub entity: String,
    /// Its kind.
    pub kind: String,
    /// Canonical English name.
    pub name_en: Option<String>,
    /// The document.
    pub doc_id: String,
    /// Its publication date.
    pub published: Option<String>,
    /// The words, as written.
    pub surface: String,
    /// Where, in the stored text.
    pub span: Span,
    /// Original documents that mention the entity.
    pub documents: usize,
}

impl Store {
    /// For each entity of `kinds` mentioned in an original (not a
    /// near-duplicate) document: its newest mention (latest publication
    /// date, then latest stored; the first mention in that document).
    pub async fn last_mentions(&self, kinds: &[&str]) -> Result<Vec<LastMention>> {
        let placeholders: Vec<String> = (1..=kinds.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT m.entity, e.kind, e.name_en, m.doc_id, d.published, m.surface, \
                    m.span_start, m.span_end \
             FROM mentions m JOIN entities e ON e.id = m.entity JOIN documents d ON d.id = m.doc_id \
             WHERE e.kind IN ({}) AND d.duplicate_of IS NULL \
             ORDER BY m.entity, COALESCE(d.published, '') DESC, d.seq DESC, m.span_start",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for k in kinds {
            q = q.bind(*k);
        }
        let mut out: Vec<LastMention> = Vec::new();
        let mut docs: HashMap<String, std::collections::BTreeSet<String>> = HashMap::new();
        for r in q.fetch_all(self.pool()).await? {
            let entity: String = r.try_get("entity")?;
            let doc_id: String = r.try_get("doc_id")?;
            docs.entry(entity.clone())
                .or_default()
                .insert(doc_id.clone());
            if out.last().is_some_and(|l| l.entity == entity) {
                continue;
            }
            let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            out.push(LastMention {
                kind: r.try_get("kind")?,
                name_en: r.try_get("name_en")?,
                published: r.try_get("published")?,
                surface: r.try_get("surface")?,
                span: Span::new(s as usize, e as usize),
                documents: 0,
                doc_id,
                entity,
            });
        }
        for m in &mut out {
            m.documents = docs.get(&m.entity).map_or(0, |d| d.len());
        }
        Ok(out)
    }
}
