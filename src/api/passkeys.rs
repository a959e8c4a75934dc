//! Passkeys: `POST /api/v1/me/passkeys/register/start` and `/register/finish`,
//! `GET /api/v1/me/passkeys`, `PATCH`/`DELETE /api/v1/me/passkeys/{id}`, and the login
//! `POST /api/v1/login/passkey/start` and `/finish`. The options are what the browser's
//! `navigator.credentials.create()` / `.get()` take (binary fields in base64url); the
//! `credential` is the browser's answer in the same encoding (WebAuthn Level 3 `toJSON()`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_sessions::Session;
use utoipa::ToSchema;

use super::factors::CurrentPasswordRequest;
use super::login::{LoginResponse, logged_in};
use crate::auth::factors::passkeys::{PasskeyInfo, PasskeyName};
use crate::auth::{Error, FieldErrors, field};
use crate::http::extract::{ApiJson, ClientMeta, OptionalJson};
use crate::http::present::rfc3339;
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

/// Options for `navigator.credentials.create()` or `.get()`.
#[derive(Serialize, ToSchema)]
pub struct WebAuthnOptions {
    /// WebAuthn's `PublicKeyCredentialCreationOptions` or `…RequestOptions`, binaries in
    /// base64url (what `PublicKeyCredential.parseCreationOptionsFromJSON()` takes).
    #[serde(rename = "publicKey")]
    #[schema(value_type = Object)]
    pub public_key: Value,
}

