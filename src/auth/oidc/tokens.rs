//! The token endpoint: the code and refresh-token grants, and the tokens they issue. What a
//! token is worth when it comes back (userinfo, revocation, introspection) is `token_use`.
//!
//! Access tokens are JWTs (RFC 9068) a resource server checks with the JWKS alone; each names
//! its grant, so userinfo and introspection refuse it once the grant has ended. Refresh tokens
//! are opaque, stored hashed, and replaced at every use: presenting a spent one ends the whole
//! grant and the browser session it came from.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    ACCESS_TOKEN_LIFETIME, Alg, Client, ID_TOKEN_LIFETIME, OAuthError, REFRESH_TOKEN_LIFETIME,
    Scope, Scopes, random_token, token_hash,
};
use crate::auth::{Auth, User, later};
use crate::store::{CodeExchange, GrantRecord, RefreshRecord, Rotation};

const ACCESS_TOKEN_TYPE: &str = "at+jwt";
pub(super) const ID_TOKEN_TYPE: &str = "JWT";

/// How the app said who it is: HTTP Basic, or `client_id` (and `client_secret`) in the body.
#[derive(Clone, Debug, Default)]
pub struct ClientCredentials {
    pub id: Option<String>,
    pub secret: Option<String>,
}

/// The token endpoint's form, each field as sent.
#[derive(Clone, Debug, Default)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TokenResponse {
    pub access_token: String,
    pub expires_in: u64,
    pub id_token: String,
    pub refresh_token: Option<String>,
    pub scope: String,
}

/// RFC 7636: the verifier's S256 hash must be the challenge.
fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    well_formed && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

/// The claims a scope releases about a user.
pub(super) fn user_claims(user: &User, scopes: &Scopes, claims: &mut Map<String, Value>) {
    if scopes.contains(Scope::Profile) {
        claims.insert("given_name".into(), json!(user.first_name));
        claims.insert("family_name".into(), json!(user.last_name));
        claims.insert(
            "name".into(),
            json!(format!("{} {}", user.first_name, user.last_name)),
        );
        // The language they signed up in or picked, when they have one.
        if let Some(locale) = &user.locale {
            claims.insert("locale".into(), json!(locale));
        }
    }
    if scopes.contains(Scope::Email) {
        claims.insert("email".into(), json!(user.email.as_str()));
        claims.insert("email_verified".into(), json!(user.email_verified));
    }
    if scopes.contains(Scope::Phone) {
        claims.insert("phone_number".into(), json!(user.phone.as_str()));
        claims.insert("phone_number_verified".into(), json!(user.phone_verified));
    }
    if scopes.contains(Scope::Roles) {
        claims.insert("roles".into(), json!(user.roles));
    }
}

impl Auth {
    /// `iss`: `PUBLIC_URL` without a trailing slash.
    pub fn issuer(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_owned()
    }

    /// Finds the app and checks its secret; a public app may send none (PKCE proves it).
    pub async fn authenticate_client(
        &self,
        credentials: &ClientCredentials,
    ) -> Result<Client, OAuthError> {
        let id = credentials
            .id
            .as_deref()
            .ok_or_else(OAuthError::invalid_client)?;
        let client = self
            .client(id)
            .await?
            .ok_or_else(OAuthError::invalid_client)?;
        let authenticated = match (&credentials.secret, client.is_public()) {
            (None, true) => true,
            (Some(secret), false) => client.secret_matches(secret),
            _ => false,
        };
        if authenticated {
            Ok(client)
        } else {
            Err(OAuthError::invalid_client())
        }
    }

    pub async fn token(
        &self,
        credentials: &ClientCredentials,
        request: TokenRequest,
    ) -> Result<TokenResponse, OAuthError> {
        let client = self.authenticate_client(credentials).await?;
        match request.grant_type.as_deref() {
            Some("authorization_code") => self.exchange_code(&client, request).await,
            Some("refresh_token") => self.refresh(&client, request).await,
            None => Err(OAuthError::invalid_request("grant_type is missing")),
            Some(_) => Err(OAuthError::new(
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            )),
        }
    }

