//! Users and their roles: sign-up, look-ups, a confirmed phone, and the sweep of accounts
//! nobody verified.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, NewCode, NewMessage, NewUser, Result, Store, UserRecord};

pub(super) const INSERT: &str = concat!(
    "INSERT INTO users \
     (id, first_name, last_name, email, phone, password_hash, created_at, updated_at, locale) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING ",
    user_columns!()
);

const SET_LOCALE: &str = "UPDATE users SET locale = $2 WHERE id = $1";

pub(super) const INSERT_ROLE: &str = "INSERT INTO user_roles (user_id, role) VALUES ($1, 'user')";

pub(super) const BY_EMAIL: &str =
    concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1");

pub(super) const BY_PHONE: &str =
    concat!("SELECT ", user_columns!(), " FROM users WHERE phone = $1");

const BY_ID: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1");

const MARK_PHONE_VERIFIED: &str = "UPDATE users \
    SET phone_verified_at = COALESCE(phone_verified_at, $2) WHERE id = $1 AND phone = $3";

const ROLES: &str = "SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role DESC";

const DELETE_UNVERIFIED: &str = "DELETE FROM users WHERE id IN \
     (SELECT id FROM users WHERE email_verified_at IS NULL AND created_at < $1 LIMIT $2)";

impl Store {
    /// Saves the language the user chose.
    pub async fn set_user_locale(&self, user_id: Uuid, locale: &str) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(SET_LOCALE)
            .bind(user_id)
            .bind(locale)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Creates the user, their role, their first verification code and its email, in one
    /// transaction. A taken email or phone comes back as `Error::Duplicate`.
    pub async fn create_user(
        &self,
        user: &NewUser,
        code: &NewCode,
        message: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<UserRecord> {
        let record = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let record: UserRecord = sqlx::query_as(INSERT)
                .bind(user.id)
                .bind(&user.first_name)
                .bind(&user.last_name)
                .bind(&user.email)
                .bind(&user.phone)
                .bind(&user.password_hash)
                .bind(user.created_at)
                .bind(&user.locale)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(INSERT_ROLE)
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(super::codes::INSERT)
                .bind(Uuid::new_v4())
                .bind(code.user_id)
                .bind(code.purpose)
                .bind(&code.destination)
                .bind(&code.code_hash)
                .bind(code.expires_at)
                .bind(code.created_at)
                .execute(&mut *tx)
                .await?;
            insert_outbox!(&mut *tx, message)?;
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
            record
        });
        Ok(record)
    }

    pub async fn find_user_by_email(&self, email: &str) -> Result<Option<UserRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(BY_EMAIL)
            .bind(email)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_user_by_phone(&self, phone: &str) -> Result<Option<UserRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(BY_PHONE)
            .bind(phone)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_user(&self, id: Uuid) -> Result<Option<UserRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(BY_ID)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Marks the user's number verified, if it is still `phone`; returns whether it is now.
    pub async fn mark_phone_verified(
        &self,
        user_id: Uuid,
        phone: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = on_pool!(self, |pool| sqlx::query(MARK_PHONE_VERIFIED)
            .bind(user_id)
            .bind(now)
            .bind(phone)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn user_roles(&self, user_id: Uuid) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, |pool| sqlx::query_as(ROLES)
            .bind(user_id)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(|(role,)| role).collect())
    }

    /// Deletes accounts created before `created_before` whose email was never verified, with
    /// their codes, sessions and tokens (foreign keys cascade; audit rows lose their user).
    pub async fn delete_unverified_users(
        &self,
        created_before: DateTime<Utc>,
        batch: i64,
    ) -> Result<u64> {
        self.delete_batch(DELETE_UNVERIFIED, created_before, batch)
            .await
    }
}
