//! The plan: each line with its status, evidence and history.

use super::*;

pub(super) async fn plan(State(st): State<Shared>, ctx: Ctx) -> PageResult {
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

pub(super) fn evidence(e: &hoptac_tracker::Evidence) -> Markup {
    html! {
        @match (&e.doc, e.span) {
            (Some(d), Some(s)) => a.ev href=(src(d, s)) { "“" (clip(e.quote.as_deref().unwrap_or("source"), 80)) "”" },
            (Some(d), None) => a.ev href=(format!("/documents/{d}")) { (short(d)) },
            _ => span.ev { (e.reference.as_deref().unwrap_or("")) },
        }
    }
}
