//! Finishing a sign-up through another provider that proved the address (`/signup/complete`):
//! what the provider did not give is asked for, and the account is made with the address
//! verified, no password, and the identity linked.

use uuid::Uuid;

use super::PendingIdentity;
use super::flow::proof_of;
use crate::auth::conclude::Outcome;
use crate::auth::rate_limit::REGISTRATIONS_PER_IP;
use crate::auth::types::{Email, Name, Phone};
use crate::auth::{AuditKind, Auth, Error, RequestMeta, Result, ip_subject};
use crate::store::{IdentityRecord, NewUser};

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
