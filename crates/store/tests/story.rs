//! One story of the store, run on every backend: SQLite always, PostgreSQL
//! when reachable (`HOPTAC_TEST_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432/test`). Each PostgreSQL run gets a
//! database of its own, dropped afterwards.

use hoptac_model::{Acronym, DocumentMeta, Entity, Fact, FactBody, Mention};
use hoptac_store::testing::postgres;
use hoptac_store::{NewDocument, PutOutcome, Store, StoreError};
use hoptac_text::Span;

fn doc(text: &str, source: &str) -> NewDocument {
    let start = text.find("(AZEC)").unwrap() + 1;
    let span = Span::new(start, start + 4);
    let sig = hoptac_ingest_like_signature(text);
    NewDocument {
        id: blake3::hash(text.as_bytes()).to_hex()[..32].to_string(),
        source: source.into(),
        text: text.into(),
        meta: DocumentMeta {
            published: chrono::NaiveDate::from_ymd_opt(2025, 10, 26),
            ..Default::default()
        },
        format: "text".into(),
        bytes: text.len(),
        minhash: sig.clone(),
        bands: vec![fxhash(&text.as_bytes()[..20]) as i64, 42],
        facts: vec![Fact {
            text: "AZEC".into(),
            span,
            mentions: vec![],
            sentence: 0,
            entity: Some("azec".into()),
            flags: vec![],
            body: FactBody::Acronym(Acronym {
                acronym: "AZEC".into(),
                canonical: Some("AZEC".into()),
                ..Default::default()
            }),
        }],
        entities: vec![Entity {
            id: "azec".into(),
            kind: "initiative".into(),
            name_en: Some("Asia Zero Emission Community".into()),
            acronym: Some("AZEC".into()),
        }],
        mentions: vec![Mention {
            entity: "azec".into(),
            span,
        }],
        extractor: "test".into(),
    }
}

fn fxhash(s: &[u8]) -> u64 {
    s.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x100000001b3)
    })
}

/// A fake signature: equal for texts sharing their first 20 bytes.
fn hoptac_ingest_like_signature(text: &str) -> Vec<u8> {
    let mut v = fxhash(&text.as_bytes()[..20]).to_le_bytes().repeat(8);
    v[0] = text.len() as u8; // 7 of 8 lanes equal between near copies
    v
}

async fn story(location: &str) {
    let store = Store::open(location).await.expect("open");
    // Opening twice runs migrations again harmlessly.
    let store2 = Store::open(location).await.expect("reopen");
    store2.close().await;

    let a = doc(
        "Tin gốc về sáng kiến Cộng đồng châu Á phát thải ròng bằng 0 (AZEC) của Nhật Bản.",
        "a.txt",
    );
    assert_eq!(store.put_document(&a).await.unwrap(), PutOutcome::New);
    assert_eq!(
        store.put_document(&a).await.unwrap(),
        PutOutcome::Duplicate,
        "same id stored once"
    );

    let b = doc("Tin gốc về sáng kiến Cộng đồng châu Á phát thải ròng bằng 0 (AZEC) của Nhật Bản. Nguồn: báo khác.", "b.txt");
    match store.put_document(&b).await.unwrap() {
        PutOutcome::NearDuplicate { of, similarity } => {
            assert_eq!(of, a.id);
            assert!(similarity >= 0.7);
        }
        other => panic!("expected a near-duplicate, got {other:?}"),
    }

    // A fact whose span does not give back its text is refused, and the
    // whole document with it: nothing half-stored.
    let mut bad = doc(
        "Một bài khác hẳn, nói về Cộng đồng châu Á phát thải ròng bằng 0 (AZEC) và hơn thế.",
        "bad.txt",
    );
    bad.facts[0].text = "AZEX".into();
    assert!(matches!(
        store.put_document(&bad).await,
        Err(StoreError::Corrupt(_))
    ));
    assert!(!store.has_document(&bad.id).await.unwrap());

    let c = store.counts().await.unwrap();
    assert_eq!(
        (c.documents, c.near_duplicates, c.facts, c.entities),
        (2, 1, 2, 1)
    );

    let docs = store.documents(10, 0).await.unwrap();
    assert_eq!(
        docs.iter().map(|d| d.source.as_str()).collect::<Vec<_>>(),
        ["a.txt", "b.txt"]
    );
    assert_eq!(docs[1].duplicate_of.as_deref(), Some(a.id.as_str()));
    assert_eq!(docs[0].published.as_deref(), Some("2025-10-26"));

    let full = store.document(&a.id[..8]).await.unwrap();
    assert_eq!(full.text, a.text);
    let facts = store.facts(&a.id).await.unwrap();
    assert_eq!(facts, a.facts);
    assert_eq!(facts[0].span.slice(&full.text), Some("AZEC"));
    assert!(matches!(
        store.document("zz").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.document("ffffffff").await,
        Err(StoreError::NotFound(_))
    ));

    let ents = store.entities().await.unwrap();
    assert_eq!(ents.len(), 1);
    assert_eq!(ents[0].surfaces, vec!["AZEC".to_string()]);
    assert_eq!(
        ents[0].documents, 1,
        "the near-duplicate is not a second document"
    );
    assert_eq!(ents[0].mentions, 2);
    store.close().await;
}

#[tokio::test]
async fn story_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    story(dir.path().join("sub/store.db").to_str().unwrap()).await;
}

#[tokio::test]
async fn story_on_postgres() {
    let Some(db) = postgres().await else { return };
    story(&db.url).await;
}

#[tokio::test]
async fn concurrent_writers_store_each_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("c.db").to_str().unwrap().to_string();
    let pg = postgres().await;
    let mut locations = vec![sqlite];
    if let Some(db) = &pg {
        locations.push(db.url.clone());
    }
    for loc in locations {
        let docs: Vec<NewDocument> = (0..20)
            .map(|i| {
                doc(
                    &format!(
                        "Văn bản số {i:03} nói về Cộng đồng (AZEC) và nhiều nội dung khác {i}."
                    ),
                    &format!("{i}.txt"),
                )
            })
            .collect();
        let mut tasks = Vec::new();
        for w in 0..4 {
            let loc = loc.clone();
            let docs = docs.clone();
            tasks.push(tokio::spawn(async move {
                let s = Store::open(&loc).await.unwrap();
                let mut new = 0;
                for d in docs.iter().cycle().skip(w * 5).take(20) {
                    if !matches!(s.put_document(d).await.unwrap(), PutOutcome::Duplicate) {
                        new += 1;
                    }
                }
                new
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.unwrap();
        }
        assert_eq!(
            total, 20,
            "each document stored by exactly one writer ({loc})"
        );
        let s = Store::open(&loc).await.unwrap();
        assert_eq!(s.counts().await.unwrap().documents, 20);
    }
}
