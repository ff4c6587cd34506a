//! Several `hoptac` processes writing one store at once, on SQLite and on
//! PostgreSQL:
//!
//! - ingests of overlapping sets of files (in opposite orders, so writers
//!   meet on the same documents and entities from both ends) end with every
//!   document stored once, every run successful, and the counts exact;
//! - status changes to one action line and to one commitment from several
//!   processes: each change lands in the history, with sequence numbers
//!   1..n, and the current status is the last entry's.
//!
//! `HOPTAC_CONCURRENT_PROCS` (default 4) sets the number of processes; the
//! figures are in RELIABILITY.md.

mod reliability;

use reliability::{check_index, check_store, env_num, hoptac, Inputs};
use std::path::{Path, PathBuf};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

async fn overlapping_ingests(db: &str, home: &Path, label: &str) {
    let procs = env_num("HOPTAC_CONCURRENT_PROCS", 4) as usize;
    let inp = Inputs::generate(600, 30, 21);
    let n = inp.files.len();
    // Process p takes half of the files, starting at its own place, so
    // each file is taken by about half the processes; odd processes go
    // backwards.
    let sets: Vec<Vec<PathBuf>> = (0..procs)
        .map(|p| {
            let mut set: Vec<PathBuf> = (0..n / 2)
                .map(|i| inp.files[(p * n / procs + i) % n].clone())
                .collect();
            if p % 2 == 1 {
                set.reverse();
            }
            set
        })
        .collect();
    let children: Vec<_> = sets
        .iter()
        .map(|set| {
            hoptac(db, home)
                .args(["--format", "json", "ingest"])
                .args(set)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut stored_new = 0;
    for (p, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{label}: ingest process {p} failed: {err}"
        );
        let sum: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{label}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
        let sum = if sum.is_array() { &sum[0] } else { &sum };
        assert_eq!(sum["failed"], 0, "{label}: process {p}: {sum}");
        stored_new += sum["new"].as_i64().unwrap() + sum["near_duplicate"].as_i64().unwrap();
    }
    // The files' union: a last run over all of them adds what no process took.
    let out = hoptac(db, home)
        .args(["--format", "json", "ingest"])
        .arg(inp.input_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{label}: the final ingest failed");
    let sum: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sum = if sum.is_array() { &sum[0] } else { &sum };
    stored_new += sum["new"].as_i64().unwrap() + sum["near_duplicate"].as_i64().unwrap();
    let store = hoptac_store::Store::open(db).await.unwrap();
    let stored = check_store(&store, &inp.expect, label).await;
    store.close().await;
    assert_eq!(stored, inp.documents(), "{label}: every document once");
    assert_eq!(
        stored_new, stored,
        "{label}: each document reported stored by exactly one process"
    );
    check_index(db, home, stored, label);
    eprintln!(
        "RELIABILITY concurrent ingest {label}: {procs} processes on overlapping files, {stored} documents, each stored once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlapping_ingests_store_each_document_once_on_sqlite() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("c.db").to_str().unwrap().to_string();
    overlapping_ingests(&db, home.path(), "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlapping_ingests_store_each_document_once_on_postgres() {
    let Some(pg) = hoptac_store::testing::postgres().await else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    overlapping_ingests(&pg.url, home.path(), "postgres").await;
}

fn run(db: &str, home: &Path, args: &[&str]) -> String {
    let o = hoptac(db, home).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "hoptac {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Check a history (JSON list of entries): `n` entries, seq 1..n, every
/// note once, each entry starting from the status the one before set.
fn check_history(label: &str, json: &str, n: usize) -> String {
    let h: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let h: Vec<&serde_json::Value> = h.iter().filter(|e| e["note"].is_string()).collect();
    assert_eq!(h.len(), n, "{label}: a status change was lost");
    let seqs: Vec<i64> = h.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    let mut sorted = seqs.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        n,
        "{label}: sequence numbers repeat: {seqs:?}"
    );
    let mut notes: Vec<&str> = h.iter().map(|e| e["note"].as_str().unwrap()).collect();
    notes.sort();
    notes.dedup();
    assert_eq!(notes.len(), n, "{label}: every change recorded once");
    h.last().unwrap()["to"].as_str().unwrap().to_string()
}

async fn status_changes(db: &str, home: &Path, label: &str) {
    let procs = env_num("HOPTAC_CONCURRENT_PROCS", 4) as usize;
    const EACH: usize = 5;
    let plan = data("plans/asean-japan-2023.csv");
    run(
        db,
        home,
        &["plan", "import", plan.to_str().unwrap(), "--plan", "aj"],
    );
    run(db, home, &["ingest", data("samples").to_str().unwrap()]);
    let cs: Vec<serde_json::Value> =
        serde_json::from_str(&run(db, home, &["commitments", "--format", "json"])).unwrap();
    let commitment = cs[0]["id"].as_str().unwrap().to_string();
    const LINE: [&str; 4] = ["ongoing", "implemented", "discontinued", "not_started"];
    const COMMITMENT: [&str; 4] = ["in_progress", "fulfilled", "lapsed", "open"];
    std::thread::scope(|s| {
        for p in 0..procs {
            let commitment = commitment.clone();
            s.spawn(move || {
                for i in 0..EACH {
                    let who = format!("writer{p}");
                    let note = format!("{p}-{i}");
                    run(
                        db,
                        home,
                        &[
                            "plan",
                            "set",
                            "1.5",
                            LINE[(p + i) % 4],
                            "--plan",
                            "aj",
                            "--evidence",
                            "ref:minutes",
                            "--on",
                            "2025-05-05",
                            "--as",
                            &who,
                            "--note",
                            &note,
                        ],
                    );
                    run(
                        db,
                        home,
                        &[
                            "commitment",
                            "set",
                            &commitment,
                            COMMITMENT[(p + i) % 4],
                            "--evidence",
                            "ref:minutes",
                            "--on",
                            "2025-05-05",
                            "--as",
                            &who,
                            "--note",
                            &note,
                        ],
                    );
                }
            });
        }
    });
    let n = procs * EACH;
    let last = check_history(
        &format!("{label} line"),
        &run(
            db,
            home,
            &["--format", "json", "plan", "history", "1.5", "--plan", "aj"],
        ),
        n,
    );
    let lines: Vec<serde_json::Value> = serde_json::from_str(&run(
        db,
        home,
        &["--format", "json", "plan", "show", "--plan", "aj"],
    ))
    .unwrap();
    let line = lines.iter().find(|l| l["id"] == "1.5").unwrap();
    assert_eq!(line["status"], last.as_str(), "{label}: the line's status");
    let last = check_history(
        &format!("{label} commitment"),
        &run(
            db,
            home,
            &["--format", "json", "commitment", "history", &commitment],
        ),
        n,
    );
    let cs: Vec<serde_json::Value> =
        serde_json::from_str(&run(db, home, &["commitments", "--format", "json"])).unwrap();
    let c = cs.iter().find(|c| c["id"] == commitment.as_str()).unwrap();
    assert_eq!(
        c["status"],
        last.as_str(),
        "{label}: the commitment's status"
    );
    eprintln!(
        "RELIABILITY concurrent status changes {label}: {procs} processes x {EACH} changes to one line and one commitment, none lost"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_status_changes_from_processes_lose_nothing_on_sqlite() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("t.db").to_str().unwrap().to_string();
    status_changes(&db, home.path(), "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_status_changes_from_processes_lose_nothing_on_postgres() {
    let Some(pg) = hoptac_store::testing::postgres().await else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    status_changes(&pg.url, home.path(), "postgres").await;
}
