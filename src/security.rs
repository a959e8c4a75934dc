//! HTTP hardening applied to every route: security headers and the Content-Security-Policy,
//! cache rules, and the same-origin rule for cookie-authenticated writes (CSRF).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;
use crate::sessions::COOKIE_NAME;
use crate::state::AppState;

/// Headers every response carries unless a handler set its own (pages set a CSP with a nonce).
pub fn default_headers() -> [(HeaderName, HeaderValue); 3] {
    [
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        // Not a page: nothing to load, nothing may frame it.
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        ),
    ]
}

/// The policy of a hosted page. Scripts only from Latch itself or carrying this response's
/// nonce (the hydration bootstrap and streamed chunks); WASM compilation allowed; forms may
/// post to Latch and, through its redirect, to the apps allowed as `return_to`.
pub fn page_policy(nonce: &str, return_origins: &[String]) -> String {
    let mut form_action = String::from("'self'");
    for origin in return_origins {
        form_action.push(' ');
        form_action.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action {form_action}; frame-ancestors 'none'"
    )
}

/// Pages and API answers may show personal data: no cache keeps them. Content-hashed assets
/// are cached for a year (a new build has new names); other static files are revalidated.
/// The reset page's URL holds a token: no other site may see it in a `Referer`.
pub async fn cache_policy(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let is_asset = path.starts_with("/pkg/") || path == "/favicon.svg";
    let is_hashed = crate::assets::is_hashed_name(path);
    let carries_token = request.uri().path() == "/reset-password";
    let mut response = next.run(request).await;
    if carries_token {
        response.headers_mut().insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    let policy = if is_hashed {
        "public, max-age=31536000, immutable"
    } else if is_asset {
        "no-cache"
    } else {
        "no-store"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

/// CSRF: a state-changing request that carries the session cookie must come from Latch's own
/// origin (`Origin`, else `Referer`). Bearer requests are exempt: another site cannot make a
/// browser attach an `Authorization` header.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let headers = request.headers();
    if safe || headers.contains_key(header::AUTHORIZATION) || !carries_session_cookie(headers) {
        return next.run(request).await;
    }
    let own = state.config.public_url.origin().ascii_serialization();
    if request_origin(headers).as_deref() == Some(own.as_str()) {
        next.run(request).await
    } else {
        ApiError::Forbidden("cross-origin requests with the session cookie are refused".into())
            .into_response()
    }
}

fn carries_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().starts_with(&format!("{COOKIE_NAME}=")))
}

/// The origin a browser says the request comes from: `Origin`, or the origin of `Referer`.
fn request_origin(headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin.to_str().ok().map(str::to_owned);
    }
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    Some(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_no_inline_script_without_the_nonce() {
        let policy = page_policy("abc123", &["https://app.example.com".into()]);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("form-action 'self' https://app.example.com;"));
    }

    #[test]
    fn origins_come_from_origin_then_referer() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_origin(&headers), None);
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://auth.example.com/login?x=1"),
        );
        assert_eq!(
            request_origin(&headers).as_deref(),
            Some("https://auth.example.com")
        );
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert_eq!(
            request_origin(&headers).as_deref(),
            Some("https://evil.example")
        );
    }

    #[test]
    fn only_the_session_cookie_counts() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; other_latch_session=1"),
        );
        assert!(!carries_session_cookie(&headers));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; latch_session=abc"),
        );
        assert!(carries_session_cookie(&headers));
    }
}
