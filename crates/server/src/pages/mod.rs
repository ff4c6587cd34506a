//! The dashboard: server-rendered HTML, no JavaScript. maud escapes every
//! string written into the page, so article text is always shown as text;
//! the Content-Security-Policy (see [`crate::CSP`]) forbids scripts on top.
//! Every number links to its source: `/documents/ID?hl=START-END#hl`
//! opens the document with that span marked.
//!
//! One module per page family; this one holds what they share (the page
//! frame and its language, errors as pages, links and number formats).

use crate::api::{self, Decision};
use crate::auth::{self, Actor, Role};
use crate::error::ApiError;
use crate::i18n::{tr, Ui};
use crate::{views, Shared};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use hoptac_model::{Fact, FactBody};
use hoptac_text::Span;
use hoptac_tracker::{
    CommitmentFilter, CommitmentStatus, GroupBy, LineStatus, ProgressRow, Status, SubjectKind,
    Tracker,
};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use std::collections::HashMap;

mod documents;
mod entities;
mod figures;
mod login;
mod overview;
mod plan;
mod review;
mod search;

use entities::{first_report, meeting_name};

const CSS: &str = include_str!("../style.css");

/// The dashboard's routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(overview::overview))
        .route("/search", get(search::page))
        .route("/documents", get(documents::documents))
        .route("/documents/{id}", get(documents::document))
        .route("/entities/{id}", get(entities::entity))
        .route("/meetings", get(entities::meetings))
        .route("/plan", get(plan::plan))
        .route("/review", get(review::review).post(review::review_post))
        .route("/figures", get(figures::figures))
        .route("/login", get(login::login).post(login::login_post))
        .route("/logout", axum::routing::post(login::logout))
        .route(
            "/static/style.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "max-age=3600"),
                    ],
                    CSS,
                )
            }),
        )
}

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = html! {
            (DOCTYPE)
            html { head { meta charset="utf-8"; title { "hoptac: " (self.0.status) }
                link rel="stylesheet" href="/static/style.css"; }
              body { main { h1 { (self.0.status) } p.error { (self.0.message) } p { a href="/" { "hoptac" } } } } }
        };
        (self.0.status, body).into_response()
    }
}

type PageResult = Result<Response, PageError>;

/// What every page knows: the language, who is logged in, the query.
pub struct Ctx {
    ui: Ui,
    set_lang: bool,
    actor: Option<Actor>,
    q: HashMap<String, String>,
    path: String,
}

impl FromRequestParts<Shared> for Ctx {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, st: &Shared) -> Result<Self, Self::Rejection> {
        let q: HashMap<String, String> = Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .map(|Query(q)| q)
            .unwrap_or_default();
        let asked = q.get("lang").and_then(|l| Ui::parse(l));
        let ui = asked
            .or_else(|| auth::cookie(&parts.headers, "hoptac_lang").and_then(Ui::parse))
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|h| h.to_str().ok())
                    .and_then(Ui::from_accept)
            })
            .unwrap_or(Ui::En);
        // A bad or revoked cookie is just "not logged in" on a page.
        let actor = match auth::cookie(&parts.headers, auth::COOKIE) {
            Some(t) => auth::verify(&st.store, t).await.ok().flatten(),
            None => None,
        };
        Ok(Ctx {
            ui,
            set_lang: asked.is_some(),
            actor,
            q,
            path: parts.uri.path().to_string(),
        })
    }
}

