//! The page for any unknown path, answered with status 404.

use crate::page_data::t;
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
        <Title text=t("not-found-title") />
        <Card title=t("not-found-heading")>
            <p>{t("not-found-text")} " " <a href="/">{t("not-found-home")}</a></p>
        </Card>
    }
}
