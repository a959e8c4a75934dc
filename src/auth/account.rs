//! The account: names change at once; a new email or phone is pending until confirmed with a
//! code sent to it; password changes; the user's recent security activity.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::codes::{Delivery, Purpose};
use super::commands::{PasswordChange, ProfileUpdate};
use super::credentials::CredentialChange;
use super::passwords::{self, PersonalWords};
use super::rate_limit::{CONTACT_CHANGES_PER_USER, EMAILS_PER_IP};
use super::sessions::Freshness;
use super::types::{Code, FieldErrors, Name, NewPassword, PasswordAttempt};
use super::{
    AuditKind, Auth, Error, RequestMeta, Result, User, earlier, ip_subject, later, limits,
};
use crate::notify::templates;
use crate::store::{AuditRecord, Channel, NewMessage, UserRecord};

/// Which contact detail of the account: one type from the store to the page.
pub use crate::model::Contact;

/// A new email or phone waiting for its code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// One security event, as its user sees it. `kind` is `None` for a kind this version does not
/// know (written by a newer one); `raw_kind` keeps what was stored.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    pub kind: Option<AuditKind>,
    pub raw_kind: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

impl Auth {
    /// Saves the language the user chose (a tag Latch ships; the HTTP layer checks it is on).
    pub async fn set_locale(&self, user_id: Uuid, locale: &str) -> Result<()> {
        Ok(self.store.set_user_locale(user_id, locale).await?)
    }

    pub(super) async fn user_record(&self, user_id: Uuid) -> Result<UserRecord> {
        self.store
            .find_user(user_id)
            .await?
            .ok_or(Error::Unauthenticated)
    }

    /// The user with their pending changes.
    pub async fn account(&self, user_id: Uuid) -> Result<(User, Pending)> {
        let record = self.user_record(user_id).await?;
        let pending = self.pending(user_id).await?;
        Ok((self.load_user(record).await?, pending))
    }

    /// The email and phone changes waiting for their code.
    pub async fn pending(&self, user_id: Uuid) -> Result<Pending> {
        let rows = self
            .store
            .pending_contacts(user_id, self.clock.now(), limits::CODE_MAX_ATTEMPTS)
            .await?;
        let mut pending = Pending::default();
        for (purpose, destination) in rows {
            match Purpose::parse(&purpose) {
                Some(Purpose::ChangeEmail) => pending.email = Some(destination),
                Some(Purpose::ChangePhone) => pending.phone = Some(destination),
                _ => {}
            }
        }
        Ok(pending)
    }

    /// Checks a password the user typed to prove it is them, under the same failure limit
    /// (reserved before hashing) as their logins.
    pub(super) async fn check_current_password(
        &self,
        record: &UserRecord,
        password: &PasswordAttempt,
    ) -> Result<()> {
        if self
            .check_password(Some(record), record.email.as_str(), password.secret())
            .await?
        {
            Ok(())
        } else {
            Err(Error::InvalidCredentials)
        }
    }

    /// Whether a login made at `authenticated_at` is recent enough for a sensitive change
    /// without the password again.
    pub fn login_is_recent(&self, authenticated_at: Option<DateTime<Utc>>) -> bool {
        let window_start = earlier(self.clock.now(), limits::REAUTHENTICATION_WINDOW);
        authenticated_at.is_some_and(|at| at > window_start)
    }

    /// A sensitive change needs a login in the last 10 minutes (`authenticated_at`, the
    /// session's) or the current password, which then counts like a login attempt.
    pub(super) async fn check_recent_or_password(
        &self,
        record: &UserRecord,
        authenticated_at: Option<DateTime<Utc>>,
        password: Option<&PasswordAttempt>,
    ) -> Result<()> {
        match password {
            Some(password) => self.check_current_password(record, password).await,
            None if self.login_is_recent(authenticated_at) => Ok(()),
            None => Err(Error::ReauthenticationRequired),
        }
    }

