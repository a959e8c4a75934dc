//! The kinds of audit event, as stored and as the account's activity list words them.

string_enum! {
    /// The kinds of audit event (docs/DESIGN.md). The string is what is stored; the words are
    /// what the user reads in their account's activity list.
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
    /// In words, for the activity list.
    pub fn describe(self) -> &'static str {
        match self {
            AuditKind::Registered => "Account created",
            AuditKind::EmailVerified => "Email address verified",
            AuditKind::LoginSucceeded => "Logged in",
            AuditKind::LoginFailed => "Failed login attempt",
            AuditKind::OtpSent => "Login code sent by SMS",
            AuditKind::PasswordResetRequested => "Password reset requested",
            AuditKind::PasswordChanged => "Password changed",
            AuditKind::EmailChanged => "Email address changed",
            AuditKind::PhoneChanged => "Phone number changed",
            AuditKind::SessionRevoked => "Session logged out remotely",
            AuditKind::RolesChanged => "Roles changed",
            AuditKind::AccountDisabled => "Account disabled by an admin",
            AuditKind::AccountEnabled => "Account enabled by an admin",
            AuditKind::SessionsEnded => "All sessions ended by an admin",
            AuditKind::VerificationResent => "Verification email resent by an admin",
            AuditKind::ClientAdded => "App registered for logins",
            AuditKind::ClientRemoved => "App removed",
            AuditKind::TotpEnabled => "Authenticator app added",
            AuditKind::TotpDisabled => "Authenticator app removed",
            AuditKind::RecoveryCodeUsed => "Recovery code used",
            AuditKind::PasskeyAdded => "Passkey added",
            AuditKind::PasskeyRemoved => "Passkey removed",
            AuditKind::PasskeySuspect => "Passkey refused: it may have been copied",
            AuditKind::EmailCodeSent => "Login code sent by email",
            AuditKind::EmailCodeUnknown => "Login code asked for an address with no account",
            AuditKind::EmailProven => {
                "Email address proven for the first time; the earlier password and phone were removed"
            }
            AuditKind::IdentityLinked => "Sign-in method connected",
            AuditKind::IdentityUnlinked => "Sign-in method disconnected",
            AuditKind::BrandingChanged => "Brand changed",
        }
    }
}
