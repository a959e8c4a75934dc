//! What a page shows about the visitor (who is logged in; the account overview), loaded by a
//! middleware before the page renders and handed to the browser with the page.
//!
//! Pages read it synchronously instead of through a `Resource` inside `<Suspense>`: with
//! several tokio runtimes rendering in one process (every integration test has its own), Leptos
//! 0.8's streaming renderer now and then never resolved such a `<Suspense>` and left the response
//! open after its first bytes. A page with no `<Suspense>` cannot stall that way.

use leptos::prelude::*;

use crate::model::{AccountView, UserView};

/// Loaded once per page request, kept in the request's extensions.
#[derive(Clone, Debug, Default)]
pub struct PageData {
    pub user: Option<UserView>,
    pub account: Option<AccountView>,
}

/// The logged-in user, as the server saw them when it rendered the page; the browser receives
/// the same value with the page, so hydration matches.
pub fn initial_user() -> Option<UserView> {
    SharedValue::new(|| preloaded().and_then(|data| data.user)).into_inner()
}

/// The account overview the server rendered `/account` with (see [`initial_user`]).
pub fn initial_account() -> Option<AccountView> {
    SharedValue::new(|| preloaded().and_then(|data| data.account)).into_inner()
}

#[cfg(feature = "ssr")]
fn preloaded() -> Option<PageData> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageData>().cloned())
}

/// In the browser the values come from the page; this is reached only if they are missing.
#[cfg(not(feature = "ssr"))]
fn preloaded() -> Option<PageData> {
    None
}

#[cfg(feature = "ssr")]
pub use middleware::load;

#[cfg(feature = "ssr")]
mod middleware {
    use axum::extract::{Request, State};
    use axum::http::{StatusCode, header};
    use axum::middleware::Next;
    use axum::response::{IntoResponse, Response};
    use tower_sessions::Session;

    use super::PageData;
    use crate::state::AppState;

    /// Loads [`PageData`] for a page request. `/account` without a session is a plain 302 to
    /// `/login`, sent before any of the page is.
    pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
        // Files (the bundle, the favicon) show no one's data; loading the session for them would
        // cost a read per file and could put a session cookie on a publicly cached answer.
        if crate::assets::is_file_path(request.uri().path()) {
            return next.run(request).await;
        }
        let Some(session) = request.extensions().get::<Session>().cloned() else {
            return next.run(request).await;
        };
        // The router also matches `/account/`, which reaches here through the fallback.
        let data = if request.uri().path().trim_end_matches('/') == "/account" {
            match super::super::account::overview(&state, &session).await {
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
            match crate::sessions::current(&session).await {
                Ok(current) => PageData {
                    user: current.map(|(_, user)| user.into()),
                    account: None,
                },
                Err(e) => {
                    // The page is still useful without the header's name.
                    tracing::warn!(error = %e, "loading the session for a page failed");
                    PageData::default()
                }
            }
        };
        request.extensions_mut().insert(data);
        next.run(request).await
    }
}
