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
}

impl Done {
    pub const ALL: [Done; 9] = [
        Done::Profile,
        Done::EmailCodeSent,
        Done::PhoneCodeSent,
        Done::Email,
        Done::Phone,
        Done::PhoneVerified,
        Done::Password,
        Done::Session,
        Done::Sessions,
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
