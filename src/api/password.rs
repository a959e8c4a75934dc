//! `POST /api/v1/password/forgot` and `POST /api/v1/password/reset`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::bodies::Empty;
use crate::auth::{Email, PasswordReset, field};
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct ForgotRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::email)]
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The `token` of the emailed link.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::reset_token)]
    pub token: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::new_password)]
    pub password: String,
}

/// Email a password-reset link. Always 202 for a well-formed address, known or not.
#[utoipa::path(post, path = "/api/v1/password/forgot", tag = "password", request_body = ForgotRequest,
    responses(
        (status = 202, description = "Accepted; a link goes out only to a registered address", body = Empty),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ))]
pub async fn forgot_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<ForgotRequest>,
) -> Result<(StatusCode, Json<Empty>), ApiError> {
    let email = field("email", Email::parse(&body.email))?;
    state.auth.request_password_reset(&email, &meta).await?;
    Ok((StatusCode::ACCEPTED, Json(Empty {})))
}

/// Set a new password with the emailed token. Every session of the user ends.
#[utoipa::path(post, path = "/api/v1/password/reset", tag = "password", request_body = ResetRequest,
    responses(
        (status = 200, description = "Password changed; all sessions ended", body = Empty),
        (status = 400, description = "`invalid_token` (wrong, expired or used) or `bad_request`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed` (the password rules)", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: too many password checks waiting; `Retry-After: 1`", body = ErrorBody),
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<Json<Empty>, ApiError> {
    let reset = PasswordReset::parse(&body.token, &body.password)?;
    state.auth.reset_password(&reset, &meta).await?;
    Ok(Json(Empty {}))
}
