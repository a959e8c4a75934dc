//! Shapes shared by the browser and the server: the user object of docs/API.md and the
//! page-form error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The user object of docs/API.md, as sent to apps and shown on pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub roles: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// Everything the account page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub user: UserView,
    pub pending_email: Option<String>,
    pub pending_phone: Option<String>,
    pub sessions: Vec<SessionItem>,
    pub activity: Vec<ActivityItem>,
    /// "Apps with access": apps that logged the user in through Latch (OpenID Connect).
    pub apps: Vec<AppItem>,
    pub two_step: TwoStepView,
    pub passkeys: Vec<PasskeyItem>,
}

/// One of the user's passkeys, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyItem {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The account's second factor, as the account page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepView {
    /// An authenticator app is set up.
    pub enabled: bool,
    pub recovery_codes_left: i64,
    /// This session showed a second factor in the last 10 minutes: sensitive changes go
    /// through without asking.
    pub confirmed: bool,
    /// An app being added, waiting for its first code.
    pub setup: Option<TotpSetup>,
    /// Recovery codes made just now: shown on this one view, never again.
    pub new_recovery_codes: Vec<String>,
}

/// The secret of an authenticator app being added: as a QR code and as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    pub secret: String,
    /// Drawn by the server; shown as it is.
    pub qr_svg: String,
}

/// An app with access to the account, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppItem {
    pub client_id: String,
    pub name: String,
    /// What it was allowed, in words.
    pub allowed: Vec<String>,
}

/// One of the user's sessions, as listed on the account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionItem {
    pub id: String,
    /// "Chrome on Linux", from the user agent.
    pub device: String,
    pub ip: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
    pub current: bool,
}

/// One security event, as shown to its user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityItem {
    /// In words: "Logged in", "Failed login", "Password changed", …
    pub what: String,
    pub at: String,
    pub ip: Option<String>,
    pub device: String,
}

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
    pub device: String,
}

/// What `/oauth2/authorize` and `/oauth2/logout` show, loaded before they render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthView {
    /// A request that cannot go back to any app (unknown app, unregistered redirect URI): the
    /// page says why, with status 400.
    Invalid(String),
    /// "Allow {app} to …?": the scopes in words, the request echoed as hidden fields.
    Consent {
        client_name: String,
        scopes: Vec<String>,
        fields: Vec<(String, String)>,
    },
    /// "Log out of Latch?", asked when the app sent no id_token naming this user.
    Logout {
        client_name: Option<String>,
        fields: Vec<(String, String)>,
    },
    /// Logged out, and the app named no address to go back to.
    LoggedOut,
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
    /// The search or filter could not be read; the message says why.
    Invalid(String),
    /// Logged in without the `admin` role (the page answers 403).
    Forbidden,
    /// No such user (the page answers 404).
    NotFound,
}

/// What an admin can do to an account with one button on its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdminAction {
    Disable,
    Enable,
    EndSessions,
    ResendVerification,
}

impl AdminAction {
    pub const ALL: [AdminAction; 4] = [
        AdminAction::Disable,
        AdminAction::Enable,
        AdminAction::EndSessions,
        AdminAction::ResendVerification,
    ];

    /// The form value, and the `done` flag of the page it leads back to.
    pub fn as_str(self) -> &'static str {
        match self {
            AdminAction::Disable => "disable",
            AdminAction::Enable => "enable",
            AdminAction::EndSessions => "end-sessions",
            AdminAction::ResendVerification => "resend-verification",
        }
    }

    pub fn parse(raw: &str) -> Option<AdminAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw)
    }

    pub fn button(self) -> &'static str {
        match self {
            AdminAction::Disable => "Disable account",
            AdminAction::Enable => "Enable account",
            AdminAction::EndSessions => "End all sessions",
            AdminAction::ResendVerification => "Resend verification email",
        }
    }

    /// What the page says once it is done.
    pub fn done(self) -> &'static str {
        match self {
            AdminAction::Disable => "The account is disabled and all its sessions ended.",
            AdminAction::Enable => "The account is enabled.",
            AdminAction::EndSessions => "All sessions of this account ended.",
            AdminAction::ResendVerification => "A new verification code is on its way.",
        }
    }
}

/// What a page form gets back when its server function fails: a message for the whole form,
/// messages per field, and the non-secret values the user typed, so that a form posted without
/// JavaScript can be shown again with its input kept (passwords and codes are never echoed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormError {
    pub message: Option<String>,
    pub fields: BTreeMap<String, Vec<String>>,
    pub values: BTreeMap<String, String>,
}

impl FormError {
    pub fn message(message: impl Into<String>) -> Self {
        FormError {
            message: Some(message.into()),
            ..Default::default()
        }
    }

    pub fn field(&self, name: &str) -> Option<String> {
        self.fields.get(name).map(|m| m.join("; "))
    }

    pub fn value(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.message {
            Some(m) => f.write_str(m),
            None => f.write_str("please correct the fields below"),
        }
    }
}

impl std::error::Error for FormError {}

impl leptos::server_fn::error::FromServerFnError for FormError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        // Transport and decoding failures: the user can only try again.
        leptos::logging::error!("server function failed: {value}");
        FormError::message("Something went wrong. Please try again.")
    }
}

/// A way to reach the user that they can change from the account page: each is changed by
/// asking for a code at the new address or number and confirming it there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactKind {
    Email,
    Phone,
}

