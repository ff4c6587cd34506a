//! The fetcher: one polite HTTP client for every source.
//!
//! - A clear user agent: `hoptac/VERSION (+project URL)`.
//! - Timeouts: to connect, and for the whole request including the body.
//! - Redirects followed (at most `max_redirects`); gzip decoded.
//! - Conditional requests: `If-None-Match` / `If-Modified-Since` from the
//!   validators of the last answer; `304` is [`Fetched::NotModified`].
//! - robots.txt of each site read first (cached for a day) and obeyed;
//!   unreachable (5xx, 429, network) means "not now", as RFC 9309 asks.
//!   A redirect to a path the target site's robots.txt disallows is not
//!   followed (checked against the rules already read; a redirect to a
//!   site not yet visited is followed, its rules read on the next request).
//! - A per-site rate limit: at most one request every `min_interval`, or
//!   the site's `Crawl-delay` when it asks for more (capped).
//! - Retries with exponential backoff on 429, 5xx and connection errors,
//!   honouring `Retry-After` (seconds or an HTTP date) up to a cap; a
//!   timeout is not retried (it already cost the full budget; the scheduler
//!   backs the source off instead).
//! - A size limit on the decoded body, enforced while reading, so neither
//!   a huge page nor a gzip bomb is held in memory.

use crate::robots::Robots;
use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// `hoptac/0.1.0 (+https://...)`: who we are and where to read about us.
pub const USER_AGENT: &str = concat!(
    "hoptac/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// The token robots.txt groups are matched against.
pub const ROBOTS_AGENT: &str = "hoptac";

/// How the fetcher behaves. The defaults are for real sites; tests shrink
/// the times.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent as `User-Agent`.
    pub user_agent: String,
    /// To open a connection.
    pub connect_timeout: Duration,
    /// For a whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_bytes: usize,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Least time between two requests to one site.
    pub min_interval: Duration,
    /// The most of a site's `Crawl-delay` honoured.
    pub max_crawl_delay: Duration,
    /// Retries after the first attempt (429, 5xx, connection errors).
    pub retries: u32,
    /// First backoff; doubled at each retry.
    pub backoff: Duration,
    /// The longest wait before a retry; a `Retry-After` beyond it ends the
    /// attempts and the source is polled again after it.
    pub max_retry_wait: Duration,
    /// How long a site's robots.txt is trusted.
    pub robots_ttl: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: USER_AGENT.to_string(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 8 * 1024 * 1024,
            max_redirects: 5,
            min_interval: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            robots_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// Validators of the last full answer, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A full answer.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL after redirects.
    pub url: Url,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// Validators to send next time.
    pub validators: Validators,
    /// The body, decompressed.
    pub body: Vec<u8>,
}

/// What a fetch gave.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// `304 Not Modified`: nothing new since the validators.
    NotModified,
    /// A `2xx` answer.
    Page(Page),
}

/// Why a fetch failed. Each names the URL.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Not an http(s) URL.
    #[error("{0}: not an http or https URL")]
    BadUrl(String),
    /// robots.txt says no.
    #[error("{0}: disallowed by the site's robots.txt")]
    Disallowed(String),
    /// robots.txt could not be read (5xx or network): not now.
    #[error("{url}: robots.txt unavailable ({why}); not fetching until it can be read")]
    RobotsUnavailable {
        /// The URL we meant to fetch.
        url: String,
        /// What happened to robots.txt.
        why: String,
    },
    /// An HTTP status other than 2xx/304, after the retries.
    #[error("{url}: HTTP {status}{}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Status {
        /// The URL.
        url: String,
        /// The status.
        status: u16,
        /// When the server said to come back.
        retry_after: Option<Duration>,
    },
    /// No complete answer within the time limit.
    #[error("{url}: timed out after {}s", after.as_secs_f64())]
    Timeout {
        /// The URL.
        url: String,
        /// The limit.
        after: Duration,
    },
    /// The body is over the size limit.
    #[error("{url}: body over the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// The answer is not what the source serves: not a feed, not a page.
    #[error("{url}: {msg}")]
    Unreadable {
        /// The URL.
        url: String,
        /// What is wrong with it.
        msg: String,
    },
    /// Connection refused, reset, DNS, TLS, too many redirects...
    #[error("{url}: {msg}")]
    Network {
        /// The URL.
        url: String,
        /// What failed.
        msg: String,
    },
}

