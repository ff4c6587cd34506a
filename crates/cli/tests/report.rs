//! `hoptac report`, `export` and `import` end to end on the demo store:
//! formats chosen by --as or the extension, binary formats refused on a
//! terminal-less stdout, exports in each format, a backup restored into a
//! fresh store giving the same report, and a bad backup named in the error.
//! The library's tests (crates/report/tests) cover both backends.

use assert_cmd::Command;
use std::path::Path;

fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::cargo_bin("hoptac")
        .unwrap()
        .env("HOPTAC_DB", db)
        .env_remove("HOPTAC_LOG")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn reports_exports_and_a_backup_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let (code, _, err) = run(&db, &["demo", "--store", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    let (code, md, err) = run(&db, &["report", "overview", "--as-of", "2025-10-31"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.starts_with("# Overview of ASEAN-Japan relations"),
        "{md}"
    );
    assert!(md.contains("## Sources") && md.contains("[^1]:"));
    let (code, vi, _) = run(&db, &["report", "progress", "--lang", "vi", "--as", "html"]);
    assert_eq!(code, 0);
    assert!(vi.contains("<html lang=\"vi\">") && vi.contains("Nguồn"));

    let docx = dir.path().join("m.docx");
    let (code, _, err) = run(&db, &["report", "meeting", "--out", docx.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
    let (code, _, err) = run(&db, &["report", "overview", "--as", "docx"]);
    assert_eq!(code, 2);
    assert!(err.contains("give --out"), "{err}");
    let (code, _, err) = run(&db, &["report", "overview", "--as", "odt"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a report format"), "{err}");
    let (code, _, err) = run(
        &db,
        &["report", "meeting", "--meeting", "99th Nowhere Summit"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("no meeting matches"), "{err}");

    let (code, csv, _) = run(&db, &["export", "figures", "--to", "csv"]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("partnership,subject,year,unit,value"));
    assert!(csv.contains("two-way trade,2024,USD,236600000000"), "{csv}");
    let xlsx = dir.path().join("c.xlsx");
    let (code, _, err) = run(
        &db,
        &["export", "commitments", "--out", xlsx.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let (code, json, _) = run(&db, &["export", "meetings", "--to", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.as_array().unwrap().len() >= 5);

    // Backup → a fresh store → the same report.
    let backup = dir.path().join("backup.json");
    let (code, _, err) = run(
        &db,
        &[
            "export",
            "all",
            "--to",
            "json",
            "--out",
            backup.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let db2 = dir.path().join("restored.db");
    let (code, _, err) = run(&db2, &["import", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (_, md2, _) = run(&db2, &["report", "overview", "--as-of", "2025-10-31"]);
    assert_eq!(md, md2);
    // Again into the same store: refused, nothing changed.
    let (code, _, err) = run(&db2, &["import", backup.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not empty"), "{err}");
    // Not a backup: the file is named.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[1, 2]").unwrap();
    let (code, _, err) = run(&dir.path().join("x.db"), &["import", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json") && err.contains("not a hoptac backup"),
        "{err}"
    );
}
