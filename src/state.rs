//! What every request handler can reach: the domain services and the settings.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::auth::Auth;
use crate::config::Config;

#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub auth: Auth,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
