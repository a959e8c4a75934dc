//! Apple's two oddities: its client secret is a JWT Latch signs (ES256, with the `.p8` key
//! from the developer account), and the person's name arrives once, in the `user` field of
//! the first login's form POST, never in the id_token.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::auth::upstream::UpstreamIdentity;
use crate::config::Apple;

/// Each secret is signed for the one exchange that uses it; Apple allows up to 6 months.
const LIFETIME_SECONDS: i64 = 300;

const AUDIENCE: &str = "https://appleid.apple.com";

/// The client secret for one token request.
pub(super) fn client_secret(apple: &Apple, client_id: &str) -> Result<String, String> {
    let der = pem_body(apple.private_key.expose_secret())?;
    let rng = SystemRandom::new();
    let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der, &rng)
        .map_err(|e| format!("the key is not a P-256 PKCS #8 key: {e}"))?;
    let now = chrono::Utc::now().timestamp();
    let header = serde_json::json!({ "alg": "ES256", "kid": apple.key_id });
    let claims = serde_json::json!({
        "iss": apple.team_id,
        "iat": now,
        "exp": now + LIFETIME_SECONDS,
        "aud": AUDIENCE,
        "sub": client_id,
    });
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key
        .sign(&rng, signed.as_bytes())
        .map_err(|_| "signing failed".to_owned())?;
    Ok(format!(
        "{signed}.{}",
        URL_SAFE_NO_PAD.encode(signature.as_ref())
    ))
}

fn pem_body(pem: &str) -> Result<Vec<u8>, String> {
    let body: String = pem
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("-----"))
        .collect();
    STANDARD
        .decode(body)
        .map_err(|e| format!("the key's PEM does not decode: {e}"))
}

#[derive(Deserialize)]
struct UserField {
    name: Option<UserName>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserName {
    first_name: Option<String>,
    last_name: Option<String>,
}

/// Takes the names from Apple's `user` field where the id_token had none. Its `email` is
/// ignored: the address and its flag come from the id_token alone.
pub(super) fn names_from_user_field(raw: &str, identity: &mut UpstreamIdentity) {
    let Ok(UserField { name: Some(name) }) = serde_json::from_str::<UserField>(raw) else {
        return;
    };
    let clean = |n: Option<String>| n.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if identity.first_name.is_none() {
        identity.first_name = clean(name.first_name);
    }
    if identity.last_name.is_none() {
        identity.last_name = clean(name.last_name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{ECDSA_P256_SHA256_FIXED, KeyPair, UnparsedPublicKey};
    use secrecy::SecretString;

    #[test]
    fn the_client_secret_is_an_es256_jwt_apple_can_verify() {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8.as_ref())
        );
        let apple = Apple {
            team_id: "TEAM123456".into(),
            key_id: "KEY1234567".into(),
            private_key: SecretString::from(pem),
        };
        let jwt = client_secret(&apple, "com.example.web").unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["kid"], "KEY1234567");
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], "TEAM123456");
        assert_eq!(claims["sub"], "com.example.web");
        assert_eq!(claims["aud"], AUDIENCE);
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let public = UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public_key().as_ref());
        let signed = format!("{}.{}", parts[0], parts[1]);
        public
            .verify(
                signed.as_bytes(),
                &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
            )
            .expect("the signature verifies");
    }

    #[test]
    fn the_name_comes_from_the_user_field_once_and_never_the_email() {
        let mut identity = UpstreamIdentity {
            issuer: AUDIENCE.into(),
            subject: "001".into(),
            email: None,
            email_verified: false,
            first_name: None,
            last_name: None,
            mfa: false,
        };
        names_from_user_field(
            r#"{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"x@evil.example"}"#,
            &mut identity,
        );
        assert_eq!(identity.first_name.as_deref(), Some("Ada"));
        assert_eq!(identity.last_name.as_deref(), Some("Lovelace"));
        assert!(identity.email.is_none());
        names_from_user_field("not json", &mut identity);
        assert_eq!(identity.first_name.as_deref(), Some("Ada"));
    }
}
