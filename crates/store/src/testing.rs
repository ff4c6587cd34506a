//! Throw-away PostgreSQL databases for tests: every crate that stores runs
//! its tests on SQLite and on a real PostgreSQL, each run in a database of
//! its own, dropped afterwards. One implementation here, used by the test
//! suites of the store, tracker, search, server, report and watch crates.
//!
//! The server is `HOPTAC_TEST_POSTGRES` (default [`DEFAULT_PG`]); when it
//! cannot be reached, [`postgres`] says `SKIPPED PostgreSQL backend` on
//! stderr and returns `None`, and the caller skips that backend.

use sqlx::Executor;

/// The PostgreSQL the tests use when `HOPTAC_TEST_POSTGRES` is not set.
pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A PostgreSQL database made for one test, dropped when the guard goes.
pub struct PgDb {
    admin: String,
    name: String,
    /// The database's URL, for [`crate::Store::open`].
    pub url: String,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop may run inside the test's runtime, which cannot be blocked
        // on: use a thread and a runtime of its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                sqlx::any::install_default_drivers();
                if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                    let _ = pool
                        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                        .await;
                }
            })
        })
        .join();
    }
}

/// A fresh database on the test PostgreSQL, or `None` (said on stderr).
pub async fn postgres() -> Option<PgDb> {
    let admin = std::env::var("HOPTAC_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_PG.to_string());
    sqlx::any::install_default_drivers();
    let pool = match sqlx::AnyPool::connect(&admin).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "SKIPPED PostgreSQL backend: cannot connect to {admin}: {e} (set HOPTAC_TEST_POSTGRES)"
            );
            return None;
        }
    };
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!(
        "hoptac_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros() % 1_000_000
    );
    pool.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    pool.close().await;
    let base = admin
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or(admin.clone());
    Some(PgDb {
        url: format!("{base}/{name}"),
        admin,
        name,
    })
}
