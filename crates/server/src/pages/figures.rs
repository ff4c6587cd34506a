//! Figures: a series as a chart, each point linked to its sources.

use super::*;

pub(super) async fn figures(State(st): State<Shared>, ctx: Ctx) -> PageResult {
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
pub(super) fn chart(s: &views::Series, ui: Ui) -> Markup {
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
