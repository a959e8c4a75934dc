//! Abuse resistance, issue 8 items 7 and 8, written as the attacker plays them: an account set
//! up with someone else's email address and the attacker's phone (pre-registration), and reset
//! links that outlive a password or email change. On SQLite and PostgreSQL.
use std::time::Duration;

use crate::support::{Db, Person, TestApp, error_code, reset_token_in};
use serde_json::{Value, json};

db_tests!(
    a_refused_sms_login_does_not_verify_the_phone,
    a_reset_that_first_proves_the_mailbox_unverifies_the_phone_and_voids_its_codes,
    a_reset_of_a_proven_mailbox_leaves_the_phone_verified,
    the_owner_verifies_the_number_again_from_the_account,
    verify_phone_needs_a_session_and_obeys_the_sms_limits,
    a_password_change_kills_unused_reset_links,
    an_email_change_kills_unused_reset_links,
    the_account_page_verifies_the_number_without_javascript,
    the_attacker_cannot_log_in_by_sms_after_the_owner_resets,
    an_owner_who_verified_the_squatted_address_resets_the_number_away,
);

/// The SMS cooldown per number (docs/API.md: one code per destination and purpose per 60 s).
const COOLDOWN: Duration = Duration::from_secs(61);

/// The token of the newest reset link emailed to `address`, waiting for it if needed.
async fn reset_token(app: &TestApp, address: &str) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let newest = app
            .mailbox
            .to(address)
            .into_iter()
            .rev()
            .find_map(|m| reset_token_in(&m.text()));
        if let Some(token) = newest {
            return token;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no reset link reached {address} within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn forgot(app: &TestApp, email: &str) {
    assert_eq!(app.forgot_password(email).await.status(), 202);
}

/// `POST /api/v1/me/phone/verify` as an app does it: a bearer token and no body.
async fn request_verification(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/me/phone/verify"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Whether the stored account of `email` has a verified phone.
async fn phone_verified(app: &TestApp, email: &str) -> bool {
    app.store
        .find_user_by_email(email)
        .await
        .unwrap()
        .expect("the account exists")
        .phone_verified_at
        .is_some()
}

/// The attacker registers `victim`'s address with `attacker_phone` and logs in by SMS: the
/// code is right, the login is refused because nobody proved the address.
async fn pre_register(app: &TestApp, victim: &Person, attacker_phone: &str) {
    let mut squatted = victim.clone();
    squatted.phone = attacker_phone.to_owned();
    squatted.password = "the attacker's own secret".into();
    assert_eq!(app.register(&squatted).await.status(), 201);
    assert_eq!(app.request_otp(attacker_phone).await.status(), 202);
    let code = app.sms.last_code_for(attacker_phone).await;
    let (status, body) = error_code(app.verify_otp(attacker_phone, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("email_not_verified"))
    );
}

async fn a_refused_sms_login_does_not_verify_the_phone(db: Db) {
    let app = TestApp::spawn(&db).await;
    let victim = Person::new();
    let attacker_phone = Person::new().phone;
    pre_register(&app, &victim, &attacker_phone).await;
    assert!(
        !phone_verified(&app, &victim.email).await,
        "a login refused for an unproven mailbox proves nothing about the phone"
    );
}

async fn a_reset_that_first_proves_the_mailbox_unverifies_the_phone_and_voids_its_codes(db: Db) {
    let app = TestApp::spawn(&db).await;
    let victim = Person::new();
    let attacker_phone = Person::new().phone;
    pre_register(&app, &victim, &attacker_phone).await;
    // The attacker keeps a fresh login code in hand for after the owner's reset.
    app.advance(COOLDOWN);
    assert_eq!(app.request_otp(&attacker_phone).await.status(), 202);
    app.sms.wait_for(&attacker_phone, 2).await;
    let kept = app.sms.last_code_for(&attacker_phone).await;
    // Whatever the store says about the phone before the reset (a regression elsewhere could
    // have marked it), the reset must leave it unverified: force the worst case.
    let user = app
        .store
        .find_user_by_email(&victim.email)
        .await
        .unwrap()
        .unwrap();
    app.store
        .mark_phone_verified(user.id, &attacker_phone, user.created_at)
        .await
        .unwrap();

    // The owner of the mailbox takes the account back.
    forgot(&app, &victim.email).await;
    let token = reset_token(&app, &victim.email).await;
    assert_eq!(
        app.reset_password(&token, "the owner's new passphrase")
            .await
            .status(),
        200
    );

    let user = app
        .store
        .find_user_by_email(&victim.email)
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.email_verified_at.is_some(),
        "the link proved the mailbox"
    );
    assert!(
        user.phone_verified_at.is_none(),
        "the number the attacker set up no longer counts as proven"
    );
    let owner = app
        .token_for(&Person {
            password: "the owner's new passphrase".into(),
            ..victim.clone()
        })
        .await;
    let me: Value = app
        .get_with_token("/api/v1/me", &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["phone_verified"], false);

    // The code the attacker kept died with the reset.
    let (status, body) = error_code(app.verify_otp(&attacker_phone, &kept).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
}

async fn a_reset_of_a_proven_mailbox_leaves_the_phone_verified(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.request_otp(&ada.phone).await;
    let code = app.sms.last_code_for(&ada.phone).await;
    assert_eq!(app.verify_otp(&ada.phone, &code).await.status(), 200);
    assert!(phone_verified(&app, &ada.email).await);

    forgot(&app, &ada.email).await;
    let token = reset_token(&app, &ada.email).await;
    assert_eq!(
        app.reset_password(&token, "a brand new passphrase")
            .await
            .status(),
        200
    );
    assert!(
        phone_verified(&app, &ada.email).await,
        "the mailbox was proven before: the reset is no first proof"
    );
}

/// Ada registered herself but never used the emailed code; a reset is her first proof of the
/// mailbox, so her number must be confirmed again, from the account.
async fn the_owner_verifies_the_number_again_from_the_account(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.register_and_read_code(&ada).await;
    forgot(&app, &ada.email).await;
    let token = reset_token(&app, &ada.email).await;
    let ada = Person {
        password: "a brand new passphrase".into(),
        ..ada
    };
    assert_eq!(
        app.reset_password(&token, &ada.password).await.status(),
        200
    );
    let session = app.token_for(&ada).await;

    let response = request_verification(&app, &session).await;
    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["phone"], ada.phone);
    assert_eq!(body["user"]["phone_verified"], false);
    assert_eq!(body["pending"], json!({"email": null, "phone": ada.phone}));

    let code = app.sms.last_code_for(&ada.phone).await;
    let response = app
        .post_with_token("/api/v1/me/phone/confirm", &session, json!({"code": code}))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["phone"], ada.phone);
    assert_eq!(body["user"]["phone_verified"], true);
    assert!(phone_verified(&app, &ada.email).await);

    // A verified number gets no more codes from this endpoint.
    app.advance(COOLDOWN);
    let response = request_verification(&app, &session).await;
    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["pending"]["phone"], Value::Null);
    app.outbox_drained().await;
    assert_eq!(app.sms.to(&ada.phone).len(), 1, "no second SMS");
}

