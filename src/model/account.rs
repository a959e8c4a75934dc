//! What the account page shows, and the flags its forms come back with.

use serde::{Deserialize, Serialize};

use super::UserView;

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
    /// "Sign-in methods": identities at other providers linked to the account.
    pub identities: Vec<IdentityItem>,
    /// The providers one may connect: `(id, name)`.
    pub providers: Vec<(String, String)>,
}

/// An identity at another provider, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityItem {
    pub id: String,
    /// The provider's name.
    pub provider: String,
    /// The address the provider gave, if any.
    pub email: Option<String>,
    pub created_at: String,
    pub last_login_at: Option<String>,
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
    /// What it was allowed: message ids of the scopes' words.
    pub allowed: Vec<String>,
}

/// One of the user's sessions, as listed on the account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionItem {
    pub id: String,
    pub device: Device,
    pub ip: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
    pub current: bool,
}

/// One security event, as shown to its user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityItem {
    /// The message id of its words (`audit-login_succeeded`), or the stored kind when this
    /// Latch has none.
    pub what: String,
    pub at: String,
    pub ip: Option<String>,
    pub device: Device,
}

/// What a user agent tells of the device ("Chrome on Linux"): enough to recognise it, no
/// fingerprinting. The pages put it in words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Device {
    /// No user agent at all.
    #[default]
    Unknown,
    /// A browser or app Latch does not name, perhaps on a system it does.
    Other { system: Option<String> },
    Named {
        browser: String,
        system: Option<String>,
    },
}

/// A way to reach the user: the email address or the phone number. One type from the store to
/// the account page, where each is changed by asking for a code at the new address or number
/// and confirming it there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Contact {
    Email,
    Phone,
}

impl Contact {
    /// The form field and user-object field: `email`, `phone`. Also the id of the change form
    /// (`field-email-email`) and of its section heading (`email-heading`).
    pub fn name(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Phone => "phone",
        }
    }

    /// The section heading's words (a message id of the catalogues, as are the ones below).
    pub fn title(self) -> &'static str {
        match self {
            Contact::Email => "field-email",
            Contact::Phone => "field-phone",
        }
    }

    pub fn heading_id(self) -> &'static str {
        match self {
            Contact::Email => "email-heading",
            Contact::Phone => "phone-heading",
        }
    }

    /// The label of the field for the new address or number.
    pub fn new_label(self) -> &'static str {
        match self {
            Contact::Email => "contact-email-new",
            Contact::Phone => "contact-phone-new",
        }
    }

    /// The `type` of that input.
    pub fn input_type(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Phone => "tel",
        }
    }

    /// The `autocomplete` of that input.
    pub fn autocomplete(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Phone => "tel",
        }
    }

    pub fn hint(self) -> Option<&'static str> {
        match self {
            Contact::Email => None,
            Contact::Phone => Some("field-phone-hint"),
        }
    }

    pub fn change_button(self) -> &'static str {
        match self {
            Contact::Email => "contact-email-change",
            Contact::Phone => "contact-phone-change",
        }
    }

    /// The id of the form that takes the code (`field-email-code-code`).
    pub fn code_form(self) -> &'static str {
        match self {
            Contact::Email => "email-code",
            Contact::Phone => "phone-code",
        }
    }

    pub fn code_label(self) -> &'static str {
        match self {
            Contact::Email => "contact-email-code",
            Contact::Phone => "contact-phone-code",
        }
    }

    pub fn confirm_button(self) -> &'static str {
        match self {
            Contact::Email => "contact-email-confirm",
            Contact::Phone => "contact-phone-confirm",
        }
    }
}

