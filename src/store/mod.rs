//! Every SQL statement Latch runs, for SQLite and PostgreSQL behind one `Store`.
//!
//! Most statements are written once and run on either pool: both dialects accept `$n`
//! placeholders, `RETURNING` and `ON CONFLICT … DO UPDATE … WHERE`. Where they differ (row locks)
//! the statement is chosen per dialect next to its twin. Races are left to the database: unique
//! indexes and guarded `UPDATE … RETURNING`, never a read followed by a write in Rust.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use uuid::Uuid;

pub use account::{AuditRecord, Contact};
pub use rate_limits::Counter;
pub use records::{
    AuditEntry, CodeRecord, NewCode, NewMessage, NewUser, OutboxMessage, OutboxStatus, UserRecord,
};
pub use sessions::{SessionRecord, SessionRow, SessionSummary};

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which unique index refused a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unique {
    Email,
    Phone,
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unique constraint on {0:?}")]
    Duplicate(Unique),
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            // PostgreSQL names the constraint (`users_email_key`); SQLite names the column
            // in its message (`UNIQUE constraint failed: users.email`).
            let hint = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
            let field = if hint.contains("email") {
                Unique::Email
            } else if hint.contains("phone") {
                Unique::Phone
            } else {
                Unique::Other
            };
            return Error::Duplicate(field);
        }
        Error::Database(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Runs the same statement body against whichever pool this store has. The body is compiled
/// once per dialect, so a type that one driver cannot encode is a compile error, not a surprise.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

pub(crate) const INSERT_OUTBOX: &str = "INSERT INTO outbox \
    (id, channel, destination, subject, body, attempts, next_attempt_at, expires_at, state, created_at) \
    VALUES ($1, $2, $3, $4, $5, 0, $6, $7, 'pending', $6)";

pub(crate) const INSERT_AUDIT: &str =
    "INSERT INTO audit_events (user_id, kind, ip, user_agent, at) VALUES ($1, $2, $3, $4, $5)";

/// Binds a `NewMessage` to `INSERT_OUTBOX`, for use inside a transaction of either dialect.
macro_rules! insert_outbox {
    ($tx:expr, $msg:expr) => {
        sqlx::query($crate::store::INSERT_OUTBOX)
            .bind(::uuid::Uuid::new_v4())
            .bind($msg.channel)
            .bind(&$msg.destination)
            .bind(&$msg.subject)
            .bind(&$msg.body)
            .bind($msg.created_at)
            .bind($msg.expires_at)
            .execute($tx)
            .await
            .map(drop)
    };
}

macro_rules! insert_audit {
    ($tx:expr, $entry:expr) => {
        sqlx::query($crate::store::INSERT_AUDIT)
            .bind($entry.user_id)
            .bind($entry.kind)
            .bind(&$entry.ip)
            .bind(&$entry.user_agent)
            .bind($entry.at)
            .execute($tx)
            .await
            .map(drop)
    };
}

// After the macros, so these files can use them.
mod account;
mod outbox;
mod rate_limits;
mod records;
mod sessions;

pub(crate) const USER_COLUMNS: &str = "id, first_name, last_name, email, phone, password_hash, \
    email_verified_at, phone_verified_at, phone_voided_at, created_at, updated_at";

impl Store {
    /// Opens the database named by `url`, creating a SQLite file (and its folder) when needed,
    /// and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self> {
        let store = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            if let Some(folder) = options.get_filename().parent()
                && !folder.as_os_str().is_empty()
            {
                std::fs::create_dir_all(folder).map_err(|source| Error::Folder {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
            // SQLite has one writer at a time; a few connections serve concurrent readers.
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?;
            sqlx::migrate!("migrations/sqlite").run(&pool).await?;
            Store::Sqlite(pool)
        } else {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await?;
            // sqlx takes an advisory lock, so several instances starting at once migrate once.
            sqlx::migrate!("migrations/postgres").run(&pool).await?;
            Store::Postgres(pool)
        };
        Ok(store)
    }

    pub fn dialect(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }

    /// Returns the stored server secret, storing `candidate` first if there is none. Several
    /// instances starting together agree on one value: the first insert wins.
    pub async fn server_secret(&self, candidate: &str) -> Result<String> {
        let secret: (String,) = on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ('server_secret', $1) ON CONFLICT (key) DO NOTHING",
            )
            .bind(candidate)
            .execute(pool)
            .await?;
            sqlx::query_as("SELECT value FROM settings WHERE key = 'server_secret'")
                .fetch_one(pool)
                .await
        })?;
        Ok(secret.0)
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
        let sql = format!(
            "INSERT INTO users (id, first_name, last_name, email, phone, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {USER_COLUMNS}"
        );
        let record = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let record: UserRecord = sqlx::query_as(&sql)
                .bind(user.id)
                .bind(&user.first_name)
                .bind(&user.last_name)
                .bind(&user.email)
                .bind(&user.phone)
                .bind(&user.password_hash)
                .bind(user.created_at)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'user')")
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO one_time_codes (id, user_id, purpose, destination, code_hash, attempts, expires_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
            )
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
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(email)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_user_by_phone(&self, phone: &str) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE phone = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(phone)
            .fetch_optional(pool)
            .await)?)
    }

    /// Uses up a matching code. Returns false when another request used it first.
    pub async fn consume_code(&self, code: &CodeRecord, now: DateTime<Utc>) -> Result<bool> {
        let used: Option<(Uuid,)> = on_pool!(self, |pool| {
            sqlx::query_as(
            "UPDATE one_time_codes SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL RETURNING id",
        )
        .bind(code.id)
        .bind(now)
        .fetch_optional(pool)
        .await
        })?;
        Ok(used.is_some())
    }

    /// Marks the user's number verified, if it is still `phone`; returns whether it is now.
    pub async fn mark_phone_verified(
        &self,
        user_id: Uuid,
        phone: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = on_pool!(self, |pool| sqlx::query(
            "UPDATE users SET phone_verified_at = COALESCE(phone_verified_at, $2) \
             WHERE id = $1 AND phone = $3",
        )
        .bind(user_id)
        .bind(now)
        .bind(phone)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn find_user(&self, id: Uuid) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn user_roles(&self, user_id: Uuid) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, |pool| sqlx::query_as(
            "SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role DESC"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|(role,)| role).collect())
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
            let replaced: Option<(Uuid,)> = sqlx::query_as(
                "INSERT INTO one_time_codes (id, user_id, purpose, destination, code_hash, attempts, expires_at, consumed_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 0, $6, NULL, $7) \
                 ON CONFLICT (user_id, purpose) DO UPDATE SET \
                   id = excluded.id, destination = excluded.destination, code_hash = excluded.code_hash, \
                   attempts = 0, expires_at = excluded.expires_at, consumed_at = NULL, created_at = excluded.created_at \
                 WHERE one_time_codes.created_at <= $8 OR one_time_codes.destination <> excluded.destination \
                 RETURNING id",
            )
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

    /// The write a request for an unknown identifier makes instead of queueing a message: an
    /// outbox row born dead, with no destination or body. Known and unknown identifiers then
    /// cost the same transaction, so timing does not tell them apart.
    pub async fn record_undeliverable(
        &self,
        channel: &'static str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO outbox (id, channel, destination, subject, body, attempts, next_attempt_at, \
                   expires_at, state, last_error, created_at) \
                 VALUES ($1, $2, '', '', '', 0, $3, $3, 'dead', 'no such account', $3)",
            )
            .bind(Uuid::new_v4())
            .bind(channel)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Deletes what no flow can use any more: codes past their expiry or used, reset tokens
    /// likewise, and outbox rows delivered or dead before `outbox_before` (their bodies are
    /// already erased; the rows only served as a delivery record).
    pub async fn delete_spent_secrets(
        &self,
        now: DateTime<Utc>,
        outbox_before: DateTime<Utc>,
    ) -> Result<u64> {
        let deleted = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let codes = sqlx::query(
                "DELETE FROM one_time_codes WHERE expires_at <= $1 OR consumed_at IS NOT NULL",
            )
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let tokens = sqlx::query(
                "DELETE FROM password_reset_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL",
            )
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let messages = sqlx::query(
                "DELETE FROM outbox WHERE state IN ('sent', 'dead') AND created_at <= $1",
            )
            .bind(outbox_before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            codes + tokens + messages
        });
        Ok(deleted)
    }

    /// Deletes accounts created before `created_before` whose email was never verified, with
    /// their codes, sessions and tokens (foreign keys cascade; audit rows lose their user).
    pub async fn delete_unverified_users(&self, created_before: DateTime<Utc>) -> Result<u64> {
        Ok(on_pool!(self, |pool| sqlx::query(
            "DELETE FROM users WHERE email_verified_at IS NULL AND created_at < $1"
        )
        .bind(created_before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?)
    }

    pub async fn delete_audit_before(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(on_pool!(self, |pool| sqlx::query(
            "DELETE FROM audit_events WHERE at < $1"
        )
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?)
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
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "UPDATE one_time_codes SET attempts = attempts + 1 \
             WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < $4 \
             RETURNING id, user_id, destination, code_hash"
        )
        .bind(user_id)
        .bind(purpose)
        .bind(now)
        .bind(max_attempts)
        .fetch_optional(pool)
        .await
        })?)
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
            let used: Option<(Uuid,)> = sqlx::query_as(
                "UPDATE one_time_codes SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL RETURNING id",
            )
            .bind(code.id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if used.is_some() {
                sqlx::query(
                    "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 \
                     WHERE id = $1 AND email = $3",
                )
                .bind(code.user_id)
                .bind(now)
                .bind(&code.destination)
                .execute(&mut *tx)
                .await?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used.is_some()
        });
        Ok(consumed)
    }

    pub async fn record_audit(&self, entry: &AuditEntry) -> Result<()> {
        on_pool!(self, |pool| insert_audit!(pool, entry))?;
        Ok(())
    }

    pub async fn audit_kinds(&self, user_id: Uuid) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, |pool| sqlx::query_as(
            "SELECT kind FROM audit_events WHERE user_id = $1 ORDER BY at, id"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|(k,)| k).collect())
    }
}
