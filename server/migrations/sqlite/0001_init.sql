-- Items waiting for a person, results people decided, and the idempotency records that make
-- a retried POST /api/results answer exactly as the first one did.

CREATE TABLE items (
    -- Creation order: the queue is served in it, and a new version keeps its place.
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    -- Bumped on every ingest of a known id; `version` is the string clients see and send
    -- back as If-Match.
    version_no    INTEGER NOT NULL,
    version       TEXT NOT NULL,
    -- The item as the pipeline sent it, with its "version" member set to `version`.
    body          TEXT NOT NULL,
    pending       INTEGER NOT NULL DEFAULT 1 CHECK (pending IN (0, 1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX items_pending ON items (pending, seq);

CREATE TABLE results (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT NOT NULL UNIQUE,
    item_id          TEXT NOT NULL,
    item_version     TEXT,
    decision         TEXT NOT NULL,
    -- The POST body, verbatim.
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX results_item ON results (item_id);

CREATE TABLE idempotency (
    -- The primary key is the final arbiter: two concurrent requests with one key store once.
    key            TEXT PRIMARY KEY,
    -- The request body as canonical JSON, compared as a parsed value on a retry.
    request_json   TEXT NOT NULL,
    status         INTEGER NOT NULL,
    response_body  TEXT NOT NULL,
    result_seq     INTEGER REFERENCES results (seq),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
