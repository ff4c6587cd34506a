//! The tracker's statements on the store. Every statement is written once
//! for SQLite and PostgreSQL (`$n` placeholders, `ON CONFLICT`); writes go
//! through [`Store::begin_write`] (`BEGIN IMMEDIATE` on SQLite).
//!
//! sqlx's `Any` driver mis-encodes a NULL float or integer for PostgreSQL
//! on a cached statement (see `hoptac_store`): optional numbers are bound
//! as -1 and turned back into NULL with `NULLIF`.

use crate::derive::{commitment_id, deadline_end, deadline_in, is_commitment_act, is_currency};
use crate::evidence::{check_span, find_quote, Evidence, EvidenceSpec};
use crate::planfile::{PlanFile, StatusFile};
use crate::status::{CommitmentStatus, LineStatus, Status};
use crate::suggest::{self, best_sentence, EntityNames, Match, Profile};
use crate::{Result, TrackerError};
use chrono::NaiveDate;
use hoptac_extract::Gazetteer;
use hoptac_model::{Fact, FactBody};
use hoptac_store::{Store, StoreError};
use hoptac_text::{fold, name_key, sentences, Span};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The tracker over a store.
#[derive(Debug, Clone, Copy)]
pub struct Tracker<'a> {
    store: &'a Store,
}

/// What a history entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    /// An action line (`PLAN/LINE`).
    Line,
    /// A commitment (its id).
    Commitment,
}

impl SubjectKind {
    fn name(self) -> &'static str {
        match self {
            SubjectKind::Line => "line",
            SubjectKind::Commitment => "commitment",
        }
    }
}

/// A partnership, as given at import.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Partnership {
    /// Id, e.g. `asean-japan`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The parties, `;`-separated.
    pub parties: String,
    /// Level, e.g. Comprehensive Strategic Partnership.
    pub level: Option<String>,
    /// Since when (YYYY-MM-DD).
    pub since: Option<String>,
}

/// How to import a plan file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The plan's id (re-importing the same id makes a new revision).
    pub plan: String,
    /// Its title.
    pub title: String,
    /// The partnership it belongs to.
    pub partnership: Option<Partnership>,
    /// The gazetteer id of the plan document (ratio facts are matched by it).
    pub entity: Option<String>,
    /// Adoption date.
    pub adopted: Option<String>,
    /// The plan it succeeds.
    pub replaces: Option<String>,
    /// Who imports.
    pub actor: String,
    /// The date statuses without one take.
    pub today: NaiveDate,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// The plan.
    pub plan: String,
    /// Its revision after the import.
    pub revision: i64,
    /// Lines new in this revision.
    pub added: usize,
    /// Lines whose text or attributes changed.
    pub updated: usize,
    /// Lines unchanged.
    pub unchanged: usize,
    /// Lines in the store but not in the file: kept, marked retired.
    pub retired: usize,
    /// Action lines.
    pub action_lines: usize,
    /// Status changes recorded (from the plan's status column and the status file).
    pub statuses: usize,
    /// Columns of the file that were not read.
    pub ignored_columns: Vec<String>,
}

/// A plan as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanInfo {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Partnership id.
    pub partnership: Option<String>,
    /// Gazetteer id of the plan document.
    pub entity: Option<String>,
    /// Adoption date.
    pub adopted: Option<String>,
    /// The plan it succeeds.
    pub replaces: Option<String>,
    /// Revision.
    pub revision: i64,
    /// The file it came from.
    pub source: String,
    /// When imported.
    pub imported_at: String,
    /// By whom.
    pub imported_by: String,
    /// Number of action lines (not retired).
    pub action_lines: i64,
}

/// A line of a plan with its current status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The plan.
    pub plan: String,
    /// Dotted id.
    pub id: String,
    /// Parent id.
    pub parent: Option<String>,
    /// 1 for a pillar.
    pub depth: i64,
    /// True for an action line.
    pub action: bool,
    /// English text.
    pub text: String,
    /// Vietnamese text.
    pub text_vi: Option<String>,
    /// Topics.
    pub topics: Vec<String>,
    /// Who leads it.
    pub lead: Option<String>,
    /// The earlier line it carries on.
    pub replaces: Option<String>,
    /// Dropped by a later revision.
    pub retired: bool,
    /// Current status (action lines).
    pub status: LineStatus,
    /// Since when it has had that status (entries repeating the same
    /// status with more evidence do not move it).
    pub since: Option<String>,
    /// The evidence of that entry.
    pub evidence: Option<Evidence>,
}

/// One entry of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Line or commitment.
    pub subject_kind: SubjectKind,
    /// `PLAN/LINE` or the commitment id.
    pub subject: String,
    /// 1, 2, ... per subject, in the order written.
    pub seq: i64,
    /// When written (RFC 3339).
    pub recorded_at: String,
    /// Since when the status holds (YYYY-MM-DD).
    pub effective: String,
    /// Who.
    pub actor: String,
    /// The status before (as of the effective date).
    pub from: Option<String>,
    /// The status set.
    pub to: String,
    /// On what evidence.
    pub evidence: Option<Evidence>,
    /// Why, in words.
    pub note: Option<String>,
}

/// How to group progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// By pillar (the first number of the id).
    Pillar,
    /// By the line's parent.
    Section,
    /// One row for the plan.
    Plan,
}

/// Counts of one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProgressRow {
    /// Group id (pillar or section id, or the plan id).
    pub group: String,
    /// Its title.
    pub title: String,
    /// Action lines.
    pub total: usize,
    /// Not started.
    pub not_started: usize,
    /// Ongoing.
    pub ongoing: usize,
    /// Implemented.
    pub implemented: usize,
    /// Discontinued.
    pub discontinued: usize,
    /// implemented / total.
    pub implemented_rate: f64,
    /// (implemented + ongoing) / total: what reports call "implemented or
    /// being implemented".
    pub active_rate: f64,
}

impl ProgressRow {
    fn add(&mut self, s: LineStatus) {
        self.total += 1;
        match s {
            LineStatus::NotStarted => self.not_started += 1,
            LineStatus::Ongoing => self.ongoing += 1,
            LineStatus::Implemented => self.implemented += 1,
            LineStatus::Discontinued => self.discontinued += 1,
        }
        let t = self.total as f64;
        self.implemented_rate = self.implemented as f64 / t;
        self.active_rate = (self.implemented + self.ongoing) as f64 / t;
    }
}

/// Progress of a plan as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The plan.
    pub plan: String,
    /// The date.
    pub as_of: String,
    /// One row per group.
    pub rows: Vec<ProgressRow>,
    /// The whole plan.
    pub total: ProgressRow,
}

/// A reported total found in the news, set against the tracker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioCheck {
    /// The document.
    pub doc: String,
    /// Its title.
    pub title: Option<String>,
    /// The date the count is compared at (publication date).
    pub date: String,
    /// The ratio as written.
    pub quote: String,
    /// Its span.
    pub span: Span,
    /// Reported count.
    pub reported: u64,
    /// Reported total.
    pub reported_total: u64,
    /// What the report counts: `implemented` or `implemented or ongoing`.
    pub counts: String,
    /// The tracker's count on that date.
    pub tracker: usize,
    /// The tracker's total of action lines.
    pub tracker_total: usize,
    /// Both numbers agree.
    pub agrees: bool,
    /// What disagrees, in words.
    pub note: String,
}

/// A commitment with its status and follow-ups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    /// Stable id.
    pub id: String,
    /// The first report.
    pub doc: String,
    /// Its span.
    pub span: Span,
    /// The statement as written.
    pub quote: String,
    /// Who made it.
    pub speaker: Option<String>,
    /// The speaker's country or group.
    pub party: Option<String>,
    /// propose, request, expect, commit.
    pub act: String,
    /// To whom.
    pub addressee: Option<String>,
    /// What.
    pub content: Option<String>,
    /// Entities the statement names.
    pub entities: Vec<String>,
    /// The meeting it was made at.
    pub meeting: Option<String>,
    /// The meeting's entity id.
    pub meeting_entity: Option<String>,
    /// When it was made.
    pub made_on: Option<String>,
    /// Amount, if a money figure is in the same sentence.
    pub amount: Option<f64>,
    /// Its currency.
    pub currency: Option<String>,
    /// Deadline (YYYY, YYYY-MM or YYYY-MM-DD).
    pub deadline: Option<String>,
    /// Current status.
    pub status: CommitmentStatus,
    /// Deadline passed (as of the date asked) and neither fulfilled nor withdrawn.
    pub overdue: bool,
    /// Every report of it: (document, span).
    pub sources: Vec<(String, Span)>,
    /// Later documents about the same things.
    pub follow_ups: Vec<FollowUp>,
}

/// A later document proposed as a follow-up of a commitment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    /// The document.
    pub doc: String,
    /// Published.
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Score.
    pub score: f64,
    /// Why.
    pub reason: String,
    /// The sentence that says it.
    pub span: Option<Span>,
}

/// Which commitments to list.
#[derive(Debug, Clone, Default)]
pub struct CommitmentFilter {
    /// Only open or in progress.
    pub open: bool,
    /// Only overdue.
    pub overdue: bool,
    /// Made by this party (a name, or a gazetteer id).
    pub by: Option<String>,
    /// Made to this party.
    pub to: Option<String>,
}

