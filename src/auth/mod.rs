//! The identity domain: registration, verification codes and (later) logins, sessions and roles.
//! It takes parsed types, returns domain results and one `Error`, and knows nothing of HTTP,
//! Leptos or SQL dialects. The JSON API and the pages are two doors into the same calls here.

pub mod account;
pub mod admin;
pub mod codes;
pub mod commands;
pub mod credentials;
pub mod factors;
mod hashing;
pub mod login;
pub mod oidc;
pub mod password_reset;
pub mod passwords;
pub mod rate_limit;
pub mod register;
pub mod return_to;
pub mod sealing;
pub mod sessions;
pub mod types;
pub mod verify_email;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::notify::outbox::OutboxSignal;
use crate::store::{self, AuditEntry, Store, UserRecord};
// Kept here too so `auth::clock::…` paths read as before; the clock itself belongs to no layer.
pub use crate::clock::{self, Clock, SystemClock, earlier, later};
pub use account::{AuditEvent, Contact};
pub use commands::{
    CodeLogin, EmailVerification, PasswordChange, PasswordLogin, PasswordReset, ProfileUpdate,
    SecondFactorLogin, field,
};
pub use factors::login::{Challenge, LoginProof, LoginStep};
pub use factors::{FactorCode, Factors, SecondFactorMethod};
pub use rate_limit::ip_subject;
pub use register::Registration;
pub use sessions::{LoginMethod, SessionInfo};
pub use types::{
    ChallengeToken, Code, Email, FieldErrors, Identifier, Name, NewPassword, PasswordAttempt,
    Phone, RecoveryCode, ResetToken, Role,
};

/// Everything that can go wrong in a flow, in the domain's words.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("this email address is already registered")]
    EmailTaken,
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
    #[error("internal error: {0}")]
    Internal(String),
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
            other => Error::Internal(other.to_string()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// 256 random bits, URL-safe: reset links, authorization codes, refresh tokens, client
/// secrets, the generated server secret.
pub(crate) fn random_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Where a request came from, for the audit log. Filled in by the HTTP layer.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: Option<String>,
}

/// The kinds of audit event (docs/DESIGN.md). The string is what is stored; the words are
/// what the user reads in their account's activity list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditKind {
    Registered,
    EmailVerified,
    LoginSucceeded,
    LoginFailed,
    OtpSent,
    SessionRevoked,
    PasswordResetRequested,
    PasswordChanged,
    EmailChanged,
    PhoneChanged,
    RolesChanged,
    AccountDisabled,
    AccountEnabled,
    SessionsEnded,
    VerificationResent,
    ClientAdded,
    ClientRemoved,
    TotpEnabled,
    TotpDisabled,
    RecoveryCodeUsed,
    PasskeyAdded,
    PasskeyRemoved,
    /// A passkey login refused because its signature counter went backwards: a copy of it.
    PasskeySuspect,
}

impl AuditKind {
    pub const ALL: [AuditKind; 23] = [
        AuditKind::Registered,
        AuditKind::EmailVerified,
        AuditKind::LoginSucceeded,
        AuditKind::LoginFailed,
        AuditKind::OtpSent,
        AuditKind::SessionRevoked,
        AuditKind::PasswordResetRequested,
        AuditKind::PasswordChanged,
        AuditKind::EmailChanged,
        AuditKind::PhoneChanged,
        AuditKind::RolesChanged,
        AuditKind::AccountDisabled,
        AuditKind::AccountEnabled,
        AuditKind::SessionsEnded,
        AuditKind::VerificationResent,
        AuditKind::ClientAdded,
        AuditKind::ClientRemoved,
        AuditKind::TotpEnabled,
        AuditKind::TotpDisabled,
        AuditKind::RecoveryCodeUsed,
        AuditKind::PasskeyAdded,
        AuditKind::PasskeyRemoved,
        AuditKind::PasskeySuspect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Registered => "registered",
            AuditKind::EmailVerified => "email_verified",
            AuditKind::LoginSucceeded => "login_succeeded",
            AuditKind::LoginFailed => "login_failed",
            AuditKind::OtpSent => "otp_sent",
            AuditKind::SessionRevoked => "session_revoked",
            AuditKind::PasswordResetRequested => "password_reset_requested",
            AuditKind::PasswordChanged => "password_changed",
            AuditKind::EmailChanged => "email_changed",
            AuditKind::PhoneChanged => "phone_changed",
            AuditKind::RolesChanged => "roles_changed",
            AuditKind::AccountDisabled => "account_disabled",
            AuditKind::AccountEnabled => "account_enabled",
            AuditKind::SessionsEnded => "sessions_ended",
            AuditKind::VerificationResent => "verification_resent",
            AuditKind::ClientAdded => "client_added",
            AuditKind::ClientRemoved => "client_removed",
            AuditKind::TotpEnabled => "totp_enabled",
            AuditKind::TotpDisabled => "totp_disabled",
            AuditKind::RecoveryCodeUsed => "recovery_code_used",
            AuditKind::PasskeyAdded => "passkey_added",
            AuditKind::PasskeyRemoved => "passkey_removed",
            AuditKind::PasskeySuspect => "passkey_suspect",
        }
    }

    /// The stored string back; `None` for a kind this version does not know.
    pub fn parse(stored: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.as_str() == stored)
    }

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
        }
    }
}

