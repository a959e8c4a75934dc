//! Rate limits on logging in, on SQLite and PostgreSQL: SMS login codes per client IP, per
//! number and the cooldown between them; failed passwords per identifier; login attempts per
//! client IP.

use std::time::Duration;

use serde_json::Value;

use crate::support::{Db, Person, TestApp};

db_tests!(
    otp_requests_are_limited_per_ip,
    sms_per_number_and_cooldown_are_limited,
    failed_passwords_are_limited_per_identifier,
    logins_are_limited_per_ip,
);

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
    app.outbox_drained().await;
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
