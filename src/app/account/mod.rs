//! The account, in three pages a person can find from its menu: `/account` (name, email,
//! phone), `/account/security` (password, two-step login, passkeys; opened only after a fresh
//! login or "Confirm it's you") and `/account/sessions` (sessions, apps, activity). Without a
//! session the browser is sent to `/login` (by `http::page_data::load`, before the page
//! renders).
//!
//! Each page is rendered on the server from the overview loaded for it; each form is an
//! island. Every change ends in a redirect to its page's `?done=…`, so the page the browser
//! then loads shows the change and its notice: the forms never need to refresh the rest.

mod confirm;
mod profile;
mod security;
mod sessions;
mod sign_in_methods;

use crate::page_data::t;
use leptos::prelude::*;
use leptos_meta::Title;

use super::components::{Notice, query_param};
use crate::model::{AccountPart, AccountView, Contact, Done};
use crate::page_data;
pub use confirm::ConfirmPage;
use profile::{ContactSection, NamesForm, PasswordForm};
use security::{Passkeys, TwoStep};
use sessions::{Activity, RevokeOthersForm, app_item, session_item};
use sign_in_methods::SignInMethods;

/// The notice for what just changed: the catalogues' `done-<flag>`.
fn done_message(done: Done) -> String {
    t(&format!("done-{}", done.as_str()))
}

/// The frame of every account page: its title, the menu of the three parts, the notice of
/// what just changed, and the part's sections. The middleware answered a visitor without a
/// session with a redirect, so the overview is here; the fallback covers a page rendered
/// without that middleware.
fn account_page(part: AccountPart, sections: impl FnOnce(AccountView) -> AnyView) -> AnyView {
    let done = Done::parse(&query_param("done")).map(done_message);
    let Some(account) = page_data::account() else {
        return view! {
            <Title text=t("account-title") />
            <main class="card">
                <h1>{t("account-title")}</h1>
                <p role="alert">{t("account-unavailable")}</p>
            </main>
        }
        .into_any();
    };
    view! {
        <Title text=t(crate::app::pages::title(part.path())) />
        <main class="card wide">
            <h1>{t("account-title")}</h1>
            <AccountNav current=part />
            {done.map(|m| view! { <Notice>{m}</Notice> })}
            {sections(account)}
        </main>
    }
    .into_any()
}

#[component]
fn AccountNav(current: AccountPart) -> impl IntoView {
    view! {
        <nav class="account-nav" aria-label=t("account-title")>
            {crate::app::pages::menu(false)
                .map(|(path, title)| {
                    let here = (path == current.path()).then_some("page");
                    view! {
                        <a href=path aria-current=here>
                            {t(title)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// `/account`: name, email address, phone number.
#[component]
pub fn ProfilePage() -> impl IntoView {
    account_page(AccountPart::Profile, |account| {
        view! {
            <section aria-labelledby="profile-heading">
                <h2 id="profile-heading">{t("menu-profile")}</h2>
                <NamesForm
                    first=account.user.first_name.clone()
                    last=account.user.last_name.clone()
                />
            </section>
            <ContactSection kind=Contact::Email account=account.clone() />
            <ContactSection kind=Contact::Phone account=account />
        }
        .into_any()
    })
}

/// `/account/security`: password, two-step login, passkeys. Opened only with a fresh login.
#[component]
pub fn SecurityPage() -> impl IntoView {
    account_page(AccountPart::Security, |account| {
        view! {
            <section aria-labelledby="password-heading">
                <h2 id="password-heading">{t("field-password")}</h2>
                <PasswordForm />
            </section>
            <TwoStep two_step=account.two_step />
            <Passkeys passkeys=account.passkeys />
            <SignInMethods identities=account.identities providers=account.providers />
        }
        .into_any()
    })
}

/// `/account/sessions`: where the account is logged in, the apps it let in, its activity.
#[component]
pub fn SessionsPage() -> impl IntoView {
    account_page(AccountPart::Sessions, |account| {
        let others = account.sessions.iter().any(|s| !s.current);
        view! {
            <section aria-labelledby="sessions-heading">
                <h2 id="sessions-heading">{t("section-sessions")}</h2>
                <ul class="sessions">
                    {account.sessions.iter().cloned().map(session_item).collect_view()}
                </ul>
                {others.then(|| view! { <RevokeOthersForm /> })}
            </section>
            {(!account.apps.is_empty())
                .then(|| {
                    view! {
                        <section aria-labelledby="apps-heading">
                            <h2 id="apps-heading">{t("section-apps")}</h2>
                            <ul class="sessions">
                                {account.apps.iter().cloned().map(app_item).collect_view()}
                            </ul>
                        </section>
                    }
                })}
            <Activity account />
        }
        .into_any()
    })
}