impl WebAuthnOptions {
    pub(super) fn of(mut options: Value) -> Self {
        WebAuthnOptions {
            public_key: options["publicKey"].take(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PasskeyView {
    pub id: String,
    pub name: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; null until it is first used to log in.
    pub last_used_at: Option<String>,
}

impl From<PasskeyInfo> for PasskeyView {
    fn from(p: PasskeyInfo) -> Self {
        PasskeyView {
            id: p.id.to_string(),
            name: p.name,
            created_at: rfc3339(p.created_at),
            last_used_at: p.last_used_at.map(rfc3339),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PasskeyResponse {
    pub passkey: PasskeyView,
}

#[derive(Serialize, ToSchema)]
pub struct PasskeysResponse {
    pub passkeys: Vec<PasskeyView>,
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterFinishRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::passkey_name)]
    pub name: String,
    /// The browser's `PublicKeyCredential` from `create()`, as JSON (base64url binaries).
    #[serde(default)]
    #[schema(required = true, value_type = Object)]
    pub credential: Value,
}

#[derive(Deserialize, ToSchema)]
pub struct RenameRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::passkey_name)]
    pub name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginFinishRequest {
    /// The browser's `PublicKeyCredential` from `get()`, as JSON (base64url binaries).
    #[serde(default)]
    #[schema(required = true, value_type = Object)]
    pub credential: Value,
}

/// The browser's answer, or `422` on `credential` when it is not one.
/// The browser's answer. Anything but an object is a field error; an object the schema allows
/// but WebAuthn does not read is an answer that does not check out, like a forged one.
pub(super) fn credential<T: serde::de::DeserializeOwned>(raw: Value) -> Result<T, ApiError> {
    if !raw.is_object() {
        return Err(ApiError::Auth(Error::Validation(FieldErrors::single(
            "credential",
            "is not a WebAuthn credential",
        ))));
    }
    serde_json::from_value(raw).map_err(|_| ApiError::Auth(Error::PasskeyRefused))
}

fn passkey_id(raw: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(raw).map_err(|_| ApiError::Auth(Error::NotFound))
}

/// Options to create a passkey for the caller's account. A passkey logs in on its own, so
/// this needs a login in the last 10 minutes or `current_password`, and step-up on an account
/// with an authenticator app.
#[utoipa::path(post, path = "/api/v1/me/passkeys/register/start", tag = "passkeys",
    request_body(content = Option<CurrentPasswordRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 200, description = "Give `publicKey` to `navigator.credentials.create()` within 5 minutes", body = WebAuthnOptions),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` (wrong current password)", body = ErrorBody),
        (status = 403, description = "`reauthentication_required` or `second_factor_required`", body = ErrorBody),
        (status = 409, description = "`too_many_passkeys` (20)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`passkeys_unavailable` (`PUBLIC_URL` cannot be a relying party) or `busy`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn register_start(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ClientMeta(meta): ClientMeta,
    OptionalJson(body): OptionalJson<CurrentPasswordRequest>,
) -> Result<Json<WebAuthnOptions>, ApiError> {
    let password = body.parse()?;
    let freshness = signed_in.freshness().await;
    let options = state
        .auth
        .begin_passkey_registration(&signed_in.user, freshness, password.as_ref(), &meta)
        .await?;
    Ok(Json(WebAuthnOptions::of(options)))
}

/// Store the passkey the browser created, under a name the owner chose.
#[utoipa::path(post, path = "/api/v1/me/passkeys/register/finish", tag = "passkeys", request_body = RegisterFinishRequest,
    responses(
        (status = 201, description = "Added; a notice went to the email address", body = PasskeyResponse),
        (status = 400, description = "`passkey_refused` (does not verify, or the 5 minutes are over: start again) or `bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed` (`name`, `credential`)", body = ErrorBody),
        (status = 503, description = "`passkeys_unavailable`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn register_finish(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<RegisterFinishRequest>,
) -> Result<(StatusCode, Json<PasskeyResponse>), ApiError> {
    let name = field("name", PasskeyName::parse(&body.name))?;
    let credential = credential(body.credential)?;
    let passkey = state
        .auth
        .finish_passkey_registration(signed_in.user.id, &name, &credential, &meta)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(PasskeyResponse {
            passkey: passkey.into(),
        }),
    ))
}

/// The caller's passkeys, oldest first.
#[utoipa::path(get, path = "/api/v1/me/passkeys", tag = "passkeys",
    responses(
        (status = 200, description = "The passkeys", body = PasskeysResponse),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<PasskeysResponse>, ApiError> {
    let passkeys = state.auth.passkeys(signed_in.user.id).await?;
    Ok(Json(PasskeysResponse {
        passkeys: passkeys.into_iter().map(PasskeyView::from).collect(),
    }))
}

/// Rename one of the caller's passkeys.
#[utoipa::path(patch, path = "/api/v1/me/passkeys/{id}", tag = "passkeys", request_body = RenameRequest,
    params(("id" = String, Path, description = "A passkey id from GET /api/v1/me/passkeys")),
    responses(
        (status = 200, description = "Renamed", body = PasskeyResponse),
        (status = 400, description = "`bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 404, description = "`not_found` (also another user's)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn rename(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RenameRequest>,
) -> Result<Json<PasskeyResponse>, ApiError> {
    let id = passkey_id(&id)?;
    let name = field("name", PasskeyName::parse(&body.name))?;
    let passkey = state
        .auth
        .rename_passkey(signed_in.user.id, id, &name)
        .await?;
    Ok(Json(PasskeyResponse {
        passkey: passkey.into(),
    }))
}

/// Remove one of the caller's passkeys. With an authenticator app on the account, this needs
/// a second factor from the last 10 minutes.
#[utoipa::path(delete, path = "/api/v1/me/passkeys/{id}", tag = "passkeys",
    params(("id" = String, Path, description = "A passkey id from GET /api/v1/me/passkeys")),
    responses(
        (status = 204, description = "Removed; a notice went to the email address"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`second_factor_required`", body = ErrorBody),
        (status = 404, description = "`not_found` (also another user's)", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = passkey_id(&id)?;
    let freshness = signed_in.freshness().await;
    state
        .auth
        .remove_passkey(signed_in.user.id, id, freshness, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Options to log in with any passkey of this site's: no identifier. The same for everyone.
#[utoipa::path(post, path = "/api/v1/login/passkey/start", tag = "login",
    responses(
        (status = 200, description = "Give `publicKey` to `navigator.credentials.get()` within 5 minutes", body = WebAuthnOptions),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`passkeys_unavailable`", body = ErrorBody),
    ))]
pub async fn login_start(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
) -> Result<Json<WebAuthnOptions>, ApiError> {
    let options = state.auth.begin_passkey_login(&meta).await?;
    Ok(Json(WebAuthnOptions::of(options)))
}

/// Log in with the browser's answer. A passkey is two factors: no second step follows.
#[utoipa::path(post, path = "/api/v1/login/passkey/finish", tag = "login", request_body = LoginFinishRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set too", body = LoginResponse),
        (status = 400, description = "`passkey_refused` (unknown passkey, bad signature, no user verification, used or expired options) or `bad_request`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed` (`credential`)", body = ErrorBody),
        (status = 503, description = "`passkeys_unavailable`", body = ErrorBody),
    ))]
pub async fn login_finish(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    ApiJson(body): ApiJson<LoginFinishRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let credential = credential(body.credential)?;
    let (user, proof) = state.auth.log_in_with_passkey(&credential, &meta).await?;
    Ok(Json(logged_in(&state, &session, user, proof, &meta).await?))
}
