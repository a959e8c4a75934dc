//! Passkeys and the WebAuthn ceremonies in flight. A ceremony is taken (deleted) by the request
//! that finishes it, so a browser's answer is accepted once.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, NewMessage, Result, Store};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PasskeyRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    /// The library's serialised credential.
    pub credential: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Inserts a passkey unless the user has `$7` already: one statement, so on SQLite it holds the
/// write lock from the count to the insert.
const INSERT_UNDER_CAP: &str = "INSERT INTO passkeys \
    (id, user_id, credential_id, name, credential, created_at, last_used_at) \
    SELECT $1, $2, $3, $4, $5, $6, NULL \
    WHERE (SELECT count(*) FROM passkeys WHERE user_id = $2) < $7";

/// PostgreSQL: concurrent inserts for one user wait for each other here, so each one's count
/// sees the others' rows.
const LOCK_USER_POSTGRES: &str = "SELECT id FROM users WHERE id = $1 FOR UPDATE";

const OF_USER: &str = "SELECT id, user_id, name, credential, created_at, last_used_at \
    FROM passkeys WHERE user_id = $1 ORDER BY created_at";

const BY_CREDENTIAL: &str = "SELECT id, user_id, name, credential, created_at, last_used_at \
    FROM passkeys WHERE credential_id = $1";

const RENAME: &str = "UPDATE passkeys SET name = $3 WHERE id = $1 AND user_id = $2 \
    RETURNING id, user_id, name, credential, created_at, last_used_at";

const DELETE: &str = "DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING id";

const USED: &str = "UPDATE passkeys SET credential = $2, last_used_at = $3 WHERE id = $1";

const INSERT_CEREMONY: &str = "INSERT INTO webauthn_ceremonies \
    (challenge_hash, user_id, state, expires_at) VALUES ($1, $2, $3, $4)";

/// Takes the ceremony of this challenge, begun by `user_id` (`NULL` for a login): `IS NOT
/// DISTINCT FROM` matches NULL with NULL in both dialects.
const TAKE_CEREMONY: &str = "DELETE FROM webauthn_ceremonies \
    WHERE challenge_hash = $1 AND user_id IS NOT DISTINCT FROM $2 AND expires_at > $3 \
    RETURNING state";

const DELETE_EXPIRED_CEREMONIES: &str = "DELETE FROM webauthn_ceremonies WHERE challenge_hash IN \
     (SELECT challenge_hash FROM webauthn_ceremonies WHERE expires_at <= $1 LIMIT $2)";

impl Store {
    /// Stores a new passkey with its notice and audit, unless the user has `cap` already
    /// (false), however many registrations finish at once. A credential id already registered
    /// (to anyone) is refused by the unique index: `Duplicate`.
    pub async fn insert_passkey(
        &self,
        record: &PasskeyRecord,
        credential_id: &[u8],
        cap: i64,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let inserted = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            if matches!(self, Store::Postgres(_)) {
                sqlx::query(LOCK_USER_POSTGRES)
                    .bind(record.user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let inserted = sqlx::query(INSERT_UNDER_CAP)
                .bind(record.id)
                .bind(record.user_id)
                .bind(credential_id)
                .bind(&record.name)
                .bind(&record.credential)
                .bind(record.created_at)
                .bind(cap)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            if inserted {
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            inserted
        });
        Ok(inserted)
    }

    pub async fn passkeys_of(&self, user_id: Uuid) -> Result<Vec<PasskeyRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(OF_USER)
            .bind(user_id)
            .fetch_all(pool)
            .await)?)
    }

    pub async fn passkey_by_credential(
        &self,
        credential_id: &[u8],
    ) -> Result<Option<PasskeyRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(BY_CREDENTIAL)
            .bind(credential_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// The renamed passkey; `None` when the user has none with this id.
    pub async fn rename_passkey(
        &self,
        user_id: Uuid,
        id: Uuid,
        name: &str,
    ) -> Result<Option<PasskeyRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(RENAME)
            .bind(id)
            .bind(user_id)
            .bind(name)
            .fetch_optional(pool)
            .await)?)
    }

    /// Removes one of the user's passkeys with the notice and audit; `false` when there is none.
    pub async fn delete_passkey(
        &self,
        user_id: Uuid,
        id: Uuid,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        self.delete_owned(DELETE, user_id, id, notice, audit).await
    }

    /// After a login: the credential's new counter, and when.
    pub async fn passkey_used(&self, id: Uuid, credential: &str, now: DateTime<Utc>) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(USED)
            .bind(id)
            .bind(credential)
            .bind(now)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    pub async fn insert_ceremony(
        &self,
        challenge_hash: &[u8],
        user_id: Option<Uuid>,
        state: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_CEREMONY)
            .bind(challenge_hash)
            .bind(user_id)
            .bind(state)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Takes the live ceremony of `challenge_hash` begun by `user_id`: its state, once.
    pub async fn take_ceremony(
        &self,
        challenge_hash: &[u8],
        user_id: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar(TAKE_CEREMONY)
            .bind(challenge_hash)
            .bind(user_id)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn delete_expired_ceremonies(&self, now: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_EXPIRED_CEREMONIES, now, batch)
            .await
    }
}
