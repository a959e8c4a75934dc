//! What a token issued earlier is worth when it comes back: userinfo, revocation (RFC 7009),
//! introspection (RFC 7662) and the id_token hint of RP-initiated logout. An access token
//! counts only while its grant stands.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::tokens::{ClientCredentials, ID_TOKEN_TYPE, user_claims};
use super::{Client, OAuthError, Scopes, token_hash};
use crate::auth::Auth;

impl Auth {
    /// `/oauth2/userinfo`: the claims the token's scope releases, read fresh.
    pub async fn userinfo(&self, access_token: &str) -> Result<Value, OAuthError> {
        let (claims, grant) = self
            .access_token_claims(access_token)
            .await?
            .ok_or_else(OAuthError::invalid_token)?;
        let user = self
            .store
            .find_user(grant.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or_else(OAuthError::invalid_token)?;
        let user = self.load_user(user).await?;
        let scopes = Scopes::parse(claims["scope"].as_str().unwrap_or_default());
        let mut info = Map::new();
        info.insert("sub".into(), json!(user.id));
        user_claims(&user, &scopes, &mut info);
        Ok(Value::Object(info))
    }

    /// RFC 7009: ends the grant behind a refresh or access token of this app's. Unknown
    /// tokens and other apps' are ignored, as the RFC asks.
    pub async fn revoke_token(
        &self,
        credentials: &ClientCredentials,
        token: Option<&str>,
    ) -> Result<(), OAuthError> {
        let client = self.authenticate_client(credentials).await?;
        let token = token.ok_or_else(|| OAuthError::invalid_request("token is missing"))?;
        if let Some(found) = self.store.find_refresh_token(&token_hash(token)).await? {
            self.store
                .delete_grant_of_client(found.grant.id, &client.id)
                .await?;
        } else if let Some((_, grant)) = self.access_token_claims(token).await? {
            self.store
                .delete_grant_of_client(grant.id, &client.id)
                .await?;
        }
        Ok(())
    }

    /// RFC 7662, for confidential apps, about their own tokens: anything else is inactive.
    pub async fn introspect(
        &self,
        credentials: &ClientCredentials,
        token: Option<&str>,
    ) -> Result<Value, OAuthError> {
        let client = self.authenticate_client(credentials).await?;
        if client.is_public() {
            return Err(OAuthError::new(
                "unauthorized_client",
                "introspection is for confidential apps",
            ));
        }
        let token = token.ok_or_else(|| OAuthError::invalid_request("token is missing"))?;
        let inactive = json!({"active": false});
        let now = self.clock.now();
        if let Some(found) = self.store.find_refresh_token(&token_hash(token)).await? {
            let live = found.used_at.is_none() && found.expires_at_token > now;
            if !live || found.grant.client_id != client.id {
                return Ok(inactive);
            }
            // No `token_type`: RFC 7662 takes its values from RFC 6749 §7.1, which types
            // access tokens. A refresh token is none, and a resource server reading
            // "Bearer" here could take it for one.
            return Ok(json!({
                "active": true,
                "scope": found.grant.scope,
                "client_id": client.id,
                "sub": found.grant.user_id,
                "exp": found.expires_at_token.timestamp(),
                "iss": self.issuer(),
            }));
        }
        match self.access_token_claims(token).await? {
            Some((claims, grant)) if grant.client_id == client.id => Ok(json!({
                "active": true,
                "token_type": "Bearer",
                "scope": claims["scope"],
                "client_id": client.id,
                "sub": claims["sub"],
                "aud": claims["aud"],
                "iss": claims["iss"],
                "exp": claims["exp"],
                "iat": claims["iat"],
                "jti": claims["jti"],
            })),
            _ => Ok(inactive),
        }
    }

    /// RP-initiated logout: the app and user an id_token of ours names, expired or not. An
    /// access token (also signed by us, but a different `typ`) is no hint.
    pub async fn id_token_hint(&self, hint: &str) -> Result<Option<(Client, Uuid)>, OAuthError> {
        let now = self.clock.now();
        let Some((header, claims)) = self.signing_keys.verify(hint, now).await? else {
            return Ok(None);
        };
        let an_id_token = header["typ"] == ID_TOKEN_TYPE
            && claims.get("grant").is_none()
            && claims["azp"] == claims["aud"];
        if !an_id_token || claims["iss"] != self.issuer() {
            return Ok(None);
        }
        let (Some(aud), Some(sub)) = (
            claims["aud"].as_str(),
            claims["sub"].as_str().and_then(|s| Uuid::parse_str(s).ok()),
        ) else {
            return Ok(None);
        };
        Ok(self.client(aud).await?.map(|client| (client, sub)))
    }
}
