//! One record per real-world thing, over the stored facts.
//!
//! Every document states its own facts; a meeting reported by a Vietnamese
//! article, an English release and a republication is three `meeting`
//! facts. The views here fold them into one [`MeetingRecord`] (and one
//! [`DataPoint`] per indicator), with every report linked as a source.
//! They are queries, not tables: the facts stay as extracted, so a better
//! extractor or a new grouping rule needs no migration, and the SQL is one
//! plain join both backends run unchanged.
//!
//! Identity rules:
//! - **meeting**: series + ordinal ("28th ASEAN-Japan Summit"); a meeting
//!   without an ordinal (commemorative summits, or a report that leaves it
//!   out) is series + date + place: it joins a record of the same series
//!   held on the same day, or, with no day known, one of the same named
//!   entity (e.g. the 50th-anniversary summit) whose dates do not conflict.
//!   Places must not conflict.
//! - **data point**: partnership + subject + year + unit ("ASEAN-Japan,
//!   two-way trade, 2024, USD"). Values within 0.5% of each other are one
//!   value (rounding); qualified values ("more than", "nearly", "about")
//!   agree with the values they allow. Values that do not agree are kept
//!   side by side and the data point is flagged.
//! - **sources**: a near-duplicate (`duplicate_of`, a republication) is
//!   listed as a report but is not another source: it is neither counted
//!   in `sources` nor able to make a disagreement on its own.

use crate::{Result, Store, StoreError};
use hoptac_model::{Fact, FactBody};
use hoptac_text::Span;
use serde::Serialize;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

/// A document that reports something, as a citation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Content id of the document.
    pub doc_id: String,
    /// Where it came from.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Language code.
    pub lang: Option<String>,
    /// The original this republishes, if it is a near-duplicate.
    pub duplicate_of: Option<String>,
    /// The words of the report, as written.
    pub text: String,
    /// Where, in the stored text.
    pub span: Span,
}

impl Report {
    /// A near-duplicate is a report but not an independent source.
    pub fn independent(&self) -> bool {
        self.duplicate_of.is_none()
    }
}

/// An outcome document a meeting adopted, signed, endorsed or issued.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptedDocument {
    /// Canonical English name (or the name as first written).
    pub name_en: String,
    /// The resolved entity, when the gazetteer knows it.
    pub entity: Option<String>,
    /// "adopted", "signed", "endorsed" or "issued".
    pub action: String,
    /// Number of documents that report it.
    pub reports: usize,
}

/// One meeting, however many documents report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRecord {
    /// A stable key: `series#ordinal`, or `series@date@place`.
    pub key: String,
    /// Canonical English name.
    pub name_en: Option<String>,
    /// The series, e.g. "ASEAN-Japan Summit".
    pub series: Option<String>,
    /// Its number in the series.
    pub ordinal: Option<u32>,
    /// The date most independent sources give (the most precise one).
    pub date: Option<String>,
    /// The place most independent sources give.
    pub place: Option<String>,
    /// Outcome documents reported for it.
    pub documents: Vec<AdoptedDocument>,
    /// Independent sources (near-duplicates not counted).
    pub sources: usize,
    /// Languages of the reports.
    pub languages: Vec<String>,
    /// Every report, republications included, in storage order.
    pub reports: Vec<Report>,
    /// Where the reports disagree ("date: 2025-10-26 (2), 2025-10-27 (1)").
    pub disagreements: Vec<String>,
}

/// One value of a data point and who reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedValue {
    /// The value in base units (the most precise of the agreeing reports).
    pub value: f64,
    /// "more than", "about"... when every report of it qualifies it.
    pub qualifier: Option<String>,
    /// Independent sources giving it.
    pub sources: usize,
    /// Every report of it.
    pub reports: Vec<Report>,
}

