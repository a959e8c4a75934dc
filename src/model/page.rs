//! What a hosted page is to the server: who may see it and what is loaded for it. The table
//! of pages itself is `app::pages`, beside the views it names.

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
    /// The part of the account the page shows ("Confirm it's you" reads the security part's
    /// factors and passkeys).
    Account(super::AccountPart),
    Admin(AdminPage),
    OAuth(OAuthPage),
    /// Who is logged in, and the address of the email login this browser asked for.
    EmailLogin,
    /// Who is logged in, and the identity back from another provider waiting in this browser.
    Waiting,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminPage {
    Users,
    /// One user, by the id in the path.
    User,
    Audit,
    Clients,
    Branding,
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
    pub menu: Menu,
}

/// Which menu links to a page, and with what words. The header links to the first page of
/// the account's menu (as the person's first name) and, for admins, of the admin's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// Reached from other pages only.
    None,
    /// In the account's menu, under these words (a message id of the catalogues).
    Account(&'static str),
    Admin(&'static str),
}

impl Page {
    /// The page of `pages` at `path` (a trailing slash ignored), with the value of its
    /// `:name` segment.
    pub fn find<'a, 'p>(pages: &'p [Page], path: &'a str) -> Option<(&'p Page, Option<&'a str>)> {
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        pages
            .iter()
            .find_map(|page| page.matches(path).map(|param| (page, param)))
    }

    /// The pages of one menu, in table order: `(path, title)`.
    pub fn menu(
        pages: &[Page],
        admin: bool,
    ) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        pages.iter().filter_map(move |page| match page.menu {
            Menu::Account(title) if !admin => Some((page.path, title)),
            Menu::Admin(title) if admin => Some((page.path, title)),
            _ => None,
        })
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

/// The operator's brand, as every page shows it (`auth::branding::Brand`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrandView {
    pub name: String,
    pub support_url: Option<String>,
    pub support_email: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
    pub footer: Option<String>,
    /// The accent colours' stylesheet, `/branding/brand.<hash>.css`, when any is set.
    pub stylesheet: Option<String>,
}

impl Default for BrandView {
    fn default() -> Self {
        BrandView {
            name: "Latch".into(),
            support_url: None,
            support_email: None,
            privacy_url: None,
            terms_url: None,
            footer: None,
            stylesheet: None,
        }
    }
}

impl BrandView {
    /// Whether the footer has anything of the brand's to show.
    pub fn has_footer(&self) -> bool {
        self.support_url.is_some()
            || self.support_email.is_some()
            || self.privacy_url.is_some()
            || self.terms_url.is_some()
            || self.footer.is_some()
    }
}

/// How long the codes and links the pages speak of work, in minutes. The domain's lifetimes
/// (`auth::limits`) are made from these, so a page can never name another number.
pub mod minutes {
    pub const EMAIL_CODE: u64 = 15;
    /// A login code by email: short-lived, as it lets someone in.
    pub const EMAIL_LOGIN_CODE: u64 = 10;
    pub const SMS_CODE: u64 = 5;
    pub const RESET_LINK: u64 = 30;
}
