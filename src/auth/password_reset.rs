//! Password reset by emailed link: 32 random bytes, stored as SHA-256, 30 minutes, single use,
//! a newer link kills older ones, and a reset ends every session of the user.

use super::commands::PasswordReset;
use super::credentials::CredentialChange;
use super::rate_limit::{PASSWORD_RESETS_PER_IP, RESET_COOLDOWN, RESET_TOKENS_PER_IP};
use super::sessions::token_hash;
use super::types::Email;
use super::{AuditKind, Auth, Error, RequestMeta, Result, ip_subject, later, limits};
use crate::notify::templates;
use crate::store::{Channel, NewMessage};

impl Auth {
    /// Emails a reset link when `email` belongs to an account. Always `Ok(())` (bar the per-IP
    /// limit, which counts known and unknown addresses alike), so it reveals nothing.
    pub async fn request_password_reset(&self, email: &Email, meta: &RequestMeta) -> Result<()> {
        self.hit(PASSWORD_RESETS_PER_IP, &ip_subject(meta)).await?;
        // One link a minute per address; more requests are answered the same, silently.
        if self.hit(RESET_COOLDOWN, email.as_str()).await.is_err() {
            return Ok(());
        }
        // A disabled account gets no link: it could not log in with the new password anyway.
        let user = self.store.find_user_by_email(email.as_str()).await?;
        let Some(user) = user.filter(|u| u.disabled_at.is_none()) else {
            return Ok(self
                .store
                .record_undeliverable(Channel::Email, self.clock.now(), None)
                .await?);
        };
        let token = super::random_token();
        let link = self.link("/reset-password", &format!("token={token}"));
        let now = self.clock.now();
        let lifetime = limits::RESET_TOKEN_LIFETIME;
        let brand = self.brand_now();
        let voice = brand.voice(user.locale.as_deref());
        let content = templates::password_reset(voice, &user.first_name, &link, lifetime);
        self.store
            .create_reset_token(
                user.id,
                &token_hash(&token),
                now,
                later(now, lifetime),
                &NewMessage {
                    channel: Channel::Email,
                    destination: user.email.to_string(),
                    subject: content.subject,
                    body: content.body,
                    created_at: now,
                    expires_at: later(now, lifetime),
                },
                &self.audit(user.id, AuditKind::PasswordResetRequested, meta),
            )
            .await?;
        self.outbox.wake();
        Ok(())
    }

    /// Sets a new password with a reset token. Every session of the user ends; the email
    /// address counts as verified; a notice is emailed.
    pub async fn reset_password(&self, reset: &PasswordReset, meta: &RequestMeta) -> Result<()> {
        // Counted before the token is looked up or a password hashed.
        self.hit(RESET_TOKENS_PER_IP, &ip_subject(meta)).await?;
        let hash = token_hash(reset.token.expose());
        let now = self.clock.now();
        let user_id = self
            .store
            .reset_token_user(&hash, now)
            .await?
            .ok_or(Error::InvalidToken)?;
        let record = self
            .store
            .find_user(user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        self.check_strength(&record, &reset.password, "password")?;
        let password_hash = self.hasher.hash(&reset.password).await?;
        let brand = self.brand_now();
        let voice = brand.voice(record.locale.as_deref());
        let notice = templates::password_changed_notice(voice, &record.first_name);
        let done = self
            .store
            .reset_password(
                &hash,
                &password_hash,
                CredentialChange::PasswordReset.ends(),
                self.clock.now(),
                &NewMessage {
                    channel: Channel::Email,
                    destination: record.email.to_string(),
                    subject: notice.subject,
                    body: notice.body,
                    created_at: now,
                    expires_at: later(now, limits::EMAIL_CODE_LIFETIME),
                },
                &self.audit(user_id, AuditKind::PasswordChanged, meta),
            )
            .await?;
        if !done {
            return Err(Error::InvalidToken);
        }
        self.outbox.wake();
        Ok(())
    }
}
