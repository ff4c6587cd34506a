-- LSH bands keyed by the document's number, in a table without a rowid.
-- Every band of a new document goes to a random place in this key, so the
-- table's size decides how much of it the page cache holds: with the
-- 64-character document id and a rowid table beside its key index, a band
-- took about 160 bytes and ingest slowed as the store grew; an integer and
-- no rowid take about 20.
CREATE TABLE doc_bands_by_seq (
    band    BIGINT NOT NULL,
    doc_seq INTEGER NOT NULL,
    PRIMARY KEY (band, doc_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO doc_bands_by_seq (band, doc_seq)
    SELECT b.band, d.seq FROM doc_bands b JOIN documents d ON d.id = b.doc_id;
DROP TABLE doc_bands;
ALTER TABLE doc_bands_by_seq RENAME TO doc_bands;
