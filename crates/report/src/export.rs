//! Exports of the store's records as CSV, XLSX or JSON, and the whole-store
//! backup (`export all`) that `import` restores on either backend.
//!
//! The records are the store's and the tracker's own views (facts,
//! entities, `Store::meetings`, `Store::figures`, plan lines with history,
//! commitments); this module only flattens them. The backup is the tables
//! themselves, through `Store::dump_tables` with the store's and the
//! tracker's table lists.

use crate::{ReportError, Result};
use chrono::NaiveDate;
use hoptac_extract::gazetteer::Gazetteer;
use hoptac_store::{Store, TableDump, STORE_TABLES};
use hoptac_tracker::{CommitmentFilter, SubjectKind, Tracker, TRACKER_TABLES};
use serde_json::{json, Value};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Every fact with its document and span.
    Facts,
    /// Resolved entities with their surface forms.
    Entities,
    /// One record per meeting.
    Meetings,
    /// One data point per indicator and year.
    Figures,
    /// Plan lines with status, evidence and history.
    Plan,
    /// Commitments with status and sources.
    Commitments,
}

impl std::str::FromStr for What {
    type Err = String;
    fn from_str(s: &str) -> Result<What, String> {
        Ok(match s {
            "facts" => What::Facts,
            "entities" => What::Entities,
            "meetings" => What::Meetings,
            "figures" => What::Figures,
            "plan" => What::Plan,
            "commitments" => What::Commitments,
            o => {
                return Err(format!(
                    "{o:?}: export facts, entities, meetings, figures, plan, commitments or all"
                ))
            }
        })
    }
}

/// A flat table: what CSV and XLSX are written from.
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    /// Sheet name.
    pub name: String,
    /// Column names.
    pub head: Vec<String>,
    /// Rows (strings, numbers, null).
    pub rows: Vec<Vec<Value>>,
}

fn span(s: hoptac_text::Span) -> String {
    format!("{}-{}", s.start(), s.end())
}

