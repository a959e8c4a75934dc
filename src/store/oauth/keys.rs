//! The token-signing keys: one current per algorithm, the retired ones published a while longer.

use chrono::{DateTime, Utc};

use crate::store::{Result, Store};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SigningKeyRecord {
    pub kid: String,
    pub alg: String,
    pub private_key: Vec<u8>,
    pub public_jwk: String,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

const INSERT_KEY: &str = "INSERT INTO signing_keys \
    (kid, alg, private_key, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5)";

/// Keys in use and retired ones still published (`$1` the end of publication).
const PUBLISHED_KEYS: &str = "SELECT kid, alg, private_key, public_jwk, created_at, retired_at \
    FROM signing_keys WHERE retired_at IS NULL OR retired_at > $1 \
    ORDER BY created_at DESC, kid DESC";

const RETIRE_KEYS: &str = "UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL";

pub(super) const DELETE_RETIRED_KEYS: &str = "DELETE FROM signing_keys WHERE kid IN \
    (SELECT kid FROM signing_keys WHERE retired_at <= $1 LIMIT $2)";

impl Store {
    pub async fn insert_signing_key(&self, key: &SigningKeyRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_KEY)
            .bind(&key.kid)
            .bind(&key.alg)
            .bind(&key.private_key)
            .bind(&key.public_jwk)
            .bind(key.created_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Keys in use, newest first, and retired ones retired after `published_since`.
    pub async fn published_keys(
        &self,
        published_since: DateTime<Utc>,
    ) -> Result<Vec<SigningKeyRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(PUBLISHED_KEYS)
            .bind(published_since)
            .fetch_all(pool)
            .await)?)
    }

    /// Retires every key in use and stores `new` ones, in one transaction.
    pub async fn rotate_signing_keys(
        &self,
        new: &[SigningKeyRecord],
        now: DateTime<Utc>,
    ) -> Result<u64> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let retired = sqlx::query(RETIRE_KEYS)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            for key in new {
                sqlx::query(INSERT_KEY)
                    .bind(&key.kid)
                    .bind(&key.alg)
                    .bind(&key.private_key)
                    .bind(&key.public_jwk)
                    .bind(key.created_at)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(retired)
        })
    }

    pub async fn delete_retired_keys(&self, before: DateTime<Utc>, batch: i64) -> Result<u64> {
        self.delete_batch(DELETE_RETIRED_KEYS, before, batch).await
    }
}
