//! tower-sessions' store on Latch's database (rows keyed by the token's hash), and the cookie
//! layer over it.

use std::cell::Cell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore, session_store};
use uuid::Uuid;

use super::cookie_name;
use super::keys;
use crate::auth::sessions::{ActiveSession, idle_expiry, token_hash};
use crate::auth::{Auth, later, limits};
use crate::store::SessionRecord;

/// The cookie layer. On https the name carries the `__Host-` prefix, whose conditions are met
/// here: `Secure`, `Path=/`, and no `Domain` (never set).
pub fn layer(auth: Auth, https: bool) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore { auth })
        .with_name(cookie_name(https))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(to_time_duration(limits::SESSION_IDLE)))
}

fn to_time_duration(d: std::time::Duration) -> tower_sessions::cookie::time::Duration {
    tower_sessions::cookie::time::Duration::seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

pub(super) fn to_offset(at: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(at.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

tokio::task_local! {
    /// The record `load_current` read, handed to `DbSessionStore::load` within the same
    /// request so tower-sessions does not read the row a second time.
    pub(super) static PRELOADED: Cell<Option<(Id, Option<Record>)>>;
}

pub(super) fn record(id: Id, session: &ActiveSession, data: &str) -> Record {
    Record {
        id,
        data: serde_json::from_str(data).unwrap_or_default(),
        expiry_date: to_offset(session.expires_at),
    }
}

/// tower-sessions' store, on Latch's database.
#[derive(Clone)]
pub struct DbSessionStore {
    auth: Auth,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

pub(super) fn get<T: serde::de::DeserializeOwned>(
    data: &HashMap<String, Value>,
    key: &str,
) -> Option<T> {
    data.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

impl DbSessionStore {
    fn to_row(&self, record: &Record) -> session_store::Result<SessionRecord> {
        let now = self.auth.clock().now();
        let data = &record.data;
        let created_at: DateTime<Utc> = get(data, keys::CREATED_AT).unwrap_or(now);
        Ok(SessionRecord {
            id_hash: token_hash(&record.id.to_string()),
            public_id: get(data, keys::PUBLIC_ID).unwrap_or_else(Uuid::new_v4),
            user_id: get(data, keys::USER_ID),
            created_at,
            authenticated_at: get(data, keys::AUTHENTICATED_AT),
            amr: get::<Vec<String>>(data, keys::AMR)
                .unwrap_or_default()
                .join(" "),
            second_factor_at: get(data, keys::SECOND_FACTOR_AT),
            last_seen_at: now,
            expires_at: idle_expiry(now, created_at),
            absolute_expires_at: later(created_at, limits::SESSION_ABSOLUTE),
            user_agent: get(data, keys::USER_AGENT),
            ip: get(data, keys::IP),
            data: serde_json::to_string(data).map_err(backend)?,
        })
    }
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // 128 random bits collide essentially never; if they do, draw again.
        loop {
            let row = self.to_row(record)?;
            if self
                .auth
                .store()
                .insert_session(&row)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = self.to_row(record)?;
        self.auth
            .store()
            .update_session(&row)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        // Read already by `load_current` for this request: no second query.
        if let Ok(Some((loaded_id, record))) = PRELOADED.try_with(Cell::take)
            && loaded_id == *id
        {
            return Ok(record);
        }
        let hash = token_hash(&id.to_string());
        let loaded = self.auth.load_session(&hash).await.map_err(backend)?;
        Ok(loaded.map(|(session, data)| record(*id, &session, &data)))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.auth
            .end_session(&token_hash(&id.to_string()))
            .await
            .map_err(backend)
    }
}
