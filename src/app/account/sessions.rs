//! Where the account is logged in (sessions and apps, each ended from here) and its recent
//! security activity.

use crate::page_data::{Arg, t, t_or_id, t_with};
use leptos::prelude::*;

use crate::app::components::{
    ActionForm, FormAction, FormMessage, action_error, device_words, human_time,
};
use crate::model::{AccountView, AppItem, SessionItem};
use crate::server_fns::account::{DisconnectApp, RevokeOtherSessions, RevokeSession};

pub(super) fn session_item(s: SessionItem) -> impl IntoView {
    let label = t_with(
        "sessions-log-out-label",
        &[
            ("device", Arg::Text(device_words(&s.device))),
            ("ip", Arg::Text(s.ip.clone().unwrap_or_default())),
        ],
    );
    view! {
        <li class="session-item" data-current=s.current.to_string()>
            <div>
                <strong>{device_words(&s.device)}</strong>
                {s.current.then(|| view! { <span class="badge">{t("sessions-this-device")}</span> })}
                <br />
                <span class="aside">
                    {s.ip.clone().unwrap_or_else(|| t("unknown-address"))}
                    " · "
                    {t("sessions-last-seen")}
                    " "
                    <time datetime=s.last_seen_at.clone()>{human_time(&s.last_seen_at)}</time>
                </span>
            </div>
            {(!s.current).then(|| view! { <RevokeSessionForm id=s.id.clone() label /> })}
        </li>
    }
}

pub(super) fn app_item(app: AppItem) -> impl IntoView {
    let allowed = if app.allowed.is_empty() {
        t("apps-first-party")
    } else {
        app.allowed
            .iter()
            .map(|id| t(id))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let label = t_with(
        "apps-remove-label",
        &[("name", Arg::Text(app.name.clone()))],
    );
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
                {t("apps-remove")}
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
                {t("header-log-out")}
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
            <button type="submit" class="secondary">{t("sessions-log-out-others")}</button>
        </ActionForm>
    }
}

#[component]
pub(super) fn Activity(account: AccountView) -> impl IntoView {
    view! {
        <section aria-labelledby="activity-heading">
            <h2 id="activity-heading">{t("activity-title")}</h2>
            <ul class="activity">
                {account
                    .activity
                    .into_iter()
                    .map(|a| {
                        view! {
                            <li>
                                <strong>{t_or_id(&a.what)}</strong>
                                <span class="aside">
                                    " · " <time datetime=a.at.clone()>{human_time(&a.at)}</time> " · "
                                    {a.ip.unwrap_or_else(|| t("unknown-address"))} " · " {device_words(&a.device)}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
