-- The items' kind as a column, for `GET /api/items?kind=`.
ALTER TABLE items ADD COLUMN kind TEXT NOT NULL DEFAULT '';
UPDATE items SET kind = COALESCE(json_extract(body, '$.kind'), '');
CREATE INDEX items_pending_kind ON items (pending, kind, seq);

-- Every version of every item as it was ingested, so a result is exported with the rationale
-- and metadata of the version the person actually saw, even after a newer version replaced it.

CREATE TABLE item_versions (
    item_id     TEXT NOT NULL,
    version     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (item_id, version)
);

INSERT INTO item_versions (item_id, version, body, created_at) SELECT id, version, body, updated_at FROM items;

CREATE INDEX results_created ON results (created_at);
