//! `hoptac token` end to end: created once, listed without secrets,
//! revoked; bad input refused with exit code 2. And `hoptac serve` refuses
//! an address it cannot listen on.

use assert_cmd::Command;
use predicates::str::contains;

fn hoptac(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("hoptac").unwrap();
    c.env("HOPTAC_DB", db);
    c
}

#[test]
fn tokens_are_created_listed_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = hoptac(&db)
        .args([
            "token",
            "create",
            "--role",
            "analyst",
            "--name",
            "N. Tanaka",
        ])
        .assert()
        .success()
        .stderr(contains("not shown again"))
        .get_output()
        .stdout
        .clone();
    let token = String::from_utf8(out).unwrap().trim().to_string();
    assert!(token.starts_with("hoptac_") && token.len() > 40, "{token}");
    hoptac(&db)
        .args(["token", "create", "--role", "admin", "--name", "N. Tanaka"])
        .assert()
        .code(2)
        .stderr(contains("exists already"));
    hoptac(&db)
        .args(["token", "create", "--role", "boss", "--name", "x"])
        .assert()
        .code(2)
        .stderr(contains("not a role"));
    let list = hoptac(&db)
        .args(["--format", "json", "token", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list = String::from_utf8(list).unwrap();
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(v[0]["name"], "N. Tanaka");
    assert_eq!(v[0]["role"], "analyst");
    assert!(v[0]["revoked_at"].is_null());
    let secret = token.rsplit('_').next().unwrap();
    assert!(!list.contains(secret), "the secret is never listed");
    hoptac(&db)
        .args(["token", "revoke", "N. Tanaka"])
        .assert()
        .success()
        .stderr(contains("revoked"));
    hoptac(&db)
        .args(["token", "revoke", "nobody"])
        .assert()
        .code(2)
        .stderr(contains("no token named"));
    let list = hoptac(&db)
        .args(["--format", "json", "token", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&list).unwrap();
    assert!(v[0]["revoked_at"].is_string());
}

#[test]
fn serve_reports_an_address_it_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    hoptac(&dir.path().join("t.db"))
        .args(["serve", "--addr", "not-an-address"])
        .assert()
        .code(2)
        .stderr(contains("cannot listen on not-an-address"));
}
