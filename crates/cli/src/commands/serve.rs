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
}

/// `hoptac serve`.
pub async fn serve(g: &Global, a: ServeArgs) -> Result<ExitCode> {
    let store = open_store(g).await?;
    let ex = extractor(g)?;
    run(store, ex, &a.addr, a.public_read, a.max_size).await?;
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
