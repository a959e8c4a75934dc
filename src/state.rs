//! What every request handler can reach: the domain services, the settings, and whether the
//! background work is running.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::auth::Auth;
use crate::config::Config;
// Re-exported: handlers reach the worker's health through the state.
pub use crate::task_health::TaskHealth;

#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub auth: Auth,
    pub config: Arc<Config>,
    /// The outbox worker's liveness, for `/readyz`.
    pub outbox: TaskHealth,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