async fn verify_phone_needs_a_session_and_obeys_the_sms_limits(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (status, body) = error_code(
        app.client
            .post(app.url("/api/v1/me/phone/verify"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthenticated"))
    );

    let ada = Person::new();
    app.verified(&ada).await;
    let session = app.token_for(&ada).await;
    assert_eq!(request_verification(&app, &session).await.status(), 202);
    // Pressed again at once: the per-number cooldown holds, as for every SMS.
    let again = request_verification(&app, &session).await;
    let retry_after = again.headers().get("retry-after").cloned();
    let (status, body) = error_code(again).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (429, Some("rate_limited"))
    );
    assert!(retry_after.is_some(), "429 carries Retry-After");
    app.outbox_drained().await;
    assert_eq!(app.sms.to(&ada.phone).len(), 1);

    // The document lists every answer the fuzzing in CI can meet.
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = &doc["paths"];
    for (path, method, statuses) in [
        (
            "/api/v1/me/phone/verify",
            "post",
            &["202", "401", "403", "422", "429", "503"][..],
        ),
        ("/api/v1/me", "patch", &["429", "503"][..]),
        ("/api/v1/me/email/confirm", "post", &["429"][..]),
        ("/api/v1/me/phone/confirm", "post", &["429"][..]),
        ("/api/v1/me/password", "post", &["429", "503"][..]),
    ] {
        for status in statuses {
            assert!(
                paths[path][method]["responses"][status].is_object(),
                "{method} {path} documents {status}"
            );
        }
    }
}

async fn a_password_change_kills_unused_reset_links(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    // A link waits in the mailbox (or in the hands of whoever read it there) ...
    forgot(&app, &ada.email).await;
    let token = reset_token(&app, &ada.email).await;
    // ... when the owner changes the password from a session.
    let session = app.token_for(&ada).await;
    let response = app
        .post_with_token(
            "/api/v1/me/password",
            &session,
            json!({"current_password": ada.password, "new_password": "the owner's new passphrase"}),
        )
        .await;
    assert_eq!(response.status(), 204);

    let (status, body) = error_code(
        app.reset_password(&token, "the attacker's passphrase")
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token"))
    );
    assert_eq!(
        app.password_login(&ada.email, "the owner's new passphrase")
            .await
            .status(),
        200,
        "the owner's change stands"
    );
}

async fn an_email_change_kills_unused_reset_links(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    forgot(&app, &ada.email).await;
    let token = reset_token(&app, &ada.email).await;

    // Ada moves to a new address: a link sent to the old mailbox must stop working.
    let session = app.token_for(&ada).await;
    let new_email = Person::new().email;
    let response = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&session)
        .json(&json!({"email": new_email}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let code = app.mailbox.last_code_for(&new_email).await;
    let response = app
        .post_with_token("/api/v1/me/email/confirm", &session, json!({"code": code}))
        .await;
    assert_eq!(response.status(), 200);

    let (status, body) = error_code(
        app.reset_password(&token, "the attacker's passphrase")
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token"))
    );
    assert_eq!(
        app.password_login(&new_email, &ada.password).await.status(),
        200,
        "the password is unchanged"
    );
}

async fn the_account_page_verifies_the_number_without_javascript(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let session = app.token_for(&ada).await;
    let cookie = format!("latch_session={session}");
    let page = |path: &'static str| {
        app.client
            .get(app.url(path))
            .header("cookie", &cookie)
            .send()
    };

    let html = page("/account").await.unwrap().text().await.unwrap();
    assert!(html.contains("(not verified)"), "{html}");
    assert!(
        html.contains("action=\"/fn/verify_phone\""),
        "the form posts without JavaScript"
    );
    assert!(html.contains(">Verify this number</button>"));

    let response = app
        .client
        .post(app.url("/fn/verify_phone"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url("/account"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/account?done=phone-code-sent"
    );
    let code = app.sms.last_code_for(&ada.phone).await;
    let html = page("/account?done=phone-code-sent")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<label for=\"field-phone-code-code\">Code from the SMS"),
        "the phone-code form is shown"
    );

    let response = app
        .client
        .post(app.url("/fn/confirm_phone_change"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url("/account"))
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/account?done=phone-verified"
    );
    assert!(phone_verified(&app, &ada.email).await);
    let html = page("/account?done=phone-verified")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Your phone number is verified."));
    assert!(
        !html.contains("Verify this number"),
        "a verified number offers no verification"
    );

    // A cross-site page cannot make the browser spend SMS.
    let response = app
        .client
        .post(app.url("/fn/verify_phone"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

async fn the_attacker_cannot_log_in_by_sms_after_the_owner_resets(db: Db) {
    let app = TestApp::spawn(&db).await;
    let victim = Person::new();
    let attacker_phone = Person::new().phone;
    pre_register(&app, &victim, &attacker_phone).await;
    forgot(&app, &victim.email).await;
    let token = reset_token(&app, &victim.email).await;
    assert_eq!(
        app.reset_password(&token, "the owner's new passphrase")
            .await
            .status(),
        200
    );

    // The voided number is answered like an unknown one: the same 202, and no code.
    app.advance(COOLDOWN);
    assert_eq!(app.request_otp(&attacker_phone).await.status(), 202);
    app.outbox_drained().await;
    let sms = app.sms.to(&attacker_phone);
    assert_eq!(sms.len(), 1, "only the code sent before the reset");
    let old = app.sms.last_code_for(&attacker_phone).await;
    assert_ne!(
        app.verify_otp(&attacker_phone, &old).await.status(),
        200,
        "the attacker logged into the victim's account by SMS"
    );
}

/// The victim took up the squatted account with the emailed code (the address is now proven,
/// the attacker's number never was), then reset the password to take it over: the reset is
/// no first proof of the mailbox, yet the number the attacker typed must not survive it.
async fn an_owner_who_verified_the_squatted_address_resets_the_number_away(db: Db) {
    let app = TestApp::spawn(&db).await;
    let victim = Person::new();
    let attacker_phone = Person::new().phone;
    pre_register(&app, &victim, &attacker_phone).await;
    let code = app.mailbox.last_code_for(&victim.email).await;
    assert_eq!(app.verify(&victim.email, &code).await.status(), 200);
    forgot(&app, &victim.email).await;
    let token = reset_token(&app, &victim.email).await;
    assert_eq!(
        app.reset_password(&token, "the owner's new passphrase")
            .await
            .status(),
        200
    );
    assert!(!phone_verified(&app, &victim.email).await);

    app.advance(COOLDOWN);
    assert_eq!(app.request_otp(&attacker_phone).await.status(), 202);
    app.outbox_drained().await;
    assert_eq!(
        app.sms.to(&attacker_phone).len(),
        1,
        "a login code reached the number the owner never proved"
    );
}
