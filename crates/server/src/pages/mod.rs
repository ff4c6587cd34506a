//! The dashboard: server-rendered HTML, no JavaScript. maud escapes every
//! string written into the page, so article text is always shown as text;
//! the Content-Security-Policy (see [`crate::CSP`]) forbids scripts on top.
//! Every number links to its source: `/documents/ID?hl=START-END#hl`
//! opens the document with that span marked.

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

mod search;

const CSS: &str = include_str!("../style.css");

/// The dashboard's routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(overview))
        .route("/search", get(search::page))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/entities/{id}", get(entity))
        .route("/meetings", get(meetings))
        .route("/plan", get(plan))
        .route("/review", get(review).post(review_post))
        .route("/figures", get(figures))
        .route("/login", get(login).post(login_post))
        .route("/logout", axum::routing::post(logout))
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

// ---- overview ----

async fn overview(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let t = Tracker::new(&st.store);
    let gaz = st.ex.gazetteer();
    let as_of = api::date(&ctx.q, "as_of", api::today())?;
    let partnerships = t.partnerships().await?;
    let plan = t.plan(None).await.ok();
    let progress = match &plan {
        Some(p) => Some(t.progress(&p.id, as_of, GroupBy::Pillar).await?),
        None => None,
    };
    let checks = match &plan {
        Some(p) => t.ratio_checks(p).await?,
        None => vec![],
    };
    let meetings = views::meetings(&st.store).await?;
    let series = views::series(&st.store).await?;
    let commitments = t
        .commitments(
            gaz,
            &CommitmentFilter {
                open: true,
                ..Default::default()
            },
            as_of,
        )
        .await?;
    let counts = st.store.counts().await?;
    let title = partnerships
        .first()
        .map_or_else(|| "hoptac".to_string(), |p| p.name.clone());
    let body = html! {
        h1 { (title) }
        @if let Some(p) = partnerships.first() {
            p.sub { (p.parties.replace(';', " · "))
                @if let Some(l) = &p.level { " — " (l) } @if let Some(s) = &p.since { " (" (ctx.t("since")) " " (s) ")" } }
        }
        p.sub { (counts.documents) " " (ctx.t("documents")) " · " (counts.facts) " " (ctx.t("facts_n")) " · " (counts.entities) " " (ctx.t("entities_n")) }
        section #progress {
            h2 { (ctx.t("progress_by_pillar")) " " small { (ctx.t("as_of")) " " (as_of) } }
            @match &progress {
                Some(p) => (progress_table(&ctx, p)),
                None => p { (ctx.t("no_plan")) },
            }
            form.asof method="get" action="/" {
                label { (ctx.t("as_of")) " " input type="date" name="as_of" value=(as_of); }
                button type="submit" { "↻" }
            }
        }
        section #checks {
            h2 { (ctx.t("reported_vs_counted")) }
            @if checks.is_empty() { p { (ctx.t("nothing")) } }
            @else {
                table { @for c in &checks { tr class=(if c.agrees { "ok" } else { "bad" }) {
                    td { a href=(src(&c.doc, c.span)) { "“" (c.quote) "”" } br; small { (c.title.as_deref().unwrap_or("")) " · " (c.date) } }
                    td.num { (ctx.t("reported")) " " strong { (c.reported) "/" (c.reported_total) } br; (ctx.t("counted")) " " strong { (c.tracker) "/" (c.tracker_total) } }
                    td { @if c.agrees { span.badge.ok { (ctx.t("agrees")) } } @else { span.badge.bad { (ctx.t("disagrees")) } } br; small { (c.note) } }
                } } }
            }
        }
        div.cols {
            section #meetings {
                h2 { (ctx.t("latest_meetings")) }
                @if meetings.is_empty() { p { (ctx.t("nothing")) } }
                ul.plain { @for m in meetings.iter().take(6) { li {
                    a href=(format!("/meetings#{}", urlenc(&m.key))) { (meeting_name(m)) }
                    br; small { (m.date.as_deref().unwrap_or("")) @if let Some(p) = &m.place { " · " (p) } " · "
                        @for (i, r) in m.reports.iter().enumerate() { a href=(src(&r.doc_id, r.span)) title=(r.text) { "[" (i + 1) "]" } " " }
                        (m.sources) " " (ctx.t("reports")) }
                } } }
            }
            section #figures {
                h2 { (ctx.t("key_figures")) }
                @if series.is_empty() { p { (ctx.t("nothing")) } }
                ul.plain { @for s in series.iter().take(6) { @if let Some(pt) = s.points.last() { li {
                    a href=(format!("/figures?series={}", urlenc(&s.id))) { @if let Some(p) = &s.partnership { (p) ": " } (s.subject) } " (" (pt.year) "): "
                    @if let Some(r) = first_report(pt) { a.num href=(src(&r.doc_id, r.span)) { (amount(pt.value, &s.unit, ctx.ui)) } }
                    @if pt.disagreement { " " span.badge.bad { (ctx.t("sources_disagree")) } }
                } } } }
            }
        }
        section #commitments {
            h2 { (ctx.t("commitments")) }
            @if commitments.is_empty() { p { (ctx.t("nothing")) } }
            table { @for c in commitments.iter().take(12) { tr class=[c.overdue.then_some("bad")] {
                td { (c.speaker.as_deref().or(c.party.as_deref()).unwrap_or("?")) " · " em { (c.act) }
                     @if let Some(a) = &c.addressee { " → " (a) } }
                td { a href=(src(&c.doc, c.span)) { (clip(c.content.as_deref().unwrap_or(&c.quote), 140)) } }
                td { span class=(format!("badge st-{}", c.status)) { (status_label(ctx.ui, &c.status.to_string())) }
                     @if c.overdue { " " span.badge.bad { (ctx.t("overdue")) } }
                     @if let Some(d) = &c.deadline { br; small { (ctx.t("deadline")) " " (d) } } }
            } } }
        }
    };
    Ok(ctx.page(&title, body))
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