impl ContactKind {
    /// The form field and user-object field: `email`, `phone`. Also the id of the change form
    /// (`field-email-email`) and of its section heading (`email-heading`).
    pub fn name(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Phone => "phone",
        }
    }

    /// The section heading: `Email`, `Phone`.
    pub fn title(self) -> &'static str {
        match self {
            ContactKind::Email => "Email",
            ContactKind::Phone => "Phone",
        }
    }

    pub fn heading_id(self) -> &'static str {
        match self {
            ContactKind::Email => "email-heading",
            ContactKind::Phone => "phone-heading",
        }
    }

    /// The label of the field for the new address or number.
    pub fn new_label(self) -> &'static str {
        match self {
            ContactKind::Email => "Email (new address)",
            ContactKind::Phone => "Phone (new number)",
        }
    }

    /// The `type` of that input.
    pub fn input_type(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Phone => "tel",
        }
    }

    /// The `autocomplete` of that input.
    pub fn autocomplete(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Phone => "tel",
        }
    }

    pub fn hint(self) -> Option<&'static str> {
        match self {
            ContactKind::Email => None,
            ContactKind::Phone => Some("With the country code, e.g. +1 201 555 0123"),
        }
    }

    pub fn change_button(self) -> &'static str {
        match self {
            ContactKind::Email => "Change email",
            ContactKind::Phone => "Change phone",
        }
    }

    /// The id of the form that takes the code (`field-email-code-code`).
    pub fn code_form(self) -> &'static str {
        match self {
            ContactKind::Email => "email-code",
            ContactKind::Phone => "phone-code",
        }
    }

    pub fn code_label(self) -> &'static str {
        match self {
            ContactKind::Email => "Code from the email",
            ContactKind::Phone => "Code from the SMS",
        }
    }

    pub fn confirm_button(self) -> &'static str {
        match self {
            ContactKind::Email => "Confirm email",
            ContactKind::Phone => "Confirm phone",
        }
    }

    /// What the account page says after a code was sent to a new address or number.
    pub fn code_sent(self) -> Done {
        match self {
            ContactKind::Email => Done::EmailCodeSent,
            ContactKind::Phone => Done::PhoneCodeSent,
        }
    }

    /// What the account page says after a change was confirmed with its code.
    pub fn changed(self) -> Done {
        match self {
            ContactKind::Email => Done::Email,
            ContactKind::Phone => Done::Phone,
        }
    }
}

/// What went well, as the `?done=` flag of `/account` that a page form's server function
/// redirects to; the page shows a notice for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// `profile`: the name was saved.
    Profile,
    /// `email-code-sent`: a code went to the new address.
    EmailCodeSent,
    /// `phone-code-sent`: a code went to the new number, or to the account's own to verify it.
    PhoneCodeSent,
    /// `email`: the new address was confirmed.
    Email,
    /// `phone`: the new number was confirmed.
    Phone,
    /// `phone-verified`: the account's own number was confirmed.
    PhoneVerified,
    /// `password`: the password was changed (other sessions logged out).
    Password,
    /// `session`: one session was logged out.
    Session,
    /// `sessions`: every other session was logged out.
    Sessions,
    /// `app`: an app's access was taken away.
    App,
    /// `totp`: an authenticator app was added.
    TotpEnabled,
    /// `totp-off`: the authenticator app was removed.
    TotpDisabled,
    /// `recovery-codes`: a new set of recovery codes was made.
    RecoveryCodes,
    /// `confirmed`: a second factor was shown (step-up).
    Confirmed,
    /// `totp-setup`: adding an authenticator app began; its QR code waits on the page.
    TotpSetup,
    /// `passkey`: a passkey was added.
    PasskeyAdded,
    /// `passkey-renamed`.
    PasskeyRenamed,
    /// `passkey-removed`.
    PasskeyRemoved,
}

impl Done {
    pub const ALL: [Done; 18] = [
        Done::Profile,
        Done::EmailCodeSent,
        Done::PhoneCodeSent,
        Done::Email,
        Done::Phone,
        Done::PhoneVerified,
        Done::Password,
        Done::Session,
        Done::Sessions,
        Done::App,
        Done::TotpEnabled,
        Done::TotpDisabled,
        Done::RecoveryCodes,
        Done::Confirmed,
        Done::TotpSetup,
        Done::PasskeyAdded,
        Done::PasskeyRenamed,
        Done::PasskeyRemoved,
    ];

    /// The flag as it appears in the query string.
    pub fn as_str(self) -> &'static str {
        match self {
            Done::Profile => "profile",
            Done::EmailCodeSent => "email-code-sent",
            Done::PhoneCodeSent => "phone-code-sent",
            Done::Email => "email",
            Done::Phone => "phone",
            Done::PhoneVerified => "phone-verified",
            Done::Password => "password",
            Done::Session => "session",
            Done::Sessions => "sessions",
            Done::App => "app",
            Done::TotpEnabled => "totp",
            Done::TotpDisabled => "totp-off",
            Done::RecoveryCodes => "recovery-codes",
            Done::Confirmed => "confirmed",
            Done::TotpSetup => "totp-setup",
            Done::PasskeyAdded => "passkey",
            Done::PasskeyRenamed => "passkey-renamed",
            Done::PasskeyRemoved => "passkey-removed",
        }
    }

    /// The flag of a query string; `None` for anything else.
    pub fn parse(flag: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|done| done.as_str() == flag)
    }

    /// `/account?done=<flag>`: where a server function sends the browser afterwards.
    pub fn account_url(self) -> String {
        format!("/account?done={}", self.as_str())
    }
}

#[cfg(test)]
mod done_tests {
    use super::Done;

    #[test]
    fn every_flag_reads_back_as_itself() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.as_str()), Some(done));
        }
        assert_eq!(Done::parse("nothing"), None);
        assert_eq!(Done::Profile.account_url(), "/account?done=profile");
    }
}
