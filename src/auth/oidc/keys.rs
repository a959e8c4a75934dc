//! The keys Latch signs tokens with: one RSA (RS256, which every OpenID Connect library
//! verifies) and one Ed25519 (EdDSA, for apps that ask for it). Private keys are stored sealed
//! with AES-256-GCM under a key derived from `LATCH_SECRET`; public keys are published as the
//! JWKS. `latch keys rotate` retires the keys in use and makes new ones; a retired key stays
//! published for [`PUBLISHED_AFTER_RETIREMENT`], longer than any token it signed lives.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{
    ED25519, Ed25519KeyPair, KeyPair, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair,
    RsaPublicKeyComponents, UnparsedPublicKey,
};
use serde_json::{Value, json};

use super::Alg;
use crate::auth::sealing::Sealer;
use crate::auth::{Error, Result, earlier};
use crate::store::{SigningKeyRecord, Store};

/// Longer than an access token or id_token lives (10 minutes), with room for clocks and caches.
pub const PUBLISHED_AFTER_RETIREMENT: Duration = Duration::from_secs(24 * 3600);
/// How long an instance signs with the keys it read: a rotation on another instance is taken
/// up within this. The JWKS itself is always read fresh.
const SIGNERS_CACHED_FOR: Duration = Duration::from_secs(30);
const RSA_BITS: usize = 2048;
/// An unknown key id sends an instance back to the database at most this often.
const RELOAD_AT_MOST_EVERY: Duration = Duration::from_secs(1);

