//! Watching sources: feeds, sitemaps and pages fetched on a schedule, new
//! items ingested once.
//!
//! A source (a row of the store's `sources` table) is polled when due: its
//! URL is fetched politely ([`fetch`]: robots.txt, a per-site rate limit,
//! conditional requests, retries with backoff, timeouts, a size limit),
//! decoded ([`charset`]: Windows-1258 and wrong declarations included),
//! parsed into items ([`feed`]), and each item not seen before is fetched,
//! its main text extracted (`hoptac_ingest`'s HTML reader), its facts
//! extracted, and stored through the normal ingest path (content-id dedup,
//! near-duplicates across sites).
//!
//! **Invariants**
//! - Exactly once per item: the document and the `seen_items` row that
//!   records it go in one transaction ([`Store::put_item_document`]); an
//!   item seen is never fetched again, across rounds, restarts and
//!   processes. An item that failed is not marked, so the next round
//!   retries it; and the source's validators are only kept when every item
//!   of the round went in, so a `304` never hides a failed item.
//! - A failing source never stops the others: each is polled on its own,
//!   its error recorded (`last_error`, `failures`) and its next poll put
//!   off exponentially (from its interval, doubling, at most a day).
//! - Politeness: one request per site per `min_interval` (or Crawl-delay),
//!   robots.txt obeyed, a user agent that names hoptac and its home page.
#![deny(missing_docs)]

pub mod charset;
pub mod feed;
pub mod fetch;
pub mod robots;
pub mod source;

pub use fetch::{FetchConfig, FetchError, Fetched, Fetcher, Validators, USER_AGENT};
pub use source::{check_url, format_every, parse_duration, parse_every, SourceKind};

use feed::Item;
use hoptac_extract::Extractor;
use hoptac_ingest::{content_id, Format, RawDocument, ReadOptions};
use hoptac_model::{DocumentMeta, Lang};
use hoptac_store::{time_text, FetchRecord, PutOutcome, SourceRow, Store};
use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How the watcher behaves.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// The fetcher's settings.
    pub fetch: FetchConfig,
    /// Sources polled at once (different sites proceed in parallel; one
    /// site is still limited by the per-site rate).
    pub concurrency: usize,
    /// Items taken from one source per round; the rest wait for the next
    /// round (a sitemap of 50,000 pages is read over many rounds).
    pub max_items_per_round: usize,
    /// Child sitemaps of a sitemap index read per round.
    pub max_child_sitemaps: usize,
    /// The longest a failing source is put off.
    pub max_backoff: Duration,
    /// The longest the loop sleeps before looking for due sources again
    /// (a source added meanwhile is picked up within this time).
    pub tick: Duration,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            fetch: FetchConfig::default(),
            concurrency: 4,
            max_items_per_round: 50,
            max_child_sitemaps: 10,
            max_backoff: Duration::from_secs(24 * 3600),
            tick: Duration::from_secs(60),
        }
    }
}

/// What one poll of a source did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SourceReport {
    /// Source number.
    pub source: i64,
    /// Its URL.
    pub url: String,
    /// `ok`, `not-modified`, `partial` (some items failed) or `failed`.
    pub status: String,
    /// Items the source listed.
    pub listed: usize,
    /// Items stored as new documents.
    pub new: usize,
    /// Items whose text was already stored (from this source or another).
    pub duplicate: usize,
    /// Items stored and linked to a document they nearly repeat.
    pub near_duplicate: usize,
    /// Items seen before (nothing fetched).
    pub seen: usize,
    /// Items skipped for good (robots.txt, not an article).
    pub skipped: usize,
    /// Items that failed this round (retried next round).
    pub failed: usize,
    /// Facts stored.
    pub facts: usize,
    /// What went wrong, if anything.
    pub error: Option<String>,
    /// When it is next due (RFC 3339).
    pub next_due: String,
}

/// Errors that stop the watcher itself (not a source: those are reported).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] hoptac_store::StoreError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Fetch(#[from] FetchError),
}

/// The watcher: a store, an extractor and a fetcher shared by every source.
#[derive(Clone)]
pub struct Watcher {
    store: Store,
    extractor: Arc<Extractor>,
    fetcher: Arc<Fetcher>,
    cfg: WatchConfig,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("store", &self.store)
            .field("cfg", &self.cfg)
            .finish()
    }
}

/// Watch every source of `store` until `shutdown` resolves: the loop that
/// `hoptac watch` runs, and that a server runs beside its other work.
pub async fn watch(
    store: Store,
    extractor: Arc<Extractor>,
    cfg: WatchConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), WatchError> {
    Watcher::new(store, extractor, cfg)?.run(shutdown).await
}

