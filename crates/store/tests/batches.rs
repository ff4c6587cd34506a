//! A batch stored in one go (`Store::put_documents`, a few statements per
//! table) gives what storing its documents one after another gives: the
//! same outcomes (new, duplicate, near-duplicate of which original), the
//! same numbers, bands and mentions, including when a document's
//! duplicate or republication is in the same batch. A bad document in a
//! batch fails alone. On SQLite always, PostgreSQL when reachable.

use hoptac_ingest::dedup::MinHash;
use hoptac_model::{DocumentMeta, Entity, Mention};
use hoptac_store::testing::postgres;
use hoptac_store::{NewDocument, PutOutcome, Store};
use hoptac_text::Span;
use sqlx::Row;

/// Article `i`: words of its own and a shared paragraph.
fn article(i: usize) -> String {
    let own: Vec<String> = (0..60).map(|j| format!("bai{i}chu{j}")).collect();
    format!(
        "Bản tin số {i}. {} Các bên nhất trí tăng cường hợp tác kinh tế, thương mại và đầu tư.",
        own.join(" ")
    )
}

/// A republication: the same story with an agency's line around it.
fn republished(i: usize) -> String {
    format!("Đăng lại: {} Nguồn: TTXVN.", article(i))
}

fn doc(text: &str, source: &str) -> NewDocument {
    let sig = MinHash::of(text);
    NewDocument {
        id: blake3::hash(text.as_bytes()).to_hex()[..32].to_string(),
        source: source.into(),
        text: text.into(),
        meta: DocumentMeta::default(),
        format: "text".into(),
        bytes: text.len(),
        minhash: sig.to_bytes(),
        bands: sig.bands(),
        facts: vec![],
        entities: vec![],
        mentions: vec![],
        extractor: "test".into(),
    }
}

/// `doc` naming ASEAN where the text does.
fn with_mention(text: &str, source: &str) -> NewDocument {
    let mut d = doc(text, source);
    let at = text.find("Bản tin").expect("the article's opening");
    d.entities.push(Entity {
        id: "org:test".into(),
        kind: "organization".into(),
        name_en: Some("Test Organisation".into()),
        acronym: None,
    });
    d.mentions.push(Mention {
        entity: "org:test".into(),
        span: Span::new(at, at + "Bản tin".len()),
    });
    d
}

/// What a store holds, in storage order: (id, seq, duplicate_of) of each
/// document, its bands, its mentions.
async fn contents(store: &Store) -> Vec<(String, i64, Option<String>, i64, i64)> {
    sqlx::query(
        "SELECT d.id, d.seq, d.duplicate_of, \
           (SELECT COUNT(*) FROM doc_bands b WHERE b.doc_seq = d.seq) AS nb, \
           (SELECT COUNT(*) FROM mentions m WHERE m.doc_id = d.id) AS nm \
         FROM documents d ORDER BY d.seq",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get("id"),
            r.get("seq"),
            r.get("duplicate_of"),
            r.get("nb"),
            r.get("nm"),
        )
    })
    .collect()
}

async fn same_as_one_by_one(batched_at: &str, single_at: &str) {
    let batched = Store::open(batched_at).await.expect("open");
    let single = Store::open(single_at).await.expect("open");
    // Already stored: twenty articles.
    let first: Vec<NewDocument> = (0..20)
        .map(|i| doc(&article(i), &format!("{i}.txt")))
        .collect();
    for o in batched.put_documents(&first).await.unwrap() {
        assert_eq!(o.unwrap(), PutOutcome::New);
    }
    for d in &first {
        assert_eq!(single.put_document(d).await.unwrap(), PutOutcome::New);
    }
    // The batch: new stories, their republications and copies in the same
    // batch, a copy and a republication of stored ones.
    let batch = vec![
        doc(&article(50), "50.txt"),
        doc(&republished(50), "50-again.txt"),
        doc(&article(3), "3-copy.txt"),
        with_mention(&article(51), "51.txt"),
        doc(&article(51), "51-copy.txt"),
        doc(&republished(5), "5-again.txt"),
        doc(&republished(51), "51-again.txt"),
        doc(&article(52), "52.txt"),
    ];
    let got: Vec<PutOutcome> = batched
        .put_documents(&batch)
        .await
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let mut want = Vec::new();
    for d in &batch {
        want.push(single.put_document(d).await.unwrap());
    }
    assert_eq!(got, want);
    // And the cases are the ones meant.
    let id = |i: usize| doc(&article(i), "").id;
    assert!(matches!(&got[1], PutOutcome::NearDuplicate { of, .. } if *of == id(50)));
    assert_eq!(got[2], PutOutcome::Duplicate);
    assert_eq!(
        got[4],
        PutOutcome::Duplicate,
        "a copy earlier in the same batch"
    );
    assert!(matches!(&got[5], PutOutcome::NearDuplicate { of, .. } if *of == id(5)));
    assert!(matches!(&got[6], PutOutcome::NearDuplicate { of, .. } if *of == id(51)));
    assert_eq!(contents(&batched).await, contents(&single).await);
    let stored = contents(&batched).await;
    assert_eq!(stored.len(), 20 + 6);
    // Originals have their bands, republications none; one mention.
    for (id, _, dup, nb, _) in &stored {
        if dup.is_some() {
            assert_eq!(*nb, 0, "{id}: a near-duplicate adds no bands");
        } else {
            assert!(*nb > 0, "{id}: an original has its bands");
        }
    }
    assert_eq!(stored.iter().map(|r| r.4).sum::<i64>(), 1);

    // A bad document (a mention outside its text) fails alone.
    let mut bad = doc(&article(60), "60.txt");
    bad.mentions.push(Mention {
        entity: "org:test".into(),
        span: Span::new(0, bad.text.len() + 5),
    });
    let out = batched
        .put_documents(&[
            doc(&article(61), "61.txt"),
            bad,
            doc(&article(62), "62.txt"),
        ])
        .await
        .unwrap();
    assert_eq!(out[0].as_ref().unwrap(), &PutOutcome::New);
    let err = out[1].as_ref().unwrap_err().to_string();
    assert!(
        err.contains("60.txt"),
        "the error names the document: {err}"
    );
    assert_eq!(out[2].as_ref().unwrap(), &PutOutcome::New);
    assert_eq!(contents(&batched).await.len(), 26 + 2);
    batched.close().await;
    single.close().await;
}

