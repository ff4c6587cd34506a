//! The JSON API under `/api`. Lists are paginated (`limit`, 1–500,
//! default 50; `offset`) and answer `{total, limit, offset, items}`.
//! Errors are `{"error": "..."}` with the status that fits. Writes need a
//! token (see [`crate::auth`]) and record its name as the actor.

use crate::auth::{self, Role};
use crate::error::ApiError;
use crate::{openapi, views, Shared};
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use hoptac_ingest::{Format, ReadError, ReadErrorKind, ReadOptions};
use hoptac_model::{DocumentMeta, Fact};
use hoptac_store::{PutOutcome, StoredDocument};
use hoptac_tracker::{
    CommitmentFilter, CommitmentStatus, EvidenceSpec, GroupBy, HistoryEntry, LineStatus, Status,
    SubjectKind, Suggestion, Tracker,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;

type Q = Query<HashMap<String, String>>;
type ApiResult<T> = Result<Json<T>, ApiError>;

/// The routes, relative to `/api`.
pub fn routes(st: Shared) -> Router<Shared> {
    let upload_limit = st.cfg.max_upload_bytes;
    Router::new()
        .route("/openapi.json", get(|| async { Json(openapi::spec()) }))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/search", get(crate::search::api_search))
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/meetings", get(meetings))
        .route("/figures", get(figures))
        .route("/plans", get(plans))
        .route("/plan/progress", get(progress))
        .route("/plan/checks", get(checks))
        .route("/plan/lines", get(lines))
        .route("/plan/lines/{line}/history", get(line_history))
        .route("/plan/lines/{line}/status", post(set_line))
        .route("/commitments", get(commitments))
        .route("/commitments/{id}/status", post(set_commitment))
        .route("/suggestions", get(suggestions))
        .route("/suggestions/accept", post(accept))
        .route("/suggestions/reject", post(reject))
        .route("/suggestions/correct", post(correct))
        .route("/changes", get(changes))
        .route(
            "/ingest",
            post(ingest).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/tokens", get(tokens))
        .route("/tokens/{name}", delete(revoke))
        .fallback(|| async { ApiError::not_found("no such API endpoint (see /api/openapi.json)") })
}

/// A page of a list.
#[derive(Debug, Serialize)]
pub struct Paged<T> {
    /// Items in the whole list.
    pub total: usize,
    /// The page size asked.
    pub limit: usize,
    /// Items skipped.
    pub offset: usize,
    /// This page.
    pub items: Vec<T>,
}

fn num(
    q: &HashMap<String, String>,
    k: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match q.get(k) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "{k}={v:?}: give a whole number from 0 to {max}"
            ))),
        },
    }
}

/// `limit` (1–500, default 50) and `offset` (default 0).
pub fn page(q: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let limit = num(q, "limit", 50, 500)?;
    if limit == 0 {
        return Err(ApiError::bad_request("limit=0: give 1 to 500"));
    }
    Ok((limit, num(q, "offset", 0, usize::MAX)?))
}

/// Slice a whole list into the page `limit`/`offset` asks for.
pub fn paginate<T>(q: &HashMap<String, String>, all: Vec<T>) -> Result<Paged<T>, ApiError> {
    let (limit, offset) = page(q)?;
    let total = all.len();
    let items = all.into_iter().skip(offset).take(limit).collect();
    Ok(Paged {
        total,
        limit,
        offset,
        items,
    })
}

/// A `YYYY-MM-DD` parameter, or `default`.
pub fn date(
    q: &HashMap<String, String>,
    k: &str,
    default: NaiveDate,
) -> Result<NaiveDate, ApiError> {
    match q.get(k).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| ApiError::bad_request(format!("{k}={v:?} is not a date like 2025-10-26"))),
    }
}

pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(x)| x)
        .map_err(|e| ApiError::new(e.status(), format!("bad request body: {}", e.body_text())))
}

// ---- documents and entities ----

