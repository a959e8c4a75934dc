//! A user as the outside world sees them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::contact::{Email, Phone};
use crate::store::UserRecord;

/// A user as the outside world sees them (the docs/API.md user object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: Email,
    pub phone: Phone,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub roles: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The language they chose or signed up in (a tag Latch ships), if any.
    pub locale: Option<String>,
}

/// The roles as the session query and the admin search read them (`user,admin`), in the order
/// the user object shows them: `user` first, then descending.
pub(super) fn roles_from_list(list: Option<String>) -> Vec<String> {
    let mut roles: Vec<String> = list
        .unwrap_or_default()
        .split(',')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    roles.sort_by(|a, b| b.cmp(a));
    roles
}

impl User {
    pub(super) fn from_record(record: UserRecord, roles: Vec<String>) -> Self {
        User {
            id: record.id,
            first_name: record.first_name,
            last_name: record.last_name,
            email: record.email,
            phone: record.phone,
            email_verified: record.email_verified_at.is_some(),
            phone_verified: record.phone_verified_at.is_some(),
            roles,
            created_at: record.created_at,
            updated_at: record.updated_at,
            locale: record.locale,
        }
    }
}
