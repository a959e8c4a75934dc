//! `/oauth2/authorize` and `/oauth2/logout` as people see them: the consent question, the
//! logout question, or why a request cannot be answered. Plain forms, so they work without
//! JavaScript; what they post is handled in `http::oauth`.

use crate::page_data::{Arg, t, t_with};
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
        <Title text=t("oauth-invalid-title") />
        <Card title=t("oauth-invalid-heading")>
            <p class="error" role="alert">{message}</p>
            <p>{t("oauth-invalid-hint")}</p>
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
        }) => {
            let client = || [("client", Arg::Text(client_name.clone()))];
            let (title, heading, able) = (
                t_with("oauth-allow-title", &client()),
                t_with("oauth-allow-heading", &client()),
                t_with("oauth-will-be-able", &client()),
            );
            view! {
            <Title text=title />
            <Card title=heading>
                <p>{able}</p>
                <ul class="scopes">
                    {scopes.into_iter().map(|s| view! { <li>{t(&s)}</li> }).collect_view()}
                </ul>
                <form method="post" action="/oauth2/authorize" class="form">
                    <HiddenFields fields=fields />
                    <p class="actions">
                        <button type="submit" name="decision" value="allow">{t("oauth-allow")}</button>
                        <button type="submit" name="decision" value="deny" class="secondary">
                            {t("oauth-deny")}
                        </button>
                    </p>
                </form>
                <p class="hint">{t("oauth-revoke-hint")}</p>
            </Card>
            }
            .into_any()
        }
        Some(OAuthView::Invalid(message)) => view! { <Invalid message=message /> }.into_any(),
        _ => view! { <Invalid message=t("oauth-not-from-app") /> }.into_any(),
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
                Some(name) => t_with("oauth-logout-asks", &[("client", Arg::Text(name))]),
                None => t("oauth-logout-asks-anonymous"),
            };
            view! {
                <Title text=t("oauth-logout-title") />
                <Card title=t("oauth-logout-heading")>
                    <p>{question}</p>
                    <form method="post" action="/oauth2/logout" class="form">
                        <HiddenFields fields=fields />
                        <p class="actions">
                            <button type="submit">{t("header-log-out")}</button>
                            <a href="/account">{t("oauth-stay")}</a>
                        </p>
                    </form>
                </Card>
            }
            .into_any()
        }
        Some(OAuthView::Invalid(message)) => view! { <Invalid message=message /> }.into_any(),
        Some(OAuthView::LoggedOut) | Some(OAuthView::Consent { .. }) | None => view! {
            <Title text=t("oauth-logged-out-title") />
            <Card title=t("oauth-logged-out-heading")>
                <p><a href="/login">{t("oauth-log-in-again")}</a></p>
            </Card>
        }
        .into_any(),
    }
}
