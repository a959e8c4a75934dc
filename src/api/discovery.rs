//! What an app's OpenID Connect library reads first: the discovery document and the JWKS
//! its tokens are checked with.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::oidc::{Alg, OAuthError, Scope};
use crate::http::{ApiError, OAuthErrorBody};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct JwksBody {
    /// RSA (`RS256`) and OKP Ed25519 (`EdDSA`) public keys, with `kid`; retired keys stay a day.
    #[schema(value_type = Vec<Object>)]
    keys: Vec<Value>,
}

/// The public keys tokens are signed with.
#[utoipa::path(get, path = "/oauth2/jwks", tag = "openid",
    responses(
        (status = 200, description = "The JSON Web Key Set", body = JwksBody),
        (status = 503, description = "`temporarily_unavailable`", body = OAuthErrorBody),
    ))]
pub async fn jwks(State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = state.auth.clock().now();
    let keys = state
        .auth
        .signing_keys()
        .jwks(now)
        .await
        .map_err(OAuthError::from)?;
    Ok(Json(keys).into_response())
}

/// OpenID Connect Discovery 1.0.
#[derive(Serialize, ToSchema)]
pub struct DiscoveryBody {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    userinfo_endpoint: String,
    jwks_uri: String,
    revocation_endpoint: String,
    introspection_endpoint: String,
    end_session_endpoint: String,
    scopes_supported: Vec<&'static str>,
    response_types_supported: Vec<&'static str>,
    response_modes_supported: Vec<&'static str>,
    grant_types_supported: Vec<&'static str>,
    subject_types_supported: Vec<&'static str>,
    id_token_signing_alg_values_supported: Vec<&'static str>,
    token_endpoint_auth_methods_supported: Vec<&'static str>,
    revocation_endpoint_auth_methods_supported: Vec<&'static str>,
    introspection_endpoint_auth_methods_supported: Vec<&'static str>,
    code_challenge_methods_supported: Vec<&'static str>,
    prompt_values_supported: Vec<&'static str>,
    claims_supported: Vec<&'static str>,
    authorization_response_iss_parameter_supported: bool,
    request_parameter_supported: bool,
    request_uri_parameter_supported: bool,
    claims_parameter_supported: bool,
}

/// Where everything is: what an app's OpenID Connect library reads first.
#[utoipa::path(get, path = "/.well-known/openid-configuration", tag = "openid",
    responses((status = 200, description = "The provider's metadata", body = DiscoveryBody)))]
pub async fn discovery(State(state): State<AppState>) -> Response {
    let issuer = state.auth.issuer();
    let at = |path: &str| format!("{issuer}{path}");
    let secret_methods = vec!["client_secret_basic", "client_secret_post"];
    let mut with_none = secret_methods.clone();
    with_none.push("none");
    let body = DiscoveryBody {
        authorization_endpoint: at("/oauth2/authorize"),
        token_endpoint: at("/oauth2/token"),
        userinfo_endpoint: at("/oauth2/userinfo"),
        jwks_uri: at("/oauth2/jwks"),
        revocation_endpoint: at("/oauth2/revoke"),
        introspection_endpoint: at("/oauth2/introspect"),
        end_session_endpoint: at("/oauth2/logout"),
        issuer,
        scopes_supported: Scope::ALL.iter().map(|s| s.as_str()).collect(),
        response_types_supported: vec!["code"],
        response_modes_supported: vec!["query"],
        grant_types_supported: vec!["authorization_code", "refresh_token"],
        subject_types_supported: vec!["public"],
        id_token_signing_alg_values_supported: Alg::ALL.iter().map(|a| a.as_str()).collect(),
        token_endpoint_auth_methods_supported: with_none.clone(),
        revocation_endpoint_auth_methods_supported: with_none,
        introspection_endpoint_auth_methods_supported: secret_methods,
        code_challenge_methods_supported: vec!["S256"],
        prompt_values_supported: vec!["none", "login", "consent"],
        claims_supported: vec![
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "amr",
            "azp",
            "given_name",
            "family_name",
            "name",
            "locale",
            "email",
            "email_verified",
            "phone_number",
            "phone_number_verified",
            "roles",
        ],
        authorization_response_iss_parameter_supported: true,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
        claims_parameter_supported: false,
    };
    Json(body).into_response()
}
