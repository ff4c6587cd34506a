//! Plans: import (all or nothing, revisions), lines, statuses on
//! evidence, history, progress as of a date, reported ratios.

use super::*;

impl Tracker<'_> {
    /// Import a plan file (and optionally a status file) in one
    /// transaction: all of it, or nothing. Re-importing a plan id makes a
    /// new revision: lines keep their ids and history, changed texts are
    /// updated, lines no longer in the file are kept and marked retired.
    pub async fn import_plan(
        &self,
        file: &PlanFile,
        statuses: Option<&StatusFile>,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        let id_ok = !opts.plan.is_empty()
            && opts
                .plan
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !id_ok {
            return Err(TrackerError::Invalid(format!(
                "plan id {:?}: use letters, digits, '-', '_' or '.' (e.g. asean-japan-2023)",
                opts.plan
            )));
        }
        // Evidence is checked against the (immutable) documents before the
        // write lock is taken; a bad reference refuses the whole import.
        let mut resolved: Vec<PendingStatus> = Vec::new();
        for r in &file.rows {
            if let Some(st) = r.status {
                let note = format!("status in {} line {}", file.file, r.file_line);
                resolved.push((r.id.clone(), st, None, opts.today, Some(note)));
            }
        }
        if let Some(sf) = statuses {
            let mut errors = Vec::new();
            for r in &sf.rows {
                let ev = match &r.evidence {
                    None => Ok(None),
                    Some(e) => match EvidenceSpec::parse(e) {
                        Ok(spec) => self
                            .resolve_evidence(&spec, r.quote.as_deref())
                            .await
                            .map(Some),
                        Err(e) => Err(e),
                    },
                };
                match ev {
                    Ok(ev) => {
                        let date = r
                            .since
                            .or(ev.as_ref().and_then(|(_, d)| *d))
                            .unwrap_or(opts.today);
                        resolved.push((
                            r.line.clone(),
                            r.status,
                            ev.map(|(e, _)| e),
                            date,
                            r.note.clone(),
                        ));
                    }
                    Err(e) => errors.push(crate::FileError {
                        file: sf.file.clone(),
                        line: r.file_line,
                        message: e.to_string(),
                    }),
                }
            }
            if !errors.is_empty() {
                return Err(TrackerError::File(errors));
            }
        }
        let now = chrono::Utc::now().to_rfc3339();
        let store = self.store;
        in_tx!(store, |conn| {
            let mut report = ImportReport {
                plan: opts.plan.clone(),
                action_lines: file.action_lines(),
                ignored_columns: file.ignored_columns.clone(),
                ..Default::default()
            };
            if let Some(p) = &opts.partnership {
                sqlx::query(
                    "INSERT INTO partnerships (id, name, parties, level, since) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, parties = excluded.parties, \
                     level = excluded.level, since = excluded.since",
                )
                .bind(&p.id)
                .bind(&p.name)
                .bind(&p.parties)
                .bind(&p.level)
                .bind(&p.since)
                .execute(&mut *conn)
                .await?;
            }
            let existing: Option<i64> = sqlx::query("SELECT revision FROM plans WHERE id = $1")
                .bind(&opts.plan)
                .fetch_optional(&mut *conn)
                .await?
                .map(|r| r.try_get("revision"))
                .transpose()?;
            let old_rows = sqlx::query(
                "SELECT id, parent, depth, ord, action, text, text_vi, topics, lead, replaces, retired FROM plan_lines WHERE plan = $1",
            )
            .bind(&opts.plan)
            .fetch_all(&mut *conn)
            .await?;
            type Sig = (
                Option<String>,
                i64,
                i64,
                i64,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                i64,
            );
            let mut old: HashMap<String, Sig> = HashMap::new();
            for r in &old_rows {
                old.insert(
                    r.try_get("id")?,
                    (
                        r.try_get("parent")?,
                        r.try_get("depth")?,
                        r.try_get("ord")?,
                        r.try_get("action")?,
                        r.try_get("text")?,
                        r.try_get("text_vi")?,
                        r.try_get("topics")?,
                        r.try_get("lead")?,
                        r.try_get("replaces")?,
                        r.try_get("retired")?,
                    ),
                );
            }
            if existing.is_none() {
                sqlx::query(
                    "INSERT INTO plans (id, title, partnership, entity, adopted, replaces, revision, source, imported_at, imported_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9)",
                )
                .bind(&opts.plan)
                .bind(&opts.title)
                .bind(opts.partnership.as_ref().map(|p| p.id.clone()))
                .bind(&opts.entity)
                .bind(&opts.adopted)
                .bind(&opts.replaces)
                .bind(&file.file)
                .bind(&now)
                .bind(&opts.actor)
                .execute(&mut *conn)
                .await?;
            }
            let mut in_file = HashSet::new();
            for (ord, r) in file.rows.iter().enumerate() {
                in_file.insert(r.id.clone());
                let topics = (!r.topics.is_empty()).then(|| r.topics.join(";"));
                let sig: Sig = (
                    r.parent.clone(),
                    r.depth as i64,
                    ord as i64,
                    r.action as i64,
                    r.text.clone(),
                    r.text_vi.clone(),
                    topics.clone(),
                    r.lead.clone(),
                    r.replaces.clone(),
                    0,
                );
                match old.get(&r.id) {
                    Some(o) if *o == sig => report.unchanged += 1,
                    Some(_) => {
                        report.updated += 1;
                        sqlx::query(
                            "UPDATE plan_lines SET parent = $1, depth = $2, ord = $3, action = $4, text = $5, text_vi = $6, \
                             topics = $7, lead = $8, replaces = $9, retired = 0 WHERE plan = $10 AND id = $11",
                        )
                        .bind(&r.parent)
                        .bind(r.depth as i64)
                        .bind(ord as i64)
                        .bind(r.action as i64)
                        .bind(&r.text)
                        .bind(&r.text_vi)
                        .bind(&topics)
                        .bind(&r.lead)
                        .bind(&r.replaces)
                        .bind(&opts.plan)
                        .bind(&r.id)
                        .execute(&mut *conn)
                        .await?;
                    }
                    None => {
                        report.added += 1;
                        sqlx::query(
                            "INSERT INTO plan_lines (plan, id, parent, depth, ord, action, text, text_vi, topics, lead, replaces, retired, status, hseq) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, 0)",
                        )
                        .bind(&opts.plan)
                        .bind(&r.id)
                        .bind(&r.parent)
                        .bind(r.depth as i64)
                        .bind(ord as i64)
                        .bind(r.action as i64)
                        .bind(&r.text)
                        .bind(&r.text_vi)
                        .bind(&topics)
                        .bind(&r.lead)
                        .bind(&r.replaces)
                        .bind(LineStatus::INITIAL.name())
                        .execute(&mut *conn)
                        .await?;
                    }
                }
            }
            for (id, o) in &old {
                if !in_file.contains(id) && o.9 == 0 {
                    report.retired += 1;
                    sqlx::query("UPDATE plan_lines SET retired = 1 WHERE plan = $1 AND id = $2")
                        .bind(&opts.plan)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            // The `replaces` mapping: the earlier line must exist; a new
            // line with no history of its own carries its status over.
            for r in &file.rows {
                let Some(rep) = &r.replaces else { continue };
                let (rplan, rline) = match rep.split_once('/') {
                    Some((p, l)) => (p.to_string(), l.to_string()),
                    None => (
                        opts.replaces.clone().unwrap_or_else(|| opts.plan.clone()),
                        rep.clone(),
                    ),
                };
                let row = sqlx::query("SELECT status FROM plan_lines WHERE plan = $1 AND id = $2")
                    .bind(&rplan)
                    .bind(&rline)
                    .fetch_optional(&mut *conn)
                    .await?;
                let Some(row) = row else {
                    return Err(TrackerError::File(vec![crate::FileError {
                        file: file.file.clone(),
                        line: r.file_line,
                        message: format!(
                            "line {} replaces {rplan}/{rline}, which is not in the store",
                            r.id
                        ),
                    }]));
                };
                let old_status: String = row.try_get("status")?;
                let subject = line_subject(&opts.plan, &r.id);
                let has_history = sqlx::query("SELECT 1 AS one FROM tracker_history WHERE subject_kind = 'line' AND subject = $1")
                    .bind(&subject)
                    .fetch_optional(&mut *conn)
                    .await?
                    .is_some();
                if !has_history
                    && old_status != LineStatus::INITIAL.name()
                    && (rplan != opts.plan || rline != r.id)
                {
                    let ev = Evidence {
                        kind: "reference".into(),
                        reference: Some(format!("line {rplan}/{rline}")),
                        ..Default::default()
                    };
                    record(
                        conn,
                        SubjectKind::Line,
                        &subject,
                        LineStatus::INITIAL.name(),
                        &old_status,
                        Some(&ev),
                        opts.today,
                        &opts.actor,
                        Some(&format!("carried over from {rplan}/{rline}")),
                    )
                    .await?;
                    report.statuses += 1;
                }
            }
            for (line, st, ev, date, note) in &resolved {
                let subject = line_subject(&opts.plan, line);
                let cur: String =
                    sqlx::query("SELECT status FROM plan_lines WHERE plan = $1 AND id = $2")
                        .bind(&opts.plan)
                        .bind(line)
                        .fetch_one(&mut *conn)
                        .await?
                        .try_get("status")?;
                // Re-importing the same statuses adds nothing to the history.
                if cur == st.name() {
                    let same = sqlx::query(
                        "SELECT 1 AS one FROM tracker_history WHERE subject_kind = 'line' AND subject = $1 AND to_status = $2 AND effective = $3",
                    )
                    .bind(&subject)
                    .bind(st.name())
                    .bind(date.to_string())
                    .fetch_optional(&mut *conn)
                    .await?
                    .is_some();
                    if same || ev.is_none() {
                        continue;
                    }
                }
                record(
                    conn,
                    SubjectKind::Line,
                    &subject,
                    LineStatus::INITIAL.name(),
                    st.name(),
                    ev.as_ref(),
                    *date,
                    &opts.actor,
                    note.as_deref(),
                )
                .await?;
                report.statuses += 1;
            }
            let changed = report.added + report.updated + report.retired > 0;
            report.revision = match existing {
                None => 1,
                Some(rev) if changed => rev + 1,
                Some(rev) => rev,
            };
            if existing.is_some() {
                sqlx::query(
                    "UPDATE plans SET title = $1, partnership = COALESCE($2, partnership), entity = COALESCE($3, entity), \
                     adopted = COALESCE($4, adopted), replaces = COALESCE($5, replaces), revision = $6, source = $7, \
                     imported_at = $8, imported_by = $9 WHERE id = $10",
                )
                .bind(&opts.title)
                .bind(opts.partnership.as_ref().map(|p| p.id.clone()))
                .bind(&opts.entity)
                .bind(&opts.adopted)
                .bind(&opts.replaces)
                .bind(report.revision)
                .bind(&file.file)
                .bind(&now)
                .bind(&opts.actor)
                .bind(&opts.plan)
                .execute(&mut *conn)
                .await?;
            }
            Ok(report)
        })
    }

    /// Every plan, the most recently imported first.
    pub async fn plans(&self) -> Result<Vec<PlanInfo>> {
        let rows = sqlx::query(
            "SELECT p.id, p.title, p.partnership, p.entity, p.adopted, p.replaces, p.revision, p.source, p.imported_at, p.imported_by, \
             (SELECT COUNT(*) FROM plan_lines l WHERE l.plan = p.id AND l.action = 1 AND l.retired = 0) AS action_lines \
             FROM plans p ORDER BY p.imported_at DESC, p.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PlanInfo {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    partnership: r.try_get("partnership")?,
                    entity: r.try_get("entity")?,
                    adopted: r.try_get("adopted")?,
                    replaces: r.try_get("replaces")?,
                    revision: r.try_get("revision")?,
                    source: r.try_get("source")?,
                    imported_at: r.try_get("imported_at")?,
                    imported_by: r.try_get("imported_by")?,
                    action_lines: r.try_get("action_lines")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(sqlerr)
    }

    /// The plan named, or the most recently imported one.
    pub async fn plan(&self, id: Option<&str>) -> Result<PlanInfo> {
        let plans = self.plans().await?;
        match id {
            Some(id) => plans.into_iter().find(|p| p.id == id).ok_or_else(|| {
                TrackerError::NotFound(format!("plan {id:?} (hoptac plan show lists the plans)"))
            }),
            None => plans.into_iter().next().ok_or_else(|| {
                TrackerError::NotFound("any plan: import one with `hoptac plan import FILE`".into())
            }),
        }
    }

    /// The partnerships known.
    pub async fn partnerships(&self) -> Result<Vec<Partnership>> {
        let rows =
            sqlx::query("SELECT id, name, parties, level, since FROM partnerships ORDER BY id")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(Partnership {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    parties: r.try_get("parties")?,
                    level: r.try_get("level")?,
                    since: r.try_get("since")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(sqlerr)
    }

    /// The lines of a plan in file order, with their current status and
    /// the evidence of the entry that set it.
    pub async fn lines(&self, plan: &str) -> Result<Vec<Line>> {
        let rows = sqlx::query(
            "SELECT id, parent, depth, action, text, text_vi, topics, lead, replaces, retired, status \
             FROM plan_lines WHERE plan = $1 ORDER BY ord",
        )
        .bind(plan)
        .fetch_all(self.pool())
        .await?;
        let mut hist = self.history_of_plan(plan).await?;
        hist.sort_by(|a, b| {
            (&a.subject, &a.effective, a.seq).cmp(&(&b.subject, &b.effective, b.seq))
        });
        // Per line: the last entry (its evidence), and since when the status
        // has been what it is (the first of the trailing run of entries
        // that set the same status).
        let mut last: HashMap<String, (&HistoryEntry, &str)> = HashMap::new();
        for h in &hist {
            match last.get_mut(&h.subject) {
                Some((prev, since)) => {
                    if h.to != prev.to {
                        *since = h.effective.as_str();
                    }
                    *prev = h;
                }
                None => {
                    last.insert(h.subject.clone(), (h, h.effective.as_str()));
                }
            }
        }
        let mut out = Vec::new();
        for r in &rows {
            let id: String = r.try_get("id")?;
            let status: String = r.try_get("status")?;
            let topics: Option<String> = r.try_get("topics")?;
            let h = last.get(&line_subject(plan, &id));
            out.push(Line {
                plan: plan.to_string(),
                parent: r.try_get("parent")?,
                depth: r.try_get("depth")?,
                action: r.try_get::<i64, _>("action")? == 1,
                text: r.try_get("text")?,
                text_vi: r.try_get("text_vi")?,
                topics: topics
                    .map(|t| t.split(';').map(str::to_string).collect())
                    .unwrap_or_default(),
                lead: r.try_get("lead")?,
                replaces: r.try_get("replaces")?,
                retired: r.try_get::<i64, _>("retired")? == 1,
                status: LineStatus::parse(&status)
                    .ok_or_else(|| corrupt(format!("line {plan}/{id} has status {status:?}")))?,
                since: h.map(|(_, since)| since.to_string()),
                evidence: h.and_then(|(h, _)| h.evidence.clone()),
                id,
            });
        }
        Ok(out)
    }

    async fn history_of_plan(&self, plan: &str) -> Result<Vec<HistoryEntry>> {
        // `/` + 1 is `0`: the range holds exactly the subjects `PLAN/...`.
        let rows = sqlx::query(&format!(
            "SELECT {HISTORY_COLS} FROM tracker_history WHERE subject_kind = 'line' AND subject >= $1 AND subject < $2 ORDER BY id"
        ))
        .bind(format!("{plan}/"))
        .bind(format!("{plan}0"))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(history_from_row).collect()
    }

    /// Check evidence against the store. Returns it with the date it
    /// speaks for (the document's publication date), if known.
    pub async fn resolve_evidence(
        &self,
        spec: &EvidenceSpec,
        quote: Option<&str>,
    ) -> Result<(Evidence, Option<NaiveDate>)> {
        let date = |p: &Option<String>| {
            p.as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        match spec {
            EvidenceSpec::Reference(r) => Ok((
                Evidence {
                    kind: "reference".into(),
                    reference: Some(r.clone()),
                    ..Default::default()
                },
                None,
            )),
            EvidenceSpec::Url(u) => {
                let row =
                    sqlx::query("SELECT id FROM documents WHERE url = $1 ORDER BY seq LIMIT 1")
                        .bind(u)
                        .fetch_optional(self.pool())
                        .await?;
                match row {
                    Some(r) => {
                        let id: String = r.try_get("id")?;
                        Box::pin(self.resolve_evidence(&EvidenceSpec::Document { doc: id, span: None }, quote)).await
                    }
                    None if quote.is_some() => Err(TrackerError::Invalid(format!(
                        "no stored document has the URL {u}: a quote can only be found in a stored document"
                    ))),
                    None => Ok((
                        Evidence {
                            kind: "reference".into(),
                            reference: Some(u.clone()),
                            ..Default::default()
                        },
                        None,
                    )),
                }
            }
            EvidenceSpec::Document { doc, span } => {
                let d = self.store.document(doc).await.map_err(|e| match e {
                    StoreError::NotFound(m) => TrackerError::NotFound(m),
                    other => TrackerError::Store(other),
                })?;
                let sp = match (span, quote) {
                    (Some((s, e)), _) => Some(check_span(&d.summary.id, &d.text, *s, *e)?),
                    (None, Some(q)) => Some(find_quote(&d.text, q).ok_or_else(|| {
                        TrackerError::Invalid(format!(
                            "the quote {q:?} is not in document {} ({})",
                            &d.summary.id[..12],
                            d.summary.title.as_deref().unwrap_or(&d.summary.source)
                        ))
                    })?),
                    (None, None) => None,
                };
                Ok((
                    Evidence {
                        kind: "document".into(),
                        quote: sp.and_then(|s| s.slice(&d.text)).map(str::to_string),
                        doc: Some(d.summary.id.clone()),
                        span: sp,
                        ..Default::default()
                    },
                    date(&d.summary.published),
                ))
            }
            EvidenceSpec::Fact(id) => {
                let row = sqlx::query(
                    "SELECT f.doc_id, f.span_start, f.span_end, f.text, d.published FROM facts f JOIN documents d ON d.id = f.doc_id WHERE f.id = $1",
                )
                .bind(*id)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| TrackerError::NotFound(format!("fact {id}")))?;
                let (s, e): (i64, i64) = (row.try_get("span_start")?, row.try_get("span_end")?);
                let published: Option<String> = row.try_get("published")?;
                Ok((
                    Evidence {
                        kind: "fact".into(),
                        doc: Some(row.try_get("doc_id")?),
                        span: Some(Span::new(s as usize, e as usize)),
                        fact: Some(*id),
                        quote: Some(row.try_get("text")?),
                        ..Default::default()
                    },
                    date(&published),
                ))
            }
        }
    }

    /// Set an action line's status: one new history entry, in one
    /// transaction with the current status.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_line_status(
        &self,
        plan: &str,
        line: &str,
        status: LineStatus,
        evidence: Option<&Evidence>,
        effective: NaiveDate,
        actor: &str,
        note: Option<&str>,
    ) -> Result<HistoryEntry> {
        let row = sqlx::query("SELECT action, retired FROM plan_lines WHERE plan = $1 AND id = $2")
            .bind(plan)
            .bind(line)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| {
                TrackerError::NotFound(format!(
                    "line {line} in plan {plan} (hoptac plan show lists them)"
                ))
            })?;
        if row.try_get::<i64, _>("action")? != 1 {
            return Err(TrackerError::Invalid(format!(
                "{line} has lines under it: statuses belong to action lines"
            )));
        }
        let subject = line_subject(plan, line);
        let store = self.store;
        in_tx!(store, |conn| {
            record(
                conn,
                SubjectKind::Line,
                &subject,
                LineStatus::INITIAL.name(),
                status.name(),
                evidence,
                effective,
                actor,
                note,
            )
            .await
        })
    }

    /// The history of a line or commitment, in history order.
    pub async fn history(&self, kind: SubjectKind, subject: &str) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(&format!(
            "SELECT {HISTORY_COLS} FROM tracker_history WHERE subject_kind = $1 AND subject = $2 ORDER BY effective, seq"
        ))
        .bind(kind.name())
        .bind(subject)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(history_from_row).collect()
    }

    /// Counts by status per group as of a date: the history replayed up to
    /// that date (a line with no entry by then is not started).
    pub async fn progress(&self, plan: &str, as_of: NaiveDate, by: GroupBy) -> Result<Progress> {
        let lines = self.lines(plan).await?;
        let hist = self.history_of_plan(plan).await?;
        let mut per: HashMap<&str, Vec<(String, i64, String)>> = HashMap::new();
        for h in &hist {
            per.entry(h.subject.as_str()).or_default().push((
                h.effective.clone(),
                h.seq,
                h.to.clone(),
            ));
        }
        let titles: HashMap<&str, &str> = lines
            .iter()
            .map(|l| (l.id.as_str(), l.text.as_str()))
            .collect();
        let d = as_of.to_string();
        let mut groups: BTreeMap<Vec<u32>, ProgressRow> = BTreeMap::new();
        let mut total = ProgressRow {
            group: plan.to_string(),
            title: "all action lines".into(),
            ..Default::default()
        };
        for l in lines.iter().filter(|l| l.action && !l.retired) {
            let subject = line_subject(plan, &l.id);
            let st = per
                .get(subject.as_str())
                .and_then(|e| replay(e, Some(&d)))
                .and_then(|(_, _, s)| LineStatus::parse(s))
                .unwrap_or(LineStatus::INITIAL);
            let group = match by {
                GroupBy::Pillar => l.id.split('.').next().unwrap_or(&l.id).to_string(),
                GroupBy::Section => l.parent.clone().unwrap_or_else(|| l.id.clone()),
                GroupBy::Plan => plan.to_string(),
            };
            let key: Vec<u32> = group
                .split('.')
                .map(|p| p.parse().unwrap_or(u32::MAX))
                .collect();
            groups
                .entry(key)
                .or_insert_with(|| ProgressRow {
                    title: match by {
                        GroupBy::Plan => "all action lines".to_string(),
                        _ => titles.get(group.as_str()).map_or("", |t| t).to_string(),
                    },
                    group: group.clone(),
                    ..Default::default()
                })
                .add(st);
            total.add(st);
        }
        Ok(Progress {
            plan: plan.to_string(),
            as_of: d,
            rows: groups.into_values().collect(),
            total,
        })
    }

    /// Reported totals ("108/130 action lines") in documents that name the
    /// plan (its gazetteer entity), each set against the tracker's own
    /// count on the document's date.
    pub async fn ratio_checks(&self, plan: &PlanInfo) -> Result<Vec<RatioCheck>> {
        let Some(entity) = &plan.entity else {
            return Ok(vec![]);
        };
        let docs: HashSet<String> = sqlx::query(
            "SELECT DISTINCT m.doc_id FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity = $1 AND d.duplicate_of IS NULL",
        )
        .bind(entity)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| r.try_get("doc_id"))
        .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (doc_id, f) in self.store.facts_of_kind("ratio").await? {
            let FactBody::Ratio(r) = &f.body else {
                continue;
            };
            if !docs.contains(&doc_id)
                || !r
                    .subject
                    .as_deref()
                    .is_some_and(|s| s.contains("action line"))
            {
                continue;
            }
            let d = self.store.document(&doc_id).await?;
            let Some(date) = d
                .summary
                .published
                .as_deref()
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
            else {
                continue;
            };
            let sentence = sentences(&d.text)
                .into_iter()
                .find(|s| s.contains(f.span))
                .and_then(|s| s.slice(&d.text))
                .unwrap_or(&f.text);
            let fs = fold(sentence);
            let with_ongoing = [
                "dang trien khai",
                "dang duoc",
                "ongoing",
                "on-going",
                "on going",
                "under way",
                "underway",
                "being implemented",
                "in progress",
            ]
            .iter()
            .any(|m| fs.contains(m));
            let p = self.progress(&plan.id, date, GroupBy::Plan).await?;
            let tracker = if with_ongoing {
                p.total.implemented + p.total.ongoing
            } else {
                p.total.implemented
            };
            let mut notes = Vec::new();
            if r.denominator as usize != p.total.total {
                notes.push(format!(
                    "the report counts {} action lines, the tracker's plan has {}",
                    r.denominator, p.total.total
                ));
            }
            if r.numerator as usize != tracker {
                notes.push(format!(
                    "the report says {}, the tracker counts {tracker} as of {date}",
                    r.numerator
                ));
            }
            out.push(RatioCheck {
                doc: doc_id.clone(),
                title: d.summary.title.clone(),
                date: date.to_string(),
                quote: f.text.clone(),
                span: f.span,
                reported: r.numerator,
                reported_total: r.denominator,
                counts: if with_ongoing {
                    "implemented or ongoing"
                } else {
                    "implemented"
                }
                .into(),
                tracker,
                tracker_total: p.total.total,
                agrees: notes.is_empty(),
                note: if notes.is_empty() {
                    "agrees".into()
                } else {
                    notes.join("; ")
                },
            });
        }
        Ok(out)
    }
}
