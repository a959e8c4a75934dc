//! Secrets typed or carried in links: passwords, codes, tokens. None prints its value.

use std::fmt;

use super::is_invisible_format;

use secrecy::{ExposeSecret, SecretString};

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
            .filter(|&c| !matches!(c, ' ' | '-') && !is_invisible_format(c))
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
        // People paste "123 456" or "123-456" from messages; the digits are what count. A
        // code copied out of right-to-left text can carry invisible bidi marks (Fluent's
        // isolation marks, a browser's own): they are no part of it either.
        let digits: String = raw
            .chars()
            .filter(|&c| !matches!(c, ' ' | '-') && !is_invisible_format(c))
            .collect();
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

    #[test]
    fn codes_pasted_from_right_to_left_text_lose_their_invisible_marks() {
        for pasted in [
            "\u{2068}123456\u{2069}",
            "\u{200f}123 456\u{200e}",
            "\u{feff}123456",
            "12\u{200b}34\u{00ad}56",
            "\u{202b}123456\u{202c}",
        ] {
            assert_eq!(
                Code::parse(pasted).unwrap().expose(),
                "123456",
                "{pasted:?}"
            );
        }
        assert!(Code::parse("\u{2068}\u{2069}").is_err());
        let recovery = RecoveryCode::parse("\u{2068}abcde-fghjk\u{2069}");
        assert!(recovery.is_ok());
    }
}
