//! Other identity providers over JSON: `GET /api/v1/login/providers` (what a login page may
//! offer), and the caller's linked identities, `GET /api/v1/me/identities`,
//! `POST /api/v1/me/identities/{provider}` (where to send the browser to connect one) and
//! `DELETE /api/v1/me/identities/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Error;
use crate::auth::upstream::Start;
use crate::http::extract::ClientMeta;
use crate::http::present::rfc3339;
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Provider {
    /// In `/auth/{id}` and in identities.
    pub id: String,
    /// For its button.
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Providers {
    pub providers: Vec<Provider>,
}

/// An identity at another provider linked to the caller's account.
#[derive(Serialize, ToSchema)]
pub struct Identity {
    pub id: String,
    /// The provider's id.
    pub provider: String,
    /// The address the provider gave, if any; it proves nothing by itself.
    pub email: Option<String>,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Identities {
    pub identities: Vec<Identity>,
}

#[derive(Serialize, ToSchema)]
pub struct AuthorizeUrl {
    /// Send the browser here (it carries the trip cookie this answer set).
    pub authorize_url: String,
}

/// The other providers one may log in with, in the operator's order. A browser logs in with
/// one by going to `/auth/{id}`.
#[utoipa::path(get, path = "/api/v1/login/providers", tag = "login",
    responses((status = 200, description = "The providers (empty when none is set up)", body = Providers)))]
pub async fn providers(State(state): State<AppState>) -> Json<Providers> {
    let providers = state
        .auth
        .providers()
        .into_iter()
        .map(|(id, name)| Provider { id, name })
        .collect();
    Json(Providers { providers })
}

#[utoipa::path(get, path = "/api/v1/me/identities", tag = "account",
    responses(
        (status = 200, description = "Oldest first", body = Identities),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Identities>, ApiError> {
    let identities = state
        .auth
        .identities(signed_in.user.id)
        .await?
        .into_iter()
        .map(|i| Identity {
            id: i.id.to_string(),
            provider: i.provider,
            email: i.email,
            created_at: rfc3339(i.created_at),
            last_login_at: i.last_login_at.map(rfc3339),
        })
        .collect();
    Ok(Json(Identities { identities }))
}

/// Begins connecting an identity at `provider` to the caller's account: the browser goes to
/// `authorize_url` with the trip cookie this answer sets, and comes back to
/// `/account/security?done=connected`. Needs a login in the last 10 minutes (and, on an account
/// with an authenticator app, a second factor as recent).
// One path for both methods, so one name for its segment: here it is a provider's id.
#[utoipa::path(post, path = "/api/v1/me/identities/{id}", tag = "account",
    params(("id" = String, Path, description = "A provider id from GET /api/v1/login/providers")),
    responses(
        (status = 200, description = "Where to send the browser; `Set-Cookie` holds the trip", body = AuthorizeUrl),
        (status = 400, description = "`upstream_failed`: the provider cannot be reached", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`: no such provider", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn connect(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let kind = state.auth.provider_kind(&provider).ok_or(Error::NotFound)?;
    let start = Start::Connect {
        user_id: signed_in.user.id,
        freshness: signed_in.freshness().await,
    };
    let (browser, cookie) = crate::http::upstream::browser_token(&state, &headers, kind)?;
    let url = state
        .auth
        .begin_upstream(&provider, start, &browser, None, &meta)
        .await?;
    let body = AuthorizeUrl {
        authorize_url: url.to_string(),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// Disconnects one of the caller's identities (a notice goes to the account's address).
#[utoipa::path(delete, path = "/api/v1/me/identities/{id}", tag = "account",
    params(("id" = String, Path, description = "An identity id from GET /api/v1/me/identities")),
    responses(
        (status = 204, description = "Disconnected"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found` (also another user's)", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn disconnect(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError::Auth(Error::NotFound))?;
    let freshness = signed_in.freshness().await;
    state
        .auth
        .unlink_identity(signed_in.user.id, id, freshness, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
