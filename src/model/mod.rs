//! Shapes shared by the browser and the server, by the pages that show them: the user object
//! of docs/API.md, the account's and the admin's views, what the OpenID Connect pages show, and
//! the page-form error.

mod account;
mod admin;
mod form;
mod oauth;
mod page;

pub use account::*;
pub use admin::*;
pub use form::*;
pub use oauth::*;
pub use page::*;

use serde::{Deserialize, Serialize};

/// The user object of docs/API.md, as sent to apps and shown on pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub roles: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// The language they signed up in or picked (`en`, `pl`, `ar`), or null.
    pub locale: Option<String>,
}
