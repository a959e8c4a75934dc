//! "Confirm it's you" with a passkey: `POST /api/v1/me/confirm/passkey/start` and `/finish`.
//! The hosted `/account/confirm` page uses them; an app may too, before a change that needs a
//! recent login or a second factor (a password still goes with the change itself).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::passkeys::{LoginFinishRequest, WebAuthnOptions, credential};
use crate::auth::confirm::Confirmation;
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

/// Options for `navigator.credentials.get()` that only the caller's own passkeys answer.
#[utoipa::path(post, path = "/api/v1/me/confirm/passkey/start", tag = "account",
    responses(
        (status = 200, description = "Options for `navigator.credentials.get()`, valid for 5 minutes", body = WebAuthnOptions),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 404, description = "`not_found`: the account has no passkey", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`passkeys_unavailable` or `busy`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn passkey_start(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
) -> Result<Json<WebAuthnOptions>, ApiError> {
    let options = state
        .auth
        .begin_passkey_confirmation(signed_in.user.id, &meta)
        .await?;
    Ok(Json(WebAuthnOptions::of(options)))
}

/// The browser's answer. For 10 minutes this session counts as freshly logged in with two
/// factors: it may open `/account/security` and make the changes marked "step-up".
#[utoipa::path(post, path = "/api/v1/me/confirm/passkey/finish", tag = "account", request_body = LoginFinishRequest,
    responses(
        (status = 204, description = "Confirmed for the next 10 minutes"),
        (status = 400, description = "`passkey_refused` (another account's passkey, bad signature, no user verification, used or expired options) or `bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed` (`credential`)", body = ErrorBody),
        (status = 503, description = "`passkeys_unavailable` or `busy`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn passkey_finish(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<LoginFinishRequest>,
) -> Result<StatusCode, ApiError> {
    let confirmation = Confirmation::Passkey(Box::new(credential(body.credential)?));
    let confirmed = state
        .auth
        .confirm_identity(signed_in.user.id, &confirmation, &meta)
        .await?;
    signed_in.mark_confirmed(&state.auth, confirmed).await?;
    Ok(StatusCode::NO_CONTENT)
}
