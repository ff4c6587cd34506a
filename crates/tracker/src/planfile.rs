//! Reading plan files and status files, with every error named by file and
//! line. Parsing is pure and checks everything it can without the store, so
//! a bad file is refused before anything is written.
//!
//! A plan file is CSV with a header. Required columns: `id` (dotted numbers:
//! `1` is a pillar, `1.2` a section or an action line, `1.2.3` an action
//! line; the depth comes from the dots and every line without children is an
//! action line) and `text`. Optional: `text_vi`, `topics` (`;`-separated
//! gazetteer ids or words), `lead`, `status` (the line's status as of the
//! import) and `replaces` (the id of the line this one carries on from an
//! earlier plan, `PLAN/ID` or `ID`). Other columns are ignored and listed.
//!
//! A status file is CSV with the header `line,status` and optional `since`
//! (YYYY-MM-DD), `evidence` (as `plan set --evidence`), `quote` (text the
//! evidence span is found by) and `note`.

use crate::status::{LineStatus, Status};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file, as given.
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// One row of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    /// Dotted id.
    pub id: String,
    /// Parent id (`None` for a pillar).
    pub parent: Option<String>,
    /// 1 for a pillar.
    pub depth: usize,
    /// True for an action line (no children).
    pub action: bool,
    /// English text.
    pub text: String,
    /// Vietnamese text.
    pub text_vi: Option<String>,
    /// Topics: gazetteer ids or words.
    pub topics: Vec<String>,
    /// Who leads it.
    pub lead: Option<String>,
    /// Status as of the import, if the file gives one.
    pub status: Option<LineStatus>,
    /// The earlier line it carries on.
    pub replaces: Option<String>,
    /// Line in the file.
    pub file_line: usize,
}

/// A parsed, valid plan file.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFile {
    /// The file name, as given.
    pub file: String,
    /// Rows in file order.
    pub rows: Vec<PlanRow>,
    /// Columns present that hoptac does not read.
    pub ignored_columns: Vec<String>,
}

impl PlanFile {
    /// The row with this id.
    pub fn row(&self, id: &str) -> Option<&PlanRow> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// Number of action lines.
    pub fn action_lines(&self) -> usize {
        self.rows.iter().filter(|r| r.action).count()
    }
}

/// One row of a status file.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRow {
    /// The action line's id.
    pub line: String,
    /// The status.
    pub status: LineStatus,
    /// Since when it holds.
    pub since: Option<NaiveDate>,
    /// Evidence, as `plan set --evidence`.
    pub evidence: Option<String>,
    /// Text to find the evidence span by.
    pub quote: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// Line in the file.
    pub file_line: usize,
}

/// A parsed status file.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusFile {
    /// The file name, as given.
    pub file: String,
    /// Rows in file order.
    pub rows: Vec<StatusRow>,
}

/// Is `id` a dotted number id (`1`, `1.2`, `12.3.4`)?
pub fn valid_line_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn parent_of(id: &str) -> Option<String> {
    id.rsplit_once('.').map(|(p, _)| p.to_string())
}

struct Csv {
    header: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

fn read_csv(file: &str, text: &str, errors: &mut Vec<FileError>) -> Option<Csv> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            errors.push(FileError {
                file: file.into(),
                line: 1,
                message: format!("cannot read the header: {e}"),
            });
            return None;
        }
    };
    let mut rows = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                if r.iter().all(str::is_empty) {
                    continue;
                }
                if r.len() > header.len() {
                    errors.push(FileError {
                        file: file.into(),
                        line,
                        message: format!(
                            "{} fields but the header has {} (a comma inside a text must be in double quotes)",
                            r.len(),
                            header.len()
                        ),
                    });
                    continue;
                }
                rows.push((line, r));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(FileError {
                    file: file.into(),
                    line,
                    message: format!("not valid CSV: {e}"),
                });
            }
        }
    }
    Some(Csv { header, rows })
}

