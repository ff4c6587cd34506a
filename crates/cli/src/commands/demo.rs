//! `hoptac demo`: the tour on a fresh embedded store.

use super::partnership::{figures_table, meetings_table};
use super::{data_dir, extractor, ingest::ingest_docs, SAMPLES};
use crate::output::{self, clip, opt};
use crate::Global;
use anyhow::{bail, Context, Result};
use clap::Args;
use hoptac_ingest::ReadOptions;
use hoptac_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to build the demo store (a SQLite file, recreated).
    /// Default: $XDG_DATA_HOME/hoptac/demo.db.
    #[arg(long, value_name = "FILE")]
    store: Option<PathBuf>,
    /// After the tour, serve the dashboard on the demo store (with an
    /// analyst token for the review queue) until Ctrl-C.
    #[arg(long)]
    serve: bool,
    /// Where --serve listens.
    #[arg(
        long,
        default_value = "127.0.0.1:8080",
        value_name = "HOST:PORT",
        requires = "serve"
    )]
    addr: String,
}

/// `hoptac demo`.
pub async fn demo(g: &Global, a: DemoArgs) -> Result<ExitCode> {
    if SAMPLES.is_empty() {
        bail!("this build has no sample articles (data/samples was empty when it was built)");
    }
    let path = a.store.unwrap_or_else(|| data_dir().join("demo.db"));
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p)
                .with_context(|| format!("cannot remove the old demo store {}", p.display()))?;
        }
    }
    let location = path.to_string_lossy().into_owned();
    let store = Store::open(&location).await?;
    let ex = extractor(g)?;
    let opts = ReadOptions::default();
    let mut docs = Vec::new();
    for (name, bytes) in SAMPLES {
        let fmt = hoptac_ingest::Format::from_path(std::path::Path::new(name))
            .unwrap_or(hoptac_ingest::Format::Text);
        docs.extend(hoptac_ingest::parse_bytes(
            &format!("samples/{name}"),
            bytes,
            fmt,
            &opts,
        ));
    }
    println!(
        "hoptac demo: ingesting {} bundled sample articles into a fresh store at {location}\n",
        SAMPLES.len()
    );
    let sum = ingest_docs(&store, &ex, docs).await;
    println!(
        "{} documents stored ({} near-duplicates linked to their original), {} duplicates skipped, {} failed; {} facts.\n",
        sum.new + sum.near_duplicate,
        sum.near_duplicate,
        sum.duplicate,
        sum.failed,
        sum.facts
    );
    let list = store.documents(100, 0).await?;
    let mut t = output::table(&[
        "id",
        "published",
        "lang",
        "facts",
        "title",
        "near-duplicate of",
    ]);
    for d in &list {
        t.add_row(vec![
            d.id[..8].to_string(),
            opt(&d.published),
            opt(&d.lang),
            d.facts.to_string(),
            clip(d.title.as_deref().unwrap_or(&d.source), 56),
            d.duplicate_of
                .as_deref()
                .map_or(String::new(), |x| x[..8].to_string()),
        ]);
    }
    println!("DOCUMENTS\n{t}\n");
    let meetings = store.meetings().await?;
    println!(
        "MEETINGS (one row per meeting, however many articles and languages report it)\n{}\n",
        meetings_table(&meetings, false)
    );
    let figures = store.figures().await?;
    println!(
        "FIGURES (one data point per indicator and year; sources that disagree are flagged)\n{}\n",
        figures_table(&figures)
    );
    let ents = store.entities().await?;
    let mut et = output::table(&["entity", "docs", "surface forms seen (vi and en)"]);
    let mut top: Vec<_> = ents
        .iter()
        .filter(|e| !matches!(e.entity.kind.as_str(), "country" | "place" | "organisation"))
        .collect();
    top.sort_by_key(|e| std::cmp::Reverse((e.documents, e.surfaces.len())));
    for e in top.iter().take(12) {
        et.add_row(vec![
            clip(&opt(&e.entity.name_en), 44),
            e.documents.to_string(),
            clip(&e.surfaces.join(" | "), 90),
        ]);
    }
    println!("ENTITIES resolved across documents and languages (top 12)\n{et}\n");
    // The partnership tracker on the same store (crates/tracker).
    super::plan::demo_section(&store, &ex).await?;
    println!(
        "Next: HOPTAC_DB={location} hoptac documents | show ID | entities | meetings | figures"
    );
    if a.serve {
        let (token, _) = hoptac_server::auth::create_token(
            &store,
            "demo analyst",
            hoptac_server::auth::Role::Analyst,
        )
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
        println!(
            "\nSERVE: the dashboard on this store. To review suggestions, log in with the demo's analyst token:\n  {token}\n"
        );
        super::serve::run(store, ex, &a.addr, false, 8).await?;
        return Ok(if sum.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    println!(
        "Or see it in a browser: hoptac demo --serve (the dashboard at http://127.0.0.1:8080/)"
    );
    store.close().await;
    Ok(if sum.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
