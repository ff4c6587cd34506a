//! Full-text search in the server: the store's tantivy index
//! (`hoptac-search`), kept level with the store, and `GET /api/search`.
//!
//! One [`SearchIndex`] per server behind a read-write lock: searches share
//! it (read lock, `SearchIndex::query`), catching up takes it alone (write
//! lock, `SearchIndex::sync`, then the tantivy writer is let go so an
//! `hoptac ingest` beside the server may write the index too). The index
//! catches up when the read cache's generation has moved since the last
//! catch-up, i.e. after this server stored something (uploads bump it at
//! once) or the store's change stamp moved (polled every second, which
//! also catches up in the background, on start included). A search never
//! answers from an index behind a write this server has acknowledged.

use crate::api;
use crate::error::ApiError;
use crate::Shared;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use hoptac_search::{SearchError, SearchIndex, SearchRequest, SearchResults};
use hoptac_store::Store;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use tokio::sync::{Mutex, RwLock};

/// The kinds of fact `kind=` takes (as `hoptac search --kind`).
pub use hoptac_model::FACT_KINDS as KINDS;

/// The server's search index.
pub struct Search {
    index: RwLock<SearchIndex>,
    /// The cache generation the index was last brought level at; `None`
    /// before the first catch-up. Held while catching up, so only one runs.
    synced: Mutex<Option<u64>>,
}

impl Search {
    /// Open (or create) the index at `dir`.
    pub fn open(dir: &Path, partners: hoptac_search::Partners) -> Result<Search, SearchError> {
        Ok(Search {
            index: RwLock::new(SearchIndex::open(dir, partners)?),
            synced: Mutex::new(None),
        })
    }

    /// Bring the index level with the store unless it already is at
    /// `generation` (read *before* the store is looked at: a write racing
    /// with this catch-up moves the generation, and the next one runs).
    pub async fn catch_up(&self, store: &Store, generation: u64) -> Result<(), SearchError> {
        let mut synced = self.synced.lock().await;
        if *synced == Some(generation) {
            return Ok(());
        }
        let mut ix = self.index.write().await;
        let r = ix.sync(store).await;
        // Let go of the writer whatever happened: another process may index.
        let released = ix.release_writer();
        let report = match r {
            Ok(report) => report,
            // Another process (`hoptac ingest`) is writing the index: answer
            // from it as it is; the next search or poll catches up.
            Err(SearchError::Busy(dir)) => {
                tracing::info!(index = %dir, "search index busy: catching up later");
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        released?;
        if report.added > 0 || report.rebuilt.is_some() {
            tracing::info!(
                added = report.added,
                rebuilt = ?report.rebuilt,
                documents = report.documents,
                "search index caught up with the store"
            );
        }
        *synced = Some(generation);
        Ok(())
    }

    /// Catch up if needed, then search.
    pub async fn search(
        &self,
        store: &Store,
        generation: u64,
        r: &SearchRequest,
    ) -> Result<SearchResults, SearchError> {
        self.catch_up(store, generation).await?;
        self.index.read().await.query(store, r).await
    }
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Query(_) => ApiError::bad_request(e.to_string()),
            SearchError::Store(s) => s.into(),
            SearchError::Busy(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
            other => {
                tracing::error!("search: {other}");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string())
            }
        }
    }
}

/// A search as the query string gives it (`q`, `lang`, `from`, `to`,
/// `entity`, `kind`, `limit`, `offset`, `duplicates`, `facets`). Empty
/// values are no filter (what an empty form field sends).
pub fn request(q: &HashMap<String, String>) -> Result<SearchRequest, ApiError> {
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let query = get("q")
        .ok_or_else(|| ApiError::bad_request("search needs q=WORDS (a phrase in double quotes)"))?
        .to_string();
    let lang = match get("lang") {
        None => None,
        Some(l @ ("vi" | "en")) => Some(l.to_string()),
        Some(o) => return Err(ApiError::bad_request(format!("lang={o:?}: use vi or en"))),
    };
    let kind = match get("kind") {
        None => None,
        Some(k) if KINDS.contains(&k) => Some(k.to_string()),
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "kind={o:?}: use one of {}",
                KINDS.join(", ")
            )))
        }
    };
    let day = |k: &str| -> Result<Option<chrono::NaiveDate>, ApiError> {
        match get(k) {
            None => Ok(None),
            Some(_) => api::date(q, k, api::today()).map(Some),
        }
    };
    let (from, to) = (day("from")?, day("to")?);
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(ApiError::bad_request(format!(
                "from={a} is after to={b}: nothing can match"
            )));
        }
    }
    let flag = |k: &str, default: bool| match get(k) {
        None => Ok(default),
        Some("true" | "1" | "on" | "yes") => Ok(true),
        Some("false" | "0" | "off" | "no") => Ok(false),
        Some(o) => Err(ApiError::bad_request(format!(
            "{k}={o:?}: use true or false"
        ))),
    };
    let (limit, offset) = api::page(q)?;
    Ok(SearchRequest {
        query,
        lang,
        from,
        to,
        entity: get("entity").map(str::to_string),
        kind,
        limit,
        offset,
        duplicates: flag("duplicates", false)?,
        facets: flag("facets", true)?,
    })
}

/// Run a search for a handler: catch up, query.
pub async fn run(st: &Shared, r: &SearchRequest) -> Result<SearchResults, ApiError> {
    let Some(search) = st.search.as_ref() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no search index (it was started without one)",
        ));
    };
    Ok(search.search(&st.store, st.cache.generation(), r).await?)
}

/// The answer of `GET /api/search`: `hoptac search --format json`'s, with
/// the page asked for.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    /// The page size asked (documents, and fact hits).
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Query, total, documents, facts, facets.
    #[serde(flatten)]
    pub results: SearchResults,
}

/// `GET /api/search`.
pub async fn api_search(
    State(st): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<SearchPage>, ApiError> {
    let r = request(&q)?;
    let results = run(&st, &r).await?;
    Ok(Json(SearchPage {
        limit: r.limit,
        offset: r.offset,
        results,
    }))
}
