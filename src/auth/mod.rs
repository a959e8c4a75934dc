//! The identity domain: registration, verification codes, logins and their second steps,
//! sessions, credential changes, roles and the OpenID Connect provider.
//! It takes parsed types, returns domain results and one `Error`, and knows nothing of HTTP,
//! Leptos or SQL dialects. The JSON API and the pages are two doors into the same calls here.

pub mod account;
pub mod admin;
mod audit;
pub mod branding;
pub mod codes;
pub mod commands;
pub mod conclude;
pub mod confirm;
pub mod credentials;
pub mod email_login;
mod error;
pub mod factors;
mod hashing;
pub mod limits;
pub mod login;
pub mod oidc;
pub mod password_reset;
pub mod passwords;
pub mod rate_limit;
pub mod register;
pub mod return_to;
pub mod sealing;
pub mod sessions;
pub mod types;
pub mod upstream;
mod user;
pub mod verify_email;

use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use crate::notify::outbox::OutboxSignal;
use crate::store::{AuditEntry, Store, UserRecord};
// Kept here too so `auth::clock::…` paths read as before; the clock itself belongs to no layer.
pub use crate::clock::{self, Clock, SystemClock, earlier, later};
pub use account::{AuditEvent, Contact};
pub use audit::AuditKind;
pub use commands::{
    CodeLogin, EmailCodeLogin, EmailVerification, PasswordChange, PasswordLogin, PasswordReset,
    ProfileUpdate, SecondFactorLogin, field,
};
pub use conclude::{Challenge, LoginProof, Outcome};
pub use error::{Error, Result};
pub use factors::{FactorCode, Factors, SecondFactorMethod};
pub use rate_limit::ip_subject;
pub use register::Registration;
pub use sessions::{LoginMethod, SessionInfo};
pub use types::{
    ChallengeToken, Code, Email, FieldErrors, Identifier, Name, NewPassword, PasswordAttempt,
    Phone, RecoveryCode, ResetToken, Role,
};
pub use user::User;
use user::roles_from_list;

/// 256 random bits, URL-safe: reset links, authorization codes, refresh tokens, client
/// secrets, the generated server secret.
pub(crate) fn random_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Where a request came from, for the audit log. Filled in by the HTTP layer.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: Option<String>,
    /// The request's language (a tag Latch ships): what a sign-up is saved with.
    pub locale: Option<String>,
}

/// What the operator may tune: rate-limit maxima, where SMS may go, how long audit rows stay.
#[derive(Clone, Debug)]
pub struct Policy {
    pub limits: rate_limit::Limits,
    /// ISO 3166-1 alpha-2 codes (`US`, `GB`) SMS may go to; empty: every country.
    pub sms_countries: Vec<String>,
    pub audit_retention: Duration,
    /// `LATCH_ADMIN_EMAILS`, lower-cased: these addresses get `admin` once verified.
    pub admin_emails: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            limits: rate_limit::Limits::default(),
            sms_countries: Vec::new(),
            audit_retention: limits::AUDIT_RETENTION,
            admin_emails: Vec::new(),
        }
    }
}

/// The domain services, shared by the API and the pages.
#[derive(Clone)]
pub struct Auth {
    store: Store,
    clock: Arc<dyn Clock>,
    codes: codes::CodeHasher,
    hasher: passwords::PasswordHasher,
    outbox: OutboxSignal,
    /// Where users reach Latch: the base of links in emails.
    public_url: url::Url,
    limits: rate_limit::Limits,
    sms_countries: Arc<[String]>,
    audit_retention: Duration,
    admin_emails: Arc<[String]>,
    signing_keys: oidc::SigningKeys,
    totp_sealer: Arc<sealing::Sealer>,
    attempt_sealer: Arc<sealing::Sealer>,
    /// `None` when `PUBLIC_URL` cannot be a relying party; passkey calls then say so.
    webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// The other identity providers people may log in with (`LATCH_PROVIDERS`).
    upstreams: Arc<dyn upstream::Providers>,
    /// This instance's copy of the operator's brand.
    branding: Arc<branding::BrandCache>,
}

