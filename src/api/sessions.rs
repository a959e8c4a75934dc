//! `GET`/`DELETE /api/v1/session`, `GET /api/v1/sessions`, `DELETE /api/v1/sessions/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Error;
use crate::http::extract::ClientMeta;
use crate::http::present::rfc3339;
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::model::UserView;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
    pub authenticated_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub session: SessionView,
    pub user: UserView,
}

#[derive(Serialize, ToSchema)]
pub struct SessionListItem {
    pub id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// True for the session making this request.
    pub current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SessionList {
    pub sessions: Vec<SessionListItem>,
}

/// Who is logged in: the call other apps make with the cookie or a bearer token.
#[utoipa::path(get, path = "/api/v1/session", tag = "sessions",
    responses(
        (status = 200, description = "The caller's session and user", body = SessionResponse),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn current_session(signed_in: SignedIn) -> Json<SessionResponse> {
    let session = signed_in.session;
    Json(SessionResponse {
        session: SessionView {
            id: session.public_id.to_string(),
            created_at: rfc3339(session.created_at),
            expires_at: rfc3339(session.expires_at),
            authenticated_at: session.authenticated_at.map(rfc3339),
        },
        user: signed_in.user.into(),
    })
}

/// Log out: the session is deleted server-side, so neither cookie nor token works again.
#[utoipa::path(delete, path = "/api/v1/session", tag = "sessions",
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn log_out(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<StatusCode, ApiError> {
    signed_in.end(&state.auth).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's live sessions.
#[utoipa::path(get, path = "/api/v1/sessions", tag = "sessions",
    responses(
        (status = 200, description = "Live sessions, most recently used first", body = SessionList),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn list_sessions(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<SessionList>, ApiError> {
    let sessions = state
        .auth
        .list_sessions(signed_in.user.id, signed_in.session.public_id)
        .await?;
    Ok(Json(SessionList {
        sessions: sessions
            .into_iter()
            .map(|s| SessionListItem {
                id: s.public_id.to_string(),
                created_at: rfc3339(s.created_at),
                last_seen_at: rfc3339(s.last_seen_at),
                user_agent: s.user_agent,
                ip: s.ip,
                current: s.current,
            })
            .collect(),
    }))
}

/// Revoke one of the caller's own sessions; another user's (or an unknown id) is 404.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "sessions",
    params(("id" = String, Path, description = "A session id from GET /api/v1/sessions")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn revoke_session(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let public_id = Uuid::parse_str(&id).map_err(|_| Error::NotFound)?;
    state
        .auth
        .revoke_session(signed_in.user.id, public_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
