//! Shapes shared by the browser and the server: the API.md user object and the page-form error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The user object of API.md, as sent to apps and shown on pages.
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
