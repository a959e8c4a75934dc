//! The language of each request, negotiated once (`i18n::Enabled::negotiate`) and kept in its
//! extensions for the page and its forms' answers; and `POST /locale`, the picker at the foot of
//! every page (a plain form: it works without JavaScript).

use axum::Form;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::cookie;
use crate::i18n::{Locale, RequestLanguage, Sources};
use crate::state::AppState;

/// The picker's cookie: the language chosen in this browser.
pub const COOKIE: &str = "latch_lang";

/// Negotiates the request's language: `?lang=` (or OpenID Connect's `ui_locales`), the picker's
/// cookie, the browser's `Accept-Language`, the operator's default.
pub async fn negotiate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let asked = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "lang" || k == "ui_locales")
        .map(|(_, v)| v.into_owned());
    let user = super::sessions::current(request.extensions()).and_then(|c| c.user.locale);
    let headers = request.headers();
    let sources = Sources {
        asked: asked.as_deref(),
        cookie: cookie(headers, COOKIE),
        user: user.as_deref(),
        accept_language: headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    };
    let enabled = &state.config.locales;
    let locale = enabled.negotiate(&sources);
    request.extensions_mut().insert(RequestLanguage {
        locale,
        choices: enabled.locales.clone(),
    });
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(HeaderValue::from_static(locale.tag()));
    response
}

#[derive(Deserialize)]
pub struct Pick {
    #[serde(default)]
    locale: String,
    return_to: Option<String>,
}

/// `POST /locale`: remembers the language in this browser for a year, and for a signed-in
/// user on their account too, and goes back to the page the form was on (a path here; anything
/// else goes to `/`).
pub async fn pick(
    State(state): State<AppState>,
    signed_in: Option<axum::Extension<super::sessions::Current>>,
    Form(pick): Form<Pick>,
) -> Response {
    let Some(locale) =
        Locale::parse(&pick.locale).filter(|l| state.config.locales.locales.contains(l))
    else {
        return (
            StatusCode::BAD_REQUEST,
            "That language is not available here.",
        )
            .into_response();
    };
    if let Some(axum::Extension(current)) = signed_in
        && let Err(e) = state.auth.set_locale(current.user.id, locale.tag()).await
    {
        tracing::warn!(error = %e, "saving the chosen language failed");
    }
    let back = pick
        .return_to
        .filter(|p| is_local_path(p))
        .unwrap_or_else(|| "/".to_owned());
    let secure = if state.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.tag()
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, back), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// A path on this origin: `/account`, not `//evil.example`, `/\evil.example` or a URL.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_paths_here_are_gone_back_to() {
        for ok in [
            "/",
            "/account",
            "/login?return_to=%2Faccount",
            "/admin/users/1",
        ] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "",
            "account",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "javascript:alert(1)",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
