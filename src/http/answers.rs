//! What each domain error answers, in one table for both doors: the JSON API's status and code
//! (docs/API.md; its message is the error's own words) and what a page form says, beside which
//! field or above the form.

use std::borrow::Cow;

use axum::http::StatusCode;

use crate::auth::Error;

pub struct Answer {
    pub status: StatusCode,
    pub code: &'static str,
    /// Seconds for `Retry-After`.
    pub retry_after: Option<u64>,
    /// The field a page shows `words` beside; `None`: the form's own message.
    pub field: Option<&'static str>,
    pub words: Cow<'static, str>,
}

pub fn answer(error: &Error) -> Answer {
    use StatusCode as S;
    let (status, code, field, words): (S, _, _, Cow<'static, str>) = match error {
        // The fields carry the messages, at both doors.
        Error::Validation(_) => (
            S::UNPROCESSABLE_ENTITY,
            "validation_failed",
            None,
            "Some fields are not right.".into(),
        ),
        Error::EmailTaken => (
            S::CONFLICT,
            "email_taken",
            Some("email"),
            "This email address is already registered.".into(),
        ),
        Error::UpstreamFailed => (
            S::BAD_REQUEST,
            "upstream_failed",
            None,
            "That sign-in did not work. Please try again, or use another way in.".into(),
        ),
        Error::IdentityTaken => (
            S::CONFLICT,
            "identity_taken",
            None,
            "This sign-in is already connected to another account.".into(),
        ),
        Error::SignUpClosed => (
            S::FORBIDDEN,
            "signup_closed",
            None,
            "There is no account for this sign-in, and new accounts cannot be made with it.".into(),
        ),
        Error::PhoneTaken => (
            S::CONFLICT,
            "phone_taken",
            Some("phone"),
            "This phone number is already registered.".into(),
        ),
        Error::InvalidCode => (
            S::BAD_REQUEST,
            "invalid_code",
            Some("code"),
            "That code is wrong or has expired. Check the latest email, or send a new code.".into(),
        ),
        Error::InvalidCredentials => (
            S::UNAUTHORIZED,
            "invalid_credentials",
            None,
            "The email, phone or password is wrong.".into(),
        ),
        Error::EmailNotVerified { .. } => (
            S::FORBIDDEN,
            "email_not_verified",
            None,
            "Please verify your email address first: we have sent you a new code.".into(),
        ),
        Error::Unauthenticated => (
            S::UNAUTHORIZED,
            "unauthenticated",
            None,
            "Please log in first.".into(),
        ),
        Error::NotFound => (
            S::NOT_FOUND,
            "not_found",
            None,
            "That no longer exists.".into(),
        ),
        Error::Forbidden => (
            S::FORBIDDEN,
            "forbidden",
            None,
            "You do not have access to this.".into(),
        ),
        Error::LastAdmin => (
            S::CONFLICT,
            "last_admin",
            None,
            "This would leave no admin: make someone else an admin first.".into(),
        ),
        Error::AlreadyVerified => (
            S::CONFLICT,
            "already_verified",
            None,
            "This email address is verified already.".into(),
        ),
        Error::SecondFactorRequired => (
            S::FORBIDDEN,
            "second_factor_required",
            None,
            "First confirm it is you with a code from your authenticator app.".into(),
        ),
        Error::TotpAlreadyEnabled => (
            S::CONFLICT,
            "totp_already_enabled",
            None,
            "An authenticator app is set up already.".into(),
        ),
        Error::TotpNotEnabled => (
            S::CONFLICT,
            "totp_not_enabled",
            None,
            "No authenticator app is set up.".into(),
        ),
        Error::TotpNotStarted => (
            S::CONFLICT,
            "totp_not_started",
            None,
            "Start adding the authenticator app again.".into(),
        ),
        Error::PasskeysUnavailable => (
            S::SERVICE_UNAVAILABLE,
            "passkeys_unavailable",
            None,
            "Passkeys cannot be used at this address.".into(),
        ),
        Error::PasskeyRefused => (
            S::BAD_REQUEST,
            "passkey_refused",
            None,
            "The passkey was not accepted. Please try again.".into(),
        ),
        Error::TooManyPasskeys => (
            S::CONFLICT,
            "too_many_passkeys",
            None,
            "You have as many passkeys as you may have. Remove one first.".into(),
        ),
        Error::InvalidChallenge => (
            S::BAD_REQUEST,
            "invalid_challenge",
            None,
            "This login has expired or was already used. Please log in again.".into(),
        ),
        Error::ReauthenticationRequired => (
            S::FORBIDDEN,
            "reauthentication_required",
            Some("current_password"),
            "Enter your current password to make this change.".into(),
        ),
        Error::InvalidToken => (
            S::BAD_REQUEST,
            "invalid_token",
            None,
            "This reset link is wrong, has expired or was already used. Ask for a new one.".into(),
        ),
        Error::RateLimited { retry_after } => (
            S::TOO_MANY_REQUESTS,
            "rate_limited",
            None,
            format!(
                "Too many attempts. Please wait {} seconds and try again.",
                retry_after.as_secs().max(1)
            )
            .into(),
        ),
        Error::Busy => (
            S::SERVICE_UNAVAILABLE,
            "busy",
            None,
            "We are very busy right now. Please try again in a moment.".into(),
        ),
        Error::SmsUnavailable => (
            S::SERVICE_UNAVAILABLE,
            "sms_unavailable",
            None,
            "We cannot send text messages right now. Please try again later, or use your \
             password."
                .into(),
        ),
        Error::Unavailable => (
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            None,
            "We cannot reach our database right now. Please try again in a moment.".into(),
        ),
        Error::Internal(_) => (
            S::INTERNAL_SERVER_ERROR,
            "internal_error",
            None,
            "Something went wrong on our side. Please try again.".into(),
        ),
    };
    let retry_after = match error {
        Error::RateLimited { retry_after } => Some(retry_after.as_secs().max(1)),
        Error::Busy | Error::Unavailable => Some(1),
        _ => None,
    };
    Answer {
        status,
        code,
        retry_after,
        field,
        words,
    }
}
