//! What the reliability tests share: a generated input set of thousands of
//! small documents, what extraction gives for each of them, and the checks
//! of a store (every document whole, nothing without its document, the
//! search index level with the store).
#![allow(dead_code)]

use hoptac_search::{index_dir, Partners, SearchIndex};
use hoptac_store::Store;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_hoptac")
}

/// `hoptac` with the store at `db` and the data directory (search index
/// of a PostgreSQL store) under `home`; nothing of the user's is touched.
pub fn hoptac(db: &str, home: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env("HOPTAC_DB", db)
        .env("XDG_DATA_HOME", home)
        .env_remove("HOPTAC_LOG")
        .stdin(Stdio::null());
    c
}

/// The corpus generator's deterministic sequence (splitmix64): a failing
/// round can be replayed from its seed.
#[allow(unused_imports)] // not every test file that shares this module draws numbers
pub use hoptac_corpus::Rng;

/// An environment variable as a number, or `default`.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// What a stored document must come with: what extraction gives for its text.
#[derive(Debug, Clone)]
pub struct Expect {
    pub text_hash: String,
    pub facts: i64,
    pub mentions: i64,
    pub bands: i64,
}

/// The input set: JSON Lines files of generated articles, and what the
/// store must hold for each document once they are all in.
pub struct Inputs {
    pub dir: tempfile::TempDir,
    /// The files, in name order.
    pub files: Vec<PathBuf>,
    /// Content id → what goes with it.
    pub expect: HashMap<String, Expect>,
}

impl Inputs {
    /// `docs` articles of the corpus generator (`hoptac corpus`, seed
    /// `seed`), `per_file` to a file.
    pub fn generate(docs: u64, per_file: usize, seed: u64) -> Inputs {
        let dir = tempfile::tempdir().unwrap();
        let all = dir.path().join("all.jsonl");
        let out = Command::new(bin())
            .args(["corpus", "--articles", &docs.to_string(), "--seed"])
            .arg(seed.to_string())
            .arg("--out")
            .arg(&all)
            .env_remove("HOPTAC_LOG")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "hoptac corpus: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&all).unwrap();
        std::fs::remove_file(&all).unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir(&input).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut files = Vec::new();
        for (i, chunk) in lines.chunks(per_file).enumerate() {
            let p = input.join(format!("part-{i:04}.jsonl"));
            std::fs::write(&p, chunk.join("\n") + "\n").unwrap();
            files.push(p);
        }
        let expect = expectations(&files);
        Inputs { dir, files, expect }
    }

    /// The directory holding the files.
    pub fn input_dir(&self) -> PathBuf {
        self.dir.path().join("in")
    }

    /// Distinct documents (by content id).
    pub fn documents(&self) -> i64 {
        self.expect.len() as i64
    }
}

/// What the pipeline `hoptac ingest` runs gives for each document of `files`.
pub fn expectations(files: &[PathBuf]) -> HashMap<String, Expect> {
    let ex = hoptac_extract::Extractor::builtin();
    let opts = hoptac_ingest::ReadOptions {
        lossy: false,
        max_bytes: 32 * 1024 * 1024,
        defaults: Default::default(),
    };
    let mut out = HashMap::new();
    for r in hoptac_ingest::read_inputs(files, &opts) {
        let doc = hoptac_pipeline::prepare(&ex, r.expect("the generated input reads"));
        let mentions: HashSet<(String, usize, usize)> = doc
            .mentions
            .iter()
            .map(|m| (m.entity.clone(), m.span.start(), m.span.end()))
            .collect();
        let bands: HashSet<i64> = doc.bands.iter().copied().collect();
        out.entry(doc.id.clone()).or_insert(Expect {
            text_hash: blake3::hash(doc.text.as_bytes()).to_hex().to_string(),
            facts: doc.facts.len() as i64,
            mentions: mentions.len() as i64,
            bands: bands.len() as i64,
        });
    }
    out
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<i64, _>(0)
        .unwrap()
}

/// Check that the store holds only whole documents: each with the text,
/// facts, mentions and bands its extraction gives, no row without its
/// document. Returns the number of documents stored.
pub async fn check_store(store: &Store, expect: &HashMap<String, Expect>, when: &str) -> i64 {
    for (what, sql) in [
        (
            "facts without their document",
            "SELECT COUNT(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = f.doc_id)",
        ),
        (
            "mentions without their document",
            "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc_id)",
        ),
        (
            "mentions without their entity",
            "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = m.entity)",
        ),
        (
            "bands without their document",
            "SELECT COUNT(*) FROM doc_bands b WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.seq = b.doc_seq)",
        ),
        (
            "near-duplicates of a document not stored",
            "SELECT COUNT(*) FROM documents d WHERE d.duplicate_of IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.id = d.duplicate_of)",
        ),
    ] {
        assert_eq!(count(store, sql).await, 0, "{when}: {what}");
    }
    let rows = sqlx::query(
        "SELECT d.id, d.text_hash, \
           (SELECT COUNT(*) FROM facts f WHERE f.doc_id = d.id) AS nf, \
           (SELECT COALESCE(MAX(f.ord), -1) FROM facts f WHERE f.doc_id = d.id) AS maxord, \
           (SELECT COUNT(*) FROM mentions m WHERE m.doc_id = d.id) AS nm, \
           (SELECT COUNT(*) FROM doc_bands b WHERE b.doc_seq = d.seq) AS nb \
         FROM documents d",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    for r in &rows {
        let id: String = r.try_get("id").unwrap();
        let e = expect
            .get(&id)
            .unwrap_or_else(|| panic!("{when}: document {id} is not one of the inputs"));
        let got = (
            r.try_get::<String, _>("text_hash").unwrap(),
            r.try_get::<i64, _>("nf").unwrap(),
            r.try_get::<i64, _>("maxord").unwrap() + 1,
            r.try_get::<i64, _>("nm").unwrap(),
            r.try_get::<i64, _>("nb").unwrap(),
        );
        let want = (e.text_hash.clone(), e.facts, e.facts, e.mentions, e.bands);
        assert_eq!(
            got, want,
            "{when}: document {id} is not whole: (text hash, facts, facts by order, mentions, bands)"
        );
    }
    rows.len() as i64
}

/// The number of documents the search index of the store at `db` holds
/// (read without taking the writer's lock).
pub fn indexed_documents(db: &str, home: &Path) -> u64 {
    let dir = index_dir(db, &home.join("hoptac"));
    let ix = SearchIndex::open(&dir, Partners::new()).unwrap();
    ix.documents().unwrap()
}

/// Run `hoptac search` (which brings the index level with the store,
/// rebuilding it if needed) and check the index holds what the store holds.
pub fn check_index(db: &str, home: &Path, stored: i64, when: &str) {
    let out = hoptac(db, home)
        .args(["--format", "jsonl", "search", "hợp tác"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{when}: hoptac search failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        indexed_documents(db, home) as i64,
        stored,
        "{when}: the search index does not hold what the store holds after a search"
    );
}
