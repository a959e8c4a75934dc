//! `/api/v1/admin/clients`: the apps registered for OpenID Connect logins, as `latch client`
//! manages them from the command line. Admins only, like the rest of `/api/v1/admin`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::admin::{ReauthRequest, admin, admin_password};
use crate::auth::FieldErrors;
use crate::auth::oidc::{Client, NewClient};
use crate::http::extract::{ApiJson, ClientMeta, OptionalJson};
use crate::http::present::rfc3339;
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::state::AppState;

/// A registered app. Its secret is never shown again after it is made.
#[derive(Serialize, ToSchema)]
pub struct ClientView {
    pub client_id: String,
    pub name: String,
    /// No secret: proves itself with PKCE.
    pub public: bool,
    /// No consent page.
    pub first_party: bool,
    /// `RS256` or `EdDSA`.
    pub id_token_alg: &'static str,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

impl From<Client> for ClientView {
    fn from(client: Client) -> Self {
        ClientView {
            public: client.is_public(),
            client_id: client.id,
            name: client.name,
            first_party: client.first_party,
            id_token_alg: client.id_token_alg.as_str(),
            redirect_uris: client.redirect_uris,
            post_logout_redirect_uris: client.post_logout_redirect_uris,
            created_at: rfc3339(client.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ClientList {
    pub clients: Vec<ClientView>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewClientRequest {
    /// What the consent page calls the app: 1 to 100 characters.
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f]*\\S[^\\x00-\\x1f\\x7f]*$"
    )]
    pub name: String,
    /// Exact URIs: `https`, or `http` on 127.0.0.1, [::1] or localhost; no fragment.
    #[serde(default)]
    #[schema(required = true, min_items = 1, max_items = 10, inline)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub post_logout_redirect_uris: Vec<String>,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub first_party: bool,
    /// `RS256` (default) or `EdDSA`.
    #[schema(pattern = "^(RS256|EdDSA)$")]
    pub id_token_alg: Option<String>,
    #[schema(schema_with = super::fields::admin_password)]
    pub current_password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NewClientResponse {
    pub client: ClientView,
    /// Shown this once (confidential apps only): only its hash is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

fn parse_new(body: &NewClientRequest) -> Result<NewClient, FieldErrors> {
    let redirect: Vec<&str> = body.redirect_uris.iter().map(String::as_str).collect();
    let logout: Vec<&str> = body
        .post_logout_redirect_uris
        .iter()
        .map(String::as_str)
        .collect();
    NewClient::parse(
        &body.name,
        &redirect,
        &logout,
        body.public,
        body.first_party,
        body.id_token_alg.as_deref(),
    )
}

/// The registered apps, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/clients", tag = "admin",
    responses(
        (status = 200, description = "Every registered app", body = ClientList),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not an admin", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn list_clients(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<ClientList>, ApiError> {
    admin(&signed_in)?;
    let clients = state.auth.clients().await?;
    Ok(Json(ClientList {
        clients: clients.into_iter().map(ClientView::from).collect(),
    }))
}

/// Register an app for OpenID Connect logins, as `latch client add` does.
#[utoipa::path(post, path = "/api/v1/admin/clients", tag = "admin", request_body = NewClientRequest,
    responses(
        (status = 201, description = "Registered; the secret is in this answer only", body = NewClientResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`: a name or URI Latch cannot use", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn add_client(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ClientMeta(meta): ClientMeta,
    ApiJson(body): ApiJson<NewClientRequest>,
) -> Result<(StatusCode, Json<NewClientResponse>), ApiError> {
    let admin = admin(&signed_in)?;
    let password = admin_password(body.current_password.as_deref())?;
    let new = parse_new(&body).map_err(crate::auth::Error::Validation)?;
    let (client, secret) = state
        .auth
        .admin_add_client(&admin, new, password.as_ref(), &meta)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(NewClientResponse {
            client: client.into(),
            client_secret: secret,
        }),
    ))
}

/// Remove an app: its consents, codes and every token it holds end with it.
#[utoipa::path(delete, path = "/api/v1/admin/clients/{client_id}", tag = "admin",
    params(("client_id" = String, Path, pattern = "^[A-Za-z0-9_-]{1,64}$")),
    request_body(content = Option<ReauthRequest>, description = "Only needed to give current_password"),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, or `invalid_credentials` for a wrong current_password", body = ErrorBody),
        (status = 403, description = "`forbidden` (not an admin) or `reauthentication_required`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (wrong current passwords), with `Retry-After`", body = ErrorBody),
        (status = 503, description = "`busy`: checking current_password must wait; `Retry-After: 1`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn remove_client(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(client_id): Path<String>,
    ClientMeta(meta): ClientMeta,
    OptionalJson(body): OptionalJson<ReauthRequest>,
) -> Result<StatusCode, ApiError> {
    let admin = admin(&signed_in)?;
    let password = admin_password(body.current_password.as_deref())?;
    state
        .auth
        .admin_remove_client(&admin, &client_id, password.as_ref(), &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
