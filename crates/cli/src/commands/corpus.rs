//! `hoptac corpus` (the generated corpus, and the extractors' recall on
//! it), `hoptac bench-ingest` (end-to-end ingest of a corpus file) and
//! `hoptac bench-search` (search latency against SQLite FTS5, same
//! documents, same run).

use super::indexer::Indexer;
use super::ingest::{store_prepared, IngestSummary, BATCH_DOCS};
use super::prepare::{prepare_ahead, workers};
use super::search::open_index;
use super::{extractor, open_store, store_location};
use crate::bench::peak_mib;
use crate::output;
use crate::{Format, Global};
use anyhow::{bail, Context, Result};
use clap::Args;
use hoptac_corpus::{Generator, Recall};
use hoptac_ingest::{
    parse_bytes, Format as InputFormat, RawDocument, ReadError, ReadErrorKind, ReadOptions,
};
use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `hoptac corpus`.
#[derive(Args, Debug)]
pub struct CorpusArgs {
    /// Number of articles.
    #[arg(long, default_value_t = 10_000)]
    articles: u64,
    /// Seed of the generator: the same seed gives the same corpus.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Write the articles here as JSON Lines (`-` for standard output);
    /// each line also lists its planted facts.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Run the extractor on the articles and report its recall of the
    /// planted facts, per kind.
    #[arg(long)]
    recall: bool,
}

