//! Meetings and figure series assembled from the stored facts, for the
//! API and the dashboard. (A store-side view of these may replace this
//! module; the records it returns are what the pages need.)

use hoptac_model::FactBody;
use hoptac_store::{Result, Store};
use hoptac_text::Span;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A place in a stored document: every number on the dashboard links to one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The document.
    pub doc: String,
    /// The span in its stored text.
    pub span: Span,
    /// The words there.
    pub text: String,
}

/// One real-world meeting with every report of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingView {
    /// The gazetteer/store entity, when resolved.
    pub entity: Option<String>,
    /// Its name (English when known).
    pub name: String,
    /// Date (the first report that gives one).
    pub date: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// The reports, original documents only.
    pub sources: Vec<Source>,
}

/// A point of a figure series: one year, the values sources give for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// The year.
    pub year: i32,
    /// The value most sources give (the first, on a tie).
    pub value: f64,
    /// Sources disagree on the value.
    pub disagreement: bool,
    /// Each source with the value it gives.
    pub sources: Vec<(f64, Source)>,
}

/// A series: one subject and unit over years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// A stable id: `subject|unit`.
    pub id: String,
    /// What is counted (e.g. two-way trade).
    pub subject: String,
    /// The unit (USD, JPY, %...).
    pub unit: String,
    /// Points by year.
    pub points: Vec<SeriesPoint>,
}

async fn originals(store: &Store) -> Result<HashMap<String, bool>> {
    let mut out = HashMap::new();
    let mut offset = 0;
    loop {
        let page = store.documents(500, offset).await?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as i64;
        for d in page {
            out.insert(d.id, d.duplicate_of.is_none());
        }
    }
    Ok(out)
}

/// Meetings, one per entity (or name when unresolved), latest first.
pub async fn meetings(store: &Store) -> Result<Vec<MeetingView>> {
    let orig = originals(store).await?;
    let mut by: BTreeMap<String, MeetingView> = BTreeMap::new();
    for (doc, f) in store.facts_of_kind("meeting").await? {
        if !orig.get(&doc).copied().unwrap_or(false) {
            continue;
        }
        let FactBody::Meeting(m) = &f.body else {
            continue;
        };
        let key = f.entity.clone().unwrap_or_else(|| m.name.to_lowercase());
        let v = by.entry(key).or_insert_with(|| MeetingView {
            entity: f.entity.clone(),
            name: m.name_en.clone().unwrap_or_else(|| m.name.clone()),
            date: None,
            place: None,
            sources: vec![],
        });
        if v.date.is_none() {
            v.date = m.date.clone();
        }
        if v.place.is_none() {
            v.place = m.place.clone();
        }
        v.sources.push(Source {
            doc,
            span: f.span,
            text: f.text.clone(),
        });
    }
    let mut out: Vec<MeetingView> = by.into_values().collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// Figure series: money and percentage figures with a subject and a year,
/// grouped by subject and unit; series with most points first.
pub async fn series(store: &Store) -> Result<Vec<Series>> {
    let orig = originals(store).await?;
    let mut by: BTreeMap<(String, String), BTreeMap<i32, Vec<(f64, Source)>>> = BTreeMap::new();
    for (doc, f) in store.facts_of_kind("figure").await? {
        if !orig.get(&doc).copied().unwrap_or(false) {
            continue;
        }
        let FactBody::Figure(x) = &f.body else {
            continue;
        };
        let (Some(subject), Some(year)) = (&x.subject, x.year) else {
            continue;
        };
        if x.unit == "count" {
            continue;
        }
        by.entry((subject.clone(), x.unit.clone()))
            .or_default()
            .entry(year)
            .or_default()
            .push((
                x.value,
                Source {
                    doc,
                    span: f.span,
                    text: f.text.clone(),
                },
            ));
    }
    let mut out: Vec<Series> = by
        .into_iter()
        .map(|((subject, unit), years)| Series {
            id: format!("{subject}|{unit}"),
            subject,
            unit,
            points: years
                .into_iter()
                .map(|(year, sources)| {
                    let mut counts: Vec<(f64, usize)> = Vec::new();
                    for (v, _) in &sources {
                        match counts.iter_mut().find(|(c, _)| c == v) {
                            Some(c) => c.1 += 1,
                            None => counts.push((*v, 1)),
                        }
                    }
                    let best = counts
                        .iter()
                        .fold((0.0, 0), |b, c| if c.1 > b.1 { *c } else { b });
                    SeriesPoint {
                        year,
                        value: best.0,
                        disagreement: counts.len() > 1,
                        sources,
                    }
                })
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| b.points.len().cmp(&a.points.len()).then(a.id.cmp(&b.id)));
    Ok(out)
}
