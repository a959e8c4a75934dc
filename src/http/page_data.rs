//! The middleware that loads what a page shows about the visitor ([`PageData`]) before the
//! page renders.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::present;
use super::sessions;
use crate::page_data::PageData;
use crate::state::AppState;

/// Loads [`PageData`] for a page request. `/account` without a session is a plain 302 to
/// `/login`, sent before any of the page is.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Files (the bundle, the favicon) show no one's data; loading the session for them would
    // cost a read per file and could put a session cookie on a publicly cached answer.
    if crate::assets::is_file_path(request.uri().path()) {
        return next.run(request).await;
    }
    let current = sessions::current(request.extensions());
    // The router also matches `/account/`, which reaches here through the fallback.
    let data = if request.uri().path().trim_end_matches('/') == "/account" {
        match present::account_overview(&state.auth, current).await {
            Ok(Some(account)) => PageData {
                user: Some(account.user.clone()),
                account: Some(account),
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
            account: None,
        }
    };
    request.extensions_mut().insert(data);
    next.run(request).await
}
