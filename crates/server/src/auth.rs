//! Access: tokens, roles, and who is acting.
//!
//! A token is `hoptac_<id>_<secret>`. Only the blake3 hash of the secret is
//! stored (table `api_tokens`, migration 0006); the presented secret is
//! hashed and compared in constant time (`blake3::Hash`'s equality is
//! constant-time). The token's name is the actor recorded in the tracker's
//! history for every write made with it.
//!
//! Writes need a token: `Authorization: Bearer ...` (API clients), or the
//! HttpOnly, SameSite=Strict cookie set by the dashboard's login form, in
//! which case the request's `Origin` (or `Referer`) must be this server —
//! so another site cannot make a logged-in browser post a form here.

use crate::error::ApiError;
use axum::http::{header, HeaderMap};
use hoptac_store::Store;
use serde::Serialize;
use sqlx::Row;
use std::fmt;

/// The cookie the dashboard keeps the token in.
pub const COOKIE: &str = "hoptac_token";

/// What a token may do. Ordered: each role may do what the ones below it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Read (when reading is not open).
    Viewer,
    /// Review suggestions, set statuses, upload documents.
    Analyst,
    /// Manage tokens and plans.
    Admin,
}

impl Role {
    /// Parse `viewer`, `analyst` or `admin`.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "analyst" => Some(Role::Analyst),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    /// The name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenInfo {
    /// The public id (the part after `hoptac_`).
    pub id: String,
    /// Who holds it; recorded as the actor of its writes.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// When created (RFC 3339).
    pub created_at: String,
    /// When revoked.
    pub revoked_at: Option<String>,
}

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// The token's name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// Errors of token management.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// A bad name or role, or a name taken.
    #[error("{0}")]
    Invalid(String),
    /// No such token.
    #[error("no token named {0:?} (hoptac token list shows them)")]
    NotFound(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] hoptac_store::StoreError),
}

impl From<sqlx::Error> for TokenError {
    fn from(e: sqlx::Error) -> Self {
        TokenError::Store(hoptac_store::StoreError::Database(e))
    }
}

fn random_hex(bytes: usize) -> Result<String, TokenError> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf)
        .map_err(|e| TokenError::Invalid(format!("no randomness from the OS: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Create a token; returns it (shown once: only its hash is kept) and its
/// record. The audit log says `local` made it (see [`create_token_by`]).
pub async fn create_token(
    store: &Store,
    name: &str,
    role: Role,
) -> Result<(String, TokenInfo), TokenError> {
    create_token_by(store, name, role, "local").await
}

/// Create a token, recording `by` as its maker in the audit log.
pub async fn create_token_by(
    store: &Store,
    name: &str,
    role: Role,
    by: &str,
) -> Result<(String, TokenInfo), TokenError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 80 || name.chars().any(char::is_control) {
        return Err(TokenError::Invalid(
            "a token needs a name of 1 to 80 printable characters (it is recorded as the author of its changes)".into(),
        ));
    }
    let taken = sqlx::query("SELECT id FROM api_tokens WHERE name = $1")
        .bind(name)
        .fetch_optional(store.pool())
        .await?;
    if taken.is_some() {
        return Err(TokenError::Invalid(format!(
            "a token named {name:?} exists already (revoke it first, or choose another name)"
        )));
    }
    let id = random_hex(6)?;
    let secret = random_hex(24)?;
    let info = TokenInfo {
        id: id.clone(),
        name: name.to_string(),
        role,
        created_at: chrono::Utc::now().to_rfc3339(),
        revoked_at: None,
    };
    sqlx::query(
        "INSERT INTO api_tokens (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(name)
    .bind(role.name())
    .bind(blake3::hash(secret.as_bytes()).to_hex().to_string())
    .bind(&info.created_at)
    .execute(store.pool())
    .await?;
    store
        .audit(by, "token.create", name, Some(role.name()))
        .await?;
    Ok((format!("hoptac_{id}_{secret}"), info))
}

/// Every token, revoked ones included.
pub async fn list_tokens(store: &Store) -> Result<Vec<TokenInfo>, TokenError> {
    let rows = sqlx::query(
        "SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at, name",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(TokenInfo {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: Role::parse(&role).unwrap_or(Role::Viewer),
                created_at: r.try_get("created_at")?,
                revoked_at: r.try_get("revoked_at")?,
            })
        })
        .collect()
}

/// Revoke the token with this name (or id); it stops working at once.
/// `by` is recorded in the audit log.
pub async fn revoke_token(store: &Store, name: &str, by: &str) -> Result<TokenInfo, TokenError> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE (name = $2 OR id = $2) AND revoked_at IS NULL",
    )
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(name)
    .execute(store.pool())
    .await?;
    let all = list_tokens(store).await?;
    match all.into_iter().find(|t| t.name == name || t.id == name) {
        Some(t) if done.rows_affected() > 0 => {
            store
                .audit(by, "token.revoke", &t.name, Some(t.role.name()))
                .await?;
            Ok(t)
        }
        Some(t) if t.revoked_at.is_some() => Ok(t),
        _ => Err(TokenError::NotFound(name.to_string())),
    }
}

