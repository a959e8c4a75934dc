//! What an admin does to a user: roles, disabling and enabling, ending sessions, sending the
//! verification code again. Each starts from [`change`]: the caller is an admin before the
//! user id is looked at.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ManagedUserResponse, ReauthRequest, SetRolesRequest, change};
use crate::api::bodies::Empty;
use crate::auth::FieldErrors;
use crate::auth::admin::RoleSet;
use crate::http::extract::{ApiJson, ClientMeta, OptionalJson};
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

/// Replace the user's roles. Their sessions show the new set at the next session check.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/roles", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    request_body = SetRolesRequest,
    responses(
        (status = 200, description = "The user with the new roles", body = ManagedUserResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`last_admin`: no enabled admin would be left", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`: a role name not matching `^[a-z][a-z0-9_.:-]{0,62}$`, or over 32 roles", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn set_roles(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<SetRolesRequest>,
) -> Result<Json<ManagedUserResponse>, ApiError> {
    let (admin, id, password) = change(&signed_in, &id, body.current_password.as_deref())?;
    // Missing reads as the error of a missing field, not as "no roles".
    let roles = body.roles.ok_or_else(|| {
        crate::auth::Error::Validation(FieldErrors::single("roles", "is required"))
    })?;
    let roles = RoleSet::parse(roles.iter().map(String::as_str))?;
    let user = state
        .auth
        .admin_set_roles(&admin, id, &roles, password.as_ref(), &meta)
        .await?;
    Ok(Json(ManagedUserResponse { user: user.into() }))
}

/// Disable the account: it cannot log in by any method (the answer is that of a wrong
/// password or code), its sessions end at once and its pending codes and reset links die.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/disable", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    request_body(content = Option<ReauthRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 200, description = "The user, disabled", body = ManagedUserResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`last_admin`: this is the last enabled admin", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn disable_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ClientMeta(meta): ClientMeta,
    OptionalJson(body): OptionalJson<ReauthRequest>,
) -> Result<Json<ManagedUserResponse>, ApiError> {
    let (admin, id, password) = change(&signed_in, &id, body.current_password.as_deref())?;
    let user = state
        .auth
        .admin_disable(&admin, id, password.as_ref(), &meta)
        .await?;
    Ok(Json(ManagedUserResponse { user: user.into() }))
}

/// Enable a disabled account. Its owner logs in again as before.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/enable", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    request_body(content = Option<ReauthRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 200, description = "The user, enabled", body = ManagedUserResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn enable_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ClientMeta(meta): ClientMeta,
    OptionalJson(body): OptionalJson<ReauthRequest>,
) -> Result<Json<ManagedUserResponse>, ApiError> {
    let (admin, id, password) = change(&signed_in, &id, body.current_password.as_deref())?;
    let user = state
        .auth
        .admin_enable(&admin, id, password.as_ref(), &meta)
        .await?;
    Ok(Json(ManagedUserResponse { user: user.into() }))
}

#[derive(Serialize, ToSchema)]
pub struct EndedSessions {
    /// How many sessions ended.
    pub ended: u64,
}

/// End every session of the user. An admin ending their own keeps the session asking.
#[utoipa::path(delete, path = "/api/v1/admin/users/{id}/sessions", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    request_body(content = Option<ReauthRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 200, description = "The sessions ended", body = EndedSessions),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn end_sessions(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ClientMeta(meta): ClientMeta,
    OptionalJson(body): OptionalJson<ReauthRequest>,
) -> Result<Json<EndedSessions>, ApiError> {
    let (admin, id, password) = change(&signed_in, &id, body.current_password.as_deref())?;
    let own = signed_in.token_hash();
    let ended = state
        .auth
        .admin_end_sessions(&admin, id, own.as_deref(), password.as_ref(), &meta)
        .await?;
    Ok(Json(EndedSessions { ended }))
}

/// Send the user a fresh email verification code.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/verification/resend", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    request_body(content = Option<ReauthRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 202, description = "A code is on its way", body = Empty),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`already_verified`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: a code went out less than a minute ago, or 3 this hour; with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn resend_verification(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ClientMeta(meta): ClientMeta,
    OptionalJson(body): OptionalJson<ReauthRequest>,
) -> Result<(StatusCode, Json<Empty>), ApiError> {
    let (admin, id, password) = change(&signed_in, &id, body.current_password.as_deref())?;
    state
        .auth
        .admin_resend_verification(&admin, id, password.as_ref(), &meta)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(Empty {})))
}
