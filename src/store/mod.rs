//! Every SQL statement Latch runs, for SQLite and PostgreSQL behind one `Store`.
//!
//! Most statements are written once and run on either pool: both dialects accept `$n`
//! placeholders, `RETURNING` and `ON CONFLICT … DO UPDATE … WHERE`. Where they differ (row locks)
//! the statement is chosen per dialect next to its twin. Races are left to the database: unique
//! indexes and guarded `UPDATE … RETURNING`, never a read followed by a write in Rust.
//!
//! The methods of `Store` live with the tables they serve: `users`, `codes`, `sessions`,
//! `account` (changes to an existing account), `outbox`, `audit` and `rate_limits`. Every
//! statement is a string constant, so none is assembled at run time and a statement that two
//! methods share is written once.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub use account::Contact;
pub use admin::{AuditLogRecord, Guarded, UserOrder, UserQuery, UserWithRoles};
pub use audit::AuditRecord;
pub use branding::BrandingRecord;
pub use credentials::{Ends, Reach};
pub use factors::{ChallengeRecord, FactorSummary, TotpConfirmation, TotpRecord};
pub use identities::{FlowRecord, IdentityRecord};
pub use oauth::{
    AuthCodeRecord, ClientRecord, CodeExchange, ConnectedApp, GrantRecord, RefreshLookup,
    RefreshRecord, Rotation, SigningKeyRecord,
};
pub use passkeys::PasskeyRecord;
pub use rate_limits::Counter;
pub use records::{
    AuditEntry, Channel, CodeRecord, NewCode, NewMessage, NewUser, OutboxMessage, OutboxStatus,
    UserRecord,
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
    /// An identity at another provider, already linked (to anyone).
    Identity,
    Other,
}

/// The unique constraints a flow answers for, by name (PostgreSQL reports the constraint's
/// name) and by columns (SQLite reports `UNIQUE constraint failed: users.email`). Any other
/// is `Unique::Other`: a bug, not an answer.
const UNIQUES: [(&str, &str, Unique); 3] = [
    ("users_email_key", "users.email", Unique::Email),
    ("users_phone_key", "users.phone", Unique::Phone),
    (
        "user_identities_provider_issuer_subject_key",
        "user_identities.provider, user_identities.issuer, user_identities.subject",
        Unique::Identity,
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unique constraint on {0:?}")]
    Duplicate(Unique),
    /// The database cannot be reached or will not take this statement now: it is down,
    /// restarting, failing over (a replica refuses writes), or every connection is busy. The
    /// request may succeed if tried again.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
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
            let field = UNIQUES
                .iter()
                .find(|(name, columns, _)| {
                    db.constraint() == Some(*name)
                        || db.message().strip_prefix("UNIQUE constraint failed: ") == Some(*columns)
                })
                .map_or(Unique::Other, |(_, _, unique)| *unique);
            return Error::Duplicate(field);
        }
        if is_unavailability(&e) {
            return Error::Unavailable(e);
        }
        Error::Database(e)
    }
}

/// Whether `e` says the database is out of reach for now rather than that the statement is
/// wrong: the connection broke or could not be made, the pool waited in vain, or the server
/// is shutting down, starting up or read-only (a replica, mid-failover). A protocol error is
/// a connection that broke mid-exchange: a proxy with no server behind it accepts, then closes
/// before PostgreSQL's first answer.
fn is_unavailability(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // PostgreSQL: class 08 connection exception; 57P01–57P03 admin shutdown, crash
            // shutdown, cannot connect now; 53300 too many connections; 25006 a read-only
            // transaction (the old leader, now a replica). SQLite: 5 and 6, busy and locked
            // past the busy timeout (with extended codes, the low byte).
            code.starts_with("08")
                || matches!(&*code, "57P01" | "57P02" | "57P03" | "53300" | "25006")
                || code.parse::<i32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
        }
        _ => false,
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

/// The columns of `UserRecord`, as a literal so statements can `concat!` it at compile time.
macro_rules! user_columns {
    () => {
        "id, first_name, last_name, email, phone, password_hash, email_verified_at, \
         phone_verified_at, phone_voided_at, created_at, updated_at, disabled_at, locale"
    };
}

