//! `/admin/clients`: the apps registered for OpenID Connect logins.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, PasswordIfStale, other};
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
    let notice = match query_param("done").as_str() {
        "removed" => Some("The app was removed; every token it held has stopped working."),
        _ => None,
    };
    view! {
        <Title text="Apps" />
        <main class="card wide">
            <AdminNav />
            <h1>"Apps"</h1>
            {notice.map(|m| view! { <Notice>{m}</Notice> })}
            {created.map(created_notice)}
            <p>
                "Apps registered here send people to Latch to log in (OpenID Connect). "
                "The discovery document is at " <code>"/.well-known/openid-configuration"</code> "."
            </p>
            {clients.is_empty().then(|| view! { <p>"No apps yet."</p> })}
            <ul class="sessions">
                {clients.into_iter().map(|c| client_line(c, fresh)).collect_view()}
            </ul>
            <section aria-labelledby="add-app-heading">
                <h2 id="add-app-heading">"Register an app"</h2>
                <AddClientForm fresh />
            </section>
        </main>
    }
    .into_any()
}

fn created_notice(created: CreatedClient) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>"The app was registered."</p>
            <p>"Client ID: " <code class="client-id">{created.client_id}</code></p>
            {created
                .client_secret
                .map(|secret| {
                    view! {
                        <p>
                            "Client secret: " <code class="client-secret">{secret}</code>
                            <br />
                            "Copy it now: it is not shown again."
                        </p>
                    }
                })}
        </div>
    }
}

fn client_line(client: ClientItem, fresh: bool) -> impl IntoView {
    let kind = match (client.public, client.first_party) {
        (true, true) => "Public, first-party",
        (true, false) => "Public",
        (false, true) => "Confidential, first-party",
        (false, false) => "Confidential",
    };
    view! {
        <li class="session-item">
            <div>
                <strong>{client.name.clone()}</strong>
                <br />
                <span class="aside">
                    <code>{client.client_id.clone()}</code>
                    " · "
                    {kind}
                    " · id_token "
                    {client.id_token_alg.clone()}
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
                label="Name"
                name="name"
                hint="What the consent page calls the app."
                value=kept_value(error, "name", String::new)
                error=field_error(error, "name")
            />
            <Field
                label="Redirect URIs"
                name="redirect_uris"
                hint="Separated by spaces, exactly as the app sends them: https, or http on 127.0.0.1 or localhost."
                value=kept_value(error, "redirect_uris", String::new)
                error=field_error(error, "redirect_uris")
            />
            <Field
                label="Logout redirect URIs"
                name="post_logout_redirect_uris"
                hint="Optional; separated by spaces."
                value=kept_value(error, "post_logout_redirect_uris", String::new)
                error=field_error(error, "post_logout_redirect_uris")
            />
            <label class="check">
                <input type="checkbox" name="public" value="on" />
                " Public (a browser or mobile app: no secret, PKCE instead)"
            </label>
            <label class="check">
                <input type="checkbox" name="first_party" value="on" />
                " First-party (your own app: no consent page)"
            </label>
            <PasswordIfStale fresh form="add-client" error=field_error(error, "current_password") />
            <button type="submit">"Register app"</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RemoveClientForm(client_id: String, name: String, fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminRemoveClient>::new();
    let error = action_error(action.value());
    let label = format!("Remove {name}");
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form inline">
            <FormMessage error />
            <input type="hidden" name="client_id" value=client_id />
            <PasswordIfStale fresh form="remove-client" error=field_error(error, "current_password") />
            <button type="submit" class="danger" aria-label=label>
                "Remove"
            </button>
        </ActionForm>
    }
}
