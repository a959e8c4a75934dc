//! Google, Apple, Microsoft and any OpenID Connect issuer: discovery, the code flow with PKCE
//! and `nonce`, and the id_token's checks (signature, issuer, audience, expiry, nonce), by the
//! `openidconnect` crate. Microsoft's `common` endpoint publishes its issuer as a template
//! (`.../{tenantid}/v2.0`) the crate cannot match (openidconnect-rs #216), so for it the
//! issuer is checked here against the token's own tenant, and the tenant against the
//! allowlist.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AdditionalClaims, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IdToken,
    JsonWebKeySet, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError,
    Scope, TokenResponse, TokenUrl,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use url::Url;

use super::{Callback, Provider, Result, Trip, apple};
use crate::auth::upstream::claims::{IdClaims, from_id_claims, microsoft_issuer};
use crate::auth::upstream::{ProviderKind, UpstreamIdentity};

/// How long a provider's discovery document and keys are used before they are fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);

/// A provider's discovery document with its keys, fetched at first use.
#[derive(Default)]
pub(super) struct Discovery {
    cached: tokio::sync::Mutex<Option<(Instant, Arc<CoreProviderMetadata>)>>,
}

/// The claims beyond the standard ones that decide whether an email is proven.
#[derive(Clone, Debug, Deserialize, Serialize)]
struct Extra {
    hd: Option<String>,
    tid: Option<String>,
    oid: Option<String>,
    xms_edov: Option<serde_json::Value>,
}

impl AdditionalClaims for Extra {}

type ExtraIdToken =
    IdToken<Extra, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

pub(super) async fn authorize_url(p: &Provider, trip: &Trip<'_>) -> Result<Url> {
    let metadata = discovered(p, false).await?;
    let client = CoreClient::from_provider_metadata(
        (*metadata).clone(),
        ClientId::new(p.config.client_id.clone()),
        None,
    )
    .set_redirect_uri(RedirectUrl::from_url(p.redirect_uri.clone()));
    let verifier = PkceCodeVerifier::new(trip.pkce_verifier.to_owned());
    let state = trip.state.to_owned();
    let nonce = trip.nonce.to_owned();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(state),
            move || Nonce::new(nonce),
        )
        .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(&verifier));
    for scope in p.config.scopes.iter().filter(|s| *s != "openid") {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    if p.config.policy.kind == ProviderKind::Apple {
        // Apple sends the name and email scopes' answers only as a form POST.
        request = request.add_extra_param("response_mode", "form_post");
    }
    Ok(request.url().0)
}

pub(super) async fn identify(
    p: &Provider,
    trip: &Trip<'_>,
    back: &Callback,
) -> Result<UpstreamIdentity> {
    let metadata = discovered(p, false).await?;
    let template = is_template(p, &metadata);
    // RFC 9207: a browser sent back by another issuer is a mix-up.
    if let Some(iss) = back.iss.as_deref()
        && !template
        && trim(iss) != trim(metadata.issuer().as_str())
    {
        return Err(p.refused(format!("the callback's iss is {iss}")));
    }
    let secret = match &p.config.apple {
        Some(apple) => apple::client_secret(apple, &p.config.client_id)
            .map_err(|e| p.unavailable(format!("signing Apple's client secret: {e}")))?,
        None => p
            .config
            .client_secret
            .as_ref()
            .map(|s| s.expose_secret().to_owned())
            .unwrap_or_default(),
    };
    let client = CoreClient::from_provider_metadata(
        (*metadata).clone(),
        ClientId::new(p.config.client_id.clone()),
        Some(ClientSecret::new(secret)),
    )
    .set_redirect_uri(RedirectUrl::from_url(p.redirect_uri.clone()));
    let response = client
        .exchange_code(AuthorizationCode::new(back.code.clone()))
        .map_err(|e| p.unavailable(e))?
        .set_pkce_verifier(PkceCodeVerifier::new(trip.pkce_verifier.to_owned()))
        .request_async(&p.http)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(answer) => p.refused(answer),
            other => p.unavailable(other),
        })?;
    let raw = response
        .id_token()
        .ok_or_else(|| p.refused("the token answer has no id_token"))?
        .to_string();
    let token: ExtraIdToken = raw.parse().map_err(|e| p.refused(e))?;
    let nonce = Nonce::new(trip.nonce.to_owned());
    let verified = {
        let verifier = client.id_token_verifier().require_issuer_match(!template);
        token.claims(&verifier, &nonce).cloned()
    };
    let claims = match verified {
        Ok(claims) => claims,
        // Keys rotate: a token signed by a key not yet seen gets one fresh look at the set.
        Err(first) => {
            let fresh = discovered(p, true).await?;
            let client = CoreClient::from_provider_metadata(
                (*fresh).clone(),
                ClientId::new(p.config.client_id.clone()),
                None,
            );
            let verifier = client.id_token_verifier().require_issuer_match(!template);
            token
                .claims(&verifier, &nonce)
                .cloned()
                .map_err(|_| p.refused(first))?
        }
    };
    let extra = claims.additional_claims();
    let id_claims = IdClaims {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|e| e.as_str().to_owned()),
        email_verified: claims.email_verified(),
        given_name: claims
            .given_name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned()),
        family_name: claims
            .family_name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned()),
        hd: extra.hd.clone(),
        tid: extra.tid.clone(),
        oid: extra.oid.clone(),
        xms_edov: extra.xms_edov.as_ref().map(|v| {
            matches!(v, serde_json::Value::Bool(true)) || matches!(v.as_str(), Some("true" | "1"))
        }),
        amr: claims
            .auth_method_refs()
            .map(|amr| amr.iter().map(|m| m.as_str().to_owned()).collect())
            .unwrap_or_default(),
    };
    if p.config.policy.kind == ProviderKind::Microsoft {
        let tenant = id_claims.tid.as_deref().unwrap_or_default();
        if trim(&id_claims.issuer) != trim(&microsoft_issuer(tenant)) {
            return Err(p.refused(format!(
                "issuer {} is not tenant {tenant}'s",
                id_claims.issuer
            )));
        }
        if !p.config.tenants.is_empty() && !p.config.tenants.iter().any(|t| t == tenant) {
            return Err(p.refused(format!("tenant {tenant} is not allowed")));
        }
    }
    let mut identity = from_id_claims(&p.config.policy, &id_claims)
        .ok_or_else(|| p.refused("the id_token names no subject"))?;
    if let Some(user) = back.user.as_deref() {
        apple::names_from_user_field(user, &mut identity);
    }
    Ok(identity)
}

