//! Near-duplicates among many documents that share boilerplate: the
//! republication of one of them is still found, and the lookup reads no
//! more as the store grows. Real MinHash signatures (`hoptac-ingest`), on
//! SQLite always and PostgreSQL when reachable.

use hoptac_ingest::dedup::MinHash;
use hoptac_model::DocumentMeta;
use hoptac_store::testing::postgres;
use hoptac_store::{NewDocument, PutOutcome, Store, HOT_BUCKET, MAX_COMPARED};

/// Template text every article carries (an agency's standard paragraphs).
const BOILERPLATE: &str = "Theo phóng viên thường trú tại Jakarta, các nước thành viên ASEAN \
    và các đối tác đã nhất trí tiếp tục tăng cường hợp tác trong các lĩnh vực chính trị an ninh \
    kinh tế và văn hóa xã hội, thúc đẩy kết nối khu vực, ứng phó với biến đổi khí hậu, bảo đảm \
    an ninh năng lượng và lương thực, hỗ trợ doanh nghiệp vừa và nhỏ, phát triển nguồn nhân lực, \
    chuyển đổi số và kinh tế xanh. Các bên khẳng định cam kết thực hiện đầy đủ và hiệu quả Kế \
    hoạch hành động giai đoạn mới, đồng thời hoan nghênh những kết quả tích cực đã đạt được trong \
    năm qua. Hội nghị diễn ra trong không khí hữu nghị, hợp tác và hiểu biết lẫn nhau. Tin liên \
    quan sẽ được cập nhật trên trang thông tin điện tử của Ban Thư ký ASEAN và các cơ quan báo chí \
    trong khu vực.";

/// Article `i`: its own story (words no other article has) and the
/// boilerplate.
fn article(i: usize) -> String {
    let own: Vec<String> = (0..80).map(|j| format!("tin{i}so{j}")).collect();
    format!("Bài số {i}. {} {BOILERPLATE}", own.join(" "))
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

async fn boilerplate_story(location: &str) {
    let store = Store::open(location).await.expect("open");
    let original = article(7);
    // Template-sharing articles are alike, but not near-duplicates.
    let sim = MinHash::of(&article(1)).similarity(&MinHash::of(&article(2)));
    assert!((0.2..0.7).contains(&sim), "{sim}");

    let mut probes = Vec::new();
    let mut sharing = Vec::new();
    for i in 0..400 {
        let d = doc(&article(i), &format!("{i}.txt"));
        let out = store.put_document(&d).await.unwrap();
        assert_eq!(out, PutOutcome::New, "article {i} is not a near-duplicate");
        if i == 99 || i == 399 {
            // The republication of article 7: another headline and a footer.
            let copy = doc(
                &format!("Tái bản: {original} Nguồn: báo điện tử khác, ngày hôm sau."),
                "copy.txt",
            );
            probes.push(store.near_duplicate_probe(&copy).await.unwrap());
            sharing.push(sharing_a_bucket(&store, &copy).await);
        }
    }
    let original_id = doc(&original, "").id;
    for p in &probes {
        let (of, similarity) = p.best.clone().expect("the republication is found");
        assert_eq!(of, original_id);
        assert!(similarity >= 0.7);
        assert!(p.hot_bands > 0, "the boilerplate's buckets are hot: {p:?}");
        assert!(p.scanned <= 16 * (HOT_BUCKET as usize + 1), "{p:?}");
        assert!(p.compared <= MAX_COMPARED, "{p:?}");
    }
    // What it costs does not grow from 100 to 400 stored documents, while
    // the documents sharing a bucket with it do (the old lookup fetched
    // and compared every one of them).
    assert_eq!(probes[0].scanned, probes[1].scanned, "{probes:?}");
    assert_eq!(probes[0].compared, probes[1].compared, "{probes:?}");
    let copy = doc(
        &format!("Tái bản: {original} Nguồn: báo điện tử khác, ngày hôm sau."),
        "copy.txt",
    );
    assert!(
        sharing[1] > 3 * sharing[0] && sharing[1] > 4 * MAX_COMPARED as i64,
        "documents sharing a bucket with it, at 100 and 400: {sharing:?}"
    );

    // Stored, it is linked to its original and adds no bands of its own.
    match store.put_document(&copy).await.unwrap() {
        PutOutcome::NearDuplicate { of, .. } => assert_eq!(of, original_id),
        other => panic!("expected a near-duplicate, got {other:?}"),
    }
    let own_bands: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM doc_bands WHERE doc_seq = (SELECT seq FROM documents WHERE id = $1)",
    )
    .bind(&copy.id)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(own_bands, 0);
    // A second republication finds the original too (not the copy).
    let again = doc(&format!("Đăng lại: {original} Ảnh: TTXVN."), "again.txt");
    match store.put_document(&again).await.unwrap() {
        PutOutcome::NearDuplicate { of, .. } => assert_eq!(of, original_id),
        other => panic!("expected a near-duplicate, got {other:?}"),
    }
    store.close().await;
}

/// Stored documents in any bucket of `d` (what the lookup used to fetch).
async fn sharing_a_bucket(store: &Store, d: &NewDocument) -> i64 {
    let placeholders: Vec<String> = (1..=d.bands.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT COUNT(DISTINCT doc_seq) AS n FROM doc_bands WHERE band IN ({})",
        placeholders.join(", ")
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for b in &d.bands {
        q = q.bind(*b);
    }
    q.fetch_one(store.pool()).await.unwrap()
}

#[tokio::test]
async fn boilerplate_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    boilerplate_story(dir.path().join("n.db").to_str().unwrap()).await;
}

#[tokio::test]
async fn boilerplate_on_postgres() {
    let Some(db) = postgres().await else { return };
    boilerplate_story(&db.url).await;
}
