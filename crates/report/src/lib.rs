//! hoptac's reports: the briefings a ministry sends, written from the
//! store with every number and claim footnoted to its source.
//!
//! - [`compose::build`] makes a [`model::Report`] (overview, progress, meeting)
//!   from the store and the tracker; it is the only part that reads data.
//! - [`render`] turns a report into Markdown, HTML (self-contained, charts
//!   as inline SVG), DOCX, or PDF (through a headless browser found at run
//!   time).
#![deny(missing_docs)]

pub mod cite;
pub mod compose;
pub mod docx;
pub mod export;
pub mod i18n;
pub mod model;
pub mod render;
pub mod svg;

pub use compose::{build, Kind, Options};
pub use model::{Lang, Report};
pub use render::{render, Format};

/// Errors of report building and rendering.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store said no.
    #[error(transparent)]
    Store(#[from] hoptac_store::StoreError),
    /// The tracker said no.
    #[error(transparent)]
    Tracker(#[from] hoptac_tracker::TrackerError),
    /// A request that cannot be answered (no plan, no such meeting).
    #[error("{0}")]
    Usage(String),
    /// A stored span that does not fit its document.
    #[error("bad source: {0}")]
    Source(String),
    /// Rendering failed (a missing tool, a write error).
    #[error("{0}")]
    Render(String),
}

/// Result alias.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;
