//! The tracker's statements on the store. Every statement is written once
//! for SQLite and PostgreSQL (`$n` placeholders, `ON CONFLICT`); writes go
//! through [`Store::begin_write`] (`BEGIN IMMEDIATE` on SQLite).
//!
//! sqlx's `Any` driver mis-encodes a NULL float or integer for PostgreSQL
//! on a cached statement (see `hoptac_store`): optional numbers are bound
//! as -1 and turned back into NULL with `NULLIF`.
//!
//! Here: the records the tracker returns, the history writer every status
//! change goes through (`record`), and what the parts share (documents'
//! entities). `plans.rs`, `commitments.rs`, `suggestions.rs` and
//! `changes.rs` add the `Tracker` methods of each part.

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

/// What a person says instead of a suggestion ([`Tracker::correct`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Correction {
    /// Line or commitment (default: the suggestion's kind).
    pub target_kind: Option<SubjectKind>,
    /// `PLAN/LINE` or `LINE` (of the suggestion's plan), or a commitment id
    /// or prefix.
    pub target: String,
    /// The status to set.
    pub status: String,
    /// Another passage of the document, `[start, end)` bytes.
    pub span: Option<(usize, usize)>,
    /// Or the passage found by its text.
    pub quote: Option<String>,
    /// Why, for the history (after what was proposed).
    pub note: Option<String>,
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
}

mod changes;
mod commitments;
mod plans;
mod suggestions;

pub use commitments::party_matches;
