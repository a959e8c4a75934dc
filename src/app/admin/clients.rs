//! `/admin/clients`: the apps registered for OpenID Connect logins.

use crate::page_data::{Arg, t, t_with};
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, PasswordIfStale, admin_title, other};
use crate::app::components::{
    ActionForm, Field, FormAction, FormMessage, Notice, action_error, field_error, kept_value,
    query_param,
};
use crate::model::{AdminView, ClientItem, CreatedClient};
use crate::page_data;
use crate::server_fns::admin::{AdminAddClient, AdminRemoveClient};

/// `/admin/clients`: the apps that may log people in through Latch (OpenID Connect), the form
/// that registers one, and the secret of the one just registered, shown once.
#[component]
pub fn AdminClientsPage() -> impl IntoView {
    let Some(AdminView::Clients {
        clients,
        fresh,
        created,
    }) = page_data::admin()
    else {
        return other(page_data::admin());
    };
    let notice = (query_param("done") == "removed").then(|| t("clients-removed"));
    view! {
        <Title text=admin_title(&t("menu-apps")) />
        <main class="card wide">
            <AdminNav />
            <h1>{t("menu-apps")}</h1>
            {notice.map(|m| view! { <Notice>{m}</Notice> })}
            {created.map(created_notice)}
            <p>
                {t_with(
                    "clients-intro",
                    &[("path", Arg::Text("/.well-known/openid-configuration".to_owned()))],
                )}
            </p>
            {clients.is_empty().then(|| view! { <p>{t("clients-none")}</p> })}
            <ul class="sessions">
                {clients.into_iter().map(|c| client_line(c, fresh)).collect_view()}
            </ul>
            <section aria-labelledby="add-app-heading">
                <h2 id="add-app-heading">{t("clients-register-title")}</h2>
                <AddClientForm fresh />
            </section>
        </main>
    }
    .into_any()
}

fn created_notice(created: CreatedClient) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>{t("clients-registered")}</p>
            <p>{t("clients-id")} " " <code class="client-id">{created.client_id}</code></p>
            {created
                .client_secret
                .map(|secret| {
                    view! {
                        <p>
                            {t("clients-secret")}
                            " "
                            <code class="client-secret">{secret}</code>
                            <br />
                            {t("clients-secret-once")}
                        </p>
                    }
                })}
        </div>
    }
}

fn client_line(client: ClientItem, fresh: bool) -> impl IntoView {
    let kind = t(match (client.public, client.first_party) {
        (true, true) => "clients-kind-public-first",
        (true, false) => "clients-kind-public",
        (false, true) => "clients-kind-confidential-first",
        (false, false) => "clients-kind-confidential",
    });
    view! {
        <li class="session-item">
            <div>
                <strong>{client.name.clone()}</strong>
                <br />
                <span class="aside">
                    <code>{client.client_id.clone()}</code>
                    " · "
                    {kind}
                    " · "
                    {t_with("clients-id-token-alg", &[("alg", Arg::Text(client.id_token_alg.clone()))])}
                </span>
                <br />
                <span class="aside">{client.redirect_uris.join(" ")}</span>
            </div>
            <RemoveClientForm client_id=client.client_id name=client.name fresh />
        </li>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn AddClientForm(fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminAddClient>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label=t("clients-name")
                name="name"
                hint=t("clients-name-hint")
                value=kept_value(error, "name", String::new)
                error=field_error(error, "name")
            />
            <Field
                label=t("clients-redirect-uris")
                name="redirect_uris"
                hint=t("clients-redirect-uris-hint")
                value=kept_value(error, "redirect_uris", String::new)
                error=field_error(error, "redirect_uris")
            />
            <Field
                label=t("clients-logout-uris")
                name="post_logout_redirect_uris"
                hint=t("clients-logout-uris-hint")
                value=kept_value(error, "post_logout_redirect_uris", String::new)
                error=field_error(error, "post_logout_redirect_uris")
            />
            <label class="check">
                <input type="checkbox" name="public" value="on" />
                " "
                {t("clients-public")}
            </label>
            <label class="check">
                <input type="checkbox" name="first_party" value="on" />
                " "
                {t("clients-first-party")}
            </label>
            <PasswordIfStale fresh form="add-client" error=field_error(error, "current_password") />
            <button type="submit">{t("clients-register")}</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RemoveClientForm(client_id: String, name: String, fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminRemoveClient>::new();
    let error = action_error(action.value());
    let label = t_with("clients-remove-label", &[("name", Arg::Text(name))]);
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form inline">
            <FormMessage error />
            <input type="hidden" name="client_id" value=client_id />
            <PasswordIfStale fresh form="remove-client" error=field_error(error, "current_password") />
            <button type="submit" class="danger" aria-label=label>
                {t("action-remove")}
            </button>
        </ActionForm>
    }
}
