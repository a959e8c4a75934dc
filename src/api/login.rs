//! `POST /api/v1/login/otp`, `/login/otp/verify` and `/login/password`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::bodies::Empty;
use crate::auth::{CodeLogin, LoginMethod, PasswordLogin, Phone, User, field};
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::present::rfc3339;
use crate::http::sessions;
use crate::http::{ApiError, ErrorBody};
use crate::model::UserView;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct OtpRequest {
    /// E.164, e.g. `+15551234567`.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::phone)]
    pub phone: String,
}

#[derive(Deserialize, ToSchema)]
pub struct OtpVerifyRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::phone)]
    pub phone: String,
    /// The 6 digits from the SMS.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::code)]
    pub code: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordLoginRequest {
    /// An email address or a phone number (with `+`).
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::identifier)]
    pub identifier: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::password_attempt)]
    pub password: String,
}

/// A new session: the token also works as `Authorization: Bearer`, and is set as the cookie.
#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    pub session_token: String,
    /// RFC 3339; slides forward with use (7 days idle, 30 days at most).
    pub expires_at: String,
    pub user: UserView,
}

async fn logged_in(
    state: &AppState,
    session: &Session,
    user: User,
    method: LoginMethod,
    meta: &crate::auth::RequestMeta,
) -> Result<Json<LoginResponse>, ApiError> {
    let started = sessions::start(session, &state.auth, &user, method, meta).await?;
    Ok(Json(LoginResponse {
        session_token: started.token,
        expires_at: rfc3339(started.expires_at),
        user: user.into(),
    }))
}

/// Send a 6-digit login code by SMS. Always 202 for a well-formed number, registered or not.
#[utoipa::path(post, path = "/api/v1/login/otp", tag = "login", request_body = OtpRequest,
    responses(
        (status = 202, description = "Accepted (an SMS goes out only to a registered number)", body = Empty),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`sms_unavailable`: the hourly SMS budget is spent; nothing was sent", body = ErrorBody),
    ))]
pub async fn request_login_code(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<OtpRequest>,
) -> Result<(StatusCode, Json<Empty>), ApiError> {
    let phone = field("phone", Phone::parse(&body.phone))?;
    state.auth.request_login_code(&phone, &meta).await?;
    Ok((StatusCode::ACCEPTED, Json(Empty {})))
}

/// Log in with the code sent by SMS; marks the phone verified.
#[utoipa::path(post, path = "/api/v1/login/otp/verify", tag = "login", request_body = OtpVerifyRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set too", body = LoginResponse),
        (status = 400, description = "`invalid_code` or `bad_request`", body = ErrorBody),
        (status = 403, description = "`email_not_verified`: a new email code was sent", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ))]
pub async fn verify_login_code(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    ApiJson(body): ApiJson<OtpVerifyRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let login = CodeLogin::parse(&body.phone, &body.code)?;
    let user = state.auth.log_in_with_code(&login, &meta).await?;
    logged_in(&state, &session, user, LoginMethod::OneTimeCode, &meta).await
}

/// Log in with an email address or phone number and the password.
#[utoipa::path(post, path = "/api/v1/login/password", tag = "login", request_body = PasswordLoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set too", body = LoginResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`invalid_credentials` (unknown identifier or wrong password)", body = ErrorBody),
        (status = 403, description = "`email_not_verified`: a new email code was sent", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: too many password checks waiting; `Retry-After: 1`", body = ErrorBody),
    ))]
pub async fn log_in_with_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    ApiJson(body): ApiJson<PasswordLoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let login = PasswordLogin::parse(&body.identifier, &body.password)?;
    let user = state.auth.log_in_with_password(&login, &meta).await?;
    logged_in(&state, &session, user, LoginMethod::Password, &meta).await
}
