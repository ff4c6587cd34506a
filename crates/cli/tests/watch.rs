//! `hoptac sources` and `hoptac watch --once` end to end, each command a
//! new process, against a server on 127.0.0.1 that the test starts. No
//! request leaves the machine.

use assert_cmd::Command;
use axum::http::{header, StatusCode};
use axum::routing::get;
use std::path::Path;

/// Serve a feed of two articles and a broken feed, on a port of its own.
fn start_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let feed = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>World</title>\
                 <item><title>A</title><link>{base}/a.html</link><guid>a</guid></item>\
                 <item><title>B</title><link>{base}/b.html</link><guid>b</guid></item>\
                 <item><title>A again</title><link>{base}/a.html</link><guid>a</guid></item>\
                 </channel></rss>"
            );
            let page = |title: &'static str, body: &'static str| {
                move || async move {
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        format!("<html><head><title>{title}</title><meta property=\"article:published_time\" content=\"2025-10-26\"></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"),
                    )
                }
            };
            let app = axum::Router::new()
                .route(
                    "/feed.rss",
                    get(move || async move { ([(header::CONTENT_TYPE, "application/rss+xml")], feed) }),
                )
                .route(
                    "/a.html",
                    get(page(
                        "The 28th ASEAN-Japan Summit",
                        "Leaders of ASEAN and Japan met in Kuala Lumpur on 26 October 2025 for the 28th ASEAN-Japan Summit and agreed to deepen their Comprehensive Strategic Partnership.",
                    )),
                )
                .route(
                    "/b.html",
                    get(page(
                        "Japan and ASEAN on the energy transition",
                        "Japan proposed to expand cooperation under the Asia Zero Emission Community (AZEC) initiative, and ASEAN welcomed the proposal.",
                    )),
                )
                .route("/broken.rss", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }));
            tx.send(base).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

fn hoptac(db: &Path) -> Command {
    let mut c = Command::cargo_bin("hoptac").unwrap();
    c.env("HOPTAC_DB", db).env_remove("HOPTAC_LOG");
    c
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

const FAST: &[&str] = &[
    "--site-interval",
    "20ms",
    "--backoff",
    "20ms",
    "--retries",
    "1",
];

#[test]
fn sources_added_and_watched_ingest_new_items_once_across_processes() {
    let base = start_server();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let feed = format!("{base}/feed.rss");

    hoptac(&db)
        .args(["sources", "add", &feed, "--lang", "en", "--every", "2h"])
        .assert()
        .success()
        .stderr(predicates::str::contains("added source 1 (rss, every 2h)"));
    hoptac(&db)
        .args(["sources", "add", &feed])
        .assert()
        .success()
        .stderr(predicates::str::contains("already watched as source 1"));
    hoptac(&db)
        .args(["sources", "add", "ftp://example.org/x"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not an http or https URL"));
    hoptac(&db)
        .args(["sources", "add", &feed, "--every", "5s"])
        .assert()
        .code(2);

    let list = json(
        &hoptac(&db)
            .args(["sources", "list", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(list[0]["url"], feed);
    assert_eq!(list[0]["kind"], "rss");
    assert_eq!(list[0]["every_secs"], 7200);

    // First run: both articles (the feed lists one twice).
    let o = hoptac(&db)
        .args(["watch", "--once", "--format", "json"])
        .args(FAST)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = json(&o);
    assert_eq!(
        (r[0]["new"].as_u64(), r[0]["status"].as_str()),
        (Some(2), Some("ok")),
        "{r}"
    );

    // Second process: nothing is due.
    let o = hoptac(&db)
        .args(["watch", "--once", "--format", "json"])
        .args(FAST)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(json(&o), serde_json::json!([]));

    // Third process, every source polled: nothing new, nothing fetched twice.
    let o = hoptac(&db)
        .args(["watch", "--once", "--all", "--format", "jsonl"])
        .args(FAST)
        .output()
        .unwrap();
    assert!(o.status.success());
    let r: serde_json::Value =
        serde_json::from_slice(o.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(
        (r["new"].as_u64(), r["seen"].as_u64()),
        (Some(0), Some(2)),
        "{r}"
    );

    let docs = json(
        &hoptac(&db)
            .args(["documents", "--format", "json"])
            .output()
            .unwrap(),
    );
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs
        .iter()
        .all(|d| d["url"].as_str().unwrap().starts_with(&base)));
    assert!(docs
        .iter()
        .all(|d| d["lang"] == "en" && d["published"] == "2025-10-26"));

    // A broken source: reported, exit status 1, the good one unharmed.
    hoptac(&db)
        .args([
            "sources",
            "add",
            &format!("{base}/broken.rss"),
            "--kind",
            "rss",
        ])
        .assert()
        .success();
    let o = hoptac(&db)
        .args(["watch", "--once", "--all", "--format", "json"])
        .args(FAST)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let r = json(&o);
    assert_eq!(r[0]["status"], "ok");
    assert_eq!(r[1]["status"], "failed");
    assert!(r[1]["error"].as_str().unwrap().contains("HTTP 500"), "{r}");
    let list = json(
        &hoptac(&db)
            .args(["sources", "list", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(list[1]["failures"], 1);

    // The table view names the error too.
    hoptac(&db)
        .args(["sources", "list"])
        .assert()
        .success()
        .stdout(predicates::str::contains("HTTP 500"));

    let broken = list[1]["id"].to_string();
    hoptac(&db)
        .args(["sources", "remove", &broken])
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "removed source {broken}"
        )));
    hoptac(&db)
        .args(["sources", "remove", "https://nowhere.example/rss"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not found"));
    let list = json(
        &hoptac(&db)
            .args(["sources", "list", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Removing a source keeps its documents.
    let docs = json(
        &hoptac(&db)
            .args(["documents", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(docs.as_array().unwrap().len(), 2);
}
