//! Outgoing messages: email over SMTP (lettre), SMS over HTTP (reqwest), both delivered by the
//! outbox worker from rows written in the same transaction as the change that caused them.

pub mod mailer;
pub mod outbox;
pub mod segments;
pub mod sms;
pub mod templates;

pub use mailer::Mailer;
pub use sms::SmsSender;

/// Why a delivery failed, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The provider is down, slow or rate limiting: retry with backoff.
    #[error("transient: {0}")]
    Transient(String),
    /// The provider refused this message for good (bad address, bad credentials): retrying
    /// would only repeat the refusal.
    #[error("permanent: {0}")]
    Permanent(String),
}
