-- How a session's login was made, as columns of its row (they were only in the session's JSON
-- data): `amr` holds RFC 8176 names separated by spaces, `second_factor_at` the last time the
-- session showed a second factor (its login or a step-up since). Live sessions keep theirs.
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN second_factor_at TIMESTAMPTZ;

UPDATE sessions SET
    amr = COALESCE(array_to_string(ARRAY(
        SELECT jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(data::jsonb -> 'amr') = 'array' THEN data::jsonb -> 'amr'
                 ELSE '[]'::jsonb END)), ' '), ''),
    second_factor_at = (data::jsonb ->> 'second_factor_at')::timestamptz;