impl Ctx {
    fn t(&self, k: &str) -> &'static str {
        tr(self.ui, k)
    }
    fn vi(&self) -> bool {
        self.ui == Ui::Vi
    }
    fn page(&self, title: &str, body: Markup) -> Response {
        let nav = [
            ("/", "overview"),
            ("/search", "search"),
            ("/documents", "documents"),
            ("/meetings", "meetings"),
            ("/figures", "figures"),
            ("/plan", "plan"),
            ("/review", "review"),
            // The briefing of `hoptac report`, in the interface's language.
            (
                if self.vi() {
                    "/reports/overview?lang=vi"
                } else {
                    "/reports/overview?lang=en"
                },
                "briefing",
            ),
        ];
        let m = html! {
            (DOCTYPE)
            html lang=(self.ui.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · hoptac" }
                    link rel="stylesheet" href="/static/style.css";
                }
                body {
                    header.top {
                        a.brand href="/" { "hoptac" }
                        nav {
                            @for (href, key) in nav {
                                a href=(href) class=[(self.path == href).then_some("here")] { (self.t(key)) }
                            }
                        }
                        div.who {
                            @if self.vi() { a href="?lang=en" { "EN" } } @else { a href="?lang=vi" { "VI" } }
                            @match &self.actor {
                                Some(a) => {
                                    span.me { (self.t("logged_in_as")) " " (a.name) " (" (a.role) ")" }
                                    form.inline method="post" action="/logout" { button type="submit" { (self.t("logout")) } }
                                }
                                None => a href="/login" { (self.t("login")) },
                            }
                        }
                    }
                    main { (body) }
                }
            }
        };
        let mut res = m.into_response();
        if self.set_lang {
            if let Ok(v) = HeaderValue::from_str(&format!(
                "hoptac_lang={}; Path=/; SameSite=Lax; Max-Age=31536000",
                self.ui.code()
            )) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
        }
        res
    }
}

/// The link to a span of a document, marked on its page.
pub fn src(doc: &str, span: Span) -> String {
    format!("/documents/{doc}?hl={}-{}#hl", span.start(), span.end())
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// 236600000000 USD → "236.6 billion USD" / "236,6 tỷ USD".
fn amount(v: f64, unit: &str, ui: Ui) -> String {
    let (div, en, vi) = if v.abs() >= 1e9 {
        (1e9, " billion", " tỷ")
    } else if v.abs() >= 1e6 {
        (1e6, " million", " triệu")
    } else {
        (1.0, "", "")
    };
    let x = v / div;
    let mut s = if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    if ui == Ui::Vi {
        s = s.replace('.', ",");
    }
    let word = if ui == Ui::Vi { vi } else { en };
    format!("{s}{word} {unit}")
}

fn status_label(ui: Ui, s: &str) -> String {
    match s {
        "implemented" | "ongoing" | "not_started" | "discontinued" => tr(ui, s).to_string(),
        other => other.replace('_', " "),
    }
}

/// Bars of one progress row: an SVG (no inline styles, so the CSP can
/// forbid them) with each status's share.
fn bar(r: &ProgressRow) -> Markup {
    let total = r.total.max(1) as f64;
    let parts = [
        ("implemented", r.implemented),
        ("ongoing", r.ongoing),
        ("discontinued", r.discontinued),
        ("not_started", r.not_started),
    ];
    let mut x = 0.0;
    let rects: Vec<(&str, f64, f64)> = parts
        .iter()
        .map(|&(k, n)| {
            let w = n as f64 / total * 100.0;
            x += w;
            (k, x - w, w)
        })
        .collect();
    html! {
        svg.bar viewBox="0 0 100 6" preserveAspectRatio="none" role="img"
            aria-label=(format!("{} / {}", r.implemented, r.total)) {
            @for (k, x, w) in rects {
                rect class=(format!("s-{k}")) x=(format!("{x:.2}")) y="0" width=(format!("{w:.2}")) height="6" {}
            }
        }
    }
}

fn progress_table(ctx: &Ctx, p: &hoptac_tracker::Progress) -> Markup {
    html! {
        table.progress {
            @for r in p.rows.iter().chain(std::iter::once(&p.total)) {
                tr class=[(r.group == p.total.group).then_some("total")] {
                    th { @if r.group == p.total.group { (ctx.t("all_lines")) } @else { (r.group) ". " (r.title) } }
                    td.bars { (bar(r)) }
                    td.num data-pillar=(r.group) {
                        strong { (r.implemented) "/" (r.total) } " " (ctx.t("implemented"))
                        ", " (r.ongoing) " " (ctx.t("ongoing"))
                    }
                }
            }
        }
        p.legend {
            @for k in ["implemented", "ongoing", "discontinued", "not_started"] {
                span class=(format!("key s-{k}")) {} (ctx.t(k)) " "
            }
        }
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