    /// Applies name changes at once and sends confirmation codes for a new email or phone.
    /// Changing those needs a login in the last 10 minutes or the current password. The answer
    /// does not depend on whether the new address or number is someone else's: it is pending
    /// either way, under the same limits, but only a free one gets a code; the owner of a
    /// taken one is told that someone tried to use it.
    pub async fn update_profile(
        &self,
        user_id: Uuid,
        freshness: Freshness,
        update: ProfileUpdate,
        meta: &RequestMeta,
    ) -> Result<(User, Pending)> {
        let ProfileUpdate {
            changes,
            current_password,
        } = update;
        let current_password = current_password.as_ref();
        let record = self.user_record(user_id).await?;
        let now = self.clock.now();
        let new_email = changes.email.filter(|e| *e != record.email);
        let new_phone = changes.phone.filter(|p| *p != record.phone);
        if let Some(phone) = &new_phone {
            self.check_sms_country(phone, "phone")?;
        }

        if new_email.is_some() || new_phone.is_some() {
            self.require_second_factor(user_id, freshness.second_factor_at)
                .await?;
            self.check_recent_or_password(&record, freshness.authenticated_at, current_password)
                .await?;
        }
        let first_name = changes
            .first_name
            .as_ref()
            .map_or(record.first_name.as_str(), Name::as_str);
        let last_name = changes
            .last_name
            .as_ref()
            .map_or(record.last_name.as_str(), Name::as_str);
        if first_name != record.first_name || last_name != record.last_name {
            self.store
                .update_names(user_id, first_name, last_name, now)
                .await?;
        }
        let user_subject = user_id.to_string();
        let brand = self.brand_now();
        let voice = brand.voice(record.locale.as_deref());
        if let Some(email) = new_email {
            self.hit(EMAILS_PER_IP, &ip_subject(meta)).await?;
            self.hit(CONTACT_CHANGES_PER_USER, &user_subject).await?;
            // The address's owner hears of it in their own language.
            let owner = self.store.find_user_by_email(email.as_str()).await?;
            let lifetime = Purpose::ChangeEmail.lifetime();
            self.issue_code(
                user_id,
                Purpose::ChangeEmail,
                email.as_str(),
                |code| {
                    let content = match &owner {
                        Some(owner) => {
                            templates::email_in_use_notice(brand.voice(owner.locale.as_deref()))
                        }
                        None => {
                            templates::email_change_code(voice, first_name, code.expose(), lifetime)
                        }
                    };
                    Delivery {
                        channel: Channel::Email,
                        subject: content.subject,
                        body: content.body,
                    }
                },
                None,
            )
            .await?;
        }
        if let Some(phone) = new_phone {
            self.hit(CONTACT_CHANGES_PER_USER, &user_subject).await?;
            let owner = self.store.find_user_by_phone(phone.as_str()).await?;
            let lifetime = Purpose::ChangePhone.lifetime();
            self.send_sms_code(
                user_id,
                Purpose::ChangePhone,
                &phone,
                |code| match &owner {
                    Some(owner) => {
                        templates::phone_in_use_sms(brand.voice(owner.locale.as_deref()))
                    }
                    None => templates::phone_change_sms(voice, code.expose(), lifetime),
                },
                meta,
                None,
            )
            .await?;
        }
        self.account(user_id).await
    }

