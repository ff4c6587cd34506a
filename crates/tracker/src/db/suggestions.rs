//! Suggestions: which lines and open commitments each document may be
//! evidence for, and a person's decisions on them.

use super::commitments::follow_up_reason;
use super::*;

impl Tracker<'_> {
    /// Rank, for each document (or the one given), the action lines of
    /// `plan` and the open commitments it may be evidence for, best first,
    /// with the reason and the sentence to cite. Pairs a person already
    /// accepted or rejected, or already cited as evidence, are left out.
    pub async fn suggest(
        &self,
        gaz: &Gazetteer,
        plan: Option<&PlanInfo>,
        doc: Option<&str>,
    ) -> Result<Vec<Suggestion>> {
        let names = self.entity_names(gaz).await?;
        let infos = self.doc_infos().await?;
        let only = match doc {
            Some(d) => Some(self.store.document(d).await?.summary.id),
            None => None,
        };
        let lines = match plan {
            Some(p) => self.lines(&p.id).await?,
            None => vec![],
        };
        let profiles: Vec<(&Line, Profile)> = lines
            .iter()
            .filter(|l| l.action && !l.retired)
            .map(|l| {
                (
                    l,
                    suggest::line_profile(gaz, &l.text, l.text_vi.as_deref(), &l.topics),
                )
            })
            .collect();
        let commitments: Vec<Commitment> = self
            .commitment_rows()
            .await?
            .into_iter()
            .filter(|c| c.status.is_open())
            .collect();
        let mut decided: HashSet<(String, String, String)> =
            sqlx::query("SELECT doc_id, subject_kind, subject FROM suggestion_decisions")
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("doc_id")?,
                        r.try_get("subject_kind")?,
                        r.try_get("subject")?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?;
        for r in sqlx::query("SELECT evidence_doc, subject_kind, subject FROM tracker_history WHERE evidence_doc IS NOT NULL")
            .fetch_all(self.pool())
            .await?
        {
            decided.insert((r.try_get("evidence_doc")?, r.try_get("subject_kind")?, r.try_get("subject")?));
        }
        let mut out = Vec::new();
        for d in infos
            .iter()
            .filter(|d| d.original && only.as_ref().is_none_or(|o| *o == d.id))
        {
            let text = self.store.document(&d.id).await?.text;
            let sents = sentences(&text);
            let dp = Profile {
                entities: d.entities.clone(),
                terms: suggest::text_terms(&text),
            };
            let mut found: Vec<Suggestion> = Vec::new();
            let mut push = |kind: SubjectKind,
                            target: String,
                            target_text: String,
                            status: String,
                            m: Match,
                            reason: String| {
                if decided.contains(&(d.id.clone(), kind.name().to_string(), target.clone())) {
                    return;
                }
                let span = best_sentence(&text, &sents, &d.mentions, &m);
                found.push(Suggestion {
                    n: 0,
                    doc: d.id.clone(),
                    title: d.title.clone(),
                    target_kind: kind,
                    target,
                    target_text,
                    status,
                    score: m.score,
                    reason,
                    quote: span.and_then(|s| s.slice(&text)).map(str::to_string),
                    span,
                });
            };
            for (l, p) in &profiles {
                if let Some(m) = suggest::score(p, &dp, &names) {
                    let reason = suggest::reason(&m, &names);
                    push(
                        SubjectKind::Line,
                        line_subject(&l.plan, &l.id),
                        l.text.clone(),
                        l.status.to_string(),
                        m,
                        reason,
                    );
                }
            }
            for c in &commitments {
                if c.sources.iter().any(|(s, _)| *s == d.id) {
                    continue;
                }
                let later = match (&d.published, &c.made_on) {
                    (Some(p), Some(m)) => p > m,
                    _ => false,
                };
                if !later {
                    continue;
                }
                if let Some(m) = suggest::score(&Self::commitment_profile(c), &dp, &names) {
                    let reason = follow_up_reason(&m, c, &names);
                    push(
                        SubjectKind::Commitment,
                        c.id.clone(),
                        c.quote.clone(),
                        c.status.to_string(),
                        m,
                        reason,
                    );
                }
            }
            found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.target.cmp(&b.target)));
            out.extend(found);
        }
        for (i, s) in out.iter_mut().enumerate() {
            s.n = i + 1;
        }
        Ok(out)
    }

    /// Accept a suggestion: set the status of its line or commitment with
    /// the document's sentence as evidence (effective from the document's
    /// date), and record the decision so it is not proposed again.
    pub async fn accept(
        &self,
        s: &Suggestion,
        status: &str,
        actor: &str,
        note: Option<&str>,
    ) -> Result<HistoryEntry> {
        let ev = Evidence {
            kind: "document".into(),
            doc: Some(s.doc.clone()),
            span: s.span,
            quote: s.quote.clone(),
            ..Default::default()
        };
        let (_, date) = self
            .resolve_evidence(
                &EvidenceSpec::Document {
                    doc: s.doc.clone(),
                    span: None,
                },
                None,
            )
            .await?;
        let on = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let note = note.map_or_else(
            || format!("accepted suggestion: {}", s.reason),
            str::to_string,
        );
        let entry = match s.target_kind {
            SubjectKind::Line => {
                let st = LineStatus::parse(status).ok_or_else(|| {
                    TrackerError::Invalid(format!(
                        "bad status {status:?} for a line: use one of {}",
                        LineStatus::names()
                    ))
                })?;
                let (plan, line) = s.target.split_once('/').unwrap_or_default();
                self.set_line_status(plan, line, st, Some(&ev), on, actor, Some(&note))
                    .await?
            }
            SubjectKind::Commitment => {
                let st = CommitmentStatus::parse(status).ok_or_else(|| {
                    TrackerError::Invalid(format!(
                        "bad status {status:?} for a commitment: use one of {}",
                        CommitmentStatus::names()
                    ))
                })?;
                self.set_commitment_status(&s.target, st, Some(&ev), on, actor, Some(&note))
                    .await?
            }
        };
        self.decide(s, true, actor).await?;
        Ok(entry)
    }

    /// Correct a suggestion: the person takes its document as evidence,
    /// but for what they say (another line or commitment, another status,
    /// another passage of the document) rather than what was proposed. The
    /// status is set with that evidence (effective from the document's
    /// date), the note says what was proposed, and the suggestion is
    /// recorded as `corrected`, so it is not proposed again.
    pub async fn correct(
        &self,
        s: &Suggestion,
        c: &Correction,
        actor: &str,
    ) -> Result<HistoryEntry> {
        let kind = c.target_kind.unwrap_or(s.target_kind);
        // The evidence: the passage asked for, else the proposed sentence.
        let (mut ev, date) = self
            .resolve_evidence(
                &EvidenceSpec::Document {
                    doc: s.doc.clone(),
                    span: c.span,
                },
                c.quote.as_deref(),
            )
            .await?;
        if c.span.is_none() && c.quote.is_none() {
            ev.span = s.span;
            ev.quote = s.quote.clone();
        }
        let on = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let what = c
            .note
            .as_deref()
            .map_or_else(String::new, |n| format!(": {n}"));
        let note = format!(
            "corrected suggestion (proposed for {} {}){what}",
            s.target_kind.name(),
            s.target
        );
        let target = c.target.trim();
        let entry = match kind {
            SubjectKind::Line => {
                let st = LineStatus::parse(&c.status).ok_or_else(|| {
                    TrackerError::Invalid(format!(
                        "bad status {:?} for a line: use one of {}",
                        c.status,
                        LineStatus::names()
                    ))
                })?;
                // `PLAN/LINE`, or a line of the suggestion's plan (of the
                // latest plan when a commitment was proposed).
                let (plan, line) = match target.split_once('/') {
                    Some((p, l)) => (p.to_string(), l.to_string()),
                    None => {
                        let plan = match (s.target_kind, s.target.split_once('/')) {
                            (SubjectKind::Line, Some((p, _))) => p.to_string(),
                            _ => self.plan(None).await?.id,
                        };
                        (plan, target.to_string())
                    }
                };
                self.set_line_status(&plan, &line, st, Some(&ev), on, actor, Some(&note))
                    .await?
            }
            SubjectKind::Commitment => {
                let st = CommitmentStatus::parse(&c.status).ok_or_else(|| {
                    TrackerError::Invalid(format!(
                        "bad status {:?} for a commitment: use one of {}",
                        c.status,
                        CommitmentStatus::names()
                    ))
                })?;
                let id = self.resolve_commitment(target).await?;
                self.set_commitment_status(&id, st, Some(&ev), on, actor, Some(&note))
                    .await?
            }
        };
        self.record_decision(s, "corrected", actor).await?;
        Ok(entry)
    }

    /// Record that a person accepted or rejected a suggestion.
    pub async fn decide(&self, s: &Suggestion, accepted: bool, actor: &str) -> Result<()> {
        self.record_decision(s, if accepted { "accepted" } else { "rejected" }, actor)
            .await
    }

    /// One decision on a suggestion: accepted, rejected or corrected.
    async fn record_decision(&self, s: &Suggestion, decision: &str, actor: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO suggestion_decisions (doc_id, subject_kind, subject, decision, actor, decided_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (doc_id, subject_kind, subject) DO UPDATE SET decision = excluded.decision, actor = excluded.actor, decided_at = excluded.decided_at",
        )
        .bind(&s.doc)
        .bind(s.target_kind.name())
        .bind(&s.target)
        .bind(decision)
        .bind(actor)
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
