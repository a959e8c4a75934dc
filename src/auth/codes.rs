//! One-time codes: six digits from the OS CSPRNG, stored only as HMAC-SHA256 under the server
//! secret and compared in constant time. A database leak then yields no usable code, and a code
//! for one user or purpose is worthless for another.

use std::time::Duration;

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use uuid::Uuid;

use super::types::Code;
use super::{Auth, Result, earlier, later};
use crate::store::{AuditEntry, NewCode, NewMessage};

type HmacSha256 = Hmac<Sha256>;

/// What a code is for; the string is what is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    LoginSms,
    ChangeEmail,
    ChangePhone,
}

impl Purpose {
    /// Email codes live 15 minutes, SMS codes 5 (API.md).
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => super::limits::EMAIL_CODE_LIFETIME,
            Purpose::LoginSms | Purpose::ChangePhone => super::limits::SMS_CODE_LIFETIME,
        }
    }

    /// Emails wait out a cooldown per address; SMS are paced by the per-number rate limits,
    /// which count unknown numbers too.
    fn cooldown(self) -> Option<Duration> {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => Some(super::limits::RESEND_COOLDOWN),
            Purpose::LoginSms | Purpose::ChangePhone => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::LoginSms => "login_sms",
            Purpose::ChangeEmail => "change_email",
            Purpose::ChangePhone => "change_phone",
        }
    }
}

pub fn generate() -> Code {
    let n: u32 = rand::rngs::OsRng.gen_range(0..1_000_000);
    Code::from_generated(format!("{n:06}"))
}

/// The message that carries a code to its destination.
pub(super) struct Delivery {
    pub channel: &'static str,
    pub subject: String,
    pub body: String,
}

impl Auth {
    /// Replaces the user's live code for `purpose` with a fresh one and queues the message
    /// that carries it, in one transaction (with `audit`, if any). Within the purpose's
    /// cooldown nothing happens if a code went to the same destination; returns whether a
    /// code was issued.
    pub(super) async fn issue_code(
        &self,
        user_id: Uuid,
        purpose: Purpose,
        destination: &str,
        message: impl FnOnce(&Code) -> Delivery,
        audit: Option<AuditEntry>,
    ) -> Result<bool> {
        let now = self.clock.now();
        let lifetime = purpose.lifetime();
        let cooldown = purpose.cooldown();
        let code = generate();
        let delivery = message(&code);
        let issued = self
            .store
            .replace_code(
                &NewCode {
                    user_id,
                    purpose: purpose.as_str(),
                    destination: destination.to_owned(),
                    code_hash: self.codes.hash(user_id, purpose, &code),
                    expires_at: later(now, lifetime),
                    created_at: now,
                },
                cooldown.map_or(now, |c| earlier(now, c)),
                &NewMessage {
                    channel: delivery.channel,
                    destination: destination.to_owned(),
                    subject: delivery.subject,
                    body: delivery.body,
                    created_at: now,
                    expires_at: later(now, lifetime),
                },
                audit.as_ref(),
            )
            .await?;
        if issued {
            self.outbox.wake();
        }
        Ok(issued)
    }
}

#[derive(Clone)]
pub struct CodeHasher {
    key: Vec<u8>,
}

impl CodeHasher {
    pub fn new(secret: &[u8]) -> Self {
        CodeHasher {
            key: secret.to_vec(),
        }
    }

    fn mac(&self, user_id: Uuid, purpose: Purpose, code: &Code) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(b"latch-code\0");
        mac.update(purpose.as_str().as_bytes());
        mac.update(b"\0");
        mac.update(user_id.as_bytes());
        mac.update(b"\0");
        mac.update(code.expose().as_bytes());
        mac
    }

    pub fn hash(&self, user_id: Uuid, purpose: Purpose, code: &Code) -> Vec<u8> {
        self.mac(user_id, purpose, code)
            .finalize()
            .into_bytes()
            .to_vec()
    }

    /// Constant-time comparison (`verify_slice`), so timing reveals nothing about the digits.
    pub fn matches(&self, user_id: Uuid, purpose: Purpose, code: &Code, stored: &[u8]) -> bool {
        self.mac(user_id, purpose, code)
            .verify_slice(stored)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> =
            (0..50).map(|_| generate().expose().to_owned()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit()))
        );
        assert!(
            codes.len() > 45,
            "50 draws from a million should hardly repeat"
        );
    }

    #[test]
    fn a_hash_matches_only_its_code_user_and_key() {
        let hasher = CodeHasher::new(&[7; 32]);
        let user = Uuid::new_v4();
        let code = Code::parse("123456").unwrap();
        let stored = hasher.hash(user, Purpose::VerifyEmail, &code);
        assert_ne!(stored, b"123456");
        assert!(hasher.matches(user, Purpose::VerifyEmail, &code, &stored));
        assert!(!hasher.matches(
            user,
            Purpose::VerifyEmail,
            &Code::parse("123457").unwrap(),
            &stored
        ));
        assert!(!hasher.matches(Uuid::new_v4(), Purpose::VerifyEmail, &code, &stored));
        assert!(!CodeHasher::new(&[8; 32]).matches(user, Purpose::VerifyEmail, &code, &stored));
    }
}
