//! `GET`/`PATCH /api/v1/me`, `POST /api/v1/me/email/confirm`, `/me/phone/verify`,
//! `/me/phone/confirm`, `/me/password`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bodies::UserResponse;
use crate::auth::account::Pending;
use crate::auth::{Code, Contact, PasswordChange, ProfileUpdate, field};
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::model::UserView;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct UpdateMeRequest {
    #[schema(schema_with = super::fields::optional_name)]
    pub first_name: Option<String>,
    #[schema(schema_with = super::fields::optional_name)]
    pub last_name: Option<String>,
    /// A new address: pending until confirmed with the code sent to it.
    #[schema(schema_with = super::fields::optional_email)]
    pub email: Option<String>,
    /// A new number: pending until confirmed with the code sent to it.
    #[schema(schema_with = super::fields::optional_phone)]
    pub phone: Option<String>,
    /// Needed for an email or phone change unless the session logged in in the last 10 minutes.
    #[schema(schema_with = super::fields::optional_password_attempt)]
    pub current_password: Option<String>,
    #[schema(schema_with = super::fields::optional_locale)]
    pub locale: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PendingView {
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UpdateMeResponse {
    pub user: UserView,
    pub pending: PendingView,
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmRequest {
    /// The 6 digits sent to the new address or number.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::code)]
    pub code: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::password_attempt)]
    pub current_password: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::new_password)]
    pub new_password: String,
}

