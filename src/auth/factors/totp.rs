//! TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step either side) with
//! `totp-rs`. The secret is made here, shown once as a QR code and as text, and stored sealed
//! under `LATCH_SECRET`; enrolment ends with a first code. A code is accepted once: the newest
//! step used is stored, and no step up to it is accepted again.

use totp_rs::{Algorithm, Builder, Totp};
use uuid::Uuid;

use super::recovery::new_recovery_codes;
use crate::auth::credentials::CredentialChange;
use crate::auth::sealing::Sealer;
use crate::auth::sessions::Freshness;
use crate::auth::types::{Code, Email, PasswordAttempt, RecoveryCode};
use crate::auth::{Auth, Error, RequestMeta, Result};
use crate::notify::templates::FactorChange;
use crate::store::TotpConfirmation;

pub const DIGITS: u8 = 6;
pub const STEP_SECONDS: u64 = 30;
/// Steps either side of now that are accepted: the phone's clock may be a little off.
pub const SKEW: u16 = 1;
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
const ISSUER: &str = "Latch";

/// What a person needs to add Latch to their authenticator app.
#[derive(Clone, Debug)]
pub struct Enrolment {
    /// Base32, for typing in by hand.
    pub secret: String,
    pub otpauth_uri: String,
    /// The URI as a QR code, an SVG drawn here (no script, no external image).
    pub qr_svg: String,
}

/// The authenticator of `secret`, named for `account` in the app's list.
fn authenticator(secret: &[u8], account: &str) -> std::result::Result<Totp, String> {
    // `:` separates issuer and account in the URI; an address with one is shown without it.
    let account = account.replace(':', "");
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_skew(SKEW)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec())
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|e| e.to_string())
}

/// The step `code` matches at `unix_time`, within the skew.
fn matching_step(secret: &[u8], code: &Code, unix_time: u64) -> Option<i64> {
    let totp = authenticator(secret, "").ok()?;
    totp.check(code.expose(), unix_time)
        .and_then(|step| i64::try_from(step).ok())
}

fn enrolment(secret: &[u8], account: &str) -> Result<Enrolment> {
    let totp = authenticator(secret, account).map_err(Error::internal)?;
    let otpauth_uri = totp.to_url().map_err(Error::internal)?;
    Ok(Enrolment {
        secret: totp.secret().to_base32(),
        qr_svg: qr_svg(&otpauth_uri).map_err(Error::internal)?,
        otpauth_uri,
    })
}

fn qr_svg(uri: &str) -> std::result::Result<String, String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|e| e.to_string())?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in a page: no XML declaration.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    })
}

/// Seals TOTP secrets, bound to their user.
pub(crate) fn sealer(secret: &[u8]) -> Sealer {
    Sealer::new(secret, b"latch totp seal v1")
}

impl Auth {
    fn unix_now(&self) -> u64 {
        u64::try_from(self.clock.now().timestamp()).unwrap_or(0)
    }

    /// Starts adding an authenticator: a new secret, pending until [`Auth::confirm_totp`].
    /// Starting again replaces a pending secret; an account that has one confirmed must turn
    /// it off first. Like a change of email, this needs a login in the last 10 minutes or the
    /// current password: someone who found a logged-in browser must not lock its owner out.
    pub async fn begin_totp(
        &self,
        user_id: Uuid,
        authenticated_at: Option<chrono::DateTime<chrono::Utc>>,
        current_password: Option<&PasswordAttempt>,
    ) -> Result<Enrolment> {
        let record = self.user_record(user_id).await?;
        self.check_recent_or_password(&record, authenticated_at, current_password)
            .await?;
        let mut secret = [0u8; SECRET_BYTES];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
        let enrolment = enrolment(&secret, record.email.as_str())?;
        let sealed = self.totp_sealer.seal(&user_id.to_string(), &secret)?;
        if !self
            .store
            .begin_totp(user_id, &sealed, self.clock.now())
            .await?
        {
            return Err(Error::TotpAlreadyEnabled);
        }
        Ok(enrolment)
    }

    /// The enrolment waiting for its first code, shown again (the account page shows it until
    /// it is confirmed or started over).
    pub async fn pending_totp(&self, user_id: Uuid, email: &str) -> Result<Option<Enrolment>> {
        let Some(pending) = self
            .store
            .totp_factor(user_id)
            .await?
            .filter(|t| t.confirmed_at.is_none())
        else {
            return Ok(None);
        };
        let secret = self.open_totp_secret(user_id, &pending.secret)?;
        enrolment(&secret, email).map(Some)
    }

