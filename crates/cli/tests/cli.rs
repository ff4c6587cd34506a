//! The binary end to end: samples in, facts out; bad inputs refused with
//! a message naming the file, the good files beside them stored.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples")
}

fn hoptac(db: &Path) -> Command {
    let mut c = Command::cargo_bin("hoptac").unwrap();
    c.env("HOPTAC_DB", db).env_remove("HOPTAC_LOG");
    c
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e != "json") && p.file_name().unwrap() != "README.md"
        })
        .collect();
    v.sort();
    v
}

#[test]
fn ingest_twice_stores_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let o = hoptac(&db).arg("ingest").arg(samples()).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let first = stderr(&o);
    assert!(!first.starts_with("0 new"), "{first}");
    let o = hoptac(&db).arg("ingest").arg(samples()).output().unwrap();
    assert!(o.status.success());
    assert!(stderr(&o).contains("0 new"), "{}", stderr(&o));
    let o = hoptac(&db)
        .args(["documents", "--format", "json"])
        .output()
        .unwrap();
    let docs: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(docs.len() >= 8, "the samples are at least 8 documents");
    // The republication in the samples is linked to its original.
    assert!(
        docs.iter().any(|d| !d["duplicate_of"].is_null()),
        "a near-duplicate is detected"
    );
}

