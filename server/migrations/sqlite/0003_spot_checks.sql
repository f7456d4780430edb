-- Items a routing rule would have approved but drew for a person: how those people decided
-- tells whether the rule's threshold still holds.

CREATE TABLE spot_checks (
    item_id         TEXT NOT NULL,
    version         TEXT NOT NULL,
    -- The rule, as written on the command line.
    rule            TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (item_id, version)
);
