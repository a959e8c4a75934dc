//! The registered apps, the consent each user gave them, and "Apps with access".

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::store::{Result, Store};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClientRecord {
    pub id: String,
    pub name: String,
    pub secret_hash: Option<Vec<u8>>,
    /// One per line.
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub first_party: bool,
    pub id_token_alg: String,
    pub created_at: DateTime<Utc>,
}

/// An app a user has let in, for "Apps with access".
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ConnectedApp {
    pub client_id: String,
    pub name: String,
    /// The scopes consented to; `None` for a first-party app, which asks no consent.
    pub scope: Option<String>,
}

const INSERT_CLIENT: &str = "INSERT INTO oauth_clients \
    (id, name, secret_hash, redirect_uris, post_logout_redirect_uris, first_party, id_token_alg, \
     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

const CLIENTS: &str = "SELECT id, name, secret_hash, redirect_uris, post_logout_redirect_uris, \
    first_party, id_token_alg, created_at FROM oauth_clients ORDER BY created_at, id";

const CLIENT: &str = "SELECT id, name, secret_hash, redirect_uris, post_logout_redirect_uris, \
    first_party, id_token_alg, created_at FROM oauth_clients WHERE id = $1";

const DELETE_CLIENT: &str = "DELETE FROM oauth_clients WHERE id = $1";

const CONSENT: &str = "SELECT scope FROM oauth_consents WHERE user_id = $1 AND client_id = $2";

const UPSERT_CONSENT: &str = "INSERT INTO oauth_consents (user_id, client_id, scope, created_at) \
    VALUES ($1, $2, $3, $4) \
    ON CONFLICT (user_id, client_id) DO UPDATE SET scope = excluded.scope";

const DELETE_CONSENT: &str = "DELETE FROM oauth_consents WHERE user_id = $1 AND client_id = $2";

pub(super) const CONNECTED_APPS: &str = "SELECT c.id AS client_id, c.name, \
      (SELECT k.scope FROM oauth_consents k WHERE k.user_id = $1 AND k.client_id = c.id) AS scope \
    FROM oauth_clients c \
    WHERE EXISTS (SELECT 1 FROM oauth_consents k WHERE k.user_id = $1 AND k.client_id = c.id) \
       OR EXISTS (SELECT 1 FROM oauth_grants g WHERE g.user_id = $1 AND g.client_id = c.id) \
    ORDER BY c.name, c.id";

const GRANTS_OF_APP: &str = "DELETE FROM oauth_grants WHERE user_id = $1 AND client_id = $2";

impl Store {
    pub async fn insert_client(&self, client: &ClientRecord) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_CLIENT)
            .bind(&client.id)
            .bind(&client.name)
            .bind(&client.secret_hash)
            .bind(&client.redirect_uris)
            .bind(&client.post_logout_redirect_uris)
            .bind(client.first_party)
            .bind(&client.id_token_alg)
            .bind(client.created_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    pub async fn clients(&self) -> Result<Vec<ClientRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CLIENTS)
            .fetch_all(pool)
            .await)?)
    }

    pub async fn find_client(&self, id: &str) -> Result<Option<ClientRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CLIENT)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Removes an app with its codes, grants, tokens and consents; false if there was none.
    pub async fn delete_client(&self, id: &str) -> Result<bool> {
        Ok(on_pool!(self, |pool| sqlx::query(DELETE_CLIENT)
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() > 0))?)
    }

    pub async fn consent(&self, user_id: Uuid, client_id: &str) -> Result<Option<String>> {
        let scope: Option<(String,)> = on_pool!(self, |pool| sqlx::query_as(CONSENT)
            .bind(user_id)
            .bind(client_id)
            .fetch_optional(pool)
            .await)?;
        Ok(scope.map(|(s,)| s))
    }

    pub async fn save_consent(
        &self,
        user_id: Uuid,
        client_id: &str,
        scope: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(UPSERT_CONSENT)
            .bind(user_id)
            .bind(client_id)
            .bind(scope)
            .bind(now)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Forgets the consent and ends every grant a user gave an app; false if there was none.
    pub async fn disconnect_app(&self, user_id: Uuid, client_id: &str) -> Result<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let consents = sqlx::query(DELETE_CONSENT)
                .bind(user_id)
                .bind(client_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let grants = sqlx::query(GRANTS_OF_APP)
                .bind(user_id)
                .bind(client_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(consents + grants > 0)
        })
    }

    pub async fn connected_apps(&self, user_id: Uuid) -> Result<Vec<ConnectedApp>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(CONNECTED_APPS)
            .bind(user_id)
            .fetch_all(pool)
            .await)?)
    }
}
