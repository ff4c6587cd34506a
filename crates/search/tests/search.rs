//! Search on the project's own sample articles (`data/samples`), on both
//! store backends: SQLite always, PostgreSQL when reachable
//! (`HOPTAC_TEST_POSTGRES`, default `postgres://postgres@127.0.0.1:5432/test`;
//! a database of its own per run, dropped afterwards).

use hoptac_extract::Extractor;
use hoptac_ingest::{content_id, read_inputs, MinHash, ReadOptions};
use hoptac_model::{DocumentMeta, EXTRACTOR_VERSION};
use hoptac_search::{IndexDoc, Partners, SearchIndex, SearchRequest, SearchResults};
use hoptac_store::testing::postgres;
use hoptac_store::{NewDocument, PutOutcome, Store};
use std::path::{Path, PathBuf};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples")
}

fn partners(ex: &Extractor) -> Partners {
    hoptac_search::partners_from_gazetteer(ex.gazetteer())
}

fn prepare(ex: &Extractor, text: &str, source: &str, meta: DocumentMeta) -> NewDocument {
    let a = ex.analyze(text, &meta);
    let sig = MinHash::of(text);
    let mut meta = meta;
    meta.lang = meta.lang.or(a.lang);
    NewDocument {
        id: content_id(text),
        source: source.into(),
        meta,
        format: "txt".into(),
        bytes: text.len(),
        minhash: sig.to_bytes(),
        bands: sig.bands(),
        facts: a.facts,
        entities: a.entities,
        mentions: a.mentions,
        extractor: EXTRACTOR_VERSION.into(),
        text: text.into(),
    }
}

/// Store a document, and index it when `index` is given (as `hoptac ingest` does).
async fn put(store: &Store, ix: Option<&mut SearchIndex>, d: &NewDocument) {
    let out = store.put_document(d).await.unwrap();
    if let Some(ix) = ix {
        index(ix, d, out);
    }
}

fn index(ix: &mut SearchIndex, d: &NewDocument, out: PutOutcome) {
    {
        let mut entities: Vec<String> = d.mentions.iter().map(|m| m.entity.clone()).collect();
        entities.sort();
        entities.dedup();
        ix.add(&IndexDoc {
            id: &d.id,
            text: &d.text,
            title: d.meta.title.as_deref(),
            lang: d.meta.lang.map(|l| l.code()),
            published: d.meta.published.map(|p| p.to_string()),
            duplicate: matches!(out, PutOutcome::NearDuplicate { .. }),
            facts: &d.facts,
            entities,
        })
        .unwrap();
    }
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 10,
        facets: true,
        ..Default::default()
    }
}

async fn stored_text(store: &Store, id: &str) -> String {
    store.document(id).await.unwrap().text
}

/// Every highlight slices the stored text and folds to a query word.
async fn check_spans(store: &Store, r: &SearchResults) {
    let words: Vec<String> = r
        .query
        .split_whitespace()
        .map(|w| hoptac_text::fold(w.trim_matches('"')))
        .collect();
    for d in &r.documents {
        let text = stored_text(store, &d.id).await;
        let s = d.snippet.as_ref().expect("a snippet");
        assert_eq!(s.span.slice(&text), Some(s.text.as_str()));
        assert!(!s.highlights.is_empty());
        for h in &s.highlights {
            let w = hoptac_text::fold(h.slice(&text).unwrap());
            assert!(words.contains(&w), "{w} not in {words:?}");
        }
    }
    for f in &r.facts {
        let text = stored_text(store, &f.doc_id).await;
        let span: [usize; 2] = serde_json::from_value(f.fact["span"].clone()).unwrap();
        assert_eq!(&text[span[0]..span[1]], f.fact["text"].as_str().unwrap());
        assert_eq!(f.sentence.span.slice(&text), Some(f.sentence.text.as_str()));
        for h in &f.sentence.highlights {
            assert!(words.contains(&hoptac_text::fold(h.slice(&text).unwrap())));
        }
    }
}

