//! A batch of documents in a few statements per table.
//!
//! Storing one document takes nine statements (is it stored, how full are
//! its buckets, its candidates, the next number, then one insert per
//! table). On SQLite each statement is a message to the driver's worker
//! thread and a reply: at 512 documents a batch, the threads spent more
//! time handing statements over and waking each other than SQLite spent
//! writing. Here a batch takes one statement per document (is it stored,
//! and how full its buckets are), a second only when it has candidates,
//! then multi-row inserts of the whole batch, table by table.
//!
//! The outcome is the same as storing the documents one after another
//! with `put_in`: a document sees the documents of the batch before it.
//! An identical text earlier in the batch makes it a duplicate; the
//! earlier originals' bands count in its buckets and their documents are
//! candidates, merged with the stored ones under the same rule (most
//! shared cold bands first, then by number, at most [`MAX_COMPARED`]).
//!
//! Any error (a span that does not slice its text, a document another
//! writer stored meanwhile, a deadlock) fails the whole batch: the caller
//! rolls it back and stores the documents one at a time (`batch.rs`), which
//! reports each document's own error.

use crate::near::{self, Candidate};
use crate::{
    bad_span, check_span, values, NewDocument, PutOutcome, Result, StoreError, HOT_BUCKET,
    MAX_COMPARED, MIN_SHARED_BANDS,
};
use hoptac_model::{Entity, Fact};
use sqlx::Row;
use std::collections::{HashMap, HashSet};

/// Parameters per multi-row insert. Not more: binding costs sqlx-sqlite a
/// look-up of each parameter's name (`sqlite3_bind_parameter_name`), which
/// walks the statement's list of names, so a statement's binding grows
/// with the square of its parameters (at 2,000 it took a third of the
/// writer's time); at 256 it is noise, and a batch still needs a few
/// hundred statements instead of thousands.
const PARAMS_PER_INSERT: usize = 256;

/// An accepted document of the batch: its index, and the original it
/// nearly duplicates.
struct Accepted {
    at: usize,
    near: Option<(String, f64)>,
}

