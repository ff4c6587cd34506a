-- LSH bands keyed by the document's number (see the SQLite migration: a
-- narrower key keeps more of it in memory as the store grows).
CREATE TABLE doc_bands_by_seq (
    band    BIGINT NOT NULL,
    doc_seq BIGINT NOT NULL,
    PRIMARY KEY (band, doc_seq)
);
INSERT INTO doc_bands_by_seq (band, doc_seq)
    SELECT b.band, d.seq FROM doc_bands b JOIN documents d ON d.id = b.doc_id
    ON CONFLICT DO NOTHING;
DROP TABLE doc_bands;
ALTER TABLE doc_bands_by_seq RENAME TO doc_bands;
