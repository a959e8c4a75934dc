//! The page for any unknown path, answered with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use super::components::Card;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <Card title="Page not found">
            <p>"There is nothing at this address. " <a href="/">"Go to the start page"</a> "."</p>
        </Card>
    }
}