// ---- documents ----

async fn documents(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let offset = ctx
        .q
        .get("offset")
        .and_then(|o| o.parse::<i64>().ok())
        .unwrap_or(0)
        .max(0);
    let total = st.store.counts().await?.documents;
    let list = st.store.documents(50, offset).await?;
    let body = html! {
        h1 { (ctx.t("documents")) " " small { (total) } }
        table.docs {
            tr { th { (ctx.t("published")) } th { (ctx.t("lang")) } th { (ctx.t("title")) } th { (ctx.t("facts")) } }
            @for d in &list { tr {
                td { (d.published.as_deref().unwrap_or("")) }
                td { (d.lang.as_deref().unwrap_or("")) }
                td { a href=(format!("/documents/{}", d.id)) { (d.title.as_deref().unwrap_or(&d.source)) }
                     @if let Some(o) = &d.duplicate_of { br; small { (ctx.t("near_duplicate_of")) " " a href=(format!("/documents/{o}")) { (short(o)) } } } }
                td.num { (d.facts) }
            } }
        }
        p.pager {
            @if offset > 0 { a href=(format!("/documents?offset={}", (offset - 50).max(0))) { "← " (ctx.t("previous")) } " " }
            @if offset + 50 < total { a href=(format!("/documents?offset={}", offset + 50)) { (ctx.t("next")) " →" } }
        }
    };
    Ok(ctx.page(ctx.t("documents"), body))
}

