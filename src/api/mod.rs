//! The JSON API under `/api/v1`: thin axum handlers over `auth`, one file per resource, with
//! the OpenAPI document generated from the same annotations that route them.

mod email;
mod error;
pub mod extract;
mod health;
mod register;
mod users;

use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use users::rfc3339;

use crate::state::AppState;

/// Bodies over this are refused with `413 payload_too_large` (API.md).
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latch",
        description = "Self-hosted authentication: registration, verification, logins, sessions. Errors share one shape: `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
    ),
    tags(
        (name = "registration", description = "Sign up and verify an email address"),
        (name = "operations", description = "Health checks and this document"),
    )
)]
struct ApiDoc;

/// The API routes, `/healthz`, `/readyz` and `/api/openapi.json`, with JSON 404/405 answers.
pub fn router() -> Router<AppState> {
    let (router, document) = documented_routes().split_for_parts();
    router
        .route(
            "/api/openapi.json",
            get(move || async move { Json(document) }),
        )
        .route("/api/{*rest}", axum::routing::any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        // API answers carry personal data; no cache may keep them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// The OpenAPI document, for tests and tooling that want it without a server.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented_routes().split_for_parts().1
}

/// Each handler is routed and documented by the same `routes!` entry, so the document cannot
/// miss a route.
fn documented_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(register::register))
        .routes(routes!(email::verify_email))
        .routes(routes!(email::resend_verification))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
