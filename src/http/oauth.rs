//! The browser side of OpenID Connect: `/oauth2/authorize` (sent to log in, asked for consent,
//! or sent back to the app with a code) and `/oauth2/logout` (RP-initiated logout). The rules
//! are `auth::oidc`'s; this turns their outcomes into redirects and page data.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::sessions::{self, Current};
use crate::auth::oidc::authorize::Decision;
use crate::auth::oidc::{AuthorizeOutcome, AuthorizeParams};
use crate::model::OAuthPage;
use crate::model::OAuthView;
use crate::page_data::PageData;
use crate::state::AppState;

fn redirect(status: StatusCode, to: &str) -> Response {
    (status, [(header::LOCATION, to.to_owned())]).into_response()
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "an OpenID Connect page failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Latch cannot answer this sign-in right now. Please try again.",
    )
        .into_response()
}

fn login_page(return_to: &str, login_hint: Option<&str>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("return_to", return_to);
    if let Some(hint) = login_hint {
        query.append_pair("login_hint", hint);
    }
    format!("/login?{}", query.finish())
}

/// What an outcome becomes: a redirect (`status` 302 after a GET, 303 after a form), or the
/// page's data.
fn outcome_response(
    outcome: AuthorizeOutcome,
    status: StatusCode,
) -> Result<Response, (OAuthView, Vec<String>)> {
    match outcome {
        AuthorizeOutcome::Redirect(to) => Ok(redirect(status, &to)),
        AuthorizeOutcome::Login {
            return_to,
            login_hint,
        } => Ok(redirect(
            status,
            &login_page(&return_to, login_hint.as_deref()),
        )),
        AuthorizeOutcome::Invalid(message) => Err((OAuthView::Invalid(message), Vec::new())),
        AuthorizeOutcome::Consent(request) => Err((
            OAuthView::Consent {
                client_name: request.client_name,
                scopes: request.scopes.iter().map(|s| s.message_id()).collect(),
                fields: request.params,
            },
            vec![request.redirect_origin],
        )),
    }
}

/// `GET /oauth2/authorize` and `GET /oauth2/logout`, from the page-data middleware: either a
/// redirect, or the page rendered with what it shows.
pub async fn page(
    state: &AppState,
    current: Option<Current>,
    which: OAuthPage,
    request: Request,
    next: Next,
) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let view = if which == OAuthPage::Authorize {
        let params = match AuthorizeParams::parse(&query) {
            Ok(params) => params,
            Err(why) => {
                return render(request, next, current, OAuthView::Invalid(why), vec![]).await;
            }
        };
        let login = current.as_ref().and_then(sessions::login_facts);
        match state.auth.authorize(&params, login.as_ref(), None).await {
            Err(e) => return unavailable(e),
            Ok(outcome) => match outcome_response(outcome, StatusCode::FOUND) {
                Ok(response) => return response,
                Err(view) => view,
            },
        }
    } else {
        match logout(state, current.as_ref(), session.as_ref(), &query, false).await {
            Ok(LogoutStep::Done(Some(to))) => return redirect(StatusCode::FOUND, &to),
            Ok(LogoutStep::Done(None)) => (OAuthView::LoggedOut, vec![]),
            Ok(LogoutStep::Ask(view)) => (view, vec![]),
            Err(e) => return unavailable(e),
        }
    };
    render(request, next, current, view.0, view.1).await
}

