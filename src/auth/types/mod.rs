//! Parsed inputs: the only way a raw string becomes an `Email`, `Phone`, `Name`, `Password` or
//! `Code` is through `parse`, so the domain never sees an unchecked value.

mod names;
mod secrets;

pub use crate::contact::{Email, Identifier, Phone};
pub use names::{Name, Role};
pub use secrets::{ChallengeToken, Code, NewPassword, PasswordAttempt, RecoveryCode, ResetToken};
use std::collections::BTreeMap;

use serde::Serialize;

/// Unicode format characters (category Cf) that text may hide: bidi marks, embeddings,
/// overrides and isolates, zero-width ones, the soft hyphen, the BOM. Dropped from a pasted
/// code; refused in text a brand shows (one would turn what follows it around).
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{00ad}' | '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// Field name → messages, in a stable order for JSON bodies and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(BTreeMap<&'static str, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_default().push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn single(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.add(field, message);
        errors
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &[String])> {
        self.0.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// Records the error of one field's parse and hands back the value, if any.
    pub fn take<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.add(field, message)).ok()
    }
}
