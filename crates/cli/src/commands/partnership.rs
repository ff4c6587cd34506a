//! `hoptac meetings` and `hoptac figures`: the partnership as one record
//! per real-world thing. A meeting reported by a Vietnamese article, an
//! English release and a republication is one row with three reports; the
//! same indicator reported by several sources is one data point, with the
//! sources that disagree kept and flagged. The grouping lives in the store
//! (`hoptac_store::{group_meetings, group_figures}`); this prints it.

use super::open_store;
use crate::output::{self, clip, opt};
use crate::Global;
use anyhow::Result;
use clap::Args;
use comfy_table::Table;
use hoptac_store::{DataPoint, MeetingRecord};
use std::process::ExitCode;

/// Options of `hoptac meetings`.
#[derive(Args, Debug)]
pub struct MeetingsArgs {
    /// Only meetings whose series contains this (any case), e.g. "japan summit".
    #[arg(long)]
    series: Option<String>,
    /// Only meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// List every report (document, language, words) under each meeting.
    #[arg(long)]
    reports: bool,
}

/// Options of `hoptac figures`.
#[derive(Args, Debug)]
pub struct FiguresArgs {
    /// Only this subject (any case, part of it), e.g. "trade".
    #[arg(long)]
    subject: Option<String>,
    /// Only this partnership (any case, part of it), e.g. "japan".
    #[arg(long)]
    partnership: Option<String>,
    /// Only this year.
    #[arg(long)]
    year: Option<i32>,
    /// Only data points whose sources disagree.
    #[arg(long)]
    disagreements: bool,
}

fn contains(hay: Option<&str>, needle: &Option<String>) -> bool {
    match needle {
        None => true,
        Some(n) => hay.is_some_and(|h| {
            let h = h.to_lowercase().replace(['–', '-'], " ");
            n.to_lowercase()
                .replace(['–', '-'], " ")
                .split_whitespace()
                .all(|w| h.contains(w))
        }),
    }
}

/// `hoptac meetings`: the timeline.
pub async fn meetings(g: &Global, a: MeetingsArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let all = store.meetings().await?;
    store.close().await;
    let rows: Vec<MeetingRecord> = all
        .into_iter()
        .filter(|m| contains(m.series.as_deref().or(m.name_en.as_deref()), &a.series))
        .filter(|m| match (&a.since, &m.date) {
            (None, _) => true,
            (Some(s), Some(d)) => d.as_str() >= s.as_str() || d.starts_with(s.as_str()),
            (Some(_), None) => false,
        })
        .collect();
    output::print(g.format, &rows, |rs| meetings_table(rs, a.reports))?;
    Ok(ExitCode::SUCCESS)
}

/// The timeline as a table (the demo prints it too).
pub fn meetings_table(rs: &[MeetingRecord], reports: bool) -> Table {
    let mut t = output::table(&[
        "date",
        "series",
        "no.",
        "place",
        "documents adopted",
        "sources",
        "reports",
        "languages",
    ]);
    for m in rs {
        let mut docs: Vec<String> = m
            .documents
            .iter()
            .map(|d| format!("{} ({})", clip(&d.name_en, 70), d.action))
            .collect();
        if reports {
            docs.extend(m.reports.iter().map(|r| {
                format!(
                    "  · {} {} {:?}{}",
                    &r.doc_id[..r.doc_id.len().min(8)],
                    r.lang.as_deref().unwrap_or("?"),
                    clip(&r.text, 50),
                    r.duplicate_of.as_deref().map_or(String::new(), |o| format!(
                        " (republishes {})",
                        &o[..o.len().min(8)]
                    ))
                )
            }));
        }
        docs.extend(m.disagreements.iter().map(|d| format!("! {d}")));
        t.add_row(vec![
            opt(&m.date),
            opt(&m.series),
            opt(&m.ordinal),
            opt(&m.place),
            docs.join("\n"),
            m.sources.to_string(),
            m.reports.len().to_string(),
            m.languages.join(" "),
        ]);
    }
    t
}

/// `hoptac figures`: data points by partnership, subject and year.
pub async fn figures(g: &Global, a: FiguresArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let all = store.figures().await?;
    store.close().await;
    let rows: Vec<DataPoint> = all
        .into_iter()
        .filter(|d| contains(Some(&d.subject), &a.subject))
        .filter(|d| contains(d.partnership.as_deref(), &a.partnership))
        .filter(|d| a.year.is_none_or(|y| y == d.year))
        .filter(|d| !a.disagreements || d.disagreement)
        .collect();
    output::print(g.format, &rows, figures_table)?;
    Ok(ExitCode::SUCCESS)
}

/// A value in base units as people read it: 236600000000 USD → "236.6 bn".
pub fn human(v: f64, unit: &str) -> String {
    let (x, suffix) = if unit == "percent" {
        (v, "%")
    } else if v.abs() >= 1e9 {
        (v / 1e9, " bn")
    } else if v.abs() >= 1e6 {
        (v / 1e6, " m")
    } else {
        (v, "")
    };
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{suffix}")
}

/// Data points as a table (the demo prints it too).
pub fn figures_table(rs: &[DataPoint]) -> Table {
    let mut t = output::table(&[
        "partnership",
        "subject",
        "year",
        "value",
        "unit",
        "sources",
        "languages",
        "disagreement",
    ]);
    for d in rs {
        let others: Vec<String> = d
            .values
            .iter()
            .skip(1)
            .map(|v| {
                format!(
                    "{}{} ({} source{}: {})",
                    v.qualifier
                        .as_deref()
                        .map_or(String::new(), |q| format!("{q} ")),
                    human(v.value, &d.unit),
                    v.sources,
                    if v.sources == 1 { "" } else { "s" },
                    v.reports
                        .iter()
                        .map(|r| clip(r.title.as_deref().unwrap_or(&r.source), 30))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })
            .collect();
        t.add_row(vec![
            opt(&d.partnership),
            d.subject.clone(),
            d.year.to_string(),
            human(d.value, &d.unit),
            d.unit.clone(),
            d.sources.to_string(),
            d.languages.join(" "),
            if d.disagreement {
                format!("yes: also {}", others.join("; "))
            } else {
                String::new()
            },
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_values() {
        assert_eq!(human(236.6e9, "USD"), "236.6 bn");
        assert_eq!(human(100e6, "USD"), "100 m");
        assert_eq!(human(95.0, "percent"), "95%");
    }

    #[test]
    fn filters_match_words_in_any_case_and_dash() {
        assert!(contains(
            Some("ASEAN-Japan Summit"),
            &Some("japan summit".into())
        ));
        assert!(!contains(
            Some("ASEAN-Japan Forum"),
            &Some("japan summit".into())
        ));
        assert!(contains(None, &None));
    }
}
