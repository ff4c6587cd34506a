//! Finding the original a new document nearly duplicates, at a cost that
//! does not grow with the store.
//!
//! A document's MinHash signature (64 lanes) is cut into 16 LSH bands of 4
//! lanes; `doc_bands` holds one row per band of every *original* document
//! (near-duplicates do not add theirs: they are found through their
//! original, so a story republished a thousand times still fills each of
//! its buckets with one document). Looking up a new document:
//!
//! 1. **Hot buckets are skipped.** Each of its 16 buckets is counted up to
//!    [`HOT_BUCKET`]` + 1` rows (index only). A bucket holding more than
//!    [`HOT_BUCKET`] originals is boilerplate — four equal minima shared by
//!    that many different stories come from shared template text (a
//!    footer, an agency line, a generator's filler), not from the story —
//!    so sharing it is no evidence of a near-duplicate, and reading it
//!    would cost more with every document stored.
//! 2. **A candidate must share at least [`MIN_SHARED_BANDS`] of the other
//!    (cold) bands**, counted in the index (`GROUP BY doc_seq HAVING`), and
//!    only the [`MAX_COMPARED`] sharing most are fetched and compared.
//!
//! What this keeps. The decision compares signatures: similarity is the
//! share of equal lanes, near-duplicate at ≥ 0.7, i.e. ≥ 45 of 64 lanes.
//! With at most 19 unequal lanes spread over 16 bands of 4, the chance
//! that at least 2 bands stay whole (every placement of the unequal lanes
//! equally likely) is 0.979 at exactly 45/64, 0.9992 at 48/64 (0.75), and
//! 1 from 51/64 (0.8) up: 13 unequal lanes can spoil at most 13 bands. (In
//! terms of the true Jaccard similarity s, each band agrees with chance
//! s⁴: P(≥ 2 of 16) = 0.925 at s = 0.7, 0.981 at 0.75, 0.997 at 0.8;
//! requiring one band only would give 0.988 at 0.7.) These hold when the
//! shared bands are not hot; a pair that shares only boilerplate buckets
//! is not looked at — that is the point of skipping them.
//!
//! What it costs: at most 16 × ([`HOT_BUCKET`] + 1) index entries counted,
//! 16 × [`HOT_BUCKET`] grouped, [`MAX_COMPARED`] signatures fetched —
//! whatever the size of the store ([`Store::near_duplicate_probe`] reports
//! the counts, and a test holds them bounded).

use crate::{Result, Store};
use sqlx::Row;

/// A bucket holding more originals than this is boilerplate (see the
/// module documentation).
pub const HOT_BUCKET: i64 = 32;
/// Cold bands a candidate must share with the new document.
pub const MIN_SHARED_BANDS: i64 = 2;
/// At most this many candidates' signatures are fetched and compared.
pub const MAX_COMPARED: usize = 16;
/// The similarity above which a document is stored as a near-duplicate.
pub const NEAR_DUPLICATE: f64 = 0.7;

/// What a near-duplicate lookup found and what it cost.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NearProbe {
    /// The original and the similarity, if one is ≥ [`NEAR_DUPLICATE`].
    pub best: Option<(String, f64)>,
    /// Bands of the document whose bucket is hot (skipped).
    pub hot_bands: usize,
    /// Index entries counted to tell hot buckets from cold ones.
    pub scanned: usize,
    /// Candidate signatures fetched and compared.
    pub compared: usize,
}

impl Store {
    /// The near-duplicate lookup [`Store::put_document`] runs, without
    /// storing anything: what it finds for `doc` and what it costs.
    pub async fn near_duplicate_probe(&self, doc: &crate::NewDocument) -> Result<NearProbe> {
        let mut conn = self.pool().acquire().await?;
        find_near_duplicate(&mut conn, &doc.bands, &doc.minhash).await
    }
}

