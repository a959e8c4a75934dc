-- Login codes by email are one-time codes of their own purpose. SQLite cannot change a CHECK
-- in place: the table is copied into one with the wider check.
CREATE TABLE one_time_codes_new (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'login_sms', 'login_email', 'change_email', 'change_phone')),
    destination TEXT NOT NULL,
    code_hash   BLOB NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    expires_at  TEXT NOT NULL,
    consumed_at TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (user_id, purpose)
);
INSERT INTO one_time_codes_new
    SELECT id, user_id, purpose, destination, code_hash, attempts, expires_at, consumed_at, created_at
    FROM one_time_codes;
DROP TABLE one_time_codes;
ALTER TABLE one_time_codes_new RENAME TO one_time_codes;