/// The actor a presented token stands for, if it is valid and not revoked.
pub async fn verify(store: &Store, token: &str) -> Result<Option<Actor>, TokenError> {
    let Some(rest) = token.trim().strip_prefix("hoptac_") else {
        return Ok(None);
    };
    let Some((id, secret)) = rest.split_once('_') else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT name, role, secret_hash FROM api_tokens WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stored: String = row.try_get("secret_hash")?;
    let Ok(stored) = blake3::Hash::from_hex(stored.as_bytes()) else {
        return Ok(None);
    };
    // blake3::Hash compares in constant time.
    if blake3::hash(secret.as_bytes()) != stored {
        return Ok(None);
    }
    let role: String = row.try_get("role")?;
    Ok(Some(Actor {
        name: row.try_get("name")?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
    }))
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// True when the request says it comes from a page of this server: its
/// `Origin` (or, failing that, `Referer`) names the `Host` it was sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|h| h.to_str().ok());
    let Some(from) = from else { return false };
    let rest = from
        .strip_prefix("http://")
        .or_else(|| from.strip_prefix("https://"));
    rest.is_some_and(|r| r.split('/').next() == Some(host))
}

/// Who sent this request: a bearer token first, else the dashboard cookie.
/// `Ok(None)` when no token was presented; an error when one was presented
/// and is not valid, or a cookie came from another site.
pub async fn actor(store: &Store, headers: &HeaderMap) -> Result<Option<Actor>, ApiError> {
    if let Some(h) = headers.get(header::AUTHORIZATION) {
        let v = h.to_str().unwrap_or("");
        let Some(tok) = v.strip_prefix("Bearer ") else {
            return Err(ApiError::unauthorized(
                "the Authorization header must be 'Bearer TOKEN'",
            ));
        };
        return match verify(store, tok).await.map_err(token_err)? {
            Some(a) => Ok(Some(a)),
            None => Err(ApiError::unauthorized(
                "the token is not valid or was revoked",
            )),
        };
    }
    if let Some(tok) = cookie(headers, COOKIE) {
        return verify(store, tok).await.map_err(token_err);
    }
    Ok(None)
}

/// The actor of a write, who must hold at least `role`. Cookie-borne
/// tokens must come with a same-origin `Origin`/`Referer`.
pub async fn require(store: &Store, headers: &HeaderMap, role: Role) -> Result<Actor, ApiError> {
    let via_cookie = headers.get(header::AUTHORIZATION).is_none();
    let Some(a) = actor(store, headers).await? else {
        return Err(ApiError::unauthorized(format!(
            "this needs a token with the {role} role: send 'Authorization: Bearer TOKEN' (hoptac token create --role {role} --name NAME makes one) or log in on the dashboard"
        )));
    };
    if via_cookie && !same_origin(headers) {
        return Err(ApiError::forbidden(
            "a form sent from another site: refused (the Origin does not match this server)",
        ));
    }
    if a.role < role {
        return Err(ApiError::forbidden(format!(
            "the token {:?} has the {} role; this needs {role}",
            a.name, a.role
        )));
    }
    Ok(a)
}

pub(crate) fn token_err(e: TokenError) -> ApiError {
    match e {
        TokenError::Invalid(m) => ApiError::bad_request(m),
        TokenError::NotFound(_) => ApiError::not_found(e.to_string()),
        TokenError::Store(s) => s.into(),
    }
}
