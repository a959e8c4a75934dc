//! Where a person is reached: an email address, a phone number, and the one of them typed
//! to log in. Below every layer (the store reads a user's address as an `Email`), so that a
//! value parsed once stays parsed from the database to the page.

use std::fmt;

/// A normalised email address: trimmed, lower-cased, syntax checked by `validator`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// RFC 5321 caps a forward path at 254 characters.
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("is required".into());
        }
        // One mailbox, one spelling: an internationalised domain is stored in its IDNA ASCII
        // form, so `a@bücher.de` and `a@xn--bcher-kva.de` are one account.
        let email = match email.rsplit_once('@') {
            Some((local, domain)) if !domain.is_ascii() => match url::Host::parse(domain) {
                Ok(url::Host::Domain(ascii)) => format!("{local}@{ascii}"),
                _ => return Err("must be a valid email address".into()),
            },
            _ => email,
        };
        if email.len() > Self::MAX_LEN {
            return Err(format!("must be at most {} characters", Self::MAX_LEN));
        }
        if !validator::ValidateEmail::validate_email(&email) {
            return Err("must be a valid email address".into());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number in E.164 form (`+15551234567`), checked against the numbering plan.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// The longest input accepted, `+` and separators included.
    pub const MAX_LEN: usize = 32;
    /// What may follow the `+` besides digits: the separators people type and paste.
    pub const SEPARATORS: &str = " ()./-";

    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("is required".into());
        }
        // Without a default region a national number is ambiguous; docs/API.md asks for a `+` prefix.
        let Some(rest) = trimmed.strip_prefix('+') else {
            return Err("must start with + and the country code, e.g. +15551234567".into());
        };
        // libphonenumber alone would also take letters ("+1 800 FLOWERS") and extensions; a number
        // we text codes to is digits, and this is the shape the OpenAPI document states.
        let shaped = rest
            .chars()
            .all(|c| c.is_ascii_digit() || Self::SEPARATORS.contains(c));
        if trimmed.len() > Self::MAX_LEN || !shaped {
            return Err("must be a valid phone number".into());
        }
        let number = phonenumber::parse(None, trimmed)
            .map_err(|_| "must be a valid phone number".to_string())?;
        if !phonenumber::is_valid(&number) {
            return Err("must be a valid phone number".into());
        }
        Ok(Phone(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ISO 3166-1 alpha-2 code of the number's country (`US`), when the plan names one.
    pub fn country(&self) -> Option<String> {
        let number = phonenumber::parse(None, &self.0).ok()?;
        number.country().id().map(|id| id.as_ref().to_owned())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a person logs in with: an email address or a phone number (told apart by the `+`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Email(Email),
    Phone(Phone),
}

impl Identifier {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("is required".into());
        }
        // An address may begin with `+` too (`+tag@example.com`); a number never has an `@`.
        if raw.contains('@') {
            Email::parse(raw).map(Identifier::Email)
        } else if raw.starts_with('+') {
            Phone::parse(raw).map(Identifier::Phone)
        } else {
            Err("must be an email address or a phone number starting with +".into())
        }
    }

    /// The normalised form, for rate-limit keys and logs of counts.
    pub fn as_str(&self) -> &str {
        match self {
            Identifier::Email(e) => e.as_str(),
            Identifier::Phone(p) => p.as_str(),
        }
    }
}

/// A stored address, read back. It was written by `parse`; only its shape is checked again,
/// so an address accepted once is never refused later (by a stricter `validator`, say), which
/// would lock its owner out.
impl TryFrom<String> for Email {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, String> {
        match stored.split_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && !domain.is_empty()
                    && !stored.chars().any(char::is_whitespace) =>
            {
                Ok(Email(stored))
            }
            _ => Err(format!("stored address {stored:?} is not one")),
        }
    }
}

/// A stored number, read back: E.164 as `parse` wrote it. Only the shape is checked again, so
/// a new edition of the numbering plans never locks anyone out.
impl TryFrom<String> for Phone {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, String> {
        let digits = stored.strip_prefix('+').unwrap_or_default();
        if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Phone(stored))
        } else {
            Err(format!("stored number {stored:?} is not E.164"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internationalised_domains_have_one_spelling() {
        assert_eq!(
            Email::parse("A@Bücher.de").unwrap(),
            Email::parse("a@xn--bcher-kva.de").unwrap()
        );
        assert_eq!(
            Email::parse("a@bücher.de").unwrap().as_str(),
            "a@xn--bcher-kva.de"
        );
    }

    #[test]
    fn phones_know_their_country() {
        assert_eq!(
            Phone::parse("+12015550123").unwrap().country().as_deref(),
            Some("US")
        );
        assert_eq!(
            Phone::parse("+447400123456").unwrap().country().as_deref(),
            Some("GB")
        );
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn bad_emails_are_refused() {
        for raw in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "a b@example.com",
            "ada@exa mple.com",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?} should be refused");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn phones_become_e164() {
        assert_eq!(
            Phone::parse("+1 (201) 555-0123").unwrap().as_str(),
            "+12015550123"
        );
        assert_eq!(
            Phone::parse("+44 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn phones_need_a_country_code_and_a_real_number() {
        assert!(Phone::parse("2015550123").is_err());
        assert!(Phone::parse("+1 000").is_err());
        assert!(Phone::parse("+abc").is_err());
        assert!(Phone::parse("").is_err());
        assert!(Phone::parse(&format!("+1{}", "5".repeat(40))).is_err());
    }

    #[test]
    fn an_address_may_begin_with_a_plus() {
        assert_eq!(
            Identifier::parse("+tag@example.com").unwrap(),
            Identifier::Email(Email::parse("+tag@example.com").unwrap())
        );
        assert!(matches!(
            Identifier::parse("+12015550123"),
            Ok(Identifier::Phone(_))
        ));
    }

    #[test]
    fn stored_values_are_read_back_by_their_shape() {
        assert!(Email::try_from("ada@example.com".to_owned()).is_ok());
        assert!(Email::try_from("not an address".to_owned()).is_err());
        assert!(Phone::try_from("+12015550123".to_owned()).is_ok());
        assert!(Phone::try_from("12015550123".to_owned()).is_err());
        assert!(Phone::try_from("+1201555012a".to_owned()).is_err());
    }
}
