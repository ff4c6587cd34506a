//! `hoptac bench-search`: search latency of hoptac's index against SQLite
//! FTS5 (`unicode61 remove_diacritics 2`) holding the same documents,
//! measured in the same run, query by query, interleaved.
//!
//! The peer is built from the store's own texts into a SQLite file of its
//! own. Both answer the same 200 queries (a fixed list made from the
//! corpus vocabulary: with and without diacritics, phrases, filters on
//! language and dates) with their 10 best documents. Quality is compared
//! too: how many documents each finds per query (FTS5 does not fold đ, so
//! "doi tac" misses "đối tác").

use super::search::open_index;
use super::{extractor, open_store};
use crate::output;
use crate::Global;
use anyhow::{Context, Result};
use clap::Args;
use hoptac_search::SearchRequest;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Instant;

/// `hoptac bench-search`.
#[derive(Args, Debug)]
pub struct BenchSearchArgs {
    /// Where to build the FTS5 peer (rebuilt when it does not hold as many
    /// documents as the store).
    #[arg(long, value_name = "FILE")]
    fts: PathBuf,
    /// Times each query is run per engine (after one warm-up pass).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Print the per-query comparison too.
    #[arg(long)]
    per_query: bool,
}

/// One benchmark query.
#[derive(Debug, Clone)]
struct BenchQuery {
    text: String,
    lang: Option<&'static str>,
    years: Option<(i32, i32)>,
    folded: bool,
}

/// The fixed query set: 200 queries from the corpus vocabulary.
fn queries() -> Vec<BenchQuery> {
    // (with diacritics, English or none) — the folded form is derived.
    const VI: [&str; 25] = [
        "Nhật Bản",
        "Hàn Quốc",
        "Trung Quốc",
        "Ấn Độ",
        "đối tác",
        "phát thải ròng",
        "kinh tế số",
        "an ninh lương thực",
        "chuyển đổi năng lượng",
        "biến đổi khí hậu",
        "giao lưu nhân dân",
        "y tế công cộng",
        "kết nối hạ tầng",
        "chuỗi cung ứng",
        "an ninh hàng hải",
        "đổi mới sáng tạo",
        "Hội nghị Cấp cao",
        "Bộ trưởng Ngoại giao",
        "thương mại hai chiều",
        "dòng hành động",
        "đề nghị hỗ trợ",
        "Kế hoạch hành động",
        "Đông Á",
        "động lực tăng trưởng",
        "đại biểu nhất trí",
    ];
    const EN: [&str; 15] = [
        "energy transition",
        "digital economy",
        "food security",
        "climate change",
        "maritime security",
        "supply chains",
        "public health",
        "two-way trade",
        "action lines",
        "foreign ministers",
        "summit held",
        "key partner",
        "people exchanges",
        "innovation",
        "called on",
    ];
    let mut out = Vec::new();
    for (k, q) in VI.iter().enumerate() {
        let folded = hoptac_text::fold(q);
        // Exact, folded, folded + language, exact + years, folded + both.
        out.push(BenchQuery {
            text: q.to_string(),
            lang: None,
            years: None,
            folded: false,
        });
        out.push(BenchQuery {
            text: folded.clone(),
            lang: None,
            years: None,
            folded: true,
        });
        out.push(BenchQuery {
            text: folded.clone(),
            lang: Some("vi"),
            years: None,
            folded: true,
        });
        let y = 2015 + (k as i32 % 9);
        out.push(BenchQuery {
            text: q.to_string(),
            lang: None,
            years: Some((y, y + 2)),
            folded: false,
        });
        out.push(BenchQuery {
            text: folded,
            lang: Some("vi"),
            years: Some((y, y)),
            folded: true,
        });
    }
    for (k, q) in EN.iter().enumerate() {
        let y = 2016 + (k as i32 % 8);
        out.push(BenchQuery {
            text: q.to_string(),
            lang: None,
            years: None,
            folded: false,
        });
        out.push(BenchQuery {
            text: q.to_string(),
            lang: Some("en"),
            years: None,
            folded: false,
        });
        out.push(BenchQuery {
            text: format!("\"{q}\""),
            lang: Some("en"),
            years: Some((y, y + 1)),
            folded: false,
        });
        out.push(BenchQuery {
            text: q.to_string(),
            lang: None,
            years: Some((y, y + 3)),
            folded: false,
        });
        out.push(BenchQuery {
            text: format!("ASEAN {q}"),
            lang: Some("en"),
            years: None,
            folded: false,
        });
    }
    out.truncate(200);
    out
}

