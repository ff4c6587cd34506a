//! The partnership tracker: plans and their action lines, commitments
//! derived from statements, the evidence behind every status and the
//! history of who changed what.
//!
//! - [`planfile`]: plan and status files (CSV), parsed and checked before
//!   anything is written.
//! - [`status`]: the statuses of action lines and commitments.
//! - [`evidence`]: a document span, a fact or an external reference.
//! - [`derive`]: which statements are commitments; deadlines.
//! - [`suggest`]: which lines and commitments a document is evidence for.
//! - [`Tracker`] (in `db/`): every statement on the store's tables
//!   (migration `0002_tracker`), through [`hoptac_store::Store::pool`] and
//!   [`hoptac_store::Store::begin_write`], written once for both backends.
//!
//! **Invariants.** The history is append-only: a status change is a new
//! row, never an edit. The current status kept beside each line and
//! commitment is the last entry of its history in history order
//! (effective date, then sequence number), rewritten in the same
//! transaction as the entry, under a row lock on the line or commitment
//! (`UPDATE ... SET hseq = hseq + 1` first; SQLite's `BEGIN IMMEDIATE`),
//! so concurrent changes queue and none is lost. Progress "as of" a date
//! replays the history up to that date. An import is one transaction:
//! a bad file changes nothing.
#![deny(missing_docs)]

mod db;
pub mod derive;
pub mod evidence;
pub mod planfile;
pub mod status;
pub mod suggest;

pub use db::*;
pub use evidence::{Evidence, EvidenceSpec};
pub use planfile::{parse_plan, parse_statuses, FileError, PlanFile, StatusFile};
pub use status::{CommitmentStatus, LineStatus, Status};

use hoptac_store::StoreError;

/// Errors of the tracker.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrackerError {
    /// A plan or status file with problems: nothing was imported.
    #[error("{}\nnothing was imported", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    File(Vec<FileError>),
    /// Input that cannot be used, with the reason.
    #[error("{0}")]
    Invalid(String),
    /// No such plan, line, commitment or document.
    #[error("not found: {0}")]
    NotFound(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for TrackerError {
    fn from(e: sqlx::Error) -> Self {
        TrackerError::Store(StoreError::Database(e))
    }
}

/// Result alias.
pub type Result<T, E = TrackerError> = std::result::Result<T, E>;

/// The tracker's tables for `Store::dump_tables` / `Store::load_tables`
/// (backup and moving a store between backends), parents first.
pub const TRACKER_TABLES: &[hoptac_store::TableSpec] = &[
    hoptac_store::TableSpec {
        name: "partnerships",
        order: "id",
    },
    hoptac_store::TableSpec {
        name: "plans",
        order: "id",
    },
    hoptac_store::TableSpec {
        name: "plan_lines",
        order: "plan, id",
    },
    hoptac_store::TableSpec {
        name: "commitments",
        order: "id",
    },
    hoptac_store::TableSpec {
        name: "commitment_sources",
        order: "doc_id, span_start, span_end",
    },
    hoptac_store::TableSpec {
        name: "tracker_history",
        order: "id",
    },
    hoptac_store::TableSpec {
        name: "suggestion_decisions",
        order: "doc_id, subject_kind, subject",
    },
];
