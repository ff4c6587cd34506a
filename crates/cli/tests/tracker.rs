//! The tracker commands end to end on a SQLite store: import (and refusal
//! of a bad plan with nothing imported), set on evidence with the acting
//! user, history, suggestions accepted, progress, commitments, changes.
//! The library's tests (crates/tracker/tests) cover both backends.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

fn hoptac(db: &Path) -> Command {
    let mut c = Command::cargo_bin("hoptac").unwrap();
    c.env("HOPTAC_DB", db).env_remove("HOPTAC_LOG");
    c
}

fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let o = hoptac(db).args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn plan_officer_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let plan = data("plans/asean-japan-2023.csv");
    let plan = plan.to_str().unwrap();

    // A bad plan: every problem named by file and line, nothing imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,text\n1,A\n1.1,B\n1.1,C\n3.1,D\n").unwrap();
    let (code, _, err) = run(&db, &["plan", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("bad.csv:4: duplicate id 1.1: already defined on line 3"),
        "{err}"
    );
    assert!(err.contains("bad.csv:5: line 3.1 has no parent"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let (code, _, err) = run(&db, &["plan", "show"]);
    assert_eq!(code, 2);
    assert!(err.contains("import one with"), "{err}");

    let (code, out, err) = run(
        &db,
        &[
            "plan", "import", plan, "--plan", "aj", "--entity", "ip-2023", "--as", "officer",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("32 action lines"), "{out}");
    let (code, _, err) = run(&db, &["ingest", data("samples").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    // Set on a document found by URL, the span by a quote; the acting user recorded.
    let (code, out, err) = run(
        &db,
        &[
            "plan",
            "set",
            "3.8",
            "implemented",
            "--evidence",
            "https://example.org/en/28th-asean-japan-summit",
            "--quote",
            "The leaders adopted the ASEAN-Japan Joint Statement",
            "--as",
            "desk.officer",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(e[0]["actor"], "desk.officer");
    assert_eq!(e[0]["effective"], "2025-10-26");
    // A span past the end of the document: a clear error, nothing recorded.
    let (_, docs, _) = run(&db, &["documents", "--format", "json"]);
    let docs: Vec<serde_json::Value> = serde_json::from_str(&docs).unwrap();
    let id = docs[0]["id"].as_str().unwrap();
    let (code, _, err) = run(
        &db,
        &[
            "plan",
            "set",
            "3.3",
            "ongoing",
            "--evidence",
            &format!("{}:5-999999", &id[..8]),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("lies outside document"), "{err}");
    let (_, out, _) = run(&db, &["plan", "history", "3.3"]);
    assert!(out.contains("no change recorded"), "{out}");
    let (code, _, err) = run(&db, &["plan", "set", "3.3", "almost", "--note", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad status \"almost\""), "{err}");

    // Suggestions, then accept the one for 2.3 from the commemorative summit.
    let (code, out, err) = run(&db, &["plan", "suggest", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let sugg: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let s = sugg
        .iter()
        .find(|s| {
            s["target"] == "aj/2.3" && s["quote"].as_str().unwrap_or("").contains("committed")
        })
        .expect("2.3 suggested by the 2023 summit report");
    let doc = s["doc"].as_str().unwrap().to_string();
    let (_, out, _) = run(&db, &["plan", "suggest", &doc, "--format", "json"]);
    let here: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let n = here.iter().find(|s| s["target"] == "aj/2.3").unwrap()["n"].to_string();
    let (code, _, err) = run(
        &db,
        &[
            "plan", "suggest", &doc, "--accept", &n, "--status", "ongoing", "--as", "officer",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(&db, &["plan", "history", "2.3", "--format", "jsonl"]);
    let h: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            h["to"].as_str(),
            h["effective"].as_str(),
            h["actor"].as_str()
        ),
        (Some("ongoing"), Some("2023-12-17"), Some("officer"))
    );
    assert!(h["evidence"]["quote"].as_str().unwrap().contains("AZEC"));

    // Progress by pillar on two dates, with the reported ratio compared.
    let (_, out, _) = run(
        &db,
        &[
            "plan",
            "progress",
            "--as-of",
            "2024-06-30",
            "--format",
            "json",
        ],
    );
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(p["rows"][1]["ongoing"], 1);
    assert_eq!(p["total"]["implemented"], 0);
    let (_, out, _) = run(&db, &["plan", "progress", "--as-of", "2025-10-31"]);
    assert!(
        out.contains("DISAGREES: the report counts 130 action lines, the tracker's plan has 32"),
        "{out}"
    );

    // Commitments, by Viet Nam, and what changed.
    let (code, out, err) = run(
        &db,
        &["commitments", "--by", "Việt Nam", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let cs: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(!cs.is_empty() && cs.iter().all(|c| c["party"] == "Viet Nam"));
    let id = cs[0]["id"].as_str().unwrap();
    let (code, _, err) = run(
        &db,
        &[
            "commitment",
            "set",
            id,
            "in progress",
            "--evidence",
            "ref:JCC minutes",
            "--on",
            "2025-01-10",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(&db, &["commitment", "history", id, "--format", "json"]);
    assert!(out.contains("\"in_progress\""), "{out}");
    let (code, out, err) = run(&db, &["changes", "--since", "2025-01-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("28th ASEAN-Japan Summit"), "{out}");
    assert!(out.contains("NEW COMMITMENTS"), "{out}");
}

#[test]
fn demo_shows_the_tracker() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo.db");
    let o = Command::cargo_bin("hoptac")
        .unwrap()
        .args(["demo", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("with 7 demo statuses"), "{out}");
    assert!(
        out.contains("PROGRESS of asean-japan-2023 as of 2024-06-30"),
        "{out}"
    );
    assert!(
        out.contains("PROGRESS of asean-japan-2023 as of 2025-10-31"),
        "{out}"
    );
    assert!(out.contains("COMMITMENTS derived from statements"), "{out}");
}
