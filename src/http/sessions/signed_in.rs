//! `SignedIn`: the caller's live session and user, from a bearer token or the cookie, for
//! both the JSON API and the pages' server functions.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tower_sessions::Session;
use tower_sessions::session::Id;

use super::current::{Current, current};
use super::data::{log_out, second_factor_at};
use super::{internal, keys};
use crate::auth::sessions::{ActiveSession, Freshness, token_hash};
use crate::auth::{self, Auth, RequestMeta, User};
use crate::http::error::ApiError;
use crate::state::AppState;

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
        let freshness = self.freshness().await;
        auth.update_profile(self.user.id, freshness, update, meta)
            .await
    }

    /// How recently this session's person proved who they are, for sensitive changes.
    pub async fn freshness(&self) -> Freshness {
        Freshness {
            authenticated_at: self.session.authenticated_at,
            second_factor_at: self.second_factor_at().await,
        }
    }

    /// When this session last showed a second factor (its login, or a step-up since).
    pub async fn second_factor_at(&self) -> Option<DateTime<Utc>> {
        match &self.credential {
            // A step-up earlier in this request is in the session's data before it is saved.
            Credential::Cookie(session) => second_factor_at(session).await,
            Credential::Bearer(_) => self.session.second_factor_at,
        }
    }

    /// Records that this session showed a second factor just now (step-up).
    pub async fn mark_second_factor(&self, auth: &Auth) -> Result<(), auth::Error> {
        self.mark(auth, &[keys::SECOND_FACTOR_AT]).await
    }

    /// Records "Confirm it's you": a fresh login, and a fresh second factor when one was shown.
    pub async fn mark_confirmed(
        &self,
        auth: &Auth,
        confirmed: auth::confirm::Confirmed,
    ) -> Result<(), auth::Error> {
        if confirmed.second_factor {
            self.mark(auth, &[keys::AUTHENTICATED_AT, keys::SECOND_FACTOR_AT])
                .await
        } else {
            self.mark(auth, &[keys::AUTHENTICATED_AT]).await
        }
    }

    /// Sets the moments named by `keys` to now. A cookie session's data is saved with the
    /// answer; a bearer token's row is written here, its data and columns together.
    async fn mark(&self, auth: &Auth, marks: &[&str]) -> Result<(), auth::Error> {
        let now = auth.clock().now();
        match &self.credential {
            Credential::Cookie(session) => {
                for key in marks {
                    session.insert(key, now).await.map_err(internal)?;
                }
                Ok(())
            }
            Credential::Bearer(hash) => {
                let Some((_, data)) = auth.load_session(hash).await? else {
                    return Err(auth::Error::Unauthenticated);
                };
                let mut data: HashMap<String, Value> =
                    serde_json::from_str(&data).unwrap_or_default();
                for key in marks {
                    data.insert((*key).to_owned(), serde_json::json!(now));
                }
                let data = serde_json::to_string(&data).map_err(internal)?;
                let at = |key| marks.contains(&key).then_some(now);
                Ok(auth
                    .store()
                    .mark_session(
                        hash,
                        &data,
                        at(keys::AUTHENTICATED_AT),
                        at(keys::SECOND_FACTOR_AT),
                    )
                    .await?)
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
