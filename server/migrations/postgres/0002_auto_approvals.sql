-- Which results the server made itself (routing by trust's auto-approvals), recorded as it stores
-- them: the trust report and the export tell auto-approvals by this column, never by what a
-- result says of its reviewer, which any client could post.
ALTER TABLE results ADD COLUMN auto_approved BOOLEAN NOT NULL DEFAULT FALSE;

-- Before the column, a client could post `reviewer: {"id": "auto"}` and any key. A result stored
-- then counts as the server's only under the very key the server gives an item version it stored
-- (`auto-<length of the id>-<id>-<version>`; `char_length` counts characters, as the server
-- does) and by reviewer `auto`. The body is read only for those rows, as `json` (which takes any
-- JSON text the server stored, where `jsonb` refuses a `\u0000`).
UPDATE results SET auto_approved = TRUE
WHERE CASE
    WHEN item_version IS NOT NULL
         AND idempotency_key = 'auto-' || char_length(item_id) || '-' || item_id || '-' || item_version
         AND EXISTS (SELECT 1 FROM item_versions v WHERE v.item_id = results.item_id AND v.version = results.item_version)
    THEN body::json -> 'reviewer' ->> 'id' = 'auto'
    ELSE FALSE
END;