string_enum! {
    /// What went well, as the `?done=` flag of `/account` that a page form's server function
    /// redirects to; the page shows a notice for it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Done {
        /// `profile`: the name was saved.
        Profile = "profile",
        /// `email-code-sent`: a code went to the new address.
        EmailCodeSent = "email-code-sent",
        /// `phone-code-sent`: a code went to the new number, or to the account's own to verify it.
        PhoneCodeSent = "phone-code-sent",
        /// `email`: the new address was confirmed.
        Email = "email",
        /// `phone`: the new number was confirmed.
        Phone = "phone",
        /// `phone-verified`: the account's own number was confirmed.
        PhoneVerified = "phone-verified",
        /// `password`: the password was changed (other sessions logged out).
        Password = "password",
        /// `session`: one session was logged out.
        Session = "session",
        /// `sessions`: every other session was logged out.
        Sessions = "sessions",
        /// `app`: an app's access was taken away.
        App = "app",
        /// `totp`: an authenticator app was added.
        TotpEnabled = "totp",
        /// `totp-off`: the authenticator app was removed.
        TotpDisabled = "totp-off",
        /// `recovery-codes`: a new set of recovery codes was made.
        RecoveryCodes = "recovery-codes",
        /// `confirmed`: the person confirmed it is them ("Confirm it's you").
        Confirmed = "confirmed",
        /// `totp-setup`: adding an authenticator app began; its QR code waits on the page.
        TotpSetup = "totp-setup",
        /// `passkey`: a passkey was added.
        PasskeyAdded = "passkey",
        /// `passkey-renamed`.
        PasskeyRenamed = "passkey-renamed",
        /// `passkey-removed`.
        PasskeyRemoved = "passkey-removed",
        /// `connected`: an identity at another provider was linked.
        Connected = "connected",
        /// `disconnected`: an identity at another provider was unlinked.
        Disconnected = "disconnected",
        /// `password-link`: a link to set a password went to the account's address.
        PasswordLinkSent = "password-link",
    }
}

/// The account's pages: what a person finds under each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountPart {
    /// Name, email address and phone number.
    Profile,
    /// Password, two-step login and passkeys. Opened only with a fresh login.
    Security,
    /// Sessions, apps with access, recent activity.
    Sessions,
}

impl AccountPart {
    pub const ALL: [AccountPart; 3] = [
        AccountPart::Profile,
        AccountPart::Security,
        AccountPart::Sessions,
    ];

    pub fn path(self) -> &'static str {
        match self {
            AccountPart::Profile => "/account",
            AccountPart::Security => "/account/security",
            AccountPart::Sessions => "/account/sessions",
        }
    }

    /// The part at `path`, if it is one (a `return_to` is checked against these).
    pub fn at(path: &str) -> Option<AccountPart> {
        AccountPart::ALL
            .into_iter()
            .find(|part| part.path() == path)
    }
}

impl Done {
    /// The page that shows this change.
    pub fn part(self) -> AccountPart {
        match self {
            Done::Profile
            | Done::EmailCodeSent
            | Done::PhoneCodeSent
            | Done::Email
            | Done::Phone
            | Done::PhoneVerified => AccountPart::Profile,
            Done::Password
            | Done::TotpEnabled
            | Done::TotpDisabled
            | Done::RecoveryCodes
            | Done::Confirmed
            | Done::TotpSetup
            | Done::PasskeyAdded
            | Done::PasskeyRenamed
            | Done::PasskeyRemoved
            | Done::Connected
            | Done::Disconnected
            | Done::PasswordLinkSent => AccountPart::Security,
            Done::Session | Done::Sessions | Done::App => AccountPart::Sessions,
        }
    }

    /// `/account…?done=<flag>`: where a server function sends the browser afterwards.
    pub fn account_url(self) -> String {
        format!("{}?done={}", self.part().path(), self.as_str())
    }
}

#[cfg(test)]
mod done_tests {
    use super::Done;

    #[test]
    fn a_flag_leads_back_to_the_account_page() {
        assert_eq!(Done::Profile.account_url(), "/account?done=profile");
        assert_eq!(
            Done::parse("passkey-removed")
                .map(Done::account_url)
                .as_deref(),
            Some("/account/security?done=passkey-removed")
        );
        assert_eq!(
            Done::Sessions.account_url(),
            "/account/sessions?done=sessions"
        );
    }
}
