//! The ranking (`rank.rs`: a sweep over every match scored by its words,
//! then the phrase bonus on a window) against tantivy's top-k over the
//! whole query, on indexes with many more matches than the window: the
//! same documents in the same order, pages included, the same number of
//! matches, and an exact-diacritics match still above a folded one.

use hoptac_ingest::{content_id, MinHash};
use hoptac_model::{DocumentMeta, Entity, Lang, Mention};
use hoptac_search::{Partners, SearchIndex, SearchRequest};
use hoptac_store::{NewDocument, PutOutcome, Store};

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

/// Article `i` of a mixed index: Vietnamese and English, dated over six
/// years, some naming Japan (an entity), rare words in one of seven or nine, words
/// repeated so that scores differ, and every fortieth a near-copy of the
/// one before (a near-duplicate).
fn mixed(i: usize) -> (String, Lang, chrono::NaiveDate, bool) {
    let base = if i % 40 == 1 { i - 1 } else { i };
    let english = base % 3 == 0;
    let mut s = String::new();
    if english {
        s.push_str(&format!("Report {base}. "));
        for _ in 0..(base % 4 + 1) {
            s.push_str("Economic cooperation was promoted with partners. ");
        }
        if base % 2 == 0 {
            s.push_str("Japan supports the energy transition. ");
        } else {
            s.push_str("Trading partners support transitions in energy. ");
        }
        if base % 9 == 0 {
            s.push_str("A rare milestone. ");
        }
        for k in 0..(base % 7) {
            s.push_str(&format!("word{k} "));
        }
    } else {
        s.push_str(&format!("Bản tin {base}. "));
        for _ in 0..(base % 5 + 1) {
            s.push_str("Hợp tác kinh tế được thúc đẩy. ");
        }
        if base % 2 == 0 {
            s.push_str("Nhật Bản hỗ trợ chuyển đổi năng lượng. ");
        } else {
            s.push_str("Nhất bàn tròn hỗ trợ năng lượng chuyển đổi. ");
        }
        if base % 7 == 1 {
            s.push_str("Một dấu mốc hiếm hoi. ");
        }
        for k in 0..(base % 11) {
            s.push_str(&format!("chữ{k} "));
        }
    }
    if i != base {
        s.push_str("Thêm một câu.");
    }
    let day = chrono::NaiveDate::from_ymd_opt(
        2019 + (base % 6) as i32,
        1 + (base % 12) as u32,
        1 + (base % 28) as u32,
    )
    .unwrap();
    (
        s,
        if english { Lang::En } else { Lang::Vi },
        day,
        base % 2 == 0,
    )
}

fn mixed_doc(i: usize) -> NewDocument {
    let (text, lang, day, japan) = mixed(i);
    let mut d = doc(&text);
    d.meta = DocumentMeta {
        lang: Some(lang),
        published: Some(day),
        ..Default::default()
    };
    if japan {
        let at = text
            .find("Japan")
            .or_else(|| text.find("Nhật Bản"))
            .unwrap();
        let len = if text[at..].starts_with("Japan") {
            5
        } else {
            "Nhật Bản".len()
        };
        d.entities = vec![Entity {
            id: "jp".into(),
            kind: "country".into(),
            name_en: Some("Japan".into()),
            acronym: None,
        }];
        d.mentions = vec![Mention {
            entity: "jp".into(),
            span: hoptac_text::Span::new(at, at + len),
        }];
    }
    d
}

fn date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

/// Every shape of query the sweep handles, on several segments and two
/// threads: the sweep's page, count and facets are tantivy's.
#[tokio::test]
async fn the_sweep_ranks_and_counts_as_tantivy_does() {
    // Two threads even on a small index, so the merge of their heaps is
    // tested too.
    std::env::set_var("HOPTAC_SEARCH_THREADS", "2");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let store = Store::open(db.to_str().unwrap()).await.unwrap();
    let mut ix = SearchIndex::open(&dir.path().join("index"), Partners::new()).unwrap();
    let docs: Vec<NewDocument> = (0..1200).map(mixed_doc).collect();
    // Stored and indexed in four rounds: four segments.
    let mut near = 0;
    for part in docs.chunks(300) {
        for r in store.put_documents(part).await.unwrap() {
            near += usize::from(matches!(r.unwrap(), PutOutcome::NearDuplicate { .. }));
        }
        ix.sync(&store).await.unwrap();
    }
    assert!(near >= 20, "{near} near-duplicates");

    let base = SearchRequest {
        limit: 10,
        duplicates: true,
        ..Default::default()
    };
    let mut cases: Vec<SearchRequest> = Vec::new();
    for q in [
        "kinh tế",
        "hợp tác kinh tế",
        "hop tac kinh te",
        "Nhật Bản hỗ trợ",
        "nhat ban",
        "năng lượng chuyển đổi",
        "kinh tế hiếm",
        "energy transition",
        "supports transitions",
        "partners cooperation",
        "rare milestone",
        "\"kinh tế\"",
        "\"chuyển đổi năng lượng\" hỗ trợ",
        "\"energy transition\"",
        "\"hỗ trợ\" \"năng lượng\"",
    ] {
        cases.push(SearchRequest {
            query: q.into(),
            ..base.clone()
        });
        cases.push(SearchRequest {
            query: q.into(),
            limit: 25,
            offset: 30,
            ..base.clone()
        });
        cases.push(SearchRequest {
            query: q.into(),
            lang: Some(if q.is_ascii() { "en" } else { "vi" }.into()),
            ..base.clone()
        });
        // Whole years, then a range from mid-year to mid-year.
        cases.push(SearchRequest {
            query: q.into(),
            from: date(2020, 1, 1),
            to: date(2021, 12, 31),
            ..base.clone()
        });
        cases.push(SearchRequest {
            query: q.into(),
            from: date(2020, 6, 15),
            to: date(2022, 3, 1),
            ..base.clone()
        });
        cases.push(SearchRequest {
            query: q.into(),
            to: date(2021, 5, 31),
            entity: Some("jp".into()),
            ..base.clone()
        });
        cases.push(SearchRequest {
            query: q.into(),
            duplicates: false,
            ..base.clone()
        });
    }
    let mut compared = 0;
    for r in &cases {
        let full = ix
            .top_documents_unpruned(&SearchRequest {
                limit: 100_000,
                offset: 0,
                ..r.clone()
            })
            .unwrap();
        assert_eq!(ix.count_documents(r).unwrap(), full.len(), "count of {r:?}");
        let swept = ix.top_documents(r).unwrap();
        let page: Vec<(f32, String)> = full.iter().skip(r.offset).take(r.limit).cloned().collect();
        let ids = |v: &[(f32, String)]| v.iter().map(|x| x.1.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&swept), ids(&page), "page of {r:?}");
        for (a, b) in swept.iter().zip(&page) {
            assert!(
                (a.0 - b.0).abs() < 1e-4,
                "{r:?}: scores {} and {}",
                a.0,
                b.0
            );
        }
        compared += usize::from(!page.is_empty());
        let (swept, full) = ix.facet_counts_both(r).unwrap();
        assert_eq!(swept, full, "facets of {r:?}");
    }
    assert!(
        compared > cases.len() * 3 / 4,
        "{compared} of {} cases had matches",
        cases.len()
    );
    ix.close().unwrap();
    store.close().await;
}
