//! `hoptac bench`: extraction throughput on a generated corpus.
//!
//! The corpus is made from the bundled samples, each copy with its digits
//! varied by a seeded generator (so figures, dates and ordinals differ from
//! copy to copy and nothing is cached by accident), until it reaches the
//! size asked for. Single-threaded, so the figure is per core. Peak memory
//! is the process's high-water mark (`VmHWM`).

use crate::commands::SAMPLES;
use crate::output;
use crate::Format;
use anyhow::{bail, Result};
use clap::Args;
use hoptac_extract::Extractor;
use hoptac_model::DocumentMeta;
use std::time::Instant;

/// `hoptac bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Corpus size in MiB.
    #[arg(long, default_value_t = 100)]
    mib: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Only the English samples, or only the Vietnamese ones.
    #[arg(long, value_parser = ["vi", "en"])]
    lang: Option<String>,
    /// Also write the corpus here (documents separated by a line holding
    /// only a form feed), for the peer script `bench/peer.py`.
    #[arg(long, value_name = "FILE")]
    corpus_out: Option<std::path::PathBuf>,
    /// Measure only the first this many MiB of the corpus too (the peers'
    /// sample size), beside the whole.
    #[arg(long, value_name = "MIB")]
    also_first: Option<usize>,
}

#[derive(serde::Serialize)]
struct Row {
    stage: &'static str,
    documents: usize,
    mib: f64,
    seconds: f64,
    mib_per_s: f64,
    docs_per_s: f64,
    /// CPU time of the measuring thread: the per-core figure that holds
    /// when other processes share the machine (wall time then counts the
    /// time spent waiting for a core).
    cpu_seconds: Option<f64>,
    mib_per_cpu_s: Option<f64>,
}

/// Wall and CPU time since a start.
struct Clock {
    wall: Instant,
    cpu: Option<f64>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// (wall seconds, CPU seconds) since the start.
    fn read(&self) -> (f64, Option<f64>) {
        let cpu = match (self.cpu, cpu_seconds()) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        (self.wall.elapsed().as_secs_f64(), cpu)
    }
}

/// Time this thread has run on a CPU, in seconds (Linux: the first field
/// of `/proc/thread-self/schedstat`, in nanoseconds).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Texts of the samples (bodies, as the readers return them).
fn sample_texts(lang: Option<&str>) -> Vec<(String, DocumentMeta)> {
    let mut out = Vec::new();
    for (name, bytes) in SAMPLES {
        let fmt = hoptac_ingest::Format::from_path(std::path::Path::new(name))
            .unwrap_or(hoptac_ingest::Format::Text);
        for d in hoptac_ingest::parse_bytes(name, bytes, fmt, &Default::default())
            .into_iter()
            .flatten()
        {
            let l = d
                .meta
                .lang
                .or_else(|| hoptac_text::detect(&d.text))
                .map(|l| l.code());
            if lang.is_none() || lang == l {
                out.push((d.text, d.meta));
            }
        }
    }
    out
}

/// A deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
}

/// Copies of the samples with varied digits, `mib` MiB in all.
pub fn corpus(mib: usize, seed: u64, lang: Option<&str>) -> Vec<(String, DocumentMeta)> {
    let base = sample_texts(lang);
    let target = mib * 1024 * 1024;
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    let mut size = 0;
    while size < target && !base.is_empty() {
        let (text, meta) = &base[(rng.next() % base.len() as u64) as usize];
        let varied: String = text
            .chars()
            .map(|c| {
                if c.is_ascii_digit() && rng.next() % 3 == 0 {
                    char::from(b'0' + (rng.next() % 10) as u8)
                } else {
                    c
                }
            })
            .collect();
        size += varied.len();
        out.push((varied, meta.clone()));
    }
    out
}

/// Peak resident memory of this process, in MiB (Linux).
pub fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Run the benchmark.
pub fn run(format: Format, a: BenchArgs) -> Result<()> {
    let t = Instant::now();
    let docs = corpus(a.mib, a.seed, a.lang.as_deref());
    if docs.is_empty() {
        bail!("no sample articles to build a corpus from");
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    eprintln!(
        "corpus: {} documents, {:.1} MiB, built in {:.1}s",
        docs.len(),
        bytes as f64 / 1048576.0,
        t.elapsed().as_secs_f64()
    );
    if let Some(p) = &a.corpus_out {
        let mut w = std::io::BufWriter::new(std::fs::File::create(p)?);
        for (text, _) in &docs {
            std::io::Write::write_all(&mut w, text.as_bytes())?;
            std::io::Write::write_all(&mut w, b"\n\x0c\n")?;
        }
    }
    let ex = Extractor::builtin();
    let mut rows = Vec::new();
    let mib = bytes as f64 / 1048576.0;
    let row = |stage, (secs, cpu): (f64, Option<f64>)| Row {
        stage,
        documents: docs.len(),
        mib,
        seconds: secs,
        mib_per_s: mib / secs,
        docs_per_s: docs.len() as f64 / secs,
        cpu_seconds: cpu,
        mib_per_cpu_s: cpu.map(|c| mib / c),
    };
    // Compile the lazily built patterns before timing, as the peers are
    // timed with their models loaded.
    std::hint::black_box(ex.analyze(&docs[0].0, &docs[0].1));

    let t = Clock::start();
    let mut n = 0usize;
    for (text, _) in &docs {
        let f = hoptac_text::Folded::new(text);
        n +=
            f.as_str().len() + hoptac_text::sentences(text).len() + hoptac_text::tokens(text).len();
    }
    std::hint::black_box(n);
    rows.push(row("fold + sentences + tokens", t.read()));

    let t = Clock::start();
    let mut facts = 0usize;
    for (text, meta) in &docs {
        facts += ex.analyze(text, meta).facts.len();
    }
    rows.push(row("whole extraction pipeline", t.read()));
    if let Some(first) = a.also_first {
        let mut size = 0;
        let head: Vec<_> = docs
            .iter()
            .take_while(|(t, _)| {
                let keep = size < first * 1024 * 1024;
                size += t.len();
                keep
            })
            .collect();
        let t = Clock::start();
        for (text, meta) in &head {
            std::hint::black_box(ex.analyze(text, meta));
        }
        let (secs, cpu) = t.read();
        let m = head.iter().map(|(t, _)| t.len()).sum::<usize>() as f64 / 1048576.0;
        rows.push(Row {
            stage: "whole pipeline, peers' sample",
            documents: head.len(),
            mib: m,
            seconds: secs,
            mib_per_s: m / secs,
            docs_per_s: head.len() as f64 / secs,
            cpu_seconds: cpu,
            mib_per_cpu_s: cpu.map(|c| m / c),
        });
    }
    eprintln!(
        "{facts} facts; peak memory {:.0} MiB",
        peak_mib().unwrap_or(f64::NAN)
    );
    output::print(format, &rows, |rs| {
        let mut t = output::table(&[
            "stage",
            "documents",
            "MiB",
            "seconds",
            "MiB/s (1 core)",
            "docs/s",
            "CPU s",
            "MiB per CPU s",
        ]);
        for r in rs {
            t.add_row(vec![
                r.stage.to_string(),
                r.documents.to_string(),
                format!("{:.1}", r.mib),
                format!("{:.2}", r.seconds),
                format!("{:.1}", r.mib_per_s),
                format!("{:.0}", r.docs_per_s),
                r.cpu_seconds.map_or("-".into(), |c| format!("{c:.2}")),
                r.mib_per_cpu_s.map_or("-".into(), |c| format!("{c:.1}")),
            ]);
        }
        t
    })
}
