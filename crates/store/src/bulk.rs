//! A batch of documents in a few statements per table.
//!
//! Storing one document takes nine statements (is it stored, how full are
//! its buckets, its candidates, the next number, then one insert per
//! table). On SQLite each statement is a message to the driver's worker
//! thread and a reply, and under load each reply waits for a core: at
//! 512 documents a batch, handing statements over cost more than SQLite's
//! writing. Here a whole batch is looked up in a few statements (which of
//! its ids are stored; how full each of its buckets is), a document with
//! candidates takes one more, and then each table gets a few multi-row
//! inserts of the whole batch ([`statement_rows`]).
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

use crate::filter::{BandFilter, Known};
use crate::near::{self, Candidate};
use crate::{
    bad_span, check_span, NewDocument, PutOutcome, Result, StoreError, WriteStep, WriteTimes,
    HOT_BUCKET, MAX_COMPARED, MIN_SHARED_BANDS,
};
use hoptac_model::{Entity, Fact};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Row};
use std::collections::{HashMap, HashSet};

/// A stored document compared against a new one: its id, min-hash
/// signature and the document it duplicates, if any.
type StoredDoc = (String, Option<Vec<u8>>, Option<String>);

/// Parameters per statement, at most: under SQLite's limit (32,766) and
/// PostgreSQL's (65,535).
const MAX_PARAMS: usize = 30_000;

/// How a statement names its parameters.
///
/// sqlx-sqlite binds each parameter after asking SQLite its name
/// (`sqlite3_bind_parameter_name`), which walks the statement's list of
/// names: with `$1`-style names binding grows with the square of the
/// parameters (at 2,000 it took a third of the writer's time). Anonymous
/// `?` parameters have no names, so SQLite statements use them and can be
/// large; PostgreSQL wants `$1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Params {
    /// `?` (SQLite).
    Anonymous,
    /// `$1, $2, ...` (PostgreSQL).
    Numbered,
}

impl Params {
    pub(crate) fn of(conn: &sqlx::AnyConnection) -> Params {
        if conn.backend_name() == "PostgreSQL" {
            Params::Numbered
        } else {
            Params::Anonymous
        }
    }

    /// `(p, p), (p, p)` for `rows` rows of `cols` columns; column `wrap.0`
    /// of each row is written `wrap.1(p)`.
    fn rows(self, rows: usize, cols: usize, wrap: Option<(usize, &str)>) -> String {
        let mut out = String::with_capacity(rows * cols * 4);
        for r in 0..rows {
            if r > 0 {
                out.push_str(", ");
            }
            out.push('(');
            for c in 0..cols {
                if c > 0 {
                    out.push_str(", ");
                }
                let p = match self {
                    Params::Anonymous => "?".to_string(),
                    Params::Numbered => format!("${}", r * cols + c + 1),
                };
                match wrap {
                    Some((at, f)) if at == c => out.push_str(&f.replace("{}", &p)),
                    _ => out.push_str(&p),
                }
            }
            out.push(')');
        }
        out
    }
}

/// The row counts of the statements that write `n` rows of `cols`
/// columns: as few statements as the parameter limit allows, each of a
/// size from a short list (powers of four), so that the driver's cache of
/// prepared statements holds every shape instead of preparing a new one
/// for each batch's remainder.
pub(crate) fn statement_rows(n: usize, cols: usize) -> Vec<usize> {
    let most = (MAX_PARAMS / cols.max(1)).max(1);
    let mut out = Vec::new();
    let mut left = n;
    while left > 0 {
        let size = [4096, 1024, 256, 64, 16, 4, 1]
            .into_iter()
            .find(|&s| s <= most && s <= left)
            .unwrap_or(1);
        out.push(size);
        left -= size;
    }
    out
}