impl FetchError {
    /// When the server asked to be left alone until.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

#[derive(Default)]
struct Site {
    /// When the next request may start.
    next_slot: Option<Instant>,
    /// Seconds asked for by robots.txt.
    crawl_delay: Option<Duration>,
}

type RobotsCell = Arc<tokio::sync::Mutex<Option<(Robots, Instant)>>>;

/// The fetcher. Cheap to share (`Arc`); one per watcher process, so the
/// rate limit and the robots.txt cache cover every source.
pub struct Fetcher {
    client: reqwest::Client,
    cfg: FetchConfig,
    sites: Mutex<HashMap<String, Site>>,
    robots: Mutex<HashMap<String, RobotsCell>>,
    /// The rules read so far, for the redirect policy (which cannot wait).
    known_rules: Arc<Mutex<HashMap<String, Robots>>>,
}

/// The path and query robots.txt rules match against.
fn robots_path(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// How a redirect refused by robots.txt is told apart from other errors.
const REDIRECT_DISALLOWED: &str = "redirected to a path robots.txt disallows";

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher").field("cfg", &self.cfg).finish()
    }
}

/// `scheme://host:port`, the unit robots.txt and the rate limit apply to.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

impl Fetcher {
    /// A fetcher with this configuration.
    pub fn new(cfg: FetchConfig) -> Result<Fetcher, FetchError> {
        let known_rules: Arc<Mutex<HashMap<String, Robots>>> = Arc::default();
        let rules = known_rules.clone();
        let max_redirects = cfg.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(format!("more than {max_redirects} redirects"));
            }
            let next = attempt.url();
            let refused = rules
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&origin(next))
                .is_some_and(|r| !r.allowed(&robots_path(next)));
            if refused {
                let msg = format!("{REDIRECT_DISALLOWED} ({next})");
                attempt.error(msg)
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.timeout)
            .redirect(policy)
            .gzip(true)
            .build()
            .map_err(|e| FetchError::Network {
                url: String::new(),
                msg: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            cfg,
            sites: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            known_rules,
        })
    }

    /// Its configuration.
    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// Fetch `url`, politely; conditional when `validators` are given.
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let parsed = Url::parse(url).map_err(|_| FetchError::BadUrl(url.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(FetchError::BadUrl(url.to_string()));
        }
        let robots = self.robots_for(&parsed).await?;
        if !robots.allowed(&robots_path(&parsed)) {
            return Err(FetchError::Disallowed(url.to_string()));
        }
        let mut attempt = 0;
        loop {
            self.wait_turn(&parsed).await;
            match self.send(&parsed, validators).await {
                Ok(f) => return Ok(f),
                Err(e) => {
                    let retryable = match &e {
                        FetchError::Status { status, .. } => *status == 429 || *status >= 500,
                        FetchError::Network { .. } => true,
                        _ => false,
                    };
                    if !retryable || attempt >= self.cfg.retries {
                        return Err(e);
                    }
                    let backoff = self.cfg.backoff.saturating_mul(1 << attempt.min(16));
                    let wait = e.retry_after().unwrap_or(backoff);
                    if wait > self.cfg.max_retry_wait {
                        return Err(e);
                    }
                    tracing::info!(error = %e, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }

    /// Take the next request slot of the URL's site, waiting for it.
    async fn wait_turn(&self, url: &Url) {
        let key = origin(url);
        let now = Instant::now();
        let wait = {
            let mut sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
            let site = sites.entry(key).or_default();
            let interval = site.crawl_delay.map_or(self.cfg.min_interval, |d| {
                d.min(self.cfg.max_crawl_delay).max(self.cfg.min_interval)
            });
            let start = site.next_slot.map_or(now, |s| s.max(now));
            site.next_slot = Some(start + interval);
            start - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// The site's robots.txt, fetched once per `robots_ttl`.
    async fn robots_for(&self, url: &Url) -> Result<Robots, FetchError> {
        let key = origin(url);
        let cell = {
            let mut map = self.robots.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(key.clone()).or_default().clone()
        };
        // One fetch of robots.txt per site at a time; others wait for it.
        let mut cached = cell.lock().await;
        if let Some((r, at)) = cached.as_ref() {
            if at.elapsed() < self.cfg.robots_ttl {
                return Ok(r.clone());
            }
        }
        let robots_url = url
            .join("/robots.txt")
            .map_err(|_| FetchError::BadUrl(url.to_string()))?;
        self.wait_turn(&robots_url).await;
        let unavailable = |why: String| FetchError::RobotsUnavailable {
            url: url.to_string(),
            why,
        };
        let robots = match self.send(&robots_url, &Validators::default()).await {
            Ok(Fetched::Page(p)) => Robots::parse(&String::from_utf8_lossy(&p.body), ROBOTS_AGENT),
            Ok(Fetched::NotModified) => Robots::allow_all(),
            // 4xx: there are no rules for us (RFC 9309 2.3.1.3).
            Err(FetchError::Status { status, .. })
                if (400..500).contains(&status) && status != 429 =>
            {
                Robots::allow_all()
            }
            Err(FetchError::Status { status, .. }) => {
                return Err(unavailable(format!("HTTP {status}")))
            }
            Err(e) => return Err(unavailable(e.to_string())),
        };
        if let Some(d) = robots.crawl_delay {
            let mut sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
            sites.entry(key.clone()).or_default().crawl_delay =
                Some(Duration::from_secs_f64(d.min(3600.0)));
        }
        self.known_rules
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, robots.clone());
        *cached = Some((robots.clone(), Instant::now()));
        Ok(robots)
    }

    /// One request, body read up to the limit.
    async fn send(&self, url: &Url, v: &Validators) -> Result<Fetched, FetchError> {
        let shown = url.to_string();
        let mut req = self.client.get(url.clone());
        if let Some(e) = &v.etag {
            req = req.header(header::IF_NONE_MATCH, e);
        }
        if let Some(lm) = &v.last_modified {
            req = req.header(header::IF_MODIFIED_SINCE, lm);
        }
        let timeout = self.cfg.timeout;
        let limit = self.cfg.max_bytes;
        let map_err = |e: reqwest::Error| {
            if e.is_redirect() && error_chain(&e).contains(REDIRECT_DISALLOWED) {
                FetchError::Disallowed(format!("{shown} ({})", error_chain(&e)))
            } else if e.is_redirect() {
                // A redirect loop or chain does not get better by asking again.
                FetchError::Unreadable {
                    url: shown.clone(),
                    msg: error_chain(&e),
                }
            } else if e.is_timeout() {
                FetchError::Timeout {
                    url: shown.clone(),
                    after: timeout,
                }
            } else {
                FetchError::Network {
                    url: shown.clone(),
                    msg: error_chain(&e),
                }
            }
        };
        let run = async {
            let mut resp = req.send().await.map_err(map_err)?;
            let status = resp.status();
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified);
            }
            if !status.is_success() {
                return Err(FetchError::Status {
                    url: resp.url().to_string(),
                    status: status.as_u16(),
                    retry_after: retry_after(resp.headers()),
                });
            }
            let headers = resp.headers().clone();
            let final_url = resp.url().clone();
            // Content-Length is of the compressed body; still a cheap early no.
            if resp.content_length().is_some_and(|n| n > limit as u64)
                && !headers.contains_key(header::CONTENT_ENCODING)
            {
                return Err(FetchError::TooLarge {
                    url: final_url.to_string(),
                    limit,
                });
            }
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(map_err)? {
                if body.len() + chunk.len() > limit {
                    return Err(FetchError::TooLarge {
                        url: final_url.to_string(),
                        limit,
                    });
                }
                body.extend_from_slice(&chunk);
            }
            let text = |h| {
                headers
                    .get(h)
                    .and_then(|v: &header::HeaderValue| v.to_str().ok())
                    .map(str::to_string)
            };
            Ok(Fetched::Page(Page {
                url: final_url,
                content_type: text(header::CONTENT_TYPE),
                validators: Validators {
                    etag: text(header::ETAG),
                    last_modified: text(header::LAST_MODIFIED),
                },
                body,
            }))
        };
        // reqwest's timeout covers the body too; this one is the backstop.
        match tokio::time::timeout(timeout + Duration::from_millis(500), run).await {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_string(),
                after: timeout,
            }),
        }
    }
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
pub fn retry_after(h: &HeaderMap) -> Option<Duration> {
    let v = h.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(secs.max(0) as u64))
}

/// The error and its causes, which is where reqwest says what happened.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_us_and_where_to_read() {
        assert!(USER_AGENT.starts_with("hoptac/0."));
        assert!(USER_AGENT.contains("(+http"));
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = chrono::Utc::now() + chrono::Duration::seconds(90);
        h.insert(
            header::RETRY_AFTER,
            later.to_rfc2822().replace("+0000", "GMT").parse().unwrap(),
        );
        let d = retry_after(&h).unwrap().as_secs();
        assert!((85..=90).contains(&d), "{d}");
        h.insert(header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
