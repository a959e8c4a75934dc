//! Account changes: names, confirmed email and phone changes, passwords and reset tokens.
//! Each change that touches more than one row is one transaction.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, CodeRecord, NewMessage, Result, Store, USER_COLUMNS, UserRecord};

/// An audit event as shown to its user.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    pub kind: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

/// Which contact detail a confirmed change replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contact {
    Email,
    Phone,
}

impl Store {
    pub async fn update_names(
        &self,
        user_id: Uuid,
        first_name: &str,
        last_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserRecord>> {
        let sql = format!(
            "UPDATE users SET first_name = $2, last_name = $3, updated_at = $4 WHERE id = $1 RETURNING {USER_COLUMNS}"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .bind(first_name)
            .bind(last_name)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    /// The unconfirmed new email and phone of a user: the destinations of their live change codes.
    pub async fn pending_contacts(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
        max_attempts: i32,
    ) -> Result<Vec<(String, String)>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT purpose, destination FROM one_time_codes \
             WHERE user_id = $1 AND purpose IN ('change_email', 'change_phone') \
               AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3"
        )
        .bind(user_id)
        .bind(now)
        .bind(max_attempts)
        .fetch_all(pool)
        .await)?)
    }

    /// Uses up a matching change code and moves the user to the new address, marked verified.
    /// A unique-index refusal (taken meanwhile) rolls everything back, the code included.
    /// `notice` goes to the old address in the same transaction.
    pub async fn confirm_contact_change(
        &self,
        code: &CodeRecord,
        contact: Contact,
        now: DateTime<Utc>,
        notice: Option<&NewMessage>,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let sql = match contact {
            Contact::Email => {
                "UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1"
            }
            Contact::Phone => {
                "UPDATE users SET phone = $2, phone_verified_at = $3, phone_voided_at = NULL, updated_at = $3 WHERE id = $1"
            }
        };
        let confirmed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used: Option<(Uuid,)> = sqlx::query_as(
                "UPDATE one_time_codes SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL RETURNING id",
            )
            .bind(code.id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if used.is_some() {
                sqlx::query(sql)
                    .bind(code.user_id)
                    .bind(&code.destination)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                if contact == Contact::Email {
                    // A reset link sent to the old mailbox must stop working.
                    sqlx::query("DELETE FROM password_reset_tokens WHERE user_id = $1")
                        .bind(code.user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(notice) = notice {
                    insert_outbox!(&mut *tx, notice)?;
                }
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used.is_some()
        });
        Ok(confirmed)
    }

    /// Sets a new password hash and ends every session of the user except `keep` (the token
    /// hash of the session making the change, if any), with its notice and audit, together.
    pub async fn replace_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        keep: Option<&[u8]>,
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(user_id)
                .bind(keep.unwrap_or_default())
                .execute(&mut *tx)
                .await?;
            // An unused reset link could undo the change the owner just made.
            sqlx::query("DELETE FROM password_reset_tokens WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            insert_outbox!(&mut *tx, notice)?;
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Ends every session of the user but `keep`.
    pub async fn delete_other_sessions(&self, user_id: Uuid, keep: &[u8]) -> Result<u64> {
        let done = on_pool!(self, |pool| sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2"
        )
        .bind(user_id)
        .bind(keep)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done)
    }

    /// Stores a new reset token, killing the user's older ones, and queues its email.
    pub async fn create_reset_token(
        &self,
        user_id: Uuid,
        token_hash: &[u8],
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        message: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM password_reset_tokens WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO password_reset_tokens (token_hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(expires_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            insert_outbox!(&mut *tx, message)?;
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The user a live, unused reset token belongs to.
    pub async fn reset_token_user(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<Uuid>> {
        let row: Option<(Uuid,)> = on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT user_id FROM password_reset_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        })?;
        Ok(row.map(|(id,)| id))
    }

    /// Uses up the token and sets the password: every session ends, the email counts as
    /// verified (the link proved it), the notice is queued. False if the token was used
    /// or expired meanwhile.
    pub async fn reset_password(
        &self,
        token_hash: &[u8],
        password_hash: &str,
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let done = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used: Option<(Uuid,)> = sqlx::query_as(
                "UPDATE password_reset_tokens SET used_at = $2 \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((user_id,)) = used {
                // When the link is the first proof of the mailbox, whoever set up the account
                // before (perhaps an attacker pre-registering the address with their own
                // phone) proved nothing the owner agreed to: the phone must be confirmed
                // again, and every pending code dies. A number nobody ever proved is voided
                // too, whoever verified the address: an owner who took up an account someone
                // else registered resets to take it back, and the registrant's number must
                // not survive that.
                let first_proof: Option<(Uuid,)> = sqlx::query_as(
                    "UPDATE users SET phone_verified_at = NULL, phone_voided_at = $2 \
                     WHERE id = $1 AND (email_verified_at IS NULL OR phone_verified_at IS NULL) \
                     RETURNING id",
                )
                .bind(user_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                if first_proof.is_some() {
                    sqlx::query(
                        "UPDATE one_time_codes SET consumed_at = $2 WHERE user_id = $1 AND consumed_at IS NULL",
                    )
                    .bind(user_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query(
                    "UPDATE users SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, $3), \
                     updated_at = $3 WHERE id = $1",
                )
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used.is_some()
        });
        Ok(done)
    }

    /// The user's latest audit events, newest first.
    pub async fn recent_audit(&self, user_id: Uuid, limit: i64) -> Result<Vec<AuditRecord>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT kind, ip, user_agent, at FROM audit_events WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await
        })?)
    }
}
