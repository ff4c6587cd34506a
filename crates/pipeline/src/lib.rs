//! The middle of hoptac's pipeline: a document read by `hoptac_ingest`
//! becomes a [`NewDocument`] ready for `Store::put_document` — its content
//! id, its near-duplicate fingerprint and everything the extractor finds.
//!
//! Every way in — `hoptac ingest`, the source watcher, uploads to the
//! server — goes through [`prepare`], so a document is stored the same way
//! whoever brought it.
#![deny(missing_docs)]

use hoptac_extract::Extractor;
use hoptac_ingest::{content_id, MinHash, RawDocument};
use hoptac_model::EXTRACTOR_VERSION;
use hoptac_store::NewDocument;

/// Extract and package one document for the store: content id (hash of the
/// normalised text), MinHash signature and bands, facts, entities and
/// mentions. The language found by the extractor fills in a missing one.
pub fn prepare(ex: &Extractor, raw: RawDocument) -> NewDocument {
    let analysis = ex.analyze(&raw.text, &raw.meta);
    let sig = MinHash::of(&raw.text);
    let mut meta = raw.meta;
    meta.lang = meta.lang.or(analysis.lang);
    NewDocument {
        id: content_id(&raw.text),
        source: raw.source,
        meta,
        format: raw.format.name().to_string(),
        bytes: raw.bytes,
        minhash: sig.to_bytes(),
        bands: sig.bands(),
        facts: analysis.facts,
        entities: analysis.entities,
        mentions: analysis.mentions,
        extractor: EXTRACTOR_VERSION.to_string(),
        text: raw.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoptac_ingest::{parse_bytes, Format, ReadOptions};

    #[test]
    fn a_document_is_packaged_with_its_facts_and_fingerprint() {
        let text = "Ngày 26/10/2025, Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28 diễn ra tại Kuala Lumpur (Malaysia).";
        let raw = parse_bytes(
            "t.txt",
            text.as_bytes(),
            Format::Text,
            &ReadOptions::default(),
        )
        .into_iter()
        .next()
        .unwrap()
        .unwrap();
        let doc = prepare(&Extractor::builtin(), raw);
        assert_eq!(doc.id, content_id(text));
        assert_eq!(doc.text, text);
        assert!(!doc.bands.is_empty());
        assert!(doc.facts.iter().any(|f| f.kind() == "meeting"));
        for f in &doc.facts {
            assert_eq!(f.span.slice(&doc.text), Some(f.text.as_str()));
        }
    }
}
