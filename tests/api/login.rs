//! Logging in by SMS code and by password, and where a login may send the browser next
//! (return_to), on SQLite and PostgreSQL. Sessions are in `sessions.rs`, the limits on logins in
//! `login_limits.rs`.

use std::time::Duration;

use serde_json::Value;

use crate::support::{Db, Person, TestApp, error_code, wrong_code};

db_tests!(
    otp_login_happy_path,
    an_unknown_phone_gets_the_same_202_and_no_sms,
    five_wrong_sms_codes_kill_the_code,
    an_expired_sms_code_fails,
    a_replayed_sms_code_fails,
    twenty_parallel_verifies_of_one_code_make_one_session,
    password_login_works_with_email_and_with_phone,
    unknown_identifier_and_wrong_password_answer_alike,
    an_unverified_email_gets_403_and_a_new_code,
    return_to_is_followed_only_to_allowed_origins,
);

async fn otp_login_happy_path(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;

    let response = app.request_otp(&ada.phone).await;
    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), "{}");
    let sms = app.sms.wait_for(&ada.phone, 1).await;
    let code = sms[0].code().expect("a code in the SMS");

    let response = app.verify_otp(&ada.phone, &code).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    let token = body["session_token"].as_str().unwrap();
    assert!(token.len() >= 22, "at least 128 bits");
    assert!(
        cookie.starts_with(&format!("latch_session={token}")),
        "{cookie}"
    );
    assert!(chrono::DateTime::parse_from_rfc3339(body["expires_at"].as_str().unwrap()).is_ok());
    assert_eq!(body["user"]["email"], ada.email);
    assert_eq!(
        body["user"]["phone_verified"], true,
        "the code proved the number"
    );

    let me: Value = app
        .get_with_token("/api/v1/session", token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["email"], ada.email);
    assert!(me["session"]["id"].as_str().is_some());
    assert!(me["session"]["authenticated_at"].as_str().is_some());

    // The cookie alone works too.
    let by_cookie = app
        .get_with_cookie("/api/v1/session", cookie.split(';').next().unwrap())
        .await;
    assert_eq!(by_cookie.status(), 200);

    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    let kinds = app.store.audit_kinds(user.id).await.unwrap();
    assert!(
        kinds.contains(&"otp_sent".to_owned()) && kinds.contains(&"login_succeeded".to_owned()),
        "{kinds:?}"
    );
}

async fn an_unknown_phone_gets_the_same_202_and_no_sms(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let unknown = "+12015559876";

    let known = app.request_otp(&ada.phone).await;
    let other = app.request_otp(unknown).await;
    assert_eq!(known.status(), other.status());
    assert_eq!(
        known.headers().get("content-type"),
        other.headers().get("content-type")
    );
    assert_eq!(known.text().await.unwrap(), other.text().await.unwrap());
    app.outbox_drained().await;
    assert_eq!(app.sms.to(&ada.phone).len(), 1);
    assert!(
        app.sms.to(unknown).is_empty(),
        "no SMS to an unregistered number"
    );
    assert!(app.store.outbox_status(unknown).await.unwrap().is_empty());

    // A malformed number is a validation error, not a silent 202.
    let (status, body) = error_code(app.request_otp("5551234").await).await;
    assert_eq!(
        (status, body["error"]["fields"]["phone"].is_array()),
        (422, true)
    );
}

async fn five_wrong_sms_codes_kill_the_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.request_otp(&ada.phone).await;
    let code = app.sms.last_code_for(&ada.phone).await;
    for attempt in 1..=5 {
        let (status, body) = error_code(app.verify_otp(&ada.phone, &wrong_code(&code)).await).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_code")),
            "try {attempt}"
        );
    }
    let (status, _) = error_code(app.verify_otp(&ada.phone, &code).await).await;
    assert_eq!(status, 400, "dead after five wrong tries");
}

