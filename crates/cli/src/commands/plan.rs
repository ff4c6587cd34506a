//! `hoptac plan ...`: import a plan, show it, set a line's status on
//! evidence, read a line's history, review suggestions, count progress.
//! Also what the tracker commands share: the acting user, dates, printing
//! one JSON object.

use super::{extractor, open_store};
use crate::output::{self, clip, opt};
use crate::{Format, Global};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use hoptac_extract::Extractor;
use hoptac_store::Store;
use hoptac_tracker::{
    parse_plan, parse_statuses, CommitmentFilter, EvidenceSpec, GroupBy, HistoryEntry,
    ImportOptions, LineStatus, Partnership, PlanInfo, Status, SubjectKind, Tracker, TrackerError,
};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `println!` that returns an error on a closed pipe instead of panicking
/// (`main` ends quietly on a broken pipe).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?
    }};
}
pub(crate) use say;

/// The plan bundled for `hoptac demo` (see data/plans/README.md).
pub const DEMO_PLAN: &str = include_str!("../../../../data/plans/asean-japan-2023.csv");
/// Its demo statuses, each backed by a sample article.
pub const DEMO_STATUSES: &str =
    include_str!("../../../../data/plans/asean-japan-2023-statuses.csv");

#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(subcommand)]
    cmd: PlanCmd,
}

#[derive(Subcommand, Debug)]
enum PlanCmd {
    /// Import a plan from CSV (id,text[,text_vi,topics,lead,status,replaces]);
    /// all or nothing. Re-importing the same --plan id makes a new revision.
    Import(ImportArgs),
    /// Show the plans, or one plan's lines with status, since when and evidence.
    Show(ShowPlanArgs),
    /// Set an action line's status on evidence (a new history entry).
    Set(SetArgs),
    /// Every status change of a line: when, who, from, to, evidence, note.
    History(LineArgs),
    /// Lines and open commitments each document may be evidence for;
    /// accept (which sets the status with the document as evidence) or reject.
    Suggest(SuggestArgs),
    /// Counts and rates by status per pillar as of a date, and the totals
    /// reported in the news set against them.
    Progress(ProgressArgs),
}

/// Who is acting: `--as NAME`, else the OS user.
#[derive(Args, Debug, Clone)]
pub struct ActorArgs {
    /// Record the change as made by NAME (default: the OS user).
    #[arg(long = "as", value_name = "NAME")]
    actor: Option<String>,
}

impl ActorArgs {
    pub fn name(&self) -> String {
        if let Some(a) = self
            .actor
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            return a.to_string();
        }
        for v in ["USER", "USERNAME", "LOGNAME"] {
            if let Some(u) = std::env::var(v).ok().filter(|u| !u.trim().is_empty()) {
                return u;
            }
        }
        std::process::Command::new("whoami")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".into())
    }
}

#[derive(Args, Debug)]
struct ImportArgs {
    /// The plan file (CSV with a header).
    file: PathBuf,
    /// The plan's id (default: the file name without extension).
    #[arg(long)]
    plan: Option<String>,
    /// Its title (default: the id).
    #[arg(long)]
    title: Option<String>,
    /// Statuses to record with the import (CSV: line,status[,since,evidence,quote,note]).
    #[arg(long, value_name = "FILE")]
    statuses: Option<PathBuf>,
    /// The partnership it belongs to (an id such as asean-japan).
    #[arg(long)]
    partnership: Option<String>,
    /// The partnership's parties, ';'-separated (e.g. "ASEAN;Japan").
    #[arg(long, requires = "partnership")]
    parties: Option<String>,
    /// The partnership's level (e.g. "Comprehensive Strategic Partnership").
    #[arg(long, requires = "partnership")]
    level: Option<String>,
    /// Since when the partnership has that level (YYYY-MM-DD).
    #[arg(long, requires = "partnership", value_parser = parse_day)]
    level_since: Option<chrono::NaiveDate>,
    /// The gazetteer id of the plan document: reported totals are found in
    /// articles that name it (e.g. ip-2023).
    #[arg(long)]
    entity: Option<String>,
    /// Adoption date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    adopted: Option<chrono::NaiveDate>,
    /// The plan this one succeeds (its lines' `replaces` refer to it).
    #[arg(long)]
    replaces: Option<String>,
    #[command(flatten)]
    actor: ActorArgs,
}

