//! One record per real-world thing, across languages and republications,
//! through the binary on both store backends: the project's samples report
//! the 28th ASEAN-Japan Summit five ways (a Vietnamese article and its
//! republication, an English wire story, the chairman's statement and a
//! backgrounder), the 27th three ways (a Vietnamese page, an agency's
//! English edition and a republication of it), and the same figures in
//! both languages. `hoptac meetings`, `figures` and `entities` must show
//! each meeting, data point and person once, with every report linked.
//!
//! PostgreSQL runs at `HOPTAC_TEST_POSTGRES` (default
//! postgres://postgres@127.0.0.1:5432/test) in a database made for the run
//! and dropped after; when it is unreachable the test says SKIPPED.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/samples")
}

fn json(mut c: Command, args: &[&str]) -> Value {
    let o = c.args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Everything, against the store `run` points at.
fn one_record_per_thing(run: &dyn Fn() -> Command) {
    let o = run().arg("ingest").arg(samples()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Meetings: one record each, every report linked.
    let meetings = json(run(), &["meetings", "--format", "json"]);
    let ms = meetings.as_array().unwrap();
    let mut keys: Vec<&str> = ms.iter().map(|m| m["key"].as_str().unwrap()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), ms.len(), "no meeting twice: {keys:?}");
    assert_eq!(ms.len(), 6, "six real meetings in the samples: {keys:?}");
    let find = |series: &str, ordinal: Option<u64>| {
        ms.iter()
            .find(|m| m["series"] == series && m["ordinal"].as_u64() == ordinal)
            .unwrap_or_else(|| panic!("{series} {ordinal:?} in {keys:?}"))
    };
    let m28 = find("ASEAN-Japan Summit", Some(28));
    assert_eq!(m28["reports"].as_array().unwrap().len(), 5);
    assert_eq!(
        m28["sources"], 4,
        "the republication is a report, not a source"
    );
    assert_eq!(m28["languages"], serde_json::json!(["en", "vi"]));
    assert_eq!(m28["date"], "2025-10-26");
    assert_eq!(m28["place"], "Kuala Lumpur, Malaysia");
    let adopted = m28["documents"].as_array().unwrap();
    assert_eq!(
        adopted.len(),
        1,
        "one joint statement, however many report it"
    );
    assert!(adopted[0]["name_en"]
        .as_str()
        .unwrap()
        .contains("ASEAN Outlook on the Indo-Pacific"));
    assert!(adopted[0]["reports"].as_u64().unwrap() >= 3);
    let dups: Vec<&Value> = m28["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["duplicate_of"].is_null())
        .collect();
    assert_eq!(dups.len(), 1);
    let m27 = find("ASEAN-Japan Summit", Some(27));
    assert_eq!(m27["reports"].as_array().unwrap().len(), 3);
    assert_eq!(m27["sources"], 2);
    assert_eq!(m27["languages"], serde_json::json!(["en", "vi"]));
    let c50 = find("ASEAN-Japan Commemorative Summit", None);
    assert_eq!(c50["sources"], 3);
    assert_eq!(c50["date"], "2023-12-17");
    let rok = find("ASEAN-Republic of Korea Summit", Some(26));
    assert_eq!(rok["languages"], serde_json::json!(["en", "vi"]));

    // Data points: one per indicator and year, with sources; disagreements kept.
    let figures = json(run(), &["figures", "--format", "json"]);
    let fs = figures.as_array().unwrap();
    let point = |p: &str, subject: &str, year: i64| {
        let hits: Vec<&Value> = fs
            .iter()
            .filter(|d| d["partnership"] == p && d["subject"] == subject && d["year"] == year)
            .collect();
        assert_eq!(hits.len(), 1, "{p} {subject} {year}: one data point");
        hits[0]
    };
    let t24 = point("ASEAN-Japan", "two-way trade", 2024);
    assert_eq!(t24["value"].as_f64(), Some(236.6e9));
    assert_eq!(t24["sources"], 4);
    assert_eq!(t24["disagreement"], false);
    assert_eq!(t24["languages"], serde_json::json!(["en", "vi"]));
    let t23 = point("ASEAN-Japan", "two-way trade", 2023);
    assert_eq!(
        t23["sources"], 3,
        "the English republication is not a source"
    );
    assert_eq!(t23["values"][0]["reports"].as_array().unwrap().len(), 4);
    let korea = point("ASEAN-Republic of Korea", "two-way trade", 2024);
    assert_eq!(korea["value"].as_f64(), Some(208.2e9));
    let t16 = point("ASEAN-Japan", "two-way trade", 2016);
    assert_eq!(t16["disagreement"], true);
    let values: Vec<f64> = t16["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, vec![201.9e9, 221.7e9], "both values kept");
    let only = json(run(), &["figures", "--disagreements", "--format", "json"]);
    assert_eq!(only.as_array().unwrap().len(), 1);

    // Entities: a person named with and without diacritics is one entity.
    let o = run()
        .args(["entities", "--format", "jsonl"])
        .output()
        .unwrap();
    let ents: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let chinh: Vec<&Value> = ents
        .iter()
        .filter(|e| {
            e["surfaces"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s.as_str().unwrap().contains("Minh Ch"))
        })
        .collect();
    assert_eq!(chinh.len(), 1, "{chinh:?}");
    let surfaces = chinh[0]["surfaces"].as_array().unwrap();
    assert!(surfaces.contains(&Value::from("Phạm Minh Chính")));
    assert!(surfaces.contains(&Value::from("Pham Minh Chinh")));
    // The joint statement adopted at the 28th summit, in both languages.
    let js = ents
        .iter()
        .find(|e| e["id"] == "aoip-joint-statement-2025")
        .expect("the AOIP joint statement");
    assert!(js["documents"].as_u64().unwrap() >= 3);

    // The table and JSON Lines forms print the same records.
    let o = run()
        .args(["meetings", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 6);
    let o = run()
        .args(["meetings", "--series", "japan summit", "--since", "2024"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("Kuala Lumpur, Malaysia") && table.contains("Vientiane"));
    assert!(
        !table.contains("Jakarta"),
        "--since 2024 leaves 2023 out:\n{table}"
    );
}

#[test]
fn sqlite_one_record_per_real_world_thing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("one.db");
    one_record_per_thing(&|| {
        let mut c = Command::cargo_bin("hoptac").unwrap();
        c.env("HOPTAC_DB", &db).env_remove("HOPTAC_LOG");
        c
    });
}

#[test]
fn postgres_one_record_per_real_world_thing() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A database made for this run, dropped with the guard (even on a panic).
    let Some(db) = rt.block_on(hoptac_store::testing::postgres()) else {
        return;
    };
    one_record_per_thing(&|| {
        let mut c = Command::cargo_bin("hoptac").unwrap();
        c.env("HOPTAC_DB", &db.url).env_remove("HOPTAC_LOG");
        c
    });
}
