//! The watcher against a local server (127.0.0.1 only) that serves feeds
//! and pages the tests write. Store-touching tests run on SQLite and, when
//! reachable, on PostgreSQL (`HOPTAC_TEST_POSTGRES`).

mod common;

use common::{article, cp1258, postgres, rss, PgDb, Route, Server};
use hoptac_extract::Extractor;
use hoptac_store::{NewSource, SourceRow, Store};
use hoptac_watch::{FetchConfig, SourceReport, WatchConfig, Watcher};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

fn extractor() -> Arc<Extractor> {
    static EX: OnceLock<Arc<Extractor>> = OnceLock::new();
    EX.get_or_init(|| Arc::new(Extractor::builtin())).clone()
}

/// Settings shrunk for loopback: short timeouts and waits, a small but
/// real per-site interval.
fn config() -> WatchConfig {
    WatchConfig {
        fetch: FetchConfig {
            timeout: Duration::from_secs(3),
            connect_timeout: Duration::from_secs(2),
            min_interval: Duration::from_millis(30),
            retries: 2,
            backoff: Duration::from_millis(50),
            max_retry_wait: Duration::from_secs(3),
            ..FetchConfig::default()
        },
        ..WatchConfig::default()
    }
}

/// A store on every backend: a SQLite file always, PostgreSQL when reachable.
async fn backends(dir: &tempfile::TempDir) -> Vec<(String, Option<PgDb>)> {
    let mut v = vec![(
        dir.path().join("watch.db").to_string_lossy().into_owned(),
        None,
    )];
    if let Some(pg) = postgres().await {
        v.push((pg.url.clone(), Some(pg)));
    }
    v
}

async fn add(store: &Store, url: &str, kind: &str) -> SourceRow {
    store
        .add_source(&NewSource {
            url: url.into(),
            kind: kind.into(),
            lang: Some("vi".into()),
            every_secs: 1800,
        })
        .await
        .unwrap()
        .0
}

fn one(reports: &[SourceReport], id: i64) -> &SourceReport {
    reports.iter().find(|r| r.source == id).expect("a report")
}

const P1: &[&str] = &[
    "Chiều 26/10, tại Kuala Lumpur, Ma-lai-xi-a, Thủ tướng Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28.",
    "Các nhà lãnh đạo nhất trí thúc đẩy hợp tác trong khuôn khổ Cộng đồng Phát thải ròng bằng 0 châu Á (AZEC) và chuyển đổi số.",
];
const P2: &[&str] = &[
    "Thủ tướng Nhật Bản Takaichi Sanae khẳng định Nhật Bản coi trọng quan hệ Đối tác Chiến lược Toàn diện với ASEAN.",
    "Hai bên hoan nghênh kết quả thực hiện Tầm nhìn chung về hữu nghị và hợp tác ASEAN - Nhật Bản.",
];
const P3: &[&str] = &[
    "Bộ trưởng Ngoại giao các nước ASEAN và Nhật Bản rà soát việc triển khai Kế hoạch hành động giai đoạn 2024-2028.",
    "Các bên đề nghị tăng cường kết nối cơ sở hạ tầng chất lượng cao và chuỗi cung ứng bền vững.",
];

