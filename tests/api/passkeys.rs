//! Passkeys through the JSON API, on SQLite and PostgreSQL: the options Latch hands out, and
//! every answer it must refuse. A passkey made and used by a real authenticator is the
//! browser test's (Chromium's virtual authenticator, end2end/tests/passkeys.spec.mjs); the
//! software authenticators for Rust keep no resident keys, which these passkeys need.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::{Value, json};

use crate::abuse::fresh_ip;
use crate::support::{Db, Options, Person, TestApp, error_code, listen};

db_tests!(
    at_an_ip_address_passkeys_say_they_cannot_work,
    login_options_ask_for_a_verified_discoverable_passkey_and_name_nobody,
    registration_options_ask_for_a_resident_key_and_need_a_login,
    answers_that_do_not_check_out_are_refused,
    a_passkey_of_someone_else_cannot_be_renamed_or_removed,
    passkey_logins_begun_are_limited_per_address,
    passkey_registrations_begun_are_limited_per_account_and_address,
    the_passkey_cap_holds_when_registrations_finish_at_once,
    adding_a_passkey_needs_a_recent_login_and_step_up,
    confirming_with_a_passkey_takes_only_a_ceremony_begun_for_oneself,
);

/// Latch at `http://localhost:PORT`: a WebAuthn relying party must be a name, not an IP
/// address (at `127.0.0.1` every passkey call answers `503 passkeys_unavailable`).
async fn on_localhost(db: &Db, mut extra: Vec<(&'static str, String)>) -> TestApp {
    let listener = listen().await;
    let port = listener.local_addr().unwrap().port();
    extra.push(("PUBLIC_URL", format!("http://localhost:{port}")));
    TestApp::spawn_with(
        db,
        Options {
            listener: Some(listener),
            extra,
            ..Options::default()
        },
    )
    .await
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request sent")
}

/// A browser's answer in the right shape, signed by nobody, for the ceremony of `challenge`.
fn forged_assertion(challenge: &str, credential_id: &[u8], user: &[u8]) -> Value {
    let client_data = json!({
        "type": "webauthn.get",
        "challenge": challenge,
        "origin": "http://localhost",
    });
    json!({
        "id": URL_SAFE_NO_PAD.encode(credential_id),
        "rawId": URL_SAFE_NO_PAD.encode(credential_id),
        "type": "public-key",
        "response": {
            "authenticatorData": URL_SAFE_NO_PAD.encode([0u8; 37]),
            "clientDataJSON": URL_SAFE_NO_PAD.encode(client_data.to_string()),
            "signature": URL_SAFE_NO_PAD.encode([1u8; 64]),
            "userHandle": URL_SAFE_NO_PAD.encode(user),
        },
        "clientExtensionResults": {},
    })
}

async fn login_options_ask_for_a_verified_discoverable_passkey_and_name_nobody(db: Db) {
    let app = on_localhost(&db, Vec::new()).await;
    let first: Value = send(
        &app,
        Method::POST,
        "/api/v1/login/passkey/start",
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let options = &first["publicKey"];
    assert_eq!(options["userVerification"], "required", "{first}");
    assert_eq!(options["rpId"], "localhost");
    assert!(
        options["allowCredentials"]
            .as_array()
            .is_none_or(|a| a.is_empty()),
        "no account is named: {first}"
    );
    let challenge = options["challenge"].as_str().unwrap();
    assert!(URL_SAFE_NO_PAD.decode(challenge).unwrap().len() >= 16);
    let second: Value = send(
        &app,
        Method::POST,
        "/api/v1/login/passkey/start",
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_ne!(
        second["publicKey"]["challenge"],
        first["publicKey"]["challenge"]
    );
}

async fn registration_options_ask_for_a_resident_key_and_need_a_login(db: Db) {
    let app = on_localhost(&db, Vec::new()).await;
    let (status, _) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/me/passkeys/register/start",
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 401);
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let started = send(
        &app,
        Method::POST,
        "/api/v1/me/passkeys/register/start",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(started.status(), 200);
    let options: Value = started.json().await.unwrap();
    let options = &options["publicKey"];
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["user"]["name"], ada.email);
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let listed: Value = app
        .get_with_token("/api/v1/me/passkeys", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!({"passkeys": []}));
}

async fn answers_that_do_not_check_out_are_refused(db: Db) {
    let app = on_localhost(&db, Vec::new()).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;

    // Not a credential at all: 422 on the field.
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/login/passkey/finish",
            None,
            Some(json!({"credential": "hello"})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["fields"]["credential"].is_array()),
        (422, true),
        "{body}"
    );

    // Well formed, but for a challenge Latch never issued.
    let unknown = URL_SAFE_NO_PAD.encode([9u8; 32]);
    let forged = forged_assertion(
        &unknown,
        b"no such credential",
        uuid::Uuid::new_v4().as_bytes(),
    );
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/login/passkey/finish",
            None,
            Some(json!({"credential": forged})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("passkey_refused"))
    );

    // For a live challenge, naming an unknown passkey: refused, and the challenge is spent.
    let options: Value = send(
        &app,
        Method::POST,
        "/api/v1/login/passkey/start",
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let challenge = options["publicKey"]["challenge"].as_str().unwrap();
    let forged = forged_assertion(
        challenge,
        b"no such credential",
        uuid::Uuid::new_v4().as_bytes(),
    );
    for _ in 0..2 {
        let (status, body) = error_code(
            send(
                &app,
                Method::POST,
                "/api/v1/login/passkey/finish",
                None,
                Some(json!({"credential": forged.clone()})),
            )
            .await,
        )
        .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("passkey_refused"))
        );
    }

    // A registration answer forged for the registration's own challenge: refused, nothing stored.
    let options: Value = send(
        &app,
        Method::POST,
        "/api/v1/me/passkeys/register/start",
        Some(&token),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let challenge = options["publicKey"]["challenge"].as_str().unwrap();
    let client_data =
        json!({"type": "webauthn.create", "challenge": challenge, "origin": app.base});
    let forged = json!({
        "id": "AAAA",
        "rawId": "AAAA",
        "type": "public-key",
        "response": {
            "attestationObject": URL_SAFE_NO_PAD.encode([0xa0u8]),
            "clientDataJSON": URL_SAFE_NO_PAD.encode(client_data.to_string()),
        },
    });
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/me/passkeys/register/finish",
            Some(&token),
            Some(json!({"name": "Forged", "credential": forged})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("passkey_refused"))
    );
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/me/passkeys/register/finish",
            Some(&token),
            Some(json!({"name": "  ", "credential": {}})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["fields"]["name"].is_array()),
        (422, true),
        "{body}"
    );
    let listed: Value = app
        .get_with_token("/api/v1/me/passkeys", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!({"passkeys": []}));
}

