//! Response bodies several endpoints share: `{"user": …}` and `{}`.

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::User;
use crate::model::UserView;

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