/// A fact's own fields as (name, value), for display.
fn fact_fields(f: &Fact) -> Vec<(String, String)> {
    let v = serde_json::to_value(f).unwrap_or_default();
    let mut out = Vec::new();
    if let Some(o) = v.as_object() {
        for (k, val) in o {
            if matches!(
                k.as_str(),
                "kind" | "text" | "span" | "mentions" | "sentence" | "flags"
            ) || val.is_null()
            {
                continue;
            }
            let s = match val {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push((k.clone(), s));
        }
    }
    out
}

/// The text cut at every fact boundary; each piece marked with the
/// innermost fact covering it (a figure inside a statement shows as the
/// figure, the rest of the sentence as the statement). `cited` is the span
/// a link asked to mark.
fn highlighted(text: &str, facts: &[Fact], cited: Option<Span>) -> Markup {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for f in facts {
        cuts.push(f.span.start().min(text.len()));
        cuts.push(f.span.end().min(text.len()));
    }
    if let Some(c) = cited {
        cuts.push(c.start().min(text.len()));
        cuts.push(c.end().min(text.len()));
    }
    cuts.retain(|&c| text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut starts: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        starts.entry(f.span.start()).or_default().push(i);
    }
    html! {
        @for w in cuts.windows(2) {
            @let (a, b) = (w[0], w[1]);
            @let piece = &text[a..b];
            @if cited.is_some_and(|c| c.start() == a) { span #hl {} }
            @if let Some(ids) = starts.get(&a) { @for i in ids { span id=(format!("f{i}-at")) {} } }
            @let inner = facts.iter().enumerate()
                .filter(|(_, f)| f.span.start() <= a && f.span.end() >= b)
                .min_by_key(|(_, f)| f.span.end() - f.span.start());
            @let in_cited = cited.is_some_and(|c| c.start() <= a && c.end() >= b);
            @let content = html! {
                @match inner {
                    Some((i, f)) => a class=(format!("hl k-{}", f.kind())) href=(format!("#f{i}"))
                        title=(format!("{}: {}", f.kind(), fact_fields(f).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "))) { (piece) },
                    None => (piece),
                }
            };
            @if in_cited { mark.cited { (content) } } @else { (content) }
        }
    }
}

async fn document(State(st): State<Shared>, Path(id): Path<String>, ctx: Ctx) -> PageResult {
    let d = st.store.document(&id).await?;
    let facts = st.store.facts(&d.summary.id).await?;
    let cited = ctx.q.get("hl").and_then(|h| {
        let (a, b) = h.split_once('-')?;
        let (a, b) = (a.parse().ok()?, b.parse().ok()?);
        (a < b && b <= d.text.len()).then(|| Span::new(a, b))
    });
    let s = &d.summary;
    let title = s.title.clone().unwrap_or_else(|| s.source.clone());
    let body = html! {
        h1 { (title) }
        p.sub {
            (s.published.as_deref().unwrap_or("")) " · " (s.lang.as_deref().unwrap_or("")) " · "
            @if let Some(u) = &s.url { @if u.starts_with("http://") || u.starts_with("https://") { a href=(u) rel="noopener noreferrer" { (u) } } @else { (u) } " · " }
            code { (short(&s.id)) }
            @if let Some(o) = &s.duplicate_of { " · " (ctx.t("near_duplicate_of")) " " a href=(format!("/documents/{o}")) { (short(o)) } }
        }
        div.doc {
            article.text lang=(s.lang.as_deref().unwrap_or("")) { (highlighted(&d.text, &facts, cited)) }
            aside.facts {
                h2 { (ctx.t("facts")) " " small { (facts.len()) } }
                ol.facts { @for (i, f) in facts.iter().enumerate() { li id=(format!("f{i}")) class=(format!("k-{}", f.kind())) {
                    span class=(format!("kind k-{}", f.kind())) { (f.kind()) } " "
                    a href=(format!("#f{i}-at")) { "“" (clip(&f.text, 90)) "”" } " "
                    small { "[" (f.span.start()) "–" (f.span.end()) "]" }
                    dl { @for (k, v) in fact_fields(f) {
                        dt { (k) } dd {
                            @if k == "entity" { a href=(format!("/entities/{v}")) { (v) } } @else { (v) }
                        }
                    } }
                    @if let FactBody::Meeting(_) = &f.body { @if let Some(e) = &f.entity { a href=(format!("/entities/{e}")) { (ctx.t("meetings")) " →" } } }
                } } }
            }
        }
    };
    Ok(ctx.page(&title, body))
}

// ---- entities and meetings ----

async fn entity(State(st): State<Shared>, Path(id): Path<String>, ctx: Ctx) -> PageResult {
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
    let mut texts: HashMap<String, String> = HashMap::new();
    for m in &mentions {
        if !texts.contains_key(&m.doc) {
            texts.insert(m.doc.clone(), st.store.document(&m.doc).await?.text);
        }
    }
    let name = e.entity.name_en.clone().unwrap_or_else(|| id.clone());
    let body = html! {
        h1 { (name) @if let Some(a) = &e.entity.acronym { " (" (a) ")" } }
        p.sub { (ctx.t("entity")) " " code { (id) } " · " (e.entity.kind) " · " (e.documents) " " (ctx.t("documents")) }
        h2 { (ctx.t("surfaces")) }
        p { @for s in &e.surfaces { span.badge { (s) } " " } }
        h2 { (ctx.t("mentions")) " " small { (mentions.len()) } }
        table.mentions { @for m in &mentions {
            @let text = texts.get(&m.doc).map(String::as_str).unwrap_or("");
            tr {
                td { (m.published.as_deref().unwrap_or("")) br; small { (m.lang.as_deref().unwrap_or("")) } }
                td { a href=(format!("/documents/{}", m.doc)) { (m.title.as_deref().unwrap_or(short(&m.doc))) }
                     @if m.duplicate_of.is_some() { " " small { "(" (ctx.t("near_duplicate_of")) ")" } } }
                td.ctx { (context(text, m.span, 70).0) a href=(src(&m.doc, m.span)) { strong { (m.surface) } } (context(text, m.span, 70).1) }
            }
        } }
    };
    Ok(ctx.page(&name, body))
}

/// Up to `n` bytes of text either side of a span, on character boundaries.
fn context(text: &str, s: Span, n: usize) -> (String, String) {
    let mut a = s.start().saturating_sub(n).min(text.len());
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let mut b = (s.end() + n).min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let before = text.get(a..s.start()).unwrap_or("").replace('\n', " ");
    let after = text.get(s.end()..b).unwrap_or("").replace('\n', " ");
    (format!("…{before}"), format!("{after}…"))
}

fn meeting_name(m: &hoptac_store::MeetingRecord) -> String {
    m.name_en
        .clone()
        .or_else(|| m.series.clone())
        .or_else(|| m.reports.first().map(|r| r.text.clone()))
        .unwrap_or_else(|| m.key.clone())
}

fn first_report(p: &hoptac_store::DataPoint) -> Option<&hoptac_store::Report> {
    p.values.first().and_then(|v| v.reports.first())
}

/// Every meeting, one record each, with every report in every language.
async fn meetings(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let all = views::meetings(&st.store).await?;
    let body = html! {
        h1 { (ctx.t("meetings")) " " small { (all.len()) } }
        @for m in &all { section.meeting id=(m.key) {
            h2 { (meeting_name(m)) }
            p.sub { (m.date.as_deref().unwrap_or("")) @if let Some(p) = &m.place { " · " (p) }
                " · " (m.sources) " " (ctx.t("reports")) " · " (m.languages.join(", ")) }
            @if !m.documents.is_empty() { p { @for d in &m.documents { span.badge { (d.action) ": " (d.name_en) } " " } } }
            @for d in &m.disagreements { p { span.badge.bad { (ctx.t("sources_disagree")) } " " (d) } }
            ul.plain { @for r in &m.reports { li {
                a href=(src(&r.doc_id, r.span)) { "“" (r.text) "”" } " "
                small { (r.title.as_deref().unwrap_or(short(&r.doc_id))) " · " (r.lang.as_deref().unwrap_or("")) " · " (r.published.as_deref().unwrap_or(""))
                    @if r.duplicate_of.is_some() { " · " (ctx.t("near_duplicate_of")) } }
            } } }
        } }
    };
    Ok(ctx.page(ctx.t("meetings"), body))
}

// ---- the plan ----

async fn plan(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let t = Tracker::new(&st.store);
    let Ok(p) = t.plan(ctx.q.get("plan").map(String::as_str)).await else {
        return Ok(ctx.page(
            ctx.t("plan"),
            html! { h1 { (ctx.t("plan")) } p { (ctx.t("no_plan")) } },
        ));
    };
    let lines = t.lines(&p.id).await?;
    let progress = t.progress(&p.id, api::today(), GroupBy::Pillar).await?;
    let mut hist = HashMap::new();
    for l in lines.iter().filter(|l| l.action && !l.retired) {
        hist.insert(
            l.id.clone(),
            t.history(SubjectKind::Line, &format!("{}/{}", p.id, l.id))
                .await?,
        );
    }
    let body = html! {
        h1 { (p.title) }
        p.sub { code { (p.id) } " · rev " (p.revision) " · " (p.action_lines) " action lines" }
        (progress_table(&ctx, &progress))
        table.plan { @for l in lines.iter().filter(|l| !l.retired) {
            @if !l.action { tr.section { th colspan="4" id=(format!("l{}", l.id)) { (l.id) ". " (if ctx.vi() { l.text_vi.as_deref().unwrap_or(&l.text) } else { &l.text }) } } }
            @else { tr id=(format!("l{}", l.id)) {
                td { (l.id) }
                td { (if ctx.vi() { l.text_vi.as_deref().unwrap_or(&l.text) } else { &l.text }) }
                td { span class=(format!("badge st-{}", l.status)) { (status_label(ctx.ui, &l.status.to_string())) }
                     @if let Some(s) = &l.since { br; small { (ctx.t("since")) " " (s) } } }
                td {
                    @if let Some(e) = &l.evidence { (evidence(e)) }
                    @if let Some(h) = hist.get(&l.id) { @if !h.is_empty() {
                        details { summary { (ctx.t("history")) " (" (h.len()) ")" }
                            ol.hist { @for e in h { li {
                                (e.effective) ": " (e.from.as_deref().unwrap_or("—")) " → " strong { (e.to) } " " (ctx.t("by")) " " em { (e.actor) }
                                @if let Some(ev) = &e.evidence { " · " (evidence(ev)) }
                                @if let Some(n) = &e.note { br; small { (n) } }
                            } } }
                        }
                    } }
                }
            } }
        } }
    };
    Ok(ctx.page(&p.title, body))
}

fn evidence(e: &hoptac_tracker::Evidence) -> Markup {
    html! {
        @match (&e.doc, e.span) {
            (Some(d), Some(s)) => a.ev href=(src(d, s)) { "“" (clip(e.quote.as_deref().unwrap_or("source"), 80)) "”" },
            (Some(d), None) => a.ev href=(format!("/documents/{d}")) { (short(d)) },
            _ => span.ev { (e.reference.as_deref().unwrap_or("")) },
        }
    }
}

// ---- review ----

async fn review(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let t = Tracker::new(&st.store);
    let plan = t.plan(None).await.ok();
    let all = t.suggest(st.ex.gazetteer(), plan.as_ref(), None).await?;
    let can = ctx.actor.as_ref().is_some_and(|a| a.role >= Role::Analyst);
    let progress = match &plan {
        Some(p) => Some(t.progress(&p.id, api::today(), GroupBy::Plan).await?),
        None => None,
    };
    let mut targets: Vec<(String, String)> = Vec::new();
    if can {
        if let Some(p) = &plan {
            for l in t.lines(&p.id).await? {
                if l.action && !l.retired {
                    targets.push((format!("{}/{}", p.id, l.id), clip(&l.text, 80)));
                }
            }
        }
        let open = CommitmentFilter {
            open: true,
            ..Default::default()
        };
        for c in t
            .commitments(st.ex.gazetteer(), &open, api::today())
            .await?
        {
            targets.push((
                c.id.clone(),
                clip(c.content.as_deref().unwrap_or(&c.quote), 80),
            ));
        }
    }
    let body = html! {
        h1 { (ctx.t("review")) " " small { (all.len()) } }
        @if let Some(d) = ctx.q.get("done") { p.flash { (match d.as_str() { "accept" => ctx.t("done_accept"), "correct" => ctx.t("done_correct"), _ => ctx.t("done_reject") }) } }
        @if let Some(p) = &progress { p.sub #total { (ctx.t("all_lines")) ": " strong { (p.total.implemented) "/" (p.total.total) } " " (ctx.t("implemented")) ", " (p.total.ongoing) " " (ctx.t("ongoing")) } }
        @if !can { p.warn { (ctx.t("login_needed")) " " a href="/login" { (ctx.t("login")) } } }
        @if all.is_empty() { p { (ctx.t("no_suggestions")) } }
        @for s in all.iter().take(60) { div.sugg {
            p { a href=(match s.span { Some(sp) => src(&s.doc, sp), None => format!("/documents/{}", s.doc) }) { (s.title.as_deref().unwrap_or(short(&s.doc))) }
                " → " strong { (s.target) } " " span class=(format!("badge st-{}", s.status)) { (status_label(ctx.ui, &s.status)) } }
            p.target { (clip(&s.target_text, 200)) }
            @if let Some(q) = &s.quote { blockquote { (clip(q, 300)) } }
            p { small { (ctx.t("why")) ": " (s.reason) " · " (format!("{:.2}", s.score)) } }
            @if can {
                form.decide method="post" action="/review" {
                    input type="hidden" name="doc" value=(s.doc);
                    input type="hidden" name="target" value=(s.target);
                    select name="status" aria-label=(ctx.t("status")) {
                        @if s.target_kind == SubjectKind::Line {
                            @for n in ["ongoing", "implemented", "not_started", "discontinued"] { option value=(n) { (status_label(ctx.ui, n)) } }
                        } @else {
                            @for n in ["in_progress", "fulfilled", "open", "lapsed", "withdrawn"] { option value=(n) { (n.replace('_', " ")) } }
                        }
                    }
                    button type="submit" name="action" value="accept" { (ctx.t("accept")) }
                    button.secondary type="submit" name="action" value="reject" { (ctx.t("reject")) }
                }
                details.correct {
                    summary { (ctx.t("correct")) "…" }
                    form.correct method="post" action="/review" {
                        input type="hidden" name="doc" value=(s.doc);
                        input type="hidden" name="target" value=(s.target);
                        input type="hidden" name="action" value="correct";
                        label { (ctx.t("evidence_for")) " "
                            input type="text" name="to" list="targets" value=(s.target) required size="16"; }
                        label { (ctx.t("status")) " "
                            select name="status" {
                                optgroup label=(ctx.t("line")) {
                                    @for n in ["ongoing", "implemented", "not_started", "discontinued"] { option value=(n) { (status_label(ctx.ui, n)) } }
                                }
                                optgroup label=(ctx.t("commitment")) {
                                    @for n in ["in_progress", "fulfilled", "open", "lapsed", "withdrawn"] { option value=(n) { (n.replace('_', " ")) } }
                                }
                            }
                        }
                        label.wide { (ctx.t("quote_optional")) " " input type="text" name="quote" size="40"; }
                        label.wide { (ctx.t("note")) " " input type="text" name="note" size="40"; }
                        button type="submit" { (ctx.t("correct")) }
                    }
                }
            }
        } }
        // What a correction may name: every action line, every open commitment.
        @if can { datalist #targets {
            @for (value, label) in &targets { option value=(value) { (label) } }
        } }
    };
    Ok(ctx.page(ctx.t("review"), body))
}

#[derive(Deserialize)]
struct ReviewForm {
    doc: String,
    target: String,
    status: Option<String>,
    action: String,
    /// Correct: what the document is evidence for instead.
    to: Option<String>,
    quote: Option<String>,
    note: Option<String>,
}

async fn review_post(
    State(st): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<ReviewForm>,
) -> PageResult {
    let actor = auth::require(&st.store, &headers, Role::Analyst).await?;
    let d = Decision {
        doc: f.doc,
        target: f.target,
        status: f.status,
        note: None,
    };
    match f.action.as_str() {
        "accept" => {
            // Statuses are checked by the tracker; both kinds' names are accepted here.
            let ok = d.status.as_deref().is_some_and(|s| {
                LineStatus::parse(s).is_some() || CommitmentStatus::parse(s).is_some()
            });
            if !ok {
                return Err(ApiError::bad_request("choose a status to accept with").into());
            }
            api::accept_as(&st, &actor, &d).await?;
        }
        "reject" => api::reject_as(&st, &actor, &d).await?,
        "correct" => {
            let to =
                f.to.as_deref()
                    .map(str::trim)
                    .unwrap_or_default()
                    .to_string();
            // `PLAN/LINE` is a line; a bare id is a line of the plan if it
            // has one by that id, else a commitment.
            let is_line = to.contains('/')
                || match Tracker::new(&st.store).plan(None).await {
                    Ok(p) => Tracker::new(&st.store)
                        .lines(&p.id)
                        .await?
                        .iter()
                        .any(|l| l.id == to),
                    Err(_) => false,
                };
            let c = api::CorrectionBody {
                doc: d.doc,
                target: d.target,
                to_kind: Some(if is_line { "line" } else { "commitment" }.into()),
                to: Some(to),
                status: d.status.unwrap_or_default(),
                span: None,
                quote: f.quote,
                note: f.note,
            };
            api::correct_as(&st, &actor, &c).await?;
        }
        other => return Err(ApiError::bad_request(format!("unknown action {other:?}")).into()),
    }
    Ok(Redirect::to(&format!("/review?done={}", f.action)).into_response())
}

// ---- figures ----

async fn figures(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let all = views::series(&st.store).await?;
    let pick = ctx
        .q
        .get("series")
        .and_then(|id| all.iter().find(|s| &s.id == id))
        .or_else(|| all.first());
    let body = html! {
        h1 { (ctx.t("figures")) }
        div.cols {
            nav.series { h2 { (ctx.t("series")) } ul.plain { @for s in &all { li {
                a href=(format!("/figures?series={}", urlenc(&s.id))) class=[pick.is_some_and(|p| p.id == s.id).then_some("here")] { @if let Some(p) = &s.partnership { (p) ": " } (s.subject) " (" (s.unit) ")" }
                " " small { (s.points.len()) }
            } } } }
            @if let Some(s) = pick { section.chart {
                h2 { @if let Some(p) = &s.partnership { (p) ": " } (s.subject) " (" (s.unit) ")" }
                (chart(s, ctx.ui))
                table { tr { th { (ctx.t("year")) } th { (ctx.t("value")) } th { (ctx.t("source")) } }
                    @for p in &s.points { tr class=[p.disagreement.then_some("bad")] {
                        td { (p.year) } td.num { (amount(p.value, &s.unit, ctx.ui)) @if p.disagreement { br; span.badge.bad { (ctx.t("sources_disagree")) } } }
                        td { @for v in &p.values { @for r in &v.reports {
                            a href=(src(&r.doc_id, r.span)) { "“" (r.text) "”" } " "
                            small { (amount(v.value, &s.unit, ctx.ui)) " · " (r.lang.as_deref().unwrap_or("")) @if let Some(o) = &r.duplicate_of { " · " (ctx.t("near_duplicate_of")) " " a href=(format!("/documents/{o}")) { (short(o)) } } } br;
                        } } }
                    } }
                }
            } } @else { p { (ctx.t("nothing")) } }
        }
    };
    Ok(ctx.page(ctx.t("figures"), body))
}

/// A line chart of a series as SVG: one point per year, each a link to its
/// first source; no script, no inline style.
fn chart(s: &views::Series, ui: Ui) -> Markup {
    let (w, h, pad) = (640.0, 260.0, 48.0);
    // Room on the left for the axis label, on the right for the last value.
    let (left, right) = (110.0, 70.0);
    let ys: Vec<f64> = s.points.iter().map(|p| p.value).collect();
    let max = ys.iter().cloned().fold(0.0_f64, f64::max).max(1e-9);
    let n = s.points.len();
    // Years on a true time axis: a gap in the data is a gap on the chart.
    let (y0, y1) = (
        s.points.first().map_or(0, |p| p.year),
        s.points.last().map_or(0, |p| p.year),
    );
    let x = |i: usize| {
        if n <= 1 || y1 == y0 {
            w / 2.0
        } else {
            left + (w - left - right) * f64::from(s.points[i].year - y0) / f64::from(y1 - y0)
        }
    };
    let y = |v: f64| h - pad - (h - 2.0 * pad) * v / max;
    let path: String = s
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}{:.1},{:.1}",
                if i == 0 { "M" } else { " L" },
                x(i),
                y(p.value)
            )
        })
        .collect();
    html! {
        svg.chart viewBox=(format!("0 0 {w} {h}")) role="img" aria-label=(s.subject) {
            line.axis x1=(left - 20.0) y1=(h - pad) x2=(w - pad / 2.0) y2=(h - pad) {}
            line.axis x1=(left - 20.0) y1=(pad / 2.0) x2=(left - 20.0) y2=(h - pad) {}
            text.tick x="4" y=(pad / 2.0 + 4.0) { (amount(max, &s.unit, ui)) }
            path.series d=(path) {}
            @for (i, p) in s.points.iter().enumerate() {
                @let link = first_report(p).map(|r| src(&r.doc_id, r.span)).unwrap_or_default();
                a href=(link) {
                    circle class=(if p.disagreement { "pt bad" } else { "pt" }) cx=(format!("{:.1}", x(i))) cy=(format!("{:.1}", y(p.value))) r="6" {
                        title { (p.year) ": " (amount(p.value, &s.unit, ui)) }
                    }
                }
                text.tick x=(format!("{:.1}", x(i))) y=(h - pad + 18.0) text-anchor="middle" { (p.year) }
                text.val x=(format!("{:.1}", x(i))) y=(format!("{:.1}", y(p.value) - 10.0)) text-anchor="middle" { (amount(p.value, &s.unit, ui)) }
            }
        }
    }
}

