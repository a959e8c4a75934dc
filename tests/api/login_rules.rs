//! The rules at the end of every login (`Auth::conclude`), walked on SQLite and PostgreSQL
//! through each way in that the JSON door offers: a password, an SMS code, and a second factor
//! after either. In order: a disabled account is refused as a wrong secret of that kind; an
//! unverified email stops the login and sends a fresh code; an account with an authenticator is
//! asked for it; a login is audited once and its session row says how it was made (`amr`,
//! `authenticated_at`, `second_factor_at`). Passkeys go through the same function; their
//! ceremony needs a browser and is walked in `end2end/`.

use latch::auth::limits::RESEND_COOLDOWN;
use latch::auth::sessions::token_hash;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::second_factor::{enrol, totp_code};
use crate::support::{Db, Person, TestApp, error_code};

db_tests!(
    an_unverified_email_stops_every_first_factor_and_sends_a_code,
    an_authenticator_is_asked_for_after_every_first_factor,
    a_login_says_on_its_session_row_how_it_was_made,
    a_disabled_account_is_refused_as_a_wrong_secret_at_every_step,
);

async fn user_id(app: &TestApp, person: &Person) -> Uuid {
    app.store
        .find_user_by_email(&person.email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn logins_recorded(app: &TestApp, person: &Person) -> usize {
    let kinds = app
        .store
        .audit_kinds(user_id(app, person).await)
        .await
        .unwrap();
    kinds.iter().filter(|k| *k == "login_succeeded").count()
}

/// An SMS-code login of `person`, up to the answer.
async fn code_login(app: &TestApp, person: &Person) -> reqwest::Response {
    let before = app.sms.to(&person.phone).len();
    assert_eq!(app.request_otp(&person.phone).await.status(), 202);
    let sms = app.sms.wait_for(&person.phone, before + 1).await;
    let code = sms.last().unwrap().code().expect("a code in the SMS");
    app.verify_otp(&person.phone, &code).await
}

/// The session row behind `token`: its `amr`, whether it has an `authenticated_at`, and its
/// `second_factor_at`.
async fn session_row(app: &TestApp, token: &str) -> (Vec<String>, bool, bool) {
    let (session, _) = app
        .auth
        .load_session(&token_hash(token))
        .await
        .unwrap()
        .expect("a live session");
    (
        session.amr,
        session.authenticated_at.is_some(),
        session.second_factor_at.is_some(),
    )
}

pub(crate) async fn disable(app: &TestApp, person: &Person) {
    let admin = Person::new();
    app.verified(&admin).await;
    crate::admin::grant_admin(app, &admin.email).await;
    let admin_token = app.token_for(&admin).await;
    let path = format!("/api/v1/admin/users/{}/disable", user_id(app, person).await);
    let response = app
        .client
        .request(Method::POST, app.url(&path))
        .bearer_auth(&admin_token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn an_unverified_email_stops_every_first_factor_and_sends_a_code(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    assert_eq!(app.register(&ada).await.status(), 201);
    app.mailbox.wait_for(&ada.email, 1).await;

    // Past the resend cooldown, so each refusal sends a code of its own.
    app.advance(RESEND_COOLDOWN);
    let (status, body) = error_code(app.password_login(&ada.email, &ada.password).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("email_not_verified"))
    );
    app.mailbox.wait_for(&ada.email, 2).await;

    app.advance(RESEND_COOLDOWN);
    let (status, body) = error_code(code_login(&app, &ada).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("email_not_verified"))
    );
    app.mailbox.wait_for(&ada.email, 3).await;

    let user = app
        .store
        .find_user_by_email(&ada.email)
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.phone_verified_at.is_none(),
        "a login that did not conclude proves nothing about the phone"
    );
    assert_eq!(logins_recorded(&app, &ada).await, 0);
}

async fn an_authenticator_is_asked_for_after_every_first_factor(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let (secret, _) = enrol(&app, &token).await;

    for (first, expected_amr) in [
        ("password", vec!["pwd", "otp", "mfa"]),
        ("sms", vec!["otp", "mfa"]),
    ] {
        // Each login uses a fresh step: a TOTP code is accepted once.
        app.advance(std::time::Duration::from_secs(30));
        let before = logins_recorded(&app, &ada).await;
        let response = match first {
            "password" => app.password_login(&ada.email, &ada.password).await,
            _ => code_login(&app, &ada).await,
        };
        assert_eq!(response.status(), 200, "{first}");
        assert!(
            response.headers().get("set-cookie").is_none(),
            "{first}: no session before the second step"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["second_factor_required"], true, "{first}: {body}");
        assert_eq!(
            logins_recorded(&app, &ada).await,
            before,
            "{first}: not a login yet"
        );

        let response = app
            .post_json(
                "/api/v1/login/second-factor",
                &json!({
                    "challenge": body["challenge"],
                    "method": "totp",
                    "code": totp_code(&app, &secret, 0),
                }),
            )
            .await;
        assert_eq!(response.status(), 200, "{first}");
        let body: Value = response.json().await.unwrap();
        let token = body["session_token"].as_str().unwrap();
        let (amr, authenticated, second_factor) = session_row(&app, token).await;
        assert_eq!(amr, expected_amr, "{first}");
        assert!(authenticated && second_factor, "{first}");
        assert_eq!(logins_recorded(&app, &ada).await, before + 1, "{first}");
    }
}

async fn a_login_says_on_its_session_row_how_it_was_made(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;

    let token = app.token_for(&ada).await;
    assert_eq!(
        session_row(&app, &token).await,
        (vec!["pwd".into()], true, false)
    );

    let response = code_login(&app, &ada).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let token = body["session_token"].as_str().unwrap();
    assert_eq!(
        session_row(&app, token).await,
        (vec!["otp".into()], true, false)
    );
    assert_eq!(logins_recorded(&app, &ada).await, 2);
}

async fn a_disabled_account_is_refused_as_a_wrong_secret_at_every_step(db: Db) {
    let app = TestApp::spawn(&db).await;
    let ada = Person::new();
    app.verified(&ada).await;
    let token = app.token_for(&ada).await;
    let (secret, _) = enrol(&app, &token).await;
    app.advance(std::time::Duration::from_secs(30));

    // A login that got as far as its second step, and an SMS code already sent.
    let response = app.password_login(&ada.email, &ada.password).await;
    let body: Value = response.json().await.unwrap();
    let challenge = body["challenge"].as_str().unwrap().to_owned();
    assert_eq!(app.request_otp(&ada.phone).await.status(), 202);
    let sms_code = app.sms.wait_for(&ada.phone, 1).await[0].code().unwrap();
    let logins = logins_recorded(&app, &ada).await;

    disable(&app, &ada).await;

    let (status, body) = error_code(
        app.post_json(
            "/api/v1/login/second-factor",
            &json!({"challenge": challenge, "method": "totp", "code": totp_code(&app, &secret, 0)}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_challenge"))
    );
    let (status, body) = error_code(app.verify_otp(&ada.phone, &sms_code).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    let (status, body) = error_code(app.password_login(&ada.email, &ada.password).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    assert_eq!(logins_recorded(&app, &ada).await, logins);
}
