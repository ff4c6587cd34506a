//! Hostile clients against a running server (127.0.0.1:0), on SQLite and
//! PostgreSQL: oversized bodies, malformed JSON, wrong content types, path
//! traversal, SQL metacharacters in every string parameter, slow clients
//! (slowloris headers, slow bodies), many idle connections; tokens stored
//! hashed, a wrong secret of the right length refused, revocation at once
//! (past the read cache), and every write endpoint leaving a record that
//! names the acting token. Each category's count of correctly refused
//! requests is printed (`RELIABILITY ...`) for RELIABILITY.md.

use hoptac_extract::Extractor;
use hoptac_server::auth::{create_token, Role};
use hoptac_server::{AppState, Config};
use hoptac_store::testing::postgres;
use hoptac_store::Store;
use hoptac_tracker::{parse_plan, ImportOptions, Tracker};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

const HEADER_TIMEOUT: Duration = Duration::from_secs(1);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

async fn start(store: Store, cfg: Config) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(store, Arc::new(Extractor::builtin()), cfg);
    tokio::spawn(hoptac_server::serve(listener, state, async {
        let _ = rx.await;
    }));
    (addr, tx)
}

/// Send `req` as written (no client normalises the path) and read the
/// whole answer: (status, body).
async fn raw(addr: SocketAddr, req: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut buf))
        .await
        .expect("the server answers")
        .unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

async fn get_raw(addr: SocketAddr, path: &str) -> (u16, String) {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await
}

async fn json(res: reqwest::Response) -> (StatusCode, Value) {
    let s = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(
        ct.starts_with("application/json"),
        "{s}: content type {ct:?}, an API error must be JSON"
    );
    (s, v)
}

