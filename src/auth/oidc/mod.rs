//! Latch as an OpenID Connect provider: registered apps ("clients") send a browser to
//! `/oauth2/authorize`, the person logs in on the hosted pages (and consents, for an app that
//! is not first-party), and the app exchanges the code for signed tokens. The rules here know
//! nothing of HTTP: the handlers in `api::oauth` and the authorize page translate.

pub mod authorize;
pub mod clients;
pub mod keys;
pub mod logout;
pub mod token_use;
pub mod tokens;

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::{Auth, Error, Result};
pub use authorize::{AuthorizeOutcome, AuthorizeParams, ConsentRequest};
pub use clients::{Client, NewClient, RedirectUri};
pub use keys::SigningKeys;
pub use tokens::{ClientCredentials, TokenRequest, TokenResponse};

/// An authorization code is exchanged within this, once.
pub const CODE_LIFETIME: Duration = Duration::from_secs(60);
/// Access tokens are verified without asking Latch, so they are short.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);
pub const ID_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Each refresh gives a new one; an app that does not refresh for this long logs in again.
pub const REFRESH_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

string_enum! {
    /// How an id_token is signed. RS256 is required by the spec and always available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Alg {
        Rs256 = "RS256",
        EdDsa = "EdDSA",
    }
}

string_enum! {
    /// The scopes Latch knows; others in a request are ignored, as OpenID Connect asks.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Scope {
        OpenId = "openid",
        Profile = "profile",
        Email = "email",
        Phone = "phone",
        Roles = "roles",
        OfflineAccess = "offline_access",
    }
}

impl Scope {
    /// The catalogues' words for it (`scope-<name>`), for the consent page and "Apps with
    /// access".
    pub fn message_id(self) -> String {
        format!("scope-{}", self.as_str())
    }
}

/// A set of known scopes, in a fixed order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    /// The known scopes of a space-separated list; unknown ones are dropped.
    pub fn parse(raw: &str) -> Scopes {
        let mut scopes: Vec<Scope> = raw
            .split(' ')
            .filter_map(|s| Scope::ALL.into_iter().find(|k| k.as_str() == s))
            .collect();
        scopes.sort();
        scopes.dedup();
        Scopes(scopes)
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    /// Whether every scope here is also in `other`.
    pub fn within(&self, other: &Scopes) -> bool {
        self.0.iter().all(|s| other.contains(*s))
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }

    /// Both sets together.
    pub fn union(&self, other: &Scopes) -> Scopes {
        let mut all = self.0.clone();
        all.extend(other.iter());
        all.sort();
        all.dedup();
        Scopes(all)
    }
}

impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words: Vec<&str> = self.0.iter().map(|s| s.as_str()).collect();
        f.write_str(&words.join(" "))
    }
}

/// An error in OAuth's own words (RFC 6749 §4.1.2.1 and §5.2, OpenID Connect §3.1.2.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub code: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn new(code: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            code,
            description: description.into(),
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", description)
    }

    pub fn invalid_client() -> Self {
        Self::new("invalid_client", "client authentication failed")
    }

    pub fn invalid_token() -> Self {
        Self::new(
            "invalid_token",
            "the access token is invalid or has expired",
        )
    }

    pub fn server_error(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "an OpenID Connect request failed");
        Self::new(
            "server_error",
            "Latch could not complete the request; try again",
        )
    }
}

impl From<crate::auth::Error> for OAuthError {
    fn from(e: crate::auth::Error) -> Self {
        OAuthError::server_error(e)
    }
}

impl From<crate::store::Error> for OAuthError {
    fn from(e: crate::store::Error) -> Self {
        OAuthError::server_error(e)
    }
}

/// Who is logged in on the browser asking, as the authorize step needs it.
#[derive(Clone, Debug)]
pub struct LoginFacts {
    pub user_id: Uuid,
    /// The public id of the browser session: its logout ends what apps got through it.
    pub session_id: Uuid,
    pub auth_time: DateTime<Utc>,
    /// How they logged in (`pwd`, `otp`).
    pub amr: Vec<String>,
}

/// An app a person has let in, for "Apps with access".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectedApp {
    pub client_id: String,
    pub name: String,
    /// What they allowed; empty for the operator's own apps, which ask no consent.
    pub scopes: Vec<Scope>,
}

impl Auth {
    /// A browser session ended (logout, or revoked from the account page): so does what apps
    /// were given through it.
    pub async fn end_app_grants_of_session(&self, session_id: Uuid) -> Result<()> {
        self.store.end_grants_of_session(session_id).await?;
        Ok(())
    }

    pub async fn connected_apps(&self, user_id: Uuid) -> Result<Vec<ConnectedApp>> {
        Ok(self
            .store
            .connected_apps(user_id)
            .await?
            .into_iter()
            .map(|app| ConnectedApp {
                scopes: Scopes::parse(app.scope.as_deref().unwrap_or_default())
                    .iter()
                    .collect(),
                client_id: app.client_id,
                name: app.name,
            })
            .collect())
    }

    /// Takes an app's access away: its consent is forgotten and its tokens stop working.
    pub async fn disconnect_app(&self, user_id: Uuid, client_id: &str) -> Result<()> {
        if self.store.disconnect_app(user_id, client_id).await? {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }

    /// The sweep's share: spent codes, expired refresh tokens, idle grants, keys retired
    /// long enough ago.
    pub(crate) async fn sweep_oidc(&self, now: DateTime<Utc>) -> Result<u64> {
        let store = &self.store;
        let access_ago = crate::auth::earlier(now, ACCESS_TOKEN_LIFETIME);
        let retired_before = crate::auth::earlier(now, keys::PUBLISHED_AFTER_RETIREMENT);
        let mut swept = 0;
        swept += crate::auth::in_batches(|n| store.delete_spent_auth_codes(now, n)).await?;
        swept += crate::auth::in_batches(|n| store.delete_spent_refresh_tokens(now, n)).await?;
        swept += crate::auth::in_batches(|n| store.delete_idle_grants(access_ago, n)).await?;
        swept += crate::auth::in_batches(|n| store.delete_retired_keys(retired_before, n)).await?;
        Ok(swept)
    }
}

// Codes, refresh tokens and client secrets are made and stored as session tokens and reset
// links are: 256 random bits, kept as their SHA-256 (no slow hash needed for random bits).
pub(crate) use crate::auth::random_token;
pub(crate) use crate::auth::sessions::token_hash;

/// Compares two hashes in time independent of where they differ.
pub(crate) fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_keep_the_known_ones_once_in_order() {
        let scopes = Scopes::parse("email openid made_up  email offline_access");
        assert_eq!(scopes.to_string(), "openid email offline_access");
        assert!(scopes.contains(Scope::Email) && !scopes.contains(Scope::Phone));
        assert!(Scopes::parse("openid").within(&scopes));
        assert!(!Scopes::parse("openid phone").within(&scopes));
        assert_eq!(
            Scopes::parse("OPENID").to_string(),
            "",
            "scopes are case-sensitive"
        );
    }

    #[test]
    fn hashes_compare_whole() {
        let a = token_hash("one");
        assert!(same_hash(&a, &token_hash("one")));
        assert!(!same_hash(&a, &token_hash("two")));
        assert!(!same_hash(&a, &a[..31]));
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 43);
    }

    #[test]
    fn algorithms_read_back() {
        for alg in Alg::ALL {
            assert_eq!(Alg::parse(alg.as_str()), Some(alg));
        }
        assert_eq!(Alg::parse("HS256"), None);
        assert_eq!(Alg::parse("none"), None);
    }
}
