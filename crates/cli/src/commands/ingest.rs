//! `hoptac ingest`: files in, documents and facts stored.

use super::{extractor, open_store, ReadArgs};
use crate::output::{self, clip};
use crate::{Format, Global};
use anyhow::Result;
use clap::Args;
use hoptac_extract::Extractor;
use hoptac_ingest::{read_inputs, RawDocument};
use hoptac_pipeline::prepare;
use hoptac_store::{PutOutcome, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;

/// `hoptac ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or directories (walked recursively); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Default, Debug, serde::Serialize)]
pub(crate) struct IngestSummary {
    pub(crate) new: usize,
    pub(crate) duplicate: usize,
    pub(crate) near_duplicate: usize,
    pub(crate) failed: usize,
    pub(crate) facts: usize,
}

pub(crate) async fn ingest_docs(
    store: &Store,
    ex: &Extractor,
    docs: Vec<Result<RawDocument, hoptac_ingest::ReadError>>,
    quiet: bool,
) -> IngestSummary {
    let mut sum = IngestSummary::default();
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(docs.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for d in docs {
        bar.inc(1);
        let raw = match d {
            Ok(r) => r,
            Err(e) => {
                bar.suspend(|| eprintln!("error: {e}"));
                sum.failed += 1;
                continue;
            }
        };
        bar.set_message(clip(&raw.source, 40));
        let source = raw.source.clone();
        let doc = prepare(ex, raw);
        let nfacts = doc.facts.len();
        match store.put_document(&doc).await {
            Ok(PutOutcome::New) => {
                sum.new += 1;
                sum.facts += nfacts;
            }
            Ok(PutOutcome::Duplicate) => sum.duplicate += 1,
            Ok(PutOutcome::NearDuplicate { of, similarity }) => {
                sum.near_duplicate += 1;
                sum.facts += nfacts;
                bar.suspend(|| {
                    eprintln!(
                        "note: {source}: near-duplicate ({:.0}% alike) of {}",
                        similarity * 100.0,
                        &of[..12]
                    )
                });
            }
            Err(e) => {
                bar.suspend(|| eprintln!("error: {source}: not stored: {e}"));
                sum.failed += 1;
            }
        }
    }
    bar.finish_and_clear();
    sum
}

/// `hoptac ingest`.
pub async fn ingest(g: &Global, a: IngestArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let docs = read_inputs(&a.paths, &a.read.options());
    let sum = ingest_docs(&store, &ex, docs, false).await;
    match g.format {
        Format::Table => eprintln!(
            "{} new, {} duplicate, {} near-duplicate, {} failed; {} facts stored in {}",
            sum.new,
            sum.duplicate,
            sum.near_duplicate,
            sum.failed,
            sum.facts,
            store.location()
        ),
        _ => output::print(g.format, &[&sum], |_| output::table(&[]))?,
    }
    store.close().await;
    Ok(if sum.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
