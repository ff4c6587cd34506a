//! Commitments: derived from statement facts (idempotently), listed with
//! status, overdue flag and follow-ups, and their statuses set.

use super::*;

impl Tracker<'_> {
    /// Derive commitments from statement facts not derived yet. Keyed by
    /// the source statement (document and span), so running it again after
    /// more ingests adds only what is new. Another report of a known
    /// commitment (same meeting, same speaker, a shared specific entity, in
    /// another document) becomes one more source of it.
    pub async fn derive_commitments(&self, gaz: &Gazetteer) -> Result<DeriveReport> {
        let names = self.entity_names(gaz).await?;
        let known: HashSet<(String, i64, i64)> =
            sqlx::query("SELECT doc_id, span_start, span_end FROM commitment_sources")
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("doc_id")?,
                        r.try_get("span_start")?,
                        r.try_get("span_end")?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?;
        let rows = sqlx::query(
            "SELECT f.doc_id, f.span_start, f.span_end, f.body FROM facts f JOIN documents d ON d.id = f.doc_id \
             WHERE f.kind = 'statement' AND d.duplicate_of IS NULL ORDER BY d.seq, f.id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut report = DeriveReport::default();
        let mut todo: BTreeMap<String, Vec<Fact>> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for r in &rows {
            let doc: String = r.try_get("doc_id")?;
            let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            let body: String = r.try_get("body")?;
            let f: Fact =
                serde_json::from_str(&body).map_err(|e| corrupt(format!("fact of {doc}: {e}")))?;
            let FactBody::Statement(st) = &f.body else {
                continue;
            };
            if !is_commitment_act(&st.act) {
                continue;
            }
            if known.contains(&(doc.clone(), s, e)) {
                report.known += 1;
                continue;
            }
            if !todo.contains_key(&doc) {
                order.push(doc.clone());
            }
            todo.entry(doc).or_default().push(f);
        }
        if todo.is_empty() {
            return Ok(report);
        }
        let existing = self.commitment_rows().await?;
        let mut new_rows: Vec<(Commitment, bool)> = Vec::new(); // (row, is new commitment)
        let infos = self.doc_infos().await?;
        for doc_id in order {
            let stmts = &todo[&doc_id];
            let d = self.store.document(&doc_id).await?;
            let facts = self.store.facts(&doc_id).await?;
            let info = infos.iter().find(|i| i.id == doc_id);
            let sents = sentences(&d.text);
            // The meeting the document reports: the latest dated one not
            // after publication (a later mention of an earlier meeting is a
            // reference, not where things were said).
            let published = d.summary.published.clone();
            let mut meeting: Option<(&Fact, &hoptac_model::Meeting)> = None;
            for f in &facts {
                if let FactBody::Meeting(m) = &f.body {
                    let ok = match (&m.date, &published) {
                        (Some(md), Some(p)) => md.as_str() <= p.as_str(),
                        _ => true,
                    };
                    let better = match meeting {
                        None => true,
                        Some((_, cur)) => {
                            ok && m.date.is_some() && (cur.date.is_none() || m.date > cur.date)
                        }
                    };
                    if ok && better {
                        meeting = Some((f, m));
                    }
                }
            }
            for f in stmts {
                let FactBody::Statement(st) = &f.body else {
                    continue;
                };
                let sentence = sents
                    .iter()
                    .find(|s| s.contains(Span::new(f.span.start(), f.span.start() + 1)))
                    .copied()
                    .unwrap_or(f.span);
                let sentence_text = sentence.slice(&d.text).unwrap_or(&f.text);
                let entities: BTreeSet<String> = info
                    .map(|i| {
                        i.mentions
                            .iter()
                            .filter(|(e, sp)| f.span.contains(*sp) && !e.starts_with("meeting-"))
                            .map(|(e, _)| e.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let amount = facts.iter().find_map(|x| match &x.body {
                    FactBody::Figure(fig)
                        if is_currency(&fig.unit) && sentence.contains(x.span) =>
                    {
                        Some((fig.value, fig.unit.clone()))
                    }
                    _ => None,
                });
                let party = st.speaker.as_deref().map(|sp| party_of(gaz, &facts, sp));
                let (meeting_name, meeting_entity, meeting_date) = match meeting {
                    Some((mf, m)) => (
                        Some(m.name_en.clone().unwrap_or_else(|| m.name.clone())),
                        mf.entity.clone(),
                        m.date.clone(),
                    ),
                    None => (None, None, None),
                };
                let made_on = match &meeting_date {
                    Some(md) if md.len() == 10 => Some(md.clone()),
                    _ => published.clone().or(meeting_date.clone()),
                };
                let c = Commitment {
                    id: commitment_id(&doc_id, f.span.start(), f.span.end()),
                    doc: doc_id.clone(),
                    span: f.span,
                    quote: f.text.clone(),
                    speaker: st.speaker.clone(),
                    party,
                    act: st.act.clone(),
                    addressee: st.addressee.clone(),
                    content: st.content.clone(),
                    entities: entities.into_iter().collect(),
                    meeting: meeting_name,
                    meeting_entity,
                    made_on,
                    amount: amount.as_ref().map(|a| a.0),
                    currency: amount.map(|a| a.1),
                    deadline: deadline_in(sentence_text),
                    status: CommitmentStatus::INITIAL,
                    overdue: false,
                    sources: vec![(doc_id.clone(), f.span)],
                    follow_ups: vec![],
                };
                // Another report of a commitment already known?
                let same = existing
                    .iter()
                    .chain(new_rows.iter().filter(|(_, n)| *n).map(|(c, _)| c))
                    .filter(|k| {
                        k.doc != c.doc
                            && k.meeting_entity.is_some()
                            && k.meeting_entity == c.meeting_entity
                            && k.speaker.as_deref().map(name_key)
                                == c.speaker.as_deref().map(name_key)
                    })
                    .map(|k| {
                        let shared = k
                            .entities
                            .iter()
                            .filter(|e| {
                                c.entities.contains(e) && suggest::kind_weight(names.kind(e)) > 0.0
                            })
                            .count();
                        (shared, k)
                    })
                    .filter(|(n, _)| *n > 0)
                    .max_by_key(|(n, _)| *n)
                    .map(|(_, k)| k.id.clone());
                // Failing a shared entity, a translation of the same request:
                // the only statement of the other document with the same
                // meeting, speaker, addressee and act.
                let same = same.or_else(|| {
                    let mut cands = existing
                        .iter()
                        .chain(new_rows.iter().filter(|(_, n)| *n).map(|(c, _)| c))
                        .filter(|k| {
                            k.doc != c.doc
                                && k.meeting_entity.is_some()
                                && k.meeting_entity == c.meeting_entity
                                && k.addressee.is_some()
                                && k.addressee == c.addressee
                                && k.act == c.act
                                && k.speaker.as_deref().map(name_key)
                                    == c.speaker.as_deref().map(name_key)
                        });
                    match (cands.next(), cands.next()) {
                        (Some(k), None) => Some(k.id.clone()),
                        _ => None,
                    }
                });
                match same {
                    Some(id) => {
                        report.merged += 1;
                        let mut src = c;
                        src.id = id;
                        new_rows.push((src, false));
                    }
                    None => {
                        report.new += 1;
                        new_rows.push((c, true));
                    }
                }
            }
        }
        let now = chrono::Utc::now().to_rfc3339();
        let store = self.store;
        in_tx!(store, |conn| {
            for (c, is_new) in &new_rows {
                if *is_new {
                    sqlx::query(
                        "INSERT INTO commitments (id, doc_id, span_start, span_end, quote, speaker, party, act, addressee, content, \
                         entities, meeting, meeting_entity, made_on, amount, currency, deadline, status, hseq, derived_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULLIF($15, -1.0), $16, $17, $18, 0, $19) \
                         ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(&c.id)
                    .bind(&c.doc)
                    .bind(c.span.start() as i64)
                    .bind(c.span.end() as i64)
                    .bind(&c.quote)
                    .bind(&c.speaker)
                    .bind(&c.party)
                    .bind(&c.act)
                    .bind(&c.addressee)
                    .bind(&c.content)
                    .bind(c.entities.join(";"))
                    .bind(&c.meeting)
                    .bind(&c.meeting_entity)
                    .bind(&c.made_on)
                    .bind(c.amount.unwrap_or(-1.0))
                    .bind(&c.currency)
                    .bind(&c.deadline)
                    .bind(c.status.name())
                    .bind(&now)
                    .execute(&mut *conn)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO commitment_sources (doc_id, span_start, span_end, commitment) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (doc_id, span_start, span_end) DO NOTHING",
                )
                .bind(&c.doc)
                .bind(c.span.start() as i64)
                .bind(c.span.end() as i64)
                .bind(&c.id)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })?;
        Ok(report)
    }

    pub(super) async fn commitment_rows(&self) -> Result<Vec<Commitment>> {
        let rows = sqlx::query(
            "SELECT id, doc_id, span_start, span_end, quote, speaker, party, act, addressee, content, entities, meeting, \
             meeting_entity, made_on, amount, currency, deadline, status FROM commitments ORDER BY made_on, id",
        )
        .fetch_all(self.pool())
        .await?;
        let srcs = sqlx::query("SELECT doc_id, span_start, span_end, commitment FROM commitment_sources ORDER BY doc_id, span_start")
            .fetch_all(self.pool())
            .await?;
        let mut sources: HashMap<String, Vec<(String, Span)>> = HashMap::new();
        for r in &srcs {
            let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
            sources
                .entry(r.try_get("commitment")?)
                .or_default()
                .push((r.try_get("doc_id")?, Span::new(s as usize, e as usize)));
        }
        rows.iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                let (s, e): (i64, i64) = (r.try_get("span_start")?, r.try_get("span_end")?);
                let status: String = r.try_get("status")?;
                let ents: String = r.try_get("entities")?;
                Ok(Commitment {
                    doc: r.try_get("doc_id")?,
                    span: Span::new(s as usize, e as usize),
                    quote: r.try_get("quote")?,
                    speaker: r.try_get("speaker")?,
                    party: r.try_get("party")?,
                    act: r.try_get("act")?,
                    addressee: r.try_get("addressee")?,
                    content: r.try_get("content")?,
                    entities: ents
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    meeting: r.try_get("meeting")?,
                    meeting_entity: r.try_get("meeting_entity")?,
                    made_on: r.try_get("made_on")?,
                    amount: r.try_get("amount")?,
                    currency: r.try_get("currency")?,
                    deadline: r.try_get("deadline")?,
                    status: CommitmentStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("commitment {id} has status {status:?}")))?,
                    overdue: false,
                    sources: sources.remove(&id).unwrap_or_default(),
                    follow_ups: vec![],
                    id,
                })
            })
            .collect()
    }

    pub(super) fn commitment_profile(c: &Commitment) -> Profile {
        let mut p = Profile {
            entities: c.entities.iter().cloned().collect(),
            terms: suggest::text_terms(c.content.as_deref().unwrap_or(&c.quote)),
        };
        p.entities.extend(c.meeting_entity.clone());
        p
    }

    /// Commitments with their status, overdue flag (as of `as_of`) and
    /// follow-ups: later documents that name the meeting where a commitment
    /// was made or the things it is about.
    pub async fn commitments(
        &self,
        gaz: &Gazetteer,
        filter: &CommitmentFilter,
        as_of: NaiveDate,
    ) -> Result<Vec<Commitment>> {
        let names = self.entity_names(gaz).await?;
        let mut all = self.commitment_rows().await?;
        let infos = self.doc_infos().await?;
        let mut texts: HashMap<String, String> = HashMap::new();
        for c in &mut all {
            c.overdue = c
                .deadline
                .as_deref()
                .and_then(deadline_end)
                .is_some_and(|end| end < as_of)
                && !matches!(
                    c.status,
                    CommitmentStatus::Fulfilled | CommitmentStatus::Withdrawn
                );
        }
        all.retain(|c| {
            (!filter.open || c.status.is_open())
                && (!filter.overdue || c.overdue)
                && filter.by.as_deref().is_none_or(|q| {
                    party_matches(gaz, c.party.as_deref().or(c.speaker.as_deref()), q)
                })
                && filter
                    .to
                    .as_deref()
                    .is_none_or(|q| party_matches(gaz, c.addressee.as_deref(), q))
        });
        for c in &mut all {
            let profile = Self::commitment_profile(c);
            let source_docs: HashSet<&str> = c.sources.iter().map(|(d, _)| d.as_str()).collect();
            let mut ups = Vec::new();
            for d in infos
                .iter()
                .filter(|d| d.original && !source_docs.contains(d.id.as_str()))
            {
                let later = match (&d.published, &c.made_on) {
                    (Some(p), Some(m)) => p > m,
                    _ => false,
                };
                if !later {
                    continue;
                }
                if !texts.contains_key(&d.id) {
                    texts.insert(d.id.clone(), self.store.document(&d.id).await?.text);
                }
                let text = &texts[&d.id];
                let dp = Profile {
                    entities: d.entities.clone(),
                    terms: suggest::text_terms(text),
                };
                if let Some(m) = suggest::score(&profile, &dp, &names) {
                    ups.push(FollowUp {
                        doc: d.id.clone(),
                        published: d.published.clone(),
                        title: d.title.clone(),
                        score: m.score,
                        reason: follow_up_reason(&m, c, &names),
                        span: best_sentence(text, &sentences(text), &d.mentions, &m),
                    });
                }
            }
            ups.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.published.cmp(&b.published))
            });
            c.follow_ups = ups;
        }
        Ok(all)
    }

    /// Set a commitment's status: one new history entry.
    pub async fn set_commitment_status(
        &self,
        id: &str,
        status: CommitmentStatus,
        evidence: Option<&Evidence>,
        effective: NaiveDate,
        actor: &str,
        note: Option<&str>,
    ) -> Result<HistoryEntry> {
        let id = self.resolve_commitment(id).await?;
        let store = self.store;
        in_tx!(store, |conn| {
            record(
                conn,
                SubjectKind::Commitment,
                &id,
                CommitmentStatus::INITIAL.name(),
                status.name(),
                evidence,
                effective,
                actor,
                note,
            )
            .await
        })
    }

    /// A commitment id from a unique prefix (`c-1a2b`).
    pub async fn resolve_commitment(&self, id: &str) -> Result<String> {
        let id = id.trim();
        let rows = sqlx::query(
            "SELECT id FROM commitments WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2",
        )
        .bind(id)
        .bind(format!("{id}\u{7f}"))
        .fetch_all(self.pool())
        .await?;
        match rows.len() {
            0 => Err(TrackerError::NotFound(format!(
                "commitment {id:?} (hoptac commitments lists them)"
            ))),
            1 => Ok(rows[0].try_get("id")?),
            _ => Err(TrackerError::Invalid(format!(
                "{id:?} names more than one commitment: give more of the id"
            ))),
        }
    }
}