#[derive(Args, Debug)]
struct ShowPlanArgs {
    /// The plan (default: the most recently imported).
    #[arg(long)]
    plan: Option<String>,
    /// Only lines with this status.
    #[arg(long)]
    status: Option<String>,
    /// List the plans instead of one plan's lines.
    #[arg(long)]
    all: bool,
}

#[derive(Args, Debug)]
struct SetArgs {
    /// The action line: ID (1.2) or PLAN/ID.
    line: String,
    /// not_started, ongoing, implemented or discontinued.
    status: String,
    #[command(flatten)]
    change: ChangeArgs,
    /// The plan (default: the most recently imported).
    #[arg(long)]
    plan: Option<String>,
}

/// What every status change takes.
#[derive(Args, Debug)]
pub struct ChangeArgs {
    /// DOC[:START-END] (a document id or prefix, byte span), fact:ID, a URL
    /// (a stored document's, or external) or ref:TEXT.
    #[arg(long)]
    evidence: Option<String>,
    /// With a document and no span: the text the span is found by.
    #[arg(long)]
    quote: Option<String>,
    /// Why, in words.
    #[arg(long)]
    note: Option<String>,
    /// Since when the status holds (default: the evidence document's
    /// publication date, else today).
    #[arg(long, value_parser = parse_day)]
    on: Option<chrono::NaiveDate>,
    #[command(flatten)]
    actor: ActorArgs,
}

impl ChangeArgs {
    pub(crate) fn actor_name(&self) -> String {
        self.actor.name()
    }

    pub(crate) fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

#[derive(Args, Debug)]
struct LineArgs {
    /// The action line: ID or PLAN/ID.
    line: String,
    /// The plan (default: the most recently imported).
    #[arg(long)]
    plan: Option<String>,
}

#[derive(Args, Debug)]
struct SuggestArgs {
    /// Only this document (id or prefix); default: every document.
    doc: Option<String>,
    /// The plan (default: the most recently imported).
    #[arg(long)]
    plan: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 30)]
    limit: usize,
    /// Accept suggestion N of this listing: sets --status on its line or
    /// commitment with the document's sentence as evidence.
    #[arg(long, value_name = "N", requires = "status", conflicts_with = "reject")]
    accept: Option<usize>,
    /// The status to set when accepting.
    #[arg(long)]
    status: Option<String>,
    /// Reject suggestion N: it is not proposed again.
    #[arg(long, value_name = "N")]
    reject: Option<usize>,
    /// A note for the accepted change.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    actor: ActorArgs,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum By {
    Pillar,
    Section,
    Plan,
}

#[derive(Args, Debug)]
struct ProgressArgs {
    /// Count as of this date (default: today).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<chrono::NaiveDate>,
    /// Group by pillar, by section (the line's parent) or not at all.
    #[arg(long, value_enum, default_value_t = By::Pillar)]
    by: By,
    /// The plan (default: the most recently imported).
    #[arg(long)]
    plan: Option<String>,
}

pub(crate) fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2025-10-26"))
}

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Print one value: JSON as is, JSON Lines as one line.
pub(crate) fn print_one<T: Serialize>(format: Format, v: &T) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Jsonl => serde_json::to_writer(&mut out, v)?,
        _ => serde_json::to_writer_pretty(&mut out, v)?,
    }
    writeln!(out)?;
    Ok(())
}

/// `hoptac plan ...`.
pub async fn plan(g: &Global, a: PlanArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let out = match a.cmd {
        PlanCmd::Import(x) => import(g, &store, x).await,
        PlanCmd::Show(x) => show(g, &store, x).await,
        PlanCmd::Set(x) => set(g, &store, x).await,
        PlanCmd::History(x) => history(g, &store, x).await,
        PlanCmd::Suggest(x) => suggest(g, &store, x).await,
        PlanCmd::Progress(x) => progress(g, &store, x).await,
    };
    store.close().await;
    out
}

