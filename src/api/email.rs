//! `POST /api/v1/email/verify` and `POST /api/v1/email/verify/resend`

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::bodies::{Empty, UserResponse};
use crate::auth::{Email, EmailVerification, field};
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::email)]
    pub email: String,
    /// The 6 digits from the email.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::code)]
    pub code: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ResendRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::email)]
    pub email: String,
}

/// Confirm an email address with the code sent to it.
#[utoipa::path(
    post,
    path = "/api/v1/email/verify",
    tag = "registration",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "Address verified", body = UserResponse),
        (status = 400, description = "`invalid_code` (wrong, expired, used or exhausted) or `bad_request`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    )
)]
pub async fn verify_email(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<VerifyEmailRequest>,
) -> Result<Json<UserResponse>, ApiError> {
    let verification = EmailVerification::parse(&body.email, &body.code)?;
    let user = state.auth.verify_email(&verification, &meta).await?;
    Ok(Json(user.into()))
}

/// Send a new verification code. Always 202, registered address or not; at most one email
/// per address per 60 seconds.
#[utoipa::path(
    post,
    path = "/api/v1/email/verify/resend",
    tag = "registration",
    request_body = ResendRequest,
    responses(
        (status = 202, description = "Accepted (whether or not the address is registered)", body = Empty),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    )
)]
pub async fn resend_verification(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<ResendRequest>,
) -> Result<(StatusCode, Json<Empty>), ApiError> {
    let email = field("email", Email::parse(&body.email))?;
    state.auth.resend_email_verification(&email, &meta).await?;
    Ok((StatusCode::ACCEPTED, Json(Empty {})))
}
