//! What a browser session keeps between requests: its login (started here, with a fresh id),
//! a login waiting for an email to be verified or a second factor, and flashes for the next
//! page.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tower_sessions::{Expiry, Session};
use uuid::Uuid;

use super::current::Current;
use super::store::to_offset;
use super::{internal, keys};
use crate::auth::oidc::LoginFacts;
use crate::auth::sessions::idle_expiry;
use crate::auth::upstream::PendingIdentity;
use crate::auth::{self, Auth, LoginProof, RequestMeta, User, later, limits};

/// What a client gets back from a login: the token (also set as the cookie) and its expiry.
pub struct StartedSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Logs `user` in on this browser session: a fresh id (the old one is deleted, so a planted
/// cookie is worthless), fresh data, an absolute 30-day cookie lifetime. An identity from
/// another provider waiting in this browser for this account's owner (`/login/connect`) is
/// linked now, whatever way in the login took (password, code, passkey, second step).
pub async fn start(
    session: &Session,
    auth: &Auth,
    user: &User,
    proof: LoginProof,
    meta: &RequestMeta,
) -> Result<StartedSession, auth::Error> {
    let now = auth.clock().now();
    let waiting = take_pending_identity(session).await;
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
    if let Some(waiting) = waiting.filter(|w| w.account == Some(user.id)) {
        // The login stands either way; an identity that expired or was linked elsewhere
        // meanwhile is simply not linked, and the account page shows what is.
        if let Err(e) = auth.connect_pending(&waiting, user.id, meta).await {
            tracing::info!(error = %e, provider = %waiting.provider, "a waiting identity was not linked");
        }
    }
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

/// An email login asked for in this browser.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EmailLogin {
    pub attempt: String,
    pub email: String,
}

/// Remembers, in this browser session, the email login it asked for (a newer one replaces
/// it: only the newest code is live).
pub async fn keep_email_login(
    session: &Session,
    auth: &Auth,
    login: &EmailLogin,
) -> Result<(), auth::Error> {
    ensure_stored(session, auth).await?;
    session
        .insert(keys::EMAIL_LOGIN, login)
        .await
        .map_err(internal)
}

/// The email login [`keep_email_login`] left, if any.
pub async fn kept_email_login(session: &Session) -> Option<EmailLogin> {
    session
        .get::<EmailLogin>(keys::EMAIL_LOGIN)
        .await
        .ok()
        .flatten()
}

/// Keeps an identity back from another provider in this browser session (a newer one
/// replaces it).
pub async fn keep_pending_identity(
    session: &Session,
    auth: &Auth,
    pending: &PendingIdentity,
) -> Result<(), auth::Error> {
    ensure_stored(session, auth).await?;
    session
        .insert(keys::UPSTREAM_PENDING, pending)
        .await
        .map_err(internal)
}

/// The identity [`keep_pending_identity`] left, if any.
pub async fn pending_identity(session: &Session) -> Option<PendingIdentity> {
    session
        .get::<PendingIdentity>(keys::UPSTREAM_PENDING)
        .await
        .ok()
        .flatten()
}

/// Takes the waiting identity out of the session: it is linked once, or not at all.
async fn take_pending_identity(session: &Session) -> Option<PendingIdentity> {
    session
        .remove::<PendingIdentity>(keys::UPSTREAM_PENDING)
        .await
        .ok()
        .flatten()
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

/// Logs this browser out: what apps were given through its session ends (`public_id`), then
/// the session itself. Not in the store's `delete`, which also runs when an id is cycled.
pub async fn log_out(auth: &Auth, session: &Session, public_id: Uuid) -> Result<(), auth::Error> {
    auth.end_app_grants_of_session(public_id).await?;
    session.flush().await.map_err(internal)
}

/// Who is logged in on this browser, as the OpenID Connect authorize step needs it.
pub fn login_facts(current: &Current) -> Option<LoginFacts> {
    Some(LoginFacts {
        user_id: current.user.id,
        session_id: current.session.public_id,
        auth_time: current.session.authenticated_at?,
        amr: current.session.amr.clone(),
    })
}
