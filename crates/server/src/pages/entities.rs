//! Entities and meetings: every mention across documents and languages.

use super::*;

pub(super) async fn entity(
    State(st): State<Shared>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> PageResult {
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
pub(super) fn context(text: &str, s: Span, n: usize) -> (String, String) {
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

pub(super) fn meeting_name(m: &hoptac_store::MeetingRecord) -> String {
    m.name_en
        .clone()
        .or_else(|| m.series.clone())
        .or_else(|| m.reports.first().map(|r| r.text.clone()))
        .unwrap_or_else(|| m.key.clone())
}

pub(super) fn first_report(p: &hoptac_store::DataPoint) -> Option<&hoptac_store::Report> {
    p.values.first().and_then(|v| v.reports.first())
}

/// Every meeting, one record each, with every report in every language.
pub(super) async fn meetings(State(st): State<Shared>, ctx: Ctx) -> PageResult {
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
