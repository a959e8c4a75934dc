//! The domain's one error type: what can go wrong in a flow, in the domain's words. Each door
//! maps it to its own answer (`http::error`).

use std::time::Duration;

use uuid::Uuid;

use super::types::FieldErrors;
use crate::store;

/// Everything that can go wrong in a flow, in the domain's words.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("this email address is already registered")]
    EmailTaken,
    /// The other provider could not confirm who this is: unreachable, a refused code, a token
    /// that does not verify, or a trip to it that is unknown, used or not this browser's.
    #[error("the sign-in with the other provider did not work; try again")]
    UpstreamFailed,
    /// The identity at the other provider is linked to another account here.
    #[error("this sign-in method is connected to another account")]
    IdentityTaken,
    /// Nobody here has this identity and the provider does not allow sign-up.
    #[error("there is no account for this sign-in; sign up first")]
    SignUpClosed,
    #[error("this phone number is already registered")]
    PhoneTaken,
    /// Wrong, expired, used or dead after too many tries: one answer so none can be told apart.
    #[error("the code is wrong or has expired")]
    InvalidCode,
    /// Wrong identifier or wrong password: one answer for both.
    #[error("the identifier or password is wrong")]
    InvalidCredentials,
    /// Right credentials, unverified address; a fresh verification code has been sent.
    #[error("the email address is not verified yet; a new code has been sent")]
    EmailNotVerified { user_id: Uuid, email: String },
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in, but without the role this needs.
    #[error("you do not have access to this")]
    Forbidden,
    /// The change would leave no enabled admin.
    #[error("the last admin cannot lose the admin role or be disabled")]
    LastAdmin,
    /// An admin asked to resend the code of an address that is verified already.
    #[error("the email address is verified already")]
    AlreadyVerified,
    /// A sensitive change without a recent login or the current password.
    #[error("log in again or give your current password to make this change")]
    ReauthenticationRequired,
    /// The account has a second factor and this session has not shown it in the last 10
    /// minutes.
    #[error("confirm it is you with your authenticator app or a recovery code first")]
    SecondFactorRequired,
    #[error("an authenticator app is already set up; turn it off first")]
    TotpAlreadyEnabled,
    #[error("no authenticator app is set up")]
    TotpNotEnabled,
    /// A confirmation code with no enrolment waiting (or another one replaced it).
    #[error("start adding the authenticator app again")]
    TotpNotStarted,
    /// A second login step that is wrong, expired or used.
    #[error("this login has expired; log in again")]
    InvalidChallenge,
    /// `PUBLIC_URL` cannot be a WebAuthn relying party (an IP address, say).
    #[error("passkeys cannot be used at this address")]
    PasskeysUnavailable,
    /// A passkey answer that does not check out: unknown passkey, bad signature, no user
    /// verification, a used or expired ceremony. One answer for all.
    #[error("the passkey was not accepted; try again")]
    PasskeyRefused,
    #[error("this account has as many passkeys as it may have")]
    TooManyPasskeys,
    /// A reset token that is wrong, expired or used.
    #[error("the reset link is wrong, expired or already used")]
    InvalidToken,
    #[error("not found")]
    NotFound,
    #[error("too many requests")]
    RateLimited { retry_after: Duration },
    /// Too many password checks are already waiting for the hasher: try again in a moment.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// This deployment's SMS budget for the hour is spent; nothing was queued.
    #[error("text messages cannot be sent right now; try again later")]
    SmsUnavailable,
    /// The database does not answer for now (down, restarting, failing over).
    #[error("the database does not answer; try again in a moment")]
    Unavailable,
    /// What should not happen did. The cause is kept, with its own causes, for the log; the
    /// caller is told only that something went wrong.
    #[error("internal error: {0}")]
    Internal(#[source] anyhow::Error),
}

impl Error {
    /// An internal error described in words (an impossible state, a cause that is not an
    /// error type).
    pub fn internal(what: impl std::fmt::Display) -> Error {
        Error::Internal(anyhow::anyhow!("{what}"))
    }
}

impl From<store::Error> for Error {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::Duplicate(store::Unique::Email) => Error::EmailTaken,
            store::Error::Duplicate(store::Unique::Phone) => Error::PhoneTaken,
            store::Error::Unavailable(e) => {
                tracing::warn!(error = %e, "the database does not answer");
                Error::Unavailable
            }
            other => Error::Internal(anyhow::Error::new(other)),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_failure_keeps_its_cause_for_the_log() {
        let error = Error::from(store::Error::Database(sqlx::Error::RowNotFound));
        let cause = std::error::Error::source(&error).expect("a source");
        assert!(cause.to_string().starts_with("database: "), "{cause}");
        let Error::Internal(chain) = error else {
            panic!("not internal");
        };
        let logged = format!("{chain:#}");
        assert!(logged.contains("no rows returned"), "{logged}");
    }
}