/// One indicator in one year: ASEAN-Japan two-way trade in 2024.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataPoint {
    /// "ASEAN-Japan", when known.
    pub partnership: Option<String>,
    /// What is measured, in English.
    pub subject: String,
    /// The year.
    pub year: i32,
    /// "USD", "percent"...
    pub unit: String,
    /// The value most independent sources give.
    pub value: f64,
    /// Every distinct value, most sources first.
    pub values: Vec<ReportedValue>,
    /// Independent sources over all values.
    pub sources: usize,
    /// Languages of the reports.
    pub languages: Vec<String>,
    /// Independent sources give values that do not agree.
    pub disagreement: bool,
}

/// A stored fact with its document's fields, as the views read it.
#[derive(Debug, Clone)]
pub struct FactRow {
    /// The document, as a citation (text and span of this fact).
    pub report: Report,
    /// The fact.
    pub fact: Fact,
}

impl Store {
    /// Stored facts of `kinds` with their documents, in storage order.
    pub async fn fact_rows(&self, kinds: &[&str]) -> Result<Vec<FactRow>> {
        let placeholders: Vec<String> = (1..=kinds.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT f.doc_id, f.body, d.source, d.title, d.url, d.published, d.lang, d.duplicate_of \
             FROM facts f JOIN documents d ON d.id = f.doc_id \
             WHERE f.kind IN ({}) ORDER BY d.seq, f.ord",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for k in kinds {
            q = q.bind(*k);
        }
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let doc_id: String = r.try_get("doc_id")?;
                let body: String = r.try_get("body")?;
                let fact: Fact = serde_json::from_str(&body)
                    .map_err(|e| StoreError::Corrupt(format!("fact of {doc_id}: {e}")))?;
                Ok(FactRow {
                    report: Report {
                        source: r.try_get("source")?,
                        title: r.try_get("title")?,
                        url: r.try_get("url")?,
                        published: r.try_get("published")?,
                        lang: r.try_get("lang")?,
                        duplicate_of: r.try_get("duplicate_of")?,
                        text: fact.text.clone(),
                        span: fact.span,
                        doc_id,
                    },
                    fact,
                })
            })
            .collect()
    }

    /// The meetings, one record each, in date order (undated last).
    pub async fn meetings(&self) -> Result<Vec<MeetingRecord>> {
        Ok(group_meetings(
            &self.fact_rows(&["meeting", "document"]).await?,
        ))
    }

    /// The data points, one per indicator and year, by partnership,
    /// subject and year.
    pub async fn figures(&self) -> Result<Vec<DataPoint>> {
        Ok(group_figures(&self.fact_rows(&["figure"]).await?))
    }
}

/// Lower case, ASCII dashes and single spaces: "ASEAN – Japan  Summit" and
/// "ASEAN-Japan Summit" are one series.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '–' | '—' | '‑' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" - ", "-")
}

/// Two dates agree when one is a prefix of the other ("2025-10" and
/// "2025-10-26"), or either is unknown.
fn dates_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
        _ => true,
    }
}

fn day(d: Option<&str>) -> Option<&str> {
    d.filter(|d| d.len() == 10)
}

struct MeetingGroup {
    series: String,
    entity: Option<String>,
    ordinal: Option<u32>,
    rows: Vec<usize>,
}

