//! `POST /api/v1/register`

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::bodies::UserResponse;
use crate::auth::Registration;
use crate::http::extract::{ApiJson, ClientMeta};
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

/// Missing fields read as empty, so they are reported as `validation_failed` with the field
/// named, like any other bad value; a wrong JSON type is `bad_request`.
#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::name)]
    pub first_name: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::name)]
    pub last_name: String,
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::email)]
    pub email: String,
    /// E.164 or international format with a leading `+`.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::phone)]
    pub phone: String,
    /// 8–128 characters, not a common password, not the email, phone or name.
    #[serde(default)]
    #[schema(required = true, schema_with = super::fields::new_password)]
    pub password: String,
}

/// Create an account; a 6-digit verification code is emailed to the address.
#[utoipa::path(
    post,
    path = "/api/v1/register",
    tag = "registration",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created, verification code sent", body = UserResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 409, description = "`email_taken` or `phone_taken`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed` with `fields`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: too many password checks waiting; `Retry-After: 1`", body = ErrorBody),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<UserResponse>), ApiError> {
    let registration = Registration::parse(
        &body.first_name,
        &body.last_name,
        &body.email,
        &body.phone,
        &body.password,
    )?;
    let user = state.auth.register(registration, &meta).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}