/// The acceptance story: a source added and watched ingests its new items
/// exactly once — across rounds, across a restart, with repeats in the
/// feed — and only the new one when the feed grows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_items_are_ingested_exactly_once_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    for (location, _pg) in backends(&dir).await {
        let server = Server::start().await;
        server.route(
            "/tg/1.html",
            Route::html(article("Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28", P1)),
        );
        server.route(
            "/tg/2.html",
            Route::html(article("Nhật Bản coi trọng quan hệ với ASEAN", P2)),
        );
        server.route(
            "/tg/3.html",
            Route::html(article("Rà soát Kế hoạch hành động ASEAN - Nhật Bản", P3)),
        );
        // The feed repeats item 1 (same guid) and lists item 2 under a
        // second guid: three entries, two articles.
        let feed = rss(
            &server,
            &[
                ("g1", "/tg/1.html", "Hội nghị Cấp cao"),
                ("g2", "/tg/2.html", "Quan hệ"),
                ("g1", "/tg/1.html", "Hội nghị Cấp cao"),
                ("g2-bis", "/tg/2.html", "Quan hệ (cập nhật)"),
            ],
        );
        server.route("/rss/the-gioi.rss", Route::rss(feed));

        let store = Store::open(&location).await.unwrap();
        let src = add(&store, &server.url("/rss/the-gioi.rss"), "rss").await;
        let mut polite = config();
        polite.fetch.min_interval = Duration::from_millis(300);
        let w = Watcher::new(store.clone(), extractor(), polite).unwrap();
        let r = w.round(false).await.unwrap();
        let rep = one(&r, src.id);
        assert_eq!(rep.status, "ok", "{location}: {rep:?}");
        assert_eq!(
            (rep.listed, rep.new, rep.failed),
            (2, 2, 0),
            "{location}: {rep:?}"
        );
        assert_eq!(store.counts().await.unwrap().documents, 2);

        // Every document keeps its source URL and its canonical URL.
        let docs = store.documents(10, 0).await.unwrap();
        for d in &docs {
            assert!(d.source.starts_with(&server.base), "{d:?}");
            assert_eq!(d.url.as_deref(), Some(d.source.as_str()));
            assert_eq!(d.lang.as_deref(), Some("vi"));
            // The byline date under the headline is the publication date.
            assert_eq!(d.published.as_deref(), Some("2025-10-26"));
        }
        let text = store.document(&docs[0].id).await.unwrap().text;
        assert!(
            !text.contains("Minh Anh") && !text.contains("Tin liên quan"),
            "{text}"
        );

        // Not due again: nothing polled.
        assert!(w.round(false).await.unwrap().is_empty());
        // Forced: the feed is read again, no article is fetched again.
        let before = server.hits("/tg/1.html").len();
        let r = w.round(true).await.unwrap();
        assert_eq!(
            (one(&r, src.id).new, one(&r, src.id).seen),
            (0, 2),
            "{location}"
        );
        assert_eq!(server.hits("/tg/1.html").len(), before);

        // A restart: a new store handle and a new watcher on the same data.
        store.close().await;
        let store = Store::open(&location).await.unwrap();
        let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
        let r = w.round(true).await.unwrap();
        assert_eq!(one(&r, src.id).new, 0, "{location}");
        assert_eq!(store.counts().await.unwrap().documents, 2);

        // The feed grows by one: exactly that one goes in.
        let feed = rss(
            &server,
            &[
                ("g3", "/tg/3.html", "Rà soát"),
                ("g1", "/tg/1.html", "Hội nghị Cấp cao"),
                ("g2", "/tg/2.html", "Quan hệ"),
            ],
        );
        server.route("/rss/the-gioi.rss", Route::rss(feed));
        let r = w.round(true).await.unwrap();
        assert_eq!(
            (one(&r, src.id).new, one(&r, src.id).seen),
            (1, 2),
            "{location}"
        );
        assert_eq!(store.counts().await.unwrap().documents, 3);
        for p in ["/tg/1.html", "/tg/2.html", "/tg/3.html"] {
            assert_eq!(server.hits(p).len(), 1, "{p} fetched more than once");
        }
        let seen = store.seen_items(src.id).await.unwrap();
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(seen.iter().all(|s| s.doc_id.is_some() && s.status == "new"));

        // Politeness: a user agent that names us, robots.txt read first,
        // requests to the site spaced by the interval (300 ms here; the
        // server sees arrivals, which jitter around the sends under load).
        let hits = server.all_hits();
        assert_eq!(hits[0].path, "/robots.txt");
        assert!(hits.iter().all(|h| h.user_agent.starts_with("hoptac/")));
        let first_round = &hits[..4];
        assert_eq!(first_round[3].path, "/tg/2.html");
        for pair in first_round.windows(2) {
            assert!(
                pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(200),
                "{} then {} too close",
                pair[0].path,
                pair[1].path
            );
        }
        store.close().await;
    }
}