/// Fold meeting facts into meetings (pure; [`Store::meetings`] feeds it).
/// `rows` may hold `document` facts too: those adopted, signed, endorsed
/// or issued are attached to the meeting their document reports nearest
/// before them.
pub fn group_meetings(rows: &[FactRow]) -> Vec<MeetingRecord> {
    let meeting = |i: usize| match &rows[i].fact.body {
        FactBody::Meeting(m) => Some(m),
        _ => None,
    };
    let mut groups: Vec<MeetingGroup> = Vec::new();
    // Ordinal reports first, so a report without one finds its record
    // whatever the storage order.
    let mut order: Vec<usize> = (0..rows.len()).filter(|&i| meeting(i).is_some()).collect();
    order.sort_by_key(|&i| meeting(i).is_some_and(|m| m.ordinal.is_none()));
    for i in order {
        let m = meeting(i).expect("meeting rows only");
        let series = norm(
            m.series
                .as_deref()
                .or(m.name_en.as_deref())
                .unwrap_or(&m.name),
        );
        let found = groups.iter().position(|g| {
            if g.series != series {
                return false;
            }
            if let (Some(a), Some(b)) = (g.ordinal, m.ordinal) {
                return a == b;
            }
            let members = g.rows.iter().filter_map(|&j| meeting(j));
            let places_agree = members
                .clone()
                .all(|x| x.place.is_none() || m.place.is_none() || x.place == m.place);
            let same_day = members
                .clone()
                .any(|x| day(x.date.as_deref()).is_some() && x.date == m.date)
                && day(m.date.as_deref()).is_some();
            let no_day_conflict = members
                .clone()
                .all(|x| dates_agree(x.date.as_deref(), m.date.as_deref()));
            let same_entity = g.entity.is_some() && g.entity == rows[i].fact.entity;
            places_agree && (same_day || (same_entity && no_day_conflict))
        });
        match found {
            Some(g) => groups[g].rows.push(i),
            None => groups.push(MeetingGroup {
                series,
                entity: rows[i].fact.entity.clone(),
                ordinal: m.ordinal,
                rows: vec![i],
            }),
        }
    }
    // Which group each meeting row went to.
    let mut group_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (g, grp) in groups.iter().enumerate() {
        for &i in &grp.rows {
            group_of[i] = Some(g);
        }
    }
    // Where each document mentions each meeting: doc id → (start, group).
    let mut mentions: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (j, q) in rows.iter().enumerate() {
        let Some(g) = group_of[j] else { continue };
        let at = mentions.entry(q.report.doc_id.as_str()).or_default();
        for s in std::iter::once(q.fact.span).chain(q.fact.mentions.iter().copied()) {
            at.push((s.start(), g));
        }
    }
    let mut adopted: Vec<Vec<(usize, &FactRow)>> = vec![Vec::new(); groups.len()];
    for (i, r) in rows.iter().enumerate() {
        let FactBody::Document(d) = &r.fact.body else {
            continue;
        };
        if d.action == "referenced" {
            continue;
        }
        // The meeting of the same document mentioned nearest before it,
        // else the document's first meeting.
        let here = r.fact.span.start();
        let mut best: Option<(usize, usize)> = None; // (mention start, group)
        let mut first: Option<(usize, usize)> = None;
        for &(start, g) in mentions.get(r.report.doc_id.as_str()).into_iter().flatten() {
            if first.is_none_or(|(p, _)| start < p) {
                first = Some((start, g));
            }
            if start <= here && best.is_none_or(|(p, _)| start > p) {
                best = Some((start, g));
            }
        }
        if let Some((_, g)) = best.or(first) {
            adopted[g].push((i, r));
        }
    }
    let mut out: Vec<MeetingRecord> = groups
        .iter()
        .zip(adopted)
        .map(|(g, docs)| meeting_record(rows, g, &docs))
        .collect();
    out.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.series, a.ordinal).cmp(&(
            b.date.is_none(),
            &b.date,
            &b.series,
            b.ordinal,
        ))
    });
    out
}

/// The value most independent reports give (ties: the first seen), with
/// every distinct value and its count when they differ.
fn consensus<'a>(
    reports: impl Iterator<Item = (&'a Report, Option<&'a str>)>,
) -> (Option<String>, Vec<(String, usize)>) {
    let mut votes: Vec<(String, usize)> = Vec::new();
    for (r, v) in reports {
        let Some(v) = v else { continue };
        let w = usize::from(r.independent());
        match votes.iter_mut().find(|(x, _)| x == v) {
            Some((_, n)) => *n += w,
            None => votes.push((v.to_string(), w)),
        }
    }
    let best = votes
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(_, (v, _))| v.clone());
    (best, votes)
}

