//! The schemas of the request fields, each stating what its `auth` parser accepts: the same
//! bounds, read from the same constants, and a pattern where a length is not the whole rule. A
//! client generated from the document then refuses what the server would refuse, and a fuzzer
//! that sends what the document allows is not told 422. The tests below hold each pattern
//! against its parser over a table of edge cases.
//!
//! What no pattern can say (whether a number is assigned in its country's numbering plan,
//! whether a code or token is live) is a documented status of the operation instead. The one
//! leniency the other way: the server trims whitespace around an email, phone or token before
//! parsing, which the patterns do not offer; a client sending what they allow never needs it.

use utoipa::openapi::schema::{
    AnyOfBuilder, Array, ArrayBuilder, Object, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{KnownFormat, RefOr};

use crate::auth::admin::MAX_ROLES;
use crate::auth::{
    Code, Email, Name, NewPassword, PasswordAttempt, Phone, RecoveryCode, ResetToken, Role,
};

/// `char::is_control`: the C0 and C1 controls and DEL.
const CONTROLS: &str = r"\x00-\x1f\x7f-\x9f";
/// `char::is_whitespace` less the controls above: what `trim` takes off besides them.
const SPACES: &str = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// A person's name: `auth::Name`. Printable, not blank, and no web or email address in it.
pub fn name_pattern() -> String {
    format!(
        r"^(?![\s\S]*(?:@|://|[A-Za-z0-9-]{{2}}\.[A-Za-z]{{2}}))[^{CONTROLS}]*[^{CONTROLS}{SPACES}][^{CONTROLS}]*$"
    )
}

/// Other names people type (a passkey's): printable and not blank.
pub fn label_pattern() -> String {
    format!("^[^{CONTROLS}]*[^{CONTROLS}{SPACES}][^{CONTROLS}]*$")
}

pub fn phone_pattern() -> String {
    // Seven digits is the shortest assigned number with its country code (Niue, +683 4002);
    // six characters after the `+` is a bound below that, so nothing shorter can be valid.
    format!(
        r"^\+[0-9{}]{{6,{}}}$",
        Phone::SEPARATORS,
        Phone::MAX_LEN - 1
    )
}

pub fn code_pattern() -> String {
    format!("^[ -]*(?:[0-9][ -]*){{{}}}$", Code::DIGITS)
}

pub const ROLE_PATTERN: &str = "^[a-z][a-z0-9_.:-]{0,62}$";

pub fn reset_token_pattern() -> String {
    format!("^[A-Za-z0-9_-]{{{}}}$", ResetToken::CHARS)
}

/// The recovery code alphabet, upper or lower case, 10 of them with spaces and dashes between.
pub fn recovery_code_pattern() -> String {
    let alphabet: String = RecoveryCode::ALPHABET
        .iter()
        .map(|&b| char::from(b))
        .collect();
    let upper = alphabet.to_ascii_uppercase();
    format!(
        "^[ -]*(?:[{alphabet}{upper}][ -]*){{{}}}$",
        RecoveryCode::CHARS
    )
}

fn text(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

fn name_builder() -> ObjectBuilder {
    text(
        "1–100 characters, not blank, no control characters, no web or email address \
         (`@`, `://`, or a dot with two letters, digits or hyphens before it and two letters \
         after it, as in `example.com`); stored trimmed.",
    )
    .min_length(Some(1))
    .max_length(Some(Name::MAX_CHARS))
    .pattern(Some(name_pattern()))
    .examples(["Ada"])
}

fn email_builder() -> ObjectBuilder {
    text("An email address; stored trimmed and lower-cased.")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(Email::MAX_LEN))
        .examples(["ada@example.com"])
}

fn phone_builder() -> ObjectBuilder {
    text(
        "`+`, the country code and the number; spaces and `( ) . / -` are ignored. A number \
         that fits the pattern but is not assigned in its country's numbering plan is refused \
         with 422.",
    )
    .pattern(Some(phone_pattern()))
    .examples(["+12015550142"])
}

fn new_password_builder(description: &str) -> ObjectBuilder {
    text(description)
        .min_length(Some(NewPassword::MIN_CHARS))
        .max_length(Some(NewPassword::MAX_CHARS))
}

fn password_attempt_builder() -> ObjectBuilder {
    text("The password as set; never checked against today's rules, only against its hash.")
        .min_length(Some(1))
        .max_length(Some(PasswordAttempt::MAX_CHARS))
}

/// Turns a field's schema into the one for the same field when it may be left out or `null`.
fn nullable(builder: ObjectBuilder) -> Object {
    builder
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
        .build()
}

pub fn name() -> Object {
    name_builder().build()
}

pub fn optional_name() -> Object {
    nullable(name_builder())
}

pub fn email() -> Object {
    email_builder().build()
}

pub fn optional_email() -> Object {
    nullable(email_builder().description(Some(
        "A new address: pending until confirmed with the code sent to it.",
    )))
}

pub fn phone() -> Object {
    phone_builder().build()
}

pub fn optional_phone() -> Object {
    nullable(phone_builder().description(Some(
        "A new number: pending until confirmed with the code sent to it. `+`, the country code \
         and the number; spaces and `( ) . / -` are ignored.",
    )))
}

/// Characters `auth::branding` refuses in text it shows: the controls and the format
/// characters that reorder or hide what follows them.
const HIDDEN: &str = r"\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff";

/// One line a brand shows (its name, its footer): not blank, at most `max` characters.
fn brand_text(description: &str, max: usize) -> ObjectBuilder {
    text(description)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(format!(
            "^[^{CONTROLS}{HIDDEN}]*[^{CONTROLS}{HIDDEN}{SPACES}][^{CONTROLS}{HIDDEN}]*$"
        )))
}

