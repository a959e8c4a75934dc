//! The HTTP side of sessions. tower-sessions keeps the cookie (`HttpOnly`, `SameSite=Lax`,
//! `Secure` on https) and rotates its id at login; its records live in Latch's own database
//! through `DbSessionStore`, keyed by the token's hash. Apps may present the same token as
//! `Authorization: Bearer`. Both the JSON API and the pages use this module.

use std::cell::Cell;
use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::Extensions;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::Value;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::{Expiry, Session, SessionManagerLayer, SessionStore, session_store};
use uuid::Uuid;

use super::error::ApiError;
use crate::auth::oidc::LoginFacts;
use crate::auth::sessions::{ActiveSession, Freshness, idle_expiry, token_hash};
use crate::auth::{self, Auth, LoginProof, RequestMeta, User, later, limits};
use crate::state::AppState;
use crate::store::SessionRecord;

/// The session cookie's name on plain http.
pub const COOKIE_NAME: &str = "latch_session";
/// Its name on https. Browsers accept a `__Host-` cookie only with `Secure`, `Path=/` and no
/// `Domain`, so a sibling subdomain or a man in the middle on http cannot plant or overwrite it
/// (session fixation through a cookie set for the parent domain).
pub const HTTPS_COOKIE_NAME: &str = "__Host-latch_session";

/// The session cookie's name: `__Host-latch_session` when `PUBLIC_URL` is https.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        HTTPS_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// Keys of the session data map: ids and times only. The session's user is not kept here; it
/// is read with the session row and travels as the request extension [`Current`].
mod keys {
    pub const USER_ID: &str = "user_id";
    pub const PUBLIC_ID: &str = "public_id";
    pub const CREATED_AT: &str = "created_at";
    pub const AUTHENTICATED_AT: &str = "authenticated_at";
    pub const USER_AGENT: &str = "user_agent";
    pub const IP: &str = "ip";
    /// How the login was made (`["pwd"]`, `["otp"]`), for the tokens apps get.
    pub const AMR: &str = "amr";
    /// When this session last showed a second factor: at login, or a step-up since.
    pub const SECOND_FACTOR_AT: &str = "second_factor_at";
    /// A user who proved their password or code but must verify their email first; verifying
    /// it in this same browser session completes the login.
    pub const PENDING_USER_ID: &str = "pending_user_id";
    /// The challenge of a page login waiting for its second factor: kept here rather than in
    /// the page's address, where history and `Referer` would carry it.
    pub const CHALLENGE: &str = "second_factor_challenge";
    /// Recovery codes made by a form, for the one account page that shows them.
    pub const NEW_RECOVERY_CODES: &str = "new_recovery_codes";
}

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

