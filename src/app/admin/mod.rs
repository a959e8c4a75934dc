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

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{Field, human_time};
use crate::model::{AdminView, LogItem, ManagedUserItem};

/// The admin pages' own menu.
#[component]
pub(super) fn AdminNav() -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label=t("header-admin")>
            {super::pages::menu(true)
                .map(|(path, title)| view! { <a href=path>{crate::page_data::t(title)}</a> })
                .collect_view()}
        </nav>
    }
}

/// The page for what is not a list, a user or a log: no access, no such user, a bad query.
pub(super) fn other(view: Option<AdminView>) -> AnyView {
    let (title, message) = match view {
        Some(AdminView::Forbidden) => (t("admin-no-access-title"), t("admin-no-access")),
        Some(AdminView::NotFound) => (t("not-found-title"), t("admin-no-such-user")),
        Some(AdminView::Invalid(why)) => (t("admin-invalid-title"), format!("{why}.")),
        _ => (t("header-admin"), t("admin-unavailable")),
    };
    view! {
        <Title text=title.clone() />
        <main class="card">
            <h1>{title}</h1>
            <p role="alert">{message}</p>
            <p><a href="/admin">{t("admin-back-to-users")}</a></p>
        </main>
    }
    .into_any()
}

pub(super) fn status(user: &ManagedUserItem) -> String {
    t(match (user.disabled, user.email_verified) {
        (true, _) => "admin-status-disabled",
        (false, true) => "admin-status-active",
        (false, false) => "admin-status-unverified",
    })
}

/// A page's title in the admin area: "Users · Admin".
pub(super) fn admin_title(page: &str) -> String {
    format!("{page} · {}", t("header-admin"))
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
                label=t("field-current-password")
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
            <a href=format!("/admin/users/{id}")>{t("admin-log-the-user")}</a>
        }
    });
    let by_admin = event.actor_id.map(|actor| {
        view! {
            " · "
            {t("admin-log-by")}
            " "
            <a href=format!("/admin/users/{actor}")>{t("admin-log-an-admin")}</a>
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
