//! `/search`: the search form with its filters, documents ranked with
//! their snippets (matched words in `<mark>`, from the byte spans the
//! index gives), fact hits, and facet counts that narrow the search. A
//! plain GET form: no JavaScript, every link a URL.

use super::{clip, src, urlenc, Ctx, PageResult};
use crate::search::{self as search_api, KINDS};
use crate::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use hoptac_search::{SearchResults, Snippet};
use maud::{html, Markup};
use std::collections::HashMap;

/// Documents per page.
const PER_PAGE: usize = 20;

/// The search's own parameters, in the order links write them.
const PARAMS: [&str; 7] = ["q", "lang", "from", "to", "entity", "kind", "duplicates"];

/// `/search?…` with the current search changed by `set` (a `None` removes
/// the parameter); the page starts again at the first unless `offset` is set.
fn link(q: &HashMap<String, String>, set: &[(&str, Option<String>)]) -> String {
    let mut out = Vec::new();
    for k in PARAMS.iter().chain(std::iter::once(&"offset")) {
        let v = match set.iter().find(|(sk, _)| sk == k) {
            Some((_, v)) => v.clone(),
            None if *k == "offset" => None,
            None => q.get(*k).cloned(),
        };
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            out.push(format!("{k}={}", urlenc(&v)));
        }
    }
    format!("/search?{}", out.join("&"))
}

/// A snippet with its matched words in `<mark>`; every piece escaped.
fn marked(s: &Snippet) -> Markup {
    let base = s.span.start();
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for h in &s.highlights {
        let (a, b) = (h.start().saturating_sub(base), h.end().saturating_sub(base));
        // Spans come from the index over this very text; anything else is skipped, not a panic.
        let (Some(before), Some(word)) = (s.text.get(at..a), s.text.get(a..b)) else {
            continue;
        };
        pieces.push((false, before));
        pieces.push((true, word));
        at = b;
    }
    pieces.push((false, s.text.get(at..).unwrap_or("")));
    html! {
        @for (hit, p) in pieces {
            @if hit { mark { (p) } } @else { (p) }
        }
    }
}

/// The link to a document hit: its first highlight marked on the page.
fn doc_link(id: &str, s: Option<&Snippet>) -> String {
    match s.and_then(|s| s.highlights.first()) {
        Some(h) => src(id, *h),
        None => format!("/documents/{id}"),
    }
}

fn form(ctx: &Ctx) -> Markup {
    let v = |k: &str| ctx.q.get(k).cloned().unwrap_or_default();
    let lang = v("lang");
    let kind = v("kind");
    html! {
        form.search method="get" action="/search" role="search" {
            input type="search" name="q" value=(v("q")) placeholder=(ctx.t("search_placeholder"))
                aria-label=(ctx.t("search")) required;
            button type="submit" { (ctx.t("search")) }
            div.filters {
                label { (ctx.t("lang")) " "
                    select name="lang" {
                        option value="" { (ctx.t("any")) }
                        @for (code, name) in [("vi", "Tiếng Việt"), ("en", "English")] {
                            option value=(code) selected[lang == code] { (name) }
                        }
                    }
                }
                label { (ctx.t("from")) " " input type="date" name="from" value=(v("from")); }
                label { (ctx.t("to")) " " input type="date" name="to" value=(v("to")); }
                label { (ctx.t("entity")) " " input type="text" name="entity" value=(v("entity")) size="14" placeholder="japan"; }
                label { (ctx.t("fact_kind")) " "
                    select name="kind" {
                        option value="" { (ctx.t("documents")) }
                        @for k in KINDS { option value=(k) selected[kind == k] { (k) } }
                    }
                }
                label { input type="checkbox" name="duplicates" value="true" checked[v("duplicates") == "true"]; " " (ctx.t("duplicates_too")) }
            }
        }
    }
}