/// The original `bands`/`minhash` nearly duplicate, if any: see the
/// module documentation.
pub(crate) async fn find_near_duplicate(
    conn: &mut sqlx::AnyConnection,
    bands: &[i64],
    minhash: &[u8],
) -> Result<NearProbe> {
    let mut probe = NearProbe::default();
    if bands.is_empty() {
        return Ok(probe);
    }
    let sql = format!("SELECT {}", bucket_counts_sql(bands.len(), 1));
    let mut row_q = sqlx::query(&sql);
    for b in bands {
        row_q = row_q.bind(*b);
    }
    let row = row_q.fetch_one(&mut *conn).await?;
    let mut cold = Vec::with_capacity(bands.len());
    for (i, b) in bands.iter().enumerate() {
        let n: i64 = row.try_get(i)?;
        probe.scanned += n as usize;
        if n > HOT_BUCKET {
            probe.hot_bands += 1;
        } else if n > 0 {
            cold.push(*b);
        }
    }
    if (cold.len() as i64) < MIN_SHARED_BANDS {
        return Ok(probe);
    }
    let found = candidates(conn, &cold).await?;
    probe.compared = found.len();
    probe.best = best_match(&found, minhash);
    Ok(probe)
}

/// `(SELECT COUNT(*) ... LIMIT 33) AS c0, ...`: one column per band, each
/// the band's bucket counted up to [`HOT_BUCKET`]` + 1` rows; the bands are
/// the parameters from `$first` on.
pub(crate) fn bucket_counts_sql(bands: usize, first: usize) -> String {
    (0..bands)
        .map(|i| {
            format!(
                "(SELECT COUNT(*) FROM (SELECT 1 AS x FROM doc_bands WHERE band = ${} LIMIT {}) AS s{i}) AS c{i}",
                first + i,
                HOT_BUCKET + 1
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stored original that shares cold bands with a new document.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) id: String,
    /// Its number in the store (`documents.seq`, the key of `doc_bands`).
    pub(crate) seq: i64,
    pub(crate) minhash: Option<Vec<u8>>,
    /// The original it republishes, if the store counts it a near-duplicate.
    pub(crate) duplicate_of: Option<String>,
    /// How many of the cold bands it shares.
    pub(crate) shared: i64,
}

/// The [`MAX_COMPARED`] documents sharing most of the `cold` bands (at
/// least [`MIN_SHARED_BANDS`]), most first, then by number.
pub(crate) async fn candidates(
    conn: &mut sqlx::AnyConnection,
    cold: &[i64],
) -> Result<Vec<Candidate>> {
    let placeholders: Vec<String> = (1..=cold.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT d.id, d.seq, d.minhash, d.duplicate_of, c.n FROM documents d JOIN \
         (SELECT doc_seq, COUNT(*) AS n FROM doc_bands WHERE band IN ({}) \
          GROUP BY doc_seq HAVING COUNT(*) >= {MIN_SHARED_BANDS} \
          ORDER BY COUNT(*) DESC, doc_seq LIMIT {MAX_COMPARED}) AS c ON d.seq = c.doc_seq",
        placeholders.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for b in cold {
        q = q.bind(*b);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(Candidate {
            id: r.try_get("id")?,
            seq: r.try_get("seq")?,
            minhash: r.try_get("minhash")?,
            duplicate_of: r.try_get("duplicate_of")?,
            shared: r.try_get("n")?,
        });
    }
    Ok(out)
}

/// The most similar candidate at [`NEAR_DUPLICATE`] or above (ties: the
/// smaller id), as its root original and the similarity.
pub(crate) fn best_match(found: &[Candidate], minhash: &[u8]) -> Option<(String, f64)> {
    let mut best: Option<(&Candidate, f64)> = None;
    for c in found {
        let Some(bytes) = &c.minhash else { continue };
        let sim = signature_similarity(bytes, minhash);
        let better = best.is_none_or(|(b, s)| sim > s || (sim == s && c.id < b.id));
        if sim >= NEAR_DUPLICATE && better {
            best = Some((c, sim));
        }
    }
    best.map(|(c, sim)| (c.duplicate_of.clone().unwrap_or_else(|| c.id.clone()), sim))
}

/// Share of equal 64-bit lanes of two signatures.
pub(crate) fn signature_similarity(a: &[u8], b: &[u8]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let n = a.len() / 8;
    let same = a.chunks(8).zip(b.chunks(8)).filter(|(x, y)| x == y).count();
    same as f64 / n as f64
}