    async fn exchange_code(
        &self,
        client: &Client,
        request: TokenRequest,
    ) -> Result<TokenResponse, OAuthError> {
        let code = request
            .code
            .ok_or_else(|| OAuthError::invalid_request("code is missing"))?;
        let redirect_uri = request
            .redirect_uri
            .ok_or_else(|| OAuthError::invalid_request("redirect_uri is missing"))?;
        let now = self.clock.now();
        let exchange = self
            .store
            .exchange_code(&token_hash(&code), &client.id, now, |found, logged_in| {
                if found.expires_at <= now {
                    return Err(OAuthError::invalid_grant("the code has expired"));
                }
                if !logged_in {
                    return Err(OAuthError::invalid_grant(
                        "the login the code came from has ended",
                    ));
                }
                if found.redirect_uri != redirect_uri {
                    return Err(OAuthError::invalid_grant(
                        "redirect_uri differs from the authorization request's",
                    ));
                }
                match (&found.code_challenge, &request.code_verifier) {
                    (Some(challenge), Some(verifier)) if pkce_matches(verifier, challenge) => {}
                    (Some(_), Some(_)) => {
                        return Err(OAuthError::invalid_grant("code_verifier does not match"));
                    }
                    (Some(_), None) => {
                        return Err(OAuthError::invalid_grant("code_verifier is missing"));
                    }
                    (None, Some(_)) => {
                        return Err(OAuthError::invalid_grant(
                            "code_verifier was sent, but the request had no code_challenge",
                        ));
                    }
                    (None, None) => {}
                }
                let grant = GrantRecord {
                    id: found.grant_id,
                    client_id: found.client_id.clone(),
                    user_id: found.user_id,
                    session_id: found.session_id,
                    scope: found.scope.clone(),
                    auth_time: found.auth_time,
                    amr: found.amr.clone(),
                    created_at: now,
                };
                let refresh = Scopes::parse(&found.scope)
                    .contains(Scope::OfflineAccess)
                    .then(random_token);
                let record = refresh.as_deref().map(|token| RefreshRecord {
                    token_hash: token_hash(token),
                    grant_id: grant.id,
                    created_at: now,
                    expires_at: later(now, REFRESH_TOKEN_LIFETIME),
                });
                Ok(((grant.clone(), refresh, found.nonce.clone()), grant, record))
            })
            .await?;
        match exchange {
            CodeExchange::Issued((grant, refresh, nonce)) => {
                let scopes = Scopes::parse(&grant.scope);
                self.issue(client, &grant, &scopes, refresh, nonce.as_deref(), now)
                    .await
            }
            CodeExchange::Refused(error) => Err(error),
            CodeExchange::Replayed => {
                tracing::warn!(client = %client.id, "an authorization code was used twice; its tokens are revoked");
                Err(OAuthError::invalid_grant(
                    "the code was used before; the tokens it gave are revoked",
                ))
            }
            CodeExchange::Unknown => Err(OAuthError::invalid_grant("the code is not valid")),
        }
    }

    async fn refresh(
        &self,
        client: &Client,
        request: TokenRequest,
    ) -> Result<TokenResponse, OAuthError> {
        let presented = request
            .refresh_token
            .ok_or_else(|| OAuthError::invalid_request("refresh_token is missing"))?;
        let old = token_hash(&presented);
        let now = self.clock.now();
        let invalid = || OAuthError::invalid_grant("the refresh token is not valid");
        let found = self
            .store
            .find_refresh_token(&old)
            .await?
            .ok_or_else(invalid)?;
        if found.grant.client_id != client.id {
            return Err(invalid());
        }
        if found.used_at.is_some() {
            self.store.end_grant_and_session(&found.grant).await?;
            tracing::warn!(client = %client.id, "a spent refresh token was presented; its grant and session are ended");
            return Err(invalid());
        }
        if found.expires_at_token <= now {
            return Err(invalid());
        }
        let granted = Scopes::parse(&found.grant.scope);
        let scopes = match request.scope.as_deref() {
            None | Some("") => granted.clone(),
            Some(asked) => {
                let asked = Scopes::parse(asked);
                if !asked.within(&granted) {
                    return Err(OAuthError::new(
                        "invalid_scope",
                        "a refresh cannot widen the scope",
                    ));
                }
                asked
            }
        };
        let next = random_token();
        let record = RefreshRecord {
            token_hash: token_hash(&next),
            grant_id: found.grant.id,
            created_at: now,
            expires_at: later(now, REFRESH_TOKEN_LIFETIME),
        };
        match self
            .store
            .rotate_refresh_token(&old, &record, &found.grant, now)
            .await?
        {
            Rotation::Rotated => {
                self.issue(client, &found.grant, &scopes, Some(next), None, now)
                    .await
            }
            Rotation::Replayed => Err(invalid()),
        }
    }