/// Run `INSERT ... VALUES <rows> <tail>` over `rows` in as few statements
/// as [`statement_rows`] gives; `bind` adds one row's `cols` values. The
/// rows the database reports as written.
async fn insert_rows<T>(
    conn: &mut sqlx::AnyConnection,
    head: &str,
    tail: &str,
    cols: usize,
    wrap: Option<(usize, &str)>,
    rows: &[T],
    bind: impl for<'q> Fn(
        &mut AnyArguments<'q>,
        &'q T,
    ) -> std::result::Result<(), sqlx::error::BoxDynError>,
) -> Result<u64> {
    let style = Params::of(conn);
    let mut written = 0;
    let mut at = 0;
    for size in statement_rows(rows.len(), cols) {
        let sql = format!("{head} VALUES {} {tail}", style.rows(size, cols, wrap));
        let mut args = AnyArguments::default();
        for row in &rows[at..at + size] {
            bind(&mut args, row).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        at += size;
        written += sqlx::query_with(&sql, args)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(written)
}

/// An accepted document of the batch: its index, and the original it
/// nearly duplicates.
struct Accepted {
    at: usize,
    near: Option<(String, f64)>,
}

/// Which of `ids` are stored.
async fn stored_ids(conn: &mut sqlx::AnyConnection, ids: &[&str]) -> Result<HashSet<String>> {
    let style = Params::of(conn);
    let mut out = HashSet::new();
    let mut at = 0;
    for size in statement_rows(ids.len(), 1) {
        let sql = format!(
            "SELECT id FROM documents WHERE id IN ({})",
            style.rows(size, 1, None).replace(['(', ')'], "")
        );
        let mut args = AnyArguments::default();
        for id in &ids[at..at + size] {
            args.add(*id)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        at += size;
        for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
            out.insert(r.try_get::<String, _>("id")?);
        }
    }
    Ok(out)
}

/// How full each of `bands`' buckets is in the store, counted up to
/// [`HOT_BUCKET`]` + 1` (index only, as `near.rs` counts one document's).
async fn bucket_counts(conn: &mut sqlx::AnyConnection, bands: &[i64]) -> Result<HashMap<i64, i64>> {
    let style = Params::of(conn);
    let mut out = HashMap::with_capacity(bands.len());
    let mut at = 0;
    for size in statement_rows(bands.len(), 1) {
        let sql = format!(
            "WITH v(b) AS (VALUES {}) SELECT v.b AS band, \
             (SELECT COUNT(*) FROM (SELECT 1 AS x FROM doc_bands WHERE band = v.b LIMIT {}) AS s) AS n \
             FROM v",
            style.rows(size, 1, None),
            HOT_BUCKET + 1
        );
        let mut args = AnyArguments::default();
        for b in &bands[at..at + size] {
            args.add(*b)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        at += size;
        for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
            out.insert(r.try_get("band")?, r.try_get("n")?);
        }
    }
    Ok(out)
}

/// The store's candidates of many documents at once: for each `(key,
/// bands)`, what [`near::candidates`] gives for those bands (the documents
/// sharing at least [`MIN_SHARED_BANDS`] of them, most first, then by
/// number, at most [`MAX_COMPARED`]), in two statements instead of one per
/// document.
async fn candidates_of_many(
    conn: &mut sqlx::AnyConnection,
    wanted: &[(usize, Vec<i64>)],
) -> Result<HashMap<usize, Vec<Candidate>>> {
    let style = Params::of(conn);
    let pairs: Vec<(i64, i64)> = wanted
        .iter()
        .flat_map(|(k, bands)| bands.iter().map(move |b| (*k as i64, *b)))
        .collect();
    // (key, document number) → bands shared.
    let mut shared: HashMap<usize, Vec<(i64, i64)>> = HashMap::new();
    let mut at = 0;
    for size in statement_rows(pairs.len(), 2) {
        let sql = format!(
            "WITH q(k, b) AS (VALUES {}) SELECT q.k AS k, s.doc_seq AS seq, COUNT(*) AS n \
             FROM q JOIN doc_bands s ON s.band = q.b GROUP BY q.k, s.doc_seq \
             HAVING COUNT(*) >= {MIN_SHARED_BANDS}",
            style.rows(size, 2, None)
        );
        let mut args = AnyArguments::default();
        for (k, b) in &pairs[at..at + size] {
            args.add(*k)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            args.add(*b)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        at += size;
        for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
            let k: i64 = r.try_get("k")?;
            shared
                .entry(k as usize)
                .or_default()
                .push((r.try_get("seq")?, r.try_get("n")?));
        }
    }
    // The best of each, then their rows.
    let mut seqs: Vec<i64> = Vec::new();
    for list in shared.values_mut() {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_COMPARED);
        seqs.extend(list.iter().map(|x| x.0));
    }
    seqs.sort_unstable();
    seqs.dedup();
    let mut rows: HashMap<i64, StoredDoc> = HashMap::new();
    let mut at = 0;
    for size in statement_rows(seqs.len(), 1) {
        let sql = format!(
            "SELECT id, seq, minhash, duplicate_of FROM documents WHERE seq IN ({})",
            style.rows(size, 1, None).replace(['(', ')'], "")
        );
        let mut args = AnyArguments::default();
        for s in &seqs[at..at + size] {
            args.add(*s)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        at += size;
        for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
            rows.insert(
                r.try_get("seq")?,
                (
                    r.try_get("id")?,
                    r.try_get("minhash")?,
                    r.try_get("duplicate_of")?,
                ),
            );
        }
    }
    Ok(shared
        .into_iter()
        .map(|(k, list)| {
            let found = list
                .into_iter()
                .filter_map(|(seq, n)| {
                    rows.get(&seq).map(|(id, minhash, duplicate_of)| Candidate {
                        id: id.clone(),
                        seq,
                        minhash: minhash.clone(),
                        duplicate_of: duplicate_of.clone(),
                        shared: n,
                    })
                })
                .collect();
            (k, found)
        })
        .collect())
}

/// Store `docs` in the open transaction, in order; one outcome per
/// document. On error, nothing of the batch may be kept.
pub(crate) async fn put_batch(
    conn: &mut sqlx::AnyConnection,
    docs: &[NewDocument],
    times: &WriteTimes,
    filter: &mut BandFilter,
) -> Result<(Vec<PutOutcome>, i64, i64)> {
    let mut clock = times.clock();
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

    // What the store holds of the batch: its stored ids, and how full the
    // buckets of all its bands are.
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let present = stored_ids(&mut *conn, &ids).await?;
    let mut all_bands: Vec<i64> = docs.iter().flat_map(|d| d.bands.iter().copied()).collect();
    all_bands.sort_unstable();
    all_bands.dedup();
    // Bands the filter knows to be in no bucket, or in a hot one, are not
    // asked for (`filter.rs`).
    let mut counts: HashMap<i64, i64> = HashMap::new();
    if filter
        .prepare(&mut *conn, first_seq - 1, docs.len())
        .await?
    {
        all_bands.retain(|&b| match filter.known(b) {
            Known::Empty => false,
            Known::Hot => {
                counts.insert(b, HOT_BUCKET + 1);
                false
            }
            Known::Maybe => true,
        });
    }
    for (b, n) in bucket_counts(&mut *conn, &all_bands).await? {
        filter.counted(b, n);
        counts.insert(b, n);
    }

    // The stored candidates of every document that may need them (two or
    // more bands in stored buckets that are not hot), fetched at once. A
    // document whose cold bands turn out otherwise (a bucket made hot by
    // this batch's earlier documents) asks on its own below.
    let stored_cold_of = |doc: &NewDocument| -> Vec<i64> {
        let mut v: Vec<i64> = doc
            .bands
            .iter()
            .copied()
            .filter(|b| counts.get(b).is_some_and(|&n| n > 0 && n <= HOT_BUCKET))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let wanted: Vec<(usize, Vec<i64>)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| !present.contains(&d.id))
        .map(|(k, d)| (k, stored_cold_of(d)))
        .filter(|(_, bands)| bands.len() as i64 >= MIN_SHARED_BANDS)
        .collect();
    clock.lap(WriteStep::Lookups);
    let mut prefetched = candidates_of_many(&mut *conn, &wanted).await?;
    let prefetched_bands: HashMap<usize, Vec<i64>> = wanted.into_iter().collect();
    clock.lap(WriteStep::Candidates);

    // 1. Which documents are new, and what each nearly duplicates.
    let mut outcomes: Vec<PutOutcome> = Vec::with_capacity(docs.len());
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut ids_here: HashSet<&str> = HashSet::new();
    // Bands of the originals accepted so far in this batch → their indexes.
    let mut buckets_here: HashMap<i64, Vec<usize>> = HashMap::new();
    // The number each accepted document will have.
    let mut seq_of: Vec<i64> = vec![0; docs.len()];
    for (at, doc) in docs.iter().enumerate() {
        if ids_here.contains(doc.id.as_str()) || present.contains(&doc.id) {
            outcomes.push(PutOutcome::Duplicate);
            continue;
        }
        // Cold bands: stored plus this batch's earlier originals, at most
        // hot. `stored_cold` are those the store has rows in.
        let mut cold: Vec<i64> = Vec::new();
        let mut stored_cold: Vec<i64> = Vec::new();
        for b in &doc.bands {
            let stored = counts.get(b).copied().unwrap_or(0);
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
                let mut asked = stored_cold.clone();
                asked.sort_unstable();
                asked.dedup();
                if prefetched_bands.get(&at) == Some(&asked) {
                    found = prefetched.remove(&at).unwrap_or_default();
                } else {
                    clock.lap(WriteStep::Lookups);
                    found = near::candidates(&mut *conn, &stored_cold).await?;
                    clock.lap(WriteStep::Candidates);
                }
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
    clock.lap(WriteStep::Lookups);
    if accepted.is_empty() {
        return Ok((outcomes, first_seq - 1, 0));
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
    clock.lap(WriteStep::Documents);

    // 3. The originals' bands, in key order: each insert then lands next
    // to the one before, on a page just read, instead of anywhere in a
    // B-tree larger than the page cache.
    let mut bands: Vec<(i64, i64)> = accepted
        .iter()
        .filter(|a| a.near.is_none())
        .flat_map(|a| band_rows(&docs[a.at], seq_of[a.at]))
        .collect();
    bands.sort_unstable();
    insert_bands(&mut *conn, &bands).await?;
    filter.insert(bands.iter().map(|(b, _)| *b));
    clock.lap(WriteStep::Bands);

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
    clock.lap(WriteStep::Facts);

    // 5. Entities.
    insert_entities(
        &mut *conn,
        accepted.iter().flat_map(|a| docs[a.at].entities.iter()),
    )
    .await?;
    clock.lap(WriteStep::Entities);

    // 6. Mentions, in the order of their key (document, entity, span), for
    // the same reason (nothing reads them in the order written).
    let mut mentions: Vec<MentionRow> = Vec::new();
    for a in &accepted {
        mentions.extend(mention_rows(&docs[a.at])?);
    }
    mentions.sort_by(|x, y| (x.0, x.1, x.2, x.3).cmp(&(y.0, y.1, y.2, y.3)));
    insert_mentions(&mut *conn, &mentions).await?;
    clock.lap(WriteStep::Mentions);
    let written = accepted.len() as i64;
    Ok((outcomes, first_seq + written - 1, written))
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
    insert_rows(
        conn,
        "INSERT INTO documents (id, source, title, url, published, lang, format, text, text_hash, \
         bytes, minhash, duplicate_of, similarity, extractor, ingested_at, seq)",
        "ON CONFLICT (id) DO NOTHING",
        16,
        // sqlx 0.8.6's Any driver encodes a NULL f64 as a NULL f32, and
        // PostgreSQL then refuses the next non-null f64 on the cached
        // statement. Never bind a NULL float: -1 stands for "none" and
        // NULLIF turns it back.
        Some((12, "NULLIF({}, -1.0)")),
        rows,
        |a, (doc, near, seq)| {
            a.add(&doc.id)?;
            a.add(&doc.source)?;
            a.add(&doc.meta.title)?;
            a.add(&doc.meta.url)?;
            a.add(doc.meta.published.map(|d| d.to_string()))?;
            a.add(doc.meta.lang.map(|l| l.code().to_string()))?;
            a.add(&doc.format)?;
            a.add(&doc.text)?;
            a.add(blake3::hash(doc.text.as_bytes()).to_hex().to_string())?;
            a.add(doc.bytes as i64)?;
            a.add(&doc.minhash)?;
            a.add(near.map(|(of, _)| of.clone()))?;
            a.add(near.map_or(-1.0, |(_, s)| *s))?;
            a.add(&doc.extractor)?;
            a.add(now.clone())?;
            a.add(*seq)
        },
    )
    .await
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
    insert_rows(
        conn,
        "INSERT INTO doc_bands (band, doc_seq)",
        "ON CONFLICT DO NOTHING",
        2,
        None,
        rows,
        |a, (band, seq)| {
            a.add(*band)?;
            a.add(*seq)
        },
    )
    .await?;
    Ok(())
}

/// `facts` rows, in the order given.
pub(crate) async fn insert_facts(
    conn: &mut sqlx::AnyConnection,
    rows: &[FactRow<'_>],
) -> Result<()> {
    insert_rows(
        conn,
        "INSERT INTO facts (doc_id, ord, kind, span_start, span_end, text, entity, body)",
        "",
        8,
        None,
        rows,
        |a, (id, ord, f, body)| {
            a.add(*id)?;
            a.add(*ord as i64)?;
            a.add(f.kind())?;
            a.add(f.span.start() as i64)?;
            a.add(f.span.end() as i64)?;
            a.add(&f.text)?;
            a.add(&f.entity)?;
            a.add(*body)
        },
    )
    .await?;
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
    insert_rows(
        conn,
        "INSERT INTO entities (id, kind, name_en, acronym)",
        "ON CONFLICT (id) DO NOTHING",
        4,
        None,
        &entities,
        |a, e| {
            a.add(&e.id)?;
            a.add(&e.kind)?;
            a.add(&e.name_en)?;
            a.add(&e.acronym)
        },
    )
    .await?;
    Ok(())
}

/// `mentions` rows.
pub(crate) async fn insert_mentions(
    conn: &mut sqlx::AnyConnection,
    rows: &[MentionRow<'_>],
) -> Result<()> {
    insert_rows(
        conn,
        "INSERT INTO mentions (doc_id, entity, span_start, span_end, surface)",
        "ON CONFLICT DO NOTHING",
        5,
        None,
        rows,
        |a, (id, entity, start, end, surface)| {
            a.add(*id)?;
            a.add(*entity)?;
            a.add(*start as i64)?;
            a.add(*end as i64)?;
            a.add(*surface)
        },
    )
    .await?;
    Ok(())
}
