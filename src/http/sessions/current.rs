//! Who is logged in on a request: read once, by the middleware, and kept as an extension.

use std::cell::Cell;

use axum::extract::{Request, State};
use axum::http::Extensions;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::keys;
use super::store::{PRELOADED, record};
use crate::auth::sessions::{ActiveSession, token_hash};
use crate::auth::{self, User};
use crate::http::error::ApiError;
use crate::state::AppState;

/// The logged-in session behind this request's cookie and its user, read once per request by
/// [`load_current`] and kept as a request extension.
#[derive(Clone, Debug)]
pub struct Current {
    pub session: ActiveSession,
    pub user: User,
}

/// Middleware, inside the session layer: reads the cookie's session and its user in one query,
/// puts a [`Current`] in the request's extensions when someone is logged in, and gives the
/// session data to tower-sessions. Files (the bundle, the favicon) show no one's data and skip
/// it.
pub async fn load_current(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if crate::assets::is_file_path(request.uri().path()) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let Some(id) = session.id() else {
        return next.run(request).await;
    };
    match state.auth.load_session(&token_hash(&id.to_string())).await {
        Ok(loaded) => {
            let record = loaded.as_ref().map(|(s, data)| record(id, s, data));
            // Reading a value loads the record (`is_empty` would not), inside the scope, so the
            // store takes this one instead of querying; a dead cookie is then found empty and
            // removed on the way out.
            let _ = PRELOADED
                .scope(
                    Cell::new(Some((id, record))),
                    session.get_value(keys::USER_ID),
                )
                .await;
            if let Some((active, _)) = loaded
                && let Some(user) = active.user.clone()
            {
                request.extensions_mut().insert(Current {
                    session: active,
                    user,
                });
            }
        }
        // Without the database nobody can be known: answering as if logged out would send
        // people to log in again, and tower-sessions would answer 500.
        Err(auth::Error::Unavailable) => {
            return if request.uri().path().starts_with("/api/") {
                ApiError::Unavailable.into_response()
            } else {
                database_down_page()
            };
        }
        // The page or call goes on as if nobody were logged in; tower-sessions will try again
        // and answer for itself.
        Err(e) => tracing::warn!(error = %e, "loading the session failed"),
    }
    next.run(request).await
}

/// The page for a browser while the database does not answer: plain, self-contained, and
/// never cached.
fn database_down_page() -> Response {
    use axum::http::{StatusCode, header};
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "1"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "<!doctype html><meta charset=utf-8><title>Latch is unavailable</title>\
         <p>We cannot reach our database right now. Please try again in a moment.</p>",
    )
        .into_response()
}

/// The logged-in session and user of a request, from its extensions.
pub fn current(extensions: &Extensions) -> Option<Current> {
    extensions.get::<Current>().cloned()
}
