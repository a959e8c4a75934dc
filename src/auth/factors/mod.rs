//! Second factors: a TOTP authenticator (RFC 6238) with ten single-use recovery codes. An
//! account that has one stops every password or SMS-code login at a second step
//! (`login.rs`), and its sensitive changes need a second factor from the last 10 minutes
//! (step-up, [`Auth::require_second_factor`]).

pub mod login;
pub mod passkeys;
pub mod recovery;
pub mod totp;

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::rate_limit::{CODE_CHECKS_PER_IP, CODE_FAILURES_PER_USER};
use super::types::{Code, FieldErrors, RecoveryCode};
use super::{AuditKind, Auth, Error, RequestMeta, Result, earlier, ip_subject, later, limits};
use crate::notify::templates::{self, FactorChange};
use crate::store::{AuditEntry, Channel, FactorSummary, NewMessage, UserRecord};

/// A second factor from this long ago still counts for a sensitive change.
pub const STEP_UP_WINDOW: Duration = Duration::from_secs(10 * 60);

string_enum! {
    /// The ways to finish a login's second step.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum SecondFactorMethod {
        Totp = "totp",
        RecoveryCode = "recovery_code",
        /// Not a second step itself: a passkey login needs none, so the client starts one.
        Passkey = "passkey",
    }
}

/// What the person typed as their second factor.
#[derive(Debug)]
pub enum FactorCode {
    Totp(Code),
    Recovery(RecoveryCode),
}

impl FactorCode {
    /// `method` is `totp` or `recovery_code`; errors name the field at fault.
    pub fn parse(method: &str, code: &str) -> Result<Self> {
        let parsed = match method {
            "totp" => Code::parse(code)
                .map(FactorCode::Totp)
                .map_err(|m| ("code", m)),
            "recovery_code" => RecoveryCode::parse(code)
                .map(FactorCode::Recovery)
                .map_err(|m| ("code", m)),
            "" => Err(("method", "is required".into())),
            _ => Err(("method", "must be totp or recovery_code".into())),
        };
        parsed.map_err(|(name, message)| Error::Validation(FieldErrors::single(name, message)))
    }

    pub fn method(&self) -> SecondFactorMethod {
        match self {
            FactorCode::Totp(_) => SecondFactorMethod::Totp,
            FactorCode::Recovery(_) => SecondFactorMethod::RecoveryCode,
        }
    }
}

/// What an account has beyond its first factor, as its owner sees it.
pub type Factors = FactorSummary;

impl Auth {
    pub async fn factors(&self, user_id: Uuid) -> Result<Factors> {
        Ok(self.store.factor_summary(user_id).await?)
    }

    /// Refuses a sensitive change (turning a factor off, a new email, phone or password) when
    /// the account has a second factor and this session has not shown one in the last 10
    /// minutes (`second_factor_at`, the session's).
    pub async fn require_second_factor(
        &self,
        user_id: Uuid,
        second_factor_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        if self.second_factor_is_recent(second_factor_at) {
            return Ok(());
        }
        if self.factors(user_id).await?.totp {
            return Err(Error::SecondFactorRequired);
        }
        Ok(())
    }

    /// Whether a second factor shown at `at` still counts for a sensitive change.
    pub fn second_factor_is_recent(&self, at: Option<DateTime<Utc>>) -> bool {
        let window_start = earlier(self.clock.now(), STEP_UP_WINDOW);
        at.is_some_and(|at| at > window_start)
    }

    /// Step-up: checks a second factor for a logged-in user, who then counts as having shown
    /// one now. The HTTP layer records that on the session.
    pub async fn step_up(
        &self,
        user_id: Uuid,
        code: &FactorCode,
        meta: &RequestMeta,
    ) -> Result<SecondFactorMethod> {
        if !self.factors(user_id).await?.totp {
            return Err(Error::TotpNotEnabled);
        }
        self.check_second_factor(user_id, code, meta).await
    }

    /// One check of a second factor.
    pub(super) async fn check_second_factor(
        &self,
        user_id: Uuid,
        code: &FactorCode,
        meta: &RequestMeta,
    ) -> Result<SecondFactorMethod> {
        self.under_code_limits(user_id, meta, async {
            let accepted = match code {
                FactorCode::Totp(code) => self.use_totp(user_id, code).await?,
                FactorCode::Recovery(code) => self.use_recovery_code(user_id, code, meta).await?,
            };
            Ok(accepted.then_some(code.method()))
        })
        .await
    }

    /// Runs `check` of a code the person typed under the code limits: 60 checks per address
    /// per 15 minutes, and 10 failures per user an hour whichever factor (the attempt is
    /// reserved before the check, so parallel guesses cannot slip past; a success gives it
    /// back). `None` from the check is a wrong code.
    async fn under_code_limits<T>(
        &self,
        user_id: Uuid,
        meta: &RequestMeta,
        check: impl Future<Output = Result<Option<T>>>,
    ) -> Result<T> {
        self.hit(CODE_CHECKS_PER_IP, &ip_subject(meta)).await?;
        let subject = format!("second_factor:{user_id}");
        self.hit(CODE_FAILURES_PER_USER, &subject).await?;
        let Some(checked) = check.await? else {
            return Err(Error::InvalidCode);
        };
        self.refund(CODE_FAILURES_PER_USER, &subject).await?;
        Ok(checked)
    }

    /// The notice to the account's address and the audit entry of a change to its factors,
    /// written by the store in the change's own transaction.
    fn factor_change(
        &self,
        record: &UserRecord,
        change: FactorChange,
        meta: &RequestMeta,
    ) -> (NewMessage, AuditEntry) {
        let kind = match change {
            FactorChange::TotpEnabled => AuditKind::TotpEnabled,
            FactorChange::TotpDisabled => AuditKind::TotpDisabled,
            FactorChange::RecoveryCodeUsed => AuditKind::RecoveryCodeUsed,
            FactorChange::PasskeyAdded => AuditKind::PasskeyAdded,
            FactorChange::PasskeyRemoved => AuditKind::PasskeyRemoved,
        };
        let brand = self.brand_now();
        let voice = brand.voice(record.locale.as_deref());
        let content = templates::factor_notice(voice, &record.first_name, change);
        let now = self.clock.now();
        let notice = NewMessage {
            channel: Channel::Email,
            destination: record.email.to_string(),
            subject: content.subject,
            body: content.body,
            created_at: now,
            expires_at: later(now, limits::EMAIL_CODE_LIFETIME),
        };
        (notice, self.audit(record.id, kind, meta))
    }
}
