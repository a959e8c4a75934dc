//! The page-form error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
