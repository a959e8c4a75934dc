//! "Confirm it's you": a signed-in person shows a secret again before the sensitive part of
//! their account, as GitHub's sudo mode asks. One of their passkeys does it for any account;
//! otherwise an account with an authenticator shows a code from it (or a recovery code), any
//! other its password. The HTTP layer records the answer on the session: a fresh login, and a
//! fresh second factor when one was shown (a passkey, verified by its owner, is both).

use serde_json::Value;
use uuid::Uuid;
use webauthn_rs::prelude::{Passkey, PasskeyAuthentication, PublicKeyCredential};

use super::factors::FactorCode;
use super::factors::passkeys::internal;
use super::rate_limit::PASSKEY_LOGINS_PER_IP;
use super::sessions::Freshness;
use super::types::PasswordAttempt;
use super::{Auth, Error, RequestMeta, Result, ip_subject};

/// What the person showed to confirm it is them.
pub enum Confirmation {
    Password(PasswordAttempt),
    SecondFactor(FactorCode),
    /// The browser's answer to [`Auth::begin_passkey_confirmation`].
    Passkey(Box<PublicKeyCredential>),
}

impl Confirmation {
    /// A form sends either a password, or a method (`totp`, `recovery_code`) and a code.
    pub fn parse(password: Option<&str>, method: Option<&str>, code: Option<&str>) -> Result<Self> {
        match (password.filter(|p| !p.is_empty()), method) {
            (Some(password), _) => Ok(Confirmation::Password(super::field(
                "current_password",
                PasswordAttempt::parse(password),
            )?)),
            (None, Some(method)) => Ok(Confirmation::SecondFactor(FactorCode::parse(
                method,
                code.unwrap_or_default(),
            )?)),
            (None, None) => Err(Error::Validation(super::FieldErrors::single(
                "current_password",
                "is required",
            ))),
        }
    }
}

/// What a confirmation proved beyond a fresh login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Confirmed {
    pub second_factor: bool,
}

impl Auth {
    /// Checks `confirmation` for `user_id`, under the same limits as a login's password or
    /// second step. A password does not confirm an account that has an authenticator: its
    /// sensitive changes need the second factor.
    pub async fn confirm_identity(
        &self,
        user_id: Uuid,
        confirmation: &Confirmation,
        meta: &RequestMeta,
    ) -> Result<Confirmed> {
        match confirmation {
            Confirmation::Password(password) => {
                if self.factors(user_id).await?.totp {
                    return Err(Error::SecondFactorRequired);
                }
                let record = self
                    .store
                    .find_user(user_id)
                    .await?
                    .ok_or(Error::Unauthenticated)?;
                self.check_current_password(&record, password).await?;
                Ok(Confirmed {
                    second_factor: false,
                })
            }
            Confirmation::SecondFactor(code) => {
                self.step_up(user_id, code, meta).await?;
                Ok(Confirmed {
                    second_factor: true,
                })
            }
            Confirmation::Passkey(credential) => {
                self.confirm_with_passkey(user_id, credential, meta).await?;
                Ok(Confirmed {
                    second_factor: true,
                })
            }
        }
    }

    /// Options for `navigator.credentials.get()` that only the user's own passkeys answer.
    /// Limited like a passkey login's start (each stores a ceremony); `NotFound` when the
    /// account has no passkey.
    pub async fn begin_passkey_confirmation(
        &self,
        user_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<Value> {
        let webauthn = self.webauthn()?;
        self.hit(PASSKEY_LOGINS_PER_IP, &ip_subject(meta)).await?;
        let passkeys = self
            .store
            .passkeys_of(user_id)
            .await?
            .iter()
            .map(|stored| serde_json::from_str::<Passkey>(&stored.credential).map_err(internal))
            .collect::<Result<Vec<_>>>()?;
        if passkeys.is_empty() {
            return Err(Error::NotFound);
        }
        let (options, state) = webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(internal)?;
        let options = serde_json::to_value(options).map_err(internal)?;
        self.keep_ceremony(&options, Some(user_id), &state).await?;
        Ok(options)
    }

    /// Checks a passkey's answer to a confirmation begun for this user: a ceremony begun for
    /// anyone else, another person's passkey, or any failure a login would refuse is
    /// `PasskeyRefused`.
    async fn confirm_with_passkey(
        &self,
        user_id: Uuid,
        credential: &PublicKeyCredential,
        meta: &RequestMeta,
    ) -> Result<()> {
        let webauthn = self.webauthn()?;
        let state: PasskeyAuthentication = self
            .take_ceremony(&credential.response.client_data_json, Some(user_id))
            .await?;
        let stored = self
            .store
            .passkey_by_credential(credential.raw_id.as_ref())
            .await?
            .filter(|r| r.user_id == user_id)
            .ok_or(Error::PasskeyRefused)?;
        let passkey: Passkey = serde_json::from_str(&stored.credential).map_err(internal)?;
        let verdict = webauthn.finish_passkey_authentication(credential, &state);
        self.passkey_used(&stored, passkey, verdict, meta).await
    }

    /// Whether a session this fresh may open the sensitive part of the account without
    /// confirming again: a recent login and, for an account with an authenticator, a recent
    /// second factor.
    pub async fn is_fresh(&self, user_id: Uuid, freshness: Freshness) -> Result<bool> {
        if !self.login_is_recent(freshness.authenticated_at) {
            return Ok(false);
        }
        Ok(!self.factors(user_id).await?.totp
            || self.second_factor_is_recent(freshness.second_factor_at))
    }
}