/// The records of `what` as JSON (the views' own fields) and as a flat table.
pub async fn records(
    store: &Store,
    gaz: &Gazetteer,
    what: What,
    as_of: NaiveDate,
) -> Result<(Value, Flat)> {
    let t = Tracker::new(store);
    let (json, name, head, rows): (Value, &str, Vec<&str>, Vec<Vec<Value>>) = match what {
        What::Facts => {
            let rows = store.fact_rows(&hoptac_model::FACT_KINDS).await?;
            let json = Value::Array(
                rows.iter()
                    .map(|r| json!({"doc": r.report.doc_id, "title": r.report.title, "published": r.report.published, "url": r.report.url, "kind": r.fact.body.kind(), "fact": r.fact}))
                    .collect(),
            );
            let flat = rows
                .iter()
                .map(|r| {
                    let body = serde_json::to_value(&r.fact.body).unwrap_or(Value::Null);
                    vec![
                        json!(r.report.doc_id),
                        json!(r.report.published),
                        json!(r.fact.body.kind()),
                        json!(r.fact.span.start()),
                        json!(r.fact.span.end()),
                        json!(r.fact.text),
                        json!(r.fact.entity),
                        json!(body.to_string()),
                    ]
                })
                .collect();
            (
                json,
                "facts",
                vec![
                    "doc",
                    "published",
                    "kind",
                    "start",
                    "end",
                    "text",
                    "entity",
                    "fields",
                ],
                flat,
            )
        }
        What::Entities => {
            let es = store.entities().await?;
            let flat = es
                .iter()
                .map(|e| {
                    vec![
                        json!(e.entity.id),
                        json!(e.entity.kind),
                        json!(e.entity.name_en),
                        json!(e.entity.acronym),
                        json!(e.documents),
                        json!(e.mentions),
                        json!(e.surfaces.join(" | ")),
                    ]
                })
                .collect();
            (
                serde_json::to_value(&es).map_err(json_err)?,
                "entities",
                vec![
                    "id",
                    "kind",
                    "name_en",
                    "acronym",
                    "documents",
                    "mentions",
                    "surfaces",
                ],
                flat,
            )
        }
        What::Meetings => {
            let ms = store.meetings().await?;
            let flat = ms
                .iter()
                .map(|m| {
                    vec![
                        json!(m.key),
                        json!(m.name_en),
                        json!(m.series),
                        json!(m.ordinal),
                        json!(m.date),
                        json!(m.place),
                        json!(m.sources),
                        json!(m
                            .documents
                            .iter()
                            .map(|d| format!("{} ({})", d.name_en, d.action))
                            .collect::<Vec<_>>()
                            .join("; ")),
                        json!(m
                            .reports
                            .iter()
                            .map(|r| format!("{}:{}", r.doc_id, span(r.span)))
                            .collect::<Vec<_>>()
                            .join("; ")),
                        json!(m.disagreements.join("; ")),
                    ]
                })
                .collect();
            (
                serde_json::to_value(&ms).map_err(json_err)?,
                "meetings",
                vec![
                    "key",
                    "name_en",
                    "series",
                    "ordinal",
                    "date",
                    "place",
                    "sources",
                    "documents",
                    "reports",
                    "disagreements",
                ],
                flat,
            )
        }
        What::Figures => {
            let ds = store.figures().await?;
            let flat = ds
                .iter()
                .map(|d| {
                    vec![
                        json!(d.partnership),
                        json!(d.subject),
                        json!(d.year),
                        json!(d.unit),
                        json!(d.value),
                        json!(d.sources),
                        json!(d.disagreement),
                        json!(d
                            .values
                            .iter()
                            .map(|v| format!("{} ({} sources)", v.value, v.sources))
                            .collect::<Vec<_>>()
                            .join("; ")),
                        json!(d
                            .values
                            .iter()
                            .flat_map(|v| v.reports.iter())
                            .map(|r| format!("{}:{} {}", r.doc_id, span(r.span), r.text))
                            .collect::<Vec<_>>()
                            .join("; ")),
                    ]
                })
                .collect();
            (
                serde_json::to_value(&ds).map_err(json_err)?,
                "figures",
                vec![
                    "partnership",
                    "subject",
                    "year",
                    "unit",
                    "value",
                    "sources",
                    "disagreement",
                    "values",
                    "reports",
                ],
                flat,
            )
        }
        What::Plan => {
            let mut json_lines = Vec::new();
            let mut flat = Vec::new();
            for p in t.plans().await? {
                for l in t.lines(&p.id).await? {
                    let hist = t
                        .history(SubjectKind::Line, &format!("{}/{}", p.id, l.id))
                        .await?;
                    let h = hist
                        .iter()
                        .map(|h| {
                            format!(
                                "{} {}→{} by {}",
                                h.effective,
                                h.from.as_deref().unwrap_or("-"),
                                h.to,
                                h.actor
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    flat.push(vec![
                        json!(p.id),
                        json!(l.id),
                        json!(l.parent),
                        json!(l.action),
                        json!(l.text),
                        json!(l.text_vi),
                        json!(l.status.to_string()),
                        json!(l.since),
                        json!(l.evidence.as_ref().map(|e| e.short())),
                        json!(h),
                    ]);
                    json_lines.push(json!({"line": l, "history": hist}));
                }
            }
            (
                Value::Array(json_lines),
                "plan",
                vec![
                    "plan", "line", "parent", "action", "text", "text_vi", "status", "since",
                    "evidence", "history",
                ],
                flat,
            )
        }
        What::Commitments => {
            let cs = t
                .commitments(gaz, &CommitmentFilter::default(), as_of)
                .await?;
            let flat = cs
                .iter()
                .map(|c| {
                    vec![
                        json!(c.id),
                        json!(c.speaker),
                        json!(c.party),
                        json!(c.act),
                        json!(c.addressee),
                        json!(c.content),
                        json!(c.meeting),
                        json!(c.made_on),
                        json!(c.deadline),
                        json!(c.status.to_string()),
                        json!(c.overdue),
                        json!(c
                            .sources
                            .iter()
                            .map(|(d, s)| format!("{d}:{}", span(*s)))
                            .collect::<Vec<_>>()
                            .join("; ")),
                        json!(c.quote),
                    ]
                })
                .collect();
            (
                serde_json::to_value(&cs).map_err(json_err)?,
                "commitments",
                vec![
                    "id",
                    "speaker",
                    "party",
                    "act",
                    "addressee",
                    "content",
                    "meeting",
                    "made_on",
                    "deadline",
                    "status",
                    "overdue",
                    "sources",
                    "quote",
                ],
                flat,
            )
        }
    };
    Ok((
        json,
        Flat {
            name: name.into(),
            head: head.into_iter().map(String::from).collect(),
            rows,
        },
    ))
}

fn json_err(e: serde_json::Error) -> ReportError {
    ReportError::Render(format!("JSON: {e}"))
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// The table as CSV (UTF-8, header row).
pub fn csv(t: &Flat) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| ReportError::Render(format!("CSV: {e}"));
    w.write_record(&t.head).map_err(err)?;
    for r in &t.rows {
        w.write_record(r.iter().map(cell)).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Render(format!("CSV: {e}")))
}

/// The table as an XLSX workbook: bold frozen header, numbers as numbers.
pub fn xlsx(t: &Flat) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ReportError::Render(format!("XLSX: {e}"));
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(&t.name).map_err(err)?;
    for (c, h) in t.head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(err)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Value::Null => {}
                Value::Number(n) => {
                    ws.write_number(r, c, n.as_f64().unwrap_or(0.0))
                        .map_err(err)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean(r, c, *b).map_err(err)?;
                }
                v => {
                    ws.write_string(r, c, cell(v)).map_err(err)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.autofit();
    wb.save_to_buffer().map_err(err)
}

/// A whole store as one JSON document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Backup {
    /// `hoptac-backup`.
    pub format: String,
    /// 1.
    pub version: u32,
    /// The tables, parents first.
    pub tables: Vec<TableDump>,
}

fn all_tables() -> Vec<hoptac_store::TableSpec> {
    STORE_TABLES.iter().chain(TRACKER_TABLES).copied().collect()
}

/// Every table of the store and the tracker.
pub async fn backup(store: &Store) -> Result<Backup> {
    Ok(Backup {
        format: "hoptac-backup".into(),
        version: 1,
        tables: store.dump_tables(&all_tables()).await?,
    })
}

/// Restore a backup into an empty store, in one transaction: a failure
/// leaves the store empty. Returns the rows written.
pub async fn restore(store: &Store, b: &Backup) -> Result<usize> {
    if b.format != "hoptac-backup" || b.version != 1 {
        return Err(ReportError::Usage(format!(
            "not a hoptac backup (format {:?}, version {}): write one with hoptac export all --to json",
            b.format, b.version
        )));
    }
    let known: Vec<&str> = all_tables().iter().map(|t| t.name).collect();
    if let Some(t) = b.tables.iter().find(|t| !known.contains(&t.table.as_str())) {
        return Err(ReportError::Usage(format!(
            "the backup holds a table this hoptac does not know: {}",
            t.table
        )));
    }
    let held = store.rows_in(&all_tables()).await?;
    if held > 0 {
        return Err(ReportError::Usage(format!(
            "the store at {} is not empty ({held} rows): import into a new store",
            store.location()
        )));
    }
    let mut tx = store.begin_write().await?;
    match store.load_tables(&mut tx, &b.tables).await {
        Ok(n) => {
            tx.commit().await?;
            Ok(n)
        }
        Err(e) => {
            let _ = tx.rollback().await;
            Err(e.into())
        }
    }
}