/// A Windows-1258 page (declared), one whose bytes are Windows-1258 under
/// a `charset=utf-8` header (declared wrongly), and a gzip-compressed feed:
/// all stored as the same NFC Vietnamese text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_1258_and_wrong_charset_declarations() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    let page = article("Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28", P1);
    let page_1258 = cp1258(&page.replace("charset=\"utf-8\"", "charset=\"windows-1258\""));
    server.route("/a.html", Route::ok("text/html", page_1258.clone()));
    // Same bytes, told to be UTF-8 by the header and the meta tag.
    let wrong = cp1258(&article("Nhật Bản coi trọng quan hệ với ASEAN", P2));
    server.route("/b.html", Route::ok("text/html; charset=utf-8", wrong));
    let mut feed = Route::rss(rss(
        &server,
        &[("a", "/a.html", "Hội nghị"), ("b", "/b.html", "Quan hệ")],
    ));
    feed.gzip = true;
    server.route("/feed.rss", feed);

    let store = Store::open(&dir.path().join("w.db").to_string_lossy())
        .await
        .unwrap();
    let src = add(&store, &server.url("/feed.rss"), "rss").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    assert_eq!(one(&r, src.id).new, 2, "{r:?}");
    assert!(server.hits("/feed.rss")[0]
        .accept_encoding
        .as_deref()
        .is_some_and(|a| a.contains("gzip")));
    let mut texts = Vec::new();
    for d in store.documents(10, 0).await.unwrap() {
        texts.push(store.document(&d.id).await.unwrap().text);
    }
    let all = texts.join("\n");
    assert!(all.contains(P1[0]), "{all}");
    assert!(all.contains(P2[0]), "{all}");
    // NFC: no combining tone marks left, no replacement characters.
    assert!(!all
        .chars()
        .any(|c| ('\u{300}'..='\u{323}').contains(&c) || c == '\u{fffd}'));
    // Facts come out of the decoded text as from any other.
    let facts: usize = store
        .documents(10, 0)
        .await
        .unwrap()
        .iter()
        .map(|d| d.facts as usize)
        .sum();
    assert!(facts > 0);
}

/// A `page` source whose body is mostly menus: only the story is stored;
/// the same page unchanged is not stored again, a changed page is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_source_mostly_menus() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    let mut menus = String::from("<html><head><title>Bộ Ngoại giao</title></head><body>");
    for block in 0..6 {
        menus.push_str("<div class=\"blk\">");
        for i in 0..12 {
            menus.push_str(&format!(
                "<a href=\"/m/{block}/{i}\">Chuyên mục {block}.{i}</a> "
            ));
        }
        menus.push_str("</div>");
    }
    let story = format!(
        "<div class=\"content\"><h1>ASEAN và Nhật Bản rà soát hợp tác</h1><p>{}</p><p>{}</p></div>",
        P3[0], P3[1]
    );
    let page = format!(
        "{menus}{story}<div>{}</div></body></html>",
        "<a href=\"/z\">Liên hệ</a> ".repeat(10)
    );
    server.route("/press/page1.html", Route::html(page.clone()));

    let store = Store::open(&dir.path().join("p.db").to_string_lossy())
        .await
        .unwrap();
    let src = add(&store, &server.url("/press/page1.html"), "page").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    assert_eq!(one(&r, src.id).new, 1, "{r:?}");
    let d = &store.documents(10, 0).await.unwrap()[0];
    let text = store.document(&d.id).await.unwrap().text;
    assert_eq!(
        text,
        format!(
            "ASEAN và Nhật Bản rà soát hợp tác\n\n{}\n\n{}",
            P3[0], P3[1]
        )
    );
    // Unchanged: nothing new.
    let r = w.round(true).await.unwrap();
    assert_eq!((one(&r, src.id).new, one(&r, src.id).seen), (0, 1));
    // Changed: the new version goes in.
    server.route(
        "/press/page1.html",
        Route::html(page.replace(
            P3[1],
            "Các bên nhất trí tổ chức Diễn đàn ASEAN - Nhật Bản lần thứ 40 tại Tokyo.",
        )),
    );
    let r = w.round(true).await.unwrap();
    assert_eq!(
        one(&r, src.id).new + one(&r, src.id).near_duplicate,
        1,
        "{r:?}"
    );
}