enum Pair {
    Rsa(RsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

struct Signer {
    kid: String,
    pair: Pair,
}

/// The keys as one instance holds them: one signer per algorithm, and every published key.
struct KeySet {
    rs256: Signer,
    eddsa: Signer,
    published: Vec<(String, Value)>,
}

/// The keys read last, and when.
type Cached = Arc<Mutex<Option<(Instant, Arc<KeySet>)>>>;

#[derive(Clone)]
pub struct SigningKeys {
    store: Store,
    sealer: Arc<Sealer>,
    cached: Cached,
    /// One creation at a time in this instance; instances racing each make a key, and every
    /// instance then signs with the newest of each kind.
    creating: Arc<tokio::sync::Mutex<()>>,
}

impl SigningKeys {
    pub fn new(store: Store, secret: &[u8]) -> Self {
        SigningKeys {
            store,
            sealer: Arc::new(Sealer::new(secret, b"latch signing-key seal v1")),
            cached: Arc::default(),
            creating: Arc::default(),
        }
    }

    /// Signs `claims` as a JWT with the current key for `alg`.
    pub async fn sign(
        &self,
        alg: Alg,
        typ: &str,
        claims: &Value,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let keys = self.current(now).await?;
        let signer = match alg {
            Alg::Rs256 => &keys.rs256,
            Alg::EdDsa => &keys.eddsa,
        };
        let header = json!({"alg": alg.as_str(), "typ": typ, "kid": signer.kid});
        let mut jwt = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = match &signer.pair {
            Pair::Rsa(pair) => {
                let mut signature = vec![0; pair.public().modulus_len()];
                pair.sign(
                    &RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    jwt.as_bytes(),
                    &mut signature,
                )
                .map_err(|_| Error::internal("RSA signing failed"))?;
                signature
            }
            Pair::Ed25519(pair) => pair.sign(jwt.as_bytes()).as_ref().to_vec(),
        };
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(signature));
        Ok(jwt)
    }

    /// The header and claims of a JWT one of the published keys signed; `None` for anything
    /// else (bad shape, unknown key, wrong signature). Expiry is the caller's to check.
    pub async fn verify(&self, jwt: &str, now: DateTime<Utc>) -> Result<Option<(Value, Value)>> {
        let mut parts = jwt.split('.');
        let (Some(header64), Some(claims64), Some(signature64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        let decode = |part: &str| -> Option<Value> {
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
        };
        let (Some(header), Some(claims), Ok(signature)) = (
            decode(header64),
            decode(claims64),
            URL_SAFE_NO_PAD.decode(signature64),
        ) else {
            return Ok(None);
        };
        let Some(kid) = header["kid"].as_str() else {
            return Ok(None);
        };
        let mut keys = self.current(now).await?;
        if !keys.published.iter().any(|(k, _)| k == kid) && self.read_over(RELOAD_AT_MOST_EVERY) {
            // Perhaps made by a rotation since this instance last read the keys. At most once a
            // second, so tokens with made-up key ids cannot turn each request into a read.
            self.forget();
            keys = self.current(now).await?;
        }
        let Some((_, jwk)) = keys.published.iter().find(|(k, _)| k == kid) else {
            return Ok(None);
        };
        let signed = &jwt[..header64.len() + 1 + claims64.len()];
        let valid = header["alg"] == jwk["alg"] && verify_with(jwk, signed.as_bytes(), &signature);
        Ok(valid.then_some((header, claims)))
    }

    /// The JWKS document: every published public key, read from the database now.
    pub async fn jwks(&self, now: DateTime<Utc>) -> Result<Value> {
        self.current(now).await?;
        let records = self.store.published_keys(publication_cutoff(now)).await?;
        let keys: Vec<Value> = records
            .iter()
            .filter_map(|r| serde_json::from_str(&r.public_jwk).ok())
            .collect();
        Ok(json!({ "keys": keys }))
    }

    /// Retires the keys in use and makes new ones; returns how many were retired.
    pub async fn rotate(&self, now: DateTime<Utc>) -> Result<u64> {
        let new = [
            self.generate(Alg::Rs256, now).await?,
            self.generate(Alg::EdDsa, now).await?,
        ];
        let retired = self.store.rotate_signing_keys(&new, now).await?;
        self.forget();
        Ok(retired)
    }

    /// Makes the keys now if there are none yet (at start, so the first login does not wait).
    pub async fn ensure(&self, now: DateTime<Utc>) -> Result<()> {
        self.current(now).await.map(drop)
    }

    /// Whether the keys held were read longer ago than `age`.
    fn read_over(&self, age: Duration) -> bool {
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .is_none_or(|(at, _)| at.elapsed() >= age)
    }

    fn forget(&self) {
        *self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    async fn current(&self, now: DateTime<Utc>) -> Result<Arc<KeySet>> {
        if let Some((at, keys)) = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            && at.elapsed() < SIGNERS_CACHED_FOR
        {
            return Ok(keys.clone());
        }
        let keys = match self.load(now).await? {
            Some(keys) => keys,
            None => {
                let _one = self.creating.lock().await;
                match self.load(now).await? {
                    Some(keys) => keys,
                    None => {
                        self.create_missing(now).await?;
                        self.load(now).await?.ok_or_else(|| {
                            Error::internal("signing keys vanished after creation")
                        })?
                    }
                }
            }
        };
        let keys = Arc::new(keys);
        *self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((Instant::now(), keys.clone()));
        Ok(keys)
    }

    /// The keys from the database; `None` when a kind has no key in use.
    async fn load(&self, now: DateTime<Utc>) -> Result<Option<KeySet>> {
        let records = self.store.published_keys(publication_cutoff(now)).await?;
        let mut rs256 = None;
        let mut eddsa = None;
        let mut published = Vec::new();
        // Newest first: the first key in use of each kind signs.
        for record in &records {
            if let Ok(jwk) = serde_json::from_str::<Value>(&record.public_jwk) {
                published.push((record.kid.clone(), jwk));
            }
            if record.retired_at.is_some() {
                continue;
            }
            let slot = match Alg::parse(&record.alg) {
                Some(Alg::Rs256) => &mut rs256,
                Some(Alg::EdDsa) => &mut eddsa,
                None => continue,
            };
            if slot.is_none() {
                *slot = Some(self.open(record)?);
            }
        }
        Ok(match (rs256, eddsa) {
            (Some(rs256), Some(eddsa)) => Some(KeySet {
                rs256,
                eddsa,
                published,
            }),
            _ => None,
        })
    }

    fn open(&self, record: &SigningKeyRecord) -> Result<Signer> {
        let der = self.sealer.open(&record.kid, &record.private_key).ok_or_else(|| {
            Error::internal(format!(
                "signing key {} cannot be opened: was LATCH_SECRET changed? `latch keys rotate` makes new keys",
                record.kid
            ))
        })?;
        let pair = match Alg::parse(&record.alg) {
            Some(Alg::Rs256) => RsaKeyPair::from_pkcs8(&der).map(Pair::Rsa).ok(),
            Some(Alg::EdDsa) => Ed25519KeyPair::from_pkcs8(&der).map(Pair::Ed25519).ok(),
            None => None,
        }
        .ok_or_else(|| Error::internal(format!("signing key {} is not a valid key", record.kid)))?;
        Ok(Signer {
            kid: record.kid.clone(),
            pair,
        })
    }

    async fn create_missing(&self, now: DateTime<Utc>) -> Result<()> {
        let records = self.store.published_keys(publication_cutoff(now)).await?;
        for alg in [Alg::Rs256, Alg::EdDsa] {
            let in_use = records
                .iter()
                .any(|r| r.retired_at.is_none() && r.alg == alg.as_str());
            if !in_use {
                let key = self.generate(alg, now).await?;
                self.store.insert_signing_key(&key).await?;
                tracing::info!(kid = %key.kid, alg = alg.as_str(), "created a token-signing key");
            }
        }
        Ok(())
    }

    async fn generate(&self, alg: Alg, now: DateTime<Utc>) -> Result<SigningKeyRecord> {
        let kid = random_kid()?;
        let (der, jwk) = match alg {
            // Finding two 1024-bit primes takes a while: off the async threads.
            Alg::Rs256 => tokio::task::spawn_blocking(generate_rsa)
                .await
                .map_err(|e| Error::internal(format!("RSA key generation: {e}")))??,
            Alg::EdDsa => generate_ed25519()?,
        };
        let mut jwk = jwk;
        jwk["kid"] = json!(kid);
        jwk["alg"] = json!(alg.as_str());
        jwk["use"] = json!("sig");
        Ok(SigningKeyRecord {
            private_key: self.sealer.seal(&kid, &der)?,
            kid,
            alg: alg.as_str().to_owned(),
            public_jwk: jwk.to_string(),
            created_at: now,
            retired_at: None,
        })
    }
}

fn publication_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    earlier(now, PUBLISHED_AFTER_RETIREMENT)
}

fn random_kid() -> Result<String> {
    let mut bytes = [0u8; 12];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::internal("the system random source failed"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

fn generate_rsa() -> Result<(Vec<u8>, Value)> {
    use rsa::pkcs8::EncodePrivateKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, RSA_BITS)
        .map_err(|e| Error::internal(format!("RSA key generation: {e}")))?;
    let der = key
        .to_pkcs8_der()
        .map_err(|e| Error::internal(format!("RSA key encoding: {e}")))?;
    let jwk = json!({
        "kty": "RSA",
        "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
    });
    Ok((der.as_bytes().to_vec(), jwk))
}

fn generate_ed25519() -> Result<(Vec<u8>, Value)> {
    let der = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| Error::internal("Ed25519 key generation failed"))?;
    let pair = Ed25519KeyPair::from_pkcs8(der.as_ref())
        .map_err(|_| Error::internal("Ed25519 key generation failed"))?;
    let jwk = json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(pair.public_key().as_ref()),
    });
    Ok((der.as_ref().to_vec(), jwk))
}

/// Checks a signature against a published JWK.
fn verify_with(jwk: &Value, message: &[u8], signature: &[u8]) -> bool {
    let bytes = |name: &str| {
        jwk[name]
            .as_str()
            .and_then(|v| URL_SAFE_NO_PAD.decode(v).ok())
    };
    match jwk["kty"].as_str() {
        Some("RSA") => match (bytes("n"), bytes("e")) {
            (Some(n), Some(e)) => RsaPublicKeyComponents { n, e }
                .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
                .is_ok(),
            _ => false,
        },
        Some("OKP") => bytes("x").is_some_and(|x| {
            UnparsedPublicKey::new(&ED25519, x)
                .verify(message, signature)
                .is_ok()
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_against_the_published_key_only() {
        let (der, jwk) = generate_ed25519().unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(&der).unwrap();
        let signature = pair.sign(b"header.claims");
        assert!(verify_with(&jwk, b"header.claims", signature.as_ref()));
        assert!(!verify_with(&jwk, b"header.claimz", signature.as_ref()));
        let (_, other) = generate_ed25519().unwrap();
        assert!(!verify_with(&other, b"header.claims", signature.as_ref()));

        let (der, jwk) = generate_rsa().unwrap();
        let pair = RsaKeyPair::from_pkcs8(&der).unwrap();
        let mut signature = vec![0; pair.public().modulus_len()];
        pair.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            b"header.claims",
            &mut signature,
        )
        .unwrap();
        assert!(verify_with(&jwk, b"header.claims", &signature));
        assert!(!verify_with(&jwk, b"header.claimz", &signature));
        assert!(!verify_with(
            &json!({"kty": "oct"}),
            b"header.claims",
            &signature
        ));
    }
}
