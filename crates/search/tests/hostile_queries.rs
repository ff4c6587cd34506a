//! Search strings written to break a query parser: tantivy's own syntax
//! (fields, boolean operators, ranges, fuzziness, wildcards, boosts),
//! unbalanced quotes and brackets, escapes, control characters, SQL, and
//! very long queries. hoptac parses queries itself (words and quoted
//! phrases, `query.rs`), so every one must answer — hits or none — or, if
//! it holds no word at all, be refused with `bad query: ... has no words`;
//! never another error, never a panic; spans must still slice the stored
//! texts. The same strings go in the entity and kind filters.

use hoptac_extract::Extractor;
use hoptac_ingest::{content_id, read_inputs, MinHash, ReadOptions};
use hoptac_model::EXTRACTOR_VERSION;
use hoptac_search::{Partners, SearchError, SearchIndex, SearchRequest};
use hoptac_store::{NewDocument, Store};
use std::path::Path;

fn hostile_queries() -> Vec<String> {
    let mut q: Vec<String> = [
        "title:foo AND (",
        "\"unbalanced",
        "unbalanced\"",
        "\"\"",
        "\"",
        "*",
        "?",
        "a~2",
        "hợp~",
        "\\",
        "\\\\\\",
        "\\\"",
        "(",
        ")",
        "((((((((((",
        "[1 TO 5]",
        "{a TO b}",
        "text:Nhật AND lang:vi",
        "id:*",
        "-",
        "+",
        "--",
        "+hợp -tác",
        "NOT",
        "AND OR NOT",
        "a AND",
        "OR b",
        "^",
        "hợp^10 tác^",
        "/regex.*/",
        "field:",
        ":",
        "::::",
        "'",
        "' OR '1'='1",
        "'; DROP TABLE documents; --",
        "%",
        "_",
        "\u{0}",
        "a\u{0}b",
        "\u{7}\u{1b}[31m",
        "\u{feff}",
        "\u{202e}hợp tác",
        "  ",
        "",
        "🙂",
        "tác\u{301}\u{301}\u{301}",
        "IN [a b]",
        "hợp \"tác\" \"",
        "\"hợp tác\" AND \"Nhật Bản",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    q.push("hợp tác ".repeat(2_000));
    q.push("x".repeat(100_000));
    q.push("\"".repeat(5_001));
    q.push("(".repeat(10_000));
    q.push("a~2 ".repeat(500));
    q
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_query_strings_answer_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("q.db").to_str().unwrap())
        .await
        .unwrap();
    let ex = Extractor::builtin();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    let docs: Vec<NewDocument> = read_inputs(&[samples], &ReadOptions::default())
        .into_iter()
        .map(|d| {
            let raw = d.unwrap();
            let a = ex.analyze(&raw.text, &raw.meta);
            let sig = MinHash::of(&raw.text);
            let mut meta = raw.meta.clone();
            meta.lang = meta.lang.or(a.lang);
            NewDocument {
                id: content_id(&raw.text),
                source: raw.source.clone(),
                meta,
                format: "txt".into(),
                bytes: raw.text.len(),
                minhash: sig.to_bytes(),
                bands: sig.bands(),
                facts: a.facts,
                entities: a.entities,
                mentions: a.mentions,
                extractor: EXTRACTOR_VERSION.into(),
                text: raw.text,
            }
        })
        .collect();
    store.put_documents(&docs).await.unwrap();
    let mut ix = SearchIndex::open(&dir.path().join("index"), Partners::new()).unwrap();
    // A plain query finds something: the index is not empty, so the
    // hostile ones below are run against real postings.
    let plain = ix
        .search(
            &store,
            &SearchRequest {
                query: "hợp tác".into(),
                limit: 5,
                facets: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(plain.total > 0);
    let queries = hostile_queries();
    let mut answered = 0;
    let mut refused = 0;
    for q in &queries {
        for (entity, kind) in [
            (None, None),
            (Some(q.clone()), None),
            (None, Some(q.clone())),
        ] {
            let r = SearchRequest {
                query: q.clone(),
                entity,
                kind,
                limit: 10,
                facets: true,
                ..Default::default()
            };
            let shown: String = q.chars().take(60).collect();
            let res = match ix.search(&store, &r).await {
                Ok(res) => res,
                // A query with no words at all is refused, and says so.
                Err(e @ SearchError::Query(_)) => {
                    assert!(e.to_string().contains("no words"), "{shown:?}: {e}");
                    refused += 1;
                    continue;
                }
                Err(e) => panic!("query {shown:?} failed: {e}"),
            };
            for d in &res.documents {
                let text = store.document(&d.id).await.unwrap().text;
                if let Some(s) = &d.snippet {
                    assert_eq!(s.span.slice(&text), Some(s.text.as_str()), "{shown:?}");
                    for h in &s.highlights {
                        assert!(h.slice(&text).is_some(), "{shown:?}");
                    }
                }
            }
            answered += 1;
        }
    }
    eprintln!(
        "RELIABILITY hostile search strings: {} queries x 3 (query, entity, kind): {answered} answered, {refused} refused as having no words, none failed",
        queries.len()
    );
    assert!(answered > refused);
}
