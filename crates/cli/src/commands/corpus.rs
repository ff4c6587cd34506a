//! `hoptac corpus` (the generated corpus, and the extractors' recall on
//! it), `hoptac bench-ingest` (end-to-end ingest of a corpus file) and
//! `hoptac bench-search` (search latency against SQLite FTS5, same
//! documents, same run).

use super::ingest::{store_batch, IngestSummary, BATCH_DOCS};
use super::search::open_index;
use super::{extractor, open_store, store_location};
use crate::bench::peak_mib;
use crate::output;
use crate::{Format, Global};
use anyhow::{bail, Context, Result};
use clap::Args;
use hoptac_corpus::{Generator, Recall};
use hoptac_ingest::{parse_bytes, Format as InputFormat, ReadOptions};
use hoptac_pipeline::prepare;
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let mut index = Some(open_index(g, &ex)?);
    let file = std::fs::File::open(&a.corpus)
        .with_context(|| format!("cannot open {}", a.corpus.display()))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let opts = ReadOptions::default();
    let shown = a.corpus.display().to_string();
    let mut sum = IngestSummary::default();
    let started = Instant::now();
    let mut n = 0u64;
    let mut bytes = 0u64;
    let mut batch = Vec::with_capacity(BATCH_DOCS);
    for (k, line) in reader.split(b'\n').enumerate() {
        if a.limit.is_some_and(|l| n >= l) {
            break;
        }
        let line = line.with_context(|| format!("reading {shown}"))?;
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        n += 1;
        bytes += line.len() as u64;
        for d in parse_bytes(
            &format!("{shown}:{}", k + 1),
            &line,
            InputFormat::JsonLines,
            &opts,
        ) {
            match d {
                Ok(raw) => {
                    batch.push(prepare(&ex, raw));
                    if batch.len() >= BATCH_DOCS {
                        for note in store_batch(&store, &mut batch, &mut index, &mut sum).await {
                            eprintln!("{note}");
                        }
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    sum.failed += 1;
                }
            }
        }
        if n % 10_000 == 0 {
            eprintln!(
                "{n} articles, {:.0}/s, peak {:.0} MiB",
                n as f64 / started.elapsed().as_secs_f64(),
                peak_mib().unwrap_or(0.0)
            );
        }
    }
    for note in store_batch(&store, &mut batch, &mut index, &mut sum).await {
        eprintln!("{note}");
    }
    let Some(mut ix) = index else {
        bail!("the search index failed during the run (see above)");
    };
    let sync = ix.sync(&store).await?;
    let seconds = started.elapsed().as_secs_f64();
    let index_bytes = ix.size_on_disk();
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
