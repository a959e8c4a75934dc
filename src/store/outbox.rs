//! The outbox: messages queued in the transaction of the change that sends them, and the
//! worker's statements to claim a due message under a lease, renew the lease while sending,
//! and record the outcome only while the lease is still this worker's.
//!
//! Every claim increments `attempts`, so `(id, attempts)` names one lease: a worker whose lease
//! ran out and was taken over by another claim no longer matches, and its late writes change
//! nothing. That fences two workers off one message without a column for a lease token.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, Channel, NewMessage, OutboxMessage, OutboxStatus, Result, Store};

/// Written through `insert_outbox!`, inside the transaction of the change the message is about.
pub(super) const INSERT: &str = "INSERT INTO outbox \
    (id, channel, destination, subject, body, attempts, next_attempt_at, expires_at, state, \
     created_at) \
    VALUES ($1, $2, $3, $4, $5, 0, $6, $7, 'pending', $6)";

const INSERT_UNDELIVERABLE: &str = "INSERT INTO outbox \
    (id, channel, destination, subject, body, attempts, next_attempt_at, expires_at, state, \
     created_at) \
    VALUES ($1, $2, '', '', '', 0, $3, $3, 'pending', $3)";

/// The second statement of an undeliverable row (a known identifier's request writes its code,
/// then its message): nothing else ever sees it pending, inside its transaction.
const MARK_UNDELIVERABLE: &str =
    "UPDATE outbox SET state = 'dead', last_error = 'no such account' WHERE id = $1";

/// The claim, with the dialect's row lock (if any) after the `LIMIT` of its subquery. A message
/// with an older one to the same destination still pending is not due: after an outage the
/// retries' schedules differ, and without this a later code could arrive before an earlier one.
macro_rules! claim_due {
    ($lock:literal) => {
        concat!(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 \
             WHERE id IN (SELECT id FROM outbox AS due \
               WHERE state = 'pending' AND next_attempt_at <= $1 \
                 AND NOT EXISTS (SELECT 1 FROM outbox AS earlier \
                   WHERE earlier.destination = due.destination \
                     AND earlier.state = 'pending' AND earlier.created_at < due.created_at) \
               ORDER BY next_attempt_at LIMIT $3",
            $lock,
            ") RETURNING id, channel, destination, subject, body, attempts, expires_at"
        )
    };
}

pub(super) const CLAIM_DUE_SQLITE: &str = claim_due!("");

pub(super) const CLAIM_DUE_POSTGRES: &str = claim_due!(" FOR UPDATE SKIP LOCKED");

const RENEW_LEASE: &str = "UPDATE outbox SET next_attempt_at = $3 \
    WHERE id = $1 AND attempts = $2 AND state = 'pending'";

const MARK_SENT: &str = "UPDATE outbox \
    SET state = 'sent', subject = '', body = '', last_error = NULL \
    WHERE id = $1 AND attempts = $2 AND state = 'pending'";

const MARK_FOR_RETRY: &str = "UPDATE outbox SET next_attempt_at = $3, last_error = $4 \
    WHERE id = $1 AND attempts = $2 AND state = 'pending'";

const MARK_DEAD: &str = "UPDATE outbox \
    SET state = 'dead', subject = '', body = '', last_error = $3 \
    WHERE id = $1 AND attempts = $2 AND state = 'pending'";

const STATUS: &str = "SELECT state, attempts, body, last_error FROM outbox \
    WHERE destination = $1 ORDER BY created_at";

const UNDELIVERED: &str = "SELECT COUNT(*) FROM outbox WHERE state = 'pending'";

impl Store {
    /// Queues one message on its own; most go in the transaction of the change they announce.
    pub async fn queue_message(&self, message: &NewMessage) -> Result<()> {
        on_pool!(self, |pool| insert_outbox!(pool, message))?;
        Ok(())
    }

    /// The writes a request for an unknown identifier makes instead of a known one's code and
    /// message: an outbox row with no destination or body, written and marked dead in two
    /// statements as the known path writes two, and the request's `audit` entry (with no user)
    /// where the known path audits too. Known and unknown identifiers then cost the same
    /// transaction, so timing does not tell them apart.
    pub async fn record_undeliverable(
        &self,
        channel: Channel,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let id = Uuid::new_v4();
            let mut tx = pool.begin().await?;
            sqlx::query(INSERT_UNDELIVERABLE)
                .bind(id)
                .bind(channel.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(MARK_UNDELIVERABLE)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if let Some(audit) = audit {
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Leases up to `limit` due messages to this worker until `lease_until`: if the worker dies
    /// mid-send the message becomes due again then. On PostgreSQL, `SKIP LOCKED` lets several
    /// instances claim disjoint rows; SQLite has a single writer, so the `UPDATE` alone is atomic.
    pub async fn claim_due_messages(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let sql = self.per_dialect(CLAIM_DUE_SQLITE, CLAIM_DUE_POSTGRES);
        Ok(on_pool!(self, |pool| sqlx::query_as(sql)
            .bind(now)
            .bind(lease_until)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }

    /// Extends the lease `(id, attempts)` to `lease_until` while its send is in flight, or
    /// gives it back with `lease_until` now; false when the lease is no longer this worker's
    /// (another claim took the message over).
    pub async fn renew_message_lease(
        &self,
        id: Uuid,
        attempts: i32,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(RENEW_LEASE)
            .bind(id)
            .bind(attempts)
            .bind(lease_until)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1))?)
    }

    /// Delivered: the body (which may hold a code) is erased. False when the lease
    /// `(id, attempts)` is no longer held, and nothing changed.
    pub async fn mark_message_sent(&self, id: Uuid, attempts: i32) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(MARK_SENT)
            .bind(id)
            .bind(attempts)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1))?)
    }

    /// Failed for now: due again at `next_attempt_at`, if the lease is still held.
    pub async fn mark_message_for_retry(
        &self,
        id: Uuid,
        attempts: i32,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(MARK_FOR_RETRY)
            .bind(id)
            .bind(attempts)
            .bind(next_attempt_at)
            .bind(error)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1))?)
    }

    /// Given up (expired or refused for good): the body is erased like a sent one, if the lease
    /// is still held.
    pub async fn mark_message_dead(&self, id: Uuid, attempts: i32, error: &str) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(MARK_DEAD)
            .bind(id)
            .bind(attempts)
            .bind(error)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1))?)
    }

    /// What became of the messages to one destination, oldest first: lets tests and operators
    /// see delivery state without reading bodies (erased once delivered anyway).
    pub async fn outbox_status(&self, destination: &str) -> Result<Vec<OutboxStatus>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(STATUS)
            .bind(destination)
            .fetch_all(pool)
            .await)?)
    }

    /// How many messages are neither delivered nor given up on: being sent, due, or waiting
    /// for a retry.
    pub async fn undelivered(&self) -> Result<i64> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar(UNDELIVERED)
            .fetch_one(pool)
            .await)?)
    }
}
