//! Names a person or an operator types: first and last names, role names.

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
}
