//! Finishing a sign-up through another provider (`/signup/complete`). An address the provider
//! did not prove is proven first, by a code sent to it; only then is it looked up, and the
//! identity goes where a proven address would have taken it (an account's owner must log in
//! to connect it, an unproven account is taken over, or nobody has it). Then what the provider
//! did not give is asked for, and the account is made with the address verified, no password,
//! and the identity linked.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::flow::{TRIP_LIFETIME, proof_of};
use super::{Arrival, FlowPurpose, PendingIdentity, UpstreamIdentity};
use crate::auth::codes::{Purpose, bound, destination_subject, generate};
use crate::auth::conclude::Outcome;
use crate::auth::rate_limit::{
    CODE_CHECKS_PER_IP, CODE_FAILURES_PER_DESTINATION, EMAIL_LOGIN_CODES, EMAIL_LOGIN_COOLDOWN,
    EMAIL_LOGINS_PER_IP, REGISTRATIONS_PER_IP, SIGN_UP_CODE_TRIES,
};
use crate::auth::types::{Code, Email, Name, Phone};
use crate::auth::{AuditKind, Auth, Error, RequestMeta, Result, ip_subject, later, random_token};
use crate::notify::templates;
use crate::store::{Channel, IdentityRecord, NewMessage, NewUser};

/// What a proof token holds, sealed: the address the code went to, when it ends, its random
/// id, and the code's MAC (bound to the id and to the identity, so it proves the address for
/// this identity in this browser only).
#[derive(Serialize, Deserialize)]
struct SealedProof {
    email: String,
    expires: i64,
    id: String,
    mac: String,
}

/// What binds a proof token to its purpose; a token sealed for anything else opens as none.
const PROOF_BOUND_TO: &str = "sign-up email proof";

/// What the code is bound to: this attempt, for this identity.
fn binding(pending: &PendingIdentity, id: &str) -> String {
    format!(
        "{id}\0{}\0{}\0{}",
        pending.provider, pending.issuer, pending.subject
    )
}

/// What `/signup/complete` asks for: what the provider did not give.
pub struct FederatedSignUp {
    pub first_name: Name,
    pub last_name: Name,
    pub phone: Phone,
}

impl FederatedSignUp {
    /// Parses the raw fields; on failure every bad field is named.
    pub fn parse(first_name: &str, last_name: &str, phone: &str) -> Result<Self> {
        let mut errors = crate::auth::FieldErrors::default();
        let first_name = errors.take("first_name", Name::parse(first_name));
        let last_name = errors.take("last_name", Name::parse(last_name));
        let phone = errors.take("phone", Phone::parse(phone));
        match (first_name, last_name, phone) {
            (Some(first_name), Some(last_name), Some(phone)) if errors.is_empty() => {
                Ok(FederatedSignUp {
                    first_name,
                    last_name,
                    phone,
                })
            }
            _ => Err(Error::Validation(errors)),
        }
    }
}

impl Auth {
    /// Sends a code to `email` to prove it for the identity waiting in this browser, whose
    /// provider did not: the same limits as an email login code (20 an hour per client
    /// address, one a minute and five an hour per address), and nothing looked up yet, so the
    /// answer says nothing of who has the address. Returns the identity to keep, holding the
    /// code's sealed token; a new code replaces the last.
    pub async fn send_sign_up_code(
        &self,
        pending: &PendingIdentity,
        email: &Email,
        meta: &RequestMeta,
    ) -> Result<PendingIdentity> {
        let now = self.clock.now();
        let provider = self
            .provider(&pending.provider)
            .filter(|p| p.policy.allow_signup)
            .ok_or(Error::SignUpClosed)?;
        if pending.account.is_some()
            || pending.email_verified
            || pending.expires_at <= now.timestamp()
        {
            return Err(Error::UpstreamFailed);
        }
        self.hit(EMAIL_LOGINS_PER_IP, &ip_subject(meta)).await?;
        self.hit(EMAIL_LOGIN_COOLDOWN, email.as_str()).await?;
        self.hit(
            EMAIL_LOGIN_CODES,
            &destination_subject(Purpose::LoginEmail, email.as_str()),
        )
        .await?;
        let lifetime = Purpose::LoginEmail.lifetime();
        let code = generate();
        let id = random_token();
        let mac = self.codes.hash(
            Uuid::nil(),
            Purpose::VerifyEmail,
            &bound(&code, Some(&binding(pending, &id))),
        );
        let sealed = serde_json::to_vec(&SealedProof {
            email: email.to_string(),
            expires: later(now, lifetime).timestamp(),
            id,
            mac: URL_SAFE_NO_PAD.encode(mac),
        })
        .map_err(Error::internal)?;
        let token = URL_SAFE_NO_PAD.encode(self.attempt_sealer.seal(PROOF_BOUND_TO, &sealed)?);
        let brand = self.brand_now();
        let voice = brand.voice(meta.locale.as_deref());
        let content = templates::sign_up_code_email(voice, code.expose(), &provider.name, lifetime);
        self.store
            .queue_message(&NewMessage {
                channel: Channel::Email,
                destination: email.to_string(),
                subject: content.subject,
                body: content.body,
                created_at: now,
                expires_at: later(now, lifetime),
            })
            .await?;
        self.outbox.wake();
        Ok(PendingIdentity {
            email: Some(email.to_string()),
            proof: Some(token),
            // The person is here, typing: the identity waits as long as the code lives.
            expires_at: later(now, TRIP_LIFETIME).timestamp(),
            ..pending.clone()
        })
    }

