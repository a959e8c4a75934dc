//! A trip to another provider and back, from the domain's side: begun with a `state` bound
//! to this browser and stored (any instance finishes it), finished once, and what the
//! identity that came back may do here ([`decide`]). An identity that cannot log in yet waits
//! in the browser's session as a [`PendingIdentity`], bound to its provider, subject and
//! (to connect) the one account it may join.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    Account, Callback, Decision, FlowPurpose, ProviderFailure, ProviderInfo, Refusal, Trip,
    UpstreamIdentity, decide,
};
use crate::auth::conclude::{LoginProof, Outcome};
use crate::auth::rate_limit::UPSTREAM_STARTS_PER_IP;
use crate::auth::sessions::LoginMethod;
use crate::auth::{AuditKind, Auth, Error, RequestMeta, Result, ip_subject, later, random_token};
use crate::notify::templates;
use crate::store::{Channel, FlowRecord, IdentityRecord, NewMessage, UserRecord};

/// How long a trip to a provider, and an identity waiting in a browser, stay good.
pub const TRIP_LIFETIME: std::time::Duration = std::time::Duration::from_secs(600);

/// An identity back from a provider that cannot log in yet: its proven email belongs to an
/// account whose owner must log in to connect it (`account`), or nobody here has it and
/// sign-up must ask for what the provider did not give (`account` is `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingIdentity {
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub account: Option<Uuid>,
    /// The provider vouched for two factors, and the operator believes it.
    pub mfa: bool,
    pub return_to: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    /// A code went to `email` to prove it (the provider did not): the sealed token it must
    /// come back with (`Auth::send_sign_up_code`).
    #[serde(default)]
    pub proof: Option<String>,
}

/// Why a trip begins: a login or sign-up, or connecting an identity to the account of a
/// session, which must be fresh (a login in the last 10 minutes, and a second factor as recent
/// on an account with one).
#[derive(Clone, Copy, Debug)]
pub enum Start {
    LogIn,
    Connect {
        user_id: Uuid,
        freshness: crate::auth::sessions::Freshness,
    },
}

/// Where a finished trip leaves the browser.
#[derive(Debug)]
pub enum Arrival {
    /// A login through the identity: what [`Auth::conclude`] said.
    LoggedIn {
        outcome: Outcome,
        return_to: Option<String>,
    },
    /// Connected from the account page (or it was already theirs).
    Linked { return_to: Option<String> },
    /// Waits in this browser: `/login/connect` or `/signup/complete`.
    Pending(PendingIdentity),
}

fn hash(value: &str) -> Vec<u8> {
    Sha256::digest(value.as_bytes()).to_vec()
}

impl Auth {
    /// The providers people may log in with: `(id, name)`, in the operator's order.
    pub fn providers(&self) -> Vec<(String, String)> {
        self.upstreams
            .all()
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect()
    }

    /// The kind of the provider named `id`, if it is configured.
    pub fn provider_kind(&self, id: &str) -> Option<super::ProviderKind> {
        self.provider(id).map(|p| p.policy.kind)
    }

    pub(super) fn provider(&self, id: &str) -> Option<ProviderInfo> {
        self.upstreams.all().iter().find(|p| p.id == id).cloned()
    }

    /// Begins a trip to `provider`: where to send the browser. `browser` is the value of the
    /// browser's own trip cookie; the trip finishes only where it is sent back. A `Link`
    /// purpose must come from a session that passed the fresh-login check.
    pub async fn begin_upstream(
        &self,
        provider: &str,
        start: Start,
        browser: &str,
        return_to: Option<String>,
        meta: &RequestMeta,
    ) -> Result<url::Url> {
        let provider = self.provider(provider).ok_or(Error::NotFound)?;
        let purpose = match start {
            Start::LogIn => FlowPurpose::LogIn,
            Start::Connect { user_id, freshness } => {
                if !self.is_fresh(user_id, freshness).await? {
                    return Err(Error::ReauthenticationRequired);
                }
                FlowPurpose::Link(user_id)
            }
        };
        self.hit(UPSTREAM_STARTS_PER_IP, &ip_subject(meta)).await?;
        let (state, nonce, pkce_verifier) = (random_token(), random_token(), random_token());
        let trip = Trip {
            state: &state,
            nonce: &nonce,
            pkce_verifier: &pkce_verifier,
        };
        let url = self
            .upstreams
            .authorize_url(&provider.id, &trip)
            .await
            .map_err(upstream)?;
        let (purpose, user_id) = match purpose {
            FlowPurpose::LogIn => ("login", None),
            FlowPurpose::Link(user) => ("link", Some(user)),
        };
        self.store
            .insert_flow(&FlowRecord {
                state_hash: hash(&state),
                browser_hash: hash(browser),
                provider: provider.id.as_str().to_owned(),
                purpose: purpose.to_owned(),
                user_id,
                nonce,
                pkce_verifier,
                return_to,
                expires_at: later(self.clock.now(), TRIP_LIFETIME),
            })
            .await?;
        Ok(url)
    }

