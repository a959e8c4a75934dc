//! Passkeys (WebAuthn) with `webauthn-rs`: added from the account, named by their owner, and a
//! login on their own — discoverable credentials, so nobody types an identifier, and user
//! verification required, so one passkey counts as two factors. The relying party is
//! `PUBLIC_URL`: its host is the RP id, its origin the only one accepted.
//!
//! A ceremony's state is stored (5 minutes, single use) under the hash of its challenge, which
//! the browser's answer carries back in `clientDataJSON`: any instance finishes what another
//! began, and the client keeps nothing but the browser's answer.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use webauthn_rs::prelude::{
    AuthenticationResult, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, Url, Webauthn, WebauthnBuilder,
    WebauthnError,
};

use crate::auth::conclude::LoginProof;
use crate::auth::rate_limit::{
    PASSKEY_LOGINS_PER_IP, PASSKEY_REGISTRATIONS_PER_IP, PASSKEY_REGISTRATIONS_PER_USER,
};
use crate::auth::sessions::{Freshness, LoginMethod};
use crate::auth::types::PasswordAttempt;
use crate::auth::{AuditKind, Auth, Error, RequestMeta, Result, User, ip_subject, later};
use crate::notify::templates::FactorChange;
use crate::store::PasskeyRecord;

pub const CEREMONY_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// More than anyone needs (a phone, a laptop, two keys), few enough to list on a page.
pub const MAX_PASSKEYS: i64 = 20;
pub const MAX_NAME_CHARS: usize = 60;

/// The relying party of `public_url`, or why passkeys cannot work there (a host the library
/// refuses as an RP id).
pub fn relying_party(public_url: &Url) -> std::result::Result<Webauthn, String> {
    let host = public_url
        .host_str()
        .ok_or_else(|| "PUBLIC_URL has no host".to_owned())?;
    WebauthnBuilder::new(host, public_url)
        .and_then(|b| b.rp_name("Latch").timeout(CEREMONY_LIFETIME).build())
        .map_err(|e| e.to_string())
}

/// A passkey as its owner sees it.
#[derive(Clone, Debug)]
pub struct PasskeyInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<PasskeyRecord> for PasskeyInfo {
    fn from(r: PasskeyRecord) -> Self {
        PasskeyInfo {
            id: r.id,
            name: r.name,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        }
    }
}

/// What the owner calls a passkey: 1 to 60 characters, no control characters, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeyName(String);

impl PasskeyName {
    pub fn parse(raw: &str) -> std::result::Result<Self, String> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("is required".into());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("must be at most {MAX_NAME_CHARS} characters"));
        }
        if name.chars().any(char::is_control) {
            return Err("must not contain control characters".into());
        }
        Ok(PasskeyName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key a ceremony is stored under: the hash of its challenge's bytes.
fn challenge_key(challenge_b64: &str) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD
        .decode(challenge_b64.trim_end_matches('='))
        .ok()?;
    Some(Sha256::digest(bytes).to_vec())
}

/// The challenge of the options sent to the browser.
fn options_challenge(options: &Value) -> Result<Vec<u8>> {
    options["publicKey"]["challenge"]
        .as_str()
        .and_then(challenge_key)
        .ok_or_else(|| Error::internal("WebAuthn options without a challenge"))
}

/// The challenge the browser signed, from its `clientDataJSON`.
fn answered_challenge(client_data_json: &[u8]) -> Option<Vec<u8>> {
    let data: Value = serde_json::from_slice(client_data_json).ok()?;
    data["challenge"].as_str().and_then(challenge_key)
}

pub(in crate::auth) fn internal(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("passkeys: {e}"))
}

impl Auth {
    pub(in crate::auth) fn webauthn(&self) -> Result<&Webauthn> {
        self.webauthn.as_deref().ok_or(Error::PasskeysUnavailable)
    }

    pub(in crate::auth) async fn keep_ceremony(
        &self,
        options: &Value,
        user_id: Option<Uuid>,
        state: &impl serde::Serialize,
    ) -> Result<()> {
        let now = self.clock.now();
        let state = serde_json::to_string(state).map_err(internal)?;
        self.store
            .insert_ceremony(
                &options_challenge(options)?,
                user_id,
                &state,
                later(now, CEREMONY_LIFETIME),
            )
            .await?;
        Ok(())
    }

    /// The state of the ceremony the browser answered, taken so it is used once.
    pub(in crate::auth) async fn take_ceremony<T: serde::de::DeserializeOwned>(
        &self,
        client_data_json: &[u8],
        user_id: Option<Uuid>,
    ) -> Result<T> {
        let key = answered_challenge(client_data_json).ok_or(Error::PasskeyRefused)?;
        let state = self
            .store
            .take_ceremony(&key, user_id, self.clock.now())
            .await?
            .ok_or(Error::PasskeyRefused)?;
        serde_json::from_str(&state).map_err(internal)
    }

    /// The user's passkeys, oldest first.
    pub async fn passkeys(&self, user_id: Uuid) -> Result<Vec<PasskeyInfo>> {
        let records = self.store.passkeys_of(user_id).await?;
        Ok(records.into_iter().map(PasskeyInfo::from).collect())
    }

