//! `POST /api/v1/login/otp`, `/login/otp/verify`, `/login/password` and
//! `/login/second-factor`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::bodies::Empty;
use crate::auth::{
    CodeLogin, LoginProof, Outcome, PasswordLogin, Phone, SecondFactorLogin, User, field,
};
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

/// The first factor checked out and the account has a second: no session yet. Send the
/// challenge with a code to `POST /api/v1/login/second-factor` within 5 minutes.
#[derive(Serialize, ToSchema)]
pub struct SecondFactorRequired {
    /// Always `true`: tells this answer from a login.
    pub second_factor_required: bool,
    /// What the account can finish with: `totp`, `recovery_code` while it has unused ones, and
    /// `passkey` when it has one (a passkey login, `/login/passkey/start`, needs no second step).
    #[schema(example = json!(["totp", "recovery_code", "passkey"]))]
    pub methods: Vec<String>,
    /// Single use, 5 minutes.
    pub challenge: String,
}

/// A login, or the request for its second factor.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginOutcome {
    // Boxed: the user object makes it several times the size of the other.
    LoggedIn(Box<LoginResponse>),
    SecondFactorRequired(SecondFactorRequired),
}

#[derive(Deserialize, ToSchema)]
pub struct SecondFactorRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::challenge)]
    pub challenge: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::second_factor_method)]
    pub method: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::second_factor_code)]
    pub code: String,
}

/// Starts the session of a completed login (any method) and answers with its token.
pub(super) async fn logged_in(
    state: &AppState,
    session: &Session,
    user: User,
    proof: LoginProof,
    meta: &crate::auth::RequestMeta,
) -> Result<LoginResponse, ApiError> {
    let started = sessions::start(session, &state.auth, &user, proof, meta).await?;
    Ok(LoginResponse {
        session_token: started.token,
        expires_at: rfc3339(started.expires_at),
        user: user.into(),
    })
}

pub(super) async fn login_step(
    state: &AppState,
    session: &Session,
    outcome: Outcome,
    meta: &crate::auth::RequestMeta,
) -> Result<Json<LoginOutcome>, ApiError> {
    Ok(Json(match outcome {
        Outcome::SignedIn { user, proof } => LoginOutcome::LoggedIn(Box::new(
            logged_in(state, session, user, proof, meta).await?,
        )),
        Outcome::SecondFactorNeeded(challenge) => {
            LoginOutcome::SecondFactorRequired(SecondFactorRequired {
                second_factor_required: true,
                methods: challenge
                    .methods
                    .iter()
                    .map(|m| m.as_str().to_owned())
                    .collect(),
                challenge: challenge.token,
            })
        }
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
        (status = 200, description = "Logged in (the session cookie is set too), or `second_factor_required` with a challenge", body = LoginOutcome),
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
) -> Result<Json<LoginOutcome>, ApiError> {
    let login = CodeLogin::parse(&body.phone, &body.code)?;
    let outcome = state.auth.log_in_with_code(&login, &meta).await?;
    login_step(&state, &session, outcome, &meta).await
}

/// Log in with an email address or phone number and the password.
#[utoipa::path(post, path = "/api/v1/login/password", tag = "login", request_body = PasswordLoginRequest,
    responses(
        (status = 200, description = "Logged in (the session cookie is set too), or `second_factor_required` with a challenge", body = LoginOutcome),
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
) -> Result<Json<LoginOutcome>, ApiError> {
    let login = PasswordLogin::parse(&body.identifier, &body.password)?;
    let outcome = state.auth.log_in_with_password(&login, &meta).await?;
    login_step(&state, &session, outcome, &meta).await
}

/// Finish a login that answered `second_factor_required`: the challenge and a code from the
/// authenticator app or a recovery code. Wrong codes count against the account (10 an hour).
#[utoipa::path(post, path = "/api/v1/login/second-factor", tag = "login", request_body = SecondFactorRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set too", body = LoginResponse),
        (status = 400, description = "`invalid_code`, `invalid_challenge` (wrong, expired or used: log in again) or `bad_request`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ))]
pub async fn log_in_with_second_factor(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    ApiJson(body): ApiJson<SecondFactorRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let login = SecondFactorLogin::parse(&body.challenge, &body.method, &body.code)?;
    let (user, proof) = state
        .auth
        .complete_login(&login, &meta)
        .await?
        .signed_in()?;
    Ok(Json(logged_in(&state, &session, user, proof, &meta).await?))
}