/// The same query in FTS5's syntax: each word quoted (so nothing in it is
/// an operator), a quoted phrase as one string; words are ANDed.
fn fts_query(q: &str) -> String {
    let mut parts = Vec::new();
    for (i, seg) in q.split('"').enumerate() {
        let words: Vec<&str> = hoptac_text::tokens(seg)
            .iter()
            .filter(|t| t.kind != hoptac_text::TokenKind::Punct)
            .map(|t| &seg[t.span.start()..t.span.end()])
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(format!("\"{}\"", words.join(" ")));
        } else {
            parts.extend(words.iter().map(|w| format!("\"{w}\"")));
        }
    }
    parts.join(" ")
}

/// The peer's fix for đ, on the application side (as the research notes
/// suggest): đ→d, Đ→D in the indexed text and in the query.
fn d_folded(s: &str) -> String {
    s.replace('đ', "d").replace('Đ', "D")
}

fn fts_sql(table: &str, q: &BenchQuery, count: bool) -> String {
    let mut sql = if count {
        format!("SELECT COUNT(*) AS n FROM {table} WHERE {table} MATCH ?1")
    } else {
        format!("SELECT id FROM {table} WHERE {table} MATCH ?1")
    };
    if q.lang.is_some() {
        sql.push_str(" AND lang = ?2");
    }
    if q.years.is_some() {
        sql.push_str(" AND day BETWEEN ?3 AND ?4");
    }
    if !count {
        sql.push_str(" ORDER BY rank LIMIT 10");
    }
    sql
}

async fn fts_run(pool: &SqlitePool, table: &str, q: &BenchQuery, count: bool) -> Result<i64> {
    let sql = fts_sql(table, q, count);
    let text = if table == "docs_d" {
        d_folded(&q.text)
    } else {
        q.text.clone()
    };
    let (lo, hi) = q.years.map_or((0, 0), |(a, b)| {
        (a as i64 * 10_000, b as i64 * 10_000 + 1231)
    });
    let rows = sqlx::query(&sql)
        .bind(fts_query(&text))
        .bind(q.lang.unwrap_or(""))
        .bind(lo)
        .bind(hi)
        .fetch_all(pool)
        .await?;
    Ok(if count {
        rows.first().map_or(0, |r| r.get::<i64, _>("n"))
    } else {
        rows.len() as i64
    })
}

fn request(q: &BenchQuery) -> SearchRequest {
    SearchRequest {
        query: q.text.clone(),
        lang: q.lang.map(str::to_string),
        from: q
            .years
            .and_then(|(a, _)| chrono::NaiveDate::from_ymd_opt(a, 1, 1)),
        to: q
            .years
            .and_then(|(_, b)| chrono::NaiveDate::from_ymd_opt(b, 12, 31)),
        limit: 10,
        duplicates: true,
        ..Default::default()
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k.min(sorted.len() - 1)]
}

