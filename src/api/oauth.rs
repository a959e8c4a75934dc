//! The OpenID Connect endpoints an app's library calls with a token or a code: the token
//! endpoint, userinfo, revocation (RFC 7009) and introspection (RFC 7662); discovery and the
//! JWKS are `discovery`. They take forms and answer in OAuth's error shape (`{"error",
//! "error_description"}`), not the API's. The browser side (`/oauth2/authorize`,
//! `/oauth2/logout`) lives with the pages (`http::oauth`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

use crate::auth::oidc::{ClientCredentials, OAuthError, TokenRequest};
use crate::http::{ApiError, OAuthErrorBody};
use crate::state::AppState;

/// The body, or `413 payload_too_large` past the API's limit (in the API's shape, as
/// everywhere).
type FormBody = Result<Bytes, axum::extract::rejection::BytesRejection>;

fn body_of(body: FormBody) -> Result<Bytes, ApiError> {
    body.map_err(|_| ApiError::PayloadTooLarge)
}

/// A form body, each field at most once (RFC 6749 §3.2).
fn form(body: &[u8]) -> Result<BTreeMap<String, String>, OAuthError> {
    let mut fields = BTreeMap::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        if fields.insert(name.to_string(), value.to_string()).is_some() {
            return Err(OAuthError::invalid_request(format!(
                "{name} was given more than once"
            )));
        }
    }
    fields.retain(|_, v| !v.is_empty());
    Ok(fields)
}

/// The app's credentials: HTTP Basic (`client_secret_basic`) or the form's `client_id` and
/// `client_secret` (`client_secret_post`); using both is refused.
fn client_credentials(
    headers: &HeaderMap,
    fields: &mut BTreeMap<String, String>,
) -> Result<ClientCredentials, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "));
    let form_id = fields.remove("client_id");
    let form_secret = fields.remove("client_secret");
    let Some(basic) = basic else {
        return Ok(ClientCredentials {
            id: form_id,
            secret: form_secret,
        });
    };
    if form_secret.is_some() {
        return Err(OAuthError::invalid_request(
            "use one way to authenticate the client, not two",
        ));
    }
    let decoded = STANDARD
        .decode(basic.trim())
        .ok()
        .and_then(|d| String::from_utf8(d).ok())
        .ok_or_else(OAuthError::invalid_client)?;
    let (id, secret) = decoded
        .split_once(':')
        .ok_or_else(OAuthError::invalid_client)?;
    // RFC 6749 §2.3.1: each part is form-encoded before it is joined.
    let unescape = |s: &str| -> String {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let (id, secret) = (unescape(id), unescape(secret));
    if form_id.as_deref().is_some_and(|f| f != id) {
        return Err(OAuthError::invalid_request(
            "client_id differs from the Basic credentials",
        ));
    }
    Ok(ClientCredentials {
        id: Some(id),
        secret: Some(secret).filter(|s| !s.is_empty()),
    })
}

/// The token endpoint's form (`application/x-www-form-urlencoded`).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // Documents the form; the handler reads it field by field.
pub struct TokenForm {
    #[schema(pattern = "^(authorization_code|refresh_token)$")]
    grant_type: String,
    /// For `authorization_code`.
    code: Option<String>,
    /// For `authorization_code`: the one the authorization request named.
    redirect_uri: Option<String>,
    /// For `authorization_code`, when the request sent a `code_challenge`.
    code_verifier: Option<String>,
    /// For `refresh_token`.
    refresh_token: Option<String>,
    /// For `refresh_token`: narrower than the grant's, for this access token only.
    scope: Option<String>,
    /// For `client_secret_post` and public clients.
    client_id: Option<String>,
    /// For `client_secret_post`.
    client_secret: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponseBody {
    /// A JWT (RFC 9068), signed RS256, valid 10 minutes; verify it with the JWKS.
    access_token: String,
    /// `Bearer`.
    token_type: &'static str,
    expires_in: u64,
    /// Signed RS256, or EdDSA when the app was registered for it.
    id_token: String,
    /// With `offline_access` only; a new one comes with every refresh and the old one is spent.
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    scope: String,
}

/// Exchange an authorization code, or a refresh token, for tokens.
#[utoipa::path(post, path = "/oauth2/token", tag = "openid",
    request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens", body = TokenResponseBody),
        (status = 400, description = "`invalid_request`, `invalid_grant` (code or refresh token wrong, expired, used, or another app's; PKCE mismatch), `unsupported_grant_type`, `invalid_scope`", body = OAuthErrorBody),
        (status = 401, description = "`invalid_client`", body = OAuthErrorBody),
        (status = 413, description = "Body over 64 KiB", body = crate::http::ErrorBody),
        (status = 503, description = "`temporarily_unavailable`", body = OAuthErrorBody),
    ),
    security((), ("client_secret_basic" = [])))]