/// `hoptac corpus`.
pub fn corpus(g: &Global, a: CorpusArgs) -> Result<ExitCode> {
    if a.out.is_none() && !a.recall {
        bail!("nothing to do: give --out FILE to write the corpus, or --recall to measure the extractor on it");
    }
    let ex = extractor(g)?;
    let gen = Generator::new(ex.gazetteer(), a.seed);
    let mut out: Option<Box<dyn Write>> = match &a.out {
        None => None,
        Some(p) if p.as_os_str() == "-" => Some(Box::new(BufWriter::new(std::io::stdout().lock()))),
        Some(p) => Some(Box::new(BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ))),
    };
    let mut recall = Recall::default();
    let started = Instant::now();
    for i in 0..a.articles {
        let art = gen.article(i);
        if let Some(w) = out.as_mut() {
            serde_json::to_writer(&mut *w, &art)?;
            w.write_all(b"\n")?;
        }
        if a.recall {
            recall.add(&art, &ex);
        }
    }
    if let Some(mut w) = out {
        w.flush()?;
    }
    if a.recall {
        #[derive(serde::Serialize)]
        struct Row {
            kind: String,
            planted: u64,
            found: u64,
            recall: f64,
        }
        let mut rows: Vec<Row> = recall
            .by_kind
            .iter()
            .map(|(k, (p, f))| Row {
                kind: k.clone(),
                planted: *p,
                found: *f,
                recall: *f as f64 / (*p).max(1) as f64,
            })
            .collect();
        let (p, f) = rows
            .iter()
            .fold((0, 0), |s, r| (s.0 + r.planted, s.1 + r.found));
        rows.push(Row {
            kind: "all".into(),
            planted: p,
            found: f,
            recall: recall.overall(),
        });
        output::print(g.format, &rows, |rs| {
            let mut t = output::table(&["kind", "planted", "found", "recall"]);
            for r in rs {
                t.add_row(vec![
                    r.kind.clone(),
                    r.planted.to_string(),
                    r.found.to_string(),
                    format!("{:.3}", r.recall),
                ]);
            }
            t
        })?;
        for (kind, examples) in &recall.missed {
            for e in examples {
                eprintln!("missed {kind}: {e}");
            }
        }
        eprintln!(
            "{} articles (seed {}) in {:.1} s",
            a.articles,
            a.seed,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `hoptac bench-ingest`.
#[derive(Args, Debug)]
pub struct BenchIngestArgs {
    /// A JSON Lines corpus (`hoptac corpus --out`), read one line at a
    /// time: any size.
    corpus: PathBuf,
    /// Stop after this many articles.
    #[arg(long)]
    limit: Option<u64>,
}

/// `hoptac bench-ingest`: read, extract, store and index every line of a
/// corpus file through the same code as `hoptac ingest`, and report the
/// rate and the peak memory.
pub async fn bench_ingest(g: &Global, a: BenchIngestArgs) -> Result<ExitCode> {
    let ex = Arc::new(extractor(g)?);
    let store = open_store(g).await?;
    let indexer = Indexer::start(Some(open_index(g, &ex)?));
    let file = std::fs::File::open(&a.corpus)
        .with_context(|| format!("cannot open {}", a.corpus.display()))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let shown = a.corpus.display().to_string();
    let lines = Arc::new(AtomicU64::new(0));
    let bytes = Arc::new(AtomicU64::new(0));
    let items = corpus_lines(reader, shown, a.limit, lines.clone(), bytes.clone());
    let mut sum = IngestSummary::default();
    let started = Instant::now();
    // Where the writer's time goes (the extraction threads run beside it):
    // waiting for a prepared batch, storing it, indexing it.
    let (mut wait, mut stored) = (Duration::ZERO, Duration::ZERO);
    let mut done = 0u64;
    let mut batches = prepare_ahead(ex.clone(), items, BATCH_DOCS);
    loop {
        let t = Instant::now();
        let Some(prepared) = batches.next().await else {
            break;
        };
        wait += t.elapsed();
        let t = Instant::now();
        done += prepared.len() as u64;
        for note in store_prepared(&store, prepared, &indexer, &mut sum).await {
            eprintln!("{note}");
        }
        stored += t.elapsed();
        if done % 10_000 < BATCH_DOCS as u64 {
            eprintln!(
                "{done} articles, {:.0}/s, peak {:.0} MiB; writer waited {:.1} s for extraction, {:.1} s for the index; stored {:.1} s ({})",
                done as f64 / started.elapsed().as_secs_f64(),
                peak_mib().unwrap_or(0.0),
                wait.as_secs_f64(),
                indexer.waited().as_secs_f64(),
                (stored - indexer.waited()).as_secs_f64(),
                steps(&store),
            );
        }
    }
    batches.finish()?;
    let index_wait = indexer.waited();
    let (index, notes) = indexer.finish();
    for note in notes {
        eprintln!("{note}");
    }
    let n = lines.load(Ordering::Relaxed);
    let bytes = bytes.load(Ordering::Relaxed);
    let t = Instant::now();
    let Some(mut ix) = index else {
        bail!("the search index failed during the run (see above)");
    };
    let sync = ix.sync(&store).await?;
    let final_commit = t.elapsed();
    let seconds = started.elapsed().as_secs_f64();
    let index_bytes = ix.size_on_disk();
    let write_steps = store.write_times();
    ix.close()?;
    store.close().await;
    #[derive(serde::Serialize)]
    struct Report {
        articles: u64,
        mib_read: f64,
        new: usize,
        near_duplicate: usize,
        failed: usize,
        facts: usize,
        seconds: f64,
        articles_per_s: f64,
        peak_rss_mib: Option<f64>,
        index_mib: f64,
        store_mib: Option<f64>,
        rebuilt: Option<String>,
        extraction_threads: usize,
        writer_wait_s: f64,
        store_and_index_s: f64,
        index_wait_s: f64,
        store_steps_s: BTreeMap<&'static str, f64>,
        final_commit_s: f64,
    }
    let loc = store_location(g);
    let store_mib = std::fs::metadata(&loc).ok().map(|m| {
        let wal = std::fs::metadata(format!("{loc}-wal")).map_or(0, |w| w.len());
        (m.len() + wal) as f64 / 1048576.0
    });
    let rep = Report {
        articles: n,
        mib_read: bytes as f64 / 1048576.0,
        new: sum.new,
        near_duplicate: sum.near_duplicate,
        failed: sum.failed,
        facts: sum.facts,
        seconds,
        articles_per_s: n as f64 / seconds,
        peak_rss_mib: peak_mib(),
        index_mib: index_bytes as f64 / 1048576.0,
        store_mib,
        rebuilt: sync.rebuilt,
        extraction_threads: workers(),
        writer_wait_s: wait.as_secs_f64(),
        store_and_index_s: stored.as_secs_f64(),
        index_wait_s: index_wait.as_secs_f64(),
        store_steps_s: write_steps
            .iter()
            .map(|(s, d)| (s.name(), d.as_secs_f64()))
            .collect(),
        final_commit_s: final_commit.as_secs_f64(),
    };
    match g.format {
        Format::Table => println!("{}", serde_json::to_string_pretty(&rep)?),
        _ => output::print(g.format, &[rep], |_| output::table(&[]))?,
    }
    Ok(if sum.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The store's time per write step so far: "look-ups 1.2, documents 0.8, ...".
fn steps(store: &hoptac_store::Store) -> String {
    store
        .write_times()
        .iter()
        .map(|(s, d)| format!("{} {:.1}", s.name(), d.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The corpus file's lines as documents, counting lines and bytes read.
fn corpus_lines(
    reader: impl BufRead + Send + 'static,
    shown: String,
    limit: Option<u64>,
    lines: Arc<AtomicU64>,
    bytes: Arc<AtomicU64>,
) -> impl Iterator<Item = Result<RawDocument, ReadError>> + Send + 'static {
    let opts = ReadOptions::default();
    let counted = lines.clone();
    reader
        .split(b'\n')
        .enumerate()
        .take_while(move |_| limit.is_none_or(|l| lines.load(Ordering::Relaxed) < l))
        .flat_map(move |(k, line)| {
            let place = format!("{shown}:{}", k + 1);
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    return vec![Err(ReadError {
                        source: place,
                        kind: ReadErrorKind::Io(e.to_string()),
                    })]
                }
            };
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                return vec![];
            }
            counted.fetch_add(1, Ordering::Relaxed);
            bytes.fetch_add(line.len() as u64, Ordering::Relaxed);
            parse_bytes(&place, &line, InputFormat::JsonLines, &opts)
        })
}
