//! Sessions as the domain sees them: look one up by its token, list a user's, revoke one.
//! Tokens are stored only as SHA-256 hashes; the cookie or bearer plumbing lives in the
//! HTTP layer (`crate::sessions`).

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AuditKind, Auth, Error, RequestMeta, Result, User, later, limits};
use crate::contact::{Email, Phone};
use crate::store::{SessionRow, SessionSummary};

/// How a person proved who they are, as OpenID Connect's `amr` names it (RFC 8176).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginMethod {
    Password,
    /// A code sent by SMS or email.
    OneTimeCode,
    /// A passkey, with user verification.
    Passkey,
    /// Another identity provider's word (Google, GitHub, …): one factor.
    Federated,
    /// Another provider's word that it checked two factors, from a provider the operator
    /// trusts for that (`TRUST_UPSTREAM_MFA`).
    FederatedMfa,
}

impl LoginMethod {
    pub fn amr(self) -> &'static str {
        match self {
            LoginMethod::Password => "pwd",
            LoginMethod::OneTimeCode => "otp",
            LoginMethod::Passkey => "hwk",
            LoginMethod::Federated | LoginMethod::FederatedMfa => "fed",
        }
    }

    /// Read back from [`LoginMethod::amr`].
    pub fn parse(amr: &str) -> Option<LoginMethod> {
        [
            LoginMethod::Password,
            LoginMethod::OneTimeCode,
            LoginMethod::Passkey,
            LoginMethod::Federated,
        ]
        .into_iter()
        .find(|m| m.amr() == amr)
    }
}

/// How recently a session's person proved who they are: the login, and the last second
/// factor (at login or a step-up since). Sensitive changes look at both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Freshness {
    pub authenticated_at: Option<DateTime<Utc>>,
    pub second_factor_at: Option<DateTime<Utc>>,
}

/// A live session, with its user when someone is logged in through it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveSession {
    pub public_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub authenticated_at: Option<DateTime<Utc>>,
    /// RFC 8176 names of what the login showed (empty before a login).
    pub amr: Vec<String>,
    /// The last time this session showed a second factor: at its login or a step-up since.
    pub second_factor_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub user: Option<User>,
}

/// The stored form of a session token: a leaked table holds no usable token. A plain hash is
/// enough because tokens are 128 random bits, not guessable passwords.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// When an idle session dies if it is used now: 7 days on, but never past its absolute end.
pub fn idle_expiry(now: DateTime<Utc>, created_at: DateTime<Utc>) -> DateTime<Utc> {
    later(now, limits::SESSION_IDLE).min(later(created_at, limits::SESSION_ABSOLUTE))
}

impl ActiveSession {
    fn from_row(row: SessionRow) -> Self {
        let user = match (
            row.user_id,
            row.first_name,
            row.last_name,
            row.email,
            row.phone,
        ) {
            // A disabled account's sessions are deleted when it is disabled; one a login in
            // flight wrote afterwards is still no one's.
            (Some(id), Some(first_name), Some(last_name), Some(email), Some(phone))
                if row.user_disabled_at.is_none() =>
            {
                // Written by `parse`; a row that no longer reads as one is no one's session.
                match (Email::try_from(email), Phone::try_from(phone)) {
                    (Ok(email), Ok(phone)) => Some(User {
                        id,
                        first_name,
                        last_name,
                        email,
                        phone,
                        email_verified: row.email_verified_at.is_some(),
                        phone_verified: row.phone_verified_at.is_some(),
                        roles: super::roles_from_list(row.roles),
                        created_at: row.user_created_at.unwrap_or(row.created_at),
                        updated_at: row.user_updated_at.unwrap_or(row.created_at),
                        locale: row.user_locale.clone(),
                    }),
                    (email, phone) => {
                        let why = email.err().or(phone.err()).unwrap_or_default();
                        tracing::error!(user = %id, %why, "a session's user cannot be read");
                        None
                    }
                }
            }
            _ => None,
        };
        ActiveSession {
            public_id: row.public_id,
            created_at: row.created_at,
            authenticated_at: row.authenticated_at,
            amr: row.amr.split_whitespace().map(str::to_owned).collect(),
            second_factor_at: row.second_factor_at,
            expires_at: row.expires_at,
            user,
        }
    }
}

/// One of a user's live sessions, as its owner sees it.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub public_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The session asking.
    pub current: bool,
}

impl Auth {
    /// The live session behind `token_hash`, with its user and its stored data: one indexed
    /// read. Activity slides the idle expiry, written at most once a minute.
    pub async fn load_session(&self, token_hash: &[u8]) -> Result<Option<(ActiveSession, String)>> {
        let now = self.clock.now();
        let Some(row) = self.store.load_session(token_hash, now).await? else {
            return Ok(None);
        };
        let data = row.data.clone();
        let mut session = ActiveSession::from_row(row.clone());
        if later(row.last_seen_at, limits::SESSION_TOUCH_EVERY) <= now {
            let expires_at = idle_expiry(now, row.created_at);
            self.store
                .touch_session(token_hash, now, expires_at)
                .await?;
            session.expires_at = expires_at;
        }
        Ok(Some((session, data)))
    }

    pub async fn end_session(&self, token_hash: &[u8]) -> Result<()> {
        Ok(self.store.delete_session(token_hash).await?)
    }

    /// The user's live sessions, most recently used first; `current` marks the caller's.
    pub async fn list_sessions(&self, user_id: Uuid, current: Uuid) -> Result<Vec<SessionInfo>> {
        let rows = self.store.list_sessions(user_id, self.clock.now()).await?;
        Ok(rows
            .into_iter()
            .map(|row: SessionSummary| SessionInfo {
                current: row.public_id == current,
                public_id: row.public_id,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
                user_agent: row.user_agent,
                ip: row.ip,
            })
            .collect())
    }

    /// Ends one of the user's own sessions; someone else's is `NotFound`, like a missing one.
    pub async fn revoke_session(
        &self,
        user_id: Uuid,
        public_id: Uuid,
        meta: &RequestMeta,
    ) -> Result<()> {
        if !self.store.delete_user_session(user_id, public_id).await? {
            return Err(Error::NotFound);
        }
        self.store
            .record_audit(&self.audit(user_id, AuditKind::SessionRevoked, meta))
            .await?;
        Ok(())
    }
}
