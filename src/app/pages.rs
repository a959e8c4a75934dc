//! Every hosted page, declared once: its path, its view, who may see it and what the server
//! loads for it before it renders. The Leptos routes ([`PageRoutes`]) and the page-data
//! middleware (`http::page_data`) both read this table; adding a page is its file under `app/`
//! and one line here.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

/// Who may see a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Anyone,
    /// A visitor without a session is sent to `/login`.
    SignedIn,
    /// As `SignedIn`, and a login older than 10 minutes (or, for an account with an
    /// authenticator, a second factor older than that) is sent to "Confirm it's you" first.
    FreshLogin,
    /// A visitor is sent to log in and come back; a user without the `admin` role gets the
    /// page's 403.
    Admin,
}

/// What the server loads for a page before it renders (`http::page_data`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    /// Only who is logged in, which every page shows.
    Visitor,
    Account,
    Admin(AdminPage),
    OAuth(OAuthPage),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminPage {
    Users,
    /// One user, by the id in the path.
    User,
    Audit,
    Clients,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OAuthPage {
    Authorize,
    Logout,
}

#[derive(Debug)]
pub struct Page {
    /// As the router reads it; `:name` is one segment of the path, handed to the loader.
    pub path: &'static str,
    pub access: Access,
    pub load: Load,
}

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

impl Page {
    /// The page at `path` (a trailing slash ignored), with the value of its `:name` segment.
    pub fn find(path: &str) -> Option<(&'static Page, Option<&str>)> {
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        PAGES
            .iter()
            .find_map(|page| page.matches(path).map(|param| (page, param)))
    }

    fn matches<'a>(&self, path: &'a str) -> Option<Option<&'a str>> {
        let (mut want, mut got) = (self.path.split('/'), path.split('/'));
        let mut param = None;
        loop {
            match (want.next(), got.next()) {
                (None, None) => return Some(param),
                (Some(w), Some(g)) if w.starts_with(':') && !g.is_empty() => param = Some(g),
                (Some(w), Some(g)) if w == g => {}
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_page_and_parameter() {
        let found = |path| Page::find(path).map(|(page, param)| (page.path, param));
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