async fn a_passkey_of_someone_else_cannot_be_renamed_or_removed(db: Db) {
    let app = on_localhost(&db, Vec::new()).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    for id in [uuid::Uuid::new_v4().to_string(), "not-an-id".to_owned()] {
        let path = format!("/api/v1/me/passkeys/{id}");
        let (status, _) = error_code(
            send(
                &app,
                Method::PATCH,
                &path,
                Some(&token),
                Some(json!({"name": "Mine now"})),
            )
            .await,
        )
        .await;
        assert_eq!(status, 404, "rename {id}");
        let (status, _) =
            error_code(send(&app, Method::DELETE, &path, Some(&token), None).await).await;
        assert_eq!(status, 404, "remove {id}");
    }
}

async fn passkey_logins_begun_are_limited_per_address(db: Db) {
    let app = on_localhost(&db, vec![("TRUSTED_PROXIES", "127.0.0.1".to_owned())]).await;
    let ip = fresh_ip();
    let start = || {
        app.client
            .post(app.url("/api/v1/login/passkey/start"))
            .header("x-forwarded-for", ip.clone())
            .send()
    };
    let statuses = futures::future::join_all((0..64).map(|_| start())).await;
    let ok = statuses
        .iter()
        .filter(|r| r.as_ref().unwrap().status() == 200)
        .count();
    assert_eq!(ok, 60, "60 ceremonies per address per 15 minutes");
    let (status, _) = error_code(start().await.unwrap()).await;
    assert_eq!(status, 429);
    // Another address is not held back by this one.
    let other = app
        .client
        .post(app.url("/api/v1/login/passkey/start"))
        .header("x-forwarded-for", fresh_ip())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
}

