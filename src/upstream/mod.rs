//! The other end of "Log in with Google": talking to the providers in `LATCH_PROVIDERS`.
//! Each provider turns a trip's `state`, `nonce` and PKCE challenge into the address to send
//! the browser to, and the code that comes back into an [`UpstreamIdentity`] whose tokens were
//! checked. Discovery is fetched at first use and cached, so a provider that is down never
//! stops Latch. The HTTP client follows no redirects and gives up after 10 seconds.

mod apple;
mod github;
mod oidc;

use std::time::Duration;

use url::Url;

pub use crate::auth::upstream::{Callback, Trip};
use crate::auth::upstream::{
    ProviderFailure, ProviderInfo, ProviderKind, Providers, UpstreamIdentity,
};
use crate::config::ProviderConfig;

/// Why a trip to a provider did not give an identity.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// The provider could not be reached, or answered what no provider should.
    #[error("{provider} unavailable: {detail}")]
    Unavailable { provider: String, detail: String },
    /// The provider answered, and what it answered does not hold: a token that does not
    /// verify, another issuer, a tenant not allowed, a refused code.
    #[error("{provider} refused: {detail}")]
    Refused { provider: String, detail: String },
}

pub type Result<T, E = UpstreamError> = std::result::Result<T, E>;

/// The configured providers, in the order of `LATCH_PROVIDERS`.
pub struct Upstreams {
    providers: Vec<Provider>,
    infos: Vec<ProviderInfo>,
}

pub struct Provider {
    pub config: ProviderConfig,
    redirect_uri: Url,
    http: reqwest::Client,
    discovery: oidc::Discovery,
}

impl Upstreams {
    pub fn new(configs: &[ProviderConfig], public_url: &Url) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("Latch/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let providers = configs
            .iter()
            .map(|config| Provider {
                redirect_uri: callback_url(public_url, &config.id),
                config: config.clone(),
                http: http.clone(),
                discovery: oidc::Discovery::default(),
            })
            .collect();
        let infos = configs
            .iter()
            .map(|c| ProviderInfo {
                id: c.id.clone(),
                name: c.name.clone(),
                policy: c.policy.clone(),
            })
            .collect();
        Ok(Upstreams { providers, infos })
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.config.id == id)
    }
}

#[async_trait::async_trait]
impl Providers for Upstreams {
    fn all(&self) -> &[ProviderInfo] {
        &self.infos
    }

    async fn authorize_url(
        &self,
        provider: &str,
        trip: &Trip<'_>,
    ) -> std::result::Result<Url, ProviderFailure> {
        let provider = self.known(provider)?;
        provider.authorize_url(trip).await.map_err(failure)
    }

    async fn identify(
        &self,
        provider: &str,
        trip: &Trip<'_>,
        back: &Callback,
    ) -> std::result::Result<UpstreamIdentity, ProviderFailure> {
        let provider = self.known(provider)?;
        provider.identify(trip, back).await.map_err(failure)
    }
}

impl Upstreams {
    fn known(&self, id: &str) -> std::result::Result<&Provider, ProviderFailure> {
        self.get(id)
            .ok_or_else(|| ProviderFailure(format!("no provider {id}")))
    }
}

fn failure(e: UpstreamError) -> ProviderFailure {
    ProviderFailure(e.to_string())
}

/// `{PUBLIC_URL}/auth/{id}/callback`, kept under `PUBLIC_URL`'s path.
fn callback_url(public_url: &Url, id: &str) -> Url {
    let mut url = public_url.clone();
    let base = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{base}/auth/{id}/callback"));
    url.set_query(None);
    url
}

impl Provider {
    pub fn id(&self) -> &str {
        &self.config.id
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// Where to send the browser to begin the trip.
    pub async fn authorize_url(&self, trip: &Trip<'_>) -> Result<Url> {
        match self.config.policy.kind {
            ProviderKind::Github => github::authorize_url(self, trip),
            _ => oidc::authorize_url(self, trip).await,
        }
    }

    /// The identity behind the code the browser brought back, its tokens checked.
    pub async fn identify(&self, trip: &Trip<'_>, back: &Callback) -> Result<UpstreamIdentity> {
        match self.config.policy.kind {
            ProviderKind::Github => github::identify(self, trip, back).await,
            _ => oidc::identify(self, trip, back).await,
        }
    }

    fn unavailable(&self, detail: impl std::fmt::Display) -> UpstreamError {
        UpstreamError::Unavailable {
            provider: self.config.id.clone(),
            detail: detail.to_string(),
        }
    }

    fn refused(&self, detail: impl std::fmt::Display) -> UpstreamError {
        UpstreamError::Refused {
            provider: self.config.id.clone(),
            detail: detail.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callback_sits_under_the_public_path() {
        let base = Url::parse("https://example.com/auth-service/").unwrap();
        assert_eq!(
            callback_url(&base, "google").as_str(),
            "https://example.com/auth-service/auth/google/callback"
        );
        let root = Url::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(
            callback_url(&root, "corp").as_str(),
            "http://127.0.0.1:3000/auth/corp/callback"
        );
    }
}
