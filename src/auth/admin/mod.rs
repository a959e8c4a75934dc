//! The admin area's domain: find users, change their roles, disable and enable accounts, end
//! their sessions, resend a verification code, read the security log. Every call takes an
//! [`Admin`], which only a user holding the `admin` role can become; every change needs a
//! login in the last 10 minutes or the admin's current password, and is audited with the
//! admin's id as the actor.
//!
//! `search.rs`: the user search, a user's page and the security log. `roles.rs`: role
//! changes, by an admin, the operator or `LATCH_ADMIN_EMAILS`. Here: the [`Admin`] proof and
//! what an admin does to an account with one button.

mod roles;
mod search;

pub use roles::*;
pub use search::*;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::credentials::CredentialChange;
use super::types::PasswordAttempt;
use super::{AuditKind, Auth, Error, RequestMeta, Result, User, limits};
use crate::store::{AuditEntry, Guarded};

/// Proof that the caller holds the `admin` role, made from their live session.
#[derive(Clone, Debug)]
pub struct Admin {
    pub id: Uuid,
    /// When the admin's session last proved who they are.
    authenticated_at: Option<DateTime<Utc>>,
}

impl Admin {
    /// `Forbidden` for anyone without the `admin` role.
    pub fn new(user: &User, authenticated_at: Option<DateTime<Utc>>) -> Result<Admin> {
        if user.roles.iter().any(|r| r == "admin") {
            Ok(Admin {
                id: user.id,
                authenticated_at,
            })
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// The most users one page of a search holds.
pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
/// At most this many roles per user: a role set is for checking, not a data store.
pub const MAX_ROLES: usize = 32;

/// The highest page number asked for: past it, a page would only be empty and its offset
/// costly to skip.
pub const MAX_PAGE: u32 = 100_000;

/// `page`: 1 when absent, else a whole number from 1 to `MAX_PAGE`. A parameter that is there
/// but empty is no number: the HTTP layer drops the empty fields of a page's own form.
fn page_number(raw: Option<&str>) -> Result<u32, String> {
    match raw {
        None => Ok(1),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| format!("must be a whole number from 1 to {MAX_PAGE}")),
    }
}

/// `per_page`: `default` when absent, else a whole number from 1 to 100.
fn page_size(raw: Option<&str>, default: u32) -> Result<u32, String> {
    match raw {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| format!("must be a whole number from 1 to {MAX_PER_PAGE}")),
    }
}

/// How many rows come before the page.
fn offset(page: u32, per_page: u32) -> i64 {
    i64::from(page.saturating_sub(1)) * i64::from(per_page)
}

impl Auth {
    /// A change needs a recent login or the admin's password, as the account changes do.
    pub(crate) async fn check_fresh(
        &self,
        admin: &Admin,
        password: Option<&PasswordAttempt>,
    ) -> Result<()> {
        let record = self.user_record(admin.id).await?;
        self.check_recent_or_password(&record, admin.authenticated_at, password)
            .await
    }

    pub(crate) fn admin_audit_entry(
        &self,
        admin: &Admin,
        user_id: Uuid,
        kind: AuditKind,
        meta: &RequestMeta,
    ) -> AuditEntry {
        let mut entry = self.audit(user_id, kind, meta);
        entry.actor_id = Some(admin.id);
        entry
    }

    /// Disables the account: no login by any method, its sessions end, its codes and reset
    /// links die. Disabling a disabled account changes nothing.
    pub async fn admin_disable(
        &self,
        admin: &Admin,
        user_id: Uuid,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<ManagedUser> {
        self.check_fresh(admin, password).await?;
        let entry = self.admin_audit_entry(admin, user_id, AuditKind::AccountDisabled, meta);
        match self
            .store
            .disable_user(
                user_id,
                CredentialChange::AccountDisabled.ends(),
                self.clock.now(),
                &entry,
            )
            .await?
        {
            Guarded::LastAdmin => Err(Error::LastAdmin),
            // Already disabled, or no such user: `managed_user` tells which.
            Guarded::Done(()) | Guarded::Missing => self.managed_user(user_id).await,
        }
    }

    /// Enables a disabled account; enabling an enabled one changes nothing.
    pub async fn admin_enable(
        &self,
        admin: &Admin,
        user_id: Uuid,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<ManagedUser> {
        self.check_fresh(admin, password).await?;
        let entry = self.admin_audit_entry(admin, user_id, AuditKind::AccountEnabled, meta);
        self.store
            .enable_user(user_id, self.clock.now(), &entry)
            .await?;
        self.managed_user(user_id).await
    }

    /// Ends every session of the user. An admin ending their own keeps the one asking, as a
    /// password change does. Returns how many ended.
    pub async fn admin_end_sessions(
        &self,
        admin: &Admin,
        user_id: Uuid,
        own_session: Option<&[u8]>,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<u64> {
        self.check_fresh(admin, password).await?;
        self.managed_user(user_id).await?;
        let keep = if user_id == admin.id {
            own_session.unwrap_or_default()
        } else {
            &[]
        };
        let entry = self.admin_audit_entry(admin, user_id, AuditKind::SessionsEnded, meta);
        let ends = CredentialChange::SessionsEnded.ends();
        let now = self.clock.now();
        Ok(self
            .store
            .end_for_change(user_id, keep, ends, now, &entry)
            .await?)
    }

    /// Sends the user a fresh email verification code. `AlreadyVerified` for a verified
    /// address; within a minute of the last code, `RateLimited`.
    pub async fn admin_resend_verification(
        &self,
        admin: &Admin,
        user_id: Uuid,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<()> {
        self.check_fresh(admin, password).await?;
        let record = self
            .store
            .find_user(user_id)
            .await?
            .ok_or(Error::NotFound)?;
        if record.email_verified_at.is_some() {
            return Err(Error::AlreadyVerified);
        }
        let email = record.email.clone();
        let entry = self.admin_audit_entry(admin, user_id, AuditKind::VerificationResent, meta);
        let issued = self
            .issue_email_code(
                user_id,
                &record.first_name,
                record.locale.as_deref(),
                &email,
                Some(entry),
            )
            .await?;
        if issued {
            Ok(())
        } else {
            Err(Error::RateLimited {
                retry_after: limits::RESEND_COOLDOWN,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_admin_is_an_admin() {
        let now = Utc::now();
        let mut user = User {
            id: Uuid::new_v4(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: crate::contact::Email::parse("a@example.com").unwrap(),
            phone: crate::contact::Phone::parse("+12015550123").unwrap(),
            email_verified: true,
            phone_verified: true,
            roles: vec!["user".into(), "billing:write".into()],
            created_at: now,
            updated_at: now,
            locale: None,
        };
        assert!(matches!(
            Admin::new(&user, Some(now)),
            Err(Error::Forbidden)
        ));
        user.roles.push("admin".into());
        assert_eq!(Admin::new(&user, Some(now)).unwrap().id, user.id);
    }
}
