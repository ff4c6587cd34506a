//! `hoptac sources add|list|remove` and `hoptac watch`: the sources hoptac
//! polls, and the loop that polls them (the work is in `hoptac-watch`).

use super::{extractor, open_store};
use crate::output::{self, clip, opt};
use crate::{Format, Global};
use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};
use hoptac_store::{NewSource, SourceRow};
use hoptac_watch::{
    check_url, format_every, parse_duration, parse_every, SourceKind, SourceReport, WatchConfig,
    Watcher,
};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// `hoptac sources`.
#[derive(Args, Debug)]
pub struct SourcesArgs {
    #[command(subcommand)]
    command: SourcesCommand,
}

#[derive(Subcommand, Debug)]
enum SourcesCommand {
    /// Watch a feed, sitemap or page.
    Add(AddArgs),
    /// List watched sources with their state.
    List,
    /// Stop watching a source (its documents stay).
    Remove {
        /// The source's number (from `sources list`) or its URL.
        source: String,
    },
}

#[derive(Args, Debug)]
struct AddArgs {
    /// The URL of the feed, sitemap or page (http or https).
    url: String,
    /// What the URL serves; guessed from the URL when not given
    /// (…sitemap… → sitemap, …atom… → atom, .rss/.xml/feed → rss, else page).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["rss", "atom", "sitemap", "page"]))]
    kind: Option<String>,
    /// Language of its articles (vi or en); detected per article when not given.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["vi", "en"]))]
    lang: Option<String>,
    /// How often to poll it: 30m, 2h, 1d (at least 1m).
    #[arg(long, default_value = "30m", value_parser = parse_every)]
    every: Duration,
}

/// `hoptac watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// One round over the sources that are due, then exit (for cron and tests).
    #[arg(long)]
    once: bool,
    /// With --once: poll every source, due or not.
    #[arg(long, requires = "once")]
    all: bool,
    /// Time limit for one request, body included.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// Least time between two requests to one site (robots.txt
    /// Crawl-delay may ask for more).
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    site_interval: Duration,
    /// Retries of a request answered 429 or 5xx (with exponential backoff,
    /// honouring Retry-After).
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// First wait before a retry; doubled at each retry.
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    backoff: Duration,
    /// Largest page or feed accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 8)]
    max_size: usize,
    /// Articles taken from one source per round (the rest come next round).
    #[arg(long, default_value_t = 50)]
    max_items: usize,
}

