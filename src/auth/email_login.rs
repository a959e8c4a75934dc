//! Logging in with a 6-digit code sent by email. The code works only together with the attempt
//! that asked for it: the browser that asked keeps the attempt in its session, an API client
//! gets it in the answer. A code read out to a stranger, or taken from a mailbox by a link
//! scanner, lets no one in on another device. Known and unknown addresses get the same answer
//! under the same limits; only a known, enabled account is sent a code. What a right code leads
//! to is [`Auth::conclude`]'s: one factor (`otp`), so an account with an authenticator is asked
//! for it next. For an account whose email nobody had verified, the code is the first proof
//! of the address and takes the account over (`prove_email`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::codes::{Delivery, Purpose, bound, destination_subject};
use super::commands::EmailCodeLogin;
use super::conclude::Outcome;
use super::credentials::CredentialChange;
use super::rate_limit::{
    CODE_CHECKS_PER_IP, EMAIL_LOGIN_CODES, EMAIL_LOGIN_COOLDOWN, EMAIL_LOGINS_PER_IP,
};
use super::sealing::Sealer;
use super::sessions::LoginMethod;
use super::types::{Email, NewPassword};
use super::{AuditKind, Auth, Error, RequestMeta, Result, ip_subject, later, limits};
use crate::notify::templates;
use crate::store::{AuditEntry, Channel, NewMessage, UserRecord};

/// What the attempt token holds, sealed: the address asked for, the moment the attempt ends,
/// and the random id its code is bound to.
#[derive(Serialize, Deserialize)]
struct Sealed {
    email: String,
    expires: i64,
    id: String,
}

/// An email login in progress, read back from its token.
struct Attempt {
    email: Email,
    id: String,
}

/// What binds an attempt token to its purpose; a token sealed for anything else opens as none.
const BOUND_TO: &str = "email login attempt";

pub(super) fn sealer(secret: &[u8]) -> Sealer {
    Sealer::new(secret, b"latch email login v1")
}

impl Auth {
    /// Starts an email login: the attempt token to send back with the code. Every address,
    /// registered or not, gets a token of the same shape and counts against the same limits:
    /// 20 an hour per client address, one a minute and five an hour per address.
    pub async fn request_email_login(&self, email: &Email, meta: &RequestMeta) -> Result<String> {
        self.hit(EMAIL_LOGINS_PER_IP, &ip_subject(meta)).await?;
        self.hit(EMAIL_LOGIN_COOLDOWN, email.as_str()).await?;
        let now = self.clock.now();
        let lifetime = Purpose::LoginEmail.lifetime();
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let attempt = Attempt {
            email: email.clone(),
            id: URL_SAFE_NO_PAD.encode(id),
        };
        let sealed = serde_json::to_vec(&Sealed {
            email: email.to_string(),
            expires: later(now, lifetime).timestamp(),
            id: attempt.id.clone(),
        })
        .map_err(Error::internal)?;
        let token = URL_SAFE_NO_PAD.encode(self.attempt_sealer.seal(BOUND_TO, &sealed)?);

        let user = self
            .store
            .find_user_by_email(email.as_str())
            .await?
            .filter(|u| u.disabled_at.is_none());
        let Some(user) = user else {
            self.hit(
                EMAIL_LOGIN_CODES,
                &destination_subject(Purpose::LoginEmail, email.as_str()),
            )
            .await?;
            // The writes a known address's code costs (its message and its audit entry), so
            // both take as long.
            let audit = AuditEntry {
                user_id: None,
                ..self.audit(Uuid::nil(), AuditKind::EmailCodeUnknown, meta)
            };
            self.store
                .record_undeliverable(Channel::Email, self.clock.now(), Some(&audit))
                .await?;
            return Ok(token);
        };
        let brand = self.brand_now();
        self.issue_bound_code(
            user.id,
            Purpose::LoginEmail,
            email.as_str(),
            Some(&attempt.id),
            |code| {
                let link = self.link("/login/email/code", &format!("code={}", code.expose()));
                let content = templates::login_code_email(
                    brand.voice(user.locale.as_deref()),
                    &user.first_name,
                    code.expose(),
                    &link,
                    lifetime,
                );
                Delivery {
                    channel: Channel::Email,
                    subject: content.subject,
                    body: content.body,
                }
            },
            Some(self.audit(user.id, AuditKind::EmailCodeSent, meta)),
        )
        .await?;
        Ok(token)
    }

