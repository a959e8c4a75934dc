//! OpenID Connect: the registered apps, authorization codes, grants and their refresh tokens,
//! remembered consent and the token-signing keys. A grant is one code exchange and every token
//! that follows from it; deleting its row ends them all.

mod clients;
mod keys;

pub use clients::{ClientRecord, ConnectedApp};
pub use keys::SigningKeyRecord;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Result, Store};

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

impl Store {
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
}
