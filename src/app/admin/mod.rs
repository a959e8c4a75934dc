//! `/admin` (users, with search and paging), `/admin/users/{id}` (roles, disable and enable,
//! end sessions, activity), `/admin/audit` (the security log) and `/admin/clients` (the apps
//! registered for OpenID Connect logins). What each shows was loaded
//! by `http::page_data` before it renders: visitors were sent to log in, non-admins get the
//! 403 page here. Searching and paging are plain links and GET forms; each change is an island
//! whose server function ends in a redirect back to the user's page.

mod audit;
mod branding;
mod clients;
mod user;
mod users;

pub use audit::AdminAuditPage;
pub use branding::AdminBrandingPage;
pub use clients::AdminClientsPage;
pub use user::AdminUserPage;
pub use users::AdminUsersPage;

use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{Field, human_time};
use crate::model::{AdminView, LogItem, ManagedUserItem};

/// The admin pages' own menu.
#[component]
pub(super) fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label="Admin">
            {super::pages::menu(true)
                .map(|(path, title)| view! { <a href=path>{crate::page_data::t(title)}</a> })
                .collect_view()}
        </nav>
    }
}

/// The page for what is not a list, a user or a log: no access, no such user, a bad query.
pub(super) fn other(view: Option<AdminView>) -> AnyView {
    let (title, message) = match view {
        Some(AdminView::Forbidden) => (
            "No access",
            "You do not have access to the admin area. Ask an admin to give you the admin role."
                .to_owned(),
        ),
        Some(AdminView::NotFound) => ("Not found", "There is no such user.".to_owned()),
        Some(AdminView::Invalid(why)) => ("Cannot show this", format!("{why}.")),
        _ => (
            "Admin",
            "This page could not be loaded. Please reload it.".to_owned(),
        ),
    };
    view! {
        <Title text=title />
        <main class="card">
            <h1>{title}</h1>
            <p role="alert">{message}</p>
            <p><a href="/admin">"Back to the users"</a></p>
        </main>
    }
    .into_any()
}

pub(super) fn status(user: &ManagedUserItem) -> &'static str {
    match (user.disabled, user.email_verified) {
        (true, _) => "Disabled",
        (false, true) => "Active",
        (false, false) => "Email not verified",
    }
}

/// The admin's password, asked for only when their login is over 10 minutes old.
#[component]
pub(super) fn PasswordIfStale(
    fresh: bool,
    form: &'static str,
    error: Signal<Option<String>>,
) -> impl IntoView {
    (!fresh).then(|| {
        view! {
            <Field
                label="Current password"
                name="current_password"
                form=form
                kind="password"
                autocomplete="current-password"
                error
            />
        }
    })
}

/// One event; `whom` links to the user it concerns (in the whole log).
pub(super) fn log_line(event: LogItem, whom: bool) -> impl IntoView {
    let whom = event.user_id.clone().filter(|_| whom).map(|id| {
        view! {
            " · "
            <a href=format!("/admin/users/{id}")>"the user"</a>
        }
    });
    let by_admin = event.actor_id.map(|actor| {
        view! {
            " · by "
            <a href=format!("/admin/users/{actor}")>"an admin"</a>
        }
    });
    view! {
        <li>
            <strong>{crate::page_data::t_or_id(&event.what)}</strong>
            {event.detail.map(|d| view! { " (" {d} ")" })}
            <span class="aside">
                " · " <time datetime=event.at.clone()>{human_time(&event.at)}</time> " · "
                {event.ip.unwrap_or_else(|| crate::page_data::t("unknown-address"))} " · "
                {super::components::device_words(&event.device)}
                {by_admin}
                {whom}
            </span>
        </li>
    }
}