/// Microsoft's `common` (or `organizations`) endpoint: the issuer depends on the tenant.
fn is_template(p: &Provider, metadata: &CoreProviderMetadata) -> bool {
    p.config.policy.kind == ProviderKind::Microsoft
        && metadata.issuer().as_str().contains("{tenantid}")
}

fn trim(url: &str) -> &str {
    url.trim_end_matches('/')
}

async fn discovered(p: &Provider, refresh: bool) -> Result<Arc<CoreProviderMetadata>> {
    let mut cached = p.discovery.cached.lock().await;
    if let Some((at, metadata)) = cached.as_ref()
        && !refresh
        && at.elapsed() < DISCOVERY_TTL
    {
        return Ok(metadata.clone());
    }
    match discover(p).await {
        Ok(metadata) => {
            let metadata = Arc::new(metadata);
            *cached = Some((Instant::now(), metadata.clone()));
            Ok(metadata)
        }
        Err(e) => match cached.as_ref() {
            Some((_, stale)) => {
                tracing::warn!(provider = %p.config.id, error = %e, "discovery failed; using the last document");
                Ok(stale.clone())
            }
            None => Err(e),
        },
    }
}

async fn discover(p: &Provider) -> Result<CoreProviderMetadata> {
    let issuer = p
        .config
        .issuer
        .as_ref()
        .ok_or_else(|| p.unavailable("no issuer configured"))?;
    let url = format!("{}/.well-known/openid-configuration", trim(issuer.as_str()));
    let response = p
        .http
        .get(&url)
        .send()
        .await
        .map_err(|e| p.unavailable(e))?;
    if !response.status().is_success() {
        return Err(p.unavailable(format!("{url} answered {}", response.status())));
    }
    let mut metadata: CoreProviderMetadata = response
        .json()
        .await
        .map_err(|e| p.unavailable(format!("{url}: {e}")))?;
    let named = trim(metadata.issuer().as_str()).to_owned();
    if named != trim(issuer.as_str()) && !is_template(p, &metadata) {
        return Err(p.refused(format!("{url} names the issuer {named}")));
    }
    let keys = JsonWebKeySet::fetch_async(metadata.jwks_uri(), &p.http)
        .await
        .map_err(|e| p.unavailable(format!("keys: {e}")))?;
    metadata = metadata.set_jwks(keys);
    if let Some(authorize) = &p.config.endpoints.authorize {
        metadata = metadata.set_authorization_endpoint(AuthUrl::from_url(authorize.clone()));
    }
    if let Some(token) = &p.config.endpoints.token {
        metadata = metadata.set_token_endpoint(Some(TokenUrl::from_url(token.clone())));
    }
    Ok(metadata)
}
