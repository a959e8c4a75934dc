//! One command per flow, parsed once from the raw strings either door receives (a JSON body or
//! a form), naming every bad field at once. A handler or a server function parses, makes one
//! `Auth` call with the command, and maps the outcome; neither parses on its own.

use super::factors::FactorCode;
use super::types::{ChallengeToken, ResetToken};
use super::types::{
    Code, Email, FieldErrors, Identifier, Name, NewPassword, PasswordAttempt, Phone,
};
use super::{Error, Result};

/// One field on its own, as a `Validation` error naming it.
pub fn field<T>(name: &'static str, parsed: std::result::Result<T, String>) -> Result<T> {
    parsed.map_err(|message| Error::Validation(FieldErrors::single(name, message)))
}

/// Two fields of one request together: every bad one is named, not only the first.
fn both<A, B>(
    first: (&'static str, std::result::Result<A, String>),
    second: (&'static str, std::result::Result<B, String>),
) -> Result<(A, B)> {
    let mut errors = FieldErrors::default();
    let a = errors.take(first.0, first.1);
    let b = errors.take(second.0, second.1);
    match (a, b) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Error::Validation(errors)),
    }
}

/// `POST /login/password`, the `/login` page.
#[derive(Debug)]
pub struct PasswordLogin {
    pub identifier: Identifier,
    pub password: PasswordAttempt,
}

impl PasswordLogin {
    pub fn parse(identifier: &str, password: &str) -> Result<Self> {
        let (identifier, password) = both(
            ("identifier", Identifier::parse(identifier)),
            ("password", PasswordAttempt::parse(password)),
        )?;
        Ok(PasswordLogin {
            identifier,
            password,
        })
    }
}

/// `POST /login/otp/verify`, the code step of `/login/otp`.
#[derive(Debug)]
pub struct CodeLogin {
    pub phone: Phone,
    pub code: Code,
}

impl CodeLogin {
    pub fn parse(phone: &str, code: &str) -> Result<Self> {
        let (phone, code) = both(("phone", Phone::parse(phone)), ("code", Code::parse(code)))?;
        Ok(CodeLogin { phone, code })
    }
}

/// `POST /login/email-code/verify`: the attempt the code was sent for, and the code.
pub struct EmailCodeLogin {
    pub attempt: String,
    pub code: Code,
}

impl EmailCodeLogin {
    /// An attempt token is opaque here: whether it opens is the login's to say.
    pub fn parse(attempt: &str, code: &str) -> Result<Self> {
        let attempt = attempt.trim();
        let attempt = match attempt {
            "" => Err("is required".to_owned()),
            a if a.len() > 512 => Err("is not a login attempt".to_owned()),
            a => Ok(a.to_owned()),
        };
        let (attempt, code) = both(("attempt", attempt), ("code", Code::parse(code)))?;
        Ok(EmailCodeLogin { attempt, code })
    }
}

/// `POST /email/verify`, the `/verify-email` page.
#[derive(Debug)]
pub struct EmailVerification {
    pub email: Email,
    pub code: Code,
}

impl EmailVerification {
    pub fn parse(email: &str, code: &str) -> Result<Self> {
        let (email, code) = both(("email", Email::parse(email)), ("code", Code::parse(code)))?;
        Ok(EmailVerification { email, code })
    }
}

/// `POST /me/password`, the password form of `/account`. The strength rules that need the
/// account (not the email, phone or name) are checked by `Auth::change_password`.
#[derive(Debug)]
pub struct PasswordChange {
    pub current: PasswordAttempt,
    pub new: NewPassword,
}

impl PasswordChange {
    pub fn parse(current_password: &str, new_password: &str) -> Result<Self> {
        let (current, new) = both(
            ("current_password", PasswordAttempt::parse(current_password)),
            ("new_password", NewPassword::parse(new_password)),
        )?;
        Ok(PasswordChange { current, new })
    }
}