/// A tracker error in a file: print every line of it, exit 1.
fn file_errors(e: TrackerError) -> Result<ExitCode> {
    match e {
        TrackerError::File(errs) => {
            for e in &errs {
                eprintln!("error: {e}");
            }
            eprintln!("nothing was imported");
            Ok(ExitCode::from(1))
        }
        other => Err(other.into()),
    }
}

async fn import(g: &Global, store: &Store, a: ImportArgs) -> Result<ExitCode> {
    let name = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file).with_context(|| format!("cannot read {name}"))?;
    let plan = match parse_plan(&name, &text) {
        Ok(p) => p,
        Err(errs) => return file_errors(TrackerError::File(errs)),
    };
    let statuses = match &a.statuses {
        None => None,
        Some(f) => {
            let sname = f.display().to_string();
            let stext =
                std::fs::read_to_string(f).with_context(|| format!("cannot read {sname}"))?;
            match parse_statuses(&sname, &stext, &plan) {
                Ok(s) => Some(s),
                Err(errs) => return file_errors(TrackerError::File(errs)),
            }
        }
    };
    let id = a.plan.clone().unwrap_or_else(|| {
        a.file
            .file_stem()
            .map_or("plan".into(), |s| s.to_string_lossy().into_owned())
    });
    let opts = ImportOptions {
        title: a.title.clone().unwrap_or_else(|| id.clone()),
        plan: id,
        partnership: a.partnership.as_ref().map(|p| Partnership {
            id: p.clone(),
            name: p.clone(),
            parties: a.parties.clone().unwrap_or_default(),
            level: a.level.clone(),
            since: a.level_since.map(|d| d.to_string()),
        }),
        entity: a.entity.clone(),
        adopted: a.adopted.map(|d| d.to_string()),
        replaces: a.replaces.clone(),
        actor: a.actor.name(),
        today: today(),
    };
    let report = match Tracker::new(store)
        .import_plan(&plan, statuses.as_ref(), &opts)
        .await
    {
        Ok(r) => r,
        Err(e) => return file_errors(e),
    };
    if g.format == Format::Table {
        say!(
            "plan {} revision {}: {} action lines; {} lines added, {} updated, {} unchanged, {} retired; {} status changes recorded",
            report.plan,
            report.revision,
            report.action_lines,
            report.added,
            report.updated,
            report.unchanged,
            report.retired,
            report.statuses
        );
        if !report.ignored_columns.is_empty() {
            say!("columns not read: {}", report.ignored_columns.join(", "));
        }
    } else {
        print_one(g.format, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn show(g: &Global, store: &Store, a: ShowPlanArgs) -> Result<ExitCode> {
    let t = Tracker::new(store);
    if a.all {
        let plans = t.plans().await?;
        if g.format == Format::Table {
            for p in t.partnerships().await? {
                say!(
                    "partnership {}: {}{}{}",
                    p.id,
                    p.parties.replace(';', ", "),
                    p.level
                        .as_ref()
                        .map_or(String::new(), |l| format!(" — {l}")),
                    p.since
                        .as_ref()
                        .map_or(String::new(), |s| format!(" since {s}"))
                );
            }
        }
        output::print(g.format, &plans, |ps| {
            let mut tb = output::table(&[
                "plan",
                "title",
                "revision",
                "action lines",
                "adopted",
                "replaces",
                "imported",
            ]);
            for p in ps {
                tb.add_row(vec![
                    p.id.clone(),
                    clip(&p.title, 50),
                    p.revision.to_string(),
                    p.action_lines.to_string(),
                    opt(&p.adopted),
                    opt(&p.replaces),
                    format!("{} by {}", &p.imported_at[..10], p.imported_by),
                ]);
            }
            tb
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let p = t.plan(a.plan.as_deref()).await?;
    let only = match &a.status {
        Some(s) => Some(
            LineStatus::parse(s)
                .with_context(|| format!("bad status {s:?}: use one of {}", LineStatus::names()))?,
        ),
        None => None,
    };
    let mut lines = t.lines(&p.id).await?;
    if let Some(st) = only {
        lines.retain(|l| l.action && l.status == st);
    }
    if g.format == Format::Table {
        say!(
            "{} — {} (revision {}, {} action lines{})",
            p.id,
            p.title,
            p.revision,
            p.action_lines,
            p.partnership
                .as_ref()
                .map_or(String::new(), |x| format!(", partnership {x}"))
        );
    }
    output::print(g.format, &lines, |ls| {
        let mut tb = output::table(&["line", "text", "status", "since", "evidence"]);
        for l in ls {
            let indent = "  ".repeat(l.depth.saturating_sub(1) as usize);
            tb.add_row(vec![
                l.id.clone(),
                format!(
                    "{indent}{}{}",
                    clip(&l.text, 70),
                    if l.retired { " (retired)" } else { "" }
                ),
                if l.action {
                    l.status.to_string()
                } else {
                    String::new()
                },
                if l.action {
                    opt(&l.since)
                } else {
                    String::new()
                },
                l.evidence
                    .as_ref()
                    .map_or(String::new(), |e| clip(&e.short(), 60)),
            ]);
        }
        tb
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `ID` or `PLAN/ID`, and the plan it is in.
async fn locate_line(
    t: &Tracker<'_>,
    line: &str,
    plan: Option<&str>,
) -> Result<(PlanInfo, String)> {
    match line.split_once('/') {
        Some((p, l)) => Ok((t.plan(Some(p)).await?, l.to_string())),
        None => Ok((t.plan(plan).await?, line.to_string())),
    }
}

/// Resolve `--evidence`/`--quote` and the date the change holds from.
pub(crate) async fn resolve_change(
    t: &Tracker<'_>,
    c: &ChangeArgs,
) -> Result<(Option<hoptac_tracker::Evidence>, chrono::NaiveDate)> {
    if c.evidence.is_none() && c.note.is_none() {
        bail!("give --evidence (DOC[:START-END], fact:ID, a URL or ref:TEXT) or at least a --note");
    }
    if c.quote.is_some() && c.evidence.is_none() {
        bail!("--quote finds a span in the --evidence document: give --evidence too");
    }
    let (ev, date) = match &c.evidence {
        Some(e) => {
            let spec = EvidenceSpec::parse(e)?;
            let (ev, d) = t.resolve_evidence(&spec, c.quote.as_deref()).await?;
            (Some(ev), d)
        }
        None => (None, None),
    };
    Ok((ev, c.on.or(date).unwrap_or_else(today)))
}

pub(crate) fn print_history(format: Format, entries: &[HistoryEntry]) -> Result<()> {
    output::print(format, entries, |es| {
        let mut tb = output::table(&[
            "#",
            "since",
            "recorded",
            "by",
            "from → to",
            "evidence",
            "note",
        ]);
        for e in es {
            tb.add_row(vec![
                e.seq.to_string(),
                e.effective.clone(),
                e.recorded_at
                    .get(..16)
                    .unwrap_or(&e.recorded_at)
                    .replace('T', " "),
                e.actor.clone(),
                format!("{} → {}", opt(&e.from), e.to),
                e.evidence
                    .as_ref()
                    .map_or(String::new(), |x| clip(&x.short(), 70)),
                opt(&e.note),
            ]);
        }
        tb
    })
}

async fn set(g: &Global, store: &Store, a: SetArgs) -> Result<ExitCode> {
    let t = Tracker::new(store);
    let (p, line) = locate_line(&t, &a.line, a.plan.as_deref()).await?;
    let status = LineStatus::parse(&a.status).with_context(|| {
        format!(
            "bad status {:?}: use one of {}",
            a.status,
            LineStatus::names()
        )
    })?;
    let (ev, on) = resolve_change(&t, &a.change).await?;
    let entry = t
        .set_line_status(
            &p.id,
            &line,
            status,
            ev.as_ref(),
            on,
            &a.change.actor.name(),
            a.change.note.as_deref(),
        )
        .await?;
    print_history(g.format, &[entry])?;
    Ok(ExitCode::SUCCESS)
}

async fn history(g: &Global, store: &Store, a: LineArgs) -> Result<ExitCode> {
    let t = Tracker::new(store);
    let (p, line) = locate_line(&t, &a.line, a.plan.as_deref()).await?;
    if !t.lines(&p.id).await?.iter().any(|l| l.id == line) {
        bail!(
            "there is no line {line} in plan {} (hoptac plan show lists them)",
            p.id
        );
    }
    let entries = t
        .history(SubjectKind::Line, &format!("{}/{line}", p.id))
        .await?;
    if g.format == Format::Table && entries.is_empty() {
        say!(
            "{}/{line}: no change recorded; the line is not_started",
            p.id
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_history(g.format, &entries)?;
    Ok(ExitCode::SUCCESS)
}

async fn suggest(g: &Global, store: &Store, a: SuggestArgs) -> Result<ExitCode> {
    let ex = extractor(g)?;
    let gaz = ex.gazetteer();
    let t = Tracker::new(store);
    t.derive_commitments(gaz).await?;
    let plan = match t.plan(a.plan.as_deref()).await {
        Ok(p) => Some(p),
        Err(TrackerError::NotFound(_)) if a.plan.is_none() => None,
        Err(e) => return Err(e.into()),
    };
    let mut all = t.suggest(gaz, plan.as_ref(), a.doc.as_deref()).await?;
    let pick = a.accept.or(a.reject);
    if let Some(n) = pick {
        let Some(s) = all.iter().find(|s| s.n == n) else {
            bail!(
                "there is no suggestion {n} (this listing has {}): run `hoptac plan suggest{}` to see them",
                all.len(),
                a.doc.as_deref().map_or(String::new(), |d| format!(" {d}"))
            );
        };
        let actor = a.actor.name();
        if a.reject.is_some() {
            t.decide(s, false, &actor).await?;
            say!(
                "rejected: {} is not evidence for {}",
                &s.doc[..12],
                s.target
            );
            return Ok(ExitCode::SUCCESS);
        }
        let st = a.status.as_deref().unwrap_or_default();
        let entry = t.accept(s, st, &actor, a.note.as_deref()).await?;
        print_history(g.format, &[entry])?;
        return Ok(ExitCode::SUCCESS);
    }
    all.truncate(a.limit);
    output::print(g.format, &all, |ss| {
        let mut tb = output::table(&[
            "#",
            "document",
            "for",
            "now",
            "score",
            "why",
            "sentence to cite",
        ]);
        for s in ss {
            tb.add_row(vec![
                s.n.to_string(),
                format!(
                    "{} {}",
                    &s.doc[..8],
                    clip(s.title.as_deref().unwrap_or(""), 30)
                ),
                format!("{} {}", s.target, clip(&s.target_text, 40)),
                s.status.clone(),
                format!("{:.1}", s.score),
                clip(&s.reason, 60),
                s.span.map_or(String::new(), |sp| {
                    format!("{sp} {}", clip(s.quote.as_deref().unwrap_or(""), 50))
                }),
            ]);
        }
        tb
    })?;
    if g.format == Format::Table {
        if all.is_empty() {
            say!("no suggestions");
        } else {
            say!(
                "accept: hoptac plan suggest{} --accept N --status STATUS   reject: --reject N",
                a.doc.as_deref().map_or(String::new(), |d| format!(" {d}"))
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ProgressOut {
    #[serde(flatten)]
    progress: hoptac_tracker::Progress,
    reported: Vec<hoptac_tracker::RatioCheck>,
}

async fn progress(g: &Global, store: &Store, a: ProgressArgs) -> Result<ExitCode> {
    let t = Tracker::new(store);
    let p = t.plan(a.plan.as_deref()).await?;
    let by = match a.by {
        By::Pillar => GroupBy::Pillar,
        By::Section => GroupBy::Section,
        By::Plan => GroupBy::Plan,
    };
    let progress = t.progress(&p.id, a.as_of.unwrap_or_else(today), by).await?;
    let reported = t.ratio_checks(&p).await?;
    if g.format != Format::Table {
        print_one(g.format, &ProgressOut { progress, reported })?;
        return Ok(ExitCode::SUCCESS);
    }
    print_progress(&p, &progress, &reported)?;
    Ok(ExitCode::SUCCESS)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn print_progress(
    p: &PlanInfo,
    progress: &hoptac_tracker::Progress,
    reported: &[hoptac_tracker::RatioCheck],
) -> Result<()> {
    let mut tb = output::table(&[
        "group",
        "title",
        "lines",
        "not started",
        "ongoing",
        "implemented",
        "discontinued",
        "implemented %",
        "impl. or ongoing %",
    ]);
    // Grouped by plan, the one group is the total: print it once.
    let total = (progress.rows.len() != 1 || progress.rows[0].group != progress.total.group)
        .then_some(&progress.total);
    for r in progress.rows.iter().chain(total) {
        tb.add_row(vec![
            r.group.clone(),
            clip(&r.title, 40),
            r.total.to_string(),
            r.not_started.to_string(),
            r.ongoing.to_string(),
            r.implemented.to_string(),
            r.discontinued.to_string(),
            pct(r.implemented_rate),
            pct(r.active_rate),
        ]);
    }
    say!("PROGRESS of {} as of {}\n{tb}", p.id, progress.as_of);
    if !reported.is_empty() {
        let mut tb = output::table(&["date", "document", "reported", "counts", "tracker", "check"]);
        for r in reported {
            tb.add_row(vec![
                r.date.clone(),
                format!(
                    "{} {}",
                    &r.doc[..8],
                    clip(r.title.as_deref().unwrap_or(""), 30)
                ),
                format!("{}/{} \"{}\"", r.reported, r.reported_total, r.quote),
                r.counts.clone(),
                format!("{}/{}", r.tracker, r.tracker_total),
                if r.agrees {
                    "agrees".to_string()
                } else {
                    format!("DISAGREES: {}", r.note)
                },
            ]);
        }
        say!("\nTOTALS REPORTED IN THE NEWS, against the tracker on the same date\n{tb}");
    }
    Ok(())
}

/// The tracker's part of `hoptac demo`: import the bundled plan with its
/// demo statuses, show progress by pillar on two dates and the reported
/// totals against it, and the open commitments with their follow-ups.
pub async fn demo_section(store: &Store, ex: &Extractor) -> Result<()> {
    let t = Tracker::new(store);
    let plan =
        parse_plan("data/plans/asean-japan-2023.csv", DEMO_PLAN).map_err(TrackerError::File)?;
    let statuses = parse_statuses(
        "data/plans/asean-japan-2023-statuses.csv",
        DEMO_STATUSES,
        &plan,
    )
    .map_err(TrackerError::File)?;
    let opts = ImportOptions {
        plan: "asean-japan-2023".into(),
        title: "Implementation Plan of the Joint Vision Statement on ASEAN-Japan Friendship and Cooperation (skeleton)".into(),
        partnership: Some(Partnership {
            id: "asean-japan".into(),
            name: "ASEAN-Japan".into(),
            parties: "ASEAN;Japan".into(),
            level: Some("Comprehensive Strategic Partnership".into()),
            since: Some("2023-09-06".into()),
        }),
        entity: Some("ip-2023".into()),
        adopted: Some("2023-12-17".into()),
        replaces: None,
        actor: "hoptac-demo".into(),
        today: today(),
    };
    let report = t.import_plan(&plan, Some(&statuses), &opts).await?;
    say!(
        "PLAN: imported {} ({} action lines in 3 pillars) with {} demo statuses, each backed by a sample article\n",
        report.plan, report.action_lines, report.statuses
    );
    let p = t.plan(Some("asean-japan-2023")).await?;
    let reported = t.ratio_checks(&p).await?;
    for d in ["2024-06-30", "2025-10-31"] {
        let day = parse_day(d).map_err(anyhow::Error::msg)?;
        let progress = t.progress(&p.id, day, GroupBy::Pillar).await?;
        let here: Vec<_> = if d == "2025-10-31" {
            reported.clone()
        } else {
            vec![]
        };
        print_progress(&p, &progress, &here)?;
        say!();
    }
    let gaz = ex.gazetteer();
    let derived = t.derive_commitments(gaz).await?;
    let open = t
        .commitments(
            gaz,
            &CommitmentFilter {
                open: true,
                ..Default::default()
            },
            today(),
        )
        .await?;
    say!(
        "COMMITMENTS derived from statements: {} ({} more reports merged into them); open:",
        derived.new,
        derived.merged
    );
    super::commitments::print_commitments(Format::Table, &open)?;
    say!(
        "\nTracker: hoptac plan show | plan history 2.3 | plan suggest | plan progress --as-of 2024-06-30 | commitments --by \"Viet Nam\" | changes --since 2025-01-01"
    );
    Ok(())
}
