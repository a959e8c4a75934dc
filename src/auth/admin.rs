//! The admin area's domain: find users, change their roles, disable and enable accounts, end
//! their sessions, resend a verification code, read the security log. Every call takes an
//! [`Admin`], which only a user holding the `admin` role can become; every change needs a
//! login in the last 10 minutes or the admin's current password, and is audited with the
//! admin's id as the actor.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::credentials::CredentialChange;
use super::sessions::SessionInfo;
use super::types::{Email, FieldErrors, PasswordAttempt, Role};
use super::{AuditKind, Auth, Error, RequestMeta, Result, User, limits};
use crate::store::{AuditEntry, AuditLogRecord, Guarded, UserOrder, UserQuery};

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

/// How a search is ordered: `-created_at` (newest first, the default), `created_at`, `email`,
/// `name` (last name, then first name).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UserSort {
    #[default]
    Newest,
    Oldest,
    Email,
    Name,
}

impl UserSort {
    pub const NAMES: [&'static str; 4] = ["-created_at", "created_at", "email", "name"];

    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let Some(raw) = raw else {
            return Ok(UserSort::Newest);
        };
        match raw {
            "-created_at" => Ok(UserSort::Newest),
            "created_at" => Ok(UserSort::Oldest),
            "email" => Ok(UserSort::Email),
            "name" => Ok(UserSort::Name),
            _ => Err(format!("must be one of {}", Self::NAMES.join(", "))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UserSort::Newest => "-created_at",
            UserSort::Oldest => "created_at",
            UserSort::Email => "email",
            UserSort::Name => "name",
        }
    }

    fn order(self) -> UserOrder {
        match self {
            UserSort::Newest => UserOrder::Newest,
            UserSort::Oldest => UserOrder::Oldest,
            UserSort::Email => UserOrder::Email,
            UserSort::Name => UserOrder::Name,
        }
    }
}

/// A user search: a prefix of an email, a phone number or a first or last name.
#[derive(Clone, Debug)]
pub struct UserSearch {
    query: String,
    pub page: u32,
    pub per_page: u32,
    pub sort: UserSort,
}

impl UserSearch {
    pub const MAX_QUERY_CHARS: usize = 100;