async fn documents(
    State(st): State<Shared>,
    Query(q): Q,
) -> ApiResult<Paged<hoptac_store::DocumentSummary>> {
    let (limit, offset) = page(&q)?;
    let total = st.store.counts().await?.documents as usize;
    let items = st.store.documents(limit as i64, offset as i64).await?;
    Ok(Json(Paged {
        total,
        limit,
        offset,
        items,
    }))
}

/// A document with its facts (each with its kind, fields and span).
#[derive(Debug, Serialize)]
pub struct DocumentWithFacts {
    /// The document, text included.
    #[serde(flatten)]
    pub document: StoredDocument,
    /// Its facts in document order.
    pub fact_list: Vec<Fact>,
}

async fn document(
    State(st): State<Shared>,
    Path(id): Path<String>,
) -> ApiResult<DocumentWithFacts> {
    let document = st.store.document(&id).await?;
    let fact_list = st.store.facts(&document.summary.id).await?;
    Ok(Json(DocumentWithFacts {
        document,
        fact_list,
    }))
}

async fn entities(
    State(st): State<Shared>,
    Query(q): Q,
) -> ApiResult<Paged<hoptac_store::EntitySummary>> {
    let mut all = st.store.entities().await?;
    if let Some(k) = q.get("kind") {
        all.retain(|e| &e.entity.kind == k);
    }
    all.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then(a.entity.id.cmp(&b.entity.id))
    });
    Ok(Json(paginate(&q, all)?))
}

async fn entity(State(st): State<Shared>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let e = st
        .store
        .entities()
        .await?
        .into_iter()
        .find(|e| e.entity.id == id)
        .ok_or_else(|| {
            ApiError::not_found(format!("no entity {id:?} is mentioned in the store"))
        })?;
    let mentions = st.store.mentions_of(&id).await?;
    Ok(Json(json!({ "entity": e, "mentions": mentions })))
}

async fn meetings(
    State(st): State<Shared>,
    Query(q): Q,
) -> ApiResult<Paged<hoptac_store::MeetingRecord>> {
    Ok(Json(paginate(&q, views::meetings(&st.store).await?)?))
}

async fn figures(State(st): State<Shared>, Query(q): Q) -> ApiResult<Paged<views::Series>> {
    let mut all = views::series(&st.store).await?;
    if let Some(s) = q.get("series") {
        all.retain(|x| &x.id == s);
    }
    Ok(Json(paginate(&q, all)?))
}

// ---- the tracker ----

async fn plans(State(st): State<Shared>) -> Result<Json<Value>, ApiError> {
    let t = Tracker::new(&st.store);
    Ok(Json(
        json!({ "plans": t.plans().await?, "partnerships": t.partnerships().await? }),
    ))
}

async fn progress(State(st): State<Shared>, Query(q): Q) -> ApiResult<hoptac_tracker::Progress> {
    let t = Tracker::new(&st.store);
    let plan = t.plan(q.get("plan").map(String::as_str)).await?;
    let by = match q.get("by").map(String::as_str).unwrap_or("pillar") {
        "pillar" => GroupBy::Pillar,
        "section" => GroupBy::Section,
        "plan" => GroupBy::Plan,
        o => {
            return Err(ApiError::bad_request(format!(
                "by={o:?}: use pillar, section or plan"
            )))
        }
    };
    Ok(Json(
        t.progress(&plan.id, date(&q, "as_of", today())?, by)
            .await?,
    ))
}

async fn checks(
    State(st): State<Shared>,
    Query(q): Q,
) -> ApiResult<Vec<hoptac_tracker::RatioCheck>> {
    let t = Tracker::new(&st.store);
    let plan = t.plan(q.get("plan").map(String::as_str)).await?;
    Ok(Json(t.ratio_checks(&plan).await?))
}

async fn lines(State(st): State<Shared>, Query(q): Q) -> ApiResult<Paged<hoptac_tracker::Line>> {
    let t = Tracker::new(&st.store);
    let plan = t.plan(q.get("plan").map(String::as_str)).await?;
    let mut all = t.lines(&plan.id).await?;
    if let Some(s) = q.get("status") {
        all.retain(|l| l.action && l.status.to_string() == *s);
    }
    Ok(Json(paginate(&q, all)?))
}