    /// Finishes enrolment with a first code from the app: the authenticator is on, and the
    /// ten recovery codes come back (shown once; only their hashes are kept). Wrong codes count
    /// like other codes (10 an hour).
    pub async fn confirm_totp(
        &self,
        user_id: Uuid,
        code: &Code,
        meta: &RequestMeta,
    ) -> Result<Vec<RecoveryCode>> {
        let record = self.user_record(user_id).await?;
        let pending = self
            .store
            .totp_factor(user_id)
            .await?
            .filter(|t| t.confirmed_at.is_none())
            .ok_or(Error::TotpNotStarted)?;
        let secret = self.open_totp_secret(user_id, &pending.secret)?;
        let now = self.unix_now();
        let step = self
            .under_code_limits(user_id, meta, async {
                Ok(matching_step(&secret, code, now))
            })
            .await?;
        let codes = new_recovery_codes();
        let hashes: Vec<Vec<u8>> = codes
            .iter()
            .map(|c| self.codes.recovery_hash(user_id, c))
            .collect();
        let (notice, audit) = self.factor_change(&record, FactorChange::TotpEnabled, meta);
        let confirmed = self
            .store
            .confirm_totp(
                &TotpConfirmation {
                    user_id,
                    secret: &pending.secret,
                    step,
                    recovery_hashes: &hashes,
                    now: self.clock.now(),
                },
                &notice,
                &audit,
            )
            .await?;
        if !confirmed {
            // Another enrolment replaced this secret, or confirmed it, meanwhile.
            return Err(Error::TotpNotStarted);
        }
        self.outbox.wake();
        Ok(codes)
    }

    /// Turns the authenticator off, with its recovery codes: needs a second factor from the
    /// last 10 minutes.
    pub async fn disable_totp(
        &self,
        user_id: Uuid,
        freshness: Freshness,
        meta: &RequestMeta,
    ) -> Result<()> {
        self.require_second_factor(user_id, freshness.second_factor_at)
            .await?;
        let record = self.user_record(user_id).await?;
        let (notice, audit) = self.factor_change(&record, FactorChange::TotpDisabled, meta);
        let ends = CredentialChange::SecondFactorRemoved.ends();
        let now = self.clock.now();
        if !self
            .store
            .remove_totp(user_id, ends, now, &notice, &audit)
            .await?
        {
            return Err(Error::TotpNotEnabled);
        }
        self.outbox.wake();
        Ok(())
    }

    /// The operator's way back in for someone who lost both their phone and their recovery
    /// codes (`latch admin two-step-off EMAIL`): the authenticator and its codes go, audited
    /// as done from the command line, and the owner is told. `None`: no such account;
    /// `Some(false)`: it had no authenticator.
    pub async fn turn_off_two_step_for(&self, email: &Email) -> Result<Option<bool>> {
        let Some(record) = self.store.find_user_by_email(email.as_str()).await? else {
            return Ok(None);
        };
        let (notice, mut audit) =
            self.factor_change(&record, FactorChange::TotpDisabled, &RequestMeta::default());
        audit.detail = Some(serde_json::json!({"by": "command line"}).to_string());
        let ends = CredentialChange::SecondFactorReset.ends();
        let now = self.clock.now();
        let removed = self
            .store
            .remove_totp(record.id, ends, now, &notice, &audit)
            .await?;
        Ok(Some(removed))
    }

    /// Accepts `code` once for a confirmed authenticator.
    pub(super) async fn use_totp(&self, user_id: Uuid, code: &Code) -> Result<bool> {
        let Some(factor) = self
            .store
            .totp_factor(user_id)
            .await?
            .filter(|t| t.confirmed_at.is_some())
        else {
            return Ok(false);
        };
        let secret = self.open_totp_secret(user_id, &factor.secret)?;
        let Some(step) = matching_step(&secret, code, self.unix_now()) else {
            return Ok(false);
        };
        Ok(self.store.accept_totp_step(user_id, step).await?)
    }

    fn open_totp_secret(&self, user_id: Uuid, sealed: &[u8]) -> Result<Vec<u8>> {
        self.totp_sealer
            .open(&user_id.to_string(), sealed)
            .ok_or_else(|| {
                Error::internal("a TOTP secret does not open: was LATCH_SECRET changed?")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret, "12345678901234567890".
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    fn code(digits: &str) -> Code {
        Code::parse(digits).unwrap()
    }

    #[test]
    fn the_rfc_6238_test_vectors_match_their_step() {
        // Appendix B lists 8 digits; the 6-digit code is its last six.
        for (time, eight) in [
            (59_u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            let six = &eight[2..];
            assert_eq!(
                matching_step(RFC_SECRET, &code(six), time),
                Some((time / STEP_SECONDS) as i64),
                "at {time}"
            );
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_no_further() {
        let totp = authenticator(RFC_SECRET, "").unwrap();
        let now = 1_700_000_000_u64;
        let this_step = now / STEP_SECONDS;
        for offset in [-1_i64, 0, 1] {
            let at = ((this_step as i64 + offset) as u64) * STEP_SECONDS;
            let generated = totp.generate(at).to_string();
            assert_eq!(
                matching_step(RFC_SECRET, &code(&generated), now),
                Some(this_step as i64 + offset),
                "offset {offset}"
            );
        }
        for offset in [-3_i64, -2, 2, 3] {
            let at = ((this_step as i64 + offset) as u64) * STEP_SECONDS;
            let generated = totp.generate(at).to_string();
            assert_eq!(
                matching_step(RFC_SECRET, &code(&generated), now),
                None,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn the_uri_names_latch_and_the_account_and_the_qr_code_is_inline_svg() {
        let totp = authenticator(RFC_SECRET, "ada@example.com").unwrap();
        let uri = totp.to_url().unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Latch:ada%40example.com?"),
            "{uri}"
        );
        assert!(
            uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Latch"), "{uri}");
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(!svg.contains("<script"));
        assert!(authenticator(RFC_SECRET, "odd:name@example.com").is_ok());
    }
}
