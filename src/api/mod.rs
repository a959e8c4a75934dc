//! The JSON API under `/api/v1`: thin axum handlers over `auth`, one file per resource, with
//! the OpenAPI document generated from the same annotations that route them.

mod admin;
mod bodies;
mod branding;
mod clients;
mod confirm;
mod discovery;
mod email;
mod email_login;
mod factors;
mod fields;
mod health;
mod identities;
mod login;
mod me;
mod oauth;
mod passkeys;
mod password;
mod register;
mod sessions;

use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Declares the two ways to authenticate: the session cookie and a bearer token.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "client_secret_basic",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::http::sessions::COOKIE_NAME,
                "Named `__Host-latch_session` when `PUBLIC_URL` is https.",
            ))),
        );
    }
}

use crate::http::ApiError;
use crate::state::AppState;

pub use crate::http::BODY_LIMIT;

#[derive(OpenApi)]
#[openapi(
    modifiers(&SecuritySchemes),
    info(
        title = "Latch",
        description = "Self-hosted authentication: registration, verification, logins, sessions. Errors share one shape: `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
    ),
    tags(
        (name = "registration", description = "Sign up and verify an email address"),
        (name = "login", description = "Log in by SMS code or password; returns a session token"),
        (name = "sessions", description = "Who is logged in; log out; list and revoke sessions"),
        (name = "password", description = "Forgotten passwords: reset by emailed link"),
        (name = "account", description = "The logged-in user: profile, email, phone, password"),
        (name = "openid", description = "OpenID Connect provider: discovery, keys, tokens, userinfo, revocation, introspection. Errors here use OAuth's shape: `{\"error\", \"error_description\"}`"),
        (name = "admin", description = "For users with the `admin` role: users, roles, disabling, sessions, the security log"),
        (name = "operations", description = "Health checks and this document"),
    )
)]
struct ApiDoc;

/// The API routes, `/healthz`, `/readyz` and `/api/openapi.json`, with JSON 404/405 answers.
pub fn router() -> Router<AppState> {
    let (router, document) = routes_and_document();
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
    routes_and_document().1
}

fn routes_and_document() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut document) = documented_routes().split_for_parts();
    document_same_origin_rule(&mut document);
    document_database_outage(&mut document);
    (router, document)
}

/// A response in the API's error shape (`ErrorBody`).
fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// Every API operation reads or writes the database, so each may answer `503 unavailable` while
/// it does not answer (down, restarting, failing over): documented here once. An operation
/// that already has a 503 gets the case added to its description.
fn document_database_outage(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    const WHY: &str = "`unavailable`: the database does not answer; try again (`Retry-After: 1`)";
    let unavailable = error_response(WHY);
    for (path, item) in document.paths.paths.iter_mut() {
        if !path.starts_with("/api/") {
            continue;
        }
        for operation in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            match operation.responses.responses.get_mut("503") {
                Some(RefOr::T(existing)) => {
                    existing.description = format!("{}; or {WHY}", existing.description);
                }
                Some(RefOr::Ref(_)) => {}
                None => {
                    operation
                        .responses
                        .responses
                        .insert("503".to_owned(), unavailable.clone().into());
                }
            }
        }
    }
}

/// Any state-changing request may meet the same-origin rule (see `security`): documented here
/// once for every such operation rather than on each handler.
fn document_same_origin_rule(document: &mut utoipa::openapi::OpenApi) {
    let forbidden =
        error_response("`forbidden`: the session cookie came with a request from another origin");
    for item in document.paths.paths.values_mut() {
        for operation in [
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            operation
                .responses
                .responses
                .entry("403".to_owned())
                .or_insert_with(|| forbidden.clone().into());
        }
    }
}

/// Each handler is routed and documented by the same `routes!` entry, so the document cannot
/// miss a route.
fn documented_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(register::register))
        .routes(routes!(email::verify_email))
        .routes(routes!(email::resend_verification))
        .routes(routes!(login::request_login_code))
        .routes(routes!(login::verify_login_code))
        .routes(routes!(login::log_in_with_password))
        .routes(routes!(login::log_in_with_second_factor))
        .routes(routes!(email_login::request_email_code))
        .routes(routes!(email_login::verify_email_code))
        .routes(routes!(identities::providers))
        .routes(routes!(identities::list))
        .routes(routes!(identities::connect, identities::disconnect))
        .routes(routes!(sessions::current_session, sessions::log_out))
        .routes(routes!(sessions::list_sessions))
        .routes(routes!(sessions::revoke_session))
        .routes(routes!(password::forgot_password))
        .routes(routes!(password::reset_password))
        .routes(routes!(me::me, me::update_me))
        .routes(routes!(me::confirm_email))
        .routes(routes!(me::verify_phone))
        .routes(routes!(me::confirm_phone))
        .routes(routes!(me::change_password))
        .routes(routes!(me::apps))
        .routes(routes!(me::disconnect_app))
        .routes(routes!(
            factors::totp_status,
            factors::begin_totp,
            factors::disable_totp
        ))
        .routes(routes!(factors::confirm_totp))
        .routes(routes!(factors::regenerate_recovery_codes))
        .routes(routes!(factors::step_up))
        .routes(routes!(confirm::passkey_start))
        .routes(routes!(confirm::passkey_finish))
        .routes(routes!(passkeys::register_start))
        .routes(routes!(passkeys::register_finish))
        .routes(routes!(passkeys::list))
        .routes(routes!(passkeys::rename, passkeys::remove))
        .routes(routes!(passkeys::login_start))
        .routes(routes!(passkeys::login_finish))
        .routes(routes!(admin::list_users))
        .routes(routes!(admin::get_user))
        .routes(routes!(admin::actions::set_roles))
        .routes(routes!(admin::actions::disable_user))
        .routes(routes!(admin::actions::enable_user))
        .routes(routes!(admin::actions::end_sessions))
        .routes(routes!(admin::actions::resend_verification))
        .routes(routes!(admin::audit))
        .routes(routes!(clients::list_clients, clients::add_client))
        .routes(routes!(clients::remove_client))
        .routes(routes!(branding::get_branding, branding::put_branding))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .merge(openid_routes())
}

/// The endpoints apps call from their back ends, or from a browser on their own origin: any
/// origin may call them without credentials (CORS), since none reads a cookie.
fn openid_routes() -> OpenApiRouter<AppState> {
    use axum::http::{Method, header};
    use tower_http::cors::{Any, CorsLayer};
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    OpenApiRouter::new()
        .routes(routes!(discovery::discovery))
        .routes(routes!(discovery::jwks))
        .routes(routes!(oauth::token))
        .routes(routes!(oauth::userinfo_get, oauth::userinfo_post))
        .routes(routes!(oauth::revoke))
        .routes(routes!(oauth::introspect))
        .layer(cors)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