fn pending_view(pending: Pending) -> PendingView {
    PendingView {
        email: pending.email,
        phone: pending.phone,
    }
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses(
        (status = 200, description = "The caller", body = UserResponse),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn me(signed_in: SignedIn) -> Json<UserResponse> {
    Json(signed_in.user.into())
}

/// Change names (at once) and email or phone (pending until confirmed by code). Whether the
/// new address or number belongs to another account is not told: only a free one gets a code.
#[utoipa::path(patch, path = "/api/v1/me", tag = "account", request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "Updated; new email/phone pending (a code goes to it if it is free)", body = UpdateMeResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`reauthentication_required`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed` (including a number in a country SMS is not sent to)", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`sms_unavailable` (the SMS budget is spent), or `busy` (checking current_password must wait; `Retry-After: 1`)", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn update_me(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<UpdateMeRequest>,
) -> Result<Json<UpdateMeResponse>, ApiError> {
    // Only a language that is on; named with any other bad field.
    let locale = body.locale.as_deref().map(|raw| {
        crate::i18n::Locale::parse(raw).filter(|l| state.config.locales.locales.contains(l))
    });
    let update = ProfileUpdate::parse(
        body.first_name.as_deref(),
        body.last_name.as_deref(),
        body.email.as_deref(),
        body.phone.as_deref(),
        body.current_password.as_deref(),
    );
    let (update, locale) = match (update, locale) {
        (Ok(update), None) => (update, None),
        (Ok(update), Some(Some(locale))) => (update, Some(locale)),
        (result, Some(None)) => {
            let mut errors = match result {
                Err(crate::auth::Error::Validation(errors)) => errors,
                _ => crate::auth::FieldErrors::default(),
            };
            errors.add("locale", "is not a language offered here");
            return Err(crate::auth::Error::Validation(errors).into());
        }
        (Err(e), _) => return Err(e.into()),
    };
    let (mut user, pending) = signed_in.update_profile(&state.auth, update, &meta).await?;
    if let Some(locale) = locale {
        state.auth.set_locale(user.id, locale.tag()).await?;
        user.locale = Some(locale.tag().to_owned());
    }
    Ok(Json(UpdateMeResponse {
        user: user.into(),
        pending: pending_view(pending),
    }))
}

async fn confirm(
    state: &AppState,
    meta: &crate::auth::RequestMeta,
    signed_in: &SignedIn,
    contact: Contact,
    raw: &str,
) -> Result<Json<UserResponse>, ApiError> {
    let code = field("code", Code::parse(raw))?;
    let user = state
        .auth
        .confirm_contact(signed_in.user.id, contact, &code, meta)
        .await?;
    Ok(Json(user.into()))
}

/// Confirm the pending email address with the code sent to it.
#[utoipa::path(post, path = "/api/v1/me/email/confirm", tag = "account", request_body = ConfirmRequest,
    responses(
        (status = 200, description = "The new address is in force", body = UserResponse),
        (status = 400, description = "`invalid_code` or `bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 409, description = "`email_taken` (taken meanwhile)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (too many wrong codes), with `Retry-After`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn confirm_email(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<ConfirmRequest>,
) -> Result<Json<UserResponse>, ApiError> {
    confirm(&state, &meta, &signed_in, Contact::Email, &body.code).await
}

/// Send a code by SMS to the account's own number when it is not verified (a password reset
/// that first proved the mailbox unverifies it); confirm it with `POST /api/v1/me/phone/confirm`.
/// A verified number gets no SMS, and `pending.phone` stays null. Takes no body.
#[utoipa::path(post, path = "/api/v1/me/phone/verify", tag = "account",
    responses(
        (status = 202, description = "A code is on its way to the number in `pending.phone`", body = UpdateMeResponse),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 422, description = "`validation_failed`: the number is in a country SMS is not sent to", body = ErrorBody),
        (status = 429, description = "`rate_limited` (SMS limits per number, account and address), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`sms_unavailable`: the SMS budget is spent", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn verify_phone(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
) -> Result<(StatusCode, Json<UpdateMeResponse>), ApiError> {
    let (user, pending) = state
        .auth
        .request_phone_verification(signed_in.user.id, &meta)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(UpdateMeResponse {
            user: user.into(),
            pending: pending_view(pending),
        }),
    ))
}

/// Confirm the pending phone number with the code sent to it.
#[utoipa::path(post, path = "/api/v1/me/phone/confirm", tag = "account", request_body = ConfirmRequest,
    responses(
        (status = 200, description = "The new number is in force", body = UserResponse),
        (status = 400, description = "`invalid_code` or `bad_request`", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 409, description = "`phone_taken` (taken meanwhile)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (too many wrong codes), with `Retry-After`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn confirm_phone(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<ConfirmRequest>,
) -> Result<Json<UserResponse>, ApiError> {
    confirm(&state, &meta, &signed_in, Contact::Phone, &body.code).await
}

/// Change the password. The caller's session stays (a browser's gets a new id); every other
/// session ends, and a notice is emailed.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`invalid_credentials` (wrong current password) or `unauthenticated`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: the password hasher's queue is full; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn change_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let change = PasswordChange::parse(&body.current_password, &body.new_password)?;
    let keep = signed_in.token_hash();
    state
        .auth
        .change_password(
            signed_in.user.id,
            &change,
            keep.as_deref(),
            signed_in.freshness().await,
            &meta,
        )
        .await?;
    signed_in.rotate().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An app the caller has let in.
#[derive(Serialize, ToSchema)]
pub struct ConnectedAppView {
    pub client_id: String,
    pub name: String,
    /// The scopes allowed (`openid`, `email`, …); empty for the operator's own apps, which ask
    /// no consent.
    pub scopes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AppList {
    pub apps: Vec<ConnectedAppView>,
}

/// "Apps with access": the apps the caller allowed, or holding tokens from their logins.
#[utoipa::path(get, path = "/api/v1/me/apps", tag = "account",
    responses(
        (status = 200, description = "The apps", body = AppList),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn apps(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<AppList>, ApiError> {
    let apps = state.auth.connected_apps(signed_in.user.id).await?;
    Ok(Json(AppList {
        apps: apps
            .into_iter()
            .map(|app| ConnectedAppView {
                client_id: app.client_id,
                name: app.name,
                scopes: app.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            })
            .collect(),
    }))
}

/// Takes an app's access away: the consent is forgotten and every token it holds for the
/// caller stops working.
#[utoipa::path(delete, path = "/api/v1/me/apps/{client_id}", tag = "account",
    params(("client_id" = String, Path, pattern = "^[A-Za-z0-9_-]{1,64}$")),
    responses(
        (status = 204, description = "Access taken away"),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 404, description = "`not_found`: the app has no access", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn disconnect_app(
    State(state): State<AppState>,
    signed_in: SignedIn,
    axum::extract::Path(client_id): axum::extract::Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .auth
        .disconnect_app(signed_in.user.id, &client_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