/// Store `docs` in the open transaction, in order; one outcome per
/// document. On error, nothing of the batch may be kept.
pub(crate) async fn put_batch(
    conn: &mut sqlx::AnyConnection,
    docs: &[NewDocument],
) -> Result<Vec<PutOutcome>> {
    // Checked before anything is written: a bad document fails the batch
    // (and is then reported alone by the one-by-one path).
    let mut bodies: Vec<Vec<String>> = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut b = Vec::with_capacity(doc.facts.len());
        for f in &doc.facts {
            check_span(doc, f.span, &f.text)?;
            b.push(serde_json::to_string(f).map_err(|e| StoreError::Corrupt(e.to_string()))?);
        }
        for m in &doc.mentions {
            m.span
                .slice(&doc.text)
                .ok_or_else(|| bad_span(doc, m.span))?;
        }
        bodies.push(b);
    }

    // The documents are numbered on from the last stored, in order (one
    // writer at a time, see `lock_documents`).
    crate::lock_documents(&mut *conn).await?;
    let first_seq: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM documents")
        .fetch_one(&mut *conn)
        .await?
        .try_get("next")?;

    // 1. Which documents are new, and what each nearly duplicates.
    let mut outcomes: Vec<PutOutcome> = Vec::with_capacity(docs.len());
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut ids_here: HashSet<&str> = HashSet::new();
    // Bands of the originals accepted so far in this batch → their indexes.
    let mut buckets_here: HashMap<i64, Vec<usize>> = HashMap::new();
    // The number each accepted document will have.
    let mut seq_of: Vec<i64> = vec![0; docs.len()];
    for (at, doc) in docs.iter().enumerate() {
        if ids_here.contains(doc.id.as_str()) {
            outcomes.push(PutOutcome::Duplicate);
            continue;
        }
        // Is it stored, and how full are its buckets in the store (one
        // statement of one shape, kept prepared by the driver).
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM documents WHERE id = $1) AS present{}{}",
            if doc.bands.is_empty() { "" } else { ", " },
            near::bucket_counts_sql(doc.bands.len(), 2)
        );
        let mut q = sqlx::query(&sql).bind(&doc.id);
        for b in &doc.bands {
            q = q.bind(*b);
        }
        let row = q.fetch_one(&mut *conn).await?;
        let present: i64 = row.try_get(0)?;
        if present > 0 {
            outcomes.push(PutOutcome::Duplicate);
            continue;
        }
        // Cold bands: stored plus this batch's earlier originals, at most
        // hot. `stored_cold` are those the store has rows in.
        let mut cold: Vec<i64> = Vec::new();
        let mut stored_cold: Vec<i64> = Vec::new();
        for (i, b) in doc.bands.iter().enumerate() {
            let stored: i64 = row.try_get(i + 1)?;
            let here = buckets_here.get(b).map_or(0, Vec::len) as i64;
            let n = stored + here;
            if n > 0 && n <= HOT_BUCKET {
                cold.push(*b);
                if stored > 0 {
                    stored_cold.push(*b);
                }
            }
        }
        let mut found: Vec<Candidate> = Vec::new();
        if cold.len() as i64 >= MIN_SHARED_BANDS {
            if stored_cold.len() as i64 >= MIN_SHARED_BANDS {
                found = near::candidates(&mut *conn, &stored_cold).await?;
            }
            // Earlier originals of this batch sharing enough cold bands.
            let mut shared: HashMap<usize, i64> = HashMap::new();
            for b in &cold {
                for &j in buckets_here.get(b).into_iter().flatten() {
                    *shared.entry(j).or_default() += 1;
                }
            }
            for (j, n) in shared {
                if n >= MIN_SHARED_BANDS {
                    found.push(Candidate {
                        id: docs[j].id.clone(),
                        seq: seq_of[j],
                        minhash: Some(docs[j].minhash.clone()),
                        duplicate_of: None,
                        shared: n,
                    });
                }
            }
            found.sort_by(|a, b| b.shared.cmp(&a.shared).then_with(|| a.seq.cmp(&b.seq)));
            found.truncate(MAX_COMPARED);
        }
        let near = near::best_match(&found, &doc.minhash);
        if near.is_none() {
            let mut seen = HashSet::new();
            for b in &doc.bands {
                if seen.insert(*b) {
                    buckets_here.entry(*b).or_default().push(at);
                }
            }
        }
        outcomes.push(match &near {
            Some((of, similarity)) => PutOutcome::NearDuplicate {
                of: of.clone(),
                similarity: *similarity,
            },
            None => PutOutcome::New,
        });
        ids_here.insert(&doc.id);
        seq_of[at] = first_seq + accepted.len() as i64;
        accepted.push(Accepted { at, near });
    }
    if accepted.is_empty() {
        return Ok(outcomes);
    }

    // 2. The documents.
    let rows: Vec<DocumentRow> = accepted
        .iter()
        .map(|a| (&docs[a.at], a.near.as_ref(), seq_of[a.at]))
        .collect();
    let inserted = insert_documents(&mut *conn, &rows).await?;
    if inserted != accepted.len() as u64 {
        // Another writer stored one of them between the check and here
        // (PostgreSQL): the one-by-one path sorts out which.
        return Err(StoreError::Corrupt(format!(
            "{} of {} documents were stored by another writer meanwhile",
            accepted.len() as u64 - inserted,
            accepted.len()
        )));
    }

    // 3. The originals' bands.
    let bands: Vec<(i64, i64)> = accepted
        .iter()
        .filter(|a| a.near.is_none())
        .flat_map(|a| band_rows(&docs[a.at], seq_of[a.at]))
        .collect();
    insert_bands(&mut *conn, &bands).await?;

    // 4. Facts, in document order.
    let bodies = &bodies;
    let facts: Vec<FactRow> = accepted
        .iter()
        .flat_map(|a| {
            let (doc, body) = (&docs[a.at], &bodies[a.at]);
            doc.facts
                .iter()
                .enumerate()
                .map(move |(ord, f)| (doc.id.as_str(), ord, f, body[ord].as_str()))
        })
        .collect();
    insert_facts(&mut *conn, &facts).await?;

    // 5. Entities.
    insert_entities(
        &mut *conn,
        accepted.iter().flat_map(|a| docs[a.at].entities.iter()),
    )
    .await?;

    // 6. Mentions.
    let mut mentions: Vec<MentionRow> = Vec::new();
    for a in &accepted {
        mentions.extend(mention_rows(&docs[a.at])?);
    }
    insert_mentions(&mut *conn, &mentions).await?;
    Ok(outcomes)
}

