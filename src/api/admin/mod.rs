//! `/api/v1/admin/*`: users, their roles, disabling, their sessions, the security log. Only a
//! session whose user holds `admin` gets past [`admin`]; anyone else is `403 forbidden` before
//! any id in the path is looked at, so a non-admin learns nothing about who exists.

pub(super) mod actions;

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::admin::{Admin, AuditFilter, LogEvent, ManagedUser, UserSearch};
use crate::auth::{PasswordAttempt, field};
use crate::http::extract::ApiQuery;
use crate::http::present::rfc3339;
use crate::http::sessions::SignedIn;
use crate::http::{ApiError, ErrorBody};
use crate::model::UserView;
use crate::state::AppState;

/// The user object, with whether an admin disabled the account.
#[derive(Serialize, ToSchema)]
pub struct ManagedUserView {
    #[serde(flatten)]
    pub user: UserView,
    pub disabled: bool,
    /// RFC 3339, UTC; null unless disabled.
    pub disabled_at: Option<String>,
}

impl From<ManagedUser> for ManagedUserView {
    fn from(managed: ManagedUser) -> Self {
        ManagedUserView {
            user: managed.user.into(),
            disabled: managed.disabled_at.is_some(),
            disabled_at: managed.disabled_at.map(rfc3339),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ManagedUserResponse {
    pub user: ManagedUserView,
}

#[derive(Serialize, ToSchema)]
pub struct UserList {
    pub users: Vec<ManagedUserView>,
    /// How many users match, over all pages.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// A prefix of the email, the phone number (`+1201…`) or the first or last name; case does
    /// not matter. Empty or absent: everyone.
    #[param(max_length = 100)]
    pub query: Option<String>,
    /// From 1 (the default) to 100000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100000)]
    pub page: Option<String>,
    /// From 1 to 100; 20 by default.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
    /// `-created_at` (newest first, the default), `created_at`, `email` or `name` (last, then
    /// first name).
    #[param(value_type = Option<String>, pattern = "^(-created_at|created_at|email|name)$")]
    pub sort: Option<String>,
}

/// One of the user's live sessions.
#[derive(Serialize, ToSchema)]
pub struct ManagedSession {
    pub id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// One event of the security log.
#[derive(Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: i64,
    /// Whom it concerns; null for a failed login with an unknown identifier, or a deleted user.
    pub user_id: Option<String>,
    /// The admin who acted; null when the user acted (or for events from the command line).
    pub actor_id: Option<String>,
    /// `registered`, `login_succeeded`, `roles_changed`, `account_disabled`, …
    pub kind: String,
    /// What changed, e.g. `{"added": ["billing:write"], "removed": []}` for `roles_changed`.
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: String,
}

impl From<LogEvent> for AuditEventView {
    fn from(event: LogEvent) -> Self {
        AuditEventView {
            id: event.id,
            user_id: event.user_id.map(|id| id.to_string()),
            actor_id: event.actor_id.map(|id| id.to_string()),
            kind: event.kind,
            detail: event.detail,
            ip: event.ip,
            user_agent: event.user_agent,
            at: rfc3339(event.at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserDetailResponse {
    pub user: ManagedUserView,
    pub sessions: Vec<ManagedSession>,
    /// The latest 50, newest first.
    pub events: Vec<AuditEventView>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditLog {
    pub events: Vec<AuditEventView>,
    pub page: u32,
    pub per_page: u32,
    /// The next page's number when it has events, else null.
    pub next_page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only this user's events.
    #[param(value_type = Option<String>, format = Uuid)]
    pub user_id: Option<String>,
    /// Only events of this kind (`login_failed`, `roles_changed`, …).
    #[param(
        pattern = "^(registered|email_verified|login_succeeded|login_failed|otp_sent|session_revoked|password_reset_requested|password_changed|email_changed|phone_changed|roles_changed|account_disabled|account_enabled|sessions_ended|verification_resent|client_added|client_removed|totp_enabled|totp_disabled|recovery_code_used|passkey_added|passkey_removed|passkey_suspect|email_code_sent|email_code_unknown|email_proven|identity_linked|identity_unlinked|branding_changed)$"
    )]
    pub kind: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100000)]
    pub page: Option<String>,
    /// From 1 to 100; 50 by default.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// The proof every admin change needs when the admin's login is older than 10 minutes.
#[derive(Default, Deserialize, ToSchema)]
pub struct ReauthRequest {
    #[schema(schema_with = super::fields::admin_password)]
    pub current_password: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SetRolesRequest {
    /// The whole new set. `user` is everyone's and is kept whether listed or not.
    #[schema(required = true, schema_with = super::fields::roles)]
    pub roles: Option<Vec<String>>,
    #[schema(schema_with = super::fields::admin_password)]
    pub current_password: Option<String>,
}

/// The caller as an admin: `401` without a session, `403 forbidden` without the role.
pub(super) fn admin(signed_in: &SignedIn) -> Result<Admin, ApiError> {
    Ok(Admin::new(
        &signed_in.user,
        signed_in.session.authenticated_at,
    )?)
}

/// A user id from the path; a malformed one is a user that does not exist.
fn user_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::Auth(crate::auth::Error::NotFound))
}

/// What every admin change starts from: the caller as an admin (checked first), the user id
/// from the path, and the admin's password if the body gave one.
fn change(
    signed_in: &SignedIn,
    id: &str,
    current_password: Option<&str>,
) -> Result<(Admin, Uuid, Option<PasswordAttempt>), ApiError> {
    Ok((
        admin(signed_in)?,
        user_id(id)?,
        admin_password(current_password)?,
    ))
}

/// The admin's password, when the request gave one.
pub(super) fn admin_password(raw: Option<&str>) -> Result<Option<PasswordAttempt>, ApiError> {
    Ok(raw
        .map(|p| field("current_password", PasswordAttempt::parse(p)))
        .transpose()?)
}

/// Find users by a prefix of their email, phone or name.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", params(UserListParams),
    responses(
        (status = 200, description = "One page of matching users", body = UserList),
        (status = 400, description = "`bad_request`: a query string that cannot be read", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not an admin", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(params): ApiQuery<UserListParams>,
) -> Result<Json<UserList>, ApiError> {
    let admin = admin(&signed_in)?;
    let search = UserSearch::parse(
        params.query.as_deref().unwrap_or_default(),
        params.page.as_deref(),
        params.per_page.as_deref(),
        params.sort.as_deref(),
    )?;
    let page = state.auth.admin_users(&admin, &search).await?;
    Ok(Json(UserList {
        users: page.users.into_iter().map(Into::into).collect(),
        total: page.total,
        page: search.page,
        per_page: search.per_page,
    }))
}

/// A user, their live sessions and their latest 50 security events.
#[utoipa::path(get, path = "/api/v1/admin/users/{id}", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = UserDetailResponse),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not an admin", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn get_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<UserDetailResponse>, ApiError> {
    let admin = admin(&signed_in)?;
    let detail = state.auth.admin_user(&admin, user_id(&id)?).await?;
    Ok(Json(UserDetailResponse {
        user: detail.user.into(),
        sessions: detail
            .sessions
            .into_iter()
            .map(|s| ManagedSession {
                id: s.public_id.to_string(),
                created_at: rfc3339(s.created_at),
                last_seen_at: rfc3339(s.last_seen_at),
                user_agent: s.user_agent,
                ip: s.ip,
            })
            .collect(),
        events: detail.events.into_iter().map(Into::into).collect(),
    }))
}

/// The security log, newest first.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditParams),
    responses(
        (status = 200, description = "One page of events", body = AuditLog),
        (status = 400, description = "`bad_request`: a query string that cannot be read", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: the caller is not an admin", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn audit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<AuditLog>, ApiError> {
    let admin = admin(&signed_in)?;
    let filter = AuditFilter::parse(
        params.user_id.as_deref(),
        params.kind.as_deref(),
        params.page.as_deref(),
        params.per_page.as_deref(),
    )?;
    let page = state.auth.admin_audit(&admin, &filter).await?;
    Ok(Json(AuditLog {
        events: page.events.into_iter().map(Into::into).collect(),
        page: filter.page,
        per_page: filter.per_page,
        next_page: page.more.then_some(filter.page + 1),
    }))
}
