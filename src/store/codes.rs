//! One-time codes: issued (at most one live code per user and purpose), spent one attempt at a
//! time, used up once. Only a keyed hash of each code is stored.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, CodeRecord, NewCode, NewMessage, Result, Store};

/// A user's first code, written with the user (`create_user`).
pub(super) const INSERT: &str = "INSERT INTO one_time_codes \
    (id, user_id, purpose, destination, code_hash, attempts, expires_at, created_at) \
    VALUES ($1, $2, $3, $4, $5, 0, $6, $7)";

/// Uses up one code, once: run through `consume_code!` by every flow that accepts a code.
pub(super) const CONSUME: &str = "UPDATE one_time_codes SET consumed_at = $2 \
    WHERE id = $1 AND consumed_at IS NULL RETURNING id";

const REPLACE: &str = "INSERT INTO one_time_codes \
    (id, user_id, purpose, destination, code_hash, attempts, expires_at, consumed_at, created_at) \
    VALUES ($1, $2, $3, $4, $5, 0, $6, NULL, $7) \
    ON CONFLICT (user_id, purpose) DO UPDATE SET \
      id = excluded.id, destination = excluded.destination, code_hash = excluded.code_hash, \
      attempts = 0, expires_at = excluded.expires_at, consumed_at = NULL, \
      created_at = excluded.created_at \
    WHERE one_time_codes.created_at <= $8 OR one_time_codes.destination <> excluded.destination \
    RETURNING id";

const CLAIM_ATTEMPT: &str = "UPDATE one_time_codes SET attempts = attempts + 1 \
    WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 \
      AND attempts < $4 \
    RETURNING id, user_id, destination, code_hash";

const VERIFY_EMAIL: &str = "UPDATE users \
    SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 \
    WHERE id = $1 AND email = $3";

const DELETE_SPENT: &str = "DELETE FROM one_time_codes WHERE id IN \
     (SELECT id FROM one_time_codes WHERE expires_at <= $1 OR consumed_at IS NOT NULL LIMIT $2)";

const DELETE_SPENT_TOKENS: &str = "DELETE FROM password_reset_tokens WHERE token_hash IN \
     (SELECT token_hash FROM password_reset_tokens \
      WHERE expires_at <= $1 OR used_at IS NOT NULL LIMIT $2)";

const DELETE_DELIVERED: &str = "DELETE FROM outbox WHERE id IN \
     (SELECT id FROM outbox WHERE state IN ('sent', 'dead') AND created_at <= $1 LIMIT $2)";

impl Store {
    /// Uses up a matching code. Returns false when another request used it first.
    pub async fn consume_code(&self, code: &CodeRecord, now: DateTime<Utc>) -> Result<bool> {
        Ok(on_pool!(self, |pool| consume_code!(pool, code.id, now))?)
    }

    /// Replaces the user's live code for `code.purpose` and queues its message, unless the
    /// current code to the same destination is younger than `cooldown_since`. Returns whether a
    /// new code was issued. The cooldown check and the replacement are one statement, so two
    /// concurrent resends cannot both pass it.
    pub async fn replace_code(
        &self,
        code: &NewCode,
        cooldown_since: DateTime<Utc>,
        message: &NewMessage,
        audit: Option<&AuditEntry>,
    ) -> Result<bool> {
        let issued = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let replaced: Option<(Uuid,)> = sqlx::query_as(REPLACE)
                .bind(Uuid::new_v4())
                .bind(code.user_id)
                .bind(code.purpose)
                .bind(&code.destination)
                .bind(&code.code_hash)
                .bind(code.expires_at)
                .bind(code.created_at)
                .bind(cooldown_since)
                .fetch_optional(&mut *tx)
                .await?;
            if replaced.is_some() {
                insert_outbox!(&mut *tx, message)?;
                if let Some(audit) = audit {
                    insert_audit!(&mut *tx, audit)?;
                }
            }
            tx.commit().await?;
            replaced.is_some()
        });
        Ok(issued)
    }

    /// Spends one attempt on the user's live code for `purpose` and returns it for comparison.
    /// `None` when there is no code, or it is used, expired or out of attempts.
    pub async fn claim_code_attempt(
        &self,
        user_id: Uuid,
        purpose: &str,
        now: DateTime<Utc>,
        max_attempts: i32,
    ) -> Result<Option<CodeRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CLAIM_ATTEMPT)
            .bind(user_id)
            .bind(purpose)
            .bind(now)
            .bind(max_attempts)
            .fetch_optional(pool)
            .await)?)
    }

    /// Uses up a matching email-verification code and marks the address verified, together.
    /// Returns false when another request used the code first.
    pub async fn consume_email_verification(
        &self,
        code: &CodeRecord,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let consumed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used = consume_code!(&mut *tx, code.id, now)?;
            if used {
                sqlx::query(VERIFY_EMAIL)
                    .bind(code.user_id)
                    .bind(now)
                    .bind(&code.destination)
                    .execute(&mut *tx)
                    .await?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used
        });
        Ok(consumed)
    }

    /// Deletes up to `batch` codes past their expiry or used.
    pub async fn delete_spent_codes(&self, now: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_SPENT, now, batch).await
    }

    /// Deletes up to `batch` reset tokens past their expiry or used.
    pub async fn delete_spent_reset_tokens(&self, now: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_SPENT_TOKENS, now, batch).await
    }

    /// Deletes up to `batch` outbox rows delivered or dead before `before` (their bodies are
    /// already erased; the rows only served as a delivery record).
    pub async fn delete_delivered_messages(
        &self,
        before: DateTime<Utc>,
        batch: i64,
    ) -> Result<u64> {
        self.delete_batch(DELETE_DELIVERED, before, batch).await
    }
}
