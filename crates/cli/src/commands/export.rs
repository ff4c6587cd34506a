//! `hoptac export` (records as CSV, XLSX, JSON; the whole store as a JSON
//! backup) and `hoptac import` (a backup into an empty store, either
//! backend). The work is in `hoptac_report::export`.

use super::plan::{parse_day, today};
use super::{extractor, open_store};
use crate::Global;
use anyhow::{bail, Context, Result};
use clap::Args;
use hoptac_report::export::{self, What};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  hoptac export figures --to xlsx --out figures.xlsx
  hoptac export plan --to csv > plan.csv
  hoptac export all --to json --out backup.json      # every table: documents with their text,
                                                     # facts, entities, mentions, bands, tracker,
                                                     # history, sources
  HOPTAC_DB=postgres://... hoptac import backup.json # into an empty store, SQLite or PostgreSQL")]
pub struct ExportArgs {
    /// facts, entities, meetings, figures, plan, commitments, or all (the
    /// whole store, JSON only: the backup `hoptac import` restores).
    what: String,
    /// csv, xlsx or json (default: from --out's extension, else json).
    #[arg(long)]
    to: Option<String>,
    /// Write to this file (default: standard output; xlsx needs a file).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Overdue commitments as of this date (default: today).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<chrono::NaiveDate>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A backup written by `hoptac export all --to json`.
    file: PathBuf,
}

fn write_out(out: &Option<PathBuf>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))?;
            eprintln!("wrote {} ({} bytes)", p.display(), bytes.len());
        }
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(())
}

/// `hoptac export`.
pub async fn export(g: &Global, a: ExportArgs) -> Result<ExitCode> {
    let to =
        a.to.clone()
            .or_else(|| {
                a.out
                    .as_ref()
                    .and_then(|p| p.extension())
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
            })
            .unwrap_or_else(|| "json".into());
    if !matches!(to.as_str(), "csv" | "xlsx" | "json") {
        bail!("--to {to:?}: use csv, xlsx or json");
    }
    if to == "xlsx" && a.out.is_none() {
        bail!("xlsx is a binary format: give --out FILE");
    }
    let store = open_store(g).await?;
    if a.what == "all" {
        if to != "json" {
            bail!("export all writes the whole store as one JSON backup: use --to json");
        }
        let b = export::backup(&store).await?;
        store.close().await;
        let rows: usize = b.tables.iter().map(|t| t.rows.len()).sum();
        eprintln!("{} tables, {rows} rows", b.tables.len());
        return write_out(&a.out, &serde_json::to_vec(&b)?).map(|_| ExitCode::SUCCESS);
    }
    let what: What = a.what.parse().map_err(anyhow::Error::msg)?;
    let ex = extractor(g)?;
    let (json, flat) =
        export::records(&store, ex.gazetteer(), what, a.as_of.unwrap_or_else(today)).await?;
    store.close().await;
    let bytes = match to.as_str() {
        "csv" => export::csv(&flat)?,
        "xlsx" => export::xlsx(&flat)?,
        _ => {
            let mut v = serde_json::to_vec_pretty(&json)?;
            v.push(b'\n');
            v
        }
    };
    write_out(&a.out, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `hoptac import`.
pub async fn import(g: &Global, a: ImportArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&a.file)
        .with_context(|| format!("cannot read {}", a.file.display()))?;
    let b: export::Backup = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a hoptac backup (JSON from hoptac export all)",
            a.file.display()
        )
    })?;
    let store = open_store(g).await?;
    let n = export::restore(&store, &b)
        .await
        .with_context(|| format!("importing {}", a.file.display()))?;
    store.close().await;
    eprintln!(
        "imported {n} rows in {} tables from {}",
        b.tables.len(),
        a.file.display()
    );
    Ok(ExitCode::SUCCESS)
}
