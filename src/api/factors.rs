//! The second factor of the caller's account: `GET`/`POST`/`DELETE /api/v1/me/totp`,
//! `POST /api/v1/me/totp/confirm`, `POST /api/v1/me/recovery-codes` and the step-up
//! `POST /api/v1/me/second-factor`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Code, FactorCode, PasswordAttempt, RecoveryCode, field};
use crate::http::extract::{ApiJson, ClientMeta, OptionalJson};
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct TotpStatus {
    /// An authenticator app is set up: logins ask for its code.
    pub enabled: bool,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
}

/// For a change that needs a login in the last 10 minutes or the current password.
#[derive(Default, Deserialize, ToSchema)]
pub struct CurrentPasswordRequest {
    #[schema(schema_with = super::fields::optional_password_attempt)]
    pub current_password: Option<String>,
}

/// What to put in the authenticator app; pending until confirmed with a first code.
#[derive(Serialize, ToSchema)]
pub struct TotpEnrolmentView {
    /// Base32, for typing into the app by hand.
    pub secret: String,
    /// `otpauth://totp/Latch:…?secret=…&issuer=Latch` (SHA-1, 6 digits, 30 s).
    pub otpauth_uri: String,
    /// The URI as a QR code: an SVG document to show inline.
    pub qr_svg: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TotpCodeRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::totp_code)]
    pub code: String,
}

/// Ten single-use codes, shown this once; each stands in for the app at one login.
#[derive(Serialize, ToSchema)]
pub struct RecoveryCodesView {
    #[schema(example = json!(["abcde-fghjk", "mnpqr-stuvw"]))]
    pub recovery_codes: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct StepUpRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::second_factor_method)]
    pub method: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::second_factor_code)]
    pub code: String,
}

impl CurrentPasswordRequest {
    /// The password, when one was given.
    pub(super) fn parse(&self) -> Result<Option<PasswordAttempt>, ApiError> {
        Ok(match self.current_password.as_deref() {
            Some(p) => Some(field("current_password", PasswordAttempt::parse(p))?),
            None => None,
        })
    }
}

fn recovery_view(codes: &[RecoveryCode]) -> RecoveryCodesView {
    RecoveryCodesView {
        recovery_codes: codes.iter().map(RecoveryCode::display).collect(),
    }
}

/// Whether an authenticator app is set up, and how many recovery codes are left.
#[utoipa::path(get, path = "/api/v1/me/totp", tag = "account",
    responses(
        (status = 200, description = "The account's second factor", body = TotpStatus),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn totp_status(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<TotpStatus>, ApiError> {
    let factors = state.auth.factors(signed_in.user.id).await?;
    Ok(Json(TotpStatus {
        enabled: factors.totp,
        recovery_codes_left: factors.recovery_codes_left,
    }))
}

/// Start adding an authenticator app: a new secret, as text and as a QR code. Nothing changes
/// until `POST /api/v1/me/totp/confirm` with a first code. Needs a login in the last 10
/// minutes or `current_password`.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "account",
    request_body(content = Option<CurrentPasswordRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 200, description = "The secret to add to the app", body = TotpEnrolmentView),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` (wrong current password)", body = ErrorBody),
        (status = 403, description = "`reauthentication_required`: log in again or give `current_password`", body = ErrorBody),
        (status = 409, description = "`totp_already_enabled`: turn the app off first", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: the password hasher's queue is full; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn begin_totp(
    State(state): State<AppState>,
    signed_in: SignedIn,
    OptionalJson(body): OptionalJson<CurrentPasswordRequest>,
) -> Result<Json<TotpEnrolmentView>, ApiError> {
    let password = body.parse()?;
    let enrolment = state
        .auth
        .begin_totp(
            signed_in.user.id,
            signed_in.session.authenticated_at,
            password.as_ref(),
        )
        .await?;
    Ok(Json(TotpEnrolmentView {
        secret: enrolment.secret,
        otpauth_uri: enrolment.otpauth_uri,
        qr_svg: enrolment.qr_svg,
    }))
}

/// Finish adding the app with a first code from it. The answer holds the ten recovery codes,
/// shown only now; this session counts as having shown a second factor.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "account", request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "The app is set up; keep these codes somewhere safe", body = RecoveryCodesView),
        (status = 400, description = "`invalid_code` or `bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 409, description = "`totp_not_started`: start with `POST /api/v1/me/totp` (again)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn confirm_totp(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<TotpCodeRequest>,
) -> Result<Json<RecoveryCodesView>, ApiError> {
    let code = field("code", Code::parse(&body.code))?;
    let codes = state
        .auth
        .confirm_totp(signed_in.user.id, &code, &meta)
        .await?;
    signed_in.mark_second_factor(&state.auth).await?;
    Ok(Json(recovery_view(&codes)))
}

/// Turn the authenticator app off; its recovery codes go with it. Needs a second factor from
/// the last 10 minutes (`POST /api/v1/me/second-factor`).
#[utoipa::path(delete, path = "/api/v1/me/totp", tag = "account",
    responses(
        (status = 204, description = "Turned off; a notice went to the email address"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`second_factor_required`: confirm with a code first", body = ErrorBody),
        (status = 409, description = "`totp_not_enabled`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn disable_totp(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
) -> Result<StatusCode, ApiError> {
    let freshness = signed_in.freshness().await;
    state
        .auth
        .disable_totp(signed_in.user.id, freshness, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new set of ten recovery codes; the old set stops working. Needs a second factor from the
/// last 10 minutes.
#[utoipa::path(post, path = "/api/v1/me/recovery-codes", tag = "account",
    responses(
        (status = 200, description = "The new codes, shown only now", body = RecoveryCodesView),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`second_factor_required`: confirm with a code first", body = ErrorBody),
        (status = 409, description = "`totp_not_enabled`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn regenerate_recovery_codes(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<RecoveryCodesView>, ApiError> {
    let freshness = signed_in.freshness().await;
    let codes = state
        .auth
        .regenerate_recovery_codes(signed_in.user.id, freshness)
        .await?;
    Ok(Json(recovery_view(&codes)))
}

/// Step-up: show a second factor so that, for 10 minutes, this session may turn a factor off
/// or change the email, phone or password. Wrong codes count like a login's (10 an hour).
#[utoipa::path(post, path = "/api/v1/me/second-factor", tag = "account", request_body = StepUpRequest,
    responses(
        (status = 204, description = "Confirmed for the next 10 minutes"),
        (status = 400, description = "`invalid_code` or `bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 409, description = "`totp_not_enabled`: there is no second factor to show", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn step_up(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<StepUpRequest>,
) -> Result<StatusCode, ApiError> {
    let code = FactorCode::parse(&body.method, &body.code)?;
    state.auth.step_up(signed_in.user.id, &code, &meta).await?;
    signed_in.mark_second_factor(&state.auth).await?;
    Ok(StatusCode::NO_CONTENT)
}