    /// Finishes the trip of `state`, begun by this `browser` for this provider: once. An
    /// unknown, used, expired or other browser's `state` and every provider failure are
    /// `UpstreamFailed`, and nothing is written.
    pub async fn finish_upstream(
        &self,
        provider: &str,
        state: &str,
        browser: &str,
        back: &Callback,
        meta: &RequestMeta,
    ) -> Result<Arrival> {
        let provider = self.provider(provider).ok_or(Error::NotFound)?;
        let now = self.clock.now();
        let flow = self
            .store
            .take_flow(&hash(state), &hash(browser), provider.id.as_str(), now)
            .await?
            .ok_or(Error::UpstreamFailed)?;
        let trip = Trip {
            state,
            nonce: &flow.nonce,
            pkce_verifier: &flow.pkce_verifier,
        };
        let identity = self
            .upstreams
            .identify(&provider.id, &trip, back)
            .await
            .map_err(upstream)?;
        let purpose = match (flow.purpose.as_str(), flow.user_id) {
            ("link", Some(user)) => FlowPurpose::Link(user),
            _ => FlowPurpose::LogIn,
        };
        self.arrive(&provider, purpose, &identity, flow.return_to, meta)
            .await
    }

    /// What the identity may do here ([`decide`]), done: a login, a link, a takeover, or an
    /// identity left waiting in the browser.
    pub(super) async fn arrive(
        &self,
        provider: &ProviderInfo,
        purpose: FlowPurpose,
        identity: &UpstreamIdentity,
        return_to: Option<String>,
        meta: &RequestMeta,
    ) -> Result<Arrival> {
        let now = self.clock.now();
        let linked = self
            .store
            .identity_by_subject(provider.id.as_str(), &identity.issuer, &identity.subject)
            .await?;
        let linked_account = match &linked {
            Some(record) => self.linking_target(record.user_id).await?,
            None => None,
        };
        let by_email = match identity.email.as_ref().filter(|_| identity.email_verified) {
            Some(email) => self.store.find_user_by_email(email.as_str()).await?,
            None => None,
        };
        let policy = &provider.policy;
        let decision = decide(
            policy,
            purpose,
            identity,
            linked_account,
            by_email.as_ref().map(account_of),
        );
        match decision {
            Decision::LogIn(user_id) => {
                if let Some(record) = &linked {
                    self.store
                        .identity_used(
                            record.id,
                            identity.email.as_ref().map(|e| e.as_str()),
                            identity.email_verified,
                            now,
                        )
                        .await?;
                }
                let outcome = self.conclude(user_id, proof(identity), meta).await?;
                Ok(Arrival::LoggedIn { outcome, return_to })
            }
            Decision::Link(user_id) => {
                self.link_identity(user_id, provider, identity, meta)
                    .await?;
                if matches!(purpose, FlowPurpose::Link(_)) {
                    return Ok(Arrival::Linked { return_to });
                }
                let outcome = self.conclude(user_id, proof(identity), meta).await?;
                Ok(Arrival::LoggedIn { outcome, return_to })
            }
            Decision::TakeOver(user_id) => {
                let user = by_email
                    .filter(|u| u.id == user_id)
                    .ok_or(Error::UpstreamFailed)?;
                self.prove_email(&user, meta).await?;
                self.link_identity(user_id, provider, identity, meta)
                    .await?;
                let outcome = self.conclude(user_id, proof(identity), meta).await?;
                Ok(Arrival::LoggedIn { outcome, return_to })
            }
            Decision::AlreadyLinked => Ok(Arrival::Linked { return_to }),
            Decision::Connect(user_id) => Ok(Arrival::Pending(self.waiting(
                provider.id.as_str(),
                identity,
                Some(user_id),
                return_to,
            ))),
            Decision::SignUp => Ok(Arrival::Pending(self.waiting(
                provider.id.as_str(),
                identity,
                None,
                return_to,
            ))),
            Decision::Refused(Refusal::LinkedElsewhere) => Err(Error::IdentityTaken),
            Decision::Refused(Refusal::SignUpClosed) => Err(Error::SignUpClosed),
            Decision::Refused(Refusal::AccountDisabled) => Err(Error::UpstreamFailed),
        }
    }