/// Requests refused correctly, by category.
#[derive(Default)]
struct Tally(BTreeMap<&'static str, usize>);

impl Tally {
    fn add(&mut self, what: &'static str) {
        *self.0.entry(what).or_default() += 1;
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

async fn last_actor(store: &Store, subject: &str) -> String {
    sqlx::query("SELECT actor FROM tracker_history WHERE subject = $1 ORDER BY seq DESC LIMIT 1")
        .bind(subject)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("actor")
        .unwrap()
}

async fn scenario(location: &str, label: &str) {
    let store = Store::open(location).await.unwrap();
    let t = Tracker::new(&store);
    let plan = parse_plan(
        "asean-japan-2023.csv",
        &std::fs::read_to_string(data("plans/asean-japan-2023.csv")).unwrap(),
    )
    .unwrap();
    t.import_plan(
        &plan,
        None,
        &ImportOptions {
            plan: "aj".into(),
            title: "ASEAN-Japan 2023".into(),
            entity: Some("ip-2023".into()),
            actor: "plan.officer".into(),
            today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (analyst, _) = create_token(&store, "Ana", Role::Analyst).await.unwrap();
    let (admin, _) = create_token(&store, "Root", Role::Admin).await.unwrap();
    let (doomed, _) = create_token(&store, "Doomed", Role::Viewer).await.unwrap();
    let cfg = Config {
        max_file_bytes: 256 * 1024,
        max_upload_bytes: 1024 * 1024,
        header_timeout: HEADER_TIMEOUT,
        request_timeout: REQUEST_TIMEOUT,
        ..Config::default()
    };
    let (addr, _stop) = start(store.clone(), cfg).await;
    let base = format!("http://{addr}");
    let u = |p: &str| format!("{base}{p}");
    let c = Client::new();
    let mut tally = Tally::default();

    // ---- every write endpoint leaves a record naming its token ----
    let mut form = Form::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        form = form.part(
            name.clone(),
            Part::bytes(std::fs::read(f).unwrap()).file_name(name),
        );
    }
    // An upload's file name is only ever text: nothing is written outside.
    let escape = format!("hoptac-escape-{}.txt", std::process::id());
    let escape_name = format!("../../../../../../tmp/{escape}");
    form = form.part(
        "x",
        Part::bytes(b"The 28th ASEAN-Japan Summit met in Kuala Lumpur on escape day.".to_vec())
            .file_name(escape_name.clone()),
    );
    let (s, v) = json(
        c.post(u("/api/ingest"))
            .bearer_auth(&analyst)
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(!std::path::Path::new("/tmp").join(&escape).exists());
    assert!(!std::env::current_dir().unwrap().join(&escape_name).exists());
    for item in v["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let log = store.audit_log(Some(id)).await.unwrap();
        if item["outcome"] == "duplicate" {
            continue;
        }
        assert_eq!(log.len(), 1, "{label}: one upload record for {id}");
        assert_eq!(
            (log[0].actor.as_str(), log[0].action.as_str()),
            ("Ana", "upload")
        );
        assert!(log[0]
            .detail
            .as_deref()
            .unwrap()
            .contains(item["source"].as_str().unwrap()));
    }
    let docs_before = count(&store, "SELECT COUNT(*) FROM documents").await;
    t.derive_commitments(Extractor::builtin().gazetteer())
        .await
        .unwrap();
    let (s, v) = json(
        c.post(u("/api/plan/lines/1.5/status"))
            .bearer_auth(&analyst)
            .json(&json!({"status": "ongoing", "evidence": "ref:minutes", "on": "2025-05-05"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(last_actor(&store, "aj/1.5").await, "Ana");
    let (_, v) = json(c.get(u("/api/commitments?limit=1")).send().await.unwrap()).await;
    let cid = v["items"][0]["id"].as_str().unwrap().to_string();
    let (s, v) = json(
        c.post(u(&format!("/api/commitments/{cid}/status")))
            .bearer_auth(&analyst)
            .json(&json!({"status": "in_progress", "evidence": "ref:minutes", "on": "2025-05-05"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(last_actor(&store, &cid).await, "Ana");
    let (_, sugg) = json(c.get(u("/api/suggestions?limit=500")).send().await.unwrap()).await;
    let lines: Vec<&Value> = sugg["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["target_kind"] == "line" && s["target"] != "aj/1.5")
        .collect();
    assert!(lines.len() >= 2, "{sugg}");
    let (s, v) = json(
        c.post(u("/api/suggestions/accept"))
            .bearer_auth(&analyst)
            .json(
                &json!({"doc": lines[0]["doc"], "target": lines[0]["target"], "status": "ongoing"}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        last_actor(&store, lines[0]["target"].as_str().unwrap()).await,
        "Ana"
    );
    let rejected = lines
        .iter()
        .find(|l| l["target"] != lines[0]["target"])
        .unwrap();
    let (s, v) = json(
        c.post(u("/api/suggestions/reject"))
            .bearer_auth(&analyst)
            .json(&json!({"doc": rejected["doc"], "target": rejected["target"]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let actor: String =
        sqlx::query("SELECT actor FROM suggestion_decisions WHERE decision = 'rejected'")
            .fetch_one(store.pool())
            .await
            .unwrap()
            .try_get("actor")
            .unwrap();
    assert_eq!(actor, "Ana", "{label}: the rejection names its token");

    // ---- tokens: hashed, compared whole, revocable at once ----
    let rows = sqlx::query("SELECT * FROM api_tokens")
        .fetch_all(store.pool())
        .await
        .unwrap();
    for tok in [&analyst, &admin, &doomed] {
        let secret = tok.rsplit('_').next().unwrap();
        for r in &rows {
            for i in 0..r.len() {
                let v: Option<String> = r.try_get(i).ok().flatten();
                assert!(
                    !v.unwrap_or_default().contains(secret),
                    "{label}: a token's secret is stored"
                );
            }
        }
    }
    let mut wrong = analyst.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    assert_eq!(wrong.len(), analyst.len());
    let body = json!({"status": "implemented", "evidence": "ref:x", "on": "2025-06-06"});
    for bad in [
        wrong.as_str(),
        "hoptac_000000000000_000000000000000000000000000000000000000000000000",
        "hoptac__",
        "hoptac_",
        "Bearer",
    ] {
        let (s, v) = json(
            c.post(u("/api/plan/lines/1.5/status"))
                .bearer_auth(bad)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{label}: {bad}: {v}");
        tally.add("bad tokens (401)");
    }
    let (s, _) = json(
        c.delete(u("/api/tokens/Doomed"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let log = store.audit_log(Some("Doomed")).await.unwrap();
    assert_eq!(
        log.iter()
            .map(|e| (e.actor.as_str(), e.action.as_str()))
            .collect::<Vec<_>>(),
        vec![("local", "token.create"), ("Root", "token.revoke")],
        "{label}: tokens made and revoked are in the audit log"
    );

    // ---- oversized bodies: 413, and the server goes on ----
    let big = Form::new().part(
        "big",
        Part::bytes(vec![b'a'; 2 * 1024 * 1024]).file_name("big.txt"),
    );
    let res = c
        .post(u("/api/ingest"))
        .bearer_auth(&analyst)
        .multipart(big)
        .send()
        .await
        .unwrap();
    let (s, v) = json(res).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{label}: {v}");
    tally.add("oversized bodies (413)");
    let huge_note = "x".repeat(3 * 1024 * 1024);
    let (s, v) = json(
        c.post(u("/api/plan/lines/1.5/status"))
            .bearer_auth(&analyst)
            .json(&json!({"status": "ongoing", "note": huge_note}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{label}: {v}");
    tally.add("oversized bodies (413)");
    // (A new client: the server closes a connection whose body it refused.)
    let (s, _) = json(Client::new().get(u("/api/documents")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::OK, "the server survives");

    // ---- malformed JSON: 400 (syntax) or 422 (shape), as JSON ----
    let c = Client::new();
    for (bad, want) in [
        ("{\"status\": \"ongoing\",", StatusCode::BAD_REQUEST),
        ("{not json", StatusCode::BAD_REQUEST),
        ("", StatusCode::BAD_REQUEST),
        ("\u{feff}{}", StatusCode::BAD_REQUEST),
        ("[]", StatusCode::UNPROCESSABLE_ENTITY),
        ("null", StatusCode::UNPROCESSABLE_ENTITY),
        ("{\"status\": 5}", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "{\"status\": \"ongoing\", \"note\": {\"a\": [1, 2]}}",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        for path in [
            "/api/plan/lines/1.5/status".to_string(),
            format!("/api/commitments/{cid}/status"),
            "/api/suggestions/accept".to_string(),
            "/api/suggestions/reject".to_string(),
        ] {
            let (s, v) = json(
                c.post(u(&path))
                    .bearer_auth(&analyst)
                    .header("content-type", "application/json")
                    .body(bad.to_string())
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(s, want, "{label}: {path} {bad:?}: {v}");
            assert!(v["error"].is_string(), "{v}");
            tally.add("malformed JSON (400/422)");
        }
    }

    // ---- wrong content types: 415 (or 400 for a broken multipart) ----
    for (path, ct, body, want) in [
        (
            "/api/plan/lines/1.5/status",
            "text/plain",
            "{\"status\": \"ongoing\"}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "/api/suggestions/accept",
            "application/x-www-form-urlencoded",
            "doc=a&target=b",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "/api/ingest",
            "application/json",
            "{\"text\": \"hello\"}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "/api/ingest",
            "text/plain",
            "hello",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "/api/ingest",
            "multipart/form-data",
            "--x\r\n",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/ingest",
            "multipart/form-data; boundary=zz",
            "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (s, v) = json(
            c.post(u(path))
                .bearer_auth(&analyst)
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, want, "{label}: {path} as {ct}: {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
        tally.add("wrong content types (415/400)");
    }

    // ---- path traversal in every path-like parameter ----
    let secrets = ["root:x:0", "[workspace]", "hoptac_schema"];
    for path in [
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/Cargo.toml",
        "/static/style.css/../../../../etc/passwd",
        "/static/....//....//etc/passwd",
        "/api/documents/..%2f..%2f..%2fetc%2fpasswd",
        "/api/documents/../../../etc/passwd",
        "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/entities/..%2f..%2f..%2fetc%2fpasswd",
        "/api/plan/lines/..%2f..%2f..%2fetc%2fpasswd/history",
        "/api/commitments/..%2f..%2fetc%2fpasswd/status",
        "/reports/..%2f..%2f..%2fetc%2fpasswd",
        "/reports/..%2f..%2fCargo.toml?format=md",
        "/reports/report.css/..%2f..%2f..%2fetc%2fpasswd",
        "/documents/..%2f..%2f..%2fetc%2fpasswd",
        "/entities/..%2f..%2f..%2fetc%2fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let (s, body) = get_raw(addr, path).await;
        assert!(
            (400..500).contains(&s),
            "{label}: {path}: status {s}: {body}"
        );
        for secret in secrets {
            assert!(!body.contains(secret), "{label}: {path} leaked a file");
        }
        tally.add("path traversal (4xx)");
    }
    for name in ["..%2f..%2fetc%2fpasswd", "..%2F..", "%2e%2e", "../Root"] {
        let (s, body) = raw(
            addr,
            &format!(
                "DELETE /api/tokens/{name} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {admin}\r\nConnection: close\r\n\r\n"
            ),
        )
        .await;
        assert!((400..500).contains(&s), "{label}: token {name}: {s} {body}");
        tally.add("path traversal (4xx)");
    }
    assert!(
        hoptac_server::auth::verify(&store, &admin)
            .await
            .unwrap()
            .is_some(),
        "{label}: no token revoked through a traversal"
    );

    // ---- SQL metacharacters in every string parameter ----
    let tokens_before = count(&store, "SELECT COUNT(*) FROM api_tokens").await;
    let hostile = [
        "' OR '1'='1",
        "'; DROP TABLE documents; --",
        "\"; DROP TABLE api_tokens; --",
        "%",
        "_",
        "\\",
        "%' OR 1=1 --",
        "1); DELETE FROM tracker_history; --",
        "' UNION SELECT secret_hash FROM api_tokens --",
        "$1",
        "?",
        "\u{0}",
        "a\u{0}b'",
        "é'\u{202e}",
    ];
    let mut sql_requests = 0;
    for h in hostile {
        let e = enc(h);
        for path in [
            format!("/api/documents?limit={e}"),
            format!("/api/documents?offset={e}"),
            format!("/api/documents/{e}"),
            format!("/api/entities?kind={e}"),
            format!("/api/entities/{e}"),
            format!("/api/meetings?limit=5&x={e}"),
            format!("/api/figures?series={e}"),
            format!("/api/plan/progress?plan={e}&by={e}&as_of={e}"),
            format!("/api/plan/checks?plan={e}"),
            format!("/api/plan/lines?plan={e}&status={e}&pillar={e}"),
            format!("/api/plan/lines/{e}/history?plan={e}"),
            format!("/api/commitments?to={e}&by={e}&status={e}"),
            format!("/api/suggestions?doc={e}"),
            format!("/api/changes?since={e}"),
            format!("/reports/{e}"),
            format!("/reports/overview?lang={e}&partner={e}&meeting={e}&since={e}&as_of={e}"),
            format!("/documents?lang={e}"),
            format!("/documents/{e}?hl={e}"),
            format!("/entities/{e}"),
            format!("/plan?plan={e}&status={e}"),
        ] {
            let res = c.get(u(&path)).send().await.unwrap();
            let s = res.status();
            assert!(
                s.as_u16() < 500,
                "{label}: GET {path}: {s}: {}",
                res.text().await.unwrap_or_default()
            );
            sql_requests += 1;
        }
        for body in [
            json!({"status": h}),
            json!({"status": "ongoing", "note": h, "evidence": format!("ref:{h}"), "on": "2025-05-06"}),
            json!({"status": "ongoing", "evidence": h, "quote": h}),
            json!({"status": "ongoing", "evidence": "ref:x", "plan": h}),
            json!({"status": "ongoing", "evidence": "ref:x", "on": h}),
        ] {
            for path in [
                "/api/plan/lines/1.5/status".to_string(),
                format!("/api/plan/lines/{e}/status"),
                format!("/api/commitments/{cid}/status"),
                format!("/api/commitments/{e}/status"),
            ] {
                let res = c
                    .post(u(&path))
                    .bearer_auth(&analyst)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let s = res.status();
                let text = res.text().await.unwrap_or_default();
                assert!(s.as_u16() < 500, "{label}: POST {path} {body}: {s}: {text}");
                sql_requests += 1;
            }
        }
        for body in [
            json!({"doc": h, "target": h}),
            json!({"doc": lines[1]["doc"], "target": h, "status": h, "note": h}),
        ] {
            for path in ["/api/suggestions/accept", "/api/suggestions/reject"] {
                let res = c
                    .post(u(path))
                    .bearer_auth(&analyst)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let s = res.status();
                let text = res.text().await.unwrap_or_default();
                assert!(s.as_u16() < 500, "{label}: POST {path} {body}: {s}: {text}");
                sql_requests += 1;
            }
        }
        let res = c
            .delete(u(&format!("/api/tokens/{e}")))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        // 404 (no such token), or 400 for a NUL PostgreSQL cannot hold.
        assert!(
            res.status() == StatusCode::NOT_FOUND || res.status() == StatusCode::BAD_REQUEST,
            "{label}: token {h:?}: {}",
            res.status()
        );
        sql_requests += 1;
    }
    // Nothing was dropped or changed behind the parameters' backs, and a
    // note went in as the very text sent.
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM documents").await,
        docs_before
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM api_tokens").await,
        tokens_before
    );
    let notes: Vec<String> = sqlx::query(
        "SELECT note FROM tracker_history WHERE subject = 'aj/1.5' AND note IS NOT NULL",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("note").unwrap())
    .collect();
    for h in hostile.iter().filter(|h| !h.contains('\u{0}')) {
        assert!(
            notes.iter().any(|n| n == h),
            "{label}: note {h:?} kept as sent"
        );
    }
    for _ in 0..sql_requests {
        tally.add("SQL metacharacters (no 5xx)");
    }

    // ---- slow clients ----
    // Headers one byte at a time: cut off after the header timeout, while
    // others are served meanwhile.
    let slow = tokio::spawn(async move {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let started = Instant::now();
        let req = b"GET /api/documents HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
        for b in req {
            if s.write_all(&[*b]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            // Closed by the server?
            let mut buf = [0u8; 512];
            if let Ok(Ok(n)) =
                tokio::time::timeout(Duration::from_millis(1), s.read(&mut buf)).await
            {
                // Closed (0) or answered: either way, no longer held.
                return (started.elapsed(), n);
            }
        }
        (started.elapsed(), usize::MAX)
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t0 = Instant::now();
    let (s, _) = json(c.get(u("/api/plans")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        t0.elapsed() < HEADER_TIMEOUT,
        "{label}: others are served while a slow client sends"
    );
    let (cut, _) = slow.await.unwrap();
    assert!(
        cut < HEADER_TIMEOUT + Duration::from_secs(2),
        "{label}: a slowloris client held its connection for {cut:?}"
    );
    tally.add("slow headers (closed)");
    // A body sent slowly: 408 once the request timeout passes.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!(
            "POST /api/plan/lines/1.5/status HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {analyst}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{{"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    loop {
        let mut buf = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {
                if s.write_all(b" ").await.is_err() {
                    break;
                }
            }
        }
        assert!(
            started.elapsed() < REQUEST_TIMEOUT + Duration::from_secs(5),
            "{label}: a slow body held its request"
        );
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{label}: {answer}");
    tally.add("slow bodies (408)");

    // Many connections, most idle or slow: the server still answers, and
    // drops the idle ones after the header timeout.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    for s in idle.iter_mut().take(100) {
        s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    }
    let (s, _) = json(c.get(u("/api/documents?limit=1")).send().await.unwrap()).await;
    assert_eq!(
        s,
        StatusCode::OK,
        "{label}: served beside 300 idle connections"
    );
    tokio::time::sleep(HEADER_TIMEOUT + Duration::from_millis(1500)).await;
    let mut closed = 0;
    for s in idle.iter_mut().take(100) {
        let mut buf = [0u8; 256];
        if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_millis(50), s.read(&mut buf)).await {
            closed += 1;
        }
    }
    assert_eq!(
        closed, 100,
        "{label}: connections that started a request and stalled are closed"
    );
    for _ in 0..closed {
        tally.add("stalled connections (closed)");
    }
    drop(idle);

    for (what, n) in &tally.0 {
        eprintln!("RELIABILITY hostile {label}: {what}: {n} refused correctly");
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_clients_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path().join("h.db").to_str().unwrap(), "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_clients_on_postgres() {
    let Some(db) = postgres().await else { return };
    scenario(&db.url, "postgres").await;
}

/// A revoked token is refused at once, also for a read the cache holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_tokens_are_refused_at_once_past_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("r.db").to_str().unwrap())
        .await
        .unwrap();
    let (viewer, _) = create_token(&store, "v", Role::Viewer).await.unwrap();
    let (admin, _) = create_token(&store, "a", Role::Admin).await.unwrap();
    let (addr, _stop) = start(
        store,
        Config {
            open_reads: false,
            ..Config::default()
        },
    )
    .await;
    let c = Client::new();
    let u = format!("http://{addr}/api/documents");
    for _ in 0..2 {
        let (s, _) = json(c.get(&u).bearer_auth(&viewer).send().await.unwrap()).await;
        assert_eq!(s, StatusCode::OK);
    }
    let (s, _) = json(
        c.delete(format!("http://{addr}/api/tokens/v"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = json(c.get(&u).bearer_auth(&viewer).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "refused at once, cache or not");
}
