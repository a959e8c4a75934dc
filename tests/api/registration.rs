//! Registration and email verification through the JSON API, on SQLite and PostgreSQL.
use std::time::Duration;

use crate::support::{Db, Person, TestApp, error_code, wrong_code};
use serde_json::{Value, json};

db_tests!(
    registration_creates_an_unverified_user_and_emails_a_code,
    the_emailed_code_verifies_the_address,
    every_bad_field_gets_422_naming_it,
    weak_passwords_are_refused,
    names_that_hold_an_address_are_refused,
    a_taken_email_or_phone_gets_409,
    parallel_registrations_of_one_email_create_one_user,
    five_wrong_codes_kill_the_code,
    an_expired_code_fails,
    a_used_code_fails,
    a_resent_code_kills_the_old_one,
    the_resend_cooldown_holds,
    resend_answers_unknown_addresses_the_same,
    verify_answers_unknown_addresses_like_a_wrong_code,
    codes_are_not_stored_in_the_clear,
);

async fn registration_creates_an_unverified_user_and_emails_a_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let mut input = ada.json();
    input["email"] = json!(format!("  {}  ", ada.email.to_uppercase()));
    let p = &ada.phone;
    input["phone"] = json!(format!("+1 ({}) {}-{}", &p[2..5], &p[5..8], &p[8..]));

    let response = app.post_json("/api/v1/register", &input).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.headers()["cache-control"],
        "no-store",
        "responses with personal data must not be cached"
    );
    let body: Value = response.json().await.unwrap();
    let user = &body["user"];
    assert_eq!(user["first_name"], "Ada");
    assert_eq!(user["last_name"], "Lovelace");
    assert_eq!(user["email"], ada.email, "email is normalised");
    assert_eq!(user["phone"], ada.phone, "phone is stored in E.164");
    assert_eq!(user["email_verified"], false);
    assert_eq!(user["phone_verified"], false);
    assert_eq!(user["roles"], json!(["user"]));
    assert!(uuid::Uuid::parse_str(user["id"].as_str().unwrap()).is_ok());
    assert!(chrono::DateTime::parse_from_rfc3339(user["created_at"].as_str().unwrap()).is_ok());
    assert!(user.get("password_hash").is_none() && user.get("password").is_none());

    let emails = app.mailbox.wait_for(&ada.email, 1).await;
    assert_eq!(emails.len(), 1);
    assert!(emails[0].code().is_some(), "the email holds a 6-digit code");
    assert!(emails[0].from.contains("no-reply@latch.test"));

    let record = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    assert!(
        record
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    assert!(record.email_verified_at.is_none());
    assert_eq!(
        app.store.audit_kinds(record.id).await.unwrap(),
        ["registered"]
    );
}

async fn the_emailed_code_verifies_the_address(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;

    let response = app.verify(&ada.email.to_uppercase(), &code).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email_verified"], true);
    assert_eq!(body["user"]["email"], ada.email);

    let record = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    assert!(record.email_verified_at.is_some());
    assert_eq!(
        app.store.audit_kinds(record.id).await.unwrap(),
        ["registered", "email_verified"]
    );
}

