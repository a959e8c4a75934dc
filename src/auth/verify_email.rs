//! Email verification: check a code, and send a fresh one on request (with a cooldown).

use super::codes::{Delivery, Purpose};
use super::types::{Code, Email};
use super::{AuditKind, Auth, Error, RequestMeta, Result, User, limits};
use crate::notify::templates;

impl Auth {
    /// Marks the address verified if `code` is its live verification code. Every failure —
    /// unknown address, wrong, expired, used or exhausted code — is the same `InvalidCode`.
    pub async fn verify_email(
        &self,
        email: &Email,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<User> {
        let Some(user) = self.store.find_user_by_email(email.as_str()).await? else {
            return Err(Error::InvalidCode);
        };
        let now = self.clock.now();
        let purpose = Purpose::VerifyEmail;
        let Some(live) = self
            .store
            .claim_code_attempt(user.id, purpose.as_str(), now, limits::CODE_MAX_ATTEMPTS)
            .await?
        else {
            return Err(Error::InvalidCode);
        };
        // A code sent to an address the user has since left proves nothing about the new one.
        if live.destination != user.email
            || !self.codes.matches(user.id, purpose, code, &live.code_hash)
        {
            return Err(Error::InvalidCode);
        }
        let audit = self.audit(user.id, AuditKind::EmailVerified, meta);
        if !self
            .store
            .consume_email_verification(&live, now, &audit)
            .await?
        {
            return Err(Error::InvalidCode);
        }
        let user = self
            .store
            .find_user(user.id)
            .await?
            .ok_or_else(|| Error::Internal("verified user vanished".into()))?;
        self.load_user(user).await
    }

    /// Sends a new verification code, killing the old one. Says nothing about whether the
    /// address is registered or already verified, and sends at most one email per address per
    /// cooldown, so it can neither enumerate accounts nor flood an inbox.
    pub async fn resend_email_verification(&self, email: &Email) -> Result<()> {
        let user = self.store.find_user_by_email(email.as_str()).await?;
        let Some(user) = user.filter(|u| u.email_verified_at.is_none()) else {
            // Unknown or already verified: the same one write, no message.
            return Ok(self
                .store
                .record_undeliverable("email", self.clock.now())
                .await?);
        };
        self.issue_email_code(user.id, &user.first_name, email)
            .await
    }

    /// Replaces the user's verification code with a fresh one and queues its email, unless a
    /// code went to this address less than the cooldown ago.
    pub(super) async fn issue_email_code(
        &self,
        user_id: uuid::Uuid,
        first_name: &str,
        email: &Email,
    ) -> Result<()> {
        let lifetime = Purpose::VerifyEmail.lifetime();
        self.issue_code(
            user_id,
            Purpose::VerifyEmail,
            email.as_str(),
            |code| {
                let content = templates::verification_code(first_name, code.expose(), lifetime);
                Delivery {
                    channel: "email",
                    subject: content.subject,
                    body: content.body,
                }
            },
            None,
        )
        .await?;
        Ok(())
    }
}