async fn line_history(
    State(st): State<Shared>,
    Path(line): Path<String>,
    Query(q): Q,
) -> ApiResult<Vec<HistoryEntry>> {
    let t = Tracker::new(&st.store);
    let plan = t.plan(q.get("plan").map(String::as_str)).await?;
    if !t.lines(&plan.id).await?.iter().any(|l| l.id == line) {
        return Err(ApiError::not_found(format!(
            "line {line} in plan {}",
            plan.id
        )));
    }
    Ok(Json(
        t.history(SubjectKind::Line, &format!("{}/{line}", plan.id))
            .await?,
    ))
}

/// A status change as sent to the API.
#[derive(Debug, Deserialize)]
pub struct StatusChange {
    /// The new status.
    pub status: String,
    /// Evidence as on the CLI: DOC[:START-END], fact:ID, a URL or ref:TEXT.
    pub evidence: Option<String>,
    /// Find the evidence span by this text in the document.
    pub quote: Option<String>,
    /// Effective date (default: the evidence document's date, or today).
    pub on: Option<String>,
    /// Why.
    pub note: Option<String>,
    /// The plan (default: the latest).
    pub plan: Option<String>,
}

async fn evidence_of(
    t: &Tracker<'_>,
    c: &StatusChange,
) -> Result<(Option<hoptac_tracker::Evidence>, NaiveDate), ApiError> {
    let mut on = None;
    let ev = match &c.evidence {
        Some(e) => {
            let spec = EvidenceSpec::parse(e)?;
            let (ev, d) = t.resolve_evidence(&spec, c.quote.as_deref()).await?;
            on = d;
            Some(ev)
        }
        None => None,
    };
    if let Some(d) = &c.on {
        let mut q = HashMap::new();
        q.insert("on".to_string(), d.clone());
        on = Some(date(&q, "on", today())?);
    }
    Ok((ev, on.unwrap_or_else(today)))
}

async fn set_line(
    State(st): State<Shared>,
    headers: HeaderMap,
    Path(line): Path<String>,
    b: Result<Json<StatusChange>, JsonRejection>,
) -> ApiResult<HistoryEntry> {
    let actor = auth::require(&st.store, &headers, Role::Analyst).await?;
    let c = body(b)?;
    let status = LineStatus::parse(&c.status).ok_or_else(|| {
        ApiError::bad_request(format!(
            "bad status {:?}: use one of {}",
            c.status,
            LineStatus::names()
        ))
    })?;
    let t = Tracker::new(&st.store);
    let plan = t.plan(c.plan.as_deref()).await?;
    let (ev, on) = evidence_of(&t, &c).await?;
    let e = t
        .set_line_status(
            &plan.id,
            &line,
            status,
            ev.as_ref(),
            on,
            &actor.name,
            c.note.as_deref(),
        )
        .await?;
    st.cache.bump();
    Ok(Json(e))
}

async fn commitments(
    State(st): State<Shared>,
    Query(q): Q,
) -> ApiResult<Paged<hoptac_tracker::Commitment>> {
    let flag = |k: &str| q.get(k).is_some_and(|v| v != "false" && v != "0");
    let filter = CommitmentFilter {
        open: flag("open"),
        overdue: flag("overdue"),
        by: q.get("by").cloned(),
        to: q.get("to").cloned(),
    };
    let t = Tracker::new(&st.store);
    let all = t
        .commitments(st.ex.gazetteer(), &filter, date(&q, "as_of", today())?)
        .await?;
    Ok(Json(paginate(&q, all)?))
}

async fn set_commitment(
    State(st): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    b: Result<Json<StatusChange>, JsonRejection>,
) -> ApiResult<HistoryEntry> {
    let actor = auth::require(&st.store, &headers, Role::Analyst).await?;
    let c = body(b)?;
    let status = CommitmentStatus::parse(&c.status).ok_or_else(|| {
        ApiError::bad_request(format!(
            "bad status {:?}: use one of {}",
            c.status,
            CommitmentStatus::names()
        ))
    })?;
    let t = Tracker::new(&st.store);
    let (ev, on) = evidence_of(&t, &c).await?;
    let e = t
        .set_commitment_status(&id, status, ev.as_ref(), on, &actor.name, c.note.as_deref())
        .await?;
    st.cache.bump();
    Ok(Json(e))
}