/// ETag and Last-Modified go back to the server; its 304 means no work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_modified_answers_304() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
    let mut feed = Route::rss(rss(&server, &[("g1", "/tg/1.html", "Hội nghị")]));
    feed.etag = Some("\"v1\"".into());
    feed.last_modified = Some("Sun, 26 Oct 2025 07:00:00 GMT".into());
    server.route("/feed.rss", feed);

    let store = Store::open(&dir.path().join("c.db").to_string_lossy())
        .await
        .unwrap();
    let src = add(&store, &server.url("/feed.rss"), "rss").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    assert_eq!(one(&r, src.id).new, 1);
    let row = store.source(&src.id.to_string()).await.unwrap();
    assert_eq!(row.etag.as_deref(), Some("\"v1\""));
    let r = w.round(true).await.unwrap();
    assert_eq!(one(&r, src.id).status, "not-modified", "{r:?}");
    let hits = server.hits("/feed.rss");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].if_none_match, None);
    assert_eq!(hits[1].if_none_match.as_deref(), Some("\"v1\""));
    assert_eq!(
        hits[1].if_modified_since.as_deref(),
        Some("Sun, 26 Oct 2025 07:00:00 GMT")
    );
    let row = store.source(&src.id.to_string()).await.unwrap();
    assert_eq!((row.failures, row.last_error), (0, None));
}

/// A 429 with Retry-After is waited out and retried; a source that always
/// answers 500 is reported, backed off, and does not stop the others; an
/// article that fails once is retried in the next round.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_429_and_500() {
    let dir = tempfile::tempdir().unwrap();
    for (location, _pg) in backends(&dir).await {
        let server = Server::start().await;
        server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
        let mut flaky = Route::html(article("Quan hệ", P2));
        flaky.fail_times = 3; // more than the retries: fails this round
        flaky.fail_status = 503;
        server.route("/tg/2.html", flaky);
        let mut busy = Route::rss(rss(
            &server,
            &[
                ("g1", "/tg/1.html", "Hội nghị"),
                ("g2", "/tg/2.html", "Quan hệ"),
            ],
        ));
        busy.fail_times = 1;
        busy.fail_status = 429;
        busy.retry_after = Some("1".into());
        server.route("/busy.rss", busy);
        server.route("/broken.rss", Route::status(500));
        server.route("/tg/3.html", Route::html(article("Rà soát", P3)));
        server.route(
            "/fine.rss",
            Route::rss(rss(&server, &[("g3", "/tg/3.html", "Rà soát")])),
        );

        let store = Store::open(&location).await.unwrap();
        let busy = add(&store, &server.url("/busy.rss"), "rss").await;
        let broken = add(&store, &server.url("/broken.rss"), "rss").await;
        let fine = add(&store, &server.url("/fine.rss"), "rss").await;
        let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
        let r = w.round(false).await.unwrap();

        // 429 then 200, at least the second Retry-After asked for apart.
        let b = one(&r, busy.id);
        assert_eq!(
            (b.new, b.failed, b.status.as_str()),
            (1, 1, "partial"),
            "{location}: {b:?}"
        );
        assert!(b.error.as_deref().unwrap().contains("HTTP 503"), "{b:?}");
        let hits = server.hits("/busy.rss");
        assert_eq!(hits.len(), 2);
        assert!(hits[1].at.duration_since(hits[0].at) >= Duration::from_millis(950));

        // 500 every time: the first try and the retries, then reported.
        let x = one(&r, broken.id);
        assert_eq!(x.status, "failed");
        assert!(x.error.as_deref().unwrap().contains("HTTP 500"), "{x:?}");
        assert_eq!(server.hits("/broken.rss").len(), 3);
        let row = store.source(&broken.id.to_string()).await.unwrap();
        assert_eq!(row.failures, 1);
        assert!(row.last_error.unwrap().contains("HTTP 500"));
        let first_due = row.next_due.clone();

        // The others went on.
        assert_eq!(one(&r, fine.id).new, 1, "{location}");

        // Next round: the failed article is retried and goes in; the broken
        // source fails again and is put off twice as long.
        let r = w.round(true).await.unwrap();
        assert_eq!(one(&r, busy.id).new, 1, "{location}: {r:?}");
        assert_eq!(one(&r, busy.id).status, "ok");
        let row = store.source(&broken.id.to_string()).await.unwrap();
        assert_eq!(row.failures, 2);
        assert!(row.next_due > first_due, "{} !> {first_due}", row.next_due);
        let due = chrono::DateTime::parse_from_rfc3339(&row.next_due).unwrap();
        let wait = due.with_timezone(&chrono::Utc) - chrono::Utc::now();
        assert!(wait > chrono::Duration::minutes(59), "{wait}");
        // A good round clears the error.
        server.route("/broken.rss", Route::rss(rss(&server, &[])));
        w.round(true).await.unwrap();
        let row = store.source(&broken.id.to_string()).await.unwrap();
        assert_eq!((row.failures, row.last_error), (0, None));
        assert_eq!(store.counts().await.unwrap().documents, 3);
        store.close().await;
    }
}

