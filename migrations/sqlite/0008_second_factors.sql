-- TOTP: one authenticator per user. The secret is sealed with AES-256-GCM under a key derived
-- from LATCH_SECRET; `confirmed_at` is NULL while enrolment waits for its first code;
-- `last_step` is the newest 30-second step accepted, so a code is never accepted twice.
CREATE TABLE totp_factors (
    user_id      BLOB PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret       BLOB NOT NULL,
    confirmed_at TEXT,
    last_step    INTEGER,
    created_at   TEXT NOT NULL
);

-- Recovery codes: ten per user, single use, only an HMAC of each is kept.
CREATE TABLE recovery_codes (
    user_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BLOB NOT NULL,
    used_at    TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);

-- A login whose first factor (password or SMS code) checked out and that waits for the
-- second: only the SHA-256 of the challenge token is kept; it lives 5 minutes and works once.
CREATE TABLE login_challenges (
    token_hash   BLOB PRIMARY KEY NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    first_factor TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);

-- Passkeys (WebAuthn, webauthn-rs): the credential as the library serialises it (public key,
-- counter), found at login by its id. A credential id belongs to one account.
CREATE TABLE passkeys (
    id            BLOB PRIMARY KEY NOT NULL,
    user_id       BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id BLOB NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A WebAuthn ceremony begun and not finished: keyed by the SHA-256 of its challenge (which the
-- browser's answer carries back), 5 minutes, single use; any instance can finish it.
-- `user_id` is the account adding a passkey; NULL for a login.
CREATE TABLE webauthn_ceremonies (
    challenge_hash BLOB PRIMARY KEY NOT NULL,
    user_id        BLOB REFERENCES users (id) ON DELETE CASCADE,
    state          TEXT NOT NULL,
    expires_at     TEXT NOT NULL
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);
