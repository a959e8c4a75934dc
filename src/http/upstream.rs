//! The browser's trips to other identity providers: `GET /auth/{provider}` (a plain link on
//! the login and sign-up pages), `POST /auth/{provider}/connect` (the account page, for a
//! fresh session) and `/auth/{provider}/callback` (GET; POST for Apple's `form_post`). The
//! rules are `auth::upstream`'s; this keeps the trip cookie that binds a trip to the browser
//! that began it, and turns arrivals into sessions and redirects.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::extract::ClientMeta;
use super::sessions::{self, SignedIn};
use crate::auth::upstream::{Arrival, Callback, ProviderKind, Start};
use crate::auth::{self, Outcome, RequestMeta, random_token};
use crate::state::AppState;

/// The cookie a trip is bound to: `__Host-` on https, so no subdomain can plant one.
fn trip_cookie(https: bool) -> &'static str {
    if https {
        "__Host-latch_trip"
    } else {
        "latch_trip"
    }
}

/// The browser's trip cookie, or a new one; Apple's callback is a cross-site POST, so its
/// cookie must be `SameSite=None` (which browsers take only with `Secure`).
pub(crate) fn browser_token(
    state: &AppState,
    headers: &HeaderMap,
    kind: ProviderKind,
) -> Result<(String, HeaderValue), auth::Error> {
    let https = state.config.is_https();
    let name = trip_cookie(https);
    // Only a value Latch could have made is kept; anything else is replaced.
    let value = super::extract::cookie(headers, name)
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(random_token);
    let same_site = if kind == ProviderKind::Apple && https {
        "None"
    } else {
        "Lax"
    };
    let secure = if https { "; Secure" } else { "" };
    let cookie =
        format!("{name}={value}; Path=/; Max-Age=600; HttpOnly; SameSite={same_site}{secure}");
    let cookie = HeaderValue::from_str(&cookie).map_err(auth::Error::internal)?;
    Ok((value, cookie))
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

fn with_query(path: &str, key: &str, value: Option<&str>) -> String {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => {
            let v: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
            format!("{path}?{key}={v}")
        }
        None => path.to_owned(),
    }
}

/// A trip that did not work goes back to the login page, which says so.
fn failed(error: &auth::Error) -> Response {
    let code = super::answers::answer(error).code;
    redirect(&format!("/login?failed={code}"))
}

#[derive(Deserialize)]
pub struct StartQuery {
    return_to: Option<String>,
}

/// `GET /auth/{provider}`: off to the provider. A plain link: it logs nobody in and links
/// nothing by itself; the callback decides.
pub async fn start(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<StartQuery>,
    ClientMeta(meta): ClientMeta,
    headers: HeaderMap,
) -> Response {
    begin(
        &state,
        &provider,
        Start::LogIn,
        query.return_to,
        &headers,
        &meta,
    )
    .await
}

/// `POST /auth/{provider}/connect`: the account page's "Connect", for this signed-in user
/// only, after a fresh login (and second factor, if the account has one). A POST, so no
/// other site can start it in the user's browser.
pub async fn connect(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    ClientMeta(meta): ClientMeta,
    signed_in: Result<SignedIn, super::error::ApiError>,
    headers: HeaderMap,
) -> Response {
    const BACK: &str = "/account/security";
    let Ok(signed_in) = signed_in else {
        return redirect(&with_query("/login", "return_to", Some(BACK)));
    };
    let start = Start::Connect {
        user_id: signed_in.user.id,
        freshness: signed_in.freshness().await,
    };
    begin(
        &state,
        &provider,
        start,
        Some(BACK.to_owned()),
        &headers,
        &meta,
    )
    .await
}

