-- The audit log: every write that has no history of its own elsewhere
-- (uploads through the server, tokens made and revoked), with who made it.
-- Status changes and decisions keep theirs in tracker_history and
-- suggestion_decisions. Append-only.
CREATE TABLE audit_log (
    id       BIGSERIAL PRIMARY KEY,
    at       TEXT NOT NULL,                     -- RFC 3339
    actor    TEXT NOT NULL,                     -- the token's name (or the OS user, from the CLI)
    action   TEXT NOT NULL,                     -- upload, token.create, token.revoke
    subject  TEXT NOT NULL,                     -- the document id, the token's name
    detail   TEXT                               -- the upload's file name and outcome, the role...
);
CREATE INDEX audit_log_subject ON audit_log(subject);
