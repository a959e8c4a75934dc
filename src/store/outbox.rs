//! The outbox worker's statements: claim a due message under a lease, renew the lease while
//! sending, and record the outcome only while the lease is still this worker's.
//!
//! Every claim increments `attempts`, so `(id, attempts)` names one lease: a worker whose lease
//! ran out and was taken over by another claim no longer matches, and its late writes change
//! nothing. That fences two workers off one message without a column for a lease token.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{OutboxMessage, OutboxStatus, Result, Store};

impl Store {
    /// Leases up to `limit` due messages to this worker until `lease_until`: if the worker dies
    /// mid-send the message becomes due again then. On PostgreSQL, `SKIP LOCKED` lets several
    /// instances claim disjoint rows; SQLite has a single writer, so the `UPDATE` alone is atomic.
    pub async fn claim_due_messages(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        const RETURNING: &str =
            "RETURNING id, channel, destination, subject, body, attempts, expires_at";
        Ok(match self {
            Store::Sqlite(pool) => {
                let sql = format!(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 \
                     WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
                                  ORDER BY next_attempt_at LIMIT $3) {RETURNING}"
                );
                sqlx::query_as(&sql)
                    .bind(now)
                    .bind(lease_until)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
            Store::Postgres(pool) => {
                let sql = format!(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 \
                     WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
                                  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) {RETURNING}"
                );
                sqlx::query_as(&sql)
                    .bind(now)
                    .bind(lease_until)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
        })
    }

    /// Extends the lease `(id, attempts)` to `lease_until` while its send is in flight; false
    /// when the lease is no longer this worker's (another claim took the message over).
    pub async fn renew_message_lease(
        &self,
        id: Uuid,
        attempts: i32,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(
            "UPDATE outbox SET next_attempt_at = $3 \
             WHERE id = $1 AND attempts = $2 AND state = 'pending'"
        )
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
        Ok(on_pool!(self, |pool| sqlx::query(
            "UPDATE outbox SET state = 'sent', subject = '', body = '', last_error = NULL \
             WHERE id = $1 AND attempts = $2 AND state = 'pending'"
        )
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
        Ok(on_pool!(self, |pool| sqlx::query(
            "UPDATE outbox SET next_attempt_at = $3, last_error = $4 \
             WHERE id = $1 AND attempts = $2 AND state = 'pending'"
        )
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
        Ok(on_pool!(self, |pool| sqlx::query(
            "UPDATE outbox SET state = 'dead', subject = '', body = '', last_error = $3 \
             WHERE id = $1 AND attempts = $2 AND state = 'pending'"
        )
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
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT state, attempts, body, last_error FROM outbox WHERE destination = $1 ORDER BY created_at"
        )
        .bind(destination)
        .fetch_all(pool)
        .await
        })?)
    }
}
