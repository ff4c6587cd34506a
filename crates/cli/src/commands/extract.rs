//! `hoptac extract`: facts out, no store (the evaluation contract).

use super::{extractor, fields, ReadArgs};
use crate::output::{self, clip};
use crate::Global;
use anyhow::Result;
use clap::Args;
use hoptac_ingest::{content_id, read_inputs};
use hoptac_model::Fact;
use hoptac_wire::ExtractRecord;
use std::path::PathBuf;
use std::process::ExitCode;

/// `hoptac extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    /// Also print date facts (not part of the scored contract).
    #[arg(long)]
    dates: bool,
}

/// `hoptac extract`.
pub fn extract(g: &Global, a: ExtractArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let mut failed = 0;
    let mut records = Vec::new();
    for d in read_inputs(&a.paths, &a.read.options()) {
        let raw = match d {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        let analysis = ex.analyze(&raw.text, &raw.meta);
        let facts: Vec<Fact> = analysis
            .facts
            .into_iter()
            .filter(|f| a.dates || f.kind() != "date")
            .collect();
        records.push(ExtractRecord {
            id: content_id(&raw.text),
            source: raw.source,
            lang: raw
                .meta
                .lang
                .or(analysis.lang)
                .map(|l| l.code().to_string()),
            published: raw.meta.published.map(|d| d.to_string()),
            title: raw.meta.title,
            facts,
        });
    }
    output::print(g.format, &records, |rs| {
        let mut t = output::table(&["source", "kind", "span", "text", "fields"]);
        for r in rs {
            for f in &r.facts {
                t.add_row(vec![
                    clip(&r.source, 24),
                    f.kind().to_string(),
                    f.span.to_string(),
                    clip(&f.text, 48),
                    fields(f),
                ]);
            }
        }
        t
    })?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
