//! The end of every login. Each way in checks what was shown (a password, an SMS or email code,
//! a passkey, a second factor after a first) and hands the account and its [`LoginProof`] to
//! [`Auth::conclude`], which applies the rules once, in one order: account disabled, email
//! verified, second factor due, audit. Both doors and the OpenID Connect authorize step map its
//! one answer, [`Outcome`]; a refusal is an `Err`.

use uuid::Uuid;

use super::factors::SecondFactorMethod;
use super::sessions::LoginMethod;
use super::{AuditKind, Auth, Error, RequestMeta, Result, User};

/// What a login showed: its first factor and, once asked for, its second.
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
        self.second.is_some()
            || matches!(self.first, LoginMethod::Passkey | LoginMethod::FederatedMfa)
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

    /// The answer to a login that checked out but must not stand (the account was disabled
    /// meanwhile): the same one a wrong secret of this kind gets, so it reveals nothing.
    fn refusal(&self) -> Error {
        if self.second.is_some() {
            return Error::InvalidChallenge;
        }
        match self.first {
            LoginMethod::Password => Error::InvalidCredentials,
            LoginMethod::OneTimeCode => Error::InvalidCode,
            LoginMethod::Passkey => Error::PasskeyRefused,
            LoginMethod::Federated | LoginMethod::FederatedMfa => Error::UpstreamFailed,
        }
    }
}

/// The second step a login waits at: a random token (stored hashed, 5 minutes, single use)
/// and the factors that may answer it.
#[derive(Clone, Debug)]
pub struct Challenge {
    pub token: String,
    pub methods: Vec<SecondFactorMethod>,
}

/// Where a login stands once what was shown checked out.
#[derive(Debug)]
pub enum Outcome {
    /// Logged in: start the session with this proof.
    SignedIn { user: User, proof: LoginProof },
    /// The account has a second factor: ask for it with this challenge.
    SecondFactorNeeded(Challenge),
}

impl Outcome {
    /// For the ways in that end with both factors shown (a passkey, a second step): the
    /// login, or an internal error if the rules ever asked for more.
    pub fn signed_in(self) -> Result<(User, LoginProof)> {
        match self {
            Outcome::SignedIn { user, proof } => Ok((user, proof)),
            Outcome::SecondFactorNeeded(_) => Err(Error::internal(
                "a complete login asked for a second factor",
            )),
        }
    }
}

impl Auth {
    /// The rules at the end of every login, in order:
    /// 1. an account that is gone or disabled gets the refusal of its proof;
    /// 2. an unverified email stops the login with `EmailNotVerified` and a fresh code (a
    ///    passkey, which only a verified account can have added, is refused instead);
    /// 3. an account with an authenticator, shown only one factor, gets a challenge;
    /// 4. anything else is a login: audited, and handed back with its proof.
    pub async fn conclude(
        &self,
        user_id: Uuid,
        proof: LoginProof,
        meta: &RequestMeta,
    ) -> Result<Outcome> {
        let Some(record) = self
            .store
            .find_user(user_id)
            .await?
            .filter(|r| r.disabled_at.is_none())
        else {
            return Err(proof.refusal());
        };
        if record.email_verified_at.is_none() {
            // Neither a passkey nor another provider's identity can belong to an account
            // whose address nobody proved.
            if matches!(
                proof.first,
                LoginMethod::Passkey | LoginMethod::Federated | LoginMethod::FederatedMfa
            ) {
                return Err(proof.refusal());
            }
            match self
                .issue_email_code(
                    record.id,
                    &record.first_name,
                    record.locale.as_deref(),
                    &record.email,
                    None,
                )
                .await
            {
                // Enough codes went out this hour; the answer stays the same.
                Ok(_) | Err(Error::RateLimited { .. }) => {}
                Err(e) => return Err(e),
            }
            return Err(Error::EmailNotVerified {
                user_id: record.id,
                email: record.email.to_string(),
            });
        }
        if !proof.is_multi_factor()
            && let Some(challenge) = self.login_step(record.id, proof.first).await?
        {
            return Ok(Outcome::SecondFactorNeeded(challenge));
        }
        self.store
            .record_audit(&self.audit(record.id, AuditKind::LoginSucceeded, meta))
            .await?;
        Ok(Outcome::SignedIn {
            user: self.load_user(record).await?,
            proof,
        })
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
        assert_eq!(proof(LoginMethod::Federated, None).amr(), ["fed"]);
        assert_eq!(proof(LoginMethod::FederatedMfa, None).amr(), ["fed", "mfa"]);
        assert_eq!(
            proof(LoginMethod::Federated, Some(SecondFactorMethod::Totp)).amr(),
            ["fed", "otp", "mfa"]
        );
    }

    #[test]
    fn each_proof_is_refused_as_a_wrong_secret_of_its_kind() {
        let refusal = |first, second| LoginProof { first, second }.refusal();
        assert!(matches!(
            refusal(LoginMethod::Password, None),
            Error::InvalidCredentials
        ));
        assert!(matches!(
            refusal(LoginMethod::OneTimeCode, None),
            Error::InvalidCode
        ));
        assert!(matches!(
            refusal(LoginMethod::Passkey, None),
            Error::PasskeyRefused
        ));
        assert!(matches!(
            refusal(LoginMethod::Password, Some(SecondFactorMethod::Totp)),
            Error::InvalidChallenge
        ));
    }
}