async fn begin(
    state: &AppState,
    provider: &str,
    start: Start,
    return_to: Option<String>,
    headers: &HeaderMap,
    meta: &RequestMeta,
) -> Response {
    let Some(kind) = state.auth.provider_kind(provider) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let return_to = return_to.filter(|r| {
        auth::return_to::safe_return_to(r, &state.config.allowed_return_origins).is_some()
    });
    let (browser, cookie) = match browser_token(state, headers, kind) {
        Ok(token) => token,
        Err(e) => return failed(&e),
    };
    match state
        .auth
        .begin_upstream(provider, start, &browser, return_to, meta)
        .await
    {
        Ok(url) => (
            StatusCode::SEE_OTHER,
            [
                (
                    header::LOCATION,
                    HeaderValue::from_str(url.as_str())
                        .unwrap_or(HeaderValue::from_static("/login")),
                ),
                (header::SET_COOKIE, cookie),
            ],
        )
            .into_response(),
        // Connecting from a stale session: "Confirm it's you", then back.
        Err(auth::Error::ReauthenticationRequired) => redirect(&with_query(
            "/account/confirm",
            "return_to",
            Some("/account/security"),
        )),
        Err(e) => failed(&e),
    }
}

/// What a provider sends the browser back with.
#[derive(Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    /// Apple's first login: the name, once.
    user: Option<String>,
    /// The person declined, or the provider failed (`access_denied`, …).
    error: Option<String>,
}

pub async fn callback_get(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(params): Query<CallbackParams>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    headers: HeaderMap,
) -> Response {
    arrive(&state, &provider, params, &headers, &session, &meta).await
}

pub async fn callback_post(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    ClientMeta(meta): ClientMeta,
    session: Session,
    headers: HeaderMap,
    Form(params): Form<CallbackParams>,
) -> Response {
    arrive(&state, &provider, params, &headers, &session, &meta).await
}

async fn arrive(
    state: &AppState,
    provider: &str,
    params: CallbackParams,
    headers: &HeaderMap,
    session: &Session,
    meta: &RequestMeta,
) -> Response {
    let browser =
        super::extract::cookie(headers, trip_cookie(state.config.is_https())).unwrap_or_default();
    let (Some(code), Some(trip_state), None) = (params.code, params.state, params.error) else {
        return failed(&auth::Error::UpstreamFailed);
    };
    let back = Callback {
        code,
        iss: params.iss,
        user: params.user,
    };
    let arrival = state
        .auth
        .finish_upstream(provider, &trip_state, browser, &back, meta)
        .await;
    match arrival {
        Ok(Arrival::LoggedIn { outcome, return_to }) => {
            logged_in(state, session, outcome, return_to.as_deref(), meta).await
        }
        Ok(Arrival::Linked { return_to }) => {
            let to = return_to.unwrap_or_else(|| "/account/security".to_owned());
            redirect(&with_query(&to, "done", Some("connected")))
        }
        Ok(Arrival::Pending(pending)) => {
            let page = if pending.account.is_some() {
                "/login/connect"
            } else {
                "/signup/complete"
            };
            match sessions::keep_pending_identity(session, &state.auth, &pending).await {
                Ok(()) => redirect(page),
                Err(e) => failed(&e),
            }
        }
        Err(e) => failed(&e),
    }
}

/// As a page login ends: a fresh session and the destination, or the second step.
async fn logged_in(
    state: &AppState,
    session: &Session,
    outcome: Outcome,
    return_to: Option<&str>,
    meta: &RequestMeta,
) -> Response {
    match outcome {
        Outcome::SignedIn { user, proof } => {
            match sessions::start(session, &state.auth, &user, proof, meta).await {
                Ok(_) => redirect(
                    &return_to
                        .and_then(|r| {
                            auth::return_to::safe_return_to(r, &state.config.allowed_return_origins)
                        })
                        .unwrap_or_else(|| "/account".to_owned()),
                ),
                Err(e) => failed(&e),
            }
        }
        Outcome::SecondFactorNeeded(challenge) => {
            match sessions::keep_challenge(session, &state.auth, &challenge.token).await {
                Ok(()) => redirect(&with_query("/login/second-factor", "return_to", return_to)),
                Err(e) => failed(&e),
            }
        }
    }
}