    /// Links a waiting identity into the account that just logged in on `/login/connect`:
    /// only the account it was found for, only while it is fresh. The caller drops it from the
    /// session either way.
    pub async fn connect_pending(
        &self,
        pending: &PendingIdentity,
        user_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<()> {
        if pending.account != Some(user_id) || pending.expires_at <= self.clock.now().timestamp() {
            return Err(Error::UpstreamFailed);
        }
        let provider = self
            .provider(&pending.provider)
            .ok_or(Error::UpstreamFailed)?;
        let identity = UpstreamIdentity {
            issuer: pending.issuer.clone(),
            subject: pending.subject.clone(),
            email: pending
                .email
                .as_deref()
                .and_then(|e| crate::auth::Email::parse(e).ok()),
            email_verified: pending.email_verified,
            first_name: None,
            last_name: None,
            mfa: false,
        };
        self.link_identity(user_id, &provider, &identity, meta)
            .await
    }

    /// Disconnects one of the account's identities, from a fresh session. Always allowed:
    /// another way in remains whatever else the account has, as its verified address can
    /// log in by email code (and set a password by a reset link).
    pub async fn unlink_identity(
        &self,
        user_id: Uuid,
        id: Uuid,
        freshness: crate::auth::sessions::Freshness,
        meta: &RequestMeta,
    ) -> Result<()> {
        if !self.is_fresh(user_id, freshness).await? {
            return Err(Error::ReauthenticationRequired);
        }
        let user = self
            .store
            .find_user(user_id)
            .await?
            .ok_or(Error::NotFound)?;
        let identity = self
            .store
            .identities_of(user_id)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(Error::NotFound)?;
        let name = self
            .provider(&identity.provider)
            .map_or_else(|| identity.provider.clone(), |p| p.name);
        let now = self.clock.now();
        let brand = self.brand_now();
        let voice = brand.voice(user.locale.as_deref());
        let notice = templates::identity_notice(voice, &user.first_name, &name, false);
        let mut audit = self.audit(user_id, AuditKind::IdentityUnlinked, meta);
        audit.detail = Some(identity.provider.clone());
        if !self
            .store
            .unlink_identity(user_id, id, &self.notice_to(&user, notice, now), &audit)
            .await?
        {
            return Err(Error::NotFound);
        }
        self.outbox.wake();
        Ok(())
    }

    /// The identities linked to the account, oldest first.
    pub async fn identities(&self, user_id: Uuid) -> Result<Vec<IdentityRecord>> {
        Ok(self.store.identities_of(user_id).await?)
    }

    async fn link_identity(
        &self,
        user_id: Uuid,
        provider: &ProviderInfo,
        identity: &UpstreamIdentity,
        meta: &RequestMeta,
    ) -> Result<()> {
        let user = self
            .store
            .find_user(user_id)
            .await?
            .ok_or(Error::UpstreamFailed)?;
        let now = self.clock.now();
        let brand = self.brand_now();
        let voice = brand.voice(user.locale.as_deref());
        let notice = templates::identity_notice(voice, &user.first_name, &provider.name, true);
        let record = IdentityRecord {
            id: Uuid::new_v4(),
            user_id,
            provider: provider.id.clone(),
            issuer: identity.issuer.clone(),
            subject: identity.subject.clone(),
            email: identity.email.as_ref().map(|e| e.to_string()),
            email_verified: identity.email_verified,
            created_at: now,
            last_login_at: Some(now),
        };
        let mut audit = self.audit(user_id, AuditKind::IdentityLinked, meta);
        audit.detail = Some(provider.id.clone());
        match self
            .store
            .link_identity(&record, &self.notice_to(&user, notice, now), &audit)
            .await
        {
            Ok(()) => {
                self.outbox.wake();
                Ok(())
            }
            // Linked meanwhile by a parallel trip: never moved.
            Err(crate::store::Error::Duplicate(crate::store::Unique::Identity)) => {
                Err(Error::IdentityTaken)
            }
            Err(e) => Err(e.into()),
        }
    }

    fn notice_to(
        &self,
        user: &UserRecord,
        content: templates::EmailContent,
        now: chrono::DateTime<chrono::Utc>,
    ) -> NewMessage {
        NewMessage {
            channel: Channel::Email,
            destination: user.email.to_string(),
            subject: content.subject,
            body: content.body,
            created_at: now,
            expires_at: later(now, crate::auth::limits::EMAIL_CODE_LIFETIME),
        }
    }

    async fn linking_target(&self, user_id: Uuid) -> Result<Option<Account>> {
        Ok(self
            .store
            .find_user(user_id)
            .await?
            .as_ref()
            .map(account_of))
    }

    fn waiting(
        &self,
        provider: &str,
        identity: &UpstreamIdentity,
        account: Option<Uuid>,
        return_to: Option<String>,
    ) -> PendingIdentity {
        PendingIdentity {
            provider: provider.to_owned(),
            issuer: identity.issuer.clone(),
            subject: identity.subject.clone(),
            email: identity.email.as_ref().map(|e| e.to_string()),
            email_verified: identity.email_verified,
            first_name: identity.first_name.clone(),
            last_name: identity.last_name.clone(),
            account,
            mfa: identity.mfa,
            return_to,
            expires_at: later(self.clock.now(), TRIP_LIFETIME).timestamp(),
            proof: None,
        }
    }
}

fn account_of(user: &UserRecord) -> Account {
    Account {
        id: user.id,
        email_verified: user.email_verified_at.is_some(),
        disabled: user.disabled_at.is_some(),
    }
}

/// One factor, or two when the provider said so and the operator believes it.
fn proof(identity: &UpstreamIdentity) -> LoginProof {
    proof_of(identity.mfa)
}

pub(super) fn proof_of(mfa: bool) -> LoginProof {
    if mfa {
        LoginMethod::FederatedMfa.into()
    } else {
        LoginMethod::Federated.into()
    }
}

fn upstream(e: ProviderFailure) -> Error {
    tracing::warn!(error = %e, "a sign-in through another provider failed");
    Error::UpstreamFailed
}
