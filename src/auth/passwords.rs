//! Password policy and hashing: argon2id with OWASP's parameters, on the hashing workers
//! (`hashing.rs`), each reusing one memory area.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret, SecretString};

use super::Error;
use super::hashing::{Refused, Workers};
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
#[allow(
    clippy::expect_used,
    reason = "constant parameters, checked by a unit test"
)]
fn params() -> Params {
    Params::new(19_456, 2, 1, None).expect("OWASP argon2 parameters are valid")
}

/// Hashes `password` with a fresh salt into a PHC string, filling `memory` (grown to the
/// parameters' size the first time, then reused).
fn hash_with(memory: &mut Vec<Block>, password: &[u8]) -> Result<String, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::internal(format!("argon2 hash: {e}"));
    let params = params();
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let mut salt_bytes = [0u8; Salt::RECOMMENDED_LENGTH * 2];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|e| failed(&e))?;
    let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password, salt_bytes, &mut output, area(memory, &params))
        .map_err(|e| failed(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&output).map_err(|e| failed(&e))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored`, with the parameters written in it (an
/// older hash keeps its own), filling `memory` as `hash_with` does.
fn verify_with(memory: &mut Vec<Block>, password: &[u8], stored: &str) -> Result<bool, Error> {
    let unreadable =
        |e: &dyn std::fmt::Display| Error::internal(format!("stored hash unreadable: {e}"));
    let parsed = PasswordHash::new(stored).map_err(|e| unreadable(&e))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(unreadable(&"no salt or no hash"));
    };
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| unreadable(&e))?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| unreadable(&e))?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| unreadable(&e))?;
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt_bytes = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| unreadable(&e))?;
    let mut output = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(password, salt_bytes, &mut output, area(memory, &params))
        .map_err(|e| unreadable(&e))?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&output).map_err(|e| unreadable(&e))? == expected)
}

/// The first `params.block_count()` blocks of `memory`, growing it when a hash needs more.
fn area<'m>(memory: &'m mut Vec<Block>, params: &Params) -> &'m mut [Block] {
    let needed = params.block_count();
    if memory.len() < needed {
        memory.resize(needed, Block::default());
    }
    &mut memory[..needed]
}

/// The median time of `rounds` hashes with Latch's parameters on this thread, in milliseconds:
/// `benches/run.sh` derives the login bound (cores / this) from it.
#[allow(
    clippy::expect_used,
    reason = "a benchmark's measurement, not a request"
)]
pub fn median_hash_millis(rounds: usize) -> f64 {
    let mut memory = Vec::new();
    let mut times: Vec<f64> = (0..rounds.max(1))
        .map(|_| {
            let started = std::time::Instant::now();
            hash_with(&mut memory, b"a benchmark passphrase").expect("hashing succeeds");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

#[derive(Clone)]
pub struct PasswordHasher {
    workers: Arc<Workers>,
    /// A real hash of a random password: verifying against it costs what a real check costs, so
    /// an unknown account answers as slowly as a known one.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    /// One worker per core, and room for four jobs per core to wait: past that a request is
    /// refused with `Busy` at once, so a flood of registrations cannot queue everyone's logins
    /// behind it for minutes.
    #[allow(clippy::expect_used, reason = "at start-up, before any request")]
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let dummy_hash = hash_with(&mut Vec::new(), uuid::Uuid::new_v4().as_bytes())
            .expect("hashing a random password succeeds");
        PasswordHasher {
            workers: Arc::new(Workers::start(cores, 4 * cores)),
            dummy_hash: dummy_hash.into(),
        }
    }

    /// Whether a hash asked for now would be refused `Busy`.
    pub fn is_busy(&self) -> bool {
        self.workers.is_full()
    }

    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store.
    pub async fn hash(&self, password: &NewPassword) -> Result<String, Error> {
        let password = password.clone();
        self.run(move |memory| hash_with(memory, password.expose().as_bytes()))
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
            .run(move |memory| verify_with(memory, password.expose_secret().as_bytes(), &hash))
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        match self.workers.run(work).await {
            Ok(answer) => answer,
            Err(Refused::Busy) => Err(Error::Busy),
            Err(Refused::Failed) => Err(Error::internal("hashing failed")),
        }
    }
}

#[cfg(test)]
mod hashing_tests {
    use super::*;

    #[test]
    fn hashes_verify_with_the_argon2_crate_and_back() {
        use argon2::password_hash::PasswordVerifier as _;
        let mut memory = Vec::new();
        let ours = hash_with(&mut memory, b"correct horse").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let standard = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        assert!(
            standard
                .verify_password(b"correct horse", &PasswordHash::new(&ours).unwrap())
                .is_ok()
        );
        // A hash made by the crate's own API, with other parameters, verifies here too.
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let other = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 3, 1, None).unwrap(),
        );
        let theirs = argon2::PasswordHasher::hash_password(&other, b"battery staple", &salt)
            .unwrap()
            .to_string();
        assert!(verify_with(&mut memory, b"battery staple", &theirs).unwrap());
        assert!(!verify_with(&mut memory, b"battery stapler", &theirs).unwrap());
        assert!(verify_with(&mut memory, b"correct horse", &ours).unwrap());
        assert!(!verify_with(&mut memory, b"correct horsf", &ours).unwrap());
        assert_eq!(
            memory.len(),
            19_456,
            "the area grew once to the larger need and stayed"
        );
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