pub async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: FormBody,
) -> Result<Response, ApiError> {
    let mut fields = form(&body_of(body)?)?;
    let credentials = client_credentials(&headers, &mut fields)?;
    let request = TokenRequest {
        grant_type: fields.remove("grant_type"),
        code: fields.remove("code"),
        redirect_uri: fields.remove("redirect_uri"),
        code_verifier: fields.remove("code_verifier"),
        refresh_token: fields.remove("refresh_token"),
        scope: fields.remove("scope"),
    };
    let tokens = state.auth.token(&credentials, request).await?;
    let body = TokenResponseBody {
        access_token: tokens.access_token,
        token_type: "Bearer",
        expires_in: tokens.expires_in,
        id_token: tokens.id_token,
        refresh_token: tokens.refresh_token,
        scope: tokens.scope,
    };
    Ok(([(header::PRAGMA, "no-cache")], Json(body)).into_response())
}

/// Claims about the user, by the token's scope: `sub` always; `given_name`, `family_name`,
/// `name`, `locale` when they have one (profile); `email`, `email_verified`; `phone_number`, `phone_number_verified`;
/// `roles`.
#[derive(Serialize, ToSchema)]
pub struct UserInfoBody {
    sub: String,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    claims: serde_json::Map<String, Value>,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

async fn userinfo(state: &AppState, headers: &HeaderMap) -> Result<Json<Value>, ApiError> {
    let token = bearer(headers).ok_or_else(OAuthError::invalid_token)?;
    Ok(Json(state.auth.userinfo(token).await?))
}

/// Who the access token's user is (OpenID Connect §5.3), read now.
#[utoipa::path(get, path = "/oauth2/userinfo", tag = "openid",
    responses(
        (status = 200, description = "The user's claims", body = UserInfoBody),
        (status = 401, description = "`invalid_token`: missing, wrong, expired, or its grant was revoked", body = OAuthErrorBody),
        (status = 503, description = "`temporarily_unavailable`", body = OAuthErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn userinfo_get(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    userinfo(&state, &headers).await
}

/// The same, by POST.
#[utoipa::path(post, path = "/oauth2/userinfo", tag = "openid",
    request_body(content = Object, content_type = "application/x-www-form-urlencoded", description = "Empty"),
    responses(
        (status = 200, description = "The user's claims", body = UserInfoBody),
        (status = 400, description = "Never for a well-formed request: the body is not read", body = OAuthErrorBody),
        (status = 401, description = "`invalid_token`", body = OAuthErrorBody),
        (status = 503, description = "`temporarily_unavailable`", body = OAuthErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn userinfo_post(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    userinfo(&state, &headers).await
}

/// A token to revoke or inspect (RFC 7009, RFC 7662).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // Documents the form; the handlers read it field by field.
pub struct TokenHintForm {
    #[schema(min_length = 1)]
    token: String,
    /// `access_token` or `refresh_token`; both are looked for either way.
    token_type_hint: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// End the grant behind a refresh or access token: every token of that grant stops working.
/// 200 also for a token that is unknown or another app's (RFC 7009 §2.2).
#[utoipa::path(post, path = "/oauth2/revoke", tag = "openid",
    request_body(content = TokenHintForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Revoked, or nothing to revoke"),
        (status = 400, description = "`invalid_request`: no token", body = OAuthErrorBody),
        (status = 413, description = "Body over 64 KiB", body = crate::http::ErrorBody),
        (status = 401, description = "`invalid_client`", body = OAuthErrorBody),
        (status = 503, description = "`temporarily_unavailable`", body = OAuthErrorBody),
    ),
    security((), ("client_secret_basic" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: FormBody,
) -> Result<StatusCode, ApiError> {
    let mut fields = form(&body_of(body)?)?;
    let credentials = client_credentials(&headers, &mut fields)?;
    state
        .auth
        .revoke_token(&credentials, fields.get("token").map(String::as_str))
        .await?;
    Ok(StatusCode::OK)
}

#[derive(Serialize, ToSchema)]
pub struct IntrospectionBody {
    active: bool,
    /// Present when active: `scope`, `client_id`, `sub`, `exp`, `iss`, `token_type`, and for
    /// access tokens `aud`, `iat`, `jti`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    details: serde_json::Map<String, Value>,
}

/// Whether a token of this app's is active, with what it carries (RFC 7662). For confidential
/// apps.
#[utoipa::path(post, path = "/oauth2/introspect", tag = "openid",
    request_body(content = TokenHintForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "`{\"active\": false}` for anything not an active token of this app's", body = IntrospectionBody),
        (status = 400, description = "`invalid_request`, `unauthorized_client` (a public app)", body = OAuthErrorBody),
        (status = 413, description = "Body over 64 KiB", body = crate::http::ErrorBody),
        (status = 401, description = "`invalid_client`", body = OAuthErrorBody),
        (status = 503, description = "`temporarily_unavailable`", body = OAuthErrorBody),
    ),
    security(("client_secret_basic" = [])))]
pub async fn introspect(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: FormBody,
) -> Result<Json<Value>, ApiError> {
    let mut fields = form(&body_of(body)?)?;
    let credentials = client_credentials(&headers, &mut fields)?;
    let answer = state
        .auth
        .introspect(&credentials, fields.get("token").map(String::as_str))
        .await?;
    Ok(Json(answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_form_field_given_twice_is_refused() {
        assert!(form(b"grant_type=a&grant_type=b").is_err());
        let fields = form(b"grant_type=refresh_token&scope=&code=x%2By").unwrap();
        assert_eq!(fields.get("code").map(String::as_str), Some("x+y"));
        assert!(!fields.contains_key("scope"), "empty is absent");
    }

    #[test]
    fn client_credentials_come_one_way() {
        let mut headers = HeaderMap::new();
        let mut fields = form(b"client_id=app&client_secret=s").unwrap();
        let post = client_credentials(&headers, &mut fields).unwrap();
        assert_eq!(
            (post.id.as_deref(), post.secret.as_deref()),
            (Some("app"), Some("s"))
        );

        // `a%2Bb:p%3Aw` is `a+b` and `p:w`, each form-encoded (RFC 6749 §2.3.1).
        let basic = format!("Basic {}", STANDARD.encode("a%2Bb:p%3Aw"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&basic).unwrap(),
        );
        let mut fields = form(b"").unwrap();
        let creds = client_credentials(&headers, &mut fields).unwrap();
        assert_eq!(
            (creds.id.as_deref(), creds.secret.as_deref()),
            (Some("a+b"), Some("p:w"))
        );

        let mut both = form(b"client_secret=s").unwrap();
        assert_eq!(
            client_credentials(&headers, &mut both).unwrap_err().code,
            "invalid_request"
        );
        let mut other_id = form(b"client_id=someone").unwrap();
        assert!(client_credentials(&headers, &mut other_id).is_err());
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!!"));
        assert_eq!(
            client_credentials(&headers, &mut form(b"").unwrap())
                .unwrap_err()
                .code,
            "invalid_client"
        );
    }
}
