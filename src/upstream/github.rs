//! GitHub speaks OAuth 2 without OpenID Connect: the identity is `/user`'s numeric `id`, and
//! the only address believed is the primary, verified entry of `/user/emails` (`/user`'s
//! `email` is null or whatever the person chose to make public).

use secrecy::ExposeSecret;
use serde::Deserialize;
use url::Url;

use super::{Callback, Provider, Result, Trip};
use crate::auth::upstream::UpstreamIdentity;
use crate::auth::upstream::claims::{GithubEmail, GithubUser, from_github};

const AUTHORIZE: &str = "https://github.com/login/oauth/authorize";
const TOKEN: &str = "https://github.com/login/oauth/access_token";
const API: &str = "https://api.github.com";

/// The configured endpoint, else GitHub's.
fn endpoint(p: &Provider, configured: &Option<Url>, github: &str) -> Result<Url> {
    match configured {
        Some(url) => Ok(url.clone()),
        None => Url::parse(github).map_err(|e| p.unavailable(e)),
    }
}

pub(super) fn authorize_url(p: &Provider, trip: &Trip<'_>) -> Result<Url> {
    let mut url = endpoint(p, &p.config.endpoints.authorize, AUTHORIZE)?;
    url.query_pairs_mut()
        .append_pair("client_id", &p.config.client_id)
        .append_pair("redirect_uri", p.redirect_uri.as_str())
        .append_pair("scope", &p.config.scopes.join(" "))
        .append_pair("state", trip.state)
        .append_pair("code_challenge", &pkce_challenge(trip.pkce_verifier))
        .append_pair("code_challenge_method", "S256")
        .append_pair("allow_signup", "true");
    Ok(url)
}

fn pkce_challenge(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

/// GitHub answers a refused code with 200 and an `error` field.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct User {
    id: u64,
    name: Option<String>,
}

#[derive(Deserialize)]
struct Email {
    email: String,
    primary: bool,
    verified: bool,
}

pub(super) async fn identify(
    p: &Provider,
    trip: &Trip<'_>,
    back: &Callback,
) -> Result<UpstreamIdentity> {
    let token_url = endpoint(p, &p.config.endpoints.token, TOKEN)?;
    let secret = p
        .config
        .client_secret
        .as_ref()
        .map(|s| s.expose_secret().to_owned())
        .unwrap_or_default();
    let response = p
        .http
        .post(token_url)
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&[
            ("client_id", p.config.client_id.as_str()),
            ("client_secret", secret.as_str()),
            ("code", back.code.as_str()),
            ("redirect_uri", p.redirect_uri.as_str()),
            ("code_verifier", trip.pkce_verifier),
        ])
        .send()
        .await
        .map_err(|e| p.unavailable(e))?;
    if !response.status().is_success() {
        return Err(p.unavailable(format!("the token endpoint answered {}", response.status())));
    }
    let answer: TokenAnswer = response.json().await.map_err(|e| p.unavailable(e))?;
    let token = match (answer.access_token, answer.error) {
        (Some(token), None) => token,
        (_, error) => return Err(p.refused(format!("the code was refused: {error:?}"))),
    };
    let api = endpoint(p, &p.config.endpoints.api, API)?;
    let user: User = get(p, &api, "user", &token).await?;
    let emails: Vec<Email> = get(p, &api, "user/emails", &token).await?;
    let emails: Vec<GithubEmail> = emails
        .into_iter()
        .map(|e| GithubEmail {
            email: e.email,
            primary: e.primary,
            verified: e.verified,
        })
        .collect();
    Ok(from_github(
        &GithubUser {
            id: user.id,
            name: user.name,
        },
        &emails,
    ))
}

async fn get<T: serde::de::DeserializeOwned>(
    p: &Provider,
    api: &Url,
    path: &str,
    token: &str,
) -> Result<T> {
    let url = format!("{}/{path}", api.as_str().trim_end_matches('/'));
    let response = p
        .http
        .get(&url)
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .send()
        .await
        .map_err(|e| p.unavailable(e))?;
    if !response.status().is_success() {
        return Err(p.unavailable(format!("{url} answered {}", response.status())));
    }
    response
        .json()
        .await
        .map_err(|e| p.unavailable(format!("{url}: {e}")))
}