    pub fn parse(
        query: &str,
        page: Option<&str>,
        per_page: Option<&str>,
        sort: Option<&str>,
    ) -> Result<Self> {
        let mut errors = FieldErrors::default();
        if query.chars().count() > Self::MAX_QUERY_CHARS {
            errors.add("query", "must be at most 100 characters");
        }
        let page = errors.take("page", page_number(page));
        let per_page = errors.take("per_page", page_size(per_page, DEFAULT_PER_PAGE));
        let sort = errors.take("sort", UserSort::parse(sort));
        match (page, per_page, sort) {
            (Some(page), Some(per_page), Some(sort)) if errors.is_empty() => Ok(UserSearch {
                query: query.trim().to_lowercase(),
                page,
                per_page,
                sort,
            }),
            _ => Err(Error::Validation(errors)),
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// The text as a number is stored: `+1 (201) 555-0123` → `+12015550123`.
    fn phone(&self) -> String {
        self.query
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
            .collect()
    }
}

/// A user as an admin sees them.
#[derive(Clone, Debug)]
pub struct ManagedUser {
    pub user: User,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// One page of a search, with the number of all matches.
#[derive(Clone, Debug)]
pub struct UserPage {
    pub users: Vec<ManagedUser>,
    pub total: u64,
}

/// A user with their live sessions and latest security events.
#[derive(Clone, Debug)]
pub struct UserDetail {
    pub user: ManagedUser,
    pub sessions: Vec<SessionInfo>,
    pub events: Vec<LogEvent>,
}

/// One event of the security log.
#[derive(Clone, Debug)]
pub struct LogEvent {
    pub id: i64,
    pub user_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub kind: String,
    pub detail: Option<serde_json::Value>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

impl LogEvent {
    fn from_record(row: AuditLogRecord) -> Self {
        LogEvent {
            id: row.id,
            user_id: row.user_id,
            actor_id: row.actor_id,
            kind: row.kind,
            detail: row.detail.and_then(|d| serde_json::from_str(&d).ok()),
            ip: row.ip,
            user_agent: row.user_agent,
            at: row.at,
        }
    }
}

/// Which events of the security log to show.
#[derive(Clone, Debug)]
pub struct AuditFilter {
    pub user_id: Option<Uuid>,
    pub kind: Option<AuditKind>,
    pub page: u32,
    pub per_page: u32,
}

impl AuditFilter {
    pub fn parse(
        user_id: Option<&str>,
        kind: Option<&str>,
        page: Option<&str>,
        per_page: Option<&str>,
    ) -> Result<Self> {
        let mut errors = FieldErrors::default();
        let user_id = match user_id {
            None => None,
            // Only the hyphenated form, which is the `uuid` format of the OpenAPI document;
            // `Uuid::parse_str` would also take braces, `urn:uuid:` and bare hex.
            Some(raw) => errors.take(
                "user_id",
                Some(raw)
                    .filter(|raw| raw.len() == 36)
                    .and_then(|raw| Uuid::parse_str(raw).ok())
                    .ok_or_else(|| "must be a user id (a UUID)".to_owned()),
            ),
        };
        let kind = match kind {
            None => None,
            Some(raw) => errors.take(
                "kind",
                AuditKind::parse(raw).ok_or_else(|| "is not a kind of event".to_owned()),
            ),
        };
        let page = errors.take("page", page_number(page));
        let per_page = errors.take("per_page", page_size(per_page, 50));
        match (page, per_page) {
            (Some(page), Some(per_page)) if errors.is_empty() => Ok(AuditFilter {
                user_id,
                kind,
                page,
                per_page,
            }),
            _ => Err(Error::Validation(errors)),
        }
    }
}

/// A page of the security log; `more` when a next page has events.
#[derive(Clone, Debug)]
pub struct AuditPage {
    pub events: Vec<LogEvent>,
    pub more: bool,
}

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

fn managed(row: crate::store::UserWithRoles) -> ManagedUser {
    let disabled_at = row.user.disabled_at;
    ManagedUser {
        user: User::from_record(row.user, super::roles_from_list(row.roles)),
        disabled_at,
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
    /// One page of users whose email, phone or first or last name starts with the query.
    pub async fn admin_users(&self, _admin: &Admin, search: &UserSearch) -> Result<UserPage> {
        let phone = search.phone();
        let (rows, total) = self
            .store
            .search_users(&UserQuery {
                text: search.query(),
                phone: &phone,
                order: search.sort.order(),
                limit: i64::from(search.per_page),
                offset: offset(search.page, search.per_page),
            })
            .await?;
        Ok(UserPage {
            users: rows.into_iter().map(managed).collect(),
            total: u64::try_from(total).unwrap_or_default(),
        })
    }

    async fn managed_user(&self, user_id: Uuid) -> Result<ManagedUser> {
        self.store
            .user_with_roles(user_id)
            .await?
            .map(managed)
            .ok_or(Error::NotFound)
    }

    /// The user, their live sessions and their last 50 security events.
    pub async fn admin_user(&self, _admin: &Admin, user_id: Uuid) -> Result<UserDetail> {
        // Three reads that do not depend on each other: on PostgreSQL their round trips overlap.
        let (user, sessions, events) = tokio::try_join!(
            self.managed_user(user_id),
            self.list_sessions(user_id, Uuid::nil()),
            async { Ok(self.store.audit_log(Some(user_id), None, 50, 0).await?) },
        )?;
        Ok(UserDetail {
            user,
            sessions,
            events: events.into_iter().map(LogEvent::from_record).collect(),
        })
    }

    /// The security log, newest first.
    pub async fn admin_audit(&self, _admin: &Admin, filter: &AuditFilter) -> Result<AuditPage> {
        let per_page = i64::from(filter.per_page);
        let mut rows = self
            .store
            .audit_log(
                filter.user_id,
                filter.kind.map(AuditKind::as_str),
                per_page + 1,
                offset(filter.page, filter.per_page),
            )
            .await?;
        let more = rows.len() as i64 > per_page;
        rows.truncate(filter.per_page as usize);
        Ok(AuditPage {
            events: rows.into_iter().map(LogEvent::from_record).collect(),
            more,
        })
    }

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
        let email = Email::parse(&record.email)
            .map_err(|e| Error::internal(format!("stored email unreadable: {e}")))?;
        let entry = self.admin_audit_entry(admin, user_id, AuditKind::VerificationResent, meta);
        let issued = self
            .issue_email_code(user_id, &record.first_name, &email, Some(entry))
            .await?;
        if issued {
            Ok(())
        } else {
            Err(Error::RateLimited {
                retry_after: limits::RESEND_COOLDOWN,
            })
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
    pub(super) async fn grant_configured_admin(&self, user_id: Uuid, email: &str) -> Result<()> {
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

    #[test]
    fn a_search_is_bounded_and_normalised() {
        let search = UserSearch::parse("  Ada ", None, None, None).unwrap();
        assert_eq!(
            (search.query(), search.page, search.per_page, search.sort),
            ("ada", 1, DEFAULT_PER_PAGE, UserSort::Newest)
        );
        assert_eq!(
            UserSearch::parse("+1 (201) 555-01", None, None, None)
                .unwrap()
                .phone(),
            "+120155501"
        );
        for (page, per_page, sort) in [
            (Some("0"), None, None),
            (Some("two"), None, None),
            (Some(""), None, None),
            (Some("100001"), None, None),
            (None, Some("101"), None),
            (None, Some("0"), None),
            (None, Some("-1"), None),
            (None, Some(""), None),
            (None, None, Some("password")),
            (None, None, Some("")),
        ] {
            assert!(
                UserSearch::parse("", page, per_page, sort).is_err(),
                "{page:?} {per_page:?} {sort:?}"
            );
        }
        assert!(UserSearch::parse(&"x".repeat(101), None, None, None).is_err());
        assert!(AuditFilter::parse(Some(""), None, None, None).is_err());
        let id = Uuid::new_v4();
        for other_form in [
            id.simple().to_string(),
            id.urn().to_string(),
            id.braced().to_string(),
        ] {
            assert!(AuditFilter::parse(Some(&other_form), None, None, None).is_err());
        }
        let filter = AuditFilter::parse(Some(&id.to_string()), Some("login_failed"), None, None);
        assert_eq!(filter.unwrap().user_id, Some(id));
        assert!(AuditFilter::parse(None, Some(""), None, None).is_err());
    }

    #[test]
    fn only_an_admin_is_an_admin() {
        let now = Utc::now();
        let mut user = User {
            id: Uuid::new_v4(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: "a@example.com".into(),
            phone: "+12015550123".into(),
            email_verified: true,
            phone_verified: true,
            roles: vec!["user".into(), "billing:write".into()],
            created_at: now,
            updated_at: now,
        };
        assert!(matches!(
            Admin::new(&user, Some(now)),
            Err(Error::Forbidden)
        ));
        user.roles.push("admin".into());
        assert_eq!(Admin::new(&user, Some(now)).unwrap().id, user.id);
    }
}