    /// Logs in with the code of an email login and the attempt that asked for it. An attempt
    /// that does not open (forged, expired, of another Latch) and a wrong code are the same
    /// `InvalidCode`, counted like any code check.
    pub async fn log_in_with_email_code(
        &self,
        login: &EmailCodeLogin,
        meta: &RequestMeta,
    ) -> Result<Outcome> {
        let EmailCodeLogin { attempt, code } = login;
        let Some(attempt) = self.open_attempt(attempt) else {
            self.hit(CODE_CHECKS_PER_IP, &ip_subject(meta)).await?;
            return Err(Error::InvalidCode);
        };
        let user = self
            .store
            .find_user_by_email(attempt.email.as_str())
            .await?;
        let live = self
            .spend_login_code(
                user.as_ref(),
                Purpose::LoginEmail,
                attempt.email.as_str(),
                &bound(code, Some(&attempt.id)),
                meta,
            )
            .await?;
        if let Some(user) = user.filter(|u| u.email_verified_at.is_none()) {
            self.prove_email(&user, meta).await?;
        }
        self.conclude(live.user_id, LoginMethod::OneTimeCode.into(), meta)
            .await
    }

    /// The first proof of an address nobody had verified takes the account over: whoever
    /// registered it (perhaps someone pre-registering another person's address, with their own
    /// password and phone) proved nothing. The password becomes one nobody knows, the phone
    /// is voided, every session and grant ends, and the owner is told how to set a password.
    pub(super) async fn prove_email(&self, user: &UserRecord, meta: &RequestMeta) -> Result<()> {
        let password_hash = self.unknown_password_hash().await?;
        let now = self.clock.now();
        let brand = self.brand_now();
        let voice = brand.voice(user.locale.as_deref());
        let notice = templates::email_proven_notice(voice, &user.first_name);
        self.store
            .prove_email(
                user.id,
                &password_hash,
                CredentialChange::PasswordReset.ends(),
                now,
                &NewMessage {
                    channel: Channel::Email,
                    destination: user.email.to_string(),
                    subject: notice.subject,
                    body: notice.body,
                    created_at: now,
                    expires_at: later(now, limits::EMAIL_CODE_LIFETIME),
                },
                &self.audit(user.id, AuditKind::EmailProven, meta),
            )
            .await?;
        self.outbox.wake();
        // The owner of an address in `LATCH_ADMIN_EMAILS` is an admin once it is proven.
        self.grant_configured_admin(user.id, user.email.as_str())
            .await
    }

    /// The hash of a random password nobody is told: an account with it has no password
    /// until its owner sets one by "Forgot your password?", and a password login on it costs
    /// the same argon2 work as on any other.
    pub(super) async fn unknown_password_hash(&self) -> Result<String> {
        let mut unknown = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut unknown);
        let unknown =
            NewPassword::parse(&URL_SAFE_NO_PAD.encode(unknown)).map_err(Error::internal)?;
        self.hasher.hash(&unknown).await
    }

    fn open_attempt(&self, token: &str) -> Option<Attempt> {
        let sealed = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        let plain = self.attempt_sealer.open(BOUND_TO, &sealed)?;
        let sealed: Sealed = serde_json::from_slice(&plain).ok()?;
        if sealed.expires <= self.clock.now().timestamp() {
            return None;
        }
        Some(Attempt {
            email: Email::parse(&sealed.email).ok()?,
            id: sealed.id,
        })
    }
}