pub fn brand_name() -> Object {
    brand_text(
        "The product's name in page titles, the header, emails and SMS: one line, 1–40 \
         characters.",
        crate::auth::branding::MAX_NAME_CHARS,
    )
    .examples(["Acme"])
    .build()
}

pub fn brand_footer() -> Object {
    nullable(brand_text(
        "A line at the foot of every page; null or empty for none.",
        crate::auth::branding::MAX_FOOTER_CHARS,
    ))
}

/// A link the brand shows: `https` (or `http` to localhost), empty or null for none.
pub fn brand_link() -> Object {
    nullable(
        text("`https://…`, or `http://` to localhost or 127.0.0.1; null or empty for none.")
            .max_length(Some(crate::auth::branding::MAX_URL_CHARS))
            .pattern(Some(
                "^(|https://([a-z0-9]+[.])*[a-z][a-z0-9]*(/[A-Za-z0-9._~/-]*)?)$".to_owned(),
            ))
            .examples(["https://example.com/help"]),
    )
}

pub fn brand_email() -> Object {
    nullable(
        email_builder().description(Some("Where people write for help; null or empty for none.")),
    )
}

/// An accent colour: also refused (422) when links or buttons in it would fall below WCAG AA
/// contrast (4.5:1) on Latch's page backgrounds, which no pattern can say.
pub fn brand_colour() -> Object {
    nullable(
        text(
            "`#rrggbb` or `#rgb`; null or empty for Latch's own. Refused with 422 when links or \
             buttons in it would have a contrast below 4.5:1 (WCAG AA) on the page background.",
        )
        .pattern(Some("^(|#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6})$".to_owned()))
        .examples(["#2f5bd3"]),
    )
}

