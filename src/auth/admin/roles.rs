//! Roles: set by an admin on a user's page, by the operator from the command line, and given
//! to the addresses of `LATCH_ADMIN_EMAILS` once verified.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::{Admin, ManagedUser};
use crate::auth::types::{Email, FieldErrors, PasswordAttempt, Role};
use crate::auth::{AuditKind, Auth, Error, RequestMeta, Result};
use crate::store::{AuditEntry, Guarded};

use super::MAX_ROLES;

/// The roles an admin sets: `user` is everyone's and always kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSet(BTreeSet<Role>);

impl RoleSet {
    pub fn parse<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        let mut errors = FieldErrors::default();
        let mut roles = BTreeSet::new();
        let mut given = 0;
        for name in raw {
            given += 1;
            if let Some(role) = errors.take("roles", Role::parse(name)) {
                roles.insert(role);
            }
        }
        // Counted as sent, duplicates too: the bound the OpenAPI document states.
        if given > MAX_ROLES {
            errors.add("roles", format!("at most {MAX_ROLES} roles"));
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        Ok(RoleSet(roles))
    }

    fn names(&self) -> Vec<String> {
        self.0
            .iter()
            .filter(|r| r.as_str() != "user")
            .map(|r| r.as_str().to_owned())
            .collect()
    }
}

/// What `latch admin grant|revoke` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorRoleChange {
    Granted,
    AlreadyAdmin,
    Revoked { admins_left: i64 },
    WasNotAdmin,
}

impl Auth {
    /// Replaces the user's roles; `LastAdmin` if it would leave no enabled admin. The user's
    /// sessions show the new roles at their next check: roles are read with the session.
    pub async fn admin_set_roles(
        &self,
        admin: &Admin,
        user_id: Uuid,
        roles: &RoleSet,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<ManagedUser> {
        self.check_fresh(admin, password).await?;
        let entry = self.admin_audit_entry(admin, user_id, AuditKind::RolesChanged, meta);
        let outcome = self
            .store
            .replace_roles(
                user_id,
                &roles.names(),
                self.clock.now(),
                |added, removed| AuditEntry {
                    detail: Some(
                        serde_json::json!({"added": added, "removed": removed}).to_string(),
                    ),
                    ..entry
                },
            )
            .await?;
        match outcome {
            Guarded::Done(_) => self.managed_user(user_id).await,
            Guarded::LastAdmin => Err(Error::LastAdmin),
            Guarded::Missing => Err(Error::NotFound),
        }
    }

    /// Grants or revokes `admin` for the operator (`latch admin grant|revoke`), audited as done
    /// from the command line; `None` when no account has the address.
    pub async fn set_admin_by_operator(
        &self,
        email: &Email,
        grant: bool,
    ) -> Result<Option<OperatorRoleChange>> {
        let Some(user) = self.store.find_user_by_email(email.as_str()).await? else {
            return Ok(None);
        };
        let (added, removed): (&[&str], &[&str]) = if grant {
            (&["admin"], &[])
        } else {
            (&[], &["admin"])
        };
        let mut entry = self.audit(user.id, AuditKind::RolesChanged, &RequestMeta::default());
        entry.detail = Some(
            serde_json::json!({"added": added, "removed": removed, "by": "command line"})
                .to_string(),
        );
        let changed = self.store.set_role(user.id, "admin", grant, &entry).await?;
        Ok(Some(match (grant, changed) {
            (true, true) => OperatorRoleChange::Granted,
            (true, false) => OperatorRoleChange::AlreadyAdmin,
            (false, true) => OperatorRoleChange::Revoked {
                admins_left: self.store.enabled_admins().await?,
            },
            (false, false) => OperatorRoleChange::WasNotAdmin,
        }))
    }

    /// Gives `admin` to a user whose address is in `LATCH_ADMIN_EMAILS`, once it is verified.
    pub(in crate::auth) async fn grant_configured_admin(
        &self,
        user_id: Uuid,
        email: &str,
    ) -> Result<()> {
        if !self.admin_emails.iter().any(|e| e == email) {
            return Ok(());
        }
        let mut entry = self.audit(user_id, AuditKind::RolesChanged, &RequestMeta::default());
        entry.detail = Some(
            serde_json::json!({"added": ["admin"], "removed": [], "by": "LATCH_ADMIN_EMAILS"})
                .to_string(),
        );
        self.store.set_role(user_id, "admin", true, &entry).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_set_keeps_valid_names_once_and_never_stores_user() {
        let set = RoleSet::parse(["billing:write", "admin", "user", "admin"]).unwrap();
        assert_eq!(set.names(), ["admin", "billing:write"]);
        let Err(Error::Validation(errors)) = RoleSet::parse(["ok", "Not OK"]) else {
            panic!("a bad name was accepted");
        };
        assert_eq!(errors.iter().next().unwrap().0, "roles");
        let many: Vec<String> = (0..=MAX_ROLES).map(|i| format!("r{i}")).collect();
        assert!(RoleSet::parse(many.iter().map(String::as_str)).is_err());
    }
}
