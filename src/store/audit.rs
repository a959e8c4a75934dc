//! The audit trail: what happened to an account, when and from where. Never a secret.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, Result, Store};

/// An audit event as shown to its user.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    pub kind: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

/// Written through `insert_audit!`, alone or inside the transaction of the change it records.
pub(super) const INSERT: &str = "INSERT INTO audit_events (user_id, kind, ip, user_agent, at, actor_id, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

const KINDS: &str = "SELECT kind FROM audit_events WHERE user_id = $1 ORDER BY at, id";

pub(super) const RECENT: &str = "SELECT kind, ip, user_agent, at FROM audit_events \
    WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2";

const DELETE_BEFORE: &str = "DELETE FROM audit_events WHERE id IN \
     (SELECT id FROM audit_events WHERE at < $1 LIMIT $2)";

impl Store {
    pub async fn record_audit(&self, entry: &AuditEntry) -> Result<()> {
        on_pool!(self, |pool| insert_audit!(pool, entry))?;
        Ok(())
    }

    pub async fn audit_kinds(&self, user_id: Uuid) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, |pool| sqlx::query_as(KINDS)
            .bind(user_id)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(|(k,)| k).collect())
    }

    /// The user's latest audit events, newest first.
    pub async fn recent_audit(&self, user_id: Uuid, limit: i64) -> Result<Vec<AuditRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(RECENT)
            .bind(user_id)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }

    /// Deletes up to `batch` events older than `before`.
    pub async fn delete_audit_before(&self, before: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_BEFORE, before, batch).await
    }
}