/// A server that never answers in time: the request gives up at the
/// timeout (bounded, not retried), the source is reported, the others go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn very_slow_server_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    let mut slow = Route::rss(rss(&server, &[]));
    slow.delay = Duration::from_secs(30);
    server.route("/slow.rss", slow);
    let mut slow_page = Route::html(article("Chậm", P2));
    slow_page.delay = Duration::from_secs(30);
    server.route("/tg/slow.html", slow_page);
    server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
    server.route(
        "/fine.rss",
        Route::rss(rss(
            &server,
            &[
                ("s", "/tg/slow.html", "Chậm"),
                ("g1", "/tg/1.html", "Hội nghị"),
            ],
        )),
    );
    let store = Store::open(&dir.path().join("s.db").to_string_lossy())
        .await
        .unwrap();
    let slow = add(&store, &server.url("/slow.rss"), "rss").await;
    let fine = add(&store, &server.url("/fine.rss"), "rss").await;
    let mut cfg = config();
    cfg.fetch.timeout = Duration::from_millis(400);
    let w = Watcher::new(store.clone(), extractor(), cfg).unwrap();
    let started = Instant::now();
    let r = w.round(false).await.unwrap();
    // Bounded: two timeouts of 0.4 s, not the server's 30 s.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let s = one(&r, slow.id);
    assert_eq!(s.status, "failed");
    assert!(s.error.as_deref().unwrap().contains("timed out"), "{s:?}");
    assert_eq!(
        server.hits("/slow.rss").len(),
        1,
        "a timeout is not retried"
    );
    let f = one(&r, fine.id);
    assert_eq!((f.new, f.failed), (1, 1), "{f:?}");
}

/// robots.txt: a disallowed article is never requested and never
/// retried; a disallowed source is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_is_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    server.route(
        "/robots.txt",
        Route::ok(
            "text/plain",
            "User-agent: *\nDisallow: /private/\n\nUser-agent: hoptac\nDisallow: /private/\nDisallow: /closed.rss\n",
        ),
    );
    server.route("/private/a.html", Route::html(article("Riêng", P2)));
    server.route("/news/b.html", Route::html(article("Hội nghị Cấp cao", P1)));
    server.route(
        "/feed.rss",
        Route::rss(rss(
            &server,
            &[
                ("a", "/private/a.html", "Riêng"),
                ("b", "/news/b.html", "Tin"),
            ],
        )),
    );
    server.route("/closed.rss", Route::rss(rss(&server, &[])));
    // An article the server does not have: skipped for good, not retried.
    server.route(
        "/gone.rss",
        Route::rss(rss(&server, &[("gone", "/news/gone.html", "Đã gỡ")])),
    );
    let store = Store::open(&dir.path().join("r.db").to_string_lossy())
        .await
        .unwrap();
    let open = add(&store, &server.url("/feed.rss"), "rss").await;
    let closed = add(&store, &server.url("/closed.rss"), "rss").await;
    let gone = add(&store, &server.url("/gone.rss"), "rss").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    let o = one(&r, open.id);
    assert_eq!((o.new, o.skipped, o.failed), (1, 1, 0), "{o:?}");
    let c = one(&r, closed.id);
    assert_eq!(c.status, "failed");
    assert!(c.error.as_deref().unwrap().contains("robots.txt"), "{c:?}");
    assert!(server.hits("/private/a.html").is_empty());
    assert!(server.hits("/closed.rss").is_empty());
    assert_eq!(server.hits("/robots.txt").len(), 1, "robots.txt is cached");
    let skipped = store.seen_item(open.id, "a").await.unwrap().unwrap();
    assert_eq!(skipped.status, "skipped");
    assert!(skipped.note.unwrap().contains("robots.txt"));
    let g = one(&r, gone.id);
    assert_eq!((g.status.as_str(), g.skipped), ("ok", 1), "{g:?}");
    let note = store
        .seen_item(gone.id, "gone")
        .await
        .unwrap()
        .unwrap()
        .note;
    assert!(note.unwrap().contains("HTTP 404"));
    // Not tried again next round.
    let r = w.round(true).await.unwrap();
    assert_eq!(one(&r, open.id).seen, 2);
    assert_eq!(one(&r, gone.id).seen, 1);
    assert!(server.hits("/private/a.html").is_empty());
    assert_eq!(server.hits("/news/gone.html").len(), 1);
}

