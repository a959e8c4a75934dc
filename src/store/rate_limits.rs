//! Rate-limit counters in the database, so a limit holds across every Latch instance sharing it.

use chrono::{DateTime, Utc};

use super::{Result, Store};

/// A counter's state after a hit or a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    pub count: i32,
    pub window_end: DateTime<Utc>,
}

pub(super) const HIT: &str = "INSERT INTO rate_limits (key, count, window_end) VALUES ($1, 1, $3) \
    ON CONFLICT (key) DO UPDATE SET \
      count = CASE WHEN rate_limits.window_end <= $2 THEN 1 ELSE rate_limits.count + 1 END, \
      window_end = CASE WHEN rate_limits.window_end <= $2 \
        THEN excluded.window_end ELSE rate_limits.window_end END \
    RETURNING count, window_end";

const REFUND: &str = "UPDATE rate_limits SET count = count - 1 \
    WHERE key = $1 AND count > 0 AND window_end > $2";

const CLEAR: &str = "DELETE FROM rate_limits WHERE key = $1";

const DELETE_ENDED: &str = "DELETE FROM rate_limits WHERE key IN \
     (SELECT key FROM rate_limits WHERE window_end <= $1 LIMIT $2)";

impl Store {
    /// Counts one hit on `key`. A window opens at the first hit and lasts until `window_end`;
    /// the first hit after it opens a new one. One statement, so concurrent hits all count.
    pub async fn hit_rate_limit(
        &self,
        key: &str,
        now: DateTime<Utc>,
        window_end: DateTime<Utc>,
    ) -> Result<Counter> {
        let (count, window_end): (i32, DateTime<Utc>) = on_pool!(self, |pool| sqlx::query_as(HIT)
            .bind(key)
            .bind(now)
            .bind(window_end)
            .fetch_one(pool)
            .await)?;
        Ok(Counter { count, window_end })
    }

    /// Takes back one hit of an open window (never below zero).
    pub async fn refund_rate_limit(&self, key: &str, now: DateTime<Utc>) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(REFUND)
            .bind(key)
            .bind(now)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Forgets `key`: the next hit opens a new window.
    pub async fn clear_rate_limit(&self, key: &str) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(CLEAR)
            .bind(key)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Drops up to `batch` windows that ended: the table only holds what is still being counted.
    pub async fn delete_ended_rate_limits(&self, now: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_ENDED, now, batch).await
    }
}