#[cfg(test)]
mod audit_kind_tests {
    use super::AuditKind;

    #[test]
    fn every_kind_reads_back_from_its_stored_string() {
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AuditKind::parse("something_new"), None);
    }
}

/// A user as the outside world sees them (the docs/API.md user object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub roles: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The roles as the session query and the admin search read them (`user,admin`), in the order
/// the user object shows them: `user` first, then descending.
fn roles_from_list(list: Option<String>) -> Vec<String> {
    let mut roles: Vec<String> = list
        .unwrap_or_default()
        .split(',')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    roles.sort_by(|a, b| b.cmp(a));
    roles
}

impl User {
    fn from_record(record: UserRecord, roles: Vec<String>) -> Self {
        User {
            id: record.id,
            first_name: record.first_name,
            last_name: record.last_name,
            email: record.email,
            phone: record.phone,
            email_verified: record.email_verified_at.is_some(),
            phone_verified: record.phone_verified_at.is_some(),
            roles,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

/// The rules with numbers, in one place (docs/DESIGN.md, docs/API.md).
pub mod limits {
    use std::time::Duration;

    pub const EMAIL_CODE_LIFETIME: Duration = Duration::from_secs(15 * 60);
    pub const SMS_CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);
    /// Five wrong tries kill a code: 5 guesses of 10^6 give an attacker a 1 in 200,000 chance.
    pub const CODE_MAX_ATTEMPTS: i32 = 5;
    pub const RESEND_COOLDOWN: Duration = Duration::from_secs(60);
    /// docs/DESIGN.md: idle expiry 7 days, absolute 30 days.
    pub const SESSION_IDLE: Duration = Duration::from_secs(7 * 24 * 3600);
    pub const SESSION_ABSOLUTE: Duration = Duration::from_secs(30 * 24 * 3600);
    /// The sweep deletes this many rows per statement, and pauses this long between them.
    pub const SWEEP_BATCH: i64 = 1_000;
    pub const SWEEP_PAUSE: Duration = Duration::from_millis(5);
    pub const RESET_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);
    /// Changing the email or phone needs a login this recent, or the current password.
    pub const REAUTHENTICATION_WINDOW: Duration = Duration::from_secs(10 * 60);
    /// Last-seen is written at most this often, so a session check is normally a pure read.
    pub const SESSION_TOUCH_EVERY: Duration = Duration::from_secs(60);
    /// An account whose email was never verified is deleted after this long: it holds an
    /// address (and maybe someone else's) that nobody proved.
    pub const UNVERIFIED_ACCOUNT_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);
    /// Audit rows are kept a year by default (`AUDIT_RETENTION_DAYS`).
    pub const AUDIT_RETENTION: Duration = Duration::from_secs(365 * 24 * 3600);
}

/// What the operator may tune: rate-limit maxima, where SMS may go, how long audit rows stay.
#[derive(Clone, Debug)]
pub struct Policy {
    pub limits: rate_limit::Limits,
    /// ISO 3166-1 alpha-2 codes (`US`, `GB`) SMS may go to; empty: every country.
    pub sms_countries: Vec<String>,
    pub audit_retention: Duration,
    /// `LATCH_ADMIN_EMAILS`, lower-cased: these addresses get `admin` once verified.
    pub admin_emails: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            limits: rate_limit::Limits::default(),
            sms_countries: Vec::new(),
            audit_retention: limits::AUDIT_RETENTION,
            admin_emails: Vec::new(),
        }
    }
}

/// The domain services, shared by the API and the pages.
#[derive(Clone)]
pub struct Auth {
    store: Store,
    clock: Arc<dyn Clock>,
    codes: codes::CodeHasher,
    hasher: passwords::PasswordHasher,
    outbox: OutboxSignal,
    /// Where users reach Latch: the base of links in emails.
    public_url: url::Url,
    limits: rate_limit::Limits,
    sms_countries: Arc<[String]>,
    audit_retention: Duration,
    admin_emails: Arc<[String]>,
    signing_keys: oidc::SigningKeys,
    totp_sealer: Arc<sealing::Sealer>,
    /// `None` when `PUBLIC_URL` cannot be a relying party; passkey calls then say so.
    webauthn: Option<Arc<webauthn_rs::Webauthn>>,
}

