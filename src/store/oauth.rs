//! OpenID Connect: the registered apps, authorization codes, grants and their refresh tokens,
//! remembered consent and the token-signing keys. A grant is one code exchange and every token
//! that follows from it; deleting its row ends them all.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Result, Store};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClientRecord {
    pub id: String,
    pub name: String,
    pub secret_hash: Option<Vec<u8>>,
    /// One per line.
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub first_party: bool,
    pub id_token_alg: String,
    pub created_at: DateTime<Utc>,
}

/// An authorization code as stored: its hash, and what the exchange will need.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuthCodeRecord {
    pub code_hash: Vec<u8>,
    pub client_id: String,
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub auth_time: DateTime<Utc>,
    pub amr: String,
    pub expires_at: DateTime<Utc>,
    /// The grant its exchange creates, named in advance so a replay can end it.
    pub grant_id: Uuid,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GrantRecord {
    pub id: Uuid,
    pub client_id: String,
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub scope: String,
    pub auth_time: DateTime<Utc>,
    pub amr: String,
    pub created_at: DateTime<Utc>,
}

pub struct RefreshRecord {
    pub token_hash: Vec<u8>,
    pub grant_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A refresh token as looked up, with its grant.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RefreshLookup {
    #[sqlx(flatten)]
    pub grant: GrantRecord,
    pub expires_at_token: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SigningKeyRecord {
    pub kid: String,
    pub alg: String,
    pub private_key: Vec<u8>,
    pub public_jwk: String,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

/// An app a user has let in, for "Apps with access".
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ConnectedApp {
    pub client_id: String,
    pub name: String,
    /// The scopes consented to; `None` for a first-party app, which asks no consent.
    pub scope: Option<String>,
}

/// What became of a code presented for exchange.
pub enum CodeExchange<T, E> {
    /// First use: the code is spent and `T` (the grant and tokens) was written with it.
    Issued(T),
    /// First use, but the exchange was refused: the code is spent all the same.
    Refused(E),
    /// The code was used before: the grant it issued has been ended.
    Replayed,
    Unknown,
}

/// What became of a refresh token presented for rotation.
pub enum Rotation {
    Rotated,
    /// Used before: its whole grant and the browser session it came from have been ended.
    Replayed,
}

const INSERT_CLIENT: &str = "INSERT INTO oauth_clients \
    (id, name, secret_hash, redirect_uris, post_logout_redirect_uris, first_party, id_token_alg, \
     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

const CLIENTS: &str = "SELECT id, name, secret_hash, redirect_uris, post_logout_redirect_uris, \
    first_party, id_token_alg, created_at FROM oauth_clients ORDER BY created_at, id";

const CLIENT: &str = "SELECT id, name, secret_hash, redirect_uris, post_logout_redirect_uris, \
    first_party, id_token_alg, created_at FROM oauth_clients WHERE id = $1";

const DELETE_CLIENT: &str = "DELETE FROM oauth_clients WHERE id = $1";

const INSERT_CODE: &str = "INSERT INTO oauth_codes \
    (code_hash, client_id, user_id, session_id, redirect_uri, scope, nonce, code_challenge, \
     auth_time, amr, expires_at, grant_id) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// Spends a code of the app presenting it (`$3`): only the first of any number of concurrent
/// exchanges gets the row. On PostgreSQL a second `UPDATE` waits for the first one's
/// transaction, so a replay sees the grant the first exchange wrote. Another app's code is
/// not touched: it cannot burn or revoke what was issued to someone else.
pub(super) const SPEND_CODE: &str = "UPDATE oauth_codes SET used_at = $2 \
    WHERE code_hash = $1 AND client_id = $3 AND used_at IS NULL \
    RETURNING code_hash, client_id, user_id, session_id, redirect_uri, scope, nonce, \
      code_challenge, auth_time, amr, expires_at, grant_id";

const CODE_GRANT: &str = "SELECT grant_id FROM oauth_codes WHERE code_hash = $1 AND client_id = $2";

/// Whether the browser session a code was issued through still stands: one logged out (or
/// ended by a credential change) since gives no grant.
const SESSION_ALIVE: &str = "SELECT public_id FROM sessions WHERE public_id = $1";

pub(super) const INSERT_GRANT: &str = "INSERT INTO oauth_grants \
    (id, client_id, user_id, session_id, scope, auth_time, amr, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

const GRANT: &str = "SELECT id, client_id, user_id, session_id, scope, auth_time, amr, created_at \
    FROM oauth_grants WHERE id = $1";

const DELETE_GRANT: &str = "DELETE FROM oauth_grants WHERE id = $1";

const DELETE_GRANT_OF_CLIENT: &str = "DELETE FROM oauth_grants WHERE id = $1 AND client_id = $2";

pub(super) const INSERT_REFRESH: &str = "INSERT INTO oauth_refresh_tokens \
    (token_hash, grant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";

const REFRESH: &str = "SELECT g.id, g.client_id, g.user_id, g.session_id, g.scope, g.auth_time, \
      g.amr, g.created_at, t.expires_at AS expires_at_token, t.used_at \
    FROM oauth_refresh_tokens t JOIN oauth_grants g ON g.id = t.grant_id \
    WHERE t.token_hash = $1";

const SPEND_REFRESH: &str = "UPDATE oauth_refresh_tokens SET used_at = $2 \
    WHERE token_hash = $1 AND used_at IS NULL RETURNING grant_id";

const DELETE_SESSION_BY_PUBLIC_ID: &str = "DELETE FROM sessions WHERE public_id = $1";

pub(super) const GRANTS_OF_SESSION: &str = "DELETE FROM oauth_grants WHERE session_id = $1";

const GRANTS_OF_APP: &str = "DELETE FROM oauth_grants WHERE user_id = $1 AND client_id = $2";

const CONSENT: &str = "SELECT scope FROM oauth_consents WHERE user_id = $1 AND client_id = $2";

const UPSERT_CONSENT: &str = "INSERT INTO oauth_consents (user_id, client_id, scope, created_at) \
    VALUES ($1, $2, $3, $4) \
    ON CONFLICT (user_id, client_id) DO UPDATE SET scope = excluded.scope";

const DELETE_CONSENT: &str = "DELETE FROM oauth_consents WHERE user_id = $1 AND client_id = $2";

pub(super) const CONNECTED_APPS: &str = "SELECT c.id AS client_id, c.name, \
      (SELECT k.scope FROM oauth_consents k WHERE k.user_id = $1 AND k.client_id = c.id) AS scope \
    FROM oauth_clients c \
    WHERE EXISTS (SELECT 1 FROM oauth_consents k WHERE k.user_id = $1 AND k.client_id = c.id) \
       OR EXISTS (SELECT 1 FROM oauth_grants g WHERE g.user_id = $1 AND g.client_id = c.id) \
    ORDER BY c.name, c.id";

const INSERT_KEY: &str = "INSERT INTO signing_keys \
    (kid, alg, private_key, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5)";

/// Keys in use and retired ones still published (`$1` the end of publication).
const PUBLISHED_KEYS: &str = "SELECT kid, alg, private_key, public_jwk, created_at, retired_at \
    FROM signing_keys WHERE retired_at IS NULL OR retired_at > $1 \
    ORDER BY created_at DESC, kid DESC";

const RETIRE_KEYS: &str = "UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL";

pub(super) const DELETE_SPENT_CODES: &str = "DELETE FROM oauth_codes WHERE code_hash IN \
    (SELECT code_hash FROM oauth_codes WHERE expires_at <= $1 LIMIT $2)";

pub(super) const DELETE_SPENT_REFRESH: &str = "DELETE FROM oauth_refresh_tokens WHERE token_hash IN \
    (SELECT token_hash FROM oauth_refresh_tokens WHERE expires_at <= $1 LIMIT $2)";

/// Grants older than the cutoff with no refresh token left to use: their access tokens have
/// expired too (the cutoff is an access token's lifetime ago).
pub(super) const DELETE_IDLE_GRANTS: &str = "DELETE FROM oauth_grants WHERE id IN \
    (SELECT g.id FROM oauth_grants g WHERE g.created_at <= $1 AND NOT EXISTS \
       (SELECT 1 FROM oauth_refresh_tokens t \
        WHERE t.grant_id = g.id AND t.used_at IS NULL AND t.expires_at > $1) \
     LIMIT $2)";

pub(super) const DELETE_RETIRED_KEYS: &str = "DELETE FROM signing_keys WHERE kid IN \
    (SELECT kid FROM signing_keys WHERE retired_at <= $1 LIMIT $2)";

impl Store {
    pub async fn insert_client(&self, client: &ClientRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_CLIENT)
            .bind(&client.id)
            .bind(&client.name)
            .bind(&client.secret_hash)
            .bind(&client.redirect_uris)
            .bind(&client.post_logout_redirect_uris)
            .bind(client.first_party)
            .bind(&client.id_token_alg)
            .bind(client.created_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    pub async fn clients(&self) -> Result<Vec<ClientRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CLIENTS)
            .fetch_all(pool)
            .await)?)
    }

