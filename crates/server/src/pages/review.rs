//! The review queue: accept, reject or correct what the tracker proposes.

use super::*;

pub(super) async fn review(State(st): State<Shared>, ctx: Ctx) -> PageResult {
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
pub(super) struct ReviewForm {
    doc: String,
    target: String,
    status: Option<String>,
    action: String,
    /// Correct: what the document is evidence for instead.
    to: Option<String>,
    quote: Option<String>,
    note: Option<String>,
}

pub(super) async fn review_post(
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
