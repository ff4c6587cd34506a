//! Meetings and figure series for the API and the dashboard, over the
//! store's one-record-per-thing views (`Store::meetings`,
//! `Store::figures`, in `hoptac_store::records`): this module only orders
//! meetings latest first and strings data points into series for charts.

use hoptac_store::{DataPoint, MeetingRecord, Result, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// Meetings, one record each, latest first (undated last).
pub async fn meetings(store: &Store) -> Result<Vec<MeetingRecord>> {
    let mut all = store.meetings().await?;
    all.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.key.cmp(&b.key),
    });
    Ok(all)
}

/// A series: one indicator of one partnership over the years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// A stable id: `partnership|subject|unit`.
    pub id: String,
    /// "ASEAN-Japan", when known.
    pub partnership: Option<String>,
    /// What is measured (e.g. two-way trade).
    pub subject: String,
    /// The unit (USD, percent...).
    pub unit: String,
    /// One data point per year, in year order, each with its values and sources.
    pub points: Vec<DataPoint>,
}

/// The data points strung into series; series with most points first.
pub async fn series(store: &Store) -> Result<Vec<Series>> {
    let mut by: BTreeMap<(String, String, String), Series> = BTreeMap::new();
    for p in store.figures().await? {
        let part = p.partnership.clone().unwrap_or_default();
        let key = (part.clone(), p.subject.clone(), p.unit.clone());
        by.entry(key)
            .or_insert_with(|| Series {
                id: format!("{part}|{}|{}", p.subject, p.unit),
                partnership: p.partnership.clone(),
                subject: p.subject.clone(),
                unit: p.unit.clone(),
                points: vec![],
            })
            .points
            .push(p);
    }
    let mut out: Vec<Series> = by.into_values().collect();
    for s in &mut out {
        s.points.sort_by_key(|p| p.year);
    }
    out.sort_by(|a, b| b.points.len().cmp(&a.points.len()).then(a.id.cmp(&b.id)));
    Ok(out)
}
