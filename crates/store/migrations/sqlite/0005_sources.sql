-- Watched sources (feeds, sitemaps, pages) with their fetch state, and the
-- items already taken from them, so an item is ingested once across restarts.
-- Times are UTC RFC 3339 with seconds and a Z (2026-11-25T08:37:02Z): one
-- fixed format, so comparing them as text compares them as times.
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,                -- rss | atom | sitemap | page
    lang          TEXT,                         -- vi | en, or detected per document
    every_secs    BIGINT NOT NULL,              -- polling interval
    etag          TEXT,                         -- validators of the last 200 answer
    last_modified TEXT,
    last_fetched  TEXT,
    last_error    TEXT,                         -- NULL after a good round
    failures      BIGINT NOT NULL DEFAULT 0,    -- failed rounds in a row
    next_due      TEXT NOT NULL,
    added_at      TEXT NOT NULL
);
CREATE INDEX sources_next_due ON sources(next_due);

CREATE TABLE seen_items (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    item_key  TEXT NOT NULL,                    -- the feed's guid/id, else the item URL
    url       TEXT,
    doc_id    TEXT REFERENCES documents(id),    -- NULL when the item was skipped
    status    TEXT NOT NULL,                    -- new | duplicate | near-duplicate | skipped
    note      TEXT,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (source_id, item_key)
);
CREATE INDEX seen_items_doc ON seen_items(doc_id);