/// A page over the size limit is refused; the same story republished by
/// another site is stored as a near-duplicate of the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_limit_and_near_duplicates_across_sites() {
    let dir = tempfile::tempdir().unwrap();
    let a = Server::start().await;
    let b = Server::start().await;
    let long: Vec<&str> = P1.iter().chain(P2).chain(P3).copied().collect();
    a.route(
        "/tg/1.html",
        Route::html(article("Hội nghị Cấp cao ASEAN - Nhật Bản", &long)),
    );
    a.route(
        "/tg/big.html",
        Route::html(format!(
            "<html><body><p>{}</p></body></html>",
            "ASEAN ".repeat(40_000)
        )),
    );
    a.route(
        "/feed.rss",
        Route::rss(rss(
            &a,
            &[
                ("1", "/tg/1.html", "Hội nghị"),
                ("big", "/tg/big.html", "Lớn"),
            ],
        )),
    );
    let mut republished = long.clone();
    republished.push("Nguồn: Báo Mẫu.");
    b.route(
        "/news/x.html",
        Route::html(article(
            "ASEAN và Nhật Bản họp cấp cao tại Kuala Lumpur",
            &republished,
        )),
    );
    b.route(
        "/feed.rss",
        Route::rss(rss(&b, &[("x", "/news/x.html", "Họp cấp cao")])),
    );

    let store = Store::open(&dir.path().join("n.db").to_string_lossy())
        .await
        .unwrap();
    let sa = add(&store, &a.url("/feed.rss"), "rss").await;
    let mut cfg = config();
    cfg.fetch.max_bytes = 100_000;
    let w = Watcher::new(store.clone(), extractor(), cfg).unwrap();
    let r = w.round(false).await.unwrap();
    let ra = one(&r, sa.id);
    assert_eq!((ra.new, ra.failed), (1, 1), "{ra:?}");
    assert!(
        ra.error.as_deref().unwrap().contains("over the limit"),
        "{ra:?}"
    );
    let sb = add(&store, &b.url("/feed.rss"), "rss").await;
    // A "feed" that is a web page: reported as such.
    b.route("/not-a-feed.rss", Route::html(article("Trang chủ", P3)));
    let nf = add(&store, &b.url("/not-a-feed.rss"), "rss").await;
    let r = w.round(false).await.unwrap();
    let rb = one(&r, sb.id);
    assert_eq!(rb.near_duplicate, 1, "{rb:?}");
    let bad = one(&r, nf.id);
    assert_eq!(bad.status, "failed");
    assert!(
        bad.error
            .as_deref()
            .unwrap()
            .contains("not an RSS or Atom feed"),
        "{bad:?}"
    );
    let docs = store.documents(10, 0).await.unwrap();
    let copy = docs.iter().find(|d| d.source.starts_with(&b.base)).unwrap();
    let original = docs.iter().find(|d| d.source.starts_with(&a.base)).unwrap();
    assert_eq!(copy.duplicate_of.as_deref(), Some(original.id.as_str()));
}

/// The loop itself: it polls what is due and stops when told.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_runs_until_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
    server.route(
        "/feed.rss",
        Route::rss(rss(&server, &[("g1", "/tg/1.html", "Hội nghị")])),
    );
    let store = Store::open(&dir.path().join("l.db").to_string_lossy())
        .await
        .unwrap();
    add(&store, &server.url("/feed.rss"), "rss").await;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(hoptac_watch::watch(
        store.clone(),
        extractor(),
        config(),
        async {
            let _ = rx.await;
        },
    ));
    let deadline = Instant::now() + Duration::from_secs(20);
    while store.counts().await.unwrap().documents == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(store.counts().await.unwrap().documents, 1);
    tx.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the loop stops when told")
        .unwrap()
        .unwrap();
}

