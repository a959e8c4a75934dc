//! `/oauth2/authorize` and `/oauth2/logout` as people see them: the consent question, the
//! logout question, or why a request cannot be answered. Plain forms, so they work without
//! JavaScript; what they post is handled in `http::oauth`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::components::Card;
use crate::model::OAuthView;

fn set_status_400() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::BAD_REQUEST);
    }
}

#[component]
fn HiddenFields(fields: Vec<(String, String)>) -> impl IntoView {
    fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}

#[component]
fn Invalid(message: String) -> impl IntoView {
    set_status_400();
    view! {
        <Title text="Cannot continue" />
        <Card title="This sign-in link cannot be used">
            <p class="error" role="alert">{message}</p>
            <p>"Go back to the app and try again, or tell its developers."</p>
        </Card>
    }
}

#[component]
pub fn AuthorizePage() -> impl IntoView {
    match crate::page_data::oauth() {
        Some(OAuthView::Consent {
            client_name,
            scopes,
            fields,
        }) => view! {
            <Title text=format!("Allow {client_name}?") />
            <Card title=format!("Allow {client_name} to use your account?")>
                <p>{format!("{client_name} will be able to:")}</p>
                <ul class="scopes">
                    {scopes.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                </ul>
                <form method="post" action="/oauth2/authorize" class="form">
                    <HiddenFields fields=fields />
                    <p class="actions">
                        <button type="submit" name="decision" value="allow">"Allow"</button>
                        <button type="submit" name="decision" value="deny" class="secondary">
                            "Deny"
                        </button>
                    </p>
                </form>
                <p class="hint">"You can take this back at any time under Apps with access on your account page."</p>
            </Card>
        }
        .into_any(),
        Some(OAuthView::Invalid(message)) => view! { <Invalid message=message /> }.into_any(),
        _ => view! { <Invalid message="This page is reached from an app's sign-in link.".to_owned() /> }
            .into_any(),
    }
}

#[component]
pub fn LogoutPage() -> impl IntoView {
    match crate::page_data::oauth() {
        Some(OAuthView::Logout {
            client_name,
            fields,
        }) => {
            let question = match client_name {
                Some(name) => format!("{name} asks to log you out of Latch."),
                None => "An app asks to log you out of Latch.".to_owned(),
            };
            view! {
                <Title text="Log out?" />
                <Card title="Log out of Latch?">
                    <p>{question}</p>
                    <form method="post" action="/oauth2/logout" class="form">
                        <HiddenFields fields=fields />
                        <p class="actions">
                            <button type="submit">"Log out"</button>
                            <a href="/account">"Stay logged in"</a>
                        </p>
                    </form>
                </Card>
            }
            .into_any()
        }
        Some(OAuthView::Invalid(message)) => view! { <Invalid message=message /> }.into_any(),
        Some(OAuthView::LoggedOut) | Some(OAuthView::Consent { .. }) | None => view! {
            <Title text="Logged out" />
            <Card title="You are logged out">
                <p><a href="/login">"Log in again"</a></p>
            </Card>
        }
        .into_any(),
    }
}