pub fn optional_locale() -> Object {
    nullable(
        text(
            "The person's language, a tag this service has on (`LATCH_LOCALES`: of `en`, `pl`, \
             `ar`; `pl-PL` is `pl`); their pages, emails and SMS use it. 422 for one that is \
             not on.",
        )
        .pattern(Some("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))
        .max_length(Some(35))
        .examples(["pl"]),
    )
}

pub fn code() -> Object {
    text("The 6 digits sent; spaces and `-` between them are ignored.")
        .pattern(Some(code_pattern()))
        .examples(["123456"])
        .build()
}

pub fn new_password() -> Object {
    new_password_builder(
        "8–128 characters; a common password, or one equal to the email, phone or a name, is \
         refused with 422.",
    )
    .build()
}

pub fn password_attempt() -> Object {
    password_attempt_builder().build()
}

pub fn optional_password_attempt() -> Object {
    nullable(password_attempt_builder().description(Some(
        "Needed for an email or phone change unless the session logged in in the last 10 \
         minutes.",
    )))
}

/// A whole role set: at most 32 names, each as `auth::Role` accepts it.
pub fn roles() -> Array {
    let role = text("A role name: a lower-case letter, then up to 62 of `a-z 0-9 _ . : -`.")
        .min_length(Some(1))
        .max_length(Some(Role::MAX_CHARS))
        .pattern(Some(ROLE_PATTERN))
        .examples(["billing:write"]);
    ArrayBuilder::new()
        .items(role)
        .max_items(Some(MAX_ROLES))
        .description(Some(
            "The whole new set; `user` is everyone's and is kept whether listed or not.",
        ))
        .build()
}

/// The admin's own password, for a change more than 10 minutes after their login.
pub fn admin_password() -> Object {
    nullable(password_attempt_builder().description(Some(
        "The admin's own password; needed unless they logged in in the last 10 minutes.",
    )))
}

pub fn reset_token() -> Object {
    text("The `token` of the emailed link.")
        .pattern(Some(reset_token_pattern()))
        .build()
}

pub fn passkey_name() -> Object {
    text("What the owner calls it: 1–60 characters, not blank, no control characters; stored trimmed.")
        .min_length(Some(1))
        .max_length(Some(crate::auth::factors::passkeys::MAX_NAME_CHARS))
        .pattern(Some(label_pattern()))
        .examples(["Work laptop"])
        .build()
}

pub fn email_login_attempt() -> Object {
    text("The `attempt` of the `POST /api/v1/login/email-code` answer.")
        .min_length(Some(1))
        .max_length(Some(512))
        .pattern(Some("^[A-Za-z0-9_-]+$"))
        .build()
}

pub fn challenge() -> Object {
    text("The `challenge` of the login's `second_factor_required` answer.")
        .pattern(Some(reset_token_pattern()))
        .build()
}

pub fn second_factor_method() -> Object {
    text("`totp` (a code from the authenticator app) or `recovery_code`.")
        .enum_values(Some(["totp", "recovery_code"]))
        .build()
}

/// A TOTP code or a recovery code, whichever `method` names.
pub fn second_factor_code() -> RefOr<Schema> {
    let totp = text("With `totp`: the 6 digits the app shows; spaces and `-` are ignored.")
        .pattern(Some(code_pattern()))
        .examples(["123456"])
        .build();
    let recovery = text("With `recovery_code`: one of the ten codes, e.g. `abcde-fghjk`.")
        .pattern(Some(recovery_code_pattern()))
        .build();
    Schema::AnyOf(
        AnyOfBuilder::new()
            .item(totp)
            .item(recovery)
            .description(Some(
                "A code from the authenticator app (`totp`) or a recovery code \
                 (`recovery_code`); one that does not fit its `method` is refused with 422.",
            ))
            .build(),
    )
    .into()
}

/// A code from the authenticator app.
pub fn totp_code() -> Object {
    text("The 6 digits the authenticator app shows; spaces and `-` between them are ignored.")
        .pattern(Some(code_pattern()))
        .examples(["123456"])
        .build()
}

/// An email address, or a phone number told apart by its leading `+`.
pub fn identifier() -> RefOr<Schema> {
    let email = email_builder().build();
    let phone = phone_builder().build();
    Schema::AnyOf(
        AnyOfBuilder::new()
            .item(email)
            .item(phone)
            .description(Some(
                "An email address, or a phone number starting with `+`.",
            ))
            .build(),
    )
    .into()
}

#[cfg(test)]
mod tests;
