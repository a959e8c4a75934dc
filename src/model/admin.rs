//! What the admin pages show, and the actions their buttons take.

use serde::{Deserialize, Serialize};

use super::SessionItem;

/// A user as a line of the admin's list and the head of their admin page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedUserItem {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub email_verified: bool,
    /// Without `user`, which everyone has.
    pub roles: Vec<String>,
    pub disabled: bool,
    pub created_at: String,
}

/// One event of the security log, as the admin pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogItem {
    /// In words: "Logged in", "Roles changed", …
    pub what: String,
    /// Whom it concerns, as a user id.
    pub user_id: Option<String>,
    /// The admin who acted, as a user id.
    pub actor_id: Option<String>,
    /// What changed, in words ("added billing:write").
    pub detail: Option<String>,
    pub at: String,
    pub ip: Option<String>,
    pub device: super::Device,
}

/// An app registered for OpenID Connect logins, as `/admin/clients` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientItem {
    pub client_id: String,
    pub name: String,
    pub public: bool,
    pub first_party: bool,
    pub id_token_alg: String,
    pub redirect_uris: Vec<String>,
}

/// An app the admin just registered, with its secret (kept for one page view in the admin's
/// session, never stored otherwise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedClient {
    pub client_id: String,
    pub client_secret: Option<String>,
}

/// What an admin page shows, loaded before it renders (`http::page_data`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminView {
    Users {
        query: String,
        sort: String,
        page: u32,
        per_page: u32,
        total: u64,
        users: Vec<ManagedUserItem>,
    },
    User {
        user: ManagedUserItem,
        sessions: Vec<SessionItem>,
        events: Vec<LogItem>,
        /// The admin logged in in the last 10 minutes: changes need no password.
        fresh: bool,
    },
    Audit {
        user_id: String,
        kind: String,
        /// Every kind of event: the stored name and its words.
        kinds: Vec<(String, String)>,
        page: u32,
        next_page: Option<u32>,
        events: Vec<LogItem>,
    },
    /// `/admin/clients`: the apps registered for OpenID Connect logins.
    Clients {
        clients: Vec<ClientItem>,
        fresh: bool,
        /// Registered by the form just now: its secret is shown this once.
        created: Option<CreatedClient>,
    },
    /// `/admin/branding`: the brand, as its form shows it.
    Branding { brand: BrandingForm, fresh: bool },
    /// The search or filter could not be read; the message says why.
    Invalid(String),
    /// Logged in without the `admin` role (the page answers 403).
    Forbidden,
    /// No such user (the page answers 404).
    NotFound,
}

/// The brand's fields as the form shows and posts them: empty where unset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BrandingForm {
    pub product_name: String,
    pub support_url: String,
    pub support_email: String,
    pub privacy_url: String,
    pub terms_url: String,
    pub footer: String,
    pub accent: String,
    pub accent_dark: String,
}

string_enum! {
    /// What an admin can do to an account with one button on its page.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum AdminAction {
        Disable = "disable",
        Enable = "enable",
        EndSessions = "end-sessions",
        ResendVerification = "resend-verification",
    }
}

impl AdminAction {
    /// The button's words (a message id of the catalogues).
    pub fn button(self) -> &'static str {
        match self {
            AdminAction::Disable => "admin-action-disable",
            AdminAction::Enable => "admin-action-enable",
            AdminAction::EndSessions => "admin-action-end-sessions",
            AdminAction::ResendVerification => "admin-action-resend-verification",
        }
    }

    /// What the page says once it is done (a message id).
    pub fn done(self) -> &'static str {
        match self {
            AdminAction::Disable => "admin-done-disable",
            AdminAction::Enable => "admin-done-enable",
            AdminAction::EndSessions => "admin-done-end-sessions",
            AdminAction::ResendVerification => "admin-done-resend-verification",
        }
    }
}
