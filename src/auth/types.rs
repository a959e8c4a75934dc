//! Parsed inputs: the only way a raw string becomes an `Email`, `Phone`, `Name`, `Password` or
//! `Code` is through `parse`, so the domain never sees an unchecked value.

use std::collections::BTreeMap;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// Field name → messages, in a stable order for JSON bodies and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(BTreeMap<&'static str, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_default().push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn single(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.add(field, message);
        errors
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &[String])> {
        self.0.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// Records the error of one field's parse and hands back the value, if any.
    pub fn take<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.add(field, message)).ok()
    }
}

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

/// A first or last name: at most 100 characters, no control characters, not blank; stored
/// trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, String> {
        // The bounds apply to the text as sent, not as trimmed, so that the OpenAPI document's
        // `maxLength` and pattern say exactly what is accepted.
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(format!("must be at most {} characters", Self::MAX_CHARS));
        }
        if raw.chars().any(char::is_control) {
            return Err("must not contain control characters".into());
        }
        // A name is written into emails from the operator's domain ("Hello Ada,"): a name
        // that is a link or an address would be a phishing line in a trusted mail.
        if crate::notify::templates::holds_address(raw) {
            return Err("must not contain a web or email address".into());
        }
        let name = raw.trim();
        if name.is_empty() {
            return Err("is required".into());
        }
        Ok(Name(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A role name: `^[a-z][a-z0-9_.:-]{0,62}$`. `user` is everyone's and `admin` is built in;
/// any other name is one for apps to check (`billing:write`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Role(String);

impl Role {
    pub const MAX_CHARS: usize = 63;

    pub fn admin() -> Role {
        Role("admin".into())
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut chars = raw.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | ':' | '-')
        });
        if !first_ok || !rest_ok || raw.len() > Self::MAX_CHARS {
            return Err(format!(
                "`{}` is not a role name: a lower-case letter, then up to 62 of a-z 0-9 _ . : -",
                raw.chars().take(70).collect::<String>()
            ));
        }
        Ok(Role(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A candidate password that passed the length rule; the strength rules that need the rest of the
/// account (common list, equal to email/phone/name) live in `passwords`.
#[derive(Clone)]
pub struct NewPassword(SecretString);

impl NewPassword {
    /// NIST SP 800-63B: at least 8; the upper bound keeps argon2 input (and DoS cost) bounded.
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let chars = raw.chars().count();
        if chars == 0 {
            return Err("is required".into());
        }
        if chars < Self::MIN_CHARS {
            return Err(format!("must be at least {} characters", Self::MIN_CHARS));
        }
        if chars > Self::MAX_CHARS {
            return Err(format!("must be at most {} characters", Self::MAX_CHARS));
        }
        Ok(NewPassword(SecretString::from(raw)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}

/// The token of an emailed reset link, as pasted or clicked: trimmed, 43 URL-safe base64
/// characters (32 random bytes). Whether it is live is the store's answer; this only keeps
/// what could never be a token from reaching it.
#[derive(Clone)]
pub struct ResetToken(SecretString);

impl ResetToken {
    pub const CHARS: usize = 43;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let token = raw.trim();
        if token.is_empty() {
            return Err("is required".into());
        }
        if !is_random_token(token) {
            return Err("is not a reset token".into());
        }
        Ok(ResetToken(SecretString::from(token)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetToken([redacted])")
    }
}

/// Whether `token` could be one of `auth::random_token`'s: 43 URL-safe base64 characters.
fn is_random_token(token: &str) -> bool {
    token.len() == ResetToken::CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The token of a login waiting for its second factor (`challenge` in the JSON API).
#[derive(Clone)]
pub struct ChallengeToken(SecretString);

impl ChallengeToken {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let token = raw.trim();
        if token.is_empty() {
            return Err("is required".into());
        }
        if !is_random_token(token) {
            return Err("is not a login challenge".into());
        }
        Ok(ChallengeToken(SecretString::from(token)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ChallengeToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChallengeToken([redacted])")
    }
}

/// One of the ten recovery codes: 10 characters of an alphabet without look-alikes (49 bits),
/// shown as `abcde-fghij`. Typed with or without the dash, in either case.
#[derive(Clone)]
pub struct RecoveryCode(SecretString);

impl RecoveryCode {
    /// No `0/o`, `1/l/i`: people copy these from paper.
    pub const ALPHABET: &'static [u8; 31] = b"abcdefghjkmnpqrstuvwxyz23456789";
    pub const CHARS: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let code: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if code.is_empty() {
            return Err("is required".into());
        }
        if code.len() != Self::CHARS || !code.bytes().all(|b| Self::ALPHABET.contains(&b)) {
            return Err("is not a recovery code".into());
        }
        Ok(RecoveryCode(SecretString::from(code)))
    }

    /// Only for codes the server itself generated.
    pub(crate) fn from_generated(code: String) -> Self {
        RecoveryCode(SecretString::from(code))
    }

    /// The 10 characters, without the dash.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// As shown to the person: `abcde-fghij`.
    pub fn display(&self) -> String {
        let code = self.expose();
        format!("{}-{}", &code[..5], &code[5..])
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode([redacted])")
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

/// A password offered at login: checked against a hash, never against the policy (an old
/// password may predate a rule), but bounded so argon2's input stays small.
#[derive(Clone)]
pub struct PasswordAttempt(SecretString);

impl PasswordAttempt {
    pub const MAX_CHARS: usize = 1024;

    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.is_empty() {
            return Err("is required".into());
        }
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(format!("must be at most {} characters", Self::MAX_CHARS));
        }
        Ok(PasswordAttempt(SecretString::from(raw)))
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

impl fmt::Debug for PasswordAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordAttempt([redacted])")
    }
}

/// A one-time code as typed by the user: exactly six ASCII digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Code(String);

impl Code {
    pub const DIGITS: usize = 6;

    pub fn parse(raw: &str) -> Result<Self, String> {
        // People paste "123 456" or "123-456" from messages; the digits are what count.
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err("is required".into());
        }
        if digits.len() != Self::DIGITS || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("must be {} digits", Self::DIGITS));
        }
        Ok(Code(digits))
    }

    /// Only for codes the server itself generated.
    pub(crate) fn from_generated(digits: String) -> Self {
        Code(digits)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_follow_the_pattern() {
        for good in [
            "admin",
            "user",
            "billing:write",
            "a",
            "ops.read-only_2",
            &"a".repeat(63),
        ] {
            assert_eq!(Role::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "Admin",
            "1admin",
            "-x",
            "billing write",
            "é",
            &"a".repeat(64),
            "a/b",
        ] {
            assert!(Role::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

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
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("  Ada ").unwrap().as_str(), "Ada");
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse(&"é".repeat(100)).is_ok());
        assert!(Name::parse(&"é".repeat(101)).is_err());
        assert!(Name::parse("Ada\u{0}").is_err());
        assert!(Name::parse("Ada\nLovelace").is_err());
        // Bounds hold for the name as sent, so the schema's maxLength and pattern are exact.
        assert!(Name::parse(&format!(" {} ", "a".repeat(99))).is_err());
        assert!(Name::parse("Ada\n").is_err());
    }

    #[test]
    fn password_length_counts_characters() {
        assert!(NewPassword::parse("1234567").is_err());
        assert!(NewPassword::parse("ééééééé").is_err());
        assert!(NewPassword::parse("éééééééé").is_ok());
        assert!(NewPassword::parse(&"x".repeat(128)).is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
    }

    #[test]
    fn secrets_never_print() {
        let p = NewPassword::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
        let c = Code::parse("123456").unwrap();
        assert!(!format!("{c:?}").contains("123456"));
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(Code::parse("123 456").unwrap().expose(), "123456");
        assert!(Code::parse("12345").is_err());
        assert!(Code::parse("1234567").is_err());
        assert!(Code::parse("12345a").is_err());
        assert!(Code::parse("١٢٣٤٥٦").is_err());
    }
}