/// `hoptac sources ...`.
pub async fn sources(g: &Global, a: SourcesArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let r = match a.command {
        SourcesCommand::Add(add) => {
            let url = check_url(&add.url).map_err(|e| anyhow!(e))?;
            let kind = match add.kind {
                Some(k) => k.parse::<SourceKind>().map_err(|e| anyhow!(e))?,
                None => SourceKind::guess(&url),
            };
            let (row, created) = store
                .add_source(&NewSource {
                    url,
                    kind: kind.name().to_string(),
                    lang: add.lang,
                    every_secs: add.every.as_secs() as i64,
                })
                .await?;
            if g.format == Format::Table {
                if created {
                    eprintln!(
                        "added source {} ({}, every {}): {}",
                        row.id,
                        row.kind,
                        format_every(row.every_secs),
                        row.url
                    );
                } else {
                    eprintln!("already watched as source {}: {}", row.id, row.url);
                }
            } else {
                print_sources(g.format, &[row])?;
            }
            Ok(ExitCode::SUCCESS)
        }
        SourcesCommand::List => {
            let rows = store.sources().await?;
            if rows.is_empty() && g.format == Format::Table {
                eprintln!("no sources; add one with `hoptac sources add URL`");
            } else {
                print_sources(g.format, &rows)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        SourcesCommand::Remove { source } => {
            let row = store.remove_source(&source).await?;
            if g.format == Format::Table {
                eprintln!("removed source {}: {}", row.id, row.url);
            } else {
                print_sources(g.format, &[row])?;
            }
            Ok(ExitCode::SUCCESS)
        }
    };
    store.close().await;
    r
}

fn print_sources(format: Format, rows: &[SourceRow]) -> Result<()> {
    output::print(format, rows, |rows| {
        let mut t = output::table(&[
            "id",
            "kind",
            "lang",
            "every",
            "url",
            "items",
            "last fetched",
            "fails",
            "last error",
            "next due",
        ]);
        for r in rows {
            t.add_row(vec![
                r.id.to_string(),
                r.kind.clone(),
                opt(&r.lang),
                format_every(r.every_secs),
                clip(&r.url, 60),
                r.items.to_string(),
                opt(&r.last_fetched),
                r.failures.to_string(),
                clip(r.last_error.as_deref().unwrap_or("—"), 60),
                r.next_due.clone(),
            ]);
        }
        t
    })
}

/// `hoptac watch`.
pub async fn watch(g: &Global, a: WatchArgs) -> Result<ExitCode> {
    let ex = Arc::new(extractor(g)?);
    let store = open_store(g).await?;
    let mut cfg = WatchConfig::default();
    cfg.fetch.timeout = a.timeout;
    cfg.fetch.connect_timeout = cfg.fetch.connect_timeout.min(a.timeout);
    cfg.fetch.min_interval = a.site_interval;
    cfg.fetch.retries = a.retries;
    cfg.fetch.backoff = a.backoff;
    cfg.fetch.max_bytes = a.max_size.saturating_mul(1024 * 1024);
    cfg.max_items_per_round = a.max_items.max(1);
    let watcher = Watcher::new(store.clone(), ex, cfg)?;
    if !a.once {
        eprintln!(
            "watching the sources of {} (one line per poll; Ctrl-C stops)",
            store.location()
        );
        let format = g.format;
        watcher
            .run_with(
                async {
                    let _ = tokio::signal::ctrl_c().await;
                },
                |reports| {
                    // One line per poll: a log a person or a program can follow.
                    if format == Format::Table {
                        for r in reports {
                            eprintln!(
                                "{} source {} {}: {} ({} new, {} near-duplicate, {} failed){}",
                                hoptac_store::now_text(),
                                r.source,
                                r.url,
                                r.status,
                                r.new,
                                r.near_duplicate,
                                r.failed,
                                r.error
                                    .as_deref()
                                    .map(|e| format!(": {e}"))
                                    .unwrap_or_default()
                            );
                        }
                    } else if let Err(e) =
                        output::print(Format::Jsonl, reports, |_| output::table(&[]))
                    {
                        tracing::warn!("cannot print the round: {e}");
                    }
                },
            )
            .await?;
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let reports = watcher.round(a.all).await?;
    store.close().await;
    if reports.is_empty() && g.format == Format::Table {
        eprintln!(
            "no source is due (`hoptac sources list` shows when each is; --all polls them all)"
        );
    } else {
        print_reports(g.format, &reports)?;
    }
    Ok(
        if reports
            .iter()
            .any(|r| r.status == "failed" || r.status == "partial")
        {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

fn print_reports(format: Format, rows: &[SourceReport]) -> Result<()> {
    output::print(format, rows, |rows| {
        let mut t = output::table(&[
            "id", "url", "status", "listed", "new", "dup", "near-dup", "seen", "skipped", "failed",
            "error", "next due",
        ]);
        for r in rows {
            t.add_row(vec![
                r.source.to_string(),
                clip(&r.url, 50),
                r.status.clone(),
                r.listed.to_string(),
                r.new.to_string(),
                r.duplicate.to_string(),
                r.near_duplicate.to_string(),
                r.seen.to_string(),
                r.skipped.to_string(),
                r.failed.to_string(),
                clip(r.error.as_deref().unwrap_or("—"), 60),
                r.next_due.clone(),
            ]);
        }
        t
    })
}