fn dir_size(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// `hoptac bench-search`.
pub async fn bench_search(g: &Global, a: BenchSearchArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let mut index = open_index(g, &ex)?;
    let sync = index.sync(&store).await?;
    let stored = store.document_count().await?;

    // The peer, from the same stored texts. Near-duplicates are included
    // on both sides (`duplicates: true` above).
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", a.fts.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .with_context(|| format!("cannot open {}", a.fts.display()))?;
    for table in ["docs", "docs_d"] {
        sqlx::query(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(id UNINDEXED, lang UNINDEXED, day UNINDEXED, text, \
             tokenize = 'unicode61 remove_diacritics 2')"
        ))
        .execute(&pool)
        .await?;
    }
    let have: i64 = sqlx::query("SELECT COUNT(*) AS n FROM docs_d")
        .fetch_one(&pool)
        .await?
        .get("n");
    let mut fts_build = None;
    if have != stored {
        let started = Instant::now();
        sqlx::query("DELETE FROM docs").execute(&pool).await?;
        sqlx::query("DELETE FROM docs_d").execute(&pool).await?;
        let mut after = 0;
        loop {
            let page = store.texts_after(after, 2000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            let mut tx = pool.begin().await?;
            for t in &page {
                let day = t
                    .published
                    .as_deref()
                    .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
                    .map_or(0, |d| {
                        use chrono::Datelike;
                        d.year() as i64 * 10_000 + d.month() as i64 * 100 + d.day() as i64
                    });
                for (table, text) in [("docs", t.text.clone()), ("docs_d", d_folded(&t.text))] {
                    sqlx::query(&format!(
                        "INSERT INTO {table} (id, lang, day, text) VALUES (?1, ?2, ?3, ?4)"
                    ))
                    .bind(&t.id)
                    .bind(&t.lang)
                    .bind(day)
                    .bind(text)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
        }
        sqlx::query("INSERT INTO docs(docs) VALUES('optimize')")
            .execute(&pool)
            .await?;
        sqlx::query("INSERT INTO docs_d(docs_d) VALUES('optimize')")
            .execute(&pool)
            .await?;
        fts_build = Some(started.elapsed().as_secs_f64());
    }

    let qs = queries();
    // Quality first (not timed): how many documents each finds.
    let mut quality = Vec::with_capacity(qs.len());
    for q in &qs {
        let total = index.count_documents(&request(q))?;
        let fts = fts_run(&pool, "docs", q, true).await?;
        let fts_d = fts_run(&pool, "docs_d", q, true).await?;
        quality.push((total as i64, fts, fts_d));
    }
    // The pruned ranking against the full one (tantivy's top-k scoring
    // every match): how often the top 10 is the same.
    let (mut identical, mut same_set, mut overlap) = (0usize, 0usize, 0.0f64);
    for q in &qs {
        let r = request(q);
        let pruned: Vec<String> = index.top_documents(&r)?.into_iter().map(|x| x.1).collect();
        let full: Vec<String> = index
            .top_documents_unpruned(&r)?
            .into_iter()
            .map(|x| x.1)
            .collect();
        identical += usize::from(pruned == full);
        let common = pruned.iter().filter(|id| full.contains(id)).count();
        same_set += usize::from(common == full.len() && pruned.len() == full.len());
        overlap += if full.is_empty() {
            1.0
        } else {
            common as f64 / full.len() as f64
        };
    }
    // The cost of one round trip through sqlx to SQLite, for reference.
    let mut trip = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        sqlx::query("SELECT 1").fetch_all(&pool).await?;
        trip.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    trip.sort_by(f64::total_cmp);
    // Warm-up, then interleaved timed rounds.
    for q in &qs {
        index.top_documents(&request(q))?;
        index.top_documents_unpruned(&request(q))?;
        fts_run(&pool, "docs", q, false).await?;
        fts_run(&pool, "docs_d", q, false).await?;
    }
    let (mut ours, mut peer, mut peer_d) = (Vec::new(), Vec::new(), Vec::new());
    let mut unpruned = Vec::new();
    let mut per_query = vec![(0.0f64, 0.0f64, 0.0f64); qs.len()];
    for _ in 0..a.rounds.max(1) {
        for (k, q) in qs.iter().enumerate() {
            let r = request(q);
            let t = Instant::now();
            index.top_documents(&r)?;
            let x = t.elapsed().as_secs_f64() * 1000.0;
            let t = Instant::now();
            index.top_documents_unpruned(&r)?;
            unpruned.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            fts_run(&pool, "docs", q, false).await?;
            let y = t.elapsed().as_secs_f64() * 1000.0;
            let t = Instant::now();
            fts_run(&pool, "docs_d", q, false).await?;
            let z = t.elapsed().as_secs_f64() * 1000.0;
            ours.push(x);
            peer.push(y);
            peer_d.push(z);
            per_query[k].0 += x;
            per_query[k].1 += y;
            per_query[k].2 += z;
        }
    }
    ours.sort_by(f64::total_cmp);
    peer.sort_by(f64::total_cmp);
    peer_d.sort_by(f64::total_cmp);
    unpruned.sort_by(f64::total_cmp);

    if a.per_query {
        let n = a.rounds.max(1) as f64;
        let mut t = output::table(&[
            "query",
            "lang",
            "years",
            "hoptac ms",
            "FTS5 ms",
            "FTS5+đ→d ms",
            "hoptac found",
            "FTS5 found",
            "FTS5+đ→d found",
        ]);
        for (k, q) in qs.iter().enumerate() {
            t.add_row(vec![
                q.text.clone(),
                q.lang.unwrap_or("").to_string(),
                q.years.map_or(String::new(), |(a, b)| format!("{a}-{b}")),
                format!("{:.2}", per_query[k].0 / n),
                format!("{:.2}", per_query[k].1 / n),
                format!("{:.2}", per_query[k].2 / n),
                quality[k].0.to_string(),
                quality[k].1.to_string(),
                quality[k].2.to_string(),
            ]);
        }
        println!("{t}");
    }
    let folded: Vec<usize> = (0..qs.len()).filter(|&k| qs[k].folded).collect();
    #[derive(serde::Serialize)]
    struct Report {
        documents: i64,
        queries: usize,
        rounds: usize,
        hoptac_median_ms: f64,
        hoptac_p99_ms: f64,
        unpruned_median_ms: f64,
        unpruned_p99_ms: f64,
        pruned_top10_identical: usize,
        pruned_top10_same_set: usize,
        pruned_top10_mean_overlap: f64,
        fts5_median_ms: f64,
        fts5_p99_ms: f64,
        speedup_median: f64,
        speedup_p99: f64,
        fts5_dfold_median_ms: f64,
        fts5_dfold_p99_ms: f64,
        speedup_dfold_median: f64,
        speedup_dfold_p99: f64,
        sqlx_round_trip_median_ms: f64,
        folded_queries: usize,
        folded_fts5_finds_nothing: usize,
        folded_fts5_finds_fewer: usize,
        any_fts5_finds_more: usize,
        hoptac_found_total: i64,
        fts5_found_total: i64,
        fts5_dfold_found_total: i64,
        fts5_dfold_differs: usize,
        index_mib: f64,
        fts5_mib: f64,
        fts5_build_s: Option<f64>,
        index_rebuilt: Option<String>,
    }
    let fts_bytes = ["", "-wal"]
        .iter()
        .map(|s| std::fs::metadata(format!("{}{s}", a.fts.display())).map_or(0, |m| m.len()))
        .sum::<u64>();
    let rep = Report {
        documents: stored,
        queries: qs.len(),
        rounds: a.rounds.max(1),
        hoptac_median_ms: percentile(&ours, 0.5),
        hoptac_p99_ms: percentile(&ours, 0.99),
        unpruned_median_ms: percentile(&unpruned, 0.5),
        unpruned_p99_ms: percentile(&unpruned, 0.99),
        pruned_top10_identical: identical,
        pruned_top10_same_set: same_set,
        pruned_top10_mean_overlap: overlap / qs.len() as f64,
        fts5_median_ms: percentile(&peer, 0.5),
        fts5_p99_ms: percentile(&peer, 0.99),
        speedup_median: percentile(&peer, 0.5) / percentile(&ours, 0.5).max(1e-9),
        speedup_p99: percentile(&peer, 0.99) / percentile(&ours, 0.99).max(1e-9),
        fts5_dfold_median_ms: percentile(&peer_d, 0.5),
        fts5_dfold_p99_ms: percentile(&peer_d, 0.99),
        speedup_dfold_median: percentile(&peer_d, 0.5) / percentile(&ours, 0.5).max(1e-9),
        speedup_dfold_p99: percentile(&peer_d, 0.99) / percentile(&ours, 0.99).max(1e-9),
        sqlx_round_trip_median_ms: percentile(&trip, 0.5),
        folded_queries: folded.len(),
        folded_fts5_finds_nothing: folded
            .iter()
            .filter(|&&k| quality[k].1 == 0 && quality[k].0 > 0)
            .count(),
        folded_fts5_finds_fewer: folded
            .iter()
            .filter(|&&k| quality[k].1 < quality[k].0)
            .count(),
        any_fts5_finds_more: quality.iter().filter(|q| q.1 > q.0).count(),
        hoptac_found_total: quality.iter().map(|q| q.0).sum(),
        fts5_found_total: quality.iter().map(|q| q.1).sum(),
        fts5_dfold_found_total: quality.iter().map(|q| q.2).sum(),
        fts5_dfold_differs: quality.iter().filter(|q| q.2 != q.0).count(),
        index_mib: dir_size(index.path()) as f64 / 1048576.0,
        fts5_mib: fts_bytes as f64 / 1048576.0,
        fts5_build_s: fts_build,
        index_rebuilt: sync.rebuilt,
    };
    match g.format {
        crate::Format::Table => println!("{}", serde_json::to_string_pretty(&rep)?),
        f => output::print(f, &[rep], |_| output::table(&[]))?,
    }
    pool.close().await;
    index.close()?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_hundred_fixed_queries_half_folded_or_filtered() {
        let qs = queries();
        assert_eq!(qs.len(), 200);
        assert!(qs.iter().filter(|q| q.folded).count() >= 60);
        assert!(
            qs.iter()
                .filter(|q| q.lang.is_some() || q.years.is_some())
                .count()
                >= 100
        );
    }

    #[test]
    fn fts_queries_quote_every_word() {
        assert_eq!(fts_query("doi tac"), "\"doi\" \"tac\"");
        assert_eq!(
            fts_query("\"supply chains\" ASEAN"),
            "\"supply chains\" \"ASEAN\""
        );
        assert_eq!(fts_query("two-way trade"), "\"two\" \"way\" \"trade\"");
    }
}
