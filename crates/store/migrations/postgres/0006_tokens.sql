-- Access tokens of `hoptac serve` (crates/server). The secret is never
-- stored: only its blake3 hash, compared in constant time. A revoked token
-- keeps its row (its name stays in the history it wrote).
CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,               -- public part of the token
    name        TEXT NOT NULL UNIQUE,           -- who: recorded as the actor of every write
    role        TEXT NOT NULL,                  -- viewer, analyst, admin
    secret_hash TEXT NOT NULL,                  -- blake3 of the secret part, hex
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
