//! Rows as they go into and come out of the database: plain data, no rules.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::contact::{Email, Phone};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRecord {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "String")]
    pub email: Email,
    #[sqlx(try_from = "String")]
    pub phone: Phone,
    pub password_hash: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub phone_verified_at: Option<DateTime<Utc>>,
    /// A reset that first proved the mailbox voided the number: no login codes go to it.
    pub phone_voided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set by an admin: no login by any method, no live session.
    pub disabled_at: Option<DateTime<Utc>>,
    /// The language chosen or signed up in (a tag Latch ships).
    pub locale: Option<String>,
}

pub struct NewUser {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    /// The language the sign-up was made in.
    pub locale: Option<String>,
}

/// A one-time code to store: only its keyed hash, never the digits.
pub struct NewCode {
    pub user_id: Uuid,
    pub purpose: &'static str,
    pub destination: String,
    pub code_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CodeRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub destination: String,
    pub code_hash: Vec<u8>,
}

string_enum! {
    /// How a message travels; the string is what the outbox stores.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Channel {
        Email = "email",
        Sms = "sms",
    }
}

/// A message for the outbox worker to deliver; it dies with the code it carries.
#[derive(Clone)]
pub struct NewMessage {
    pub channel: Channel,
    pub destination: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: Uuid,
    pub channel: String,
    pub destination: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
    pub expires_at: DateTime<Utc>,
}

/// An audit event: who, what, from where. Never a secret.
#[derive(Clone)]
pub struct AuditEntry {
    pub user_id: Option<Uuid>,
    /// Who acted when it was not the user: the admin's id.
    pub actor_id: Option<Uuid>,
    pub kind: &'static str,
    /// What changed, as JSON (`{"added": […], "removed": […]}` for roles).
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxStatus {
    pub state: String,
    pub attempts: i32,
    pub body: String,
    pub last_error: Option<String>,
}
