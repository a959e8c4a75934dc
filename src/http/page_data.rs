//! The middleware that loads what a page shows about the visitor ([`PageData`]) before the
//! page renders.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::present;
use super::sessions;
use crate::auth::sessions::Freshness;
use crate::model::AdminView;
use crate::model::{Access, AccountPart, AdminPage, Load, Page};
use crate::page_data::{PageData, WaitingIdentity};
use crate::state::AppState;

/// The session key under which the admin page's form leaves a new app's secret for the page
/// that follows it.
pub const CREATED_CLIENT: &str = "created_client";

/// Loads [`PageData`] for a page request, as the page's line in the table says: who may see
/// it (a visitor without a session is sent to log in before any of the page is), and what it
/// shows. A path of no page gets the visitor alone, for the not-found page.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Files (the bundle, the favicon) show no one's data; loading the session for them would
    // cost a read per file and could put a session cookie on a publicly cached answer.
    if crate::assets::is_file_path(request.uri().path()) {
        return next.run(request).await;
    }
    // Every page carries the brand: its name in the title and header, its links in the footer.
    let brand = state.auth.brand().await;
    request.extensions_mut().insert(brand);
    let current = sessions::current(request.extensions());
    let path = request.uri().path().to_owned();
    let Some((page, param)) = Page::find(state.pages, &path) else {
        return visitor(&state, current, Load::Visitor, request, next).await;
    };
    let param = param.map(str::to_owned);
    match (page.access, &current) {
        (Access::SignedIn | Access::FreshLogin, None) => return found("/login"),
        (Access::Admin, None) => return found(&login_and_back(request.uri())),
        (Access::FreshLogin, Some(current)) => {
            let freshness = Freshness {
                authenticated_at: current.session.authenticated_at,
                second_factor_at: current.session.second_factor_at,
            };
            match state.auth.is_fresh(current.user.id, freshness).await {
                Ok(true) => {}
                Ok(false) => return found(&confirm_and_back(&path)),
                Err(e) => return unavailable(&e),
            }
        }
        _ => {}
    }
    let reading = matches!(*request.method(), Method::GET | Method::HEAD);
    match (page.load, current) {
        (Load::Account(part), Some(current)) => {
            account_page(&state, current, part, request, next).await
        }
        (Load::Admin(which), Some(current)) => {
            admin_page(&state, current, which, param.as_deref(), request, next).await
        }
        (Load::OAuth(which), current) if reading => {
            super::oauth::page(&state, current, which, request, next).await
        }
        (Load::EmailLogin, current) => visitor(&state, current, page.load, request, next).await,
        (Load::Waiting, current) => visitor(&state, current, page.load, request, next).await,
        (_, current) => visitor(&state, current, Load::Visitor, request, next).await,
    }
}

fn found(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

/// "Confirm it's you", then back to the page at `path`.
fn confirm_and_back(path: &str) -> String {
    let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    format!("/account/confirm?return_to={back}")
}

fn unavailable(e: &crate::auth::Error) -> Response {
    tracing::error!(error = %e, "loading a page failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Latch cannot show this page right now. Please try again.",
    )
        .into_response()
}

/// `/login?return_to=` this page, query included.
fn login_and_back(uri: &axum::http::Uri) -> String {
    let here = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let back: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    format!("/login?return_to={back}")
}

/// A page that shows who is logged in and the providers one may log in with; for
/// `Load::EmailLogin`, the address of the email login this browser asked for (a link opened in
/// any other browser finds none); for `Load::Waiting`, the identity from another provider
/// waiting in this browser.
async fn visitor(
    state: &AppState,
    current: Option<sessions::Current>,
    load: Load,
    mut request: Request,
    next: Next,
) -> Response {
    // A login on its way back to an app: the forms' redirects end at the app's origin.
    let mut form_origins = Vec::new();
    if let Some(query) = request.uri().query()
        && query.contains("return_to=%2Foauth2%2Fauthorize")
        && let Some(origin) = super::oauth::return_origin(state, query).await
    {
        form_origins.push(origin);
    }
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    let email_login = match &session {
        Some(session) if load == Load::EmailLogin => {
            sessions::kept_email_login(session).await.map(|l| l.email)
        }
        _ => None,
    };
    let waiting = match &session {
        Some(session) if load == Load::Waiting => sessions::pending_identity(session)
            .await
            .filter(|w| w.expires_at > state.auth.clock().now().timestamp())
            .map(|w| WaitingIdentity {
                provider: state
                    .auth
                    .providers()
                    .into_iter()
                    .find(|(id, _)| *id == w.provider)
                    .map_or(w.provider, |(_, name)| name),
                code_sent: w.proof.is_some(),
                email: w.email,
                email_verified: w.email_verified,
                first_name: w.first_name.unwrap_or_default(),
                last_name: w.last_name.unwrap_or_default(),
            }),
        _ => None,
    };
    request.extensions_mut().insert(PageData {
        user: current.map(|c| c.user.into()),
        email_login,
        form_origins,
        providers: state.auth.providers(),
        waiting,
        ..PageData::default()
    });
    next.run(request).await
}

/// The part of the account a page shows; the security part with the recovery codes the form
/// just before it made.
async fn account_page(
    state: &AppState,
    current: sessions::Current,
    part: AccountPart,
    mut request: Request,
    next: Next,
) -> Response {
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    let new_codes = match &session {
        Some(session) if part == AccountPart::Security => {
            sessions::take_recovery_codes(session).await
        }
        _ => Vec::new(),
    };
    match present::account_overview(&state.auth, current, part, new_codes).await {
        Ok(account) => {
            request.extensions_mut().insert(PageData {
                user: Some(account.user.clone()),
                account: Some(account),
                ..PageData::default()
            });
            next.run(request).await
        }
        Err(e) => {
            tracing::error!(error = %e, "loading the account page failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Latch cannot show your account right now. Please try again.",
            )
                .into_response()
        }
    }
}

/// An admin page: anyone without the `admin` role gets the page's 403; a user id nobody has,
/// its 404.
async fn admin_page(
    state: &AppState,
    current: sessions::Current,
    which: AdminPage,
    param: Option<&str>,
    mut request: Request,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default().to_owned();
    let view = match present::admin_view(&state.auth, &current, which, param, &query).await {
        Ok(AdminView::Clients {
            clients,
            fresh,
            created: _,
        }) => {
            // The secret of an app registered by the form just now: shown on this one view.
            let session = request
                .extensions()
                .get::<tower_sessions::Session>()
                .cloned();
            let created = match session {
                Some(session) => session
                    .remove::<crate::model::CreatedClient>(CREATED_CLIENT)
                    .await
                    .ok()
                    .flatten(),
                None => None,
            };
            AdminView::Clients {
                clients,
                fresh,
                created,
            }
        }
        Ok(view) => view,
        Err(e) => return unavailable(&e),
    };
    let status = match view {
        AdminView::Forbidden => Some(StatusCode::FORBIDDEN),
        AdminView::NotFound => Some(StatusCode::NOT_FOUND),
        AdminView::Invalid(_) => Some(StatusCode::UNPROCESSABLE_ENTITY),
        _ => None,
    };
    request.extensions_mut().insert(PageData {
        user: Some(current.user.into()),
        admin: Some(view),
        ..PageData::default()
    });
    let mut response = next.run(request).await;
    if let Some(status) = status {
        *response.status_mut() = status;
    }
    response
}
