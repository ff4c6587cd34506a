//! The dashboard in a real browser: `hoptac demo` builds the demo store,
//! a hostile article goes in with `hoptac ingest`, `hoptac serve` runs on
//! 127.0.0.1:0, and `tests/browser/check.mjs` drives Debian's headless
//! chromium through it with playwright-core (overview, search, a document's
//! highlights, the hostile article, log in and accept a suggestion, the
//! progress moving, figures, Vietnamese, a phone screen). Screenshots go
//! to `target/screenshots/`.
//!
//! Skipped, with a message, only when chromium is absent
//! (`HOPTAC_CHROMIUM`, default /usr/bin/chromium); `.ci/run` installs it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const HOSTILE: &str = "---\ntitle: <script>window.hoptacPwned=1;document.title='PWNED'</script> Hostile headline\npublished: 2025-11-02\n---\n\
At the 28th ASEAN-Japan Summit in Kuala Lumpur <img src=x onerror=\"window.hoptacPwned=1;alert(1)\"> the leaders met.\n\n\
Click <a href=\"javascript:window.hoptacPwned=1\">here</a> or read <script>window.hoptacPwned=1;alert(2)</script> this.\n\n\
<svg onload=\"window.hoptacPwned=1\"></svg> <iframe src=\"javascript:alert(3)\"></iframe>\n";

fn hoptac(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hoptac"));
    c.env("HOPTAC_DB", db).env_remove("HOPTAC_LOG");
    c
}

fn run(c: &mut Command) -> String {
    let out = c.output().expect("hoptac runs");
    assert!(
        out.status.success(),
        "{c:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dashboard_in_headless_chromium() {
    let chromium = PathBuf::from(
        std::env::var("HOPTAC_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
    );
    if !chromium.exists() {
        eprintln!(
            "SKIPPED browser tests: no chromium at {} (apt-get install chromium, or set HOPTAC_CHROMIUM)",
            chromium.display()
        );
        return;
    }
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let driver = here.join("tests/browser");
    if !driver.join("node_modules/playwright-core").exists() {
        // `.ci/run` runs `npm ci` first; do it here for a fresh clone.
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&driver)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "chromium is here but playwright-core is not: run `npm ci --prefix {}`",
            driver.display()
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    run(hoptac(&db).args(["demo", "--store"]).arg(&db));
    let hostile = dir.path().join("hostile.md");
    std::fs::write(&hostile, HOSTILE).unwrap();
    run(hoptac(&db).arg("ingest").arg(&hostile));
    let docs: serde_json::Value =
        serde_json::from_str(&run(hoptac(&db).args(["--format", "json", "documents"]))).unwrap();
    let hostile_id = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"].as_str().unwrap().ends_with("hostile.md"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = run(hoptac(&db).args([
        "token",
        "create",
        "--role",
        "analyst",
        "--name",
        "browser analyst",
    ]))
    .trim()
    .to_string();

    let mut server = hoptac(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("hoptac serve says where it listens")
            .unwrap();
        if let Some(rest) = line.split("dashboard at ").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    let shots = here.join("../../target/screenshots");
    let out = Command::new("node")
        .arg(driver.join("check.mjs"))
        .env("BASE", &base)
        .env("TOKEN", &token)
        .env("HOSTILE", &hostile_id)
        .env("SHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    // Stop the server as Ctrl-C would (SIGINT): it must shut down cleanly.
    let _ = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status();
    let status = server.wait().unwrap();
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    println!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "browser checks failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        status.success(),
        "hoptac serve stopped with {status}: {rest:?}"
    );
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
    eprintln!("screenshots in {}", shots.display());
}