async fn render(
    mut request: Request,
    next: Next,
    current: Option<Current>,
    view: OAuthView,
    form_origins: Vec<String>,
) -> Response {
    let invalid = matches!(view, OAuthView::Invalid(_));
    request.extensions_mut().insert(PageData {
        user: current.map(|c| c.user.into()),
        oauth: Some(view),
        form_origins,
        ..PageData::default()
    });
    let mut response = next.run(request).await;
    if invalid {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}

/// `POST /oauth2/authorize`: the consent page's Allow or Deny.
pub async fn decide(State(state): State<AppState>, request: Request) -> Response {
    let current = sessions::current(request.extensions());
    let body = match axum::body::to_bytes(request.into_body(), super::BODY_LIMIT).await {
        Ok(body) => body,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response(),
    };
    let params = match AuthorizeParams::parse(&String::from_utf8_lossy(&body)) {
        Ok(params) => params,
        Err(why) => return (StatusCode::BAD_REQUEST, why).into_response(),
    };
    let decision = match params.get("decision") {
        Some("allow") => Decision::Allow,
        Some("deny") => Decision::Deny,
        _ => return (StatusCode::BAD_REQUEST, "Choose Allow or Deny.").into_response(),
    };
    let login = current.as_ref().and_then(sessions::login_facts);
    match state
        .auth
        .authorize(&params, login.as_ref(), Some(decision))
        .await
    {
        Err(e) => unavailable(e),
        Ok(outcome) => match outcome_response(outcome, StatusCode::SEE_OTHER) {
            Ok(response) => response,
            Err((OAuthView::Invalid(why), _)) => (StatusCode::BAD_REQUEST, why).into_response(),
            Err(_) => (StatusCode::BAD_REQUEST, "Choose Allow or Deny.").into_response(),
        },
    }
}

enum LogoutStep {
    /// Logged out (or nobody was): back to the app's logout address, or, without one, the
    /// "You are logged out" page.
    Done(Option<String>),
    Ask(OAuthView),
}

/// RP-initiated logout, by the rules of `auth::oidc::logout`: logged out at once when the
/// request is trusted for the person logged in here, else asked (a GET: any site could link
/// here), and the page's POST (same-origin only) does it.
async fn logout(
    state: &AppState,
    current: Option<&Current>,
    session: Option<&Session>,
    encoded: &str,
    confirmed: bool,
) -> Result<LogoutStep, String> {
    let params = match AuthorizeParams::parse(encoded) {
        Ok(params) => params,
        Err(why) => return Ok(LogoutStep::Ask(OAuthView::Invalid(why))),
    };
    let request = state
        .auth
        .logout_request(&params)
        .await
        .map_err(|e| e.description)?;
    let Some(current) = current else {
        return Ok(LogoutStep::Done(request.target));
    };
    if !(confirmed || request.trusted_for(current.user.id)) {
        return Ok(LogoutStep::Ask(OAuthView::Logout {
            client_name: request.client.map(|c| c.name),
            fields: params.pairs_without(&[]),
        }));
    }
    if let Some(session) = session {
        sessions::log_out(&state.auth, session, current.session.public_id)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(LogoutStep::Done(request.target))
}

/// `POST /oauth2/logout`: the logout page's button.
pub async fn confirm_logout(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let current = sessions::current(request.extensions());
    let body: Bytes = match axum::body::to_bytes(request.into_body(), super::BODY_LIMIT).await {
        Ok(body) => body,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response(),
    };
    let encoded = String::from_utf8_lossy(&body);
    match logout(&state, current.as_ref(), Some(&session), &encoded, true).await {
        Ok(LogoutStep::Done(Some(to))) => redirect(StatusCode::SEE_OTHER, &to),
        // Nobody is logged in now: the page says so.
        Ok(LogoutStep::Done(None)) => redirect(StatusCode::SEE_OTHER, "/oauth2/logout"),
        Ok(LogoutStep::Ask(OAuthView::Invalid(why))) => {
            (StatusCode::BAD_REQUEST, why).into_response()
        }
        Ok(LogoutStep::Ask(_)) => redirect(StatusCode::SEE_OTHER, "/oauth2/logout"),
        Err(e) => unavailable(e),
    }
}

/// The origin of the app a page's `return_to` (an authorization request) goes back to, when
/// that request names a registered app and one of its redirect URIs: the page's forms may end
/// up there through redirects, so its `form-action` must allow it.
pub async fn return_origin(state: &AppState, query: &str) -> Option<String> {
    let return_to = url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "return_to")
        .map(|(_, value)| value.into_owned())?;
    let request = return_to.strip_prefix("/oauth2/authorize?")?;
    let params = AuthorizeParams::parse(request).ok()?;
    let client = state.auth.client(params.get("client_id")?).await.ok()??;
    client
        .registered_redirect(params.get("redirect_uri")?)
        .map(|uri| uri.origin())
}
