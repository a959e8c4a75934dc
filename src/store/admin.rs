//! What the admin area reads and writes: the user search, role changes, disabling accounts and
//! the security log. Every change that must leave at least one admin checks it inside its own
//! transaction, after its writes: on SQLite the first write holds the only write lock until
//! commit, and on PostgreSQL an advisory lock taken first puts such changes in a row.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, Ends, Result, Store, UserRecord};

/// A user with their roles, as the admin list shows them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserWithRoles {
    #[sqlx(flatten)]
    pub user: UserRecord,
    /// Comma-separated role names.
    pub roles: Option<String>,
}

/// One line of the security log.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditLogRecord {
    pub id: i64,
    pub user_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub kind: String,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

/// The order of a user search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserOrder {
    Newest,
    Oldest,
    Email,
    Name,
}

/// A search as the store runs it: each searched column is compared with a prefix range
/// (`>= low AND < high`), which its index answers; an empty `text` lists everyone.
pub struct UserQuery<'a> {
    /// Lower-cased: matched against the email and the lower-cased names.
    pub text: &'a str,
    /// The text as a phone number would be stored (`+12015550123`).
    pub phone: &'a str,
    pub order: UserOrder,
    pub limit: i64,
    pub offset: i64,
}

/// The statements of a search, spelled once: `$1`/`$2` the text's range, `$3`/`$4` the
/// phone's. PostgreSQL compares in byte order (`COLLATE "C"`), like its prefix indexes.
macro_rules! search {
    (sqlite, $what:expr, $tail:expr) => {
        concat!(
            $what,
            " FROM users WHERE (email >= $1 AND email < $2) OR (phone >= $3 AND phone < $4) \
              OR (lower(first_name) >= $1 AND lower(first_name) < $2) \
              OR (lower(last_name) >= $1 AND lower(last_name) < $2)",
            $tail
        )
    };
    (postgres, $what:expr, $tail:expr) => {
        concat!(
            $what,
            " FROM users WHERE (email COLLATE \"C\" >= $1 AND email COLLATE \"C\" < $2) \
              OR (phone COLLATE \"C\" >= $3 AND phone COLLATE \"C\" < $4) \
              OR (lower(first_name) COLLATE \"C\" >= $1 AND lower(first_name) COLLATE \"C\" < $2) \
              OR (lower(last_name) COLLATE \"C\" >= $1 AND lower(last_name) COLLATE \"C\" < $2)",
            $tail
        )
    };
}

macro_rules! listed {
    (sqlite) => {
        concat!(
            "SELECT ",
            user_columns!(),
            ", (SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = users.id) AS roles"
        )
    };
    (postgres) => {
        concat!(
            "SELECT ",
            user_columns!(),
            ", (SELECT string_agg(role, ',') FROM user_roles r WHERE r.user_id = users.id) AS roles"
        )
    };
}

/// The four orders of `UserOrder`, each served by an index. Names are ordered in byte order on
/// both dialects (`COLLATE "C"` on PostgreSQL), as their index is.
macro_rules! orders {
    ($m:ident, sqlite, $select:expr, $limit:literal) => {
        orders!(@ $m, sqlite, $select, $limit,
            " ORDER BY lower(last_name), lower(first_name), id")
    };
    ($m:ident, postgres, $select:expr, $limit:literal) => {
        orders!(@ $m, postgres, $select, $limit,
            " ORDER BY lower(last_name) COLLATE \"C\", lower(first_name) COLLATE \"C\", id")
    };
    (@ $m:ident, $dialect:tt, $select:expr, $limit:literal, $by_name:literal) => {
        [
            $m!($dialect, $select, concat!(" ORDER BY created_at DESC, id DESC", $limit)),
            $m!($dialect, $select, concat!(" ORDER BY created_at, id", $limit)),
            $m!($dialect, $select, concat!(" ORDER BY email", $limit)),
            $m!($dialect, $select, concat!($by_name, $limit)),
        ]
    };
}

/// Everyone, without a search text.
macro_rules! all {
    ($dialect:tt, $select:expr, $tail:expr) => {
        concat!($select, " FROM users", $tail)
    };
}

pub(super) const SEARCH_SQLITE: [&str; 4] =
    orders!(search, sqlite, listed!(sqlite), " LIMIT $5 OFFSET $6");
pub(super) const SEARCH_POSTGRES: [&str; 4] =
    orders!(search, postgres, listed!(postgres), " LIMIT $5 OFFSET $6");
const ALL_SQLITE: [&str; 4] = orders!(all, sqlite, listed!(sqlite), " LIMIT $1 OFFSET $2");
const ALL_POSTGRES: [&str; 4] = orders!(all, postgres, listed!(postgres), " LIMIT $1 OFFSET $2");
pub(super) const COUNT_SEARCH_SQLITE: &str = search!(sqlite, "SELECT COUNT(*)", "");
pub(super) const COUNT_SEARCH_POSTGRES: &str = search!(postgres, "SELECT COUNT(*)", "");
const COUNT_ALL: &str = "SELECT COUNT(*) FROM users";

