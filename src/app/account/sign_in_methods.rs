//! "Sign-in methods" on `/account/security`: the identities at other providers linked to the
//! account, each with Disconnect, and a Connect button per provider. Connect is a plain form
//! POST to `/auth/{provider}/connect` (no script): a cross-site page cannot start it.

use crate::page_data::{Arg, t, t_with};
use leptos::prelude::*;

use crate::app::components::{ActionForm, FormAction, FormMessage, action_error, human_time};
use crate::model::IdentityItem;
use crate::server_fns::upstream::{DisconnectIdentity, SetPasswordLink};

#[component]
pub fn SignInMethods(
    identities: Vec<IdentityItem>,
    providers: Vec<(String, String)>,
) -> impl IntoView {
    (!providers.is_empty() || !identities.is_empty()).then(|| {
        view! {
            <section aria-labelledby="sign-in-heading">
                <h2 id="sign-in-heading">{t("sign-in-methods-title")}</h2>
                <p>{t("sign-in-methods-intro")}</p>
                {identities
                    .is_empty()
                    .then(|| view! { <p class="current">{t("sign-in-methods-none")}</p> })}
                <ul class="sessions">{identities.into_iter().map(identity_item).collect_view()}</ul>
                {providers
                    .into_iter()
                    .map(|(id, name)| {
                        view! {
                            <form method="post" action=format!("/auth/{id}/connect") class="inline">
                                <button type="submit" class="secondary">
                                    {t_with("sign-in-methods-connect", &[("provider", Arg::Text(name))])}
                                </button>
                            </form>
                        }
                    })
                    .collect_view()}
                <p class="aside">
                    {t("sign-in-methods-set-password")}
                </p>
                <SetPasswordForm />
            </section>
        }
    })
}

fn identity_item(i: IdentityItem) -> impl IntoView {
    let used = match &i.last_login_at {
        Some(at) => t_with("used-last", &[("time", Arg::Text(human_time(at)))]),
        None => t("used-never"),
    };
    let label = t_with(
        "sign-in-methods-disconnect-label",
        &[("provider", Arg::Text(i.provider.clone()))],
    );
    view! {
        <li class="session-item">
            <div>
                <strong>{i.provider.clone()}</strong>
                {i.email.map(|email| view! { " · " {email} })}
                <br />
                <span class="aside">
                    {t("sign-in-methods-connected")} " " <time datetime=i.created_at.clone()>{human_time(&i.created_at)}</time>
                    " · " {used}
                </span>
            </div>
            <DisconnectForm id=i.id label />
        </li>
    }
}

#[island]
fn DisconnectForm(id: String, label: String) -> impl IntoView {
    let action = FormAction::<DisconnectIdentity>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="secondary" aria-label=label>
                {t("action-disconnect")}
            </button>
        </ActionForm>
    }
}

#[island]
fn SetPasswordForm() -> impl IntoView {
    let action = FormAction::<SetPasswordLink>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <button type="submit" class="secondary">
                {t("sign-in-methods-password-link")}
            </button>
        </ActionForm>
    }
}
