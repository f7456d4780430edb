-- Which results the server made itself (routing by trust's auto-approvals), recorded as it stores
-- them: the trust report and the export tell auto-approvals by this column, never by what a
-- result says of its reviewer, which any client could post.
ALTER TABLE results ADD COLUMN auto_approved INTEGER NOT NULL DEFAULT 0 CHECK (auto_approved IN (0, 1));

-- Before the column, a client could post `reviewer: {"id": "auto"}` and any key. A result stored
-- then counts as the server's only under the very key the server gives an item version it stored
-- (`auto-<length of the id>-<id>-<version>`; SQLite's `length` counts characters, as the server
-- does) and by reviewer `auto`. The body is read only for those rows.
UPDATE results SET auto_approved = 1
WHERE CASE
    WHEN item_version IS NOT NULL
         AND idempotency_key = 'auto-' || length(item_id) || '-' || item_id || '-' || item_version
         AND EXISTS (SELECT 1 FROM item_versions v WHERE v.item_id = results.item_id AND v.version = results.item_version)
         AND json_valid(body)
    THEN json_extract(body, '$.reviewer.id') IS 'auto'
    ELSE 0
END;
