//! Logging in by SMS code and by password, sessions (cookie and bearer), logout, revocation,
//! rate limits and return_to, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{Db, Options, Person, TestApp, error_code, wrong_code};

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
    the_session_cookie_has_the_right_flags,
    the_session_id_changes_at_login,
    logout_makes_cookie_and_token_useless,
    revoking_another_session_ends_it,
    session_requires_authentication,
    otp_requests_are_limited_per_ip,
    sms_per_number_and_cooldown_are_limited,
    failed_passwords_are_limited_per_identifier,
    logins_are_limited_per_ip,
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
        .client
        .get(app.url("/api/v1/session"))
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
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
    app.sms.wait_for(&ada.phone, 1).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
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

async fn the_session_cookie_has_the_right_flags(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let response = app.password_login(&ada.email, &ada.password).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure flag ({cookie})"
    );
    let max_age: i64 = cookie
        .split(';')
        .find_map(|p| p.trim().strip_prefix("Max-Age="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (29 * 86_400..=30 * 86_400).contains(&max_age),
        "30-day cookie, got {max_age}"
    );

    let https = TestApp::spawn_with(
        &db,
        Options {
            extra: vec![
                ("PUBLIC_URL", "https://auth.example.com".into()),
                (
                    "LATCH_SECRET",
                    "a secret of more than thirty-two bytes".into(),
                ),
            ],
            ..Options::default()
        },
    )
    .await;
    let bob = Person::new();
    https.verified(&bob).await;
    let response = https.password_login(&bob.email, &bob.password).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().contains_key("strict-transport-security"));
}

