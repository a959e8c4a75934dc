//! Each pattern against its parser: a string the pattern accepts must parse, and one it
//! refuses must not (for phones, the numbering plan aside: those cases are all assigned).
//! `fancy_regex` reads the patterns as schemathesis and browsers do, lookahead included.

use fancy_regex::Regex;

#[test]
fn the_role_pattern_is_the_role_parser() {
    let re = Regex::new(ROLE_PATTERN).unwrap();
    let long = "a".repeat(63);
    let too_long = "a".repeat(64);
    for s in [
        "admin",
        "a",
        "billing:write",
        "ops.read-only_2",
        &long,
        &too_long,
        "Admin",
        "1a",
        "a b",
        "",
        " a",
        "é",
        "a/b",
        "-",
    ] {
        assert_eq!(re.is_match(s).unwrap(), Role::parse(s).is_ok(), "{s:?}");
    }
}

#[test]
fn the_audit_kind_filter_names_every_kind() {
    let document = serde_json::to_value(crate::api::openapi()).unwrap();
    let parameters = document["paths"]["/api/v1/admin/audit"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone();
    let kind = parameters.iter().find(|p| p["name"] == "kind").unwrap();
    let names: Vec<&str> = crate::auth::AuditKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        kind["schema"]["pattern"],
        format!("^({})$", names.join("|"))
    );
}

use super::*;

fn agree(pattern: &str, max_chars: Option<usize>, parse: impl Fn(&str) -> bool, cases: &[&str]) {
    let re = Regex::new(pattern).unwrap();
    for case in cases {
        let by_schema =
            re.is_match(case).unwrap() && max_chars.is_none_or(|max| case.chars().count() <= max);
        assert_eq!(
            by_schema,
            parse(case),
            "schema and parser disagree on {case:?}"
        );
    }
}

#[test]
fn names() {
    let long = "é".repeat(100);
    let too_long = "é".repeat(101);
    let padded = format!(" {} ", "a".repeat(99));
    agree(
        &name_pattern(),
        Some(Name::MAX_CHARS),
        |s| Name::parse(s).is_ok(),
        &[
            "Ada",
            " Ada ",
            "",
            " ",
            "\u{3000}",
            "\u{a0}x",
            "Ada\tLovelace",
            "\tAda",
            "Ada\n",
            "\u{85}",
            "\u{9f}x",
            "O'Brien-Smith",
            "李",
            &long,
            &too_long,
            &padded,
            // No web or email address: a phishing line in "Hello {name},".
            "Visit https://evil.example now",
            "evil.example",
            "www.evil",
            "Ada ada@example.com",
            "@",
            "a://b",
            "EVIL.EXAMPLE",
            "x-y.co",
            "J.R.R. Tolkien",
            "Ada L.",
            "St. John",
            "a.b",
            "ab.c",
            "ab. cd",
            "ab.1d",
            "ab\u{2028}cd.ef",
        ],
    );
}

#[test]
fn phones() {
    agree(
        &phone_pattern(),
        None,
        |s| Phone::parse(s).is_ok(),
        &[
            "+12015550142",
            "+1 (201) 555-0142",
            "+44 20 7946 0958",
            "+1.201.555.0142",
            "+1/201/555/0142",
            "12015550142",
            "+1 800 FLOWERS",
            "+12015550142 ext 5",
            "+",
            "",
            "+12345",
            &format!("+1{}", "5".repeat(40)),
        ],
    );
}

#[test]
fn codes() {
    agree(
        &code_pattern(),
        None,
        |s| Code::parse(s).is_ok(),
        &[
            "123456",
            "123 456",
            "123-456",
            " 1-2 3-4 5-6 ",
            "12345",
            "1234567",
            "12345a",
            "",
            "١٢٣٤٥٦",
            "123\t456",
        ],
    );
}

#[test]
fn recovery_codes() {
    agree(
        &recovery_code_pattern(),
        None,
        |s| RecoveryCode::parse(s).is_ok(),
        &[
            "abcde-fghjk",
            "ABCDE FGHJK",
            "abcdefghjk",
            " a-b-c-d-e-f-g-h-j-k ",
            "abcde-fghj",
            "abcde-fghjkm",
            "abcde-fghj0",
            "abcde-fghji",
            "abcde_fghjk",
            "",
        ],
    );
}

#[test]
fn challenges() {
    use crate::auth::ChallengeToken;
    let token = "A".repeat(43);
    for case in [token.as_str(), "", "abc"] {
        assert_eq!(
            Regex::new(&reset_token_pattern())
                .unwrap()
                .is_match(case)
                .unwrap(),
            ChallengeToken::parse(case).is_ok(),
            "{case:?}"
        );
    }
}

#[test]
fn reset_tokens() {
    let token = "A".repeat(43);
    let short = "A".repeat(42);
    let long = "A".repeat(44);
    let odd = format!("{}=", "A".repeat(42));
    agree(
        &reset_token_pattern(),
        None,
        |s| ResetToken::parse(s).is_ok(),
        &[&token, &short, &long, &odd, "", "abc_-"],
    );
}
