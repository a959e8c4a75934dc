//! Every hosted page, declared once: its path, its view, who may see it and what the server
//! loads for it before it renders. The Leptos routes ([`PageRoutes`]) and the page-data
//! middleware (`http::page_data`, handed [`PAGES`] through the app's state) both read this
//! table; adding a page is its file under `app/` and one line here.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::model::{Access, AdminPage, Load, OAuthPage, Page};

macro_rules! pages {
    ($($path:tt => $module:ident::$view:ident, $access:expr, $load:expr;)*) => {
        /// The table, in the order the router tries it.
        pub const PAGES: &[Page] = &[
            $(Page { path: $path, access: $access, load: $load },)*
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

use Access::{Anyone, SignedIn};
use Load::{Account, Visitor};

pages! {
    "/" => home::HomePage, Anyone, Visitor;
    "/signup" => signup::SignupPage, Anyone, Visitor;
    "/verify-email" => verify_email::VerifyEmailPage, Anyone, Visitor;
    "/login" => login::LoginPage, Anyone, Visitor;
    "/login/otp" => login_otp::LoginOtpPage, Anyone, Visitor;
    "/login/second-factor" => login_second_factor::LoginSecondFactorPage, Anyone, Visitor;
    "/forgot-password" => forgot_password::ForgotPasswordPage, Anyone, Visitor;
    "/reset-password" => reset_password::ResetPasswordPage, Anyone, Visitor;
    "/account" => account::ProfilePage, SignedIn, Account;
    "/account/security" => account::SecurityPage, Access::FreshLogin, Account;
    "/account/sessions" => account::SessionsPage, SignedIn, Account;
    "/account/confirm" => account::ConfirmPage, SignedIn, Account;
    "/admin" => admin::AdminUsersPage, Access::Admin, Load::Admin(AdminPage::Users);
    "/admin/users/:id" => admin::AdminUserPage, Access::Admin, Load::Admin(AdminPage::User);
    "/admin/audit" => admin::AdminAuditPage, Access::Admin, Load::Admin(AdminPage::Audit);
    "/admin/clients" => admin::AdminClientsPage, Access::Admin, Load::Admin(AdminPage::Clients);
    "/oauth2/authorize" => oauth::AuthorizePage, Anyone, Load::OAuth(OAuthPage::Authorize);
    "/oauth2/logout" => oauth::LogoutPage, Anyone, Load::OAuth(OAuthPage::Logout);
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
