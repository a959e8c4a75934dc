//! Second factors: a TOTP authenticator per user, its recovery codes, and the login challenges
//! that wait for one. Every use of a code is a guarded `UPDATE … RETURNING`, so two requests
//! carrying the same code cannot both get through.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, Ends, NewMessage, Result, Store};

/// A user's authenticator as stored: the sealed secret, and whether enrolment finished.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TotpRecord {
    pub secret: Vec<u8>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: Option<i64>,
}

/// What protects an account beyond its first factor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FactorSummary {
    pub totp: bool,
    pub recovery_codes_left: i64,
    pub passkeys: i64,
}

/// A waiting login: whose, and what it proved already (`pwd`, `otp`).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ChallengeRecord {
    pub user_id: Uuid,
    pub first_factor: String,
}

/// An enrolment's confirmation: the secret its first code matched, at `step`, and the hashes
/// of the recovery codes that come with it.
pub struct TotpConfirmation<'a> {
    pub user_id: Uuid,
    pub secret: &'a [u8],
    pub step: i64,
    pub recovery_hashes: &'a [Vec<u8>],
    pub now: DateTime<Utc>,
}

/// Starts (or starts again) an enrolment; an authenticator already confirmed stays.
const BEGIN_TOTP: &str = "INSERT INTO totp_factors (user_id, secret, confirmed_at, last_step, created_at) \
    VALUES ($1, $2, NULL, NULL, $3) \
    ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at \
    WHERE totp_factors.confirmed_at IS NULL \
    RETURNING user_id";

const SELECT_TOTP: &str =
    "SELECT secret, confirmed_at, last_step FROM totp_factors WHERE user_id = $1";

/// Confirms the very secret the code was checked against: a second enrolment started in
/// another tab meanwhile makes this one fail rather than confirm a secret nobody scanned.
const CONFIRM_TOTP: &str = "UPDATE totp_factors SET confirmed_at = $3, last_step = $4 \
    WHERE user_id = $1 AND secret = $2 AND confirmed_at IS NULL RETURNING user_id";

/// A step is accepted once, and never one older than the newest accepted.
const ACCEPT_STEP: &str = "UPDATE totp_factors SET last_step = $2 \
    WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $2) \
    RETURNING user_id";

const DELETE_TOTP: &str =
    "DELETE FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL RETURNING user_id";

const DELETE_RECOVERY_CODES: &str = "DELETE FROM recovery_codes WHERE user_id = $1";

const INSERT_RECOVERY_CODE: &str = "INSERT INTO recovery_codes (user_id, code_hash, used_at, created_at) VALUES ($1, $2, NULL, $3)";

const USE_RECOVERY_CODE: &str = "UPDATE recovery_codes SET used_at = $3 \
    WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id";

const SUMMARY: &str = "SELECT \
    (SELECT COUNT(*) FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL), \
    (SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL), \
    (SELECT COUNT(*) FROM passkeys WHERE user_id = $1)";

const INSERT_CHALLENGE: &str = "INSERT INTO login_challenges \
    (token_hash, user_id, first_factor, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)";

const SELECT_CHALLENGE: &str = "SELECT user_id, first_factor FROM login_challenges \
    WHERE token_hash = $1 AND expires_at > $2";

const TAKE_CHALLENGE: &str = "DELETE FROM login_challenges \
    WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id, first_factor";

const DELETE_EXPIRED_CHALLENGES: &str = "DELETE FROM login_challenges WHERE token_hash IN \
     (SELECT token_hash FROM login_challenges WHERE expires_at <= $1 LIMIT $2)";