async fn suggestions(State(st): State<Shared>, Query(q): Q) -> ApiResult<Paged<Suggestion>> {
    let t = Tracker::new(&st.store);
    let plan = t.plan(q.get("plan").map(String::as_str)).await.ok();
    let all = t
        .suggest(
            st.ex.gazetteer(),
            plan.as_ref(),
            q.get("doc").map(String::as_str),
        )
        .await?;
    Ok(Json(paginate(&q, all)?))
}

/// A decision on a suggestion: which document, which line or commitment.
#[derive(Debug, Deserialize)]
pub struct Decision {
    /// The document (id or prefix).
    pub doc: String,
    /// `PLAN/LINE` or a commitment id, as in the suggestion.
    pub target: String,
    /// The status to set when accepting.
    pub status: Option<String>,
    /// A note for the history.
    pub note: Option<String>,
}

/// Find the suggestion a decision is about (suggestions are computed, not stored).
pub async fn find_suggestion(st: &Shared, doc: &str, target: &str) -> Result<Suggestion, ApiError> {
    let t = Tracker::new(&st.store);
    let plan = t.plan(None).await.ok();
    t.suggest(st.ex.gazetteer(), plan.as_ref(), Some(doc))
        .await?
        .into_iter()
        .find(|s| s.target == target)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no open suggestion of document {doc} for {target} (already decided, or not proposed)"
            ))
        })
}

/// Accept: set the status with the document's sentence as evidence.
pub async fn accept_as(
    st: &Shared,
    actor: &auth::Actor,
    d: &Decision,
) -> Result<HistoryEntry, ApiError> {
    let s = find_suggestion(st, &d.doc, &d.target).await?;
    let status = d.status.as_deref().ok_or_else(|| {
        ApiError::bad_request("accepting needs a status (e.g. ongoing, implemented)")
    })?;
    let e = Tracker::new(&st.store)
        .accept(&s, status, &actor.name, d.note.as_deref())
        .await?;
    st.cache.bump();
    Ok(e)
}

/// Reject: not proposed again.
pub async fn reject_as(st: &Shared, actor: &auth::Actor, d: &Decision) -> Result<(), ApiError> {
    let s = find_suggestion(st, &d.doc, &d.target).await?;
    Tracker::new(&st.store)
        .decide(&s, false, &actor.name)
        .await?;
    st.cache.bump();
    Ok(())
}

/// A correction of a suggestion: its document is evidence, but for
/// another line or commitment, status or passage.
#[derive(Debug, Deserialize)]
pub struct CorrectionBody {
    /// The document of the suggestion (id or prefix).
    pub doc: String,
    /// What was proposed: `PLAN/LINE` or a commitment id.
    pub target: String,
    /// `line` or `commitment` (default: the kind proposed).
    pub to_kind: Option<String>,
    /// What it is evidence for instead: `PLAN/LINE`, `LINE` (of the
    /// proposed plan) or a commitment id or prefix (default: the target).
    pub to: Option<String>,
    /// The status to set.
    pub status: String,
    /// The passage of the document, `START-END` bytes.
    pub span: Option<String>,
    /// Or the passage by its text.
    pub quote: Option<String>,
    /// Why.
    pub note: Option<String>,
}

