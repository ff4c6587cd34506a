//! `hoptac serve`: the JSON API (`/api`, described at `/api/openapi.json`)
//! and the analysts' dashboard (server-rendered HTML, no JavaScript) over
//! one store.
//!
//! - [`api`]: JSON handlers, paginated lists, errors as `{"error": ...}`.
//! - [`pages`]: the dashboard (maud templates: every string from the store
//!   is escaped; a strict Content-Security-Policy forbids scripts).
//! - [`auth`]: tokens (hashed, constant-time compare, revocable), roles,
//!   the actor recorded in the tracker's history.
//! - [`cache`]: read responses cached until the store changes.
//! - [`views`]: meetings and figure series assembled from stored facts.
//! - [`search`]: the store's full-text index, kept level with the store,
//!   and `/api/search`.
//!
//! **Invariants.** Reading is open when the server listens on loopback
//! (else a viewer token is needed); every write needs a token of the right
//! role and records its name as the actor. Uploads go through the same
//! readers and pipeline as `hoptac ingest`. Text from articles is only
//! ever written into HTML through maud's escaping.
#![deny(missing_docs)]

pub mod api;
pub mod auth;
pub mod cache;
pub mod error;
mod i18n;
mod listen;
pub mod load;
pub mod openapi;
pub mod pages;
pub mod reports;
pub mod search;
pub mod views;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hoptac_extract::Extractor;
use hoptac_store::Store;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Reading without a token (default: when listening on loopback).
    pub open_reads: bool,
    /// The size limit of one uploaded file, in bytes (as `--max-size`).
    pub max_file_bytes: u64,
    /// The limit of one upload request, in bytes.
    pub max_upload_bytes: usize,
    /// Cache read responses (off only to measure what the cache gives).
    pub cache: bool,
    /// Where the store's search index lives (`hoptac_search::index_dir`);
    /// `None`: no search (`/api/search` answers 503).
    pub index_dir: Option<std::path::PathBuf>,
    /// A connection must send a request's headers within this time, or it
    /// is closed (a slow client cannot hold a connection open for ever).
    pub header_timeout: Duration,
    /// A request, body and handler included, must be done within this
    /// time; past it the answer is 408 and what the handler was doing is
    /// dropped (a write in progress rolls back).
    pub request_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            open_reads: true,
            max_file_bytes: 8 * 1024 * 1024,
            max_upload_bytes: 32 * 1024 * 1024,
            cache: true,
            index_dir: None,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The store.
    pub store: Store,
    /// The extractor (uploads; the gazetteer for the tracker).
    pub ex: Arc<Extractor>,
    /// Cached read responses.
    pub cache: cache::Cache,
    /// Settings.
    pub cfg: Config,
    /// The search index (when `cfg.index_dir` names one that opens).
    pub search: Option<search::Search>,
}

/// The shared state.
pub type Shared = Arc<AppState>;

impl AppState {
    /// The state over a store.
    pub fn new(store: Store, ex: Arc<Extractor>, cfg: Config) -> Shared {
        let search = cfg.index_dir.as_ref().and_then(|dir| {
            let partners = hoptac_search::partners_from_gazetteer(ex.gazetteer());
            search::Search::open(dir, partners)
                .map_err(|e| tracing::error!("search is off: {e}"))
                .ok()
        });
        Arc::new(AppState {
            store,
            ex,
            cache: cache::Cache::default(),
            cfg,
            search,
        })
    }
}

/// The strict policy of every response: no script at all, styles from
/// this server only, forms post here only, no framing.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole application.
pub fn router(state: Shared) -> Router {
    Router::new()
        .nest("/api", api::routes(state.clone()))
        .merge(pages::routes())
        .merge(reports::routes())
        .layer(middleware::from_fn_with_state(state.clone(), read_access))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_timeout,
        ))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serve until `shutdown` resolves; in-flight requests finish first (for
/// at most half a minute).
pub async fn serve(
    listener: TcpListener,
    state: Shared,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let poll = state.clone();
    let poller = tokio::spawn(async move {
        loop {
            if let Ok(s) = poll.store.change_stamp().await {
                poll.cache.observe(s);
            }
            // The index catches up in the background (on start, and after
            // any write), so searches seldom wait for it.
            if let Some(search) = &poll.search {
                if let Err(e) = search.catch_up(&poll.store, poll.cache.generation()).await {
                    tracing::warn!("search index: {e}");
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let header_timeout = state.cfg.header_timeout;
    let r = listen::run(
        listener,
        router(state),
        header_timeout,
        Duration::from_secs(30),
        shutdown,
    )
    .await;
    poller.abort();
    r
}

/// A request that takes longer than `Config::request_timeout` (a client
/// sending its body slowly, or a handler stuck) is answered 408.
async fn request_timeout(State(st): State<Shared>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(st.cfg.request_timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => error::ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request took longer than {} s (body and handling): refused",
                st.cfg.request_timeout.as_secs()
            ),
        )
        .into_response(),
    }
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Reads need a viewer token when reading is not open; cached API reads
/// are answered here.
async fn read_access(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    let public = path == "/login" || path.starts_with("/static/");
    if is_read && !st.cfg.open_reads && !public {
        if let Err(e) = auth::require(&st.store, req.headers(), auth::Role::Viewer).await {
            return if path.starts_with("/api") {
                e.into_response()
            } else {
                pages::PageError(e).into_response()
            };
        }
    }
    let cacheable = st.cfg.cache
        && req.method() == Method::GET
        && path.starts_with("/api/")
        && !path.starts_with("/api/tokens");
    if !cacheable {
        return next.run(req).await;
    }
    // "As of today" is the default of several reads: the date is part of the key.
    let key = format!(
        "{}|{}",
        chrono::Utc::now().date_naive(),
        req.uri().path_and_query().map_or("", |p| p.as_str())
    );
    if let Some(body) = st.cache.get(&key) {
        return json_response(body);
    }
    let g = st.cache.generation();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            st.cache.put(key, g, bytes.clone());
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => {
            error::ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
        }
    }
}

fn json_response(body: axum::body::Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
