//! `query`: the search query parser (`crates/search/src/query.rs`: the
//! user's string to a tantivy query, run by `top_documents` and
//! `count_documents`) and the highlighter that marks query words in a text.
//! A query never panics, and fails only with a clear "bad query" message
//! (no words to search for); the snippet and highlight spans slice the
//! text they are computed on.

use hoptac_extract::Extractor;
use hoptac_ingest::{parse_bytes, Format, ReadOptions};
use hoptac_search::{Highlighter, Partners, SearchError, SearchIndex, SearchRequest};
use hoptac_store::Store;
use std::sync::{LazyLock, Mutex};

/// Texts the index holds and the highlighter runs on: some of the
/// project's samples, Vietnamese and English.
const SAMPLES: &[(&str, &str, Format)] = &[
    (
        "01.md",
        include_str!("../../../data/samples/01_vi_hoi-nghi-cap-cao-asean-nhat-ban-28.md"),
        Format::Markdown,
    ),
    (
        "03.txt",
        include_str!("../../../data/samples/03_vi_quan-he-doi-tac-chien-luoc-toan-dien.txt"),
        Format::Text,
    ),
    (
        "07.md",
        include_str!("../../../data/samples/07_en_28th-asean-japan-summit.md"),
        Format::Markdown,
    ),
    (
        "12.md",
        include_str!("../../../data/samples/12_en_asean-japan-economic-ties-in-figures.md"),
        Format::Markdown,
    ),
];

struct Fixture {
    index: Mutex<SearchIndex>,
    /// The texts as stored, with whether each is English.
    texts: Vec<(String, bool)>,
    /// Kept for the life of the process: the index lives in it.
    _dir: tempfile::TempDir,
}

/// An index of the samples, built once per process the way `hoptac ingest`
/// builds one: read, prepared, stored (SQLite in a temporary folder),
/// then the index synchronised with the store.
static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ex = Extractor::builtin();
    let docs: Vec<_> = SAMPLES
        .iter()
        .flat_map(|(name, text, fmt)| {
            parse_bytes(name, text.as_bytes(), *fmt, &ReadOptions::default())
        })
        .map(|r| hoptac_pipeline::prepare(&ex, r.expect("a sample reads")))
        .collect();
    let texts = docs
        .iter()
        .map(|d| (d.text.clone(), d.meta.lang.map(|l| l.code()) == Some("en")))
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let index = rt.block_on(async {
        let store = Store::open(dir.path().join("fuzz.db").to_str().expect("a UTF-8 path"))
            .await
            .expect("a store");
        store.put_documents(&docs).await.expect("samples stored");
        let mut ix =
            SearchIndex::open(&dir.path().join("index"), Partners::new()).expect("an index");
        let rep = ix.sync(&store).await.expect("index synced");
        assert_eq!(rep.documents as usize, docs.len());
        store.close().await;
        ix
    });
    Fixture {
        index: Mutex::new(index),
        texts,
        _dir: dir,
    }
});

/// First byte: a language filter (bits 0-1: none, vi, en) and whether
/// near-duplicates are included (bit 2); the rest is the query string.
pub fn query(data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let q = crate::lossy(bytes).into_owned();
    let fx = &*FIXTURE;
    let r = SearchRequest {
        query: q.clone(),
        lang: match sel & 3 {
            1 => Some("vi".into()),
            2 => Some("en".into()),
            _ => None,
        },
        duplicates: sel & 4 != 0,
        limit: 5,
        ..SearchRequest::default()
    };
    {
        let ix = fx.index.lock().unwrap_or_else(|e| e.into_inner());
        let top = ix.top_documents(&r);
        let count = ix.count_documents(&r);
        match (top, count) {
            (Ok(top), Ok(n)) => {
                assert!(
                    top.len() <= 5 && top.len() <= n,
                    "{} hits of {n}",
                    top.len()
                );
                for (score, id) in &top {
                    assert!(score.is_finite() && !id.is_empty(), "hit {score} {id:?}");
                }
            }
            (Err(a), Err(b)) => {
                check_refusal(&q, &a);
                check_refusal(&q, &b);
            }
            (a, b) => panic!("ranking and counting disagree on {q:?}: {a:?} / {b:?}"),
        }
    }
    // The highlighter on the stored texts, and on the query as a text.
    let mut hl = Highlighter::new(&q);
    for (text, english) in fx
        .texts
        .iter()
        .map(|(t, e)| (t.as_str(), *e))
        .chain([(&*q, true)])
    {
        for h in hl.matches(text, english) {
            assert!(h.slice(text).is_some(), "highlight {h:?} is not a slice");
        }
        if let Some(s) = hl.snippet(text, 0, english) {
            assert_eq!(s.span.slice(text), Some(s.text.as_str()), "snippet span");
            for h in &s.highlights {
                assert!(
                    s.span.contains(*h) && h.slice(text).is_some(),
                    "highlight {h:?}"
                );
            }
        }
    }
}

/// The only refusal: a query with nothing to search for, said plainly.
fn check_refusal(q: &str, e: &SearchError) {
    assert!(
        matches!(e, SearchError::Query(_)),
        "query {q:?} failed with {e:?}, not a bad-query message"
    );
    assert!(e.to_string().starts_with("bad query: "), "{e}");
}