/// `POST /password/reset`, the `/reset-password` page. A blank token is refused like a wrong
/// one (`InvalidToken`): it is no field the person typed.
#[derive(Debug)]
pub struct PasswordReset {
    pub token: ResetToken,
    pub password: NewPassword,
}

impl PasswordReset {
    pub fn parse(token: &str, password: &str) -> Result<Self> {
        let token = ResetToken::parse(token).map_err(|_| Error::InvalidToken)?;
        let password = field("password", NewPassword::parse(password))?;
        Ok(PasswordReset { token, password })
    }
}

/// `POST /login/second-factor`, the `/login/second-factor` page.
#[derive(Debug)]
pub struct SecondFactorLogin {
    pub challenge: ChallengeToken,
    pub code: FactorCode,
}

impl SecondFactorLogin {
    pub fn parse(challenge: &str, method: &str, code: &str) -> Result<Self> {
        let mut errors = FieldErrors::default();
        let challenge = errors.take("challenge", ChallengeToken::parse(challenge));
        let code = match FactorCode::parse(method, code) {
            Ok(code) => Some(code),
            Err(Error::Validation(fields)) => {
                for (field, messages) in fields.iter() {
                    for message in messages {
                        errors.add(field, message.clone());
                    }
                }
                None
            }
            Err(other) => return Err(other),
        };
        match (challenge, code) {
            (Some(challenge), Some(code)) => Ok(SecondFactorLogin { challenge, code }),
            _ => Err(Error::Validation(errors)),
        }
    }
}

/// The changes a user asked for; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct ProfileChanges {
    pub first_name: Option<Name>,
    pub last_name: Option<Name>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
}

/// Changes to the profile (`PATCH /me`, the forms of `/account`), with the current password
/// that a change of email or phone needs when the session is not fresh.
#[derive(Debug)]
pub struct ProfileUpdate {
    pub changes: ProfileChanges,
    pub current_password: Option<PasswordAttempt>,
}

impl ProfileUpdate {
    pub fn parse(
        first_name: Option<&str>,
        last_name: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        current_password: Option<&str>,
    ) -> Result<Self> {
        let mut errors = FieldErrors::default();
        let changes = ProfileChanges {
            first_name: first_name.and_then(|v| errors.take("first_name", Name::parse(v))),
            last_name: last_name.and_then(|v| errors.take("last_name", Name::parse(v))),
            email: email.and_then(|v| errors.take("email", Email::parse(v))),
            phone: phone.and_then(|v| errors.take("phone", Phone::parse(v))),
        };
        let current_password = current_password
            .and_then(|raw| errors.take("current_password", PasswordAttempt::parse(raw)));
        if errors.is_empty() {
            Ok(ProfileUpdate {
                changes,
                current_password,
            })
        } else {
            Err(Error::Validation(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(error: Error) -> Vec<&'static str> {
        match error {
            Error::Validation(errors) => errors.iter().map(|(name, _)| name).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        assert_eq!(
            fields(PasswordLogin::parse("", "").unwrap_err()),
            ["identifier", "password"]
        );
        assert_eq!(
            fields(CodeLogin::parse("nope", "12").unwrap_err()),
            ["code", "phone"]
        );
        assert_eq!(
            fields(PasswordChange::parse("", "short").unwrap_err()),
            ["current_password", "new_password"]
        );
        assert_eq!(
            fields(
                ProfileUpdate::parse(
                    None,
                    None,
                    Some("not an address"),
                    None,
                    Some(&"x".repeat(2000))
                )
                .unwrap_err()
            ),
            ["current_password", "email"]
        );
    }

    #[test]
    fn a_blank_or_misshapen_reset_token_is_a_wrong_token() {
        for token in ["  ", "abc", &"a".repeat(44)] {
            assert!(matches!(
                PasswordReset::parse(token, "a long enough passphrase"),
                Err(Error::InvalidToken)
            ));
        }
        assert!(PasswordReset::parse(&"a".repeat(43), "a long enough passphrase").is_ok());
    }
}
