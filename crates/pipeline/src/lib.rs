//! The ingest pipeline as one function, shared by the command line
//! (`hoptac ingest`, `hoptac demo`) and the server (`POST /api/ingest`), so
//! a file is extracted and packaged for the store the same way whichever
//! door it came in by.
#![deny(missing_docs)]

use hoptac_extract::Extractor;
use hoptac_ingest::{content_id, MinHash, RawDocument};
use hoptac_model::EXTRACTOR_VERSION;
use hoptac_store::NewDocument;

/// Extract the facts of one read document and package it for
/// [`hoptac_store::Store::put_document`]: content id, near-duplicate
/// signature and bands, facts, entities and mentions.
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
