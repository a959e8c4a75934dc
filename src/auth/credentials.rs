//! What each change to how an account proves itself ends, in one table. Every flow that makes
//! such a change hands the store its row, and the store ends it in the change's own
//! transaction: no flow keeps its own list.

use crate::store::{Ends, Reach};

/// A change after which something of the account's logins must no longer stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialChange {
    /// "I forgot my password": whoever had the old one, or a session or an app's token made
    /// with it, is out.
    PasswordReset,
    /// The owner changed it from a session: that session and what apps got through it stay.
    PasswordChanged,
    /// The address that receives reset links and the one apps were told (`email` claim).
    EmailChanged,
    PhoneChanged,
    /// The owner turned their authenticator off, with a fresh second factor.
    SecondFactorRemoved,
    /// The operator turned someone's authenticator off (`latch admin two-step-off`): they lost
    /// it, so whatever it let in is suspect.
    SecondFactorReset,
    AccountDisabled,
    /// "Log out everywhere else", or an admin ending a user's sessions.
    SessionsEnded,
}

impl CredentialChange {
    pub const ALL: [CredentialChange; 8] = [
        CredentialChange::PasswordReset,
        CredentialChange::PasswordChanged,
        CredentialChange::EmailChanged,
        CredentialChange::PhoneChanged,
        CredentialChange::SecondFactorRemoved,
        CredentialChange::SecondFactorReset,
        CredentialChange::AccountDisabled,
        CredentialChange::SessionsEnded,
    ];

    /// The table. A stolen refresh token must not outlive its owner taking the account back,
    /// so every change that is a taking back ends every grant; only a password change made
    /// from a session keeps that session's.
    pub fn ends(self) -> Ends {
        use Reach::{All, Nothing, Others};
        let (sessions, grants, codes, reset_links, pending_steps) = match self {
            CredentialChange::PasswordReset => (All, All, true, true, true),
            CredentialChange::PasswordChanged => (Others, Others, false, true, false),
            CredentialChange::EmailChanged => (Nothing, All, false, true, false),
            CredentialChange::PhoneChanged => (Nothing, Nothing, false, false, false),
            CredentialChange::SecondFactorRemoved => (Nothing, Nothing, false, false, false),
            CredentialChange::SecondFactorReset => (All, All, true, true, true),
            CredentialChange::AccountDisabled => (All, All, true, true, true),
            CredentialChange::SessionsEnded => (Others, All, true, false, true),
        };
        Ends {
            sessions,
            grants,
            codes,
            reset_links,
            pending_steps,
        }
    }
}