    /// Signs the access token and id_token for a grant.
    async fn issue(
        &self,
        client: &Client,
        grant: &GrantRecord,
        scopes: &Scopes,
        refresh_token: Option<String>,
        nonce: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<TokenResponse, OAuthError> {
        let user = self
            .store
            .find_user(grant.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or_else(|| OAuthError::invalid_grant("the account is no longer available"))?;
        let user = self.load_user(user).await?;
        let issuer = self.issuer();
        let amr: Vec<&str> = grant.amr.split(' ').filter(|a| !a.is_empty()).collect();
        let expires = |lifetime| later(now, lifetime).timestamp();

        let mut access = json!({
            "iss": issuer,
            "sub": user.id,
            "aud": client.id,
            "client_id": client.id,
            "iat": now.timestamp(),
            "exp": expires(ACCESS_TOKEN_LIFETIME),
            "jti": Uuid::new_v4(),
            "scope": scopes.to_string(),
            "auth_time": grant.auth_time.timestamp(),
            "grant": grant.id,
        });
        if scopes.contains(Scope::Roles) {
            access["roles"] = json!(user.roles);
        }
        let access_token = self
            .signing_keys
            .sign(Alg::Rs256, ACCESS_TOKEN_TYPE, &access, now)
            .await?;

        let mut id = Map::new();
        id.insert("iss".into(), json!(issuer));
        id.insert("sub".into(), json!(user.id));
        id.insert("aud".into(), json!(client.id));
        id.insert("azp".into(), json!(client.id));
        id.insert("iat".into(), json!(now.timestamp()));
        id.insert("exp".into(), json!(expires(ID_TOKEN_LIFETIME)));
        id.insert("auth_time".into(), json!(grant.auth_time.timestamp()));
        id.insert("amr".into(), json!(amr));
        if let Some(nonce) = nonce {
            id.insert("nonce".into(), json!(nonce));
        }
        user_claims(&user, scopes, &mut id);
        let id_token = self
            .signing_keys
            .sign(client.id_token_alg, ID_TOKEN_TYPE, &Value::Object(id), now)
            .await?;

        Ok(TokenResponse {
            access_token,
            expires_in: ACCESS_TOKEN_LIFETIME.as_secs(),
            id_token,
            refresh_token,
            scope: scopes.to_string(),
        })
    }

    /// The claims of a valid, unexpired access token whose grant is still alive.
    pub(super) async fn access_token_claims(
        &self,
        token: &str,
    ) -> Result<Option<(Value, GrantRecord)>, OAuthError> {
        let now = self.clock.now();
        let Some((header, claims)) = self.signing_keys.verify(token, now).await? else {
            return Ok(None);
        };
        let fresh = claims["exp"]
            .as_i64()
            .is_some_and(|exp| exp > now.timestamp());
        if header["typ"] != ACCESS_TOKEN_TYPE || claims["iss"] != self.issuer() || !fresh {
            return Ok(None);
        }
        let Some(grant_id) = claims["grant"]
            .as_str()
            .and_then(|g| Uuid::parse_str(g).ok())
        else {
            return Ok(None);
        };
        let grant = self.store.find_grant(grant_id).await?;
        Ok(grant.map(|grant| (claims, grant)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_scope_releases_the_language_when_there_is_one() {
        let now = chrono::Utc::now();
        let mut user = User {
            id: uuid::Uuid::new_v4(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: crate::auth::Email::parse("ada@example.com").unwrap(),
            phone: crate::auth::Phone::parse("+12015550123").unwrap(),
            email_verified: true,
            phone_verified: false,
            roles: vec!["user".into()],
            created_at: now,
            updated_at: now,
            locale: Some("pl".into()),
        };
        let claims = |user: &User, scope: &str| {
            let mut claims = Map::new();
            user_claims(user, &super::super::Scopes::parse(scope), &mut claims);
            claims
        };
        assert_eq!(claims(&user, "openid profile")["locale"], "pl");
        assert!(!claims(&user, "openid email").contains_key("locale"));
        user.locale = None;
        assert!(!claims(&user, "openid profile").contains_key("locale"));
    }

    #[test]
    fn pkce_checks_the_s256_of_the_verifier() {
        // RFC 7636, appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge));
        assert!(!pkce_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj",
            challenge
        ));
        assert!(
            !pkce_matches(challenge, challenge),
            "the challenge is not its own verifier"
        );
        assert!(!pkce_matches("short", challenge));
        assert!(!pkce_matches(&"a".repeat(129), challenge));
    }
}