const ONE_SQLITE: &str = concat!(listed!(sqlite), " FROM users WHERE id = $1");
const ONE_POSTGRES: &str = concat!(listed!(postgres), " FROM users WHERE id = $1");

const ROLES: &str = "SELECT role FROM user_roles WHERE user_id = $1";
const INSERT_ROLE: &str =
    "INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING role";
const DELETE_ROLE: &str = "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 RETURNING role";
/// Admins who can still act: the last-admin rule counts these.
pub(super) const ENABLED_ADMINS: &str = "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id \
    WHERE r.role = 'admin' AND u.disabled_at IS NULL";
/// Taken first by a PostgreSQL transaction that may remove an admin (a constant key).
const ADMIN_LOCK_POSTGRES: &str = "SELECT pg_advisory_xact_lock(4242001)";

const DISABLE: &str = "UPDATE users SET disabled_at = $2, updated_at = $2 \
    WHERE id = $1 AND disabled_at IS NULL RETURNING id";
const ENABLE: &str = "UPDATE users SET disabled_at = NULL, updated_at = $2 \
    WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id";

macro_rules! audit_log {
    ($where:literal, $limit:literal) => {
        concat!(
            "SELECT id, user_id, actor_id, kind, detail, ip, user_agent, at FROM audit_events ",
            $where,
            " ORDER BY at DESC, id DESC LIMIT ",
            $limit
        )
    };
}
const LOG_ALL: &str = audit_log!("", "$1 OFFSET $2");
const LOG_OF_USER: &str = audit_log!("WHERE user_id = $1", "$2 OFFSET $3");
pub(super) const LOG_OF_KIND: &str = audit_log!("WHERE kind = $1", "$2 OFFSET $3");
const LOG_OF_USER_AND_KIND: &str = audit_log!("WHERE user_id = $1 AND kind = $2", "$3 OFFSET $4");

/// The first statement of a role change: a write, so that on SQLite the transaction holds the
/// write lock from its start (a read first could not be upgraded once another writer
/// committed, and would fail instead of waiting).
const TOUCH_USER: &str = "UPDATE users SET updated_at = $2 WHERE id = $1 RETURNING id";
const IS_ADMIN: &str = "SELECT role FROM user_roles WHERE user_id = $1 AND role = 'admin'";

/// What became of a change that must leave an admin.
#[derive(Debug, PartialEq, Eq)]
pub enum Guarded<T> {
    Done(T),
    /// Nothing changed: no enabled admin would be left.
    LastAdmin,
    /// No such user (or, for enable/disable, already in that state).
    Missing,
}

impl Store {
    /// One page of users matching `query`, with the number of all matches.
    pub async fn search_users(&self, query: &UserQuery<'_>) -> Result<(Vec<UserWithRoles>, i64)> {
        let order = query.order as usize;
        let searching = !query.text.is_empty();
        let (rows_sql, count_sql) = match (self, searching) {
            (Store::Sqlite(_), true) => (SEARCH_SQLITE[order], COUNT_SEARCH_SQLITE),
            (Store::Postgres(_), true) => (SEARCH_POSTGRES[order], COUNT_SEARCH_POSTGRES),
            (Store::Sqlite(_), false) => (ALL_SQLITE[order], COUNT_ALL),
            (Store::Postgres(_), false) => (ALL_POSTGRES[order], COUNT_ALL),
        };
        let text_high = format!("{}\u{10FFFF}", query.text);
        let phone_high = format!("{}\u{10FFFF}", query.phone);
        let (rows, total) = on_pool!(self, |pool| {
            if searching {
                let rows: Vec<UserWithRoles> = sqlx::query_as(rows_sql)
                    .bind(query.text)
                    .bind(&text_high)
                    .bind(query.phone)
                    .bind(&phone_high)
                    .bind(query.limit)
                    .bind(query.offset)
                    .fetch_all(pool)
                    .await?;
                let total: (i64,) = sqlx::query_as(count_sql)
                    .bind(query.text)
                    .bind(&text_high)
                    .bind(query.phone)
                    .bind(&phone_high)
                    .fetch_one(pool)
                    .await?;
                (rows, total.0)
            } else {
                let rows: Vec<UserWithRoles> = sqlx::query_as(rows_sql)
                    .bind(query.limit)
                    .bind(query.offset)
                    .fetch_all(pool)
                    .await?;
                let total: (i64,) = sqlx::query_as(count_sql).fetch_one(pool).await?;
                (rows, total.0)
            }
        });
        Ok((rows, total))
    }

