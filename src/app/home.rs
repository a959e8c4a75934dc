//! `/`: where a person lands without a destination.

use leptos::prelude::*;
use leptos_meta::Title;

use super::components::Card;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Welcome" />
        <Card title="Welcome to Latch">
            <p>"One account for the apps of your organisation."</p>
            <p class="actions">
                <a class="button" href="/signup">"Create an account"</a>
                <a href="/verify-email">"Verify your email"</a>
            </p>
        </Card>
    }
}