/// A document row: the document, the original it nearly duplicates, its
/// number.
pub(crate) type DocumentRow<'a> = (&'a NewDocument, Option<&'a (String, f64)>, i64);

/// `documents` rows, each left out if its id is stored already; how many
/// went in.
pub(crate) async fn insert_documents(
    conn: &mut sqlx::AnyConnection,
    rows: &[DocumentRow<'_>],
) -> Result<u64> {
    let now = chrono::Utc::now().to_rfc3339();
    let mut inserted = 0;
    for chunk in rows.chunks(PARAMS_PER_INSERT / 16) {
        let sql = format!(
            "INSERT INTO documents (id, source, title, url, published, lang, format, text, text_hash, bytes, \
             minhash, duplicate_of, similarity, extractor, ingested_at, seq) VALUES {} \
             ON CONFLICT (id) DO NOTHING",
            values_similarity(chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for (doc, near, seq) in chunk {
            q = q
                .bind(&doc.id)
                .bind(&doc.source)
                .bind(&doc.meta.title)
                .bind(&doc.meta.url)
                .bind(doc.meta.published.map(|d| d.to_string()))
                .bind(doc.meta.lang.map(|l| l.code().to_string()))
                .bind(&doc.format)
                .bind(&doc.text)
                .bind(blake3::hash(doc.text.as_bytes()).to_hex().to_string())
                .bind(doc.bytes as i64)
                .bind(doc.minhash.clone())
                .bind(near.map(|(of, _)| of.clone()))
                // sqlx 0.8.6's Any driver encodes a NULL f64 as a NULL f32,
                // and PostgreSQL then refuses the next non-null f64 on the
                // cached statement. Never bind a NULL float: -1 stands for
                // "none" and NULLIF turns it back.
                .bind(near.map_or(-1.0, |(_, s)| *s))
                .bind(&doc.extractor)
                .bind(&now)
                .bind(*seq);
        }
        inserted += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}

/// A fact row: document id, order in the document, the fact, its JSON.
pub(crate) type FactRow<'a> = (&'a str, usize, &'a Fact, &'a str);
/// A mention row: document id, entity, start, end, the words.
pub(crate) type MentionRow<'a> = (&'a str, &'a str, usize, usize, &'a str);

/// A document's bands, once each, as rows under its number.
pub(crate) fn band_rows(doc: &NewDocument, seq: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
    let mut seen = HashSet::new();
    doc.bands
        .iter()
        .filter(move |b| seen.insert(**b))
        .map(move |b| (*b, seq))
}

/// A document's mentions as rows, once each, in (entity, span) order; an
/// error if a span does not slice the text.
pub(crate) fn mention_rows(doc: &NewDocument) -> Result<Vec<MentionRow<'_>>> {
    let mut rows = Vec::with_capacity(doc.mentions.len());
    for m in &doc.mentions {
        let surface = m
            .span
            .slice(&doc.text)
            .ok_or_else(|| bad_span(doc, m.span))?;
        rows.push((
            doc.id.as_str(),
            m.entity.as_str(),
            m.span.start(),
            m.span.end(),
            surface,
        ));
    }
    rows.sort_by(|x, y| (x.1, x.2, x.3).cmp(&(y.1, y.2, y.3)));
    rows.dedup_by(|x, y| (x.1, x.2, x.3) == (y.1, y.2, y.3));
    Ok(rows)
}

/// `doc_bands` rows (band, document number).
pub(crate) async fn insert_bands(
    conn: &mut sqlx::AnyConnection,
    rows: &[(i64, i64)],
) -> Result<()> {
    for chunk in rows.chunks(PARAMS_PER_INSERT / 2) {
        let sql = format!(
            "INSERT INTO doc_bands (band, doc_seq) VALUES {} ON CONFLICT DO NOTHING",
            values(chunk.len(), 2)
        );
        let mut q = sqlx::query(&sql);
        for (band, seq) in chunk {
            q = q.bind(*band).bind(*seq);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// `facts` rows, in the order given.
pub(crate) async fn insert_facts(
    conn: &mut sqlx::AnyConnection,
    rows: &[FactRow<'_>],
) -> Result<()> {
    for chunk in rows.chunks(PARAMS_PER_INSERT / 8) {
        let sql = format!(
            "INSERT INTO facts (doc_id, ord, kind, span_start, span_end, text, entity, body) VALUES {}",
            values(chunk.len(), 8)
        );
        let mut q = sqlx::query(&sql);
        for (id, ord, f, body) in chunk {
            q = q
                .bind(*id)
                .bind(*ord as i64)
                .bind(f.kind())
                .bind(f.span.start() as i64)
                .bind(f.span.end() as i64)
                .bind(&f.text)
                .bind(&f.entity)
                .bind(*body);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Entities not yet stored, once each, in id order: a multi-row insert
/// must not name a row twice, and one order keeps concurrent writers from
/// deadlocking.
pub(crate) async fn insert_entities<'a>(
    conn: &mut sqlx::AnyConnection,
    entities: impl Iterator<Item = &'a Entity>,
) -> Result<()> {
    let mut entities: Vec<&Entity> = entities.collect();
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    entities.dedup_by(|a, b| a.id == b.id);
    for chunk in entities.chunks(PARAMS_PER_INSERT / 4) {
        let sql = format!(
            "INSERT INTO entities (id, kind, name_en, acronym) VALUES {} ON CONFLICT (id) DO NOTHING",
            values(chunk.len(), 4)
        );
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = q
                .bind(&e.id)
                .bind(&e.kind)
                .bind(&e.name_en)
                .bind(&e.acronym);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// `mentions` rows.
pub(crate) async fn insert_mentions(
    conn: &mut sqlx::AnyConnection,
    rows: &[MentionRow<'_>],
) -> Result<()> {
    for chunk in rows.chunks(PARAMS_PER_INSERT / 5) {
        let sql = format!(
            "INSERT INTO mentions (doc_id, entity, span_start, span_end, surface) VALUES {} \
             ON CONFLICT DO NOTHING",
            values(chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for (id, entity, start, end, surface) in chunk {
            q = q
                .bind(*id)
                .bind(*entity)
                .bind(*start as i64)
                .bind(*end as i64)
                .bind(*surface);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// `values(rows, 16)` with the similarity column (the 13th) wrapped in
/// `NULLIF(.., -1.0)`, as `put_in` writes it.
fn values_similarity(rows: usize) -> String {
    let mut out = String::with_capacity(rows * 16 * 5);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for c in 0..16 {
            if c > 0 {
                out.push_str(", ");
            }
            let p = r * 16 + c + 1;
            if c == 12 {
                out.push_str(&format!("NULLIF(${p}, -1.0)"));
            } else {
                out.push_str(&format!("${p}"));
            }
        }
        out.push(')');
    }
    out
}