/// The query parameters a facet value sets to narrow the search.
type Narrow = fn(&str) -> Vec<(&'static str, Option<String>)>;

/// A facet: its heading's message key, its counts, how a value narrows.
type FacetGroup<'a> = (&'static str, &'a [(String, u64)], Narrow);

fn facets(ctx: &Ctx, r: &SearchResults) -> Markup {
    let Some(f) = &r.facets else { return html! {} };
    // Each count narrows the search to its value (a partner by the entity
    // of that country: the index filters by entity).
    let groups: [FacetGroup; 4] = [
        ("by_year", &f.year, |y| {
            vec![
                ("from", Some(format!("{y}-01-01"))),
                ("to", Some(format!("{y}-12-31"))),
            ]
        }),
        ("by_lang", &f.lang, |l| vec![("lang", Some(l.to_string()))]),
        ("by_partner", &f.partner, |p| {
            vec![("entity", Some(p.to_string()))]
        }),
        ("by_entity", &f.entity, |e| {
            vec![("entity", Some(e.to_string()))]
        }),
    ];
    html! {
        aside.facets {
            @for (title, values, narrow) in groups {
                @if !values.is_empty() {
                    h3 { (ctx.t(title)) }
                    ul.plain { @for (v, n) in values { li {
                        a href=(link(&ctx.q, &narrow(v))) { (v) } " " small.count { (n) }
                    } } }
                }
            }
        }
    }
}

/// `/search`.
pub(super) async fn page(State(st): State<Shared>, ctx: Ctx) -> PageResult {
    let asked = ctx.q.get("q").is_some_and(|q| !q.trim().is_empty());
    if !asked {
        let body = html! {
            h1 { (ctx.t("search")) }
            (form(&ctx))
            p.sub { (ctx.t("search_hint")) }
        };
        return Ok(ctx.page(ctx.t("search"), body));
    }
    let mut params = ctx.q.clone();
    params.insert("limit".into(), PER_PAGE.to_string());
    let result = match search_api::request(&params) {
        Ok(r) => search_api::run(&st, &r).await.map(|res| (r, res)),
        Err(e) => Err(e),
    };
    let (r, res) = match result {
        Ok(x) => x,
        // A bad filter is shown above the form, which keeps what was typed.
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            let body = html! {
                h1 { (ctx.t("search")) }
                (form(&ctx))
                p.error { (e.message) }
            };
            return Ok((StatusCode::BAD_REQUEST, ctx.page(ctx.t("search"), body)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let facts_only = r.kind.is_some();
    let title = format!("{}: {}", ctx.t("search"), r.query);
    let body = html! {
        h1 { (ctx.t("search")) }
        (form(&ctx))
        p.sub #found { strong { (res.total) } " " (if facts_only { ctx.t("sentences_match") } else { ctx.t("documents_match") }) }
        div.results {
            section.hits {
                @if res.total == 0 { p { (ctx.t("no_results")) } }
                @if !res.documents.is_empty() {
                    ol.hits start=(r.offset + 1) { @for d in &res.documents { li.hit {
                        a.title href=(doc_link(&d.id, d.snippet.as_ref())) { (d.title.as_deref().unwrap_or(&d.id)) }
                        " " small { (d.published.as_deref().unwrap_or("")) " · " (d.lang.as_deref().unwrap_or("")) }
                        @if let Some(s) = &d.snippet { p.snippet { "…" (marked(s)) "…" } }
                    } } }
                }
                @if !res.facts.is_empty() {
                    h2 { (ctx.t("fact_hits")) }
                    ul.plain.facthits { @for f in &res.facts {
                        @let kind = f.fact["kind"].as_str().unwrap_or("");
                        @let span = f.fact["span"].as_array().and_then(|a| Some(hoptac_text::Span::new(a.first()?.as_u64()? as usize, a.get(1)?.as_u64()? as usize)));
                        li {
                            span class=(format!("kind k-{kind}")) { (kind) } " "
                            @match span {
                                Some(sp) => a href=(src(&f.doc_id, sp)) { "“" (clip(f.fact["text"].as_str().unwrap_or(""), 90)) "”" },
                                None => a href=(format!("/documents/{}", f.doc_id)) { (clip(f.fact["text"].as_str().unwrap_or(""), 90)) },
                            }
                            p.snippet { (marked(&f.sentence)) }
                        }
                    } }
                }
                p.pager {
                    @if r.offset > 0 {
                        a href=(link(&ctx.q, &[("offset", Some(r.offset.saturating_sub(PER_PAGE).to_string()))])) { "← " (ctx.t("previous")) } " "
                    }
                    @if r.offset + PER_PAGE < res.total {
                        a href=(link(&ctx.q, &[("offset", Some((r.offset + PER_PAGE).to_string()))])) { (ctx.t("next")) " →" }
                    }
                }
            }
            (facets(&ctx, &res))
        }
    };
    Ok(ctx.page(&title, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoptac_text::Span;

    #[test]
    fn snippets_mark_their_spans_and_escape_the_rest() {
        let text = "A <b>phát thải</b> ròng".to_string();
        // The snippet sits at byte 100 of its document.
        let at = |s: &str| 100 + text.find(s).unwrap();
        let s = Snippet {
            span: Span::new(100, 100 + text.len()),
            highlights: vec![
                Span::new(at("phát"), at("phát") + "phát".len()),
                Span::new(at("ròng"), at("ròng") + "ròng".len()),
            ],
            text,
        };
        let html = marked(&s).into_string();
        assert_eq!(
            html,
            "A &lt;b&gt;<mark>phát</mark> thải&lt;/b&gt; <mark>ròng</mark>"
        );
        // A span off the text is skipped, not a panic.
        let odd = Snippet {
            highlights: vec![Span::new(5, 9999)],
            ..s
        };
        assert!(!marked(&odd).into_string().contains("<mark>"));
    }

    #[test]
    fn facet_links_keep_the_search_and_restart_the_pages() {
        let q: HashMap<String, String> = [("q", "phát thải"), ("lang", "vi"), ("offset", "20")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            link(&q, &[("entity", Some("japan".into()))]),
            "/search?q=ph%C3%A1t%20th%E1%BA%A3i&lang=vi&entity=japan"
        );
        assert_eq!(
            link(&q, &[("lang", None), ("offset", Some("40".into()))]),
            "/search?q=ph%C3%A1t%20th%E1%BA%A3i&offset=40"
        );
    }
}
