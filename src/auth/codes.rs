//! One-time codes: six digits from the OS CSPRNG, stored only as HMAC-SHA256 under the server
//! secret and compared in constant time. A database leak then yields no usable code, and a code
//! for one user or purpose is worthless for another.

use std::time::Duration;

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use uuid::Uuid;

use super::rate_limit::{
    CODE_CHECKS_PER_IP, CODE_FAILURES_PER_DESTINATION, CODE_FAILURES_PER_USER,
    CODES_PER_DESTINATION, EMAIL_LOGIN_CODES, Rule, SMS_BUDGET, SMS_COOLDOWN,
    SMS_LOGIN_FAILURES_PER_DAY, SMS_PER_IP, SMS_PER_NUMBER, SMS_PER_USER, ip_subject,
};
use super::types::{Code, FieldErrors, Phone};
use super::{AuditKind, Auth, Error, RequestMeta, Result, earlier, later, limits};
use crate::store::{AuditEntry, Channel, CodeRecord, NewCode, NewMessage, UserRecord};

type HmacSha256 = Hmac<Sha256>;

string_enum! {
    /// What a code is for; the string is what is stored.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Purpose {
        VerifyEmail = "verify_email",
        LoginSms = "login_sms",
        LoginEmail = "login_email",
        ChangeEmail = "change_email",
        ChangePhone = "change_phone",
    }
}

impl Purpose {
    /// Email codes live 15 minutes, SMS codes 5 (docs/API.md).
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => super::limits::EMAIL_CODE_LIFETIME,
            Purpose::LoginEmail => super::limits::EMAIL_LOGIN_CODE_LIFETIME,
            Purpose::LoginSms | Purpose::ChangePhone => super::limits::SMS_CODE_LIFETIME,
        }
    }

    /// How many codes an hour may go to one destination for this purpose.
    fn per_destination(self) -> Rule {
        match self {
            Purpose::LoginEmail => EMAIL_LOGIN_CODES,
            _ => CODES_PER_DESTINATION,
        }
    }

    /// The name failures are counted under: a login's codes share theirs, by SMS or email.
    fn failures(self) -> &'static str {
        match self {
            Purpose::LoginSms | Purpose::LoginEmail => "login",
            _ => self.as_str(),
        }
    }

    /// Emails wait out a cooldown per address; SMS are paced by the per-number rate limits,
    /// which count unknown numbers too.
    fn cooldown(self) -> Option<Duration> {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => Some(super::limits::RESEND_COOLDOWN),
            // Paced by `EMAIL_LOGIN_COOLDOWN`, which counts unknown addresses too.
            Purpose::LoginEmail | Purpose::LoginSms | Purpose::ChangePhone => None,
        }
    }
}

/// The code as it is hashed: with its binding, if it has one, so that it matches only when
/// the same binding comes back with it.
pub(super) fn bound(code: &Code, binding: Option<&str>) -> Code {
    match binding {
        Some(binding) => Code::from_generated(format!("{}:{binding}", code.expose())),
        None => code.clone(),
    }
}

pub fn generate() -> Code {
    let n: u32 = rand::rngs::OsRng.gen_range(0..1_000_000);
    Code::from_generated(format!("{n:06}"))
}

/// The message that carries a code to its destination.
pub(super) struct Delivery {
    pub channel: Channel,
    pub subject: String,
    pub body: String,
}

impl Auth {
    /// Replaces the user's live code for `purpose` with a fresh one and queues the message
    /// that carries it, in one transaction (with `audit`, if any). Within the purpose's
    /// cooldown nothing happens if a code went to the same destination; returns whether a
    /// code was issued. At most 3 codes an hour go to one destination for one purpose
    /// (`RateLimited` past that), however the destinations alternate.
    pub(super) async fn issue_code(
        &self,
        user_id: Uuid,
        purpose: Purpose,
        destination: &str,
        message: impl FnOnce(&Code) -> Delivery,
        audit: Option<AuditEntry>,
    ) -> Result<bool> {
        self.issue_bound_code(user_id, purpose, destination, None, message, audit)
            .await
    }

