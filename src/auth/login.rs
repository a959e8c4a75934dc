//! Logging in: by phone and a 6-digit SMS code, or by email/phone and password. Both answer
//! the same for unknown and known identifiers; what a right secret leads to is
//! [`Auth::conclude`]'s.

use secrecy::SecretString;

use super::codes::{Purpose, destination_subject};
use super::commands::{CodeLogin, PasswordLogin};
use super::conclude::Outcome;
use super::rate_limit::{CODES_PER_DESTINATION, PASSWORD_FAILURES, PASSWORD_LOGINS_PER_IP};
use super::sessions::LoginMethod;
use super::types::{Identifier, Phone};
use super::{AuditKind, Auth, Error, RequestMeta, Result, ip_subject};
use crate::notify::templates;
use crate::store::{Channel, UserRecord};

impl Auth {
    /// Sends a login code by SMS when `phone` belongs to an account. Registered or not, the
    /// answer is the same `Ok(())` and the same limits count, so the endpoint reveals nothing.
    pub async fn request_login_code(&self, phone: &Phone, meta: &RequestMeta) -> Result<()> {
        let now = self.clock.now();
        let user = self.store.find_user_by_phone(phone.as_str()).await?;
        // An unknown number is counted under its own name, where a known one counts under its
        // account: the same writes either way.
        let account = user
            .as_ref()
            .map_or_else(|| format!("unknown:{phone}"), |u| u.id.to_string());
        self.sms_limits(phone, &account, meta).await?;
        // A number voided by a reset (see `Store::reset_password`) is treated as unknown until
        // the owner confirms it again; a disabled account's, for as long as it is disabled.
        let Some(user) = user.filter(|u| {
            self.sms_allowed(phone) && u.phone_voided_at.is_none() && u.disabled_at.is_none()
        }) else {
            self.hit(
                CODES_PER_DESTINATION,
                &destination_subject(Purpose::LoginSms, phone.as_str()),
            )
            .await?;
            self.store
                .record_undeliverable(Channel::Sms, now, None)
                .await?;
            return Ok(());
        };
        let lifetime = Purpose::LoginSms.lifetime();
        let brand = self.brand_now();
        self.issue_code(
            user.id,
            Purpose::LoginSms,
            phone.as_str(),
            |code| super::codes::Delivery {
                channel: Channel::Sms,
                subject: String::new(),
                body: templates::login_code_sms(
                    brand.voice(user.locale.as_deref()),
                    code.expose(),
                    lifetime,
                ),
            },
            Some(self.audit(user.id, AuditKind::OtpSent, meta)),
        )
        .await?;
        Ok(())
    }

    /// Logs in with the code sent to `phone`. The number counts as verified only once the
    /// login succeeds (a code alone, for an account whose email nobody proved, is no proof
    /// that the account's owner holds the phone).
    pub async fn log_in_with_code(&self, login: &CodeLogin, meta: &RequestMeta) -> Result<Outcome> {
        let CodeLogin { phone, code } = login;
        let user = self.store.find_user_by_phone(phone.as_str()).await?;
        let live = self
            .spend_login_code(user.as_ref(), Purpose::LoginSms, phone.as_str(), code, meta)
            .await?;
        let now = self.clock.now();
        let mut outcome = self
            .conclude(live.user_id, LoginMethod::OneTimeCode.into(), meta)
            .await?;
        if self
            .store
            .mark_phone_verified(live.user_id, &live.destination, now)
            .await?
            && let Outcome::SignedIn { user, .. } = &mut outcome
        {
            user.phone_verified = true;
        }
        Ok(outcome)
    }

    /// Logs in with an email address or phone number and a password. Unknown identifier and
    /// wrong password are the same `InvalidCredentials`, and both cost one argon2 verification.
    pub async fn log_in_with_password(
        &self,
        login: &PasswordLogin,
        meta: &RequestMeta,
    ) -> Result<Outcome> {
        let PasswordLogin {
            identifier,
            password,
        } = login;
        self.hit(PASSWORD_LOGINS_PER_IP, &ip_subject(meta)).await?;
        let user: Option<UserRecord> = match identifier {
            Identifier::Email(email) => self.store.find_user_by_email(email.as_str()).await?,
            Identifier::Phone(phone) => self.store.find_user_by_phone(phone.as_str()).await?,
        };
        let correct = self
            .check_password(user.as_ref(), identifier.as_str(), password.secret())
            .await?;
        match user {
            // A disabled account gets the answer of a wrong password, after the same hashing.
            Some(user) if correct && user.disabled_at.is_none() => {
                self.conclude(user.id, LoginMethod::Password.into(), meta)
                    .await
            }
            other => {
                // Recorded for unknown identifiers too (without a user): the same writes on
                // both paths, and a trail of guessing.
                let mut entry = self.audit(uuid::Uuid::nil(), AuditKind::LoginFailed, meta);
                entry.user_id = other.map(|user| user.id);
                self.store.record_audit(&entry).await?;
                Err(Error::InvalidCredentials)
            }
        }
    }

    /// One argon2 check of `password` against `user`'s hash (or the dummy hash), under the
    /// failure limit of the account: the attempt is reserved before hashing, in one statement,
    /// so 40 guesses sent at once are not all checked. The counter is the account's, whichever
    /// identifier (email or phone) named it; an unknown identifier gets one of its own.
    pub(super) async fn check_password(
        &self,
        user: Option<&UserRecord>,
        identifier: &str,
        password: &SecretString,
    ) -> Result<bool> {
        let subject = user.map_or_else(|| format!("unknown:{identifier}"), |u| u.id.to_string());
        // Refused before the failure is reserved, so a flood the hasher cannot take costs no
        // writes (two per request, reserve and refund, grew SQLite's log by 20 MB/s).
        if self.hasher.is_busy() {
            return Err(Error::Busy);
        }
        self.hit(PASSWORD_FAILURES, &subject).await?;
        let correct = match self
            .hasher
            .verify(password, user.map(|u| u.password_hash.as_str()))
            .await
        {
            Ok(correct) => correct,
            Err(e) => {
                // Not checked after all (the hasher was busy or failed): not a failure.
                self.refund(PASSWORD_FAILURES, &subject).await?;
                return Err(e);
            }
        };
        if correct {
            self.reset(PASSWORD_FAILURES, &subject).await?;
        }
        Ok(correct)
    }
}