/// What a derivation run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeriveReport {
    /// New commitments.
    pub new: usize,
    /// Statements recognised as another report of a known commitment.
    pub merged: usize,
    /// Statements already derived (skipped).
    pub known: usize,
}

/// A proposed link from a document to a line or commitment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// 1-based number in the listing (`--accept N`).
    pub n: usize,
    /// The document.
    pub doc: String,
    /// Its title.
    pub title: Option<String>,
    /// Line or commitment.
    pub target_kind: SubjectKind,
    /// `PLAN/LINE` or the commitment id.
    pub target: String,
    /// The line's text or the commitment's statement.
    pub target_text: String,
    /// The target's current status.
    pub status: String,
    /// Score.
    pub score: f64,
    /// Why.
    pub reason: String,
    /// The sentence to cite.
    pub span: Option<Span>,
    /// Its text.
    pub quote: Option<String>,
}

/// What changed since a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    /// The date.
    pub since: String,
    /// Status changes effective or recorded since.
    pub statuses: Vec<HistoryEntry>,
    /// Commitments made since.
    pub commitments: Vec<Commitment>,
    /// Meetings held (or first reported) since.
    pub meetings: Vec<MeetingSeen>,
}

/// A meeting and the documents that report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingSeen {
    /// Entity id.
    pub entity: Option<String>,
    /// Name in English.
    pub name: String,
    /// Date.
    pub date: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// Documents reporting it.
    pub documents: Vec<String>,
}

/// A document's identity, dates and what it names.
#[derive(Debug, Clone)]
struct DocInfo {
    id: String,
    title: Option<String>,
    published: Option<String>,
    ingested: String,
    original: bool,
    entities: BTreeSet<String>,
    mentions: Vec<(String, Span)>,
}

fn opt_i64(v: Option<i64>) -> i64 {
    v.unwrap_or(-1)
}

fn sqlerr(e: sqlx::Error) -> TrackerError {
    TrackerError::Store(StoreError::Database(e))
}

fn corrupt(what: String) -> TrackerError {
    TrackerError::Store(StoreError::Corrupt(what))
}

fn line_subject(plan: &str, line: &str) -> String {
    format!("{plan}/{line}")
}

/// The last status in history order (effective date, then sequence) among
/// entries effective on or before `as_of` (all, if `None`).
fn replay<'e>(
    entries: &'e [(String, i64, String)],
    as_of: Option<&str>,
) -> Option<&'e (String, i64, String)> {
    entries
        .iter()
        .filter(|(eff, _, _)| as_of.is_none_or(|d| eff.as_str() <= d))
        .max_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)))
}

fn evidence_from_row(r: &AnyRow) -> Result<Option<Evidence>> {
    let kind: Option<String> = r.try_get("evidence_kind").map_err(sqlerr)?;
    let Some(kind) = kind else { return Ok(None) };
    let start: Option<i64> = r.try_get("evidence_start").map_err(sqlerr)?;
    let end: Option<i64> = r.try_get("evidence_end").map_err(sqlerr)?;
    Ok(Some(Evidence {
        kind,
        doc: r.try_get("evidence_doc").map_err(sqlerr)?,
        span: match (start, end) {
            (Some(s), Some(e)) => Some(Span::new(s as usize, e as usize)),
            _ => None,
        },
        fact: r.try_get("evidence_fact").map_err(sqlerr)?,
        reference: r.try_get("evidence_ref").map_err(sqlerr)?,
        quote: r.try_get("evidence_quote").map_err(sqlerr)?,
    }))
}

const HISTORY_COLS: &str = "subject_kind, subject, seq, recorded_at, effective, actor, from_status, to_status, \
     evidence_kind, evidence_doc, evidence_start, evidence_end, evidence_fact, evidence_ref, evidence_quote, note";

fn history_from_row(r: &AnyRow) -> Result<HistoryEntry> {
    let kind: String = r.try_get("subject_kind").map_err(sqlerr)?;
    Ok(HistoryEntry {
        subject_kind: if kind == "line" {
            SubjectKind::Line
        } else {
            SubjectKind::Commitment
        },
        subject: r.try_get("subject").map_err(sqlerr)?,
        seq: r.try_get("seq").map_err(sqlerr)?,
        recorded_at: r.try_get("recorded_at").map_err(sqlerr)?,
        effective: r.try_get("effective").map_err(sqlerr)?,
        actor: r.try_get("actor").map_err(sqlerr)?,
        from: r.try_get("from_status").map_err(sqlerr)?,
        to: r.try_get("to_status").map_err(sqlerr)?,
        evidence: evidence_from_row(r)?,
        note: r.try_get("note").map_err(sqlerr)?,
    })
}