/// The review began 40 registrations in a row and got 40 ceremonies. Now 20 an hour per
/// account, whatever the addresses, and 20 per address, whatever the accounts.
async fn passkey_registrations_begun_are_limited_per_account_and_address(db: Db) {
    let app = on_localhost(&db, vec![("TRUSTED_PROXIES", "127.0.0.1".to_owned())]).await;
    let start = |token: String, ip: String| {
        app.client
            .post(app.url("/api/v1/me/passkeys/register/start"))
            .bearer_auth(token)
            .header("x-forwarded-for", ip)
            .send()
    };
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let answers =
        futures::future::join_all((0..24).map(|_| start(token.clone(), fresh_ip()))).await;
    let ok = answers
        .iter()
        .filter(|r| r.as_ref().unwrap().status() == 200)
        .count();
    assert_eq!(ok, 20, "20 per account, from 24 addresses");
    let (status, body) = error_code(start(token.clone(), fresh_ip()).await.unwrap()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (429, Some("rate_limited"))
    );

    // One address, many accounts.
    let ip = fresh_ip();
    let mut tokens = Vec::new();
    for _ in 0..8 {
        let person = Person::new();
        app.verified(&person).await;
        tokens.push(app.token_for(&person).await);
    }
    let answers = futures::future::join_all(
        tokens
            .iter()
            .cycle()
            .take(24)
            .map(|t| start(t.clone(), ip.clone())),
    )
    .await;
    let ok = answers
        .iter()
        .filter(|r| r.as_ref().unwrap().status() == 200)
        .count();
    assert_eq!(ok, 20, "20 per address, over 8 accounts");
}

