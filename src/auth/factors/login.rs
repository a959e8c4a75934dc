//! The second login step. A password or SMS-code login of an account with an authenticator
//! does not make a session: it leaves a challenge (a random token, stored hashed, 5 minutes,
//! single use) that only a TOTP or recovery code turns into a login.

use uuid::Uuid;

use super::SecondFactorMethod;
use crate::auth::commands::SecondFactorLogin;
use crate::auth::sessions::{LoginMethod, token_hash};
use crate::auth::{AuditKind, Auth, Error, RequestMeta, Result, User, later, random_token};
use crate::store::ChallengeRecord;

pub const CHALLENGE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Where a login stands once its first factor checked out.
#[derive(Debug)]
pub enum LoginStep {
    /// Logged in: start the session.
    Done(User),
    /// The account has a second factor: ask for it with this challenge.
    SecondFactor(Challenge),
}

#[derive(Clone, Debug)]
pub struct Challenge {
    pub token: String,
    pub methods: Vec<SecondFactorMethod>,
}

/// How a completed login was made, for the session and the `amr` apps are told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginProof {
    pub first: LoginMethod,
    pub second: Option<SecondFactorMethod>,
}

impl From<LoginMethod> for LoginProof {
    fn from(first: LoginMethod) -> Self {
        LoginProof {
            first,
            second: None,
        }
    }
}

impl LoginProof {
    /// A passkey (user verification required) is two factors on its own.
    pub fn is_multi_factor(&self) -> bool {
        self.second.is_some() || self.first == LoginMethod::Passkey
    }

    /// RFC 8176 names: `pwd`, `otp`, or `hwk` + `user` (a key, unlocked by its owner) for the
    /// first factor; with a second, `otp` for the authenticator; `mfa` for two factors.
    pub fn amr(&self) -> Vec<&'static str> {
        let mut amr = vec![self.first.amr()];
        if self.first == LoginMethod::Passkey {
            amr.push("user");
        }
        match self.second {
            Some(SecondFactorMethod::Totp) if !amr.contains(&"otp") => amr.push("otp"),
            _ => {}
        }
        if self.is_multi_factor() {
            amr.push("mfa");
        }
        amr
    }
}

impl Auth {
    /// The credentials checked out: a login, or a challenge when the account has a second
    /// factor. The login is audited only once it completes.
    pub(crate) async fn login_step(
        &self,
        user_id: Uuid,
        first: LoginMethod,
    ) -> Result<Option<Challenge>> {
        let factors = self.factors(user_id).await?;
        if !factors.totp {
            return Ok(None);
        }
        let token = random_token();
        let now = self.clock.now();
        self.store
            .insert_login_challenge(
                &token_hash(&token),
                &ChallengeRecord {
                    user_id,
                    first_factor: first.amr().to_owned(),
                },
                now,
                later(now, CHALLENGE_LIFETIME),
            )
            .await?;
        let mut methods = vec![SecondFactorMethod::Totp];
        if factors.recovery_codes_left > 0 {
            methods.push(SecondFactorMethod::RecoveryCode);
        }
        if factors.passkeys > 0 {
            methods.push(SecondFactorMethod::Passkey);
        }
        Ok(Some(Challenge { token, methods }))
    }

    /// Finishes a login with its second factor. A wrong code counts against the account's
    /// code limit and leaves the challenge for another try; a right one uses the challenge up,
    /// so a second request with it (even the same code) fails.
    pub async fn complete_login(
        &self,
        login: &SecondFactorLogin,
        meta: &RequestMeta,
    ) -> Result<(User, LoginProof)> {
        let hash = token_hash(login.challenge.expose());
        let challenge = self
            .store
            .login_challenge(&hash, self.clock.now())
            .await?
            .ok_or(Error::InvalidChallenge)?;
        let second = self
            .check_second_factor(challenge.user_id, &login.code, meta)
            .await?;
        let taken = self
            .store
            .take_login_challenge(&hash, self.clock.now())
            .await?
            .ok_or(Error::InvalidChallenge)?;
        let record = self
            .store
            .find_user(taken.user_id)
            .await?
            .filter(|r| r.disabled_at.is_none())
            .ok_or(Error::InvalidChallenge)?;
        self.store
            .record_audit(&self.audit(record.id, AuditKind::LoginSucceeded, meta))
            .await?;
        let first = LoginMethod::parse(&taken.first_factor).unwrap_or(LoginMethod::Password);
        Ok((
            self.load_user(record).await?,
            LoginProof {
                first,
                second: Some(second),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amr_names_both_factors() {
        let proof = |first, second| LoginProof { first, second };
        assert_eq!(proof(LoginMethod::Password, None).amr(), ["pwd"]);
        assert_eq!(
            proof(LoginMethod::Password, Some(SecondFactorMethod::Totp)).amr(),
            ["pwd", "otp", "mfa"]
        );
        assert_eq!(
            proof(LoginMethod::OneTimeCode, Some(SecondFactorMethod::Totp)).amr(),
            ["otp", "mfa"]
        );
        assert_eq!(
            proof(
                LoginMethod::Password,
                Some(SecondFactorMethod::RecoveryCode)
            )
            .amr(),
            ["pwd", "mfa"]
        );
        assert_eq!(
            proof(LoginMethod::Passkey, None).amr(),
            ["hwk", "user", "mfa"]
        );
    }

    #[test]
    fn a_second_factor_login_names_every_bad_field() {
        let fields = |errors: crate::auth::FieldErrors| {
            errors.iter().map(|(field, _)| field).collect::<Vec<_>>()
        };
        let Err(Error::Validation(errors)) = SecondFactorLogin::parse("", "sms", "1") else {
            panic!("expected a validation error");
        };
        assert_eq!(fields(errors), ["challenge", "method"]);
        let Err(Error::Validation(errors)) =
            SecondFactorLogin::parse(&random_token(), "totp", "12345")
        else {
            panic!("expected a validation error");
        };
        assert_eq!(fields(errors), ["code"]);
        assert!(SecondFactorLogin::parse(&random_token(), "recovery_code", "abcde-fghjk").is_ok());
    }
}
