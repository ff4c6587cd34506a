//! `hoptac commitments` (list, derived first from the statements stored)
//! and `hoptac commitment set|history ID`.

use super::plan::say;
use super::plan::{parse_day, resolve_change, today, ChangeArgs};
use super::{extractor, open_store};
use crate::output::{self, clip, opt};
use crate::{Format, Global};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use hoptac_tracker::{
    Commitment, CommitmentFilter, CommitmentStatus, Status, SubjectKind, Tracker,
};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CommitmentsArgs {
    /// Only open or in progress.
    #[arg(long)]
    open: bool,
    /// Only overdue: deadline passed, neither fulfilled nor withdrawn.
    #[arg(long)]
    overdue: bool,
    /// Made by this party: a country or group name in either language, an
    /// ISO code or a gazetteer id ("Viet Nam", "Việt Nam", VNM, japan).
    #[arg(long, value_name = "PARTY")]
    by: Option<String>,
    /// Made to this party.
    #[arg(long, value_name = "PARTY")]
    to: Option<String>,
    /// Judge deadlines as of this date (default: today).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<chrono::NaiveDate>,
}

#[derive(Args, Debug)]
pub struct CommitmentArgs {
    #[command(subcommand)]
    cmd: CommitmentCmd,
}

#[derive(Subcommand, Debug)]
enum CommitmentCmd {
    /// Set a commitment's status (open, in_progress, fulfilled, lapsed,
    /// withdrawn) on evidence: a new history entry.
    Set(SetArgs),
    /// Every status change of a commitment.
    History(IdArgs),
}

#[derive(Args, Debug)]
struct SetArgs {
    /// The commitment id (or a unique prefix: c-1a2b).
    id: String,
    /// open, in_progress, fulfilled, lapsed or withdrawn.
    status: String,
    #[command(flatten)]
    change: ChangeArgs,
}

#[derive(Args, Debug)]
struct IdArgs {
    /// The commitment id (or a unique prefix).
    id: String,
}

/// Print commitments: a table with their follow-ups under it, or records.
pub(crate) fn print_commitments(format: Format, cs: &[Commitment]) -> Result<()> {
    output::print(format, cs, |cs| {
        let mut t = output::table(&[
            "id",
            "made",
            "at",
            "by",
            "act",
            "to",
            "what",
            "amount",
            "deadline",
            "status",
            "follow-ups",
        ]);
        for c in cs {
            t.add_row(vec![
                c.id.clone(),
                opt(&c.made_on),
                clip(&opt(&c.meeting), 28),
                format!(
                    "{}{}",
                    opt(&c.speaker),
                    c.party
                        .as_ref()
                        .filter(|p| Some(*p) != c.speaker.as_ref())
                        .map_or(String::new(), |p| format!(" ({p})"))
                ),
                c.act.clone(),
                opt(&c.addressee),
                clip(c.content.as_deref().unwrap_or(&c.quote), 60),
                c.amount.map_or(String::new(), |a| {
                    format!("{a} {}", c.currency.as_deref().unwrap_or(""))
                }),
                opt(&c.deadline),
                if c.overdue {
                    format!("{} OVERDUE", c.status)
                } else {
                    c.status.to_string()
                },
                c.follow_ups
                    .iter()
                    .take(2)
                    .map(|f| {
                        format!(
                            "{} {}: {}",
                            &f.doc[..8],
                            opt(&f.published),
                            clip(&f.reason, 50)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ]);
        }
        t
    })
}

/// `hoptac commitments`.
pub async fn commitments(g: &Global, a: CommitmentsArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let ex = extractor(g)?;
    let t = Tracker::new(&store);
    let derived = t.derive_commitments(ex.gazetteer()).await?;
    let filter = CommitmentFilter {
        open: a.open,
        overdue: a.overdue,
        by: a.by,
        to: a.to,
    };
    let cs = t
        .commitments(ex.gazetteer(), &filter, a.as_of.unwrap_or_else(today))
        .await?;
    store.close().await;
    if g.format == Format::Table && derived.new + derived.merged > 0 {
        eprintln!(
            "derived {} new commitments from the stored statements ({} more reports of known ones)",
            derived.new, derived.merged
        );
    }
    print_commitments(g.format, &cs)?;
    Ok(ExitCode::SUCCESS)
}

/// `hoptac commitment ...`.
pub async fn commitment(g: &Global, a: CommitmentArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let t = Tracker::new(&store);
    let out = match a.cmd {
        CommitmentCmd::Set(s) => {
            let status = CommitmentStatus::parse(&s.status).with_context(|| {
                format!(
                    "bad status {:?}: use one of {}",
                    s.status,
                    CommitmentStatus::names()
                )
            })?;
            let (ev, on) = resolve_change(&t, &s.change).await?;
            let e = t
                .set_commitment_status(
                    &s.id,
                    status,
                    ev.as_ref(),
                    on,
                    &s.change.actor_name(),
                    s.change.note(),
                )
                .await?;
            super::plan::print_history(g.format, &[e])
        }
        CommitmentCmd::History(i) => {
            let id = t.resolve_commitment(&i.id).await?;
            let es = t.history(SubjectKind::Commitment, &id).await?;
            if g.format == Format::Table && es.is_empty() {
                say!("{id}: no change recorded; the commitment is open");
                Ok(())
            } else {
                super::plan::print_history(g.format, &es)
            }
        }
    };
    store.close().await;
    out.map(|_| ExitCode::SUCCESS)
}
