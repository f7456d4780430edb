-- The whole schema, as the SQLite migrations leave it: items waiting for a person (and every
-- version of them), results people decided, the idempotency records that make a retried
-- POST /api/results answer exactly as the first one did, and the routing rules' spot checks.
-- Times are ISO 8601 UTC text in one shape (`2026-11-23T09:30:00.000Z`), as in SQLite.

CREATE TABLE items (
    -- Creation order: the queue is served in it, and a new version keeps its place.
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    -- Bumped on every ingest of a known id; `version` is the string clients see and send
    -- back as If-Match.
    version_no    BIGINT NOT NULL,
    version       TEXT NOT NULL,
    -- The item as the pipeline sent it, with its "version" member set to `version`.
    body          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT '',
    pending       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    updated_at    TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE INDEX items_pending_kind ON items (pending, kind, seq);
CREATE INDEX items_pending ON items (pending, seq);

CREATE TABLE item_versions (
    item_id     TEXT NOT NULL,
    version     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    PRIMARY KEY (item_id, version)
);

CREATE TABLE results (
    seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The final arbiter of exactly-once: two servers storing one key store it once.
    idempotency_key  TEXT NOT NULL UNIQUE,
    item_id          TEXT NOT NULL,
    item_version     TEXT,
    decision         TEXT NOT NULL,
    -- The POST body, verbatim.
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE INDEX results_item ON results (item_id);
CREATE INDEX results_created ON results (created_at);

CREATE TABLE idempotency (
    key            TEXT PRIMARY KEY,
    -- The request body as canonical JSON, compared as a parsed value on a retry.
    request_json   TEXT NOT NULL,
    status         INTEGER NOT NULL,
    response_body  TEXT NOT NULL,
    result_seq     BIGINT REFERENCES results (seq),
    created_at     TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE TABLE spot_checks (
    item_id         TEXT NOT NULL,
    version         TEXT NOT NULL,
    -- The rule, as written on the command line.
    rule            TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    PRIMARY KEY (item_id, version)
);