async fn every_bad_field_gets_422_naming_it(db: Db) {
    let app = TestApp::spawn(&db).await;
    let cases: Vec<(&str, Value)> = vec![
        ("first_name", json!("")),
        ("first_name", json!("   ")),
        ("first_name", json!("x".repeat(101))),
        ("first_name", json!("Ada\u{7}")),
        ("last_name", json!("")),
        ("last_name", json!("Love\nlace")),
        ("email", json!("")),
        ("email", json!("not-an-email")),
        ("email", json!("ada@")),
        ("phone", json!("")),
        ("phone", json!("2015550123")),
        ("phone", json!("+1 555")),
        ("phone", json!("+99 12345")),
        ("password", json!("")),
        ("password", json!("short")),
        ("password", json!("x".repeat(129))),
    ];
    for (field, value) in cases {
        let mut input = Person::new().json();
        input[field] = value.clone();
        let (status, body) = error_code(app.post_json("/api/v1/register", &input).await).await;
        assert_eq!(status, 422, "{field} = {value}");
        assert_eq!(body["error"]["code"], "validation_failed");
        let fields = body["error"]["fields"].as_object().unwrap();
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            [field],
            "{field} = {value}: {body}"
        );
        assert!(
            fields[field][0].as_str().unwrap().len() > 3,
            "a readable message"
        );
    }

    // A missing field is named like an empty one; all problems come back at once.
    let (status, body) = error_code(app.post_json("/api/v1/register", &json!({})).await).await;
    assert_eq!(status, 422);
    let mut named: Vec<_> = body["error"]["fields"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    named.sort();
    assert_eq!(
        named,
        ["email", "first_name", "last_name", "password", "phone"]
    );
    // Nothing was created and nothing sent.
    assert!(app.mailbox.all().is_empty());
}

async fn weak_passwords_are_refused(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    for password in [
        "password1".to_owned(),
        "iloveyou".to_owned(),
        ada.email.clone(),
        ada.phone.clone(),
        "Lovelace".to_owned(),
        "ada lovelace".to_owned(),
    ] {
        let mut input = ada.json();
        input["password"] = json!(password);
        let (status, body) = error_code(app.post_json("/api/v1/register", &input).await).await;
        assert_eq!(status, 422, "{password}");
        assert!(
            body["error"]["fields"]["password"].is_array(),
            "{password}: {body}"
        );
    }
}

/// A first name of `Visit https://evil.example now` registered and the email read "Hello Visit
/// https://evil.example now,": a phishing line in a mail from the operator's domain.
async fn names_that_hold_an_address_are_refused(db: Db) {
    let app = TestApp::spawn(&db).await;
    for (field, name) in [
        ("first_name", "Visit https://evil.example now"),
        ("first_name", "evil.example"),
        ("last_name", "write to ada@evil.example"),
        ("last_name", "www.evil"),
    ] {
        let ada = Person::new();
        let mut input = ada.json();
        input[field] = json!(name);
        let (status, body) = error_code(app.post_json("/api/v1/register", &input).await).await;
        assert_eq!(status, 422, "{name}");
        assert!(body["error"]["fields"][field].is_array(), "{name}: {body}");
        assert!(app.mailbox.to(&ada.email).is_empty(), "nothing was sent");
    }
    // Initials are no address; the change of a name is held to the same rule.
    let mut ada = Person::new();
    ada.first_name = "J.R.R.".into();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let response = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&json!({"last_name": "see evil.example"}))
        .send()
        .await
        .unwrap();
    let (status, body) = error_code(response).await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["last_name"].is_array(), "{body}");
}

async fn a_taken_email_or_phone_gets_409(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    assert_eq!(app.register(&ada).await.status(), 201);

    let mut same_email = Person::new();
    same_email.email = ada.email.to_uppercase();
    let (status, body) = error_code(app.register(&same_email).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("email_taken"))
    );

    let mut same_phone = Person::new();
    same_phone.phone = ada.phone.clone();
    let (status, body) = error_code(app.register(&same_phone).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("phone_taken"))
    );
}

async fn parallel_registrations_of_one_email_create_one_user(db: Db) {
    let app = TestApp::spawn(&db).await;
    let email = Person::new().email;
    let attempts = (0..8).map(|i| {
        let mut p = Person::new();
        p.email = email.clone();
        p.phone = format!("+120155590{i:02}");
        let app = &app;
        async move { app.register(&p).await.status().as_u16() }
    });
    let mut statuses = futures::future::join_all(attempts).await;
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
    // Exactly one account and one verification email exist.
    assert!(
        app.store
            .find_user_by_email(&email)
            .await
            .unwrap()
            .is_some()
    );
    app.outbox_drained().await;
    assert_eq!(app.store.outbox_status(&email).await.unwrap().len(), 1);
}