/// Correct: set the status of what the analyst names, the document as
/// evidence; the suggestion is decided (`corrected`).
pub async fn correct_as(
    st: &Shared,
    actor: &auth::Actor,
    b: &CorrectionBody,
) -> Result<HistoryEntry, ApiError> {
    let s = find_suggestion(st, &b.doc, &b.target).await?;
    let some = |o: &Option<String>| {
        o.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let target_kind = match some(&b.to_kind).as_deref() {
        None => None,
        Some("line") => Some(SubjectKind::Line),
        Some("commitment") => Some(SubjectKind::Commitment),
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "to_kind={o:?}: use line or commitment"
            )))
        }
    };
    let span = match some(&b.span) {
        None => None,
        Some(v) => {
            let bad = || ApiError::bad_request(format!("span={v:?}: give START-END (bytes)"));
            let (a, e) = v.split_once('-').ok_or_else(bad)?;
            Some((
                a.trim().parse().map_err(|_| bad())?,
                e.trim().parse().map_err(|_| bad())?,
            ))
        }
    };
    let c = hoptac_tracker::Correction {
        target_kind,
        target: some(&b.to).unwrap_or_else(|| s.target.clone()),
        status: b.status.trim().to_string(),
        span,
        quote: some(&b.quote),
        note: some(&b.note),
    };
    let e = Tracker::new(&st.store).correct(&s, &c, &actor.name).await?;
    st.cache.bump();
    Ok(e)
}

async fn correct(
    State(st): State<Shared>,
    headers: HeaderMap,
    b: Result<Json<CorrectionBody>, JsonRejection>,
) -> ApiResult<HistoryEntry> {
    let actor = auth::require(&st.store, &headers, Role::Analyst).await?;
    Ok(Json(correct_as(&st, &actor, &body(b)?).await?))
}

async fn accept(
    State(st): State<Shared>,
    headers: HeaderMap,
    b: Result<Json<Decision>, JsonRejection>,
) -> ApiResult<HistoryEntry> {
    let actor = auth::require(&st.store, &headers, Role::Analyst).await?;
    Ok(Json(accept_as(&st, &actor, &body(b)?).await?))
}

async fn reject(
    State(st): State<Shared>,
    headers: HeaderMap,
    b: Result<Json<Decision>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = auth::require(&st.store, &headers, Role::Analyst).await?;
    let d = body(b)?;
    reject_as(&st, &actor, &d).await?;
    Ok(Json(
        json!({ "rejected": { "doc": d.doc, "target": d.target }, "by": actor.name }),
    ))
}

async fn changes(State(st): State<Shared>, Query(q): Q) -> ApiResult<hoptac_tracker::Changes> {
    if !q.contains_key("since") {
        return Err(ApiError::bad_request("changes needs since=YYYY-MM-DD"));
    }
    let since = date(&q, "since", today())?;
    Ok(Json(
        Tracker::new(&st.store)
            .changes(st.ex.gazetteer(), since)
            .await?,
    ))
}

// ---- writes of documents ----

/// What happened to one uploaded file (or JSON Lines record).
#[derive(Debug, Serialize)]
pub struct IngestItem {
    /// The file name (and line, for JSON Lines).
    pub source: String,
    /// new, duplicate, near_duplicate or failed.
    pub outcome: String,
    /// The document id, when stored.
    pub id: Option<String>,
    /// Facts extracted.
    pub facts: usize,
    /// Why it failed, naming the file.
    pub error: Option<String>,
}

