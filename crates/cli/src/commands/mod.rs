//! The commands, one module each. Each reads its arguments, calls the
//! library crates and prints through `output`. What several commands share
//! (reading options, opening the store, building the extractor) lives here.

mod bench_search;
mod browse;
mod changes;
mod commitments;
mod corpus;
mod demo;
mod export;
mod extract;
mod indexer;
mod ingest;
mod partnership;
mod plan;
mod prepare;
mod report;
mod search;
mod serve;
mod sources;
mod token;

pub use bench_search::{bench_search, BenchSearchArgs};
pub use browse::{documents, entities, show, ListArgs, ShowArgs};
pub use changes::{changes, ChangesArgs};
pub use commitments::{commitment, commitments, CommitmentArgs, CommitmentsArgs};
pub use corpus::{bench_ingest, corpus, BenchIngestArgs, CorpusArgs};
pub use demo::{demo, DemoArgs};
pub use export::{export, import, ExportArgs, ImportArgs};
pub use extract::{extract, ExtractArgs};
pub use ingest::{ingest, IngestArgs};
pub use partnership::{figures, meetings, FiguresArgs, MeetingsArgs};
pub use plan::{plan, PlanArgs};
pub use report::{report, ReportArgs};
pub use search::{reindex, search, ReindexArgs, SearchArgs};
pub use serve::{serve, ServeArgs};
pub use sources::{sources, watch, SourcesArgs, WatchArgs};
pub use token::{token, TokenArgs};

use crate::output::clip;
use crate::Global;
use anyhow::{Context, Result};
use clap::Args;
use hoptac_extract::{Extractor, Gazetteer};
use hoptac_ingest::ReadOptions;
use hoptac_model::{DocumentMeta, Fact, Lang};
use hoptac_store::Store;
use std::path::PathBuf;

mod samples {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}
pub use samples::SAMPLES;

/// Options shared by the commands that read files.
#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Publication date (YYYY-MM-DD) for inputs that do not carry one;
    /// dates written without a year take theirs from it.
    #[arg(long, value_parser = parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Language of the inputs (vi, en, or auto to detect per document).
    #[arg(long, default_value = "auto", value_parser = parse_lang)]
    lang: LangArg,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    #[arg(long)]
    lossy: bool,
    /// Refuse files larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    max_size: u64,
}

#[derive(Clone, Debug)]
pub struct LangArg(Option<Lang>);

fn parse_lang(s: &str) -> Result<LangArg, String> {
    if s == "auto" {
        Ok(LangArg(None))
    } else {
        s.parse::<Lang>().map(|l| LangArg(Some(l)))
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2025-10-26"))
}

impl ReadArgs {
    pub(crate) fn options(&self) -> ReadOptions {
        ReadOptions {
            lossy: self.lossy,
            max_bytes: self.max_size.saturating_mul(1024 * 1024),
            defaults: DocumentMeta {
                published: self.published,
                lang: self.lang.0,
                ..Default::default()
            },
        }
    }
}

/// The default store: a file in the user's data directory.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("hoptac");
    }
    match std::env::var_os("HOME") {
        Some(h) => PathBuf::from(h).join(".local/share/hoptac"),
        None => PathBuf::from(".hoptac"),
    }
}

pub(crate) fn store_location(g: &Global) -> String {
    g.db.clone()
        .unwrap_or_else(|| data_dir().join("hoptac.db").to_string_lossy().into_owned())
}

pub(crate) async fn open_store(g: &Global) -> Result<Store> {
    Ok(Store::open(&store_location(g)).await?)
}

pub(crate) fn extractor(g: &Global) -> Result<Extractor> {
    if g.gazetteer.is_empty() {
        return Ok(Extractor::builtin());
    }
    let mut gaz: Gazetteer = Extractor::builtin().gazetteer().clone();
    for f in &g.gazetteer {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("cannot read gazetteer {}", f.display()))?;
        gaz.add_csv(&f.display().to_string(), &text)?;
    }
    gaz.compile();
    Ok(Extractor::with_gazetteer(gaz))
}

/// A fact's own fields as `key=value` pairs.
pub(crate) fn fields(f: &Fact) -> String {
    let v = serde_json::to_value(f).unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(o) = v.as_object() {
        for (k, val) in o {
            if matches!(
                k.as_str(),
                "kind" | "text" | "span" | "mentions" | "sentence" | "name" | "content"
            ) || val.is_null()
            {
                continue;
            }
            let s = match val {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            parts.push(format!("{k}={}", clip(&s, 60)));
        }
    }
    parts.join("  ")
}
