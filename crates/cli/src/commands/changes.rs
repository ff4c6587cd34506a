//! `hoptac changes --since DATE`: what changed since the last report.

use super::plan::say;
use super::plan::{parse_day, print_history, print_one};
use super::{extractor, open_store};
use crate::output::{self, opt};
use crate::{Format, Global};
use anyhow::Result;
use clap::Args;
use hoptac_tracker::Tracker;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ChangesArgs {
    /// Since this date (YYYY-MM-DD): status changes effective or recorded
    /// since, commitments made since, meetings held since.
    #[arg(long, value_parser = parse_day)]
    since: chrono::NaiveDate,
}

/// `hoptac changes`.
pub async fn changes(g: &Global, a: ChangesArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let ex = extractor(g)?;
    let t = Tracker::new(&store);
    t.derive_commitments(ex.gazetteer()).await?;
    let c = t.changes(ex.gazetteer(), a.since).await?;
    store.close().await;
    match g.format {
        Format::Json => print_one(g.format, &c)?,
        Format::Jsonl => {
            for s in &c.statuses {
                print_one(
                    g.format,
                    &serde_json::json!({"change": "status", "entry": s}),
                )?;
            }
            for x in &c.commitments {
                print_one(
                    g.format,
                    &serde_json::json!({"change": "commitment", "commitment": x}),
                )?;
            }
            for m in &c.meetings {
                print_one(
                    g.format,
                    &serde_json::json!({"change": "meeting", "meeting": m}),
                )?;
            }
        }
        Format::Table => {
            say!(
                "CHANGES since {}\n\nSTATUSES ({})",
                c.since,
                c.statuses.len()
            );
            if !c.statuses.is_empty() {
                print_history(g.format, &c.statuses)?;
            }
            say!("\nNEW COMMITMENTS ({})", c.commitments.len());
            if !c.commitments.is_empty() {
                super::commitments::print_commitments(g.format, &c.commitments)?;
            }
            say!("\nNEW MEETINGS ({})", c.meetings.len());
            if !c.meetings.is_empty() {
                output::print(g.format, &c.meetings, |ms| {
                    let mut t = output::table(&["meeting", "date", "place", "documents"]);
                    for m in ms {
                        t.add_row(vec![
                            m.name.clone(),
                            opt(&m.date),
                            opt(&m.place),
                            m.documents.len().to_string(),
                        ]);
                    }
                    t
                })?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
