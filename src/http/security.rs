//! HTTP hardening applied to every route: security headers and the Content-Security-Policy,
//! cache rules, and the same-origin rule for writes (CSRF): every server-function call, and
//! every cookie-authenticated API write.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::sessions::cookie_name;
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
    let is_asset = path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/passkeys.js";
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

/// CSRF. Writes must come from Latch's own origin:
///
/// - every non-GET request outside `/api/` (the `/fn/*` server functions behind the pages),
///   with or without a session cookie: a cross-site form post to `/fn/log_in_with_password`
///   without a cookie would otherwise log the visitor into the attacker's account (login CSRF),
///   and an `Authorization` header buys no exemption there, as server functions act on the
///   cookie session;
/// - `/api/` writes that carry the session cookie. Bearer requests are exempt: another site
///   cannot make a browser attach an `Authorization` header (not without CORS, which Latch
///   does not grant), and the API's extractors then use the bearer token, not the cookie.
///   Cookie-less API writes need no check: their JSON bodies cannot be sent by a plain
///   cross-site form, and they act on no one's session. The OAuth endpoints apps call
///   (`/oauth2/token`, `revoke`, `introspect`, `userinfo`) read no cookie at all and are exempt.
/// - Providers' callbacks (`/auth/{provider}/callback`): Apple posts them from its origin.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    // Only the methods a route can write with need the rule; any other (TRACE, a made-up one)
    // reaches routing and is answered 405, and no browser sends those across origins anyway.
    let safe = !matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    let headers = request.headers();
    // The health checks, discovery and the JWKS are served by the API router and answer JSON
    // like it (a write to them is a JSON 405).
    let path = request.uri().path();
    let api = path.starts_with("/api/")
        || matches!(
            path,
            "/healthz" | "/readyz" | "/.well-known/openid-configuration" | "/oauth2/jwks"
        );
    let cookie = cookie_name(state.config.is_https());
    let exempt = api
        && (headers.contains_key(header::AUTHORIZATION)
            || !carries_session_cookie(headers, cookie));
    // The OAuth endpoints apps call read no cookie, only the app's credentials or a token in
    // the request: a cross-site post to them can act on no one's session.
    let cookieless = matches!(
        path,
        "/oauth2/token" | "/oauth2/revoke" | "/oauth2/introspect" | "/oauth2/userinfo"
    );
    // A provider's form POST back (Apple's `form_post`) comes from the provider's origin by
    // design; the trip's single-use `state`, bound to this browser's trip cookie, is what
    // makes it this browser's own.
    let callback = path.starts_with("/auth/") && path.ends_with("/callback");
    if safe || exempt || cookieless || callback {
        return next.run(request).await;
    }
    let own = state.config.public_url.origin().ascii_serialization();
    if from_origin(headers, &own) {
        next.run(request).await
    } else {
        ApiError::Forbidden("cross-origin writes are refused".into()).into_response()
    }
}

/// Whether the browser says this request comes from `own` (an origin, `scheme://host:port`).
///
/// `Sec-Fetch-Site` is set by the browser and no page can change it, so when present it must
/// be `same-origin` (`same-site` is a sibling subdomain: another origin). Then `Origin` must be
/// `own`, or else the origin of `Referer`. One exception: a form posted from a page with
/// `Referrer-Policy: no-referrer` (the reset page, to keep its token private) carries
/// `Origin: null` and no `Referer`; `Sec-Fetch-Site: same-origin` vouches for it. Without
/// `Sec-Fetch-Site` (older browsers, scripts), `null` or no origin at all is refused.
fn from_origin(headers: &HeaderMap, own: &str) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .map(|v| v.to_str().unwrap_or_default());
    match (fetch_site, request_origin(headers).as_deref()) {
        (Some(site), _) if site != "same-origin" => false,
        (Some(_), None | Some("null")) => true,
        (_, origin) => origin == Some(own),
    }
}

fn carries_session_cookie(headers: &HeaderMap, name: &str) -> bool {
    let prefix = format!("{name}=");
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().starts_with(&prefix))
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
        assert!(!carries_session_cookie(&headers, cookie_name(false)));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; latch_session=abc"),
        );
        assert!(carries_session_cookie(&headers, cookie_name(false)));
        // On https only the `__Host-` cookie is the session; the plain name is not read there.
        assert!(!carries_session_cookie(&headers, cookie_name(true)));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; __Host-latch_session=abc"),
        );
        assert!(carries_session_cookie(&headers, cookie_name(true)));
        assert!(!carries_session_cookie(&headers, cookie_name(false)));
    }

    #[test]
    fn writes_need_a_same_origin_signal() {
        let own = "https://auth.example.com";
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(*name, HeaderValue::from_static(value));
            }
            from_origin(&headers, own)
        };
        assert!(!with(&[]), "no signal at all");
        assert!(with(&[("origin", own)]));
        assert!(with(&[("referer", "https://auth.example.com/login")]));
        assert!(with(&[("sec-fetch-site", "same-origin")]));
        assert!(
            with(&[("sec-fetch-site", "same-origin"), ("origin", "null")]),
            "a form on a no-referrer page"
        );
        assert!(!with(&[("origin", "null")]));
        assert!(!with(&[("origin", "https://evil.example")]));
        assert!(!with(&[("sec-fetch-site", "cross-site")]));
        assert!(!with(&[("sec-fetch-site", "same-site")]));
        assert!(!with(&[("sec-fetch-site", "none")]));
        assert!(
            !with(&[("sec-fetch-site", "cross-site"), ("origin", own)]),
            "the browser's own word wins"
        );
        assert!(!with(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://evil.example")
        ]));
    }
}
