//! The user object of API.md, built from the domain's `User`.

use chrono::SecondsFormat;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::User;
use crate::model::UserView;

pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        UserView {
            id: user.id.to_string(),
            first_name: user.first_name,
            last_name: user.last_name,
            email: user.email,
            phone: user.phone,
            email_verified: user.email_verified,
            phone_verified: user.phone_verified,
            roles: user.roles,
            created_at: rfc3339(user.created_at),
            updated_at: rfc3339(user.updated_at),
        }
    }
}

/// `{"user": …}`
#[derive(Serialize, ToSchema)]
pub struct UserResponse {
    pub user: UserView,
}

impl From<User> for UserResponse {
    fn from(user: User) -> Self {
        UserResponse { user: user.into() }
    }
}

/// `{}`: the body of every "accepted, whatever happened" answer.
#[derive(Serialize, ToSchema)]
pub struct Empty {}
