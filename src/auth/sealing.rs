//! Secrets Latch must read back (signing keys, TOTP secrets) are stored sealed with
//! AES-256-GCM under a key derived from `LATCH_SECRET`: a copy of the database alone opens
//! none of them.

use hmac::{Hmac, Mac};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use sha2::Sha256;

/// Seals values for the database and opens them again. Each use has its own `label`, so a key
/// derived for one kind of secret opens no other kind.
pub struct Sealer(LessSafeKey);

impl Sealer {
    #[allow(
        clippy::expect_used,
        reason = "HMAC takes any key length and its 32 bytes are an AES-256 key"
    )]
    pub fn new(secret: &[u8], label: &[u8]) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(label);
        let key = mac.finalize().into_bytes();
        let key = UnboundKey::new(&AES_256_GCM, &key).expect("32 bytes is an AES-256 key");
        Sealer(LessSafeKey::new(key))
    }

    /// `nonce || ciphertext || tag`; `bound_to` (the row's id) is authenticated so a sealed
    /// value cannot be moved to another row.
    pub fn seal(&self, bound_to: &str, plain: &[u8]) -> Result<Vec<u8>, crate::auth::Error> {
        let failed = |_| crate::auth::Error::internal("sealing a secret failed");
        let mut nonce = [0u8; 12];
        SystemRandom::new().fill(&mut nonce).map_err(failed)?;
        let mut sealed = plain.to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(bound_to.as_bytes()),
                &mut sealed,
            )
            .map_err(failed)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open(&self, bound_to: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let (nonce, body) = sealed.split_at_checked(12)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut body = body.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(bound_to.as_bytes()), &mut body)
            .ok()?;
        Some(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a secret of more than thirty-two bytes";

    #[test]
    fn a_sealed_value_opens_only_with_its_secret_label_and_row() {
        let sealer = Sealer::new(SECRET, b"label one");
        let sealed = sealer.seal("kid-1", b"private key").unwrap();
        assert_ne!(&sealed[12..sealed.len() - 16], b"private key");
        assert_eq!(
            sealer.open("kid-1", &sealed).as_deref(),
            Some(&b"private key"[..])
        );
        assert_eq!(sealer.open("kid-2", &sealed), None, "moved to another row");
        let other = Sealer::new(
            b"another secret of more than thirty-two bytes",
            b"label one",
        );
        assert_eq!(other.open("kid-1", &sealed), None);
        let other_use = Sealer::new(SECRET, b"label two");
        assert_eq!(
            other_use.open("kid-1", &sealed),
            None,
            "another kind of secret"
        );
        let mut flipped = sealed.clone();
        flipped[14] ^= 1;
        assert_eq!(sealer.open("kid-1", &flipped), None);
        assert_eq!(sealer.open("kid-1", &sealed[..5]), None);
    }
}