    pub async fn find_client(&self, id: &str) -> Result<Option<ClientRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CLIENT)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Removes an app with its codes, grants, tokens and consents; false if there was none.
    pub async fn delete_client(&self, id: &str) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(DELETE_CLIENT)
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() > 0))?)
    }

    pub async fn insert_auth_code(&self, code: &AuthCodeRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_CODE)
            .bind(&code.code_hash)
            .bind(&code.client_id)
            .bind(code.user_id)
            .bind(code.session_id)
            .bind(&code.redirect_uri)
            .bind(&code.scope)
            .bind(&code.nonce)
            .bind(&code.code_challenge)
            .bind(code.auth_time)
            .bind(&code.amr)
            .bind(code.expires_at)
            .bind(code.grant_id)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Spends `client_id`'s code and, if `check` accepts it (told whether the code's browser
    /// session still stands), writes the grant (and refresh token) it allows, in one
    /// transaction. A code used before ends the grant it issued; another app's code is
    /// `Unknown` and left as it was.
    pub async fn exchange_code<T, E>(
        &self,
        code_hash: &[u8],
        client_id: &str,
        now: DateTime<Utc>,
        check: impl FnOnce(
            &AuthCodeRecord,
            bool,
        ) -> std::result::Result<(T, GrantRecord, Option<RefreshRecord>), E>,
    ) -> Result<CodeExchange<T, E>> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let spent: Option<AuthCodeRecord> = sqlx::query_as(SPEND_CODE)
                .bind(code_hash)
                .bind(now)
                .bind(client_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(code) = spent else {
                let issued: Option<(Uuid,)> = sqlx::query_as(CODE_GRANT)
                    .bind(code_hash)
                    .bind(client_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((grant_id,)) = issued else {
                    return Ok(CodeExchange::Unknown);
                };
                sqlx::query(DELETE_GRANT)
                    .bind(grant_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(CodeExchange::Replayed);
            };
            let session: Option<(Uuid,)> = sqlx::query_as(SESSION_ALIVE)
                .bind(code.session_id)
                .fetch_optional(&mut *tx)
                .await?;
            let outcome = match check(&code, session.is_some()) {
                Err(refused) => CodeExchange::Refused(refused),
                Ok((issued, grant, refresh)) => {
                    insert_grant!(&mut *tx, grant)?;
                    if let Some(refresh) = refresh {
                        insert_refresh!(&mut *tx, refresh)?;
                    }
                    CodeExchange::Issued(issued)
                }
            };
            tx.commit().await?;
            Ok(outcome)
        })
    }

    pub async fn find_grant(&self, id: Uuid) -> Result<Option<GrantRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(GRANT)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Ends a grant of `client_id`'s: false if it has none by that id.
    pub async fn delete_grant_of_client(&self, id: Uuid, client_id: &str) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(DELETE_GRANT_OF_CLIENT)
            .bind(id)
            .bind(client_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() > 0))?)
    }

    pub async fn find_refresh_token(&self, token_hash: &[u8]) -> Result<Option<RefreshLookup>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(REFRESH)
            .bind(token_hash)
            .fetch_optional(pool)
            .await)?)
    }

    /// Spends `old` and stores `new` for the same grant; if `old` was spent already, ends the
    /// grant and the browser session it came from instead.
    pub async fn rotate_refresh_token(
        &self,
        old: &[u8],
        new: &RefreshRecord,
        grant: &GrantRecord,
        now: DateTime<Utc>,
    ) -> Result<Rotation> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let spent: Option<(Uuid,)> = sqlx::query_as(SPEND_REFRESH)
                .bind(old)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            let rotation = if spent.is_some() {
                insert_refresh!(&mut *tx, new)?;
                Rotation::Rotated
            } else {
                sqlx::query(DELETE_GRANT)
                    .bind(grant.id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(DELETE_SESSION_BY_PUBLIC_ID)
                    .bind(grant.session_id)
                    .execute(&mut *tx)
                    .await?;
                Rotation::Replayed
            };
            tx.commit().await?;
            Ok(rotation)
        })
    }

    /// A replayed refresh token found spent on lookup: ends its grant and its browser session.
    pub async fn end_grant_and_session(&self, grant: &GrantRecord) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(DELETE_GRANT)
                .bind(grant.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(DELETE_SESSION_BY_PUBLIC_ID)
                .bind(grant.session_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Ends what apps were given from one browser session (its logout).
    pub async fn end_grants_of_session(&self, session_id: Uuid) -> Result<u64> {
        Ok(on_pool!(self, |pool| sqlx::query(GRANTS_OF_SESSION)
            .bind(session_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }

    pub async fn consent(&self, user_id: Uuid, client_id: &str) -> Result<Option<String>> {
        let scope: Option<(String,)> = on_pool!(self, |pool| sqlx::query_as(CONSENT)
            .bind(user_id)
            .bind(client_id)
            .fetch_optional(pool)
            .await)?;
        Ok(scope.map(|(s,)| s))
    }

    pub async fn save_consent(
        &self,
        user_id: Uuid,
        client_id: &str,
        scope: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(UPSERT_CONSENT)
            .bind(user_id)
            .bind(client_id)
            .bind(scope)
            .bind(now)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Forgets the consent and ends every grant a user gave an app; false if there was none.
    pub async fn disconnect_app(&self, user_id: Uuid, client_id: &str) -> Result<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let consents = sqlx::query(DELETE_CONSENT)
                .bind(user_id)
                .bind(client_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let grants = sqlx::query(GRANTS_OF_APP)
                .bind(user_id)
                .bind(client_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(consents + grants > 0)
        })
    }

    pub async fn connected_apps(&self, user_id: Uuid) -> Result<Vec<ConnectedApp>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CONNECTED_APPS)
            .bind(user_id)
            .fetch_all(pool)
            .await)?)
    }

    pub async fn insert_signing_key(&self, key: &SigningKeyRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_KEY)
            .bind(&key.kid)
            .bind(&key.alg)
            .bind(&key.private_key)
            .bind(&key.public_jwk)
            .bind(key.created_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Keys in use, newest first, and retired ones retired after `published_since`.
    pub async fn published_keys(
        &self,
        published_since: DateTime<Utc>,
    ) -> Result<Vec<SigningKeyRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(PUBLISHED_KEYS)
            .bind(published_since)
            .fetch_all(pool)
            .await)?)
    }

    /// Retires every key in use and stores `new` ones, in one transaction.
    pub async fn rotate_signing_keys(
        &self,
        new: &[SigningKeyRecord],
        now: DateTime<Utc>,
    ) -> Result<u64> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let retired = sqlx::query(RETIRE_KEYS)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            for key in new {
                sqlx::query(INSERT_KEY)
                    .bind(&key.kid)
                    .bind(&key.alg)
                    .bind(&key.private_key)
                    .bind(&key.public_jwk)
                    .bind(key.created_at)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(retired)
        })
    }

    pub async fn delete_spent_auth_codes(&self, before: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_SPENT_CODES, before, batch).await
    }

    pub async fn delete_spent_refresh_tokens(
        &self,
        before: DateTime<Utc>,
        batch: i64,
    ) -> Result<u64> {
        self.delete_batch(DELETE_SPENT_REFRESH, before, batch).await
    }

    pub async fn delete_idle_grants(&self, before: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_IDLE_GRANTS, before, batch).await
    }

    pub async fn delete_retired_keys(&self, before: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_RETIRED_KEYS, before, batch).await
    }
}
