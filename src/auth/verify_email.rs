//! Email verification: check a code, and send a fresh one on request (with a cooldown).

use super::codes::destination_subject;
use super::codes::{Delivery, Purpose};
use super::commands::EmailVerification;
use super::rate_limit::{CODES_PER_DESTINATION, EMAILS_PER_IP};
use super::types::Email;
use super::{AuditKind, Auth, Error, RequestMeta, Result, User, ip_subject};
use crate::notify::templates;
use crate::store::{AuditEntry, Channel};

impl Auth {
    /// Marks the address verified if `code` is its live verification code. Every failure —
    /// unknown address, wrong, expired, used or exhausted code — is the same `InvalidCode`.
    pub async fn verify_email(
        &self,
        verification: &EmailVerification,
        meta: &RequestMeta,
    ) -> Result<User> {
        let EmailVerification { email, code } = verification;
        let user = self.store.find_user_by_email(email.as_str()).await?;
        // A code sent to an address the user has since left proves nothing about the new one:
        // it must have gone to this address.
        let live = self
            .check_code(
                user.as_ref().map(|u| u.id),
                Purpose::VerifyEmail,
                Some(email.as_str()),
                code,
                meta,
            )
            .await?;
        if user.as_ref().is_some_and(|u| u.disabled_at.is_some()) {
            return Err(Error::InvalidCode);
        }
        let audit = self.audit(live.user_id, AuditKind::EmailVerified, meta);
        if !self
            .store
            .consume_email_verification(&live, self.clock.now(), &audit)
            .await?
        {
            return Err(Error::InvalidCode);
        }
        let user = self
            .store
            .find_user(live.user_id)
            .await?
            .ok_or_else(|| Error::internal("verified user vanished"))?;
        self.grant_configured_admin(user.id, user.email.as_str())
            .await?;
        self.load_user(user).await
    }

    /// Sends a new verification code, killing the old one. Says nothing about whether the
    /// address is registered or already verified, and sends at most one email per address per
    /// cooldown and 3 an hour, so it can neither enumerate accounts nor flood an inbox.
    pub async fn resend_email_verification(&self, email: &Email, meta: &RequestMeta) -> Result<()> {
        self.hit(EMAILS_PER_IP, &ip_subject(meta)).await?;
        let user = self.store.find_user_by_email(email.as_str()).await?;
        let Some(user) = user.filter(|u| u.email_verified_at.is_none() && u.disabled_at.is_none())
        else {
            // Unknown, already verified or disabled: the same writes, no message.
            let subject = destination_subject(Purpose::VerifyEmail, email.as_str());
            self.hit(CODES_PER_DESTINATION, &subject).await.ok();
            return Ok(self
                .store
                .record_undeliverable(Channel::Email, self.clock.now(), None)
                .await?);
        };
        match self
            .issue_email_code(
                user.id,
                &user.first_name,
                user.locale.as_deref(),
                email,
                None,
            )
            .await
        {
            // Past the hourly count the answer stays the same: nothing to learn from it.
            Err(Error::RateLimited { .. }) => Ok(()),
            other => other.map(drop),
        }
    }

    /// Replaces the user's verification code with a fresh one and queues its email (with
    /// `audit`, if any), unless a code went to this address less than the cooldown ago; returns
    /// whether one went.
    pub(super) async fn issue_email_code(
        &self,
        user_id: uuid::Uuid,
        first_name: &str,
        locale: Option<&str>,
        email: &Email,
        audit: Option<AuditEntry>,
    ) -> Result<bool> {
        let lifetime = Purpose::VerifyEmail.lifetime();
        let brand = self.brand_now();
        self.issue_code(
            user_id,
            Purpose::VerifyEmail,
            email.as_str(),
            |code| {
                let content = templates::verification_code(
                    brand.voice(locale),
                    first_name,
                    code.expose(),
                    lifetime,
                );
                Delivery {
                    channel: Channel::Email,
                    subject: content.subject,
                    body: content.body,
                }
            },
            audit,
        )
        .await
    }
}