/// The reason a document follows up a commitment, in words.
pub(super) fn follow_up_reason(m: &Match, c: &Commitment, names: &EntityNames) -> String {
    let mut parts = Vec::new();
    if let Some(me) = &c.meeting_entity {
        if m.entities.contains(me) {
            parts.push(format!(
                "names the meeting where it was made ({})",
                c.meeting.as_deref().unwrap_or(me)
            ));
        }
    }
    let rest = Match {
        score: m.score,
        entities: m
            .entities
            .iter()
            .filter(|e| Some(*e) != c.meeting_entity.as_ref())
            .cloned()
            .collect(),
        terms: m.terms.clone(),
    };
    let r = suggest::reason(&rest, names);
    if !r.is_empty() {
        parts.push(r);
    }
    parts.join("; ")
}

/// The country or group a speaker speaks for: a person's country (from a
/// person fact of the same document, or the gazetteer), else the speaker
/// itself (a party such as "ASEAN" or "Japan").
fn party_of(gaz: &Gazetteer, facts: &[Fact], speaker: &str) -> String {
    let key = name_key(speaker);
    let iso3 = facts
        .iter()
        .find_map(|f| match &f.body {
            FactBody::Person(p) if name_key(&p.name) == key => p.country.clone(),
            _ => None,
        })
        .or_else(|| {
            gaz.person_named(speaker)
                .and_then(|e| e.attr("country").map(str::to_string))
        });
    match iso3 {
        Some(c) => gaz.country(&c).map_or(c, |e| e.name_en.clone()),
        None => speaker.to_string(),
    }
}

/// Does `party` match what a person asked for: a gazetteer id
/// (`vietnam`), an ISO code (`VNM`) or a name in either language
/// ("Việt Nam", "viet nam", "Japan")?
pub fn party_matches(gaz: &Gazetteer, party: Option<&str>, query: &str) -> bool {
    let Some(party) = party else { return false };
    let pk = name_key(party);
    let q = query.trim();
    let mut keys = vec![name_key(q)];
    let entry = gaz
        .get(&q.to_ascii_lowercase())
        .or_else(|| gaz.country(&q.to_ascii_uppercase()))
        .or_else(|| {
            let text = q.to_string();
            suggest::text_entities(gaz, &text)
                .into_iter()
                .next()
                .and_then(|id| gaz.get(&id))
        });
    if let Some(e) = entry {
        keys.extend(e.names().map(name_key));
        keys.extend(e.acronym.as_deref().map(name_key));
    }
    keys.iter().any(|k| !k.is_empty() && *k == pk)
}