/// Replaces the user's recovery codes inside a transaction.
macro_rules! replace_recovery_codes {
    ($tx:expr, $user_id:expr, $hashes:expr, $now:expr) => {{
        sqlx::query(DELETE_RECOVERY_CODES)
            .bind($user_id)
            .execute(&mut *$tx)
            .await?;
        for hash in $hashes {
            sqlx::query(INSERT_RECOVERY_CODE)
                .bind($user_id)
                .bind(hash)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

impl Store {
    /// Stores a new, unconfirmed secret. `false` when the user has a confirmed authenticator.
    pub async fn begin_totp(
        &self,
        user_id: Uuid,
        secret: &[u8],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let started: Option<(Uuid,)> = on_pool!(self, |pool| sqlx::query_as(BEGIN_TOTP)
            .bind(user_id)
            .bind(secret)
            .bind(now)
            .fetch_optional(pool)
            .await)?;
        Ok(started.is_some())
    }

    pub async fn totp_factor(&self, user_id: Uuid) -> Result<Option<TotpRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(SELECT_TOTP)
            .bind(user_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Confirms the enrolment of `secret` with the step its first code matched, stores the
    /// recovery codes (replacing any), and queues the notice and audit, together. `false` when
    /// the secret changed or was confirmed meanwhile.
    pub async fn confirm_totp(
        &self,
        confirmation: &TotpConfirmation<'_>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let TotpConfirmation {
            user_id,
            secret,
            step,
            recovery_hashes,
            now,
        } = *confirmation;
        let confirmed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let confirmed: Option<(Uuid,)> = sqlx::query_as(CONFIRM_TOTP)
                .bind(user_id)
                .bind(secret)
                .bind(now)
                .bind(step)
                .fetch_optional(&mut *tx)
                .await?;
            if confirmed.is_some() {
                replace_recovery_codes!(tx, user_id, recovery_hashes, now);
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            confirmed.is_some()
        });
        Ok(confirmed)
    }

    /// Records `step` as used. `false` when it (or a later one) was used already.
    pub async fn accept_totp_step(&self, user_id: Uuid, step: i64) -> Result<bool> {
        let accepted: Option<(Uuid,)> = on_pool!(self, |pool| sqlx::query_as(ACCEPT_STEP)
            .bind(user_id)
            .bind(step)
            .fetch_optional(pool)
            .await)?;
        Ok(accepted.is_some())
    }

    /// Removes the authenticator and its recovery codes and ends what `ends` names, with the
    /// notice and audit. `false` when there was none.
    pub async fn remove_totp(
        &self,
        user_id: Uuid,
        ends: Ends,
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let removed = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let removed: Option<(Uuid,)> = sqlx::query_as(DELETE_TOTP)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if removed.is_some() {
                sqlx::query(DELETE_RECOVERY_CODES)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                end_for_change!(tx, user_id, &[], ends, now);
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            removed.is_some()
        });
        Ok(removed)
    }

    /// A new set of recovery codes; the old set stops working in the same transaction.
    pub async fn replace_recovery_codes(
        &self,
        user_id: Uuid,
        recovery_hashes: &[Vec<u8>],
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            replace_recovery_codes!(tx, user_id, recovery_hashes, now);
            tx.commit().await?;
        });
        Ok(())
    }

    /// Uses up the recovery code with `hash`, with the notice and audit. `false` when there is
    /// no such unused code.
    pub async fn use_recovery_code(
        &self,
        user_id: Uuid,
        hash: &[u8],
        now: DateTime<Utc>,
        notice: &NewMessage,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let used = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used: Option<(Uuid,)> = sqlx::query_as(USE_RECOVERY_CODE)
                .bind(user_id)
                .bind(hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if used.is_some() {
                insert_outbox!(&mut *tx, notice)?;
                insert_audit!(&mut *tx, audit)?;
            }
            tx.commit().await?;
            used.is_some()
        });
        Ok(used)
    }

    pub async fn factor_summary(&self, user_id: Uuid) -> Result<FactorSummary> {
        let (totp, left, passkeys): (i64, i64, i64) =
            on_pool!(self, |pool| sqlx::query_as(SUMMARY)
                .bind(user_id)
                .fetch_one(pool)
                .await)?;
        Ok(FactorSummary {
            totp: totp > 0,
            recovery_codes_left: left,
            passkeys,
        })
    }

    pub async fn insert_login_challenge(
        &self,
        token_hash: &[u8],
        challenge: &ChallengeRecord,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        on_pool!(self, |pool| sqlx::query(INSERT_CHALLENGE)
            .bind(token_hash)
            .bind(challenge.user_id)
            .bind(&challenge.first_factor)
            .bind(expires_at)
            .bind(now)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// The live challenge behind `token_hash`, left in place.
    pub async fn login_challenge(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<ChallengeRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(SELECT_CHALLENGE)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    /// Uses up the live challenge behind `token_hash`: `None` when another request took it.
    pub async fn take_login_challenge(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<ChallengeRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(TAKE_CHALLENGE)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    /// Deletes up to `batch` challenges past their expiry.
    pub async fn delete_expired_login_challenges(
        &self,
        now: DateTime<Utc>,
        batch: i64,
    ) -> Result<u64> {
        self.delete_batch(DELETE_EXPIRED_CHALLENGES, now, batch)
            .await
    }
}
