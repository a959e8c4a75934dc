//! `/`: where a person lands without a destination.

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::components::Card;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=t("home-title") />
        <Card title=t("home-heading")>
            <p>{t("home-intro")}</p>
            <p class="actions">
                <a class="button" href="/signup">{t("login-create-account")}</a>
                <a href="/verify-email">{t("verify-title")}</a>
            </p>
        </Card>
    }
}
