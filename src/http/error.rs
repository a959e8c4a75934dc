//! The HTTP layer's one error type: every failure of an API request (and of the middleware
//! in front of both doors) becomes the JSON error shape of docs/API.md here, once.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth;

/// `{"error": {"code", "message", "fields"?}}`
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `validation_failed`, `invalid_code`, `email_taken`, …
    pub code: String,
    pub message: String,
    /// Only for `validation_failed`: field name → messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
}

#[derive(Debug)]
pub enum ApiError {
    Auth(auth::Error),
    BadRequest(String),
    /// Authenticated but not allowed, or refused by a cross-site rule.
    Forbidden(String),
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    Unavailable,
    /// The OAuth endpoints answer in OAuth's own shape (RFC 6749 §5.2, RFC 6750 §3).
    OAuth(auth::oidc::OAuthError),
}

/// `{"error", "error_description"}`: RFC 6749's error shape, for the OAuth endpoints.
#[derive(Serialize, ToSchema)]
pub struct OAuthErrorBody {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unsupported_grant_type`,
    /// `invalid_scope`, `unauthorized_client`, `invalid_token`, `temporarily_unavailable`.
    pub error: String,
    pub error_description: String,
}

impl From<auth::oidc::OAuthError> for ApiError {
    fn from(e: auth::oidc::OAuthError) -> Self {
        ApiError::OAuth(e)
    }
}

fn oauth_response(e: auth::oidc::OAuthError) -> Response {
    let (status, challenge) = match e.code {
        "invalid_client" => (StatusCode::UNAUTHORIZED, Some("Basic realm=\"latch\"")),
        "invalid_token" => (
            StatusCode::UNAUTHORIZED,
            Some("Bearer realm=\"latch\", error=\"invalid_token\""),
        ),
        "server_error" => (StatusCode::SERVICE_UNAVAILABLE, None),
        _ => (StatusCode::BAD_REQUEST, None),
    };
    let code = if e.code == "server_error" {
        "temporarily_unavailable"
    } else {
        e.code
    };
    let body = OAuthErrorBody {
        error: code.to_owned(),
        error_description: e.description,
    };
    let mut response = (status, Json(body)).into_response();
    if let Some(challenge) = challenge {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(challenge),
        );
    }
    response
}

impl From<auth::Error> for ApiError {
    fn from(e: auth::Error) -> Self {
        ApiError::Auth(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let mut fields = None;
        let (status, code, message) = match self {
            ApiError::OAuth(e) => return oauth_response(e),
            ApiError::Auth(e) => {
                let answer = super::answers::answer(&e);
                retry_after = answer.retry_after;
                let message = match e {
                    auth::Error::Validation(errors) => {
                        fields = Some(
                            errors
                                .iter()
                                .map(|(f, m)| (f.to_owned(), m.to_vec()))
                                .collect(),
                        );
                        "some fields are invalid".to_owned()
                    }
                    auth::Error::Internal(cause) => {
                        tracing::error!(error = format!("{cause:#}"), "request failed");
                        "something went wrong on our side".to_owned()
                    }
                    other => other.to_string(),
                };
                (answer.status, answer.code, message)
            }
            ApiError::BadRequest(why) => (StatusCode::BAD_REQUEST, "bad_request", why),
            ApiError::Forbidden(why) => (StatusCode::FORBIDDEN, "forbidden", why),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint".to_owned(),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method".to_owned(),
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "request bodies are limited to 64 KiB".to_owned(),
            ),
            ApiError::Unavailable => {
                retry_after = Some(1);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database does not answer".to_owned(),
                )
            }
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message,
                fields,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
