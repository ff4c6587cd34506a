-- Documents, their facts and mentions, the entities they resolve to.
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,              -- blake3 of the normalised text
    source       TEXT NOT NULL,                 -- path, path:line or URL, as given
    title        TEXT,
    url          TEXT,
    published    TEXT,                          -- YYYY-MM-DD
    lang         TEXT,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,                 -- as read: every span indexes it
    text_hash    TEXT NOT NULL,                 -- blake3 of text's bytes: anchors spans
    bytes        BIGINT NOT NULL,
    minhash      BYTEA,
    duplicate_of TEXT REFERENCES documents(id),
    similarity   DOUBLE PRECISION,
    extractor    TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    seq          BIGINT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_seq ON documents(seq);

CREATE TABLE doc_bands (
    band   BIGINT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, doc_id)
);

CREATE TABLE facts (
    id         BIGSERIAL PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    entity     TEXT,
    body       TEXT NOT NULL                    -- the fact as JSON
);
CREATE INDEX facts_doc ON facts(doc_id, ord);
CREATE INDEX facts_kind ON facts(kind);
CREATE INDEX facts_entity ON facts(entity);

CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    name_en TEXT,
    acronym TEXT
);

CREATE TABLE mentions (
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity     TEXT NOT NULL REFERENCES entities(id),
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL,
    surface    TEXT NOT NULL,
    PRIMARY KEY (doc_id, entity, span_start, span_end)
);
CREATE INDEX mentions_entity ON mentions(entity);