// The macros below bind one shared statement and run it on a pool or inside a transaction
// (`&mut *tx`) of either dialect: like `on_pool!`, each use compiles once per driver.

/// Queues a `NewMessage` for the outbox worker (`outbox::INSERT`).
macro_rules! insert_outbox {
    ($executor:expr, $msg:expr) => {
        sqlx::query($crate::store::outbox::INSERT)
            .bind(::uuid::Uuid::new_v4())
            .bind($msg.channel.as_str())
            .bind(&$msg.destination)
            .bind(&$msg.subject)
            .bind(&$msg.body)
            .bind($msg.created_at)
            .bind($msg.expires_at)
            .execute($executor)
            .await
            .map(drop)
    };
}

/// Records an `AuditEntry` (`audit::INSERT`).
macro_rules! insert_audit {
    ($executor:expr, $entry:expr) => {
        sqlx::query($crate::store::audit::INSERT)
            .bind($entry.user_id)
            .bind($entry.kind)
            .bind(&$entry.ip)
            .bind(&$entry.user_agent)
            .bind($entry.at)
            .bind($entry.actor_id)
            .bind(&$entry.detail)
            .execute($executor)
            .await
            .map(drop)
    };
}

/// Uses up the code with id `$id` (`codes::CONSUME`): `Ok(false)` when another request used it
/// first.
macro_rules! consume_code {
    ($executor:expr, $id:expr, $now:expr) => {
        sqlx::query_as::<_, (::uuid::Uuid,)>($crate::store::codes::CONSUME)
            .bind($id)
            .bind($now)
            .fetch_optional($executor)
            .await
            .map(|used| used.is_some())
    };
}

/// Writes a `GrantRecord` (`oauth::INSERT_GRANT`).
macro_rules! insert_grant {
    ($executor:expr, $grant:expr) => {
        sqlx::query($crate::store::oauth::INSERT_GRANT)
            .bind($grant.id)
            .bind(&$grant.client_id)
            .bind($grant.user_id)
            .bind($grant.session_id)
            .bind(&$grant.scope)
            .bind($grant.auth_time)
            .bind(&$grant.amr)
            .bind($grant.created_at)
            .execute($executor)
            .await
            .map(drop)
    };
}

/// Writes a `RefreshRecord` (`oauth::INSERT_REFRESH`).
macro_rules! insert_refresh {
    ($executor:expr, $token:expr) => {
        sqlx::query($crate::store::oauth::INSERT_REFRESH)
            .bind(&$token.token_hash)
            .bind($token.grant_id)
            .bind($token.created_at)
            .bind($token.expires_at)
            .execute($executor)
            .await
            .map(drop)
    };
}

// After the macros, so these files can use them.
#[macro_use]
mod credentials;
mod account;
mod admin;
mod audit;
mod branding;
mod codes;
mod factors;
mod identities;
mod oauth;
mod outbox;
mod passkeys;
mod rate_limits;
mod records;
mod sessions;
mod users;

const INSERT_SECRET: &str =
    "INSERT INTO settings (key, value) VALUES ('server_secret', $1) ON CONFLICT (key) DO NOTHING";

const SELECT_SECRET: &str = "SELECT value FROM settings WHERE key = 'server_secret'";

const POSTGRES_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The write-ahead log's size past which `bound_wal` forces it back to empty.
const WAL_LIMIT_BYTES: i64 = 64 << 20;

impl Store {
    /// Deletes one of the user's rows (`sql` binds its id, then the user's, and returns the
    /// id) with its notice and audit entry, in one transaction; `false` when there is none.
    pub(super) async fn delete_owned(
        &self,
        sql: &'static str,
        user_id: uuid::Uuid,
        id: uuid::Uuid,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let deleted = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let deleted: Option<(uuid::Uuid,)> = sqlx::query_as(sql)
                .bind(id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if deleted.is_some() {
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            deleted.is_some()
        });
        Ok(deleted)
    }

