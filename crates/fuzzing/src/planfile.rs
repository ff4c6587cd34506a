//! `planfile`: the plan importer's file parsers (`parse_plan`,
//! `parse_statuses`), no store. A file is either a checked plan or a list
//! of errors, each naming the file and a line that exists, in line order.

use hoptac_tracker::planfile::{parse_plan, parse_statuses, valid_line_id, FileError, PlanFile};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The project's own plan: status files are checked against it too, so the
/// fuzzer reaches the status rules without first writing a valid plan.
static BUNDLED: LazyLock<PlanFile> = LazyLock::new(|| {
    parse_plan(
        "asean-japan-2023.csv",
        include_str!("../../../data/plans/asean-japan-2023.csv"),
    )
    .expect("the bundled plan parses")
});

/// The input is a plan file, then optionally a NUL and a status file.
pub fn planfile(data: &[u8]) {
    let s = &*crate::lossy(data);
    let (plan_text, status_text) = s.split_once('\0').unwrap_or((s, s));
    match parse_plan("plan.csv", plan_text) {
        Ok(plan) => {
            check_plan(&plan, plan_text);
            statuses(status_text, &plan);
        }
        Err(errors) => {
            check_errors(&errors, "plan.csv", plan_text);
            let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
            assert!(
                lines.is_sorted(),
                "plan errors not in line order: {lines:?}"
            );
        }
    }
    statuses(status_text, &BUNDLED);
}

fn statuses(text: &str, plan: &PlanFile) {
    match parse_statuses("status.csv", text, plan) {
        Ok(st) => {
            assert_eq!(st.file, "status.csv");
            for r in &st.rows {
                let row = plan
                    .row(&r.line)
                    .unwrap_or_else(|| panic!("status for {:?}, not in the plan", r.line));
                assert!(row.action, "status for {}, not an action line", r.line);
                assert_line(r.file_line, text);
            }
        }
        Err(errors) => check_errors(&errors, "status.csv", text),
    }
}

fn check_plan(plan: &PlanFile, text: &str) {
    assert!(!plan.rows.is_empty(), "a plan with no lines was accepted");
    let ids: HashSet<&str> = plan.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), plan.rows.len(), "duplicate ids accepted");
    for r in &plan.rows {
        assert!(valid_line_id(&r.id), "bad id {:?} accepted", r.id);
        assert_eq!(r.depth, r.id.split('.').count());
        assert!(!r.text.trim().is_empty(), "line {} has no text", r.id);
        match &r.parent {
            None => assert_eq!(r.depth, 1, "{} has no parent", r.id),
            Some(p) => {
                assert!(
                    ids.contains(p.as_str()),
                    "{} has a missing parent {p}",
                    r.id
                );
                assert!(r.id.starts_with(&format!("{p}.")), "{} under {p}", r.id);
            }
        }
        let has_child = plan.rows.iter().any(|c| c.parent.as_deref() == Some(&r.id));
        assert_eq!(r.action, !has_child, "action flag of {}", r.id);
        assert!(
            r.status.is_none() || r.action,
            "status on {}, not an action line",
            r.id
        );
        assert_line(r.file_line, text);
    }
}

fn check_errors(errors: &[FileError], file: &str, text: &str) {
    assert!(!errors.is_empty(), "refused without a reason");
    for e in errors {
        assert_eq!(e.file, file);
        assert!(!e.message.trim().is_empty(), "error without a message");
        assert_line(e.line, text);
        assert!(e.to_string().starts_with(&format!("{file}:{}: ", e.line)));
    }
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert!(
        lines.is_sorted(),
        "{file}: errors not in line order: {lines:?}"
    );
}

/// Line numbers are 1-based and name a line of the file (or the line
/// after its last newline).
fn assert_line(line: usize, text: &str) {
    let lines = text.split('\n').count();
    assert!(
        line >= 1 && line <= lines,
        "line {line} of a {lines}-line file"
    );
}
