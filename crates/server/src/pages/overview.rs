//! The overview of a partnership: progress by pillar, the reported-vs-counted check, meetings, figures, commitments.

use super::*;

pub(super) async fn overview(State(st): State<Shared>, ctx: Ctx) -> PageResult {
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