fn meeting_record(rows: &[FactRow], g: &MeetingGroup, docs: &[(usize, &FactRow)]) -> MeetingRecord {
    let members: Vec<(&Report, &hoptac_model::Meeting)> = g
        .rows
        .iter()
        .filter_map(|&i| match &rows[i].fact.body {
            FactBody::Meeting(m) => Some((&rows[i].report, m)),
            _ => None,
        })
        .collect();
    let mut disagreements = Vec::new();
    // The most precise date first: a day beats a month beats a year.
    let mut date = None;
    for len in [10, 7, 4] {
        let (best, votes) = consensus(
            members
                .iter()
                .map(|(r, m)| (*r, m.date.as_deref().filter(|d| d.len() == len))),
        );
        if best.is_some() {
            if votes.iter().filter(|(_, n)| *n > 0).count() > 1 {
                disagreements.push(format!("date: {}", show_votes(&votes)));
            }
            date = best;
            break;
        }
    }
    let (place, votes) = consensus(members.iter().map(|(r, m)| (*r, m.place.as_deref())));
    if votes.iter().filter(|(_, n)| *n > 0).count() > 1 {
        disagreements.push(format!("place: {}", show_votes(&votes)));
    }
    let first = members.first().map(|(_, m)| *m);
    let name_en = members
        .iter()
        .find(|(_, m)| m.ordinal.is_some() && m.name_en.is_some())
        .or(members.first())
        .and_then(|(_, m)| m.name_en.clone());
    let ordinal = members.iter().find_map(|(_, m)| m.ordinal);
    let reports: Vec<Report> = members.iter().map(|(r, _)| (*r).clone()).collect();
    let mut documents: Vec<AdoptedDocument> = Vec::new();
    let mut doc_reports: Vec<BTreeSet<&str>> = Vec::new();
    for (_, r) in docs {
        let FactBody::Document(d) = &r.fact.body else {
            continue;
        };
        let name = d.name_en.clone().unwrap_or_else(|| d.name.clone());
        let at = documents.iter().position(|x| {
            (r.fact.entity.is_some() && x.entity == r.fact.entity)
                || norm(&x.name_en) == norm(&name)
        });
        let at = at.unwrap_or_else(|| {
            documents.push(AdoptedDocument {
                name_en: name,
                entity: r.fact.entity.clone(),
                action: d.action.clone(),
                reports: 0,
            });
            doc_reports.push(BTreeSet::new());
            documents.len() - 1
        });
        doc_reports[at].insert(&r.report.doc_id);
        documents[at].reports = doc_reports[at].len();
    }
    MeetingRecord {
        key: match ordinal {
            Some(n) => format!("{}#{n}", g.series),
            None => format!(
                "{}@{}@{}",
                g.series,
                date.as_deref().unwrap_or(""),
                place.as_deref().map(norm).unwrap_or_default()
            ),
        },
        name_en,
        series: first.and_then(|m| m.series.clone()),
        ordinal,
        date,
        place,
        documents,
        sources: independent_sources(&reports),
        languages: languages(&reports),
        reports,
        disagreements,
    }
}

