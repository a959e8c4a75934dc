//! What a credential change ends, carried out inside the change's own transaction. Which change
//! ends what is decided in one table in the domain (`auth::credentials`); this runs it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AuditEntry, Result, Store};

/// How far an ending reaches among a user's sessions, or among what apps got through them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reach {
    #[default]
    Nothing,
    /// Every one but the session making the change (and what apps got through that one).
    Others,
    All,
}

/// Everything a credential change can end for one user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ends {
    /// Browser sessions and bearer tokens.
    pub sessions: Reach,
    /// OAuth grants with their refresh and access tokens, and authorization codes not yet
    /// exchanged.
    pub grants: Reach,
    /// Live one-time codes, the pending email and phone changes among them.
    pub codes: bool,
    pub reset_links: bool,
    /// Logins waiting for their second step, and passkeys half added.
    pub pending_steps: bool,
}

pub(super) const GRANTS_OF_USER: &str = "DELETE FROM oauth_grants WHERE user_id = $1";

/// Before the user's other sessions are deleted: what apps got through them ends too.
pub(super) const GRANTS_OF_OTHER_SESSIONS: &str = "DELETE FROM oauth_grants WHERE user_id = $1 \
    AND session_id NOT IN (SELECT public_id FROM sessions WHERE id_hash = $2)";

pub(super) const AUTH_CODES_OF_USER: &str = "DELETE FROM oauth_codes WHERE user_id = $1";

pub(super) const AUTH_CODES_OF_OTHER_SESSIONS: &str = "DELETE FROM oauth_codes WHERE user_id = $1 \
    AND session_id NOT IN (SELECT public_id FROM sessions WHERE id_hash = $2)";

pub(super) const SESSIONS_OF_USER: &str = "DELETE FROM sessions WHERE user_id = $1";

pub(super) const OTHER_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2";

pub(super) const VOID_CODES: &str =
    "UPDATE one_time_codes SET consumed_at = $2 WHERE user_id = $1 AND consumed_at IS NULL";

pub(super) const RESET_LINKS: &str = "DELETE FROM password_reset_tokens WHERE user_id = $1";

pub(super) const LOGIN_CHALLENGES: &str = "DELETE FROM login_challenges WHERE user_id = $1";

pub(super) const CEREMONIES: &str = "DELETE FROM webauthn_ceremonies WHERE user_id = $1";

/// Ends what `$ends` names for `$user_id` inside the open transaction `$tx`, keeping the
/// session whose token hash is `$keep` where the reach is `Others`. Evaluates to the number of
/// sessions ended; a failed statement returns from the caller with `?`.
macro_rules! end_for_change {
    ($tx:ident, $user_id:expr, $keep:expr, $ends:expr, $now:expr) => {{
        use $crate::store::credentials as c;
        let ends: c::Ends = $ends;
        let user_id: ::uuid::Uuid = $user_id;
        let keep: &[u8] = $keep;
        // Grants and codes first: the `Others` statements find the kept session's public id.
        for (reach, all, others) in [
            (ends.grants, c::GRANTS_OF_USER, c::GRANTS_OF_OTHER_SESSIONS),
            (
                ends.grants,
                c::AUTH_CODES_OF_USER,
                c::AUTH_CODES_OF_OTHER_SESSIONS,
            ),
        ] {
            match reach {
                c::Reach::Nothing => {}
                c::Reach::All => {
                    sqlx::query(all).bind(user_id).execute(&mut *$tx).await?;
                }
                c::Reach::Others => {
                    sqlx::query(others)
                        .bind(user_id)
                        .bind(keep)
                        .execute(&mut *$tx)
                        .await?;
                }
            }
        }
        let ended = match ends.sessions {
            c::Reach::Nothing => 0,
            c::Reach::All => sqlx::query(c::SESSIONS_OF_USER)
                .bind(user_id)
                .execute(&mut *$tx)
                .await?
                .rows_affected(),
            c::Reach::Others => sqlx::query(c::OTHER_SESSIONS)
                .bind(user_id)
                .bind(keep)
                .execute(&mut *$tx)
                .await?
                .rows_affected(),
        };
        if ends.codes {
            sqlx::query(c::VOID_CODES)
                .bind(user_id)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
        }
        if ends.reset_links {
            sqlx::query(c::RESET_LINKS)
                .bind(user_id)
                .execute(&mut *$tx)
                .await?;
        }
        if ends.pending_steps {
            for sql in [c::LOGIN_CHALLENGES, c::CEREMONIES] {
                sqlx::query(sql).bind(user_id).execute(&mut *$tx).await?;
            }
        }
        ended
    }};
}

impl Store {
    /// Ends what `ends` names for the user (all but the session `keep` where it reaches
    /// `Others`), with `audit`; returns the number of sessions ended. For the changes that are
    /// nothing but an ending: "log out everywhere else", an admin ending a user's sessions.
    pub async fn end_for_change(
        &self,
        user_id: Uuid,
        keep: &[u8],
        ends: Ends,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> Result<u64> {
        let ended = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let ended = end_for_change!(tx, user_id, keep, ends, now);
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(ended)
        })?;
        Ok(ended)
    }
}
