-- Password reset links: only the SHA-256 of the token is kept; one live token per user.
CREATE TABLE password_reset_tokens (
    token_hash BYTEA PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);
