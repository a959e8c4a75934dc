-- How a session's login was made, as columns of its row (they were only in the session's JSON
-- data): `amr` holds RFC 8176 names separated by spaces, `second_factor_at` the last time the
-- session showed a second factor (its login or a step-up since). Live sessions keep theirs.
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN second_factor_at TEXT;

UPDATE sessions SET
    amr = COALESCE((SELECT group_concat(value, ' ') FROM json_each(data, '$.amr')), ''),
    second_factor_at = json_extract(data, '$.second_factor_at')
WHERE json_valid(data);