#[test]
fn show_marks_facts_and_accepts_id_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    hoptac(&db).arg("ingest").arg(samples()).assert().success();
    let o = hoptac(&db)
        .args(["documents", "--format", "jsonl"])
        .output()
        .unwrap();
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    let id = first["id"].as_str().unwrap();
    let o = hoptac(&db).args(["show", &id[..6]]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("]{"), "facts are marked in the text");
    let o = hoptac(&db)
        .args(["show", "--format", "json", &id[..8]])
        .output()
        .unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let text = v[0]["text"].as_str().unwrap();
    for f in v[0]["facts"].as_array().unwrap() {
        let s = f["span"][0].as_u64().unwrap() as usize;
        let e = f["span"][1].as_u64().unwrap() as usize;
        assert_eq!(
            &text.as_bytes()[s..e],
            f["text"].as_str().unwrap().as_bytes()
        );
    }
    let o = hoptac(&db).args(["show", "zzzz"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not found"), "{}", stderr(&o));
}

#[test]
fn extract_prints_contract_lines_whose_spans_slice() {
    for f in sample_files() {
        let o = Command::cargo_bin("hoptac")
            .unwrap()
            .args(["extract", "--format", "jsonl"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}: {}", f.display(), stderr(&o));
        for line in stdout(&o).lines() {
            let rec: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(rec["source"].is_string() && rec["facts"].is_array());
            // For plain text the text as read is the file; for other formats
            // spans index the stored text, checked in `show` above.
            if f.extension().unwrap() == "txt" {
                let bytes = std::fs::read(&f).unwrap();
                for fact in rec["facts"].as_array().unwrap() {
                    let s = fact["span"][0].as_u64().unwrap() as usize;
                    let e = fact["span"][1].as_u64().unwrap() as usize;
                    assert_eq!(
                        &bytes[s..e],
                        fact["text"].as_str().unwrap().as_bytes(),
                        "{}",
                        f.display()
                    );
                    assert!(fact["kind"].is_string());
                }
            }
        }
    }
}

#[test]
fn bad_inputs_are_refused_and_good_ones_stored() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(
        inputs.join("latin1.txt"),
        b"Vi\xea\xf2t Nam h\xe0nh \xf0\xf4ng",
    )
    .unwrap();
    std::fs::write(inputs.join("scripts.html"), "<html><head><script>alert(1)</script></head><body><script>for(;;){}</script><style>p{}</style></body></html>").unwrap();
    let big = std::fs::File::create(inputs.join("huge.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB on paper, nothing on disk
    std::fs::write(
        inputs.join("bad.jsonl"),
        "{\"text\": \"Thủ tướng Phạm Minh Chính dự họp.\"}\n{not json}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&inputs, inputs.join("loop")).unwrap();
    let good = sample_files()
        .into_iter()
        .find(|p| p.extension().unwrap() == "txt")
        .expect("a .txt sample");
    std::fs::copy(&good, inputs.join("good.txt")).unwrap();
    let db = dir.path().join("s.db");
    let o = hoptac(&db)
        .arg("ingest")
        .arg(&inputs)
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for needle in [
        "empty.txt: empty document",
        "binary.txt: binary data",
        "latin1.txt: invalid UTF-8 at byte 2",
        "scripts.html: empty document",
        "huge.txt: 100.0 MiB is over the limit",
        "bad.jsonl:2: not a JSON object",
        "loop: symbolic link loop",
        "missing.txt: no such file or directory",
    ] {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    assert!(
        err.contains("2 new"),
        "good.txt and bad.jsonl:1 stored: {err}"
    );
    // --lossy takes the Latin-1 file in.
    let o = hoptac(&db)
        .args(["ingest", "--lossy"])
        .arg(inputs.join("latin1.txt"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn stdin_and_published_date() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::cargo_bin("hoptac")
        .unwrap()
        .env("HOPTAC_DB", dir.path().join("x.db"))
        .args(["extract", "--format", "jsonl", "--dates", "--published", "2025-10-27", "-"])
        .write_stdin("Chiều 26/10, Thủ tướng Chính phủ Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28 tại Kuala Lumpur (Malaysia).")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let rec: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let facts = rec["facts"].as_array().unwrap();
    let meeting = facts
        .iter()
        .find(|f| f["kind"] == "meeting")
        .expect("a meeting");
    assert_eq!(meeting["ordinal"], 28);
    assert_eq!(
        meeting["date"], "2025-10-26",
        "the year comes from --published, not the clock"
    );
    assert_eq!(meeting["series"], "ASEAN-Japan Summit");
    assert!(meeting["place"]
        .as_str()
        .unwrap()
        .starts_with("Kuala Lumpur"));
    let person = facts
        .iter()
        .find(|f| f["kind"] == "person")
        .expect("a person");
    assert_eq!(person["name"], "Phạm Minh Chính");
    assert_eq!(person["country"], "VNM");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let o = Command::cargo_bin("hoptac")
        .unwrap()
        .args(["extract", "--published", "26/10", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a date like 2025-10-26"));
}

#[test]
fn demo_runs_on_a_fresh_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo.db");
    for _ in 0..2 {
        let o = Command::cargo_bin("hoptac")
            .unwrap()
            .args(["demo", "--store"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains("MEETINGS") && out.contains("ENTITIES"),
            "{out}"
        );
        assert!(
            out.contains("0 duplicates skipped"),
            "a fresh store each time: {out}"
        );
    }
}

/// The same commands against PostgreSQL when it is reachable
/// (`HOPTAC_TEST_POSTGRES`, default postgres://postgres@127.0.0.1:5432/test).
#[test]
fn postgres_store_through_hoptac_db() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A database made for this run, dropped with the guard (even on a panic).
    let Some(db) = rt.block_on(hoptac_store::testing::postgres()) else {
        return;
    };
    let url = db.url.clone();
    let run = || {
        let mut c = Command::cargo_bin("hoptac").unwrap();
        c.env("HOPTAC_DB", &url);
        c
    };
    let o = run().arg("ingest").arg(samples()).output().unwrap();
    let first = stderr(&o);
    let o2 = run().arg("ingest").arg(samples()).output().unwrap();
    let second = stderr(&o2);
    let ents = run()
        .args(["entities", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(o.status.success() && !first.starts_with("0 new"), "{first}");
    assert!(o2.status.success() && second.contains("0 new"), "{second}");
    assert!(!second.contains("password"), "no secret in messages");
    assert!(stdout(&ents).lines().count() > 10);
}
