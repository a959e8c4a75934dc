//! Where the account is logged in (sessions and apps, each ended from here) and its recent
//! security activity.

use leptos::prelude::*;

use crate::app::components::{ActionForm, FormAction, FormMessage, action_error, human_time};
use crate::model::{AccountView, AppItem, SessionItem};
use crate::server_fns::account::{DisconnectApp, RevokeOtherSessions, RevokeSession};

pub(super) fn session_item(s: SessionItem) -> impl IntoView {
    let label = format!(
        "Log out {} ({})",
        s.device,
        s.ip.clone().unwrap_or_default()
    );
    view! {
        <li class="session-item" data-current=s.current.to_string()>
            <div>
                <strong>{s.device.clone()}</strong>
                {s.current.then(|| view! { <span class="badge">"This device"</span> })}
                <br />
                <span class="aside">
                    {s.ip.clone().unwrap_or_else(|| "unknown address".into())}
                    " · last seen "
                    <time datetime=s.last_seen_at.clone()>{human_time(&s.last_seen_at)}</time>
                </span>
            </div>
            {(!s.current).then(|| view! { <RevokeSessionForm id=s.id.clone() label /> })}
        </li>
    }
}

pub(super) fn app_item(app: AppItem) -> impl IntoView {
    let allowed = if app.allowed.is_empty() {
        "Run by this organisation".to_owned()
    } else {
        app.allowed.join(" · ")
    };
    let label = format!("Remove access for {}", app.name);
    view! {
        <li class="session-item">
            <div>
                <strong>{app.name.clone()}</strong>
                <br />
                <span class="aside">{allowed}</span>
            </div>
            <DisconnectAppForm client_id=app.client_id label />
        </li>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn DisconnectAppForm(client_id: String, label: String) -> impl IntoView {
    let action = FormAction::<DisconnectApp>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <input type="hidden" name="client_id" value=client_id />
            <button type="submit" class="secondary" aria-label=label>
                "Remove access"
            </button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RevokeSessionForm(id: String, label: String) -> impl IntoView {
    let action = FormAction::<RevokeSession>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="secondary" aria-label=label>
                "Log out"
            </button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
pub(super) fn RevokeOthersForm() -> impl IntoView {
    let action = FormAction::<RevokeOtherSessions>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">"Log out everywhere else"</button>
        </ActionForm>
    }
}

#[component]
pub(super) fn Activity(account: AccountView) -> impl IntoView {
    view! {
        <section aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Security activity"</h2>
            <ul class="activity">
                {account
                    .activity
                    .into_iter()
                    .map(|a| {
                        view! {
                            <li>
                                <strong>{a.what}</strong>
                                <span class="aside">
                                    " · " <time datetime=a.at.clone()>{human_time(&a.at)}</time> " · "
                                    {a.ip.unwrap_or_else(|| "unknown address".into())} " · " {a.device}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
