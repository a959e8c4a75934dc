//! The kinds of audit event, as stored and as the account's activity list words them.

string_enum! {
    /// The kinds of audit event (docs/DESIGN.md). The string is what is stored; the words
    /// people read in their activity list and the admin's log are the catalogues'
    /// `audit-<kind>` ([`AuditKind::message_id`]).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum AuditKind {
        Registered = "registered",
        EmailVerified = "email_verified",
        LoginSucceeded = "login_succeeded",
        LoginFailed = "login_failed",
        OtpSent = "otp_sent",
        SessionRevoked = "session_revoked",
        PasswordResetRequested = "password_reset_requested",
        PasswordChanged = "password_changed",
        EmailChanged = "email_changed",
        PhoneChanged = "phone_changed",
        RolesChanged = "roles_changed",
        AccountDisabled = "account_disabled",
        AccountEnabled = "account_enabled",
        SessionsEnded = "sessions_ended",
        VerificationResent = "verification_resent",
        ClientAdded = "client_added",
        ClientRemoved = "client_removed",
        TotpEnabled = "totp_enabled",
        TotpDisabled = "totp_disabled",
        RecoveryCodeUsed = "recovery_code_used",
        PasskeyAdded = "passkey_added",
        PasskeyRemoved = "passkey_removed",
        /// A passkey login refused because its signature counter went backwards: a copy of it.
        PasskeySuspect = "passkey_suspect",
        EmailCodeSent = "email_code_sent",
        /// A login code by email asked for an address with no account (no user; none sent).
        EmailCodeUnknown = "email_code_unknown",
        /// A login code by email was the first proof of an address nobody had verified: the
        /// password and phone set before it were dropped (whoever registered may not own it).
        EmailProven = "email_proven",
        /// An identity at another provider (Google, GitHub, …) linked to the account.
        IdentityLinked = "identity_linked",
        IdentityUnlinked = "identity_unlinked",
        /// An admin changed the brand (`detail`: the fields that changed).
        BrandingChanged = "branding_changed",
    }
}

impl AuditKind {
    /// The catalogues' words for it (`audit-<kind>`), for the activity list and the log.
    pub fn message_id(self) -> String {
        format!("audit-{}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_words_in_every_language() {
        for kind in AuditKind::ALL {
            for locale in crate::i18n::Locale::SHIPPED {
                let words = locale.try_text(&kind.message_id());
                assert!(
                    words.is_some_and(|w| !w.is_empty()),
                    "{}: {}",
                    locale.tag(),
                    kind.as_str()
                );
            }
        }
    }
}
