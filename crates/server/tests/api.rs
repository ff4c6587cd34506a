//! The API against a running server (bound to 127.0.0.1:0), on both store
//! backends: SQLite always, PostgreSQL when reachable
//! (`HOPTAC_TEST_POSTGRES`, default `postgres://postgres@127.0.0.1:5432/test`,
//! a fresh database per run, dropped afterwards).

use hoptac_extract::Extractor;
use hoptac_server::auth::{create_token, Role};
use hoptac_server::{AppState, Config};
use hoptac_store::testing::postgres;
use hoptac_store::Store;
use hoptac_tracker::{parse_plan, ImportOptions, Partnership, Tracker};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

/// An article written to attack the dashboard: it must be shown, not run.
pub const HOSTILE: &str = "---\ntitle: <script>document.title='PWNED'</script> Hostile headline\npublished: 2025-11-02\n---\n\
At the 28th ASEAN-Japan Summit in Kuala Lumpur <img src=x onerror=\"document.title='PWNED'\"> the leaders met.\n\n\
Click <a href=\"javascript:document.title='PWNED'\">here</a> or read <script>document.title='PWNED'</script> this.\n";

struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(store: Store, cfg: Config) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(store, Arc::new(Extractor::builtin()), cfg);
    let task = tokio::spawn(hoptac_server::serve(listener, state, async {
        let _ = rx.await;
    }));
    Server {
        base,
        stop: Some(tx),
        task,
    }
}

async fn json(res: reqwest::Response) -> (StatusCode, Value) {
    let s = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(ct.starts_with("application/json"), "{s}: content type {ct}");
    (s, v)
}

fn samples_form() -> Form {
    let mut form = Form::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        form = form.part(
            name.clone(),
            Part::bytes(std::fs::read(&f).unwrap()).file_name(name),
        );
    }
    form.part(
        "bad",
        Part::bytes(b"Hanoi \xff\xfe broken".to_vec()).file_name("broken.txt"),
    )
    .part(
        "big",
        Part::bytes(vec![b'a'; 300 * 1024]).file_name("huge.txt"),
    )
    .part(
        "hostile",
        Part::bytes(HOSTILE.as_bytes().to_vec()).file_name("hostile.md"),
    )
}