    /// Options for the browser's `navigator.credentials.create()`: a discoverable credential
    /// with user verification, none of the user's existing passkeys again. A passkey logs in on
    /// its own, past the password and any authenticator app, so adding one needs what changing
    /// the email needs — a login in the last 10 minutes or the current password — and, on an
    /// account with an authenticator app, a second factor from the last 10 minutes: a stolen
    /// session must not become a way in of its own.
    pub async fn begin_passkey_registration(
        &self,
        user: &User,
        freshness: Freshness,
        current_password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<Value> {
        let webauthn = self.webauthn()?;
        self.hit(PASSKEY_REGISTRATIONS_PER_IP, &ip_subject(meta))
            .await?;
        self.hit(PASSKEY_REGISTRATIONS_PER_USER, &user.id.to_string())
            .await?;
        self.require_second_factor(user.id, freshness.second_factor_at)
            .await?;
        let record = self.user_record(user.id).await?;
        self.check_recent_or_password(&record, freshness.authenticated_at, current_password)
            .await?;
        let existing = self.store.passkeys_of(user.id).await?;
        if existing.len() as i64 >= MAX_PASSKEYS {
            return Err(Error::TooManyPasskeys);
        }
        let exclude = existing
            .iter()
            .filter_map(|r| serde_json::from_str::<Passkey>(&r.credential).ok())
            .map(|p| p.cred_id().clone())
            .collect::<Vec<_>>();
        let display_name = format!("{} {}", user.first_name, user.last_name);
        let (options, state): (_, PasskeyRegistration) = webauthn
            .start_passkey_registration(user.id, user.email.as_str(), &display_name, Some(exclude))
            .map_err(internal)?;
        let mut options = serde_json::to_value(options).map_err(internal)?;
        // The library asks for a server-side credential; a passkey that logs in without an
        // identifier must live on the authenticator. The library does not check this when
        // finishing, so asking is all that changes.
        if let Some(selection) = options["publicKey"]["authenticatorSelection"].as_object_mut() {
            selection.insert("residentKey".into(), "required".into());
            selection.insert("requireResidentKey".into(), true.into());
        }
        self.keep_ceremony(&options, Some(user.id), &state).await?;
        Ok(options)
    }

    /// Checks the browser's answer to [`Auth::begin_passkey_registration`] and stores the
    /// passkey under `name`. The owner is emailed and the change audited.
    pub async fn finish_passkey_registration(
        &self,
        user_id: Uuid,
        name: &PasskeyName,
        credential: &RegisterPublicKeyCredential,
        meta: &RequestMeta,
    ) -> Result<PasskeyInfo> {
        let webauthn = self.webauthn()?;
        let state: PasskeyRegistration = self
            .take_ceremony(&credential.response.client_data_json, Some(user_id))
            .await?;
        let passkey = webauthn
            .finish_passkey_registration(credential, &state)
            .map_err(|e| {
                tracing::info!(error = %e, "a passkey registration was refused");
                Error::PasskeyRefused
            })?;
        let record = self.user_record(user_id).await?;
        let now = self.clock.now();
        let stored = PasskeyRecord {
            id: Uuid::new_v4(),
            user_id,
            name: name.as_str().to_owned(),
            credential: serde_json::to_string(&passkey).map_err(internal)?,
            created_at: now,
            last_used_at: None,
        };
        let (notice, audit) = self.factor_change(&record, FactorChange::PasskeyAdded, meta);
        match self
            .store
            .insert_passkey(&stored, passkey.cred_id(), MAX_PASSKEYS, &notice, &audit)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Err(Error::TooManyPasskeys),
            Err(crate::store::Error::Duplicate(_)) => return Err(Error::PasskeyRefused),
            Err(e) => return Err(e.into()),
        }
        self.outbox.wake();
        Ok(stored.into())
    }

    pub async fn rename_passkey(
        &self,
        user_id: Uuid,
        id: Uuid,
        name: &PasskeyName,
    ) -> Result<PasskeyInfo> {
        self.store
            .rename_passkey(user_id, id, name.as_str())
            .await?
            .map(PasskeyInfo::from)
            .ok_or(Error::NotFound)
    }

    /// Removes one of the user's passkeys: a factor turned off, so it needs a second factor
    /// from the last 10 minutes when the account has an authenticator app.
    pub async fn remove_passkey(
        &self,
        user_id: Uuid,
        id: Uuid,
        freshness: Freshness,
        meta: &RequestMeta,
    ) -> Result<()> {
        self.require_second_factor(user_id, freshness.second_factor_at)
            .await?;
        let record = self.user_record(user_id).await?;
        let (notice, audit) = self.factor_change(&record, FactorChange::PasskeyRemoved, meta);
        if !self
            .store
            .delete_passkey(user_id, id, &notice, &audit)
            .await?
        {
            return Err(Error::NotFound);
        }
        self.outbox.wake();
        Ok(())
    }