impl Auth {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        secret: &[u8],
        outbox: OutboxSignal,
        public_url: url::Url,
        policy: Policy,
    ) -> Self {
        Auth {
            signing_keys: oidc::SigningKeys::new(store.clone(), secret),
            totp_sealer: Arc::new(factors::totp::sealer(secret)),
            attempt_sealer: Arc::new(email_login::sealer(secret)),
            webauthn: match factors::passkeys::relying_party(&public_url) {
                Ok(webauthn) => Some(Arc::new(webauthn)),
                Err(why) => {
                    tracing::warn!(%why, "passkeys are off: PUBLIC_URL cannot be a WebAuthn relying party");
                    None
                }
            },
            store,
            clock,
            codes: codes::CodeHasher::new(secret),
            hasher: passwords::PasswordHasher::new(),
            outbox,
            public_url,
            limits: policy.limits,
            sms_countries: policy.sms_countries.into(),
            audit_retention: policy.audit_retention,
            admin_emails: policy.admin_emails.into(),
            upstreams: Arc::new(upstream::NoProviders),
            branding: Arc::default(),
        }
    }

    /// With the other identity providers people may log in with.
    pub fn with_upstreams(mut self, upstreams: Arc<dyn upstream::Providers>) -> Self {
        self.upstreams = upstreams;
        self
    }

    /// A link to a page of Latch's, under `PUBLIC_URL` including any path prefix
    /// (`https://example.com/auth` → `https://example.com/auth/reset-password`).
    pub(crate) fn link(&self, page: &str, query: &str) -> String {
        let mut link = self.public_url.clone();
        let base = link.path().trim_end_matches('/').to_owned();
        link.set_path(&format!("{base}/{}", page.trim_start_matches('/')));
        link.set_query(Some(query));
        link.into()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The keys tokens are signed with (the JWKS, `latch keys rotate`).
    pub fn signing_keys(&self) -> &oidc::SigningKeys {
        &self.signing_keys
    }

    async fn load_user(&self, record: UserRecord) -> Result<User> {
        let roles = self.store.user_roles(record.id).await?;
        Ok(User::from_record(record, roles))
    }

    fn audit(&self, user_id: Uuid, kind: AuditKind, meta: &RequestMeta) -> AuditEntry {
        AuditEntry {
            user_id: Some(user_id),
            actor_id: None,
            kind: kind.as_str(),
            detail: None,
            ip: meta.ip.map(|ip| ip.to_string()),
            user_agent: meta
                .user_agent
                .as_deref()
                .map(|ua| ua.chars().take(512).collect()),
            at: self.clock.now(),
        }
    }
}

impl Auth {
    /// Deletes expired sessions, ended rate-limit windows, spent codes and reset tokens,
    /// delivery records older than a day, accounts never verified within 7 days, and audit
    /// rows past their retention. Run periodically by the server; returns the rows removed.
    /// Keeps SQLite's write-ahead log bounded; nothing to do on PostgreSQL.
    pub async fn bound_wal(&self) -> Result<()> {
        Ok(self.store.bound_wal().await?)
    }

    pub async fn sweep(&self) -> Result<u64> {
        let now = self.clock.now();
        let day_ago = earlier(now, Duration::from_secs(24 * 3600));
        let unverified_before = earlier(now, limits::UNVERIFIED_ACCOUNT_LIFETIME);
        let audit_before = earlier(now, self.audit_retention);
        let store = &self.store;
        let mut swept = 0;
        swept += in_batches(|n| store.delete_expired_sessions(now, n)).await?;
        swept += in_batches(|n| store.delete_ended_rate_limits(now, n)).await?;
        swept += in_batches(|n| store.delete_spent_codes(now, n)).await?;
        swept += in_batches(|n| store.delete_spent_reset_tokens(now, n)).await?;
        swept += in_batches(|n| store.delete_expired_login_challenges(now, n)).await?;
        swept += in_batches(|n| store.delete_expired_ceremonies(now, n)).await?;
        swept += in_batches(|n| store.delete_expired_flows(now, n)).await?;
        swept += in_batches(|n| store.delete_delivered_messages(day_ago, n)).await?;
        swept += in_batches(|n| store.delete_unverified_users(unverified_before, n)).await?;
        swept += in_batches(|n| store.delete_audit_before(audit_before, n)).await?;
        swept += self.sweep_oidc(now).await?;
        Ok(swept)
    }
}

/// Runs one of the sweep's deletes `SWEEP_BATCH` rows at a time until a batch comes back short,
/// pausing between batches. One statement over a million expired rows would hold SQLite's only
/// write lock for seconds, and every login and session write would wait behind it; a batch
/// holds it for milliseconds and the pause lets the waiting writers in.
pub(crate) async fn in_batches<F, Fut>(mut delete: F) -> Result<u64>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<u64, crate::store::Error>>,
{
    let mut deleted = 0;
    loop {
        let batch = delete(limits::SWEEP_BATCH).await?;
        deleted += batch;
        if batch < limits::SWEEP_BATCH as u64 {
            return Ok(deleted);
        }
        tokio::time::sleep(limits::SWEEP_PAUSE).await;
    }
}