/// Append one status change to a subject's history and bring its current
/// status up to date, inside the caller's transaction. The first statement
/// locks the subject's row (PostgreSQL) — SQLite holds the write lock from
/// `BEGIN IMMEDIATE` — so concurrent writers queue here.
#[allow(clippy::too_many_arguments)]
async fn record(
    conn: &mut sqlx::AnyConnection,
    kind: SubjectKind,
    subject: &str,
    initial: &str,
    to: &str,
    evidence: Option<&Evidence>,
    effective: NaiveDate,
    actor: &str,
    note: Option<&str>,
) -> Result<HistoryEntry> {
    let locked = match kind {
        SubjectKind::Line => {
            let (plan, line) = subject
                .split_once('/')
                .ok_or_else(|| TrackerError::Invalid(format!("bad line subject {subject}")))?;
            sqlx::query("UPDATE plan_lines SET hseq = hseq + 1 WHERE plan = $1 AND id = $2")
                .bind(plan)
                .bind(line)
                .execute(&mut *conn)
                .await?
        }
        SubjectKind::Commitment => {
            sqlx::query("UPDATE commitments SET hseq = hseq + 1 WHERE id = $1")
                .bind(subject)
                .execute(&mut *conn)
                .await?
        }
    };
    if locked.rows_affected() == 0 {
        return Err(TrackerError::NotFound(format!("{} {subject}", kind.name())));
    }
    let seq: i64 = match kind {
        SubjectKind::Line => {
            let (plan, line) = subject.split_once('/').unwrap_or_default();
            sqlx::query("SELECT hseq FROM plan_lines WHERE plan = $1 AND id = $2")
                .bind(plan)
                .bind(line)
                .fetch_one(&mut *conn)
                .await?
                .try_get("hseq")?
        }
        SubjectKind::Commitment => sqlx::query("SELECT hseq FROM commitments WHERE id = $1")
            .bind(subject)
            .fetch_one(&mut *conn)
            .await?
            .try_get("hseq")?,
    };
    let rows = sqlx::query(
        "SELECT effective, seq, to_status FROM tracker_history WHERE subject_kind = $1 AND subject = $2",
    )
    .bind(kind.name())
    .bind(subject)
    .fetch_all(&mut *conn)
    .await?;
    let mut entries: Vec<(String, i64, String)> = rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("effective")?,
                r.try_get("seq")?,
                r.try_get("to_status")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let eff = effective.to_string();
    let from = replay(&entries, Some(&eff)).map_or(initial.to_string(), |(_, _, s)| s.clone());
    let now = chrono::Utc::now().to_rfc3339();
    let ev = evidence.cloned().unwrap_or_default();
    sqlx::query(
        "INSERT INTO tracker_history (subject_kind, subject, seq, recorded_at, effective, actor, from_status, to_status, \
         evidence_kind, evidence_doc, evidence_start, evidence_end, evidence_fact, evidence_ref, evidence_quote, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULLIF($11, -1), NULLIF($12, -1), NULLIF($13, -1), $14, $15, $16)",
    )
    .bind(kind.name())
    .bind(subject)
    .bind(seq)
    .bind(&now)
    .bind(&eff)
    .bind(actor)
    .bind(&from)
    .bind(to)
    .bind(evidence.map(|e| e.kind.clone()))
    .bind(ev.doc.clone())
    .bind(opt_i64(ev.span.map(|s| s.start() as i64)))
    .bind(opt_i64(ev.span.map(|s| s.end() as i64)))
    .bind(opt_i64(ev.fact))
    .bind(ev.reference.clone())
    .bind(ev.quote.clone())
    .bind(note)
    .execute(&mut *conn)
    .await?;
    entries.push((eff.clone(), seq, to.to_string()));
    let current = replay(&entries, None)
        .map_or(initial, |(_, _, s)| s.as_str())
        .to_string();
    match kind {
        SubjectKind::Line => {
            let (plan, line) = subject.split_once('/').unwrap_or_default();
            sqlx::query("UPDATE plan_lines SET status = $1 WHERE plan = $2 AND id = $3")
                .bind(&current)
                .bind(plan)
                .bind(line)
                .execute(&mut *conn)
                .await?;
        }
        SubjectKind::Commitment => {
            sqlx::query("UPDATE commitments SET status = $1 WHERE id = $2")
                .bind(&current)
                .bind(subject)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(HistoryEntry {
        subject_kind: kind,
        subject: subject.to_string(),
        seq,
        recorded_at: now,
        effective: eff,
        actor: actor.to_string(),
        from: Some(from),
        to: to.to_string(),
        evidence: evidence.cloned(),
        note: note.map(str::to_string),
    })
}

/// A status to record at import: line, status, evidence, since, note.
type PendingStatus = (
    String,
    LineStatus,
    Option<Evidence>,
    NaiveDate,
    Option<String>,
);

/// Run `f` in a write transaction: commit on success, roll back on error.
macro_rules! in_tx {
    ($store:expr, |$conn:ident| $body:expr) => {{
        let mut tx = $store.begin_write().await?;
        let out: Result<_> = async {
            let $conn = tx.conn();
            $body
        }
        .await;
        match out {
            Ok(v) => {
                tx.commit().await?;
                Ok(v)
            }
            Err(e) => {
                let _ = tx.rollback().await;
                Err(e)
            }
        }
    }};
}

impl<'a> Tracker<'a> {
    /// The tracker over `store` (whose migrations made its tables).
    pub fn new(store: &'a Store) -> Tracker<'a> {
        Tracker { store }
    }

    fn pool(&self) -> &sqlx::AnyPool {
        self.store.pool()
    }

    // ---------------------------------------------------------------- plans

    /// Import a plan file (and optionally a status file) in one
    /// transaction: all of it, or nothing. Re-importing a plan id makes a
    /// new revision: lines keep their ids and history, changed texts are
    /// updated, lines no longer in the file are kept and marked retired.
    pub async fn import_plan(
        &self,
        file: &PlanFile,
        statuses: Option<&StatusFile>,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        let id_ok = !opts.plan.is_empty()
            && opts
                .plan
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !id_ok {
            return Err(TrackerError::Invalid(format!(
                "plan id {:?}: use letters, digits, '-', '_' or '.' (e.g. asean-japan-2023)",
                opts.plan
            )));
        }
        // Evidence is checked against the (immutable) documents before the
        // write lock is taken; a bad reference refuses the whole import.
        let mut resolved: Vec<PendingStatus> = Vec::new();
        for r in &file.rows {
            if let Some(st) = r.status {
                let note = format!("status in {} line {}", file.file, r.file_line);
                resolved.push((r.id.clone(), st, None, opts.today, Some(note)));
            }
        }
        if let Some(sf) = statuses {
            let mut errors = Vec::new();
            for r in &sf.rows {
                let ev = match &r.evidence {
                    None => Ok(None),
                    Some(e) => match EvidenceSpec::parse(e) {
                        Ok(spec) => self
                            .resolve_evidence(&spec, r.quote.as_deref())
                            .await
                            .map(Some),
                        Err(e) => Err(e),
                    },
                };
                match ev {
                    Ok(ev) => {
                        let date = r
                            .since
                            .or(ev.as_ref().and_then(|(_, d)| *d))
                            .unwrap_or(opts.today);
                        resolved.push((
                            r.line.clone(),
                            r.status,
                            ev.map(|(e, _)| e),
                            date,
                            r.note.clone(),
                        ));
                    }
                    Err(e) => errors.push(crate::FileError {
                        file: sf.file.clone(),
                        line: r.file_line,
                        message: e.to_string(),
                    }),
                }
            }
            if !errors.is_empty() {
                return Err(TrackerError::File(errors));
            }
        }
        let now = chrono::Utc::now().to_rfc3339();
        let store = self.store;
        in_tx!(store, |conn| {
            let mut report = ImportReport {
                plan: opts.plan.clone(),
                action_lines: file.action_lines(),
                ignored_columns: file.ignored_columns.clone(),
                ..Default::default()
            };
            if let Some(p) = &opts.partnership {
                sqlx::query(
                    "INSERT INTO partnerships (id, name, parties, level, since) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, parties = excluded.parties, \
                     level = excluded.level, since = excluded.since",
                )
                .bind(&p.id)
                .bind(&p.name)
                .bind(&p.parties)
                .bind(&p.level)
                .bind(&p.since)
                .execute(&mut *conn)
                .await?;
            }
            let existing: Option<i64> = sqlx::query("SELECT revision FROM plans WHERE id = $1")
                .bind(&opts.plan)
                .fetch_optional(&mut *conn)
                .await?
                .map(|r| r.try_get("revision"))
                .transpose()?;
            let old_rows = sqlx::query(
                "SELECT id, parent, depth, ord, action, text, text_vi, topics, lead, replaces, retired FROM plan_lines WHERE plan = $1",
            )
            .bind(&opts.plan)
            .fetch_all(&mut *conn)
            .await?;
            type Sig = (
                Option<String>,
                i64,
                i64,
                i64,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                i64,
            );
            let mut old: HashMap<String, Sig> = HashMap::new();
            for r in &old_rows {
                old.insert(
                    r.try_get("id")?,
                    (
                        r.try_get("parent")?,
                        r.try_get("depth")?,
                        r.try_get("ord")?,
                        r.try_get("action")?,
                        r.try_get("text")?,
                        r.try_get("text_vi")?,
                        r.try_get("topics")?,
                        r.try_get("lead")?,
                        r.try_get("replaces")?,
                        r.try_get("retired")?,
                    ),
                );
            }
            if existing.is_none() {
                sqlx::query(
                    "INSERT INTO plans (id, title, partnership, entity, adopted, replaces, revision, source, imported_at, imported_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9)",
                )
                .bind(&opts.plan)
                .bind(&opts.title)
                .bind(opts.partnership.as_ref().map(|p| p.id.clone()))
                .bind(&opts.entity)
                .bind(&opts.adopted)
                .bind(&opts.replaces)
                .bind(&file.file)
                .bind(&now)
                .bind(&opts.actor)
                .execute(&mut *conn)
                .await?;
            }
            let mut in_file = HashSet::new();
            for (ord, r) in file.rows.iter().enumerate() {
                in_file.insert(r.id.clone());
                let topics = (!r.topics.is_empty()).then(|| r.topics.join(";"));
                let sig: Sig = (
                    r.parent.clone(),
                    r.depth as i64,
                    ord as i64,
                    r.action as i64,
                    r.text.clone(),
                    r.text_vi.clone(),
                    topics.clone(),
                    r.lead.clone(),
                    r.replaces.clone(),
                    0,
                );
                match old.get(&r.id) {
                    Some(o) if *o == sig => report.unchanged += 1,
                    Some(_) => {
                        report.updated += 1;
                        sqlx::query(
                            "UPDATE plan_lines SET parent = $1, depth = $2, ord = $3, action = $4, text = $5, text_vi = $6, \
                             topics = $7, lead = $8, replaces = $9, retired = 0 WHERE plan = $10 AND id = $11",
                        )
                        .bind(&r.parent)
                        .bind(r.depth as i64)
                        .bind(ord as i64)
                        .bind(r.action as i64)
                        .bind(&r.text)
                        .bind(&r.text_vi)
                        .bind(&topics)
                        .bind(&r.lead)
                        .bind(&r.replaces)
                        .bind(&opts.plan)
                        .bind(&r.id)
                        .execute(&mut *conn)
                        .await?;
                    }
                    None => {
                        report.added += 1;
                        sqlx::query(
                            "INSERT INTO plan_lines (plan, id, parent, depth, ord, action, text, text_vi, topics, lead, replaces, retired, status, hseq) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, 0)",
                        )
                        .bind(&opts.plan)
                        .bind(&r.id)
                        .bind(&r.parent)
                        .bind(r.depth as i64)
                        .bind(ord as i64)
                        .bind(r.action as i64)
                        .bind(&r.text)
                        .bind(&r.text_vi)
                        .bind(&topics)
                        .bind(&r.lead)
                        .bind(&r.replaces)
                        .bind(LineStatus::INITIAL.name())
                        .execute(&mut *conn)
                        .await?;
                    }
                }
            }
            for (id, o) in &old {
                if !in_file.contains(id) && o.9 == 0 {
                    report.retired += 1;
                    sqlx::query("UPDATE plan_lines SET retired = 1 WHERE plan = $1 AND id = $2")
                        .bind(&opts.plan)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            // The `replaces` mapping: the earlier line must exist; a new
            // line with no history of its own carries its status over.
            for r in &file.rows {
                let Some(rep) = &r.replaces else { continue };
                let (rplan, rline) = match rep.split_once('/') {
                    Some((p, l)) => (p.to_string(), l.to_string()),
                    None => (
                        opts.replaces.clone().unwrap_or_else(|| opts.plan.clone()),
                        rep.clone(),
                    ),
                };
                let row = sqlx::query("SELECT status FROM plan_lines WHERE plan = $1 AND id = $2")
                    .bind(&rplan)
                    .bind(&rline)
                    .fetch_optional(&mut *conn)
                    .await?;
                let Some(row) = row else {
                    return Err(TrackerError::File(vec![crate::FileError {
                        file: file.file.clone(),
                        line: r.file_line,
                        message: format!(
                            "line {} replaces {rplan}/{rline}, which is not in the store",
                            r.id
                        ),
                    }]));
                };
                let old_status: String = row.try_get("status")?;
                let subject = line_subject(&opts.plan, &r.id);
                let has_history = sqlx::query("SELECT 1 AS one FROM tracker_history WHERE subject_kind = 'line' AND subject = $1")
                    .bind(&subject)
                    .fetch_optional(&mut *conn)
                    .await?
                    .is_some();
                if !has_history
                    && old_status != LineStatus::INITIAL.name()
                    && (rplan != opts.plan || rline != r.id)
                {
                    let ev = Evidence {
                        kind: "reference".into(),
                        reference: Some(format!("line {rplan}/{rline}")),
                        ..Default::default()
                    };
                    record(
                        conn,
                        SubjectKind::Line,
                        &subject,
                        LineStatus::INITIAL.name(),
                        &old_status,
                        Some(&ev),
                        opts.today,
                        &opts.actor,
                        Some(&format!("carried over from {rplan}/{rline}")),
                    )
                    .await?;
                    report.statuses += 1;
                }
            }
            for (line, st, ev, date, note) in &resolved {
                let subject = line_subject(&opts.plan, line);
                let cur: String =
                    sqlx::query("SELECT status FROM plan_lines WHERE plan = $1 AND id = $2")
                        .bind(&opts.plan)
                        .bind(line)
                        .fetch_one(&mut *conn)
                        .await?
                        .try_get("status")?;
                // Re-importing the same statuses adds nothing to the history.
                if cur == st.name() {
                    let same = sqlx::query(
                        "SELECT 1 AS one FROM tracker_history WHERE subject_kind = 'line' AND subject = $1 AND to_status = $2 AND effective = $3",
                    )
                    .bind(&subject)
                    .bind(st.name())
                    .bind(date.to_string())
                    .fetch_optional(&mut *conn)
                    .await?
                    .is_some();
                    if same || ev.is_none() {
                        continue;
                    }
                }
                record(
                    conn,
                    SubjectKind::Line,
                    &subject,
                    LineStatus::INITIAL.name(),
                    st.name(),
                    ev.as_ref(),
                    *date,
                    &opts.actor,
                    note.as_deref(),
                )
                .await?;
                report.statuses += 1;
            }
            let changed = report.added + report.updated + report.retired > 0;
            report.revision = match existing {
                None => 1,
                Some(rev) if changed => rev + 1,
                Some(rev) => rev,
            };
            if existing.is_some() {
                sqlx::query(
                    "UPDATE plans SET title = $1, partnership = COALESCE($2, partnership), entity = COALESCE($3, entity), \
                     adopted = COALESCE($4, adopted), replaces = COALESCE($5, replaces), revision = $6, source = $7, \
                     imported_at = $8, imported_by = $9 WHERE id = $10",
                )
                .bind(&opts.title)
                .bind(opts.partnership.as_ref().map(|p| p.id.clone()))
                .bind(&opts.entity)
                .bind(&opts.adopted)
                .bind(&opts.replaces)
                .bind(report.revision)
                .bind(&file.file)
                .bind(&now)
                .bind(&opts.actor)
                .bind(&opts.plan)
                .execute(&mut *conn)
                .await?;
            }
            Ok(report)
        })
    }

    /// Every plan, the most recently imported first.
    pub async fn plans(&self) -> Result<Vec<PlanInfo>> {
        let rows = sqlx::query(
            "SELECT p.id, p.title, p.partnership, p.entity, p.adopted, p.replaces, p.revision, p.source, p.imported_at, p.imported_by, \
             (SELECT COUNT(*) FROM plan_lines l WHERE l.plan = p.id AND l.action = 1 AND l.retired = 0) AS action_lines \
             FROM plans p ORDER BY p.imported_at DESC, p.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PlanInfo {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    partnership: r.try_get("partnership")?,
                    entity: r.try_get("entity")?,
                    adopted: r.try_get("adopted")?,
                    replaces: r.try_get("replaces")?,
                    revision: r.try_get("revision")?,
                    source: r.try_get("source")?,
                    imported_at: r.try_get("imported_at")?,
                    imported_by: r.try_get("imported_by")?,
                    action_lines: r.try_get("action_lines")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(sqlerr)
    }

    /// The plan named, or the most recently imported one.
    pub async fn plan(&self, id: Option<&str>) -> Result<PlanInfo> {
        let plans = self.plans().await?;
        match id {
            Some(id) => plans.into_iter().find(|p| p.id == id).ok_or_else(|| {
                TrackerError::NotFound(format!("plan {id:?} (hoptac plan show lists the plans)"))
            }),
            None => plans.into_iter().next().ok_or_else(|| {
                TrackerError::NotFound("any plan: import one with `hoptac plan import FILE`".into())
            }),
        }
    }

    /// The partnerships known.
    pub async fn partnerships(&self) -> Result<Vec<Partnership>> {
        let rows =
            sqlx::query("SELECT id, name, parties, level, since FROM partnerships ORDER BY id")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(Partnership {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    parties: r.try_get("parties")?,
                    level: r.try_get("level")?,
                    since: r.try_get("since")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(sqlerr)
    }

    /// The lines of a plan in file order, with their current status and
    /// the evidence of the entry that set it.
    pub async fn lines(&self, plan: &str) -> Result<Vec<Line>> {
        let rows = sqlx::query(
            "SELECT id, parent, depth, action, text, text_vi, topics, lead, replaces, retired, status \
             FROM plan_lines WHERE plan = $1 ORDER BY ord",
        )
        .bind(plan)
        .fetch_all(self.pool())
        .await?;
        let mut hist = self.history_of_plan(plan).await?;
        hist.sort_by(|a, b| {
            (&a.subject, &a.effective, a.seq).cmp(&(&b.subject, &b.effective, b.seq))
        });
        // Per line: the last entry (its evidence), and since when the status
        // has been what it is (the first of the trailing run of entries
        // that set the same status).
        let mut last: HashMap<String, (&HistoryEntry, &str)> = HashMap::new();
        for h in &hist {
            match last.get_mut(&h.subject) {
                Some((prev, since)) => {
                    if h.to != prev.to {
                        *since = h.effective.as_str();
                    }
                    *prev = h;
                }
                None => {
                    last.insert(h.subject.clone(), (h, h.effective.as_str()));
                }
            }
        }
        let mut out = Vec::new();
        for r in &rows {
            let id: String = r.try_get("id")?;
            let status: String = r.try_get("status")?;
            let topics: Option<String> = r.try_get("topics")?;
            let h = last.get(&line_subject(plan, &id));
            out.push(Line {
                plan: plan.to_string(),
                parent: r.try_get("parent")?,
                depth: r.try_get("depth")?,
                action: r.try_get::<i64, _>("action")? == 1,
                text: r.try_get("text")?,
                text_vi: r.try_get("text_vi")?,
                topics: topics
                    .map(|t| t.split(';').map(str::to_string).collect())
                    .unwrap_or_default(),
                lead: r.try_get("lead")?,
                replaces: r.try_get("replaces")?,
                retired: r.try_get::<i64, _>("retired")? == 1,
                status: LineStatus::parse(&status)
                    .ok_or_else(|| corrupt(format!("line {plan}/{id} has status {status:?}")))?,
                since: h.map(|(_, since)| since.to_string()),
                evidence: h.and_then(|(h, _)| h.evidence.clone()),
                id,
            });
        }
        Ok(out)
    }

    async fn history_of_plan(&self, plan: &str) -> Result<Vec<HistoryEntry>> {
        // `/` + 1 is `0`: the range holds exactly the subjects `PLAN/...`.
        let rows = sqlx::query(&format!(
            "SELECT {HISTORY_COLS} FROM tracker_history WHERE subject_kind = 'line' AND subject >= $1 AND subject < $2 ORDER BY id"
        ))
        .bind(format!("{plan}/"))
        .bind(format!("{plan}0"))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(history_from_row).collect()
    }

    /// Check evidence against the store. Returns it with the date it
    /// speaks for (the document's publication date), if known.
    pub async fn resolve_evidence(
        &self,
        spec: &EvidenceSpec,
        quote: Option<&str>,
    ) -> Result<(Evidence, Option<NaiveDate>)> {
        let date = |p: &Option<String>| {
            p.as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        match spec {
            EvidenceSpec::Reference(r) => Ok((
                Evidence {
                    kind: "reference".into(),
                    reference: Some(r.clone()),
                    ..Default::default()
                },
                None,
            )),
            EvidenceSpec::Url(u) => {
                let row =
                    sqlx::query("SELECT id FROM documents WHERE url = $1 ORDER BY seq LIMIT 1")
                        .bind(u)
                        .fetch_optional(self.pool())
                        .await?;
                match row {
                    Some(r) => {
                        let id: String = r.try_get("id")?;
                        Box::pin(self.resolve_evidence(&EvidenceSpec::Document { doc: id, span: None }, quote)).await
                    }
                    None if quote.is_some() => Err(TrackerError::Invalid(format!(
                        "no stored document has the URL {u}: a quote can only be found in a stored document"
                    ))),
                    None => Ok((
                        Evidence {
                            kind: "reference".into(),
                            reference: Some(u.clone()),
                            ..Default::default()
                        },
                        None,
                    )),
                }
            }
            EvidenceSpec::Document { doc, span } => {
                let d = self.store.document(doc).await.map_err(|e| match e {
                    StoreError::NotFound(m) => TrackerError::NotFound(m),
                    other => TrackerError::Store(other),
                })?;
                let sp = match (span, quote) {
                    (Some((s, e)), _) => Some(check_span(&d.summary.id, &d.text, *s, *e)?),
                    (None, Some(q)) => Some(find_quote(&d.text, q).ok_or_else(|| {
                        TrackerError::Invalid(format!(
                            "the quote {q:?} is not in document {} ({})",
                            &d.summary.id[..12],
                            d.summary.title.as_deref().unwrap_or(&d.summary.source)
                        ))
                    })?),
                    (None, None) => None,
                };
                Ok((
                    Evidence {
                        kind: "document".into(),
                        quote: sp.and_then(|s| s.slice(&d.text)).map(str::to_string),
                        doc: Some(d.summary.id.clone()),
                        span: sp,
                        ..Default::default()
                    },
                    date(&d.summary.published),
                ))
            }
            EvidenceSpec::Fact(id) => {
                let row = sqlx::query(
                    "SELECT f.doc_id, f.span_start, f.span_end, f.text, d.published FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.id = $1",
                )
                .bind(*id)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| TrackerError::NotFound(format!("fact {id}")))?;
                let (s, e): (i64, i64) = (row.try_get("span_start")?, row.try_get("span_end")?);
                let published: Option<String> = row.try_get("published")?;
                Ok((
                    Evidence {
                        kind: "fact".into(),
                        doc: Some(row.try_get("doc_id")?),
                        span: Some(Span::new(s as usize, e as usize)),
                        fact: Some(*id),
                        quote: Some(row.try_get("text")?),
                        ..Default::default()
                    },
                    date(&published),
                ))
            }
        }
    }

    /// Set an action line's status: one new history entry, in one
    /// transaction with the current status.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_line_status(
        &self,
        plan: &str,
        line: &str,
        status: LineStatus,
        evidence: Option<&Evidence>,
        effective: NaiveDate,
        actor: &str,
        note: Option<&str>,
    ) -> Result<HistoryEntry> {
        let row = sqlx::query("SELECT action, retired FROM plan_lines WHERE plan = $1 AND id = $2")
            .bind(plan)
            .bind(line)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| {
                TrackerError::NotFound(format!(
                    "line {line} in plan {plan} (hoptac plan show lists them)"
                ))
            })?;
        if row.try_get::<i64, _>("action")? != 1 {
            return Err(TrackerError::Invalid(format!(
                "{line} has lines under it: statuses belong to action lines"
            )));
        }
        let subject = line_subject(plan, line);
        let store = self.store;
        in_tx!(store, |conn| {
            record(
                conn,
                SubjectKind::Line,
                &subject,
                LineStatus::INITIAL.name(),
                status.name(),
                evidence,
                effective,
                actor,
                note,
            )
            .await
        })
    }

    /// The history of a line or commitment, in history order.
    pub async fn history(&self, kind: SubjectKind, subject: &str) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(&format!(
            "SELECT {HISTORY_COLS} FROM tracker_history WHERE subject_kind = $1 AND subject = $2 ORDER BY effective, seq"
        ))
        .bind(kind.name())
        .bind(subject)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(history_from_row).collect()
    }

    /// Counts by status per group as of a date: the history replayed up to
    /// that date (a line with no entry by then is not started).
    pub async fn progress(&self, plan: &str, as_of: NaiveDate, by: GroupBy) -> Result<Progress> {
        let lines = self.lines(plan).await?;
        let hist = self.history_of_plan(plan).await?;
        let mut per: HashMap<&str, Vec<(String, i64, String)>> = HashMap::new();
        for h in &hist {
            per.entry(h.subject.as_str()).or_default().push((
                h.effective.clone(),
                h.seq,
                h.to.clone(),
            ));
        }
        let titles: HashMap<&str, &str> = lines
            .iter()
            .map(|l| (l.id.as_str(), l.text.as_str()))
            .collect();
        let d = as_of.to_string();
        let mut groups: BTreeMap<Vec<u32>, ProgressRow> = BTreeMap::new();
        let mut total = ProgressRow {
            group: plan.to_string(),
            title: "all action lines".into(),
            ..Default::default()
        };
        for l in lines.iter().filter(|l| l.action && !l.retired) {
            let subject = line_subject(plan, &l.id);
            let st = per
                .get(subject.as_str())
                .and_then(|e| replay(e, Some(&d)))
                .and_then(|(_, _, s)| LineStatus::parse(s))
                .unwrap_or(LineStatus::INITIAL);
            let group = match by {
                GroupBy::Pillar => l.id.split('.').next().unwrap_or(&l.id).to_string(),
                GroupBy::Section => l.parent.clone().unwrap_or_else(|| l.id.clone()),
                GroupBy::Plan => plan.to_string(),
            };
            let key: Vec<u32> = group
                .split('.')
                .map(|p| p.parse().unwrap_or(u32::MAX))
                .collect();
            groups
                .entry(key)
                .or_insert_with(|| ProgressRow {
                    title: match by {
                        GroupBy::Plan => "all action lines".to_string(),
                        _ => titles.get(group.as_str()).map_or("", |t| t).to_string(),
                    },
                    group: group.clone(),
                    ..Default::default()
                })
                .add(st);
            total.add(st);
        }
        Ok(Progress {
            plan: plan.to_string(),
            as_of: d,
            rows: groups.into_values().collect(),
            total,
        })
    }

    /// Reported totals ("108/130 action lines") in documents that name the
    /// plan (its gazetteer entity), each set against the tracker's own
    /// count on the document's date.
    pub async fn ratio_checks(&self, plan: &PlanInfo) -> Result<Vec<RatioCheck>> {
        let Some(entity) = &plan.entity else {
            return Ok(vec![]);
        };
        let docs: HashSet<String> = sqlx::query(
            "SELECT DISTINCT m.doc_id FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity = $1 AND d.duplicate_of IS NULL",
        )
        .bind(entity)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| r.try_get("doc_id"))
        .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (doc_id, f) in self.store.facts_of_kind("ratio").await? {
            let FactBody::Ratio(r) = &f.body else {
                continue;
            };
            if !docs.contains(&doc_id)
                || !r
                    .subject
                    .as_deref()
                    .is_some_and(|s| s.contains("action line"))
            {
                continue;
            }
            let d = self.store.document(&doc_id).await?;
            let Some(date) = d
                .summary
                .published
                .as_deref()
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
            else {
                continue;
            };
            let sentence = sentences(&d.text)
                .into_iter()
                .find(|s| s.contains(f.span))
                .and_then(|s| s.slice(&d.text))
                .unwrap_or(&f.text);
            let fs = fold(sentence);
            let with_ongoing = [
                "dang trien khai",
                "dang duoc",
                "ongoing",
                "on-going",
                "on going",
                "under way",
                "underway",
                "being implemented",
                "in progress",
            ]
            .iter()
            .any(|m| fs.contains(m));
            let p = self.progress(&plan.id, date, GroupBy::Plan).await?;
            let tracker = if with_ongoing {
                p.total.implemented + p.total.ongoing
            } else {
                p.total.implemented
            };
            let mut notes = Vec::new();
            if r.denominator as usize != p.total.total {
                notes.push(format!(
                    "the report counts {} action lines, the tracker's plan has {}",
                    r.denominator, p.total.total
                ));
            }
            if r.numerator as usize != tracker {
                notes.push(format!(
                    "the report says {}, the tracker counts {tracker} as of {date}",
                    r.numerator
                ));
            }
            out.push(RatioCheck {
                doc: doc_id.clone(),
                title: d.summary.title.clone(),
                date: date.to_string(),
                quote: f.text.clone(),
                span: f.span,
                reported: r.numerator,
                reported_total: r.denominator,
                counts: if with_ongoing {
                    "implemented or ongoing"
                } else {
                    "implemented"
                }
                .into(),
                tracker,
                tracker_total: p.total.total,
                agrees: notes.is_empty(),
                note: if notes.is_empty() {
                    "agrees".into()
                } else {
                    notes.join("; ")
                },
            });
        }
        Ok(out)
    }

    // ---------------------------------------------------------- documents

    async fn doc_infos(&self) -> Result<Vec<DocInfo>> {
        let rows = sqlx::query(
            "SELECT id, title, published, ingested_at, duplicate_of FROM documents ORDER BY seq",
        )
        .fetch_all(self.pool())
        .await?;
        let mut docs: Vec<DocInfo> = rows
            .iter()
            .map(|r| {
                Ok(DocInfo {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    published: r.try_get("published")?,
                    ingested: r.try_get("ingested_at")?,
                    original: r.try_get::<Option<String>, _>("duplicate_of")?.is_none(),
                    entities: BTreeSet::new(),
                    mentions: vec![],
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        let idx: HashMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let rows = sqlx::query("SELECT doc_id, entity, span_start, span_end FROM mentions")
            .fetch_all(self.pool())
            .await?;
        for r in &rows {
            let doc: String = r.try_get("doc_id")?;
            let Some(&i) = idx.get(&doc) else { continue };
            let e: String = r.try_get("entity")?;
            let (s, t): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            docs[i].entities.insert(e.clone());
            docs[i]
                .mentions
                .push((e, Span::new(s as usize, t as usize)));
        }
        let rows = sqlx::query("SELECT doc_id, entity, span_start, span_end FROM facts WHERE kind = 'meeting' AND entity IS NOT NULL")
            .fetch_all(self.pool())
            .await?;
        for r in &rows {
            let doc: String = r.try_get("doc_id")?;
            let Some(&i) = idx.get(&doc) else { continue };
            let e: String = r.try_get("entity")?;
            let (s, t): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            docs[i].entities.insert(e.clone());
            docs[i]
                .mentions
                .push((e, Span::new(s as usize, t as usize)));
        }
        Ok(docs)
    }

    /// Entity kinds and names: the gazetteer's, and the store's for
    /// entities the extractor derived.
    pub async fn entity_names(&self, gaz: &Gazetteer) -> Result<EntityNames> {
        let mut names = EntityNames::from_gazetteer(gaz);
        let rows = sqlx::query("SELECT id, kind, name_en, acronym FROM entities")
            .fetch_all(self.pool())
            .await?;
        for r in &rows {
            let id: String = r.try_get("id")?;
            if names.0.contains_key(&id) {
                continue;
            }
            let name: Option<String> = r.try_get("name_en")?;
            names
                .0
                .insert(id.clone(), (r.try_get("kind")?, name.unwrap_or(id)));
        }
        Ok(names)
    }

    // -------------------------------------------------------- commitments

    /// Derive commitments from statement facts not derived yet. Keyed by
    /// the source statement (document and span), so running it again after
    /// more ingests adds only what is new. Another report of a known
    /// commitment (same meeting, same speaker, a shared specific entity, in
    /// another document) becomes one more source of it.
    pub async fn derive_commitments(&self, gaz: &Gazetteer) -> Result<DeriveReport> {
        let names = self.entity_names(gaz).await?;
        let known: HashSet<(String, i64, i64)> =
            sqlx::query("SELECT doc_id, span_start, span_end FROM commitment_sources")
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("doc_id")?,
                        r.try_get("span_start")?,
                        r.try_get("span_end")?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?;
        let rows = sqlx::query(
            "SELECT f.doc_id, f.span_start, f.span_end, f.body FROM facts f JOIN documents d ON d.id = f.doc_id \
             WHERE f.kind = 'statement' AND d.duplicate_of IS NULL ORDER BY d.seq, f.id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut report = DeriveReport::default();
        let mut todo: BTreeMap<String, Vec<Fact>> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for r in &rows {
            let doc: String = r.try_get("doc_id")?;
            let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            let body: String = r.try_get("body")?;
            let f: Fact =
                serde_json::from_str(&body).map_err(|e| corrupt(format!("fact of {doc}: {e}")))?;
            let FactBody::Statement(st) = &f.body else {
                continue;
            };
            if !is_commitment_act(&st.act) {
                continue;
            }
            if known.contains(&(doc.clone(), s, e)) {
                report.known += 1;
                continue;
            }
            if !todo.contains_key(&doc) {
                order.push(doc.clone());
            }
            todo.entry(doc).or_default().push(f);
        }
        if todo.is_empty() {
            return Ok(report);
        }
        let existing = self.commitment_rows().await?;
        let mut new_rows: Vec<(Commitment, bool)> = Vec::new(); // (row, is new commitment)
        let infos = self.doc_infos().await?;
        for doc_id in order {
            let stmts = &todo[&doc_id];
            let d = self.store.document(&doc_id).await?;
            let facts = self.store.facts(&doc_id).await?;
            let info = infos.iter().find(|i| i.id == doc_id);
            let sents = sentences(&d.text);
            // The meeting the document reports: the latest dated one not
            // after publication (a later mention of an earlier meeting is a
            // reference, not where things were said).
            let published = d.summary.published.clone();
            let mut meeting: Option<(&Fact, &hoptac_model::Meeting)> = None;
            for f in &facts {
                if let FactBody::Meeting(m) = &f.body {
                    let ok = match (&m.date, &published) {
                        (Some(md), Some(p)) => md.as_str() <= p.as_str(),
                        _ => true,
                    };
                    let better = match meeting {
                        None => true,
                        Some((_, cur)) => {
                            ok && m.date.is_some() && (cur.date.is_none() || m.date > cur.date)
                        }
                    };
                    if ok && better {
                        meeting = Some((f, m));
                    }
                }
            }
            for f in stmts {
                let FactBody::Statement(st) = &f.body else {
                    continue;
                };
                let sentence = sents
                    .iter()
                    .find(|s| s.contains(Span::new(f.span.start(), f.span.start() + 1)))
                    .copied()
                    .unwrap_or(f.span);
                let sentence_text = sentence.slice(&d.text).unwrap_or(&f.text);
                let entities: BTreeSet<String> = info
                    .map(|i| {
                        i.mentions
                            .iter()
                            .filter(|(e, sp)| f.span.contains(*sp) && !e.starts_with("meeting-"))
                            .map(|(e, _)| e.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let amount = facts.iter().find_map(|x| match &x.body {
                    FactBody::Figure(fig)
                        if is_currency(&fig.unit) && sentence.contains(x.span) =>
                    {
                        Some((fig.value, fig.unit.clone()))
                    }
                    _ => None,
                });
                let party = st.speaker.as_deref().map(|sp| party_of(gaz, &facts, sp));
                let (meeting_name, meeting_entity, meeting_date) = match meeting {
                    Some((mf, m)) => (
                        Some(m.name_en.clone().unwrap_or_else(|| m.name.clone())),
                        mf.entity.clone(),
                        m.date.clone(),
                    ),
                    None => (None, None, None),
                };
                let made_on = match &meeting_date {
                    Some(md) if md.len() == 10 => Some(md.clone()),
                    _ => published.clone().or(meeting_date.clone()),
                };
                let c = Commitment {
                    id: commitment_id(&doc_id, f.span.start(), f.span.end()),
                    doc: doc_id.clone(),
                    span: f.span,
                    quote: f.text.clone(),
                    speaker: st.speaker.clone(),
                    party,
                    act: st.act.clone(),
                    addressee: st.addressee.clone(),
                    content: st.content.clone(),
                    entities: entities.into_iter().collect(),
                    meeting: meeting_name,
                    meeting_entity,
                    made_on,
                    amount: amount.as_ref().map(|a| a.0),
                    currency: amount.map(|a| a.1),
                    deadline: deadline_in(sentence_text),
                    status: CommitmentStatus::INITIAL,
                    overdue: false,
                    sources: vec![(doc_id.clone(), f.span)],
                    follow_ups: vec![],
                };
                // Another report of a commitment already known?
                let same = existing
                    .iter()
                    .chain(new_rows.iter().filter(|(_, n)| *n).map(|(c, _)| c))
                    .filter(|k| {
                        k.doc != c.doc
                            && k.meeting_entity.is_some()
                            && k.meeting_entity == c.meeting_entity
                            && k.speaker.as_deref().map(name_key)
                                == c.speaker.as_deref().map(name_key)
                    })
                    .map(|k| {
                        let shared = k
                            .entities
                            .iter()
                            .filter(|e| {
                                c.entities.contains(e) && suggest::kind_weight(names.kind(e)) > 0.0
                            })
                            .count();
                        (shared, k)
                    })
                    .filter(|(n, _)| *n > 0)
                    .max_by_key(|(n, _)| *n)
                    .map(|(_, k)| k.id.clone());
                // Failing a shared entity, a translation of the same request:
                // the only statement of the other document with the same
                // meeting, speaker, addressee and act.
                let same = same.or_else(|| {
                    let mut cands = existing
                        .iter()
                        .chain(new_rows.iter().filter(|(_, n)| *n).map(|(c, _)| c))
                        .filter(|k| {
                            k.doc != c.doc
                                && k.meeting_entity.is_some()
                                && k.meeting_entity == c.meeting_entity
                                && k.addressee.is_some()
                                && k.addressee == c.addressee
                                && k.act == c.act
                                && k.speaker.as_deref().map(name_key)
                                    == c.speaker.as_deref().map(name_key)
                        });
                    match (cands.next(), cands.next()) {
                        (Some(k), None) => Some(k.id.clone()),
                        _ => None,
                    }
                });
                match same {
                    Some(id) => {
                        report.merged += 1;
                        let mut src = c;
                        src.id = id;
                        new_rows.push((src, false));
                    }
                    None => {
                        report.new += 1;
                        new_rows.push((c, true));
                    }
                }
            }
        }
        let now = chrono::Utc::now().to_rfc3339();
        let store = self.store;
        in_tx!(store, |conn| {
            for (c, is_new) in &new_rows {
                if *is_new {
                    sqlx::query(
                        "INSERT INTO commitments (id, doc_id, span_start, span_end, quote, speaker, party, act, addressee, content, \
                         entities, meeting, meeting_entity, made_on, amount, currency, deadline, status, hseq, derived_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULLIF($15, -1.0), $16, $17, $18, 0, $19) \
                         ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(&c.id)
                    .bind(&c.doc)
                    .bind(c.span.start() as i64)
                    .bind(c.span.end() as i64)
                    .bind(&c.quote)
                    .bind(&c.speaker)
                    .bind(&c.party)
                    .bind(&c.act)
                    .bind(&c.addressee)
                    .bind(&c.content)
                    .bind(c.entities.join(";"))
                    .bind(&c.meeting)
                    .bind(&c.meeting_entity)
                    .bind(&c.made_on)
                    .bind(c.amount.unwrap_or(-1.0))
                    .bind(&c.currency)
                    .bind(&c.deadline)
                    .bind(c.status.name())
                    .bind(&now)
                    .execute(&mut *conn)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO commitment_sources (doc_id, span_start, span_end, commitment) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (doc_id, span_start, span_end) DO NOTHING",
                )
                .bind(&c.doc)
                .bind(c.span.start() as i64)
                .bind(c.span.end() as i64)
                .bind(&c.id)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })?;
        Ok(report)
    }

    async fn commitment_rows(&self) -> Result<Vec<Commitment>> {
        let rows = sqlx::query(
            "SELECT id, doc_id, span_start, span_end, quote, speaker, party, act, addressee, content, entities, meeting, \
             meeting_entity, made_on, amount, currency, deadline, status FROM commitments ORDER BY made_on, id",
        )
        .fetch_all(self.pool())
        .await?;
        let srcs = sqlx::query("SELECT doc_id, span_start, span_end, commitment FROM commitment_sources ORDER BY doc_id, span_start")
            .fetch_all(self.pool())
            .await?;
        let mut sources: HashMap<String, Vec<(String, Span)>> = HashMap::new();
        for r in &srcs {
            let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            sources
                .entry(r.try_get("commitment")?)
                .or_default()
                .push((r.try_get("doc_id")?, Span::new(s as usize, e as usize)));
        }
        rows.iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
                let status: String = r.try_get("status")?;
                let ents: String = r.try_get("entities")?;
                Ok(Commitment {
                    doc: r.try_get("doc_id")?,
                    span: Span::new(s as usize, e as usize),
                    quote: r.try_get("quote")?,
                    speaker: r.try_get("speaker")?,
                    party: r.try_get("party")?,
                    act: r.try_get("act")?,
                    addressee: r.try_get("addressee")?,
                    content: r.try_get("content")?,
                    entities: ents
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    meeting: r.try_get("meeting")?,
                    meeting_entity: r.try_get("meeting_entity")?,
                    made_on: r.try_get("made_on")?,
                    amount: r.try_get("amount")?,
                    currency: r.try_get("currency")?,
                    deadline: r.try_get("deadline")?,
                    status: CommitmentStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("commitment {id} has status {status:?}")))?,
                    overdue: false,
                    sources: sources.remove(&id).unwrap_or_default(),
                    follow_ups: vec![],
                    id,
                })
            })
            .collect()
    }

    fn commitment_profile(c: &Commitment) -> Profile {
        let mut p = Profile {
            entities: c.entities.iter().cloned().collect(),
            terms: suggest::text_terms(c.content.as_deref().unwrap_or(&c.quote)),
        };
        p.entities.extend(c.meeting_entity.clone());
        p
    }

    /// Commitments with their status, overdue flag (as of `as_of`) and
    /// follow-ups: later documents that name the meeting where a commitment
    /// was made or the things it is about.
    pub async fn commitments(
        &self,
        gaz: &Gazetteer,
        filter: &CommitmentFilter,
        as_of: NaiveDate,
    ) -> Result<Vec<Commitment>> {
        let names = self.entity_names(gaz).await?;
        let mut all = self.commitment_rows().await?;
        let infos = self.doc_infos().await?;
        let mut texts: HashMap<String, String> = HashMap::new();
        for c in &mut all {
            c.overdue = c
                .deadline
                .as_deref()
                .and_then(deadline_end)
                .is_some_and(|end| end < as_of)
                && !matches!(
                    c.status,
                    CommitmentStatus::Fulfilled | CommitmentStatus::Withdrawn
                );
        }
        all.retain(|c| {
            (!filter.open || c.status.is_open())
                && (!filter.overdue || c.overdue)
                && filter.by.as_deref().is_none_or(|q| {
                    party_matches(gaz, c.party.as_deref().or(c.speaker.as_deref()), q)
                })
                && filter
                    .to
                    .as_deref()
                    .is_none_or(|q| party_matches(gaz, c.addressee.as_deref(), q))
        });
        for c in &mut all {
            let profile = Self::commitment_profile(c);
            let source_docs: HashSet<&str> = c.sources.iter().map(|(d, _)| d.as_str()).collect();
            let mut ups = Vec::new();
            for d in infos
                .iter()
                .filter(|d| d.original && !source_docs.contains(d.id.as_str()))
            {
                let later = match (&d.published, &c.made_on) {
                    (Some(p), Some(m)) => p > m,
                    _ => false,
                };
                if !later {
                    continue;
                }
                if !texts.contains_key(&d.id) {
                    texts.insert(d.id.clone(), self.store.document(&d.id).await?.text);
                }
                let text = &texts[&d.id];
                let dp = Profile {
                    entities: d.entities.clone(),
                    terms: suggest::text_terms(text),
                };
                if let Some(m) = suggest::score(&profile, &dp, &names) {
                    ups.push(FollowUp {
                        doc: d.id.clone(),
                        published: d.published.clone(),
                        title: d.title.clone(),
                        score: m.score,
                        reason: follow_up_reason(&m, c, &names),
                        span: best_sentence(text, &sentences(text), &d.mentions, &m),
                    });
                }
            }
            ups.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.published.cmp(&b.published))
            });
            c.follow_ups = ups;
        }
        Ok(all)
    }

    /// Set a commitment's status: one new history entry.
    pub async fn set_commitment_status(
        &self,
        id: &str,
        status: CommitmentStatus,
        evidence: Option<&Evidence>,
        effective: NaiveDate,
        actor: &str,
        note: Option<&str>,
    ) -> Result<HistoryEntry> {
        let id = self.resolve_commitment(id).await?;
        let store = self.store;
        in_tx!(store, |conn| {
            record(
                conn,
                SubjectKind::Commitment,
                &id,
                CommitmentStatus::INITIAL.name(),
                status.name(),
                evidence,
                effective,
                actor,
                note,
            )
            .await
        })
    }

    /// A commitment id from a unique prefix (`c-1a2b`).
    pub async fn resolve_commitment(&self, id: &str) -> Result<String> {
        let id = id.trim();
        let rows = sqlx::query(
            "SELECT id FROM commitments WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2",
        )
        .bind(id)
        .bind(format!("{id}\u{7f}"))
        .fetch_all(self.pool())
        .await?;
        match rows.len() {
            0 => Err(TrackerError::NotFound(format!(
                "commitment {id:?} (hoptac commitments lists them)"
            ))),
            1 => Ok(rows[0].try_get("id")?),
            _ => Err(TrackerError::Invalid(format!(
                "{id:?} names more than one commitment: give more of the id"
            ))),
        }
    }

    // -------------------------------------------------------- suggestions

    /// Rank, for each document (or the one given), the action lines of
    /// `plan` and the open commitments it may be evidence for, best first,
    /// with the reason and the sentence to cite. Pairs a person already
    /// accepted or rejected, or already cited as evidence, are left out.
    pub async fn suggest(
        &self,
        gaz: &Gazetteer,
        plan: Option<&PlanInfo>,
        doc: Option<&str>,
    ) -> Result<Vec<Suggestion>> {
        let names = self.entity_names(gaz).await?;
        let infos = self.doc_infos().await?;
        let only = match doc {
            Some(d) => Some(self.store.document(d).await?.summary.id),
            None => None,
        };
        let lines = match plan {
            Some(p) => self.lines(&p.id).await?,
            None => vec![],
        };
        let profiles: Vec<(&Line, Profile)> = lines
            .iter()
            .filter(|l| l.action && !l.retired)
            .map(|l| {
                (
                    l,
                    suggest::line_profile(gaz, &l.text, l.text_vi.as_deref(), &l.topics),
                )
            })
            .collect();
        let commitments: Vec<Commitment> = self
            .commitment_rows()
            .await?
            .into_iter()
            .filter(|c| c.status.is_open())
            .collect();
        let mut decided: HashSet<(String, String, String)> =
            sqlx::query("SELECT doc_id, subject_kind, subject FROM suggestion_decisions")
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("doc_id")?,
                        r.try_get("subject_kind")?,
                        r.try_get("subject")?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?;
        for r in sqlx::query("SELECT evidence_doc, subject_kind, subject FROM tracker_history WHERE evidence_doc IS NOT NULL")
            .fetch_all(self.pool())
            .await?
        {
            decided.insert((r.try_get("evidence_doc")?, r.try_get("subject_kind")?, r.try_get("subject")?));
        }
        let mut out = Vec::new();
        for d in infos
            .iter()
            .filter(|d| d.original && only.as_ref().is_none_or(|o| *o == d.id))
        {
            let text = self.store.document(&d.id).await?.text;
            let sents = sentences(&text);
            let dp = Profile {
                entities: d.entities.clone(),
                terms: suggest::text_terms(&text),
            };
            let mut found: Vec<Suggestion> = Vec::new();
            let mut push = |kind: SubjectKind,
                            target: String,
                            target_text: String,
                            status: String,
                            m: Match,
                            reason: String| {
                if decided.contains(&(d.id.clone(), kind.name().to_string(), target.clone())) {
                    return;
                }
                let span = best_sentence(&text, &sents, &d.mentions, &m);
                found.push(Suggestion {
                    n: 0,
                    doc: d.id.clone(),
                    title: d.title.clone(),
                    target_kind: kind,
                    target,
                    target_text,
                    status,
                    score: m.score,
                    reason,
                    quote: span.and_then(|s| s.slice(&text)).map(str::to_string),
                    span,
                });
            };
            for (l, p) in &profiles {
                if let Some(m) = suggest::score(p, &dp, &names) {
                    let reason = suggest::reason(&m, &names);
                    push(
                        SubjectKind::Line,
                        line_subject(&l.plan, &l.id),
                        l.text.clone(),
                        l.status.to_string(),
                        m,
                        reason,
                    );
                }
            }
            for c in &commitments {
                if c.sources.iter().any(|(s, _)| *s == d.id) {
                    continue;
                }
                let later = match (&d.published, &c.made_on) {
                    (Some(p), Some(m)) => p > m,
                    _ => false,
                };
                if !later {
                    continue;
                }
                if let Some(m) = suggest::score(&Self::commitment_profile(c), &dp, &names) {
                    let reason = follow_up_reason(&m, c, &names);
                    push(
                        SubjectKind::Commitment,
                        c.id.clone(),
                        c.quote.clone(),
                        c.status.to_string(),
                        m,
                        reason,
                    );
                }
            }
            found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.target.cmp(&b.target)));
            out.extend(found);
        }
        for (i, s) in out.iter_mut().enumerate() {
            s.n = i + 1;
        }
        Ok(out)
    }

    /// Accept a suggestion: set the status of its line or commitment with
    /// the document's sentence as evidence (effective from the document's
    /// date), and record the decision so it is not proposed again.
    pub async fn accept(
        &self,
        s: &Suggestion,
        status: &str,
        actor: &str,
        note: Option<&str>,
    ) -> Result<HistoryEntry> {
        let ev = Evidence {
            kind: "document".into(),
            doc: Some(s.doc.clone()),
            span: s.span,
            quote: s.quote.clone(),
            ..Default::default()
        };
        let (_, date) = self
            .resolve_evidence(
                &EvidenceSpec::Document {
                    doc: s.doc.clone(),
                    span: None,
                },
                None,
            )
            .await?;
        let on = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let note = note.map_or_else(
            || format!("accepted suggestion: {}", s.reason),
            str::to_string,
        );
        let entry = match s.target_kind {
            SubjectKind::Line => {
                let st = LineStatus::parse(status).ok_or_else(|| {
                    TrackerError::Invalid(format!(
                        "bad status {status:?} for a line: use one of {}",
                        LineStatus::names()
                    ))
                })?;
                let (plan, line) = s.target.split_once('/').unwrap_or_default();
                self.set_line_status(plan, line, st, Some(&ev), on, actor, Some(&note))
                    .await?
            }
            SubjectKind::Commitment => {
                let st = CommitmentStatus::parse(status).ok_or_else(|| {
                    TrackerError::Invalid(format!(
                        "bad status {status:?} for a commitment: use one of {}",
                        CommitmentStatus::names()
                    ))
                })?;
                self.set_commitment_status(&s.target, st, Some(&ev), on, actor, Some(&note))
                    .await?
            }
        };
        self.decide(s, true, actor).await?;
        Ok(entry)
    }

    /// Record that a person accepted or rejected a suggestion.
    pub async fn decide(&self, s: &Suggestion, accepted: bool, actor: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO suggestion_decisions (doc_id, subject_kind, subject, decision, actor, decided_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (doc_id, subject_kind, subject) DO UPDATE SET decision = excluded.decision, actor = excluded.actor, decided_at = excluded.decided_at",
        )
        .bind(&s.doc)
        .bind(s.target_kind.name())
        .bind(&s.target)
        .bind(if accepted { "accepted" } else { "rejected" })
        .bind(actor)
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    // ------------------------------------------------------------ changes

    /// What changed since a date: status changes effective or recorded
    /// since, commitments made since, meetings held since (or, undated,
    /// reported by documents published or stored since).
    pub async fn changes(&self, gaz: &Gazetteer, since: NaiveDate) -> Result<Changes> {
        let s = since.to_string();
        let rows = sqlx::query(&format!(
            "SELECT {HISTORY_COLS} FROM tracker_history WHERE effective >= $1 OR recorded_at >= $2 ORDER BY effective, id"
        ))
        .bind(&s)
        .bind(&s)
        .fetch_all(self.pool())
        .await?;
        let statuses = rows
            .iter()
            .map(history_from_row)
            .collect::<Result<Vec<_>>>()?;
        let commitments = self
            .commitments(
                gaz,
                &CommitmentFilter::default(),
                chrono::Utc::now().date_naive(),
            )
            .await?
            .into_iter()
            .filter(|c| c.made_on.as_deref().is_some_and(|m| m >= s.as_str()))
            .collect();
        let infos = self.doc_infos().await?;
        let by_id: HashMap<&str, &DocInfo> = infos.iter().map(|d| (d.id.as_str(), d)).collect();
        let mut meetings: Vec<MeetingSeen> = Vec::new();
        for (doc, f) in self.store.facts_of_kind("meeting").await? {
            let Some(info) = by_id.get(doc.as_str()) else {
                continue;
            };
            if !info.original {
                continue;
            }
            let FactBody::Meeting(m) = &f.body else {
                continue;
            };
            let new = match &m.date {
                Some(d) => d.as_str() >= &s[..d.len().min(s.len())],
                None => {
                    info.published
                        .as_deref()
                        .unwrap_or(&info.ingested[..10.min(info.ingested.len())])
                        >= s.as_str()
                }
            };
            if !new {
                continue;
            }
            let key = f.entity.clone();
            match meetings
                .iter_mut()
                .find(|x| key.is_some() && x.entity == key)
            {
                Some(x) => {
                    if !x.documents.contains(&doc) {
                        x.documents.push(doc.clone());
                    }
                }
                None => meetings.push(MeetingSeen {
                    entity: key,
                    name: m.name_en.clone().unwrap_or_else(|| m.name.clone()),
                    date: m.date.clone(),
                    place: m.place.clone(),
                    documents: vec![doc.clone()],
                }),
            }
        }
        meetings.sort_by(|a, b| a.date.cmp(&b.date));
        Ok(Changes {
            since: s,
            statuses,
            commitments,
            meetings,
        })
    }
}

/// The reason a document follows up a commitment, in words.
fn follow_up_reason(m: &Match, c: &Commitment, names: &EntityNames) -> String {
    let mut parts = Vec::new();
    if let Some(me) = &c.meeting_entity {
        if m.entities.contains(me) {
            parts.push(format!(
                "names the meeting where it was made ({})",
                c.meeting.as_deref().unwrap_or(me)
            ));
        }
    }
    let rest = Match {
        score: m.score,
        entities: m
            .entities
            .iter()
            .filter(|e| Some(*e) != c.meeting_entity.as_ref())
            .cloned()
            .collect(),
        terms: m.terms.clone(),
    };
    let r = suggest::reason(&rest, names);
    if !r.is_empty() {
        parts.push(r);
    }
    parts.join("; ")
}

/// The country or group a speaker speaks for: a person's country (from a
/// person fact of the same document, or the gazetteer), else the speaker
/// itself (a party such as "ASEAN" or "Japan").
fn party_of(gaz: &Gazetteer, facts: &[Fact], speaker: &str) -> String {
    let key = name_key(speaker);
    let iso3 = facts
        .iter()
        .find_map(|f| match &f.body {
            FactBody::Person(p) if name_key(&p.name) == key => p.country.clone(),
            _ => None,
        })
        .or_else(|| {
            gaz.person_named(speaker)
                .and_then(|e| e.attr("country").map(str::to_string))
        });
    match iso3 {
        Some(c) => gaz.country(&c).map_or(c, |e| e.name_en.clone()),
        None => speaker.to_string(),
    }
}

/// Does `party` match what a person asked for: a gazetteer id
/// (`vietnam`), an ISO code (`VNM`) or a name in either language
/// ("Việt Nam", "viet nam", "Japan")?
pub fn party_matches(gaz: &Gazetteer, party: Option<&str>, query: &str) -> bool {
    let Some(party) = party else { return false };
    let pk = name_key(party);
    let q = query.trim();
    let mut keys = vec![name_key(q)];
    let entry = gaz
        .get(&q.to_ascii_lowercase())
        .or_else(|| gaz.country(&q.to_ascii_uppercase()))
        .or_else(|| {
            let text = q.to_string();
            suggest::text_entities(gaz, &text)
                .into_iter()
                .next()
                .and_then(|id| gaz.get(&id))
        });
    if let Some(e) = entry {
        keys.extend(e.names().map(name_key));
        keys.extend(e.acronym.as_deref().map(name_key));
    }
    keys.iter().any(|k| !k.is_empty() && *k == pk)
}