async fn five_wrong_codes_kill_the_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;
    let wrong = wrong_code(&code);
    for attempt in 1..=5 {
        let (status, body) = error_code(app.verify(&ada.email, &wrong).await).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_code")),
            "attempt {attempt}"
        );
    }
    let (status, body) = error_code(app.verify(&ada.email, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code")),
        "after five wrong tries even the right code is dead"
    );
    let record = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    assert!(record.email_verified_at.is_none());
}

async fn an_expired_code_fails(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;
    app.advance(Duration::from_secs(15 * 60 + 1));
    let (status, body) = error_code(app.verify(&ada.email, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
}

async fn a_used_code_fails(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;
    // Just inside the lifetime still works.
    app.advance(Duration::from_secs(14 * 60));
    assert_eq!(app.verify(&ada.email, &code).await.status(), 200);
    let (status, body) = error_code(app.verify(&ada.email, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
}

async fn a_resent_code_kills_the_old_one(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let old = app.register_and_read_code(&ada).await;
    app.advance(Duration::from_secs(61));

    let response = app.resend(&ada.email).await;
    assert_eq!(response.status(), 202);
    let emails = app.mailbox.wait_for(&ada.email, 2).await;
    let new = emails[1].code().unwrap();

    if new != old {
        let (status, _) = error_code(app.verify(&ada.email, &old).await).await;
        assert_eq!(status, 400, "the old code died when the new one was sent");
    }
    assert_eq!(app.verify(&ada.email, &new).await.status(), 200);
}

async fn the_resend_cooldown_holds(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;
    for _ in 0..3 {
        assert_eq!(app.resend(&ada.email).await.status(), 202);
    }
    app.advance(Duration::from_secs(59));
    assert_eq!(app.resend(&ada.email).await.status(), 202);
    assert_eq!(
        app.store.outbox_status(&ada.email).await.unwrap().len(),
        1,
        "no second email inside 60 s"
    );
    // The code from the first email is still the live one.
    assert_eq!(app.verify(&ada.email, &code).await.status(), 200);

    let bob = Person::new();
    app.register_and_read_code(&bob).await;
    app.advance(Duration::from_secs(61));
    assert_eq!(app.resend(&bob.email).await.status(), 202);
    assert_eq!(
        app.store.outbox_status(&bob.email).await.unwrap().len(),
        2,
        "after 60 s one more"
    );
}

async fn resend_answers_unknown_addresses_the_same(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.register_and_read_code(&ada).await;
    app.advance(Duration::from_secs(61));

    let known = app.resend(&ada.email).await;
    let unknown = app.resend("nobody.here@example.com").await;
    assert_eq!(known.status(), 202);
    assert_eq!(unknown.status(), known.status());
    assert_eq!(
        unknown.headers().get("content-type"),
        known.headers().get("content-type")
    );
    assert_eq!(unknown.text().await.unwrap(), known.text().await.unwrap());
    assert!(
        app.store
            .outbox_status("nobody.here@example.com")
            .await
            .unwrap()
            .is_empty()
    );

    // A malformed address is a validation error, not a silent 202.
    let (status, body) = error_code(app.resend("nope").await).await;
    assert_eq!(
        (status, body["error"]["fields"]["email"].is_array()),
        (422, true)
    );
}

async fn verify_answers_unknown_addresses_like_a_wrong_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (status, body) = error_code(app.verify("nobody.here@example.com", "123456").await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    let (status, body) = error_code(app.verify("nobody.here@example.com", "12345").await).await;
    assert_eq!(
        (status, body["error"]["fields"]["code"].is_array()),
        (422, true)
    );
}

async fn codes_are_not_stored_in_the_clear(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    let code = app.register_and_read_code(&ada).await;
    // Marked delivered, which erases its body.
    app.outbox_drained().await;
    let rows = app.store.outbox_status(&ada.email).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, "sent");
    assert!(rows[0].body.is_empty(), "a delivered message keeps no body");
    assert!(!rows[0].body.contains(&code));
}