#[tokio::test]
async fn batch_is_one_by_one_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    same_as_one_by_one(
        dir.path().join("batched.db").to_str().unwrap(),
        dir.path().join("single.db").to_str().unwrap(),
    )
    .await;
}

#[tokio::test]
async fn batch_is_one_by_one_on_postgres() {
    let Some(a) = postgres().await else { return };
    let Some(b) = postgres().await else { return };
    same_as_one_by_one(&a.url, &b.url).await;
}

/// Batches large enough for the band filter (`filter.rs`) give what one by
/// one gives, and another writer's documents between two batches (which
/// the filter cannot know) are still found: the filter is seen to be
/// behind and read again.
async fn filtered_batches_are_one_by_one(batched_at: &str, single_at: &str) {
    let batched = Store::open(batched_at).await.expect("open");
    let other = Store::open(batched_at).await.expect("open");
    let single = Store::open(single_at).await.expect("open");
    let mut outcomes = Vec::new();
    let mut expected = Vec::new();
    // Round 1: 100 stories. Round 2: 40 republications of them and 60
    // new stories.
    let round1: Vec<NewDocument> = (0..100)
        .map(|i| doc(&article(i), &format!("{i}.txt")))
        .collect();
    let round2: Vec<NewDocument> = (0..40)
        .map(|i| doc(&republished(i * 2), &format!("{i}-again.txt")))
        .chain((100..160).map(|i| doc(&article(i), &format!("{i}.txt"))))
        .collect();
    for round in [&round1, &round2] {
        outcomes.extend(batched.put_documents(round).await.unwrap());
        for d in round.iter() {
            expected.push(single.put_document(d).await.unwrap());
        }
    }
    // Another writer stores a story the batch writer's filter has not seen.
    let late = doc(&article(500), "500.txt");
    assert_eq!(other.put_document(&late).await.unwrap(), PutOutcome::New);
    assert_eq!(single.put_document(&late).await.unwrap(), PutOutcome::New);
    // Round 3: its republication among 70 new stories.
    let round3: Vec<NewDocument> = std::iter::once(doc(&republished(500), "500-again.txt"))
        .chain((200..270).map(|i| doc(&article(i), &format!("{i}.txt"))))
        .collect();
    outcomes.extend(batched.put_documents(&round3).await.unwrap());
    for d in &round3 {
        expected.push(single.put_document(d).await.unwrap());
    }
    let got: Vec<PutOutcome> = outcomes.into_iter().map(Result::unwrap).collect();
    assert_eq!(got, expected);
    let near = got
        .iter()
        .filter(|o| matches!(o, PutOutcome::NearDuplicate { .. }))
        .count();
    assert_eq!(near, 41, "every republication is found");
    assert!(
        matches!(&got[200], PutOutcome::NearDuplicate { of, .. } if *of == late.id),
        "the other writer's story is found through the store"
    );
    assert_eq!(contents(&batched).await, contents(&single).await);
    batched.close().await;
    other.close().await;
    single.close().await;
}

#[tokio::test]
async fn filtered_batches_are_one_by_one_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    filtered_batches_are_one_by_one(
        dir.path().join("batched.db").to_str().unwrap(),
        dir.path().join("single.db").to_str().unwrap(),
    )
    .await;
}

#[tokio::test]
async fn filtered_batches_are_one_by_one_on_postgres() {
    let Some(a) = postgres().await else { return };
    let Some(b) = postgres().await else { return };
    filtered_batches_are_one_by_one(&a.url, &b.url).await;
}
