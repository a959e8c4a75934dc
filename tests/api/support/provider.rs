//! An OpenID Connect provider on port 0 for the tests of logging in through another
//! provider: discovery, keys, and a token endpoint that checks the code, the redirect and the
//! PKCE verifier like a real one, and signs (RS256) whatever claims the test chose, including
//! wrong ones. The browser's visit to its authorize endpoint is the test's: [`MockProvider::grant`]
//! reads the authorize URL Latch made and hands back the code a provider would.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

struct Grant {
    claims: Value,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct Shared {
    grants: HashMap<String, Grant>,
    /// Token requests answered, refused ones included.
    token_requests: usize,
    /// The token endpoint answers `307` to `/token-moved` (a client must not follow it).
    moved: bool,
    /// Requests that followed it there.
    followed: usize,
}

#[derive(Clone)]
struct Mock {
    issuer: String,
    /// What discovery names as the issuer, when not `issuer` (Microsoft's `common` endpoint
    /// names a template).
    published_issuer: Option<String>,
    key: Arc<RsaKeyPair>,
    jwk: Value,
    shared: Arc<Mutex<Shared>>,
}

pub struct MockProvider {
    pub issuer: String,
    pub client_id: String,
    mock: Mock,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for MockProvider {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// One RSA key for every provider in the test binary: generating one takes a while.
fn key() -> &'static (Vec<u8>, Value) {
    static KEY: std::sync::OnceLock<(Vec<u8>, Value)> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        use rsa::pkcs8::EncodePrivateKey;
        use rsa::traits::PublicKeyParts;
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("an RSA key");
        let der = key.to_pkcs8_der().expect("PKCS #8").as_bytes().to_vec();
        let jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "mock-1",
            "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
        });
        (der, jwk)
    })
}

impl MockProvider {
    pub async fn start() -> MockProvider {
        Self::start_publishing(None).await
    }

    /// As Microsoft's `common` endpoint: discovery names the issuer
    /// `https://login.microsoftonline.com/{tenantid}/v2.0`.
    pub async fn start_microsoft() -> MockProvider {
        Self::start_publishing(Some(
            "https://login.microsoftonline.com/{tenantid}/v2.0".to_owned(),
        ))
        .await
    }

