//! `hoptac search`, `reindex` and `corpus` end to end, on the project's own
//! samples (`data/samples`).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples")
}

fn hoptac(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hoptac").unwrap();
    c.env("HOPTAC_DB", dir.join("s.db"))
        .env("XDG_DATA_HOME", dir)
        .env_remove("HOPTAC_LOG");
    c
}

fn jsonl(o: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ingest_then_search_finds_folded_words_with_snippets() {
    let dir = tempfile::tempdir().unwrap();
    hoptac(dir.path())
        .arg("ingest")
        .arg(samples())
        .assert()
        .success();
    assert!(dir.path().join("s.db.index").join("meta.json").exists());

    let o = hoptac(dir.path())
        .args(["--format", "jsonl", "search", "phat", "thai", "rong"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = jsonl(&o);
    let docs: Vec<&serde_json::Value> = lines.iter().filter(|l| l["type"] == "document").collect();
    assert_eq!(docs.len(), 3);
    for d in &docs {
        let s = &d["snippet"];
        assert!(s["text"].as_str().unwrap().contains("phát thải ròng"));
        assert!(!s["highlights"].as_array().unwrap().is_empty());
    }
    let facets = lines.iter().find(|l| l["type"] == "facets").unwrap();
    assert_eq!(facets["total"], 3);

    // The table shows the matches in brackets.
    let o = hoptac(dir.path())
        .args(["search", "phat thai rong"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("[phát] [thải] [ròng]"), "{out}");
    assert!(out.contains("3 documents match"));

    // Figure facts whose sentence speaks of trade.
    let o = hoptac(dir.path())
        .args([
            "--format",
            "json",
            "search",
            "--kind",
            "figure",
            "thương mại",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let facts = v[0]["facts"].as_array().unwrap();
    assert!(!facts.is_empty());
    assert!(facts.iter().all(|f| f["fact"]["kind"] == "figure"));

    // A bad kind is a usage error.
    hoptac(dir.path())
        .args(["search", "--kind", "weather", "x"])
        .assert()
        .code(2);

    // The index thrown away: search rebuilds it from the store; reindex too.
    std::fs::remove_dir_all(dir.path().join("s.db.index")).unwrap();
    let o = hoptac(dir.path())
        .args(["--format", "jsonl", "search", "--lang", "en", "japan"])
        .output()
        .unwrap();
    assert!(jsonl(&o)
        .iter()
        .any(|l| l["type"] == "document" && l["lang"] == "en"));
    hoptac(dir.path()).arg("reindex").assert().success();
}

#[test]
fn corpus_is_deterministic_and_ingestible() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    for f in [&a, &b] {
        hoptac(dir.path())
            .args(["corpus", "--articles", "40", "--seed", "9", "--out"])
            .arg(f)
            .assert()
            .success();
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let o = hoptac(dir.path())
        .args(["--format", "json", "bench-ingest"])
        .arg(&a)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["articles"], 40);
    assert_eq!(v[0]["failed"], 0);
    let o = hoptac(dir.path())
        .args(["--format", "json", "corpus", "--articles", "40", "--recall"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "all")
        .unwrap();
    assert!(all["recall"].as_f64().unwrap() > 0.9);
}
