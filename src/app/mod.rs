//! The hosted pages: one file per page, shared form pieces in `components`. Every page is a
//! plain HTML form that works without JavaScript; hydration adds inline errors and pending states.

pub mod components;
mod home;
mod not_found;
mod signup;
mod verify_email;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The HTML document around every page (server render only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser: this marks a page whose forms are now driven by WASM,
    // so browser tests can tell it from the plain server-rendered page.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <Stylesheet id="latch" href="/pkg/latch.css" />
        <Title formatter=|page: String| format!("{page} · Latch") />
        <Router>
            <header class="site-header">
                <a class="brand" href="/">"Latch"</a>
            </header>
            <Routes fallback=not_found::NotFoundPage>
                <Route path=path!("/") view=home::HomePage />
                <Route path=path!("/signup") view=signup::SignupPage />
                <Route path=path!("/verify-email") view=verify_email::VerifyEmailPage />
            </Routes>
        </Router>
    }
}
