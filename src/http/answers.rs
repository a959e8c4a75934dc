//! What each domain error answers, in one table for both doors: the JSON API's status and code
//! (docs/API.md; its message is the error's own words) and where a page form says it, beside
//! which field or above the form, in the catalogues' words for the code (`error-<code>`).

use axum::http::StatusCode;

use crate::auth::Error;

pub struct Answer {
    pub status: StatusCode,
    pub code: &'static str,
    /// Seconds for `Retry-After`.
    pub retry_after: Option<u64>,
    /// The field a page shows the words beside; `None`: the form's own message.
    pub field: Option<&'static str>,
}

impl Answer {
    /// The catalogues' words a page shows: `error-<code>` (`$seconds` for a rate limit).
    pub fn message_id(&self) -> String {
        format!("error-{}", self.code.replace('_', "-"))
    }
}

pub fn answer(error: &Error) -> Answer {
    use StatusCode as S;
    let (status, code, field): (S, _, _) = match error {
        // The fields carry the messages, at both doors.
        Error::Validation(_) => (S::UNPROCESSABLE_ENTITY, "validation_failed", None),
        Error::EmailTaken => (S::CONFLICT, "email_taken", Some("email")),
        Error::UpstreamFailed => (S::BAD_REQUEST, "upstream_failed", None),
        Error::IdentityTaken => (S::CONFLICT, "identity_taken", None),
        Error::SignUpClosed => (S::FORBIDDEN, "signup_closed", None),
        Error::PhoneTaken => (S::CONFLICT, "phone_taken", Some("phone")),
        Error::InvalidCode => (S::BAD_REQUEST, "invalid_code", Some("code")),
        Error::InvalidCredentials => (S::UNAUTHORIZED, "invalid_credentials", None),
        Error::EmailNotVerified { .. } => (S::FORBIDDEN, "email_not_verified", None),
        Error::Unauthenticated => (S::UNAUTHORIZED, "unauthenticated", None),
        Error::NotFound => (S::NOT_FOUND, "not_found", None),
        Error::Forbidden => (S::FORBIDDEN, "forbidden", None),
        Error::LastAdmin => (S::CONFLICT, "last_admin", None),
        Error::AlreadyVerified => (S::CONFLICT, "already_verified", None),
        Error::SecondFactorRequired => (S::FORBIDDEN, "second_factor_required", None),
        Error::TotpAlreadyEnabled => (S::CONFLICT, "totp_already_enabled", None),
        Error::TotpNotEnabled => (S::CONFLICT, "totp_not_enabled", None),
        Error::TotpNotStarted => (S::CONFLICT, "totp_not_started", None),
        Error::PasskeysUnavailable => (S::SERVICE_UNAVAILABLE, "passkeys_unavailable", None),
        Error::PasskeyRefused => (S::BAD_REQUEST, "passkey_refused", None),
        Error::TooManyPasskeys => (S::CONFLICT, "too_many_passkeys", None),
        Error::InvalidChallenge => (S::BAD_REQUEST, "invalid_challenge", None),
        Error::ReauthenticationRequired => (
            S::FORBIDDEN,
            "reauthentication_required",
            Some("current_password"),
        ),
        Error::InvalidToken => (S::BAD_REQUEST, "invalid_token", None),
        Error::RateLimited { .. } => (S::TOO_MANY_REQUESTS, "rate_limited", None),
        Error::Busy => (S::SERVICE_UNAVAILABLE, "busy", None),
        Error::SmsUnavailable => (S::SERVICE_UNAVAILABLE, "sms_unavailable", None),
        Error::Unavailable => (S::SERVICE_UNAVAILABLE, "unavailable", None),
        Error::Internal(_) => (S::INTERNAL_SERVER_ERROR, "internal_error", None),
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
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn every_answer_has_words_in_every_language() {
        let errors = [
            Error::Validation(Default::default()),
            Error::EmailTaken,
            Error::UpstreamFailed,
            Error::IdentityTaken,
            Error::SignUpClosed,
            Error::PhoneTaken,
            Error::InvalidCode,
            Error::InvalidCredentials,
            Error::EmailNotVerified {
                user_id: uuid::Uuid::nil(),
                email: String::new(),
            },
            Error::Unauthenticated,
            Error::NotFound,
            Error::Forbidden,
            Error::LastAdmin,
            Error::AlreadyVerified,
            Error::SecondFactorRequired,
            Error::TotpAlreadyEnabled,
            Error::TotpNotEnabled,
            Error::TotpNotStarted,
            Error::PasskeysUnavailable,
            Error::PasskeyRefused,
            Error::TooManyPasskeys,
            Error::InvalidChallenge,
            Error::ReauthenticationRequired,
            Error::InvalidToken,
            Error::RateLimited {
                retry_after: Duration::from_secs(30),
            },
            Error::Busy,
            Error::SmsUnavailable,
            Error::Unavailable,
            Error::Internal(anyhow::anyhow!("boom")),
        ];
        for error in &errors {
            let id = answer(error).message_id();
            for locale in Locale::SHIPPED {
                assert!(locale.try_text(&id).is_some(), "{}: {id}", locale.tag());
            }
        }
        let wait = Locale::Pl.text_with("error-rate-limited", &[("seconds", 3.into())]);
        assert!(wait.contains("3 sekundy"), "{wait}");
    }
}