impl Watcher {
    /// A watcher over `store`.
    pub fn new(
        store: Store,
        extractor: Arc<Extractor>,
        cfg: WatchConfig,
    ) -> Result<Watcher, WatchError> {
        let fetcher = Arc::new(Fetcher::new(cfg.fetch.clone())?);
        Ok(Watcher {
            store,
            extractor,
            fetcher,
            cfg,
        })
    }

    /// Poll every due source (every source with `all`), a few at a time;
    /// one report per source, in source order.
    pub async fn round(&self, all: bool) -> Result<Vec<SourceReport>, WatchError> {
        let sources = if all {
            self.store.sources().await?
        } else {
            self.store.due_sources(&hoptac_store::now_text()).await?
        };
        let sem = Arc::new(tokio::sync::Semaphore::new(self.cfg.concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for src in sources {
            let me = self.clone();
            let sem = sem.clone();
            tasks.spawn(async move {
                let _permit = sem.acquire_owned().await;
                me.poll(&src).await
            });
        }
        let mut reports = Vec::new();
        while let Some(r) = tasks.join_next().await {
            match r {
                Ok(rep) => reports.push(rep),
                // A panic in one source's poll is a bug; the others go on.
                Err(e) => tracing::error!("a source's poll panicked: {e}"),
            }
        }
        reports.sort_by_key(|r| r.source);
        Ok(reports)
    }

    /// Rounds until `shutdown`: poll what is due, sleep until the next
    /// source is due (at most `tick`), again. A round cut short by
    /// shutdown loses nothing: each item is stored in its own transaction.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) -> Result<(), WatchError> {
        self.run_with(shutdown, |_| {}).await
    }

    /// [`Watcher::run`], handing each round's reports (when a source was
    /// polled) to `on_round` as well as to the log.
    pub async fn run_with(
        &self,
        shutdown: impl Future<Output = ()>,
        mut on_round: impl FnMut(&[SourceReport]),
    ) -> Result<(), WatchError> {
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => return Ok(()),
                r = self.round(false) => {
                    let reports = r?;
                    for rep in &reports {
                        log_report(rep);
                    }
                    if !reports.is_empty() {
                        on_round(&reports);
                    }
                }
            }
            let wait = self.until_next_due().await?.min(self.cfg.tick);
            tokio::select! {
                _ = &mut shutdown => return Ok(()),
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn until_next_due(&self) -> Result<Duration, WatchError> {
        let now = chrono::Utc::now();
        let next = self
            .store
            .sources()
            .await?
            .iter()
            .filter_map(|s| chrono::DateTime::parse_from_rfc3339(&s.next_due).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
            .min();
        Ok(match next {
            Some(t) if t > now => (t - now).to_std().unwrap_or(self.cfg.tick),
            Some(_) => Duration::from_secs(1),
            None => self.cfg.tick,
        })
    }

    /// Poll one source now and record the outcome.
    pub async fn poll(&self, src: &SourceRow) -> SourceReport {
        let mut rep = SourceReport {
            source: src.id,
            url: src.url.clone(),
            ..Default::default()
        };
        let started = chrono::Utc::now();
        let validators = Validators {
            etag: src.etag.clone(),
            last_modified: src.last_modified.clone(),
        };
        let outcome = self.poll_items(src, &validators, &mut rep).await;
        let every = Duration::from_secs(src.every_secs.max(60) as u64);
        let record = match outcome {
            Ok(keep) => {
                rep.status = if rep.failed > 0 {
                    "partial"
                } else if keep.is_none() && rep.listed == 0 {
                    "not-modified"
                } else {
                    "ok"
                }
                .to_string();
                let next = started + every;
                FetchRecord {
                    // Validators are kept only when nothing is left to do,
                    // or a 304 next time would hide the items still due.
                    etag: keep.as_ref().and_then(|v| v.etag.clone()),
                    last_modified: keep.and_then(|v| v.last_modified),
                    fetched_at: time_text(started),
                    error: rep.error.clone(),
                    failures: 0,
                    next_due: time_text(next),
                }
            }
            Err(e) => {
                let failures = src.failures + 1;
                let mut delay = backoff(every, failures, self.cfg.max_backoff);
                if let Some(ra) = e.retry_after() {
                    delay = delay.max(ra);
                }
                rep.status = "failed".into();
                rep.error = Some(e.to_string());
                FetchRecord {
                    etag: None,
                    last_modified: None,
                    fetched_at: time_text(started),
                    error: rep.error.clone(),
                    failures,
                    next_due: time_text(
                        started + chrono::Duration::from_std(delay).unwrap_or_default(),
                    ),
                }
            }
        };
        rep.next_due = record.next_due.clone();
        if let Err(e) = self.store.record_fetch(src.id, &record).await {
            rep.error = Some(format!("cannot record the poll: {e}"));
            rep.status = "failed".into();
        }
        rep
    }

    /// Fetch the source and take its new items. `Ok(Some(v))`: every item
    /// is done and `v` are the validators to keep; `Ok(None)`: not modified,
    /// or items remain (failed, or beyond this round's share).
    async fn poll_items(
        &self,
        src: &SourceRow,
        validators: &Validators,
        rep: &mut SourceReport,
    ) -> Result<Option<Validators>, FetchError> {
        let page = match self.fetcher.fetch(&src.url, validators).await? {
            Fetched::NotModified => return Ok(None),
            Fetched::Page(p) => p,
        };
        let kind = src.kind.parse::<SourceKind>().unwrap_or(SourceKind::Page);
        let host = page.url.host_str().map(str::to_string);
        let decoded = charset::decode(&page.body, page.content_type.as_deref(), host.as_deref());
        let not_feed = |msg: String| FetchError::Unreadable {
            url: page.url.to_string(),
            msg,
        };
        let items: Vec<Item> = match kind {
            SourceKind::Rss | SourceKind::Atom => {
                feed::parse_feed(&decoded.text, &page.url).map_err(not_feed)?
            }
            SourceKind::Sitemap => {
                let sm = feed::parse_sitemap(&decoded.text, &page.url).map_err(not_feed)?;
                let mut items = sm.items;
                for child in sm.children.iter().take(self.cfg.max_child_sitemaps) {
                    match self.fetcher.fetch(child, &Validators::default()).await {
                        Ok(Fetched::Page(p)) => {
                            let d = charset::decode(&p.body, p.content_type.as_deref(), None);
                            match feed::parse_sitemap(&d.text, &p.url) {
                                Ok(s) => items.extend(s.items),
                                Err(e) => note(rep, format!("{child}: {e}")),
                            }
                        }
                        Ok(Fetched::NotModified) => {}
                        Err(e) => note(rep, e.to_string()),
                    }
                }
                items
            }
            SourceKind::Page => {
                rep.listed = 1;
                let raw = match page_document(&page, &decoded.text, None, src) {
                    Ok(r) => r,
                    Err(why) => return Err(not_feed(why)),
                };
                // A page is one item per version of its text.
                let key = format!("page:{}", content_id(&raw.text));
                let url = raw.meta.url.clone();
                self.store_item(src, &key, url.as_deref(), raw, rep).await;
                return Ok((rep.failed == 0).then(|| page.validators.clone()));
            }
        };
        rep.listed = items.len();
        let mut done_all = true;
        let mut taken = 0;
        let mut urls_this_round = HashSet::new();
        for item in &items {
            match self.store.seen_item(src.id, &item.key).await {
                Ok(Some(_)) => {
                    rep.seen += 1;
                    continue;
                }
                Ok(None) => {}
                Err(e) => {
                    note(rep, format!("{}: {e}", item.key));
                    rep.failed += 1;
                    done_all = false;
                    continue;
                }
            }
            if taken >= self.cfg.max_items_per_round {
                done_all = false;
                continue;
            }
            taken += 1;
            let Some(url) = item.url.clone() else {
                self.skip(src, item, "the item has no link", rep).await;
                continue;
            };
            if !urls_this_round.insert(url.clone()) {
                rep.seen += 1;
                continue;
            }
            match self.fetcher.fetch(&url, &Validators::default()).await {
                Ok(Fetched::Page(p)) => {
                    let host = p.url.host_str().map(str::to_string);
                    let d = charset::decode(&p.body, p.content_type.as_deref(), host.as_deref());
                    match page_document(&p, &d.text, Some(item), src) {
                        Ok(raw) => self.store_item(src, &item.key, Some(&url), raw, rep).await,
                        Err(why) => self.skip(src, item, &why, rep).await,
                    }
                }
                Ok(Fetched::NotModified) => {
                    self.skip(src, item, "the server answered 304 to a first request", rep)
                        .await
                }
                // robots.txt says no, or the server says the page is not
                // there for us (404, 410, 403...): asking again will not help.
                Err(e @ FetchError::Disallowed(_)) => {
                    self.skip(src, item, &e.to_string(), rep).await
                }
                Err(e @ FetchError::Status { status, .. })
                    if (400..500).contains(&status) && status != 408 && status != 429 =>
                {
                    self.skip(src, item, &e.to_string(), rep).await
                }
                Err(e) => {
                    note(rep, e.to_string());
                    rep.failed += 1;
                }
            }
        }
        Ok((done_all && rep.failed == 0).then(|| page.validators.clone()))
    }

    async fn skip(&self, src: &SourceRow, item: &Item, why: &str, rep: &mut SourceReport) {
        match self
            .store
            .skip_item(src.id, &item.key, item.url.as_deref(), why)
            .await
        {
            Ok(_) => {
                rep.skipped += 1;
                tracing::info!(source = src.id, item = %item.key, why, "skipped");
            }
            Err(e) => {
                note(rep, format!("{}: {e}", item.key));
                rep.failed += 1;
            }
        }
    }

    async fn store_item(
        &self,
        src: &SourceRow,
        key: &str,
        url: Option<&str>,
        raw: RawDocument,
        rep: &mut SourceReport,
    ) {
        // Extraction is CPU work: off the async workers, so a server
        // running this loop keeps answering meanwhile.
        let ex = self.extractor.clone();
        let doc =
            match tokio::task::spawn_blocking(move || hoptac_pipeline::prepare(&ex, raw)).await {
                Ok(d) => d,
                Err(e) => {
                    note(rep, format!("{key}: extraction failed: {e}"));
                    rep.failed += 1;
                    return;
                }
            };
        let nfacts = doc.facts.len();
        match self.store.put_item_document(src.id, key, url, &doc).await {
            Ok(None) => rep.seen += 1,
            Ok(Some(PutOutcome::New)) => {
                rep.new += 1;
                rep.facts += nfacts;
            }
            Ok(Some(PutOutcome::Duplicate)) => rep.duplicate += 1,
            Ok(Some(PutOutcome::NearDuplicate { .. })) => {
                rep.near_duplicate += 1;
                rep.facts += nfacts;
            }
            Err(e) => {
                note(rep, format!("{key}: not stored: {e}"));
                rep.failed += 1;
            }
        }
    }
}

/// Keep the first few errors of a round in the report.
fn note(rep: &mut SourceReport, msg: String) {
    match &mut rep.error {
        None => rep.error = Some(msg),
        Some(e) if e.matches("; ").count() < 2 => {
            e.push_str("; ");
            e.push_str(&msg);
        }
        Some(_) => {}
    }
}

/// The delay before polling a source that failed `failures` rounds in a
/// row: its interval, doubled for each further failure, at most `max`.
pub fn backoff(every: Duration, failures: i64, max: Duration) -> Duration {
    let doublings = (failures - 1).clamp(0, 20) as u32;
    every.saturating_mul(1u32 << doublings).min(max.max(every))
}

/// An item's page as a document: main text, title, date, canonical URL.
/// The page's own metadata wins; the feed's title and date fill gaps; the
/// source's language, when set, is the document's.
fn page_document(
    page: &fetch::Page,
    text: &str,
    item: Option<&Item>,
    src: &SourceRow,
) -> Result<RawDocument, String> {
    let ctype = page
        .content_type
        .as_deref()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let format = match ctype.as_str() {
        "" | "text/html" | "application/xhtml+xml" => Format::Html,
        "text/plain" => Format::Text,
        other => return Err(format!("{}: not an article page ({other})", page.url)),
    };
    let lang = src.lang.as_deref().and_then(|l| l.parse::<Lang>().ok());
    let opts = ReadOptions {
        lossy: false,
        max_bytes: page.body.len() as u64 + 1,
        defaults: DocumentMeta {
            lang,
            ..Default::default()
        },
    };
    let source = page.url.to_string();
    let mut raw = hoptac_ingest::parse_bytes(&source, text.as_bytes(), format, &opts)
        .into_iter()
        .next()
        .ok_or_else(|| format!("{source}: nothing read"))?
        .map_err(|e| e.to_string())?;
    if let Some(item) = item {
        raw.meta.title = raw.meta.title.or_else(|| item.title.clone());
        raw.meta.published = raw.meta.published.or(item.published);
    }
    raw.meta.url = raw.meta.url.or(Some(source));
    Ok(raw)
}

fn log_report(r: &SourceReport) {
    match &r.error {
        Some(e) => {
            tracing::warn!(source = r.source, status = %r.status, new = r.new, "{}: {e}", r.url)
        }
        None => tracing::info!(source = r.source, status = %r.status, new = r.new, "{}", r.url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let m = Duration::from_secs(60);
        let day = Duration::from_secs(86400);
        assert_eq!(backoff(30 * m, 1, day), 30 * m);
        assert_eq!(backoff(30 * m, 2, day), 60 * m);
        assert_eq!(backoff(30 * m, 4, day), 240 * m);
        assert_eq!(backoff(30 * m, 40, day), day);
    }
}
