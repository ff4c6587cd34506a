//! The accept loop: the router served over HTTP/1.1 by hyper, with the
//! timeouts `axum::serve` does not set.
//!
//! `axum::serve` gives hyper no timer, so hyper's header-read timeout never
//! fires: a client sending its headers one byte at a time ("slowloris")
//! holds its connection, and its task, for as long as it likes. Here every
//! connection must deliver its request headers within
//! [`Config::header_timeout`](crate::Config::header_timeout) or be closed;
//! the whole request (body included) is bounded by
//! `Config::request_timeout` in the router (see `crate::request_timeout`).

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::pin;
use std::time::Duration;
use tokio::net::TcpListener;

/// Accept connections on `listener` and serve `app` on each until
/// `shutdown` resolves; then stop accepting and let requests in flight
/// finish (at most `drain` more).
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    drain: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(e) => {
                    // Out of file descriptors, a connection reset before
                    // accept...: none of these ends the server. Back off a
                    // little so a full descriptor table can drain.
                    tracing::debug!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!("connection: {e}");
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(drain, graceful.shutdown()).await;
    Ok(())
}
