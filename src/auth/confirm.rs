//! "Confirm it's you": a signed-in person shows a secret again before the sensitive part of
//! their account, as GitHub's sudo mode asks. An account with an authenticator shows a code
//! from it (or a recovery code); any other, its password. The HTTP layer records the answer on
//! the session: a fresh login, and a fresh second factor when one was shown.

use uuid::Uuid;

use super::factors::FactorCode;
use super::sessions::Freshness;
use super::types::PasswordAttempt;
use super::{Auth, Error, RequestMeta, Result};

/// What the person showed to confirm it is them.
pub enum Confirmation {
    Password(PasswordAttempt),
    SecondFactor(FactorCode),
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
        }
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
