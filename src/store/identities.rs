//! Identities at other providers linked to accounts, and the trips to a provider in flight.
//! A trip is taken (deleted) by the callback that finishes it, so a `state` works once.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, NewMessage, NewUser, Result, Store, UserRecord};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IdentityRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// A trip to a provider: what the callback needs to finish it, and whom it is bound to.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FlowRecord {
    pub state_hash: Vec<u8>,
    pub browser_hash: Vec<u8>,
    pub provider: String,
    /// `login` or `link`.
    pub purpose: String,
    pub user_id: Option<Uuid>,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: Option<String>,
    pub expires_at: DateTime<Utc>,
}

macro_rules! identity_columns {
    () => {
        "id, user_id, provider, issuer, subject, email, email_verified, created_at, last_login_at"
    };
}

const BY_SUBJECT: &str = concat!(
    "SELECT ",
    identity_columns!(),
    " FROM user_identities WHERE provider = $1 AND issuer = $2 AND subject = $3"
);

const OF_USER: &str = concat!(
    "SELECT ",
    identity_columns!(),
    " FROM user_identities WHERE user_id = $1 ORDER BY created_at"
);

const INSERT: &str = concat!(
    "INSERT INTO user_identities (",
    identity_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
);

/// Binds and runs `INSERT` on a pool or in a transaction of either dialect.
macro_rules! insert_identity {
    ($executor:expr, $record:expr) => {
        sqlx::query(INSERT)
            .bind($record.id)
            .bind($record.user_id)
            .bind(&$record.provider)
            .bind(&$record.issuer)
            .bind(&$record.subject)
            .bind(&$record.email)
            .bind($record.email_verified)
            .bind($record.created_at)
            .bind($record.last_login_at)
            .execute($executor)
            .await
            .map(drop)
    };
}

const DELETE: &str = "DELETE FROM user_identities WHERE id = $1 AND user_id = $2 RETURNING id";

/// Every identity of an account whose address was just proven for the first time: whoever
/// linked them had proven nothing.
pub(super) const DELETE_OF_USER: &str = "DELETE FROM user_identities WHERE user_id = $1";

const USED: &str = "UPDATE user_identities SET last_login_at = $2, email = $3, \
    email_verified = $4 WHERE id = $1";

const INSERT_FLOW: &str = "INSERT INTO upstream_flows (state_hash, browser_hash, provider, \
    purpose, user_id, nonce, pkce_verifier, return_to, expires_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Takes the live trip of this `state`, begun by this browser for this provider.
const TAKE_FLOW: &str = "DELETE FROM upstream_flows \
    WHERE state_hash = $1 AND browser_hash = $2 AND provider = $3 AND expires_at > $4 \
    RETURNING state_hash, browser_hash, provider, purpose, user_id, nonce, pkce_verifier, \
    return_to, expires_at";

const DELETE_EXPIRED_FLOWS: &str = "DELETE FROM upstream_flows WHERE state_hash IN \
     (SELECT state_hash FROM upstream_flows WHERE expires_at <= $1 LIMIT $2)";

impl Store {
    pub async fn identity_by_subject(
        &self,
        provider: &str,
        issuer: &str,
        subject: &str,
    ) -> Result<Option<IdentityRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(BY_SUBJECT)
            .bind(provider)
            .bind(issuer)
            .bind(subject)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn identities_of(&self, user_id: Uuid) -> Result<Vec<IdentityRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(OF_USER)
            .bind(user_id)
            .fetch_all(pool)
            .await)?)
    }

    /// Links an identity with its notice and audit. One already linked (to anyone) is
    /// refused by the unique index: `Duplicate(Identity)`, and nothing is written.
    pub async fn link_identity(
        &self,
        record: &IdentityRecord,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            insert_identity!(&mut *tx, record)?;
            insert_outbox!(&mut *tx, notice)?;
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Signs up through another provider that proved the address: the user (the address
    /// verified now), their role and the linked identity, with both audit rows, in one
    /// transaction. A taken email, phone or identity comes back as `Duplicate`.
    pub async fn create_federated_user(
        &self,
        user: &NewUser,
        identity: &IdentityRecord,
        audits: &[AuditEntry],
    ) -> Result<UserRecord> {
        let record = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(super::users::INSERT)
                .bind(user.id)
                .bind(&user.first_name)
                .bind(&user.last_name)
                .bind(&user.email)
                .bind(&user.phone)
                .bind(&user.password_hash)
                .bind(user.created_at)
                .bind(&user.locale)
                .execute(&mut *tx)
                .await?;
            let record: UserRecord = sqlx::query_as(concat!(
                "UPDATE users SET email_verified_at = $2 WHERE id = $1 RETURNING ",
                user_columns!()
            ))
            .bind(user.id)
            .bind(user.created_at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(super::users::INSERT_ROLE)
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            insert_identity!(&mut *tx, identity)?;
            for audit in audits {
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            record
        });
        Ok(record)
    }

    /// Removes one of the user's identities with the notice and audit; `false` when there
    /// is none.
    pub async fn unlink_identity(
        &self,
        user_id: Uuid,
        id: Uuid,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        self.delete_owned(DELETE, user_id, id, notice, audit).await
    }

    /// After a login through the identity: when, and what the provider says of its email now.
    pub async fn identity_used(
        &self,
        id: Uuid,
        email: Option<&str>,
        email_verified: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(USED)
            .bind(id)
            .bind(now)
            .bind(email)
            .bind(email_verified)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    pub async fn insert_flow(&self, flow: &FlowRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_FLOW)
            .bind(&flow.state_hash)
            .bind(&flow.browser_hash)
            .bind(&flow.provider)
            .bind(&flow.purpose)
            .bind(flow.user_id)
            .bind(&flow.nonce)
            .bind(&flow.pkce_verifier)
            .bind(&flow.return_to)
            .bind(flow.expires_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Takes the live trip of `state_hash` begun by this browser for `provider`, once.
    pub async fn take_flow(
        &self,
        state_hash: &[u8],
        browser_hash: &[u8],
        provider: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<FlowRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(TAKE_FLOW)
            .bind(state_hash)
            .bind(browser_hash)
            .bind(provider)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn delete_expired_flows(&self, now: DateTime<Utc>, batch: i64) -> Result<u64> {
        Ok(on_pool!(self, |pool| sqlx::query(DELETE_EXPIRED_FLOWS)
            .bind(now)
            .bind(batch)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }
}
