//! Registration: parse every field (reporting all problems at once), hash the password, and
//! create the user with their first email-verification code in one transaction.

use uuid::Uuid;

use super::codes::{self, Purpose};
use super::passwords::{self, PersonalWords};
use super::rate_limit::{CODES_PER_DESTINATION, REGISTRATIONS_PER_IP};
use super::types::{Email, FieldErrors, Name, NewPassword, Phone};
use super::{AuditKind, Auth, Error, RequestMeta, Result, User, ip_subject, later};
use crate::notify::templates;
use crate::store::{Channel, NewCode, NewMessage, NewUser};

/// A registration whose every field has been parsed and checked.
#[derive(Debug)]
pub struct Registration {
    pub first_name: Name,
    pub last_name: Name,
    pub email: Email,
    pub phone: Phone,
    pub password: NewPassword,
}

impl Registration {
    /// Parses the raw fields; on failure every bad field is named, not just the first.
    pub fn parse(
        first_name: &str,
        last_name: &str,
        email: &str,
        phone: &str,
        password: &str,
    ) -> Result<Self> {
        let mut errors = FieldErrors::default();
        let first_name = errors.take("first_name", Name::parse(first_name));
        let last_name = errors.take("last_name", Name::parse(last_name));
        let email = errors.take("email", Email::parse(email));
        let phone = errors.take("phone", Phone::parse(phone));
        let password = errors.take("password", NewPassword::parse(password));

        if let (Some(password), Some(email), Some(phone)) = (&password, &email, &phone) {
            let personal = PersonalWords {
                email: email.as_str(),
                phone: phone.as_str(),
                first_name: first_name.as_ref().map_or("", Name::as_str),
                last_name: last_name.as_ref().map_or("", Name::as_str),
            };
            if let Err(message) = passwords::check_strength(password, &personal) {
                errors.add("password", message);
            }
        }

        match (first_name, last_name, email, phone, password) {
            (Some(first_name), Some(last_name), Some(email), Some(phone), Some(password))
                if errors.is_empty() =>
            {
                Ok(Registration {
                    first_name,
                    last_name,
                    email,
                    phone,
                    password,
                })
            }
            _ => Err(Error::Validation(errors)),
        }
    }
}

impl Auth {
    /// Creates an unverified account and queues the email with its verification code.
    /// `EmailTaken`/`PhoneTaken` come from the database's unique indexes, so two racing
    /// registrations of one address create exactly one user.
    pub async fn register(&self, registration: Registration, meta: &RequestMeta) -> Result<User> {
        // Counted before argon2: a script must not buy a hash per request.
        self.hit(REGISTRATIONS_PER_IP, &ip_subject(meta)).await?;
        self.check_sms_country(&registration.phone, "phone")?;
        let password_hash = self.hasher.hash(&registration.password).await?;
        let now = self.clock.now();
        let user_id = Uuid::new_v4();
        let code = codes::generate();
        let lifetime = Purpose::VerifyEmail.lifetime();
        let brand = self.brand_now();
        let email = templates::verification_code(
            brand.voice(meta.locale.as_deref()),
            registration.first_name.as_str(),
            code.expose(),
            lifetime,
        );

        let record = self
            .store
            .create_user(
                &NewUser {
                    id: user_id,
                    first_name: registration.first_name.as_str().to_owned(),
                    last_name: registration.last_name.as_str().to_owned(),
                    email: registration.email.as_str().to_owned(),
                    phone: registration.phone.as_str().to_owned(),
                    password_hash,
                    created_at: now,
                    locale: meta.locale.clone(),
                },
                &NewCode {
                    user_id,
                    purpose: Purpose::VerifyEmail.as_str(),
                    destination: registration.email.as_str().to_owned(),
                    code_hash: self.codes.hash(user_id, Purpose::VerifyEmail, &code),
                    expires_at: later(now, lifetime),
                    created_at: now,
                },
                &NewMessage {
                    channel: Channel::Email,
                    destination: registration.email.as_str().to_owned(),
                    subject: email.subject,
                    body: email.body,
                    created_at: now,
                    expires_at: later(now, lifetime),
                },
                &self.audit(user_id, AuditKind::Registered, meta),
            )
            .await?;
        self.outbox.wake();
        // The first code counts towards the address's 3 codes an hour. Counted only once the
        // account exists: a refused re-registration must not use up the owner's codes.
        let subject = codes::destination_subject(Purpose::VerifyEmail, registration.email.as_str());
        self.hit(CODES_PER_DESTINATION, &subject).await.ok();
        self.load_user(record).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(result: Result<Registration>) -> Vec<&'static str> {
        match result {
            Err(Error::Validation(errors)) => errors.iter().map(|(f, _)| f).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_registration_parses() {
        let r = Registration::parse(
            " Ada ",
            "Lovelace",
            "Ada@Example.com",
            "+12015550123",
            "analytical engine",
        )
        .unwrap();
        assert_eq!(r.first_name.as_str(), "Ada");
        assert_eq!(r.email.as_str(), "ada@example.com");
        assert_eq!(r.phone.as_str(), "+12015550123");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        assert_eq!(
            fields(Registration::parse("", " ", "nope", "123", "short")),
            ["email", "first_name", "last_name", "password", "phone"]
        );
    }

    #[test]
    fn a_password_equal_to_the_email_is_refused() {
        assert_eq!(
            fields(Registration::parse(
                "Ada",
                "Lovelace",
                "ada@example.com",
                "+12015550123",
                "ADA@example.com"
            )),
            ["password"]
        );
    }
}
