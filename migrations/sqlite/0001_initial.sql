-- Latch schema, SQLite dialect. Ids are UUIDs stored as 16-byte blobs; times are RFC 3339 UTC text
-- written by Latch (one format, so text order is time order).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id                BLOB PRIMARY KEY NOT NULL,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone             TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    email_verified_at TEXT,
    phone_verified_at TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE UNIQUE INDEX users_phone_key ON users (phone);

CREATE TABLE user_roles (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    PRIMARY KEY (user_id, role)
);

-- One live code per (user, purpose): a new code replaces the row, which kills the old code.
CREATE TABLE one_time_codes (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'login_sms', 'change_email', 'change_phone')),
    destination TEXT NOT NULL,
    code_hash   BLOB NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    expires_at  TEXT NOT NULL,
    consumed_at TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (user_id, purpose)
);

CREATE TABLE outbox (
    id              BLOB PRIMARY KEY NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    destination     TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    last_error      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_destination ON outbox (destination);

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BLOB REFERENCES users (id) ON DELETE SET NULL,
    kind       TEXT NOT NULL,
    ip         TEXT,
    user_agent TEXT,
    at         TEXT NOT NULL
);
CREATE INDEX audit_events_user ON audit_events (user_id, at);