async fn story(location: &str, index_dir: &Path) {
    let ex = Extractor::builtin();
    let store = Store::open(location).await.unwrap();
    let mut ix = SearchIndex::open(index_dir, partners(&ex)).unwrap();
    // The samples go in as one batch (as `hoptac ingest` stores them),
    // the republication among them.
    let docs: Vec<NewDocument> = read_inputs(&[samples()], &ReadOptions::default())
        .into_iter()
        .map(|d| {
            let raw = d.unwrap();
            prepare(&ex, &raw.text, &raw.source, raw.meta.clone())
        })
        .collect();
    let n = docs.len();
    let outcomes = store.put_documents(&docs).await.unwrap();
    let mut near = 0;
    for (d, o) in docs.iter().zip(outcomes) {
        let o = o.unwrap();
        near += matches!(o, PutOutcome::NearDuplicate { .. }) as usize;
        index(&mut ix, d, o);
    }
    assert_eq!(
        near, 2,
        "the two republications (06 of 01, 13 of 11) are found inside the batch"
    );
    let rep = ix.sync(&store).await.unwrap();
    assert_eq!(rep.rebuilt, None);
    assert_eq!(rep.documents, store.document_count().await.unwrap() as u64);
    assert!(n >= 9);

    // Folded query finds the Vietnamese articles that write it with marks;
    // the republication (a near-duplicate) is left out unless asked for.
    let r = ix.search(&store, &req("phat thai rong")).await.unwrap();
    assert_eq!(
        r.total,
        3,
        "{:?}",
        r.documents.iter().map(|d| &d.title).collect::<Vec<_>>()
    );
    check_spans(&store, &r).await;
    let mut all = req("phat thai rong");
    all.duplicates = true;
    assert_eq!(ix.search(&store, &all).await.unwrap().total, 4);

    // đ folds to d: "doi tac" finds "đối tác".
    let r = ix.search(&store, &req("doi tac")).await.unwrap();
    assert!(r.total >= 3);
    check_spans(&store, &r).await;

    // Facets count matching documents by year, language, partner, entity.
    let f = r.facets.clone().unwrap();
    assert!(f.year.iter().any(|(y, _)| y == "2025"));
    assert!(f.lang.iter().any(|(l, _)| l == "vi"));
    assert!(
        f.partner.iter().any(|(p, _)| p == "japan"),
        "{:?}",
        f.partner
    );
    assert!(f.entity.iter().any(|(e, _)| e == "asean"));

    // Filters: language, dates, entity.
    let mut en = req("japan");
    en.lang = Some("en".into());
    let r = ix.search(&store, &en).await.unwrap();
    assert!(r.total >= 2);
    assert!(r.documents.iter().all(|d| d.lang.as_deref() == Some("en")));
    let mut dated = req("asean");
    dated.from = chrono::NaiveDate::from_ymd_opt(2023, 1, 1);
    dated.to = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    let r = ix.search(&store, &dated).await.unwrap();
    assert!(r.total >= 1);
    assert!(r.documents.iter().all(|d| d
        .published
        .as_deref()
        .is_some_and(|p| p.starts_with("2023"))));
    let mut korea = req("asean");
    korea.entity = Some("korea".into());
    let rk = ix.search(&store, &korea).await.unwrap();
    let everything = ix.search(&store, &req("asean")).await.unwrap();
    assert!(rk.total >= 1 && rk.total < everything.total);

    // Pages: an offset skips that many of the same ranking; the total and
    // facets stay those of the whole search.
    assert!(everything.documents.len() >= 3);
    let mut second = req("asean");
    second.limit = 2;
    second.offset = 1;
    let page = ix.query(&store, &second).await.unwrap();
    assert_eq!(page.total, everything.total);
    let ids = |r: &SearchResults| r.documents.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&page), ids(&everything)[1..3].to_vec());
    assert_eq!(
        page.facets.as_ref().map(|f| f.year.clone()),
        everything.facets.as_ref().map(|f| f.year.clone())
    );

    // Fact hits: figures whose sentence speaks of trade.
    let mut figs = req("thương mại");
    figs.kind = Some("figure".into());
    let r = ix.search(&store, &figs).await.unwrap();
    assert!(!r.facts.is_empty());
    assert!(r.documents.is_empty());
    assert!(r.facts.iter().all(|f| f.fact["kind"] == "figure"));
    check_spans(&store, &r).await;

    // A quoted phrase needs its syllables in order.
    let r = ix.search(&store, &req("\"ròng thải\"")).await.unwrap();
    assert_eq!(r.total, 0);
    let r = ix.search(&store, &req("\"thải ròng\"")).await.unwrap();
    assert_eq!(r.total, 3);

    // Exact diacritics rank above a folded match (the second text is
    // written without marks, as some wires do).
    let with_marks = prepare(
        &ex,
        "Hợp tác với Nhật Bản về năng lượng sạch.",
        "a",
        DocumentMeta::default(),
    );
    let without = prepare(
        &ex,
        "Ban tin ngan: Nhat Ban cam ket von cho nang luong sach o Mekong.",
        "b",
        DocumentMeta::default(),
    );
    put(&store, Some(&mut ix), &with_marks).await;
    put(&store, Some(&mut ix), &without).await;
    let r = ix
        .search(&store, &req("Nhật Bản năng lượng sạch"))
        .await
        .unwrap();
    assert_eq!(r.documents[0].id, with_marks.id);
    let r = ix
        .search(&store, &req("nhat ban nang luong sach"))
        .await
        .unwrap();
    assert_eq!(r.documents[0].id, without.id);
    assert!(r.documents.iter().any(|d| d.id == with_marks.id));

    // A document stored behind the index's back is caught up on the next search.
    let sneaky = prepare(
        &ex,
        "Sáng kiến thử nghiệm về hydro xanh giữa hai bên.",
        "c",
        DocumentMeta::default(),
    );
    put(&store, None, &sneaky).await;
    let r = ix.search(&store, &req("hydro xanh")).await.unwrap();
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.documents[0].id, sneaky.id);
    ix.close().unwrap();

    // An index thrown away is rebuilt from the store.
    std::fs::remove_dir_all(index_dir).unwrap();
    let mut ix = SearchIndex::open(index_dir, partners(&ex)).unwrap();
    let r = ix.search(&store, &req("phat thai rong")).await.unwrap();
    assert_eq!(r.total, 3);
    let rep = ix.rebuild(&store, "test").await.unwrap();
    assert_eq!(rep.documents, store.document_count().await.unwrap() as u64);
    ix.close().unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("s.db").to_string_lossy().to_string();
    story(&loc, &hoptac_search::index_dir(&loc, dir.path())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_on_postgres() {
    let Some(pg) = postgres().await else { return };
    let dir = tempfile::tempdir().unwrap();
    story(&pg.url, &hoptac_search::index_dir(&pg.url, dir.path())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_store_at_the_same_path_is_not_the_old_index() {
    let ex = Extractor::builtin();
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("s.db").to_string_lossy().to_string();
    let idx = hoptac_search::index_dir(&loc, dir.path());
    {
        let store = Store::open(&loc).await.unwrap();
        let mut ix = SearchIndex::open(&idx, partners(&ex)).unwrap();
        let d = prepare(
            &ex,
            "Bản tin thứ nhất về Nhật Bản.",
            "a",
            DocumentMeta::default(),
        );
        put(&store, Some(&mut ix), &d).await;
        ix.sync(&store).await.unwrap();
        ix.close().unwrap();
        store.close().await;
    }
    for f in ["s.db", "s.db-wal", "s.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    let store = Store::open(&loc).await.unwrap();
    let d = prepare(
        &ex,
        "Một bản tin khác về Hàn Quốc.",
        "b",
        DocumentMeta::default(),
    );
    put(&store, None, &d).await;
    let mut ix = SearchIndex::open(&idx, partners(&ex)).unwrap();
    let rep = ix.sync(&store).await.unwrap();
    assert!(rep.rebuilt.is_some());
    assert_eq!(ix.search(&store, &req("nhat ban")).await.unwrap().total, 0);
    assert_eq!(ix.search(&store, &req("han quoc")).await.unwrap().total, 1);
    ix.close().unwrap();
    store.close().await;
}