fn to_offset(at: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(at.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
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

fn get<T: serde::de::DeserializeOwned>(data: &HashMap<String, Value>, key: &str) -> Option<T> {
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

fn internal(e: impl std::fmt::Display) -> auth::Error {
    auth::Error::Internal(format!("session: {e}"))
}

/// What a client gets back from a login: the token (also set as the cookie) and its expiry.
pub struct StartedSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Logs `user` in on this browser session: a fresh id (the old one is deleted, so a planted
/// cookie is worthless), fresh data, an absolute 30-day cookie lifetime.
pub async fn start(
    session: &Session,
    auth: &Auth,
    user: &User,
    proof: LoginProof,
    meta: &RequestMeta,
) -> Result<StartedSession, auth::Error> {
    let now = auth.clock().now();
    session.clear().await;
    session.cycle_id().await.map_err(internal)?;
    let entries: [(&str, Value); 8] = [
        (keys::AMR, serde_json::json!(proof.amr())),
        (
            keys::SECOND_FACTOR_AT,
            serde_json::json!(proof.is_multi_factor().then_some(now)),
        ),
        (keys::USER_ID, serde_json::json!(user.id)),
        (keys::PUBLIC_ID, serde_json::json!(Uuid::new_v4())),
        (keys::CREATED_AT, serde_json::json!(now)),
        (keys::AUTHENTICATED_AT, serde_json::json!(now)),
        (
            keys::USER_AGENT,
            serde_json::json!(
                meta.user_agent
                    .as_deref()
                    .map(|ua| ua.chars().take(512).collect::<String>())
            ),
        ),
        (
            keys::IP,
            serde_json::json!(meta.ip.map(|ip| ip.to_string())),
        ),
    ];
    for (key, value) in entries {
        session.insert_value(key, value).await.map_err(internal)?;
    }
    session.set_expiry(Some(Expiry::AtDateTime(to_offset(later(
        now,
        limits::SESSION_ABSOLUTE,
    )))));
    session.save().await.map_err(internal)?;
    let token = session
        .id()
        .ok_or_else(|| internal("no id after save"))?
        .to_string();
    Ok(StartedSession {
        token,
        expires_at: idle_expiry(now, now),
    })
}

/// Remembers, in this browser session, a user who must verify their email before the login
/// (or sign-up) completes.
pub async fn mark_pending(
    session: &Session,
    auth: &Auth,
    user_id: Uuid,
) -> Result<(), auth::Error> {
    ensure_stored(session, auth).await?;
    session
        .insert(keys::PENDING_USER_ID, user_id)
        .await
        .map_err(internal)
}

/// Gives this browser session an id and the fields every stored session has, so that what is
/// put in it before any login is kept.
async fn ensure_stored(session: &Session, auth: &Auth) -> Result<(), auth::Error> {
    if session
        .get::<Uuid>(keys::PUBLIC_ID)
        .await
        .map_err(internal)?
        .is_none()
    {
        session
            .insert(keys::PUBLIC_ID, Uuid::new_v4())
            .await
            .map_err(internal)?;
        session
            .insert(keys::CREATED_AT, auth.clock().now())
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// Remembers, in this browser session, a page login waiting for its second factor.
pub async fn keep_challenge(
    session: &Session,
    auth: &Auth,
    challenge: &str,
) -> Result<(), auth::Error> {
    ensure_stored(session, auth).await?;
    session
        .insert(keys::CHALLENGE, challenge)
        .await
        .map_err(internal)
}

/// The challenge [`keep_challenge`] left, if any.
pub async fn kept_challenge(session: &Session) -> Option<String> {
    session.get::<String>(keys::CHALLENGE).await.ok().flatten()
}

/// Leaves recovery codes for the next account page (and that one only).
pub async fn flash_recovery_codes(session: &Session, codes: &[String]) -> Result<(), auth::Error> {
    session
        .insert(keys::NEW_RECOVERY_CODES, codes)
        .await
        .map_err(internal)
}

/// Takes the codes [`flash_recovery_codes`] left.
pub async fn take_recovery_codes(session: &Session) -> Vec<String> {
    session
        .remove::<Vec<String>>(keys::NEW_RECOVERY_CODES)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// When this browser session last showed a second factor.
pub async fn second_factor_at(session: &Session) -> Option<DateTime<Utc>> {
    session
        .get::<DateTime<Utc>>(keys::SECOND_FACTOR_AT)
        .await
        .ok()
        .flatten()
}

pub async fn pending_user(session: &Session) -> Option<Uuid> {
    session
        .get::<Uuid>(keys::PENDING_USER_ID)
        .await
        .ok()
        .flatten()
}

/// The logged-in session behind this request's cookie and its user, read once per request by
/// [`load_current`] and kept as a request extension.
#[derive(Clone, Debug)]
pub struct Current {
    pub session: ActiveSession,
    pub user: User,
}

tokio::task_local! {
    /// The record `load_current` read, handed to `DbSessionStore::load` within the same
    /// request so tower-sessions does not read the row a second time.
    static PRELOADED: Cell<Option<(Id, Option<Record>)>>;
}

fn record(id: Id, session: &ActiveSession, data: &str) -> Record {
    Record {
        id,
        data: serde_json::from_str(data).unwrap_or_default(),
        expiry_date: to_offset(session.expires_at),
    }
}

/// Middleware, inside the session layer: reads the cookie's session and its user in one query,
/// puts a [`Current`] in the request's extensions when someone is logged in, and gives the
/// session data to tower-sessions. Files (the bundle, the favicon) show no one's data and skip
/// it.
pub async fn load_current(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if crate::assets::is_file_path(request.uri().path()) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let Some(id) = session.id() else {
        return next.run(request).await;
    };
    match state.auth.load_session(&token_hash(&id.to_string())).await {
        Ok(loaded) => {
            let record = loaded.as_ref().map(|(s, data)| record(id, s, data));
            // Reading a value loads the record (`is_empty` would not), inside the scope, so the
            // store takes this one instead of querying; a dead cookie is then found empty and
            // removed on the way out.
            let _ = PRELOADED
                .scope(
                    Cell::new(Some((id, record))),
                    session.get_value(keys::USER_ID),
                )
                .await;
            if let Some((active, _)) = loaded
                && let Some(user) = active.user.clone()
            {
                request.extensions_mut().insert(Current {
                    session: active,
                    user,
                });
            }
        }
        // Without the database nobody can be known: answering as if logged out would send
        // people to log in again, and tower-sessions would answer 500.
        Err(auth::Error::Unavailable) => {
            return if request.uri().path().starts_with("/api/") {
                ApiError::Unavailable.into_response()
            } else {
                database_down_page()
            };
        }
        // The page or call goes on as if nobody were logged in; tower-sessions will try again
        // and answer for itself.
        Err(e) => tracing::warn!(error = %e, "loading the session failed"),
    }
    next.run(request).await
}

/// The page for a browser while the database does not answer: plain, self-contained, and
/// never cached.
fn database_down_page() -> Response {
    use axum::http::{StatusCode, header};
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "1"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "<!doctype html><meta charset=utf-8><title>Latch is unavailable</title>\
         <p>We cannot reach our database right now. Please try again in a moment.</p>",
    )
        .into_response()
}

/// Logs this browser out: what apps were given through its session ends (`public_id`), then
/// the session itself. Not in the store's `delete`, which also runs when an id is cycled.
pub async fn log_out(auth: &Auth, session: &Session, public_id: Uuid) -> Result<(), auth::Error> {
    auth.end_app_grants_of_session(public_id).await?;
    session.flush().await.map_err(internal)
}

/// Who is logged in on this browser, as the OpenID Connect authorize step needs it.
pub async fn login_facts(current: &Current, session: Option<&Session>) -> Option<LoginFacts> {
    let amr = match session {
        Some(session) => session.get::<Vec<String>>(keys::AMR).await.ok().flatten(),
        None => None,
    };
    Some(LoginFacts {
        user_id: current.user.id,
        session_id: current.session.public_id,
        auth_time: current.session.authenticated_at?,
        amr: amr.unwrap_or_default(),
    })
}

/// The logged-in session and user of a request, from its extensions.
pub fn current(extensions: &Extensions) -> Option<Current> {
    extensions.get::<Current>().cloned()
}

/// How the caller proved who they are.
pub enum Credential {
    Cookie(Session),
    Bearer(Vec<u8>),
}

/// The caller's live session and user: from `Authorization: Bearer <token>` when present,
/// else from the session cookie. `401 unauthenticated` otherwise.
pub struct SignedIn {
    pub session: ActiveSession,
    pub user: User,
    pub credential: Credential,
}

impl SignedIn {
    /// The stored key of this session, to keep it while ending the user's others.
    pub fn token_hash(&self) -> Option<Vec<u8>> {
        match &self.credential {
            Credential::Cookie(session) => session.id().map(|id| token_hash(&id.to_string())),
            Credential::Bearer(hash) => Some(hash.clone()),
        }
    }

    /// After a privilege change, a browser session gets a new id (its data stays). A bearer
    /// token cannot be replaced behind its app's back, so it is kept.
    pub async fn rotate(&self) -> Result<(), auth::Error> {
        match &self.credential {
            Credential::Cookie(session) => session.cycle_id().await.map_err(internal),
            Credential::Bearer(_) => Ok(()),
        }
    }

    /// Changes the caller's profile; how fresh this session's login and second factor are
    /// decides whether a new email or phone needs the current password or a step-up.
    pub async fn update_profile(
        &self,
        auth: &Auth,
        update: auth::ProfileUpdate,
        meta: &RequestMeta,
    ) -> Result<(User, auth::account::Pending), auth::Error> {
        let freshness = self.freshness(auth).await?;
        auth.update_profile(self.user.id, freshness, update, meta)
            .await
    }

    /// How recently this session's person proved who they are, for sensitive changes.
    pub async fn freshness(&self, auth: &Auth) -> Result<Freshness, auth::Error> {
        Ok(Freshness {
            authenticated_at: self.session.authenticated_at,
            second_factor_at: self.second_factor_at(auth).await?,
        })
    }

    /// When this session last showed a second factor (its login, or a step-up since).
    pub async fn second_factor_at(
        &self,
        auth: &Auth,
    ) -> Result<Option<DateTime<Utc>>, auth::Error> {
        match &self.credential {
            Credential::Cookie(session) => Ok(second_factor_at(session).await),
            Credential::Bearer(hash) => {
                let data = auth.load_session(hash).await?.map(|(_, data)| data);
                let data: HashMap<String, Value> = data
                    .and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or_default();
                Ok(get(&data, keys::SECOND_FACTOR_AT))
            }
        }
    }

    /// Records that this session showed a second factor just now (step-up).
    pub async fn mark_second_factor(&self, auth: &Auth) -> Result<(), auth::Error> {
        let now = auth.clock().now();
        match &self.credential {
            Credential::Cookie(session) => session
                .insert(keys::SECOND_FACTOR_AT, now)
                .await
                .map_err(internal),
            Credential::Bearer(hash) => {
                let Some((_, data)) = auth.load_session(hash).await? else {
                    return Err(auth::Error::Unauthenticated);
                };
                let mut data: HashMap<String, Value> =
                    serde_json::from_str(&data).unwrap_or_default();
                data.insert(keys::SECOND_FACTOR_AT.to_owned(), serde_json::json!(now));
                let data = serde_json::to_string(&data).map_err(internal)?;
                Ok(auth.store().set_session_data(hash, &data).await?)
            }
        }
    }

    /// Ends this session server-side: the token or cookie is worthless afterwards, and so
    /// is what apps were given through it.
    pub async fn end(self, auth: &Auth) -> Result<(), auth::Error> {
        match self.credential {
            Credential::Cookie(session) => log_out(auth, &session, self.session.public_id).await,
            Credential::Bearer(hash) => {
                auth.end_app_grants_of_session(self.session.public_id)
                    .await?;
                auth.end_session(&hash).await
            }
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            let id = header
                .to_str()
                .ok()
                .and_then(|h| h.strip_prefix("Bearer "))
                .and_then(|token| Id::from_str(token.trim()).ok())
                .ok_or(auth::Error::Unauthenticated)?;
            let hash = token_hash(&id.to_string());
            let (session, _) = state
                .auth
                .load_session(&hash)
                .await?
                .ok_or(auth::Error::Unauthenticated)?;
            let user = session.user.clone().ok_or(auth::Error::Unauthenticated)?;
            return Ok(SignedIn {
                session,
                user,
                credential: Credential::Bearer(hash),
            });
        }
        let cookie_session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or(auth::Error::Unauthenticated)?;
        let Current { session, user } =
            current(&parts.extensions).ok_or(auth::Error::Unauthenticated)?;
        Ok(SignedIn {
            session,
            user,
            credential: Credential::Cookie(cookie_session),
        })
    }
}
