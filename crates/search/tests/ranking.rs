//! The pruned ranking (`rank.rs`: block-max WAND over the query's terms,
//! then the full score on a window) against tantivy's top-k over the whole
//! query, on an index with many more matches than the window: the same
//! documents in the same order, pages included, and an exact-diacritics
//! match still above a folded one.

use hoptac_ingest::{content_id, MinHash};
use hoptac_model::{DocumentMeta, Lang};
use hoptac_search::{Partners, SearchIndex, SearchRequest};
use hoptac_store::{NewDocument, Store};

/// Article `i`: its words repeated so that scores differ from one to the
/// next (how often, how long), half of them writing "Nhật Bản", the others
/// words that fold the same ("nhất bàn").
fn article(i: usize) -> String {
    let mut s = format!("Bản tin {i}. ");
    for _ in 0..(i % 5 + 1) {
        s.push_str("Hợp tác kinh tế được thúc đẩy. ");
    }
    if i % 2 == 0 {
        s.push_str("Nhật Bản hỗ trợ. ");
    } else {
        s.push_str("Nhất bàn tròn hỗ trợ. ");
    }
    for k in 0..(i % 11) {
        s.push_str(&format!("chữ{k} "));
    }
    if i % 3 == 0 {
        s.push_str("Kinh tế số và chuyển đổi năng lượng.");
    }
    s
}

fn doc(text: &str) -> NewDocument {
    let sig = MinHash::of(text);
    NewDocument {
        id: content_id(text),
        source: "gen".into(),
        text: text.into(),
        meta: DocumentMeta {
            lang: Some(Lang::Vi),
            ..Default::default()
        },
        format: "txt".into(),
        bytes: text.len(),
        minhash: sig.to_bytes(),
        bands: sig.bands(),
        facts: vec![],
        entities: vec![],
        mentions: vec![],
        extractor: "test".into(),
    }
}

fn req(q: &str, limit: usize, offset: usize) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit,
        offset,
        duplicates: true,
        ..Default::default()
    }
}

#[tokio::test]
async fn pruned_ranking_is_the_full_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let store = Store::open(db.to_str().unwrap()).await.unwrap();
    let docs: Vec<NewDocument> = (0..600).map(|i| doc(&article(i))).collect();
    for r in store.put_documents(&docs).await.unwrap() {
        r.unwrap();
    }
    let mut ix = SearchIndex::open(&dir.path().join("index"), Partners::new()).unwrap();
    ix.sync(&store).await.unwrap();

    for q in [
        "kinh tế",
        "kinh te",
        "hợp tác",
        "Nhật Bản",
        "nhat ban",
        "hỗ trợ",
        "chuyen doi nang luong",
        "\"kinh tế số\"",
    ] {
        for (limit, offset) in [(10, 0), (10, 10), (25, 50)] {
            let r = req(q, limit, offset);
            let total = ix.count_documents(&r).unwrap();
            assert!(total > 100, "{q}: {total} matches, more than the window");
            let pruned = ix.top_documents(&r).unwrap();
            let full = ix.top_documents_unpruned(&r).unwrap();
            let ids = |v: &[(f32, String)]| v.iter().map(|x| x.1.clone()).collect::<Vec<_>>();
            assert_eq!(
                ids(&pruned),
                ids(&full),
                "{q} (limit {limit}, offset {offset})"
            );
            for (a, b) in pruned.iter().zip(&full) {
                assert!((a.0 - b.0).abs() < 1e-4, "{q}: scores {} and {}", a.0, b.0);
            }
        }
    }
    // Diacritics typed: every "Nhật Bản" ranks above every "Nhất bàn".
    let top = ix.top_documents(&req("Nhật Bản", 300, 0)).unwrap();
    assert_eq!(top.len(), 300);
    let texts: std::collections::HashMap<String, String> = docs
        .iter()
        .map(|d| (d.id.clone(), d.text.clone()))
        .collect();
    let exact = top
        .iter()
        .take_while(|(_, id)| texts[id].contains("Nhật Bản"))
        .count();
    assert_eq!(exact, 300, "the exact matches come first");
    ix.close().unwrap();
    store.close().await;
}
