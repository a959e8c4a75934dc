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