    /// Options for `navigator.credentials.get()`: any passkey of this site's, chosen by the
    /// person (no identifier typed). The same answer for everyone: it names no account. Each
    /// call stores a ceremony, so one address may start 60 in 15 minutes.
    pub async fn begin_passkey_login(&self, meta: &RequestMeta) -> Result<Value> {
        self.hit(PASSKEY_LOGINS_PER_IP, &ip_subject(meta)).await?;
        let (options, state): (_, DiscoverableAuthentication) = self
            .webauthn()?
            .start_discoverable_authentication()
            .map_err(internal)?;
        // The library also marks the request for autofill (`mediation`); only `publicKey` is
        // sent, and the page decides that per use (a button click wants the ordinary dialog).
        let options = serde_json::to_value(options).map_err(internal)?;
        self.keep_ceremony(&options, None, &state).await?;
        Ok(options)
    }

    /// Takes the library's verdict on an assertion by `stored`: a signature counter gone
    /// backwards (two copies of the private key are in use) is audited for the owner to see,
    /// and every failure, or an answer without user verification, is `PasskeyRefused`. A
    /// good one moves the stored counter on.
    pub(in crate::auth) async fn passkey_used(
        &self,
        stored: &PasskeyRecord,
        mut passkey: Passkey,
        verdict: std::result::Result<AuthenticationResult, WebauthnError>,
        meta: &RequestMeta,
    ) -> Result<()> {
        let result = match verdict {
            Ok(result) => result,
            Err(WebauthnError::CredentialPossibleCompromise) => {
                tracing::warn!(passkey = %stored.id, "a passkey's signature counter went backwards");
                self.store
                    .record_audit(&self.audit(stored.user_id, AuditKind::PasskeySuspect, meta))
                    .await?;
                return Err(Error::PasskeyRefused);
            }
            Err(e) => {
                tracing::info!(error = %e, "a passkey assertion was refused");
                return Err(Error::PasskeyRefused);
            }
        };
        if !result.user_verified() {
            return Err(Error::PasskeyRefused);
        }
        passkey.update_credential(&result);
        self.store
            .passkey_used(
                stored.id,
                &serde_json::to_string(&passkey).map_err(internal)?,
                self.clock.now(),
            )
            .await?;
        Ok(())
    }

    /// Logs in with the browser's answer to [`Auth::begin_passkey_login`]. Every way this can
    /// fail (unknown passkey, a signature that does not verify, a used or expired challenge,
    /// a disabled account) is the one `PasskeyRefused`.
    pub async fn log_in_with_passkey(
        &self,
        credential: &PublicKeyCredential,
        meta: &RequestMeta,
    ) -> Result<(User, LoginProof)> {
        let webauthn = self.webauthn()?;
        let state: DiscoverableAuthentication = self
            .take_ceremony(&credential.response.client_data_json, None)
            .await?;
        let (user_handle, credential_id) = webauthn
            .identify_discoverable_authentication(credential)
            .map_err(|_| Error::PasskeyRefused)?;
        let stored = self
            .store
            .passkey_by_credential(credential_id)
            .await?
            .filter(|r| r.user_id == user_handle)
            .ok_or(Error::PasskeyRefused)?;
        let passkey: Passkey = serde_json::from_str(&stored.credential).map_err(internal)?;
        let result = webauthn.finish_discoverable_authentication_v2(credential, state, &passkey);
        self.passkey_used(&stored, passkey, result, meta).await?;
        self.conclude(stored.user_id, LoginMethod::Passkey.into(), meta)
            .await?
            .signed_in()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_printable() {
        assert_eq!(
            PasskeyName::parse("  Work laptop ").unwrap().as_str(),
            "Work laptop"
        );
        assert!(PasskeyName::parse("").is_err());
        assert!(PasskeyName::parse("   ").is_err());
        assert!(PasskeyName::parse(&"é".repeat(60)).is_ok());
        assert!(PasskeyName::parse(&"é".repeat(61)).is_err());
        assert!(PasskeyName::parse("tab\there").is_err());
    }

    #[test]
    fn the_challenge_sent_and_the_one_answered_give_one_key() {
        let challenge = URL_SAFE_NO_PAD.encode([7u8; 32]);
        let options = serde_json::json!({"publicKey": {"challenge": challenge}});
        let client_data = serde_json::json!({
            "type": "webauthn.get",
            "challenge": challenge,
            "origin": "https://auth.example.com",
        });
        let answered = answered_challenge(client_data.to_string().as_bytes());
        assert_eq!(answered, Some(options_challenge(&options).unwrap()));
        assert_eq!(answered_challenge(b"not json"), None);
        let other = serde_json::json!({"challenge": URL_SAFE_NO_PAD.encode([8u8; 32])});
        assert_ne!(answered_challenge(other.to_string().as_bytes()), answered);
    }

    #[test]
    fn the_relying_party_is_the_public_url() {
        assert!(relying_party(&Url::parse("https://auth.example.com").unwrap()).is_ok());
        assert!(relying_party(&Url::parse("http://localhost:3000").unwrap()).is_ok());
    }
}