/// Registrations begun one by one each see room under the cap; finished at once, only as
/// many as fit are stored. The ceremony itself needs a browser's authenticator, so the
/// finishing writes are made here as the finish step makes them, 25 at once.
async fn the_passkey_cap_holds_when_registrations_finish_at_once(db: Db) {
    use latch::auth::factors::passkeys::MAX_PASSKEYS;
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let notice = latch::store::NewMessage {
        channel: latch::store::Channel::Email,
        destination: ada.email.clone(),
        subject: "A passkey was added".into(),
        body: "…".into(),
        created_at: now,
        expires_at: now,
    };
    let audit = latch::store::AuditEntry {
        user_id: Some(user.id),
        actor_id: None,
        kind: "passkey_added",
        detail: None,
        ip: None,
        user_agent: None,
        at: now,
    };
    let inserts = (0..25).map(|n| {
        let record = latch::store::PasskeyRecord {
            id: uuid::Uuid::new_v4(),
            user_id: user.id,
            name: format!("key {n}"),
            credential: "{}".into(),
            created_at: now,
            last_used_at: None,
        };
        let store = app.store.clone();
        let (notice, audit) = (notice.clone(), audit.clone());
        tokio::spawn(async move {
            store
                .insert_passkey(&record, &[n as u8; 16], MAX_PASSKEYS, &notice, &audit)
                .await
        })
    });
    let mut stored = 0;
    for insert in futures::future::join_all(inserts).await {
        match insert.unwrap() {
            Ok(true) => stored += 1,
            Ok(false) => {}
            // SQLite may turn a writer away when the others hold the lock past its timeout.
            Err(latch::store::Error::Unavailable(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert!(stored >= 1);
    assert_eq!(
        app.store.passkeys_of(user.id).await.unwrap().len(),
        MAX_PASSKEYS as usize,
        "{stored} stored"
    );
}

async fn at_an_ip_address_passkeys_say_they_cannot_work(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/login/passkey/start",
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (503, Some("passkeys_unavailable"))
    );
    // Everything else works as before.
    let ada = Person::new();
    app.verified(&ada).await;
    app.token_for(&ada).await;
}

async fn adding_a_passkey_needs_a_recent_login_and_step_up(db: Db) {
    let app = on_localhost(&db, Vec::new()).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let start = |body: Option<Value>| {
        send(
            &app,
            Method::POST,
            "/api/v1/me/passkeys/register/start",
            Some(&token),
            body,
        )
    };
    // A session found an hour after its login cannot add a way in of its own.
    app.advance(std::time::Duration::from_secs(11 * 60));
    let (status, body) = error_code(start(None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("reauthentication_required"))
    );
    let (status, _) =
        error_code(start(Some(json!({"current_password": "not my password"}))).await).await;
    assert_eq!(status, 401);
    let with_password = Some(json!({"current_password": ada.password}));
    assert_eq!(start(with_password.clone()).await.status(), 200);

    // With an authenticator app, a recent second factor too.
    let bob = Person::new();
    app.verified(&bob).await;
    let token = app.token_for(&bob).await;
    let (secret, _) = crate::second_factor::enrol(&app, &token).await;
    app.advance(std::time::Duration::from_secs(11 * 60));
    let bob_password = Some(json!({"current_password": bob.password}));
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            "/api/v1/me/passkeys/register/start",
            Some(&token),
            bob_password.clone(),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("second_factor_required"))
    );
    let code = crate::second_factor::totp_code(&app, &secret, 0);
    let confirmed = send(
        &app,
        Method::POST,
        "/api/v1/me/second-factor",
        Some(&token),
        Some(json!({"method": "totp", "code": code})),
    )
    .await;
    assert_eq!(confirmed.status(), 204);
    let started = send(
        &app,
        Method::POST,
        "/api/v1/me/passkeys/register/start",
        Some(&token),
        bob_password,
    )
    .await;
    assert_eq!(started.status(), 200);
}

/// "Confirm it's you" with a passkey: only for a signed-in account that has one, and only with
/// the answer to a ceremony begun for that account. A passkey made by a real authenticator
/// confirming is the browser test's (passkeys.spec.mjs).
async fn confirming_with_a_passkey_takes_only_a_ceremony_begun_for_oneself(db: Db) {
    let app = on_localhost(&db, Vec::new()).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let start = "/api/v1/me/confirm/passkey/start";
    let finish = "/api/v1/me/confirm/passkey/finish";

    let (status, body) = error_code(send(&app, Method::POST, start, None, None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthenticated"))
    );
    let (status, body) =
        error_code(send(&app, Method::POST, start, Some(&token), None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found")),
        "no passkey to confirm with"
    );

    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            finish,
            Some(&token),
            Some(json!({"credential": 7})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["fields"]["credential"].is_array()),
        (422, true),
        "{body}"
    );

    // The answer to a login's ceremony (begun for nobody) does not confirm anyone, and the
    // login ceremony it names is not used up by trying.
    let options: Value = send(
        &app,
        Method::POST,
        "/api/v1/login/passkey/start",
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let challenge = options["publicKey"]["challenge"].as_str().unwrap();
    let forged = forged_assertion(
        challenge,
        b"some credential",
        uuid::Uuid::new_v4().as_bytes(),
    );
    let (status, body) = error_code(
        send(
            &app,
            Method::POST,
            finish,
            Some(&token),
            Some(json!({"credential": forged.clone()})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("passkey_refused"))
    );
    let query = "SELECT COUNT(*) FROM webauthn_ceremonies WHERE user_id IS NULL";
    let waiting: i64 = match &app.store {
        latch::store::Store::Sqlite(pool) => sqlx::query_scalar(query).fetch_one(pool).await,
        latch::store::Store::Postgres(pool) => sqlx::query_scalar(query).fetch_one(pool).await,
    }
    .unwrap();
    assert_eq!(waiting, 1, "the login's ceremony is still there");
}
