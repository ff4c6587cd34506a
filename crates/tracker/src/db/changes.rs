//! What changed since a date.

use super::*;

impl Tracker<'_> {
    /// What changed since a date: status changes effective or recorded
    /// since, commitments made since, meetings held since (or, undated,
    /// reported by documents published or stored since).
    pub async fn changes(&self, gaz: &Gazetteer, since: NaiveDate) -> Result<Changes> {
        let s = since.to_string();
        let rows = sqlx::query(&format!(
            "SELECT {HISTORY_COLS} FROM tracker_history WHERE effective >= $1 OR recorded_at >= $2 ORDER BY effective, id"
        ))
        .bind(&s)
        .bind(&s)
        .fetch_all(self.pool())
        .await?;
        let statuses = rows
            .iter()
            .map(history_from_row)
            .collect::<Result<Vec<_>>>()?;
        let commitments = self
            .commitments(
                gaz,
                &CommitmentFilter::default(),
                chrono::Utc::now().date_naive(),
            )
            .await?
            .into_iter()
            .filter(|c| c.made_on.as_deref().is_some_and(|m| m >= s.as_str()))
            .collect();
        let infos = self.doc_infos().await?;
        let by_id: HashMap<&str, &DocInfo> = infos.iter().map(|d| (d.id.as_str(), d)).collect();
        let mut meetings: Vec<MeetingSeen> = Vec::new();
        for (doc, f) in self.store.facts_of_kind("meeting").await? {
            let Some(info) = by_id.get(doc.as_str()) else {
                continue;
            };
            if !info.original {
                continue;
            }
            let FactBody::Meeting(m) = &f.body else {
                continue;
            };
            let new = match &m.date {
                Some(d) => d.as_str() >= &s[..d.len().min(s.len())],
                None => {
                    info.published
                        .as_deref()
                        .unwrap_or(&info.ingested[..10.min(info.ingested.len())])
                        >= s.as_str()
                }
            };
            if !new {
                continue;
            }
            let key = f.entity.clone();
            match meetings
                .iter_mut()
                .find(|x| key.is_some() && x.entity == key)
            {
                Some(x) => {
                    if !x.documents.contains(&doc) {
                        x.documents.push(doc.clone());
                    }
                }
                None => meetings.push(MeetingSeen {
                    entity: key,
                    name: m.name_en.clone().unwrap_or_else(|| m.name.clone()),
                    date: m.date.clone(),
                    place: m.place.clone(),
                    documents: vec![doc.clone()],
                }),
            }
        }
        meetings.sort_by(|a, b| a.date.cmp(&b.date));
        Ok(Changes {
            since: s,
            statuses,
            commitments,
            meetings,
        })
    }
}
