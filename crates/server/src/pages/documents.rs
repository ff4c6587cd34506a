//! Documents: the list, and one document with its facts highlighted in place.

use super::*;

pub(super) async fn documents(State(st): State<Shared>, ctx: Ctx) -> PageResult {
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
pub(super) fn fact_fields(f: &Fact) -> Vec<(String, String)> {
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
pub(super) fn highlighted(text: &str, facts: &[Fact], cited: Option<Span>) -> Markup {
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

pub(super) async fn document(
    State(st): State<Shared>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> PageResult {
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
