//! `hoptac ingest`: files in, documents and facts stored.

use super::indexer::Indexer;
use super::prepare::{prepare_ahead, prepare_batch, workers, Prepared};
use super::search::open_index;
use super::{extractor, open_store, ReadArgs};
use crate::output::{self, clip};
use crate::{Format, Global};
use anyhow::Result;
use clap::Args;
use hoptac_extract::Extractor;
use hoptac_ingest::{read_inputs, RawDocument};
use hoptac_search::{IndexDoc, SearchIndex};
use hoptac_store::{NewDocument, PutOutcome, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

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
) -> IngestSummary {
    // Small inputs (the samples): each batch prepared on every core, then
    // stored; no thread ahead of the writer.
    let mut sum = IngestSummary::default();
    let index = Indexer::none();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        let chunk: Vec<_> = docs.by_ref().take(BATCH_DOCS).collect();
        let prepared = prepare_batch(ex, chunk, workers());
        for note in store_prepared(store, prepared, &index, &mut sum).await {
            eprintln!("{note}");
        }
    }
    sum
}

/// Ingest, adding each stored document to the search index as it goes.
/// Extraction runs on every core ahead of the writer (`prepare.rs`).
/// An index that fails (another process holds it) is dropped with a note:
/// the documents are stored all the same and the index catches up on the
/// next ingest or search.
pub(crate) async fn ingest_docs_indexed(
    store: &Store,
    ex: Arc<Extractor>,
    docs: Vec<Result<RawDocument, hoptac_ingest::ReadError>>,
    quiet: bool,
    index: &mut Option<SearchIndex>,
) -> Result<IngestSummary> {
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
    let mut batches = prepare_ahead(ex, docs.into_iter(), BATCH_DOCS);
    let indexer = Indexer::start(index.take());
    while let Some(prepared) = batches.next().await {
        bar.inc(prepared.len() as u64);
        if let Some(Ok(d)) = prepared.last() {
            bar.set_message(clip(&d.source, 40));
        }
        for note in store_prepared(store, prepared, &indexer, &mut sum).await {
            bar.suspend(|| eprintln!("{note}"));
        }
    }
    let (ix, notes) = indexer.finish();
    *index = ix;
    bar.finish_and_clear();
    for note in notes {
        eprintln!("{note}");
    }
    batches.finish()?;
    Ok(sum)
}

/// Store a batch as [`prepare_batch`] gives it: read errors reported and
/// counted, the documents stored by [`store_batch`].
pub(crate) async fn store_prepared(
    store: &Store,
    prepared: Vec<Prepared>,
    index: &Indexer,
    sum: &mut IngestSummary,
) -> Vec<String> {
    let mut notes = Vec::new();
    let mut batch = Vec::with_capacity(prepared.len());
    for p in prepared {
        match p {
            Ok(d) => batch.push(d),
            Err(e) => {
                notes.push(format!("error: {e}"));
                sum.failed += 1;
            }
        }
    }
    notes.extend(store_batch(store, &mut batch, index, sum).await);
    notes
}

/// Documents stored per transaction (see `Store::put_documents`).
pub(crate) const BATCH_DOCS: usize = 2048;

/// Store a batch of prepared documents (one transaction, each document
/// whole or not at all) and hand those stored to the index; messages for
/// the user.
pub(crate) async fn store_batch(
    store: &Store,
    docs: &mut Vec<NewDocument>,
    index: &Indexer,
    sum: &mut IngestSummary,
) -> Vec<String> {
    let mut notes = Vec::new();
    if docs.is_empty() {
        return notes;
    }
    let outcomes = match store.put_documents(docs).await {
        Ok(o) => o,
        Err(e) => {
            for d in docs.iter() {
                notes.push(format!("error: {}: not stored: {e}", d.source));
            }
            sum.failed += docs.len();
            docs.clear();
            return notes;
        }
    };
    let mut stored = Vec::with_capacity(docs.len());
    for (doc, outcome) in docs.drain(..).zip(outcomes) {
        let duplicate = match outcome {
            Ok(PutOutcome::New) => {
                sum.new += 1;
                sum.facts += doc.facts.len();
                false
            }
            Ok(PutOutcome::Duplicate) => {
                sum.duplicate += 1;
                continue;
            }
            Ok(PutOutcome::NearDuplicate { of, similarity }) => {
                sum.near_duplicate += 1;
                sum.facts += doc.facts.len();
                notes.push(format!(
                    "note: {}: near-duplicate ({:.0}% alike) of {}",
                    doc.source,
                    similarity * 100.0,
                    &of[..12]
                ));
                true
            }
            Err(e) => {
                sum.failed += 1;
                notes.push(format!("error: {}: not stored: {e}", doc.source));
                continue;
            }
        };
        stored.push((doc, duplicate));
    }
    index.send(stored).await;
    notes
}

/// A stored document as the search index takes it.
pub(crate) fn index_entry(doc: &NewDocument, duplicate: bool) -> IndexDoc<'_> {
    let mut entities: Vec<String> = doc.mentions.iter().map(|m| m.entity.clone()).collect();
    entities.extend(doc.facts.iter().filter_map(|f| f.entity.clone()));
    entities.sort();
    entities.dedup();
    IndexDoc {
        id: &doc.id,
        text: &doc.text,
        title: doc.meta.title.as_deref(),
        lang: doc.meta.lang.map(|l| l.code()),
        published: doc.meta.published.map(|d| d.to_string()),
        duplicate,
        facts: &doc.facts,
        entities,
    }
}

/// `hoptac ingest`.
pub async fn ingest(g: &Global, a: IngestArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let store = open_store(g).await?;
    let docs = read_inputs(&a.paths, &a.read.options());
    let mut index = open_index(g, &ex).map_err(|e| eprintln!("note: {e}")).ok();
    let sum = ingest_docs_indexed(&store, Arc::new(ex), docs, false, &mut index).await?;
    if let Some(mut ix) = index {
        match ix.sync(&store).await {
            Ok(r) => {
                if let Some(why) = r.rebuilt {
                    eprintln!("note: search index rebuilt from the store ({why})");
                }
            }
            Err(e) => eprintln!("note: {e}"),
        }
        if let Err(e) = ix.close() {
            eprintln!("note: {e}");
        }
    }
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
