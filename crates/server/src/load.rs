//! A small HTTP/1.1 load generator for `hoptac serve --bench`: keep-alive
//! connections, each sending GETs back to back for a fixed time, with
//! every latency kept for the percentiles. Plain TCP, so the client costs
//! little next to the server on the same 2 cores.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// What a run measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoadReport {
    /// Responses received (all 200).
    pub requests: u64,
    /// Responses that were not 200.
    pub errors: u64,
    /// Wall time.
    pub seconds: f64,
    /// requests / seconds.
    pub per_second: f64,
    /// Median latency, milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency, milliseconds.
    pub p99_ms: f64,
}

async fn one(
    r: &mut BufReader<TcpStream>,
    host: &str,
    path: &str,
    line: &mut String,
) -> std::io::Result<bool> {
    r.get_mut()
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .await?;
    line.clear();
    r.read_line(line).await?;
    let ok = line.split_whitespace().nth(1) == Some("200");
    let mut len = 0usize;
    loop {
        line.clear();
        if r.read_line(line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await?;
    Ok(ok)
}

/// Load `paths` (round robin) on `addr` with `conns` connections for `secs`.
pub async fn run(
    addr: SocketAddr,
    paths: &[String],
    conns: usize,
    secs: f64,
) -> std::io::Result<LoadReport> {
    let host = addr.to_string();
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..conns {
        let paths = paths.to_vec();
        let host = host.clone();
        tasks.push(tokio::spawn(async move {
            let mut r = BufReader::new(TcpStream::connect(addr).await?);
            r.get_mut().set_nodelay(true)?;
            let mut lat = Vec::with_capacity(1 << 16);
            let mut errors = 0u64;
            let mut line = String::new();
            let mut i = c;
            while Instant::now() < deadline {
                let t = Instant::now();
                if !one(&mut r, &host, &paths[i % paths.len()], &mut line).await? {
                    errors += 1;
                }
                lat.push(t.elapsed());
                i += 1;
            }
            Ok::<_, std::io::Error>((lat, errors))
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.map_err(std::io::Error::other)??;
        all.extend(l);
        errors += e;
    }
    let seconds = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Ok(LoadReport {
        requests: all.len() as u64 - errors,
        errors,
        seconds,
        per_second: all.len() as f64 / seconds,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    })
}
