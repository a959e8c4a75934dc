//! `/oauth2/authorize`: checks an app's request, sends the person to log in (or back with an
//! error), asks for consent when an app that is not first-party wants something new, and
//! hands the browser back to the app with a one-time code.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{CODE_LIFETIME, LoginFacts, RedirectUri, Scope, Scopes, random_token, token_hash};
use crate::auth::{Auth, Result, later};
use crate::store::AuthCodeRecord;

/// Our own parameter (docs/API.md): the browser was sent to log in at this Unix time in
/// milliseconds (for `prompt=login` or `max_age`) and must come back with a login made after
/// it. It is not signed, and needs not be: it can only ask for a newer login than the app did,
/// and whoever holds the browser can drop `prompt` from the app's URL as easily; what the app
/// can trust is the id_token's `auth_time`.
const AUTH_AFTER: &str = "auth_after";
const MAX_STATE_LEN: usize = 2048;

/// The request's parameters, each given at most once (RFC 6749 §3.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorizeParams(BTreeMap<String, String>);

impl AuthorizeParams {
    /// From a query string or form body; a parameter given twice is refused.
    pub fn parse(encoded: &str) -> Result<AuthorizeParams, String> {
        let mut params = BTreeMap::new();
        for (name, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
            if params.insert(name.to_string(), value.to_string()).is_some() {
                return Err(format!("The parameter `{name}` was given more than once."));
            }
        }
        Ok(AuthorizeParams(params))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Every parameter but `drop`, as pairs (the consent form echoes them).
    pub fn pairs_without(&self, drop: &[&str]) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(k, _)| !drop.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn to_query(pairs: &[(String, String)]) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

/// What the browser is shown or sent to next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizeOutcome {
    /// Not a request that can be answered to an app (unknown client, unregistered redirect
    /// URI): a 400 page saying why, and no redirect anywhere.
    Invalid(String),
    /// Back to the app, with `code` or `error` in the query.
    Redirect(String),
    /// Log in first, then come back to this path; the app's `login_hint` fills in the
    /// identifier.
    Login {
        return_to: String,
        login_hint: Option<String>,
    },
    /// Ask the person.
    Consent(ConsentRequest),
}

/// What the consent page shows and posts back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRequest {
    pub client_name: String,
    pub scopes: Vec<Scope>,
    /// The request's parameters, echoed as hidden fields.
    pub params: Vec<(String, String)>,
    /// Where the decision sends the browser: the page's form-action policy must allow it.
    pub redirect_origin: String,
}

/// The person's answer on the consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

/// The error redirect back to the app (RFC 6749 §4.1.2.1, with RFC 9207's `iss`).
fn error_redirect(
    redirect_uri: &RedirectUri,
    state: Option<&str>,
    issuer: &str,
    code: &str,
    description: &str,
) -> AuthorizeOutcome {
    let mut url = redirect_uri.url();
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("error", code);
        query.append_pair("error_description", description);
        if let Some(state) = state {
            query.append_pair("state", state);
        }
        query.append_pair("iss", issuer);
    }
    AuthorizeOutcome::Redirect(url.into())
}