async fn an_expired_sms_code_fails(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.request_otp(&ada.phone).await;
    let code = app.sms.last_code_for(&ada.phone).await;
    app.advance(Duration::from_secs(5 * 60 + 1));
    let (status, body) = error_code(app.verify_otp(&ada.phone, &code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
}

async fn a_replayed_sms_code_fails(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.request_otp(&ada.phone).await;
    let code = app.sms.last_code_for(&ada.phone).await;
    assert_eq!(app.verify_otp(&ada.phone, &code).await.status(), 200);
    let (status, _) = error_code(app.verify_otp(&ada.phone, &code).await).await;
    assert_eq!(status, 400);
}

async fn twenty_parallel_verifies_of_one_code_make_one_session(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    app.request_otp(&ada.phone).await;
    let code = app.sms.last_code_for(&ada.phone).await;
    let attempts = (0..20).map(|_| {
        let app = &app;
        let (phone, code) = (ada.phone.clone(), code.clone());
        async move { app.verify_otp(&phone, &code).await.status().as_u16() }
    });
    let statuses = futures::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    // The others are failures (the code is used or out of tries); past ten, the account's
    // failure limit answers 429 instead.
    assert!(
        statuses.iter().all(|s| [200, 400, 429].contains(s)),
        "{statuses:?}"
    );
    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    let sessions = app
        .store
        .list_sessions(user.id, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
}

async fn password_login_works_with_email_and_with_phone(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    for identifier in [
        ada.email.clone(),
        ada.email.to_uppercase(),
        ada.phone.clone(),
    ] {
        let response = app.password_login(&identifier, &ada.password).await;
        assert_eq!(response.status(), 200, "{identifier}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["user"]["email"], ada.email);
        assert!(body["session_token"].is_string());
    }
}

async fn unknown_identifier_and_wrong_password_answer_alike(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let wrong = app
        .password_login(&ada.email, "not the password at all")
        .await;
    let unknown = app
        .password_login("nobody.here@example.com", "not the password at all")
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), wrong.status());
    assert_eq!(
        unknown.headers().get("content-type"),
        wrong.headers().get("content-type")
    );
    let (wrong, unknown): (Value, Value) =
        (wrong.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["error"]["code"], "invalid_credentials");
}

async fn an_unverified_email_gets_403_and_a_new_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.register_and_read_code(&ada).await;
    app.advance(Duration::from_secs(61));

    let (status, body) = error_code(app.password_login(&ada.email, &ada.password).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("email_not_verified"))
    );
    let emails = app.mailbox.wait_for(&ada.email, 2).await;
    let fresh = emails[1].code().unwrap();

    // The same for an SMS login: the code is right, the address is not verified.
    app.advance(Duration::from_secs(61));
    app.request_otp(&ada.phone).await;
    let sms = app.sms.last_code_for(&ada.phone).await;
    let (status, body) = error_code(app.verify_otp(&ada.phone, &sms).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("email_not_verified"))
    );
    let emails = app.mailbox.wait_for(&ada.email, 3).await;
    let newest = emails[2].code().unwrap();
    if newest != fresh {
        assert_eq!(
            app.verify(&ada.email, &fresh).await.status(),
            400,
            "older code died"
        );
    }
    assert_eq!(app.verify(&ada.email, &newest).await.status(), 200);
    assert_eq!(
        app.password_login(&ada.email, &ada.password).await.status(),
        200
    );
}

async fn return_to_is_followed_only_to_allowed_origins(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let login = |return_to: &str| {
        let form = [
            ("identifier", ada.email.as_str()),
            ("password", ada.password.as_str()),
            ("return_to", return_to),
        ];
        app.client
            .post(app.url("/fn/log_in_with_password"))
            .header("accept", "text/html")
            .header("referer", app.url("/login"))
            .form(&form)
            .send()
    };
    let allowed = login("https://app.example.com/welcome?from=latch")
        .await
        .unwrap();
    assert_eq!(allowed.status(), 302);
    assert_eq!(
        allowed.headers()["location"],
        "https://app.example.com/welcome?from=latch"
    );

    for refused in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://app.example.com@evil.example/",
        "http://app.example.com/",
        "not a url",
    ] {
        let response = login(refused).await.unwrap();
        assert_eq!(response.status(), 302, "{refused}");
        assert_eq!(
            response.headers()["location"],
            "/account",
            "{refused} must not be followed"
        );
    }
}
