//! What the watch tests share: a small HTTP server on 127.0.0.1 serving
//! what each test writes (with delays, failures, validators, gzip), and a
//! fresh PostgreSQL database per run when one is reachable. Nothing here
//! talks to any address but loopback.
#![allow(dead_code)]

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
pub use hoptac_store::testing::{postgres, PgDb};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the server answers one path.
#[derive(Clone, Debug)]
pub struct Route {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// Sent as ETag; a request whose If-None-Match equals it gets 304.
    pub etag: Option<String>,
    /// Sent as Last-Modified; a request whose If-Modified-Since equals it gets 304.
    pub last_modified: Option<String>,
    /// Wait before answering.
    pub delay: Duration,
    /// Answer `fail_status` this many times first (with Retry-After when set).
    pub fail_times: usize,
    pub fail_status: u16,
    pub retry_after: Option<String>,
    /// Send the body gzip-compressed.
    pub gzip: bool,
    /// Further headers (Location for a redirect...).
    pub headers: Vec<(String, String)>,
}

impl Route {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            content_type: content_type.into(),
            body: body.into(),
            etag: None,
            last_modified: None,
            delay: Duration::ZERO,
            fail_times: 0,
            fail_status: 500,
            retry_after: None,
            gzip: false,
            headers: Vec::new(),
        }
    }
    pub fn redirect(to: &str) -> Route {
        Route {
            status: 301,
            headers: vec![("location".into(), to.into())],
            ..Route::ok("text/plain", "moved")
        }
    }
    pub fn html(body: impl Into<Vec<u8>>) -> Route {
        Route::ok("text/html; charset=utf-8", body)
    }
    pub fn rss(body: impl Into<Vec<u8>>) -> Route {
        Route::ok("application/rss+xml", body)
    }
    pub fn status(status: u16) -> Route {
        Route {
            status,
            ..Route::ok("text/plain", format!("status {status}"))
        }
    }
}

/// One request the server saw.
#[derive(Clone, Debug)]
pub struct Hit {
    pub path: String,
    pub at: Instant,
    pub user_agent: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub accept_encoding: Option<String>,
}

#[derive(Default)]
pub struct Site {
    pub routes: HashMap<String, Route>,
    pub hits: Vec<Hit>,
}

/// A server on 127.0.0.1 with a port of its own.
#[derive(Clone)]
pub struct Server {
    pub base: String,
    pub site: Arc<Mutex<Site>>,
}

impl Server {
    pub async fn start() -> Server {
        let site = Arc::new(Mutex::new(Site::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(site.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            base: format!("http://{addr}"),
            site,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn route(&self, path: &str, r: Route) {
        self.site.lock().unwrap().routes.insert(path.to_string(), r);
    }

    pub fn hits(&self, path: &str) -> Vec<Hit> {
        let s = self.site.lock().unwrap();
        s.hits.iter().filter(|h| h.path == path).cloned().collect()
    }

    pub fn all_hits(&self) -> Vec<Hit> {
        self.site.lock().unwrap().hits.clone()
    }
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn answer(State(site): State<Arc<Mutex<Site>>>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    let h = req.headers();
    let hit = Hit {
        path: path.clone(),
        at: Instant::now(),
        user_agent: header(h, "user-agent").unwrap_or_default(),
        if_none_match: header(h, "if-none-match"),
        if_modified_since: header(h, "if-modified-since"),
        accept_encoding: header(h, "accept-encoding"),
    };
    let (route, failing) = {
        let mut s = site.lock().unwrap();
        s.hits.push(hit.clone());
        match s.routes.get_mut(&path) {
            None => (None, false),
            Some(r) => {
                let failing = r.fail_times > 0;
                if failing {
                    r.fail_times -= 1;
                }
                (Some(r.clone()), failing)
            }
        }
    };
    let Some(r) = route else {
        return Response::builder()
            .status(404)
            .body(Body::from("not found"))
            .unwrap();
    };
    if !r.delay.is_zero() {
        tokio::time::sleep(r.delay).await;
    }
    let mut b = Response::builder();
    if failing {
        b = b.status(r.fail_status);
        if let Some(ra) = &r.retry_after {
            b = b.header("retry-after", ra);
        }
        return b.body(Body::from("try later")).unwrap();
    }
    if let Some(e) = &r.etag {
        b = b.header("etag", e);
    }
    if let Some(lm) = &r.last_modified {
        b = b.header("last-modified", lm);
    }
    let not_modified = (r.etag.is_some() && hit.if_none_match == r.etag)
        || (r.last_modified.is_some() && hit.if_modified_since == r.last_modified);
    if not_modified {
        return b
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap();
    }
    for (k, v) in &r.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    b = b.status(r.status).header(
        "content-type",
        HeaderValue::from_str(&r.content_type).unwrap(),
    );
    let body = if r.gzip {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&r.body).unwrap();
        b = b.header("content-encoding", "gzip");
        enc.finish().unwrap()
    } else {
        r.body.clone()
    };
    b.body(Body::from(body)).unwrap()
}

/// An RSS feed of `(guid, path, title)` items.
pub fn rss(server: &Server, items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Thế giới</title><link>/</link><description>Tin thế giới</description>\n",
    );
    for (guid, path, title) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{}</link><guid isPermaLink=\"false\">{guid}</guid><pubDate>Sun, 26 Oct 2025 08:00:00 +0700</pubDate></item>\n",
            server.url(path)
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

/// An article page: headline, a dateline glued to its byline, paragraphs,
/// a menu and a related list around them.
pub fn article(title: &str, paragraphs: &[&str]) -> String {
    let mut s = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title} | Báo Mẫu</title></head><body>\
         <div class=\"menu\"><a href=\"/\">Trang chủ</a><a href=\"/tg\">Thế giới</a></div>\
         <article><h1>{title}</h1><div class=\"meta\">Minh Anh26/10/2025 14:05</div>"
    );
    for p in paragraphs {
        s.push_str(&format!("<p>{p}</p>"));
    }
    s.push_str("</article><div><h3>Tin liên quan</h3><ul><li><a href=\"/x\">Giá vàng hôm nay</a></li><li><a href=\"/y\">Thời tiết</a></li></ul></div></body></html>");
    s
}

/// Encode as a Windows-1258 site would: a precomposed letter when the
/// code page has one, else the letter and its tone as a combining mark.
pub fn cp1258(s: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let enc = encoding_rs::WINDOWS_1258;
    let mut out = Vec::new();
    for c in s.chars() {
        let one = c.to_string();
        let (b, _, bad) = enc.encode(&one);
        if !bad {
            out.extend_from_slice(&b);
            continue;
        }
        let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let (mark, base): (String, String) = one.nfd().partition(|m| tones.contains(m));
        let split: String = base.nfc().chain(mark.chars()).collect();
        let (b, _, bad) = enc.encode(&split);
        assert!(!bad, "not encodable: {c}");
        out.extend_from_slice(&b);
    }
    out
}