fn cookie_of(response: &reqwest::Response) -> String {
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn the_session_id_changes_at_login(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let first = app.password_login(&ada.email, &ada.password).await;
    let first_cookie = cookie_of(&first);

    // Logging in again with the old cookie gets a new id, and the old one stops working.
    let second = app
        .client
        .post(app.url("/api/v1/login/password"))
        .header("cookie", &first_cookie)
        .header("origin", &app.base)
        .json(&json!({"identifier": ada.email, "password": ada.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 200);
    let second_cookie = cookie_of(&second);
    assert_ne!(first_cookie, second_cookie);
    let old = app
        .client
        .get(app.url("/api/v1/session"))
        .header("cookie", &first_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401);
    let new = app
        .client
        .get(app.url("/api/v1/session"))
        .header("cookie", &second_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), 200);
}

async fn logout_makes_cookie_and_token_useless(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;

    let token = app.token_for(&ada).await;
    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let (status, body) = error_code(app.get_with_token("/api/v1/session", &token).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthenticated"))
    );

    let login = app.password_login(&ada.email, &ada.password).await;
    let cookie = cookie_of(&login);
    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = app
        .client
        .get(app.url("/api/v1/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status(),
        401,
        "the old cookie is useless: server-side state is gone"
    );
}

async fn revoking_another_session_ends_it(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let laptop = app.token_for(&ada).await;
    let phone = app.token_for(&ada).await;

    let list: Value = app
        .get_with_token("/api/v1/sessions", &laptop)
        .await
        .json()
        .await
        .unwrap();
    let sessions = list["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_session: Value = app
        .get_with_token("/api/v1/session", &phone)
        .await
        .json()
        .await
        .unwrap();
    let phone_id = phone_session["session"]["id"].as_str().unwrap();

    let revoke = app
        .client
        .delete(app.url(&format!("/api/v1/sessions/{phone_id}")))
        .bearer_auth(&laptop)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    assert_eq!(
        app.get_with_token("/api/v1/session", &phone).await.status(),
        401
    );
    assert_eq!(
        app.get_with_token("/api/v1/session", &laptop)
            .await
            .status(),
        200
    );

    // Someone else's session is not found, and stays alive.
    let bob = Person::new();
    app.verified(&bob).await;
    let bobs = app.token_for(&bob).await;
    let bob_session: Value = app
        .get_with_token("/api/v1/session", &bobs)
        .await
        .json()
        .await
        .unwrap();
    let bob_id = bob_session["session"]["id"].as_str().unwrap();
    let (status, _) = error_code(
        app.client
            .delete(app.url(&format!("/api/v1/sessions/{bob_id}")))
            .bearer_auth(&laptop)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        app.get_with_token("/api/v1/session", &bobs).await.status(),
        200
    );
}

async fn session_requires_authentication(db: Db) {
    let app = TestApp::spawn(&db).await;
    for token in [None, Some("garbage"), Some("AAAAAAAAAAAAAAAAAAAAAA")] {
        let mut request = app.client.get(app.url("/api/v1/session"));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let (status, body) = error_code(request.send().await.unwrap()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (401, Some("unauthenticated")),
            "{token:?}"
        );
    }
    let (status, _) = error_code(app.get("/api/v1/sessions").await).await;
    assert_eq!(status, 401);
}

async fn assert_limited(response: reqwest::Response) {
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
}

async fn otp_requests_are_limited_per_ip(db: Db) {
    let app = TestApp::spawn(&db).await;
    for i in 0..20 {
        let response = app.request_otp(&format!("+120155571{i:02}")).await;
        assert_eq!(response.status(), 202, "request {i}");
    }
    assert_limited(app.request_otp("+12015557199").await).await;
    // The window ends, the IP may ask again.
    app.advance(Duration::from_secs(3601));
    assert_eq!(app.request_otp("+12015557198").await.status(), 202);
}

async fn sms_per_number_and_cooldown_are_limited(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    for unknown_too in [ada.phone.as_str(), "+12015557777"] {
        assert_eq!(app.request_otp(unknown_too).await.status(), 202);
        // 60 s between codes to one number, registered or not.
        assert_limited(app.request_otp(unknown_too).await).await;
    }
    // At most 3 login codes an hour to one number (the tighter of that and 5 SMS a number).
    for _ in 1..3 {
        app.advance(Duration::from_secs(61));
        assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    }
    app.advance(Duration::from_secs(61));
    assert_limited(app.request_otp(&ada.phone).await).await;
    app.sms.wait_for(&ada.phone, 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.sms.to(&ada.phone).len(),
        3,
        "three login codes an hour, no more"
    );
}

async fn failed_passwords_are_limited_per_identifier(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    for _ in 0..10 {
        assert_eq!(
            app.password_login(&ada.email, "wrong password here")
                .await
                .status(),
            401
        );
    }
    // Even the right password waits now: the limit is on the identifier.
    assert_limited(app.password_login(&ada.email, &ada.password).await).await;
    // Other identifiers are not affected.
    assert_eq!(
        app.password_login("nobody.here@example.com", "a password")
            .await
            .status(),
        401
    );
    // A back-off, not a lock-out: after the window the owner gets in.
    app.advance(Duration::from_secs(15 * 60 + 1));
    assert_eq!(
        app.password_login(&ada.email, &ada.password).await.status(),
        200
    );
}

async fn logins_are_limited_per_ip(db: Db) {
    let app = TestApp::spawn(&db).await;
    for i in 0..60 {
        let response = app
            .password_login(&format!("someone{i}@example.com"), "a password")
            .await;
        assert_eq!(response.status(), 401, "attempt {i}");
    }
    assert_limited(
        app.password_login("someone.else@example.com", "a password")
            .await,
    )
    .await;

    for i in 0..60 {
        let response = app
            .verify_otp(&format!("+120155572{:02}", i % 100), "123456")
            .await;
        assert_eq!(response.status(), 400, "attempt {i}");
    }
    assert_limited(app.verify_otp("+12015557299", "123456").await).await;
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

mod expiry {
    use super::*;

    db_tests!(
        sessions_die_after_7_idle_days_and_30_days_in_all,
        the_sweep_removes_what_expired
    );

    async fn the_sweep_removes_what_expired(db: Db) {
        let app = TestApp::spawn(&db).await;
        let ada = Person::new();
        app.verified(&ada).await;
        let token = app.token_for(&ada).await;
        app.request_otp(&ada.phone).await;
        app.sms.wait_for(&ada.phone, 1).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            app.auth.sweep().await.unwrap(),
            1,
            "only the used email code is spent yet"
        );
        assert_eq!(
            app.get_with_token("/api/v1/session", &token).await.status(),
            200
        );
        assert_eq!(app.store.outbox_status(&ada.phone).await.unwrap().len(), 1);

        app.advance(Duration::from_secs(31 * 86_400));
        let swept = app.auth.sweep().await.unwrap();
        // The session, the expired SMS code, two delivered messages, the rate-limit windows.
        assert!(swept >= 5, "swept {swept}");
        assert!(
            app.store
                .outbox_status(&ada.email)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            app.store
                .outbox_status(&ada.phone)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            app.get_with_token("/api/v1/session", &token).await.status(),
            401
        );
        assert_eq!(app.auth.sweep().await.unwrap(), 0, "idempotent");
        // The account itself stays.
        assert!(
            app.store
                .find_user_by_email(&ada.email)
                .await
                .unwrap()
                .is_some()
        );
    }

    async fn sessions_die_after_7_idle_days_and_30_days_in_all(db: Db) {
        let app = TestApp::spawn(&db).await;
        let ada = Person::new();
        app.verified(&ada).await;

        let idle = app.token_for(&ada).await;
        let active = app.token_for(&ada).await;
        // Used every 6 days, a session lives on; left alone for more than 7, it dies.
        for _ in 0..4 {
            app.advance(Duration::from_secs(6 * 86_400));
            assert_eq!(
                app.get_with_token("/api/v1/session", &active)
                    .await
                    .status(),
                200
            );
        }
        assert_eq!(
            app.get_with_token("/api/v1/session", &idle).await.status(),
            401
        );
        // 24 days in; however active, it ends at 30 days.
        app.advance(Duration::from_secs(5 * 86_400));
        assert_eq!(
            app.get_with_token("/api/v1/session", &active)
                .await
                .status(),
            200
        );
        app.advance(Duration::from_secs(86_400 + 60));
        assert_eq!(
            app.get_with_token("/api/v1/session", &active)
                .await
                .status(),
            401
        );
    }
}