/// Redirects are followed; the document keeps the address it ended at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    server.route("/old/1.html", Route::redirect("/tg/1.html"));
    server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
    server.route("/old.rss", Route::redirect("/feed.rss"));
    server.route(
        "/feed.rss",
        Route::rss(rss(&server, &[("g1", "/old/1.html", "Hội nghị")])),
    );
    let store = Store::open(&dir.path().join("d.db").to_string_lossy())
        .await
        .unwrap();
    let src = add(&store, &server.url("/old.rss"), "rss").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    assert_eq!(one(&r, src.id).new, 1, "{r:?}");
    let d = &store.documents(10, 0).await.unwrap()[0];
    assert_eq!(d.source, server.url("/tg/1.html"));
    assert_eq!(d.url.as_deref(), Some(server.url("/tg/1.html").as_str()));
    // The item is known by its feed key: the old address is not fetched again.
    w.round(true).await.unwrap();
    assert_eq!(server.hits("/old/1.html").len(), 1);
}

/// The store's side, on both backends: a URL is watched once, due sources
/// come most overdue first, a recorded poll keeps validators unless new
/// ones come, and removing a source forgets its items but keeps documents.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_in_the_store_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    for (location, _pg) in backends(&dir).await {
        let server = Server::start().await;
        server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
        server.route(
            "/feed.rss",
            Route::rss(rss(&server, &[("g1", "/tg/1.html", "Hội nghị")])),
        );
        let store = Store::open(&location).await.unwrap();
        let a = add(&store, &server.url("/feed.rss"), "rss").await;
        let (again, created) = store
            .add_source(&NewSource {
                url: server.url("/feed.rss"),
                kind: "page".into(),
                lang: None,
                every_secs: 60,
            })
            .await
            .unwrap();
        assert!(!created);
        assert_eq!((again.id, again.kind.as_str()), (a.id, "rss"), "{location}");
        let b = add(&store, &server.url("/other.rss"), "rss").await;
        store
            .record_fetch(
                b.id,
                &hoptac_store::FetchRecord {
                    etag: Some("\"e1\"".into()),
                    last_modified: None,
                    fetched_at: "2025-01-01T00:00:00Z".into(),
                    error: Some("x: HTTP 500".into()),
                    failures: 1,
                    next_due: "2000-01-01T00:00:00Z".into(),
                },
            )
            .await
            .unwrap();
        let due = store.due_sources(&hoptac_store::now_text()).await.unwrap();
        assert_eq!(
            due.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![b.id, a.id]
        );
        store
            .record_fetch(
                b.id,
                &hoptac_store::FetchRecord {
                    fetched_at: "2025-01-01T01:00:00Z".into(),
                    next_due: "2999-01-01T00:00:00Z".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let row = store.source(&b.id.to_string()).await.unwrap();
        assert_eq!(row.etag.as_deref(), Some("\"e1\""), "validators kept");
        assert_eq!((row.failures, row.last_error), (0, None));
        assert_eq!(
            store
                .due_sources(&hoptac_store::now_text())
                .await
                .unwrap()
                .len(),
            1
        );

        let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
        w.round(false).await.unwrap();
        assert_eq!(store.source(&a.url).await.unwrap().items, 1);
        let removed = store.remove_source(&a.url).await.unwrap();
        assert_eq!(removed.id, a.id);
        assert!(store.seen_items(a.id).await.unwrap().is_empty());
        assert_eq!(store.counts().await.unwrap().documents, 1);
        assert!(matches!(
            store.remove_source(&a.url).await,
            Err(hoptac_store::StoreError::NotFound(_))
        ));
        store.close().await;
    }
}

