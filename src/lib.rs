//! Latch: a self-hosted authentication service. One crate, two artifacts: the server (`ssr`) and the
//! browser bundle (`hydrate`). Server-only modules are declared here, behind one `cfg`, so the
//! WASM build never sees SQL, SMTP or secrets.

// A panic on a request path resets the connection: no `unwrap` or `expect` outside tests; where
// one is truly infallible, an `#[allow]` says why.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

// First: its macro is used by the modules after it.
#[macro_use]
mod names;

pub mod app;
pub mod model;
pub mod page_data;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod contact;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod shutdown;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod task_health;
#[cfg(feature = "ssr")]
pub mod upstream;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console while developing; a release bundle is a kilobyte lighter
    // without the formatting they need.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Only the islands run in the browser; the loader in `app::Hydration` hands each one its
    // element once this has set up the reactive runtime.
    leptos::mount::hydrate_islands();
}
