//! Errors of the API: JSON `{"error": "..."}` with the status that fits.
//! Pages turn the same errors into an HTML page (`pages::PageError`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hoptac_store::StoreError;
use hoptac_tracker::TrackerError;

/// An error as the client sees it.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, in words.
    pub message: String,
}

impl ApiError {
    /// Any status with a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    /// 400.
    pub fn bad_request(m: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, m)
    }
    /// 404.
    pub fn not_found(m: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, m)
    }
    /// 401.
    pub fn unauthorized(m: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, m)
    }
    /// 403.
    pub fn forbidden(m: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, m)
    }
    fn internal(what: &dyn std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {what}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {what}"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::NotFound(_) => ApiError::not_found(e.to_string()),
            StoreError::Ambiguous { .. } => ApiError::bad_request(e.to_string()),
            // PostgreSQL refuses text it cannot hold (a NUL character):
            // the client's input, not the server's fault.
            StoreError::Database(sqlx::Error::Database(d))
                if matches!(d.code().as_deref(), Some("22021") | Some("22P05")) =>
            {
                ApiError::bad_request(
                    "the request holds a character the store cannot keep (a NUL, \\u0000): refused",
                )
            }
            // The source (sqlx) is logged; the message keeps its first line.
            StoreError::Database(d) => ApiError::internal(&format!("database error: {d}")),
            _ => ApiError::internal(&e),
        }
    }
}

impl From<TrackerError> for ApiError {
    fn from(e: TrackerError) -> Self {
        match e {
            TrackerError::NotFound(_) => ApiError::not_found(e.to_string()),
            TrackerError::Invalid(_) | TrackerError::File(_) => {
                ApiError::bad_request(e.to_string())
            }
            TrackerError::Store(s) => s.into(),
            other => ApiError::internal(&other),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e).into()
    }
}
