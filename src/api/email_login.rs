//! `POST /api/v1/login/email-code` and `/login/email-code/verify`: logging in with a code sent
//! by email, which works only with the attempt that asked for it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::login::{LoginOutcome, login_step};
use crate::auth::{Email, EmailCodeLogin, field};
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct EmailCodeRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::email)]
    pub email: String,
}

/// The attempt to send back with the code.
#[derive(Serialize, ToSchema)]
pub struct EmailCodeAttempt {
    /// Opaque; valid for 10 minutes. The code works only together with it.
    pub attempt: String,
}

#[derive(Deserialize, ToSchema)]
pub struct EmailCodeVerifyRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::email_login_attempt)]
    pub attempt: String,
    /// The 6 digits from the email.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::code)]
    pub code: String,
}

/// Email a 6-digit login code. The same answer for every well-formed address, registered or
/// not; only a registered one gets an email.
#[utoipa::path(post, path = "/api/v1/login/email-code", tag = "login", request_body = EmailCodeRequest,
    responses(
        (status = 202, description = "Accepted (an email goes out only to a registered address)", body = EmailCodeAttempt),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ))]
pub async fn request_email_code(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<EmailCodeRequest>,
) -> Result<(StatusCode, Json<EmailCodeAttempt>), ApiError> {
    let email = field("email", Email::parse(&body.email))?;
    let attempt = state.auth.request_email_login(&email, &meta).await?;
    Ok((StatusCode::ACCEPTED, Json(EmailCodeAttempt { attempt })))
}

/// Log in with the emailed code and the attempt it was sent for. The first proof of an
/// address nobody had verified takes the account over (see docs/API.md).
#[utoipa::path(post, path = "/api/v1/login/email-code/verify", tag = "login", request_body = EmailCodeVerifyRequest,
    responses(
        (status = 200, description = "Logged in (the session cookie is set too), or `second_factor_required` with a challenge", body = LoginOutcome),
        (status = 400, description = "`invalid_code` (also an unknown or expired attempt) or `bad_request`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ))]
pub async fn verify_email_code(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    ApiJson(body): ApiJson<EmailCodeVerifyRequest>,
) -> Result<Json<LoginOutcome>, ApiError> {
    let login = EmailCodeLogin::parse(&body.attempt, &body.code)?;
    let outcome = state.auth.log_in_with_email_code(&login, &meta).await?;
    login_step(&state, &session, outcome, &meta).await
}
