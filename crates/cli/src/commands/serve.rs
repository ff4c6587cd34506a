//! `hoptac serve`: the JSON API and the dashboard over the store
//! (crates/server). Also used by `hoptac demo --serve`.

use super::{extractor, open_store};
use crate::Global;
use anyhow::{Context, Result};
use clap::Args;
use hoptac_extract::Extractor;
use hoptac_server::{AppState, Config};
use hoptac_store::Store;
use std::process::ExitCode;
use std::sync::Arc;

/// `hoptac serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Where to listen. On a loopback address reading is open; elsewhere
    /// every request needs a token (unless --public-read).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: String,
    /// Let anyone who can reach the server read without a token.
    #[arg(long)]
    public_read: bool,
    /// Refuse uploaded files larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = 8)]
    max_size: u64,
    /// Instead of serving: measure read throughput on loopback for this
    /// many seconds per run (cached and uncached servers on the same store,
    /// interleaved, 3 rounds), then exit.
    #[arg(long, value_name = "SECONDS")]
    bench: Option<f64>,
    /// Connections of --bench.
    #[arg(long, default_value_t = 32, requires = "bench")]
    connections: usize,
}

/// `hoptac serve`.
pub async fn serve(g: &Global, a: ServeArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let ex = extractor(g)?;
    if let Some(secs) = a.bench {
        return bench(g, store, ex, secs, a.connections).await;
    }
    run(store, ex, &a.addr, a.public_read, a.max_size).await?;
    Ok(ExitCode::SUCCESS)
}

/// `hoptac serve --bench`: the read endpoints under load, cached vs uncached.
async fn bench(
    g: &Global,
    store: Store,
    ex: Extractor,
    secs: f64,
    conns: usize,
) -> Result<ExitCode> {
    let first = store
        .documents(1, 0)
        .await?
        .into_iter()
        .next()
        .context("the store is empty: run the benchmark on the demo store (HOPTAC_DB=~/.local/share/hoptac/demo.db)")?;
    let paths: Vec<String> = [
        "/api/documents?limit=20".to_string(),
        format!("/api/documents/{}", first.id),
        "/api/entities?limit=20".into(),
        "/api/plan/progress?by=pillar".into(),
        "/api/meetings".into(),
        "/api/figures".into(),
    ]
    .into();
    let ex = Arc::new(ex);
    let mut servers = Vec::new();
    for cache in [true, false] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let cfg = Config {
            cache,
            ..Config::default()
        };
        let state = AppState::new(store.clone(), ex.clone(), cfg);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(hoptac_server::serve(listener, state, async {
            let _ = rx.await;
        }));
        servers.push((cache, addr, tx, task));
    }
    eprintln!(
        "hoptac serve --bench: {} read endpoints round robin, {conns} keep-alive connections, {secs} s per run, cached and uncached interleaved",
        paths.len()
    );
    let mut rows = Vec::new();
    for round in 1..=3 {
        for (cache, addr, _, _) in &servers {
            let r = hoptac_server::load::run(*addr, &paths, conns, secs).await?;
            rows.push(serde_json::json!({
                "round": round, "cache": cache, "requests": r.requests, "errors": r.errors,
                "per_second": r.per_second.round(), "p50_ms": r.p50_ms, "p99_ms": r.p99_ms,
            }));
        }
    }
    for (_, _, tx, task) in servers {
        let _ = tx.send(());
        let _ = task.await;
    }
    crate::output::print(g.format, &rows, |rows| {
        let mut t =
            crate::output::table(&["round", "cache", "req/s", "p50 ms", "p99 ms", "errors"]);
        for r in rows {
            t.add_row(vec![
                r["round"].to_string(),
                if r["cache"] == true { "on" } else { "off" }.to_string(),
                r["per_second"].to_string(),
                format!("{:.2}", r["p50_ms"].as_f64().unwrap_or(0.0)),
                format!("{:.2}", r["p99_ms"].as_f64().unwrap_or(0.0)),
                r["errors"].to_string(),
            ]);
        }
        t
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Serve `store` at `addr` until Ctrl-C (or SIGTERM); requests in flight finish.
pub(crate) async fn run(
    store: Store,
    ex: Extractor,
    addr: &str,
    public_read: bool,
    max_mib: u64,
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let cfg = Config {
        open_reads: public_read || local.ip().is_loopback(),
        max_file_bytes: max_mib.saturating_mul(1024 * 1024),
        max_upload_bytes: usize::try_from(max_mib.saturating_mul(4 * 1024 * 1024))
            .unwrap_or(usize::MAX),
        cache: true,
        // The index `hoptac search` uses (the location is redacted, as
        // `index_dir` hashes it anyway).
        index_dir: Some(hoptac_search::index_dir(
            store.location(),
            &super::data_dir(),
        )),
        ..Config::default()
    };
    eprintln!(
        "hoptac serve: the dashboard at http://{local}/ and the API at http://{local}/api (described at /api/openapi.json), store {}\n\
         reading is {}; writes need a token (hoptac token create --role analyst --name NAME). Ctrl-C stops.",
        hoptac_store::redact(store.location()),
        if cfg.open_reads { "open" } else { "for token holders only" }
    );
    let state = AppState::new(store.clone(), Arc::new(ex), cfg);
    hoptac_server::serve(listener, state, shutdown_signal())
        .await
        .context("the server stopped")?;
    eprintln!("hoptac serve: stopped");
    store.close().await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
