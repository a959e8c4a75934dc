//! Logging in: by phone and a 6-digit SMS code, or by email/phone and password. Both answer
//! the same for unknown and known identifiers, and both refuse an unverified email address
//! (sending a fresh verification code) after the credentials check out.

use secrecy::SecretString;

use super::codes::{Delivery, Purpose};
use super::rate_limit::{
    CODE_CHECKS_PER_IP, OTP_REQUESTS_PER_IP, PASSWORD_FAILURES, PASSWORD_LOGINS_PER_IP,
    SMS_COOLDOWN, SMS_PER_NUMBER,
};
use super::types::{Code, Email, Identifier, PasswordAttempt, Phone};
use super::{AuditKind, Auth, Error, RequestMeta, Result, User, limits};
use crate::notify::templates;
use crate::store::UserRecord;

fn ip_key(meta: &RequestMeta) -> String {
    meta.ip
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

impl Auth {
    /// Sends a login code by SMS when `phone` belongs to an account. Registered or not, the
    /// answer is the same `Ok(())` and the same limits count, so the endpoint reveals nothing.
    pub async fn request_login_code(&self, phone: &Phone, meta: &RequestMeta) -> Result<()> {
        self.hit(OTP_REQUESTS_PER_IP, &ip_key(meta)).await?;
        self.hit(SMS_COOLDOWN, phone.as_str()).await?;
        self.hit(SMS_PER_NUMBER, phone.as_str()).await?;

        let now = self.clock.now();
        let Some(user) = self.store.find_user_by_phone(phone.as_str()).await? else {
            self.store.record_undeliverable("sms", now).await?;
            return Ok(());
        };
        let lifetime = Purpose::LoginSms.lifetime();
        self.issue_code(
            user.id,
            Purpose::LoginSms,
            phone.as_str(),
            |code| Delivery {
                channel: "sms",
                subject: String::new(),
                body: templates::login_code_sms(code.expose(), lifetime),
            },
            Some(self.audit(user.id, AuditKind::OtpSent, meta)),
        )
        .await?;
        Ok(())
    }

    /// Logs in with the code sent to `phone`; a success also marks the number verified.
    pub async fn log_in_with_code(
        &self,
        phone: &Phone,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<User> {
        self.hit(CODE_CHECKS_PER_IP, &ip_key(meta)).await?;
        let Some(user) = self.store.find_user_by_phone(phone.as_str()).await? else {
            return Err(Error::InvalidCode);
        };
        let now = self.clock.now();
        let purpose = Purpose::LoginSms;
        let live = self
            .store
            .claim_code_attempt(user.id, purpose.as_str(), now, limits::CODE_MAX_ATTEMPTS)
            .await?;
        let matches = live.as_ref().is_some_and(|live| {
            live.destination == user.phone
                && self.codes.matches(user.id, purpose, code, &live.code_hash)
        });
        let consumed = match (&live, matches) {
            (Some(live), true) => self.store.consume_login_code(live, now).await?,
            _ => false,
        };
        if !consumed {
            self.store
                .record_audit(&self.audit(user.id, AuditKind::LoginFailed, meta))
                .await?;
            return Err(Error::InvalidCode);
        }
        self.finish_login(user.id, meta).await
    }

    /// Logs in with an email address or phone number and a password. Unknown identifier and
    /// wrong password are the same `InvalidCredentials`, and both cost one argon2 verification.
    pub async fn log_in_with_password(
        &self,
        identifier: &Identifier,
        password: &PasswordAttempt,
        meta: &RequestMeta,
    ) -> Result<User> {
        self.hit(PASSWORD_LOGINS_PER_IP, &ip_key(meta)).await?;
        self.check(PASSWORD_FAILURES, identifier.as_str()).await?;

        let user: Option<UserRecord> = match identifier {
            Identifier::Email(email) => self.store.find_user_by_email(email.as_str()).await?,
            Identifier::Phone(phone) => self.store.find_user_by_phone(phone.as_str()).await?,
        };
        let secret: &SecretString = password.secret();
        let correct = self
            .hasher
            .verify(secret, user.as_ref().map(|u| u.password_hash.as_str()))
            .await?;
        match user {
            Some(user) if correct => self.finish_login(user.id, meta).await,
            other => {
                self.hit(PASSWORD_FAILURES, identifier.as_str()).await.ok();
                // Recorded for unknown identifiers too (without a user): the same writes on
                // both paths, and a trail of guessing.
                let mut entry = self.audit(uuid::Uuid::nil(), AuditKind::LoginFailed, meta);
                entry.user_id = other.map(|user| user.id);
                self.store.record_audit(&entry).await?;
                Err(Error::InvalidCredentials)
            }
        }
    }

    /// The credentials were right: refuse an unverified email (sending a fresh code, within
    /// the resend cooldown), else record the login.
    async fn finish_login(&self, user_id: uuid::Uuid, meta: &RequestMeta) -> Result<User> {
        let record = self
            .store
            .find_user(user_id)
            .await?
            .ok_or_else(|| Error::Internal("user vanished during login".into()))?;
        if record.email_verified_at.is_none() {
            let email = Email::parse(&record.email)
                .map_err(|e| Error::Internal(format!("stored email unreadable: {e}")))?;
            self.issue_email_code(record.id, &record.first_name, &email)
                .await?;
            return Err(Error::EmailNotVerified {
                user_id: record.id,
                email: record.email,
            });
        }
        self.store
            .record_audit(&self.audit(record.id, AuditKind::LoginSucceeded, meta))
            .await?;
        self.load_user(record).await
    }
}
