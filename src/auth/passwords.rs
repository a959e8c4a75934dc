//! Password policy and hashing: argon2id with OWASP's parameters, on the blocking pool behind a
//! semaphore so a burst of logins cannot starve the async workers or exhaust memory.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use super::Error;
use super::types::NewPassword;

/// The 10,000 most common passwords, most common first (from Django's list of leaked passwords).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .collect()
});

/// What a password must not be equal to: the account's own identifiers.
pub struct PersonalWords<'a> {
    pub email: &'a str,
    pub phone: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

/// The strength rules of docs/DESIGN.md beyond length. Returns the message for the `password` field.
pub fn check_strength(password: &NewPassword, personal: &PersonalWords<'_>) -> Result<(), String> {
    let candidate = password.expose().trim().to_lowercase();
    if COMMON.contains(candidate.as_str()) {
        return Err("is too common; choose a less guessable password".into());
    }
    let local_part = personal.email.split('@').next().unwrap_or_default();
    let full_name = format!("{}{}", personal.first_name, personal.last_name);
    let full_name_spaced = format!("{} {}", personal.first_name, personal.last_name);
    let phone_digits = personal.phone.trim_start_matches('+');
    let personal_words = [
        personal.email,
        local_part,
        personal.phone,
        phone_digits,
        personal.first_name,
        personal.last_name,
        &full_name,
        &full_name_spaced,
    ];
    if personal_words
        .iter()
        .any(|w| !w.is_empty() && w.to_lowercase() == candidate)
    {
        return Err("must not be your email, phone number or name".into());
    }
    Ok(())
}

/// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Requests waiting for a permit, and how many may wait: past that a request is refused
    /// with `Busy` at once, so a flood of registrations cannot queue everyone's logins behind
    /// it for minutes.
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    /// A real hash of a random password: verifying against it costs what a real check costs, so
    /// an unknown account answers as slowly as a known one.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let dummy_hash = argon2()
            .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
            .expect("hashing a random password succeeds")
            .to_string();
        PasswordHasher {
            permits: Arc::new(Semaphore::new(cores)),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting: 4 * cores,
            dummy_hash: dummy_hash.into(),
        }
    }

    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store.
    pub async fn hash(&self, password: &NewPassword) -> Result<String, Error> {
        let password = password.clone();
        self.run(move || {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            argon2()
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| Error::Internal(format!("argon2 hash: {e}")))
        })
        .await
    }

    /// Checks a password against a stored hash, or against the dummy hash when there is none.
    /// Always does exactly one argon2 verification.
    pub async fn verify(
        &self,
        password: &SecretString,
        stored: Option<&str>,
    ) -> Result<bool, Error> {
        let known = stored.is_some();
        let hash = stored.map_or_else(|| self.dummy_hash.to_string(), str::to_owned);
        let password = password.clone();
        let matches = self
            .run(move || {
                let parsed = PasswordHash::new(&hash)
                    .map_err(|e| Error::Internal(format!("stored hash unreadable: {e}")))?;
                Ok(argon2()
                    .verify_password(password.expose_secret().as_bytes(), &parsed)
                    .is_ok())
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let queued = Queued::join(&self.waiting, self.max_waiting).ok_or(Error::Busy)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| Error::Internal("hashing semaphore closed".into()))?;
        drop(queued);
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| Error::Internal(format!("hashing task failed: {e}")))?
    }
}

/// A place in the hashing queue, given back when dropped (also when the request is cancelled).
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn join(waiting: &'a AtomicUsize, max: usize) -> Option<Self> {
        waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Queued(waiting))
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> PersonalWords<'static> {
        PersonalWords {
            email: "ada.lovelace@example.com",
            phone: "+12015550123",
            first_name: "Augusta",
            last_name: "Lovelace",
        }
    }

    #[test]
    fn the_queue_refuses_past_its_bound_and_frees_its_places() {
        let waiting = AtomicUsize::new(0);
        let a = Queued::join(&waiting, 2).unwrap();
        let _b = Queued::join(&waiting, 2).unwrap();
        assert!(Queued::join(&waiting, 2).is_none());
        drop(a);
        assert!(Queued::join(&waiting, 2).is_some());
    }

    #[test]
    fn the_shipped_list_has_ten_thousand_entries() {
        assert_eq!(include_str!("common_passwords.txt").lines().count(), 10_000);
    }

    #[test]
    fn common_passwords_are_refused_whatever_the_case() {
        for p in [
            "password",
            "PASSWORD1",
            "iloveyou",
            "qwertyuiop",
            "12345678",
        ] {
            let p = NewPassword::parse(p).unwrap();
            assert!(check_strength(&p, &words()).is_err(), "{p:?}");
        }
    }

    #[test]
    fn personal_passwords_are_refused() {
        for p in [
            "ada.lovelace@example.com",
            "ADA.LOVELACE",
            "+12015550123",
            "12015550123",
            "augustalovelace",
            "Augusta Lovelace",
            "lovelace",
        ] {
            let p = NewPassword::parse(p).unwrap();
            assert_eq!(
                check_strength(&p, &words()),
                Err("must not be your email, phone number or name".into()),
                "{p:?}"
            );
        }
    }

    #[test]
    fn a_decent_password_passes() {
        let p = NewPassword::parse("analytical engine 1843").unwrap();
        assert_eq!(check_strength(&p, &words()), Ok(()));
    }

    #[tokio::test]
    async fn hashes_use_owasp_parameters_and_verify() {
        let hasher = PasswordHasher::new();
        let p = NewPassword::parse("analytical engine 1843").unwrap();
        let hash = hasher.hash(&p).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let right = SecretString::from("analytical engine 1843");
        assert!(hasher.verify(&right, Some(&hash)).await.unwrap());
        let wrong = SecretString::from("analytical engine 1842");
        assert!(!hasher.verify(&wrong, Some(&hash)).await.unwrap());
        // Without an account the answer is no, even for the right password.
        assert!(!hasher.verify(&right, None).await.unwrap());
    }
}