    /// Checks the code [`Auth::send_sign_up_code`] sent. Right, the address is proven (by
    /// Latch, not the provider) and the identity arrives as one with that address proven
    /// would: never linked silently, though, whatever `auto_link` says. Five tries a code,
    /// and wrong codes count with the email login's failures for the address.
    pub async fn prove_sign_up_email(
        &self,
        pending: &PendingIdentity,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<Arrival> {
        let mut provider = self
            .provider(&pending.provider)
            .ok_or(Error::UpstreamFailed)?;
        let token = pending
            .proof
            .as_deref()
            .filter(|_| pending.account.is_none() && !pending.email_verified)
            .ok_or(Error::UpstreamFailed)?;
        self.hit(CODE_CHECKS_PER_IP, &ip_subject(meta)).await?;
        let Some(proof) = self.open_proof(token) else {
            return Err(Error::InvalidCode);
        };
        let failures = format!("login:{}", proof.email);
        self.hit(SIGN_UP_CODE_TRIES, &proof.id).await?;
        self.hit(CODE_FAILURES_PER_DESTINATION, &failures).await?;
        let mac = URL_SAFE_NO_PAD.decode(&proof.mac).unwrap_or_default();
        let code = bound(code, Some(&binding(pending, &proof.id)));
        if !self
            .codes
            .matches(Uuid::nil(), Purpose::VerifyEmail, &code, &mac)
        {
            return Err(Error::InvalidCode);
        }
        self.refund(CODE_FAILURES_PER_DESTINATION, &failures)
            .await?;
        let email = Email::parse(&proof.email).map_err(Error::internal)?;
        let identity = UpstreamIdentity {
            issuer: pending.issuer.clone(),
            subject: pending.subject.clone(),
            email: Some(email),
            email_verified: true,
            first_name: pending.first_name.clone(),
            last_name: pending.last_name.clone(),
            mfa: pending.mfa,
        };
        provider.policy.auto_link = false;
        self.arrive(
            &provider,
            FlowPurpose::LogIn,
            &identity,
            pending.return_to.clone(),
            meta,
        )
        .await
    }

    fn open_proof(&self, token: &str) -> Option<SealedProof> {
        let sealed = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        let plain = self.attempt_sealer.open(PROOF_BOUND_TO, &sealed)?;
        let proof: SealedProof = serde_json::from_slice(&plain).ok()?;
        (proof.expires > self.clock.now().timestamp()).then_some(proof)
    }

    /// Finishes a sign-up through another provider that proved the address: the account
    /// (no password; the address verified), the identity linked, and the login. Only an
    /// identity nobody here had, still fresh, from a provider that allows sign-up.
    pub async fn sign_up_with_identity(
        &self,
        pending: &PendingIdentity,
        sign_up: &FederatedSignUp,
        meta: &RequestMeta,
    ) -> Result<Outcome> {
        let FederatedSignUp {
            first_name,
            last_name,
            phone,
        } = sign_up;
        let now = self.clock.now();
        let provider = self
            .provider(&pending.provider)
            .filter(|p| p.policy.allow_signup)
            .ok_or(Error::SignUpClosed)?;
        let email = pending
            .email
            .as_deref()
            .filter(|_| pending.email_verified)
            .and_then(|e| Email::parse(e).ok());
        let (None, Some(email), true) =
            (pending.account, email, pending.expires_at > now.timestamp())
        else {
            return Err(Error::UpstreamFailed);
        };
        self.hit(REGISTRATIONS_PER_IP, &ip_subject(meta)).await?;
        self.check_sms_country(phone, "phone")?;
        let user_id = Uuid::new_v4();
        let identity = IdentityRecord {
            id: Uuid::new_v4(),
            user_id,
            provider: provider.id.as_str().to_owned(),
            issuer: pending.issuer.clone(),
            subject: pending.subject.clone(),
            email: Some(email.to_string()),
            email_verified: true,
            created_at: now,
            last_login_at: Some(now),
        };
        let mut linked = self.audit(user_id, AuditKind::IdentityLinked, meta);
        linked.detail = Some(provider.id.as_str().to_owned());
        let created = self
            .store
            .create_federated_user(
                &NewUser {
                    id: user_id,
                    first_name: first_name.as_str().to_owned(),
                    last_name: last_name.as_str().to_owned(),
                    email: email.to_string(),
                    phone: phone.as_str().to_owned(),
                    password_hash: self.unknown_password_hash().await?,
                    created_at: now,
                    locale: meta.locale.clone(),
                },
                &identity,
                &[self.audit(user_id, AuditKind::Registered, meta), linked],
            )
            .await;
        match created {
            Ok(_) => {}
            Err(crate::store::Error::Duplicate(crate::store::Unique::Email)) => {
                return Err(Error::EmailTaken);
            }
            Err(crate::store::Error::Duplicate(crate::store::Unique::Phone)) => {
                return Err(Error::PhoneTaken);
            }
            Err(crate::store::Error::Duplicate(crate::store::Unique::Identity)) => {
                return Err(Error::IdentityTaken);
            }
            Err(e) => return Err(e.into()),
        }
        self.grant_configured_admin(user_id, email.as_str()).await?;
        self.conclude(user_id, proof_of(pending.mfa), meta).await
    }
}
