-- The partnership tracker (crates/tracker): plans and their action lines,
-- commitments derived from statement facts, and one append-only history of
-- status changes for both. Current statuses (`status` columns) are a cache
-- of the history, rewritten in the same transaction as each history row.
CREATE TABLE partnerships (
    id      TEXT PRIMARY KEY,                 -- e.g. asean-japan
    name    TEXT NOT NULL,
    parties TEXT NOT NULL,                    -- "ASEAN;Japan"
    level   TEXT,                             -- e.g. Comprehensive Strategic Partnership
    since   TEXT                              -- YYYY-MM-DD
);

CREATE TABLE plans (
    id          TEXT PRIMARY KEY,             -- e.g. asean-japan-2023
    title       TEXT NOT NULL,
    partnership TEXT,
    entity      TEXT,                         -- gazetteer id of the plan document (ip-2023)
    adopted     TEXT,
    replaces    TEXT,                         -- the plan this one succeeds
    revision    BIGINT NOT NULL,              -- 1, then +1 per import that changed something
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE plan_lines (
    plan     TEXT NOT NULL REFERENCES plans(id),
    id       TEXT NOT NULL,                   -- dotted: 1, 1.2, 1.2.3
    parent   TEXT,
    depth    BIGINT NOT NULL,
    ord      BIGINT NOT NULL,                 -- row order in the file
    action   BIGINT NOT NULL,                 -- 1 for an action line (a leaf)
    text     TEXT NOT NULL,
    text_vi  TEXT,
    topics   TEXT,
    lead     TEXT,
    replaces TEXT,                            -- the line (PLAN/ID or ID) it carries on
    retired  BIGINT NOT NULL DEFAULT 0,       -- dropped by a later revision: kept with its history
    status   TEXT NOT NULL,                   -- cache: the last status in history order
    hseq     BIGINT NOT NULL DEFAULT 0,       -- history entries written (the row lock for writers)
    PRIMARY KEY (plan, id)
);

CREATE TABLE commitments (
    id             TEXT PRIMARY KEY,          -- c-<hash of the first source's document and span>
    doc_id         TEXT NOT NULL REFERENCES documents(id),
    span_start     BIGINT NOT NULL,
    span_end       BIGINT NOT NULL,
    quote          TEXT NOT NULL,             -- documents.text[span]
    speaker        TEXT,
    party          TEXT,                      -- the speaker's country or group
    act            TEXT NOT NULL,
    addressee      TEXT,
    content        TEXT,
    entities       TEXT NOT NULL,             -- ';'-joined entity ids named in the statement
    meeting        TEXT,
    meeting_entity TEXT,
    made_on        TEXT,
    amount         DOUBLE PRECISION,
    currency       TEXT,
    deadline       TEXT,                      -- YYYY, YYYY-MM or YYYY-MM-DD
    status         TEXT NOT NULL,
    hseq           BIGINT NOT NULL DEFAULT 0,
    derived_at     TEXT NOT NULL
);
CREATE INDEX commitments_made_on ON commitments(made_on);

-- Every statement fact a commitment was derived from (the first and any
-- other report of it): the key that makes derivation idempotent.
CREATE TABLE commitment_sources (
    doc_id     TEXT NOT NULL REFERENCES documents(id),
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL,
    commitment TEXT NOT NULL REFERENCES commitments(id),
    PRIMARY KEY (doc_id, span_start, span_end)
);

CREATE TABLE tracker_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind   TEXT NOT NULL,             -- line | commitment
    subject        TEXT NOT NULL,             -- PLAN/LINE or commitment id
    seq            BIGINT NOT NULL,           -- 1, 2, ... per subject
    recorded_at    TEXT NOT NULL,             -- RFC 3339, when written
    effective      TEXT NOT NULL,             -- YYYY-MM-DD, since when the status holds
    actor          TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    evidence_kind  TEXT,                      -- document | fact | reference
    evidence_doc   TEXT,
    evidence_start BIGINT,
    evidence_end   BIGINT,
    evidence_fact  BIGINT,
    evidence_ref   TEXT,
    evidence_quote TEXT,
    note           TEXT,
    UNIQUE (subject_kind, subject, seq)
);
CREATE INDEX tracker_history_effective ON tracker_history(effective);

-- Suggestions a person accepted or rejected: not proposed again.
CREATE TABLE suggestion_decisions (
    doc_id       TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject      TEXT NOT NULL,
    decision     TEXT NOT NULL,               -- accepted | rejected
    actor        TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    PRIMARY KEY (doc_id, subject_kind, subject)
);
