//! Every hosted page, declared once: its path, its view, who may see it and what the server
//! loads for it before it renders. The Leptos routes ([`PageRoutes`]) and the page-data
//! middleware (`http::page_data`, handed [`PAGES`] through the app's state) both read this
//! table; adding a page is its file under `app/` and one line here.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::model::{Access, AccountPart, AdminPage, Load, Menu, OAuthPage, Page};

macro_rules! pages {
    ($($path:tt => $module:ident::$view:ident, $access:expr, $load:expr $(, $menu:expr)?;)*) => {
        /// The table, in the order the router tries it.
        pub const PAGES: &[Page] = &[
            $(Page { path: $path, access: $access, load: $load, menu: menu!($($menu)?) },)*
        ];

        /// The routes of [`PAGES`], for the `<Router>` of the app.
        #[component]
        pub fn PageRoutes() -> impl IntoView {
            view! {
                <Routes fallback=super::not_found::NotFoundPage>
                    $(<Route path=path!($path) view=super::$module::$view />)*
                </Routes>
            }
        }
    };
}

macro_rules! menu {
    () => {
        Menu::None
    };
    ($menu:expr) => {
        $menu
    };
}

use Access::{Anyone, SignedIn};
use AccountPart::{Profile, Security, Sessions};
use Load::{Account, Visitor};

pages! {
    "/" => home::HomePage, Anyone, Visitor;
    "/signup" => signup::SignupPage, Anyone, Visitor;
    "/verify-email" => verify_email::VerifyEmailPage, Anyone, Visitor;
    "/login" => login::LoginPage, Anyone, Visitor;
    "/login/otp" => login_otp::LoginOtpPage, Anyone, Visitor;
    "/login/email" => login_email::LoginEmailPage, Anyone, Visitor;
    "/login/email/code" => login_email::EmailCodePage, Anyone, Load::EmailLogin;
    "/login/connect" => upstream::ConnectPage, Anyone, Load::Waiting;
    "/signup/complete" => upstream::CompleteSignupPage, Anyone, Load::Waiting;
    "/login/second-factor" => login_second_factor::LoginSecondFactorPage, Anyone, Visitor;
    "/forgot-password" => forgot_password::ForgotPasswordPage, Anyone, Visitor;
    "/reset-password" => reset_password::ResetPasswordPage, Anyone, Visitor;
    "/account" => account::ProfilePage, SignedIn, Account(Profile), Menu::Account("menu-profile");
    "/account/security" => account::SecurityPage, Access::FreshLogin, Account(Security),
        Menu::Account("menu-security");
    "/account/sessions" => account::SessionsPage, SignedIn, Account(Sessions),
        Menu::Account("menu-sessions");
    "/account/confirm" => account::ConfirmPage, SignedIn, Account(Security);
    "/admin" => admin::AdminUsersPage, Access::Admin, Load::Admin(AdminPage::Users),
        Menu::Admin("menu-users");
    "/admin/users/:id" => admin::AdminUserPage, Access::Admin, Load::Admin(AdminPage::User);
    "/admin/audit" => admin::AdminAuditPage, Access::Admin, Load::Admin(AdminPage::Audit),
        Menu::Admin("menu-audit");
    "/admin/clients" => admin::AdminClientsPage, Access::Admin, Load::Admin(AdminPage::Clients),
        Menu::Admin("menu-apps");
    "/admin/branding" => admin::AdminBrandingPage, Access::Admin, Load::Admin(AdminPage::Branding),
        Menu::Admin("menu-branding");
    "/oauth2/authorize" => oauth::AuthorizePage, Anyone, Load::OAuth(OAuthPage::Authorize);
    "/oauth2/logout" => oauth::LogoutPage, Anyone, Load::OAuth(OAuthPage::Logout);
}

/// The links of the account's menu (`admin` false) or the admin's: `(path, title)`, the title
/// a message id of the catalogues.
pub fn menu(admin: bool) -> impl Iterator<Item = (&'static str, &'static str)> {
    Page::menu(PAGES, admin)
}

/// The message id of the words the menu gives the page at `path`, for its title.
pub fn title(path: &str) -> &'static str {
    menu(false)
        .chain(menu(true))
        .find(|(at, _)| *at == path)
        .map_or("account-title", |(_, title)| title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_page_and_parameter() {
        let found = |path| Page::find(PAGES, path).map(|(page, param)| (page.path, param));
        assert_eq!(found("/"), Some(("/", None)));
        assert_eq!(found("/account/"), Some(("/account", None)));
        assert_eq!(found("/admin"), Some(("/admin", None)));
        assert_eq!(
            found("/admin/users/42"),
            Some(("/admin/users/:id", Some("42")))
        );
        assert_eq!(found("/admin/users/"), None);
        assert_eq!(found("/admin/users/1/2"), None);
        assert_eq!(found("/accounts"), None);
        assert_eq!(found("/nowhere"), None);
    }

    #[test]
    fn the_account_menu_is_the_account_parts() {
        let account: Vec<_> = menu(false).map(|(path, _)| path).collect();
        let parts: Vec<_> = AccountPart::ALL.iter().map(|part| part.path()).collect();
        assert_eq!(account, parts);
        assert_eq!(title("/account/security"), "menu-security");
        assert_eq!(menu(true).next(), Some(("/admin", "menu-users")));
        // Every title is a message the catalogues have.
        #[cfg(feature = "ssr")]
        for (path, title) in menu(false).chain(menu(true)) {
            assert!(
                crate::i18n::Locale::En.try_text(title).is_some(),
                "{path}: {title}"
            );
        }
    }

    /// The account's notices are the catalogues' `done-<flag>`.
    #[cfg(feature = "ssr")]
    #[test]
    fn every_notice_has_words_in_every_language() {
        for done in crate::model::Done::ALL {
            for locale in crate::i18n::Locale::SHIPPED {
                let id = format!("done-{}", done.as_str());
                assert!(locale.try_text(&id).is_some(), "{}: {id}", locale.tag());
            }
        }
    }

    #[test]
    fn every_path_is_declared_once() {
        for (i, page) in PAGES.iter().enumerate() {
            assert!(
                PAGES[i + 1..].iter().all(|other| other.path != page.path),
                "{} twice",
                page.path
            );
        }
    }
}
