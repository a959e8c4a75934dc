//! What a page shows about the visitor (who is logged in; the account overview), loaded by a
//! middleware (`http::page_data::load`) before the page renders and handed to the browser with
//! the page.
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