    /// Sends a code to the account's own number when it is not verified (after a reset voided
    /// it, say); confirming it goes through `confirm_contact` like a change of number.
    pub async fn request_phone_verification(
        &self,
        user_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<(User, Pending)> {
        let record = self.user_record(user_id).await?;
        if record.phone_verified_at.is_none() {
            let phone = record.phone.clone();
            self.check_sms_country(&phone, "phone")?;
            let lifetime = Purpose::ChangePhone.lifetime();
            let brand = self.brand_now();
            let voice = brand.voice(record.locale.as_deref());
            self.send_sms_code(
                user_id,
                Purpose::ChangePhone,
                &phone,
                |code| templates::phone_change_sms(voice, code.expose(), lifetime),
                meta,
                None,
            )
            .await?;
        }
        self.account(user_id).await
    }

    /// Confirms a pending email or phone with the code sent to it. The address must still be
    /// free: if someone took it meanwhile, `EmailTaken`/`PhoneTaken`.
    pub async fn confirm_contact(
        &self,
        user_id: Uuid,
        contact: Contact,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<User> {
        let record = self.user_record(user_id).await?;
        let now = self.clock.now();
        let (purpose, kind, change) = match contact {
            Contact::Email => (
                Purpose::ChangeEmail,
                AuditKind::EmailChanged,
                CredentialChange::EmailChanged,
            ),
            Contact::Phone => (
                Purpose::ChangePhone,
                AuditKind::PhoneChanged,
                CredentialChange::PhoneChanged,
            ),
        };
        let live = self
            .check_code(Some(user_id), purpose, None, code, meta)
            .await?;
        // The old address hears about the change, in case it was not its owner's doing.
        let brand = self.brand_now();
        let voice = brand.voice(record.locale.as_deref());
        let notice = (contact == Contact::Email).then(|| {
            let content =
                templates::email_changed_notice(voice, &record.first_name, &live.destination);
            NewMessage {
                channel: Channel::Email,
                destination: record.email.to_string(),
                subject: content.subject,
                body: content.body,
                created_at: now,
                expires_at: later(now, limits::EMAIL_CODE_LIFETIME),
            }
        });
        let audit = self.audit(user_id, kind, meta);
        if !self
            .store
            .confirm_contact_change(&live, contact, change.ends(), now, notice.as_ref(), &audit)
            .await?
        {
            return Err(Error::InvalidCode);
        }
        self.outbox.wake();
        if contact == Contact::Email {
            self.grant_configured_admin(user_id, &live.destination)
                .await?;
        }
        self.load_user(self.user_record(user_id).await?).await
    }

    /// Changes the password after checking the current one (and a recent second factor, when
    /// the account has one). Every other session ends; the one identified by `keep` (the
    /// caller's) stays. A notice goes to the email address.
    pub async fn change_password(
        &self,
        user_id: Uuid,
        change: &PasswordChange,
        keep: Option<&[u8]>,
        freshness: Freshness,
        meta: &RequestMeta,
    ) -> Result<()> {
        self.require_second_factor(user_id, freshness.second_factor_at)
            .await?;
        let record = self.user_record(user_id).await?;
        self.check_strength(&record, &change.new, "new_password")?;
        self.check_current_password(&record, &change.current)
            .await?;
        let hash = self.hasher.hash(&change.new).await?;
        let now = self.clock.now();
        let brand = self.brand_now();
        let voice = brand.voice(record.locale.as_deref());
        let notice = templates::password_changed_notice(voice, &record.first_name);
        self.store
            .replace_password(
                user_id,
                &hash,
                keep,
                CredentialChange::PasswordChanged.ends(),
                now,
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
        self.outbox.wake();
        Ok(())
    }

    /// A new password that obeys every rule for this account; errors name `field`.
    /// The strength rules that need the account: not a common password, not the email,
    /// phone or name. `field` names the form field for the error.
    pub(super) fn check_strength(
        &self,
        record: &UserRecord,
        password: &NewPassword,
        field: &'static str,
    ) -> Result<()> {
        passwords::check_strength(
            password,
            &PersonalWords {
                email: record.email.as_str(),
                phone: record.phone.as_str(),
                first_name: &record.first_name,
                last_name: &record.last_name,
            },
        )
        .map_err(|m| Error::Validation(FieldErrors::single(field, m)))
    }

    /// Ends every session of the user except `keep`, every app's grant, and every code and
    /// half-done login: "log out everywhere else" is what someone presses when they fear
    /// another has a way in.
    pub async fn revoke_other_sessions(
        &self,
        user_id: Uuid,
        keep: &[u8],
        meta: &RequestMeta,
    ) -> Result<u64> {
        let ends = CredentialChange::SessionsEnded.ends();
        let audit = self.audit(user_id, AuditKind::SessionRevoked, meta);
        let now = self.clock.now();
        Ok(self
            .store
            .end_for_change(user_id, keep, ends, now, &audit)
            .await?)
    }

    /// The user's 20 latest security events, newest first.
    pub async fn recent_activity(&self, user_id: Uuid) -> Result<Vec<AuditEvent>> {
        let rows = self.store.recent_audit(user_id, 20).await?;
        Ok(rows
            .into_iter()
            .map(|row: AuditRecord| AuditEvent {
                kind: AuditKind::parse(&row.kind),
                raw_kind: row.kind,
                ip: row.ip,
                user_agent: row.user_agent,
                at: row.at,
            })
            .collect())
    }
}
