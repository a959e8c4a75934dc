//! What every request handler can reach: the domain services, the settings, and whether the
//! background work is running.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::auth::Auth;
use crate::config::Config;
use crate::shutdown::Shutdown;
// Re-exported: handlers reach the worker's health through the state.
pub use crate::task_health::TaskHealth;

/// Cloned by every middleware layer on every request, so one reference count instead of a copy
/// of each part (the profile of the session check found the copies at 7 % of its time).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub leptos: LeptosOptions,
    pub auth: Auth,
    pub config: Arc<Config>,
    /// The outbox worker's liveness, for `/readyz`.
    pub outbox: TaskHealth,
    /// Whether this instance is shutting down, for `/readyz`.
    pub shutdown: Shutdown,
    /// The hosted pages (`app::pages::PAGES`), for the page-data middleware.
    pub pages: &'static [crate::model::Page],
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
