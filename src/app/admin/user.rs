//! `/admin/users/{id}`: one user's roles, disable and enable, sessions and activity.

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, PasswordIfStale, admin_title, log_line, other, status};
use crate::app::components::{
    ActionForm, Field, FormAction, FormMessage, Notice, action_error, field_error, human_time,
    kept_value, query_param,
};
use crate::model::{AdminAction, AdminView, SessionItem};
use crate::page_data;
use crate::server_fns::admin::{AdminSetRoles, AdminUserAction};

#[component]
pub fn AdminUserPage() -> impl IntoView {
    let Some(AdminView::User {
        user,
        sessions,
        events,
        fresh,
    }) = page_data::admin()
    else {
        return other(page_data::admin());
    };
    let done = query_param("done");
    let notice = if done == "roles" {
        Some(t("admin-done-roles"))
    } else {
        AdminAction::parse(&done).map(|a| t(a.done()))
    };
    let status = status(&user);
    let roles = user.roles.join(" ");
    let mut actions = vec![if user.disabled {
        AdminAction::Enable
    } else {
        AdminAction::Disable
    }];
    if !sessions.is_empty() {
        actions.push(AdminAction::EndSessions);
    }
    if !user.email_verified {
        actions.push(AdminAction::ResendVerification);
    }
    view! {
        <Title text=admin_title(&user.name) />
        <main class="card wide admin">
            <h1>{user.name.clone()}</h1>
            <AdminNav />
            {notice.map(|m| view! { <Notice>{m}</Notice> })}
            <dl class="facts">
                <dt>{t("field-email")}</dt>
                <dd>{user.email.clone()}</dd>
                <dt>{t("field-phone")}</dt>
                <dd>{user.phone.clone()}</dd>
                <dt>{t("admin-col-status")}</dt>
                <dd data-testid="status">{status}</dd>
                <dt>{t("admin-created")}</dt>
                <dd>{human_time(&user.created_at)}</dd>
            </dl>
            {(!fresh)
                .then(|| {
                    view! {
                        <p class="hint">{t("admin-stale")}</p>
                    }
                })}
            <section aria-labelledby="roles-heading">
                <h2 id="roles-heading">{t("admin-roles")}</h2>
                <RolesForm id=user.id.clone() roles fresh />
            </section>
            <section aria-labelledby="actions-heading">
                <h2 id="actions-heading">{t("admin-account")}</h2>
                {actions
                    .into_iter()
                    .map(|action| view! { <ActionButton id=user.id.clone() action fresh /> })
                    .collect_view()}
            </section>
            <section aria-labelledby="sessions-heading">
                <h2 id="sessions-heading">{t("section-sessions")}</h2>
                {sessions.is_empty().then(|| view! { <p>{t("admin-no-sessions")}</p> })}
                <ul class="sessions">{sessions.into_iter().map(session_line).collect_view()}</ul>
            </section>
            <section aria-labelledby="activity-heading">
                <h2 id="activity-heading">{t("admin-recent")}</h2>
                <p>
                    <a href=format!(
                        "/admin/audit?user_id={}",
                        user.id,
                    )>{t("admin-all-events")}</a>
                </p>
                <ul class="activity">
                    {events.into_iter().map(|e| log_line(e, false)).collect_view()}
                </ul>
            </section>
        </main>
    }
    .into_any()
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn RolesForm(id: String, roles: String, fresh: bool) -> impl IntoView {
    let action = FormAction::<AdminSetRoles>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <Field
                label=t("admin-roles")
                name="roles"
                hint=t("admin-roles-hint")
                value=kept_value(error, "roles", move || roles.clone())
                error=field_error(error, "roles")
            />
            <PasswordIfStale fresh form="roles" error=field_error(error, "current_password") />
            <button type="submit">{t("admin-save-roles")}</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ActionButton(id: String, action: AdminAction, fresh: bool) -> impl IntoView {
    let server = FormAction::<AdminUserAction>::new();
    let error = action_error(server.value());
    let class = if action == AdminAction::Disable {
        "danger"
    } else {
        "secondary"
    };
    view! {
        <ActionForm action=server attr:novalidate=true attr:class="form">
            <FormMessage error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="action" value=action.as_str() />
            <PasswordIfStale
                fresh
                form=action.as_str()
                error=field_error(error, "current_password")
            />
            <button type="submit" class=class>
                {t(action.button())}
            </button>
        </ActionForm>
    }
}

fn session_line(s: SessionItem) -> impl IntoView {
    view! {
        <li class="session-item">
            <div>
                <strong>{crate::app::components::device_words(&s.device)}</strong>
                <br />
                <span class="aside">
                    {s.ip.unwrap_or_else(|| t("unknown-address"))}
                    " · "
                    {t("sessions-last-seen")}
                    " "
                    <time datetime=s.last_seen_at.clone()>{human_time(&s.last_seen_at)}</time>
                </span>
            </div>
        </li>
    }
}
