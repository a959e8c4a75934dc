//! What both doors share: the JSON API (`api`) and the pages' server functions (`server_fns`)
//! sit on this module, and it uses neither. Errors as responses, the request extractors, the
//! session cookie and bearer token, the security middleware, the data a page is rendered with,
//! and how domain values are shown.

pub mod answers;
pub mod branding;
pub mod error;
pub mod extract;
pub mod language;
pub mod oauth;
pub mod page_data;
pub mod present;
pub mod security;
pub mod sessions;
pub mod upstream;

pub use error::{ApiError, ErrorBody, ErrorDetail, OAuthErrorBody};

/// Bodies over this are refused with `413 payload_too_large` (docs/API.md): the API's, the
/// server functions' and the OpenID Connect forms'.
pub const BODY_LIMIT: usize = 64 * 1024;
