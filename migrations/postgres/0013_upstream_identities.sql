-- Identities at other providers (Google, GitHub, Apple, Microsoft, OpenID Connect issuers)
-- linked to accounts. An identity is the provider's stable id for the person: `(issuer,
-- subject)`; never an email address, which the person or a tenant admin can change.
-- `email` is what the provider last said, shown on the account page; it proves nothing
-- unless `email_verified` (the provider is authoritative for it).
CREATE TABLE user_identities (
    id             UUID PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider       TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    email          TEXT,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    last_login_at  TIMESTAMPTZ,
    UNIQUE (provider, issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- A trip to a provider and back, begun and not finished: keyed by the SHA-256 of its `state`
-- and bound to the browser that began it (the SHA-256 of a random value in a `__Host-`
-- cookie). 10 minutes, single use; any instance can finish it. `user_id` is the account
-- connecting the identity (purpose `link`); NULL for a login or sign-up.
CREATE TABLE upstream_flows (
    state_hash    BYTEA PRIMARY KEY,
    browser_hash  BYTEA NOT NULL,
    provider      TEXT NOT NULL,
    purpose       TEXT NOT NULL CHECK (purpose IN ('login', 'link')),
    user_id       UUID REFERENCES users (id) ON DELETE CASCADE,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    return_to     TEXT,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX upstream_flows_expiry ON upstream_flows (expires_at);
