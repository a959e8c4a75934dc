//! Recovery codes: ten single-use codes shown once when an authenticator is added (and again
//! whenever the person asks for a new set, which voids the old one). They stand in for the
//! authenticator when the phone is lost; each use is audited and emailed.

use rand::Rng;
use uuid::Uuid;

use crate::auth::sessions::Freshness;
use crate::auth::types::RecoveryCode;
use crate::auth::{Auth, Error, RequestMeta, Result};
use crate::notify::templates::FactorChange;

pub const RECOVERY_CODES: usize = 10;

/// Ten fresh codes from the system's random source.
pub(super) fn new_recovery_codes() -> Vec<RecoveryCode> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let code: String = (0..RecoveryCode::CHARS)
                .map(|_| {
                    let i = rng.gen_range(0..RecoveryCode::ALPHABET.len());
                    char::from(RecoveryCode::ALPHABET[i])
                })
                .collect();
            RecoveryCode::from_generated(code)
        })
        .collect()
}

impl Auth {
    /// A new set of ten codes; the old set stops working. Needs an authenticator, and a
    /// second factor from the last 10 minutes.
    pub async fn regenerate_recovery_codes(
        &self,
        user_id: Uuid,
        freshness: Freshness,
    ) -> Result<Vec<RecoveryCode>> {
        if !self.factors(user_id).await?.totp {
            return Err(Error::TotpNotEnabled);
        }
        self.require_second_factor(user_id, freshness.second_factor_at)
            .await?;
        let codes = new_recovery_codes();
        let hashes: Vec<Vec<u8>> = codes
            .iter()
            .map(|c| self.codes.recovery_hash(user_id, c))
            .collect();
        self.store
            .replace_recovery_codes(user_id, &hashes, self.clock.now())
            .await?;
        Ok(codes)
    }

    /// Uses up `code` if it is one of the user's unused ones; the owner gets a notice.
    pub(super) async fn use_recovery_code(
        &self,
        user_id: Uuid,
        code: &RecoveryCode,
        meta: &RequestMeta,
    ) -> Result<bool> {
        let record = self.user_record(user_id).await?;
        let (notice, audit) = self.factor_change(&record, FactorChange::RecoveryCodeUsed, meta);
        let used = self
            .store
            .use_recovery_code(
                user_id,
                &self.codes.recovery_hash(user_id, code),
                self.clock.now(),
                &notice,
                &audit,
            )
            .await?;
        if used {
            self.outbox.wake();
        }
        Ok(used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_distinct_codes_that_parse_back_as_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().map(|c| c.expose()).collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        for code in &codes {
            let shown = code.display();
            assert_eq!(shown.len(), 11);
            assert_eq!(RecoveryCode::parse(&shown).unwrap().expose(), code.expose());
            let shouted = shown.to_uppercase().replace('-', " ");
            assert_eq!(
                RecoveryCode::parse(&shouted).unwrap().expose(),
                code.expose()
            );
        }
    }

    #[test]
    fn look_alikes_and_wrong_lengths_are_not_codes() {
        assert!(RecoveryCode::parse("abcde-fghjk").is_ok());
        assert!(
            RecoveryCode::parse("abcde-fghj0").is_err(),
            "zero is not in the alphabet"
        );
        assert!(RecoveryCode::parse("abcde-fghjkm").is_err());
        assert!(RecoveryCode::parse("abcde").is_err());
        assert_eq!(RecoveryCode::parse(" ").unwrap_err(), "is required");
    }
}