async fn scenario(location: &str) {
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
            partnership: Some(Partnership {
                id: "asean-japan".into(),
                name: "ASEAN-Japan".into(),
                parties: "ASEAN;Japan".into(),
                ..Default::default()
            }),
            entity: Some("ip-2023".into()),
            actor: "plan.officer".into(),
            today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (analyst, _) = create_token(&store, "Ana Analyst", Role::Analyst)
        .await
        .unwrap();
    let (viewer, _) = create_token(&store, "vic", Role::Viewer).await.unwrap();
    let (admin, _) = create_token(&store, "adm", Role::Admin).await.unwrap();
    assert!(
        create_token(&store, "vic", Role::Admin).await.is_err(),
        "names are unique"
    );
    let index = tempfile::tempdir().unwrap();
    let cfg = Config {
        max_file_bytes: 256 * 1024,
        index_dir: Some(index.path().join("index")),
        ..Config::default()
    };
    let mut srv = start(store.clone(), cfg).await;
    let c = Client::new();
    let u = |p: &str| format!("{}{p}", srv.base);

    // Uploads: a token is needed, of the analyst role.
    let (s, v) = json(
        c.post(u("/api/ingest"))
            .multipart(samples_form())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    assert!(v["error"].as_str().unwrap().contains("token"));
    let (s, v) = json(
        c.post(u("/api/ingest"))
            .bearer_auth(&viewer)
            .multipart(samples_form())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let (s, v) = json(
        c.post(u("/api/ingest"))
            .bearer_auth("hoptac_nope_nope")
            .multipart(samples_form())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    // A bad file is named; the others go in (207: some failed).
    let (s, v) = json(
        c.post(u("/api/ingest"))
            .bearer_auth(&analyst)
            .multipart(samples_form())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::MULTI_STATUS, "{v}");
    assert_eq!(v["failed"], 2, "{v}");
    let items = v["items"].as_array().unwrap();
    let err_of = |name: &str| {
        items
            .iter()
            .find(|i| i["source"].as_str().unwrap().starts_with(name))
            .unwrap_or_else(|| panic!("{name} reported"))["error"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(err_of("broken.txt").contains("broken.txt: invalid UTF-8 at byte 6"));
    assert!(
        err_of("huge.txt").contains("huge.txt") && err_of("huge.txt").contains("over the limit")
    );
    let stored = items.iter().filter(|i| i["error"].is_null()).count();
    assert!(stored >= 10, "samples and the hostile article stored: {v}");
    let hostile_id = items.iter().find(|i| i["source"] == "hostile.md").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.derive_commitments(Extractor::builtin().gazetteer())
        .await
        .unwrap();

    // Documents: paginated with the total; one with its facts and spans.
    let (s, v) = json(
        c.get(u("/api/documents?limit=3&offset=1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let total = v["total"].as_u64().unwrap();
    assert_eq!(total as usize, stored);
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        (v["limit"].as_u64(), v["offset"].as_u64()),
        (Some(3), Some(1))
    );
    let (s, v) = json(c.get(u("/api/documents?limit=0")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let list = json(c.get(u("/api/documents?limit=500")).send().await.unwrap())
        .await
        .1;
    let summit = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"].as_str().unwrap().contains("01_vi"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, d) = json(
        c.get(u(&format!("/api/documents/{}", &summit[..8])))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let text = d["text"].as_str().unwrap();
    let facts = d["fact_list"].as_array().unwrap();
    assert!(facts.len() > 5);
    for f in facts {
        let (a, b) = (
            f["span"][0].as_u64().unwrap() as usize,
            f["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text[a..b],
            f["text"].as_str().unwrap(),
            "span gives back the fact's text"
        );
    }
    assert!(facts
        .iter()
        .any(|f| f["kind"] == "figure" && f["unit"] == "USD"));
    let (s, v) = json(c.get(u("/api/documents/ffffffff")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(v["error"].as_str().unwrap().contains("not found"));
    let (s, _) = json(c.get(u("/api/nothing-here")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Entities and their mentions across documents and languages.
    let (_, v) = json(c.get(u("/api/entities?limit=5")).send().await.unwrap()).await;
    assert!(v["total"].as_u64().unwrap() > 5);
    let (s, v) = json(
        c.get(u("/api/entities/meeting-asean-japan-summit-28"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let langs: std::collections::BTreeSet<&str> = v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["lang"].as_str())
        .collect();
    assert!(langs.contains("vi") && langs.contains("en"), "{langs:?}");
    let (_, v) = json(c.get(u("/api/meetings")).send().await.unwrap()).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["name_en"] == "28th ASEAN-Japan Summit"
            && m["reports"].as_array().unwrap().len() >= 2));
    let (_, v) = json(c.get(u("/api/figures")).send().await.unwrap()).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["subject"] == "two-way trade"));

    // Progress, then accept a suggestion: the progress moves, the actor is the token's name.
    let progress = |c: Client, url: String| async move {
        json(c.get(url).send().await.unwrap()).await.1["total"].clone()
    };
    let before = progress(c.clone(), u("/api/plan/progress?by=plan")).await;
    assert_eq!(before["total"], 32);
    let (_, sugg) = json(c.get(u("/api/suggestions?limit=500")).send().await.unwrap()).await;
    let lines: Vec<&Value> = sugg["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["target_kind"] == "line" && s["status"] == "not_started")
        .collect();
    assert!(lines.len() >= 2, "{sugg}");
    let pick = lines[0];
    let dec = json!({"doc": pick["doc"], "target": pick["target"], "status": "implemented"});
    let (s, v) = json(
        c.post(u("/api/suggestions/accept"))
            .json(&dec)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    let bad = json!({"doc": pick["doc"], "target": pick["target"], "status": "done-ish"});
    let (s, v) = json(
        c.post(u("/api/suggestions/accept"))
            .bearer_auth(&analyst)
            .json(&bad)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["error"].as_str().unwrap().contains("done-ish"));
    let (s, v) = json(
        c.post(u("/api/suggestions/accept"))
            .bearer_auth(&analyst)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = json(
        c.post(u("/api/suggestions/accept"))
            .bearer_auth(&analyst)
            .json(&dec)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["actor"], "Ana Analyst");
    assert_eq!(v["to"], "implemented");
    let after = progress(c.clone(), u("/api/plan/progress?by=plan")).await;
    assert_eq!(
        after["implemented"].as_u64().unwrap(),
        before["implemented"].as_u64().unwrap() + 1,
        "the cached progress was invalidated by the write"
    );
    let line = pick["target"].as_str().unwrap().split_once('/').unwrap().1;
    let (_, h) = json(
        c.get(u(&format!("/api/plan/lines/{line}/history")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let last = h.as_array().unwrap().last().unwrap();
    assert_eq!(last["actor"], "Ana Analyst");
    assert_eq!(last["evidence"]["doc"], pick["doc"]);
    // Accepted once: not proposed again.
    let (s, _) = json(
        c.post(u("/api/suggestions/accept"))
            .bearer_auth(&analyst)
            .json(&dec)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let rej = json!({"doc": lines[1]["doc"], "target": lines[1]["target"]});
    let (s, v) = json(
        c.post(u("/api/suggestions/reject"))
            .bearer_auth(&analyst)
            .json(&rej)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, sugg2) = json(c.get(u("/api/suggestions?limit=500")).send().await.unwrap()).await;
    assert!(!sugg2["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["doc"] == lines[1]["doc"] && s["target"] == lines[1]["target"]));

    // A status set directly, with evidence found by quote.
    let (s, v) = json(
        c.post(u("/api/plan/lines/3.8/status"))
            .bearer_auth(&analyst)
            .json(&json!({"status": "ongoing", "evidence": summit, "quote": "Kuala Lumpur", "note": "API test"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        v["effective"], "2025-10-26",
        "effective from the evidence's date"
    );
    let (s, _) = json(
        c.post(u("/api/plan/lines/9.9/status"))
            .bearer_auth(&analyst)
            .json(&json!({"status": "ongoing"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    corrections(&c, &srv.base, &analyst, &summit).await;
    search(&c, &srv.base, &analyst).await;

    // Commitments and changes.
    let (s, v) = json(
        c.get(u("/api/commitments?open=true&limit=2"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["total"].as_u64().unwrap() >= 2, "{v}");
    let cid = v["items"][0]["id"].as_str().unwrap().to_string();
    let (s, v) = json(
        c.post(u(&format!("/api/commitments/{cid}/status")))
            .bearer_auth(&analyst)
            .json(&json!({"status": "in_progress", "evidence": "ref:JCC minutes", "on": "2026-01-10"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = json(
        c.get(u("/api/changes?since=2026-01-01"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["actor"] == "Ana Analyst"));
    let (s, _) = json(c.get(u("/api/changes")).send().await.unwrap()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = json(
        c.get(u("/api/changes?since=yesterday"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Tokens: admin only; a revoked token stops working at once.
    let (s, _) = json(
        c.get(u("/api/tokens"))
            .bearer_auth(&analyst)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = json(
        c.get(u("/api/tokens"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert!(
        !v.to_string().contains(&analyst[20..]),
        "no secret is listed"
    );
    let (s, _) = json(
        c.delete(u("/api/tokens/Ana%20Analyst"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = json(
        c.post(u("/api/suggestions/reject"))
            .bearer_auth(&analyst)
            .json(&rej)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // The OpenAPI description names every route.
    let (_, spec) = json(c.get(u("/api/openapi.json")).send().await.unwrap()).await;
    for p in [
        "/api/documents",
        "/api/documents/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/meetings",
        "/api/figures",
        "/api/plans",
        "/api/plan/progress",
        "/api/plan/checks",
        "/api/plan/lines",
        "/api/plan/lines/{line}/history",
        "/api/plan/lines/{line}/status",
        "/api/commitments",
        "/api/commitments/{id}/status",
        "/api/suggestions",
        "/api/suggestions/accept",
        "/api/suggestions/reject",
        "/api/suggestions/correct",
        "/api/search",
        "/api/changes",
        "/api/ingest",
        "/api/tokens",
        "/api/tokens/{name}",
    ] {
        assert!(spec["paths"][p].is_object(), "{p} described");
    }

    // The hostile article: shown as text, under a policy that forbids scripts.
    let res = c
        .get(u(&format!("/documents/{hostile_id}")))
        .send()
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    let page = res.text().await.unwrap();
    assert!(page.contains("&lt;script&gt;document.title="));
    assert!(!page.contains("<script"), "no script element on the page");
    assert!(!page.contains("<img"), "no element from the article");
    assert!(!page.contains("href=\"javascript:"));

    // The briefings of `hoptac report`, served: HTML that links its
    // stylesheet (the policy forbids inline styles), Markdown with its
    // sources, DOCX as a download; a bad kind or option is a 4xx.
    let res = c
        .get(u("/reports/overview?as_of=2025-10-31&lang=vi"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("/reports/report.css"), "linked stylesheet");
    assert!(!html.contains("<script") && !html.contains("<style"));
    let res = c
        .get(u("/reports/overview?as_of=2025-10-31&format=md"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let md = res.text().await.unwrap();
    assert!(md.starts_with("# ") && md.contains("[^1]"), "{md}");
    let res = c
        .get(u("/reports/progress?as_of=2025-10-31&format=docx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .ends_with(".docx\""));
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
    let res = c.get(u("/reports/report.css")).send().await.unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    for (bad, status) in [
        ("/reports/nonsense", StatusCode::NOT_FOUND),
        ("/reports/overview?as_of=yesterday", StatusCode::BAD_REQUEST),
        ("/reports/overview?format=odt", StatusCode::BAD_REQUEST),
    ] {
        let (s, v) = json(c.get(u(bad)).send().await.unwrap()).await;
        assert_eq!(s, status, "{bad}: {v}");
        assert!(v["error"].is_string(), "{bad}: {v}");
    }

    // A cookie-borne token from another site is refused (CSRF).
    let res = c
        .post(u("/review"))
        .header("cookie", format!("hoptac_token={admin}"))
        .header("origin", "http://evil.example")
        .form(&[("doc", "x"), ("target", "y"), ("action", "reject")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    srv.stop.take().unwrap().send(()).unwrap();
    srv.task.await.unwrap().unwrap();
    store.close().await;
}

/// Correcting suggestions: through the API and through the review page's
/// form; the document becomes evidence for what the analyst names, and the
/// suggestion is decided.
async fn corrections(c: &Client, base: &str, analyst: &str, summit: &str) {
    let u = |p: &str| format!("{base}{p}");
    let (_, sugg) = json(c.get(u("/api/suggestions?limit=500")).send().await.unwrap()).await;
    let lines: Vec<Value> = sugg["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["target_kind"] == "line")
        .cloned()
        .collect();
    assert!(lines.len() >= 2, "{sugg}");
    let pick = &lines[0];
    let (_, all_lines) = json(c.get(u("/api/plan/lines?limit=500")).send().await.unwrap()).await;
    let other = all_lines["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| {
            l["action"] == true
                && l["status"] == "not_started"
                && format!(
                    "{}/{}",
                    l["plan"].as_str().unwrap(),
                    l["id"].as_str().unwrap()
                ) != pick["target"].as_str().unwrap()
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, doc) = json(
        c.get(u(&format!(
            "/api/documents/{}",
            pick["doc"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap(),
    )
    .await;
    let text = doc["text"].as_str().unwrap();
    // Another passage than the one proposed: the document's last sentence.
    let last = *hoptac_text::sentences(text).last().unwrap();
    let quote = last.slice(text).unwrap().trim().to_string();
    let corr = json!({"doc": pick["doc"], "target": pick["target"], "to": other,
        "status": "ongoing", "quote": quote, "note": "about the other line"});
    let post = |body: Value, token: Option<&str>| {
        let mut r = c.post(u("/api/suggestions/correct")).json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        async move { json(r.send().await.unwrap()).await }
    };
    let (s, v) = post(corr.clone(), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    let mut bad = corr.clone();
    bad["status"] = json!("fulfilled");
    let (s, v) = post(bad, Some(analyst)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["error"].as_str().unwrap().contains("for a line"), "{v}");
    let mut bad = corr.clone();
    bad["quote"] = json!("words that are nowhere in it");
    let (s, v) = post(bad, Some(analyst)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let mut bad = corr.clone();
    bad["to_kind"] = json!("banana");
    assert_eq!(post(bad, Some(analyst)).await.0, StatusCode::BAD_REQUEST);
    let mut bad = corr.clone();
    bad["span"] = json!("12-x");
    assert_eq!(post(bad, Some(analyst)).await.0, StatusCode::BAD_REQUEST);
    let mut bad = corr.clone();
    bad["to"] = json!("9.99");
    assert_eq!(post(bad, Some(analyst)).await.0, StatusCode::NOT_FOUND);

    let (s, v) = post(corr.clone(), Some(analyst)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["subject"], format!("aj/{other}"));
    assert_eq!(
        (v["to"].as_str(), v["actor"].as_str()),
        (Some("ongoing"), Some("Ana Analyst"))
    );
    assert_eq!(v["evidence"]["doc"], pick["doc"]);
    let (a, b) = (
        v["evidence"]["span"][0].as_u64().unwrap() as usize,
        v["evidence"]["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(Some(&text[a..b]), v["evidence"]["quote"].as_str());
    assert!(text[a..b].contains(&quote), "the passage asked for");
    let note = v["note"].as_str().unwrap();
    assert!(
        note.contains(&format!(
            "proposed for line {}",
            pick["target"].as_str().unwrap()
        )),
        "{note}"
    );
    // In the other line's history; decided, so neither proposed again nor correctable twice.
    let (_, h) = json(
        c.get(u(&format!("/api/plan/lines/{other}/history")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        h.as_array().unwrap().last().unwrap()["actor"],
        "Ana Analyst"
    );
    let (_, sugg2) = json(c.get(u("/api/suggestions?limit=500")).send().await.unwrap()).await;
    assert!(!sugg2["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["doc"] == pick["doc"] && s["target"] == pick["target"]));
    assert_eq!(post(corr, Some(analyst)).await.0, StatusCode::NOT_FOUND);

    // The review page's form: a correction to an open commitment, sent with
    // the dashboard's cookie from this server's own page.
    let second = sugg2["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["target_kind"] == "line")
        .unwrap()
        .clone();
    let (_, open) = json(
        c.get(u("/api/commitments?open=true&limit=500"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    // The last one: the commitments test below sets the first.
    let cid = open["items"].as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = c
        .get(u("/review"))
        .header("cookie", format!("hoptac_token={analyst}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("form class=\"correct\"") && page.contains("value=\"correct\""),
        "the review page offers corrections"
    );
    assert!(
        page.contains(&format!("option value=\"{cid}\"")),
        "open commitments are offered"
    );
    let res = c
        .post(u("/review"))
        .header("cookie", format!("hoptac_token={analyst}"))
        .header("origin", base)
        .form(&[
            ("doc", second["doc"].as_str().unwrap()),
            ("target", second["target"].as_str().unwrap()),
            ("action", "correct"),
            ("to", &cid[..10]),
            ("status", "in_progress"),
            ("quote", ""),
            ("note", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "redirected to the queue");
    assert!(res.url().as_str().ends_with("/review?done=correct"));
    let (_, after) = json(c.get(u("/api/commitments?limit=500")).send().await.unwrap()).await;
    let cm = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == cid.as_str())
        .unwrap()
        .clone();
    assert_eq!(cm["status"], "in_progress", "{cm}");
    let (_, sugg3) = json(c.get(u("/api/suggestions?limit=500")).send().await.unwrap()).await;
    assert!(!sugg3["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["doc"] == second["doc"] && s["target"] == second["target"]));
    let _ = summit;
}

/// Search: what `hoptac search` answers, paginated, filtered, with errors
/// as JSON; uploads become searchable; the page marks the matched words.
async fn search(c: &Client, base: &str, analyst: &str) {
    let u = |p: &str| format!("{base}{p}");
    let get = |p: String| async move { json(c.get(p).send().await.unwrap()).await };
    // Folded words find the Vietnamese articles that write them with marks.
    let (s, v) = get(u("/api/search?q=phat%20thai%20rong")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["query"], "phat thai rong");
    let total = v["total"].as_u64().unwrap();
    assert!(total >= 3, "{v}");
    assert_eq!(
        (v["limit"].as_u64(), v["offset"].as_u64()),
        (Some(50), Some(0))
    );
    let docs = v["documents"].as_array().unwrap().clone();
    assert_eq!(docs.len() as u64, total);
    for d in &docs {
        let (_, full) = get(u(&format!("/api/documents/{}", d["id"].as_str().unwrap()))).await;
        let text = full["text"].as_str().unwrap();
        let hl = d["snippet"]["highlights"].as_array().unwrap();
        assert!(!hl.is_empty(), "{d}");
        for h in hl {
            let (a, b) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            let word = hoptac_text::fold(&text[a..b]);
            assert!(["phat", "thai", "rong"].contains(&word.as_str()), "{word}");
        }
    }
    let f = &v["facets"];
    for k in ["year", "lang", "partner", "entity"] {
        assert!(f[k].is_array(), "{k}: {f}");
    }
    assert!(f["lang"].as_array().unwrap().iter().any(|p| p[0] == "vi"));
    // The same ranking, a page at a time.
    let (_, p2) = get(u("/api/search?q=phat%20thai%20rong&limit=1&offset=1")).await;
    assert_eq!(p2["total"].as_u64(), Some(total));
    assert_eq!(p2["documents"].as_array().unwrap().len(), 1);
    assert_eq!(p2["documents"][0]["id"], docs[1]["id"]);
    // Filters.
    let (_, en) = get(u("/api/search?q=japan&lang=en")).await;
    assert!(en["total"].as_u64().unwrap() >= 2, "{en}");
    assert!(en["documents"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["lang"] == "en"));
    let (_, figs) = get(u("/api/search?q=trade&kind=figure")).await;
    let facts = figs["facts"].as_array().unwrap();
    assert!(!facts.is_empty(), "{figs}");
    assert!(facts.iter().all(|f| f["fact"]["kind"] == "figure"));
    assert!(figs["documents"].as_array().unwrap().is_empty());
    let (_, dated) = get(u("/api/search?q=asean&from=2023-01-01&to=2023-12-31")).await;
    assert!(
        dated["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["published"].as_str().unwrap().starts_with("2023")),
        "{dated}"
    );
    // Errors: JSON, 400, saying what is wrong.
    for bad in [
        "/api/search",
        "/api/search?q=",
        "/api/search?q=%20%20",
        "/api/search?q=asean&from=2025-13-01",
        "/api/search?q=asean&to=yesterday",
        "/api/search?q=asean&from=2025-02-01&to=2025-01-01",
        "/api/search?q=asean&lang=fr",
        "/api/search?q=asean&kind=rumour",
        "/api/search?q=asean&limit=0",
        "/api/search?q=asean&duplicates=maybe",
        "/api/search?q=%22%22",
    ] {
        let (s, v) = get(u(bad)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(v["error"].is_string(), "{bad}: {v}");
    }
    // An upload is searchable at once, with or without its diacritics.
    let (_, before) = get(u("/api/search?q=zorbalit")).await;
    assert_eq!(before["total"], 0);
    let form = Form::new().part(
        "f",
        Part::bytes(
            "---\ntitle: Hội thảo zorbalit\npublished: 2025-11-20\n---\nHội thảo về khoáng chất zorbalit diễn ra tại Hà Nội với các chuyên gia ASEAN.\n"
                .as_bytes()
                .to_vec(),
        )
        .file_name("zorbalit.md"),
    );
    let (s, up) = json(
        c.post(u("/api/ingest"))
            .bearer_auth(analyst)
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{up}");
    let (_, after) = get(u("/api/search?q=khoang%20chat%20zorbalit")).await;
    assert_eq!(after["total"], 1, "{after}");
    assert_eq!(after["documents"][0]["id"], up["items"][0]["id"]);

    // The page: the form, marked words, links to the documents, facet links.
    let page = c
        .get(u("/search?q=phat+thai+rong&lang=vi"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let marks: Vec<String> = html
        .split("<mark>")
        .skip(1)
        .map(|m| hoptac_text::fold(m.split("</mark>").next().unwrap()))
        .collect();
    assert!(!marks.is_empty(), "{html}");
    assert!(
        marks
            .iter()
            .all(|m| ["phat", "thai", "rong"].contains(&m.as_str())),
        "{marks:?}"
    );
    assert!(
        html.contains("href=\"/documents/"),
        "hits link to their documents"
    );
    assert!(html.contains("href=\"/search?q=phat%20thai%20rong&amp;lang=vi&amp;from=2025-01-01&amp;to=2025-12-31\""), "a year narrows the search");
    assert!(!html.contains("<script"));
    let page = c
        .get(u("/search?q=asean&from=someday"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(page.text().await.unwrap().contains("someday"));
    let page = c.get(u("/search?lang=vi")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Tìm kiếm"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(&dir.path().join("s.db").to_string_lossy()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_on_postgres() {
    let Some(db) = postgres().await else { return };
    scenario(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_need_a_token_when_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db").to_string_lossy())
        .await
        .unwrap();
    let (viewer, _) = create_token(&store, "v", Role::Viewer).await.unwrap();
    let srv = start(
        store,
        Config {
            open_reads: false,
            ..Config::default()
        },
    )
    .await;
    let c = Client::new();
    let (s, _) = json(
        c.get(format!("{}/api/documents", srv.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = json(
        c.get(format!("{}/api/documents", srv.base))
            .bearer_auth(&viewer)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 0);
    let r = c.get(format!("{}/", srv.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c.get(format!("{}/login", srv.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
