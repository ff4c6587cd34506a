//! Crash safety of `hoptac ingest`, on SQLite and on PostgreSQL.
//!
//! The real binary ingests a few thousand generated documents and is killed
//! with SIGKILL at a random moment, over and over (the same command each
//! time, as a user would rerun it). After every kill the store must hold
//! only whole documents — each with exactly the facts, mentions and bands
//! its extraction gives, nothing without its document — no document may
//! have been lost since the round before, and the search index must agree
//! with the store once the next `hoptac search` has run. A final run must
//! succeed and end with exactly the right number of documents.
//!
//! Kill moments are drawn from a seeded generator, mostly just after the
//! point where the run starts writing documents the store does not hold
//! yet (so most kills land in transactions), some at start-up (migrations)
//! and some late (the search index's commit).
//!
//! `HOPTAC_KILL_ROUNDS` (default 20 kills per backend), `HOPTAC_KILL_DOCS`
//! (default 2000 articles) and `HOPTAC_KILL_SEED` make longer runs; the
//! figures are in RELIABILITY.md.

mod reliability;

use reliability::{check_index, check_store, env_num, hoptac, Inputs, Rng};
use std::path::Path;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        Inputs::generate(
            env_num("HOPTAC_KILL_DOCS", 2000),
            50,
            env_num("HOPTAC_KILL_SEED", 9),
        )
    })
}

/// Where the kill rounds write. Once a store holds every document a run
/// can only be killed in start-up or while re-reading, so the next kills go
/// to a fresh store: one per pass over the input.
enum Stores {
    Sqlite(std::path::PathBuf),
    Postgres(Vec<hoptac_store::testing::PgDb>),
}

impl Stores {
    async fn fresh(&mut self, pass: u32) -> String {
        match self {
            Stores::Sqlite(home) => home
                .join(format!("k{pass}.db"))
                .to_str()
                .unwrap()
                .to_string(),
            Stores::Postgres(dbs) if pass == 1 && !dbs.is_empty() => dbs[0].url.clone(),
            Stores::Postgres(dbs) => {
                let pg = hoptac_store::testing::postgres()
                    .await
                    .expect("PostgreSQL went away during the test");
                let url = pg.url.clone();
                dbs.push(pg);
                url
            }
        }
    }
}

async fn kill_rounds(mut stores: Stores, home: &Path, label: &str) {
    let mut pass = 1;
    let mut db = stores.fresh(pass).await;
    let inp = inputs();
    let total = inp.documents();
    let rounds = env_num("HOPTAC_KILL_ROUNDS", 20);
    let seed = env_num("HOPTAC_KILL_SEED", 9);
    let mut rng = Rng::new(
        seed ^ label
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
    );
    // How long a whole run takes, and how long re-reading and extracting
    // what is already stored takes: first guesses, corrected by every run
    // that ends before its kill.
    let mut full_ms: u64 = 8000;
    let (mut killed, mut finished, mut stored) = (0u64, 0u64, 0i64);
    let mut round = 0;
    while killed < rounds {
        if stored == total {
            // This store is done: the next kills go to a fresh one.
            pass += 1;
            db = stores.fresh(pass).await;
            stored = 0;
        }
        round += 1;
        let frontier = full_ms * stored as u64 / total.max(1) as u64;
        let step = (full_ms * 300 / total.max(1) as u64).max(200);
        let delay = match rng.range(0, 9) {
            0 => rng.range(0, 150),                  // start-up, migrations
            1 => rng.range(frontier, full_ms + 500), // anywhere after, the index commit
            _ => frontier + rng.range(0, step),      // while writing new documents
        };
        let when = format!("{label} round {round} (seed {seed}, kill after {delay} ms)");
        let started = Instant::now();
        let mut child = hoptac(&db, home)
            .arg("ingest")
            .arg(inp.input_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = started + Duration::from_millis(delay);
        let ended = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        match ended {
            Some(status) => {
                assert!(status.success(), "{when}: the ingest failed: {status}");
                finished += 1;
                full_ms = started.elapsed().as_millis() as u64;
            }
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                killed += 1;
            }
        }
        let store = hoptac_store::Store::open(&db).await.unwrap();
        let n = check_store(&store, &inp.expect, &when).await;
        store.close().await;
        assert!(n >= stored, "{when}: {stored} documents before, {n} after");
        stored = n;
        check_index(&db, home, n, &when);
        assert!(
            finished <= rounds,
            "{label}: the runs end before their kill; the kill moments are wrong"
        );
    }
    let out = hoptac(&db, home)
        .arg("ingest")
        .arg(inp.input_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{label}: the final ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = hoptac_store::Store::open(&db).await.unwrap();
    let n = check_store(&store, &inp.expect, &format!("{label} final run")).await;
    store.close().await;
    assert_eq!(
        n, total,
        "{label}: the final run must end with every document"
    );
    check_index(&db, home, n, &format!("{label} final run"));
    eprintln!(
        "RELIABILITY kill-9 {label}: {killed} kills survived, {finished} runs ended before their kill, {pass} stores filled, {total} documents exact at the end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_ingest_on_sqlite() {
    let home = tempfile::tempdir().unwrap();
    kill_rounds(
        Stores::Sqlite(home.path().to_path_buf()),
        home.path(),
        "sqlite",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_ingest_on_postgres() {
    let Some(pg) = hoptac_store::testing::postgres().await else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    kill_rounds(Stores::Postgres(vec![pg]), home.path(), "postgres").await;
}