fn show_votes(votes: &[(String, usize)]) -> String {
    votes
        .iter()
        .map(|(v, n)| format!("{v} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn independent_sources(reports: &[Report]) -> usize {
    reports
        .iter()
        .filter(|r| r.independent())
        .map(|r| r.doc_id.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

fn languages(reports: &[Report]) -> Vec<String> {
    reports
        .iter()
        .filter_map(|r| r.lang.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Do two reported values state the same quantity? Within 0.5% (rounding:
/// "236.6 billion" and "237 billion"), or allowed by a qualifier: "more
/// than 230 billion" allows 236.6 billion; "nearly 240 billion" allows it
/// too (within 5% below); "about 235 billion" allows within 5% either way.
pub fn values_agree(a: f64, qa: Option<&str>, b: f64, qb: Option<&str>) -> bool {
    let close = |x: f64, y: f64, tol: f64| (x - y).abs() <= tol * x.abs().max(y.abs());
    if close(a, b, 0.005) {
        return true;
    }
    let allows = |q: Option<&str>, bound: f64, v: f64| match q {
        Some("more than" | "over" | "at least") => v >= bound,
        Some("less than" | "under") => v <= bound,
        Some("nearly" | "almost") => v <= bound && v >= bound * 0.95,
        Some("about" | "around" | "approximately" | "some") => close(v, bound, 0.05),
        _ => false,
    };
    allows(qa, a, b) || allows(qb, b, a)
}

/// Fold figure facts into data points (pure; [`Store::figures`] feeds it).
/// Figures without a subject or a year are no indicator and are left out.
pub fn group_figures(rows: &[FactRow]) -> Vec<DataPoint> {
    type Key = (Option<String>, String, i32, String);
    /// A report of a value: the row, the value, its qualifier.
    type Item<'a> = (&'a FactRow, f64, Option<&'a str>);
    let mut points: Vec<(Key, Vec<Item>)> = Vec::new();
    for r in rows {
        let FactBody::Figure(x) = &r.fact.body else {
            continue;
        };
        let (Some(subject), Some(year)) = (&x.subject, x.year) else {
            continue;
        };
        let key = (x.partnership.clone(), subject.clone(), year, x.unit.clone());
        let item = (r, x.value, x.qualifier.as_deref());
        match points.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(item),
            None => points.push((key, vec![item])),
        }
    }
    let mut out: Vec<DataPoint> = points
        .into_iter()
        .map(|((partnership, subject, year, unit), items)| {
            let mut values: Vec<ReportedValue> = Vec::new();
            // Qualifier of each value's first report, to compare later ones with.
            let mut quals: Vec<Option<&str>> = Vec::new();
            // Unqualified, independent reports first: they set the values.
            let mut items = items;
            items.sort_by_key(|(r, _, q)| (q.is_some(), !r.report.independent()));
            for (r, v, q) in items {
                let at = values
                    .iter()
                    .zip(&quals)
                    .position(|(x, xq)| values_agree(x.value, *xq, v, q));
                let at = at.unwrap_or_else(|| {
                    values.push(ReportedValue {
                        value: v,
                        qualifier: q.map(str::to_string),
                        sources: 0,
                        reports: vec![],
                    });
                    quals.push(q);
                    values.len() - 1
                });
                values[at].reports.push(r.report.clone());
                values[at].sources = independent_sources(&values[at].reports);
            }
            for v in &mut values {
                v.reports.sort_by(|a, b| a.published.cmp(&b.published));
            }
            // Most sources first; stable, so ties keep the first seen.
            values.sort_by_key(|v| std::cmp::Reverse(v.sources));
            let all: Vec<Report> = values.iter().flat_map(|v| v.reports.clone()).collect();
            DataPoint {
                partnership,
                subject,
                year,
                unit,
                value: values[0].value,
                disagreement: values.iter().filter(|v| v.sources > 0).count() > 1,
                sources: independent_sources(&all),
                languages: languages(&all),
                values,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.partnership, &a.subject, a.year, &a.unit).cmp(&(
            &b.partnership,
            &b.subject,
            b.year,
            &b.unit,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoptac_model::{DocumentRef, Figure, Meeting};

    fn report(doc: &str, lang: &str, dup: Option<&str>) -> Report {
        Report {
            doc_id: doc.into(),
            source: format!("{doc}.txt"),
            title: None,
            url: None,
            published: None,
            lang: Some(lang.into()),
            duplicate_of: dup.map(str::to_string),
            text: String::new(),
            span: Span::new(0, 0),
        }
    }

    fn row(r: Report, at: usize, body: FactBody, entity: Option<&str>) -> FactRow {
        FactRow {
            report: r,
            fact: Fact {
                text: String::new(),
                span: Span::new(at, at + 1),
                mentions: vec![],
                sentence: 0,
                entity: entity.map(str::to_string),
                flags: vec![],
                body,
            },
        }
    }

    fn meeting(
        series: &str,
        ordinal: Option<u32>,
        date: Option<&str>,
        place: Option<&str>,
    ) -> FactBody {
        FactBody::Meeting(Meeting {
            name: series.into(),
            name_en: Some(match ordinal {
                Some(n) => format!("{n}th {series}"),
                None => series.into(),
            }),
            series: Some(series.into()),
            ordinal,
            date: date.map(str::to_string),
            place: place.map(str::to_string),
        })
    }

    fn figure(v: f64, q: Option<&str>, p: &str, year: i32) -> FactBody {
        FactBody::Figure(Figure {
            value: v,
            unit: "USD".into(),
            subject: Some("two-way trade".into()),
            year: Some(year),
            qualifier: q.map(str::to_string),
            partnership: Some(p.into()),
        })
    }

    #[test]
    fn one_meeting_from_three_reports_in_two_languages() {
        let kl = Some("Kuala Lumpur, Malaysia");
        let rows = vec![
            row(
                report("vi1", "vi", None),
                10,
                meeting("ASEAN-Japan Summit", Some(28), Some("2025-10-26"), kl),
                None,
            ),
            row(
                report("vi1", "vi", None),
                90,
                FactBody::Document(DocumentRef {
                    name: "Tuyên bố chung".into(),
                    name_en: Some("Joint Statement on AOIP".into()),
                    action: "adopted".into(),
                }),
                Some("aoip-js"),
            ),
            row(
                report("vi2", "vi", Some("vi1")),
                10,
                meeting("ASEAN-Japan Summit", Some(28), Some("2025-10-26"), kl),
                None,
            ),
            row(
                report("en1", "en", None),
                5,
                meeting("ASEAN – Japan Summit", Some(28), Some("2025-10"), None),
                None,
            ),
            row(
                report("en1", "en", None),
                50,
                meeting("ASEAN-Japan Summit", Some(27), Some("2024-10-10"), None),
                None,
            ),
            row(
                report("en1", "en", None),
                80,
                FactBody::Document(DocumentRef {
                    name: "Joint Statement on AOIP".into(),
                    name_en: Some("Joint Statement on AOIP".into()),
                    action: "adopted".into(),
                }),
                Some("aoip-js"),
            ),
        ];
        let got = group_meetings(&rows);
        assert_eq!(got.len(), 2);
        let m28 = got.iter().find(|m| m.ordinal == Some(28)).unwrap();
        assert_eq!(m28.reports.len(), 3);
        assert_eq!(m28.sources, 2, "the republication is not another source");
        assert_eq!(m28.languages, vec!["en", "vi"]);
        assert_eq!(
            m28.date.as_deref(),
            Some("2025-10-26"),
            "the day beats the month"
        );
        assert_eq!(m28.place.as_deref(), kl);
        assert!(m28.disagreements.is_empty());
        // en1's adoption follows its mention of the 27th: it belongs there.
        assert_eq!(m28.documents.len(), 1);
        assert_eq!(m28.documents[0].reports, 1);
        let m27 = got.iter().find(|m| m.ordinal == Some(27)).unwrap();
        assert_eq!(m27.documents.len(), 1);
        assert_eq!(got[0].ordinal, Some(27), "timeline order");
    }

    #[test]
    fn without_ordinal_series_date_and_place_decide() {
        let tokyo = Some("Tokyo, Japan");
        let s = "ASEAN-Japan Commemorative Summit";
        let rows = vec![
            row(
                report("a", "vi", None),
                0,
                meeting(s, None, Some("2023-12-17"), tokyo),
                Some("c50"),
            ),
            row(
                report("b", "en", None),
                0,
                meeting(s, None, Some("2023-12-17"), None),
                Some("c50"),
            ),
            row(
                report("c", "en", None),
                0,
                meeting(s, None, Some("2023-12"), tokyo),
                Some("c50"),
            ),
            // Another commemorative summit, ten years earlier: not the same.
            row(
                report("d", "en", None),
                0,
                meeting(s, None, Some("2013-12-14"), tokyo),
                Some("c40"),
            ),
            // The same day elsewhere: not the same meeting.
            row(
                report("e", "en", None),
                0,
                meeting(s, None, Some("2023-12-17"), Some("Jakarta, Indonesia")),
                Some("c50"),
            ),
            // A report without an ordinal joins the numbered meeting held that day.
            row(
                report("f", "en", None),
                0,
                meeting("ASEAN-Japan Summit", Some(26), Some("2023-09-06"), None),
                None,
            ),
            row(
                report("g", "vi", None),
                0,
                meeting("ASEAN-Japan Summit", None, Some("2023-09-06"), None),
                None,
            ),
        ];
        let got = group_meetings(&rows);
        let sizes: Vec<(Option<String>, usize)> = got
            .iter()
            .map(|m| (m.date.clone(), m.reports.len()))
            .collect();
        assert_eq!(
            sizes,
            vec![
                (Some("2013-12-14".into()), 1),
                (Some("2023-09-06".into()), 2),
                (Some("2023-12-17".into()), 3),
                (Some("2023-12-17".into()), 1),
            ]
        );
        assert_eq!(got[1].ordinal, Some(26));
    }

    #[test]
    fn conflicting_dates_are_flagged() {
        let rows = vec![
            row(
                report("a", "vi", None),
                0,
                meeting("ASEAN-Japan Forum", Some(39), Some("2024-06-25"), None),
                None,
            ),
            row(
                report("b", "en", None),
                0,
                meeting("ASEAN-Japan Forum", Some(39), Some("2024-06-25"), None),
                None,
            ),
            row(
                report("c", "en", None),
                0,
                meeting("ASEAN-Japan Forum", Some(39), Some("2024-06-26"), None),
                None,
            ),
        ];
        let got = group_meetings(&rows);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].date.as_deref(), Some("2024-06-25"));
        assert_eq!(
            got[0].disagreements,
            vec!["date: 2024-06-25 (2), 2024-06-26 (1)"]
        );
    }

    #[test]
    fn one_data_point_with_its_sources_and_disagreements_kept() {
        let rows = vec![
            row(
                report("vi1", "vi", None),
                0,
                figure(236.6e9, None, "ASEAN-Japan", 2024),
                None,
            ),
            row(
                report("vi2", "vi", Some("vi1")),
                0,
                figure(236.6e9, None, "ASEAN-Japan", 2024),
                None,
            ),
            row(
                report("en1", "en", None),
                0,
                figure(237e9, Some("nearly"), "ASEAN-Japan", 2024),
                None,
            ),
            row(
                report("en2", "en", None),
                0,
                figure(236.6e9, None, "ASEAN-Japan", 2024),
                None,
            ),
            // Another partnership, same subject and year: another data point.
            row(
                report("en3", "en", None),
                0,
                figure(208.2e9, None, "ASEAN-Republic of Korea", 2024),
                None,
            ),
            // Two sources that disagree on 2016.
            row(
                report("en4", "en", None),
                0,
                figure(201.9e9, None, "ASEAN-Japan", 2016),
                None,
            ),
            row(
                report("vi3", "vi", None),
                0,
                figure(221.7e9, None, "ASEAN-Japan", 2016),
                None,
            ),
            // A republication that changed a number is not a second source.
            row(
                report("vi4", "vi", Some("vi1")),
                0,
                figure(263.6e9, None, "ASEAN-Japan", 2024),
                None,
            ),
        ];
        let got = group_figures(&rows);
        assert_eq!(got.len(), 3);
        let t24 = got
            .iter()
            .find(|d| d.partnership.as_deref() == Some("ASEAN-Japan") && d.year == 2024)
            .unwrap();
        assert_eq!(t24.value, 236.6e9);
        assert_eq!(t24.sources, 3);
        assert_eq!(
            t24.values[0].reports.len(),
            4,
            "rounded 'nearly 237' agrees"
        );
        assert_eq!(t24.values.len(), 2);
        assert!(!t24.disagreement, "a republication alone cannot disagree");
        assert_eq!(t24.languages, vec!["en", "vi"]);
        let t16 = got.iter().find(|d| d.year == 2016).unwrap();
        assert!(t16.disagreement);
        assert_eq!(t16.values.len(), 2);
    }

    #[test]
    fn qualifiers_bound_values() {
        assert!(values_agree(236.6e9, None, 237e9, None));
        assert!(values_agree(230e9, Some("more than"), 236.6e9, None));
        assert!(!values_agree(240e9, Some("more than"), 236.6e9, None));
        assert!(values_agree(236.6e9, None, 240e9, Some("nearly")));
        assert!(!values_agree(201.9e9, None, 221.7e9, None));
    }
}