    async fn start_publishing(published_issuer: Option<String>) -> MockProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let issuer = format!("http://{}", listener.local_addr().expect("bound"));
        let (der, jwk) = key();
        let mock = Mock {
            issuer: issuer.clone(),
            published_issuer,
            key: Arc::new(RsaKeyPair::from_pkcs8(der).expect("the key")),
            jwk: jwk.clone(),
            shared: Arc::default(),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token_door))
            .route("/token-moved", post(token_moved))
            .with_state(mock.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MockProvider {
            issuer,
            client_id: "latch-test-client".into(),
            mock,
            server,
        }
    }

    /// The settings that make Latch use this provider as `corp` (kind `oidc`).
    pub fn settings(
        &self,
        id: &'static str,
        extra: &[(&'static str, &str)],
    ) -> Vec<(&'static str, String)> {
        let upper = id.to_ascii_uppercase();
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let mut vars = vec![
            ("LATCH_PROVIDERS", id.to_owned()),
            (
                leak(format!("LATCH_PROVIDER_{upper}_KIND")),
                "oidc".to_owned(),
            ),
            (
                leak(format!("LATCH_PROVIDER_{upper}_NAME")),
                "Corp SSO".to_owned(),
            ),
            (
                leak(format!("LATCH_PROVIDER_{upper}_ISSUER")),
                self.issuer.clone(),
            ),
            (
                leak(format!("LATCH_PROVIDER_{upper}_CLIENT_ID")),
                self.client_id.clone(),
            ),
            (
                leak(format!("LATCH_PROVIDER_{upper}_CLIENT_SECRET")),
                "mock secret".to_owned(),
            ),
        ];
        for (name, value) in extra {
            vars.push((
                leak(format!("LATCH_PROVIDER_{upper}_{name}")),
                value.to_string(),
            ));
        }
        vars
    }

    /// What the provider does when the browser arrives at `authorize` and the person signs
    /// in: a code for these claims. `iss`, `aud`, `nonce`, `iat` and `exp` are filled in
    /// unless `claims` names them (to make a wrong token).
    pub fn grant(&self, authorize: &url::Url, claims: Value) -> String {
        let query: HashMap<String, String> = authorize.query_pairs().into_owned().collect();
        assert_eq!(query.get("response_type").map(String::as_str), Some("code"));
        assert_eq!(
            query.get("code_challenge_method").map(String::as_str),
            Some("S256")
        );
        assert_eq!(query.get("client_id"), Some(&self.client_id));
        let code = format!("code-{}", uuid::Uuid::new_v4().simple());
        self.mock.shared.lock().unwrap().grants.insert(
            code.clone(),
            Grant {
                claims,
                nonce: query.get("nonce").cloned().expect("a nonce"),
                challenge: query
                    .get("code_challenge")
                    .cloned()
                    .expect("a PKCE challenge"),
                redirect_uri: query.get("redirect_uri").cloned().expect("a redirect_uri"),
            },
        );
        code
    }

    /// From now on the token endpoint redirects (`307`, which keeps the POST) elsewhere.
    pub fn move_token_endpoint(&self) {
        self.mock.shared.lock().unwrap().moved = true;
    }

    /// Token requests that followed the redirect.
    pub fn followed(&self) -> usize {
        self.mock.shared.lock().unwrap().followed
    }

    pub fn token_requests(&self) -> usize {
        self.mock.shared.lock().unwrap().token_requests
    }
}

async fn discovery(State(mock): State<Mock>) -> Json<Value> {
    let issuer = &mock.issuer;
    Json(json!({
        "issuer": mock.published_issuer.as_ref().unwrap_or(issuer),
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

async fn jwks(State(mock): State<Mock>) -> Json<Value> {
    Json(json!({ "keys": [mock.jwk] }))
}

async fn token_door(
    State(mock): State<Mock>,
    form: Form<HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if mock.shared.lock().unwrap().moved {
        let to = format!("{}/token-moved", mock.issuer);
        return (
            axum::http::StatusCode::TEMPORARY_REDIRECT,
            [(axum::http::header::LOCATION, to)],
        )
            .into_response();
    }
    token(State(mock), form).await.into_response()
}

async fn token_moved(
    State(mock): State<Mock>,
    form: Form<HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    mock.shared.lock().unwrap().followed += 1;
    token(State(mock), form).await.into_response()
}

async fn token(
    State(mock): State<Mock>,
    Form(form): Form<HashMap<String, String>>,
) -> (axum::http::StatusCode, Json<Value>) {
    use axum::http::StatusCode;
    let refuse = |why: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_grant", "error_description": why })),
        )
    };
    let grant = {
        let mut shared = mock.shared.lock().unwrap();
        shared.token_requests += 1;
        let code = form.get("code").cloned().unwrap_or_default();
        match shared.grants.remove(&code) {
            Some(grant) => grant,
            None => return refuse("unknown or used code"),
        }
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != grant.challenge {
        return refuse("PKCE verifier does not match");
    }
    if form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return refuse("redirect_uri differs");
    }
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({
        "iss": mock.issuer,
        "aud": "latch-test-client",
        "nonce": grant.nonce,
        "iat": now,
        "exp": now + 300,
    });
    for (k, v) in grant.claims.as_object().cloned().unwrap_or_default() {
        claims[k] = v;
    }
    let header = json!({ "alg": "RS256", "kid": "mock-1", "typ": "JWT" });
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut signature = vec![0; mock.key.public().modulus_len()];
    mock.key
        .sign(
            &RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            signed.as_bytes(),
            &mut signature,
        )
        .expect("signing");
    let id_token = format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature));
    (
        StatusCode::OK,
        Json(json!({
            "access_token": "mock-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        })),
    )
}

/// GitHub's OAuth 2 endpoints and the two API calls Latch makes, on port 0.
pub struct MockGithub {
    pub base: String,
    shared: Arc<Mutex<GithubShared>>,
    server: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct GithubShared {
    /// code → (PKCE challenge, user id, `/user/emails`)
    grants: HashMap<String, (String, u64, Value)>,
    /// access token → (user id, `/user/emails`)
    tokens: HashMap<String, (u64, Value)>,
}

impl Drop for MockGithub {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl MockGithub {
    pub async fn start() -> MockGithub {
        use axum::extract::State as S;
        use axum::http::{HeaderMap, StatusCode};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        let shared: Arc<Mutex<GithubShared>> = Arc::default();
        type Shared = Arc<Mutex<GithubShared>>;
        async fn token(
            S(shared): S<Shared>,
            Form(form): Form<HashMap<String, String>>,
        ) -> Json<Value> {
            let mut shared = shared.lock().unwrap();
            let code = form.get("code").cloned().unwrap_or_default();
            let Some((challenge, id, emails)) = shared.grants.remove(&code) else {
                // GitHub answers a bad code with 200 and an `error`.
                return Json(json!({ "error": "bad_verification_code" }));
            };
            let verifier = form.get("code_verifier").cloned().unwrap_or_default();
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
                return Json(json!({ "error": "bad_verification_code" }));
            }
            let access = format!("gho_{}", uuid::Uuid::new_v4().simple());
            shared.tokens.insert(access.clone(), (id, emails));
            Json(
                json!({ "access_token": access, "token_type": "bearer", "scope": "read:user,user:email" }),
            )
        }
        fn holder(shared: &Shared, headers: &HeaderMap) -> Option<(u64, Value)> {
            let token = headers
                .get("authorization")?
                .to_str()
                .ok()?
                .strip_prefix("Bearer ")?;
            shared.lock().unwrap().tokens.get(token).cloned()
        }
        async fn user(S(shared): S<Shared>, headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
            let (id, _) = holder(&shared, &headers).ok_or(StatusCode::UNAUTHORIZED)?;
            // `/user`'s email is whatever the person made public: never believed.
            Ok(Json(
                json!({ "id": id, "login": "octocat", "name": "Mona Lisa Octocat",
                            "email": "public@evil.example" }),
            ))
        }
        async fn emails(
            S(shared): S<Shared>,
            headers: HeaderMap,
        ) -> Result<Json<Value>, StatusCode> {
            let (_, emails) = holder(&shared, &headers).ok_or(StatusCode::UNAUTHORIZED)?;
            Ok(Json(emails))
        }
        let app = Router::new()
            .route("/login/oauth/access_token", post(token))
            .route("/user", get(user))
            .route("/user/emails", get(emails))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MockGithub {
            base,
            shared,
            server,
        }
    }

    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LATCH_PROVIDERS", "github".to_owned()),
            ("LATCH_PROVIDER_GITHUB_CLIENT_ID", "Iv1.mock".to_owned()),
            (
                "LATCH_PROVIDER_GITHUB_CLIENT_SECRET",
                "mock secret".to_owned(),
            ),
            (
                "LATCH_PROVIDER_GITHUB_AUTHORIZE_URL",
                format!("{}/login/oauth/authorize", self.base),
            ),
            (
                "LATCH_PROVIDER_GITHUB_TOKEN_URL",
                format!("{}/login/oauth/access_token", self.base),
            ),
            ("LATCH_PROVIDER_GITHUB_API_URL", self.base.clone()),
        ]
    }

    /// The person signs in at GitHub as user `id`, whose `/user/emails` is `emails`.
    pub fn grant(&self, authorize: &url::Url, id: u64, emails: Value) -> String {
        let query: HashMap<String, String> = authorize.query_pairs().into_owned().collect();
        assert_eq!(
            query.get("code_challenge_method").map(String::as_str),
            Some("S256")
        );
        let code = format!("gh-{}", uuid::Uuid::new_v4().simple());
        self.shared.lock().unwrap().grants.insert(
            code.clone(),
            (
                query.get("code_challenge").cloned().expect("a challenge"),
                id,
                emails,
            ),
        );
        code
    }
}
