//! `/reports/{kind}`: the briefings of `hoptac report` (crates/report),
//! served as they are written on the command line, so a desk officer can
//! open or download one from the dashboard.
//!
//! HTML links its stylesheet (`/reports/report.css`) instead of inlining
//! it: the server's Content-Security-Policy forbids inline styles. PDF is
//! printed by a headless Chromium, on a blocking thread.

use crate::error::ApiError;
use crate::Shared;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use hoptac_report::{render, Format, Kind, Lang, Options, ReportError};
use serde::Deserialize;

/// The report routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/reports/report.css", get(stylesheet))
        .route("/reports/{kind}", get(report))
}

/// The query of `/reports/{kind}`: the options of `hoptac report`.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// `md`, `html` (default), `docx` or `pdf`.
    pub format: Option<String>,
    /// `vi` or `en` (default).
    pub lang: Option<String>,
    /// YYYY-MM-DD; default today.
    pub as_of: Option<String>,
    /// YYYY-MM-DD: changes since (progress).
    pub since: Option<String>,
    /// The partnership (id or name).
    pub partner: Option<String>,
    /// The meeting (record key or words of its name).
    pub meeting: Option<String>,
}

fn date(what: &str, s: &Option<String>) -> Result<Option<NaiveDate>, ApiError> {
    s.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_request(format!("{what}={s:?} is not a date like 2025-10-26"))
            })
        })
        .transpose()
}

impl From<ReportError> for ApiError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Store(s) => s.into(),
            ReportError::Tracker(t) => t.into(),
            ReportError::Usage(m) => ApiError::not_found(m),
            other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        hoptac_report::render::STYLESHEET,
    )
        .into_response()
}

async fn report(
    State(st): State<Shared>,
    Path(kind): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let kind: Kind = kind.parse().map_err(ApiError::not_found)?;
    let format = match q.format.as_deref() {
        None | Some("") => Format::Html,
        Some(f) => Format::parse(f).ok_or_else(|| {
            ApiError::bad_request(format!("format={f:?}: use md, html, docx or pdf"))
        })?,
    };
    let lang = match q.lang.as_deref() {
        None | Some("") => Lang::En,
        Some(l) => l
            .parse::<Lang>()
            .map_err(|_| ApiError::bad_request(format!("lang={l:?}: use vi or en")))?,
    };
    let opts = Options {
        partner: q.partner.clone().filter(|s| !s.is_empty()),
        as_of: date("as_of", &q.as_of)?.unwrap_or_else(|| chrono::Local::now().date_naive()),
        since: date("since", &q.since)?,
        meeting: q.meeting.clone().filter(|s| !s.is_empty()),
        lang,
    };
    let r = hoptac_report::build(&st.store, st.ex.gazetteer(), kind, &opts).await?;
    let (bytes, mime) = match format {
        Format::Html => (
            hoptac_report::render::html_linked(&r, "/reports/report.css").into_bytes(),
            "text/html; charset=utf-8",
        ),
        Format::Markdown => (render(&r, format)?, "text/markdown; charset=utf-8"),
        Format::Docx => (
            render(&r, format)?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Format::Pdf => {
            let bytes = tokio::task::spawn_blocking(move || render(&r, Format::Pdf))
                .await
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))??;
            (bytes, "application/pdf")
        }
    };
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if format != Format::Html {
        let name = format!(
            "attachment; filename=\"hoptac-{}-{}.{}\"",
            match kind {
                Kind::Overview => "overview",
                Kind::Progress => "progress",
                Kind::Meeting => "meeting",
            },
            opts.as_of,
            format.extension()
        );
        if let Ok(v) = HeaderValue::from_str(&name) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(resp)
}
