//! Sessions: rows keyed by the SHA-256 of the token, with the user's id pulled out of the
//! session data so a user's sessions can be listed and revoked.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Result, Store};

/// A session as written.
pub struct SessionRecord {
    pub id_hash: Vec<u8>,
    pub public_id: Uuid,
    pub user_id: Option<Uuid>,
    /// The tower-sessions data map, as JSON.
    pub data: String,
    pub created_at: DateTime<Utc>,
    pub authenticated_at: Option<DateTime<Utc>>,
    /// RFC 8176 names of what the login showed, separated by spaces.
    pub amr: String,
    pub second_factor_at: Option<DateTime<Utc>>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub absolute_expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// A live session with its user, read in one query: the whole cost of a session check.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub public_id: Uuid,
    pub user_id: Option<Uuid>,
    pub data: String,
    pub created_at: DateTime<Utc>,
    pub authenticated_at: Option<DateTime<Utc>>,
    pub amr: String,
    pub second_factor_at: Option<DateTime<Utc>>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub absolute_expires_at: DateTime<Utc>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub phone_verified_at: Option<DateTime<Utc>>,
    pub user_created_at: Option<DateTime<Utc>>,
    pub user_updated_at: Option<DateTime<Utc>>,
    /// Comma-separated role names.
    pub roles: Option<String>,
    pub user_disabled_at: Option<DateTime<Utc>>,
    pub user_locale: Option<String>,
}

/// One line of a user's session list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionSummary {
    pub public_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// The session lookup, with the dialect's way of joining the user's roles into one string.
macro_rules! load_session {
    ($roles:literal) => {
        concat!(
            "SELECT s.public_id, s.user_id, s.data, s.created_at, s.authenticated_at, s.amr, \
               s.second_factor_at, s.last_seen_at, s.expires_at, s.absolute_expires_at, u.first_name, u.last_name, \
               u.email, u.phone, u.email_verified_at, u.phone_verified_at, \
               u.created_at AS user_created_at, u.updated_at AS user_updated_at, \
               u.disabled_at AS user_disabled_at, u.locale AS user_locale, ",
            $roles,
            " AS roles \
             FROM sessions s LEFT JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.absolute_expires_at > $2"
        )
    };
}

pub(super) const LOAD_SQLITE: &str =
    load_session!("(SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = s.user_id)");

pub(super) const LOAD_POSTGRES: &str =
    load_session!("(SELECT string_agg(role, ',') FROM user_roles r WHERE r.user_id = s.user_id)");

const INSERT: &str = "INSERT INTO sessions \
    (id_hash, public_id, user_id, data, created_at, authenticated_at, last_seen_at, expires_at, \
     absolute_expires_at, user_agent, ip, amr, second_factor_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
    ON CONFLICT (id_hash) DO NOTHING RETURNING public_id";

const UPDATE: &str = "UPDATE sessions \
    SET user_id = $2, data = $3, authenticated_at = $4, last_seen_at = $5, expires_at = $6, \
      user_agent = COALESCE($7, user_agent), ip = COALESCE($8, ip), amr = $9, \
      second_factor_at = $10 \
    WHERE id_hash = $1";

const MARK: &str = "UPDATE sessions SET data = $2, authenticated_at = COALESCE($3, authenticated_at), \
     second_factor_at = COALESCE($4, second_factor_at) WHERE id_hash = $1";

const TOUCH: &str = "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1";

const DELETE: &str = "DELETE FROM sessions WHERE id_hash = $1";

const DELETE_OF_USER: &str = "DELETE FROM sessions WHERE public_id = $1 AND user_id = $2";

pub(super) const LIST: &str = "SELECT public_id, created_at, last_seen_at, user_agent, ip FROM sessions \
    WHERE user_id = $1 AND expires_at > $2 AND absolute_expires_at > $2 \
    ORDER BY last_seen_at DESC";

// By the indexed idle expiry alone: it never passes the absolute one (`idle_expiry`), so a
// session past its absolute expiry is past this one too.
pub(super) const DELETE_EXPIRED: &str = "DELETE FROM sessions WHERE id_hash IN \
     (SELECT id_hash FROM sessions WHERE expires_at <= $1 LIMIT $2)";

impl Store {
    /// Inserts a new session; false if the id is taken (the caller draws another).
    pub async fn insert_session(&self, record: &SessionRecord) -> Result<bool> {
        let inserted: Option<(Uuid,)> = on_pool!(self, |pool| sqlx::query_as(INSERT)
            .bind(&record.id_hash)
            .bind(record.public_id)
            .bind(record.user_id)
            .bind(&record.data)
            .bind(record.created_at)
            .bind(record.authenticated_at)
            .bind(record.last_seen_at)
            .bind(record.expires_at)
            .bind(record.absolute_expires_at)
            .bind(&record.user_agent)
            .bind(&record.ip)
            .bind(&record.amr)
            .bind(record.second_factor_at)
            .fetch_optional(pool)
            .await)?;
        Ok(inserted.is_some())
    }

    /// Records a fresh login or second factor on a session that no cookie carries (a bearer
    /// token's): its data and its columns together. `None` leaves a column as it is.
    pub async fn mark_session(
        &self,
        id_hash: &[u8],
        data: &str,
        authenticated_at: Option<DateTime<Utc>>,
        second_factor_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(MARK)
            .bind(id_hash)
            .bind(data)
            .bind(authenticated_at)
            .bind(second_factor_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Writes the session's data back. A session revoked meanwhile stays revoked: only an
    /// existing row is updated.
    pub async fn update_session(&self, record: &SessionRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(UPDATE)
            .bind(&record.id_hash)
            .bind(record.user_id)
            .bind(&record.data)
            .bind(record.authenticated_at)
            .bind(record.last_seen_at)
            .bind(record.expires_at)
            .bind(&record.user_agent)
            .bind(&record.ip)
            .bind(&record.amr)
            .bind(record.second_factor_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// The live session with this token hash, and its user: one indexed lookup.
    pub async fn load_session(
        &self,
        id_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<SessionRow>> {
        let sql = self.per_dialect(LOAD_SQLITE, LOAD_POSTGRES);
        Ok(on_pool!(self, |pool| sqlx::query_as(sql)
            .bind(id_hash)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    /// Records activity: slides the idle expiry forward.
    pub async fn touch_session(
        &self,
        id_hash: &[u8],
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(TOUCH)
            .bind(id_hash)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &[u8]) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(DELETE)
            .bind(id_hash)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Deletes one of `user_id`'s sessions; false if it is not theirs or does not exist.
    pub async fn delete_user_session(&self, user_id: Uuid, public_id: Uuid) -> Result<bool> {
        let done = on_pool!(self, |pool| sqlx::query(DELETE_OF_USER)
            .bind(public_id)
            .bind(user_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        if done > 0 {
            self.end_grants_of_session(public_id).await?;
        }
        Ok(done > 0)
    }

    /// The user's live sessions, most recently used first.
    pub async fn list_sessions(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionSummary>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(LIST)
            .bind(user_id)
            .bind(now)
            .fetch_all(pool)
            .await)?)
    }

    /// Deletes up to `batch` expired sessions; the sweep calls it until fewer come back.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_EXPIRED, now, batch).await
    }
}
