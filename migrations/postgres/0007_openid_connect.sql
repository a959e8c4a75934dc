-- Latch as an OpenID Connect provider: the apps (clients), their authorization codes, the
-- grants behind their tokens, rotating refresh tokens, remembered consent and the signing keys.

CREATE TABLE oauth_clients (
    id                        TEXT PRIMARY KEY NOT NULL,
    name                      TEXT NOT NULL,
    -- SHA-256 of the client secret; NULL for a public client (PKCE instead).
    secret_hash               BYTEA,
    -- Exact URIs, one per line.
    redirect_uris             TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL DEFAULT '',
    -- No consent page for the operator's own apps.
    first_party               BOOLEAN NOT NULL DEFAULT FALSE,
    id_token_alg              TEXT NOT NULL DEFAULT 'RS256',
    created_at                TIMESTAMPTZ NOT NULL
);

-- What a user allowed an app to see; asked again only for scopes beyond these.
CREATE TABLE oauth_consents (
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
CREATE INDEX oauth_consents_client ON oauth_consents (client_id);

-- One code exchange and every token that follows from it: deleting the row ends them all
-- (its refresh tokens by cascade; access tokens name it and are refused once it is gone).
CREATE TABLE oauth_grants (
    id         UUID PRIMARY KEY NOT NULL,
    client_id  TEXT NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The public id of the browser session the login came from: its logout ends the grant.
    session_id UUID NOT NULL,
    scope      TEXT NOT NULL,
    auth_time  TIMESTAMPTZ NOT NULL,
    amr        TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oauth_grants_session ON oauth_grants (session_id);
CREATE INDEX oauth_grants_user ON oauth_grants (user_id, client_id);
CREATE INDEX oauth_grants_client ON oauth_grants (client_id);

CREATE TABLE oauth_codes (
    -- SHA-256 of the code.
    code_hash      BYTEA PRIMARY KEY NOT NULL,
    client_id      TEXT NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id     UUID NOT NULL,
    redirect_uri   TEXT NOT NULL,
    scope          TEXT NOT NULL,
    nonce          TEXT,
    code_challenge TEXT,
    auth_time      TIMESTAMPTZ NOT NULL,
    amr            TEXT NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    used_at        TIMESTAMPTZ,
    -- What the exchange issued, so a replayed code can end it.
    grant_id       UUID
);
CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at);

CREATE TABLE oauth_refresh_tokens (
    -- SHA-256 of the token.
    token_hash BYTEA PRIMARY KEY NOT NULL,
    grant_id   UUID NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    -- Set when exchanged for the next one; a second use is a replay.
    used_at    TIMESTAMPTZ
);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);
CREATE INDEX oauth_refresh_tokens_expiry ON oauth_refresh_tokens (expires_at);

CREATE TABLE signing_keys (
    kid         TEXT PRIMARY KEY NOT NULL,
    alg         TEXT NOT NULL,
    -- PKCS#8, sealed with AES-256-GCM under a key derived from LATCH_SECRET: nonce || ciphertext.
    private_key BYTEA NOT NULL,
    public_jwk  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    -- Set by `latch keys rotate`; published until every token it signed has expired.
    retired_at  TIMESTAMPTZ
);