    /// SQLite only: keeps the write-ahead log from growing without end. SQLite's own checkpoints
    /// copy the log into the database but can only start the log over when no connection is
    /// reading, and with the pool busy one always is: under a sustained stream of writes the
    /// file grew by 20 MB/s and never shrank (206 MB after 10 s of refused logins, 55 GB when
    /// left running). A `TRUNCATE` checkpoint waits for the readers of the moment, then empties
    /// the file. Called every 2 s; cheap when the log is small (one passive checkpoint).
    pub async fn bound_wal(&self) -> Result<()> {
        let Store::Sqlite(pool) = self else {
            return Ok(());
        };
        let (_, frames, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(pool)
            .await?;
        let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(pool)
            .await?;
        if frames * page_size > WAL_LIMIT_BYTES {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Opens the database named by `url`, creating a SQLite file (and its folder) when needed,
    /// and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self> {
        let store = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                // After a checkpoint resets the WAL, the file is cut back to this size.
                .pragma("journal_size_limit", WAL_LIMIT_BYTES.to_string());
            if let Some(folder) = options.get_filename().parent()
                && !folder.as_os_str().is_empty()
            {
                std::fs::create_dir_all(folder).map_err(|source| Error::Folder {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
            // SQLite has one writer at a time; a few connections serve concurrent readers. A
            // connection to a file cannot drop, so it is not pinged before each use: the ping
            // is a round trip to the connection's thread, 13.7 % of the session check's
            // profile (docs/BENCHMARKS.md).
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            sqlx::migrate!("migrations/sqlite").run(&pool).await?;
            Store::Sqlite(pool)
        } else {
            let options = PgConnectOptions::from_str(url)?;
            // Not pinged before each use either: sqlx pings every connection when it goes back
            // to the pool, so only one that died while idle (a database restart) reaches a
            // query, which then fails once with 503 and the connection is dropped. The ping per
            // use was a second round trip on every session check.
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .test_before_acquire(false)
                // While the database is down a request waits this long for a connection, then
                // answers 503 `unavailable`: a client is never held longer than a few seconds.
                .acquire_timeout(POSTGRES_ACQUIRE_TIMEOUT)
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

    /// The statements whose cost must not grow with the number of users and sessions, by name:
    /// `tests/api/query_plans.rs` checks that the database answers each through an index.
    pub fn hot_statements(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            (
                "session check",
                self.per_dialect(sessions::LOAD_SQLITE, sessions::LOAD_POSTGRES),
            ),
            ("login by email", users::BY_EMAIL),
            ("login by phone", users::BY_PHONE),
            ("rate-limit upsert", rate_limits::HIT),
            (
                "outbox claim",
                self.per_dialect(outbox::CLAIM_DUE_SQLITE, outbox::CLAIM_DUE_POSTGRES),
            ),
            ("a user's sessions", sessions::LIST),
            ("a user's recent activity", audit::RECENT),
            ("sweep of expired sessions", sessions::DELETE_EXPIRED),
            (
                "admin user search",
                self.per_dialect(admin::SEARCH_SQLITE[0], admin::SEARCH_POSTGRES[0]),
            ),
            (
                "admin user search count",
                self.per_dialect(admin::COUNT_SEARCH_SQLITE, admin::COUNT_SEARCH_POSTGRES),
            ),
            ("security log by kind", admin::LOG_OF_KIND),
            ("enabled admins", admin::ENABLED_ADMINS),
        ]
    }

    /// Runs one of the sweep's batched deletes (`$1` the cutoff, `$2` the batch size) and
    /// returns how many rows went.
    async fn delete_batch(
        &self,
        sql: &'static str,
        cutoff: chrono::DateTime<chrono::Utc>,
        batch: i64,
    ) -> Result<u64> {
        Ok(on_pool!(self, |pool| sqlx::query(sql)
            .bind(cutoff)
            .bind(batch)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// Picks this store's statement where the dialects differ; both are constants.
    fn per_dialect(&self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self {
            Store::Sqlite(_) => sqlite,
            Store::Postgres(_) => postgres,
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
            sqlx::query(INSERT_SECRET)
                .bind(candidate)
                .execute(pool)
                .await?;
            sqlx::query_as(SELECT_SECRET).fetch_one(pool).await
        })?;
        Ok(secret.0)
    }
}
