-- Sessions (tower-sessions records kept in Latch's own database, listable per user) and
-- rate-limit counters shared by every instance.

CREATE TABLE sessions (
    -- SHA-256 of the session token: a copy of this table does not let anyone in.
    id_hash             BYTEA PRIMARY KEY,
    -- What the user sees and revokes; never the token.
    public_id           UUID NOT NULL UNIQUE,
    user_id             UUID REFERENCES users (id) ON DELETE CASCADE,
    data                TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    authenticated_at    TIMESTAMPTZ,
    last_seen_at        TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    absolute_expires_at TIMESTAMPTZ NOT NULL,
    user_agent          TEXT,
    ip                  TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- A window starts at its first hit and lasts `window_end - start`; counts reset after it.
CREATE TABLE rate_limits (
    key        TEXT PRIMARY KEY,
    count      INTEGER NOT NULL,
    window_end TIMESTAMPTZ NOT NULL
);