/// A site that asks for more: robots.txt's Crawl-delay spaces the
/// requests, and a Retry-After beyond what a round waits puts the source
/// off at least that long instead of hammering it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_delay_and_long_retry_after_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    server.route(
        "/robots.txt",
        Route::ok("text/plain", "User-agent: *\nCrawl-delay: 0.5\n"),
    );
    server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
    server.route("/tg/2.html", Route::html(article("Quan hệ", P2)));
    server.route(
        "/feed.rss",
        Route::rss(rss(
            &server,
            &[("g1", "/tg/1.html", "A"), ("g2", "/tg/2.html", "B")],
        )),
    );
    let mut busy = Route::rss(rss(&server, &[]));
    busy.fail_times = 10;
    busy.fail_status = 503;
    busy.retry_after = Some("7200".into());
    server.route("/busy.rss", busy);
    let store = Store::open(&dir.path().join("cd.db").to_string_lossy())
        .await
        .unwrap();
    let feed = add(&store, &server.url("/feed.rss"), "rss").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    assert_eq!(one(&r, feed.id).new, 2);
    let hits = server.all_hits();
    for pair in hits[1..].windows(2) {
        assert!(
            pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(350),
            "{} then {}: Crawl-delay not honoured",
            pair[0].path,
            pair[1].path
        );
    }

    let busy = add(&store, &server.url("/busy.rss"), "rss").await;
    let r = w.round(false).await.unwrap();
    let b = one(&r, busy.id);
    assert_eq!(b.status, "failed");
    assert!(
        b.error.as_deref().unwrap().contains("retry after 7200s"),
        "{b:?}"
    );
    // Asked once: a two-hour wait is not spent inside a round.
    assert_eq!(server.hits("/busy.rss").len(), 1);
    let due = chrono::DateTime::parse_from_rfc3339(&b.next_due).unwrap();
    let wait = due.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(wait > chrono::Duration::minutes(119), "{wait}");
}

/// A redirect into a path robots.txt disallows is not followed: the item
/// is skipped and the disallowed page never requested.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_into_disallowed_paths_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start().await;
    server.route(
        "/robots.txt",
        Route::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    server.route("/go/1.html", Route::redirect("/private/1.html"));
    server.route("/private/1.html", Route::html(article("Riêng", P1)));
    server.route(
        "/feed.rss",
        Route::rss(rss(&server, &[("g1", "/go/1.html", "A")])),
    );
    let store = Store::open(&dir.path().join("rd.db").to_string_lossy())
        .await
        .unwrap();
    let src = add(&store, &server.url("/feed.rss"), "rss").await;
    let w = Watcher::new(store.clone(), extractor(), config()).unwrap();
    let r = w.round(false).await.unwrap();
    let rep = one(&r, src.id);
    assert_eq!((rep.new, rep.skipped, rep.failed), (0, 1, 0), "{rep:?}");
    assert!(server.hits("/private/1.html").is_empty());
    assert_eq!(server.hits("/go/1.html").len(), 1, "not retried");
    let note = store
        .seen_item(src.id, "g1")
        .await
        .unwrap()
        .unwrap()
        .note
        .unwrap();
    assert!(note.contains("robots.txt"), "{note}");
}

/// Two watchers (two processes, say) polling the same source at the same
/// time: each item is still stored and marked once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_watchers_at_once_store_each_item_once() {
    let dir = tempfile::tempdir().unwrap();
    for (location, _pg) in backends(&dir).await {
        let server = Server::start().await;
        server.route("/tg/1.html", Route::html(article("Hội nghị Cấp cao", P1)));
        server.route("/tg/2.html", Route::html(article("Quan hệ", P2)));
        server.route("/tg/3.html", Route::html(article("Rà soát", P3)));
        server.route(
            "/feed.rss",
            Route::rss(rss(
                &server,
                &[
                    ("g1", "/tg/1.html", "A"),
                    ("g2", "/tg/2.html", "B"),
                    ("g3", "/tg/3.html", "C"),
                ],
            )),
        );
        let s1 = Store::open(&location).await.unwrap();
        let src = add(&s1, &server.url("/feed.rss"), "rss").await;
        let s2 = Store::open(&location).await.unwrap();
        let w1 = Watcher::new(s1.clone(), extractor(), config()).unwrap();
        let w2 = Watcher::new(s2.clone(), extractor(), config()).unwrap();
        let (r1, r2) = tokio::join!(w1.round(true), w2.round(true));
        let (r1, r2) = (r1.unwrap(), r2.unwrap());
        let (a, b) = (one(&r1, src.id), one(&r2, src.id));
        assert_eq!(a.new + b.new, 3, "{location}: {a:?} {b:?}");
        assert_eq!(a.failed + b.failed, 0, "{location}: {a:?} {b:?}");
        assert_eq!(s1.counts().await.unwrap().documents, 3);
        assert_eq!(s1.seen_items(src.id).await.unwrap().len(), 3);
        s1.close().await;
        s2.close().await;
    }
}
