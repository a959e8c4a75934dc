//! The second login step. A password or SMS-code login of an account with an authenticator
//! does not make a session: it leaves a challenge (a random token, stored hashed, 5 minutes,
//! single use) that only a TOTP or recovery code turns into a login.

use uuid::Uuid;

use super::SecondFactorMethod;
use crate::auth::commands::SecondFactorLogin;
use crate::auth::conclude::{Challenge, LoginProof, Outcome};
use crate::auth::sessions::{LoginMethod, token_hash};
use crate::auth::{Auth, Error, RequestMeta, Result, later, random_token};
use crate::store::ChallengeRecord;

pub const CHALLENGE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(5 * 60);

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
    ) -> Result<Outcome> {
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
        let first = LoginMethod::parse(&taken.first_factor).unwrap_or(LoginMethod::Password);
        let proof = LoginProof {
            first,
            second: Some(second),
        };
        self.conclude(taken.user_id, proof, meta).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