// ---- login ----

async fn login(ctx: Ctx) -> PageResult {
    let body = html! {
        h1 { (ctx.t("login")) }
        form.login method="post" action="/login" {
            label { (ctx.t("token")) br; input type="password" name="token" autocomplete="off" required; }
            button type="submit" { (ctx.t("login")) }
        }
        p { small { "hoptac token create --role analyst --name NAME" } }
    };
    Ok(ctx.page(ctx.t("login"), body))
}

#[derive(Deserialize)]
struct LoginForm {
    token: String,
}

async fn login_post(
    State(st): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult {
    if !auth::same_origin(&headers) {
        return Err(ApiError::forbidden("a login form sent from another site: refused").into());
    }
    let token = f.token.trim();
    if auth::verify(&st.store, token)
        .await
        .map_err(auth::token_err)?
        .is_none()
    {
        return Err(ApiError::unauthorized("the token is not valid or was revoked").into());
    }
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200",
        auth::COOKIE
    );
    let mut res = Redirect::to("/review").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie)
            .map_err(|_| ApiError::bad_request("a token is letters, digits and _"))?,
    );
    Ok(res)
}

async fn logout(headers: HeaderMap) -> PageResult {
    if !auth::same_origin(&headers) {
        return Err(ApiError::forbidden("a form sent from another site: refused").into());
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("hoptac_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(res)
}