impl Auth {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        secret: &[u8],
        outbox: OutboxSignal,
        public_url: url::Url,
        policy: Policy,
    ) -> Self {
        Auth {
            signing_keys: oidc::SigningKeys::new(store.clone(), secret),
            totp_sealer: Arc::new(factors::totp::sealer(secret)),
            webauthn: match factors::passkeys::relying_party(&public_url) {
                Ok(webauthn) => Some(Arc::new(webauthn)),
                Err(why) => {
                    tracing::warn!(%why, "passkeys are off: PUBLIC_URL cannot be a WebAuthn relying party");
                    None
                }
            },
            store,
            clock,
            codes: codes::CodeHasher::new(secret),
            hasher: passwords::PasswordHasher::new(),
            outbox,
            public_url,
            limits: policy.limits,
            sms_countries: policy.sms_countries.into(),
            audit_retention: policy.audit_retention,
            admin_emails: policy.admin_emails.into(),
        }
    }

    /// A link to a page of Latch's, under `PUBLIC_URL` including any path prefix
    /// (`https://example.com/auth` → `https://example.com/auth/reset-password`).
    pub(crate) fn link(&self, page: &str, query: &str) -> String {
        let mut link = self.public_url.clone();
        let base = link.path().trim_end_matches('/').to_owned();
        link.set_path(&format!("{base}/{}", page.trim_start_matches('/')));
        link.set_query(Some(query));
        link.into()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The keys tokens are signed with (the JWKS, `latch keys rotate`).
    pub fn signing_keys(&self) -> &oidc::SigningKeys {
        &self.signing_keys
    }

    async fn load_user(&self, record: UserRecord) -> Result<User> {
        let roles = self.store.user_roles(record.id).await?;
        Ok(User::from_record(record, roles))
    }

    fn audit(&self, user_id: Uuid, kind: AuditKind, meta: &RequestMeta) -> AuditEntry {
        AuditEntry {
            user_id: Some(user_id),
            actor_id: None,
            kind: kind.as_str(),
            detail: None,
            ip: meta.ip.map(|ip| ip.to_string()),
            user_agent: meta
                .user_agent
                .as_deref()
                .map(|ua| ua.chars().take(512).collect()),
            at: self.clock.now(),
        }
    }
}

impl Auth {
    /// Deletes expired sessions, ended rate-limit windows, spent codes and reset tokens,
    /// delivery records older than a day, accounts never verified within 7 days, and audit
    /// rows past their retention. Run periodically by the server; returns the rows removed.
    /// Keeps SQLite's write-ahead log bounded; nothing to do on PostgreSQL.
    pub async fn bound_wal(&self) -> Result<()> {
        Ok(self.store.bound_wal().await?)
    }

    pub async fn sweep(&self) -> Result<u64> {
        let now = self.clock.now();
        let day_ago = earlier(now, Duration::from_secs(24 * 3600));
        let unverified_before = earlier(now, limits::UNVERIFIED_ACCOUNT_LIFETIME);
        let audit_before = earlier(now, self.audit_retention);
        let store = &self.store;
        let mut swept = 0;
        swept += in_batches(|n| store.delete_expired_sessions(now, n)).await?;
        swept += in_batches(|n| store.delete_ended_rate_limits(now, n)).await?;
        swept += in_batches(|n| store.delete_spent_codes(now, n)).await?;
        swept += in_batches(|n| store.delete_spent_reset_tokens(now, n)).await?;
        swept += in_batches(|n| store.delete_expired_login_challenges(now, n)).await?;
        swept += in_batches(|n| store.delete_expired_ceremonies(now, n)).await?;
        swept += in_batches(|n| store.delete_delivered_messages(day_ago, n)).await?;
        swept += in_batches(|n| store.delete_unverified_users(unverified_before, n)).await?;
        swept += in_batches(|n| store.delete_audit_before(audit_before, n)).await?;
        swept += self.sweep_oidc(now).await?;
        Ok(swept)
    }
}

/// Runs one of the sweep's deletes `SWEEP_BATCH` rows at a time until a batch comes back short,
/// pausing between batches. One statement over a million expired rows would hold SQLite's only
/// write lock for seconds, and every login and session write would wait behind it; a batch
/// holds it for milliseconds and the pause lets the waiting writers in.
pub(crate) async fn in_batches<F, Fut>(mut delete: F) -> Result<u64>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<u64, crate::store::Error>>,
{
    let mut deleted = 0;
    loop {
        let batch = delete(limits::SWEEP_BATCH).await?;
        deleted += batch;
        if batch < limits::SWEEP_BATCH as u64 {
            return Ok(deleted);
        }
        tokio::time::sleep(limits::SWEEP_PAUSE).await;
    }
}
