//! Account changes: names, confirmed email and phone changes, passwords and reset tokens.
//! Each change that touches more than one row is one transaction.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, CodeRecord, Ends, NewMessage, Result, Store, UserRecord};

/// Which contact detail a confirmed change replaces.
pub use crate::model::Contact;

const UPDATE_NAMES: &str = concat!(
    "UPDATE users SET first_name = $2, last_name = $3, updated_at = $4 WHERE id = $1 RETURNING ",
    user_columns!()
);

const PENDING_CONTACTS: &str = "SELECT purpose, destination FROM one_time_codes \
    WHERE user_id = $1 AND purpose IN ('change_email', 'change_phone') \
      AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3";

const SET_EMAIL: &str =
    "UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1";

const SET_PHONE: &str = "UPDATE users \
    SET phone = $2, phone_verified_at = $3, phone_voided_at = NULL, updated_at = $3 \
    WHERE id = $1";

const SET_PASSWORD: &str = "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1";

/// Kills every reset link of a user when a new one is issued.
const DELETE_RESET_TOKENS: &str = "DELETE FROM password_reset_tokens WHERE user_id = $1";

const INSERT_RESET_TOKEN: &str = "INSERT INTO password_reset_tokens \
    (token_hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)";

const RESET_TOKEN_USER: &str = "SELECT user_id FROM password_reset_tokens \
    WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";

const USE_RESET_TOKEN: &str = "UPDATE password_reset_tokens SET used_at = $2 \
    WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id";

const VOID_UNPROVEN_PHONE: &str = "UPDATE users \
    SET phone_verified_at = NULL, phone_voided_at = $2 \
    WHERE id = $1 AND (email_verified_at IS NULL OR phone_verified_at IS NULL)";

const RESET_PASSWORD: &str = "UPDATE users \
    SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, $3), updated_at = $3 \
    WHERE id = $1";

/// The first proof of an address takes the account over: only while nobody had verified it.
const PROVE_EMAIL: &str = "UPDATE users SET password_hash = $2, email_verified_at = $3, \
     phone_verified_at = NULL, phone_voided_at = $3, updated_at = $3 \
     WHERE id = $1 AND email_verified_at IS NULL RETURNING id";

impl Store {
    pub async fn update_names(
        &self,
        user_id: Uuid,
        first_name: &str,
        last_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(UPDATE_NAMES)
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
        Ok(on_pool!(self, |pool| sqlx::query_as(PENDING_CONTACTS)
            .bind(user_id)
            .bind(now)
            .bind(max_attempts)
            .fetch_all(pool)
            .await)?)
    }

    /// Uses up a matching change code and moves the user to the new address, marked verified,
    /// ending what `ends` names. A unique-index refusal (taken meanwhile) rolls everything
    /// back, the code included. `notice` goes to the old address in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn confirm_contact_change(
        &self,
        code: &CodeRecord,
        contact: Contact,
        ends: Ends,
        now: DateTime<Utc>,
        notice: Option<&NewMessage>,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let sql = match contact {
            Contact::Email => SET_EMAIL,
            Contact::Phone => SET_PHONE,
        };
        let confirmed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used = consume_code!(&mut *tx, code.id, now)?;
            if used {
                sqlx::query(sql)
                    .bind(code.user_id)
                    .bind(&code.destination)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                end_for_change!(tx, code.user_id, &[], ends, now);
                if let Some(notice) = notice {
                    insert_outbox!(&mut *tx, notice)?;
                }
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used
        });
        Ok(confirmed)
    }

    /// Sets a new password hash and ends what `ends` names, keeping the session `keep` (the
    /// token hash of the session making the change, if any), with its notice and audit.
    #[allow(clippy::too_many_arguments)]
    pub async fn replace_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        keep: Option<&[u8]>,
        ends: Ends,
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(SET_PASSWORD)
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            end_for_change!(tx, user_id, keep.unwrap_or_default(), ends, now);
            insert_outbox!(&mut *tx, notice)?;
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
        });
        Ok(())
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
            sqlx::query(DELETE_RESET_TOKENS)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(INSERT_RESET_TOKEN)
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
        let row: Option<(Uuid,)> = on_pool!(self, |pool| sqlx::query_as(RESET_TOKEN_USER)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(|(id,)| id))
    }

    /// Uses up the token and sets the password, ending what `ends` names; the email counts as
    /// verified (the link proved it), the notice is queued. False if the token was used or
    /// expired meanwhile.
    #[allow(clippy::too_many_arguments)]
    pub async fn reset_password(
        &self,
        token_hash: &[u8],
        password_hash: &str,
        ends: Ends,
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let done = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used: Option<(Uuid,)> = sqlx::query_as(USE_RESET_TOKEN)
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((user_id,)) = used {
                // When the link is the first proof of the mailbox, whoever set up the account
                // before (perhaps an attacker pre-registering the address with their own
                // phone) proved nothing the owner agreed to: the phone must be confirmed
                // again. A number nobody ever proved is voided too, whoever verified the
                // address: an owner who took up an account someone else registered resets to
                // take it back, and the registrant's number must not survive that.
                sqlx::query(VOID_UNPROVEN_PHONE)
                    .bind(user_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(RESET_PASSWORD)
                    .bind(user_id)
                    .bind(password_hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                end_for_change!(tx, user_id, &[], ends, now);
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used.is_some()
        });
        Ok(done)
    }

    /// A login code by email (or a provider authoritative for it) proved an address nobody had
    /// verified: the address counts as verified, and whatever was set up before the proof —
    /// the password (replaced by `password_hash`, which nobody knows), the phone, linked
    /// identities, the sessions and grants `ends` names — is dropped, with the notice and audit row, in one transaction. False when the address
    /// was verified meanwhile (nothing changes).
    pub async fn prove_email(
        &self,
        user_id: Uuid,
        password_hash: &str,
        ends: Ends,
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let done = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let proven: Option<(Uuid,)> = sqlx::query_as(PROVE_EMAIL)
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if proven.is_some() {
                end_for_change!(tx, user_id, &[], ends, now);
                sqlx::query(super::identities::DELETE_OF_USER)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            proven.is_some()
        });
        Ok(done)
    }
}