impl Csv {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

fn field(r: &csv::StringRecord, col: Option<usize>) -> Option<String> {
    col.and_then(|c| r.get(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Parse and check a plan file. Every problem found is returned, each with
/// the file and line; an `Err` means nothing may be imported.
pub fn parse_plan(file: &str, text: &str) -> Result<PlanFile, Vec<FileError>> {
    let mut errors = Vec::new();
    let Some(csv) = read_csv(file, text, &mut errors) else {
        return Err(errors);
    };
    let err = |line: usize, message: String| FileError {
        file: file.into(),
        line,
        message,
    };
    let (Some(c_id), Some(c_text)) = (csv.col("id"), csv.col("text")) else {
        errors.push(err(
            1,
            format!(
                "the header must have the columns id and text (found: {})",
                csv.header.join(",")
            ),
        ));
        return Err(in_line_order(errors));
    };
    let known = [
        "id", "text", "text_vi", "topics", "lead", "status", "replaces",
    ];
    let ignored_columns: Vec<String> = csv
        .header
        .iter()
        .filter(|h| !known.contains(&h.as_str()))
        .cloned()
        .collect();
    let (c_vi, c_topics, c_lead, c_status, c_replaces) = (
        csv.col("text_vi"),
        csv.col("topics"),
        csv.col("lead"),
        csv.col("status"),
        csv.col("replaces"),
    );
    let mut rows: Vec<PlanRow> = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (line, r) in &csv.rows {
        let Some(id) = field(r, Some(c_id)) else {
            errors.push(err(*line, "the id is empty".into()));
            continue;
        };
        if !valid_line_id(&id) {
            errors.push(err(
                *line,
                format!("malformed id {id:?}: ids are dotted numbers such as 1, 1.2 or 1.2.3"),
            ));
            continue;
        }
        if let Some(first) = first_seen.get(&id) {
            errors.push(err(
                *line,
                format!("duplicate id {id}: already defined on line {first}"),
            ));
            continue;
        }
        first_seen.insert(id.clone(), *line);
        let Some(text) = field(r, Some(c_text)) else {
            errors.push(err(*line, format!("line {id} has no text")));
            continue;
        };
        let status = match field(r, c_status) {
            None => None,
            Some(s) => match LineStatus::parse(&s) {
                Some(st) => Some(st),
                None => {
                    errors.push(err(
                        *line,
                        format!(
                            "bad status {s:?} for line {id}: use one of {}",
                            LineStatus::names()
                        ),
                    ));
                    continue;
                }
            },
        };
        let replaces = field(r, c_replaces);
        if let Some(rep) = &replaces {
            let bare = rep.rsplit_once('/').map_or(rep.as_str(), |(_, l)| l);
            if !valid_line_id(bare) {
                errors.push(err(
                    *line,
                    format!("malformed replaces {rep:?}: give ID or PLAN/ID"),
                ));
                continue;
            }
        }
        rows.push(PlanRow {
            depth: id.split('.').count(),
            parent: parent_of(&id),
            id,
            action: false,
            text,
            text_vi: field(r, c_vi),
            topics: field(r, c_topics)
                .map(|t| {
                    t.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            lead: field(r, c_lead),
            status,
            replaces,
            file_line: *line,
        });
    }
    let ids: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut has_child = vec![false; rows.len()];
    for r in &rows {
        if let Some(p) = &r.parent {
            match ids.get(p.as_str()) {
                Some(&i) => has_child[i] = true,
                None if first_seen.contains_key(p) => {} // parent row had its own error
                None => errors.push(err(
                    r.file_line,
                    format!(
                        "line {} has no parent: there is no line {p} in the file",
                        r.id
                    ),
                )),
            }
        }
    }
    for (r, child) in rows.iter_mut().zip(has_child) {
        r.action = !child;
    }
    for r in &rows {
        if r.status.is_some() && !r.action {
            errors.push(err(
                r.file_line,
                format!(
                    "a status is set on {}, which has lines under it: statuses belong to action lines",
                    r.id
                ),
            ));
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err(1, "the plan has no lines".into()));
    }
    if errors.is_empty() {
        Ok(PlanFile {
            file: file.into(),
            rows,
            ignored_columns,
        })
    } else {
        Err(in_line_order(errors))
    }
}

/// Errors as a reader meets them: by line (the CSV reader's own errors come
/// first, the header's last, so they are sorted before they are returned).
fn in_line_order(mut errors: Vec<FileError>) -> Vec<FileError> {
    errors.sort_by_key(|e| e.line);
    errors
}

/// Parse a status file and check it against the plan it goes with: every
/// line must be an action line of `plan`.
pub fn parse_statuses(
    file: &str,
    text: &str,
    plan: &PlanFile,
) -> Result<StatusFile, Vec<FileError>> {
    let mut errors = Vec::new();
    let Some(csv) = read_csv(file, text, &mut errors) else {
        return Err(errors);
    };
    let err = |line: usize, message: String| FileError {
        file: file.into(),
        line,
        message,
    };
    let (Some(c_line), Some(c_status)) = (csv.col("line"), csv.col("status")) else {
        errors.push(err(
            1,
            format!(
                "the header must have the columns line and status (found: {})",
                csv.header.join(",")
            ),
        ));
        return Err(in_line_order(errors));
    };
    let (c_since, c_ev, c_quote, c_note) = (
        csv.col("since"),
        csv.col("evidence"),
        csv.col("quote"),
        csv.col("note"),
    );
    let by_id: BTreeMap<&str, &PlanRow> = plan.rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut rows = Vec::new();
    for (line, r) in &csv.rows {
        let Some(id) = field(r, Some(c_line)) else {
            errors.push(err(*line, "the line is empty".into()));
            continue;
        };
        match by_id.get(id.as_str()) {
            None => {
                errors.push(err(
                    *line,
                    format!(
                        "a status is set on line {id}, which is not in the plan {}",
                        plan.file
                    ),
                ));
                continue;
            }
            Some(row) if !row.action => {
                errors.push(err(
                    *line,
                    format!("{id} has lines under it: statuses belong to action lines"),
                ));
                continue;
            }
            Some(_) => {}
        }
        let st = field(r, Some(c_status)).unwrap_or_default();
        let Some(status) = LineStatus::parse(&st) else {
            errors.push(err(
                *line,
                format!("bad status {st:?}: use one of {}", LineStatus::names()),
            ));
            continue;
        };
        let since = match field(r, c_since) {
            None => None,
            Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(err(
                        *line,
                        format!("bad date {d:?}: write it as 2025-10-26"),
                    ));
                    continue;
                }
            },
        };
        rows.push(StatusRow {
            line: id,
            status,
            since,
            evidence: field(r, c_ev),
            quote: field(r, c_quote),
            note: field(r, c_note),
            file_line: *line,
        });
    }
    if errors.is_empty() {
        Ok(StatusFile {
            file: file.into(),
            rows,
        })
    } else {
        Err(in_line_order(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "id,text,text_vi,topics,lead,status\n\
        1,Heart-to-heart partners,,,,\n\
        1.1,Youth exchanges,Giao lưu thanh niên,jenesys;people-to-people-exchange,MOFA,ongoing\n\
        1.2,Language teaching,,,,\n\
        2,Co-creation of economy and society,,,,\n\
        2.1,Digital economy,,,,\n\
        2.1.1,Digital start-ups,,,,Implemented\n\
        2.1.2,Data flows,,,,\n";

    /// Found by the `planfile` fuzz target: a status file given as a plan
    /// listed the rows' CSV errors first and the header's (line 1) last.
    #[test]
    fn errors_come_in_line_order_even_when_the_header_is_wrong() {
        let text = "line,status\n1.1,ongoing,extra\n1.2,ongoing\n1.3,ongoing,x,y\n";
        let lines = |r: Result<_, Vec<FileError>>| -> Vec<usize> {
            r.unwrap_err().iter().map(|e| e.line).collect()
        };
        assert_eq!(lines(parse_plan("p.csv", text).map(|_| ())), [1, 2, 4]);
        let plan = parse_plan("plan.csv", PLAN).unwrap();
        let st = "id,text\n1.1,a,b,c\n";
        assert_eq!(
            lines(parse_statuses("s.csv", st, &plan).map(|_| ())),
            [1, 2]
        );
    }

    #[test]
    fn a_plan_parses_with_depth_and_action_lines() {
        let p = parse_plan("plan.csv", PLAN).unwrap();
        assert_eq!(p.rows.len(), 7);
        let r = p.row("2.1.1").unwrap();
        assert_eq!(r.depth, 3);
        assert_eq!(r.parent.as_deref(), Some("2.1"));
        assert!(r.action);
        assert_eq!(r.status, Some(LineStatus::Implemented));
        assert!(!p.row("2.1").unwrap().action);
        assert!(!p.row("1").unwrap().action);
        assert_eq!(
            p.row("1.1").unwrap().topics,
            ["jenesys", "people-to-people-exchange"]
        );
        assert_eq!(p.action_lines(), 4);
    }

    fn messages(text: &str) -> Vec<String> {
        parse_plan("bad.csv", text)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn bad_plans_name_file_and_line() {
        let m = messages("id,text\n1,A\n1.1,B\n1.1,C\n");
        assert_eq!(
            m,
            ["bad.csv:4: duplicate id 1.1: already defined on line 3"]
        );
        let m = messages("id,text\n1,A\n2.1,B\n");
        assert_eq!(
            m,
            ["bad.csv:3: line 2.1 has no parent: there is no line 2 in the file"]
        );
        let m = messages("id,text,status\n1,A,\n1.1,B,done-ish\n");
        assert!(
            m[0].starts_with("bad.csv:3: bad status \"done-ish\" for line 1.1"),
            "{m:?}"
        );
        let m = messages("id,text\n1,A\n1.a,B\n1..2,C\n");
        assert!(m[0].starts_with("bad.csv:3: malformed id \"1.a\""), "{m:?}");
        assert!(
            m[1].starts_with("bad.csv:4: malformed id \"1..2\""),
            "{m:?}"
        );
        let m = messages("ident,words\n1,A\n");
        assert!(m[0].starts_with("bad.csv:1: the header must have the columns id and text"));
        let m = messages("id,text,status\n1,A,ongoing\n1.1,B,\n");
        assert!(m[0].contains("statuses belong to action lines"), "{m:?}");
        let m = messages("id,text\n1,A,extra\n");
        assert!(m[0].starts_with("bad.csv:2: 3 fields"), "{m:?}");
    }

    #[test]
    fn statuses_are_checked_against_the_plan() {
        let p = parse_plan("plan.csv", PLAN).unwrap();
        let s = parse_statuses(
            "st.csv",
            "line,status,since,evidence,quote\n1.2,ongoing,2024-06-25,ref:report,\n",
            &p,
        )
        .unwrap();
        assert_eq!(s.rows[0].status, LineStatus::Ongoing);
        let e = parse_statuses("st.csv", "line,status\n9.9,ongoing\n", &p).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "st.csv:2: a status is set on line 9.9, which is not in the plan plan.csv"
        );
        let e = parse_statuses("st.csv", "line,status\n1.2,finished\n", &p).unwrap_err();
        assert!(e[0]
            .to_string()
            .starts_with("st.csv:2: bad status \"finished\""));
        let e = parse_statuses("st.csv", "line,status\n2.1,ongoing\n", &p).unwrap_err();
        assert!(e[0].to_string().contains("statuses belong to action lines"));
        let e = parse_statuses("st.csv", "line,status,since\n1.2,ongoing,26/10/2025\n", &p)
            .unwrap_err();
        assert!(e[0].to_string().contains("bad date"));
    }
}
