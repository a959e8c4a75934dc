-- Sessions (tower-sessions records kept in Latch's own database, listable per user) and
-- rate-limit counters shared by every instance.

CREATE TABLE sessions (
    -- SHA-256 of the session token: a copy of this table does not let anyone in.
    id_hash             BLOB PRIMARY KEY NOT NULL,
    -- What the user sees and revokes; never the token.
    public_id           BLOB NOT NULL UNIQUE,
    user_id             BLOB REFERENCES users (id) ON DELETE CASCADE,
    data                TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    authenticated_at    TEXT,
    last_seen_at        TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL,
    user_agent          TEXT,
    ip                  TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- A window starts at its first hit and lasts `window_end - start`; counts reset after it.
CREATE TABLE rate_limits (
    key        TEXT PRIMARY KEY NOT NULL,
    count      INTEGER NOT NULL,
    window_end TEXT NOT NULL
);