/// A PKCE challenge: the S256 hash of a verifier, 43 base64url characters.
fn valid_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Auth {
    /// Answers an authorization request for whoever is logged in on this browser (`login`),
    /// with the person's `decision` when it comes from the consent page.
    pub async fn authorize(
        &self,
        params: &AuthorizeParams,
        login: Option<&LoginFacts>,
        decision: Option<Decision>,
    ) -> Result<AuthorizeOutcome> {
        let Some(client_id) = params.get("client_id") else {
            return Ok(AuthorizeOutcome::Invalid(
                "The request names no app (`client_id` is missing).".into(),
            ));
        };
        let Some(client) = self.client(client_id).await? else {
            return Ok(AuthorizeOutcome::Invalid(format!(
                "No app is registered as `{client_id}`."
            )));
        };
        let Some(asked) = params.get("redirect_uri") else {
            return Ok(AuthorizeOutcome::Invalid(
                "The request has no `redirect_uri`.".into(),
            ));
        };
        let Some(redirect_uri) = client.registered_redirect(asked) else {
            return Ok(AuthorizeOutcome::Invalid(format!(
                "`{asked}` is not a redirect URI registered for {}.",
                client.name
            )));
        };
        let issuer = self.issuer();
        let state = params.get("state");
        let back = |code: &str, description: &str| {
            error_redirect(&redirect_uri, state, &issuer, code, description)
        };
        if state.is_some_and(|s| s.len() > MAX_STATE_LEN) {
            return Ok(back(
                "invalid_request",
                "state is longer than 2048 characters",
            ));
        }
        if params.get("request").is_some() {
            return Ok(back(
                "request_not_supported",
                "request objects are not supported",
            ));
        }
        if params.get("request_uri").is_some() {
            return Ok(back(
                "request_uri_not_supported",
                "request_uri is not supported",
            ));
        }
        if params.get("response_type") != Some("code") {
            return Ok(back(
                "unsupported_response_type",
                "only response_type=code is supported",
            ));
        }
        if params.get("response_mode").is_some_and(|m| m != "query") {
            return Ok(back(
                "invalid_request",
                "only response_mode=query is supported",
            ));
        }
        let scopes = Scopes::parse(params.get("scope").unwrap_or_default());
        if !scopes.contains(Scope::OpenId) {
            return Ok(back("invalid_scope", "scope must include openid"));
        }
        let challenge = params.get("code_challenge");
        match (challenge, params.get("code_challenge_method")) {
            (None, None) if client.is_public() => {
                return Ok(back(
                    "invalid_request",
                    "PKCE is required: send code_challenge with code_challenge_method=S256",
                ));
            }
            (None, None) => {}
            (Some(challenge), Some("S256")) if valid_challenge(challenge) => {}
            (Some(_), Some("S256")) => {
                return Ok(back(
                    "invalid_request",
                    "code_challenge must be 43 base64url characters",
                ));
            }
            (None, Some(_)) => {
                return Ok(back("invalid_request", "code_challenge is missing"));
            }
            (Some(_), _) => {
                return Ok(back(
                    "invalid_request",
                    "code_challenge_method must be S256",
                ));
            }
        }
        if params.get("nonce").is_some_and(|n| n.len() > 512) {
            return Ok(back(
                "invalid_request",
                "nonce is longer than 512 characters",
            ));
        }
        let prompts: Vec<&str> = params
            .get("prompt")
            .unwrap_or_default()
            .split(' ')
            .collect();
        let prompt_none = prompts.contains(&"none");
        if prompt_none && prompts.len() > 1 {
            return Ok(back("invalid_request", "prompt=none cannot be combined"));
        }
        let max_age = match params.get("max_age").map(str::parse::<u32>) {
            None => None,
            Some(Ok(seconds)) => Some(seconds),
            Some(Err(_)) => {
                return Ok(back(
                    "invalid_request",
                    "max_age must be a number of seconds",
                ));
            }
        };
        let auth_after = params
            .get(AUTH_AFTER)
            .and_then(|t| t.parse::<i64>().ok())
            .and_then(DateTime::<Utc>::from_timestamp_millis);

        // Logged in, and recently enough?
        let now = self.clock.now();
        // To the millisecond: `max_age=0` asks for a login made for this request (OpenID
        // Connect Core §3.1.2.1), which a whole-second age of 0 would let through.
        let too_old = |login: &LoginFacts| {
            let age = now - login.auth_time;
            max_age.is_some_and(|max| age > chrono::TimeDelta::seconds(i64::from(max)))
                || auth_after.is_some_and(|after| login.auth_time < after)
        };
        let login = match login {
            Some(login)
                if decision.is_some() || !(prompts.contains(&"login") || too_old(login)) =>
            {
                login
            }
            _ if prompt_none => {
                return Ok(back(
                    "login_required",
                    "nobody is logged in, or not recently enough",
                ));
            }
            found => {
                // Back here after the login, without what sent the browser there: a login made
                // after now satisfies `prompt=login` and `max_age` alike.
                let mut pairs = params.pairs_without(&["prompt", "max_age", AUTH_AFTER]);
                let forced = prompts.contains(&"login") || found.is_some_and(too_old);
                if forced || max_age.is_some() {
                    pairs.push((AUTH_AFTER.into(), now.timestamp_millis().to_string()));
                } else if let Some(after) = auth_after {
                    pairs.push((AUTH_AFTER.into(), after.timestamp_millis().to_string()));
                }
                return Ok(AuthorizeOutcome::Login {
                    return_to: format!("/oauth2/authorize?{}", AuthorizeParams::to_query(&pairs)),
                    login_hint: params
                        .get("login_hint")
                        .filter(|h| h.chars().count() <= 320)
                        .map(str::to_owned),
                });
            }
        };

        // Consent, for an app that is not the operator's own.
        if !client.first_party {
            match decision {
                Some(Decision::Deny) => {
                    return Ok(back("access_denied", "the person did not allow access"));
                }
                Some(Decision::Allow) => {
                    let before = self.store.consent(login.user_id, &client.id).await?;
                    let all = Scopes::parse(before.as_deref().unwrap_or_default()).union(&scopes);
                    self.store
                        .save_consent(login.user_id, &client.id, &all.to_string(), now)
                        .await?;
                }
                None => {
                    let given = self.store.consent(login.user_id, &client.id).await?;
                    let covered = given.is_some_and(|g| scopes.within(&Scopes::parse(&g)));
                    if !covered || prompts.contains(&"consent") {
                        if prompt_none {
                            return Ok(back(
                                "consent_required",
                                "the person has not allowed this app",
                            ));
                        }
                        return Ok(AuthorizeOutcome::Consent(ConsentRequest {
                            client_name: client.name.clone(),
                            scopes: scopes.iter().collect(),
                            params: params.pairs_without(&["prompt", "max_age", AUTH_AFTER]),
                            redirect_origin: redirect_uri.origin(),
                        }));
                    }
                }
            }
        } else if decision == Some(Decision::Deny) {
            return Ok(back("access_denied", "the person did not allow access"));
        }

        let code = random_token();
        self.store
            .insert_auth_code(&AuthCodeRecord {
                code_hash: token_hash(&code),
                client_id: client.id.clone(),
                user_id: login.user_id,
                session_id: login.session_id,
                redirect_uri: redirect_uri.as_str().to_owned(),
                scope: scopes.to_string(),
                nonce: params.get("nonce").map(str::to_owned),
                code_challenge: challenge.map(str::to_owned),
                auth_time: login.auth_time,
                amr: login.amr.join(" "),
                expires_at: later(now, CODE_LIFETIME),
                grant_id: Uuid::new_v4(),
            })
            .await?;
        let mut url = redirect_uri.url();
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("code", &code);
            if let Some(state) = state {
                query.append_pair("state", state);
            }
            query.append_pair("iss", &issuer);
        }
        Ok(AuthorizeOutcome::Redirect(url.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_given_twice_is_refused() {
        assert!(AuthorizeParams::parse("client_id=a&client_id=b").is_err());
        let params = AuthorizeParams::parse("client_id=a&scope=openid+email&state=").unwrap();
        assert_eq!(params.get("scope"), Some("openid email"));
        assert_eq!(params.get("state"), None, "empty is absent");
        assert_eq!(
            params.pairs_without(&["scope"]),
            vec![
                ("client_id".into(), "a".into()),
                ("state".into(), "".into())
            ]
        );
    }

    #[test]
    fn challenges_are_s256_shaped() {
        assert!(valid_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!valid_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c"
        ));
        assert!(!valid_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"
        ));
        assert!(!valid_challenge(""));
    }

    #[test]
    fn errors_go_back_with_state_and_issuer() {
        let AuthorizeOutcome::Redirect(to) = error_redirect(
            &RedirectUri::parse("https://app.example.com/cb?tenant=1").unwrap(),
            Some("xyz"),
            "https://auth.example.com",
            "access_denied",
            "no",
        ) else {
            panic!("a redirect");
        };
        assert_eq!(
            to,
            "https://app.example.com/cb?tenant=1&error=access_denied&error_description=no\
             &state=xyz&iss=https%3A%2F%2Fauth.example.com"
        );
    }
}
