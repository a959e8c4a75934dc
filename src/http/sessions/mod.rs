//! The HTTP side of sessions. tower-sessions keeps the cookie (`HttpOnly`, `SameSite=Lax`,
//! `Secure` on https) and rotates its id at login; its records live in Latch's own database
//! through `DbSessionStore`, keyed by the token's hash. Apps may present the same token as
//! `Authorization: Bearer`. Both the JSON API and the pages use this module.
//!
//! `store`: tower-sessions' store on Latch's database, and the cookie layer. `current`: the
//! middleware that reads a request's session and user once. `data`: what a browser session
//! keeps between requests (its login, a pending login, flashes). `signed_in`: the extractor
//! both doors use to know who calls.

mod current;
mod data;
mod signed_in;
mod store;

pub use current::{Current, current, load_current};
pub use data::{
    EmailLogin, StartedSession, flash_recovery_codes, keep_challenge, keep_email_login,
    keep_pending_identity, kept_challenge, kept_email_login, log_out, login_facts, mark_pending,
    pending_identity, pending_user, second_factor_at, start, take_recovery_codes,
};
pub use signed_in::{Credential, SignedIn};
pub use store::{DbSessionStore, layer};

use crate::auth;

/// The session cookie's name on plain http.
pub const COOKIE_NAME: &str = "latch_session";
/// Its name on https. Browsers accept a `__Host-` cookie only with `Secure`, `Path=/` and no
/// `Domain`, so a sibling subdomain or a man in the middle on http cannot plant or overwrite it
/// (session fixation through a cookie set for the parent domain).
pub const HTTPS_COOKIE_NAME: &str = "__Host-latch_session";

/// The session cookie's name: `__Host-latch_session` when `PUBLIC_URL` is https.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        HTTPS_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// Keys of the session data map: ids and times only. The session's user is not kept here; it
/// is read with the session row and travels as the request extension [`Current`].
mod keys {
    pub const USER_ID: &str = "user_id";
    pub const PUBLIC_ID: &str = "public_id";
    pub const CREATED_AT: &str = "created_at";
    pub const AUTHENTICATED_AT: &str = "authenticated_at";
    pub const USER_AGENT: &str = "user_agent";
    pub const IP: &str = "ip";
    /// How the login was made (`["pwd"]`, `["otp"]`), for the tokens apps get.
    pub const AMR: &str = "amr";
    /// When this session last showed a second factor: at login, or a step-up since.
    pub const SECOND_FACTOR_AT: &str = "second_factor_at";
    /// A user who proved their password or code but must verify their email first; verifying
    /// it in this same browser session completes the login.
    pub const PENDING_USER_ID: &str = "pending_user_id";
    /// The challenge of a page login waiting for its second factor: kept here rather than in
    /// the page's address, where history and `Referer` would carry it.
    pub const CHALLENGE: &str = "second_factor_challenge";
    /// An email login this browser asked for: its attempt and the address, for the page
    /// where the code is typed (the code works only with this attempt).
    pub const EMAIL_LOGIN: &str = "email_login";
    /// Recovery codes made by a form, for the one account page that shows them.
    pub const NEW_RECOVERY_CODES: &str = "new_recovery_codes";
    /// An identity back from another provider that waits for its owner to log in here
    /// (`/login/connect`) or to finish signing up (`/signup/complete`).
    pub const UPSTREAM_PENDING: &str = "upstream_pending";
}

fn internal(e: impl std::fmt::Display) -> auth::Error {
    auth::Error::internal(format!("session: {e}"))
}