/// Store uploaded files (multipart, one part per file) exactly as
/// `hoptac ingest` stores files: same readers, checks and pipeline. A bad
/// file is reported by name; the others go in.
/// Each document stored goes in with an `upload` record of the audit log
/// naming `actor`, in the same transaction.
pub async fn ingest_files(
    st: &Shared,
    actor: &auth::Actor,
    files: Vec<(String, Vec<u8>)>,
) -> Vec<IngestItem> {
    let opts = ReadOptions {
        lossy: false,
        max_bytes: st.cfg.max_file_bytes,
        defaults: DocumentMeta::default(),
    };
    let mut out = Vec::new();
    let mut stored = false;
    for (name, bytes) in files {
        let fmt = Format::from_path(std::path::Path::new(&name)).unwrap_or(Format::Text);
        let docs = if bytes.len() as u64 > opts.max_bytes {
            vec![Err(ReadError {
                source: name.clone(),
                kind: ReadErrorKind::TooLarge {
                    size: bytes.len() as u64,
                    limit: opts.max_bytes,
                },
            })]
        } else {
            hoptac_ingest::parse_bytes(&name, &bytes, fmt, &opts)
        };
        for d in docs {
            let raw = match d {
                Ok(r) => r,
                Err(e) => {
                    out.push(IngestItem {
                        source: e.source.clone(),
                        outcome: "failed".into(),
                        id: None,
                        facts: 0,
                        error: Some(e.to_string()),
                    });
                    continue;
                }
            };
            let source = raw.source.clone();
            let doc = hoptac_pipeline::prepare(&st.ex, raw);
            let facts = doc.facts.len();
            let (outcome, error) = match st.store.put_document_by(&doc, &actor.name).await {
                Ok(PutOutcome::New) => ("new", None),
                Ok(PutOutcome::Duplicate) => ("duplicate", None),
                Ok(PutOutcome::NearDuplicate { .. }) => ("near_duplicate", None),
                Err(e) => ("failed", Some(format!("{source}: not stored: {e}"))),
            };
            stored |= error.is_none();
            out.push(IngestItem {
                source,
                outcome: outcome.into(),
                id: error.is_none().then(|| doc.id.clone()),
                facts,
                error,
            });
        }
    }
    if stored {
        st.cache.bump();
    }
    out
}

async fn ingest(
    State(st): State<Shared>,
    headers: HeaderMap,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let actor = match auth::require(&st.store, &headers, Role::Analyst).await {
        Ok(a) => a,
        Err(e) => {
            // Read the upload (bounded by the body limit) before refusing it:
            // a client still sending would otherwise see a reset, not the error.
            if let Ok(mut mp) = mp {
                while let Ok(Some(f)) = mp.next_field().await {
                    let _ = f.bytes().await;
                }
            }
            return Err(e);
        }
    };
    // Not multipart/form-data (or no boundary): say so, as JSON.
    let mut mp = mp.map_err(|e| {
        let multipart = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
        ApiError::new(
            if multipart {
                axum::http::StatusCode::BAD_REQUEST
            } else {
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE
            },
            format!(
                "upload: {} (send multipart/form-data, one part per file)",
                e.body_text()
            ),
        )
    })?;
    let mut files = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(ApiError::new(
                    e.status(),
                    format!("upload: {}", e.body_text()),
                ))
            }
        };
        let name = field
            .file_name()
            .map(str::to_string)
            .or_else(|| field.name().map(str::to_string))
            .unwrap_or_else(|| format!("upload-{}", files.len() + 1));
        let bytes = field.bytes().await.map_err(|e| {
            ApiError::new(e.status(), format!("upload of {name}: {}", e.body_text()))
        })?;
        files.push((name, bytes.to_vec()));
    }
    if files.is_empty() {
        return Err(ApiError::bad_request(
            "no files in the upload (multipart/form-data, one part per file)",
        ));
    }
    let items = ingest_files(&st, &actor, files).await;
    let failed = items.iter().filter(|i| i.outcome == "failed").count();
    let status = if failed == 0 {
        axum::http::StatusCode::OK
    } else {
        // Some inputs failed, the others went in (the CLI's exit code 1).
        axum::http::StatusCode::MULTI_STATUS
    };
    Ok((
        status,
        Json(json!({ "by": actor.name, "failed": failed, "items": items })),
    ))
}

// ---- tokens (admin) ----

async fn tokens(State(st): State<Shared>, headers: HeaderMap) -> ApiResult<Vec<auth::TokenInfo>> {
    auth::require(&st.store, &headers, Role::Admin).await?;
    Ok(Json(
        auth::list_tokens(&st.store)
            .await
            .map_err(auth::token_err)?,
    ))
}

async fn revoke(
    State(st): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> ApiResult<auth::TokenInfo> {
    let actor = auth::require(&st.store, &headers, Role::Admin).await?;
    Ok(Json(
        auth::revoke_token(&st.store, &name, &actor.name)
            .await
            .map_err(auth::token_err)?,
    ))
}
