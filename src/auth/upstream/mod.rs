//! Logging in through another identity provider (Google, GitHub, Apple, Microsoft, any OpenID
//! Connect issuer). What comes back from a provider is first reduced to an [`UpstreamIdentity`]
//! (who it is, and an email only where the provider is authoritative for it), then
//! [`decide`] says what that identity may do here. Both are plain functions of their inputs,
//! so each linking rule of docs/SECURITY.md is a unit test; fetching and verifying tokens is
//! the job of a [`Providers`] (the `upstream` module, over HTTP), outside the domain.

pub mod claims;
pub mod decide;
pub mod flow;
pub mod sign_up;

pub use claims::{GithubEmail, GithubUser, IdClaims, UpstreamIdentity};
pub use decide::{Account, Decision, FlowPurpose, Refusal, decide};
pub use flow::{Arrival, PendingIdentity, Start};
pub use sign_up::FederatedSignUp;

string_enum! {
    /// Which protocol dialect a provider speaks, and so which of its claims Latch believes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum ProviderKind {
        Google = "google",
        Github = "github",
        Apple = "apple",
        Microsoft = "microsoft",
        Oidc = "oidc",
    }
}

/// What the operator allowed a provider to do (all off by default, except sign-up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderPolicy {
    pub kind: ProviderKind,
    /// Generic OIDC only: believe its `email_verified`.
    pub trust_email: bool,
    /// Link a new identity into the account with its (verified) email without asking.
    pub auto_link: bool,
    /// Count a login as two factors when the id_token's `amr` holds `mfa`.
    pub trust_upstream_mfa: bool,
    pub allow_signup: bool,
}

impl ProviderPolicy {
    pub fn new(kind: ProviderKind) -> Self {
        ProviderPolicy {
            kind,
            trust_email: false,
            auto_link: false,
            trust_upstream_mfa: false,
            allow_signup: true,
        }
    }

    /// Whether a verified email from this provider proves the mailbox (rule 4): the providers
    /// that own the addresses they vouch for, or an issuer the operator said to trust.
    pub fn authoritative(&self) -> bool {
        match self.kind {
            ProviderKind::Google | ProviderKind::Apple => true,
            ProviderKind::Oidc => self.trust_email,
            // GitHub and Microsoft vouch for addresses they do not own.
            ProviderKind::Github | ProviderKind::Microsoft => false,
        }
    }
}

/// What the domain knows of a configured provider.
#[derive(Clone, Debug)]
pub struct ProviderInfo {
    /// Its name in URLs (`/auth/{id}`) and in the identities table.
    pub id: String,
    /// Its name on buttons, pages and notices.
    pub name: String,
    pub policy: ProviderPolicy,
}

/// What a trip needs at its two ends.
#[derive(Clone, Debug)]
pub struct Trip<'a> {
    pub state: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
}

/// What the browser brought back to the callback, beyond `state`.
#[derive(Clone, Debug, Default)]
pub struct Callback {
    pub code: String,
    /// RFC 9207: the issuer that sent the browser back, when it says.
    pub iss: Option<String>,
    /// Apple, once, at the first login: `{"name": {"firstName", "lastName"}}`.
    pub user: Option<String>,
}

/// A provider that could not be reached, or whose answer does not hold; the words are for
/// the log only.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProviderFailure(pub String);

/// The other end of each trip: where to send the browser, and who came back.
#[async_trait::async_trait]
pub trait Providers: Send + Sync {
    /// Every configured provider, in the operator's order.
    fn all(&self) -> &[ProviderInfo];

    async fn authorize_url(
        &self,
        provider: &str,
        trip: &Trip<'_>,
    ) -> Result<url::Url, ProviderFailure>;

    /// The identity behind the code the browser brought back, its tokens checked.
    async fn identify(
        &self,
        provider: &str,
        trip: &Trip<'_>,
        back: &Callback,
    ) -> Result<UpstreamIdentity, ProviderFailure>;
}

/// No provider configured: logins through others are off.
pub struct NoProviders;

#[async_trait::async_trait]
impl Providers for NoProviders {
    fn all(&self) -> &[ProviderInfo] {
        &[]
    }

    async fn authorize_url(
        &self,
        provider: &str,
        _: &Trip<'_>,
    ) -> Result<url::Url, ProviderFailure> {
        Err(ProviderFailure(format!("no provider {provider}")))
    }

    async fn identify(
        &self,
        provider: &str,
        _: &Trip<'_>,
        _: &Callback,
    ) -> Result<UpstreamIdentity, ProviderFailure> {
        Err(ProviderFailure(format!("no provider {provider}")))
    }
}
