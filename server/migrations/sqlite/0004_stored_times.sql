-- Every result's `created_at` in one shape (`2026-11-23T09:30:00.000Z`), so `?since=` compares
-- them as text: the demo history of earlier versions was stored to the second.
UPDATE results SET created_at = COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at)
WHERE created_at NOT LIKE '____-__-__T__:__:__.___Z';