    /// The user with their roles.
    pub async fn user_with_roles(&self, id: Uuid) -> Result<Option<UserWithRoles>> {
        let sql = self.per_dialect(ONE_SQLITE, ONE_POSTGRES);
        Ok(on_pool!(self, |pool| sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Replaces the user's roles with `roles` (`user` is never removed). `audit` is given what
    /// was added and removed and makes the event written with the change; nothing is written
    /// when nothing changes.
    pub async fn replace_roles(
        &self,
        user_id: Uuid,
        roles: &[String],
        now: DateTime<Utc>,
        audit: impl FnOnce(&[String], &[String]) -> AuditEntry,
    ) -> Result<Guarded<(Vec<String>, Vec<String>)>> {
        let outcome = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            if matches!(self, Store::Postgres(_)) {
                sqlx::query(ADMIN_LOCK_POSTGRES).execute(&mut *tx).await?;
            }
            let exists: Option<(Uuid,)> = sqlx::query_as(TOUCH_USER)
                .bind(user_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Ok(Guarded::Missing);
            }
            let current: Vec<(String,)> = sqlx::query_as(ROLES)
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
            let current: Vec<String> = current.into_iter().map(|(r,)| r).collect();
            let mut added = Vec::new();
            let mut removed = Vec::new();
            for role in current
                .iter()
                .filter(|r| *r != "user" && !roles.contains(r))
            {
                sqlx::query(DELETE_ROLE)
                    .bind(user_id)
                    .bind(role)
                    .execute(&mut *tx)
                    .await?;
                removed.push(role.clone());
            }
            for role in roles.iter().filter(|r| !current.contains(r)) {
                sqlx::query(INSERT_ROLE)
                    .bind(user_id)
                    .bind(role)
                    .execute(&mut *tx)
                    .await?;
                added.push(role.clone());
            }
            if added.is_empty() && removed.is_empty() {
                // Dropped uncommitted: not even `updated_at` moves.
                return Ok(Guarded::Done((added, removed)));
            }
            let (admins,): (i64,) = sqlx::query_as(ENABLED_ADMINS).fetch_one(&mut *tx).await?;
            if admins == 0 && removed.iter().any(|r| r == "admin") {
                // Dropping the transaction rolls the removals back.
                return Ok(Guarded::LastAdmin);
            }
            let entry = audit(&added, &removed);
            insert_audit!(&mut *tx, entry)?;
            tx.commit().await?;
            Ok::<_, super::Error>(Guarded::Done((added, removed)))
        })?;
        Ok(outcome)
    }

    /// Gives `role` to the user (`grant`) or takes it away, with `audit`; false if there was
    /// nothing to do. No last-admin rule: this serves `LATCH_ADMIN_EMAILS` and the operator's
    /// command line, which can always grant again.
    pub async fn set_role(
        &self,
        user_id: Uuid,
        role: &str,
        grant: bool,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let sql = if grant { INSERT_ROLE } else { DELETE_ROLE };
        let changed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let changed: Option<(String,)> = sqlx::query_as(sql)
                .bind(user_id)
                .bind(role)
                .fetch_optional(&mut *tx)
                .await?;
            if changed.is_some() {
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(changed.is_some())
        })?;
        Ok(changed)
    }

    /// Disables the account and ends what `ends` names, in the same transaction. Refused when
    /// it would leave no enabled admin.
    pub async fn disable_user(
        &self,
        user_id: Uuid,
        ends: Ends,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> Result<Guarded<()>> {
        let outcome = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            if matches!(self, Store::Postgres(_)) {
                sqlx::query(ADMIN_LOCK_POSTGRES).execute(&mut *tx).await?;
            }
            let done: Option<(Uuid,)> = sqlx::query_as(DISABLE)
                .bind(user_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                return Ok(Guarded::Missing);
            }
            let (admins,): (i64,) = sqlx::query_as(ENABLED_ADMINS).fetch_one(&mut *tx).await?;
            let was_admin: Option<(String,)> = sqlx::query_as(IS_ADMIN)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if admins == 0 && was_admin.is_some() {
                return Ok(Guarded::LastAdmin);
            }
            end_for_change!(tx, user_id, &[], ends, now);
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
            Ok::<_, super::Error>(Guarded::Done(()))
        })?;
        Ok(outcome)
    }

    /// Enables a disabled account; `Missing` if there is none or it is not disabled.
    pub async fn enable_user(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> Result<Guarded<()>> {
        let outcome = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let done: Option<(Uuid,)> = sqlx::query_as(ENABLE)
                .bind(user_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                return Ok(Guarded::Missing);
            }
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Guarded::Done(()))
        })?;
        Ok(outcome)
    }

    /// The security log, newest first, optionally of one user and of one kind.
    pub async fn audit_log(
        &self,
        user_id: Option<Uuid>,
        kind: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditLogRecord>> {
        Ok(on_pool!(self, |pool| match (user_id, kind) {
            (None, None) => {
                sqlx::query_as(LOG_ALL)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(pool)
                    .await
            }
            (Some(user_id), None) => {
                sqlx::query_as(LOG_OF_USER)
                    .bind(user_id)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(pool)
                    .await
            }
            (None, Some(kind)) => {
                sqlx::query_as(LOG_OF_KIND)
                    .bind(kind)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(pool)
                    .await
            }
            (Some(user_id), Some(kind)) => {
                sqlx::query_as(LOG_OF_USER_AND_KIND)
                    .bind(user_id)
                    .bind(kind)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(pool)
                    .await
            }
        })?)
    }

    /// Admins who are not disabled.
    pub async fn enabled_admins(&self) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, |pool| sqlx::query_as(ENABLED_ADMINS)
            .fetch_one(pool)
            .await)?;
        Ok(n)
    }
}
