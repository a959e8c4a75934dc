//! The admin's reading: the user search, one user's page, and the security log.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Admin;
use crate::auth::sessions::SessionInfo;
use crate::auth::types::FieldErrors;
use crate::auth::{AuditKind, Auth, Error, Result, User};
use crate::store::{AuditLogRecord, UserOrder, UserQuery};

use super::{DEFAULT_PER_PAGE, offset, page_number, page_size};

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

fn managed(row: crate::store::UserWithRoles) -> ManagedUser {
    let disabled_at = row.user.disabled_at;
    ManagedUser {
        user: User::from_record(row.user, crate::auth::roles_from_list(row.roles)),
        disabled_at,
    }
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

    pub(super) async fn managed_user(&self, user_id: Uuid) -> Result<ManagedUser> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