    /// As [`Auth::issue_code`], for a code that matches only together with `binding` (an
    /// email login's attempt).
    pub(super) async fn issue_bound_code(
        &self,
        user_id: Uuid,
        purpose: Purpose,
        destination: &str,
        binding: Option<&str>,
        message: impl FnOnce(&Code) -> Delivery,
        audit: Option<AuditEntry>,
    ) -> Result<bool> {
        let per_destination = destination_subject(purpose, destination);
        self.hit(purpose.per_destination(), &per_destination)
            .await?;
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
                    code_hash: self.codes.hash(user_id, purpose, &bound(&code, binding)),
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
        } else {
            // Held back by the cooldown: no code went out, so none is counted.
            self.refund(purpose.per_destination(), &per_destination)
                .await?;
        }
        Ok(issued)
    }

    /// Checks `code` against the live code of `user` for `purpose` and spends one of its tries.
    /// Failures are counted across all codes: per (user, purpose) and per (purpose,
    /// destination), 10 an hour, plus 20 a day per number for SMS logins. Each check reserves
    /// its place in those counters before comparing (so parallel guesses cannot slip past)
    /// and a success gives it back. `user` is `None` for an unknown identifier, which costs
    /// the same counting and fails. `destination` is where the code must have gone, when the
    /// request names it; else the live code's own destination is counted.
    pub(super) async fn check_code(
        &self,
        user: Option<Uuid>,
        purpose: Purpose,
        destination: Option<&str>,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<CodeRecord> {
        self.hit(CODE_CHECKS_PER_IP, &ip_subject(meta)).await?;
        let now = self.clock.now();
        let live = match user {
            Some(user_id) => {
                self.store
                    .claim_code_attempt(user_id, purpose.as_str(), now, limits::CODE_MAX_ATTEMPTS)
                    .await?
            }
            None => None,
        };
        let counted_destination = destination
            .or(live.as_ref().map(|l| l.destination.as_str()))
            .map(|d| d.to_owned());
        let mut counters = Vec::with_capacity(3);
        if let Some(user_id) = user {
            counters.push((
                CODE_FAILURES_PER_USER,
                format!("{}:{user_id}", purpose.failures()),
            ));
        }
        if let Some(destination) = &counted_destination {
            counters.push((
                CODE_FAILURES_PER_DESTINATION,
                format!("{}:{destination}", purpose.failures()),
            ));
            if purpose == Purpose::LoginSms {
                counters.push((SMS_LOGIN_FAILURES_PER_DAY, destination.clone()));
            }
        }
        for (rule, subject) in &counters {
            self.hit(*rule, subject).await?;
        }
        let matched = live.filter(|live| {
            destination.is_none_or(|d| d == live.destination)
                && user.is_some_and(|u| self.codes.matches(u, purpose, code, &live.code_hash))
        });
        let Some(live) = matched else {
            return Err(Error::InvalidCode);
        };
        for (rule, subject) in &counters {
            self.refund(*rule, subject).await?;
        }
        Ok(live)
    }

    /// Checks and spends a login code of `user` (found by the identifier the code was sent
    /// to, or `None` when that identifier is unknown). A wrong code is audited as a failed
    /// login; a disabled account's code, an unknown identifier and a code spent meanwhile by a
    /// parallel request are all `InvalidCode`.
    pub(super) async fn spend_login_code(
        &self,
        user: Option<&UserRecord>,
        purpose: Purpose,
        destination: &str,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<CodeRecord> {
        let checked = self
            .check_code(user.map(|u| u.id), purpose, Some(destination), code, meta)
            .await;
        let live = match (checked, user) {
            // Its codes died when it was disabled; this covers one issued in the same instant.
            (Ok(_), Some(user)) if user.disabled_at.is_some() => return Err(Error::InvalidCode),
            (Ok(live), Some(_)) => live,
            (Err(e), Some(user)) => {
                if matches!(e, Error::InvalidCode) {
                    self.store
                        .record_audit(&self.audit(user.id, AuditKind::LoginFailed, meta))
                        .await?;
                }
                return Err(e);
            }
            (result, None) => return result.and(Err(Error::InvalidCode)),
        };
        if !self.store.consume_code(&live, self.clock.now()).await? {
            return Err(Error::InvalidCode);
        }
        Ok(live)
    }

    /// Every limit on sending one SMS, in the order that stops an abuser cheapest: the
    /// country, the client's address, the number, the account (`account` is the user id, or
    /// the number itself for an unknown one), and last this deployment's hourly budget —
    /// past which nothing is queued and the operator hears of it.
    pub(super) async fn sms_limits(
        &self,
        phone: &Phone,
        account: &str,
        meta: &RequestMeta,
    ) -> Result<()> {
        self.hit(SMS_PER_IP, &ip_subject(meta)).await?;
        self.hit(SMS_COOLDOWN, phone.as_str()).await?;
        self.hit(SMS_PER_NUMBER, phone.as_str()).await?;
        self.hit(SMS_PER_USER, account).await?;
        if let Err(Error::RateLimited { .. }) = self.hit(SMS_BUDGET, "all").await {
            tracing::error!(
                budget = self.limits.get(SMS_BUDGET).max,
                "the hourly SMS budget (SMS_BUDGET_PER_HOUR) is spent: SMS requests are refused"
            );
            return Err(Error::SmsUnavailable);
        }
        Ok(())
    }

    /// Refuses a number in a country SMS may not go to (`SMS_ALLOWED_COUNTRIES`), as a
    /// validation error of `field`.
    pub(super) fn check_sms_country(&self, phone: &Phone, field: &'static str) -> Result<()> {
        if self.sms_allowed(phone) {
            return Ok(());
        }
        Err(Error::Validation(FieldErrors::single(
            field,
            "must be a number in a country we send text messages to",
        )))
    }

    pub(super) fn sms_allowed(&self, phone: &Phone) -> bool {
        self.sms_countries.is_empty()
            || phone
                .country()
                .is_some_and(|c| self.sms_countries.contains(&c))
    }

    /// Sends `user_id` a code by SMS for `purpose` under every SMS limit. Returns whether a
    /// code was issued.
    pub(super) async fn send_sms_code(
        &self,
        user_id: Uuid,
        purpose: Purpose,
        phone: &Phone,
        body: impl FnOnce(&Code) -> String,
        meta: &RequestMeta,
        audit: Option<AuditEntry>,
    ) -> Result<bool> {
        self.sms_limits(phone, &user_id.to_string(), meta).await?;
        self.issue_code(
            user_id,
            purpose,
            phone.as_str(),
            |code| Delivery {
                channel: Channel::Sms,
                subject: String::new(),
                body: body(code),
            },
            audit,
        )
        .await
    }
}

/// The subject of a per-destination counter: `login_sms:+15551234567`.
pub(super) fn destination_subject(purpose: Purpose, destination: &str) -> String {
    format!("{}:{destination}", purpose.as_str())
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

    #[allow(clippy::expect_used, reason = "HMAC takes keys of any length")]
    fn keyed(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length")
    }

    fn mac(&self, user_id: Uuid, purpose: Purpose, code: &Code) -> HmacSha256 {
        let mut mac = self.keyed();
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

    /// The stored form of a recovery code: looked up by equality, so it must be deterministic;
    /// keyed, so a leaked table cannot be searched offline without `LATCH_SECRET`.
    pub fn recovery_hash(&self, user_id: Uuid, code: &super::types::RecoveryCode) -> Vec<u8> {
        let mut mac = self.keyed();
        mac.update(b"latch-recovery-code\0");
        mac.update(user_id.as_bytes());
        mac.update(b"\0");
        mac.update(code.expose().as_bytes());
        mac.finalize().into_bytes().to_vec()
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
