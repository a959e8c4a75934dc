//! The middleware that loads what a page shows about the visitor ([`PageData`]) before the
//! page renders.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::present;
use super::sessions;
use crate::model::AdminView;
use crate::page_data::PageData;
use crate::state::AppState;

/// The session key under which the admin page's form leaves a new app's secret for the page
/// that follows it.
pub const CREATED_CLIENT: &str = "created_client";

/// Loads [`PageData`] for a page request. `/account` without a session is a plain 302 to
/// `/login`, sent before any of the page is; so is an admin page, with a `return_to` back.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Files (the bundle, the favicon) show no one's data; loading the session for them would
    // cost a read per file and could put a session cookie on a publicly cached answer.
    if crate::assets::is_file_path(request.uri().path()) {
        return next.run(request).await;
    }
    let current = sessions::current(request.extensions());
    let path = request.uri().path().trim_end_matches('/').to_owned();
    if path == "/admin" || path.starts_with("/admin/") {
        return admin_page(&state, current, &path, request, next).await;
    }
    let reading = matches!(*request.method(), Method::GET | Method::HEAD);
    if reading && (path == "/oauth2/authorize" || path == "/oauth2/logout") {
        return super::oauth::page(&state, current, &path, request, next).await;
    }
    // A login on its way back to an app: the forms' redirects end at the app's origin.
    let mut form_origins = Vec::new();
    if let Some(query) = request.uri().query()
        && query.contains("return_to=%2Foauth2%2Fauthorize")
        && let Some(origin) = super::oauth::return_origin(&state, query).await
    {
        form_origins.push(origin);
    }
    // The router also matches `/account/`, which reaches here through the fallback.
    let data = if path == "/account" {
        let session = request
            .extensions()
            .get::<tower_sessions::Session>()
            .cloned();
        let (second_factor_at, new_codes) = match &session {
            Some(session) if current.is_some() => (
                sessions::second_factor_at(session).await,
                sessions::take_recovery_codes(session).await,
            ),
            _ => (None, Vec::new()),
        };
        match present::account_overview(&state.auth, current, second_factor_at, new_codes).await {
            Ok(Some(account)) => PageData {
                user: Some(account.user.clone()),
                account: Some(account),
                ..PageData::default()
            },
            Ok(None) => {
                return (StatusCode::FOUND, [(header::LOCATION, "/login")]).into_response();
            }
            Err(e) => {
                tracing::error!(error = %e, "loading the account page failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Latch cannot show your account right now. Please try again.",
                )
                    .into_response();
            }
        }
    } else {
        PageData {
            user: current.map(|c| c.user.into()),
            form_origins,
            ..PageData::default()
        }
    };
    request.extensions_mut().insert(data);
    next.run(request).await
}

/// An admin page: a visitor is sent to log in and come back here; anyone without the `admin`
/// role gets the page's 403; a user id nobody has, its 404.
async fn admin_page(
    state: &AppState,
    current: Option<sessions::Current>,
    path: &str,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(current) = current else {
        let here = match request.uri().query() {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let back: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
        let login = format!("/login?return_to={back}");
        return (StatusCode::FOUND, [(header::LOCATION, login)]).into_response();
    };
    let query = request.uri().query().unwrap_or_default().to_owned();
    let view = match present::admin_view(&state.auth, &current, path, &query).await {
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
        Err(e) => {
            tracing::error!(error = %e, "loading an admin page failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Latch cannot show this page right now. Please try again.",
            )
                .into_response();
        }
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
